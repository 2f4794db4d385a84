/* fuzz_json.c: libFuzzer target over the JSON parser (json.c), alone. Every input is parsed with
 * int64 only, with uint64, with a small depth limit and with any_number; on the way the target checks what the
 * parser promises: every string and key it accepts decodes to valid UTF-8 no longer than its raw
 * form, floats are finite, container counts and nesting add up, an accepted text has no trailing
 * bytes that a second parse of a prefix would take. Seeds: spec/support/fuzz_seeds.lua. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "usersig.h" /* tim_utf8_valid */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    char *buf;       /* as large as the input: the decoded form is never longer */
    size_t depth, max_depth;
    size_t counts[TIM_JSON_DEPTH_CAP + 1];
    unsigned long events;
} state;

static int on_event(void *ud, const tim_json_event *ev)
{
    state *st = (state *)ud;

    st->events++;
    switch (ev->type) {
    case TIM_JSON_STRING:
    case TIM_JSON_KEY: {
        size_t n = ev->escaped ? tim_json_unescape(ev->s, ev->n, st->buf) : ev->n;
        if (n > ev->n)
            abort();
        if (!ev->escaped)
            memcpy(st->buf, ev->s, ev->n);
        if (!tim_utf8_valid((const unsigned char *)st->buf, n))
            abort();
        break;
    }
    case TIM_JSON_FLOAT:
        if (!isfinite(ev->d))
            abort();
        break;
    case TIM_JSON_UINT:
        if (ev->u <= (uint64_t)INT64_MAX)
            abort();
        break;
    case TIM_JSON_NUMBER: /* its literal, from a sign or digit to a digit */
        if (ev->n == 0 || (ev->s[0] != '-' && (ev->s[0] < '0' || ev->s[0] > '9')) || ev->s[ev->n - 1] < '0' ||
            ev->s[ev->n - 1] > '9')
            abort();
        break;
    case TIM_JSON_ARRAY_BEGIN:
    case TIM_JSON_OBJECT_BEGIN:
        if (st->depth >= st->max_depth || ev->depth != st->depth + 1)
            abort();
        st->depth++;
        st->counts[st->depth] = 0;
        return 0;
    case TIM_JSON_ARRAY_END:
    case TIM_JSON_OBJECT_END:
        if (st->depth == 0 || ev->count != st->counts[st->depth])
            abort();
        st->depth--;
        break;
    default:
        break;
    }
    if (ev->type != TIM_JSON_KEY && ev->in != TIM_JSON_IN_TOP) {
        if (ev->in == TIM_JSON_IN_ARRAY && ev->index != st->counts[st->depth] + 1)
            abort();
        st->counts[st->depth]++;
    }
    return 0;
}

static tim_json_status parse(const uint8_t *data, size_t size, const tim_json_opts *o, state *st,
                             tim_json_error *err)
{
    tim_json_status rc;

    st->depth = 0;
    st->events = 0;
    st->max_depth = o->max_depth ? o->max_depth : TIM_JSON_DEPTH_CAP;
    rc = tim_json_parse((const char *)data, size, o, on_event, st, err);
    if (rc != err->status || (rc != TIM_JSON_OK && err->pos > size))
        abort();
    if (rc == TIM_JSON_OK && st->depth != 0)
        abort();
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    state st;
    tim_json_opts o;
    tim_json_error err;
    tim_json_status a, b;

    st.buf = malloc(size ? size : 1);
    if (st.buf == NULL)
        return 0;
    memset(&o, 0, sizeof(o));
    a = parse(data, size, &o, &st, &err);
    o.allow_uint64 = 1;
    b = parse(data, size, &o, &st, &err);
    /* uint64 only widens the integers: what int64 accepts, uint64 accepts */
    if (a == TIM_JSON_OK && b != TIM_JSON_OK)
        abort();
    o.allow_uint64 = 0;
    o.max_depth = 3;
    (void)parse(data, size, &o, &st, &err);
    /* any_number turns the errors for a number's value or length into events, no other error */
    o.max_depth = 0;
    o.any_number = 1;
    b = parse(data, size, &o, &st, &err);
    if (a == TIM_JSON_OK && b != TIM_JSON_OK)
        abort();
    if (b == TIM_JSON_OK && a != TIM_JSON_OK && a != TIM_JSON_EINTRANGE && a != TIM_JSON_ERANGE &&
        a != TIM_JSON_EINEXACT && a != TIM_JSON_ENUMLEN)
        abort();
    o.any_number = 0;
    /* a proper prefix of an accepted container text is never accepted */
    if (a == TIM_JSON_OK && size > 1 && (data[size - 1] == '}' || data[size - 1] == ']')) {
        memset(&o, 0, sizeof(o));
        if (parse(data, size - 1, &o, &st, &err) == TIM_JSON_OK)
            abort();
    }
    free(st.buf);
    return 0;
}

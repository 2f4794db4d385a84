/* fuzz_json.c: libFuzzer target over the JSON parser (json.c) and writer (json_enc.c), alone. Every
 * input is parsed with int64 only, with uint64 and a small depth limit, and with any_number; the target
 * checks what the parser promises: every string and key it accepts decodes to valid UTF-8 no longer
 * than its raw form, floats are finite, container counts and nesting add up, an accepted text has no
 * trailing bytes that a second parse of a prefix would take.
 * Then the round trip: an accepted text (nesting up to the writer's 100) is written again from its
 * events (its canonical form: no whitespace, tim.json's escapes and numbers), and that text must parse
 * and write again to the very same bytes. And the writer alone: the input as a string must read back
 * as itself when it is UTF-8 (and be refused as invalid UTF-8 when it is not); its first 8 bytes as a
 * double must read back as that double. Seeds: spec/support/fuzz_seeds.lua. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "json_enc.h"
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

/* ------------------------------------------------------------------------------------------ */
/* The round trip: events into the writer */

typedef struct {
    tim_jw *w;
    char *buf;   /* for unescaped strings: as large as the text */
    int negzero; /* a float written as an integer's text: -0.0 ("-0", read back as 0) or -2^63
                  * ("-9223372036854775808.0", the integral value int64 holds: INT64_MIN) */
} rewrite;

static int on_rewrite(void *ud, const tim_json_event *ev)
{
    rewrite *rw = (rewrite *)ud;
    tim_jw *w = rw->w;
    const char *s = ev->s;
    size_t n = ev->n;
    char num[24];

    if ((ev->type == TIM_JSON_STRING || ev->type == TIM_JSON_KEY) && ev->escaped) {
        n = tim_json_unescape(ev->s, ev->n, rw->buf);
        s = rw->buf;
    }
    switch (ev->type) {
    case TIM_JSON_NULL: tim_jw_null(w); break;
    case TIM_JSON_FALSE: tim_jw_bool(w, 0); break;
    case TIM_JSON_TRUE: tim_jw_bool(w, 1); break;
    case TIM_JSON_INT: tim_jw_int(w, ev->i); break;
    case TIM_JSON_UINT:
        tim_jw_raw(w, num, (size_t)snprintf(num, sizeof(num), "%llu", (unsigned long long)ev->u));
        break;
    case TIM_JSON_FLOAT:
        rw->negzero |= (ev->d == 0 && signbit(ev->d)) || ev->d == -9223372036854775808.0;
        tim_jw_double(w, ev->d);
        break;
    case TIM_JSON_STRING: tim_jw_string(w, s, n); break;
    case TIM_JSON_KEY: tim_jw_key(w, s, n); break;
    case TIM_JSON_ARRAY_BEGIN: tim_jw_begin_array(w); break;
    case TIM_JSON_ARRAY_END: tim_jw_end_array(w); break;
    case TIM_JSON_OBJECT_BEGIN: tim_jw_begin_object(w); break;
    case TIM_JSON_OBJECT_END: tim_jw_end_object(w); break;
    }
    return w->status != TIM_JW_OK; /* the writer never fails here: memory aside */
}

/* text -> its canonical form in w; 0 when the text is not accepted (100 levels; integers in int64, or
 * with uint64 the uint64 ones too, as LuaJIT reads them) */
static int canonical(const char *text, size_t n, int uint64, tim_jw *w, int *negzero)
{
    tim_json_opts o;
    rewrite rw;
    int ok;

    memset(&o, 0, sizeof(o));
    o.allow_uint64 = uint64;
    o.max_depth = TIM_JW_MAX_DEPTH;
    rw.w = w;
    rw.negzero = 0;
    rw.buf = malloc(n ? n : 1);
    if (rw.buf == NULL)
        return 0;
    tim_jw_reset(w);
    ok = tim_json_parse(text, n, &o, on_rewrite, &rw, NULL) == TIM_JSON_OK;
    free(rw.buf);
    if (ok && !tim_jw_done(w))
        abort();
    *negzero = rw.negzero;
    return ok;
}

static int same_text(const tim_jw *a, const tim_jw *b)
{
    return a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0;
}

/* The canonical text is accepted, and is its own canonical form; one step later when a float -0.0 or
 * -2^63 was written (both read back as integers), or, with uint64, when an integral float in uint64's
 * range became its digits (which read back as that integer). */
static void round_trip(const uint8_t *data, size_t size, int uint64)
{
    tim_jw a, b;
    int nz, nz2;

    tim_jw_init(&a);
    tim_jw_init(&b);
    if (canonical((const char *)data, size, uint64, &a, &nz)) {
        if (!canonical(a.buf, a.len, uint64, &b, &nz2) || nz2)
            abort();
        if (!same_text(&a, &b)) {
            if (!nz && !uint64)
                abort();
            if (!canonical(b.buf, b.len, uint64, &a, &nz2) || !same_text(&a, &b))
                abort();
        }
    }
    tim_jw_free(&a);
    tim_jw_free(&b);
}

typedef struct {
    const uint8_t *want;
    size_t n;
    int events;
    int same;
} string_back;

static int on_string(void *ud, const tim_json_event *ev)
{
    string_back *sb = (string_back *)ud;
    char *buf;
    size_t n;

    sb->events++;
    if (ev->type != TIM_JSON_STRING)
        return 1;
    buf = malloc(ev->n ? ev->n : 1);
    if (buf == NULL)
        return 1;
    n = ev->escaped ? tim_json_unescape(ev->s, ev->n, buf) : ev->n;
    if (!ev->escaped)
        memcpy(buf, ev->s, ev->n);
    sb->same = n == sb->n && memcmp(buf, sb->want, n) == 0;
    free(buf);
    return 0;
}

/* the writer alone: any bytes as a string, the first 8 as a double */
static void writer_alone(const uint8_t *data, size_t size)
{
    tim_jw w;
    tim_json_error err;
    string_back sb;

    tim_jw_init(&w);
    if (tim_jw_string(&w, (const char *)data, size) == TIM_JW_OK) {
        tim_json_status st;
        memset(&sb, 0, sizeof(sb));
        sb.want = data;
        sb.n = size;
        st = tim_json_parse(w.buf, w.len, NULL, on_string, &sb, &err);
        if (tim_utf8_valid(data, size) ? st != TIM_JSON_OK || !sb.same || sb.events != 1
                                       : st != TIM_JSON_EUTF8)
            abort();
    }
    if (size >= 8) {
        double d;
        char num[TIM_JW_NUMBER_MAX + 1];
        size_t n;
        memcpy(&d, data, sizeof(d));
        n = tim_jw_format_double(d, num);
        if ((n == 0) != (isnan(d) || isinf(d)) || n >= sizeof(num))
            abort();
        if (n > 0) {
            num[n] = '\0';
            if (strtod(num, NULL) != d)
                abort();
            tim_jw_reset(&w);
            if (tim_jw_double(&w, d) != TIM_JW_OK || w.len != n || memcmp(w.buf, num, n) != 0)
                abort();
        }
    }
    tim_jw_free(&w);
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
    round_trip(data, size, 0);
    round_trip(data, size, 1);
    writer_alone(data, size);
    return 0;
}

/* test_json.c: unit test of the pure C JSON parser (json.c) and writer (json_enc.c), linked into
 * test_core (one TAP stream). Each parser case renders the parser's events as a short text and
 * compares it, or compares the error's status and position; each writer case compares the text
 * written, and numbers are read back by the parser. */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "json_enc.h"
#include "test_json.h"

typedef struct {
    char out[4096];
    size_t len;
    int bad_index;  /* an event's in/index/depth did not match what the renderer tracked */
    size_t depth;
    int in[TIM_JSON_DEPTH_CAP + 1];
    size_t next[TIM_JSON_DEPTH_CAP + 1];
    int stop_at;    /* stop (return 1) at this event number, 0: never */
    int events;
} render;

static void put(render *r, const char *s, size_t n)
{
    if (r->len + n + 1 < sizeof(r->out)) {
        memcpy(r->out + r->len, s, n);
        r->len += n;
        r->out[r->len] = '\0';
    }
}

static void putf(render *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#include <stdarg.h>
static void putf(render *r, const char *fmt, ...)
{
    char tmp[512];
    int n;
    va_list ap;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n > 0)
        put(r, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static int on_event(void *ud, const tim_json_event *ev)
{
    render *r = (render *)ud;
    char buf[1024];
    int is_end = ev->type == TIM_JSON_ARRAY_END || ev->type == TIM_JSON_OBJECT_END;

    r->events++;
    if (r->stop_at && r->events == r->stop_at)
        return 1;
    if (r->len > 0)
        put(r, " ", 1);
    /* where the event says it is must match the nesting seen so far */
    if (is_end) {
        if (r->depth == 0 || ev->depth != r->depth)
            r->bad_index = 1;
        else
            r->depth--;
    }
    if (ev->type != TIM_JSON_KEY) {
        if (ev->in != r->in[r->depth] || (ev->in == TIM_JSON_IN_ARRAY && ev->index != r->next[r->depth]))
            r->bad_index = 1;
        if (ev->in == TIM_JSON_IN_ARRAY && (is_end || (ev->type != TIM_JSON_ARRAY_BEGIN &&
                                                       ev->type != TIM_JSON_OBJECT_BEGIN)))
            r->next[r->depth]++;
    }
    switch (ev->type) {
    case TIM_JSON_NULL: put(r, "n", 1); break;
    case TIM_JSON_TRUE: put(r, "t", 1); break;
    case TIM_JSON_FALSE: put(r, "F", 1); break;
    case TIM_JSON_INT: putf(r, "i%lld", (long long)ev->i); break;
    case TIM_JSON_UINT: putf(r, "u%llu", (unsigned long long)ev->u); break;
    case TIM_JSON_FLOAT: putf(r, "f%.17g", ev->d); break;
    case TIM_JSON_NUMBER: put(r, "N", 1); put(r, ev->s, ev->n); break;
    case TIM_JSON_STRING:
    case TIM_JSON_KEY:
        if (ev->n < sizeof(buf)) {
            size_t n = ev->escaped ? tim_json_unescape(ev->s, ev->n, buf) : ev->n;
            if (!ev->escaped)
                memcpy(buf, ev->s, ev->n);
            put(r, ev->type == TIM_JSON_KEY ? "k" : "s", 1);
            put(r, buf, n);
        }
        break;
    case TIM_JSON_ARRAY_BEGIN:
    case TIM_JSON_OBJECT_BEGIN:
        put(r, ev->type == TIM_JSON_ARRAY_BEGIN ? "[" : "{", 1);
        if (ev->depth != r->depth + 1)
            r->bad_index = 1;
        r->depth++;
        r->in[r->depth] = ev->type == TIM_JSON_ARRAY_BEGIN ? TIM_JSON_IN_ARRAY : TIM_JSON_IN_OBJECT;
        r->next[r->depth] = 1;
        break;
    case TIM_JSON_ARRAY_END: putf(r, "]%lu", (unsigned long)ev->count); break;
    case TIM_JSON_OBJECT_END: putf(r, "}%lu", (unsigned long)ev->count); break;
    }
    return 0;
}

static tim_json_status run(const char *text, size_t len, const tim_json_opts *o, render *r, tim_json_error *err)
{
    memset(r, 0, sizeof(*r));
    return tim_json_parse(text, len, o, on_event, r, err);
}

/* accepted, with exactly these events */
static int accepts(const char *text, size_t len, const char *want, int allow_uint64)
{
    render r;
    tim_json_opts o;
    tim_json_error err;

    memset(&o, 0, sizeof(o));
    o.allow_uint64 = allow_uint64;
    if (run(text, len, &o, &r, &err) != TIM_JSON_OK) {
        printf("# %s: refused: %s at %lu\n", text, tim_json_strerror(err.status), (unsigned long)err.pos);
        return 0;
    }
    if (strcmp(r.out, want) != 0 || r.bad_index) {
        printf("# %s: got '%s'%s, want '%s'\n", text, r.out, r.bad_index ? " (bad in/index/depth)" : "", want);
        return 0;
    }
    return 1;
}

/* refused with this status at this 0-based position */
static int refuses(const char *text, size_t len, tim_json_status want, size_t pos, int allow_uint64)
{
    render r;
    tim_json_opts o;
    tim_json_error err;
    tim_json_status st;

    memset(&o, 0, sizeof(o));
    o.allow_uint64 = allow_uint64;
    st = run(text, len, &o, &r, &err);
    if (st != want || err.status != want || err.pos != pos) {
        printf("# %s: got %s at %lu, want %s at %lu\n", text, tim_json_strerror(st), (unsigned long)err.pos,
               tim_json_strerror(want), (unsigned long)pos);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* The writer (json_enc.c) */

/* the writer's text is exactly want (and a complete value when done is set) */
static int wrote(tim_jw *w, const char *want, int done)
{
    size_t n = strlen(want);

    if (w->status != TIM_JW_OK || w->len != n || memcmp(w->buf, want, n) != 0 || (done && !tim_jw_done(w))) {
        printf("# writer: got '%.*s' (%s), want '%s'\n", (int)w->len, w->buf ? w->buf : "",
               tim_jw_strerror(w->status), want);
        return 0;
    }
    return 1;
}

/* tim_jw_double(d) writes want, and the parser reads that text back as d (exactly, and as an integer
 * when it is one below 2^63) */
static int number_is(double d, const char *want)
{
    tim_jw w;
    render r;
    tim_json_error err;
    int ok;

    tim_jw_init(&w);
    ok = tim_jw_double(&w, d) == TIM_JW_OK && wrote(&w, want, 1);
    if (ok) {
        char back[64];
        ok = run(w.buf, w.len, NULL, &r, &err) == TIM_JSON_OK;
        if (fabs(d) < 9223372036854775808.0 && d == floor(d))
            snprintf(back, sizeof(back), "i%.0f", d == 0 ? 0.0 : d);
        else
            snprintf(back, sizeof(back), "f%.17g", d);
        if (!ok || strcmp(r.out, back) != 0) {
            printf("# writer: %s reads back as '%s', want '%s'\n", want, r.out, back);
            ok = 0;
        }
    }
    tim_jw_free(&w);
    return ok;
}

/* a double from 64 random bits (xorshift), finite */
static double random_double(uint64_t *state)
{
    double d;
    uint64_t x;

    do {
        x = *state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *state = x;
        memcpy(&d, &x, sizeof(d));
    } while (isnan(d) || isinf(d));
    return d;
}

static void test_writer(void (*check)(int, const char *))
{
    tim_jw w;
    int ok, k;

    tim_jw_init(&w);
    ok = tim_jw_begin_object(&w) == TIM_JW_OK && tim_jw_key(&w, "a", 1) == TIM_JW_OK && tim_jw_int(&w, 1) == TIM_JW_OK &&
         tim_jw_key(&w, "b", 1) == TIM_JW_OK && tim_jw_begin_array(&w) == TIM_JW_OK &&
         tim_jw_string(&w, "x", 1) == TIM_JW_OK && tim_jw_bool(&w, 1) == TIM_JW_OK && tim_jw_bool(&w, 0) == TIM_JW_OK &&
         tim_jw_null(&w) == TIM_JW_OK && tim_jw_begin_object(&w) == TIM_JW_OK && tim_jw_end_object(&w) == TIM_JW_OK &&
         tim_jw_begin_array(&w) == TIM_JW_OK && tim_jw_end_array(&w) == TIM_JW_OK && tim_jw_raw(&w, "[]", 2) == TIM_JW_OK &&
         tim_jw_end_array(&w) == TIM_JW_OK && tim_jw_key_int(&w, -7) == TIM_JW_OK && tim_jw_int(&w, 0) == TIM_JW_OK &&
         tim_jw_key_double(&w, 1.5) == TIM_JW_OK && tim_jw_double(&w, 2.0) == TIM_JW_OK &&
         tim_jw_end_object(&w) == TIM_JW_OK &&
         wrote(&w, "{\"a\":1,\"b\":[\"x\",true,false,null,{},[],[]],\"-7\":0,\"1.5\":2}", 1);
    tim_jw_reset(&w);
    ok &= !tim_jw_done(&w) && tim_jw_string(&w, "", 0) == TIM_JW_OK && wrote(&w, "\"\"", 1);
    tim_jw_reset(&w);
    ok &= tim_jw_begin_array(&w) == TIM_JW_OK && !tim_jw_done(&w);
    check(ok, "json writer: separators, nesting, empty containers, number keys, a value kept as given");

    tim_jw_reset(&w);
    {
        tim_jw_pos pos;
        ok = tim_jw_begin_object(&w) == TIM_JW_OK && tim_jw_key(&w, "a", 1) == TIM_JW_OK && tim_jw_int(&w, 1) == TIM_JW_OK &&
             tim_jw_key(&w, "b", 1) == TIM_JW_OK;
        tim_jw_mark(&w, &pos);
        ok &= tim_jw_begin_array(&w) == TIM_JW_OK && tim_jw_int(&w, 2) == TIM_JW_OK && tim_jw_begin_array(&w) == TIM_JW_OK;
        tim_jw_rewind(&w, &pos);
        ok &= tim_jw_begin_object(&w) == TIM_JW_OK && tim_jw_key_int(&w, 1) == TIM_JW_OK && tim_jw_int(&w, 2) == TIM_JW_OK &&
              tim_jw_end_object(&w) == TIM_JW_OK && tim_jw_end_object(&w) == TIM_JW_OK &&
              wrote(&w, "{\"a\":1,\"b\":{\"1\":2}}", 1);
        tim_jw_reset(&w);
        tim_jw_mark(&w, &pos);
        ok &= tim_jw_double(&w, NAN) == TIM_JW_ENONFINITE;
        tim_jw_rewind(&w, &pos);
        ok &= w.status == TIM_JW_ENONFINITE;    /* a failure is not undone */
    }
    check(ok, "json writer: mark and rewind forget what came after the mark, not a failure");

    tim_jw_reset(&w);
    {
        static const char all[] = "a\"b\\c/\x7f\xc3\xa9\xff\xc0";
        char ctl[32];
        for (k = 0; k < 32; k++)
            ctl[k] = (char)k;
        ok = tim_jw_string(&w, all, sizeof(all) - 1) == TIM_JW_OK &&
             wrote(&w, "\"a\\\"b\\\\c/\\u007f\xc3\xa9\xff\xc0\"", 1);
        tim_jw_reset(&w);
        ok &= tim_jw_string(&w, ctl, sizeof(ctl)) == TIM_JW_OK &&
              wrote(&w, "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                        "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
                        "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"", 1);
        tim_jw_reset(&w);
        ok &= tim_jw_begin_object(&w) == TIM_JW_OK && tim_jw_key(&w, "k\n\"", 3) == TIM_JW_OK &&
              tim_jw_string(&w, "v", 1) == TIM_JW_OK && tim_jw_end_object(&w) == TIM_JW_OK &&
              wrote(&w, "{\"k\\n\\\"\":\"v\"}", 1);
    }
    check(ok, "json writer: strings escape quote, backslash, C0 controls and DEL only (lua-cjson's table), "
              "bytes from 0x80 as given");

    tim_jw_reset(&w);
    ok = tim_jw_int(&w, INT64_MAX) == TIM_JW_OK && wrote(&w, "9223372036854775807", 1);
    tim_jw_reset(&w);
    ok &= tim_jw_int(&w, INT64_MIN) == TIM_JW_OK && wrote(&w, "-9223372036854775808", 1);
    tim_jw_reset(&w);
    ok &= tim_jw_begin_array(&w) == TIM_JW_OK && tim_jw_int(&w, 0) == TIM_JW_OK && tim_jw_int(&w, -1) == TIM_JW_OK &&
          tim_jw_int(&w, 4294967295) == TIM_JW_OK && tim_jw_end_array(&w) == TIM_JW_OK && wrote(&w, "[0,-1,4294967295]", 1);
    check(ok, "json writer: integers, every digit, int64's ends included");

    ok = number_is(0.0, "0") && number_is(-0.0, "-0") && number_is(3.0, "3") && number_is(-1e6, "-1000000") &&
         number_is(9007199254740992.0, "9007199254740992") && number_is(9007199254740994.0, "9007199254740994") &&
         number_is(9223372036854774784.0, "9223372036854774784") && number_is(0.1, "0.1") && number_is(2.5, "2.5") &&
         number_is(-1.25, "-1.25") && number_is(1.0 / 3, "0.33333333333333331") && number_is(1.5e-7, "1.5e-07") &&
         number_is(123456789.125, "123456789.125") && number_is(5e-324, "4.9406564584125e-324") &&
         number_is(2.2250738585072014e-308, "2.2250738585072014e-308");
    check(ok, "json writer: doubles, integral ones in full below 2^63, others by %.14g or else %.17g");

    /* from 2^63 on: every digit and ".0"; the parser reads them back as these doubles */
    {
        tim_jw big;
        render r;
        tim_json_error err;
        tim_jw_init(&big);
        ok = tim_jw_double(&big, 1e22) == TIM_JW_OK && wrote(&big, "10000000000000000000000.0", 1);
        tim_jw_reset(&big);
        ok &= tim_jw_double(&big, 9223372036854775808.0) == TIM_JW_OK && wrote(&big, "9223372036854775808.0", 1);
        tim_jw_reset(&big);
        ok &= tim_jw_double(&big, -9223372036854775808.0) == TIM_JW_OK && wrote(&big, "-9223372036854775808.0", 1);
        tim_jw_reset(&big);
        ok &= tim_jw_double(&big, -DBL_MAX) == TIM_JW_OK && big.len == 312 && memcmp(big.buf, "-17976931348623157", 18) == 0 &&
              memcmp(big.buf + 307, "368.0", 5) == 0 && run(big.buf, big.len, NULL, &r, &err) == TIM_JSON_OK &&
              strcmp(r.out, "f-1.7976931348623157e+308") == 0;
        tim_jw_free(&big);
        ok &= number_is(1e300, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371"
                               "375080447864043704443832883878176942523235360430575644792184786706982848387200926575803"
                               "737830233794788090059368953234970799945081119038967640880074652742780142494579258788820"
                               "056842838115669472196386865459400540160.0");
    }
    check(ok, "json writer: integral doubles from 2^63 on in full with \".0\" (DBL_MAX: 312 characters), read back as floats");

    {
        uint64_t state = 0x9e3779b97f4a7c15u;
        char num[TIM_JW_NUMBER_MAX];
        ok = 1;
        for (k = 0; k < 20000 && ok; k++) {
            double d = random_double(&state);
            size_t n = tim_jw_format_double(d, num);
            char *end;
            double back;
            num[n] = '\0';
            back = strtod(num, &end);
            if (n == 0 || *end != '\0' || back != d) {
                printf("# writer: %.17g written as '%s'\n", d, num);
                ok = 0;
            }
        }
    }
    check(ok, "json writer: 20,000 random doubles read back exactly");

    tim_jw_reset(&w);
    ok = tim_jw_double(&w, NAN) == TIM_JW_ENONFINITE && tim_jw_int(&w, 1) == TIM_JW_ENONFINITE &&
         w.status == TIM_JW_ENONFINITE && !tim_jw_done(&w);
    tim_jw_reset(&w);
    ok &= tim_jw_double(&w, HUGE_VAL) == TIM_JW_ENONFINITE;
    tim_jw_reset(&w);
    ok &= tim_jw_begin_object(&w) == TIM_JW_OK && tim_jw_key_double(&w, -HUGE_VAL) == TIM_JW_ENONFINITE;
    {
        char num[TIM_JW_NUMBER_MAX];
        ok &= tim_jw_format_double(NAN, num) == 0 && strcmp(tim_jw_strerror(TIM_JW_ENONFINITE),
                                                             "cannot encode NaN or infinity") == 0;
    }
    check(ok, "json writer: NaN and the infinities are refused, and the failure stays");

    tim_jw_reset(&w);
    ok = 1;
    for (k = 0; k < (int)TIM_JW_MAX_DEPTH; k++)
        ok &= tim_jw_begin_array(&w) == TIM_JW_OK;
    ok &= tim_jw_begin_object(&w) == TIM_JW_EDEPTH &&
          strcmp(tim_jw_strerror(w.status), "nesting deeper than 1100 (a cycle?)") == 0;
    tim_jw_reset(&w);
    w.max_depth = 2;
    ok &= tim_jw_begin_array(&w) == TIM_JW_OK && tim_jw_begin_array(&w) == TIM_JW_OK &&
          tim_jw_begin_array(&w) == TIM_JW_EDEPTH;
    w.max_depth = 0;
    tim_jw_reset(&w);
    ok &= tim_jw_end_array(&w) == TIM_JW_ESTATE;
    tim_jw_reset(&w);
    ok &= tim_jw_string(&w, "x", (size_t)-1) == TIM_JW_ENOMEM && tim_jw_null(&w) == TIM_JW_ENOMEM;
    tim_jw_reset(&w);
    ok &= tim_jw_key(&w, "x", (size_t)-2) == TIM_JW_ENOMEM && strcmp(tim_jw_strerror((tim_jw_status)99), "unknown error") == 0;
    check(ok, "json writer: 100 levels and no more (or max_depth), an end too many, sizes that cannot fit");

    /* a long string, mostly escapes, grows the buffer many times; reset keeps the buffer */
    {
        size_t n = 300000;
        char *s = malloc(n);
        ok = s != NULL;
        if (s != NULL) {
            size_t i, cap;
            for (i = 0; i < n; i++)
                s[i] = (char)(i % 3 == 0 ? '\n' : i % 3 == 1 ? '\x01' : 'z');
            tim_jw_reset(&w);
            ok = tim_jw_string(&w, s, n) == TIM_JW_OK && w.len == 2 + n / 3 * (2 + 6 + 1) && w.buf[0] == '"' &&
                 memcmp(w.buf + 1, "\\n\\u0001z", 9) == 0 && w.buf[w.len - 1] == '"';
            cap = w.cap;
            tim_jw_reset(&w);
            ok &= tim_jw_string(&w, s, 10) == TIM_JW_OK && w.cap == cap;
            free(s);
        }
    }
    tim_jw_free(&w);
    ok &= w.buf == NULL && w.cap == 0;
    tim_jw_free(&w);
    check(ok, "json writer: the buffer grows for a long escaped string and is kept by reset, freed by free");

    /* a locale whose decimal point is ',' changes nothing (when the system has one) */
    {
        static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "ru_RU.UTF-8"};
        const char *got = NULL;
        size_t i;
        for (i = 0; i < sizeof(names) / sizeof(names[0]) && got == NULL; i++)
            got = setlocale(LC_NUMERIC, names[i]);
        ok = number_is(0.5, "0.5") && number_is(1.0 / 3, "0.33333333333333331");
        setlocale(LC_NUMERIC, "C");
        check(ok, got ? "json writer: '.' under a locale with a decimal comma"
                      : "json writer: '.' (no locale with a decimal comma here to try)");
    }
}

/* opts.any_number: accepted with these events, or refused with this status at this position */
static int any_number(const char *text, size_t len, const char *want, tim_json_status want_st, size_t pos)
{
    render r;
    tim_json_opts o;
    tim_json_error err;
    tim_json_status st;

    memset(&o, 0, sizeof(o));
    o.any_number = 1;
    st = run(text, len, &o, &r, &err);
    if (st != want_st || (st == TIM_JSON_OK && strcmp(r.out, want) != 0) || (st != TIM_JSON_OK && err.pos != pos)) {
        printf("# %s: got %s at %lu '%s', want %s '%s'\n", text, tim_json_strerror(st), (unsigned long)err.pos, r.out,
               tim_json_strerror(want_st), want);
        return 0;
    }
    return 1;
}

/* the literal of every number event, each followed by '|' */
static int number_literals(void *ud, const tim_json_event *ev)
{
    render *r = (render *)ud;

    if (ev->type == TIM_JSON_INT || ev->type == TIM_JSON_UINT || ev->type == TIM_JSON_FLOAT ||
        ev->type == TIM_JSON_NUMBER) {
        put(r, ev->s, ev->n);
        put(r, "|", 1);
    }
    return 0;
}

#define ACC(t, w) accepts((t), sizeof(t) - 1, (w), 0)
#define ACCU(t, w) accepts((t), sizeof(t) - 1, (w), 1)
#define REF(t, st, pos) refuses((t), sizeof(t) - 1, (st), (pos), 0)
#define REFU(t, st, pos) refuses((t), sizeof(t) - 1, (st), (pos), 1)
#define ANY(t, w, st, pos) any_number((t), sizeof(t) - 1, (w), (st), (pos))

void test_json(void (*check)(int, const char *))
{
    int ok;

    ok = ACC("{\"a\":[1,\"x\",true,false,null],\"b\":{}}", "{ ka [ i1 sx t F n ]5 kb { }0 }2") &&
         ACC(" [ ] ", "[ ]0") && ACC("\t\r\n\"s\"\n", "ss") && ACC("[[[]],{}]", "[ [ [ ]0 ]1 { }0 ]2") &&
         ACC("{\"\":0}", "{ k i0 }1") && ACC("{\"a\":1,\"a\":2}", "{ ka i1 ka i2 }2");
    check(ok, "json: values, nesting, whitespace, empty keys and duplicate keys as events");

    ok = ACC("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "s\"\\/\b\f\n\r\t") &&
         ACC("\"\\u00e9\\u4E16\\ud83d\\ude00\"", "s\xc3\xa9\xe4\xb8\x96\xf0\x9f\x98\x80") &&
         ACC("\"\\u0000x\"", "s") /* NUL: the renderer's put() stops at it in %s, so check length below */ &&
         ACC("\"\xc3\xa9\xe4\xb8\x96\xf0\x9f\x98\x80\x7f\"", "s\xc3\xa9\xe4\xb8\x96\xf0\x9f\x98\x80\x7f");
    {
        char out[8];
        ok &= tim_json_unescape("\\u0000x", 7, out) == 2 && out[0] == '\0' && out[1] == 'x';
    }
    check(ok, "json: escapes, surrogate pairs, \\u0000, raw UTF-8 and DEL");

    ok = REF("\"a\x01\"", TIM_JSON_ECONTROL, 2) && REF("\"a\nb\"", TIM_JSON_ECONTROL, 2) &&
         refuses("\"a\0b\"", 5, TIM_JSON_ECONTROL, 2, 0) && REF("\"\\x\"", TIM_JSON_EESCAPE, 1) &&
         REF("\"\\u12\"", TIM_JSON_EUESCAPE, 1) && REF("\"\\u12", TIM_JSON_EUESCAPE, 1) &&
         REF("\"\\ud800\"", TIM_JSON_ESURROGATE, 1) && REF("\"\\udc00\"", TIM_JSON_ESURROGATE, 1) &&
         REF("\"\\ud800\\u0041\"", TIM_JSON_ESURROGATE, 1) && REF("\"abc", TIM_JSON_EUNTERMINATED, 0) &&
         REF("[\"a\\", TIM_JSON_EUNTERMINATED, 1);
    check(ok, "json: raw control characters (NUL too), bad escapes and unpaired surrogates are refused");

    ok = REF("\"\xff\"", TIM_JSON_EUTF8, 1) && REF("\"\xc0\xaf\"", TIM_JSON_EUTF8, 1) &&
         REF("\"\xe0\x80\xaf\"", TIM_JSON_EUTF8, 1) && REF("\"\xed\xa0\x80\"", TIM_JSON_EUTF8, 1) &&
         REF("\"\xf4\x90\x80\x80\"", TIM_JSON_EUTF8, 1) && REF("\"a\xe4\xb8\"", TIM_JSON_EUTF8, 2) &&
         REF("\"\x80\"", TIM_JSON_EUTF8, 1) && REF("\"\xf8\x88\x80\x80\x80\"", TIM_JSON_EUTF8, 1);
    check(ok, "json: invalid UTF-8 (overlong, surrogate, above U+10FFFF, truncated, stray) is refused");

    ok = ACC("[0,-0,2.0,1e3,1E+2,-0.0,0e5,100e-2,9007199254740993.0]",
             "[ i0 i0 i2 i1000 i100 i0 i0 i1 i9007199254740993 ]9") &&
         ACC("[9223372036854775807,-9223372036854775808]", "[ i9223372036854775807 i-9223372036854775808 ]2") &&
         ACC("[0.1,-2.5,1e-400,123.456e-7]", "[ f0.10000000000000001 f-2.5 f0 f1.2345599999999999e-05 ]4") &&
         ACC("[1e22,9.223372036854775808e18,1e19]",
             "[ f1e+22 f9.2233720368547758e+18 f1e+19 ]3") &&
         ACCU("[18446744073709551615,1e19,9223372036854775808]",
              "[ u18446744073709551615 u10000000000000000000 u9223372036854775808 ]3");
    check(ok, "json: integral values are integers when exact in 64 bits, others the nearest double");

    ok = REF("-9223372036854775809", TIM_JSON_EINTRANGE, 0) && REF("9223372036854775808", TIM_JSON_EINTRANGE, 0) &&
         REFU("18446744073709551616", TIM_JSON_EINTRANGE, 0) && ACC("[-1e19,18446744073709551616.0]", "[ f-1e+19 f1.8446744073709552e+19 ]2") &&
         REF("[1e23]", TIM_JSON_EINEXACT, 1) && REF("1.5e308", TIM_JSON_EINEXACT, 0) &&
         REF("1e400", TIM_JSON_ERANGE, 0) && REF("-1e309", TIM_JSON_ERANGE, 0) &&
         REF("1e99999999999999999999", TIM_JSON_ERANGE, 0) && REF("2e308", TIM_JSON_ERANGE, 0) &&
         REF("18446744073709551617.0", TIM_JSON_EINEXACT, 0) && ACC("9007199254740993e3", "i9007199254740993000") && REF("9007199254740993e5", TIM_JSON_EINEXACT, 0);
    check(ok, "json: out-of-range integers, inexact integral values and overflow are errors");

    ok = REF("1.", TIM_JSON_ENUMBER, 2) && REF("-.5", TIM_JSON_ENUMBER, 1) && REF(".5", TIM_JSON_ECHAR, 0) &&
         REF("01", TIM_JSON_ENUMBER, 1) && REF("-", TIM_JSON_ENUMBER, 1) && REF("1e", TIM_JSON_ENUMBER, 2) &&
         REF("1e+", TIM_JSON_ENUMBER, 3) && REF("+1", TIM_JSON_ECHAR, 0) && REF("0x10", TIM_JSON_ETRAILING, 1) &&
         REF("NaN", TIM_JSON_ECHAR, 0) && REF("-Infinity", TIM_JSON_ENUMBER, 1) && REF("1.5.3", TIM_JSON_ETRAILING, 3);
    check(ok, "json: the number grammar of RFC 8259, nothing more");
    {
        char lit[TIM_JSON_MAX_NUMBER_LEN + 2];
        memset(lit, '1', sizeof(lit));
        lit[0] = '0';
        lit[1] = '.';
        ok = refuses(lit, sizeof(lit), TIM_JSON_ENUMLEN, 0, 0) && accepts(lit, TIM_JSON_MAX_NUMBER_LEN, "f0.1111111111111111", 0);
        check(ok, "json: a number literal of more than 320 characters is refused, 320 are read");
    }

    {
        /* "[" + 321 digits + "]", and the events it gives: "[ N" + the digits + " ]1" */
        char lit[TIM_JSON_MAX_NUMBER_LEN + 3], want[TIM_JSON_MAX_NUMBER_LEN + 8];
        render r;
        memset(lit, '1', sizeof(lit));
        lit[0] = '[';
        lit[sizeof(lit) - 1] = ']';
        snprintf(want, sizeof(want), "[ N%.*s ]1", (int)(sizeof(lit) - 2), lit + 1);
        ok = ANY("[1e400,18446744073709551616,-9223372036854775809,1e23,2.0,-0,0.5]",
                 "[ N1e400 N18446744073709551616 N-9223372036854775809 N1e23 i2 i0 f0.5 ]7", TIM_JSON_OK, 0) &&
             ANY("{\"a\":1e400}", "{ ka N1e400 }1", TIM_JSON_OK, 0) &&
             any_number(lit, sizeof(lit), want, TIM_JSON_OK, 0) &&
             ANY("[1.]", "", TIM_JSON_ENUMBER, 3) && ANY("[01]", "", TIM_JSON_ENUMBER, 2) &&
             ANY("[-]", "", TIM_JSON_ENUMBER, 2) && ANY("[1e400 x]", "", TIM_JSON_EARRAY, 7);
        memset(&r, 0, sizeof(r));
        ok &= tim_json_parse("[0,-1.5e3,1e5,18446744073709551615]", 35, NULL, number_literals, &r, NULL) ==
                  TIM_JSON_EINTRANGE &&
              strcmp(r.out, "0|-1.5e3|1e5|") == 0;
        check(ok, "json: opts.any_number gives numbers out of range or too long as events; ev->s is the literal");
    }

    ok = REF("", TIM_JSON_EEND, 0) && REF("  ", TIM_JSON_EEND, 2) && REF("[", TIM_JSON_EEND, 1) &&
         REF("{\"a\":", TIM_JSON_EEND, 5) && REF("[1,]", TIM_JSON_ECHAR, 3) && REF("{\"a\":1,}", TIM_JSON_EKEY, 7) &&
         REF("{\"a\" 1}", TIM_JSON_ECOLON, 5) && REF("[1 2]", TIM_JSON_EARRAY, 3) &&
         REF("{\"a\":1 \"b\":2}", TIM_JSON_EOBJECT, 7) && REF("{'a':1}", TIM_JSON_EKEY, 1) &&
         REF("tru", TIM_JSON_ELITERAL, 0) && REF("nul", TIM_JSON_ELITERAL, 0) && REF("truex", TIM_JSON_ETRAILING, 4) &&
         REF("{\"a\":1} x", TIM_JSON_ETRAILING, 8) && refuses("{}\0", 3, TIM_JSON_ETRAILING, 2, 0) &&
         REF("\xef\xbb\xbf{}", TIM_JSON_ECHAR, 0) && REF("[1]\f", TIM_JSON_ETRAILING, 3);
    check(ok, "json: structure errors, trailing text (a NUL too) and a BOM are refused at the right byte");

    {
        static char deep[2 * TIM_JSON_DEPTH_CAP + 4];
        tim_json_opts o;
        render *r = malloc(sizeof(render));
        tim_json_error err;
        size_t k;
        for (k = 0; k < TIM_JSON_DEPTH_CAP; k++) {
            deep[k] = '[';
            deep[2 * TIM_JSON_DEPTH_CAP - 1 - k] = ']';
        }
        ok = r != NULL && run(deep, 2 * TIM_JSON_DEPTH_CAP, NULL, r, &err) == TIM_JSON_OK && !r->bad_index;
        deep[TIM_JSON_DEPTH_CAP] = '[';
        ok &= r != NULL && run(deep, TIM_JSON_DEPTH_CAP + 1, NULL, r, &err) == TIM_JSON_EDEPTH &&
              err.pos == TIM_JSON_DEPTH_CAP;
        memset(&o, 0, sizeof(o));
        o.max_depth = 2;
        ok &= r != NULL && run("[[1]]", 5, &o, r, &err) == TIM_JSON_OK && run("[[[1]]]", 7, &o, r, &err) == TIM_JSON_EDEPTH &&
              err.pos == 2;
        o.max_depth = 0;
        o.max_size = 4;
        ok &= r != NULL && run("[12]", 4, &o, r, &err) == TIM_JSON_OK && run("[123]", 5, &o, r, &err) == TIM_JSON_ESIZE &&
              err.pos == 0;
        check(ok, "json: nesting up to 1000 levels (or opts.max_depth), opts.max_size");

        ok = r != NULL;
        if (r != NULL) {
            memset(r, 0, sizeof(*r));
            r->stop_at = 3;
            ok = tim_json_parse("[1,2,3]", 7, NULL, on_event, r, &err) == TIM_JSON_ECALLBACK && err.pos == 3;
        }
        check(ok, "json: the callback can stop the parse (its event's position is reported)");
        free(r);
    }

    ok = strcmp(tim_json_strerror(TIM_JSON_EEND), "unexpected end of text") == 0 &&
         strcmp(tim_json_strerror((tim_json_status)999), "unknown error") == 0;
    check(ok, "json: status words");

    test_writer(check);
}

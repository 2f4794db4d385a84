/* test_json.c: unit test of the pure C JSON parser (json.c), linked into test_core (one TAP
 * stream). Each case renders the parser's events as a short text and compares it, or compares the
 * error's status and position. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
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
}

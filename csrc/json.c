/* json.c: the strict RFC 8259 parser of json.h. One loop over the text with an explicit stack of
 * open containers (no recursion); strings validated in place; numbers classified from their exact
 * decimal value (see json.h). */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[] = {
    "ok",
    "unexpected end of text",
    "unexpected character",
    "invalid literal",
    "unexpected character after the value",
    "expected ',' or ']'",
    "expected ',' or '}'",
    "expected a string key",
    "expected ':'",
    "invalid number",
    "number too long",
    "integer out of range",
    "number out of range",
    "integral number not exactly representable",
    "unterminated string",
    "control character in string",
    "invalid UTF-8 in string",
    "invalid escape",
    "invalid \\u escape",
    "unpaired surrogate in \\u escape",
    "nesting too deep",
    "text too large",
    "stopped by the caller",
};

const char *tim_json_strerror(tim_json_status status)
{
    if ((unsigned)status >= sizeof(words) / sizeof(words[0]))
        return "unknown error";
    return words[status];
}

/* ------------------------------------------------------------------------------------------ */
/* Strings */

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* 4 hex digits at s (n bytes available) -> 0..0xFFFF, or -1 */
static long hex4(const unsigned char *s, size_t n)
{
    long v = 0;
    size_t k;

    if (n < 4)
        return -1;
    for (k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Length of the valid UTF-8 sequence (2..4 bytes) at s, or 0 (RFC 3629, Unicode table 3-7). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0], lo = 0x80, hi = 0xbf;
    size_t len, k;

    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4;
    else
        return 0;
    if (c == 0xe0)
        lo = 0xa0; /* overlong */
    else if (c == 0xed)
        hi = 0x9f; /* UTF-16 surrogates */
    else if (c == 0xf0)
        lo = 0x90; /* overlong */
    else if (c == 0xf4)
        hi = 0x8f; /* above U+10FFFF */
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (k = 2; k < len; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* Scans the string whose opening quote is at s[*pi]; on success *pi is past the closing quote. */
static tim_json_status scan_string(const unsigned char *s, size_t n, size_t *pi, int *escaped, size_t *epos)
{
    size_t start = *pi, i = start + 1;

    *escaped = 0;
    for (;;) {
        unsigned c;
        while (i < n && (c = s[i]) != '"' && c != '\\' && c >= 0x20 && c < 0x80)
            i++;
        if (i >= n) {
            *epos = start;
            return TIM_JSON_EUNTERMINATED;
        }
        c = s[i];
        if (c == '"') {
            *pi = i + 1;
            return TIM_JSON_OK;
        }
        if (c < 0x20) {
            *epos = i;
            return TIM_JSON_ECONTROL;
        }
        if (c >= 0x80) {
            size_t len = utf8_seq(s + i, n - i);
            if (len == 0) {
                *epos = i;
                return TIM_JSON_EUTF8;
            }
            i += len;
            continue;
        }
        /* a backslash */
        *escaped = 1;
        if (i + 1 >= n) {
            *epos = start;
            return TIM_JSON_EUNTERMINATED;
        }
        switch (s[i + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i += 2;
            break;
        case 'u': {
            long cp = hex4(s + i + 2, n - i - 2);
            if (cp < 0) {
                *epos = i;
                return TIM_JSON_EUESCAPE;
            }
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                *epos = i;
                return TIM_JSON_ESURROGATE;
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                long lo = -1;
                if (n - i >= 12 && s[i + 6] == '\\' && s[i + 7] == 'u')
                    lo = hex4(s + i + 8, n - i - 8);
                if (lo < 0xdc00 || lo > 0xdfff) {
                    *epos = i;
                    return TIM_JSON_ESURROGATE;
                }
                i += 12;
            } else {
                i += 6;
            }
            break;
        }
        default:
            *epos = i;
            return TIM_JSON_EESCAPE;
        }
    }
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

size_t tim_json_unescape(const char *raw, size_t n, char *out)
{
    const unsigned char *s = (const unsigned char *)raw;
    size_t i = 0, o = 0;

    while (i < n) {
        const unsigned char *bs = memchr(s + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
        memmove(out + o, s + i, run);
        o += run;
        i += run;
        if (i + 1 >= n)
            break; /* end (a validated string never ends in a lone backslash) */
        switch (s[i + 1]) {
        case 'b': out[o++] = '\b'; i += 2; break;
        case 'f': out[o++] = '\f'; i += 2; break;
        case 'n': out[o++] = '\n'; i += 2; break;
        case 'r': out[o++] = '\r'; i += 2; break;
        case 't': out[o++] = '\t'; i += 2; break;
        case 'u': {
            long cp = hex4(s + i + 2, n - i - 2);
            i += 6;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                long lo = hex4(s + i + 2, n - i - 2);
                i += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            o += put_utf8(out + o, (unsigned long)cp);
            break;
        }
        default: /* " \ / */
            out[o++] = (char)s[i + 1];
            i += 2;
            break;
        }
    }
    return o;
}

/* ------------------------------------------------------------------------------------------ */
/* Numbers */

/* Whether dig[0..nd) * 10^e (dig without leading or trailing zeros, e >= 0, nd + e <= 309) equals
 * the finite double d exactly. A small bignum: 10^309 < 2^1027 fits 33 limbs of 32 bits. */
#define BIG_LIMBS 36

static void big_muladd(uint32_t *b, unsigned mul, unsigned add)
{
    uint64_t carry = add;
    int k;

    for (k = 0; k < BIG_LIMBS; k++) {
        uint64_t t = (uint64_t)b[k] * mul + carry;
        b[k] = (uint32_t)t;
        carry = t >> 32;
    }
}

static int exact_double(const char *dig, size_t nd, long e, double d)
{
    uint32_t v[BIG_LIMBS], w[BIG_LIMBS];
    uint64_t m;
    int ex, k;
    size_t j;
    long sh, q, r;

    memset(v, 0, sizeof(v));
    for (j = 0; j < nd; j++)
        big_muladd(v, 10, (unsigned)(dig[j] - '0'));
    for (; e > 0; e--)
        big_muladd(v, 10, 0);

    /* d = m * 2^sh with m < 2^53: d >= 2^63 here, so sh > 0 */
    m = (uint64_t)ldexp(frexp(d, &ex), 53);
    sh = (long)ex - 53;
    if (sh < 0 || sh / 32 + 2 >= BIG_LIMBS)
        return 0;
    memset(w, 0, sizeof(w));
    q = sh / 32;
    r = sh % 32;
    w[q] = (uint32_t)(m << r);            /* the low 64 bits of m << r are exact in uint64_t */
    w[q + 1] = (uint32_t)((m << r) >> 32);
    w[q + 2] = r ? (uint32_t)(m >> (64 - r)) : 0;
    for (k = 0; k < BIG_LIMBS; k++)
        if (v[k] != w[k])
            return 0;
    return 1;
}

/* Parses the number at s[*pi] into ev (INT, UINT or FLOAT). */
static tim_json_status scan_number(const unsigned char *s, size_t n, size_t *pi, const tim_json_opts *o,
                                   tim_json_event *ev, size_t *epos)
{
    size_t start = *pi, i = start, nd = 0, frac = 0, k;
    int neg = 0, plain = 1, zero_lead;
    long exp = 0, e;
    char dig[TIM_JSON_MAX_NUMBER_LEN + 24]; /* significant digits, then "e<exp>" for strtod */

    if (s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i >= n || s[i] < '0' || s[i] > '9') {
        *epos = i;
        return TIM_JSON_ENUMBER;
    }
    zero_lead = s[i] == '0';
    {
        /* the common case, a plain integer of at most 18 digits: exact in int64 as it is read */
        uint64_t v = 0;
        size_t first = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (uint64_t)(s[i] - '0'); /* wraps past 19 digits: then unused */
            i++;
        }
        if (zero_lead && i - first > 1) {
            *epos = first + 1; /* a digit after a leading 0 */
            return TIM_JSON_ENUMBER;
        }
        if (i - first <= 18 && (i >= n || (s[i] != '.' && s[i] != 'e' && s[i] != 'E'))) {
            *pi = i;
            ev->type = TIM_JSON_INT;
            ev->i = neg ? -(int64_t)v : (int64_t)v;
            return TIM_JSON_OK;
        }
    }
    if (i < n && s[i] == '.') {
        plain = 0;
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9') {
            *epos = i;
            return TIM_JSON_ENUMBER;
        }
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0;
        plain = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= n || s[i] < '0' || s[i] > '9') {
            *epos = i;
            return TIM_JSON_ENUMBER;
        }
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (exp < 100000) /* saturates: the value is then 0 or beyond DBL_MAX either way */
                exp = exp * 10 + (s[i] - '0');
            i++;
        }
        if (eneg)
            exp = -exp;
    }
    *pi = i; /* past the literal, also for the errors below (opts.any_number reads on from there) */
    if (i - start > TIM_JSON_MAX_NUMBER_LEN) {
        *epos = start;
        return TIM_JSON_ENUMLEN;
    }

    /* the significant digits and the decimal exponent of the last one */
    {
        int in_frac = 0;
        for (k = start + (size_t)neg; k < i; k++) {
            unsigned c = s[k];
            if (c == '.') {
                in_frac = 1;
                continue;
            }
            if (c == 'e' || c == 'E')
                break;
            if (in_frac)
                frac++;
            if (nd == 0 && c == '0')
                continue; /* leading zeros */
            dig[nd++] = (char)c;
        }
    }
    e = exp - (long)frac;
    while (nd > 0 && dig[nd - 1] == '0') {
        nd--;
        e++;
    }
    if (nd == 0) { /* zero, whatever its sign or form */
        ev->type = TIM_JSON_INT;
        ev->i = 0;
        return TIM_JSON_OK;
    }

    if (e >= 0) {
        /* integral: exact in 64 bits? */
        uint64_t acc = 0;
        int fits = (size_t)e + nd <= 20;
        for (k = 0; fits && k < nd; k++) {
            unsigned d = (unsigned)(dig[k] - '0');
            if (acc > (UINT64_MAX - d) / 10)
                fits = 0;
            else
                acc = acc * 10 + d;
        }
        for (k = 0; fits && k < (size_t)e; k++) {
            if (acc > UINT64_MAX / 10)
                fits = 0;
            else
                acc *= 10;
        }
        if (fits) {
            if (neg && acc <= (uint64_t)INT64_MAX + 1) {
                ev->type = TIM_JSON_INT;
                ev->i = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
                return TIM_JSON_OK;
            }
            if (!neg && acc <= (uint64_t)INT64_MAX) {
                ev->type = TIM_JSON_INT;
                ev->i = (int64_t)acc;
                return TIM_JSON_OK;
            }
            if (!neg && o->allow_uint64) {
                ev->type = TIM_JSON_UINT;
                ev->u = acc;
                return TIM_JSON_OK;
            }
        }
        if (plain) {
            *epos = start;
            return TIM_JSON_EINTRANGE;
        }
        if ((size_t)e + nd > 309) { /* >= 10^309 > DBL_MAX */
            *epos = start;
            return TIM_JSON_ERANGE;
        }
    }

    /* A decimal without a point: strtod reads it the same in every locale. */
    {
        char tmp[16];
        int t = 0;
        size_t len = nd;
        long a = e < 0 ? -e : e;
        double d;

        dig[len++] = 'e';
        if (e < 0)
            dig[len++] = '-';
        do {
            tmp[t++] = (char)('0' + a % 10);
            a /= 10;
        } while (a > 0);
        while (t > 0)
            dig[len++] = tmp[--t];
        dig[len] = '\0';
        d = strtod(dig, NULL);
        if (d == HUGE_VAL) {
            *epos = start;
            return TIM_JSON_ERANGE;
        }
        if (e >= 0 && !exact_double(dig, nd, e, d)) {
            *epos = start;
            return TIM_JSON_EINEXACT;
        }
        ev->type = TIM_JSON_FLOAT;
        ev->d = neg ? -d : d;
    }
    return TIM_JSON_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* The parser */

static size_t skip_ws(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    return i;
}

tim_json_status tim_json_parse(const char *text, size_t len, const tim_json_opts *opts, tim_json_cb cb, void *ud,
                               tim_json_error *err)
{
    static const tim_json_opts defaults = {0, 0, 0, 0};
    const unsigned char *s = (const unsigned char *)text;
    unsigned char kind[TIM_JSON_DEPTH_CAP];  /* TIM_JSON_IN_ARRAY / _OBJECT per open level */
    size_t count[TIM_JSON_DEPTH_CAP];
    size_t depth = 0, i = 0, epos = 0, max_size;
    unsigned max_depth;
    tim_json_status st = TIM_JSON_OK;
    tim_json_event ev;

    if (opts == NULL)
        opts = &defaults;
    max_size = opts->max_size ? opts->max_size : TIM_JSON_MAX_SIZE;
    max_depth = opts->max_depth && opts->max_depth <= TIM_JSON_DEPTH_CAP ? opts->max_depth : TIM_JSON_DEPTH_CAP;
    if (len > max_size) {
        st = TIM_JSON_ESIZE;
        goto fail;
    }

value:
    i = skip_ws(s, len, i);
    memset(&ev, 0, sizeof(ev));
    ev.pos = i;
    ev.depth = depth;
    /* cppcheck-suppress knownConditionTrueFalse ; reached again through goto value */
    if (depth > 0) {
        ev.in = kind[depth - 1];
        if (ev.in == TIM_JSON_IN_ARRAY)
            ev.index = count[depth - 1] + 1;
    }
    if (i >= len) {
        st = TIM_JSON_EEND;
        epos = i;
        goto fail;
    }
    switch (s[i]) {
    case '{':
    case '[':
        if (depth >= max_depth) {
            st = TIM_JSON_EDEPTH;
            epos = i;
            goto fail;
        }
        ev.type = s[i] == '{' ? TIM_JSON_OBJECT_BEGIN : TIM_JSON_ARRAY_BEGIN;
        ev.depth = depth + 1;
        if (cb(ud, &ev) != 0)
            goto stopped;
        kind[depth] = s[i] == '{' ? TIM_JSON_IN_OBJECT : TIM_JSON_IN_ARRAY;
        count[depth] = 0;
        depth++;
        i = skip_ws(s, len, i + 1);
        if (i < len && s[i] == (kind[depth - 1] == TIM_JSON_IN_OBJECT ? '}' : ']')) {
            i++;
            goto close;
        }
        if (kind[depth - 1] == TIM_JSON_IN_OBJECT)
            goto key;
        goto value;
    case '"':
        ev.type = TIM_JSON_STRING;
        st = scan_string(s, len, &i, &ev.escaped, &epos);
        if (st != TIM_JSON_OK)
            goto fail;
        ev.s = text + ev.pos + 1;
        ev.n = i - ev.pos - 2;
        break;
    case 't':
    case 'f':
    case 'n': {
        static const char *const lit[3] = {"true", "false", "null"};
        static const tim_json_type type[3] = {TIM_JSON_TRUE, TIM_JSON_FALSE, TIM_JSON_NULL};
        int w = s[i] == 't' ? 0 : s[i] == 'f' ? 1 : 2;
        size_t ln = strlen(lit[w]);
        if (len - i < ln || memcmp(s + i, lit[w], ln) != 0) {
            st = TIM_JSON_ELITERAL;
            epos = i;
            goto fail;
        }
        ev.type = type[w];
        i += ln;
        break;
    }
    default:
        if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
            st = scan_number(s, len, &i, opts, &ev, &epos);
            if (st != TIM_JSON_OK) {
                /* a literal of the grammar, refused for its value or length only */
                if (st == TIM_JSON_ENUMBER || !opts->any_number)
                    goto fail;
                st = TIM_JSON_OK;
                ev.type = TIM_JSON_NUMBER;
            }
            ev.s = text + ev.pos;
            ev.n = i - ev.pos;
            break;
        }
        st = TIM_JSON_ECHAR;
        epos = i;
        goto fail;
    }
    if (cb(ud, &ev) != 0)
        goto stopped;

after_value:
    if (depth == 0) {
        i = skip_ws(s, len, i);
        if (i < len) {
            st = TIM_JSON_ETRAILING;
            epos = i;
            goto fail;
        }
        if (err != NULL) {
            err->status = TIM_JSON_OK;
            err->pos = 0;
        }
        return TIM_JSON_OK;
    }
    count[depth - 1]++;
    i = skip_ws(s, len, i);
    if (i >= len) {
        st = TIM_JSON_EEND;
        epos = i;
        goto fail;
    }
    if (kind[depth - 1] == TIM_JSON_IN_ARRAY) {
        if (s[i] == ',') {
            i++;
            goto value;
        }
        if (s[i] == ']') {
            i++;
            goto close;
        }
        st = TIM_JSON_EARRAY;
        epos = i;
        goto fail;
    }
    if (s[i] == '}') {
        i++;
        goto close;
    }
    if (s[i] != ',') {
        st = TIM_JSON_EOBJECT;
        epos = i;
        goto fail;
    }
    i++;

key:
    i = skip_ws(s, len, i);
    if (i >= len) {
        st = TIM_JSON_EEND;
        epos = i;
        goto fail;
    }
    if (s[i] != '"') {
        st = TIM_JSON_EKEY;
        epos = i;
        goto fail;
    }
    memset(&ev, 0, sizeof(ev));
    ev.type = TIM_JSON_KEY;
    ev.pos = i;
    ev.depth = depth;
    ev.in = TIM_JSON_IN_OBJECT;
    st = scan_string(s, len, &i, &ev.escaped, &epos);
    if (st != TIM_JSON_OK)
        goto fail;
    ev.s = text + ev.pos + 1;
    ev.n = i - ev.pos - 2;
    if (cb(ud, &ev) != 0)
        goto stopped;
    i = skip_ws(s, len, i);
    if (i >= len) {
        st = TIM_JSON_EEND;
        epos = i;
        goto fail;
    }
    if (s[i] != ':') {
        st = TIM_JSON_ECOLON;
        epos = i;
        goto fail;
    }
    i++;
    goto value;

close:
    depth--;
    memset(&ev, 0, sizeof(ev));
    ev.type = kind[depth] == TIM_JSON_IN_OBJECT ? TIM_JSON_OBJECT_END : TIM_JSON_ARRAY_END;
    ev.pos = i - 1;
    ev.depth = depth + 1;
    ev.count = count[depth];
    if (depth > 0) {
        ev.in = kind[depth - 1];
        if (ev.in == TIM_JSON_IN_ARRAY)
            ev.index = count[depth - 1] + 1;
    }
    if (cb(ud, &ev) != 0)
        goto stopped;
    goto after_value;

stopped:
    st = TIM_JSON_ECALLBACK;
    epos = ev.pos;
fail:
    if (err != NULL) {
        err->status = st;
        err->pos = epos;
    }
    return st;
}

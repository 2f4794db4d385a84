/* json_enc.c: the JSON text writer of json_enc.h. One buffer grown by doubling; strings copied in
 * runs between the bytes that need escaping; integers formatted by hand, other doubles by
 * snprintf, checked with strtod (the %.14g / %.17g rule). */
#include "json_enc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TWO63 9223372036854775808.0

static const char *const words[] = {
    "ok",
    "not enough memory",
    "cannot encode NaN or infinity",
    "nesting deeper than 1100 (a cycle?)",
    "an end with no container open",
};

const char *tim_jw_strerror(tim_jw_status status)
{
    if ((unsigned)status >= sizeof(words) / sizeof(words[0]))
        return "unknown error";
    return words[status];
}

void tim_jw_init(tim_jw *w)
{
    memset(w, 0, sizeof(*w));
}

void tim_jw_reset(tim_jw *w)
{
    w->len = 0;
    w->depth = 0;
    w->comma = 0;
    w->status = TIM_JW_OK;
}

void tim_jw_free(tim_jw *w)
{
    free(w->buf);
    tim_jw_init(w);
}

void tim_jw_mark(const tim_jw *w, tim_jw_pos *pos)
{
    pos->len = w->len;
    pos->depth = w->depth;
    pos->comma = w->comma;
}

void tim_jw_rewind(tim_jw *w, const tim_jw_pos *pos)
{
    if (w->status != TIM_JW_OK || pos->len > w->len)
        return;
    w->len = pos->len;
    w->depth = pos->depth;
    w->comma = pos->comma;
}

int tim_jw_done(const tim_jw *w)
{
    return w->status == TIM_JW_OK && w->depth == 0 && w->comma;
}

/* ------------------------------------------------------------------------------------------ */
/* The buffer */

/* Makes room for n more bytes; 0, or -1 (w->status set) when memory runs out. */
static int grow(tim_jw *w, size_t n)
{
    size_t want, cap;
    char *p;

    if (n > (size_t)-1 - w->len) {
        w->status = TIM_JW_ENOMEM;
        return -1;
    }
    want = w->len + n;
    cap = w->cap ? w->cap : 256;
    while (cap < want)
        cap = cap > (size_t)-1 / 2 ? want : cap * 2;
    p = (char *)realloc(w->buf, cap);
    if (p == NULL) {
        w->status = TIM_JW_ENOMEM;
        return -1;
    }
    w->buf = p;
    w->cap = cap;
    return 0;
}

static int reserve(tim_jw *w, size_t n)
{
    return w->cap - w->len >= n ? 0 : grow(w, n);
}

/* The ',' a value or key needs after an earlier one at its level (room reserved by the caller). */
static void sep(tim_jw *w)
{
    if (w->comma)
        w->buf[w->len++] = ',';
}

/* ------------------------------------------------------------------------------------------ */
/* Strings */

/* The escape for each byte: 0 none, 'u' \u00xx, else the letter after the backslash. */
static const char esc[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\', [0x7f] = 'u',
};

/* s[0..n) escaped, between quotes; room for n + 2 bytes already reserved. One loop that copies and
 * checks each byte: scanning for a run and then copying it costs more for the short strings of IM
 * bodies, and no less for long ones (the scan is the work). */
static int put_quoted(tim_jw *w, const unsigned char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    char *o = w->buf + w->len;
    size_t i;

    *o++ = '"';
    for (i = 0; i < n; i++) {
        unsigned char c = s[i];
        char e = esc[c];
        if (e == 0) {
            *o++ = (char)c;
            continue;
        }
        /* the escape takes up to 6 bytes for 1: room for it, what is left and the quote */
        w->len = (size_t)(o - w->buf);
        if (reserve(w, 6 + (n - i)) != 0)
            return -1;
        o = w->buf + w->len;
        *o++ = '\\';
        if (e == 'u') {
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        } else {
            *o++ = e;
        }
    }
    *o++ = '"';
    w->len = (size_t)(o - w->buf);
    return 0;
}

tim_jw_status tim_jw_string(tim_jw *w, const char *s, size_t n)
{
    if (w->status != TIM_JW_OK)
        return w->status;
    if (n > (size_t)-1 - 3 || reserve(w, n + 3) != 0)
        return w->status = TIM_JW_ENOMEM;
    sep(w);
    if (put_quoted(w, (const unsigned char *)s, n) != 0)
        return w->status;
    w->comma = 1;
    return TIM_JW_OK;
}

tim_jw_status tim_jw_key(tim_jw *w, const char *s, size_t n)
{
    if (w->status != TIM_JW_OK)
        return w->status;
    if (n > (size_t)-1 - 4 || reserve(w, n + 4) != 0)
        return w->status = TIM_JW_ENOMEM;
    sep(w);
    /* escapes may have used the byte kept for the ':' */
    if (put_quoted(w, (const unsigned char *)s, n) != 0 || reserve(w, 1) != 0)
        return w->status;
    w->buf[w->len++] = ':';
    w->comma = 0;
    return TIM_JW_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Numbers */

/* The decimal digits of v into out (at least 21 bytes); their length. */
static size_t format_int(int64_t v, char *out)
{
    char tmp[24];
    char *t = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n;

    do {
        *--t = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--t = '-';
    n = (size_t)(tmp + sizeof(tmp) - t);
    memcpy(out, t, n);
    return n;
}

/* snprintf writes the locale's decimal point: JSON's is '.' (strtod has read the locale's form). */
static size_t c_locale_point(char *s, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if ((c < '0' || c > '9') && c != '-' && c != '+' && c != 'e' && c != 'E' && c != '.')
            break;
    }
    if (i == n)
        return n;
    for (j = i; j < n; j++) {
        char c = s[j];
        if ((c >= '0' && c <= '9') || c == 'e' || c == 'E')
            break;
    }
    s[i] = '.';
    memmove(s + i + 1, s + j, n - j);
    return n - (j - i) + 1;
}

size_t tim_jw_format_double(double d, char *out)
{
    int n;

    if (isnan(d) || isinf(d))
        return 0;
    if (d == floor(d)) {
        if (d > -TWO63 && d < TWO63) {
            if (d == 0 && signbit(d)) {
                out[0] = '-';
                out[1] = '0';
                return 2;
            }
            return format_int((int64_t)d, out); /* exact: integral and in range */
        }
        /* from 2^63 on: every digit, and ".0" so that it reads back as a float */
        n = snprintf(out, TIM_JW_NUMBER_MAX - 2, "%.0f", d);
        if (n <= 0 || (size_t)n >= TIM_JW_NUMBER_MAX - 2)
            return 0;
        out[n] = '.';
        out[n + 1] = '0';
        return (size_t)n + 2;
    }
    n = snprintf(out, TIM_JW_NUMBER_MAX, "%.14g", d);
    if (n > 0 && strtod(out, NULL) != d)
        n = snprintf(out, TIM_JW_NUMBER_MAX, "%.17g", d);
    if (n <= 0 || (size_t)n >= TIM_JW_NUMBER_MAX)
        return 0;
    return c_locale_point(out, (size_t)n);
}

static tim_jw_status put_number(tim_jw *w, const char *num, size_t n, int key)
{
    if (reserve(w, n + (key ? 4 : 1)) != 0)
        return w->status;
    sep(w);
    if (key)
        w->buf[w->len++] = '"';
    memcpy(w->buf + w->len, num, n);
    w->len += n;
    if (key) {
        w->buf[w->len++] = '"';
        w->buf[w->len++] = ':';
    }
    w->comma = !key;
    return TIM_JW_OK;
}

tim_jw_status tim_jw_int(tim_jw *w, int64_t v)
{
    if (w->status != TIM_JW_OK)
        return w->status;
    if (reserve(w, 22) != 0) /* ',' and at most 20 characters */
        return w->status;
    sep(w);
    w->len += format_int(v, w->buf + w->len);
    w->comma = 1;
    return TIM_JW_OK;
}

tim_jw_status tim_jw_key_int(tim_jw *w, int64_t v)
{
    char num[24];

    if (w->status != TIM_JW_OK)
        return w->status;
    return put_number(w, num, format_int(v, num), 1);
}

static tim_jw_status put_double(tim_jw *w, double d, int key)
{
    char num[TIM_JW_NUMBER_MAX];
    size_t n;

    if (w->status != TIM_JW_OK)
        return w->status;
    n = tim_jw_format_double(d, num);
    if (n == 0)
        return w->status = TIM_JW_ENONFINITE;
    return put_number(w, num, n, key);
}

tim_jw_status tim_jw_double(tim_jw *w, double d)
{
    return put_double(w, d, 0);
}

tim_jw_status tim_jw_key_double(tim_jw *w, double d)
{
    return put_double(w, d, 1);
}

/* ------------------------------------------------------------------------------------------ */
/* Literals and containers */

tim_jw_status tim_jw_raw(tim_jw *w, const char *s, size_t n)
{
    if (w->status != TIM_JW_OK)
        return w->status;
    if (n > (size_t)-1 - 1 || reserve(w, n + 1) != 0)
        return w->status = TIM_JW_ENOMEM;
    sep(w);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->comma = 1;
    return TIM_JW_OK;
}

tim_jw_status tim_jw_bool(tim_jw *w, int b)
{
    return b ? tim_jw_raw(w, "true", 4) : tim_jw_raw(w, "false", 5);
}

tim_jw_status tim_jw_null(tim_jw *w)
{
    return tim_jw_raw(w, "null", 4);
}

static tim_jw_status begin(tim_jw *w, char c)
{
    if (w->status != TIM_JW_OK)
        return w->status;
    if (w->depth >= (w->max_depth ? w->max_depth : TIM_JW_MAX_DEPTH))
        return w->status = TIM_JW_EDEPTH;
    if (reserve(w, 2) != 0)
        return w->status;
    sep(w);
    w->buf[w->len++] = c;
    w->depth++;
    w->comma = 0;
    return TIM_JW_OK;
}

static tim_jw_status end(tim_jw *w, char c)
{
    if (w->status != TIM_JW_OK)
        return w->status;
    if (w->depth == 0)
        return w->status = TIM_JW_ESTATE;
    if (reserve(w, 1) != 0)
        return w->status;
    w->buf[w->len++] = c;
    w->depth--;
    w->comma = 1;
    return TIM_JW_OK;
}

tim_jw_status tim_jw_begin_array(tim_jw *w)
{
    return begin(w, '[');
}

tim_jw_status tim_jw_end_array(tim_jw *w)
{
    return end(w, ']');
}

tim_jw_status tim_jw_begin_object(tim_jw *w)
{
    return begin(w, '{');
}

tim_jw_status tim_jw_end_object(tim_jw *w)
{
    return end(w, '}');
}

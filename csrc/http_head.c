/* http_head.c: a strict HTTP/1.x header-block parser (see http_head.h). One pass over the bytes. */
#include "http_head.h"

#include <string.h>

/* RFC 9110 tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
 * / DIGIT / ALPHA */
static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return 1;
    }
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
        return 1;
    default:
        return 0;
    }
}

/* A byte that may appear in a field value or a reason phrase: HTAB, SP, visible ASCII, obs-text. */
static int is_value_byte(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* The end of the line starting at p (the index of its LF), with *content_end at the CR or LF.
 * Returns -1 when a control character (or a CR not followed by LF) comes first, -2 when there is no LF (yet). */
static long line_end(const char *buf, size_t len, size_t p, size_t *content_end)
{
    size_t i;
    for (i = p; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\n') {
            *content_end = (i > p && buf[i - 1] == '\r') ? i - 1 : i;
            return (long)i;
        }
        if (c == '\r') {
            if (i + 1 == len) {
                return -2;      /* its LF may be on the way */
            }
            if (buf[i + 1] == '\n') {
                continue;
            }
            return -1;
        }
        if (!is_value_byte(c)) {
            return -1;
        }
    }
    return -2;
}

/* "HTTP/1.x" at p: returns the minor version, or -1. */
static int version_at(const char *p, size_t n)
{
    if (n != 8 || memcmp(p, "HTTP/", 5) != 0 || p[6] != '.' || p[5] < '0' || p[5] > '9'
        || p[7] < '0' || p[7] > '9') {
        return -1;
    }
    if (p[5] != '1') {
        return -2;
    }
    return p[7] - '0';
}

static int parse_fields(const char *buf, size_t len, size_t p, tim_http_head *head, tim_http_field *fields,
                        size_t max_fields)
{
    size_t n = 0;
    for (;;) {
        size_t ce;
        long le = line_end(buf, len, p, &ce);
        size_t i, name_end, v, ve;
        if (le == -2) {
            return TIM_HTTP_INCOMPLETE;
        }
        if (le == -1) {
            return TIM_HTTP_CONTROL;
        }
        if (ce == p) {          /* the empty line: the end of the block */
            head->nfields = n;
            head->length = (size_t)le + 1;
            return TIM_HTTP_OK;
        }
        if (buf[p] == ' ' || buf[p] == '\t') {
            return TIM_HTTP_FOLDED;
        }
        for (i = p; i < ce && is_tchar((unsigned char)buf[i]); i++) {
        }
        if (i == p || i == ce || buf[i] != ':') {
            return TIM_HTTP_BAD_FIELD;
        }
        name_end = i;
        for (v = i + 1; v < ce && (buf[v] == ' ' || buf[v] == '\t'); v++) {
        }
        for (ve = ce; ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t'); ve--) {
        }
        if (n >= max_fields) {
            return TIM_HTTP_TOO_MANY;
        }
        fields[n].name = buf + p;
        fields[n].name_len = name_end - p;
        fields[n].value = buf + v;
        fields[n].value_len = ve - v;
        n++;
        p = (size_t)le + 1;
    }
}

int tim_http_parse_response(const char *buf, size_t len, tim_http_head *head, tim_http_field *fields,
                            size_t max_fields)
{
    size_t ce, i;
    long le = line_end(buf, len, 0, &ce);
    int minor;
    memset(head, 0, sizeof *head);
    if (le == -2) {
        return TIM_HTTP_INCOMPLETE;
    }
    if (le == -1) {
        return TIM_HTTP_CONTROL;
    }
    /* "HTTP/1.1 200" then " reason" (the space and reason may be missing: "HTTP/1.1 200") */
    if (ce < 12 || buf[8] != ' ') {
        return TIM_HTTP_BAD_START;
    }
    minor = version_at(buf, 8);
    if (minor == -1) {
        return TIM_HTTP_BAD_START;
    }
    if (minor < 0 || minor > 1) {
        return TIM_HTTP_BAD_VERSION;
    }
    for (i = 9; i < 12; i++) {
        if (buf[i] < '0' || buf[i] > '9') {
            return TIM_HTTP_BAD_START;
        }
    }
    if (ce > 12 && buf[12] != ' ') {
        return TIM_HTTP_BAD_START;
    }
    head->version_minor = minor;
    head->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    head->reason = buf + (ce > 12 ? 13 : 12);
    head->reason_len = ce > 12 ? ce - 13 : 0;
    return parse_fields(buf, len, (size_t)le + 1, head, fields, max_fields);
}

int tim_http_parse_request(const char *buf, size_t len, tim_http_head *head, tim_http_field *fields,
                           size_t max_fields)
{
    size_t ce, i, m_end, t_start, t_end;
    long le = line_end(buf, len, 0, &ce);
    int minor;
    memset(head, 0, sizeof *head);
    if (le == -2) {
        return TIM_HTTP_INCOMPLETE;
    }
    if (le == -1) {
        return TIM_HTTP_CONTROL;
    }
    /* method SP request-target SP HTTP-version */
    for (i = 0; i < ce && is_tchar((unsigned char)buf[i]); i++) {
    }
    if (i == 0 || i >= ce || buf[i] != ' ') {
        return TIM_HTTP_BAD_START;
    }
    m_end = i;
    t_start = i + 1;
    for (i = t_start; i < ce && (unsigned char)buf[i] > 0x20 && buf[i] != 0x7f; i++) {
    }
    if (i == t_start || i >= ce || buf[i] != ' ') {
        return TIM_HTTP_BAD_START;
    }
    t_end = i;
    minor = version_at(buf + t_end + 1, ce - t_end - 1);
    if (minor == -1) {
        return TIM_HTTP_BAD_START;
    }
    if (minor < 0 || minor > 1) {
        return TIM_HTTP_BAD_VERSION;
    }
    head->version_minor = minor;
    head->method = buf;
    head->method_len = m_end;
    head->target = buf + t_start;
    head->target_len = t_end - t_start;
    return parse_fields(buf, len, (size_t)le + 1, head, fields, max_fields);
}

const char *tim_http_error(int code)
{
    switch (code) {
    case TIM_HTTP_OK: return "ok";
    case TIM_HTTP_BAD_START: return "invalid start line";
    case TIM_HTTP_BAD_VERSION: return "unsupported HTTP version";
    case TIM_HTTP_BAD_FIELD: return "invalid header line";
    case TIM_HTTP_FOLDED: return "obsolete folded header line";
    case TIM_HTTP_CONTROL: return "control character in the header block";
    case TIM_HTTP_TOO_MANY: return "too many header fields";
    case TIM_HTTP_INCOMPLETE: return "header block without an end";
    default: return "unknown error";
    }
}

/* http_head.h: the start line and fields of an HTTP/1.x header block (RFC 9112), parsed strictly.
 * Pure C, no Lua, no allocation: the caller gives the block (up to and including its empty line) and an array
 * for the fields; names and values point into the block. tim.http calls it through tim.core. */
#ifndef TIM_HTTP_HEAD_H
#define TIM_HTTP_HEAD_H

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

#include <stddef.h>

typedef struct {
    const char *name;      /* a token; not lower-cased */
    size_t name_len;
    const char *value;     /* without surrounding blanks */
    size_t value_len;
} tim_http_field;

typedef struct {
    /* a response: version_minor, status, reason; a request: method, target, version_minor */
    int version_minor;     /* HTTP/1.<minor>; only 0 and 1 are accepted */
    int status;
    const char *reason;
    size_t reason_len;
    const char *method;
    size_t method_len;
    const char *target;
    size_t target_len;
    size_t nfields;
    size_t length;         /* bytes of the block, through its empty line */
} tim_http_head;

enum {
    TIM_HTTP_OK = 0,
    TIM_HTTP_BAD_START,      /* not a status (or request) line */
    TIM_HTTP_BAD_VERSION,    /* a version other than HTTP/1.0 and HTTP/1.1 */
    TIM_HTTP_BAD_FIELD,      /* a line that is not "token: value" */
    TIM_HTTP_FOLDED,         /* obsolete line folding */
    TIM_HTTP_CONTROL,        /* NUL, DEL or a control character other than HTAB, or a CR not before LF */
    TIM_HTTP_TOO_MANY,       /* more fields than the array holds */
    TIM_HTTP_INCOMPLETE      /* no empty line ends the block */
};

/* Parses a response block ("HTTP/1.1 200 OK\r\n...\r\n\r\n"; bare LF line ends are accepted, RFC 9112 2.2).
 * buf may hold more than the block (the body, or only part of the block): parsing stops at the first empty line,
 * head->length says where that was, and TIM_HTTP_INCOMPLETE means no empty line within len bytes and nothing
 * wrong before it (so more bytes may complete it). Fields go to fields[0..max_fields); head->nfields says how
 * many. Returns TIM_HTTP_OK or an error code. */
int tim_http_parse_response(const char *buf, size_t len, tim_http_head *head, tim_http_field *fields,
                            size_t max_fields);

/* Parses a request block ("POST /x HTTP/1.1\r\n...\r\n\r\n"). */
int tim_http_parse_request(const char *buf, size_t len, tim_http_head *head, tim_http_field *fields,
                           size_t max_fields);

/* A short English description of an error code. */
const char *tim_http_error(int code);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif

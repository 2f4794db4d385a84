/* test_http.c: the header-block parser's unit test (http_head.c), run by test_core's main with its TAP check(). */
#include <stdio.h>
#include <string.h>

#include "http_head.h"
#include "test_http.h"

static void (*report)(int, const char *);

static void check(int cond, const char *name)
{
    char line[160];
    snprintf(line, sizeof line, "http head: %s", name);
    report(cond, line);
}

static int field_is(const tim_http_field *f, const char *name, const char *value)
{
    return f->name_len == strlen(name) && memcmp(f->name, name, f->name_len) == 0
        && f->value_len == strlen(value) && memcmp(f->value, value, f->value_len) == 0;
}

static int response(const char *block, tim_http_head *h, tim_http_field *f, size_t max)
{
    return tim_http_parse_response(block, strlen(block), h, f, max);
}

static int request(const char *block, tim_http_head *h, tim_http_field *f, size_t max)
{
    return tim_http_parse_request(block, strlen(block), h, f, max);
}

void test_http(void (*check_fn)(int, const char *))
{
    tim_http_field f[8];
    tim_http_head h;
    int rc;

    report = check_fn;
    rc = response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-A:  spaced \t\r\n\r\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.version_minor == 1 && h.status == 200 && h.reason_len == 2
          && h.nfields == 2 && field_is(&f[0], "Content-Type", "application/json") && field_is(&f[1], "X-A", "spaced"),
          "a response: status, reason, fields with blanks trimmed");

    rc = response("HTTP/1.0 204\n\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.version_minor == 0 && h.status == 204 && h.reason_len == 0 && h.nfields == 0,
          "bare LF line ends and a status line without a reason");

    rc = response("HTTP/1.1 200 OK\r\nX-E:\r\n\r\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.nfields == 1 && f[0].value_len == 0, "an empty field value");

    check(response("HTTP/2.0 200 OK\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_VERSION, "HTTP/2.0 is refused");
    check(response("HTTP/1.1 20 OK\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "a two-digit status is refused");
    check(response("HTTP/1.1 200OK\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "no space after the status");
    check(response("ICY 200 OK\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "not HTTP");
    check(response("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_FIELD, "a line without a colon");
    check(response("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_FIELD, "a space in a name");
    check(response("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_FIELD,
          "a space before the colon (RFC 9112 5.1)");
    check(response("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", &h, f, 8) == TIM_HTTP_FOLDED, "obs-fold");
    check(response("HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n", &h, f, 8) == TIM_HTTP_INCOMPLETE,
          "a NUL ends a C string: the block is then incomplete (strlen), never read past");
    {
        static const char nul[] = "HTTP/1.1 200 OK\r\nA: b\0c\r\n\r\n";
        check(tim_http_parse_response(nul, sizeof nul - 1, &h, f, 8) == TIM_HTTP_CONTROL, "a NUL in a value");
    }
    check(response("HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", &h, f, 8) == TIM_HTTP_CONTROL, "a bare CR");
    check(response("HTTP/1.1 200 OK\r\nA: b\x1b" "c\r\n\r\n", &h, f, 8) == TIM_HTTP_CONTROL, "an ESC");
    check(response("HTTP/1.1 200 OK\r\nA: b\x7f\r\n\r\n", &h, f, 8) == TIM_HTTP_CONTROL, "a DEL");
    check(response("HTTP/1.1 200 OK\r\nA: caf\xc3\xa9\r\n\r\n", &h, f, 8) == TIM_HTTP_OK, "obs-text (UTF-8) is kept");
    check(response("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", &h, f, 2) == TIM_HTTP_TOO_MANY,
          "more fields than the array holds");
    check(response("HTTP/1.1 200 OK\r\nA: 1\r\n", &h, f, 8) == TIM_HTTP_INCOMPLETE, "no empty line");
    check(response("", &h, f, 8) == TIM_HTTP_INCOMPLETE, "nothing at all");
    check(response("HTTP/1.1 200 OK\r\nA: 1\r", &h, f, 8) == TIM_HTTP_INCOMPLETE,
          "a CR as the last byte read: its LF may still come");
    check(response("HTTP/1.1 200 OK\r\nA: 1\r\n\r", &h, f, 8) == TIM_HTTP_INCOMPLETE,
          "the empty line's CR without its LF yet");
    check(response("HTTP/1.1 200 OK\r\nA: 1\r\nB", &h, f, 8) == TIM_HTTP_INCOMPLETE, "a field line cut short");
    check(response("HTTP/1.1 2", &h, f, 8) == TIM_HTTP_INCOMPLETE, "a status line cut short");
    rc = response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200 OK\r\n\r\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.length == 38 && h.nfields == 1,
          "bytes after the block (a body, a pipelined answer) are not read; the length says where it ended");
    rc = response("HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\r\n\r\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.status == 100 && h.length == 23, "an interim answer's length, bare LF");
    rc = response("HTTP/1.1 200 OK\r\nA: 1\n\r\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.length == 24 && h.nfields == 1, "LF then CRLF ends the block");

    rc = request("POST /v4/a/b?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n", &h, f, 8);
    check(rc == TIM_HTTP_OK && h.method_len == 4 && memcmp(h.method, "POST", 4) == 0 && h.target_len == 11
          && h.version_minor == 1 && h.nfields == 2 && field_is(&f[1], "Content-Length", "2") && h.length == 57,
          "a request");
    check(request("POST /v4/a/b?x=1 HTTP/1.1\r\nHost: h\r\n", &h, f, 8) == TIM_HTTP_INCOMPLETE,
          "a request block cut short");
    check(request("GET  / HTTP/1.1\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "two spaces after the method");
    check(request("GET / HTTP/1.1 \r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "trailing blank after the version");
    check(request("G(T / HTTP/1.1\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "a method that is not a token");
    check(request("GET / HTTP/3.0\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_VERSION, "HTTP/3.0 is refused");
    check(request("GET /a\tb HTTP/1.1\r\n\r\n", &h, f, 8) == TIM_HTTP_BAD_START, "a tab in the target");
    check(strcmp(tim_http_error(TIM_HTTP_FOLDED), "obsolete folded header line") == 0, "error words");
}

/* fuzz_http.c: libFuzzer target over the HTTP header-block parser (http_head.c). The first input byte picks
 * response (even) or request (odd) parsing of the rest; every field returned must lie inside the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "http_head.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const uint8_t *buf, size_t len, const char *p, size_t n)
{
    if (n > 0 && ((const uint8_t *)p < buf || (const uint8_t *)p + n > buf + len)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tim_http_field f[64];
    tim_http_head h;
    const char *buf;
    size_t len;
    int rc;
    if (size < 1) {
        return 0;
    }
    buf = (const char *)data + 1;
    len = size - 1;
    rc = (data[0] & 1) ? tim_http_parse_request(buf, len, &h, f, 64) : tim_http_parse_response(buf, len, &h, f, 64);
    if (rc == TIM_HTTP_OK) {
        const uint8_t *b = data + 1;
        size_t i;
        if (h.nfields > 64) {
            abort();
        }
        inside(b, len, h.reason, h.reason_len);
        inside(b, len, h.method, h.method_len);
        inside(b, len, h.target, h.target_len);
        for (i = 0; i < h.nfields; i++) {
            inside(b, len, f[i].name, f[i].name_len);
            inside(b, len, f[i].value, f[i].value_len);
            if (f[i].name_len == 0) {
                abort();
            }
        }
    }
    return 0;
}

/* codec.c: base64 (standard and UserSig variant), percent-encoding, hex. See codec.h. */
#include "codec.h"

#include <stdint.h>

static const char b64_std[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_sig[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";

size_t tim_b64_encoded_len(size_t n)
{
    size_t groups = n / 3 + (n % 3 != 0);
    if (groups > SIZE_MAX / 4)
        return 0;
    return groups * 4;
}

void tim_b64_encode(const unsigned char *in, size_t n, char *out, int variant)
{
    const char *a = variant == TIM_B64_SIG ? b64_sig : b64_std;
    char pad = variant == TIM_B64_SIG ? '_' : '=';
    size_t i = 0;

    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = a[v >> 18];
        *out++ = a[(v >> 12) & 63];
        *out++ = a[(v >> 6) & 63];
        *out++ = a[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        *out++ = a[v >> 18];
        *out++ = a[(v >> 12) & 63];
        *out++ = pad;
        *out++ = pad;
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        *out++ = a[v >> 18];
        *out++ = a[(v >> 12) & 63];
        *out++ = a[(v >> 6) & 63];
        *out++ = pad;
    }
}

size_t tim_b64_decoded_max(size_t n)
{
    return n / 4 * 3 + 3;
}

/* 0..63 for a digit of the variant, 64 for its padding character, 255 for anything else. */
static unsigned b64_value(unsigned char c, int variant)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (variant == TIM_B64_SIG) {
        if (c == '*')
            return 62;
        if (c == '-')
            return 63;
        if (c == '_')
            return 64;
    } else {
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        if (c == '=')
            return 64;
    }
    return 255;
}

int tim_b64_decode(const char *in, size_t n, unsigned char *out, size_t *outlen, int variant)
{
    size_t i, o = 0, digits = n;
    uint32_t acc = 0;
    unsigned bits = 0;

    /* Padding: only at the end, at most two, and only to complete a 4-character group. */
    while (digits > 0 && b64_value((unsigned char)in[digits - 1], variant) == 64)
        digits--;
    if (digits != n) {
        if (n - digits > 2 || n % 4 != 0)
            return -1;
    }
    if (digits % 4 == 1)
        return -1;
    if (digits != n && (digits % 4) + (n - digits) != 4)
        return -1;

    for (i = 0; i < digits; i++) {
        unsigned v = b64_value((unsigned char)in[i], variant);
        if (v > 63)
            return -1;
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    if (acc != 0) /* non-canonical: unused bits set */
        return -1;
    *outlen = o;
    return 0;
}

size_t tim_pct_encode(const unsigned char *in, size_t n, char *out, int flags)
{
    static const char hex[16] = "0123456789ABCDEF";
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = in[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || (c == '*' && (flags & TIM_PCT_KEEP_STAR))) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    return o;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t tim_form_decode(const char *in, size_t n, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        char c = in[i];
        if (c == '+') {
            out[o++] = ' ';
        } else if (c == '%' && i + 2 < n && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
            out[o++] = (char)(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
            i += 2;
        } else {
            out[o++] = c;
        }
    }
    return o;
}

void tim_hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char hex[16] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
}

/* codec.h: base64 (standard and the UserSig variant), percent-encoding, hex.
 * Pure C, no Lua, no allocation: callers size the output with the *_len helpers. */
#ifndef TIM_CODEC_H
#define TIM_CODEC_H

/* Internal to tim/core.so: only luaopen_tim_core is exported from the module. */
#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

#include <stddef.h>

/* Base64 alphabets. TIM_B64_STD: RFC 4648 "+/" with "=" padding.
 * TIM_B64_SIG: the UserSig escaping of the same, '+' -> '*', '/' -> '-', '=' -> '_'. */
enum { TIM_B64_STD = 0, TIM_B64_SIG = 1 };

/* Encoded length of n bytes (always padded), or 0 when it would overflow size_t. */
size_t tim_b64_encoded_len(size_t n);
/* Writes exactly tim_b64_encoded_len(n) characters to out (no NUL terminator). */
void tim_b64_encode(const unsigned char *in, size_t n, char *out, int variant);
/* Upper bound of the decoded size of n characters. */
size_t tim_b64_decoded_max(size_t n);
/* Strict decoder: only the variant's alphabet, padding optional but correct when present,
 * no whitespace, unused trailing bits must be zero. Returns 0 on success, -1 on bad input.
 * out must hold tim_b64_decoded_max(n) bytes. */
int tim_b64_decode(const char *in, size_t n, unsigned char *out, size_t *outlen, int variant);

/* Percent-encoding (RFC 3986): unreserved A-Z a-z 0-9 - . _ ~ kept, every other byte as %XX
 * (upper-case hex). With TIM_PCT_KEEP_STAR, '*' is kept too (a sub-delimiter, legal in a query):
 * a UserSig then goes into the URL unchanged, as the official SDKs send it.
 * out must hold 3 * n bytes; returns the length written. */
enum { TIM_PCT_STRICT = 0, TIM_PCT_KEEP_STAR = 1 };
size_t tim_pct_encode(const unsigned char *in, size_t n, char *out, int flags);

/* Form decoding of one query-string name or value (application/x-www-form-urlencoded): '+' is a space and %XX
 * (either case) a byte; a '%' not followed by two hex digits stays as it is. out must hold n bytes; returns the
 * length written. */
size_t tim_form_decode(const char *in, size_t n, char *out);

/* Lower-case hex: out must hold 2 * n bytes. */
void tim_hex_encode(const unsigned char *in, size_t n, char *out);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif

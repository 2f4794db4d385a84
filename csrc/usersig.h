/* usersig.h: TLSSigAPIv2 UserSig in plain C (no Lua): generate, decode, verify, privilege map,
 * and the HMAC/SHA-256 helpers they share. The algorithm and every official dialect: docs/core.md.
 *
 * All state (the reusable deflate/inflate streams, the per-key HMAC states, scratch buffers)
 * lives in a tim_ctx; there is no global mutable state. A tim_ctx is not thread-safe: use one per
 * thread (or per Lua state). Pointers returned through a tim_ctx stay valid until the next call
 * that uses the same context. */
#ifndef TIM_USERSIG_H
#define TIM_USERSIG_H

/* Internal to tim/core.so: only luaopen_tim_core is exported from the module. */
#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

#include <stddef.h>
#include <stdint.h>

typedef struct tim_ctx tim_ctx;

/* Results. The verification reasons are in the order verification checks them. */
enum {
    TIM_OK = 0,
    TIM_BAD_BASE64,       /* outer base64 (strict UserSig alphabet) */
    TIM_NOT_ZLIB,         /* zlib stream: bad header/data/Adler-32, too big, trailing bytes */
    TIM_BAD_JSON,         /* not JSON (json.c), top level not an object, a TLS.* key twice, nesting over 64 */
    TIM_WRONG_VERSION,    /* TLS.ver absent or not the string "2.0" */
    TIM_MISSING_FIELD,    /* a TLS.* member absent or of the wrong type */
    TIM_WRONG_SDKAPPID,   /* TLS.sdkappid differs from the expected one */
    TIM_WRONG_IDENTIFIER, /* TLS.identifier differs (byte-exact) from the expected one */
    TIM_BAD_HMAC,         /* TLS.sig is not the HMAC of the document's values */
    TIM_EXPIRED,          /* now > TLS.time + TLS.expire */
    TIM_EINVAL,           /* caller error: invalid UTF-8 identifier, size over a limit */
    TIM_ENOMEM,           /* allocation failed */
    TIM_ECRYPTO           /* libcrypto or zlib failed unexpectedly */
};

/* The short word for a result: "ok", "bad_base64", ..., "expired", "invalid_argument",
 * "out_of_memory", "internal_error". */
const char *tim_status_word(int status);

/* Limits. Generation refuses larger inputs (TIM_EINVAL) so that every generated sig verifies. */
#define TIM_MAX_IDENTIFIER 4096u      /* bytes */
#define TIM_MAX_USERBUF    16384u     /* bytes */
#define TIM_MAX_DOC        65536u     /* inflated JSON document, bytes */
#define TIM_MAX_SIG        (1u << 20) /* characters of a sig given to decode/verify */

tim_ctx *tim_ctx_new(void);
void tim_ctx_free(tim_ctx *ctx); /* wipes key material; NULL is fine */

/* Strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF; NUL allowed). */
int tim_utf8_valid(const unsigned char *s, size_t n);

typedef struct {
    int64_t sdkappid;                /* >= 0 */
    const unsigned char *key;        /* the key string's bytes, as typed */
    size_t key_len;
    const unsigned char *identifier; /* UTF-8 bytes, NUL allowed */
    size_t identifier_len;
    int64_t expire;                  /* >= 0, seconds, relative */
    int64_t now;                     /* >= 0, TLS.time */
    const unsigned char *userbuf;    /* NULL: no userbuf; else userbuf_len bytes (0 allowed) */
    size_t userbuf_len;
} tim_usersig_in;

/* Generate a UserSig in the official Python dialect (zlib level 6), byte-identical to the
 * official library. On TIM_OK, *out and *out_len point into ctx. */
int tim_usersig_generate(tim_ctx *ctx, const tim_usersig_in *in, const char **out, size_t *out_len);
/* The same with another zlib level (0..9; TIM_EINVAL otherwise), byte-identical to compress2(doc, level):
 * 0 is what the official Go library ships (stored blocks, several times faster), 1 is the C++ one. */
int tim_usersig_generate_level(tim_ctx *ctx, const tim_usersig_in *in, int level, const char **out,
                               size_t *out_len);

/* The fields of a decoded document. Strings point into ctx (unescaped, not NUL-terminated). */
typedef struct {
    const char *ver;                 /* NULL when TLS.ver is absent or not a string */
    size_t ver_len;
    const char *identifier;
    size_t identifier_len;
    int64_t sdkappid, expire, time;
    const char *sig;                 /* TLS.sig text (standard base64) */
    size_t sig_len;
    int has_userbuf;
    const char *userbuf_b64;         /* TLS.userbuf text, as MAC'd */
    size_t userbuf_b64_len;
    const unsigned char *userbuf;    /* its decoded bytes */
    size_t userbuf_len;
} tim_fields;

/* Steps 1-3 and 5 of verification (no version value check, no MAC, no clock). */
int tim_usersig_decode(tim_ctx *ctx, const char *sig, size_t sig_len, tim_fields *f);

typedef struct {
    int64_t sdkappid;
    const unsigned char *key;
    size_t key_len;
    const unsigned char *identifier; /* NULL: any identifier */
    size_t identifier_len;
    int64_t now;
} tim_verify_in;

/* Full verification in the documented order; on TIM_OK (and on TIM_EXPIRED) f holds the fields. */
int tim_usersig_verify(tim_ctx *ctx, const char *sig, size_t sig_len, const tim_verify_in *in, tim_fields *f);

/* Privilege map (TRTC PrivateMapKey userbuf). roomstr non-empty selects the string-room layout
 * (version byte 1, dwAuthID 0); otherwise the numeric layout with roomid. */
typedef struct {
    int64_t sdkappid;                /* low 32 bits are used */
    const unsigned char *identifier;
    size_t identifier_len;           /* <= 65535 */
    uint32_t roomid;
    const unsigned char *roomstr;    /* NULL or "" for a numeric room */
    size_t roomstr_len;              /* <= 65535 */
    int64_t expire;                  /* >= 0 */
    uint32_t privileges;
    int64_t now;                     /* >= 0; dwExpTime = (now + expire) mod 2^32 */
} tim_privmap_in;

/* Size of the privilege map, or 0 when a length field would overflow. */
size_t tim_privmap_len(const tim_privmap_in *in);
/* Writes tim_privmap_len(in) bytes to out. Returns TIM_OK or TIM_EINVAL. */
int tim_privmap_build(const tim_privmap_in *in, unsigned char *out);

/* A uniformly random uint32 from the OS CSPRNG (RAND_bytes), drawn 512 bytes at a time into the
 * context (a RAND_bytes call costs over a microsecond and a getpid system call); no system call
 * per draw: a pthread_atfork child handler marks every buffer drawn before a fork as stale, so a
 * forked process (and the parent after it) never hands out bytes the other may also hand out.
 * TIM_OK or TIM_ECRYPTO. */
int tim_random32(tim_ctx *ctx, uint32_t *out);

/* HMAC-SHA256 with a cached key schedule (a second cache slot, independent of the UserSig key). */
int tim_hmac_sha256(tim_ctx *ctx, const void *key, size_t key_len, const void *msg, size_t msg_len,
                    unsigned char out[32]);
int tim_sha256(tim_ctx *ctx, const void *msg, size_t msg_len, unsigned char out[32]);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif

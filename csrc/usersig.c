/* usersig.c: TLSSigAPIv2 generate / decode / verify, privilege maps, cached HMAC-SHA256.
 * Pure C (libcrypto + zlib), no Lua. See usersig.h and docs/core.md. */
#include "usersig.h"
#include "codec.h"
#include "json.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>

#define SHA256_LEN   32
#define SHA256_BLOCK 64

/* ------------------------------------------------------------------------------------------ */
/* Context */

/* One cached HMAC key: the SHA-256 states after absorbing key^ipad and key^opad. */
typedef struct {
    EVP_MD_CTX *inner, *outer;
    unsigned char *key; /* copy of the key, to recognise it next time; wiped when replaced */
    size_t key_len;
    int ready;
} hmac_key;

typedef struct {
    unsigned char *p;
    size_t cap;
} buffer;

enum { BUF_MAC, BUF_DOC, BUF_ZIP, BUF_OUT, BUF_ARENA, BUF_COUNT };

struct tim_ctx {
    EVP_MD *md;           /* SHA-256, fetched once */
    EVP_MD_CTX *work;     /* scratch digest state */
    hmac_key keys[2];     /* [0] UserSig key, [1] hmac_sha256() key */
    z_stream def;         /* reusable deflate stream (zlib wrapper, window 15, memLevel 8) */
    int def_ready;
    int def_level;        /* its current level */
    z_stream inf;         /* reusable inflate stream (zlib wrapper) */
    int inf_ready;
    buffer buf[BUF_COUNT];
    unsigned char rnd[512]; /* CSPRNG bytes not handed out yet: rnd[rnd_used..] */
    size_t rnd_used;
    unsigned long rnd_gen;  /* fork_generation when they were drawn */
    pid_t rnd_pid;          /* the process that drew them (only without the fork handler) */
};

/* Fork detection without a system call per draw: a pthread_atfork child handler bumps the
 * generation, so a buffer drawn before a fork is never used after it, in the parent's copy or the
 * child's. (glibc removes the handler when the module is unloaded.) Should registration fail, every
 * draw compares getpid() instead. */
static volatile unsigned long fork_generation = 1;
static int fork_handler_ok;
static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

static void on_fork_child(void)
{
    fork_generation++;
}

static void register_fork_handler(void)
{
    fork_handler_ok = pthread_atfork(NULL, NULL, on_fork_child) == 0;
}

static const char *const status_words[] = {
    "ok", "bad_base64", "not_zlib", "bad_json", "wrong_version", "missing_field", "wrong_sdkappid",
    "wrong_identifier", "bad_hmac", "expired", "invalid_argument", "out_of_memory", "internal_error",
};

const char *tim_status_word(int status)
{
    if (status < 0 || (size_t)status >= sizeof(status_words) / sizeof(status_words[0]))
        return "internal_error";
    return status_words[status];
}

tim_ctx *tim_ctx_new(void)
{
    tim_ctx *ctx = calloc(1, sizeof(*ctx));
    int i;

    if (ctx == NULL)
        return NULL;
    ctx->md = EVP_MD_fetch(NULL, "SHA256", NULL);
    ctx->work = EVP_MD_CTX_new();
    for (i = 0; i < 2; i++) {
        ctx->keys[i].inner = EVP_MD_CTX_new();
        ctx->keys[i].outer = EVP_MD_CTX_new();
        if (ctx->keys[i].inner == NULL || ctx->keys[i].outer == NULL)
            goto fail;
    }
    if (ctx->md == NULL || ctx->work == NULL)
        goto fail;
    ctx->rnd_used = sizeof(ctx->rnd); /* empty */
    (void)pthread_once(&fork_once, register_fork_handler);
    return ctx;
fail:
    tim_ctx_free(ctx);
    return NULL;
}

static void hmac_key_forget(hmac_key *k)
{
    if (k->key != NULL) {
        OPENSSL_cleanse(k->key, k->key_len);
        free(k->key);
    }
    k->key = NULL;
    k->key_len = 0;
    k->ready = 0;
}

void tim_ctx_free(tim_ctx *ctx)
{
    int i;

    if (ctx == NULL)
        return;
    for (i = 0; i < 2; i++) {
        hmac_key_forget(&ctx->keys[i]);
        EVP_MD_CTX_free(ctx->keys[i].inner); /* the provider wipes the digest state */
        EVP_MD_CTX_free(ctx->keys[i].outer);
    }
    EVP_MD_CTX_free(ctx->work);
    EVP_MD_free(ctx->md);
    if (ctx->def_ready)
        deflateEnd(&ctx->def);
    if (ctx->inf_ready)
        inflateEnd(&ctx->inf);
    for (i = 0; i < BUF_COUNT; i++) {
        if (ctx->buf[i].p != NULL) {
            OPENSSL_cleanse(ctx->buf[i].p, ctx->buf[i].cap); /* MAC text etc. may hold secrets */
            free(ctx->buf[i].p);
        }
    }
    OPENSSL_cleanse(ctx->rnd, sizeof(ctx->rnd));
    free(ctx);
}

/* A scratch buffer of at least n bytes (contents not preserved). */
static unsigned char *scratch(tim_ctx *ctx, int which, size_t n)
{
    buffer *b = &ctx->buf[which];

    if (n == 0)
        n = 1;
    if (b->cap < n) {
        size_t cap = b->cap ? b->cap : 256;
        unsigned char *p;
        while (cap < n) {
            if (cap > SIZE_MAX / 2) {
                cap = n;
                break;
            }
            cap *= 2;
        }
        p = malloc(cap);
        if (p == NULL)
            return NULL;
        if (b->p != NULL) {
            OPENSSL_cleanse(b->p, b->cap);
            free(b->p);
        }
        b->p = p;
        b->cap = cap;
    }
    return b->p;
}

/* ------------------------------------------------------------------------------------------ */
/* HMAC-SHA256 with the key schedule computed once per key */

static int hmac_key_set(tim_ctx *ctx, hmac_key *k, const unsigned char *key, size_t key_len)
{
    unsigned char k0[SHA256_BLOCK], pad[SHA256_BLOCK];
    size_t i;
    int ok;

    if (k->ready && k->key_len == key_len && CRYPTO_memcmp(k->key, key, key_len) == 0)
        return TIM_OK;
    hmac_key_forget(k);
    k->key = malloc(key_len ? key_len : 1);
    if (k->key == NULL)
        return TIM_ENOMEM;
    if (key_len > 0)
        memcpy(k->key, key, key_len);
    k->key_len = key_len;

    memset(k0, 0, sizeof(k0));
    if (key_len > SHA256_BLOCK) {
        ok = EVP_Digest(key, key_len, k0, NULL, ctx->md, NULL);
        if (!ok)
            goto fail;
    } else if (key_len > 0) {
        memcpy(k0, key, key_len);
    }
    for (i = 0; i < SHA256_BLOCK; i++)
        pad[i] = k0[i] ^ 0x36;
    ok = EVP_DigestInit_ex(k->inner, ctx->md, NULL) && EVP_DigestUpdate(k->inner, pad, SHA256_BLOCK);
    for (i = 0; i < SHA256_BLOCK; i++)
        pad[i] = k0[i] ^ 0x5c;
    ok = ok && EVP_DigestInit_ex(k->outer, ctx->md, NULL) && EVP_DigestUpdate(k->outer, pad, SHA256_BLOCK);
    OPENSSL_cleanse(k0, sizeof(k0));
    OPENSSL_cleanse(pad, sizeof(pad));
    if (!ok)
        goto fail;
    k->ready = 1;
    return TIM_OK;
fail:
    hmac_key_forget(k);
    return TIM_ECRYPTO;
}

static int hmac_run(tim_ctx *ctx, const hmac_key *k, const void *msg, size_t msg_len, unsigned char out[32])
{
    unsigned char inner[SHA256_LEN];
    int ok = EVP_MD_CTX_copy_ex(ctx->work, k->inner) && EVP_DigestUpdate(ctx->work, msg, msg_len) &&
             EVP_DigestFinal_ex(ctx->work, inner, NULL) && EVP_MD_CTX_copy_ex(ctx->work, k->outer) &&
             EVP_DigestUpdate(ctx->work, inner, SHA256_LEN) && EVP_DigestFinal_ex(ctx->work, out, NULL);
    OPENSSL_cleanse(inner, sizeof(inner));
    return ok ? TIM_OK : TIM_ECRYPTO;
}

int tim_hmac_sha256(tim_ctx *ctx, const void *key, size_t key_len, const void *msg, size_t msg_len,
                    unsigned char out[32])
{
    int st = hmac_key_set(ctx, &ctx->keys[1], key, key_len);
    if (st != TIM_OK)
        return st;
    return hmac_run(ctx, &ctx->keys[1], msg, msg_len, out);
}

int tim_random32(tim_ctx *ctx, uint32_t *out)
{
    const unsigned char *b;
    unsigned long gen = fork_generation;
    pid_t pid = fork_handler_ok ? 0 : getpid();

    if (ctx->rnd_used + 4 > sizeof(ctx->rnd) || ctx->rnd_gen != gen || ctx->rnd_pid != pid) {
        /* RAND_bytes is fork-safe itself (OpenSSL 3 reseeds its DRBGs in a new process) */
        if (RAND_bytes(ctx->rnd, (int)sizeof(ctx->rnd)) != 1) {
            ctx->rnd_used = sizeof(ctx->rnd);
            return TIM_ECRYPTO;
        }
        ctx->rnd_used = 0;
        ctx->rnd_gen = gen;
        ctx->rnd_pid = pid;
    }
    b = ctx->rnd + ctx->rnd_used;
    *out = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    OPENSSL_cleanse(ctx->rnd + ctx->rnd_used, 4); /* handed out: not kept */
    ctx->rnd_used += 4;
    return TIM_OK;
}

int tim_sha256(tim_ctx *ctx, const void *msg, size_t msg_len, unsigned char out[32])
{
    return EVP_Digest(msg, msg_len, out, NULL, ctx->md, NULL) ? TIM_OK : TIM_ECRYPTO;
}

/* ------------------------------------------------------------------------------------------ */
/* Small writers */

static size_t put_mem(unsigned char *o, const void *s, size_t n)
{
    memcpy(o, s, n);
    return n;
}

#define PUT_LIT(o, lit) put_mem((o), (lit), sizeof(lit) - 1)

static size_t put_i64(unsigned char *o, int64_t v)
{
    char tmp[24];
    size_t n = 0, k = 0;
    uint64_t u = (uint64_t)v;

    if (v < 0) {
        o[k++] = '-';
        u = (uint64_t)0 - u;
    }
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    while (n > 0)
        o[k++] = (unsigned char)tmp[--n];
    return k;
}

int tim_utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
        } else if (c >= 0xc2 && c <= 0xdf) {
            if (i + 1 >= n || (s[i + 1] & 0xc0) != 0x80)
                return 0;
            i += 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            unsigned c1;
            if (i + 2 >= n)
                return 0;
            c1 = s[i + 1];
            if ((c1 & 0xc0) != 0x80 || (s[i + 2] & 0xc0) != 0x80)
                return 0;
            if (c == 0xe0 && c1 < 0xa0) /* overlong */
                return 0;
            if (c == 0xed && c1 >= 0xa0) /* surrogates */
                return 0;
            i += 3;
        } else if (c >= 0xf0 && c <= 0xf4) {
            unsigned c1;
            if (i + 3 >= n)
                return 0;
            c1 = s[i + 1];
            if ((c1 & 0xc0) != 0x80 || (s[i + 2] & 0xc0) != 0x80 || (s[i + 3] & 0xc0) != 0x80)
                return 0;
            if (c == 0xf0 && c1 < 0x90) /* overlong */
                return 0;
            if (c == 0xf4 && c1 >= 0x90) /* > U+10FFFF */
                return 0;
            i += 4;
        } else {
            return 0;
        }
    }
    return 1;
}

/* JSON string body in Python's json.dumps(ensure_ascii=True) dialect. s must be valid UTF-8.
 * Writes at most 6 bytes per input byte. */
static size_t put_json_ascii(unsigned char *o, const unsigned char *s, size_t n)
{
    static const char hex[16] = "0123456789abcdef";
    unsigned char *start = o;
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        uint32_t cp;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            *o++ = (unsigned char)c;
            i++;
            continue;
        }
        if (c < 0x80) {
            i++;
            *o++ = '\\';
            switch (c) {
            case '"': *o++ = '"'; continue;
            case '\\': *o++ = '\\'; continue;
            case '\n': *o++ = 'n'; continue;
            case '\r': *o++ = 'r'; continue;
            case '\t': *o++ = 't'; continue;
            case '\b': *o++ = 'b'; continue;
            case '\f': *o++ = 'f'; continue;
            default: break;
            }
            cp = c;
        } else if (c < 0xe0) {
            cp = (uint32_t)(c & 0x1f) << 6 | (s[i + 1] & 0x3f);
            i += 2;
            *o++ = '\\';
        } else if (c < 0xf0) {
            cp = (uint32_t)(c & 0x0f) << 12 | (uint32_t)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
            i += 3;
            *o++ = '\\';
        } else {
            uint32_t v = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3f) << 12 |
                         (uint32_t)(s[i + 2] & 0x3f) << 6 | (s[i + 3] & 0x3f);
            uint32_t hi, lo;
            i += 4;
            v -= 0x10000;
            hi = 0xd800 | (v >> 10);
            lo = 0xdc00 | (v & 0x3ff);
            *o++ = '\\';
            *o++ = 'u';
            *o++ = (unsigned char)hex[hi >> 12];
            *o++ = (unsigned char)hex[(hi >> 8) & 15];
            *o++ = (unsigned char)hex[(hi >> 4) & 15];
            *o++ = (unsigned char)hex[hi & 15];
            *o++ = '\\';
            cp = lo;
        }
        *o++ = 'u';
        *o++ = (unsigned char)hex[cp >> 12];
        *o++ = (unsigned char)hex[(cp >> 8) & 15];
        *o++ = (unsigned char)hex[(cp >> 4) & 15];
        *o++ = (unsigned char)hex[cp & 15];
    }
    return (size_t)(o - start);
}

/* The MAC input text; userbuf_b64 NULL means no userbuf line. Returns its length in ctx BUF_MAC. */
static int mac_text(tim_ctx *ctx, const unsigned char *id, size_t id_len, int64_t sdkappid, int64_t time,
                    int64_t expire, const char *userbuf_b64, size_t userbuf_b64_len, unsigned char **text,
                    size_t *text_len)
{
    size_t need, o = 0;
    unsigned char *m;

    if (id_len > SIZE_MAX / 2 || userbuf_b64_len > SIZE_MAX / 4)
        return TIM_EINVAL;
    need = id_len + userbuf_b64_len + 160;
    m = scratch(ctx, BUF_MAC, need);
    if (m == NULL)
        return TIM_ENOMEM;
    o += PUT_LIT(m + o, "TLS.identifier:");
    o += put_mem(m + o, id, id_len);
    o += PUT_LIT(m + o, "\nTLS.sdkappid:");
    o += put_i64(m + o, sdkappid);
    o += PUT_LIT(m + o, "\nTLS.time:");
    o += put_i64(m + o, time);
    o += PUT_LIT(m + o, "\nTLS.expire:");
    o += put_i64(m + o, expire);
    o += PUT_LIT(m + o, "\n");
    if (userbuf_b64 != NULL) {
        o += PUT_LIT(m + o, "TLS.userbuf:");
        o += put_mem(m + o, userbuf_b64, userbuf_b64_len);
        o += PUT_LIT(m + o, "\n");
    }
    *text = m;
    *text_len = o;
    return TIM_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Generation */

int tim_usersig_generate(tim_ctx *ctx, const tim_usersig_in *in, const char **out, size_t *out_len)
{
    return tim_usersig_generate_level(ctx, in, 6, out, out_len);
}

/* Rewinds the reusable deflate stream for a new document at the given level. deflateReset +
 * deflateParams on a fresh (reset) stream gives the same state as deflateInit2 at that level, so
 * the output equals compress2(doc, level) byte for byte, without compress2's ~256 KiB allocation
 * per call. */
static int deflate_rewind(tim_ctx *ctx, int level)
{
    if (!ctx->def_ready) {
        memset(&ctx->def, 0, sizeof(ctx->def));
        if (deflateInit2(&ctx->def, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return TIM_ENOMEM;
        ctx->def_ready = 1;
        ctx->def_level = level;
        return TIM_OK;
    }
    if (deflateReset(&ctx->def) != Z_OK)
        return TIM_ECRYPTO;
    if (ctx->def_level != level) {
        if (deflateParams(&ctx->def, level, Z_DEFAULT_STRATEGY) != Z_OK)
            return TIM_ECRYPTO;
        ctx->def_level = level;
    }
    return TIM_OK;
}

int tim_usersig_generate_level(tim_ctx *ctx, const tim_usersig_in *in, int level, const char **out,
                               size_t *out_len)
{
    unsigned char mac[SHA256_LEN], *text, *doc, *zip, *res;
    char sig_b64[48];
    size_t text_len, ub_len = 0, doc_cap, o = 0, zip_cap, zip_len, res_len;
    int st;

    if (level < 0 || level > 9 || in->sdkappid < 0 || in->expire < 0 || in->now < 0 ||
        in->identifier_len > TIM_MAX_IDENTIFIER ||
        (in->userbuf != NULL && in->userbuf_len > TIM_MAX_USERBUF) ||
        !tim_utf8_valid(in->identifier, in->identifier_len))
        return TIM_EINVAL;

    st = hmac_key_set(ctx, &ctx->keys[0], in->key, in->key_len);
    if (st != TIM_OK)
        return st;

    /* The JSON document is written first with the userbuf's base64 in place, so that the MAC text
     * can reuse it; the sig goes at the end. */
    if (in->userbuf != NULL)
        ub_len = tim_b64_encoded_len(in->userbuf_len);
    doc_cap = 6 * in->identifier_len + ub_len + 256;
    doc = scratch(ctx, BUF_DOC, doc_cap);
    if (doc == NULL)
        return TIM_ENOMEM;
    o += PUT_LIT(doc + o, "{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"");
    o += put_json_ascii(doc + o, in->identifier, in->identifier_len);
    o += PUT_LIT(doc + o, "\", \"TLS.sdkappid\": ");
    o += put_i64(doc + o, in->sdkappid);
    o += PUT_LIT(doc + o, ", \"TLS.expire\": ");
    o += put_i64(doc + o, in->expire);
    o += PUT_LIT(doc + o, ", \"TLS.time\": ");
    o += put_i64(doc + o, in->now);
    if (in->userbuf != NULL) {
        size_t ub_at;
        o += PUT_LIT(doc + o, ", \"TLS.userbuf\": \"");
        ub_at = o;
        tim_b64_encode(in->userbuf, in->userbuf_len, (char *)doc + o, TIM_B64_STD);
        o += ub_len;
        o += PUT_LIT(doc + o, "\"");
        st = mac_text(ctx, in->identifier, in->identifier_len, in->sdkappid, in->now, in->expire,
                      (const char *)doc + ub_at, ub_len, &text, &text_len);
    } else {
        st = mac_text(ctx, in->identifier, in->identifier_len, in->sdkappid, in->now, in->expire, NULL, 0,
                      &text, &text_len);
    }
    if (st != TIM_OK)
        return st;
    st = hmac_run(ctx, &ctx->keys[0], text, text_len, mac);
    if (st != TIM_OK)
        return st;
    tim_b64_encode(mac, SHA256_LEN, sig_b64, TIM_B64_STD);
    o += PUT_LIT(doc + o, ", \"TLS.sig\": \"");
    o += put_mem(doc + o, sig_b64, 44);
    o += PUT_LIT(doc + o, "\"}");

    st = deflate_rewind(ctx, level);
    if (st != TIM_OK)
        return st;
    zip_cap = deflateBound(&ctx->def, (uLong)o);
    zip = scratch(ctx, BUF_ZIP, zip_cap);
    if (zip == NULL)
        return TIM_ENOMEM;
    ctx->def.next_in = doc;
    ctx->def.avail_in = (uInt)o;
    ctx->def.next_out = zip;
    ctx->def.avail_out = (uInt)zip_cap;
    if (deflate(&ctx->def, Z_FINISH) != Z_STREAM_END)
        return TIM_ECRYPTO;
    zip_len = zip_cap - ctx->def.avail_out;

    res_len = tim_b64_encoded_len(zip_len);
    res = scratch(ctx, BUF_OUT, res_len);
    if (res == NULL)
        return TIM_ENOMEM;
    tim_b64_encode(zip, zip_len, (char *)res, TIM_B64_SIG);
    *out = (const char *)res;
    *out_len = res_len;
    return TIM_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Inflate: zlib wrapper, Adler-32 checked by zlib, output capped, no trailing bytes */

static int inflate_doc(tim_ctx *ctx, const unsigned char *z, size_t z_len, unsigned char **doc, size_t *doc_len)
{
    unsigned char *out = scratch(ctx, BUF_DOC, TIM_MAX_DOC);
    int rc;

    if (out == NULL)
        return TIM_ENOMEM;
    if (!ctx->inf_ready) {
        memset(&ctx->inf, 0, sizeof(ctx->inf));
        if (inflateInit2(&ctx->inf, 15) != Z_OK)
            return TIM_ENOMEM;
        ctx->inf_ready = 1;
    } else if (inflateReset(&ctx->inf) != Z_OK) {
        return TIM_ECRYPTO;
    }
    ctx->inf.next_in = (unsigned char *)(uintptr_t)z; /* zlib's API is not const */
    ctx->inf.avail_in = (uInt)z_len;
    ctx->inf.next_out = out;
    ctx->inf.avail_out = TIM_MAX_DOC;
    rc = inflate(&ctx->inf, Z_FINISH);
    if (rc == Z_MEM_ERROR)
        return TIM_ENOMEM;
    if (rc != Z_STREAM_END || ctx->inf.avail_in != 0)
        return TIM_NOT_ZLIB;
    *doc = out;
    *doc_len = TIM_MAX_DOC - ctx->inf.avail_out;
    return TIM_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* The document: any JSON object, read by json.c; its top-level TLS.* members are kept. */

enum { J_NONE = 0, J_STRING, J_INT, J_NUMBER, J_OTHER };
enum { F_VER, F_IDENTIFIER, F_SDKAPPID, F_EXPIRE, F_TIME, F_USERBUF, F_SIG, F_COUNT };

static const struct {
    const char *name;
    size_t len;
} field_names[F_COUNT] = {
    {"TLS.ver", 7}, {"TLS.identifier", 14}, {"TLS.sdkappid", 12}, {"TLS.expire", 10},
    {"TLS.time", 8}, {"TLS.userbuf", 11}, {"TLS.sig", 7},
};

/* The longest raw name that can unescape to a TLS.* name: 14 bytes, each at most 6 as \u00XX. */
#define FIELD_RAW_MAX (6 * 14)

/* The object and 64 levels of nesting inside it (docs/core.md: deeper is bad_json). */
#define DOC_MAX_DEPTH 65

typedef struct {
    int type;
    const char *s; /* J_STRING: unescaped, in the arena */
    size_t n;
    int64_t v;     /* J_INT */
} jfield;

typedef struct {
    unsigned char *arena; /* kept strings, unescaped: never longer than their JSON text */
    size_t used;
    int started;          /* the top-level object has begun */
    jfield *value_of;     /* the TLS.* member whose value comes next, NULL for any other */
    jfield f[F_COUNT];
} doc_reader;

/* The TLS.* member a name of the top-level object stands for, or -1. */
static int field_named(const tim_json_event *ev)
{
    char buf[FIELD_RAW_MAX];
    const char *name = ev->s;
    size_t n = ev->n;
    int i;

    if (ev->escaped) {
        if (n > sizeof(buf))
            return -1;
        n = tim_json_unescape(ev->s, ev->n, buf);
        name = buf;
    }
    for (i = 0; i < F_COUNT; i++)
        if (n == field_names[i].len && memcmp(name, field_names[i].name, n) == 0)
            return i;
    return -1;
}

/* An integer literal as the official libraries write one, without fraction or exponent: json.c gives
 * 2.0 and 2e0 as the integer 2 too, and those are not integers here. */
static int plain_integer(const char *lit, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (lit[k] == '.' || lit[k] == 'e' || lit[k] == 'E')
            return 0;
    return 1;
}

static void keep_value(doc_reader *r, jfield *keep, const tim_json_event *ev)
{
    switch (ev->type) {
    case TIM_JSON_STRING:
        keep->type = J_STRING;
        keep->s = (const char *)r->arena + r->used;
        keep->n = tim_json_unescape(ev->s, ev->n, (char *)r->arena + r->used);
        r->used += keep->n;
        break;
    case TIM_JSON_INT:
        keep->type = plain_integer(ev->s, ev->n) ? J_INT : J_NUMBER;
        keep->v = ev->i;
        break;
    case TIM_JSON_UINT:
    case TIM_JSON_FLOAT:
    case TIM_JSON_NUMBER:
        keep->type = J_NUMBER;
        break;
    default: /* null, true, false, an array or object */
        keep->type = J_OTHER;
        break;
    }
}

/* json.c's callback: nonzero (bad_json) for a top level that is not an object or a TLS.* member twice. */
static int on_doc_event(void *ud, const tim_json_event *ev)
{
    doc_reader *r = (doc_reader *)ud;
    jfield *keep;

    if (!r->started) {
        r->started = 1;
        return ev->type != TIM_JSON_OBJECT_BEGIN;
    }
    if (ev->type == TIM_JSON_KEY) {
        int i = ev->depth == 1 ? field_named(ev) : -1;
        if (i >= 0) {
            if (r->f[i].type != J_NONE) /* a duplicate TLS.* member is ambiguous */
                return 1;
            r->value_of = &r->f[i];
        }
        return 0;
    }
    /* the first event after a name is its value (or the value's BEGIN) */
    keep = r->value_of;
    r->value_of = NULL;
    if (keep != NULL)
        keep_value(r, keep, ev);
    return 0;
}

/* Steps 1-3 and 5; version checked by the caller. Fills f (strings in the arena). */
static int decode_fields(tim_ctx *ctx, const char *sig, size_t sig_len, tim_fields *f, int check_version)
{
    unsigned char *z, *doc, *arena;
    size_t z_len, doc_len;
    doc_reader r;
    tim_json_opts opts;
    int st;

    memset(f, 0, sizeof(*f));
    if (sig_len == 0 || sig_len > TIM_MAX_SIG)
        return TIM_BAD_BASE64;
    z = scratch(ctx, BUF_ZIP, tim_b64_decoded_max(sig_len));
    if (z == NULL)
        return TIM_ENOMEM;
    if (tim_b64_decode(sig, sig_len, z, &z_len, TIM_B64_SIG) != 0)
        return TIM_BAD_BASE64;
    st = inflate_doc(ctx, z, z_len, &doc, &doc_len);
    if (st != TIM_OK)
        return st;

    /* Arena: the kept strings fit in the document's length; the userbuf's bytes after them. */
    arena = scratch(ctx, BUF_ARENA, 2 * doc_len + 8);
    if (arena == NULL)
        return TIM_ENOMEM;
    memset(&r, 0, sizeof(r));
    r.arena = arena;
    memset(&opts, 0, sizeof(opts));
    opts.max_size = TIM_MAX_DOC;
    opts.max_depth = DOC_MAX_DEPTH;
    opts.any_number = 1; /* any number may stand in an ignored member; a TLS.* one that is no int64 is missing */
    if (tim_json_parse((const char *)doc, doc_len, &opts, on_doc_event, &r, NULL) != TIM_JSON_OK)
        return TIM_BAD_JSON;

    if (r.f[F_VER].type == J_STRING) {
        f->ver = r.f[F_VER].s;
        f->ver_len = r.f[F_VER].n;
    }
    if (check_version && (f->ver == NULL || f->ver_len != 3 || memcmp(f->ver, "2.0", 3) != 0))
        return TIM_WRONG_VERSION;
    if (r.f[F_IDENTIFIER].type != J_STRING || r.f[F_SDKAPPID].type != J_INT || r.f[F_EXPIRE].type != J_INT ||
        r.f[F_TIME].type != J_INT || r.f[F_SIG].type != J_STRING ||
        (r.f[F_USERBUF].type != J_NONE && r.f[F_USERBUF].type != J_STRING))
        return TIM_MISSING_FIELD;
    f->identifier = r.f[F_IDENTIFIER].s;
    f->identifier_len = r.f[F_IDENTIFIER].n;
    f->sdkappid = r.f[F_SDKAPPID].v;
    f->expire = r.f[F_EXPIRE].v;
    f->time = r.f[F_TIME].v;
    f->sig = r.f[F_SIG].s;
    f->sig_len = r.f[F_SIG].n;
    if (r.f[F_USERBUF].type == J_STRING) {
        unsigned char *ub = arena + r.used;
        f->has_userbuf = 1;
        f->userbuf_b64 = r.f[F_USERBUF].s;
        f->userbuf_b64_len = r.f[F_USERBUF].n;
        if (tim_b64_decode(f->userbuf_b64, f->userbuf_b64_len, ub, &f->userbuf_len, TIM_B64_STD) != 0)
            return TIM_MISSING_FIELD; /* TLS.userbuf must be base64 */
        f->userbuf = ub;
    }
    return TIM_OK;
}

int tim_usersig_decode(tim_ctx *ctx, const char *sig, size_t sig_len, tim_fields *f)
{
    return decode_fields(ctx, sig, sig_len, f, 0);
}

int tim_usersig_verify(tim_ctx *ctx, const char *sig, size_t sig_len, const tim_verify_in *in, tim_fields *f)
{
    unsigned char want[SHA256_LEN], got[40], *text;
    size_t text_len, got_len;
    int st, same;

    st = decode_fields(ctx, sig, sig_len, f, 1);
    if (st != TIM_OK)
        return st;
    if (f->sdkappid != in->sdkappid)
        return TIM_WRONG_SDKAPPID;
    if (in->identifier != NULL &&
        (f->identifier_len != in->identifier_len ||
         memcmp(f->identifier, in->identifier, in->identifier_len) != 0))
        return TIM_WRONG_IDENTIFIER;

    if (f->sig_len > 48 || tim_b64_decode(f->sig, f->sig_len, got, &got_len, TIM_B64_STD) != 0 ||
        got_len != SHA256_LEN)
        return TIM_BAD_HMAC;
    st = hmac_key_set(ctx, &ctx->keys[0], in->key, in->key_len);
    if (st != TIM_OK)
        return st;
    st = mac_text(ctx, (const unsigned char *)f->identifier, f->identifier_len, f->sdkappid, f->time, f->expire,
                  f->has_userbuf ? f->userbuf_b64 : NULL, f->userbuf_b64_len, &text, &text_len);
    if (st != TIM_OK)
        return st;
    st = hmac_run(ctx, &ctx->keys[0], text, text_len, want);
    if (st != TIM_OK)
        return st;
    same = CRYPTO_memcmp(want, got, SHA256_LEN) == 0;
    OPENSSL_cleanse(want, sizeof(want));
    if (!same)
        return TIM_BAD_HMAC;

    /* expired iff now > time + expire, without overflow */
    if (f->expire >= 0) {
        if (f->time <= INT64_MAX - f->expire && in->now > f->time + f->expire)
            return TIM_EXPIRED;
    } else {
        if (f->time < INT64_MIN - f->expire || in->now > f->time + f->expire)
            return TIM_EXPIRED;
    }
    return TIM_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Privilege map */

size_t tim_privmap_len(const tim_privmap_in *in)
{
    if (in->identifier_len > 65535 || (in->roomstr != NULL && in->roomstr_len > 65535))
        return 0;
    if (in->roomstr != NULL && in->roomstr_len > 0)
        return 25 + in->identifier_len + in->roomstr_len;
    return 23 + in->identifier_len;
}

static size_t put_be32(unsigned char *o, uint32_t v)
{
    o[0] = (unsigned char)(v >> 24);
    o[1] = (unsigned char)(v >> 16);
    o[2] = (unsigned char)(v >> 8);
    o[3] = (unsigned char)v;
    return 4;
}

static size_t put_be16(unsigned char *o, size_t v)
{
    o[0] = (unsigned char)(v >> 8);
    o[1] = (unsigned char)v;
    return 2;
}

int tim_privmap_build(const tim_privmap_in *in, unsigned char *out)
{
    int strroom = in->roomstr != NULL && in->roomstr_len > 0;
    size_t o = 0;

    if (tim_privmap_len(in) == 0 || in->expire < 0 || in->now < 0)
        return TIM_EINVAL;
    out[o++] = strroom ? 1 : 0;
    o += put_be16(out + o, in->identifier_len);
    o += put_mem(out + o, in->identifier, in->identifier_len);
    o += put_be32(out + o, (uint32_t)((uint64_t)in->sdkappid & 0xffffffffu));
    o += put_be32(out + o, strroom ? 0 : in->roomid);
    o += put_be32(out + o, (uint32_t)(((uint64_t)in->now + (uint64_t)in->expire) & 0xffffffffu));
    o += put_be32(out + o, in->privileges);
    o += put_be32(out + o, 0); /* dwAccountType */
    if (strroom) {
        o += put_be16(out + o, in->roomstr_len);
        put_mem(out + o, in->roomstr, in->roomstr_len);
    }
    return TIM_OK;
}

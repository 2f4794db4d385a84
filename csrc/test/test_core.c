/* test_core.c: unit test of the pure C core (usersig.c, codec.c, sig.c, json.c via test_json.c, http_head.c via
 * test_http.c) with no Lua. Prints TAP
 * ("ok N - name" / "not ok N - name", then "1..N"); exits 1 when a test failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include <poll.h>
#include <signal.h>

#include "codec.h"
#include "sig.h"
#include "test_http.h"
#include "test_json.h"
#include "usersig.h"
#include "usersig_corpus.h"

static int tests, failures;

static void check(int cond, const char *name)
{
    tests++;
    if (cond) {
        printf("ok %d - %s\n", tests, name);
    } else {
        failures++;
        printf("not ok %d - %s\n", tests, name);
    }
}

#define KEY "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"

static int mem_is(const void *a, size_t an, const void *b, size_t bn)
{
    return an == bn && memcmp(a, b, an) == 0;
}

static int str_is(const void *a, size_t an, const char *b)
{
    return mem_is(a, an, b, strlen(b));
}

static void test_codec(void)
{
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    static const char *const bad[] = {"Zg=", "Z", "Zg==Zg==", "Zm9v\n", "Zm 9v", "Zh==", "Zg===", "====", "Z==="};
    char out[64], pct[64];
    unsigned char dec[64];
    size_t i, n;
    int ok = 1;

    for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        size_t len = strlen(plain[i]);
        tim_b64_encode((const unsigned char *)plain[i], len, out, TIM_B64_STD);
        ok &= str_is(out, tim_b64_encoded_len(len), enc[i]);
        ok &= tim_b64_decode(enc[i], strlen(enc[i]), dec, &n, TIM_B64_STD) == 0 && mem_is(dec, n, plain[i], len);
    }
    check(ok, "base64: RFC 4648 vectors encode and decode");

    ok = tim_b64_decode("Zg", 2, dec, &n, TIM_B64_STD) == 0 && str_is(dec, n, "f") &&
         tim_b64_decode("Zm8", 3, dec, &n, TIM_B64_STD) == 0 && str_is(dec, n, "fo");
    check(ok, "base64: padding is optional on decode");

    ok = 1;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok &= tim_b64_decode(bad[i], strlen(bad[i]), dec, &n, TIM_B64_STD) != 0;
    check(ok, "base64: malformed input, whitespace and non-canonical bits are refused");

    tim_b64_encode((const unsigned char *)"\xfb\xff\xfe", 3, out, TIM_B64_SIG);
    ok = str_is(out, 4, "*--*");
    tim_b64_encode((const unsigned char *)"\xfb", 1, out, TIM_B64_SIG);
    ok &= str_is(out, 4, "*w__");
    ok &= tim_b64_decode("*w__", 4, dec, &n, TIM_B64_SIG) == 0 && mem_is(dec, n, "\xfb", 1);
    ok &= tim_b64_decode("+w==", 4, dec, &n, TIM_B64_SIG) != 0;
    ok &= tim_b64_decode("*w__", 4, dec, &n, TIM_B64_STD) != 0;
    check(ok, "base64: the UserSig variant maps + / = to * - _ and refuses the standard alphabet");

    n = tim_pct_encode((const unsigned char *)"aZ09-._~ /*\xff", 12, pct, TIM_PCT_STRICT);
    ok = str_is(pct, n, "aZ09-._~%20%2F%2A%FF");
    n = tim_pct_encode((const unsigned char *)"a*b", 3, pct, TIM_PCT_KEEP_STAR);
    ok &= str_is(pct, n, "a*b");
    check(ok, "percent-encoding keeps unreserved characters (and '*' on request)");

    n = tim_form_decode("a+b%41%4a%4A%zz%4%", 18, pct);
    check(str_is(pct, n, "a bAJJ%zz%4%"), "form decoding: + is a space, %XX either case, a bad % kept");

    tim_hex_encode((const unsigned char *)"\x00\xab\xff", 3, out);
    check(str_is(out, 6, "00abff"), "hex is lower-case");
}

static void test_utf8(void)
{
    static const char *const good[] = {"", "abc", "a\0b", "\xc2\x80", "\xe4\xb8\xad", "\xf0\x9d\x84\x9e",
                                       "\xf4\x8f\xbf\xbf", "\xef\xbf\xbf"};
    static const size_t good_len[] = {0, 3, 3, 2, 3, 4, 4, 3};
    static const char *const bad[] = {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                      "\xe4\xb8", "\x80", "\xf8\x88\x80\x80\x80"};
    size_t i;
    int ok = 1;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        ok &= tim_utf8_valid((const unsigned char *)good[i], good_len[i]);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok &= !tim_utf8_valid((const unsigned char *)bad[i], strlen(bad[i]));
    check(ok, "UTF-8: strict (no overlongs, surrogates, > U+10FFFF, truncation)");
}

static int inflate_all(const char *sig, size_t sig_len, unsigned char *z, size_t *z_len, unsigned char *doc,
                       size_t *doc_len)
{
    uLongf dl = (uLongf)*doc_len;
    if (tim_b64_decode(sig, sig_len, z, z_len, TIM_B64_SIG) != 0)
        return 0;
    if (uncompress(doc, &dl, z, (uLong)*z_len) != Z_OK)
        return 0;
    *doc_len = dl;
    return 1;
}

static void test_generate(tim_ctx *ctx)
{
    static const char want_doc[] =
        "{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"xiaojun\", \"TLS.sdkappid\": 1400000000, "
        "\"TLS.expire\": 15552000, \"TLS.time\": 1700000000, \"TLS.sig\": "
        "\"LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=\"}";
    tim_usersig_in in;
    const char *sig;
    size_t sig_len, z_len, doc_len = 4096;
    unsigned char z[4096], doc[4096], ref[4096];
    uLongf ref_len;
    int ok, i, same = 1;

    memset(&in, 0, sizeof(in));
    in.sdkappid = 1400000000;
    in.key = (const unsigned char *)KEY;
    in.key_len = 64;
    in.identifier = (const unsigned char *)"xiaojun";
    in.identifier_len = 7;
    in.expire = 15552000;
    in.now = 1700000000;
    ok = tim_usersig_generate(ctx, &in, &sig, &sig_len) == TIM_OK;
    check(ok && sig_len == 184, "generate: the worked example is 184 characters");
    ok = ok && inflate_all(sig, sig_len, z, &z_len, doc, &doc_len);
    check(ok && str_is(doc, doc_len, want_doc), "generate: the worked example's document, Python dialect");
    check(ok && z_len > 2 && z[0] == 0x78 && z[1] == 0x9c, "generate: zlib header 78 9c");

    /* The reused deflate stream must give what a fresh compress2(..., 6) gives, call after call. */
    for (i = 0; i < 200; i++) {
        char id[64];
        in.now = 1700000000 + i * 7919;
        snprintf(id, sizeof(id), "user-%d-\xe4\xb8\xad", i * 31);
        in.identifier = (const unsigned char *)id;
        in.identifier_len = strlen(id);
        in.userbuf = (i % 3 == 0) ? (const unsigned char *)"\x01\x02\x03" : NULL;
        in.userbuf_len = 3;
        doc_len = sizeof(doc);
        if (tim_usersig_generate(ctx, &in, &sig, &sig_len) != TIM_OK ||
            !inflate_all(sig, sig_len, z, &z_len, doc, &doc_len)) {
            same = 0;
            break;
        }
        ref_len = sizeof(ref);
        if (compress2(ref, &ref_len, doc, (uLong)doc_len, 6) != Z_OK || !mem_is(ref, ref_len, z, z_len)) {
            same = 0;
            break;
        }
    }
    check(same, "generate: the reused deflate stream is byte-identical to compress2 level 6 (200 calls)");

    /* Switching levels on the one stream: each output equals compress2 at that level. */
    same = 1;
    for (i = 0; i < 60 && same; i++) {
        int level = (i * 7) % 10;
        in.now = 1700000000 + i;
        in.identifier = (const unsigned char *)"administrator";
        in.identifier_len = 13;
        in.userbuf = NULL;
        doc_len = sizeof(doc);
        ref_len = sizeof(ref);
        same = tim_usersig_generate_level(ctx, &in, level, &sig, &sig_len) == TIM_OK &&
               inflate_all(sig, sig_len, z, &z_len, doc, &doc_len) &&
               compress2(ref, &ref_len, doc, (uLong)doc_len, level) == Z_OK && mem_is(ref, ref_len, z, z_len);
    }
    check(same, "generate: levels 0..9 on the reused stream equal compress2 at each level");
    check(tim_usersig_generate_level(ctx, &in, 10, &sig, &sig_len) == TIM_EINVAL &&
              tim_usersig_generate_level(ctx, &in, -1, &sig, &sig_len) == TIM_EINVAL,
          "generate: a level outside 0..9 is TIM_EINVAL");

    {
        static const char want[] =
            "{\"TLS.ver\": \"2.0\", \"TLS.identifier\": \"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f/"
            "\\u00e9\\u4e2d\\ud834\\udd1e\", \"TLS.sdkappid\": 0, \"TLS.expire\": 0, \"TLS.time\": 0, "
            "\"TLS.userbuf\": \"\", \"TLS.sig\": \"";
        static const char id[] = "\"\\\n\r\t\b\f\0\x1f\x7f/\xc3\xa9\xe4\xb8\xad\xf0\x9d\x84\x9e";
        memset(&in, 0, sizeof(in));
        in.key = (const unsigned char *)"k";
        in.key_len = 1;
        in.identifier = (const unsigned char *)id;
        in.identifier_len = sizeof(id) - 1;
        in.userbuf = (const unsigned char *)"";
        doc_len = sizeof(doc);
        ok = tim_usersig_generate(ctx, &in, &sig, &sig_len) == TIM_OK &&
             inflate_all(sig, sig_len, z, &z_len, doc, &doc_len);
        check(ok && doc_len > sizeof(want) - 1 && memcmp(doc, want, sizeof(want) - 1) == 0,
              "generate: ensure_ascii escapes (short forms, \\u00XX, DEL, lower-case hex, surrogates), empty userbuf");
    }

    memset(&in, 0, sizeof(in));
    in.key = (const unsigned char *)"k";
    in.key_len = 1;
    in.identifier = (const unsigned char *)"\xff";
    in.identifier_len = 1;
    ok = tim_usersig_generate(ctx, &in, &sig, &sig_len) == TIM_EINVAL;
    in.identifier = (const unsigned char *)"a";
    in.expire = -1;
    ok &= tim_usersig_generate(ctx, &in, &sig, &sig_len) == TIM_EINVAL;
    in.expire = 1;
    in.identifier_len = TIM_MAX_IDENTIFIER + 1;
    ok &= tim_usersig_generate(ctx, &in, &sig, &sig_len) == TIM_EINVAL;
    check(ok, "generate: invalid UTF-8, negative expire and oversized identifier are TIM_EINVAL");
}

static void test_verify(tim_ctx *ctx)
{
    tim_usersig_in in;
    tim_verify_in v;
    tim_fields f;
    const char *sig;
    char *copy;
    size_t sig_len;
    int ok;

    memset(&in, 0, sizeof(in));
    in.sdkappid = 1400000000;
    in.key = (const unsigned char *)KEY;
    in.key_len = 64;
    in.identifier = (const unsigned char *)"al\0ice";
    in.identifier_len = 6;
    in.expire = 86400;
    in.now = 1700000000;
    in.userbuf = (const unsigned char *)"\0\1\2";
    in.userbuf_len = 3;
    if (tim_usersig_generate(ctx, &in, &sig, &sig_len) != TIM_OK) {
        check(0, "verify: generate a sig to verify");
        return;
    }
    copy = malloc(sig_len);
    if (copy == NULL)
        return;
    memcpy(copy, sig, sig_len);

    memset(&v, 0, sizeof(v));
    v.sdkappid = 1400000000;
    v.key = (const unsigned char *)KEY;
    v.key_len = 64;
    v.identifier = (const unsigned char *)"al\0ice";
    v.identifier_len = 6;
    v.now = 1700086400;
    ok = tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_OK;
    ok = ok && f.has_userbuf && mem_is(f.userbuf, f.userbuf_len, "\0\1\2", 3) &&
         mem_is(f.identifier, f.identifier_len, "al\0ice", 6) && f.time == 1700000000 && f.expire == 86400 &&
         f.sdkappid == 1400000000 && str_is(f.ver, f.ver_len, "2.0") && str_is(f.userbuf_b64, f.userbuf_b64_len, "AAEC");
    check(ok, "verify: round trip with NUL in the identifier and a userbuf, fields returned");

    v.now = 1700086401;
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_EXPIRED, "verify: expired one second after");
    v.now = 1700000000;
    v.identifier_len = 2;
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_WRONG_IDENTIFIER,
          "verify: identifier compared by length and bytes, not as a C string");
    v.identifier = NULL;
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_OK, "verify: any identifier when none expected");
    v.sdkappid = 1400000000 + 4294967296LL;
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_WRONG_SDKAPPID, "verify: full-width sdkappid");
    v.sdkappid = 1400000000;
    v.key_len = 63;
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_BAD_HMAC, "verify: another key is bad_hmac");
    v.key_len = 64;
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_OK, "verify: the key cache switches back");
    check(tim_usersig_verify(ctx, copy, sig_len - 4, &v, &f) != TIM_OK, "verify: a truncated sig fails");
    copy[10] = '!';
    check(tim_usersig_verify(ctx, copy, sig_len, &v, &f) == TIM_BAD_BASE64, "verify: bad_base64");
    check(tim_usersig_verify(ctx, "", 0, &v, &f) == TIM_BAD_BASE64, "verify: the empty sig is bad_base64");
    check(tim_usersig_verify(ctx, "AAAA", 4, &v, &f) == TIM_NOT_ZLIB, "verify: not_zlib");
    check(tim_usersig_decode(ctx, "eJzLyy9RyCrOz1NILFFIzMkBACyrBXo_", 32, &f) == TIM_BAD_JSON,
          "decode: zlib of plain text is bad_json");
    free(copy);
}

static void test_inflate_cap(tim_ctx *ctx)
{
    size_t n = 70000, z_cap = compressBound((uLong)n);
    unsigned char *doc = malloc(n), *z = malloc(z_cap);
    char *sig = malloc(tim_b64_encoded_len(z_cap));
    uLongf z_len = z_cap;
    tim_fields f;
    int ok = 0;

    if (doc != NULL && z != NULL && sig != NULL) {
        memset(doc, ' ', n);
        doc[0] = '{';
        doc[n - 1] = '}';
        if (compress2(z, &z_len, doc, (uLong)n, 9) == Z_OK) {
            tim_b64_encode(z, z_len, sig, TIM_B64_SIG);
            ok = tim_usersig_decode(ctx, sig, tim_b64_encoded_len(z_len), &f) == TIM_NOT_ZLIB;
        }
    }
    check(ok, "decode: a document inflating past 64 KiB is not_zlib");
    free(doc);
    free(z);
    free(sig);
}

/* Appends s[0..n) to out, quoted with ', bytes outside printable ASCII (and ' \) as \xNN. */
static void put_quoted(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    size_t i;

    if (*o + 2 + 4 * n >= cap)
        return;
    out[(*o)++] = '\'';
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\')
            *o += (size_t)sprintf(out + *o, "\\x%02x", c);
        else
            out[(*o)++] = (char)c;
    }
    out[(*o)++] = '\'';
    out[*o] = '\0';
}

/* What decode and verify answer for a document (zlib level 6, UserSig base64), as one line of text:
 * "<decode word> ver=.. id=.. app=.. exp=.. time=.. sig=.. [ub=..] | verify <word> | any id <word>",
 * verify with KEY, sdkappid 1400000000, now 1700000100, the given identifier and then none. */
static void describe(tim_ctx *ctx, const char *doc, size_t doc_len, const char *identifier, char *out, size_t cap)
{
    uLongf z_len = compressBound((uLong)doc_len);
    unsigned char *z = malloc(z_len);
    char *sig = malloc(tim_b64_encoded_len(z_len) + 1);
    size_t sig_len, o = 0;
    tim_fields f;
    tim_verify_in v;
    int st;

    out[0] = '\0';
    if (z == NULL || sig == NULL || compress2(z, &z_len, (const unsigned char *)doc, (uLong)doc_len, 6) != Z_OK) {
        free(z);
        free(sig);
        return;
    }
    tim_b64_encode(z, z_len, sig, TIM_B64_SIG);
    sig_len = tim_b64_encoded_len(z_len);

    st = tim_usersig_decode(ctx, sig, sig_len, &f);
    o += (size_t)snprintf(out + o, cap - o, "%s", tim_status_word(st));
    if (st == TIM_OK) {
        o += (size_t)snprintf(out + o, cap - o, " ver=");
        if (f.ver != NULL)
            put_quoted(out, cap, &o, f.ver, f.ver_len);
        else
            o += (size_t)snprintf(out + o, cap - o, "-");
        o += (size_t)snprintf(out + o, cap - o, " id=");
        put_quoted(out, cap, &o, f.identifier, f.identifier_len);
        o += (size_t)snprintf(out + o, cap - o, " app=%lld exp=%lld time=%lld sig=", (long long)f.sdkappid,
                              (long long)f.expire, (long long)f.time);
        put_quoted(out, cap, &o, f.sig, f.sig_len);
        if (f.has_userbuf) {
            o += (size_t)snprintf(out + o, cap - o, " ub=");
            put_quoted(out, cap, &o, f.userbuf_b64, f.userbuf_b64_len);
            o += (size_t)snprintf(out + o, cap - o, "/");
            put_quoted(out, cap, &o, (const char *)f.userbuf, f.userbuf_len);
        }
    }
    memset(&v, 0, sizeof(v));
    v.sdkappid = 1400000000;
    v.key = (const unsigned char *)KEY;
    v.key_len = 64;
    v.identifier = (const unsigned char *)identifier;
    v.identifier_len = identifier != NULL ? strlen(identifier) : 0;
    v.now = 1700000100;
    st = tim_usersig_verify(ctx, sig, sig_len, &v, &f);
    o += (size_t)snprintf(out + o, cap - o, " | verify %s", tim_status_word(st));
    v.identifier = NULL;
    st = tim_usersig_verify(ctx, sig, sig_len, &v, &f);
    (void)snprintf(out + o, cap - o, " | any id %s", tim_status_word(st));
    free(z);
    free(sig);
}

/* Issue 22: the documents of usersig_corpus.h get the answers the parser usersig.c had before it read
 * JSON with json.c gave them, word for word and field for field. */
static void test_decode_corpus(tim_ctx *ctx)
{
    static char got[8192];
    size_t i, n = sizeof(usersig_corpus) / sizeof(usersig_corpus[0]), same = 0;

    for (i = 0; i < n; i++) {
        const usersig_case *c = &usersig_corpus[i];
        describe(ctx, c->doc, c->len, c->identifier, got, sizeof(got));
        if (strcmp(got, c->want) == 0)
            same++;
        else
            printf("# corpus case %zu: %s\n#   want %s\n#   got  %s\n", i, c->note, c->want, got);
    }
    check(n > 0 && same == n, "decode/verify: the answers recorded for the document corpus (usersig_corpus.h)");
}

static void test_privmap(void)
{
    static const unsigned char num[] = "\x00\x00\x07xiaojun\x53\x72\x4e\x00\x00\x00\x27\x10\x65\x55\x42\x80"
                                       "\x00\x00\x00\xff\x00\x00\x00\x00";
    static const unsigned char str[] = "\x01\x00\x07xiaojun\x53\x72\x4e\x00\x00\x00\x00\x00\x65\x55\x42\x80"
                                       "\x00\x00\x00\xff\x00\x00\x00\x00\x00\x06room-1";
    tim_privmap_in in;
    unsigned char out[128];

    memset(&in, 0, sizeof(in));
    in.sdkappid = 1400000000;
    in.identifier = (const unsigned char *)"xiaojun";
    in.identifier_len = 7;
    in.roomid = 10000;
    in.expire = 86400;
    in.privileges = 255;
    in.now = 1700000000;
    check(tim_privmap_len(&in) == 30 && tim_privmap_build(&in, out) == TIM_OK && mem_is(out, 30, num, 30),
          "privmap: numeric room layout of usersig.md");
    in.roomstr = (const unsigned char *)"room-1";
    in.roomstr_len = 6;
    check(tim_privmap_len(&in) == 38 && tim_privmap_build(&in, out) == TIM_OK && mem_is(out, 38, str, 38),
          "privmap: string room layout of usersig.md");
    in.roomstr_len = 0;
    check(tim_privmap_len(&in) == 30 && tim_privmap_build(&in, out) == TIM_OK && out[0] == 0,
          "privmap: an empty room string is the numeric form");
    in.roomstr_len = 65536;
    check(tim_privmap_len(&in) == 0 && tim_privmap_build(&in, out) == TIM_EINVAL, "privmap: length limits");
}

static void test_hmac(tim_ctx *ctx)
{
    static const unsigned char jefe[] = "\x5b\xdc\xc1\x46\xbf\x60\x75\x4e\x6a\x04\x24\x26\x08\x95\x75\xc7"
                                        "\x5a\x00\x3f\x08\x9d\x27\x39\x83\x9d\xec\x58\xb9\x64\xec\x38\x43";
    static const unsigned char abc[] = "\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde\x5d\xae\x22\x23"
                                       "\xb0\x03\x61\xa3\x96\x17\x7a\x9c\xb4\x10\xff\x61\xf2\x00\x15\xad";
    unsigned char md[32], md2[32];
    const char *msg = "what do ya want for nothing?";
    int ok;

    ok = tim_hmac_sha256(ctx, "Jefe", 4, msg, strlen(msg), md) == TIM_OK && memcmp(md, jefe, 32) == 0;
    ok &= tim_hmac_sha256(ctx, "Jef", 3, msg, strlen(msg), md2) == TIM_OK && memcmp(md2, jefe, 32) != 0;
    ok &= tim_hmac_sha256(ctx, "Jefe", 4, msg, strlen(msg), md) == TIM_OK && memcmp(md, jefe, 32) == 0;
    check(ok, "hmac: RFC 4231 case 2, with the key cache replaced and restored");
    check(tim_sha256(ctx, "abc", 3, md) == TIM_OK && memcmp(md, abc, 32) == 0, "sha256(\"abc\")");
}

/* A child ends as a whole process does (the context freed, exit handlers run), so that valgrind,
 * which follows forks, finds nothing left in it. stdout was flushed before the fork. */
static void exit_child(tim_ctx *ctx, int rc)
{
    tim_ctx_free(ctx);
    exit(rc);
}

/* Forks; the child (or, with nested, the child's own child) draws 64 values and sends them back
 * through a pipe. Returns 1 when they arrived and the children exited 0. */
static int fork_draws(tim_ctx *ctx, uint32_t out[64], int nested)
{
    int fds[2], status = 0, ok;
    pid_t pid;

    if (pipe(fds) != 0)
        return 0;
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        uint32_t v[64];
        int k, rc = 0;
        close(fds[0]);
        if (nested) {
            pid_t inner;
            fflush(stdout);
            inner = fork();
            if (inner < 0)
                exit_child(ctx, 1);
            if (inner > 0) {
                int st = 0;
                close(fds[1]);
                exit_child(ctx, waitpid(inner, &st, 0) == inner && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1);
            }
        }
        for (k = 0; k < 64; k++)
            rc |= tim_random32(ctx, &v[k]) != TIM_OK;
        rc |= write(fds[1], v, sizeof(v)) != (ssize_t)sizeof(v);
        close(fds[1]);
        exit_child(ctx, rc);
    }
    close(fds[1]);
    ok = read(fds[0], out, 64 * sizeof(uint32_t)) == (ssize_t)(64 * sizeof(uint32_t));
    close(fds[0]);
    ok &= waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return ok;
}

static void test_random(tim_ctx *ctx)
{
    uint32_t a = 0, seen[200];
    int i, j, ok = 1, distinct = 1;

    for (i = 0; i < 200; i++) { /* crosses the 512-byte refill once */
        ok &= tim_random32(ctx, &seen[i]) == TIM_OK;
        for (j = 0; j < i; j++)
            distinct &= seen[j] != seen[i];
    }
    check(ok && distinct, "random32: 200 draws, all different");

    /* After a fork, neither process may hand out bytes the other also hands out: a copied buffer
     * would give both the same sequence from the same offset, so compare position by position
     * (a chance match at any of 64 positions is about 1.5e-8). */
    {
        uint32_t parent[64], child[64], sibling[64];
        int k;
        ok = tim_random32(ctx, &a) == TIM_OK; /* a partly used buffer, as in a real process */
        ok &= fork_draws(ctx, child, 0);
        for (k = 0; k < 64; k++)
            ok &= tim_random32(ctx, &parent[k]) == TIM_OK;
        for (k = 0; k < 64; k++)
            ok &= parent[k] != child[k];
        check(ok, "random32: after fork, parent and child draw different sequences");

        ok = fork_draws(ctx, child, 0) && fork_draws(ctx, sibling, 0);
        for (k = 0; k < 64; k++)
            ok &= child[k] != sibling[k];
        check(ok, "random32: two children forked from one state draw different sequences");

        ok = fork_draws(ctx, child, 1); /* the child forks again: its child's draws come back */
        for (k = 0; k < 64; k++)
            ok &= tim_random32(ctx, &parent[k]) == TIM_OK && parent[k] != child[k];
        check(ok, "random32: a grandchild draws a fresh sequence too");
    }
}

static void test_words(void)
{
    check(strcmp(tim_status_word(TIM_OK), "ok") == 0 && strcmp(tim_status_word(TIM_BAD_BASE64), "bad_base64") == 0 &&
              strcmp(tim_status_word(TIM_EXPIRED), "expired") == 0 &&
              strcmp(tim_status_word(-1), "internal_error") == 0 && strcmp(tim_status_word(99), "internal_error") == 0,
          "status words");
}

/* sig.c: a raised SIGTERM is counted and wakes a poll on the pipe at once; unwatch gives the old action back. */
static void test_sig(void)
{
    struct pollfd p;
    struct sigaction now;
    int rc;

    check(tim_sig_fd() == -1 && tim_sig_count(SIGTERM) == 0 && tim_sig_last() == 0, "sig: nothing before a watch");
    check(tim_sig_watch(SIGUSR1) == -1, "sig: a signal it does not take is refused");
    check(tim_sig_watch(SIGTERM) == 0 && tim_sig_watch(SIGTERM) == 0 && tim_sig_watch(SIGINT) == 0,
          "sig: watch SIGTERM (twice) and SIGINT");
    kill(getpid(), SIGTERM);
    kill(getpid(), SIGTERM);
    check(tim_sig_count(SIGTERM) == 2 && tim_sig_count(SIGINT) == 0 && tim_sig_last() == SIGTERM,
          "sig: two SIGTERMs counted, the last one named");
    p.fd = tim_sig_fd();
    p.events = POLLIN;
    p.revents = 0;
    rc = poll(&p, 1, 0);
    check(rc == 1 && (p.revents & POLLIN), "sig: the pipe is readable after a signal");
    tim_sig_drain();
    rc = poll(&p, 1, 0);
    check(rc == 0, "sig: drained, the pipe waits again");
    kill(getpid(), SIGINT);
    check(tim_sig_count(SIGINT) == 1 && tim_sig_last() == SIGINT, "sig: SIGINT counted too");
    tim_sig_clear();
    check(tim_sig_count(SIGTERM) == 0 && tim_sig_count(SIGINT) == 0 && tim_sig_last() == 0 && poll(&p, 1, 0) == 0,
          "sig: clear forgets the counts and empties the pipe");
    check(tim_sig_unwatch(SIGTERM) == 0 && tim_sig_unwatch(SIGINT) == 0 && sigaction(SIGTERM, NULL, &now) == 0 &&
              now.sa_handler == SIG_DFL,
          "sig: unwatch gives the default action back");
}

int main(void)
{
    tim_ctx *ctx = tim_ctx_new();

    if (ctx == NULL) {
        printf("not ok 1 - tim_ctx_new\n1..1\n");
        return 1;
    }
    test_codec();
    test_utf8();
    test_generate(ctx);
    test_verify(ctx);
    test_inflate_cap(ctx);
    test_decode_corpus(ctx);
    test_privmap();
    test_hmac(ctx);
    test_random(ctx);
    test_words();
    test_sig();
    test_json(check);
    test_http(check);
    tim_ctx_free(ctx);
    tim_ctx_free(NULL);
    printf("1..%d\n", tests);
    return failures ? 1 : 0;
}

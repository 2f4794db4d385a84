/* tim_core.c: the Lua binding of tim.core. Converts between Lua and the pure C in usersig.c and
 * codec.c; checks every argument first (an error in luaL_argerror's format that names the function
 * and the argument), then calls C, then pushes. Runtime failures return nil, reason. No Lua error
 * can be raised while C holds a resource: the context's buffers live as long as the module.
 * Exports only luaopen_tim_core. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>

#include <openssl/crypto.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "compat.h"
#include "codec.h"
#include "fdio_lua.h"
#include "sig_lua.h"
#include "http_head.h"
#include "json_lua.h"
#include "usersig.h"

#ifndef TIM_CORE_VERSION        /* the Makefile passes lua/tim/version.lua's; this default must equal it */
#define TIM_CORE_VERSION "0.2.0"
#endif
#define MAX_KEY 4096u


LUALIB_API int luaopen_tim_core(lua_State *L);

/* ------------------------------------------------------------------------------------------ */
/* The context: one per Lua state, in a userdata shared by every function as upvalue 1. */

typedef struct {
    tim_ctx *ctx;
} core_ud;

static tim_ctx *get_ctx(lua_State *L)
{
    core_ud *u = (core_ud *)lua_touserdata(L, lua_upvalueindex(1));
    if (u == NULL || u->ctx == NULL)
        luaL_error(L, "tim.core: the module's context is already closed");
    return u->ctx;
}

static int core_gc(lua_State *L)
{
    core_ud *u = (core_ud *)lua_touserdata(L, 1);
    if (u != NULL && u->ctx != NULL) {
        tim_ctx_free(u->ctx); /* wipes the cached key */
        u->ctx = NULL;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Argument checks */

/* The message of luaL_argerror, with the function's name given explicitly: LuaJIT often cannot
 * find the name of a C function ("bad argument #1 to '?'"). */
static int arg_error(lua_State *L, const char *fn, int arg, const char *msg)
{
    return luaL_error(L, "bad argument #%d to 'tim.core.%s' (%s)", arg, fn, msg);
}

static int arg_fail(lua_State *L, const char *fn, int arg, const char *name, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof(msg), "%s %s", name, what);
    return arg_error(L, fn, arg, msg);
}

static int arg_type_fail(lua_State *L, const char *fn, int arg, const char *name, const char *expected)
{
    char msg[160];
    snprintf(msg, sizeof(msg), "%s must be %s, got %s", name, expected, luaL_typename(L, arg));
    return arg_error(L, fn, arg, msg);
}

static int64_t arg_int(lua_State *L, const char *fn, int arg, const char *name, int64_t min, int64_t max)
{
    int64_t v;
    char msg[200];

    if (lua_type(L, arg) != LUA_TNUMBER)
        arg_type_fail(L, fn, arg, name, "an integer");
#ifdef TIM_INT_IS_DOUBLE
    {
        lua_Number d = lua_tonumber(L, arg);
        if (!(d >= -TIM_INT_LIMIT && d <= TIM_INT_LIMIT))
            arg_fail(L, fn, arg, name, "must be an integer of at most 2^53 in magnitude");
        v = (int64_t)d; /* exact: |d| <= 2^53 */
        if ((lua_Number)v != d)
            arg_fail(L, fn, arg, name, "must be an integer, got a fractional number");
    }
#else
    {
        int isnum = 0;
        lua_Integer i = lua_tointegerx(L, arg, &isnum);
        if (!isnum)
            arg_fail(L, fn, arg, name, "must be an integer, got a fractional or out-of-range number");
        v = (int64_t)i;
    }
#endif
    if (v < min || v > max) {
        if (min == 0 && v < 0) {
            arg_fail(L, fn, arg, name, "must not be negative");
        }
        snprintf(msg, sizeof(msg), "%s must be between %lld and %lld", name, (long long)min, (long long)max);
        arg_error(L, fn, arg, msg);
    }
    return v;
}

static int64_t opt_now(lua_State *L, const char *fn, int arg)
{
    if (lua_isnoneornil(L, arg))
        return (int64_t)time(NULL);
    return arg_int(L, fn, arg, "now", 0, INT64_MAX);
}

static const char *arg_str(lua_State *L, const char *fn, int arg, const char *name, size_t *len)
{
    if (lua_type(L, arg) != LUA_TSTRING)
        arg_type_fail(L, fn, arg, name, "a string");
    return lua_tolstring(L, arg, len);
}

static const char *arg_key(lua_State *L, const char *fn, int arg, size_t *len)
{
    const char *key = arg_str(L, fn, arg, "key", len);
    if (*len == 0)
        arg_fail(L, fn, arg, "key", "must not be empty");
    if (*len > MAX_KEY)
        arg_fail(L, fn, arg, "key", "is longer than 4096 bytes");
    return key;
}

static const char *arg_identifier(lua_State *L, const char *fn, int arg, size_t *len)
{
    const char *id = arg_str(L, fn, arg, "identifier", len);
    if (*len > TIM_MAX_IDENTIFIER)
        arg_fail(L, fn, arg, "identifier", "is longer than 4096 bytes");
    if (!tim_utf8_valid((const unsigned char *)id, *len))
        arg_fail(L, fn, arg, "identifier", "must be valid UTF-8");
    return id;
}

#define U32_MAX_I64 ((int64_t)4294967295u)
#ifdef TIM_INT_IS_DOUBLE
#define INT_MAX_ARG ((int64_t)9007199254740992LL)
#else
#define INT_MAX_ARG INT64_MAX
#endif

static int fail(lua_State *L, const char *fn, int status)
{
    lua_pushnil(L);
    lua_pushfstring(L, "tim.core.%s: %s", fn, tim_status_word(status));
    return 2;
}

/* ------------------------------------------------------------------------------------------ */
/* UserSig */

/* usersig(sdkappid, key, identifier, expire [, userbuf [, now [, level]]]) -> sig */
static int l_usersig(lua_State *L)
{
    static const char fn[] = "usersig";
    tim_usersig_in in;
    const char *sig;
    size_t sig_len;
    int st, level = 6;

    memset(&in, 0, sizeof(in));
    in.sdkappid = arg_int(L, fn, 1, "sdkappid", 0, INT_MAX_ARG);
    in.key = (const unsigned char *)arg_key(L, fn, 2, &in.key_len);
    in.identifier = (const unsigned char *)arg_identifier(L, fn, 3, &in.identifier_len);
    in.expire = arg_int(L, fn, 4, "expire", 0, INT_MAX_ARG);
    if (!lua_isnoneornil(L, 5)) {
        in.userbuf = (const unsigned char *)arg_str(L, fn, 5, "userbuf", &in.userbuf_len);
        if (in.userbuf_len > TIM_MAX_USERBUF)
            arg_fail(L, fn, 5, "userbuf", "is longer than 16384 bytes");
    }
    in.now = opt_now(L, fn, 6);
    if (!lua_isnoneornil(L, 7))
        level = (int)arg_int(L, fn, 7, "level", 0, 9);

    st = tim_usersig_generate_level(get_ctx(L), &in, level, &sig, &sig_len);
    if (st != TIM_OK)
        return fail(L, fn, st);
    lua_pushlstring(L, sig, sig_len);
    return 1;
}

static void push_fields(lua_State *L, const tim_fields *f)
{
    lua_createtable(L, 0, 7);
    if (f->ver != NULL) {
        lua_pushlstring(L, f->ver, f->ver_len);
        lua_setfield(L, -2, "ver");
    }
    lua_pushlstring(L, f->identifier, f->identifier_len);
    lua_setfield(L, -2, "identifier");
    tim_pushint(L, f->sdkappid);
    lua_setfield(L, -2, "sdkappid");
    tim_pushint(L, f->expire);
    lua_setfield(L, -2, "expire");
    tim_pushint(L, f->time);
    lua_setfield(L, -2, "time");
    lua_pushlstring(L, f->sig, f->sig_len);
    lua_setfield(L, -2, "sig");
    if (f->has_userbuf) {
        lua_pushlstring(L, (const char *)f->userbuf, f->userbuf_len);
        lua_setfield(L, -2, "userbuf");
    }
}

static int push_reason(lua_State *L, int st)
{
    lua_pushnil(L);
    if (st == TIM_ENOMEM || st == TIM_ECRYPTO || st == TIM_EINVAL)
        lua_pushfstring(L, "tim.core: %s", tim_status_word(st));
    else
        lua_pushstring(L, tim_status_word(st));
    return 2;
}

/* decode(sig) -> t | nil, reason */
static int l_decode(lua_State *L)
{
    static const char fn[] = "decode";
    size_t n;
    const char *sig = arg_str(L, fn, 1, "sig", &n);
    tim_fields f;
    int st = tim_usersig_decode(get_ctx(L), sig, n, &f);

    if (st != TIM_OK)
        return push_reason(L, st);
    push_fields(L, &f);
    return 1;
}

/* verify(sig, sdkappid, key [, identifier [, now]]) -> t | nil, reason */
static int l_verify(lua_State *L)
{
    static const char fn[] = "verify";
    size_t n;
    const char *sig = arg_str(L, fn, 1, "sig", &n);
    tim_verify_in in;
    tim_fields f;
    int st;

    memset(&in, 0, sizeof(in));
    in.sdkappid = arg_int(L, fn, 2, "sdkappid", 0, INT_MAX_ARG);
    in.key = (const unsigned char *)arg_key(L, fn, 3, &in.key_len);
    if (!lua_isnoneornil(L, 4))
        in.identifier = (const unsigned char *)arg_str(L, fn, 4, "identifier", &in.identifier_len);
    in.now = opt_now(L, fn, 5);

    st = tim_usersig_verify(get_ctx(L), sig, n, &in, &f);
    if (st != TIM_OK)
        return push_reason(L, st);
    push_fields(L, &f);
    return 1;
}

/* privmap(sdkappid, identifier, room, expire, privileges [, now]) -> userbuf, now */
static int l_privmap(lua_State *L)
{
    static const char fn[] = "privmap";
    tim_privmap_in in;
    unsigned char *buf;
    size_t len;
    int st;

    memset(&in, 0, sizeof(in));
    in.sdkappid = arg_int(L, fn, 1, "sdkappid", 0, INT_MAX_ARG);
    in.identifier = (const unsigned char *)arg_identifier(L, fn, 2, &in.identifier_len);
    if (lua_type(L, 3) == LUA_TSTRING) {
        in.roomstr = (const unsigned char *)lua_tolstring(L, 3, &in.roomstr_len);
        if (in.roomstr_len > 65535)
            arg_fail(L, fn, 3, "room", "is longer than 65535 bytes");
    } else if (lua_type(L, 3) == LUA_TNUMBER) {
        in.roomid = (uint32_t)arg_int(L, fn, 3, "room", 0, U32_MAX_I64);
    } else {
        arg_type_fail(L, fn, 3, "room", "an integer room id or a string room id");
    }
    in.expire = arg_int(L, fn, 4, "expire", 0, INT_MAX_ARG);
    in.privileges = (uint32_t)arg_int(L, fn, 5, "privileges", 0, U32_MAX_I64);
    in.now = opt_now(L, fn, 6);

    len = tim_privmap_len(&in);
    if (len == 0)
        return fail(L, fn, TIM_EINVAL);
    buf = (unsigned char *)lua_newuserdata(L, len);
    st = tim_privmap_build(&in, buf);
    if (st != TIM_OK)
        return fail(L, fn, st);
    lua_pushlstring(L, (const char *)buf, len);
    tim_pushint(L, in.now);
    return 2;
}

/* ------------------------------------------------------------------------------------------ */
/* URL signing and small helpers */

/* random32() -> integer in 0..4294967295 from the OS CSPRNG */
static int l_random32(lua_State *L)
{
    uint32_t v;

    if (tim_random32(get_ctx(L), &v) != TIM_OK) {
        lua_pushnil(L);
        lua_pushliteral(L, "tim.core.random32: RAND_bytes failed");
        return 2;
    }
    tim_pushint(L, v);
    return 1;
}

/* no_fastbins() -> true | false (not glibc). glibc's malloc keeps freed small blocks in "fastbins" without
 * coalescing them, and the next large malloc coalesces every one of them at once: after the Lua collector swept a
 * big heap (a million freed blocks), one ordinary allocation then took 90-160 ms (the emulator under load,
 * docs/performance.md). Without fastbins a free coalesces its block at once, a cost spread over the sweep. */
static int l_no_fastbins(lua_State *L)
{
#if defined(__GLIBC__)
    lua_pushboolean(L, mallopt(M_MXFAST, 0) == 1);
#else
    lua_pushboolean(L, 0);
#endif
    return 1;
}

static void add_pct(luaL_Buffer *b, const char *s, size_t n, int flags)
{
    char chunk[3 * 256];
    size_t i;

    for (i = 0; i < n; i += 256) {
        size_t take = n - i < 256 ? n - i : 256;
        size_t len = tim_pct_encode((const unsigned char *)s + i, take, chunk, flags);
        luaL_addlstring(b, chunk, len);
    }
}

static void add_i64(luaL_Buffer *b, int64_t v)
{
    char num[24];
    int len = snprintf(num, sizeof(num), "%lld", (long long)v);
    luaL_addlstring(b, num, (size_t)len);
}

/* query(sdkappid, identifier, usersig, random) -> "sdkappid=..&identifier=..&usersig=..&random=..&contenttype=json" */
static int l_query(lua_State *L)
{
    static const char fn[] = "query";
    size_t id_len, sig_len;
    int64_t sdkappid = arg_int(L, fn, 1, "sdkappid", 0, INT_MAX_ARG);
    const char *id = arg_str(L, fn, 2, "identifier", &id_len);
    const char *sig = arg_str(L, fn, 3, "usersig", &sig_len);
    int64_t random = arg_int(L, fn, 4, "random", 0, U32_MAX_I64);
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    luaL_addstring(&b, "sdkappid=");
    add_i64(&b, sdkappid);
    luaL_addstring(&b, "&identifier=");
    add_pct(&b, id, id_len, TIM_PCT_STRICT);
    luaL_addstring(&b, "&usersig=");
    add_pct(&b, sig, sig_len, TIM_PCT_KEEP_STAR);
    luaL_addstring(&b, "&random=");
    add_i64(&b, random);
    luaL_addstring(&b, "&contenttype=json");
    luaL_pushresult(&b);
    return 1;
}

/* parse_query(q) -> { name = value, ... }, parts, repeated: a query string's names and values form-decoded
 * (tim_form_decode), the first of a repeated name kept, a part without "=" a name with an empty value, empty
 * parts skipped; parts counts the non-empty parts, repeated says whether a name came more than once. */
static int l_parse_query(lua_State *L)
{
    size_t n, pos = 0, parts = 0;
    int repeated = 0;
    const char *q = arg_str(L, "parse_query", 1, "q", &n);
    char small[512];
    char *buf = small;
    lua_settop(L, 1);
    if (n > sizeof small)
        buf = (char *)lua_newuserdata(L, n);        /* index 2: freed by the collector */
    lua_createtable(L, 0, 8);
    while (pos < n) {
        const char *part = q + pos, *amp, *eq;
        size_t len, name_len;
        if (*part == '&') {         /* an empty part */
            pos++;
            continue;
        }
        amp = memchr(part, '&', n - pos);
        len = amp ? (size_t)(amp - part) : n - pos;
        eq = memchr(part, '=', len);
        name_len = eq ? (size_t)(eq - part) : len;
        parts++;
        lua_pushlstring(L, buf, tim_form_decode(part, name_len, buf));
        lua_pushvalue(L, -1);
        lua_rawget(L, -3);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            if (eq)
                lua_pushlstring(L, buf, tim_form_decode(eq + 1, len - name_len - 1, buf));
            else
                lua_pushliteral(L, "");
            lua_rawset(L, -3);
        } else {
            lua_pop(L, 2);
            repeated = 1;
        }
        pos += len + 1;
    }
    tim_pushint(L, parts);
    lua_pushboolean(L, repeated);
    return 3;
}

/* urlencode(s) -> s with every byte but A-Z a-z 0-9 - . _ ~ as %XX */
static int l_urlencode(lua_State *L)
{
    static const char fn[] = "urlencode";
    size_t n;
    const char *s = arg_str(L, fn, 1, "s", &n);
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    add_pct(&b, s, n, TIM_PCT_STRICT);
    luaL_pushresult(&b);
    return 1;
}

static void push_hex(lua_State *L, const unsigned char *d, size_t n)
{
    char hex[64];
    tim_hex_encode(d, n, hex);
    lua_pushlstring(L, hex, 2 * n);
}

/* sha256_hex(s) -> 64 lower-case hex digits */
static int l_sha256_hex(lua_State *L)
{
    static const char fn[] = "sha256_hex";
    size_t n;
    const char *s = arg_str(L, fn, 1, "s", &n);
    unsigned char md[32];
    int st = tim_sha256(get_ctx(L), s, n, md);

    if (st != TIM_OK)
        return fail(L, fn, st);
    push_hex(L, md, sizeof(md));
    return 1;
}

/* hmac_sha256(key, msg [, "hex"]) -> 32 raw bytes, or 64 hex digits */
static int l_hmac_sha256(lua_State *L)
{
    static const char fn[] = "hmac_sha256";
    size_t key_len, msg_len;
    const char *key = arg_str(L, fn, 1, "key", &key_len);
    const char *msg = arg_str(L, fn, 2, "msg", &msg_len);
    unsigned char md[32];
    int hex = 0, st;

    if (!lua_isnoneornil(L, 3)) {
        size_t flen;
        const char *format = arg_str(L, fn, 3, "format", &flen);
        if (flen != 3 || memcmp(format, "hex", 3) != 0)
            arg_fail(L, fn, 3, "format", "must be \"hex\" or nil");
        hex = 1;
    }
    if (key_len > MAX_KEY)
        arg_fail(L, fn, 1, "key", "is longer than 4096 bytes");
    st = tim_hmac_sha256(get_ctx(L), key, key_len, msg, msg_len, md);
    if (st != TIM_OK)
        return fail(L, fn, st);
    if (hex)
        push_hex(L, md, sizeof(md));
    else
        lua_pushlstring(L, (const char *)md, sizeof(md));
    OPENSSL_cleanse(md, sizeof(md));
    return 1;
}

/* equal(a, b) -> boolean; constant time in the content (the length is not secret) */
static int l_equal(lua_State *L)
{
    static const char fn[] = "equal";
    size_t an, bn;
    const char *a = arg_str(L, fn, 1, "a", &an);
    const char *b = arg_str(L, fn, 2, "b", &bn);

    lua_pushboolean(L, an == bn && CRYPTO_memcmp(a, b, an) == 0);
    return 1;
}

/* b64encode(s) -> standard base64 with padding */
static int l_b64encode(lua_State *L)
{
    static const char fn[] = "b64encode";
    size_t n, out_len;
    const char *s = arg_str(L, fn, 1, "s", &n);
    char *out;

    out_len = tim_b64_encoded_len(n);
    if (out_len == 0 && n != 0)
        arg_fail(L, fn, 1, "s", "is too long");
    out = (char *)lua_newuserdata(L, out_len ? out_len : 1);
    tim_b64_encode((const unsigned char *)s, n, out, TIM_B64_STD);
    lua_pushlstring(L, out, out_len);
    return 1;
}

/* b64decode(s) -> bytes | nil, err  (strict standard alphabet, padding optional) */
static int l_b64decode(lua_State *L)
{
    static const char fn[] = "b64decode";
    size_t n, out_len = 0;
    const char *s = arg_str(L, fn, 1, "s", &n);
    unsigned char *out = (unsigned char *)lua_newuserdata(L, tim_b64_decoded_max(n));

    if (tim_b64_decode(s, n, out, &out_len, TIM_B64_STD) != 0) {
        lua_pushnil(L);
        lua_pushliteral(L, "tim.core.b64decode: invalid base64");
        return 2;
    }
    lua_pushlstring(L, (const char *)out, out_len);
    return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* HTTP header blocks (http_head.c) for tim.http: one C pass instead of a Lua pattern per line. */

#define HTTP_MAX_FIELDS 256

/* Pushes a table of the fields: names lower-cased, repeated fields joined with ", " (RFC 9110 5.3). */
static void push_http_fields(lua_State *L, const tim_http_field *f, size_t n)
{
    size_t i, j;
    char lower[128];
    lua_createtable(L, 0, (int)n);
    for (i = 0; i < n; i++) {
        luaL_Buffer b;
        const char *name = f[i].name;
        size_t nl = f[i].name_len;
        if (nl <= sizeof lower) {
            for (j = 0; j < nl; j++) {
                char c = name[j];
                lower[j] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
            }
            lua_pushlstring(L, lower, nl);
        } else {
            luaL_buffinit(L, &b);
            for (j = 0; j < nl; j++) {
                char c = name[j];
                luaL_addchar(&b, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
            }
            luaL_pushresult(&b);
        }
        lua_pushvalue(L, -1);
        lua_rawget(L, -3);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushlstring(L, f[i].value, f[i].value_len);
        } else {
            size_t ol;
            const char *ov = lua_tolstring(L, -1, &ol);   /* stays valid: the old value stays on the stack */
            luaL_buffinit(L, &b);
            luaL_addlstring(&b, ov, ol);
            luaL_addlstring(&b, ", ", 2);
            luaL_addlstring(&b, f[i].value, f[i].value_len);
            luaL_pushresult(&b);
            lua_remove(L, -2);
        }
        lua_rawset(L, -3);
    }
}

static int http_max_fields(lua_State *L, const char *fn, int arg)
{
    return (int)arg_int(L, fn, arg, "max_fields", 0, HTTP_MAX_FIELDS);
}

/* The block is s:sub(start, start + len - 1), read in place: no Lua string of the block is made (under LuaJIT
 * every string is interned, and header blocks of one shape collide in its hash table). */
static const char *http_block(lua_State *L, const char *fn, size_t *len)
{
    size_t slen;
    const char *s = arg_str(L, fn, 1, "s", &slen);
    int64_t start = arg_int(L, fn, 3, "start", 1, (int64_t)slen + 1);
    int64_t n = arg_int(L, fn, 4, "len", 0, (int64_t)slen - start + 1);
    *len = (size_t)n;
    return s + (start - 1);
}

/* The Content-Length of a parsed block, for the framing: pushes its value when there is exactly one such field
 * of 1 to 15 digits, false when the field is there in another form ("10, 10", repeated, not digits: tim.http
 * decides), nil when there is none. */
static void push_content_length(lua_State *L, const tim_http_field *f, size_t n)
{
    size_t i, j, seen = 0;
    int64_t v = -1;
    for (i = 0; i < n; i++) {
        static const char want[] = "content-length";
        const char *name = f[i].name;
        if (f[i].name_len != sizeof want - 1)
            continue;
        for (j = 0; j < sizeof want - 1; j++) {
            char c = name[j];
            if (((c >= 'A' && c <= 'Z') ? (char)(c + 32) : c) != want[j])
                break;
        }
        if (j < sizeof want - 1)
            continue;
        seen++;
        v = -1;
        if (f[i].value_len >= 1 && f[i].value_len <= 15) {
            v = 0;
            for (j = 0; j < f[i].value_len; j++) {
                char c = f[i].value[j];
                if (c < '0' || c > '9') {
                    v = -1;
                    break;
                }
                v = v * 10 + (c - '0');
            }
        }
    }
    if (seen == 0)
        lua_pushnil(L);
    else if (seen == 1 && v >= 0)
        tim_pushint(L, v);
    else
        lua_pushboolean(L, 0);
}

/* A refused block: nil and why ("incomplete": no empty line yet, "limit": more than max_fields fields). */
static int http_refused(lua_State *L, int rc)
{
    lua_pushnil(L);
    if (rc == TIM_HTTP_INCOMPLETE) {
        lua_pushliteral(L, "incomplete");
    } else if (rc == TIM_HTTP_TOO_MANY) {
        lua_pushliteral(L, "limit");
    } else {
        lua_pushstring(L, tim_http_error(rc));
    }
    return 2;
}

/* http_response(s, max_fields, start, len) -> version, status, reason, headers, block_len, content_length
 *                                             | nil, reason
 * The block starts at s[start]; len bytes are there to read (the block and maybe the body after it). */
static int l_http_response(lua_State *L)
{
    size_t len;
    const char *buf = http_block(L, "http_response", &len);
    int max = http_max_fields(L, "http_response", 2);
    tim_http_field fields[HTTP_MAX_FIELDS];
    tim_http_head head;
    int rc = tim_http_parse_response(buf, len, &head, fields, (size_t)max);
    if (rc != TIM_HTTP_OK) {
        return http_refused(L, rc);
    }
    if (head.version_minor == 1) {
        lua_pushliteral(L, "1.1");
    } else {
        lua_pushliteral(L, "1.0");
    }
    tim_pushint(L, head.status);
    lua_pushlstring(L, head.reason, head.reason_len);
    push_http_fields(L, fields, head.nfields);
    tim_pushint(L, (int64_t)head.length);
    push_content_length(L, fields, head.nfields);
    return 6;
}

/* http_request(s, max_fields, start, len) -> method, target, version, headers, block_len, content_length
 *                                           | nil, reason */
static int l_http_request(lua_State *L)
{
    size_t len;
    const char *buf = http_block(L, "http_request", &len);
    int max = http_max_fields(L, "http_request", 2);
    tim_http_field fields[HTTP_MAX_FIELDS];
    tim_http_head head;
    int rc = tim_http_parse_request(buf, len, &head, fields, (size_t)max);
    if (rc != TIM_HTTP_OK) {
        return http_refused(L, rc);
    }
    lua_pushlstring(L, head.method, head.method_len);
    lua_pushlstring(L, head.target, head.target_len);
    if (head.version_minor == 1) {
        lua_pushliteral(L, "1.1");
    } else {
        lua_pushliteral(L, "1.0");
    }
    push_http_fields(L, fields, head.nfields);
    tim_pushint(L, (int64_t)head.length);
    push_content_length(L, fields, head.nfields);
    return 6;
}

/* http_target_ok(s...) -> true | false, i: may these strings be pieces of a request target? No whitespace, no
 * control character, no DEL in any (i: the first piece that fails). */
static int l_http_target_ok(lua_State *L)
{
    int i, n = lua_gettop(L);
    for (i = 1; i <= n; i++) {
        size_t len, j;
        const unsigned char *p;
        if (lua_type(L, i) != LUA_TSTRING) {
            lua_pushboolean(L, 0);
            tim_pushint(L, i);
            return 2;
        }
        p = (const unsigned char *)lua_tolstring(L, i, &len);
        for (j = 0; j < len; j++) {
            if (p[j] <= 0x20 || p[j] == 0x7f) {
                lua_pushboolean(L, 0);
                tim_pushint(L, i);
                return 2;
            }
        }
    }
    lua_pushboolean(L, 1);
    return 1;
}

static const luaL_Reg core_funcs[] = {
    {"usersig", l_usersig},
    {"decode", l_decode},
    {"verify", l_verify},
    {"privmap", l_privmap},
    {"random32", l_random32},
    {"no_fastbins", l_no_fastbins},
    {"query", l_query},
    {"urlencode", l_urlencode},
    {"parse_query", l_parse_query},
    {"sha256_hex", l_sha256_hex},
    {"hmac_sha256", l_hmac_sha256},
    {"equal", l_equal},
    {"b64encode", l_b64encode},
    {"b64decode", l_b64decode},
    {"http_response", l_http_response},
    {"http_request", l_http_request},
    {"http_target_ok", l_http_target_ok},
    {"json_decode", tim_core_json_decode},
    {"fd_recv", tim_core_fd_recv},
    {"fd_recv_exact", tim_core_fd_recv_exact},
    {"fd_send", tim_core_fd_send},
    {"fd_idle", tim_core_fd_idle},
    {"fd_poll", tim_core_fd_poll},
    {"signal_watch", tim_core_signal_watch},
    {"signal_unwatch", tim_core_signal_unwatch},
    {"signal_count", tim_core_signal_count},
    {"signal_last", tim_core_signal_last},
    {"signal_fd", tim_core_signal_fd},
    {"signal_drain", tim_core_signal_drain},
    {"signal_clear", tim_core_signal_clear},
    {NULL, NULL},
};

LUALIB_API int luaopen_tim_core(lua_State *L)
{
    core_ud *u;

    lua_createtable(L, 0, (int)(sizeof(core_funcs) / sizeof(core_funcs[0])));
    u = (core_ud *)lua_newuserdata(L, sizeof(*u));
    u->ctx = NULL;
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, core_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    u->ctx = tim_ctx_new();
    if (u->ctx == NULL)
        return luaL_error(L, "tim.core: cannot create the context (out of memory)");
    luaL_setfuncs(L, core_funcs, 1);
    tim_core_json_register(L);
    lua_pushliteral(L, TIM_CORE_VERSION);
    lua_setfield(L, -2, "_VERSION");
    return 1;
}

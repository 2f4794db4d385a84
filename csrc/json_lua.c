/* json_lua.c: tim.core.json_decode, json_encode and json_encoder, the Lua side of json.c and json_enc.c.
 *
 * Decoding builds the value on the Lua stack from the parser's events: each open container sits on
 * the stack (an object with its pending key above it), a finished value is stored into the
 * container below it at once. Encoding (below) walks a value once and drives json_enc.c's writer.
 *
 *   json_decode(text, null, array_mt [, big]) -> value [, side] | nil, "<reason> at character N"
 *
 * null is pushed for JSON null; array_mt (a table or nil) becomes the metatable of every array.
 * Integers: Lua 5.3+ integers (int64); with 5.1 numbers (LuaJIT, PUC 5.1) an integer beyond 2^53
 * in magnitude is taken when a double holds it exactly and is an error otherwise, unless `big` is
 * true (LuaJIT with the FFI): then such integers, and those in 2^63..2^64-1, are left as false in
 * the value and listed in `side` as five entries each (container or false for the top, key,
 * high 32 bits, low 32 bits, unsigned) for tim.json to replace with int64_t/uint64_t cdata. C cannot
 * make cdata; two 32-bit halves keep the conversion exact and cheap.
 *
 * No resource is held across a Lua call that may raise (memory errors): escaped strings longer
 * than the stack buffer are decoded into a userdata. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "compat.h"
#include "json.h"
#include "json_enc.h"
#include "json_lua.h"

#define TWO53 9007199254740992LL

typedef struct {
    lua_State *L;
    int null_idx, mt_idx, side_idx; /* absolute stack indices; mt_idx 0: no metatable */
    int big;                        /* side list for integers beyond 2^53 */
    lua_Integer nside;
    const char *reason;             /* set when the callback stops the parse */
} jl_state;

static void push_string(lua_State *L, const tim_json_event *ev)
{
    char small[512];
    char *out;

    if (!ev->escaped) {
        lua_pushlstring(L, ev->s, ev->n);
        return;
    }
    if (ev->n <= sizeof(small)) {
        lua_pushlstring(L, small, tim_json_unescape(ev->s, ev->n, small));
        return;
    }
    out = (char *)lua_newuserdata(L, ev->n);
    lua_pushlstring(L, out, tim_json_unescape(ev->s, ev->n, out));
    lua_remove(L, -2);
}

/* The value on top goes into its container (or stays, at the top level). */
static void store(lua_State *L, const tim_json_event *ev)
{
    if (ev->in == TIM_JSON_IN_ARRAY)
        lua_rawseti(L, -2, (int)ev->index);
    else if (ev->in == TIM_JSON_IN_OBJECT)
        lua_rawset(L, -3);
}

static void side_add(jl_state *c, const tim_json_event *ev, uint64_t bits, int is_unsigned)
{
    lua_State *L = c->L;
    int top = lua_gettop(L);

    if (ev->in == TIM_JSON_IN_TOP)
        lua_pushboolean(L, 0);
    else
        lua_pushvalue(L, ev->in == TIM_JSON_IN_ARRAY ? top : top - 1);
    lua_rawseti(L, c->side_idx, (int)++c->nside);
    if (ev->in == TIM_JSON_IN_ARRAY)
        lua_pushnumber(L, (lua_Number)ev->index);
    else if (ev->in == TIM_JSON_IN_OBJECT)
        lua_pushvalue(L, top);
    else
        lua_pushboolean(L, 0);
    lua_rawseti(L, c->side_idx, (int)++c->nside);
    lua_pushnumber(L, (lua_Number)(bits >> 32));
    lua_rawseti(L, c->side_idx, (int)++c->nside);
    lua_pushnumber(L, (lua_Number)(bits & 0xffffffffu));
    lua_rawseti(L, c->side_idx, (int)++c->nside);
    lua_pushboolean(L, is_unsigned);
    lua_rawseti(L, c->side_idx, (int)++c->nside);
    lua_pushboolean(L, 0); /* the placeholder */
}

static int push_int(jl_state *c, const tim_json_event *ev)
{
#ifdef TIM_INT_IS_DOUBLE
    int64_t i = ev->i;
    if (i <= TWO53 && i >= -TWO53) {
        lua_pushnumber(c->L, (lua_Number)i);
        return 0;
    }
    if (c->big) {
        side_add(c, ev, (uint64_t)i, 0);
        return 0;
    }
    {
        double d = (double)i; /* exact only when it converts back (2^63 itself is out of int64) */
        if (d >= 9223372036854775808.0 || (int64_t)d != i) {
            c->reason = tim_json_strerror(TIM_JSON_EINEXACT);
            return 1;
        }
        lua_pushnumber(c->L, (lua_Number)d);
    }
#else
    lua_pushinteger(c->L, (lua_Integer)ev->i);
#endif
    return 0;
}

static int on_event(void *ud, const tim_json_event *ev)
{
    jl_state *c = (jl_state *)ud;
    lua_State *L = c->L;

    switch (ev->type) {
    case TIM_JSON_ARRAY_BEGIN:
    case TIM_JSON_OBJECT_BEGIN:
        if (!lua_checkstack(L, 8)) {
            c->reason = tim_json_strerror(TIM_JSON_EDEPTH);
            return 1;
        }
        lua_newtable(L);
        if (ev->type == TIM_JSON_ARRAY_BEGIN && c->mt_idx != 0) {
            lua_pushvalue(L, c->mt_idx);
            lua_setmetatable(L, -2);
        }
        return 0;
    case TIM_JSON_ARRAY_END:
    case TIM_JSON_OBJECT_END:
        store(L, ev);
        return 0;
    case TIM_JSON_KEY:
        push_string(L, ev);
        return 0;
    case TIM_JSON_STRING:
        push_string(L, ev);
        break;
    case TIM_JSON_NULL:
        lua_pushvalue(L, c->null_idx);
        break;
    case TIM_JSON_TRUE:
    case TIM_JSON_FALSE:
        lua_pushboolean(L, ev->type == TIM_JSON_TRUE);
        break;
    case TIM_JSON_INT:
        if (push_int(c, ev) != 0)
            return 1;
        break;
    case TIM_JSON_UINT:
        side_add(c, ev, ev->u, 1);
        break;
    case TIM_JSON_FLOAT:
        lua_pushnumber(L, (lua_Number)ev->d);
        break;
    case TIM_JSON_NUMBER: /* only with opts.any_number, which tim.json leaves off */
        c->reason = tim_json_strerror(TIM_JSON_ERANGE);
        return 1;
    }
    store(L, ev);
    return 0;
}

int tim_core_json_decode(lua_State *L)
{
    size_t len;
    const char *text;
    jl_state c;
    tim_json_opts opts;
    tim_json_error err;
    int base;

    if (lua_type(L, 1) != LUA_TSTRING)
        return luaL_error(L, "bad argument #1 to 'tim.core.json_decode' (text must be a string, got %s)",
                          luaL_typename(L, 1));
    if (!lua_isnoneornil(L, 3) && !lua_istable(L, 3))
        return luaL_error(L, "bad argument #3 to 'tim.core.json_decode' (array_mt must be a table or nil, got %s)",
                          luaL_typename(L, 3));
    text = lua_tolstring(L, 1, &len);
    lua_settop(L, 4);
    memset(&c, 0, sizeof(c));
    memset(&opts, 0, sizeof(opts));
    c.L = L;
    c.null_idx = 2;
    c.mt_idx = lua_istable(L, 3) ? 3 : 0;
#ifdef TIM_INT_IS_DOUBLE
    c.big = lua_toboolean(L, 4);
    opts.allow_uint64 = c.big;
#endif
    lua_newtable(L);
    c.side_idx = 5;
    base = lua_gettop(L);

    if (tim_json_parse(text, len, &opts, on_event, &c, &err) != TIM_JSON_OK) {
        char where[48];
        lua_settop(L, base);
        lua_pushnil(L);
        snprintf(where, sizeof(where), " at character %lu", (unsigned long)err.pos + 1);
        lua_pushstring(L, err.status == TIM_JSON_ECALLBACK && c.reason ? c.reason : tim_json_strerror(err.status));
        lua_pushstring(L, where);
        lua_concat(L, 2);
        return 2;
    }
    if (c.nside == 0)
        return 1;
    lua_pushvalue(L, c.side_idx);
    return 2;
}

/* ------------------------------------------------------------------------------------------ */
/* Encoding: tim.core.json_encode and tim.core.json_encoder
 *
 *   json_encode(v [, opts]) -> text | nil, reason | false, reason
 *   json_encoder(opts) -> encode(v [, append]), the same with opts read once (tim.json's way)
 *
 * One walk of v drives json_enc.c's writer, with tim.json's rules (docs/json.md): a table is an
 * array when it is marked (its metatable is opts.array_mt or opts.empty_array_mt, or it is
 * opts.empty_array) or when its keys are exactly 1..#t; else an object (an empty one "{}") whose
 * keys are strings or numbers. nil and opts.null are null (without opts.null: a NULL
 * lightuserdata, cjson.null); opts.cjson_empty_array (OpenResty cjson's lightuserdata) is "[]".
 * LuaJIT cdata go to opts.cdata(v), which returns the integer's digits or nil, reason: only Lua
 * can ask the FFI what a cdata is. opts.append = { name, value, ... } adds members at the end of
 * the top-level object (ignored when v is not written as an object).
 * false, reason: v holds a table whose metatable changes what Lua's `#` or `pairs` would see
 * (__len, __pairs) or what `==` would (__eq); the Lua encoder gives the answer then.
 *
 * The writer's buffer lives in a userdata (freed by its __gc), kept between calls as upvalue 1 and
 * taken off it while in use: a Lua error (out of memory) leaks nothing, and a call made from the
 * cdata hook gets a buffer of its own. */

#if defined(LUA_JITLIBNAME)
#define TIM_TCDATA 10 /* what LuaJIT's lua_type says for cdata (not in its lua.h) */
#endif

#define ENC_KEEP ((size_t)64 << 10) /* a buffer grown past this is freed after its call */

#if LUA_VERSION_NUM >= 503
#define rawgeti_at(L, idx, i) lua_rawgeti((L), (idx), (lua_Integer)(i))
#else
#define rawgeti_at(L, idx, i) lua_rawgeti((L), (idx), (int)(i))
#endif

typedef struct {
    tim_jw w;
} enc_buffer;

typedef struct {
    lua_State *L;
    tim_jw *w;
    int null_idx, array_mt_idx, empty_mt_idx, empty_idx, empty_value_idx, cdata_idx, append_idx;
    int needs_lua;                  /* a metatable the Lua encoder must see to */
    int reason_idx;                 /* a reason as a Lua string on the stack (the cdata hook's) */
    char reason[96];                /* else this, else the writer's status */
} enc_state;

static int enc_value(enc_state *e, int idx);

static int enc_fail(enc_state *e, const char *what, const char *type)
{
    snprintf(e->reason, sizeof(e->reason), "%s%s", what, type);
    return 1;
}

static int enc_number(enc_state *e, int idx, int key)
{
    lua_State *L = e->L;
    tim_jw_status st;

#if LUA_VERSION_NUM >= 503
    if (lua_isinteger(L, idx)) {
        int64_t i = (int64_t)lua_tointeger(L, idx);
        st = key ? tim_jw_key_int(e->w, i) : tim_jw_int(e->w, i);
        return st != TIM_JW_OK;
    }
#endif
    {
        double d = (double)lua_tonumber(L, idx);
        st = key ? tim_jw_key_double(e->w, d) : tim_jw_double(e->w, d);
    }
    return st != TIM_JW_OK;
}

static int enc_key(enc_state *e, int idx)
{
    lua_State *L = e->L;
    size_t n;
    const char *s;

    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
        s = lua_tolstring(L, idx, &n);
        return tim_jw_key(e->w, s, n) != TIM_JW_OK;
    case LUA_TNUMBER:
        return enc_number(e, idx, 1);
    default:
        return enc_fail(e, "cannot encode a table key of type ", luaL_typename(L, idx));
    }
}

/* Whether the keys of the table at idx are exactly 1..len. */
static int is_sequence(lua_State *L, int idx, size_t len)
{
    size_t count = 0;

    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        lua_pop(L, 1);
#if LUA_VERSION_NUM >= 503
        /* a float key is never integral here: Lua stores integral float keys as integers */
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || (lua_Unsigned)lua_tointeger(L, -1) > len) {
#else
        lua_Number d = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
        if (!(d >= 1 && d <= (lua_Number)len && floor(d) == d)) {
#endif
            lua_pop(L, 1);
            return 0;
        }
        count++;
    }
    return count == len;
}

/* Whether the metatable on top has what the Lua encoder would follow and this walk does not. */
static int meta_matters(lua_State *L)
{
    static const char *const names[] = {"__len", "__pairs", "__eq"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int set;
        lua_pushstring(L, names[i]);
        lua_rawget(L, -2);
        set = !lua_isnil(L, -1);
        lua_pop(L, 1);
        if (set)
            return 1;
    }
    return 0;
}

static int enc_append(enc_state *e)
{
    lua_State *L = e->L;
    size_t n = lua_objlen(L, e->append_idx), i;

    for (i = 1; i < n; i += 2) {
        size_t len;
        const char *name;
        rawgeti_at(L, e->append_idx, i);
        name = lua_tolstring(L, -1, &len); /* a string: checked before the walk */
        if (tim_jw_key(e->w, name, len) != TIM_JW_OK)
            return 1;
        rawgeti_at(L, e->append_idx, i + 1);
        if (enc_value(e, lua_gettop(L)) != 0)
            return 1;
        lua_pop(L, 2);
    }
    return 0;
}

/* Whether the key at k is the integer i. */
static int key_is(lua_State *L, int k, size_t i)
{
#if LUA_VERSION_NUM >= 503
    return lua_isinteger(L, k) && (lua_Unsigned)lua_tointeger(L, k) == (lua_Unsigned)i;
#else
    return lua_type(L, k) == LUA_TNUMBER && lua_tonumber(L, k) == (lua_Number)i;
#endif
}

/* An unmarked table with #t = len > 0, written as an array in one lua_next walk when the walk meets
 * the keys 1..len in that order and nothing else (what Lua does for a sequence in its array part,
 * the usual case): 0 written, 1 failed, 2 not such a table, the writer as it was. A failure on the
 * way is the one the general walk would meet first: up to there, the keys are 1, 2, ... in the
 * order lua_next gives, whether the table turns out to be an array or an object. */
static int enc_sequence(enc_state *e, int idx, size_t len)
{
    lua_State *L = e->L;
    tim_jw_pos pos;
    size_t i = 0;

    tim_jw_mark(e->w, &pos);
    if (tim_jw_begin_array(e->w) != TIM_JW_OK)
        return 1;
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        if (!key_is(L, -2, ++i)) {
            lua_pop(L, 2);
            tim_jw_rewind(e->w, &pos);
            return 2;
        }
        if (enc_value(e, lua_gettop(L)) != 0)
            return 1;
        lua_pop(L, 1);
    }
    if (i != len) {
        tim_jw_rewind(e->w, &pos);
        return 2;
    }
    return tim_jw_end_array(e->w) != TIM_JW_OK;
}

static int enc_table(enc_state *e, int idx, int top)
{
    lua_State *L = e->L;
    int array = 0;
    size_t len;

    if (!lua_checkstack(L, 8))
        return enc_fail(e, "nesting too deep for the Lua stack", "");
    if (e->empty_idx != 0 && lua_rawequal(L, idx, e->empty_idx)) {
        array = 1;
    } else if (lua_getmetatable(L, idx)) {
        if ((e->array_mt_idx != 0 && lua_rawequal(L, -1, e->array_mt_idx)) ||
            (e->empty_mt_idx != 0 && lua_rawequal(L, -1, e->empty_mt_idx))) {
            array = 1;
        } else if (meta_matters(L)) {
            e->needs_lua = 1;
            return 1;
        }
        lua_pop(L, 1);
    }
    len = (size_t)lua_objlen(L, idx);
    if (!array && len > 0) {
        int rc = enc_sequence(e, idx, len);
        if (rc != 2)
            return rc;
        array = is_sequence(L, idx, len);
    }
    if (array) {
        size_t i;
        if (tim_jw_begin_array(e->w) != TIM_JW_OK)
            return 1;
        for (i = 1; i <= len; i++) {
            rawgeti_at(L, idx, i);
            if (enc_value(e, lua_gettop(L)) != 0)
                return 1;
            lua_pop(L, 1);
        }
        return tim_jw_end_array(e->w) != TIM_JW_OK;
    }
    if (tim_jw_begin_object(e->w) != TIM_JW_OK)
        return 1;
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        int v = lua_gettop(L);
        if (enc_key(e, v - 1) != 0 || enc_value(e, v) != 0)
            return 1;
        lua_pop(L, 1);
    }
    if (top && e->append_idx != 0 && enc_append(e) != 0)
        return 1;
    return tim_jw_end_object(e->w) != TIM_JW_OK;
}

#ifdef TIM_TCDATA
/* opts.cdata(v) -> digits | nil, reason, called protected. */
static int enc_cdata(enc_state *e, int idx)
{
    lua_State *L = e->L;
    size_t n, i;
    const char *s;

    lua_pushvalue(L, e->cdata_idx);
    lua_pushvalue(L, idx);
    if (lua_pcall(L, 1, 2, 0) != 0) {
        if (lua_type(L, -1) != LUA_TSTRING)
            return enc_fail(e, "opts.cdata failed", "");
        e->reason_idx = lua_gettop(L);
        return 1;
    }
    if (lua_type(L, -2) != LUA_TSTRING) {
        if (lua_type(L, -1) != LUA_TSTRING)
            return enc_fail(e, "cannot encode a value of type cdata", "");
        e->reason_idx = lua_gettop(L);
        return 1;
    }
    s = lua_tolstring(L, -2, &n);
    for (i = (n > 0 && s[0] == '-') ? 1 : 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            break;
    if (n == 0 || i < n || (n == 1 && s[0] == '-'))
        return enc_fail(e, "opts.cdata returned no integer digits", "");
    if (tim_jw_raw(e->w, s, n) != TIM_JW_OK)
        return 1;
    lua_pop(L, 2);
    return 0;
}
#endif

static int enc_value(enc_state *e, int idx)
{
    lua_State *L = e->L;
    size_t n;
    const char *s;

    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
        s = lua_tolstring(L, idx, &n);
        return tim_jw_string(e->w, s, n) != TIM_JW_OK;
    case LUA_TNUMBER:
        return enc_number(e, idx, 0);
    case LUA_TTABLE:
        if (e->null_idx != 0 && lua_rawequal(L, idx, e->null_idx))
            return tim_jw_null(e->w) != TIM_JW_OK;
        return enc_table(e, idx, 0);
    case LUA_TBOOLEAN:
        return tim_jw_bool(e->w, lua_toboolean(L, idx)) != TIM_JW_OK;
    case LUA_TNIL:
        return tim_jw_null(e->w) != TIM_JW_OK;
    case LUA_TLIGHTUSERDATA:
        if (e->null_idx != 0 ? lua_rawequal(L, idx, e->null_idx) : lua_touserdata(L, idx) == NULL)
            return tim_jw_null(e->w) != TIM_JW_OK;
        if (e->empty_value_idx != 0 && lua_rawequal(L, idx, e->empty_value_idx))
            return tim_jw_raw(e->w, "[]", 2) != TIM_JW_OK;
        break;
#ifdef TIM_TCDATA
    case TIM_TCDATA:
        if (e->cdata_idx != 0)
            return enc_cdata(e, idx);
        break;
#endif
    default:
        break;
    }
    return enc_fail(e, "cannot encode a value of type ", luaL_typename(L, idx));
}

/* The marks, null and the cdata hook, in this order: opts fields for json_encode, upvalues 3.. of an
 * encoder made by json_encoder. */
static const char *const mark_names[] = {"null", "array_mt", "empty_array_mt", "empty_array", "cjson_empty_array",
                                         "cdata"};
#define N_MARKS 6

static void set_marks(enc_state *e, const int *idx)
{
    e->null_idx = idx[0];
    e->array_mt_idx = idx[1];
    e->empty_mt_idx = idx[2];
    e->empty_idx = idx[3];
    e->empty_value_idx = idx[4];
    e->cdata_idx = idx[5];
}

static int opts_error(lua_State *L, const char *fn, int arg, const char *msg, int idx)
{
    return luaL_error(L, "bad argument #%d to 'tim.core.%s' (%s, got %s)", arg, fn, msg, luaL_typename(L, idx));
}

/* opts (the table at index arg, or nil: argument arg) read onto the stack: idx[k] the index of
 * mark_names[k], 0 when nil. */
static void read_marks(lua_State *L, const char *fn, int arg, int *idx)
{
    int k;

    for (k = 0; k < N_MARKS; k++)
        idx[k] = 0;
    if (lua_isnil(L, arg))
        return;
    if (!lua_istable(L, arg))
        opts_error(L, fn, arg, "opts must be a table or nil", arg);
    for (k = 0; k < N_MARKS; k++) {
        lua_getfield(L, arg, mark_names[k]);
        if (lua_isnil(L, -1))
            lua_pop(L, 1);
        else
            idx[k] = lua_gettop(L);
    }
    if (idx[N_MARKS - 1] != 0 && lua_type(L, idx[N_MARKS - 1]) != LUA_TFUNCTION)
        opts_error(L, fn, arg, "opts.cdata must be a function", idx[N_MARKS - 1]);
}

/* The members to append (a table at idx): names (strings) and values in pairs. who names them in the
 * error ("bad argument #2 to 'tim.core.json_encode' (opts.append"). */
static void check_append(lua_State *L, const char *who, int idx)
{
    size_t n, i;

    if (!lua_istable(L, idx))
        luaL_error(L, "%s must be a table, got %s)", who, luaL_typename(L, idx));
    n = lua_objlen(L, idx);
    for (i = 1; i <= n + 1; i++) {
        int bad;
        rawgeti_at(L, idx, i);
        bad = i > n ? i % 2 == 0 : i % 2 == 1 ? lua_type(L, -1) != LUA_TSTRING : lua_isnil(L, -1);
        lua_pop(L, 1);
        if (bad)
            luaL_error(L, "%s must list names (strings) and values in pairs)", who);
    }
}

static int enc_buffer_gc(lua_State *L)
{
    enc_buffer *b = (enc_buffer *)lua_touserdata(L, 1);
    if (b != NULL)
        tim_jw_free(&b->w);
    return 0;
}

/* The kept buffer, or a new one, pushed and taken off upvalue 1 while in use. */
static enc_buffer *take_buffer(lua_State *L)
{
    enc_buffer *b;

    lua_pushvalue(L, lua_upvalueindex(1));
    if (lua_type(L, -1) == LUA_TUSERDATA) {
        lua_pushboolean(L, 0);
        lua_replace(L, lua_upvalueindex(1));
        b = (enc_buffer *)lua_touserdata(L, -1);
        tim_jw_reset(&b->w);
        return b;
    }
    lua_pop(L, 1);
    b = (enc_buffer *)lua_newuserdata(L, sizeof(*b));
    tim_jw_init(&b->w);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_setmetatable(L, -2);
    return b;
}

/* Encodes the value at index 1 with what e holds; pushes the results, returns how many. */
static int encode_value_at_1(lua_State *L, enc_state *e)
{
    enc_buffer *b = take_buffer(L);
    int buf_idx = lua_gettop(L), failed, pushed;

    e->L = L;
    e->w = &b->w;
    if (lua_istable(L, 1) && !(e->null_idx != 0 && lua_rawequal(L, 1, e->null_idx)))
        failed = enc_table(e, 1, 1);
    else
        failed = enc_value(e, 1);

    if (!failed) {
        lua_pushlstring(L, b->w.buf, b->w.len);
        pushed = 1;
    } else {
        if (e->needs_lua) {
            lua_pushboolean(L, 0);
            lua_pushliteral(L, "a metatable with __len, __pairs or __eq: the Lua encoder's rules");
        } else {
            lua_pushnil(L);
            if (e->reason_idx != 0)
                lua_pushvalue(L, e->reason_idx);
            else
                lua_pushstring(L, e->reason[0] != '\0' ? e->reason : tim_jw_strerror(b->w.status));
        }
        pushed = 2;
    }
    if (b->w.cap > ENC_KEEP)
        tim_jw_free(&b->w);
    lua_pushvalue(L, buf_idx);
    lua_replace(L, lua_upvalueindex(1));
    return pushed;
}

/* json_encode(v [, opts]) */
static int json_encode(lua_State *L)
{
    enc_state e;
    int idx[N_MARKS];

    lua_settop(L, 2);
    memset(&e, 0, sizeof(e));
    read_marks(L, "json_encode", 2, idx);
    set_marks(&e, idx);
    if (!lua_isnil(L, 2)) {
        lua_getfield(L, 2, "append");
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
        } else {
            e.append_idx = lua_gettop(L);
            check_append(L, "bad argument #2 to 'tim.core.json_encode' (opts.append", e.append_idx);
        }
    }
    return encode_value_at_1(L, &e);
}

/* an encoder's encode(v [, append]): the marks are its upvalues 3.., read when it was made */
static int encoder_call(lua_State *L)
{
    enc_state e;
    int idx[N_MARKS], k;

    lua_settop(L, 2);
    memset(&e, 0, sizeof(e));
    for (k = 0; k < N_MARKS; k++)
        idx[k] = lua_isnil(L, lua_upvalueindex(3 + k)) ? 0 : lua_upvalueindex(3 + k);
    set_marks(&e, idx);
    if (!lua_isnil(L, 2)) {
        check_append(L, "bad argument #2 to a tim.core.json_encoder encode (append", 2);
        e.append_idx = 2;
    }
    return encode_value_at_1(L, &e);
}

static void push_buffer_upvalues(lua_State *L)
{
    lua_pushboolean(L, 0); /* upvalue 1: no buffer yet */
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, enc_buffer_gc);
    lua_setfield(L, -2, "__gc");
}

/* json_encoder(opts) -> encode(v [, append]): json_encode with these marks, read once (no per-call
 * look-ups) and append as an argument */
static int json_encoder(lua_State *L)
{
    int idx[N_MARKS], k;

    lua_settop(L, 1);
    read_marks(L, "json_encoder", 1, idx);
    if (!lua_isnil(L, 1)) {
        lua_getfield(L, 1, "append");
        if (!lua_isnil(L, -1))
            luaL_error(L, "bad argument #1 to 'tim.core.json_encoder' (opts.append goes to each call of the "
                          "encoder)");
        lua_pop(L, 1);
    }
    push_buffer_upvalues(L);
    for (k = 0; k < N_MARKS; k++) {
        if (idx[k] != 0)
            lua_pushvalue(L, idx[k]);
        else
            lua_pushnil(L);
    }
    lua_pushcclosure(L, encoder_call, 2 + N_MARKS);
    return 1;
}

void tim_core_json_register(lua_State *L)
{
    push_buffer_upvalues(L);
    lua_pushcclosure(L, json_encode, 2);
    lua_setfield(L, -2, "json_encode");
    lua_pushcfunction(L, json_encoder);
    lua_setfield(L, -2, "json_encoder");
}

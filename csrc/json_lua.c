/* json_lua.c: tim.core.json_decode, the Lua side of json.c. Builds the value on the Lua stack from
 * the parser's events: each open container sits on the stack (an object with its pending key above
 * it), a finished value is stored into the container below it at once.
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
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "compat.h"
#include "json.h"
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

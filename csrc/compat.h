/* compat.h: the few Lua 5.1 differences the binding needs (and 5.1's lua_objlen name for 5.2+).
 * Two 5.1 targets: LuaJIT 2.1 (which already has luaL_setfuncs from 5.2) and PUC Lua 5.1, which
 * gets the shim below. Both have only double numbers. */
#ifndef TIM_COMPAT_H
#define TIM_COMPAT_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h> /* LuaJIT's defines LUA_JITLIBNAME */

#if LUA_VERSION_NUM == 501
/* Numbers are doubles: integers travel as integral doubles, exact up to 2^53. */
#define TIM_INT_IS_DOUBLE 1
#define TIM_INT_LIMIT 9007199254740992.0 /* 2^53 */
#define tim_pushint(L, v) lua_pushnumber((L), (lua_Number)(v))

#if !defined(LUA_JITLIBNAME)
#define TIM_PUC51 1
/* Lua 5.2's luaL_setfuncs: every function gets the nup values below the list as upvalues, which
 * are popped. */
static inline void tim_setfuncs(lua_State *L, const luaL_Reg *l, int nup)
{
    luaL_checkstack(L, nup, "too many upvalues");
    for (; l->name != NULL; l++) {
        int i;
        for (i = 0; i < nup; i++)
            lua_pushvalue(L, -nup);
        lua_pushcclosure(L, l->func, nup);
        lua_setfield(L, -(nup + 2), l->name);
    }
    lua_pop(L, nup);
}
#define luaL_setfuncs tim_setfuncs
#endif
#else
#define tim_pushint(L, v) lua_pushinteger((L), (lua_Integer)(v))
#define lua_objlen lua_rawlen   /* the length of a table without metamethods, by its 5.1 name */
#endif

#endif

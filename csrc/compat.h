/* compat.h: the few Lua 5.1 / LuaJIT 2.1 differences tim_core.c needs; nothing for Lua 5.2+.
 * The 5.1 target is LuaJIT 2.1, which already provides luaL_setfuncs (plain Lua 5.1 is not
 * supported). */
#ifndef TIM_COMPAT_H
#define TIM_COMPAT_H

#include <lua.h>
#include <lauxlib.h>

#if LUA_VERSION_NUM == 501
/* LuaJIT numbers are doubles: integers travel as integral doubles, exact up to 2^53. */
#define TIM_INT_IS_DOUBLE 1
#define TIM_INT_LIMIT 9007199254740992.0 /* 2^53 */
#define tim_pushint(L, v) lua_pushnumber((L), (lua_Number)(v))
#endif

#endif

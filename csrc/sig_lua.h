/* sig_lua.h: tim.core.signal_* (sig_lua.c), registered by tim_core.c. */
#ifndef TIM_SIG_LUA_H
#define TIM_SIG_LUA_H

#include <lua.h>

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

int tim_core_signal_watch(lua_State *L);
int tim_core_signal_unwatch(lua_State *L);
int tim_core_signal_count(lua_State *L);
int tim_core_signal_last(lua_State *L);
int tim_core_signal_fd(lua_State *L);
int tim_core_signal_drain(lua_State *L);
int tim_core_signal_clear(lua_State *L);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif

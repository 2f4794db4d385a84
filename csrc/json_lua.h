/* json_lua.h: tim.core.json_decode, json_encode and json_encoder (json_lua.c), registered by tim_core.c. */
#ifndef TIM_JSON_LUA_H
#define TIM_JSON_LUA_H

#include <lua.h>

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

int tim_core_json_decode(lua_State *L);
/* Sets json_encode (a closure with its own upvalues) and json_encoder on the module table on top. */
void tim_core_json_register(lua_State *L);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif

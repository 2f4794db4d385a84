/* fdio_lua.h: tim.core.fd_recv, fd_recv_exact, fd_send, fd_idle and fd_poll (fdio_lua.c), registered by tim_core.c. */
#ifndef TIM_FDIO_LUA_H
#define TIM_FDIO_LUA_H

#include <lua.h>

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

int tim_core_fd_recv(lua_State *L);
int tim_core_fd_recv_exact(lua_State *L);
int tim_core_fd_send(lua_State *L);
int tim_core_fd_idle(lua_State *L);
int tim_core_fd_poll(lua_State *L);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif

/* sig_lua.c: the Lua side of sig.c.
 *   signal_watch(name, ...)   -> true | nil, message      names: "INT", "TERM", "HUP" (or "SIGINT", ...)
 *   signal_unwatch(name, ...) -> true | nil, message      the signal's action before the watch comes back
 *   signal_count(name)        -> how many came since the start (or the last signal_clear)
 *   signal_last()             -> "INT" | "TERM" | "HUP" | nil: the one that came last
 *   signal_fd()               -> a descriptor readable after a signal (for poll), or nil before the first watch
 *   signal_drain()            empties that descriptor; signal_clear() also forgets the counts
 * A name it does not take raises an error naming the argument. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "compat.h"
#include "sig.h"
#include "sig_lua.h"

static int signum_of(lua_State *L, int arg, const char *fn)
{
    const char *name = luaL_checkstring(L, arg);
    if (strncmp(name, "SIG", 3) == 0)
        name += 3;
    if (strcmp(name, "INT") == 0)
        return SIGINT;
    if (strcmp(name, "TERM") == 0)
        return SIGTERM;
    if (strcmp(name, "HUP") == 0)
        return SIGHUP;
    return luaL_error(L, "bad argument #%d to 'tim.core.%s' (\"INT\", \"TERM\" or \"HUP\" expected, got \"%s\")",
                      arg, fn, luaL_checkstring(L, arg));
}

static const char *name_of(int signum)
{
    switch (signum) {
    case SIGINT:
        return "INT";
    case SIGTERM:
        return "TERM";
    case SIGHUP:
        return "HUP";
    default:
        return NULL;
    }
}

static int each(lua_State *L, const char *fn, int (*op)(int))
{
    int i, n = lua_gettop(L);
    if (n == 0)
        return luaL_error(L, "bad argument #1 to 'tim.core.%s' (a signal name expected)", fn);
    for (i = 1; i <= n; i++) {
        if (op(signum_of(L, i, fn)) != 0) {
            lua_pushnil(L);
            lua_pushstring(L, strerror(errno));
            return 2;
        }
    }
    lua_pushboolean(L, 1);
    return 1;
}

int tim_core_signal_watch(lua_State *L)
{
    return each(L, "signal_watch", tim_sig_watch);
}

int tim_core_signal_unwatch(lua_State *L)
{
    return each(L, "signal_unwatch", tim_sig_unwatch);
}

int tim_core_signal_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)tim_sig_count(signum_of(L, 1, "signal_count")));
    return 1;
}

int tim_core_signal_last(lua_State *L)
{
    const char *name = name_of(tim_sig_last());
    if (name == NULL)
        lua_pushnil(L);
    else
        lua_pushstring(L, name);
    return 1;
}

int tim_core_signal_fd(lua_State *L)
{
    int fd = tim_sig_fd();
    if (fd < 0)
        lua_pushnil(L);
    else
        lua_pushinteger(L, fd);
    return 1;
}

int tim_core_signal_drain(lua_State *L)
{
    (void)L;
    tim_sig_drain();
    return 0;
}

int tim_core_signal_clear(lua_State *L)
{
    (void)L;
    tim_sig_clear();
    return 0;
}

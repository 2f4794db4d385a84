/* fdio_lua.c: the Lua side of fdio.c, for tim.stream's descriptor driver.
 *   fd_recv(fd, max, timeout)        -> 1..max bytes (max <= 16384) | nil, "timeout" | "closed" | message
 *   fd_recv_exact(fd, n, timeout)    -> n bytes | nil, err, the bytes that did arrive
 *   fd_send(fd, data, timeout)       -> bytes sent | nil, err, bytes sent   (data: a string or a list of strings)
 *   fd_idle(fd)                      -> true | false, "data" | "closed" | message
 *   fd_poll(rfds, wfds, timeout, rout, wout) -> nr, nw | nil, message
 *        (tim.loop's wait: rout[1..nr] the positions in rfds of the descriptors ready to read, wout likewise)
 * timeout: seconds for the whole call; fd: LuaSocket's getfd() (a negative one is a closed socket). A wrong
 * argument type raises an error naming the argument; an I/O failure returns nil, err. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#include "compat.h"
#include "fdio.h"
#include "fdio_lua.h"

#define READ_MAX 16384
#define IOV_BATCH 64

static int bad_arg(lua_State *L, const char *fn, int arg, const char *name, const char *expected)
{
    return luaL_error(L, "bad argument #%d to 'tim.core.%s' (%s must be %s, got %s)", arg, fn, name, expected,
                      luaL_typename(L, arg));
}

/* the value at idx is a descriptor number: an integer from -1 (a closed socket's) up */
static int is_descriptor(lua_State *L, int idx)
{
    lua_Number d;
    if (lua_type(L, idx) != LUA_TNUMBER)
        return 0;
    d = lua_tonumber(L, idx);
    return d >= -1 && d <= 2147483647.0 && d == (lua_Number)(int)d;
}

static int arg_fd(lua_State *L, const char *fn)
{
    if (lua_type(L, 1) != LUA_TNUMBER)
        bad_arg(L, fn, 1, "fd", "a descriptor number");
    if (!is_descriptor(L, 1))
        luaL_error(L, "bad argument #1 to 'tim.core.%s' (fd must be a descriptor number)", fn);
    return (int)lua_tonumber(L, 1);
}

static double arg_timeout(lua_State *L, const char *fn, int arg)
{
    lua_Number t;
    if (lua_type(L, arg) != LUA_TNUMBER)
        bad_arg(L, fn, arg, "timeout", "a number of seconds");
    t = lua_tonumber(L, arg);
    if (t != t)
        luaL_error(L, "bad argument #%d to 'tim.core.%s' (timeout must be a number of seconds)", arg, fn);
    return t < 0 ? 0 : (double)t;
}

static size_t arg_size(lua_State *L, const char *fn, int arg, const char *name, lua_Number max)
{
    lua_Number n;
    if (lua_type(L, arg) != LUA_TNUMBER)
        bad_arg(L, fn, arg, name, "a byte count");
    n = lua_tonumber(L, arg);
    if (!(n >= 1 && n <= max) || n != (lua_Number)(int64_t)n) {
        char range[32];
        snprintf(range, sizeof range, "%.0f", (double)max);
        luaL_error(L, "bad argument #%d to 'tim.core.%s' (%s must be an integer from 1 to %s)", arg, fn, name,
                   range);
    }
    return (size_t)n;
}

static int push_failure(lua_State *L, long code)
{
    lua_pushnil(L);
    if (code == TIM_FD_TIMEOUT)
        lua_pushliteral(L, "timeout");
    else if (code == TIM_FD_CLOSED)
        lua_pushliteral(L, "closed");
    else
        lua_pushstring(L, tim_fd_strerror(errno));
    return 2;
}

int tim_core_fd_recv(lua_State *L)
{
    char buf[READ_MAX];
    int fd = arg_fd(L, "fd_recv");
    size_t max = arg_size(L, "fd_recv", 2, "max", READ_MAX);
    double timeout = arg_timeout(L, "fd_recv", 3);
    long n;
    if (fd < 0)
        return push_failure(L, TIM_FD_CLOSED);
    n = tim_fd_recv(fd, buf, max, timeout);
    if (n < 0)
        return push_failure(L, n);
    lua_pushlstring(L, buf, (size_t)n);
    return 1;
}

int tim_core_fd_recv_exact(lua_State *L)
{
    luaL_Buffer b;
    int fd = arg_fd(L, "fd_recv_exact");
    size_t want = arg_size(L, "fd_recv_exact", 2, "n", 9007199254740992.0);
    double end = tim_fd_now() + arg_timeout(L, "fd_recv_exact", 3);
    size_t got = 0;
    long n = TIM_FD_CLOSED;
    if (fd < 0) {
        push_failure(L, TIM_FD_CLOSED);
        lua_pushliteral(L, "");
        return 3;
    }
    luaL_buffinit(L, &b);
    while (got < want) {
        char *p = luaL_prepbuffer(&b);
        size_t room = want - got < LUAL_BUFFERSIZE ? want - got : LUAL_BUFFERSIZE;
        double left = end - tim_fd_now();
        n = tim_fd_recv(fd, p, room, left > 0 ? left : 0);
        if (n < 0)
            break;
        luaL_addsize(&b, (size_t)n);
        got += (size_t)n;
    }
    if (got == want) {
        luaL_pushresult(&b);
        return 1;
    }
    {
        int saved = errno;
        luaL_pushresult(&b);        /* the partial bytes */
        errno = saved;
    }
    push_failure(L, n);
    lua_pushvalue(L, -3);
    return 3;
}

int tim_core_fd_send(lua_State *L)
{
    struct iovec iov[IOV_BATCH];
    int fd = arg_fd(L, "fd_send");
    double end;
    size_t total = 0;
    int count, i, rc = 0;
    if (lua_type(L, 2) != LUA_TSTRING && lua_type(L, 2) != LUA_TTABLE)
        bad_arg(L, "fd_send", 2, "data", "a string or a list of strings");
    end = tim_fd_now() + arg_timeout(L, "fd_send", 3);
    count = lua_type(L, 2) == LUA_TSTRING ? 1 : (int)lua_objlen(L, 2);
    for (i = 1; i <= count; i++) {      /* check every piece before a byte leaves */
        if (lua_type(L, 2) == LUA_TTABLE) {
            lua_rawgeti(L, 2, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "bad argument #2 to 'tim.core.fd_send' (data[%d] must be a string, got %s)", i,
                           luaL_typename(L, -1));
            lua_pop(L, 1);
        }
    }
    if (fd < 0) {
        push_failure(L, TIM_FD_CLOSED);
        lua_pushinteger(L, 0);
        return 3;
    }
    for (i = 1; i <= count && rc == 0;) {
        int k = 0;
        size_t sent = 0;
        double left;
        for (; i <= count && k < IOV_BATCH; i++, k++) {
            size_t len;
            const char *s;
            if (lua_type(L, 2) == LUA_TSTRING) {
                s = lua_tolstring(L, 2, &len);
            } else {
                lua_rawgeti(L, 2, i);
                s = lua_tolstring(L, -1, &len);   /* the table keeps the string alive */
                lua_pop(L, 1);
            }
            iov[k].iov_base = (void *)(uintptr_t)s;
            iov[k].iov_len = len;
        }
        left = end - tim_fd_now();
        rc = tim_fd_sendv(fd, iov, k, left > 0 ? left : 0, &sent);
        total += sent;
    }
    if (rc == 0) {
        tim_pushint(L, total);
        return 1;
    }
    push_failure(L, rc);
    tim_pushint(L, total);
    return 3;
}

int tim_core_fd_idle(lua_State *L)
{
    int fd = arg_fd(L, "fd_idle");
    int rc;
    if (fd < 0) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "closed");
        return 2;
    }
    rc = tim_fd_idle(fd);
    if (rc == 1) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    if (rc == 0)
        lua_pushliteral(L, "data");
    else if (rc == TIM_FD_CLOSED)
        lua_pushliteral(L, "closed");
    else
        lua_pushstring(L, tim_fd_strerror(errno));
    return 2;
}

/* one list of descriptors (argument arg) into p[*n...], each with `events` */
static void poll_list(lua_State *L, int arg, struct pollfd *p, size_t *n, size_t count, short events)
{
    size_t i;
    for (i = 1; i <= count; i++) {
        lua_rawgeti(L, arg, (lua_Integer)i);
        if (!is_descriptor(L, -1))
            luaL_error(L, "bad argument #%d to 'tim.core.fd_poll' (%s[%d] must be a descriptor number, got %s)", arg,
                       arg == 1 ? "rfds" : "wfds", (int)i, luaL_typename(L, -1));
        p[*n].fd = (int)lua_tonumber(L, -1);
        lua_pop(L, 1);
        p[*n].events = events;
        p[*n].revents = 0;
        (*n)++;
    }
}

/* the positions of the ready entries of p[from..from+count) into the table at `arg`; returns how many */
static lua_Integer poll_ready(lua_State *L, int arg, const struct pollfd *p, size_t from, size_t count)
{
    lua_Integer k = 0;
    size_t i;
    for (i = 0; i < count; i++) {
        if (p[from + i].fd >= 0 && (p[from + i].revents & (p[from + i].events | POLLERR | POLLHUP | POLLNVAL))) {
            lua_pushinteger(L, (lua_Integer)(i + 1));
            lua_rawseti(L, arg, ++k);
        }
    }
    return k;
}

int tim_core_fd_poll(lua_State *L)
{
    struct pollfd small[64];
    struct pollfd *p = small;
    size_t nr, nw, n = 0;
    double timeout;
    int rc;
    if (lua_type(L, 1) != LUA_TTABLE)
        bad_arg(L, "fd_poll", 1, "rfds", "a list of descriptors");
    if (lua_type(L, 2) != LUA_TTABLE)
        bad_arg(L, "fd_poll", 2, "wfds", "a list of descriptors");
    timeout = arg_timeout(L, "fd_poll", 3);
    if (lua_type(L, 4) != LUA_TTABLE)
        bad_arg(L, "fd_poll", 4, "rout", "a table");
    if (lua_type(L, 5) != LUA_TTABLE)
        bad_arg(L, "fd_poll", 5, "wout", "a table");
    nr = lua_objlen(L, 1);
    nw = lua_objlen(L, 2);
    if (nr + nw > sizeof small / sizeof small[0]) {
        if (nr + nw > 1000000)
            luaL_error(L, "bad argument #1 to 'tim.core.fd_poll' (more than 1000000 descriptors)");
        p = (struct pollfd *)lua_newuserdata(L, (nr + nw) * sizeof *p);     /* freed by the collector */
    }
    poll_list(L, 1, p, &n, nr, POLLIN);
    poll_list(L, 2, p, &n, nw, POLLOUT);
    rc = tim_fd_poll(p, n, timeout);
    if (rc < 0) {
        lua_pushnil(L);
        lua_pushstring(L, tim_fd_strerror(errno));
        return 2;
    }
    if (rc == 0) {
        lua_pushinteger(L, 0);
        lua_pushinteger(L, 0);
        return 2;
    }
    lua_pushinteger(L, poll_ready(L, 4, p, 0, nr));
    lua_pushinteger(L, poll_ready(L, 5, p, nr, nw));
    return 2;
}

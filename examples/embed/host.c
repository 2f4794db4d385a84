/*
 * A game server embedding Lua 5.4 and lua-tim: C code calls Lua functions that call the Tencent IM REST API,
 * and checks their (result, err) answers. Then it runs a 60 fps frame loop: each frame gives lua-tim's loop
 * 2 ms (game.frame(0.002)) while hundreds of calls, their retries and rate-limit waits are in flight, sleeps
 * for the rest of the 16.7 ms frame, and reports the worst frame's work time.
 *
 *   ./host <lua-tim root> <endpoint> <sdkappid> <key> [calls [faults]]
 *   calls: messages in flight in the frame loop (default 300); faults: 502 answers the emulator injects (30)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

/* host_log(msg): a C function the Lua side can call */
static int host_log(lua_State *L)
{
    const char *msg = luaL_checkstring(L, 1);
    printf("  [lua] %s\n", msg);
    return 0;
}

/* The message handler of every lua_pcall here (as lua.c's): the error value as text, then a traceback. Lua code
 * may raise an error object as it is (assert(im.x{...}) raises the table): lua_tostring gives NULL for a table
 * ("(null)" in printf), luaL_tolstring calls its __tostring. Running inside the pcall, a __tostring that fails
 * makes lua_pcall return LUA_ERRERR rather than escape it. */
static int msghandler(lua_State *L)
{
    luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
    return 1;
}

/* lua_pcall with msghandler: the function and its nargs arguments are on top; the error, if any, is a string */
static int pcall_traced(lua_State *L, int nargs, int nresults)
{
    int handler = lua_gettop(L) - nargs;         /* where the function is: the handler goes below it */
    int rc;
    lua_pushcfunction(L, msghandler);
    lua_insert(L, handler);
    rc = lua_pcall(L, nargs, nresults, handler);
    lua_remove(L, handler);
    return rc;
}

/* Calls game.<name>(args...) already pushed after the function; leaves nothing on the stack.
 * Returns 0 when the call returned a true first value, -1 otherwise (printing the error object). When it raised,
 * `out` gets the first line of the error. */
static int call_game(lua_State *L, const char *name, int nargs, char *out, size_t outlen, const char *field)
{
    int base = lua_gettop(L) - nargs + 1;        /* the function goes where the first argument is */
    lua_getglobal(L, "game");
    lua_getfield(L, -1, name);
    lua_remove(L, -2);                           /* game table */
    lua_insert(L, base);                         /* function below its arguments */
    if (pcall_traced(L, nargs, 2) != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        if (msg == NULL)
            msg = "(no message)";
        fprintf(stderr, "host: game.%s raised: %s\n", name, msg);
        if (out != NULL && outlen > 0)
            snprintf(out, outlen, "%.*s", (int)strcspn(msg, "\n"), msg);
        lua_pop(L, 1);
        return -1;
    }
    if (!lua_toboolean(L, -2)) {
        /* err: an error object with __tostring (never holds a secret) and a numeric code */
        const char *msg = luaL_tolstring(L, -1, NULL);
        printf("  game.%s failed: %s\n", name, msg);
        lua_pop(L, 1);
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "code");
            if (lua_isinteger(L, -1) && out != NULL && outlen > 0)
                snprintf(out, outlen, "%lld", (long long)lua_tointeger(L, -1));
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
        return -1;
    }
    if (out != NULL && outlen > 0) {
        out[0] = '\0';
        if (field != NULL && lua_istable(L, -2)) {
            lua_getfield(L, -2, field);
            if (lua_type(L, -1) == LUA_TSTRING)
                snprintf(out, outlen, "%s", lua_tostring(L, -1));
            lua_pop(L, 1);
        } else if (lua_isinteger(L, -2)) {
            snprintf(out, outlen, "%lld", (long long)lua_tointeger(L, -2));
        }
    }
    lua_pop(L, 2);
    return 0;
}

/* game_send_message(L, from, to, text): send one C2C message; 0 on success, -1 on failure */
static int game_send_message(lua_State *L, const char *from, const char *to, const char *text, char *code,
                             size_t codelen)
{
    char key[128];
    lua_pushstring(L, from);
    lua_pushstring(L, to);
    lua_pushstring(L, text);
    if (call_game(L, "send_message", 3, codelen ? code : key, codelen ? codelen : sizeof key, "MsgKey") != 0)
        return -1;
    printf("  %s -> %s: sent (%s)\n", from, to, codelen ? code : key);
    return 0;
}

static int game_import_player(lua_State *L, const char *id, const char *nick)
{
    lua_pushstring(L, id);
    lua_pushstring(L, nick);
    return call_game(L, "import_player", 2, NULL, 0, NULL);
}

/* game.<name>("knight", "ghost", ...) raises (the receiver does not exist): 0 when what it raised reads as the
 * error's line, with its code, rather than "(null)" */
static int raising_send(lua_State *L, const char *name)
{
    char msg[512] = "";
    printf("embed: game.%s to a player who does not exist, raising (expected to fail)\n", name);
    lua_pushstring(L, "knight");
    lua_pushstring(L, "ghost");
    lua_pushstring(L, "boo");
    if (call_game(L, name, 3, msg, sizeof msg, NULL) == 0 || strstr(msg, "api error 20003") == NULL) {
        printf("  unexpected: game.%s did not raise a readable 20003 (%s)\n", name, msg);
        return -1;
    }
    printf("  raised, readable: %s\n", msg);
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
    struct timespec ts;
    if (ms <= 0)
        return;
    ts.tv_sec = (time_t)(ms / 1000.0);
    ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000.0) * 1e6);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* reads game.burst_stats().<name> as an integer (the table is on top of the stack) */
static long long stat_field(lua_State *L, const char *name)
{
    long long v;
    lua_getfield(L, -1, name);
    v = lua_isinteger(L, -1) ? (long long)lua_tointeger(L, -1) : -1;
    lua_pop(L, 1);
    return v;
}

#define FRAME_MS (1000.0 / 60.0)
#define STEP_SECONDS 0.002
#define MAX_FRAMES (60 * 120)      /* two minutes of frames at most */

/* The frame loop: 0 when every call of the burst succeeded */
static int frame_loop(lua_State *L, int calls, int faults)
{
    static double work[MAX_FRAMES];
    int frames = 0, left = calls, rc = 0;
    double worst = 0, total = 0, start;

    lua_pushinteger(L, calls);
    lua_pushinteger(L, faults);
    if (call_game(L, "start_burst", 2, NULL, 0, NULL) != 0)
        return -1;
    start = now_ms();
    while (left > 0 && frames < MAX_FRAMES) {
        double t0 = now_ms(), t1;
        /* the game's own update would run here; then lua-tim gets its slice of the frame */
        lua_getglobal(L, "game");
        lua_getfield(L, -1, "frame");
        lua_remove(L, -2);
        lua_pushnumber(L, STEP_SECONDS);
        if (pcall_traced(L, 1, 1) != LUA_OK) {
            fprintf(stderr, "host: game.frame raised: %s\n", lua_tostring(L, -1));
            lua_pop(L, 1);
            return -1;
        }
        left = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        t1 = now_ms();
        work[frames++] = t1 - t0;
        total += t1 - t0;
        if (t1 - t0 > worst)
            worst = t1 - t0;
        sleep_ms(t0 + FRAME_MS - now_ms());     /* the rest of the frame: render, wait for vsync */
    }
    qsort(work, (size_t)frames, sizeof work[0], cmp_double);

    lua_getglobal(L, "game");
    lua_getfield(L, -1, "burst_stats");
    lua_remove(L, -2);
    if (pcall_traced(L, 0, 1) != LUA_OK || !lua_istable(L, -1)) {
        fprintf(stderr, "host: game.burst_stats failed\n");
        lua_pop(L, 1);
        return -1;
    }
    printf("embed: frame loop: %d frames of %.1f ms in %.2f s; %d calls: %lld ok, %lld failed; %lld attempts, "
           "%lld answered 502 and retried, %lld waited for a rate-limit token\n",
           frames, FRAME_MS, (now_ms() - start) / 1000.0, calls, stat_field(L, "ok"), stat_field(L, "failed"),
           stat_field(L, "attempts"), stat_field(L, "http502"), stat_field(L, "waited"));
    printf("embed: frame work (game.frame(%.3f)): worst %.2f ms, p99 %.2f ms, median %.2f ms, mean %.2f ms\n",
           STEP_SECONDS, worst, frames ? work[(frames * 99) / 100] : 0.0, frames ? work[frames / 2] : 0.0,
           frames ? total / frames : 0.0);
    if (left > 0) {
        printf("embed: %d calls still in flight after %d frames\n", left, frames);
        rc = -1;
    }
    if (stat_field(L, "ok") != calls) {
        lua_getfield(L, -1, "last_error");
        printf("embed: not every call succeeded (last error: %s)\n",
               lua_isstring(L, -1) ? lua_tostring(L, -1) : "none");
        lua_pop(L, 1);
        rc = -1;
    }
    lua_pop(L, 1);
    return rc;
}

static int set_paths(lua_State *L, const char *root)
{
    luaL_Buffer b;
    lua_getglobal(L, "package");
    luaL_buffinit(L, &b);
    luaL_addstring(&b, root); luaL_addstring(&b, "/lua/?.lua;");
    luaL_addstring(&b, root); luaL_addstring(&b, "/lua/?/init.lua;");
    luaL_addstring(&b, root); luaL_addstring(&b, "/examples/embed/?.lua;");
    lua_getfield(L, -2, "path");
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    lua_setfield(L, -2, "path");
    luaL_buffinit(L, &b);
    luaL_addstring(&b, root); luaL_addstring(&b, "/build/lua5.4/?.so;");
    lua_getfield(L, -2, "cpath");
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);
    return 0;
}

int main(int argc, char **argv)
{
    char buf[128];
    int failures = 0, calls = 300, faults = 30;
    lua_State *L;

    if (argc < 5 || argc > 7) {
        fprintf(stderr, "usage: %s <lua-tim root> <endpoint> <sdkappid> <key> [calls [faults]]\n", argv[0]);
        return 2;
    }
    if (argc > 5)
        calls = atoi(argv[5]);
    if (argc > 6)
        faults = atoi(argv[6]);
    if (calls < 0 || faults < 0) {
        fprintf(stderr, "host: calls and faults must be >= 0\n");
        return 2;
    }
    L = luaL_newstate();
    if (L == NULL)
        return 1;
    luaL_openlibs(L);
    set_paths(L, argv[1]);
    lua_register(L, "host_log", host_log);

    lua_getglobal(L, "require");
    lua_pushliteral(L, "game");
    if (pcall_traced(L, 1, 1) != LUA_OK) {
        fprintf(stderr, "host: cannot load game.lua: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    lua_setglobal(L, "game");

    printf("embed: connecting to %s\n", argv[2]);
    lua_pushstring(L, argv[2]);
    lua_pushinteger(L, strtoll(argv[3], NULL, 10));
    lua_pushstring(L, argv[4]);
    if (call_game(L, "connect", 3, NULL, 0, NULL) != 0) {
        lua_close(L);
        return 1;
    }

    printf("embed: importing players\n");
    failures += game_import_player(L, "knight", "Knight") != 0;
    failures += game_import_player(L, "wizard", "Wizard") != 0;

    printf("embed: chat\n");
    failures += game_send_message(L, "knight", "wizard", "Meet at the castle gate.", NULL, 0) != 0;
    failures += game_send_message(L, "wizard", "knight", "On my way!", NULL, 0) != 0;

    printf("embed: a message to a player who does not exist (expected to fail)\n");
    if (game_send_message(L, "knight", "ghost", "boo", buf, sizeof buf) == 0 || strcmp(buf, "20003") != 0) {
        printf("  unexpected: the send did not fail with 20003\n");
        failures++;
    } else {
        printf("  handled: error code %s\n", buf);
    }

    failures += raising_send(L, "strict_send") != 0;
    failures += raising_send(L, "checked_send") != 0;

    lua_pushstring(L, "knight");
    lua_pushstring(L, "wizard");
    if (call_game(L, "history_count", 2, buf, sizeof buf, NULL) != 0 || strcmp(buf, "2") != 0) {
        printf("embed: history count wrong (%s)\n", buf);
        failures++;
    } else {
        printf("embed: history holds %s messages\n", buf);
    }

    printf("embed: frame loop at 60 fps with %d calls in flight and %d injected 502s\n", calls, faults);
    if (calls > 0)
        failures += frame_loop(L, calls, faults) != 0;

    lua_close(L);
    printf("embed: %s\n", failures == 0 ? "all calls behaved" : "FAILED");
    return failures == 0 ? 0 : 1;
}

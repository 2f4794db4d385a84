/*
 * A game server embedding Lua 5.4 and lua-tim: C code calls Lua functions that call the Tencent IM REST API,
 * and checks their (result, err) answers.
 *
 *   ./host <lua-tim root> <endpoint> <sdkappid> <key>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Calls game.<name>(args...) already pushed after the function; leaves nothing on the stack.
 * Returns 0 when the call returned a true first value, -1 otherwise (printing the error object). */
static int call_game(lua_State *L, const char *name, int nargs, char *out, size_t outlen, const char *field)
{
    int base = lua_gettop(L) - nargs + 1;        /* the function goes where the first argument is */
    lua_getglobal(L, "game");
    lua_getfield(L, -1, name);
    lua_remove(L, -2);                           /* game table */
    lua_insert(L, base);                         /* function below its arguments */
    if (lua_pcall(L, nargs, 2, 0) != LUA_OK) {
        fprintf(stderr, "host: game.%s raised: %s\n", name, lua_tostring(L, -1));
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
    int failures = 0;
    lua_State *L;

    if (argc != 5) {
        fprintf(stderr, "usage: %s <lua-tim root> <endpoint> <sdkappid> <key>\n", argv[0]);
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
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
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

    lua_pushstring(L, "knight");
    lua_pushstring(L, "wizard");
    if (call_game(L, "history_count", 2, buf, sizeof buf, NULL) != 0 || strcmp(buf, "2") != 0) {
        printf("embed: history count wrong (%s)\n", buf);
        failures++;
    } else {
        printf("embed: history holds %s messages\n", buf);
    }

    lua_close(L);
    printf("embed: %s\n", failures == 0 ? "all calls behaved" : "FAILED");
    return failures == 0 ? 0 : 1;
}

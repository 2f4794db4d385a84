rockspec_format = "3.0"
package = "lua-tim"
version = "scm-1"
source = {
    url = "git+https://github.com/lua-tim/lua-tim.git",
    branch = "main",
}
description = {
    summary = "Server-side SDK for the Tencent Cloud IM (Chat) REST API",
    detailed = [[
Every servicename/command of the Tencent IM v4 REST API as a generated method returning (result, err),
over keep-alive HTTPS with verified TLS (LuaSocket + LuaSec, or OpenResty cosockets). A small C core
(tim.core) generates and verifies UserSigs (TLSSigAPIv2) byte-compatible with the official libraries.
Includes a verified webhook receiver, a local IM emulator and the `tim` command-line tool.
Lua 5.4 and LuaJIT 2.1 (OpenResty) are first; on PUC Lua 5.1 the core, JSON, the client and the blocking
LuaSocket transport work, but not a coroutine-driven custom transport (5.1 cannot yield across pcall).
]],
    homepage = "https://github.com/lua-tim/lua-tim",
    license = "MIT",
}
dependencies = {
    -- 5.1: PUC Lua 5.1 too (its own gate in `make test`), with the limit stated in description.detailed
    "lua >= 5.1, < 5.5",
    "luasocket",
    "luasec",
    "lua-cjson",
}
external_dependencies = {
    OPENSSL = { header = "openssl/hmac.h", library = "crypto" },
    ZLIB = { header = "zlib.h", library = "z" },
}
-- One mechanism for building and installing: the Makefile's rock / rock-install rules (the same
-- sources and file list as `make install`).
build = {
    type = "make",
    build_target = "rock",
    build_variables = {
        CFLAGS = "$(CFLAGS)",
        LUA_INCDIR = "$(LUA_INCDIR)",
        OPENSSL_INCDIR = "$(OPENSSL_INCDIR)",
        OPENSSL_LIBDIR = "$(OPENSSL_LIBDIR)",
        ZLIB_INCDIR = "$(ZLIB_INCDIR)",
        ZLIB_LIBDIR = "$(ZLIB_LIBDIR)",
    },
    install_target = "rock-install",
    install_variables = {
        INST_LUADIR = "$(LUADIR)",
        INST_LIBDIR = "$(LIBDIR)",
        INST_BINDIR = "$(BINDIR)",
    },
}

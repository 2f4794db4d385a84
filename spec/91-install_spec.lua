-- Installs run from where they were installed, for the interpreter running this spec (Lua 5.4, or LuaJIT with
-- the 5.1 trees): make install PREFIX=DIR, luarocks make into a tree, and the release (make dist's tarball and
-- source rock) through luarocks build with no network. Each install's bin/tim runs with LUA_PATH/LUA_CPATH unset
-- and empty, and the files it loads (traced with strace) are the installed ones.
local core = require "tim.core"
local VERSION = require "tim.version"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local LUA = jit and "luajit" or "lua5.4"
local ABI = jit and "5.1" or "5.4"
local SDKAPPID, KEY = 1400000000, "spec91-install-key-0123456789abcdef"

local shell = require "support.shell"
local q, read, sh = shell.q, shell.read, shell.run

-- sh(cmd) -> exit code, stdout+stderr

local function mktemp()
    local p = io.popen("mktemp -d /tmp/lua-tim-spec91.XXXXXX")
    local d = p:read("*l")
    p:close()
    return d
end

local function rmtree(d)
    if d and d:match("^/tmp/lua%-tim%-spec91%.%w+$") then os.execute("rm -rf " .. q(d)) end
end

local function exists(p) return read(p) ~= nil end

-- Runs an installed tim from / with no Lua path variables at all ("unset") or with empty ones ("empty").
local NO_PATHS = "env -u LUA_PATH -u LUA_CPATH -u LUA_PATH_5_4 -u LUA_CPATH_5_4 -u LUA_INIT -u LUA_INIT_5_4"
local function tim(bin, args, mode)
    local env = NO_PATHS .. (mode == "empty" and " LUA_PATH= LUA_CPATH=" or "")
    return sh("cd / && " .. env .. " " .. q(bin) .. " " .. args)
end

-- What an installed tim opens: every tim/*.lua and tim/core.so must come from under `dir`.
local function loads_from(bin, dir)
    local log = os.tmpname()
    local code, out = sh("cd / && " .. NO_PATHS .. " strace -f -qq -z -e trace=open,openat -o "
                         .. q(log) .. " " .. q(bin) .. " usersig alice --sdkappid " .. SDKAPPID .. " --key " .. KEY)
    local trace = read(log) or ""
    os.remove(log)
    assert.equal(0, code, out)
    local seen = {}
    for path in trace:gmatch('"([^"]*/tim/[%w_/]+%.lua)"') do seen[#seen + 1] = path end
    for path in trace:gmatch('"([^"]*/tim/core%.so)"') do seen[#seen + 1] = path end
    assert.is_true(#seen >= 3, "strace saw no lua-tim file opened:\n" .. trace:sub(1, 2000))
    local has_core, has_cli = false, false
    for _, p in ipairs(seen) do
        assert.equal(dir, p:sub(1, #dir), "loaded from outside the install: " .. p)
        if p:match("/tim/core%.so$") then has_core = true end
        if p:match("/tim/cli/init%.lua$") then has_cli = true end
    end
    assert.is_true(has_core and has_cli)
end

-- The checks every install gets: --help, --version, usersig (verified here), with no and with empty paths.
local function check_bin(bin)
    for _, mode in ipairs{ "unset", "empty" } do
        local code, out = tim(bin, "--help", mode)
        assert.equal(0, code, out)
        assert.matches("Usage: tim <command>", out, 1, true)
        code, out = tim(bin, "--version", mode)
        assert.equal(0, code, out)
        assert.equal("tim " .. VERSION .. "\n", out)
        code, out = tim(bin, "usersig alice --expire 600 --sdkappid " .. SDKAPPID .. " --key " .. KEY, mode)
        assert.equal(0, code, out)
        local sig = out:match("([^\n]+)\n$")
        local t = assert(core.verify(sig, SDKAPPID, KEY, "alice"))
        assert.equal(600, t.expire)
    end
end

-- every module of the tree loads from the tree (package paths naming only it and the system)
local function require_all(luadir, libdir)
    local code, out = sh("cd / && " .. NO_PATHS .. " LUA_PATH=" .. q(luadir .. "/?.lua;" .. luadir .. "/?/init.lua;;")
                         .. " LUA_CPATH=" .. q(libdir .. "/?.so;;") .. " " .. LUA .. " "
                         .. q(ROOT .. "/spec/support/require_all.lua") .. " " .. q(luadir))
    assert.equal(0, code, out)
    assert.matches("required %d+ modules, 0 failed", out)
end

-- LuaRocks for this interpreter. Debian's luarocks builds 5.1 rocks with lua5.1's headers and runs them with
-- lua5.1; for LuaJIT a config names luajit and its headers (docs: README "Install").
local function luarocks(tmp)
    if not jit then return "luarocks --lua-version=5.4" end
    local cfg = tmp .. "/luarocks-luajit.lua"
    local f = assert(io.open(cfg, "w"))
    f:write('lua_interpreter = "luajit"\n',
            'variables = { LUA_DIR = "/usr", LUA_BINDIR = "/usr/bin", LUA = "/usr/bin/luajit",\n',
            '              LUA_INCDIR = "/usr/include/luajit-2.1" }\n')
    f:close()
    return "LUAROCKS_CONFIG=" .. q(cfg) .. " luarocks --lua-version=5.1"
end

describe("an install for " .. LUA .. " #slow", function()
    local tmp
    before_each(function() tmp = mktemp() end)
    after_each(function() rmtree(tmp) end)

    it("make install PREFIX=DIR: DIR/bin/tim finds its modules and tim.core from its own location", function()
        local prefix = tmp .. "/prefix"
        local code, out = sh("make -s -C " .. q(ROOT) .. " install LUA=" .. LUA .. " PREFIX=" .. q(prefix))
        assert.equal(0, code, out)
        assert.equal("#!/usr/bin/env " .. LUA, (read(prefix .. "/bin/tim") or ""):match("^[^\n]*"))
        assert.is_true(exists(prefix .. "/share/lua/" .. ABI .. "/tim/init.lua"))
        assert.is_true(exists(prefix .. "/lib/lua/" .. ABI .. "/tim/core.so"))
        check_bin(prefix .. "/bin/tim")
        loads_from(prefix .. "/bin/tim", prefix .. "/")
        require_all(prefix .. "/share/lua/" .. ABI, prefix .. "/lib/lua/" .. ABI)

        -- moved elsewhere, and called through a symbolic link, it still finds itself
        assert.equal(0, (sh("mv " .. q(prefix) .. " " .. q(tmp .. "/moved"))))
        check_bin(tmp .. "/moved/bin/tim")
        assert.equal(0, (sh("mkdir " .. q(tmp .. "/bin") .. " && ln -s " .. q(tmp .. "/moved/bin/tim") .. " "
                             .. q(tmp .. "/bin/tim"))))
        check_bin(tmp .. "/bin/tim")
        loads_from(tmp .. "/bin/tim", tmp .. "/moved/")
    end)

    it("make install refuses an interpreter it does not build for", function()
        local code, out = sh("make -s -C " .. q(ROOT) .. " install LUA=lua5.3 PREFIX=" .. q(tmp .. "/p"))
        assert.is_not.equal(0, code)
        assert.matches("LUA must be lua5.4, luajit or lua5.1, not lua5.3", out, 1, true)
    end)

    it("luarocks make of the scm rockspec into a tree", function()
        local tree = tmp .. "/tree"
        local code, out = sh("cd " .. q(ROOT) .. " && " .. luarocks(tmp) .. " --tree=" .. q(tree)
                             .. " make --deps-mode=none lua-tim-scm-1.rockspec")
        assert.equal(0, code, out)
        assert.matches("exec '/usr/bin/" .. LUA .. "'", read(tree .. "/bin/tim") or "", 1, true)
        check_bin(tree .. "/bin/tim")
        loads_from(tree .. "/bin/tim", tree .. "/")
        require_all(tree .. "/share/lua/" .. ABI, tree .. "/lib/lua/" .. ABI)
    end)

    it("make dist: a tarball and a source rock that luarocks build installs with no network", function()
        local build = tmp .. "/build"
        local code, out = sh("make -s -C " .. q(ROOT) .. " dist BUILD=" .. q(build))
        assert.equal(0, code, out)
        local name = "lua-tim-" .. VERSION
        local tarball, rock = build .. "/dist/" .. name .. ".tar.gz", build .. "/dist/" .. name .. "-1.src.rock"
        assert.is_true(exists(tarball) and exists(rock))

        -- the tarball holds every file git tracks, under lua-tim-<version>/
        local _, listing = sh("tar -tzf " .. q(tarball))
        local files = {}
        for line in listing:gmatch("[^\n]+") do files[line] = true end
        local _, tracked = sh("cd " .. q(ROOT) .. " && git ls-files")
        local n = 0
        for f in tracked:gmatch("[^\n]+") do
            if exists(ROOT .. "/" .. f) then
                n = n + 1
                assert.is_true(files[name .. "/" .. f], name .. "/" .. f .. " is not in the tarball")
            end
        end
        assert.is_true(n > 50 and files[name .. "/" .. name .. "-1.rockspec"] and files[name .. "/Makefile"])

        -- built and installed offline: loopback_only fails the build on any connection off this machine
        local tree = tmp .. "/tree"
        code, out = sh("cd " .. q(tmp) .. " && " .. q(ROOT .. "/spec/support/loopback_only") .. " -- env "
                       .. luarocks(tmp) .. " --tree=" .. q(tree)
                       .. " build --deps-mode=none " .. q(rock))
        assert.equal(0, code, out)
        assert.matches("lua-tim " .. VERSION .. "-1 is now installed", out, 1, true)
        check_bin(tree .. "/bin/tim")
        loads_from(tree .. "/bin/tim", tree .. "/")
        require_all(tree .. "/share/lua/" .. ABI, tree .. "/lib/lua/" .. ABI)
        local share = tree .. "/share/lua/" .. ABI
        local _, ver = sh(NO_PATHS .. " LUA_PATH=" .. q(share .. "/?.lua;" .. share .. "/?/init.lua;;")
                          .. " LUA_CPATH=" .. q(tree .. "/lib/lua/" .. ABI .. "/?.so;;") .. " " .. LUA
                          .. [[ -e 'io.write(require("tim").VERSION, " ", require("tim.core")._VERSION)']])
        assert.equal(VERSION .. " " .. VERSION, ver)
    end)
end)

-- examples/openresty as a user runs it: `configure` writes the conf for this machine into a private prefix, nginx
-- starts with exactly that file (no edits), and a request to the example's /api/send goes through lua-tim over
-- cosockets to the emulator, which stores the message. Also from an install tree (make install LUA=luajit), and
-- configure's refusals.
local emulator = require "support.emulator"
local nginx = require "support.nginx"
local socket = require "socket"
local json = require "tim.json"
local http = require "tim.net.http"

local ROOT = nginx.root()
local NGINX = "/usr/sbin/nginx"
local q = emulator.sh_quote

local shell = require "support.shell"
local read, capture = shell.read, shell.run

-- As root, nginx's workers would run as nobody, who cannot read a checkout under a private directory (a clone
-- in mktemp -d): the workers run as root then, as configure's --user allows.
local USER = nginx.is_root() and " --user root" or ""

local function esc(s) return (s:gsub("%p", "%%%0")) end

local function mktemp()
    local p = io.popen("mktemp -d /tmp/lua-tim-spec94.XXXXXX")
    local d = p:read("*l")
    p:close()
    os.execute("chmod 755 " .. q(d))           -- nginx's workers (nobody) write temp/ under it
    return d
end

local function rmtree(d)
    if d and d:match("^/tmp/lua%-tim%-spec94%.%w+$") then os.execute("rm -rf " .. q(d)) end
end

-- configure's output conf: the command it prints, run as printed, with the environment the example reads
local function start(prefix, port, env)
    local vars = {}
    for k, v in pairs(env) do vars[#vars + 1] = k .. "=" .. q(v) end
    local code, out = capture("env " .. table.concat(vars, " ") .. " " .. NGINX .. " -p " .. q(prefix)
                              .. " -c conf/nginx.conf")
    assert.equal(0, code, out .. (read(prefix .. "/logs/error.log") or ""))
    local pid = tonumber((read(prefix .. "/logs/nginx.pid") or ""):match("%d+") or "")
    assert.is_number(pid)
    nginx.watchdog(pid, "QUIT")
    local deadline = socket.gettime() + 5
    while socket.gettime() < deadline do
        local c = socket.tcp()
        c:settimeout(0.2)
        local up = c:connect("127.0.0.1", port)
        c:close()
        if up then break end
        socket.sleep(0.02)
    end
    return pid
end

local function stop(pid)
    if not pid then return end
    os.execute("kill -QUIT " .. pid .. " 2>/dev/null")
    local deadline = socket.gettime() + 3
    while socket.gettime() < deadline and os.execute("kill -0 " .. pid .. " 2>/dev/null") do socket.sleep(0.02) end
    os.execute("kill -KILL " .. pid .. " 2>/dev/null")
end

local function post(port, path, body)
    local c = socket.tcp()
    c:settimeout(10, "t")
    assert(c:connect("127.0.0.1", port))
    assert(http.write_request(c, { method = "POST", host = "127.0.0.1", path = path, body = body,
                                   headers = { ["Content-Type"] = "application/json", Connection = "close" } }))
    local resp, err = http.read_response(c)
    c:close()
    assert(resp, err)
    return resp.status, json.decode(resp.body)
end

describe("examples/openresty", function()
    local emu, im
    setup(function()
        emu = emulator.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function()
        if emu then emu:stop() end
    end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "alice", "bob" } })
    end)

    local function env()
        return { TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key, TIM_ADMIN = emu.admin,
                 TIM_ENDPOINT = emu.endpoint, TIM_CALLBACK_TOKEN = "spec94-callback-token" }
    end

    local function send_and_check(port, text)
        local status, answer = post(port, "/api/send", json.encode{ from = "alice", to = "bob", text = text })
        assert.equal(200, status)
        assert.is_true(answer.ok)
        assert.is_string(answer.MsgKey)
        local roam = assert(im.openim.admin_getroammsg{ Operator_Account = "alice", Peer_Account = "bob",
                                                        MaxCnt = 10, MinTime = 0, MaxTime = 4294967295 })
        assert.equal(1, roam.MsgCnt)
        assert.equal(text, roam.MsgList[1].MsgBody[1].MsgContent.Text)
    end

    it("configure writes a conf for this machine that starts as written and serves /api/send", function()
        local prefix, pid = mktemp(), nil
        local ok, err = pcall(function()
            local port = nginx.free_port()
            local code, out = capture(q(ROOT .. "/examples/openresty/configure") .. " --prefix " .. q(prefix)
                                      .. " --port " .. port .. " --nginx " .. NGINX .. USER)
            assert.equal(0, code, out)
            assert.matches("wrote " .. prefix .. "/conf/nginx.conf", out, 1, true)
            assert.matches(NGINX .. " -p " .. prefix .. " -c conf/nginx.conf", out, 1, true)
            local conf = assert(read(prefix .. "/conf/nginx.conf"))
            -- Debian's nginx: absolute module paths, the development kit first, before anything else
            local ndk = conf:find("\nload_module /[^\n]*/ndk_http_module%.so;")
            local lua = conf:find("\nload_module /[^\n]*/ngx_http_lua_module%.so;")
            assert.truthy(ndk and lua and ndk < lua and lua < conf:find("worker_processes", 1, true))
            assert.matches('lua_package_path "' .. esc(ROOT) .. '/lua/%?%.lua;[^"]*;;";', conf)
            assert.matches('lua_package_cpath "' .. esc(ROOT) .. '/build/luajit/%?%.so;;";', conf)
            assert.matches("\n%s*resolver %S+[^\n]*;", conf)
            assert.matches("lua_ssl_trusted_certificate /[^;]+;", conf)
            assert.matches("lua_ssl_verify_depth %d+;", conf)
            assert.matches("lua_shared_dict tim_ratelimit %w+;", conf)
            assert.matches("listen 127.0.0.1:" .. port .. ";", conf, 1, true)     -- loopback unless --listen
            if USER ~= "" then assert.matches("\nuser root;\n", conf, 1, true) end
            assert.is_nil(conf:gsub("\n%s*#[^\n]*", ""):find("/opt/lua-tim", 1, true))
            pid = start(prefix, port, env())
            send_and_check(port, "hello through nginx")
            assert.is_nil((read(prefix .. "/logs/error.log") or ""):find("[error]", 1, true))
        end)
        stop(pid)
        rmtree(prefix)
        assert(ok, err)
    end)

    it("configures from an install tree (make install LUA=luajit PREFIX=...)", function()
        local tree, prefix, pid = mktemp(), mktemp(), nil
        local ok, err = pcall(function()
            local code, out = capture("make -s -C " .. q(ROOT) .. " install LUA=luajit PREFIX=" .. q(tree))
            assert.equal(0, code, out)
            local port = nginx.free_port()
            code, out = capture(q(ROOT .. "/examples/openresty/configure") .. " --prefix " .. q(prefix) .. " --port "
                                .. port .. " --nginx " .. NGINX .. " --lua-tim " .. q(tree) .. USER)
            assert.equal(0, code, out)
            local conf = assert(read(prefix .. "/conf/nginx.conf"))
            assert.matches('lua_package_path "' .. esc(tree) .. '/share/lua/5%.1/%?%.lua;', conf)
            assert.matches('lua_package_cpath "' .. esc(tree) .. '/lib/lua/5%.1/%?%.so;;";', conf)
            pid = start(prefix, port, env())
            send_and_check(port, "hello from the installed tree")
        end)
        stop(pid)
        rmtree(prefix)
        rmtree(tree)
        assert(ok, err)
    end)

    it("configure warns, as root, when the workers' user cannot read lua-tim", function()
        local prefix, hidden = mktemp(), mktemp()
        os.execute("chmod 700 " .. q(hidden) .. " && make -s -C " .. q(ROOT) .. " install LUA=luajit PREFIX="
                   .. q(hidden .. "/tree") .. " >/dev/null 2>&1")
        local code, out = capture(q(ROOT .. "/examples/openresty/configure") .. " --prefix " .. q(prefix)
                                  .. " --nginx " .. NGINX .. " --lua-tim " .. q(hidden .. "/tree"))
        assert.equal(0, code, out)
        if not nginx.is_root() then
            -- nginx started by another user runs its workers as that user, who can read it: no warning
            assert.is_nil(out:find("warning", 1, true))
            rmtree(prefix)
            rmtree(hidden)
            return
        end
        assert.matches("warning: nginx's workers (user nobody) cannot read " .. hidden, out, 1, true)
        code, out = capture(q(ROOT .. "/examples/openresty/configure") .. " --prefix " .. q(prefix)
                            .. " --nginx " .. NGINX .. " --lua-tim " .. q(hidden .. "/tree") .. " --user root")
        assert.equal(0, code, out)
        assert.is_nil(out:find("warning", 1, true))
        rmtree(prefix)
        rmtree(hidden)
    end)

    it("configure refuses what it cannot use, saying why", function()
        local prefix = mktemp()
        local cmd = q(ROOT .. "/examples/openresty/configure") .. " --prefix " .. q(prefix)
        local code, out = capture(cmd .. " --port eighty")
        assert.equal(2, code)
        assert.matches("--port must be a number", out, 1, true)
        code, out = capture(cmd .. " --nginx /nonexistent/nginx")
        assert.equal(2, code)
        assert.matches("no nginx found", out, 1, true)
        code, out = capture(cmd .. " --lua-tim " .. q(prefix))
        assert.equal(2, code)
        assert.matches("neither a lua-tim checkout nor an install", out, 1, true)
        code, out = capture(cmd .. " --bogus")
        assert.equal(2, code)
        assert.matches("unknown option --bogus", out, 1, true)
        code, out = capture(cmd .. " --listen " .. q("0.0.0.0;evil"))
        assert.equal(2, code)
        assert.matches("--listen must be an address", out, 1, true)
        assert.is_nil(read(prefix .. "/conf/nginx.conf"))
        rmtree(prefix)
    end)

    it("configure listens beyond loopback only when --listen says so", function()
        local prefix = mktemp()
        local cmd = q(ROOT .. "/examples/openresty/configure") .. " --prefix " .. q(prefix) .. " --nginx " .. NGINX
        local code, out = capture(cmd .. " --port 8181 --listen 0.0.0.0" .. USER)
        assert.equal(0, code, out)
        assert.matches("listen 0.0.0.0:8181;", read(prefix .. "/conf/nginx.conf"), 1, true)
        code, out = capture(cmd .. " --port 8181 --listen ::1" .. USER)
        assert.equal(0, code, out)
        assert.matches("listen [::1]:8181;", read(prefix .. "/conf/nginx.conf"), 1, true)
        rmtree(prefix)
    end)
end)

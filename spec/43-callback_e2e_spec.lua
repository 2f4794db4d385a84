-- End to end, no cloud: the emulator (bin/tim emulator) fires C2C.CallbackBeforeSendMsg, signed with a token,
-- at the OpenResty example (examples/openresty/nginx.conf run as it is, with paths and port filled in), whose
-- handler (app/im_callbacks.lua) rejects, masks or allows; the emulator then stores the message or not.
-- Messages are sent both from plain Lua (tim client over LuaSocket) and from inside nginx (the example's
-- /api/send location: tim client over cosockets), and read back with openim/admin_getroammsg.
local emulator = require "support.emulator"
local nginx = require "support.nginx"
local socket = require "socket"
local json = require "tim.json"

local TOKEN = "spec43-" .. string.rep("k", 24)
local ROOT = nginx.root()
local MODULES = "/usr/share/nginx/modules/"

local shell = require "support.shell"
local q, read = shell.q, shell.read

-- Runs examples/openresty/nginx.conf itself: the only edits are the install path, the port, the Debian
-- load_module lines (OpenResty has the module built in) and, as root, `user root` (the temp prefix is 0700).
local function start_example(port, env)
    local conf = assert(read(ROOT .. "/examples/openresty/nginx.conf"))
    local n
    conf, n = conf:gsub("/opt/lua%-tim", ROOT)
    assert(n >= 3, "the example's install path changed")
    conf, n = conf:gsub("%$prefix/lua/", ROOT .. "/examples/openresty/lua/")
    assert(n == 1, "the example's handler path changed")
    conf, n = conf:gsub("listen 127%.0%.0%.1:8080;", "listen 127.0.0.1:" .. port .. ";")
    assert(n == 1, "the example's listen line changed")
    conf = "load_module " .. MODULES .. "ndk_http_module.so;\nload_module " .. MODULES
        .. "ngx_http_lua_module.so;\n" .. (nginx.is_root() and "user root root;\n" or "") .. conf
    local p = io.popen("mktemp -d /tmp/lua-tim-example.XXXXXX")
    local prefix = p:read("*l")
    p:close()
    assert(os.execute("mkdir -p " .. q(prefix .. "/conf") .. " " .. q(prefix .. "/logs")))
    local f = assert(io.open(prefix .. "/conf/nginx.conf", "wb"))
    f:write(conf)
    f:close()
    local vars = {}
    for k, v in pairs(env) do vars[#vars + 1] = k .. "=" .. q(v) end
    local ok = os.execute("env " .. table.concat(vars, " ") .. " /usr/sbin/nginx -p " .. q(prefix)
        .. " -c conf/nginx.conf -e logs/error.log >" .. q(prefix .. "/logs/start.out") .. " 2>&1")
    local srv = { prefix = prefix, port = port, url = "http://127.0.0.1:" .. port }
    function srv.stop()
        local pid = tonumber((read(prefix .. "/logs/nginx.pid") or ""):match("%d+") or "")
        if pid then
            os.execute("kill -QUIT " .. pid .. " 2>/dev/null")
            local deadline = socket.gettime() + 3
            while socket.gettime() < deadline and os.execute("kill -0 " .. pid .. " 2>/dev/null") do
                socket.sleep(0.02)
            end
            os.execute("kill -KILL " .. pid .. " 2>/dev/null; pkill -KILL -P " .. pid .. " 2>/dev/null")
        end
        if prefix:match("^/tmp/lua%-tim%-example%.%w+$") then os.execute("rm -rf " .. q(prefix)) end
    end
    function srv.error_log() return read(prefix .. "/logs/error.log") or "" end
    function srv.access_log() return read(prefix .. "/logs/access.log") or "" end
    local up = false
    local deadline = socket.gettime() + 5
    while ok and socket.gettime() < deadline do
        local c = socket.tcp()
        c:settimeout(0.2)
        up = c:connect("127.0.0.1", port)
        c:close()
        if up then break end
        socket.sleep(0.02)
    end
    if not up then
        local why = (read(prefix .. "/logs/start.out") or "") .. srv.error_log()
        srv.stop()
        error("the example nginx did not start: " .. why)
    end
    return srv
end

describe("callbacks end to end: emulator -> OpenResty example -> emulator", function()
    local emu, srv, im, transport

    setup(function()
        -- nginx needs the emulator's address and the emulator nginx's: take nginx's port first
        local port = nginx.free_port()
        emu = emulator.start{ max_seconds = 120, callback_url = "http://127.0.0.1:" .. port .. "/im/callback",
                              callback_token = TOKEN }
        srv = start_example(port, { TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key,
                                    TIM_ADMIN = emu.admin, TIM_ENDPOINT = emu.endpoint, TIM_CALLBACK_TOKEN = TOKEN })
        im = emu:client{ retries = 0 }
        for _, id in ipairs{ "alice", "bob" } do
            assert(im.im_open_login_svc.account_import{ UserID = id })
        end
        transport = require("tim.net.transport.socket").new{}
    end)

    teardown(function()
        if transport then transport:close() end
        if srv then srv.stop() end
        if emu then emu:stop() end
    end)

    local function text(t)
        return { { MsgType = "TIMTextElem", MsgContent = { Text = t } } }
    end

    -- every text alice -> bob the emulator stored, oldest first
    local function stored()
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = "alice", Peer_Account = "bob",
                                                       MaxCnt = 100, MinTime = 0, MaxTime = os.time() + 3600 })
        local out = {}
        for _, m in ipairs(res.MsgList or {}) do out[#out + 1] = m.MsgBody[1].MsgContent.Text end
        return out
    end

    -- nginx writes the access-log line after it has sent the reply: poll for it (bounded) instead of racing it
    local function logged(needle)
        for _ = 1, 100 do
            if srv.access_log():find(needle, 1, true) then return true end
            socket.sleep(0.02)
        end
        return false
    end

    local function api_send(body)
        local resp, err = transport:request{ method = "POST", scheme = "http", host = "127.0.0.1",
                                             port = srv.port, path = "/api/send", body = json.encode(body),
                                             headers = { ["Content-Type"] = "application/json" }, timeout = 10 }
        assert(resp, err and err.message)
        return resp.status, json.decode(resp.body)
    end

    it("rejects a message through the handler: the sender gets 20006 and nothing is stored", function()
        local res, err = im.openim.sendmsg{ From_Account = "alice", To_Account = "bob",
                                            MsgBody = text("this is a forbidden word") }
        assert.is_nil(res)
        assert.equal("api", err.kind)
        assert.equal(20006, err.code)
        assert.same({}, stored())
        assert.is_true(logged('POST /im/callback?SdkAppid=' .. emu.sdkappid
            .. '&CallbackCommand=C2C.CallbackBeforeSendMsg'))
    end)

    it("stores an allowed message, and the masked text of a modified one", function()
        assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("hello bob") })
        assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("darn, late again") })
        assert.same({ "hello bob", "****, late again" }, stored())
    end)

    it("does the same for a message sent from inside nginx over cosockets (the example's /api/send)", function()
        local status, body = api_send{ from = "alice", to = "bob", text = "forbidden from nginx" }
        assert.equal(422, status)
        assert.is_false(body.ok)
        assert.equal(20006, body.code)
        status, body = api_send{ from = "alice", to = "bob", text = "hi from nginx" }
        assert.equal(200, status)
        assert.is_true(body.ok)
        assert.is_string(body.MsgKey)
        assert.same({ "hello bob", "****, late again", "hi from nginx" }, stored())
    end)

    it("lets the message through when the Sign is refused (403), as IM does when a callback fails", function()
        local cfg = emu:control("config", { callback_url = srv.url .. "/im/callback", callback_token = "wrong" })
        assert.is_true(cfg.callback)
        local ok = im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("forbidden 2") }
        emu:control("config", { callback_url = srv.url .. "/im/callback", callback_token = TOKEN })
        assert.truthy(ok)
        assert.equal("forbidden 2", stored()[4])
        assert.truthy(srv.error_log():find("tim.callback: refused a callback: bad_sign", 1, true))
        assert.is_nil(srv.error_log():find(TOKEN, 1, true))
    end)
end)

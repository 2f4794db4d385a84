-- tim.callback.ngx in a real nginx (ngx_http_lua): the example's handlers (examples/openresty/lua/app/
-- im_callbacks.lua) behind require("tim.callback.ngx").serve, driven over loopback HTTP.
local nginx = require "support.nginx"
local socket = require "socket"
local callback = require "tim.callback"
local webhook = require "tim.server.emulator.webhook"
local json = require "tim.json"

local TOKEN = "spec42-callback-token"
local APPID = 1400000042
local ROOT = nginx.root()

-- A handler whose callbacks misbehave, to see serve() answer safely; and the example's handlers.
local HTTP = ([[
    init_by_lua_block {
        package.path = "%s/examples/openresty/lua/?.lua;" .. package.path
        local callback = require "tim.callback"
        local h = callback.new{ token = os.getenv("TIM_CALLBACK_TOKEN"), sdkappid = %d }
        h:on("C2C.CallbackBeforeSendMsg", function() error("handler bug") end)
        h:on("Group.CallbackBeforeSendMsg", function() return callback.drop() end)
        h:on("Group.CallbackBeforeCreateGroup", function(ev)
            ngx.sleep(0.01)   -- a handler may yield (cosockets, sleep) inside the dispatcher's pcall
            return callback.reject(1, "no groups named " .. ev.body.Name)
        end)
        package.loaded["spec42.broken"] = h
        -- two handler objects (as two workers hold) with one replay guard in a shared dict
        local guard = require("tim.callback.ngx").replay_guard("spec42_seen")
        for _, name in ipairs{ "a", "b" } do
            local g = callback.new{ token = os.getenv("TIM_CALLBACK_TOKEN"), sdkappid = %d, replay_guard = guard }
            g:on("C2C.CallbackBeforeSendMsg", function(ev)
                ngx.shared.spec42_calls:incr("n", 1, 0)
                return callback.reject(120009, "handled " .. ev.body.From_Account)
            end)
            package.loaded["spec42.guarded_" .. name] = g
        end
    }
    lua_shared_dict spec42_seen 1m;
    lua_shared_dict spec42_calls 1m;
]]):format(ROOT, APPID, APPID)

local SERVER = [[
        client_max_body_size 8m;
        client_body_buffer_size 1k;
        location = /im/callback {
            content_by_lua_block { require("tim.callback.ngx").serve(require("app.im_callbacks")) }
        }
        location = /broken/callback {
            content_by_lua_block { require("tim.callback.ngx").serve(require("spec42.broken")) }
        }
        location ~ ^/guarded/(a|b)$ {
            content_by_lua_block { require("tim.callback.ngx").serve(require("spec42.guarded_" .. ngx.var[1])) }
        }
        location = /raise/assert {
            content_by_lua_block { assert(nil, require("tim.errors").new{ kind = "api", code = 20003,
                                                                          message = "raised as a table" }) }
        }
        location = /raise/tim_assert {
            content_by_lua_block { require("tim").assert(nil, require("tim.errors").new{ kind = "api", code = 20003,
                                                                                     message = "raised as its line" }) }
        }
        location = /guarded/calls { content_by_lua_block { ngx.print(ngx.shared.spec42_calls:get("n") or 0) } }
        location = /guarded/missing {
            content_by_lua_block { ngx.print(select(2, pcall(require("tim.callback.ngx").replay_guard, "nope"))) }
        }
]]

local MAIN = ("env TIM_CALLBACK_TOKEN=%s;\nenv TIM_SDKAPPID=%d;"):format(TOKEN, APPID)

local srv, transport, tmpdir, tls

setup(function()
    local p = io.popen("mktemp -d /tmp/lua-tim-spec42.XXXXXX")
    tmpdir = p:read("*l")
    p:close()
    tls = require("support.certs").make(tmpdir)
    srv = assert(nginx.start{ lua = true, main = MAIN, http = HTTP, server = SERVER,
                              ssl = { cert = tls.cert, key = tls.key } })
    transport = require("tim.net.transport.socket").new{}
end)

teardown(function()
    if transport then transport:close() end
    if srv then srv:stop() end
    if tmpdir and tmpdir:match("^/tmp/lua%-tim%-spec42%.%w+$") then os.execute("rm -rf '" .. tmpdir .. "'") end
end)

local function hook(path, token, appid)
    return webhook.new{ url = srv.url .. path, token = token, sdkappid = appid or APPID }
end

local function post(path, body, method)
    local resp, err = transport:request{ method = method or "POST", scheme = "http", host = "127.0.0.1",
                                         port = srv.port, path = path, body = body, timeout = 5,
                                         headers = { ["Content-Type"] = "application/json" } }
    assert(resp, err and err.message)
    return resp.status, json.decode(resp.body), resp
end

local function text_message(text)
    return json.encode{ CallbackCommand = "C2C.CallbackBeforeSendMsg", From_Account = "alice", To_Account = "bob",
                        MsgSeq = 1, MsgRandom = 2, MsgTime = 1700000000, MsgKey = "1_2_1700000000",
                        MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = text } } } }
end

local CMD = "C2C.CallbackBeforeSendMsg"

describe("tim.callback.ngx.serve in nginx", function()
    it("is reached over HTTPS by the emulator's sender, which verifies the receiver's certificate", function()
        local url = srv.ssl_url .. "/im/callback"
        local h = webhook.new{ url = url, token = TOKEN, sdkappid = APPID, tls = { cafile = tls.ca } }
        local reply = assert(h:fire(CMD, json.decode(text_message("forbidden over TLS"))))
        assert.equal(120001, reply.ErrorCode)
        -- the same receiver, not trusted by the system CA bundle: no answer, an error naming the URL
        local untrusted = webhook.new{ url = url, token = TOKEN, sdkappid = APPID }
        local none, err = untrusted:fire(CMD, json.decode(text_message("hello")))
        assert.is_nil(none)
        assert.truthy(err:find("^tim.emulator.webhook: C2C.CallbackBeforeSendMsg to https://127.0.0.1:"))
        assert.is_nil(err:find(TOKEN, 1, true))
    end)

    it("answers a signed before-callback with the handler's reject (a custom code for the client)", function()
        local status, reply, resp = post(hook("/im/callback", TOKEN):target(CMD), text_message("a forbidden word"))
        assert.equal(200, status)
        assert.same({ ActionStatus = "OK", ErrorCode = 120001, ErrorInfo = "message blocked by moderation" }, reply)
        assert.truthy(resp.headers["content-type"]:find("application/json", 1, true))
    end)

    it("answers with a modified MsgBody when the handler masks a word", function()
        local status, reply = post(hook("/im/callback", TOKEN):target(CMD), text_message("well DARN it"))
        assert.equal(200, status)
        assert.equal(0, reply.ErrorCode)
        assert.equal("well **** it", reply.MsgBody[1].MsgContent.Text)
    end)

    it("answers allow to an ordinary message, an after-callback and an unknown command", function()
        local status, reply = post(hook("/im/callback", TOKEN):target(CMD), text_message("hello"))
        assert.equal(200, status)
        assert.same(callback.allow(), reply)
        status, reply = post(hook("/im/callback", TOKEN):target("Future.CallbackNew"),
            '{"CallbackCommand":"Future.CallbackNew"}')
        assert.equal(200, status)
        assert.same(callback.allow(), reply)
    end)

    it("answers 403 for a bad Sign, a missing Sign, a stale RequestTime and another SdkAppid", function()
        local body = text_message("hello")
        local cases = {
            hook("/im/callback", "not-the-token"):target(CMD),
            hook("/im/callback", nil):target(CMD),
            hook("/im/callback", TOKEN):target(CMD, { RequestTime = os.time() - 3600 }),
            hook("/im/callback", TOKEN):target(CMD, { RequestTime = os.time() + 3600 }),
            (hook("/im/callback", TOKEN, 1400000001):target(CMD)),
        }
        local want = { "bad_sign", "missing_sign", "stale", "future", "wrong_sdkappid" }
        for i, path in ipairs(cases) do
            local status, reply = post(path, body)
            assert.equal(403, status, want[i])
            assert.same({ ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "tim.callback: " .. want[i] }, reply)
        end
    end)

    it("answers 400 for a body that is not JSON and for a command that differs from the query's", function()
        local path = hook("/im/callback", TOKEN):target(CMD)
        assert.equal(400, (post(path, "{not json")))
        assert.equal(400, (post(path, '{"CallbackCommand":"C2C.CallbackAfterSendMsg"}')))
        assert.equal(400, (post(path, "")))
    end)

    it("answers 405 to a GET", function()
        local status, reply, resp = post(hook("/im/callback", TOKEN):target(CMD), nil, "GET")
        assert.equal(405, status)
        assert.equal("tim.callback: method_not_allowed", reply.ErrorInfo)
        assert.equal("POST", resp.headers["allow"])
    end)

    it("reads a body nginx buffered to a temporary file (larger than client_body_buffer_size)", function()
        local big = text_message("hello " .. string.rep("x", 20000))
        local status, reply = post(hook("/im/callback", TOKEN):target(CMD), big)
        assert.equal(200, status)
        assert.same(callback.allow(), reply)
        local path = hook("/im/callback", TOKEN):target(CMD)
        status, reply = post(path, text_message("forbidden " .. string.rep("x", 20000)))
        assert.equal(200, status)
        assert.equal(120001, reply.ErrorCode)
    end)

    it("answers 413 to a body over 1 MiB, declared by Content-Length", function()
        local status, reply = post(hook("/im/callback", TOKEN):target(CMD), text_message(string.rep("y", 1100000)))
        assert.equal(413, status)
        assert.equal("tim.callback: too_big", reply.ErrorInfo)
    end)

    it("answers 413 to a chunked body over 1 MiB (no Content-Length to refuse it early)", function()
        local c = assert(socket.connect("127.0.0.1", srv.port))
        c:settimeout(5)
        local path = hook("/im/callback", TOKEN):target(CMD)
        assert(c:send("POST " .. path .. " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            .. "Content-Type: application/json\r\nConnection: close\r\n\r\n"))
        local chunk = string.rep("z", 65536)
        for _ = 1, 18 do assert(c:send(string.format("%x\r\n%s\r\n", #chunk, chunk))) end
        assert(c:send("0\r\n\r\n"))
        local line = c:receive("*l")
        local rest = c:receive("*a")
        c:close()
        assert.equal("HTTP/1.1 413 Request Entity Too Large", line)
        assert.truthy(rest:find('"ErrorInfo":"tim.callback: too_big"', 1, true))
    end)

    it("refuses a replayed signed query (any body, any worker's handler) with the shared-dict replay guard",
       function()
        local path = hook("/guarded/a", TOKEN):target(CMD)
        local status, reply = post(path, text_message("hello"))
        assert.equal(200, status)
        assert.equal("handled alice", reply.ErrorInfo)
        -- the captured query again, with a forged body, at the other handler object: refused, handler not run
        local forged = text_message("forged"):gsub('"alice"', '"mallory"')
        for _, where in ipairs{ "/guarded/b", "/guarded/a" } do
            status, reply = post(where .. path:match("%?.*$"), forged)
            assert.equal(403, status, where)
            assert.same({ ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "tim.callback: replayed" }, reply)
        end
        local _, calls = post("/guarded/calls", nil, "GET")
        assert.equal(1, calls)
        -- a missing dict is named, with the directive to add
        local resp = assert(transport:request{ method = "GET", scheme = "http", host = "127.0.0.1", port = srv.port,
                                               path = "/guarded/missing", timeout = 5 })
        assert.matches("no lua_shared_dict nope (add `lua_shared_dict nope 1m;` to the http block)", resp.body, 1,
                       true)
        assert.truthy(srv:error_log():find("refused a callback: replayed", 1, true))
    end)

    it("logs an error raised with tim.assert as its line; one raised with assert as 'unknown reason'", function()
        assert.equal(500, (transport:request{ method = "GET", scheme = "http", host = "127.0.0.1", port = srv.port,
                                              path = "/raise/tim_assert", timeout = 5 }).status)
        assert.equal(500, (transport:request{ method = "GET", scheme = "http", host = "127.0.0.1", port = srv.port,
                                              path = "/raise/assert", timeout = 5 }).status)
        local log = srv:error_log()
        assert.truthy(log:find("runtime error: content_by_lua%b():%d+: tim: api error 20003: raised as its line"), log)
        -- why docs/openresty.md says to use tim.assert (or assert(res, tostring(err))): nginx ignores __tostring
        assert.is_nil(log:find("raised as a table", 1, true))
    end)

    it("answers a failing handler with allow, drop with 2, a yielding handler's reject; logs no token", function()
        local status, reply = post(hook("/broken/callback", TOKEN):target(CMD), text_message("x"))
        assert.equal(200, status)
        assert.same(callback.allow(), reply)
        local gbody = '{"CallbackCommand":"Group.CallbackBeforeSendMsg","GroupId":"@TGS#1","MsgBody":[]}'
        status, reply = post(hook("/broken/callback", TOKEN):target("Group.CallbackBeforeSendMsg"), gbody)
        assert.equal(200, status)
        assert.equal(2, reply.ErrorCode)
        local cbody = '{"CallbackCommand":"Group.CallbackBeforeCreateGroup","Name":"x"}'
        status, reply = post(hook("/broken/callback", TOKEN):target("Group.CallbackBeforeCreateGroup"), cbody)
        assert.equal(200, status)
        assert.same(callback.reject(1, "no groups named x"), reply)
        local log = srv:error_log()
        assert.truthy(log:find("tim.callback: handler for C2C.CallbackBeforeSendMsg failed:", 1, true))
        assert.truthy(log:find("handler bug", 1, true))
        assert.is_nil(log:find(TOKEN, 1, true))
    end)
end)

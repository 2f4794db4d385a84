-- tim.emulator.webhook: the callback URL the emulator builds, and real POSTs to a plain-Lua callback server
-- (LuaSocket + tim.http + tim.callback in a child process on 127.0.0.1) -- the receiver any game server can run.
local webhook = require "tim.server.emulator.webhook"
local callback = require "tim.callback"

local TOKEN = "spec-token-41"
local APPID = 1400000000
local LUA = rawget(_G, "jit") and "luajit" or "lua5.4"

-- The receiver: one tim.callback handler behind a LuaSocket listener; serves `n` requests then exits.
-- It prints "port N" first, then one line per request: "<status> <path> <command or reason> <ClientIP>".
local SERVER = [=[
local socket = require "socket"
local http = require "tim.net.http"
local callback = require "tim.callback"
local token, n, mode = arg[1], tonumber(arg[2]), arg[3]
local h = callback.new{ token = token, sdkappid = 1400000000, log = false }
h:on("C2C.CallbackBeforeSendMsg", function(ev)
    local text = ev.body.MsgBody[1].MsgContent.Text
    if text:find("forbidden", 1, true) then return callback.reject(120001, "blocked by policy") end
    if text:find("secret", 1, true) then
        return callback.modify{ MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "***" } } } }
    end
    if text:find("spam", 1, true) then return callback.drop() end
end)
local srv = assert(socket.bind("127.0.0.1", 0))
srv:settimeout(10)
local _, port = srv:getsockname()
io.stdout:write("port ", port, "\n")
io.stdout:flush()
local served = 0
while served < n do
    local c = srv:accept()
    if not c then break end
    c:settimeout(5)
    while served < n do
        local req = http.read_request(c)
        if not req then break end
        served = served + 1
        if mode == "silent" then socket.sleep(3) break end
        local status, reply, info = h:handle(req.query, req.body)
        local args = callback.decode_query(req.query) or {}
        http.write_response(c, status, { ["Content-Type"] = "application/json",
                                         Connection = served >= n and "close" or nil }, callback.encode(reply))
        io.stdout:write(string.format("%d %s %s %s\n", status, req.path,
            type(info) == "table" and info.command or tostring(info), tostring(args.ClientIP)))
        io.stdout:flush()
    end
    c:close()
end
]=]

local script_path

local function start_server(token, n, mode)
    if not script_path then
        script_path = os.tmpname()
        local f = assert(io.open(script_path, "w"))
        f:write(SERVER)
        f:close()
    end
    local function q(v) return "'" .. v:gsub("'", "'\\''") .. "'" end
    -- the child sees exactly this process's module paths (busted's lpath included)
    local cmd = string.format("LUA_PATH=%s LUA_CPATH=%s timeout 20 %s %s %s %d %s", q(package.path),
                              q(package.cpath), LUA, q(script_path), q(token), n, mode or "normal")
    local p = assert(io.popen(cmd, "r"))
    local line = p:read("*l")
    local port = tonumber(line and line:match("^port (%d+)$"))
    assert(port, "callback server did not start: " .. tostring(line))
    return { port = port, proc = p, line = function() return p:read("*l") end, close = function() p:close() end }
end

local MSG = { From_Account = "a", To_Account = "b", MsgRandom = 7, MsgSeq = 9, MsgTime = 1700000000,
              MsgKey = "9_7_1700000000", OnlineOnlyFlag = 0 }

local function message(text)
    local m = {}
    for k, v in pairs(MSG) do m[k] = v end
    m.MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = text } } }
    return m
end

teardown(function()
    if script_path then os.remove(script_path) end
end)

describe("tim.server.emulator.webhook URL", function()
    it("puts SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform, then Sign and RequestTime", function()
        local hook = webhook.new{ url = "http://127.0.0.1:9/im/callback", token = TOKEN, sdkappid = APPID }
        local path, t = hook:target("C2C.CallbackBeforeSendMsg", { ClientIP = "10.1.2.3", OptPlatform = "iOS",
                                                                    RequestTime = 1669872112 })
        assert.equal("1669872112", t)
        assert.equal("/im/callback?SdkAppid=1400000000&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json"
            .. "&ClientIP=10.1.2.3&OptPlatform=iOS&Sign=" .. callback.sign(TOKEN, 1669872112)
            .. "&RequestTime=1669872112", path)
    end)

    it("signs so that tim.callback.verify accepts it now, and refuses it with another token", function()
        local hook = webhook.new{ url = "http://127.0.0.1:9/cb", token = TOKEN, sdkappid = APPID }
        local path = hook:target("Group.CallbackAfterSendMsg")
        local args = assert(callback.decode_query(path:match("%?(.*)$")))
        assert.is_true(callback.verify(args, { token = TOKEN, sdkappid = APPID }))
        assert.same({ nil, "bad_sign" }, { callback.verify(args, { token = "other", sdkappid = APPID }) })
        assert.equal("127.0.0.1", args.ClientIP)
        assert.equal("RESTAPI", args.OptPlatform)
        assert.equal("Group.CallbackAfterSendMsg", args.CallbackCommand)
    end)

    it("sends no Sign and no RequestTime without a token", function()
        local hook = webhook.new{ url = "http://127.0.0.1:9/cb", sdkappid = APPID }
        local path = hook:target("State.StateChange")
        assert.is_nil(path:find("Sign=", 1, true))
        assert.is_nil(path:find("RequestTime=", 1, true))
    end)

    it("keeps a query already in the configured URL and percent-encodes values", function()
        local hook = webhook.new{ url = "https://example.com/cb?app=game#frag", sdkappid = APPID }
        assert.equal("/cb?app=game&SdkAppid=1400000000&CallbackCommand=X.Y&contenttype=json&ClientIP=a%20b"
            .. "&OptPlatform=RESTAPI", (hook:target("X.Y", { ClientIP = "a b" })))
        assert.equal(443, hook.port)
        assert.equal("example.com", hook.tls.server_name)
        assert.is_true(hook.tls.verify)
    end)

    it("refuses a URL it cannot POST to, a missing sdkappid and an empty token as misuse", function()
        assert.has_error(function() webhook.new{ url = "ftp://x/", sdkappid = APPID } end,
            "bad argument #1 to 'tim.server.emulator.webhook.new' (opts.url must be an http:// or https:// URL)")
        assert.has_error(function() webhook.new{ url = "http://x/" } end,
            "bad argument #1 to 'tim.server.emulator.webhook.new' (opts.sdkappid must be an integer)")
        assert.has_error(function() webhook.new{ url = "http://x/", sdkappid = APPID, token = "" } end,
            "bad argument #1 to 'tim.server.emulator.webhook.new' (opts.token must be a non-empty string or nil)")
    end)

    it("never shows the token in tostring", function()
        local hook = webhook.new{ url = "http://127.0.0.1:9/cb", sdkappid = APPID, token = TOKEN }
        assert.equal("tim.emulator.webhook http://127.0.0.1:9/cb", tostring(hook))
    end)
end)

describe("tim.server.emulator.webhook:fire to a plain-Lua tim.callback server", function()
    it("gets the handler's answers: reject, modify, drop and allow, over one kept-alive connection", function()
        local srv = start_server(TOKEN, 4)
        finally(srv.close)
        local hook = webhook.new{ url = "http://127.0.0.1:" .. srv.port .. "/im", token = TOKEN, sdkappid = APPID }
        local cmd = "C2C.CallbackBeforeSendMsg"

        local reply = assert(hook:fire(cmd, message("a forbidden word"), { ClientIP = "10.9.8.7" }))
        assert.same({ ActionStatus = "OK", ErrorCode = 120001, ErrorInfo = "blocked by policy" }, reply)
        assert.equal("200 /im C2C.CallbackBeforeSendMsg 10.9.8.7", srv.line())
        assert.same({ action = "reject", code = 120001, info = "blocked by policy" }, webhook.interpret(cmd, reply))

        reply = assert(hook:fire(cmd, message("my secret")))
        local d = webhook.interpret(cmd, reply)
        assert.equal("allow", d.action)
        assert.equal("***", d.MsgBody[1].MsgContent.Text)
        srv.line()

        reply = assert(hook:fire(cmd, message("spam spam")))
        assert.equal("drop", webhook.interpret(cmd, reply).action)
        srv.line()

        reply = assert(hook:fire(cmd, message("hello")))
        assert.same(callback.allow(), reply)
        assert.same({ action = "allow", code = 0, info = "" }, webhook.interpret(cmd, reply))
        assert.equal("200 /im C2C.CallbackBeforeSendMsg 127.0.0.1", srv.line())
    end)

    it("returns nil, err with the HTTP status when the receiver refuses the Sign, without the token", function()
        local srv = start_server("the-receivers-token", 1)
        finally(srv.close)
        local hook = webhook.new{ url = "http://127.0.0.1:" .. srv.port .. "/im", token = TOKEN, sdkappid = APPID }
        local reply, err = hook:fire("C2C.CallbackAfterSendMsg", message("x"))
        assert.is_nil(reply)
        assert.equal("tim.emulator.webhook: C2C.CallbackAfterSendMsg to http://127.0.0.1:" .. srv.port
            .. "/im: HTTP 403", err)
        assert.is_nil(err:find(TOKEN, 1, true))
        assert.equal("403 /im bad_sign 127.0.0.1", srv.line())
    end)

    it("returns nil, err when nothing listens, and when the receiver does not answer in time", function()
        local socket = require "socket"
        local s = assert(socket.bind("127.0.0.1", 0))
        local _, port = s:getsockname()
        s:close()
        local hook = webhook.new{ url = "http://127.0.0.1:" .. port .. "/im", sdkappid = APPID }
        local reply, err = hook:fire("State.StateChange", { Info = { Action = "Login", To_Account = "a" } })
        assert.is_nil(reply)
        assert.truthy(err:find("^tim.emulator.webhook: State.StateChange to http://127.0.0.1:" .. port .. "/im: "))

        local srv = start_server(TOKEN, 1, "silent")
        finally(srv.close)
        hook = webhook.new{ url = "http://127.0.0.1:" .. srv.port .. "/im", token = TOKEN, sdkappid = APPID,
                            timeout = 0.5 }
        reply, err = hook:fire("C2C.CallbackBeforeSendMsg", message("hello"))
        assert.is_nil(reply)
        assert.truthy(err:find("^tim.emulator.webhook: C2C.CallbackBeforeSendMsg to http://127.0.0.1:"))
        assert.equal("allow", webhook.interpret("C2C.CallbackBeforeSendMsg", reply).action)
    end)
end)

describe("tim.server.emulator.webhook.interpret", function()
    it("allows on a missing reply, rejects on any non-zero code, drops only on message callbacks", function()
        assert.equal("allow", webhook.interpret("Group.CallbackBeforeCreateGroup", nil).action)
        assert.equal("reject", webhook.interpret("Group.CallbackBeforeCreateGroup", { ErrorCode = 1 }).action)
        assert.equal("reject", webhook.interpret("Group.CallbackBeforeCreateGroup", { ErrorCode = 2 }).action)
        assert.equal("drop", webhook.interpret("Group.CallbackBeforeSendMsg", { ErrorCode = 2 }).action)
    end)

    it("takes a changed MsgBody/CloudCustomData only from an allowing answer to a message callback", function()
        local body = { { MsgType = "TIMTextElem", MsgContent = { Text = "x" } } }
        local d = webhook.interpret("Group.CallbackBeforeSendMsg",
            { ErrorCode = 0, MsgBody = body, CloudCustomData = "c" })
        assert.equal(body, d.MsgBody)
        assert.equal("c", d.CloudCustomData)
        d = webhook.interpret("Group.CallbackBeforeCreateGroup", { ErrorCode = 0, MsgBody = body })
        assert.is_nil(d.MsgBody)
    end)
end)

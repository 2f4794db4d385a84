-- The emulator fires IM callbacks at a configured URL (through tim.emulator.webhook) and honours the answers of
-- before-callbacks: reject, drop, modify. The app side is a small receiver process started by this spec.
local cjson = require "cjson"
local support = require "support.emulator"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

-- The receiver: logs each callback (query + body) as one JSON line and answers by the message text.
local RECEIVER = [==[
local socket = require "socket"
local http = require "tim.net.http"
local cjson = require "cjson"
local log = assert(io.open(arg[1], "a"))
local srv = assert(socket.bind("127.0.0.1", 0))
local _, port = srv:getsockname()
print(port); io.stdout:flush()
local conns = {}
local function answer(body)
    local ev = cjson.decode(body)
    local t = ev.MsgBody and ev.MsgBody[1] and ev.MsgBody[1].MsgContent and ev.MsgBody[1].MsgContent.Text
    if t == "reject" or ev.Name == "refused" then return { ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "no" } end
    if t == "drop" then return { ActionStatus = "OK", ErrorCode = 2, ErrorInfo = "" } end
    if t == "modify" then
        return { ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "",
                 MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "modified" } } } }
    end
    return { ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "" }
end
while true do
    local r = { srv }
    for c in pairs(conns) do r[#r + 1] = c end
    local ready = socket.select(r, nil, 5)
    for _, s in ipairs(ready) do
        if s == srv then
            local c = srv:accept()
            if c then c:settimeout(2); conns[c] = true end
        else
            local req = http.read_request(s)
            if not req then s:close(); conns[s] = nil
            else
                log:write(cjson.encode({ query = req.query, body = cjson.decode(req.body) }), "\n"); log:flush()
                http.write_response(s, 200, { ["Content-Type"] = "application/json" }, cjson.encode(answer(req.body)))
            end
        end
    end
end
]==]

describe("tim.emulator callbacks", function()
    local emu, im, rx, rx_pid, logfile, script, rx_url

    local function events()
        local out = {}
        local f = io.open(logfile, "r")
        if not f then return out end
        for line in f:lines() do out[#out + 1] = cjson.decode(line) end
        f:close()
        return out
    end

    local function commands()
        local out = {}
        for _, e in ipairs(events()) do out[#out + 1] = e.body.CallbackCommand end
        return out
    end

    local function clear() local f = io.open(logfile, "w"); f:close() end

    setup(function()
        script, logfile = os.tmpname(), os.tmpname()
        local f = assert(io.open(script, "w"))
        f:write(RECEIVER)
        f:close()
        -- a Lua 5.4 child: its tim.core is the Lua 5.4 build, whichever interpreter runs this spec
        rx = assert(io.popen(string.format("cd %s && echo $$ && LUA_CPATH='%s/build/lua5.4/?.so;;' exec timeout 300 "
            .. "lua5.4 %s %s", support.sh_quote(support.ROOT), support.ROOT, script, logfile), "r"))
        rx_pid = rx:read("*l")
        local port = assert(tonumber(rx:read("*l")), "receiver did not start")
        rx_url = "http://127.0.0.1:" .. port .. "/im"
        emu = support.start{ callback_url = rx_url, callback_token = "cb-token-xyz" }
        im = emu:client{ retries = 0 }
    end)
    teardown(function()
        if emu then emu:stop() end
        if rx_pid then os.execute("kill " .. rx_pid .. " 2>/dev/null") end
        if rx then rx:close() end
        os.remove(script); os.remove(logfile)
    end)
    before_each(function()
        emu:reset()
        emu:control("config", { callback_url = rx_url, callback_token = "cb-token-xyz" })
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b" } })
        clear()
    end)

    it("fires C2C before and after callbacks for a sendmsg, signed, without the token in the URL", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("hello") })
        local ev = events()
        assert.same({ "C2C.CallbackBeforeSendMsg", "C2C.CallbackAfterSendMsg" }, commands())
        assert.equal("a", ev[1].body.From_Account)
        assert.equal("b", ev[1].body.To_Account)
        assert.matches("CallbackCommand=C2C.CallbackBeforeSendMsg", ev[1].query, 1, true)
        assert.matches("Sign=%x+", ev[1].query)
        assert.matches("RequestTime=%d+", ev[1].query)
        assert.is_nil(ev[1].query:find("cb-token-xyz", 1, true))
        assert.is_number(ev[2].body.EventTime)
    end)

    it("rejects a C2C message the app refuses, with 20006, and stores nothing", function()
        local res, err = im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("reject") }
        assert.is_nil(res)
        assert.equal(20006, err.code)
        local h = assert(im.openim.admin_getroammsg{ Operator_Account = "a", Peer_Account = "b", MaxCnt = 10,
                                                     MinTime = 0, MaxTime = 4294967295 })
        assert.equal(0, h.MsgCnt)
        assert.same({ "C2C.CallbackBeforeSendMsg" }, commands())
    end)

    it("drops a C2C message silently: OK for the sender, nothing stored", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("drop") })
        local h = assert(im.openim.admin_getroammsg{ Operator_Account = "a", Peer_Account = "b", MaxCnt = 10,
                                                     MinTime = 0, MaxTime = 4294967295 })
        assert.equal(0, h.MsgCnt)
    end)

    it("stores the MsgBody a before-callback answers with", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("modify") })
        local h = assert(im.openim.admin_getroammsg{ Operator_Account = "a", Peer_Account = "b", MaxCnt = 10,
                                                     MinTime = 0, MaxTime = 4294967295 })
        assert.equal("modified", h.MsgList[1].MsgBody[1].MsgContent.Text)
    end)

    it("skips the callbacks a sender forbids with ForbidCallbackControl", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("reject"),
                                  ForbidCallbackControl = { "ForbidBeforeSendMsgCallback",
                                                            "ForbidAfterSendMsgCallback" } })
        assert.same({}, commands())
    end)

    it("fires group create, member join, send, member exit and destroy callbacks", function()
        local gid = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Public",
                                                                 Name = "g" }).GroupId
        assert(im.group_open_http_svc.add_group_member{ GroupId = gid, MemberList = { { Member_Account = "b" } } })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "b", MsgBody = text("hi") })
        assert(im.group_open_http_svc.delete_group_member{ GroupId = gid, MemberToDel_Account = { "b" } })
        assert(im.group_open_http_svc.destroy_group{ GroupId = gid })
        assert.same({ "Group.CallbackBeforeCreateGroup", "Group.CallbackAfterCreateGroup",
                      "Group.CallbackAfterNewMemberJoin", "Group.CallbackBeforeSendMsg", "Group.CallbackAfterSendMsg",
                      "Group.CallbackAfterMemberExit", "Group.CallbackAfterGroupDestroyed" }, commands())
        local join = events()[3].body
        assert.equal(gid, join.GroupId)
        assert.equal("b", join.NewMemberList[1].Member_Account)
    end)

    it("refuses a group message (10016) and a group creation (10016) the app rejects", function()
        local gid = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Public",
                                                                 Name = "g" }).GroupId
        local _, e1 = im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "a",
                                                             MsgBody = text("reject") }
        assert.equal(10016, e1.code)
        local _, e2 = im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Public", Name = "refused" }
        assert.equal(10016, e2.code)
    end)

    it("lets a message through when the app cannot be reached, as IM does", function()
        local s = require("socket").bind("127.0.0.1", 0)
        local _, closed_port = s:getsockname()
        s:close()
        emu:control("config", { callback_url = "http://127.0.0.1:" .. closed_port .. "/im" })
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("reject") })
        local h = assert(im.openim.admin_getroammsg{ Operator_Account = "a", Peer_Account = "b", MaxCnt = 10,
                                                     MinTime = 0, MaxTime = 4294967295 })
        assert.equal(1, h.MsgCnt)
        emu:control("config", { callback_url = false })
    end)

    it("lets messages through when callbacks are switched off with /_emulator/config", function()
        emu:control("config", { callback_url = false })
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("reject") })
        assert.same({}, commands())
    end)
end)

describe("tim.emulator callbacks to an https receiver", function()
    local nginx = require "support.nginx"
    local emu, im, srv, tmpdir, certs

    setup(function()
        local p = io.popen("mktemp -d /tmp/lua-tim-spec35.XXXXXX")
        tmpdir = p:read("*l")
        p:close()
        certs = require("support.certs").make(tmpdir)
        -- the app: rejects every message it is asked about
        srv = assert(nginx.start{ lua = false, ssl = { cert = certs.cert, key = certs.key }, server = [[
            location = /im {
                default_type application/json;
                return 200 '{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"refused by the app"}';
            }
        ]] })
        emu = support.start{}
        im = emu:client{ retries = 0 }
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b" } })
    end)
    teardown(function()
        if emu then emu:stop() end
        if srv then srv:stop() end
        if tmpdir and tmpdir:match("^/tmp/lua%-tim%-spec35%.%w+$") then os.execute("rm -rf '" .. tmpdir .. "'") end
    end)

    it("reaches it through verified TLS with --callback-cafile, and honours its reject", function()
        local cfg = emu:control("config", { callback_url = srv.ssl_url .. "/im", callback_cafile = certs.ca })
        assert.is_true(cfg.callback)
        local res, err = im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("hello") }
        assert.is_nil(res)
        assert.equal(20006, err.code)
    end)

    it("does not trust it without the CA: the callback fails and the message goes through, as IM does", function()
        emu:control("config", { callback_url = srv.ssl_url .. "/im" })
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("hello again") })
        local h = assert(im.openim.admin_getroammsg{ Operator_Account = "a", Peer_Account = "b", MaxCnt = 10,
                                                     MinTime = 0, MaxTime = 4294967295 })
        assert.equal(1, h.MsgCnt)
    end)
end)

-- Load: several client processes send C2C and group messages to the emulator at the same time; afterwards every
-- message is in the history exactly once. (Correctness under concurrency, not speed: no timing assertions.)
local socket = require "socket"
local core = require "tim.core"
local support = require "support.emulator"

local PROCS, EACH = 6, 40
local INTERP = jit and "luajit" or "lua5.4"

local SENDER = [==[
local tim = require "tim"
local id, endpoint, sdkappid, key, gid, n = arg[1], arg[2], tonumber(arg[3]), arg[4], arg[5], tonumber(arg[6])
local im = assert(tim.new{ endpoint = endpoint, sdkappid = sdkappid, key = key, retries = 2, timeout = 10 })
for j = 1, n do
    local body = { { MsgType = "TIMTextElem", MsgContent = { Text = id .. "-" .. j } } }
    assert(im.openim.sendmsg{ From_Account = id, To_Account = "sink", MsgBody = body })
    assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = id, MsgBody = body })
end
print("done " .. id)
]==]

describe("tim.emulator under concurrent clients", function()
    local emu, im, script

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
        script = os.tmpname()
        local f = assert(io.open(script, "w")); f:write(SENDER); f:close()
    end)
    teardown(function()
        if emu then emu:stop() end
        if script then os.remove(script) end
    end)

    it("keeps every message sent by " .. PROCS .. " processes at once, C2C and group", function()
        local ids = { "sink" }
        for i = 1, PROCS do ids[#ids + 1] = "p" .. i end
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = ids })
        local members = {}
        for i = 1, PROCS do members[i] = { Member_Account = "p" .. i } end
        local gid = assert(im.group_open_http_svc.create_group{ Owner_Account = "sink", Type = "Public", Name = "load",
                                                                 MemberList = members }).GroupId

        local out = os.tmpname()
        local cmds = {}
        for i = 1, PROCS do
            cmds[#cmds + 1] = string.format("timeout 120 %s %s p%d %s %d %s %s %d &", INTERP, script, i, emu.endpoint,
                                            emu.sdkappid, support.sh_quote(emu.key), support.sh_quote(gid), EACH)
        end
        os.execute("(" .. table.concat(cmds, " ") .. " wait) >" .. out .. " 2>&1")
        local f = io.open(out); local log = f:read("*a"); f:close(); os.remove(out)
        local done = 0
        for _ in log:gmatch("done p%d+") do done = done + 1 end
        assert.equal(PROCS, done, log)

        -- C2C: every sender's history with the sink holds its EACH messages, in order
        for i = 1, PROCS do
            local texts, req = {}, { Operator_Account = "sink", Peer_Account = "p" .. i, MaxCnt = 15, MinTime = 0,
                                     MaxTime = 4294967295 }
            repeat
                local res = assert(im.openim.admin_getroammsg(req))
                for k = #res.MsgList, 1, -1 do texts[#texts + 1] = res.MsgList[k].MsgBody[1].MsgContent.Text end
                req.MaxTime, req.LastMsgKey = res.LastMsgTime, res.LastMsgKey
            until res.Complete == 1
            assert.equal(EACH, #texts)
            for j = 1, EACH do assert.equal("p" .. i .. "-" .. (EACH - j + 1), texts[j]) end
        end

        -- group: sequence numbers 1..PROCS*EACH, each text once
        local seen, count, seq = {}, 0, nil
        repeat
            local res = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 20,
                                                                             ReqMsgSeq = seq })
            for _, m in ipairs(res.RspMsgList) do
                local t = m.MsgBody[1].MsgContent.Text
                assert.is_nil(seen[t])
                seen[t] = true
                count = count + 1
                seq = m.MsgSeq - 1
            end
        until res.IsFinished == 1
        assert.equal(PROCS * EACH, count)
        local unread = assert(im.openim.get_c2c_unread_msg_num{ To_Account = "sink" })
        assert.equal(PROCS * EACH, unread.AllC2CUnreadMsgNum)
    end)

    it("serves 300 connections that are all open at the same time", function()
        emu:reset()
        local q = core.query(emu.sdkappid, emu.admin, core.usersig(emu.sdkappid, emu.key, emu.admin, 600), 1)
        local conns = {}
        for i = 1, 300 do
            local c = assert(socket.connect("127.0.0.1", emu.port))
            c:settimeout(10)
            local body = '{"UserID":"c' .. i .. '"}'
            assert(c:send("POST /v4/im_open_login_svc/account_import?" .. q .. " HTTP/1.1\r\nHost: x\r\n"
                          .. "Content-Length: " .. #body .. "\r\n\r\n" .. body))
            conns[i] = c
        end
        local ok = 0
        for i = #conns, 1, -1 do
            local line = conns[i]:receive("*l")
            if line == "HTTP/1.1 200 OK" then ok = ok + 1 end
            conns[i]:close()
        end
        assert.equal(300, ok)
        local stats = emu:control("stats")
        assert.equal(301, stats.accounts)
    end)
end)

-- C2C messages (openim/*) in the emulator through the real client: send, dedup, batch, import, history paging,
-- recall, read marks, unread counts, blacklist and global mute checks.
local support = require "support.emulator"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator C2C messages", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "alice", "bob", "carol" } })
    end)

    local function history(op, peer, max)
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = op, Peer_Account = peer, MaxCnt = max or 100,
                                                       MinTime = 0, MaxTime = 4294967295 })
        return res
    end

    it("stores a sent message, answers MsgTime and MsgKey, and shows it in both sides' history", function()
        local res = assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("hello"),
                                              CloudCustomData = "cd" })
        assert.is_number(res.MsgTime)
        assert.is_string(res.MsgKey)
        local h = history("bob", "alice")
        assert.equal(1, h.MsgCnt)
        assert.equal(1, h.Complete)
        local m = h.MsgList[1]
        assert.equal("alice", m.From_Account)
        assert.equal("bob", m.To_Account)
        assert.equal("hello", m.MsgBody[1].MsgContent.Text)
        assert.equal("cd", m.CloudCustomData)
        assert.equal(res.MsgKey, m.MsgKey)
        assert.equal(1, history("alice", "bob").MsgCnt)
    end)

    it("stores a resend with the same MsgRandom and MsgSeq once, answering the same MsgKey", function()
        local body = { From_Account = "alice", To_Account = "bob", MsgRandom = 99, MsgSeq = 5, MsgBody = text("once") }
        local a = assert(im.openim.sendmsg(body))
        local b = assert(im.openim.sendmsg(body))
        assert.equal(a.MsgKey, b.MsgKey)
        assert.equal(1, history("bob", "alice").MsgCnt)
    end)

    it("stores the same MsgRandom again after the 120 s dedup window", function()
        local body = { From_Account = "alice", To_Account = "bob", MsgRandom = 99, MsgSeq = 5, MsgBody = text("x") }
        assert(im.openim.sendmsg(body))
        emu:control("clock", { advance = 121 })
        assert(im.openim.sendmsg(body))
        assert.equal(2, history("bob", "alice").MsgCnt)
    end)

    it("answers 20003 when the receiver was not imported", function()
        local res, err = im.openim.sendmsg{ From_Account = "alice", To_Account = "zed", MsgBody = text("x") }
        assert.is_nil(res)
        assert.equal(20003, err.code)
    end)

    it("answers 90002 for a malformed MsgBody", function()
        local _, err = im.openim.sendmsg{ From_Account = "alice", To_Account = "bob",
                                          MsgBody = { { MsgType = "TIMNopeElem", MsgContent = {} } } }
        assert.equal(90002, err.code)
    end)

    it("delivers despite a blacklist or a global C2C mute: REST sends check neither, as documented", function()
        assert(im.sns.black_list_add{ From_Account = "bob", To_Account = { "alice" } })
        assert(im.openconfigsvr.setnospeaking{ Set_Account = "alice", C2CmsgNospeakingTime = 600 })
        assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("x") })
        local res = assert(im.openim.batchsendmsg{ From_Account = "alice", To_Account = { "bob", "carol" },
                                                   MsgBody = text("y") })
        assert.same({}, res.ErrorList or {})
        assert.equal(2, history("bob", "alice").MsgCnt)     -- the receiver sees both
    end)

    it("hides a message sent with SyncOtherMachine = 2 from the sender's history only", function()
        assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", SyncOtherMachine = 2,
                                  MsgBody = text("quiet") })
        assert.equal(0, history("alice", "bob").MsgCnt)
        assert.equal(1, history("bob", "alice").MsgCnt)
    end)

    it("sends one message to many with batchsendmsg and lists the failures in ErrorList", function()
        local res = assert(im.openim.batchsendmsg{ From_Account = "alice", To_Account = { "bob", "carol", "zed" },
                                                   MsgRandom = 7,
                                                   MsgBody = text("all") })
        assert.is_string(res.MsgKey)
        assert.equal(1, #res.ErrorList)
        assert.equal("zed", res.ErrorList[1].To_Account)
        assert.equal(1, history("bob", "alice").MsgCnt)
        assert.equal(1, history("carol", "alice").MsgCnt)
    end)

    it("imports a historical message at its own timestamp", function()
        assert(im.openim.importmsg{ SyncFromOldSystem = 1, From_Account = "carol", To_Account = "bob",
                                    MsgRandom = 1, MsgTimeStamp = 1600000000, MsgBody = text("old") })
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = "bob", Peer_Account = "carol", MaxCnt = 10,
                                                       MinTime = 1500000000, MaxTime = 1700000000 })
        assert.equal(1, res.MsgCnt)
        assert.equal(1600000000, res.MsgList[1].MsgTimeStamp)
    end)

    it("pages history backwards with LastMsgTime and LastMsgKey until Complete = 1", function()
        for i = 1, 7 do
            assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("m" .. i) })
        end
        local seen, req = {}, { Operator_Account = "bob", Peer_Account = "alice", MaxCnt = 3, MinTime = 0,
                                MaxTime = 4294967295 }
        local pages = 0
        repeat
            local res = assert(im.openim.admin_getroammsg(req))
            pages = pages + 1
            for i = #res.MsgList, 1, -1 do seen[#seen + 1] = res.MsgList[i].MsgBody[1].MsgContent.Text end
            req.MaxTime, req.LastMsgKey = res.LastMsgTime, res.LastMsgKey
        until res.Complete == 1
        assert.equal(3, pages)
        assert.same({ "m7", "m6", "m5", "m4", "m3", "m2", "m1" }, seen)
    end)

    it("recalls a message by MsgKey: history keeps it flagged with an empty body", function()
        local res = assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("oops") })
        assert(im.openim.admin_msgwithdraw{ From_Account = "alice", To_Account = "bob", MsgKey = res.MsgKey })
        local m = history("bob", "alice").MsgList[1]
        assert.equal(1, m.MsgFlagBits)
        assert.equal(0, #m.MsgBody)
        -- the admin_msgwithdraw page: 20022 for a MsgKey that names no message, 20023 for a second recall
        local _, err = im.openim.admin_msgwithdraw{ From_Account = "alice", To_Account = "bob", MsgKey = "1_2_3" }
        assert.equal(20022, err.code)
        local _, again = im.openim.admin_msgwithdraw{ From_Account = "alice", To_Account = "bob", MsgKey = res.MsgKey }
        assert.equal(20023, again.code)
    end)

    it("counts unread messages per peer and clears them with admin_set_msg_read", function()
        for _ = 1, 3 do assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("u") }) end
        assert(im.openim.sendmsg{ From_Account = "carol", To_Account = "bob", MsgBody = text("u") })
        local u = assert(im.openim.get_c2c_unread_msg_num{ To_Account = "bob", Peer_Account = { "alice", "carol" } })
        assert.equal(4, u.AllC2CUnreadMsgNum)
        assert.equal(3, u.C2CUnreadMsgNumList[1].C2CUnreadMsgNum)
        assert(im.openim.admin_set_msg_read{ Report_Account = "bob", Peer_Account = "alice" })
        u = assert(im.openim.get_c2c_unread_msg_num{ To_Account = "bob" })
        assert.equal(1, u.AllC2CUnreadMsgNum)
        assert.equal(1, history("alice", "bob").MsgList[1].IsPeerRead)
    end)
end)

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
        -- a text element without its Text: the Message Formats tree has no required member, the emulator needs it
        local _, err = im.openim.sendmsg{ From_Account = "alice", To_Account = "bob",
                                          MsgBody = { { MsgType = "TIMTextElem", MsgContent = {} } } }
        assert.equal(90002, err.code)
        -- an unknown MsgType: the client refuses it first
        _, err = im.openim.sendmsg{ From_Account = "alice", To_Account = "bob",
                                    MsgBody = { { MsgType = "TIMNopeElem", MsgContent = {} } } }
        assert.same({ "usage", "MsgBody[1].MsgType" }, { err.kind, err.field })
    end)

    -- 269/2282 (sendmsg's codes): 90002 for a MsgBody that does not follow the message format. The emulator's
    -- schema check (tim.emulator check_body) answers before the handler, with the code the record gives the field
    -- (invalid_fields.MsgBody).
    it("answers 90002 for an unknown MsgType sent unchecked, as the page does", function()
        local _, err = im.openim.sendmsg({ From_Account = "alice", To_Account = "bob",
                                           MsgBody = { { MsgType = "TIMNopeElem", MsgContent = {} } } },
                                         { validate = false })
        assert.equal(90002, err.code)
        _, err = im.openim.sendmsg({ From_Account = "alice", To_Account = 7, MsgBody = text("x") },
                                   { validate = false })
        assert.equal(90003, err.code)
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

    -- 269/2568: SyncFromOldSystem 2 (history: no unread) or 5 (real-time import: counts as unread), nothing else
    it("imports a historical message at its own timestamp", function()
        assert(im.openim.importmsg{ SyncFromOldSystem = 2, From_Account = "carol", To_Account = "bob",
                                    MsgRandom = 1, MsgTimeStamp = 1600000000, MsgBody = text("old") })
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = "bob", Peer_Account = "carol", MaxCnt = 10,
                                                       MinTime = 1500000000, MaxTime = 1700000000 })
        assert.equal(1, res.MsgCnt)
        assert.equal(1600000000, res.MsgList[1].MsgTimeStamp)
        assert.equal(0, assert(im.openim.get_c2c_unread_msg_num{ To_Account = "bob" }).AllC2CUnreadMsgNum)
        assert(im.openim.importmsg{ SyncFromOldSystem = 5, From_Account = "carol", To_Account = "bob",
                                    MsgRandom = 2, MsgTimeStamp = 1600000001, MsgBody = text("live") })
        assert.equal(1, assert(im.openim.get_c2c_unread_msg_num{ To_Account = "bob" }).AllC2CUnreadMsgNum)
        local _, err = im.openim.importmsg({ SyncFromOldSystem = 1, From_Account = "carol", To_Account = "bob",
                                             MsgRandom = 3, MsgTimeStamp = 1600000002, MsgBody = text("x") },
                                           { validate = false })
        assert.equal(90001, err.code)
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
        -- 1047/35015: 90054 for a MsgKey that is not one
        _, err = im.openim.admin_msgwithdraw{ From_Account = "alice", To_Account = "bob", MsgKey = "oops" }
        assert.equal(90054, err.code)
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

    -- 1047/38996: MsgReadTime is a String of Unix seconds; 90008 / 90003 for accounts that do not exist
    it("marks read up to MsgReadTime, given as a string as the page types it", function()
        local sent = assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("1") })
        emu:control("clock", { advance = 10 })
        assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("2") })
        assert(im.openim.admin_set_msg_read{ Report_Account = "bob", Peer_Account = "alice",
                                             MsgReadTime = tostring(sent.MsgTime) })
        assert.equal(1, assert(im.openim.get_c2c_unread_msg_num{ To_Account = "bob" }).AllC2CUnreadMsgNum)
        local _, err = im.openim.admin_set_msg_read({ Report_Account = "bob", Peer_Account = "alice",
                                                      MsgReadTime = sent.MsgTime }, { validate = false })
        assert.equal(90001, err.code)
        _, err = im.openim.admin_set_msg_read{ Report_Account = "bob", Peer_Account = "alice", MsgReadTime = "soon" }
        assert.equal(90001, err.code)
        _, err = im.openim.admin_set_msg_read{ Report_Account = "ghost", Peer_Account = "alice" }
        assert.equal(90008, err.code)
        _, err = im.openim.admin_set_msg_read{ Report_Account = "bob", Peer_Account = "ghost" }
        assert.equal(90003, err.code)
    end)

    -- 269/101439: at most 30 MsgKeys a call; only the operator's history loses them
    it("deletes messages from one side's history with delete_c2c_msg_ramble, at most 30 keys a call", function()
        local res = assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("gone") })
        assert(im.openim.delete_c2c_msg_ramble{ Operator_Account = "bob", Peer_Account = "alice",
                                                MsgKeyList = { res.MsgKey } })
        assert.equal(0, history("bob", "alice").MsgCnt)
        assert.equal(1, history("alice", "bob").MsgCnt)
        local keys = {}
        for i = 1, 31 do keys[i] = i .. "_1_1" end
        local _, err = im.openim.delete_c2c_msg_ramble({ Operator_Account = "bob", Peer_Account = "alice",
                                                         MsgKeyList = keys }, { validate = false })
        assert.equal(90001, err.code)
    end)

    -- 269/104121: the answer is ActionStatus, ErrorCode and ErrorInfo only; 20001 for an invalid request
    it("takes read receipts whole: no ErrorList, 20001 for a mismatched or unknown message", function()
        local m = assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("r") })
        local res = assert(im.openim.c2c_msg_read_receipt{ Operator_Account = "bob", Peer_Account = "alice",
            C2CMsgInfo = { { From_Account = "alice", To_Account = "bob", MsgKey = m.MsgKey } } })
        assert.is_nil(res.ErrorList)
        local _, err = im.openim.c2c_msg_read_receipt{ Operator_Account = "bob", Peer_Account = "alice",
            C2CMsgInfo = { { From_Account = "alice", To_Account = "bob", MsgKey = "1_2_3" } } }
        assert.equal(20001, err.code)
        _, err = im.openim.c2c_msg_read_receipt{ Operator_Account = "bob", Peer_Account = "alice",
            C2CMsgInfo = { { From_Account = "carol", To_Account = "bob", MsgKey = m.MsgKey } } }
        assert.equal(20001, err.code)
    end)
end)

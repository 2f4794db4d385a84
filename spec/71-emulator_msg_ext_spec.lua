-- openim_msg_ext_http_svc/* in the emulator: message extensions with Seq compare-and-set
-- (trtc.io/document/51194, 51195, 52169, 52170).
local support = require "support.emulator"
local journal = require "support.emulator_journal"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator message extensions", function()
    local emu, im, key, group, seq

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b", "c" } })
        key = assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgRandom = 11,
                                        MsgBody = text("vote") }).MsgKey
        group = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Public", Name = "g",
                                                             MemberList = { { Member_Account = "b" } } }).GroupId
        seq = assert(im.group_open_http_svc.send_group_msg{ GroupId = group, From_Account = "a", Random = 5,
                                                             MsgBody = text("poll") }).MsgSeq
    end)

    local ext = function(b, opts) return im.openim_msg_ext_http_svc.set_key_values(b, opts) end
    local nocheck = { validate = false }    -- the emulator's own answer to what the client would refuse first

    it("sets pairs, each taking the message's next Seq, and gets them sorted by Seq", function()
        local res = assert(ext{ From_Account = "a", To_Account = "b", MsgKey = key, OperateType = 1,
                                ExtensionList = { { Key = "k1", Value = "v1", Seq = 0 },
                                                  { Key = "k2", Value = "v2", Seq = 0 } } })
        assert.equal(0, res.ExtensionList[1].ErrorCode)
        assert.equal(2, res.LatestSeq)
        local got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key })
        assert.equal(1, got.CompleteFlag)
        assert.equal(2, got.LatestSeq)
        assert.equal(0, got.ClearSeq)
        assert.same({ "k1", "k2" }, { got.ExtensionList[1].Key, got.ExtensionList[2].Key })
        assert.same({ 1, 2 }, { got.ExtensionList[1].Seq, got.ExtensionList[2].Seq })
        got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key, StartSeq = 2 })
        assert.equal(1, #got.ExtensionList)
        assert.equal("k2", got.ExtensionList[1].Key)
    end)

    it("refuses a stale Seq with 23001 and hands back the stored pair; the fresh Seq wins", function()
        assert(ext{ To_Account = "b", MsgKey = key, OperateType = 1, ExtensionList = { { Key = "k", Value = "one",
                                                                                         Seq = 0 } } })
        -- a second writer that has not seen the first change
        local res = assert(ext{ To_Account = "b", MsgKey = key, OperateType = 1,
                                ExtensionList = { { Key = "k", Value = "two", Seq = 0 } } })
        assert.equal(23001, res.ExtensionList[1].ErrorCode)
        assert.equal("one", res.ExtensionList[1].Value)
        assert.equal(1, res.ExtensionList[1].Seq)
        res = assert(ext{ To_Account = "b", MsgKey = key, OperateType = 1,
                          ExtensionList = { { Key = "k", Value = "two", Seq = 1 } } })
        assert.equal(0, res.ExtensionList[1].ErrorCode)
        local got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key })
        assert.equal("two", got.ExtensionList[1].Value)
    end)

    it("deletes one pair (OperateType 2) and clears all (3), moving ClearSeq", function()
        assert(ext{ To_Account = "b", MsgKey = key, OperateType = 1,
                    ExtensionList = { { Key = "x", Value = "1" }, { Key = "y", Value = "2" } } })
        -- 269/82030: Value is required; a delete sends it empty, as the page's delete sample does
        assert(ext{ To_Account = "b", MsgKey = key, OperateType = 2,
                    ExtensionList = { { Key = "x", Value = "", Seq = 1 } } })
        local got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key })
        assert.equal(1, #got.ExtensionList)
        local res = assert(ext{ To_Account = "b", MsgKey = key, OperateType = 3 })
        assert.is_true(res.ClearSeq > 0)
        got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key })
        assert.equal(0, #got.ExtensionList)
        assert.equal(res.ClearSeq, got.ClearSeq)
    end)

    it("checks the documented limits: 20 pairs a request, key 100 bytes, value 1000 bytes, 300 a message", function()
        local list = {}
        for i = 1, 21 do list[i] = { Key = "k" .. i, Value = "v" } end
        local _, err = ext{ To_Account = "b", MsgKey = key, OperateType = 1, ExtensionList = list }
        assert.equal("usage", err.kind)                 -- the client refuses it first
        _, err = ext({ To_Account = "b", MsgKey = key, OperateType = 1, ExtensionList = list }, nocheck)
        assert.equal(90001, err.code)
        _, err = ext({ To_Account = "b", MsgKey = key, OperateType = 1,
                       ExtensionList = { { Key = string.rep("k", 101), Value = "v" } } }, nocheck)
        assert.equal(90001, err.code)
        _, err = ext({ To_Account = "b", MsgKey = key, OperateType = 1,
                       ExtensionList = { { Key = "k", Value = string.rep("v", 1001) } } }, nocheck)
        assert.equal(90001, err.code)
        for round = 0, 14 do
            local l = {}
            for i = 1, 20 do l[i] = { Key = "r" .. round .. "_" .. i, Value = "v" } end
            assert(ext{ To_Account = "b", MsgKey = key, OperateType = 1, ExtensionList = l })
        end
        _, err = ext{ To_Account = "b", MsgKey = key, OperateType = 1,
                      ExtensionList = { { Key = "one", Value = "x" } } }
        assert.equal(90001, err.code)
        local got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key })
        assert.equal(0, got.CompleteFlag)       -- 300 pairs, at most 200 an answer
        assert.equal(200, #got.ExtensionList)
        got = assert(im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = key,
                                                                StartSeq = got.ExtensionList[200].Seq + 1 })
        assert.equal(1, got.CompleteFlag)
        assert.equal(100, #got.ExtensionList)
    end)

    it("answers 20022 for an unknown MsgKey or accounts outside the conversation, 90001 for a bad OperateType",
       function()
        local _, err = im.openim_msg_ext_http_svc.get_key_values{ To_Account = "b", MsgKey = "1_2_3" }
        assert.equal(20022, err.code)
        _, err = im.openim_msg_ext_http_svc.get_key_values{ From_Account = "c", To_Account = "b", MsgKey = key }
        assert.equal(20022, err.code)
        _, err = ext({ To_Account = "b", MsgKey = key, OperateType = 9 }, nocheck)
        assert.equal(90001, err.code)
        -- OperateType 1 and 2 need ExtensionList (a rule across fields: the emulator's own)
        _, err = ext{ To_Account = "b", MsgKey = key, OperateType = 1 }
        assert.equal(90001, err.code)
    end)

    -- 269/82031, 82032 (newer than 1047/52169, 52170): Community groups too
    it("keeps group message extensions by GroupId + MsgSeq, not for AVChatRoom, and 10030 for no message", function()
        local res = assert(im.openim_msg_ext_http_svc.group_set_key_values{
            GroupId = group, MsgSeq = seq, OperateType = 1, ExtensionList = { { Key = "yes", Value = "3" } } })
        assert.equal(0, res.ExtensionList[1].ErrorCode)
        local got = assert(im.openim_msg_ext_http_svc.group_get_key_values{ GroupId = group, MsgSeq = seq })
        assert.equal("3", got.ExtensionList[1].Value)
        local _, err = im.openim_msg_ext_http_svc.group_get_key_values{ GroupId = group, MsgSeq = seq + 10 }
        assert.equal(10030, err.code)
        _, err = im.openim_msg_ext_http_svc.group_get_key_values{ GroupId = "@TGS#none", MsgSeq = 1 }
        assert.equal(10010, err.code)
        local live = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "AVChatRoom",
                                                                  Name = "live" }).GroupId
        _, err = im.openim_msg_ext_http_svc.group_set_key_values{ GroupId = live, MsgSeq = 1, OperateType = 3 }
        assert.equal(10007, err.code)
        local community = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Community",
                                                                       Name = "c" }).GroupId
        local cseq = assert(im.group_open_http_svc.send_group_msg{ GroupId = community, From_Account = "a", Random = 6,
                                                                    MsgBody = text("hi") }).MsgSeq
        assert(im.openim_msg_ext_http_svc.group_set_key_values{ GroupId = community, MsgSeq = cseq, OperateType = 1,
                                                                ExtensionList = { { Key = "c", Value = "1" } } })
        got = assert(im.openim_msg_ext_http_svc.group_get_key_values{ GroupId = community, MsgSeq = cseq })
        assert.equal("c", got.ExtensionList[1].Key)
        -- group_set_key_values's record comes from its samples: the emulator checks the C2C page's limits itself
        local many = {}
        for i = 1, 21 do many[i] = { Key = "k" .. i, Value = "v" } end
        _, err = im.openim_msg_ext_http_svc.group_set_key_values{ GroupId = group, MsgSeq = seq, OperateType = 1,
                                                                  ExtensionList = many }
        assert.equal(90001, err.code)
    end)

    it("fires the extension callbacks with the changed pairs and the message's latest Seq", function()
        journal.dead_callbacks(emu)
        assert(ext{ To_Account = "b", MsgKey = key, OperateType = 1, ExtensionList = { { Key = "k", Value = "v" } } })
        assert(im.openim_msg_ext_http_svc.group_set_key_values{ GroupId = group, MsgSeq = seq, OperateType = 1,
                                                                ExtensionList = { { Key = "g", Value = "1" } } })
        journal.off(emu)
        local c = journal.events(emu, "C2C.CallbackAfterC2CMsgExtension")[1]
        assert.same({ key, 1, 1 }, { c.MsgKey, c.OperateType, c.Seq })
        assert.equal("k", c.ExtensionList[1].Key)
        local g = journal.events(emu, "Group.CallbackAfterGroupMsgExtension")[1]
        assert.same({ group, seq, "g" }, { g.GroupId, g.MsgSeq, g.ExtensionList[1].Key })
    end)
end)

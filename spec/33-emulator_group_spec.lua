-- Groups (group_open_http_svc/*) in the emulator through the real client: create/destroy/info, cursor paging,
-- members, roles, mutes, owner change, group messages with dedup, recall and history.
local support = require "support.emulator"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator groups", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "owner", "m1", "m2", "m3" } })
    end)

    local function create(extra)
        local body = { Owner_Account = "owner", Type = "Public", Name = "g" }
        for k, v in pairs(extra or {}) do body[k] = v end
        return assert(im.group_open_http_svc.create_group(body)).GroupId
    end

    it("creates a group with an owner and members and reports them in get_group_info", function()
        local gid = create{ Name = "Team", Introduction = "hi",
                            MemberList = { { Member_Account = "m1" }, { Member_Account = "m2", Role = "Admin" } } }
        assert.matches("^@TGS#", gid)
        local info = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { gid } }).GroupInfo[1]
        assert.equal(0, info.ErrorCode)
        assert.equal("Team", info.Name)
        assert.equal("owner", info.Owner_Account)
        assert.equal(3, info.MemberNum)
        local roles = {}
        for _, m in ipairs(info.MemberList) do roles[m.Member_Account] = m.Role end
        assert.same({ owner = "Owner", m1 = "Member", m2 = "Admin" }, roles)
    end)

    it("keeps a caller-chosen GroupId and refuses it twice (10021)", function()
        assert.equal("my_group", create{ GroupId = "my_group" })
        local _, err = im.group_open_http_svc.create_group{ Type = "Public", Name = "x", GroupId = "my_group" }
        assert.equal(10021, err.code)
    end)

    it("refuses an unknown group Type (10004) and an owner that was not imported (10019)", function()
        local _, e1 = im.group_open_http_svc.create_group{ Type = "Lounge", Name = "x" }
        local _, e2 = im.group_open_http_svc.create_group{ Type = "Public", Name = "x", Owner_Account = "ghost" }
        assert.equal(10004, e1.code)
        assert.equal(10019, e2.code)
    end)

    it("destroys a group: afterwards calls on it answer 10010", function()
        local gid = create()
        assert(im.group_open_http_svc.destroy_group{ GroupId = gid })
        local _, err = im.group_open_http_svc.destroy_group{ GroupId = gid }
        assert.equal(10010, err.code)
        local info = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { gid } })
        assert.equal(10010, info.GroupInfo[1].ErrorCode)
    end)

    it("pages get_appid_group_list with Limit and Next until Next = 0", function()
        local made = {}
        for i = 1, 5 do made[create{ Name = "g" .. i }] = true end
        local seen, next_, pages = {}, 0, 0
        repeat
            local res = assert(im.group_open_http_svc.get_appid_group_list{ Limit = 2, Next = next_ })
            assert.equal(5, res.TotalCount)
            pages = pages + 1
            for _, g in ipairs(res.GroupIdList) do seen[g.GroupId] = true end
            next_ = res.Next
        until next_ == 0
        assert.equal(3, pages)
        assert.same(made, seen)
    end)

    it("adds members (Result 1), reports existing ones (2) and unknown accounts (0)", function()
        local gid = create()
        local res = assert(im.group_open_http_svc.add_group_member{ GroupId = gid, MemberList = {
            { Member_Account = "m1" }, { Member_Account = "owner" }, { Member_Account = "ghost" } } })
        local r = {}
        for _, m in ipairs(res.MemberList) do r[m.Member_Account] = m.Result end
        assert.same({ m1 = 1, owner = 2, ghost = 0 }, r)
    end)

    it("deletes members but never the owner", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        assert(im.group_open_http_svc.delete_group_member{ GroupId = gid, MemberToDel_Account = { "m1" } })
        local info = assert(im.group_open_http_svc.get_group_member_info{ GroupId = gid })
        assert.equal(1, info.MemberNum)
        local _, err = im.group_open_http_svc.delete_group_member{ GroupId = gid, MemberToDel_Account = { "owner" } }
        assert.equal(10004, err.code)
    end)

    it("pages get_group_member_info with Limit and Offset and filters by role", function()
        local gid = create{ MemberList = { { Member_Account = "m1" }, { Member_Account = "m2", Role = "Admin" },
                                           { Member_Account = "m3" } } }
        local p1 = assert(im.group_open_http_svc.get_group_member_info{ GroupId = gid, Limit = 2, Offset = 0 })
        local p2 = assert(im.group_open_http_svc.get_group_member_info{ GroupId = gid, Limit = 2, Offset = 2 })
        assert.equal(4, p1.MemberNum)
        assert.equal(2, #p1.MemberList)
        assert.equal(2, #p2.MemberList)
        local admins = assert(im.group_open_http_svc.get_group_member_info{ GroupId = gid,
                                                                             MemberRoleFilter = { "Admin" } })
        assert.equal(1, #admins.MemberList)
        assert.equal("m2", admins.MemberList[1].Member_Account)
    end)

    it("changes a member's role and name card; answers 10007 for a non-member", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        assert(im.group_open_http_svc.modify_group_member_info{ GroupId = gid, Member_Account = "m1", Role = "Admin",
                                                                NameCard = "Boss" })
        local m = assert(im.group_open_http_svc.get_group_member_info{ GroupId = gid,
                                                                       MemberRoleFilter = { "Admin" } }).MemberList[1]
        assert.equal("m1", m.Member_Account)
        assert.equal("Boss", m.NameCard)
        local _, err = im.group_open_http_svc.modify_group_member_info{ GroupId = gid, Member_Account = "m3",
                                                                        NameCard = "x" }
        assert.equal(10007, err.code)
    end)

    it("sends group messages in sequence and reads them back newest first", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        local g = im.group_open_http_svc
        local a = assert(g.send_group_msg{ GroupId = gid, From_Account = "m1", MsgBody = text("1") })
        local b = assert(g.send_group_msg{ GroupId = gid, From_Account = "owner", MsgBody = text("2") })
        assert.equal(a.MsgSeq + 1, b.MsgSeq)
        local h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 20 })
        assert.equal(1, h.IsFinished)
        assert.equal("2", h.RspMsgList[1].MsgBody[1].MsgContent.Text)
        assert.equal("1", h.RspMsgList[2].MsgBody[1].MsgContent.Text)
    end)

    it("pages group history downwards with ReqMsgSeq", function()
        local gid = create()
        for i = 1, 5 do assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "owner",
                                                                      MsgBody = text("g" .. i) }) end
        local h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 2, ReqMsgSeq = 3 })
        assert.equal(0, h.IsFinished)
        assert.same({ 3, 2 }, { h.RspMsgList[1].MsgSeq, h.RspMsgList[2].MsgSeq })
    end)

    it("stores a resent group message with the same Random once", function()
        local gid = create()
        local body = { GroupId = gid, From_Account = "owner", Random = 42, MsgBody = text("once") }
        local a = assert(im.group_open_http_svc.send_group_msg(body))
        local b = assert(im.group_open_http_svc.send_group_msg(body))
        assert.equal(a.MsgSeq, b.MsgSeq)
        local h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 20 })
        assert.equal(1, #h.RspMsgList)
    end)

    it("refuses a message from a non-member (10007) and from a muted member (10017)", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        local _, e1 = im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "m3", MsgBody = text("x") }
        assert.equal(10007, e1.code)
        assert(im.group_open_http_svc.forbid_send_msg{ GroupId = gid, Members_Account = { "m1" }, MuteTime = 60 })
        local _, e2 = im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "m1", MsgBody = text("x") }
        assert.equal(10017, e2.code)
        assert(im.group_open_http_svc.forbid_send_msg{ GroupId = gid, Members_Account = { "m1" }, MuteTime = 0 })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "m1", MsgBody = text("x") })
    end)

    it("recalls group messages: RetCode 0, then 10030; history hides them unless WithRecalledMsg", function()
        local gid = create()
        local s = assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "owner",
                                                                MsgBody = text("oops") })
        local r = assert(im.group_open_http_svc.group_msg_recall{ GroupId = gid,
                                                                  MsgSeqList = { { MsgSeq = s.MsgSeq } } })
        assert.equal(0, r.RecallRetList[1].RetCode)
        r = assert(im.group_open_http_svc.group_msg_recall{ GroupId = gid, MsgSeqList = { { MsgSeq = s.MsgSeq } } })
        assert.equal(10030, r.RecallRetList[1].RetCode)
        local h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 20 })
        assert.equal(0, #h.RspMsgList)
        h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 20, WithRecalledMsg = 1 })
        assert.equal(2, h.RspMsgList[1].IsPlaceMsg)
    end)

    it("sends a system notification to members and refuses non-members as targets", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        assert(im.group_open_http_svc.send_group_system_notification{ GroupId = gid, Content = "maintenance" })
        local _, err = im.group_open_http_svc.send_group_system_notification{ GroupId = gid, Content = "x",
                                                                              ToMembers_Account = { "m3" } }
        assert.equal(10007, err.code)
    end)

    it("hands ownership to a member; the old owner becomes a Member", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        assert(im.group_open_http_svc.change_group_owner{ GroupId = gid, NewOwner_Account = "m1" })
        local info = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { gid } }).GroupInfo[1]
        assert.equal("m1", info.Owner_Account)
        local _, err = im.group_open_http_svc.change_group_owner{ GroupId = gid, NewOwner_Account = "m3" }
        assert.equal(10007, err.code)
    end)

    it("lists the groups an account joined", function()
        local g1 = create{ MemberList = { { Member_Account = "m1" } } }
        create()
        local g3 = create{ Type = "Private", MemberList = { { Member_Account = "m1" } } }
        local res = assert(im.group_open_http_svc.get_joined_group_list{ Member_Account = "m1" })
        assert.equal(2, res.TotalCount)
        assert.same({ g1, g3 }, { res.GroupIdList[1].GroupId, res.GroupIdList[2].GroupId })
        res = assert(im.group_open_http_svc.get_joined_group_list{ Member_Account = "m1", GroupType = "Private" })
        assert.equal(1, res.TotalCount)
    end)

    it("answers 10015 for an empty GroupId and 10010 for an unknown one", function()
        local _, e1 = im.group_open_http_svc.send_group_msg{ GroupId = "", MsgBody = text("x") }
        local _, e2 = im.group_open_http_svc.send_group_msg{ GroupId = "@TGS#nope", MsgBody = text("x") }
        assert.equal(10015, e1.code)
        assert.equal(10010, e2.code)
    end)
end)

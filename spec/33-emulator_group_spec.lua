-- Groups (group_open_http_svc/*) in the emulator through the real client: create/destroy/info, cursor paging,
-- members, roles, mutes, owner change, group messages with dedup, recall and history; then the names, shapes and
-- refusals of the pages (AV chatrooms, bans, read receipts, counters, attributes, topics, permission groups).
local support = require "support.emulator"
local api = require "tim.api"
local schema = require "tim.base.schema"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

-- the answer has no member its page's tree does not know, and none the tree calls always present is missing
local function documented(path, res)
    local t = assert(api.lookup(path), path)
    assert.is_table(t.answer, path .. " has an answer tree")
    local drift = {}
    schema.drift(t.answer, res, function(p, detail) drift[#drift + 1] = p .. ": " .. detail end)
    assert.same({}, drift, path .. " answers as its page does")
end
local NO_CHECK = { validate = false }      -- the emulator's own answer to a body the client would refuse

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
    -- Pages: the names, shapes and refusals of 1047/50293, 50294, 60524 (AV chatrooms), 34951, 34963, 34949,
    -- 50295-50297, 64897, 34969, 34925, 49438, 49439, 53427-53429, 44187, 61233, 61235, 49468.

    local function room()
        return assert(im.group_open_http_svc.create_group{ Type = "AVChatRoom", Name = "live" }).GroupId
    end
    local function join(gid, id) assert.is_true(emu:control("join", { GroupId = gid, Member_Account = id }).ok) end

    it("modify_user_info reads MemberList and answers CommandType and MemberList; marks are >= 1000", function()
        local gid = room()
        join(gid, "m1")
        local res = assert(im.group_open_avchatroom_http_svc.modify_user_info{ GroupId = gid, CommandType = 1,
            MemberList = { { Member_Account = "m1", Marks = { 1000, 1001 } },
                           { Member_Account = "m2", Marks = { 1000 } } } })
        documented("group_open_avchatroom_http_svc/modify_user_info", res)
        assert.equal(1, res.CommandType)
        assert.same({ { Member_Account = "m1", Marks = { 1000, 1001 } } }, res.MemberList)  -- m2 is not online
        local _, err = im.group_open_avchatroom_http_svc.modify_user_info{ GroupId = gid, CommandType = 1,
            MemberList = { { Member_Account = "m1", Marks = { 500 } } } }               -- the robots' mark
        assert.equal(10004, err.code)
        _, err = im.group_open_avchatroom_http_svc.modify_user_info({ GroupId = gid, CommandType = 1,
            UserDataList = { { Member_Account = "m1", Marks = { 1000 } } } }, NO_CHECK)
        assert.equal(10004, err.code)
        assert.matches("UserDataList", err.message)
    end)

    it("get_members answers NextTimestamp and the page's member fields, 500 a page, filtered by Mark", function()
        local ids = {}
        for i = 1, 501 do ids[i] = { UserID = "av" .. i, Nick = "Nick " .. i, FaceUrl = "http://x/" .. i } end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = ids }))
        local gid = room()
        for i = 1, 501 do join(gid, "av" .. i) end
        local p1 = assert(im.group_open_avchatroom_http_svc.get_members{ GroupId = gid, Timestamp = 0 })
        documented("group_open_avchatroom_http_svc/get_members", p1)
        assert.equal(500, #p1.MemberList)
        assert.is_nil(p1.Timestamp)
        assert.is_true(p1.NextTimestamp > 0)
        assert.same({ "Avatar", "JoinTime", "Member_Account", "NickName" }, (function()
            local k = {}
            for name in pairs(p1.MemberList[1]) do k[#k + 1] = name end
            table.sort(k)
            return k
        end)())
        assert.equal("Nick 1", p1.MemberList[1].NickName)
        assert.equal("http://x/1", p1.MemberList[1].Avatar)
        local p2 = assert(im.group_open_avchatroom_http_svc.get_members{ GroupId = gid, Timestamp = p1.NextTimestamp })
        assert.equal(1, #p2.MemberList)
        assert.equal("av501", p2.MemberList[1].Member_Account)
        assert.equal(0, p2.NextTimestamp)
        local av = im.group_open_avchatroom_http_svc
        assert(av.modify_user_info{ GroupId = gid, CommandType = 1,
                                    MemberList = { { Member_Account = "av7", Marks = { 1002 } } } })
        local marked = assert(av.get_members{ GroupId = gid, Timestamp = 0, Mark = 1002 })
        assert.equal(1, #marked.MemberList)
        assert.equal("av7", marked.MemberList[1].Member_Account)
    end)

    it("get_admin_list answers Admin_Account, Avatar and NickName", function()
        assert(im.profile.portrait_set{ From_Account = "m1", ProfileItem = {
            { Tag = "Tag_Profile_IM_Nick", Value = "Em" }, { Tag = "Tag_Profile_IM_Image", Value = "http://e/1" } } })
        local gid = room()
        assert(im.group_open_avchatroom_http_svc.modify_admin{ GroupId = gid, CommandType = 1,
                                                               Admin_Account = { "m1" } })
        local res = assert(im.group_open_avchatroom_http_svc.get_admin_list{ GroupId = gid })
        documented("group_open_avchatroom_http_svc/get_admin_list", res)
        assert.same({ { Admin_Account = "m1", Avatar = "http://e/1", NickName = "Em" } }, res.Admin_List)
    end)

    it("forbid_send_msg: refused on Private (Work) groups (10007), at most 500 accounts", function()
        local gid = create{ Type = "Private", MemberList = { { Member_Account = "m1" } } }
        local _, err = im.group_open_http_svc.forbid_send_msg{ GroupId = gid, Members_Account = { "m1" },
                                                               MuteTime = 60 }
        assert.equal(10007, err.code)
        local many = {}
        for i = 1, 501 do many[i] = "u" .. i end
        local pub = create()
        _, err = im.group_open_http_svc.forbid_send_msg{ GroupId = pub, Members_Account = many, MuteTime = 60 }
        assert.equal("usage", err.kind)                       -- the client refuses it first
        _, err = im.group_open_http_svc.forbid_send_msg({ GroupId = pub, Members_Account = many, MuteTime = 60 },
                                                        NO_CHECK)
        assert.equal(10004, err.code)
    end)

    it("get_group_muted_account answers GroupId and MutedAccountList (Member_Account, MutedUntil); TopicId mutes "
       .. "and lists in one topic (269/1627, 1047/34964)", function()
        local g = im.group_open_http_svc
        local gid = create{ MemberList = { { Member_Account = "m1" }, { Member_Account = "m2" } } }
        assert(g.forbid_send_msg{ GroupId = gid, Members_Account = { "m1" }, MuteTime = 60 })
        local res = assert(g.get_group_muted_account{ GroupId = gid })
        documented("group_open_http_svc/get_group_muted_account", res)
        assert.equal(gid, res.GroupId)
        assert.equal(1, #res.MutedAccountList)
        assert.equal("m1", res.MutedAccountList[1].Member_Account)
        assert.is_true(res.MutedAccountList[1].MutedUntil > os.time())
        local older = assert(im:call("group_open_http_svc/get_group_shutted_uin", { GroupId = gid }))
        assert.same(res.MutedAccountList, older.MutedAccountList)         -- the older name answers the same

        local cid = create{ Type = "Community", SupportTopic = 1, GroupId = "@TGS#_muted",
                            MemberList = { { Member_Account = "m1" }, { Member_Account = "m2" } } }
        local tid = assert(im.million_group_open_http_svc.create_topic{ GroupId = cid, TopicName = "t" }).TopicId
        assert(g.forbid_send_msg{ GroupId = cid, TopicId = tid, Members_Account = { "m2" }, MuteTime = 60 })
        assert.same({}, assert(g.get_group_muted_account{ GroupId = cid }).MutedAccountList)
        local t = assert(g.get_group_muted_account{ GroupId = cid, TopicId = tid })
        documented("group_open_http_svc/get_group_muted_account", t)
        assert.same({ "m2" }, { t.MutedAccountList[1].Member_Account, t.MutedAccountList[2] })
        local _, err = g.send_group_msg{ GroupId = cid, TopicId = tid, From_Account = "m2", MsgBody = text("x") }
        assert.equal(10017, err.code)                                     -- muted in the topic
        assert(g.send_group_msg{ GroupId = cid, From_Account = "m2", MsgBody = text("x") })   -- not elsewhere
        assert(g.forbid_send_msg{ GroupId = cid, TopicId = tid, Members_Account = { "m2" }, MuteTime = 0 })
        assert.same({}, assert(g.get_group_muted_account{ GroupId = cid, TopicId = tid }).MutedAccountList)
        assert(g.send_group_msg{ GroupId = cid, TopicId = tid, From_Account = "m2", MsgBody = text("y") })
        _, err = g.forbid_send_msg{ GroupId = gid, TopicId = "x", Members_Account = { "m1" }, MuteTime = 60 }
        assert.equal(10004, err.code)                                     -- a group without topics
        _, err = g.get_group_muted_account{ GroupId = cid, TopicId = cid .. "@TOPIC#_nope" }
        assert.equal(10010, err.code)
    end)

    it("add_robots and del_robots take Member_Account (269/103785); del_robots leaves clients online", function()
        local av = im.group_open_avchatroom_http_svc
        local gid = room()
        join(gid, "m2")
        assert(av.add_robots{ GroupId = gid, Member_Account = { "m1" } })
        local robots = assert(av.get_members{ GroupId = gid, Timestamp = 0, Mark = 500 }).MemberList
        assert.same({ "m1" }, { robots[1].Member_Account, robots[2] })
        assert(av.del_robots{ GroupId = gid, Member_Account = { "m1", "m2" } })
        local online = assert(av.get_members{ GroupId = gid, Timestamp = 0 }).MemberList
        assert.same({ "m2" }, { online[1].Member_Account, online[2] })
        local _, err = av.add_robots({ GroupId = gid, MemberList_Account = { "m1" } }, NO_CHECK)
        assert.equal(10004, err.code)
        assert.matches("Member_Account", err.message)
        _, err = av.del_robots({ GroupId = gid, MemberList_Account = { "m1" } }, NO_CHECK)
        assert.equal(10004, err.code)
        assert.matches("MemberList_Account", err.message)
        _, err = av.add_robots{ GroupId = gid, Member_Account = { "nobody" } }
        assert.equal(10019, err.code)
    end)

    it("keeps the limits of the pages' second reading: 50 receipts, 50 notified members, 7 imported messages, 16 "
       .. "attributes (keys of 32 bytes, values of 4,000)", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        local function refused(path, body)
            local _, err = im:call(path, body)
            assert.equal("usage", err.kind, path)             -- the client refuses it first
            _, err = im:call(path, body, NO_CHECK)
            assert.equal(10004, err.code, path)
        end
        local seqs, ids, msgs, attrs = {}, {}, {}, {}
        for i = 1, 51 do seqs[i] = { MsgSeq = i }; ids[i] = "m1" end
        for i = 1, 8 do msgs[i] = { From_Account = "m1", SendTime = 1600000000 + i, MsgBody = text("old") } end
        for i = 1, 17 do attrs[i] = { key = "k" .. i, value = "v" } end
        refused("group_open_http_svc/group_msg_receipt", { GroupId = gid, From_Account = "m1", MsgSeqList = seqs })
        refused("group_open_http_svc/send_group_system_notification", { GroupId = gid, Content = "x",
                                                                         ToMembers_Account = ids })
        refused("group_open_http_svc/import_group_msg", { GroupId = gid, MsgList = msgs })
        refused("group_open_http_svc/modify_group_attr", { GroupId = gid, GroupAttr = attrs })
        refused("group_open_http_svc/modify_group_attr", { GroupId = gid,
                                                           GroupAttr = { { key = ("k"):rep(33), value = "v" } } })
        refused("group_open_http_svc/modify_group_attr", { GroupId = gid,
                                                           GroupAttr = { { key = "k", value = ("v"):rep(4001) } } })
        seqs[51], ids[51], msgs[8], attrs[17] = nil, nil, nil, nil
        for i = 1, 50 do
            assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "owner",
                                                          MsgBody = text("m" .. i) })
        end
        assert(im:call("group_open_http_svc/group_msg_receipt", { GroupId = gid, From_Account = "m1",
                                                                   MsgSeqList = seqs }))
        assert(im:call("group_open_http_svc/send_group_system_notification", { GroupId = gid, Content = "x",
                                                                                ToMembers_Account = ids }))
        assert.equal(7, #assert(im:call("group_open_http_svc/import_group_msg", { GroupId = create(),
                                                                                   MsgList = msgs })).ImportMsgResult)
        assert(im:call("group_open_http_svc/modify_group_attr", { GroupId = gid, GroupAttr = attrs }))
        local _, err = im:call("group_open_http_svc/modify_group_attr", { GroupId = gid, GroupAttr = {
            { key = "k17", value = "v" } } })
        assert.equal(10004, err.code)                         -- a 17th key: over 16 in the group
        assert(im:call("group_open_http_svc/modify_group_attr", { GroupId = create(), GroupAttr = {
            { key = ("k"):rep(32), value = ("v"):rep(4000) } } }))
    end)

    it("bans are for AVChatRooms only (10007 elsewhere); the banned list pages by Offset/NextOffset", function()
        local pub = create{ MemberList = { { Member_Account = "m1" } } }
        local g = im.group_open_http_svc
        local _, err = g.ban_group_member{ GroupId = pub, Members_Account = { "m1" }, Duration = 60 }
        assert.equal(10007, err.code)
        _, err = g.unban_group_member{ GroupId = pub, Members_Account = { "m1" } }
        assert.equal(10007, err.code)
        _, err = g.get_group_ban_member{ GroupId = pub, Offset = 0 }
        assert.equal(10007, err.code)
        local gid = room()
        join(gid, "m2")
        assert(g.ban_group_member{ GroupId = gid, Members_Account = { "m2", "m3" }, Duration = 60 })
        local p = assert(g.get_group_ban_member{ GroupId = gid, Offset = 0, Limit = 1 })
        documented("group_open_http_svc/get_group_ban_member", p)
        assert.equal(1, #p.BannedAccountList)
        assert.equal(1, p.NextOffset)
        p = assert(g.get_group_ban_member{ GroupId = gid, Offset = p.NextOffset, Limit = 1 })
        assert.equal(0, p.NextOffset)
        assert(g.unban_group_member{ GroupId = gid, Members_Account = { "m2" } })
        assert.equal(1, #assert(g.get_group_ban_member{ GroupId = gid, Offset = 0 }).BannedAccountList)
    end)

    it("an AVChatRoom answers get_role_in_group with 10007 and delete_group_member with 10004", function()
        local gid = room()
        local _, err = im.group_open_http_svc.get_role_in_group{ GroupId = gid, User_Account = { "m1" } }
        assert.equal(10007, err.code)
        _, err = im.group_open_http_svc.delete_group_member{ GroupId = gid, MemberToDel_Account = { "m1" } }
        assert.equal(10004, err.code)
        local res = assert(im.group_open_http_svc.get_role_in_group{ GroupId = create(), User_Account = { "owner" } })
        documented("group_open_http_svc/get_role_in_group", res)
    end)

    it("answers MuteUntil for members and MuteAllMember for the group (ShutUpAllMember still understood)", function()
        local gid = create{ MemberList = { { Member_Account = "m1" } } }
        assert(im.group_open_http_svc.forbid_send_msg{ GroupId = gid, Members_Account = { "m1" }, MuteTime = 60 })
        local m = assert(im.group_open_http_svc.get_group_member_info{ GroupId = gid,
                                                                       MemberRoleFilter = { "Member" } }).MemberList[1]
        assert.is_nil(m.ShutUpUntil)
        assert.is_true(m.MuteUntil > 0)
        local f = assert(im.group_open_http_svc.get_specified_group_member_info{ GroupId = gid,
            Member_List_Account = { "m1" }, MemberInfoFilter = { "ShutUpUntil" } }).MemberList[1]
        assert.equal(m.MuteUntil, f.MuteUntil)
        assert(im.group_open_http_svc.modify_group_base_info{ GroupId = gid, ShutUpAllMember = "On" })
        local info = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { gid } }).GroupInfo[1]
        assert.equal("On", info.MuteAllMember)
        assert.is_nil(info.ShutUpAllMember)
        assert(im.group_open_http_svc.modify_group_base_info{ GroupId = gid, MuteAllMember = "Off" })
        info = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { gid } }).GroupInfo[1]
        assert.equal("Off", info.MuteAllMember)
    end)

    it("keeps the pages' limits: 50 specified members, 300 imported (Role Admin only), a joined page of 5000",
       function()
        local gid = create()
        local ids = {}
        for i = 1, 51 do ids[i] = "x" .. i end
        local _, err = im.group_open_http_svc.get_specified_group_member_info{ GroupId = gid,
                                                                               Member_List_Account = ids }
        assert.equal(10004, err.code)
        local list = {}
        for i = 1, 301 do list[i] = { Member_Account = "x" .. i } end
        _, err = im.group_open_http_svc.import_group_member({ GroupId = gid, MemberList = list }, NO_CHECK)
        assert.equal(10004, err.code)
        _, err = im.group_open_http_svc.import_group_member({ GroupId = gid,
            MemberList = { { Member_Account = "m1", Role = "Member" } } }, NO_CHECK)
        assert.equal(10004, err.code)
        local res = assert(im.group_open_http_svc.import_group_member{ GroupId = gid,
            MemberList = { { Member_Account = "m1", Role = "Admin" }, { Member_Account = "m2" } } })
        assert.same({ 1, 1 }, { res.MemberList[1].Result, res.MemberList[2].Result })
        _, err = im.group_open_http_svc.get_joined_group_list{ Member_Account = "m1", Limit = 5001 }
        assert.equal(10004, err.code)
        assert(im.group_open_http_svc.get_joined_group_list{ Member_Account = "m1", Limit = 5000 })
    end)

    it("read receipts: GroupMsgReceiptList, details paged by Cursor and Count (<= 200), none in AVChatRoom or "
       .. "Community groups", function()
        local gid = create{ MemberList = { { Member_Account = "m1" }, { Member_Account = "m2" },
                                           { Member_Account = "m3" } } }
        local g = im.group_open_http_svc
        local s = assert(g.send_group_msg{ GroupId = gid, From_Account = "owner", MsgBody = text("read me") })
        assert(g.group_msg_receipt{ GroupId = gid, From_Account = "m1", MsgSeqList = { { MsgSeq = s.MsgSeq } } })
        local r = assert(g.get_group_msg_receipt{ GroupId = gid, MsgSeqList = { { MsgSeq = s.MsgSeq } } })
        documented("group_open_http_svc/get_group_msg_receipt", r)
        assert.same({ { MsgSeq = s.MsgSeq, ReadNum = 1, UnreadNum = 2, Code = 0 } }, r.GroupMsgReceiptList)
        -- Filter 0 lists the readers, 1 the others (269/77693), paged by Cursor and Count until IsFinish is 1
        local d = assert(g.get_group_msg_receipt_detail{ GroupId = gid, MsgSeq = s.MsgSeq, Filter = 0, Cursor = "",
                                                         Count = 1 })
        assert.same({ { Member_Account = "m1" } }, d.ReadList)
        assert.is_nil(d.UnreadList)
        assert.same({ "", 1 }, { d.Cursor, d.IsFinish })
        d = assert(g.get_group_msg_receipt_detail{ GroupId = gid, MsgSeq = s.MsgSeq, Filter = 1, Cursor = "",
                                                   Count = 1 })
        assert.is_nil(d.ReadList)
        assert.same({ { Member_Account = "m2" } }, d.UnreadList)
        assert.are_not.equal("", d.Cursor)
        assert.equal(0, d.IsFinish)
        d = assert(g.get_group_msg_receipt_detail{ GroupId = gid, MsgSeq = s.MsgSeq, Filter = 1, Cursor = d.Cursor,
                                                   Count = 1 })
        assert.same({ { Member_Account = "m3" } }, d.UnreadList)
        assert.same({ "", 1 }, { d.Cursor, d.IsFinish })
        local _, err = g.get_group_msg_receipt_detail{ GroupId = gid, MsgSeq = s.MsgSeq, Filter = 0, Count = 201 }
        assert.equal("usage", err.kind)                       -- the client refuses it first
        _, err = g.get_group_msg_receipt_detail({ GroupId = gid, MsgSeq = s.MsgSeq, Filter = 0, Count = 201 },
                                                NO_CHECK)
        assert.equal(10004, err.code)
        _, err = g.get_group_msg_receipt_detail({ GroupId = gid, MsgSeq = s.MsgSeq }, NO_CHECK)
        assert.equal(10004, err.code)                         -- Filter is required
        assert.matches("Filter", err.message)
        _, err = g.get_group_msg_receipt_detail({ GroupId = gid, MsgSeq = s.MsgSeq, Filter = 2 }, NO_CHECK)
        assert.equal(10004, err.code)
        for _, other in ipairs{ room(), create{ Type = "Community" } } do
            _, err = g.get_group_msg_receipt{ GroupId = other, MsgSeqList = { { MsgSeq = 1 } } }
            assert.equal(10007, err.code)
            _, err = g.get_group_msg_receipt_detail{ GroupId = other, MsgSeq = 1, Filter = 0, Count = 10 }
            assert.equal(10007, err.code)
            _, err = g.group_msg_receipt{ GroupId = other, From_Account = "owner", MsgSeqList = { { MsgSeq = 1 } } }
            assert.equal(10007, err.code)
        end
    end)

    it("counters: none in Community groups (10007), AVChatRoom ones kept; delete all without keys, none with "
       .. "an empty list", function()
        local g = im.group_open_http_svc
        local _, err = g.get_group_counter{ GroupId = create{ Type = "Community" } }
        assert.equal(10007, err.code)
        local gid = room()
        assert(g.update_group_counter{ GroupId = gid, GroupCounter = { { Key = "like", Value = 5 },
                                                                       { Key = "seen", Value = 9 } } })
        local res = assert(g.get_group_counter{ GroupId = gid })
        documented("group_open_http_svc/get_group_counter", res)
        assert.equal(2, #res.GroupCounter)
        res = assert(g.delete_group_counter{ GroupId = gid, GroupCounterKeys = require("tim").array({}) })
        documented("group_open_http_svc/delete_group_counter", res)
        assert.equal(2, #assert(g.get_group_counter{ GroupId = gid }).GroupCounter)
        assert(g.delete_group_counter{ GroupId = gid, GroupCounterKeys = { "like" } })
        assert.equal(1, #assert(g.get_group_counter{ GroupId = gid }).GroupCounter)
        assert(g.delete_group_counter{ GroupId = gid })
        assert.equal(0, #assert(g.get_group_counter{ GroupId = gid }).GroupCounter)
    end)

    it("custom attributes work in every group type, AVChatRoom included", function()
        local gid = room()
        assert(im.group_open_http_svc.set_group_attr{ GroupId = gid, GroupAttr = { { key = "k", value = "v" } } })
        local res = assert(im.group_open_attr_http_svc.get_group_attr{ GroupId = gid })
        documented("group_open_attr_http_svc/get_group_attr", res)
        assert.same({ { key = "k", value = "v" } }, res.GroupAttrAry)
    end)

    it("serves get_permission_group (PermissionGroupInfoList, Limit and Next) and answers destroy_permission_group "
       .. "with PermissionGroupResultList", function()
        local gid = create{ Type = "Community" }
        local g = im.group_open_http_svc
        for i = 1, 3 do
            assert(g.create_permission_group{ GroupId = gid, PermissionGroupId = "@PMG#_p" .. i,
                                              PermissionGroupName = "p" .. i })
        end
        local seen, next_ = {}, ""
        repeat
            local page = assert(g.get_permission_group{ GroupId = gid, Limit = 2, Next = next_ })
            documented("group_open_http_svc/get_permission_group", page)
            for _, pg in ipairs(page.PermissionGroupInfoList) do seen[#seen + 1] = pg.PermissionGroupId end
            next_ = page.Next
        until next_ == ""
        assert.same({ "@PMG#_p1", "@PMG#_p2", "@PMG#_p3" }, seen)
        local _, err = im:call("group_open_http_svc/get_permission_group_info", { GroupId = gid }, NO_CHECK)
        assert.equal(60009, err.code)
        local res = assert(g.destroy_permission_group{ GroupId = gid,
                                                       PermissionGroupIdList = { "@PMG#_p1", "@PMG#_x" } })
        documented("group_open_http_svc/destroy_permission_group", res)
        assert.same({ 0, 10010 }, { res.PermissionGroupResultList[1].ErrorCode,
                                    res.PermissionGroupResultList[2].ErrorCode })
    end)

    it("a topic's whole-topic mute is MuteAllMember (ShutUpAllMember still understood)", function()
        local gid = create{ Type = "Community", SupportTopic = 1, MemberList = { { Member_Account = "m1" } } }
        local tid = assert(im.million_group_open_http_svc.create_topic{ GroupId = gid, TopicName = "t" }).TopicId
        assert(im.million_group_open_http_svc.modify_topic{ GroupId = gid, TopicId = tid, MuteAllMember = "On" })
        local tp = assert(im.million_group_open_http_svc.get_topic{ GroupId = gid }).TopicInfo[1]
        assert.equal("On", tp.MuteAllMember)
        assert.is_nil(tp.ShutUpAllMember)
        local _, err = im.group_open_http_svc.send_group_msg{ GroupId = gid, TopicId = tid, From_Account = "m1",
                                                              MsgBody = text("x") }
        assert.equal(10017, err.code)                                     -- a member, in the muted topic
        assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, TopicId = tid, From_Account = "owner",
                                                      MsgBody = text("x") })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "m1", MsgBody = text("x") })
        assert(im.million_group_open_http_svc.modify_topic{ GroupId = gid, TopicId = tid, ShutUpAllMember = "Off" })
        tp = assert(im.million_group_open_http_svc.get_topic{ GroupId = gid }).TopicInfo[1]
        assert.equal("Off", tp.MuteAllMember)
    end)
end)

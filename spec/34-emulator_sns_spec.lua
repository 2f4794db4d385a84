-- Friends and blacklists (sns/*), recent contacts (recentcontact/*) and global mute (openconfigsvr/*) in the
-- emulator, through the real client.
local support = require "support.emulator"
local api = require "tim.api"
local schema = require "tim.base.schema"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end
local NO_CHECK = { validate = false }      -- the emulator's own answer to a body the client would refuse

-- the answer has no member its page's tree does not know
local function documented(path, res)
    local t = assert(api.lookup(path), path)
    assert.is_table(t.answer, path .. " has an answer tree")
    local drift = {}
    schema.drift(t.answer, res, function(p, detail) drift[#drift + 1] = p .. ": " .. detail end)
    assert.same({}, drift, path .. " answers as its page does")
end

local LIST = { TimeStamp = 0, StartIndex = 0, TopTimeStamp = 0, TopStartIndex = 0, AssistFlags = 63 }
local function list_of(owner, from)
    local body = { From_Account = owner }
    for k, v in pairs(from or LIST) do body[k] = v end
    return body
end

describe("tim.emulator friends, blacklists, recent contacts, global mute", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b", "c" } })
    end)

    local function relation(from, to, kind)
        local res = assert(im.sns.friend_check{ From_Account = from, To_Account = { to },
                                                CheckType = kind or "CheckResult_Type_Both" })
        return res.InfoItem[1].Relation
    end

    it("adds a friend both ways with ForceAddFlags = 1", function()
        local res = assert(im.sns.friend_add{ From_Account = "a", ForceAddFlags = 1,
            AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_Web" } } })
        assert.equal(0, res.ResultItem[1].ResultCode)
        assert.equal("CheckResult_Type_BothWay", relation("a", "b"))
    end)

    it("leaves a request pending (30539) when the target needs to confirm, IM's default", function()
        local res = assert(im.sns.friend_add{ From_Account = "a",
            AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_Web" } } })
        assert.equal(30539, res.ResultItem[1].ResultCode)
        assert.same({ "b" }, res.Fail_Account)
        assert.equal("CheckResult_Type_NoRelation", relation("a", "b"))
    end)

    it("adds at once when the target allows anyone, one way with Add_Type_Single", function()
        assert(im.profile.portrait_set{ From_Account = "b", ProfileItem = {
            { Tag = "Tag_Profile_IM_AllowType", Value = "AllowType_Type_AllowAny" } } })
        assert(im.sns.friend_add{ From_Account = "a", AddType = "Add_Type_Single",
                                  AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_Web" } } })
        assert.equal("CheckResult_Type_AWithB", relation("a", "b"))
    end)

    it("imports friends one way and lists them with friend_get", function()
        assert(im.sns.friend_import{ From_Account = "a", AddFriendItem = {
            { To_Account = "b", AddSource = "AddSource_Type_Import", Remark = "bee" },
            { To_Account = "c", AddSource = "AddSource_Type_Import" } } })
        local res = assert(im.sns.friend_get{ From_Account = "a", StartIndex = 0 })
        assert.equal(2, res.FriendNum)
        assert.equal(1, res.CompleteFlag)
        local remark
        for _, v in ipairs(res.UserDataItem[1].ValueItem) do
            if v.Tag == "Tag_SNS_IM_Remark" then remark = v.Value end
        end
        assert.equal("bee", remark)
        assert.equal("CheckResult_Type_AWithB", relation("a", "b"))
    end)

    -- 1047/34903's sample: GroupName is a list of names there, CustomItem the custom relationship fields
    it("imports friends into several lists with their custom fields", function()
        assert(im.sns.friend_import{ From_Account = "a", AddFriendItem = {
            { To_Account = "b", AddSource = "AddSource_Type_Import", GroupName = { "pals", "work" },
              CustomItem = { { Tag = "Tag_SNS_Custom_Level", Value = 3 } } } } })
        local res = assert(im.sns.friend_get_list{ From_Account = "a", To_Account = { "b" },
                                                   TagList = { "Tag_SNS_IM_Group", "Tag_SNS_Custom_Level" } })
        local got = {}
        for _, v in ipairs(res.InfoItem[1].SnsProfileItem) do got[v.Tag] = v.Value end
        assert.same({ Tag_SNS_IM_Group = { "pals", "work" }, Tag_SNS_Custom_Level = 3 }, got)
        local lists = assert(im.sns.group_get{ From_Account = "a" })
        assert.equal(2, #lists.ResultItem)
    end)

    it("pages a 150-friend list through im:pages (NextStartIndex, CompleteFlag)", function()
        local ids, accounts = {}, {}
        for i = 1, 150 do ids[i] = "f" .. i; accounts[i] = { UserID = ids[i] } end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = accounts }))
        for start = 0, 100, 100 do
            local items = {}
            for i = start + 1, math.min(150, start + 100) do
                items[#items + 1] = { To_Account = ids[i], AddSource = "AddSource_Type_Import" }
            end
            assert(im.sns.friend_import{ From_Account = "a", AddFriendItem = items })
        end
        local pages, seen = 0, {}
        for page, err in im:pages("sns/friend_get", { From_Account = "a", StartIndex = 0 }) do
            assert(page, err)
            pages = pages + 1
            for _, u in ipairs(page.UserDataItem) do seen[#seen + 1] = u.To_Account end
        end
        assert.equal(2, pages)
        assert.equal(150, #seen)
    end)

    -- 1047/34905: the answer is ResultItem, one result per account (no Fail_Account)
    it("deletes a friend both ways with Delete_Type_Both and reports unknown ones", function()
        assert(im.sns.friend_add{ From_Account = "a", ForceAddFlags = 1,
                                  AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_X" } } })
        local res = assert(im.sns.friend_delete{ From_Account = "a", To_Account = { "b", "c" },
                                                 DeleteType = "Delete_Type_Both" })
        assert.equal(0, res.ResultItem[1].ResultCode)
        assert.equal("c", res.ResultItem[2].To_Account)
        assert.equal(31704, res.ResultItem[2].ResultCode)
        assert.is_nil(res.Fail_Account)
        assert.equal("CheckResult_Type_NoRelation", relation("a", "b"))
    end)

    -- 1047/34910: the answer is InfoItem, one entry per account with its ResultCode (no Fail_Account)
    it("reads friends' fields with friend_get_list, a non-friend's entry carrying its code", function()
        assert(im.sns.friend_import{ From_Account = "a", AddFriendItem = {
            { To_Account = "b", AddSource = "AddSource_Type_Import", Remark = "bee" } } })
        local res = assert(im.sns.friend_get_list{ From_Account = "a", To_Account = { "b", "c" },
                                                   TagList = { "Tag_SNS_IM_Remark" } })
        assert.is_nil(res.Fail_Account)
        assert.same({ Tag = "Tag_SNS_IM_Remark", Value = "bee" }, res.InfoItem[1].SnsProfileItem[1])
        assert.equal(0, res.InfoItem[1].ResultCode)
        assert.equal("c", res.InfoItem[2].To_Account)
        assert.is_true(res.InfoItem[2].ResultCode ~= 0)
    end)

    -- 1047/34950: at most 32 list names a request, and a user has at most 32 lists; a friend outside the
    -- relation gets 32216 (Err_SNS_GroupAdd_ToTinyId_Not_Friend, the page's sample)
    it("creates friend lists with group_add: 32 names a request, 32 lists a user", function()
        assert(im.sns.friend_import{ From_Account = "a", AddFriendItem = {
            { To_Account = "b", AddSource = "AddSource_Type_Import" } } })
        local res = assert(im.sns.group_add{ From_Account = "a", GroupName = { "g1" }, To_Account = { "b", "c" } })
        assert.equal(0, res.ResultItem[1].ResultCode)
        assert.equal(32216, res.ResultItem[2].ResultCode)
        assert.same({ "c" }, res.Fail_Account)
        local names = {}
        for i = 1, 33 do names[i] = "n" .. i end
        local _, err = im.sns.group_add({ From_Account = "a", GroupName = names }, { validate = false })
        assert.equal(30001, err.code)
        names[33] = nil
        _, err = im.sns.group_add{ From_Account = "a", GroupName = names }
        assert.equal(30011, err.code)               -- 1 + 32 lists
        names[32] = nil
        assert(im.sns.group_add{ From_Account = "a", GroupName = names })
        assert.equal(32, #assert(im.sns.group_get{ From_Account = "a" }).ResultItem)
    end)

    it("blacklists (ending the friendship), checks, lists and removes", function()
        assert(im.sns.friend_add{ From_Account = "a", ForceAddFlags = 1,
                                  AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_X" } } })
        assert(im.sns.black_list_add{ From_Account = "a", To_Account = { "b" } })
        assert.equal("CheckResult_Type_NoRelation", relation("a", "b"))
        local chk = assert(im.sns.black_list_check{ From_Account = "b", To_Account = { "a" },
                                                    CheckType = "BlackCheckResult_Type_Both" })
        assert.equal("BlackCheckResult_Type_BWithA", chk.BlackListCheckItem[1].Relation)
        local list = assert(im.sns.black_list_get{ From_Account = "a", StartIndex = 0, MaxLimited = 10,
                                                   LastSequence = 0 })
        assert.equal("b", list.BlackListItem[1].To_Account)
        assert.equal(0, list.StartIndex)
        -- the sequence under both spellings the record's answer has (1047/34914 CurruentSequence, 269/3722
        -- CurrentSequence), and no member the record does not know
        assert.equal(list.CurruentSequence, list.CurrentSequence)
        assert.is_number(list.CurrentSequence)
        documented("sns/black_list_get", list)
        local res = assert(im.sns.friend_add{ From_Account = "b", ForceAddFlags = 1,
            AddFriendItem = { { To_Account = "a", AddSource = "AddSource_Type_X" } } })
        assert.equal(30525, res.ResultItem[1].ResultCode)
        assert(im.sns.black_list_delete{ From_Account = "a", To_Account = { "b" } })
        list = assert(im.sns.black_list_get{ From_Account = "a", StartIndex = 0, MaxLimited = 10, LastSequence = 0 })
        assert.equal(0, #list.BlackListItem)
        -- 1047/34914: MaxLimited and LastSequence are required (no default page size)
        local _, err = im.sns.black_list_get({ From_Account = "a", StartIndex = 0, LastSequence = 0 },
                                             { validate = false })
        assert.equal(30001, err.code)
    end)

    it("answers 30003 for an owner account that was not imported", function()
        local _, err = im.sns.friend_get{ From_Account = "ghost", StartIndex = 0 }
        assert.equal(30003, err.code)
    end)

    it("keeps recent contacts for C2C and group messages, newest first, and deletes one", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("x") })
        local gid = assert(im.group_open_http_svc.create_group{ Owner_Account = "b", Type = "Public", Name = "g",
                                                                 MemberList = { { Member_Account = "a" } } }).GroupId
        emu:control("clock", { advance = 5 })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "a", MsgBody = text("y") })
        local res = assert(im.recentcontact.get_list{ From_Account = "b", TimeStamp = 0, StartIndex = 0,
                                                      TopTimeStamp = 0, TopStartIndex = 0, AssistFlags = 7 })
        assert.equal(1, res.CompleteFlag)
        assert.equal(2, #res.SessionItem)
        assert.equal(2, res.SessionItem[1].Type)
        assert.equal(gid, res.SessionItem[1].GroupId)
        assert.equal(1, res.SessionItem[2].Type)
        assert.equal("a", res.SessionItem[2].To_Account)
        assert(im.recentcontact.delete{ From_Account = "b", Type = 1, To_Account = "a", ClearRamble = 0 })
        res = assert(im.recentcontact.get_list{ From_Account = "b", TimeStamp = 0, StartIndex = 0,
                                                TopTimeStamp = 0, TopStartIndex = 0, AssistFlags = 7 })
        assert.equal(1, #res.SessionItem)
        local _, err = im.recentcontact.get_list(list_of("ghost"))
        assert.equal(50001, err.code)
    end)

    it("clears one side's roaming history with ClearRamble = 1, the other side keeping it", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("kept for a") })
        local function history(op, peer)
            return assert(im.openim.admin_getroammsg{ Operator_Account = op, Peer_Account = peer, MaxCnt = 10,
                                                      MinTime = 0, MaxTime = 4294967295 }).MsgList
        end
        assert.equal(1, #history("b", "a"))
        assert(im.recentcontact.delete{ From_Account = "b", Type = 1, To_Account = "a", ClearRamble = 1 })
        assert.equal(0, #history("b", "a"))
        assert.equal(1, #history("a", "b"))
    end)

    -- Conversation pages: 1047/43087 (get_list), 78304 (top), 53437-53442 (conversation groups and marks)
    it("get_list answers its page's fields and pages pinned conversations by TopStartIndex", function()
        assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = text("1") })
        emu:control("clock", { advance = 1 })
        assert(im.openim.sendmsg{ From_Account = "c", To_Account = "b", MsgBody = text("2") })
        assert(im.recentcontact.top{ From_Account = "b", OperationType = 1,
                                     RecentContactItem = { { Type = 1, To_Account = "a" } } })
        local res = assert(im.recentcontact.get_list(list_of("b")))
        documented("recentcontact/get_list", res)
        assert.same({ "a", "c" }, { res.SessionItem[1].To_Account, res.SessionItem[2].To_Account })
        assert.equal(1, res.SessionItem[1].TopFlag)
        assert.equal(1, res.CompleteFlag)
        local _, err = im.recentcontact.get_list{ From_Account = "b", StartIndex = 0 }
        assert.equal("usage", err.kind)                   -- every paging field is required on the page
        _, err = im.recentcontact.get_list({ From_Account = "b", StartIndex = 0 }, NO_CHECK)
        assert.equal(50002, err.code)
    end)

    it("creates one conversation group a request and answers GroupResultItem with GroupItem and ResultItem",
       function()
        local res = assert(im.recentcontact.create_contact_group{ From_Account = "a", GroupContactItem = {
            { GroupName = "work", ContactItem = { { Type = 1, To_Account = "b" } } } } })
        documented("recentcontact/create_contact_group", res)
        assert.same({ { GroupItem = { GroupName = "work", GroupId = 1 },
                        ResultItem = { { ContactItem = { Type = 1, To_Account = "b" }, ResultCode = 0,
                                         ResultInfo = "" } } } }, res.GroupResultItem)
        local two = { From_Account = "a", GroupContactItem = {
            { GroupName = "x", ContactItem = { { Type = 1, To_Account = "b" } } },
            { GroupName = "y", ContactItem = { { Type = 1, To_Account = "c" } } } } }
        local _, err = im.recentcontact.create_contact_group(two)
        assert.equal("usage", err.kind)
        _, err = im.recentcontact.create_contact_group(two, NO_CHECK)
        assert.equal(50002, err.code)
        _, err = im.recentcontact.create_contact_group{ From_Account = "a", GroupContactItem = {
            { GroupName = "work", ContactItem = { { Type = 1, To_Account = "c" } } } } }
        assert.equal(51008, err.code)
    end)

    it("updates a conversation group by ContactOptType and answers UpdateType and UpdateGroupResult", function()
        assert(im.recentcontact.create_contact_group{ From_Account = "a", GroupContactItem = {
            { GroupName = "work", ContactItem = { { Type = 1, To_Account = "b" } } } } })
        local res = assert(im.recentcontact.update_contact_group{ From_Account = "a", UpdateType = 1,
            UpdateGroup = { UpdateGroupType = 2, OldGroupName = "work", ContactUpdateItem = {
                { ContactOptType = 1, ContactItem = { Type = 1, To_Account = "c" } },
                { ContactOptType = 2, ContactItem = { Type = 1, To_Account = "b" } } } } })
        documented("recentcontact/update_contact_group", res)
        assert.equal(1, res.UpdateType)
        assert.is_table(res.UpdateGroupResult)
        local found = assert(im.recentcontact.search_contact_group{ From_Account = "a", ContactItem = {
            { Type = 1, To_Account = "b" }, { Type = 1, To_Account = "c" } } })
        assert.same({}, found.ContactResultItem[1].ContactGroupId)
        assert.same({ 1 }, found.ContactResultItem[2].ContactGroupId)
        local _, err = im.recentcontact.update_contact_group({ From_Account = "a", UpdateType = 1,
            UpdateGroup = { UpdateGroupType = 2, OldGroupName = "work", ContactUpdateItem = {
                { UpdateOperationType = 1, ContactItem = { Type = 1, To_Account = "c" } } } } }, NO_CHECK)
        assert.equal(50002, err.code)
        res = assert(im.recentcontact.update_contact_group{ From_Account = "a", UpdateType = 1,
            UpdateGroup = { UpdateGroupType = 1, OldGroupName = "work", NewGroupName = "job" } })
        assert.equal(1, res.UpdateType)
        assert.equal("job", res.UpdateGroupResult.NewGroupName)
    end)

    it("deletes a conversation group and answers GroupItem with its name and ID", function()
        assert(im.recentcontact.create_contact_group{ From_Account = "a", GroupContactItem = {
            { GroupName = "work", ContactItem = { { Type = 1, To_Account = "b" } } } } })
        local res = assert(im.recentcontact.del_contact_group{ From_Account = "a", GroupName = { "work" } })
        documented("recentcontact/del_contact_group", res)
        assert.same({ { GroupName = "work", GroupId = 1 } }, res.GroupItem)
        local _, err = im.recentcontact.del_contact_group{ From_Account = "a", GroupName = { "work" } }
        assert.equal(51009, err.code)
    end)

    it("search_contact_group and get_contact_group carry StandardMark, CustomMark and Timestamp", function()
        assert(im.recentcontact.create_contact_group{ From_Account = "a", GroupContactItem = {
            { GroupName = "work", ContactItem = { { Type = 1, To_Account = "b" } } } } })
        assert(im.recentcontact.mark_contact{ From_Account = "a", MarkItem = { { OptType = 3,
            ContactItem = { Type = 1, To_Account = "b" }, SetMark = { 1 }, CustomMark = "vip" } } })
        local res = assert(im.recentcontact.search_contact_group{ From_Account = "a",
                                                                   ContactItem = { { Type = 1, To_Account = "b" } } })
        documented("recentcontact/search_contact_group", res)
        local item = res.ContactResultItem[1]
        assert.equal("10", item.StandardMark)
        assert.equal("vip", item.CustomMark)
        assert.is_true(item.Timestamp > 0)
        assert.same({ { GroupName = "work", GroupId = 1 } }, res.GroupItem)
        local all = assert(im.recentcontact.get_contact_group{ From_Account = "a", StartIndex = 0 })
        documented("recentcontact/get_contact_group", all)
        assert.equal("vip", all.ContactItem[1].CustomMark)
        assert.equal(1, all.CompleteFlag)
    end)

    it("sets and reads a global mute, which blocks group messages (10017) until lifted", function()
        assert(im.openconfigsvr.setnospeaking{ Set_Account = "a", GroupmsgNospeakingTime = 4294967295 })
        local res = assert(im.openconfigsvr.getnospeaking{ Get_Account = "a" })
        assert.equal(0, res.C2CmsgNospeakingTime)
        assert.equal(4294967295, res.GroupmsgNospeakingTime)
        local gid = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Public",
                                                                 Name = "g" }).GroupId
        local _, err = im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "a", MsgBody = text("x") }
        assert.equal(10017, err.code)
        assert(im.openconfigsvr.setnospeaking{ Set_Account = "a", GroupmsgNospeakingTime = 0 })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = "a", MsgBody = text("x") })
        local _, e2 = im.openconfigsvr.getnospeaking{ Get_Account = "ghost" }
        assert.equal(70107, e2.code)
        -- 1047/34923: both times are optional, but one of them is needed
        _, e2 = im.openconfigsvr.setnospeaking{ Set_Account = "a" }
        assert.equal(90001, e2.code)
        _, e2 = im.openconfigsvr.setnospeaking({ Set_Account = "a", C2CmsgNospeakingTime = -1 }, { validate = false })
        assert.equal(90001, e2.code)
    end)
end)

-- Friends and blacklists (sns/*), recent contacts (recentcontact/*) and global mute (openconfigsvr/*) in the
-- emulator, through the real client.
local support = require "support.emulator"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

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

    it("pages a 150-friend list through im:pages (NextStartIndex, CompleteFlag)", function()
        local ids = {}
        for i = 1, 150 do ids[i] = "f" .. i end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = ids }))
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

    it("deletes a friend both ways with Delete_Type_Both and reports unknown ones", function()
        assert(im.sns.friend_add{ From_Account = "a", ForceAddFlags = 1,
                                  AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_X" } } })
        local res = assert(im.sns.friend_delete{ From_Account = "a", To_Account = { "b", "c" },
                                                 DeleteType = "Delete_Type_Both" })
        assert.equal(0, res.ResultItem[1].ResultCode)
        assert.same({ "c" }, res.Fail_Account)
        assert.equal("CheckResult_Type_NoRelation", relation("a", "b"))
    end)

    it("blacklists (ending the friendship), checks, lists and removes", function()
        assert(im.sns.friend_add{ From_Account = "a", ForceAddFlags = 1,
                                  AddFriendItem = { { To_Account = "b", AddSource = "AddSource_Type_X" } } })
        assert(im.sns.black_list_add{ From_Account = "a", To_Account = { "b" } })
        assert.equal("CheckResult_Type_NoRelation", relation("a", "b"))
        local chk = assert(im.sns.black_list_check{ From_Account = "b", To_Account = { "a" },
                                                    CheckType = "BlackCheckResult_Type_Both" })
        assert.equal("BlackCheckResult_Type_BWithA", chk.BlackListCheckItem[1].Relation)
        local list = assert(im.sns.black_list_get{ From_Account = "a", StartIndex = 0, MaxLimited = 10 })
        assert.equal("b", list.BlackListItem[1].To_Account)
        assert.equal(0, list.StartIndex)
        local res = assert(im.sns.friend_add{ From_Account = "b", ForceAddFlags = 1,
            AddFriendItem = { { To_Account = "a", AddSource = "AddSource_Type_X" } } })
        assert.equal(30525, res.ResultItem[1].ResultCode)
        assert(im.sns.black_list_delete{ From_Account = "a", To_Account = { "b" } })
        list = assert(im.sns.black_list_get{ From_Account = "a", StartIndex = 0, MaxLimited = 10 })
        assert.equal(0, #list.BlackListItem)
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
        local _, err = im.recentcontact.get_list{ From_Account = "ghost", StartIndex = 0 }
        assert.equal(50001, err.code)
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
    end)
end)

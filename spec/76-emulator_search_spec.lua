-- Cloud search in the emulator: user_search/search, group_search/search (269/114549), group_member_search/search
-- (269/114548) and hiding objects with im_open_search/set_visibility (269/114550) / get_no_visibility (269/114551).
local support = require "support.emulator"

describe("tim.emulator cloud search", function()
    local emu, im, loose, g1, g2
    local drift = {}

    setup(function()
        emu = support.start{}
        -- the catalogue's 2 requests/s is the client's own budget too: off here, the specs call faster; every
        -- answer is compared with its page's answer tree (a name the page does not give is recorded)
        im = emu:client{ retries = 0, ratelimit = false, on_drift = function(endpoint, _, path, detail)
            drift[#drift + 1] = endpoint .. " " .. path .. ": " .. detail
        end }
        -- for the emulator's own answer to a body its page calls malformed (the client would refuse it first)
        loose = emu:client{ retries = 0, ratelimit = false, validate = false }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ AccountList = {
            { UserID = "alice", Nick = "Alice Liddell" }, { UserID = "bob", Nick = "Bobby" },
            { UserID = "carol", Nick = "Carol Alicia" } } })
        assert(im.profile.portrait_set{ From_Account = "bob", ProfileItem = {
            { Tag = "Tag_Profile_IM_Gender", Value = "Gender_Type_Male" } } })
        g1 = assert(im.group_open_http_svc.create_group{ Owner_Account = "alice", Type = "Public",
            Name = "Wonderland fans",
            MemberList = { { Member_Account = "bob" }, { Member_Account = "carol" } } }).GroupId
        g2 = assert(im.group_open_http_svc.create_group{ Owner_Account = "bob", Type = "Private",
            Name = "Looking glass" }).GroupId
        assert(im.group_open_http_svc.create_group{ Owner_Account = "bob", Type = "AVChatRoom", Name = "Wonder live" })
    end)

    local function ids(list, field)
        local out = {}
        for _, x in ipairs(list) do out[#out + 1] = x[field] end
        table.sort(out)
        return out
    end

    it("finds users by a fuzzy nickname or an exact UserID, with or / and between keywords", function()
        local res = assert(im.user_search.search{ Keywords = { "ali" }, Count = 10 })
        assert.same({ "alice", "carol" }, ids(res.Users, "UserID"))
        assert.is_true(res.IsFinish)
        res = assert(im.user_search.search{ Keywords = { "bob" }, Count = 10 })
        assert.same({ "bob" }, ids(res.Users, "UserID"))
        res = assert(im.user_search.search{ Keywords = { "carol", "alici" }, KeywordMatchType = 1, Count = 10 })
        assert.same({ "carol" }, ids(res.Users, "UserID"))
        res = assert(im.user_search.search{ Keywords = { "o" }, UserGenderType = "Gender_Type_Male", Count = 10 })
        assert.same({ "bob" }, ids(res.Users, "UserID"))
        local tags = {}
        for _, it in ipairs(res.Users[1].ProfileItems) do tags[it.Tag] = it.StrValue end
        assert.same({ Tag_Profile_IM_Nick = "Bobby", Tag_Profile_IM_Gender = "Gender_Type_Male" }, tags)
        -- UserGenderType takes two values (269/114547): the client refuses another first; unchecked, the
        -- emulator's check of the record's tree answers the family's 27003
        local _, err = im.user_search.search{ Keywords = { "o" }, UserGenderType = "Robot", Count = 10 }
        assert.same({ "usage", "UserGenderType" }, { err.kind, err.field })
        _, err = loose.user_search.search{ Keywords = { "o" }, UserGenderType = "Robot", Count = 10 }
        assert.equal(27003, err.code)
        assert.same({}, drift)
    end)

    it("pages with Count and Cursor until IsFinish, and counts Count over 100 as 100", function()
        local list = {}
        for i = 1, 150 do list[i] = { UserID = "p" .. i, Nick = "player " .. i } end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = list }))
        local seen, cursor, pages = 0, nil, 0
        repeat
            local res = assert(im.user_search.search{ Keywords = { "player" }, Count = 500, Cursor = cursor })
            pages = pages + 1
            seen = seen + #res.Users
            assert.equal(150, res.TotalCount)
            cursor = res.Cursor
        until res.IsFinish
        assert.equal(2, pages)
        assert.equal(150, seen)
    end)

    it("finds groups by name or GroupID, by GroupType, never AVChatRoom", function()
        local res = assert(im.group_search.search{ Keywords = { "wonder" }, Count = 10 })
        assert.same({ g1 }, ids(res.Groups, "GroupID"))
        assert.equal(3, res.Groups[1].GroupMemberNum)
        assert.equal("alice", res.Groups[1].GroupOwnerUserID)
        assert.equal("Alice Liddell", res.Groups[1].GroupOwnerUserName)
        res = assert(im.group_search.search{ Keywords = { g2 }, Count = 10 })
        assert.same({ g2 }, ids(res.Groups, "GroupID"))
        res = assert(im.group_search.search{ Keywords = { "o" }, GroupType = { "Private" }, Count = 10 })
        assert.same({ g2 }, ids(res.Groups, "GroupID"))
        -- the page sets no limit on Keywords (the 5 of user search is not theirs)
        res = assert(im.group_search.search{ Keywords = { "q1", "q2", "q3", "q4", "q5", "wonder" }, Count = 10 })
        assert.same({ g1 }, ids(res.Groups, "GroupID"))
        assert.same({}, drift)
    end)

    it("finds group members by name card, nickname or UserID, within GroupIdList", function()
        assert(im.group_open_http_svc.modify_group_member_info{ GroupId = g1, Member_Account = "bob",
                                                               NameCard = "The Knave" })
        local res = assert(im.group_member_search.search{ Keywords = { "knave" }, Count = 10 })
        assert.equal(1, #res.GroupMembers)
        assert.equal("bob", res.GroupMembers[1].GroupMemberUserID)
        assert.equal("The Knave", res.GroupMembers[1].GroupMemberNameCard)
        assert.equal(g1, res.GroupMembers[1].GroupID)
        res = assert(im.group_member_search.search{ Keywords = { "bob" }, GroupIdList = { g2 }, Count = 10 })
        assert.same({ "bob" }, ids(res.GroupMembers, "GroupMemberUserID"))
        assert.equal(g2, res.GroupMembers[1].GroupID)
        assert.same({}, drift)
    end)

    it("hides and shows users, groups and members, and lists what is hidden", function()
        assert(im.im_open_search.set_visibility{ SetType = 1, UserID = "carol", IsDisable = true })
        assert(im.im_open_search.set_visibility{ SetType = 2, GroupID = g1, IsDisable = true })
        assert.same({ "alice" }, ids(assert(im.user_search.search{ Keywords = { "ali" }, Count = 10 }).Users, "UserID"))
        assert.same({}, assert(im.group_search.search{ Keywords = { "wonder" }, Count = 10 }).Groups)
        assert(im.im_open_search.set_visibility{ SetType = 3, GroupID = g2, UserID = "bob", IsDisable = true })
        assert.same({}, assert(im.group_member_search.search{ Keywords = { "bob" }, GroupIdList = { g2 },
                                                              Count = 10 }).GroupMembers)
        -- 269/114551: SetType is required; NoVisibleData lists { UserID, GroupID } as the object has them
        local hidden = assert(im.im_open_search.get_no_visibility{ SetType = 1 })
        assert.equal(1, hidden.TotalCount)
        assert.same({ { UserID = "carol" } }, hidden.NoVisibleData)
        hidden = assert(im.im_open_search.get_no_visibility{ SetType = 3, Count = 10 })
        assert.same({ { GroupID = g2, UserID = "bob" } }, hidden.NoVisibleData)
        assert.is_true(hidden.IsFinish)
        assert(im.im_open_search.set_visibility{ SetType = 1, UserID = "carol" })   -- IsDisable false by default
        assert.same({ "alice", "carol" },
                    ids(assert(im.user_search.search{ Keywords = { "ali" }, Count = 10 }).Users, "UserID"))
        assert.equal(0, assert(im.im_open_search.get_no_visibility{ SetType = 1 }).TotalCount)
        hidden = assert(im.im_open_search.get_no_visibility{ SetType = 2 })
        assert.same({ { GroupID = g1 } }, hidden.NoVisibleData)
        local _, err = im.im_open_search.get_no_visibility{}
        assert.same({ "usage", "SetType" }, { err.kind, err.field })
        _, err = loose.im_open_search.get_no_visibility{}
        assert.equal(27003, err.code)
        assert.same({}, drift)
    end)

    it("answers 27003 for bad requests", function()
        local _, err = im.user_search.search{ Keywords = require("tim").empty_array, Count = 10 }
        assert.equal(27003, err.code)
        -- the 5 keywords of the SDK's page of user search (1047/67679): the emulator's own limit
        _, err = im.user_search.search{ Keywords = { "a", "b", "c", "d", "e", "f" }, Count = 10 }
        assert.equal(27003, err.code)
        _, err = im.user_search.search{ Keywords = { "a" }, Count = 10, UserBirthStart = 2, UserBirthEnd = 1 }
        assert.equal(27003, err.code)
        -- Count is required (269/114549): the client refuses first; unchecked, the emulator answers the family's
        -- invalid-parameter code, 27003 (the search records carry no `invalid`)
        _, err = im.group_search.search{ Keywords = { "a" } }
        assert.same({ "usage", "Count" }, { err.kind, err.field })
        _, err = loose.group_search.search{ Keywords = { "a" } }
        assert.equal("api", err.kind)
        assert.equal(27003, err.code)
        _, err = loose.group_member_search.search{ Keywords = { "a" }, Count = 1, KeywordMatchType = 2 }
        assert.equal(27003, err.code)
        _, err = im.group_search.search{ Keywords = require("tim").empty_array, Count = 1 }
        assert.equal(27003, err.code)
        _, err = im.group_search.search{ Keywords = { "a" }, Count = 1, Cursor = "forged" }
        assert.equal(27003, err.code)
        _, err = im.im_open_search.set_visibility{ SetType = 1, UserID = "nobody", IsDisable = true }
        assert.equal(27003, err.code)
        _, err = im.im_open_search.set_visibility{ SetType = 4, IsDisable = true }
        assert.same({ "usage", "SetType" }, { err.kind, err.field })
        _, err = loose.im_open_search.set_visibility{ SetType = 4, IsDisable = true }
        assert.equal(27003, err.code)
        _, err = loose.im_open_search.get_no_visibility{ SetType = 1, Count = 0 }
        assert.equal(27003, err.code)
    end)
end)

-- Accounts (im_open_login_svc/*, openim/query_online_status) and profiles (profile/*) in the emulator, through
-- the real client.
local support = require "support.emulator"

describe("tim.emulator accounts and profiles", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function() emu:reset() end)

    local function check(...)
        local items = {}
        for _, id in ipairs{ ... } do items[#items + 1] = { UserID = id } end
        local res = assert(im.im_open_login_svc.account_check{ CheckItem = items })
        local out = {}
        for _, r in ipairs(res.ResultItem) do out[r.UserID] = r.AccountStatus end
        return out
    end

    it("imports one account, which account_check then reports as Imported", function()
        assert(im.im_open_login_svc.account_import{ UserID = "alice", Nick = "Alice", FaceUrl = "http://x/a.png" })
        assert.same({ alice = "Imported", bob = "NotImported" }, check("alice", "bob"))
    end)

    -- 1047/34953: UserID is required (the 2020 copy named it Identifier; the current page does not)
    it("refuses an account_import without a UserID, or with the old name Identifier (70402)", function()
        local res, err = im.im_open_login_svc.account_import({ Nick = "nobody" }, { validate = false })
        assert.is_nil(res)
        assert.equal(70402, err.code)
        res, err = im.im_open_login_svc.account_import({ Identifier = "old" }, { validate = false })
        assert.is_nil(res)
        assert.equal(70402, err.code)
        assert.same({ old = "NotImported" }, check("old"))
        -- the client refuses both before sending
        res, err = im.im_open_login_svc.account_import{ Identifier = "old" }
        assert.is_nil(res)
        assert.equal("usage", err.kind)
    end)

    it("imports the older Accounts form and lists an empty UserID in FailAccounts; a long one is refused", function()
        local res = assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a1", "a2", "" } })
        assert.same({ "" }, res.FailAccounts)
        assert.same({ a1 = "Imported", a2 = "Imported" }, check("a1", "a2"))
        -- 1047/34954: each UserID at most 32 bytes; the request is refused as a whole
        local _, err = im.im_open_login_svc.multiaccount_import({ Accounts = { "a3", string.rep("x", 40) } },
                                                                { validate = false })
        assert.equal(70402, err.code)
        assert.same({ a3 = "NotImported" }, check("a3"))
    end)

    it("refuses an AccountList item without UserID, and both forms in one request (70402)", function()
        local _, err = im.im_open_login_svc.multiaccount_import({ AccountList = { { UserID = "b1" }, { Nick = "x" } } },
                                                                { validate = false })
        assert.equal(70402, err.code)
        assert.same({ b1 = "NotImported" }, check("b1"))
        _, err = im.im_open_login_svc.multiaccount_import{ AccountList = { { UserID = "b1" } }, Accounts = { "b2" } }
        assert.equal(70402, err.code)
    end)

    it("takes the newer AccountList form with nicknames, and im:batch splits it by 100", function()
        local list = {}
        for i = 1, 150 do list[i] = { UserID = "n" .. i, Nick = "Nick " .. i } end
        local report = assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = list }))
        assert.equal(0, report.counts.failed)
        assert.equal(0, #report.chunks[2].answer.FailAccounts)
        assert.same({ n1 = "Imported", n150 = "Imported" }, check("n1", "n150"))
        local p = assert(im.profile.portrait_get{ To_Account = { "n150" }, TagList = { "Tag_Profile_IM_Nick" } })
        assert.equal("Nick 150", p.UserProfileItem[1].ProfileItem[1].Value)
    end)

    it("refuses multiaccount_import with more than 100 accounts", function()
        local ids = {}
        for i = 1, 101 do ids[i] = "m" .. i end
        local res, err = im.im_open_login_svc.multiaccount_import({ Accounts = ids }, { validate = false })
        assert.is_nil(res)
        assert.equal(70402, err.code)
    end)

    it("deletes accounts and reports 70107 for the ones that were not imported", function()
        assert(im.im_open_login_svc.account_import{ UserID = "del" })
        local res = assert(im.im_open_login_svc.account_delete{ DeleteItem = { { UserID = "del" },
                                                                              { UserID = "never" } } })
        assert.equal(0, res.ResultItem[1].ResultCode)
        assert.equal(70107, res.ResultItem[2].ResultCode)
        assert.same({ del = "NotImported" }, check("del"))
    end)

    -- 1047/35477: each QueryResult entry's state is State; a Detail entry's is Status
    it("kicks an online account offline, and answers 70107 for an unknown one", function()
        assert(im.im_open_login_svc.account_import{ UserID = "on" })
        emu:control("login", { UserID = "on", Platform = "iPhone" })
        local st = assert(im.openim.query_online_status{ To_Account = { "on" }, IsNeedDetail = 1 })
        assert.equal("Online", st.QueryResult[1].State)
        assert.is_nil(st.QueryResult[1].Status)
        assert.equal("iPhone", st.QueryResult[1].Detail[1].Platform)
        assert.equal("Online", st.QueryResult[1].Detail[1].Status)
        assert(im.im_open_login_svc.kick{ UserID = "on" })
        st = assert(im.openim.query_online_status{ To_Account = { "on" } })
        assert.equal("Offline", st.QueryResult[1].State)
        local res, err = im.im_open_login_svc.kick{ UserID = "ghost" }
        assert.is_nil(res)
        assert.equal(70107, err.code)
        -- 1047/34957: the field is UserID (the 2020 copy's Identifier is refused)
        res, err = im.im_open_login_svc.kick({ Identifier = "on" }, { validate = false })
        assert.is_nil(res)
        assert.equal(70402, err.code)
    end)

    it("lists accounts that were not imported in the ErrorList of query_online_status", function()
        assert(im.im_open_login_svc.account_import{ UserID = "x1" })
        local st = assert(im.openim.query_online_status{ To_Account = { "x1", "nobody" } })
        assert.equal(1, #st.QueryResult)
        assert.equal("nobody", st.ErrorList[1].To_Account)
        assert.equal(70107, st.ErrorList[1].ErrorCode)
    end)

    it("stores profile tags with portrait_set and returns the asked ones with portrait_get", function()
        assert(im.im_open_login_svc.account_import{ UserID = "p", Nick = "Pea" })
        assert(im.profile.portrait_set{ From_Account = "p", ProfileItem = {
            { Tag = "Tag_Profile_IM_Gender", Value = "Gender_Type_Female" },
            { Tag = "Tag_Profile_IM_Level", Value = 7 },
            { Tag = "Tag_Profile_Custom_Team", Value = "red" } } })
        local res = assert(im.profile.portrait_get{ To_Account = { "p" }, TagList = {
            "Tag_Profile_IM_Nick", "Tag_Profile_IM_Gender", "Tag_Profile_IM_Level", "Tag_Profile_Custom_Team" } })
        local got = {}
        for _, it in ipairs(res.UserProfileItem[1].ProfileItem) do got[it.Tag] = it.Value end
        assert.same({ Tag_Profile_IM_Nick = "Pea", Tag_Profile_IM_Gender = "Gender_Type_Female",
                      Tag_Profile_IM_Level = 7, Tag_Profile_Custom_Team = "red" }, got)
    end)

    it("refuses an unknown tag or a wrongly typed value with 40001", function()
        assert(im.im_open_login_svc.account_import{ UserID = "p" })
        local _, e1 = im.profile.portrait_set{ From_Account = "p", ProfileItem = { { Tag = "Tag_Nope", Value = "x" } } }
        local _, e2 = im.profile.portrait_set{ From_Account = "p",
                                              ProfileItem = { { Tag = "Tag_Profile_IM_Level", Value = "high" } } }
        assert.equal(40001, e1.code)
        assert.equal(40001, e2.code)
    end)

    -- 1047/34917: the answer is UserProfileItem, one entry per user with its ResultCode (no FailAccount)
    it("answers 40003 for portrait_set on an account that was not imported, and in its portrait_get entry", function()
        local _, err = im.profile.portrait_set{ From_Account = "ghost",
                                               ProfileItem = { { Tag = "Tag_Profile_IM_Nick", Value = "G" } } }
        assert.equal(40003, err.code)
        local res = assert(im.profile.portrait_get{ To_Account = { "ghost" }, TagList = { "Tag_Profile_IM_Nick" } })
        assert.is_nil(res.FailAccount)
        assert.equal("ghost", res.UserProfileItem[1].To_Account)
        assert.equal(40003, res.UserProfileItem[1].ResultCode)
    end)
end)

-- follow/* in the emulator, through the real client: the fields, limits and answers of the follow pages
-- (tencentcloud.com/document/product/1047/70345 add, 70346 delete, 70347 get, 70349 check, 70350 get_info).
local support = require "support.emulator"
local journal = require "support.emulator_journal"
local cjson = require "cjson"

describe("tim.emulator follow lists", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b", "c", "d" } })
    end)

    local function follow(from, ...)
        local items = {}
        for i, to in ipairs{ ... } do items[i] = { To_Account = to } end
        return im.follow.follow_add{ From_Account = from, FollowItem = items }
    end

    local function types(from, ...)
        local res = assert(im.follow.follow_check{ From_Account = from, To_Account = { ... } })
        local out = {}
        for _, r in ipairs(res.ResultItem) do out[r.To_Account] = r.FollowType end
        return out
    end

    it("follows with one ResultItem per To_Account, and follow_check gives the page's FollowType values", function()
        local res = assert(follow("a", "b", "c"))
        assert.equal(2, #res.ResultItem)
        for _, r in ipairs(res.ResultItem) do
            assert.equal(0, r.ResultCode)
            assert.equal("", r.ResultInfo)
        end
        assert(follow("c", "a"))
        -- 0 none, 1 only To follows From, 2 only From follows To, 3 mutual
        assert.same({ b = 2, c = 3, d = 0 }, types("a", "b", "c", "d"))
        assert.same({ a = 1 }, types("b", "a"))
    end)

    it("reports an account that is not imported in its ResultItem, not as a failed request", function()
        local res = assert(follow("a", "b", "nobody"))
        assert.equal(0, res.ResultItem[1].ResultCode)
        assert.equal("nobody", res.ResultItem[2].To_Account)
        assert.equal(30003, res.ResultItem[2].ResultCode)
        assert.equal(2, types("a", "b").b)
    end)

    it("refuses more than 20 FollowItem, a missing From_Account and an unknown From_Account", function()
        local many = {}
        for i = 1, 21 do many[i] = { To_Account = "x" .. i } end
        local _, err = im.follow.follow_add{ From_Account = "a", FollowItem = many }
        assert.equal("usage", err.kind)                 -- the client refuses it first
        _, err = im.follow.follow_add({ From_Account = "a", FollowItem = many }, { validate = false })
        assert.equal(30001, err.code)
        _, err = im.follow.follow_add({ FollowItem = { { To_Account = "b" } } }, { validate = false })
        assert.equal(30001, err.code)
        _, err = follow("ghost", "b")
        assert.equal(30003, err.code)
    end)

    it("unfollows, and counts fans, follows and mutual follows with follow_get_info", function()
        assert(follow("a", "b", "c"))
        assert(follow("b", "a"))
        assert(follow("d", "a"))
        local res = assert(im.follow.follow_get_info{ From_Account = "a", To_Account = { "a", "b", "c" } })
        local by = {}
        for _, r in ipairs(res.FollowInfo) do by[r.To_Account] = r end
        assert.equal(2, by.a.FollowerCount)
        assert.equal(2, by.a.FollowingCount)
        assert.equal(1, by.a.MutualFollowingCount)
        assert.equal(1, by.c.FollowerCount)
        assert(im.follow.follow_delete{ From_Account = "a", To_Account = { "b" } })
        assert.same({ b = 1 }, types("a", "b"))
        res = assert(im.follow.follow_get_info{ From_Account = "a", To_Account = { "a" } })
        assert.equal(0, res.FollowInfo[1].MutualFollowingCount)
        local _, err = im.follow.follow_delete{ From_Account = "a", To_Account = require("tim").empty_array }
        assert.equal(30001, err.code)
    end)

    it("pages fans with StartCursor/NextCursor and WantNum, newest first, with profiles", function()
        local ids, accounts = {}, {}
        for i = 1, 25 do ids[i] = "f" .. i; accounts[i] = { UserID = ids[i] } end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = accounts }))
        assert(im.profile.portrait_set{ From_Account = "f1", ProfileItem = {
            { Tag = "Tag_Profile_IM_Nick", Value = "First" } } })
        for _, id in ipairs(ids) do assert(follow(id, "a")) end
        local seen, cursor, pages = {}, "", 0
        repeat
            local page = assert(im.follow.follow_get{ From_Account = "a", FollowType = 1, StartCursor = cursor,
                                                      WantNum = 10 })
            pages = pages + 1
            for _, it in ipairs(page.FollowItem) do
                seen[#seen + 1] = it.To_Account
                assert.is_number(it.FollowTime)
                assert.is_number(it.profile_sequence)
                if it.To_Account == "f1" then
                    assert.equal("First", it.ProfileItem[1].Value)
                    assert.is_true(it.profile_sequence > 0)
                end
            end
            cursor = page.NextCursor
        until cursor == ""
        assert.equal(3, pages)
        assert.equal(25, #seen)
        -- 1047/70347: FollowType 1..3, StartCursor and WantNum (at most 1000) are required
        local nocheck = { validate = false }
        local _, err = im.follow.follow_get({ From_Account = "a", FollowType = 1, StartCursor = "", WantNum = 1001 },
                                            nocheck)
        assert.equal(30001, err.code)
        _, err = im.follow.follow_get({ From_Account = "a", FollowType = 4, StartCursor = "", WantNum = 10 }, nocheck)
        assert.equal(30001, err.code)
        _, err = im.follow.follow_get({ From_Account = "a", FollowType = 1, StartCursor = "" }, nocheck)
        assert.equal(30001, err.code)
        _, err = im.follow.follow_get{ From_Account = "a", FollowType = 1, StartCursor = "bogus", WantNum = 10 }
        assert.equal(30001, err.code)
    end)

    it("lists mutual follows only for FollowType 3", function()
        assert(follow("a", "b", "c"))
        assert(follow("b", "a"))
        local res = assert(im.follow.follow_get{ From_Account = "a", FollowType = 3, StartCursor = "", WantNum = 100 })
        assert.equal(1, #res.FollowItem)
        assert.equal("b", res.FollowItem[1].To_Account)
        res = assert(im.follow.follow_get{ From_Account = "a", FollowType = 2, StartCursor = "", WantNum = 100 })
        assert.equal(2, #res.FollowItem)
    end)

    it("keeps follow edges in the state snapshot and loads them back", function()
        assert(follow("a", "b"))
        local status, text = emu:raw("GET", "/_emulator/state")
        assert.equal(200, status)
        local snap = cjson.decode(text)
        assert.equal(1, #snap.families.follow.edges)
        emu:reset()
        assert.same({ b = 0 }, (function()
            assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b" } })
            return types("a", "b")
        end)())
        assert.is_true(emu:control("state", snap).ok)
        assert.same({ b = 2 }, types("a", "b"))
    end)

    it("fires Follow.CallbackAfterFollowAdd / Delete for the accounts that changed", function()
        journal.dead_callbacks(emu)
        assert(follow("a", "b", "c"))
        assert(follow("a", "b"))                      -- nothing new: no callback
        assert(im.follow.follow_delete{ From_Account = "a", To_Account = { "c" } })
        journal.off(emu)
        local adds = journal.events(emu, "Follow.CallbackAfterFollowAdd")
        assert.equal(1, #adds)
        assert.same({ "b", "c" }, adds[1].To_Account)
        assert.same({ "c" }, journal.events(emu, "Follow.CallbackAfterFollowDelete")[1].To_Account)
    end)
end)

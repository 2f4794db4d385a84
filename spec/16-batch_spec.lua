-- im:batch (chunking and merging) and im:pages / im:items (cursor and offset paging).
local api = require "tim.api"
local fake = require "support.fake_transport"

local IMPORT = "im_open_login_svc/multiaccount_import"
local GROUPS = "group_open_http_svc/get_appid_group_list"
local MEMBERS = "group_open_http_svc/get_group_member_info"

local function ids(n, prefix)
    local t = {}
    for i = 1, n do
        t[i] = (prefix or "u") .. i
    end
    return t
end

describe("im:batch", function()
    it("splits the catalogue's batch field into chunks of batch.max and merges the results", function()
        local spec = api.lookup(IMPORT).batch
        assert.are.same({ field = "AccountList", max = 100 }, spec)
        local im, t = fake.client()
        t:ok({ FailAccounts = { "u7" } })
        t:ok({ FailAccounts = {} })
        t:ok({ FailAccounts = { "u201", "u202" } })
        local progress = {}
        local body = { AccountList = ids(250) }
        local res = assert(im:batch(IMPORT, body, {
            on_progress = function(done, total) progress[#progress + 1] = done .. "/" .. total end,
        }))
        assert.are.equal(3, #t.requests)
        assert.are.equal(100, #t:body(1).AccountList)
        assert.are.equal(100, #t:body(2).AccountList)
        assert.are.equal(50, #t:body(3).AccountList)
        assert.are.equal("u101", t:body(2).AccountList[1])
        assert.are.equal("u250", t:body(3).AccountList[50])
        assert.are.same({ "u7", "u201", "u202" }, { res.FailAccounts[1], res.FailAccounts[2], res.FailAccounts[3] })
        assert.are.equal(3, #res.FailAccounts)
        assert.are.equal("OK", res.ActionStatus)
        assert.are.same({ "100/250", "200/250", "250/250" }, progress)
        assert.are.equal(250, #body.AccountList)     -- the caller's body is untouched
    end)

    it("makes one call when the list fits", function()
        local im, t = fake.client()
        t:ok({ FailAccounts = {} })
        assert(im:batch(IMPORT, { AccountList = ids(3) }))
        assert.are.equal(1, #t.requests)
    end)

    it("keeps the other body fields in every chunk and passes call options on", function()
        local im, t = fake.client()
        t:ok() t:ok()
        assert(im:batch("openim/batchsendmsg", { To_Account = ids(501), MsgBody = { { MsgType = "TIMTextElem" } } },
                        { random = 99 }))
        assert.are.equal(500, #t:body(1).To_Account)
        assert.are.equal(1, #t:body(2).To_Account)
        assert.are.equal("TIMTextElem", t:body(2).MsgBody[1].MsgType)
        assert.are.equal("99", t:query(2).random)
    end)

    it("stops at a failed chunk and reports how far it got", function()
        local im, t = fake.client()
        t:ok({ FailAccounts = { "u1" } })
        t:api(70107, "nope")
        local res, err = im:batch(IMPORT, { AccountList = ids(250) })
        assert.is_nil(res)
        assert.are.equal(70107, err.code)
        assert.are.equal(100, err.batch.done)
        assert.are.equal(250, err.batch.total)
        assert.are.same({ "u1" }, { err.batch.result.FailAccounts[1] })
        assert.are.equal(2, #t.requests)
    end)

    it("needs opts.field and opts.max for commands without batch limits", function()
        local im, t = fake.client()
        local res, err = im:batch("custom_svc/bulk", { Items = ids(5) })
        assert.is_nil(res)
        assert.are.equal("usage", err.kind)
        t:ok({ Done = { 1, 2 } }) t:ok({ Done = { 3, 4 } }) t:ok({ Done = { 5 } })
        res = assert(im:batch("custom_svc/bulk", { Items = ids(5) }, { field = "Items", max = 2 }))
        assert.are.equal(5, #res.Done)
    end)

    it("refuses a body without the batch field", function()
        local im = fake.client()
        local _, err = im:batch(IMPORT, { Accounts = {} })
        assert.matches("body.AccountList", err.message, 1, true)
    end)
end)

describe("im:pages", function()
    it("follows a cursor (carry/stop) until the stop value", function()
        local im, t = fake.client()
        t:ok({ GroupIdList = { { GroupId = "a" }, { GroupId = "b" } }, Next = 5, TotalCount = 5 })
        t:ok({ GroupIdList = { { GroupId = "c" }, { GroupId = "d" } }, Next = 9, TotalCount = 5 })
        t:ok({ GroupIdList = { { GroupId = "e" } }, Next = 0, TotalCount = 5 })
        local seen = {}
        for page, err in im:pages(GROUPS, { Limit = 2 }) do
            assert.is_nil(err)
            for _, g in ipairs(page.GroupIdList) do
                seen[#seen + 1] = g.GroupId
            end
        end
        assert.are.same({ "a", "b", "c", "d", "e" }, seen)
        assert.are.equal(3, #t.requests)
        assert.is_nil(t:body(1).Next)
        assert.are.equal(5, t:body(2).Next)
        assert.are.equal(9, t:body(3).Next)
        assert.are.equal(2, t:body(3).Limit)
    end)

    it("yields false, err once on a failure and then ends", function()
        local im, t = fake.client()
        t:ok({ GroupIdList = { { GroupId = "a" } }, Next = 5 })
        t:api(10004, "bad Next")
        local pages, failures = 0, {}
        for page, err in im:pages(GROUPS, {}) do
            if page then
                pages = pages + 1
            else
                failures[#failures + 1] = err
            end
        end
        assert.are.equal(1, pages)
        assert.are.equal(1, #failures)
        assert.are.equal(10004, failures[1].code)
        assert.are.equal(2, #t.requests)
    end)

    it("pages by offset until a short page", function()
        local im, t = fake.client()
        t:ok({ MemberList = { 1, 2 }, MemberNum = 5 })
        t:ok({ MemberList = { 3, 4 }, MemberNum = 5 })
        t:ok({ MemberList = { 5 }, MemberNum = 5 })
        local n = 0
        for page in im:pages(MEMBERS, { GroupId = "g", Limit = 2 }) do
            n = n + #page.MemberList
        end
        assert.are.equal(5, n)
        assert.are.equal(3, #t.requests)
        assert.is_nil(t:body(1).Offset)
        assert.are.equal(2, t:body(2).Offset)
        assert.are.equal(4, t:body(3).Offset)
    end)

    it("stops on an empty page and when the cursor does not move", function()
        local im, t = fake.client()
        t:ok({ GroupIdList = {}, Next = 3 })
        local n = 0
        for _ in im:pages(GROUPS, {}) do n = n + 1 end
        assert.are.equal(1, n)
        t:ok({ GroupIdList = { 1 }, Next = 3 })
        t:ok({ GroupIdList = { 2 }, Next = 3 })
        n = 0
        for _ in im:pages(GROUPS, { Next = 3 }) do n = n + 1 end
        assert.are.equal(1, n)
        assert.are.equal(2, #t.requests)
    end)

    it("honours max_pages and an explicit page spec", function()
        local im, t = fake.client()
        for i = 1, 5 do
            t:ok({ Things = { i }, Cursor = "c" .. i })
        end
        local got = {}
        for page in im:pages("custom_svc/list", {}, { page = { items = "Things", carry = { Cursor = "Cursor" } },
                                                       max_pages = 3 }) do
            got[#got + 1] = page.Things[1]
        end
        assert.are.same({ 1, 2, 3 }, got)
        assert.are.equal("c2", t:body(3).Cursor)
    end)

    it("reports a command without a page spec through the loop", function()
        local im = fake.client()
        local results = {}
        for page, err in im:pages("custom_svc/list", {}) do
            results[#results + 1] = { page, err }
        end
        assert.are.equal(1, #results)
        assert.is_false(results[1][1])
        assert.are.equal("usage", results[1][2].kind)
    end)
end)

describe("im:items", function()
    it("iterates over the items of every page", function()
        local im, t = fake.client()
        t:ok({ GroupIdList = { { GroupId = "a" }, { GroupId = "b" } }, Next = 5 })
        t:ok({ GroupIdList = {}, Next = 0 })
        local seen = {}
        for g, err in im:items(GROUPS, {}) do
            assert.is_nil(err)
            seen[#seen + 1] = g.GroupId
        end
        assert.are.same({ "a", "b" }, seen)
    end)

    it("yields false, err on a failure", function()
        local im, t = fake.client()
        t:ok({ GroupIdList = { { GroupId = "a" } }, Next = 5 })
        t:fail("tls", false)
        local seen, failed = {}, nil
        for g, err in im:items(GROUPS, {}) do
            if g then seen[#seen + 1] = g.GroupId else failed = err end
        end
        assert.are.same({ "a" }, seen)
        assert.are.equal("tls", failed.kind)
    end)
end)

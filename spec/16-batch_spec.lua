-- im:batch (chunking and merging) and im:pages / im:items (cursor and offset paging).
local api = require "tim.api"
local fake = require "support.fake_transport"
local batch = require "tim.client.batch"

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

-- The batch engine is under test here, not multiaccount_import's page: its bodies are plain ID lists (the page
-- wants AccountList items as objects), so these clients skip the schema check.
local function client(extra)
    extra = extra or {}
    extra.validate = false
    return fake.client(extra)
end

describe("im:batch", function()
    it("splits the catalogue's batch field into chunks of batch.max and reports every chunk's answer", function()
        local spec = api.lookup(IMPORT).batch
        assert.are.same({ field = "AccountList", max = 100 }, spec)
        local im, t = client()
        t:ok({ FailAccounts = { "u7" } })
        t:ok({ FailAccounts = {} })
        t:ok({ FailAccounts = { "u201", "u202" } })
        local progress = {}
        local body = { AccountList = ids(250) }
        local report = assert(im:batch(IMPORT, body, {
            on_progress = function(done, total) progress[#progress + 1] = done .. "/" .. total end,
        }))
        assert.are.equal(3, #t.requests)
        assert.are.equal(100, #t:body(1).AccountList)
        assert.are.equal(100, #t:body(2).AccountList)
        assert.are.equal(50, #t:body(3).AccountList)
        assert.are.equal("u101", t:body(2).AccountList[1])
        assert.are.equal("u250", t:body(3).AccountList[50])
        assert.are.equal("tim.batch.report/1", report.format)
        assert.are.equal(3, #report.chunks)
        assert.are.same({ "u201", "u202" }, report.chunks[3].answer.FailAccounts)
        assert.are.same({ done = 247, failed = 3, in_doubt = 0, not_sent = 0 }, report.counts)
        assert.are.same({ "u7", "u201", "u202" }, { report.failed[1].item, report.failed[2].item,
                                                    report.failed[3].item })
        assert.is_false(report.failed[1].retryable)   -- the service gave no reason: a resend would not help
        assert.are.equal(1, report.failed[1].chunk)
        assert.are.equal("partial", report.chunks[1].state)
        assert.are.equal("done", report.chunks[2].state)
        assert.is_false(report.ok)
        assert.is_true(report.complete)               -- nothing a resume would send
        local merged = batch.merged(report)
        assert.are.same({ "u7", "u201", "u202" }, { merged.FailAccounts[1], merged.FailAccounts[2],
                                                    merged.FailAccounts[3] })
        assert.are.equal("OK", merged.ActionStatus)
        assert.are.same({ "100/250", "200/250", "250/250" }, progress)
        assert.are.equal(250, #body.AccountList)     -- the caller's body is untouched
    end)

    it("makes one call when the list fits, and none for an empty list", function()
        local im, t = client()
        t:ok({ FailAccounts = {} })
        local report = assert(im:batch(IMPORT, { AccountList = ids(3) }))
        assert.are.equal(1, #t.requests)
        assert.is_true(report.ok)
        report = assert(im:batch(IMPORT, { AccountList = {} }))
        assert.are.equal(1, #t.requests)
        assert.are.equal(0, report.total)
    end)

    it("chunks the older multiaccount_import form (Accounts of UserID strings) too", function()
        local im, t = client()
        t:ok() t:ok() t:ok()
        local report = assert(im:batch(IMPORT, { Accounts = ids(201) }))
        assert.are.equal(3, #t.requests)
        assert.are.equal("Accounts", report.field)
        assert.are.equal(100, #t:body(1).Accounts)
        assert.is_nil(t:body(1).AccountList)
        assert.are.equal("u201", t:body(3).Accounts[1])
    end)

    it("keeps the other body fields in every chunk, passes call options on, and keeps every MsgKey", function()
        local im, t = client()
        t:ok({ MsgKey = "k1", ErrorList = {} }) t:ok({ MsgKey = "k2", ErrorList = { { To_Account = "u501",
                                                                                      ErrorCode = 20003 } } })
        local report = assert(im:batch("openim/batchsendmsg", { To_Account = ids(501),
                                                                MsgBody = { { MsgType = "TIMTextElem" } } },
                                       { random = 99 }))
        assert.are.equal(500, #t:body(1).To_Account)
        assert.are.equal(1, #t:body(2).To_Account)
        assert.are.equal("TIMTextElem", t:body(2).MsgBody[1].MsgType)
        assert.are.equal("99", t:query(2).random)
        assert.are.same({ "k1", "k2" }, { report.chunks[1].answer.MsgKey, report.chunks[2].answer.MsgKey })
        assert.are.equal(1, report.counts.failed)
        assert.are.same({ item = "u501", chunk = 2, code = 20003, retryable = false }, report.failed[1])
    end)

    it("goes on after a failed chunk that may be retried, and stops at a fatal one", function()
        local im, t = client{ retries = 0 }
        t:ok({ FailAccounts = { "u1" } })
        t:api(60007, "over limit")          -- rate limited after the retries: failed, retryable
        t:ok()
        t:api(70402, "bad parameter")        -- fatal: the batch stops here
        local report, err = im:batch(IMPORT, { AccountList = ids(650) })
        assert.is_nil(report)
        report = err.report
        assert.are.equal(4, #t.requests)
        assert.are.equal(60007, err.code)    -- the first failed chunk's error
        assert.matches("chunk 2", err.message, 1, true)
        assert.is_false(err.in_doubt)
        assert.is_true(err.retryable)
        assert.are.same({ done = 199, failed = 201, in_doubt = 0, not_sent = 250 }, report.counts)
        assert.are.equal("fatal", report.runs[1].stopped.reason)
        assert.are.equal(4, report.runs[1].stopped.chunk)
        assert.are.equal("u401", report.not_sent[1])
        assert.are.equal(250, #report.not_sent)
        assert.are.equal(100 + 250, report.left)     -- the retryable chunk and what was not sent
    end)

    it("needs opts.field and opts.max for commands without batch limits", function()
        local im, t = client()
        local res, err = im:batch("custom_svc/bulk", { Items = ids(5) })
        assert.is_nil(res)
        assert.are.equal("usage", err.kind)
        t:ok({ Done = { 1, 2 } }) t:ok({ Done = { 3, 4 } }) t:ok({ Done = { 5 } })
        res = assert(im:batch("custom_svc/bulk", { Items = ids(5) }, { field = "Items", max = 2 }))
        assert.are.equal(5, #batch.merged(res).Done)
    end)

    it("refuses a body without the batch field, and bad options", function()
        local im = client()
        local _, err = im:batch(IMPORT, { Other = {} })
        assert.matches("body.AccountList", err.message, 1, true)
        for _, o in ipairs{ { concurrency = 0 }, { concurrency = 1.5 }, { concurrency = 1000 },
                            { on_progress = 1 }, { time_limit = -1 }, { resume = { format = "x" } } } do
            local r, e = im:batch(IMPORT, { AccountList = ids(3) }, o)
            assert.is_nil(r)
            assert.are.equal("usage", e.kind)
        end
    end)
end)

describe("im:pages", function()
    it("follows a cursor (carry/stop) until the stop value", function()
        local im, t = client()
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
        local im, t = client()
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
        local im, t = client()
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
        local im, t = client()
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
        local im, t = client()
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
        local im = client()
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
        local im, t = client()
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
        local im, t = client()
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

-- im:batch's report against an emulator that fails mid-batch on purpose: which items are done, failed, in doubt
-- and not sent, what the emulator received, and that a resume sends only what is left. The emulator runs on the
-- client's loop in this process (so the spec sees every request it received), except where the client under test
-- blocks (no loop): there it is a process of its own.
local tim = require "tim"
local tloop = require "tim.loop"
local emulator = require "tim.emulator"
local loop_task = require "support.loop_task"
local json = require "tim.json"
local api = require "tim.api"
local socket = require "socket"
local support = require "support.emulator"

local SDKAPPID, KEY = 1400000000, "batch-report-spec-key"
local IMPORT = "im_open_login_svc/multiaccount_import"
local SEND = "openim/batchsendmsg"

local function ids(from, to, prefix)
    local t = {}
    for i = from, to do t[#t + 1] = (prefix or "u") .. i end
    return t
end

local function accounts(from, to)
    local t = {}
    for i = from, to do t[#t + 1] = { UserID = "u" .. i, Nick = "Nick " .. i } end
    return t
end

-- The keys (UserIDs) of a request body's batch list.
local function keys_of(list)
    local out = {}
    for _, it in ipairs(list or {}) do out[#out + 1] = type(it) == "table" and it.UserID or it end
    return out
end

-- Runs fn(loop, emu, im, seen) as a task, with an emulator on the same loop. seen.requests lists every /v4
-- request the emulator received ({ path, keys }); rule(path, body) may answer instead of the emulator:
-- "502", "drop", or { code = n } (an ErrorCode answer), or nil to let the emulator answer.
local function with_emulator(opts, fn)
    local loop = tloop.new()
    local emu = assert(emulator.new{ port = 0, sdkappid = SDKAPPID, key = KEY, loop = loop })
    local seen = { requests = {}, rule = nil }
    local handle = emu.handle
    emu.handle = function(self, req, conn)
        local path = req.path:match("^/v4/(.+)$")
        if not path then return handle(self, req, conn) end
        local body = json.decode(req.body or "") or {}
        local list = body.AccountList or body.Accounts or body.To_Account
        seen.requests[#seen.requests + 1] = { path = path, keys = keys_of(list) }
        local verdict = seen.rule and seen.rule(path, body)
        if verdict == "502" then
            return 502, { ["Content-Type"] = "text/html" }, "<html>bad gateway (spec)</html>"
        elseif verdict == "drop" then
            return "drop"
        elseif type(verdict) == "table" then
            return 200, { ["Content-Type"] = "application/json" },
                   json.encode{ ActionStatus = "FAIL", ErrorCode = verdict.code, ErrorInfo = "spec fault" }
        end
        return handle(self, req, conn)
    end
    local copts = { sdkappid = SDKAPPID, key = KEY, endpoint = emu.endpoint, loop = loop, ratelimit = false }
    for k, v in pairs(opts or {}) do copts[k] = v end
    local im = assert(tim.new(copts))
    loop_task.run(loop, emu, fn, loop, emu, im, seen)
end

-- how many of the seen requests went to path, and the keys they carried
local function sent(seen, path, from)
    local n, keys = 0, {}
    for i = from or 1, #seen.requests do
        local r = seen.requests[i]
        if r.path == path then
            n = n + 1
            for _, k in ipairs(r.keys) do keys[#keys + 1] = k end
        end
    end
    return n, keys
end

local function contains_chunk(body, key)
    for _, it in ipairs(body.AccountList or body.Accounts or body.To_Account or {}) do
        if (type(it) == "table" and it.UserID or it) == key then return true end
    end
    return false
end

-- the emulator drops the connection of the first import chunk that holds `id`, without answering
local function drop_once(seen, id)
    local dropped = false
    seen.rule = function(path, body)
        if path == IMPORT and contains_chunk(body, id) and not dropped then
            dropped = true
            return "drop"
        end
    end
end

local function item_keys(list)
    local out = {}
    for _, e in ipairs(list) do
        local it = type(e) == "table" and e.item ~= nil and e.item or e
        out[#out + 1] = type(it) == "table" and it.UserID or it
    end
    table.sort(out)
    return out
end

local function sorted(t)
    local c = {}
    for i, v in ipairs(t) do c[i] = v end
    table.sort(c)
    return c
end

local function roundtrip(report)
    return assert(json.decode(assert(json.encode(report))))
end

describe("im:batch report", function()
    it("batchsendmsg with a 502 on chunk 3: that chunk in doubt, every other answer kept, resume sends nothing "
       .. "unless asked", function()
        with_emulator({}, function(_, emu, im, seen)
            assert(im:batch(IMPORT, { AccountList = accounts(1, 1999) }, { concurrency = 4 }))
            local before = #seen.requests
            seen.rule = function(path, body)
                if path == SEND and contains_chunk(body, "u1001") then return "502" end
            end
            local body = { From_Account = "administrator", To_Account = ids(1, 2000),
                           MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "patch notes" } } } }
            local report, err = im:batch(SEND, body, { concurrency = 4 })
            assert.is_nil(report)
            report = err.report
            assert.equal("http", err.kind)
            assert.equal(502, err.http_status)
            assert.is_true(err.in_doubt)
            -- batchsendmsg is not safe to repeat: the 502 was not resent
            assert.equal(4, sent(seen, SEND, before + 1))
            assert.same({ done = 1499, failed = 1, in_doubt = 500, not_sent = 0 }, report.counts)
            assert.same(sorted(ids(1001, 1500)), item_keys(report.in_doubt))
            assert.equal(3, report.in_doubt[1].chunk)
            assert.same({ item = "u2000", chunk = 4, code = 20003, retryable = false }, report.failed[1])
            assert.equal(api.lookup(SEND).settle, report.settle)
            assert.equal("in_doubt", report.chunks[3].state)
            assert.equal(502, report.chunks[3].error.http_status)
            -- every chunk's own MsgKey, none lost
            local keys = {}
            for _, n in ipairs{ 1, 2, 4 } do
                local k = report.chunks[n].answer.MsgKey
                assert.is_string(k)
                assert.is_nil(keys[k])
                keys[k] = true
            end
            assert.equal(1499, emu.st.stats.messages)

            -- resume from the JSON text: nothing is left that may be sent without settling first
            local mark = #seen.requests
            local r2, e2 = im:batch(nil, nil, { resume = roundtrip(report) })
            assert.is_nil(r2)
            assert.equal(mark, #seen.requests)
            assert.is_true(e2.in_doubt)
            assert.same(report.counts, e2.report.counts)
            assert.equal(0, e2.report.left)

            -- the caller settled it (the history shows chunk 3 never arrived) and says so explicitly
            seen.rule = nil
            local r3 = assert(im:batch(SEND, nil, { resume = roundtrip(e2.report), resend_in_doubt = true,
                                                    concurrency = 4 }))
            local n, got = sent(seen, SEND, mark + 1)
            assert.equal(1, n)
            assert.same(sorted(ids(1001, 1500)), sorted(got))
            assert.same({ done = 1999, failed = 1, in_doubt = 0, not_sent = 0 }, r3.counts)
            assert.equal(5, #r3.chunks)
            assert.equal(2, r3.chunks[5].run)
            assert.equal(2, #r3.runs)
            assert.is_true(r3.complete)
            assert.is_false(r3.ok)          -- u2000 was refused by the service
            assert.equal(1999, emu.st.stats.messages)
        end)
    end)

    it("a dropped connection leaves an idempotent chunk in doubt with retries off, and is resent with them",
       function()
        with_emulator({ retries = 0 }, function(_, emu, im, seen)
            drop_once(seen, "u301")
            local report, err = im:batch(IMPORT, { AccountList = accounts(1, 1000) }, { concurrency = 3 })
            assert.is_nil(report)
            report = err.report
            assert.equal(10, sent(seen, IMPORT))
            assert.same({ done = 900, failed = 0, in_doubt = 100, not_sent = 0 }, report.counts)
            assert.same(sorted(ids(301, 400)), item_keys(report.in_doubt))
            assert.matches("safe to repeat", report.settle, 1, true)
            assert.is_nil(emu.st:account("u301"))

            local r2 = assert(im:batch(IMPORT, nil, { resume = roundtrip(report), resend_in_doubt = true }))
            assert.equal(11, sent(seen, IMPORT))
            assert.same({ done = 1000, failed = 0, in_doubt = 0, not_sent = 0 }, r2.counts)
            assert.is_true(r2.ok)
            assert.truthy(emu.st:account("u301"))
        end)
        with_emulator({ retries = 2 }, function(_, emu, im, seen)
            drop_once(seen, "u301")
            local report = assert(im:batch(IMPORT, { AccountList = accounts(1, 1000) }, { concurrency = 3 }))
            assert.equal(11, sent(seen, IMPORT))      -- the client resent the idempotent chunk itself
            assert.is_true(report.ok)
            assert.equal(1000, #emu.st.account_order - 1)       -- plus the admin
        end)
    end)

    it("a rate-limited chunk fails retryable, a fatal answer stops the batch; resume sends exactly what is left",
       function()
        with_emulator({ retries = 0 }, function(_, emu, im, seen)
            seen.rule = function(path, body)
                if path ~= IMPORT then return nil end
                if contains_chunk(body, "u101") then return { code = 60007 } end   -- chunk 2
                if contains_chunk(body, "u401") then return { code = 70402 } end   -- chunk 5
            end
            local report, err = im:batch(IMPORT, { AccountList = accounts(1, 1000) })
            assert.is_nil(report)
            report = err.report
            assert.equal(5, sent(seen, IMPORT))      -- nothing after the fatal chunk
            assert.equal(60007, err.code)
            assert.is_false(err.in_doubt)
            assert.same({ done = 300, failed = 200, in_doubt = 0, not_sent = 500 }, report.counts)
            local retryable, fatal = {}, {}
            for _, f in ipairs(report.failed) do
                local t = f.retryable and retryable or fatal
                t[#t + 1] = f
            end
            assert.equal(100, #retryable)
            assert.equal(100, #fatal)
            assert.equal(60007, retryable[1].code)
            assert.equal(70402, fatal[1].code)
            assert.equal("fatal", report.runs[1].stopped.reason)
            assert.same(sorted(ids(501, 1000)), item_keys(report.not_sent))
            assert.equal(600, report.left)
            for i = 501, 1000, 99 do assert.is_nil(emu.st:account("u" .. i)) end

            seen.rule = nil
            local mark = #seen.requests
            local r2 = assert(im:batch(IMPORT, nil, { resume = roundtrip(report), concurrency = 2 }))
            local n, got = sent(seen, IMPORT, mark + 1)
            assert.equal(6, n)
            local want = ids(101, 200)
            for _, k in ipairs(ids(501, 1000)) do want[#want + 1] = k end
            assert.same(sorted(want), sorted(got))
            assert.same({ done = 900, failed = 100, in_doubt = 0, not_sent = 0 }, r2.counts)
            assert.is_true(r2.complete)      -- the refused chunk is left to the caller
            assert.same(sorted(ids(401, 500)), item_keys(r2.failed))

            -- and the caller may ask for the failed ones too
            local r3 = assert(im:batch(IMPORT, nil, { resume = roundtrip(r2), resend_failed = true }))
            assert.equal(mark + 7, #seen.requests)
            assert.is_true(r3.ok)
        end)
    end)

    it("rides out the emulator's own rate limit: back-offs yield and every chunk lands", function()
        with_emulator({ retries = 8 }, function(loop, emu, im, seen)
            emu.faults.ratelimit_after = 4
            local ticks, done = 0, false
            loop:spawn(function() while not done do loop:sleep(0.01) ticks = ticks + 1 end end)
            local report = assert(im:batch(IMPORT, { AccountList = accounts(1, 1200) }, { concurrency = 4 }))
            done = true
            assert.is_true(report.ok)
            assert.is_true(sent(seen, IMPORT) > 12, "the emulator never limited the rate")
            assert.is_true(ticks > 0)
            assert.equal(1200, #emu.st.account_order - 1)
        end)
    end)

    it("starts no chunk after opts.time_limit: the rest is not sent, and never reached the emulator", function()
        with_emulator({}, function(_, emu, im, seen)
            emu.faults.latency_ms = 100
            local report, err = im:batch(IMPORT, { AccountList = accounts(1, 1000) }, { time_limit = 0.15 })
            assert.is_nil(report)
            report = err.report
            assert.equal("timeout", err.kind)
            assert.is_false(err.in_doubt)
            assert.equal("time_limit", report.runs[1].stopped.reason)
            local c = report.counts
            assert.equal(1000, c.done + c.not_sent)
            assert.is_true(c.done >= 100 and c.not_sent > 0)
            assert.equal(c.done / 100, sent(seen, IMPORT))
            for _, it in ipairs(report.not_sent) do
                assert.is_nil(emu.st:account(it.UserID))
            end
        end)
    end)

    it("runs as tasks of the caller's loop: other tasks go on, several chunks are in flight", function()
        with_emulator({}, function(loop, emu, im)
            emu.faults.latency_ms = 50
            local ticks, most, done = 0, 0, false
            loop:spawn(function()
                while not done do
                    loop:sleep(0.005)
                    ticks = ticks + 1
                    if emu.server.count > most then most = emu.server.count end
                end
            end)
            local report = assert(im:batch(IMPORT, { AccountList = accounts(1, 800) }, { concurrency = 4 }))
            done = true
            assert.is_true(report.ok)
            assert.is_true(ticks > 5)
            assert.is_true(most >= 2, "at most " .. most .. " connection(s) at once")
            assert.equal(4, report.runs[1].concurrency)
        end)
    end)

    it("refuses to run a loop client's batch from outside the loop, sending nothing", function()
        local loop = tloop.new()
        local emu = assert(emulator.new{ port = 0, sdkappid = SDKAPPID, key = KEY, loop = loop })
        finally(function() emu:close() end)
        local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = emu.endpoint, loop = loop })
        local report, err = im:batch(IMPORT, { AccountList = accounts(1, 300) }, { concurrency = 3 })
        assert.is_nil(report)
        assert.equal("usage", err.kind)
        assert.matches("from a task of that loop", err.message, 1, true)
        assert.equal(0, emu.st.stats.calls)
    end)

    it("refuses a report of another command, and one that is not a report", function()
        with_emulator({}, function(_, _, im, seen)
            seen.rule = function() return "502" end
            local _, err = im:batch(SEND, { From_Account = "administrator", To_Account = ids(1, 3),
                                            MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "x" } } } })
            local n = #seen.requests
            local r, e = im:batch(IMPORT, nil, { resume = err.report })
            assert.is_nil(r)
            assert.equal("usage", e.kind)
            assert.matches("report of openim/batchsendmsg", e.message, 1, true)
            r, e = im:batch(IMPORT, nil, { resume = { format = "tim.batch.report/0" } })
            assert.is_nil(r)
            assert.equal("usage", e.kind)
            assert.equal(n, #seen.requests)
        end)
    end)
end)

describe("im:batch with concurrency on a client without a loop", function()
    local emu
    setup(function() emu = support.start{ latency = 50 } end)
    teardown(function() if emu then emu:stop() end end)

    it("runs the chunks on an internal loop, with a client sharing the caller's settings", function()
        local im = emu:client{ ratelimit = false }
        local before = emu:control("stats", {})
        local report = assert(im:batch(IMPORT, { AccountList = accounts(1, 600) }, { concurrency = 3 }))
        local after = emu:control("stats", {})
        assert.is_true(report.ok)
        assert.equal(6, after.calls - before.calls)
        assert.is_true(after.accepted - before.accepted >= 2, "one connection: the chunks ran one at a time")
        -- the caller's client still works on its own, blocking
        assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "u600" } } })
    end)

    it("shares the caller's rate-limit buckets", function()
        local im = emu:client{ ratelimit = { rate100 = { rate = 5, burst = 1 } } }
        local started = socket.gettime()
        local report = assert(im:batch(IMPORT, { AccountList = accounts(1, 400) }, { concurrency = 4 }))
        assert.is_true(report.ok)
        -- 4 calls through a bucket of 5/s with a burst of 1: the last waits 0.6 s whatever the concurrency
        assert.is_true(socket.gettime() - started >= 0.55)
    end)

    it("re-raises what on_progress raised, after the chunks in flight finished", function()
        local im = emu:client{ ratelimit = false }
        assert.has_error(function()
            im:batch(IMPORT, { AccountList = accounts(1, 500) }, { concurrency = 2, on_progress = function()
                error("progress boom", 0)
            end })
        end, "progress boom")
    end)
end)

describe("on_response during a batch", function()
    it("sees a 502 (status, no code) without raising, and the batch goes on", function()
        local fake = require "support.fake_transport"
        local seen = {}
        local im, t = fake.client{ retries = 0, on_response = function(r)
            seen[#seen + 1] = { status = r.status, code = r.code, err = r.err ~= nil }
        end }
        t:ok() t:status(502, "<html>bad gateway</html>") t:ok()
        local report, err = im:batch(IMPORT, { AccountList = accounts(1, 300) })
        assert.is_nil(report)
        assert.equal(502, err.http_status)
        assert.same({ { status = 200, code = 0, err = false }, { status = 502, err = true },
                      { status = 200, code = 0, err = false } }, seen)
        assert.same({ done = 200, failed = 0, in_doubt = 100, not_sent = 0 }, err.report.counts)
    end)
end)

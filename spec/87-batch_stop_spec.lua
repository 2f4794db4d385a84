-- im:batch stopped on purpose (issue 21): opts.stop between chunks, the grace of the chunks in flight, "now",
-- signals; on_checkpoint's whole reports (what a crash leaves); each chunk's MsgRandom kept; a damaged resume
-- report refused whole before anything is sent; one call per item (opts.each); a deep answer always prints. The
-- emulator runs on the client's loop in this process, with latency, and what it stored is read back through the
-- API: every item it holds is done or in doubt in the report, and a resume stores exactly the items not sent.
local tim = require "tim"
local tloop = require "tim.loop"
local emulator = require "tim.emulator"
local json = require "tim.json"
local socket = require "socket"
local rep = require "tim.client.batch.report"
local task = require "support.loop_task"

local SDKAPPID, KEY = 1400000000, "batch-stop-spec-key"
local SEND = "openim/batchsendmsg"
local MSG = { { MsgType = "TIMTextElem", MsgContent = { Text = "stop spec" } } }

-- Runs fn(loop, emu, im) as a task, with an emulator on the same loop.
local function with_emulator(fn)
    local loop = tloop.new()
    local emu = assert(emulator.new{ port = 0, sdkappid = SDKAPPID, key = KEY, loop = loop })
    local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = emu.endpoint, loop = loop,
                               ratelimit = false, retries = 0 })
    task.run(loop, emu, fn, loop, emu, im)
end

local ids, setup_accounts = task.ids, task.import

-- recipient -> how many messages from u1 the emulator holds for it
local function stored(im, recipients)
    local counts = {}
    for _, id in ipairs(recipients) do
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = id, Peer_Account = "u1", MaxCnt = 100,
                                                       MinTime = 0, MaxTime = 4294967295 })
        counts[id] = res.MsgCnt
    end
    return counts
end

local function set_of(list, key)
    local s = {}
    for _, e in ipairs(list) do s[key and e[key] or e] = true end
    return s
end

-- every item the emulator holds is done or in doubt in the report; those not sent are not held
local function truthful(report, counts)
    local done, doubt, not_sent = set_of(report.done), set_of(report.in_doubt, "item"), set_of(report.not_sent)
    for id, n in pairs(counts) do
        if n > 0 then assert.is_true(done[id] or doubt[id], id .. " is held but the report says otherwise") end
        if not_sent[id] then assert.equal(0, n, id .. " is not sent but held") end
        if done[id] then assert.equal(1, n, id .. " is done but held " .. n .. " times") end
    end
end

describe("im:batch stopped", function()
    it("by opts.stop between chunks: the rest is not sent, the emulator holds exactly the done items, and a "
       .. "resume sends exactly the rest", function()
        with_emulator(function(_, emu, im)
            setup_accounts(im, 61)
            emu.faults.latency_ms = 20
            local finished = 0
            local report, err = im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 61), MsgBody = MSG }, {
                max = 10, on_progress = function(n) finished = n end,
                stop = function() return finished >= 20, "enough for now" end })
            assert.is_nil(report)
            report = err.report
            assert.same({ done = 20, failed = 0, in_doubt = 0, not_sent = 40 }, report.counts)
            assert.equal("stop", report.runs[1].stopped.reason)
            assert.equal("enough for now", report.runs[1].stopped.message)
            emu.faults.latency_ms = nil
            assert(rep.check(json.decode(json.encode(report))))
            local counts = stored(im, ids(2, 61))
            truthful(report, counts)
            local final = assert(im:batch(nil, nil, { resume = json.decode(json.encode(report)) }))
            assert.same({ done = 60, failed = 0, in_doubt = 0, not_sent = 0 }, final.counts)
            for id, n in pairs(stored(im, ids(2, 61))) do assert.equal(1, n, id) end
        end)
    end)

    it("with chunks in flight: their grace, then in doubt; settled and resumed, every item is held once", function()
        with_emulator(function(_, emu, im)
            setup_accounts(im, 61)
            emu.faults.latency_ms = 600
            -- chunks 1-3 end at about 0.6 s, 4-6 are in flight at 0.8 s when the stop comes; their grace ends
            -- near 0.9 s, their answers would come at 1.2 s
            local t0 = socket.gettime()
            local _, err = im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 61), MsgBody = MSG }, {
                max = 5, concurrency = 3, grace = 0.05, stop = function() return socket.gettime() - t0 > 0.8 end })
            local report = err.report
            assert.is_true(socket.gettime() - t0 < 1.1, "the grace was not kept")
            emu.faults.latency_ms = nil        -- the calls already in the emulator keep theirs
            assert.is_true(report.counts.in_doubt > 0, "nothing was in flight at the stop")
            assert.equal(60, report.counts.done + report.counts.in_doubt + report.counts.not_sent)
            for _, c in ipairs(report.chunks) do
                if c.state == "in_doubt" then assert.matches("grace of 0.05 s", c.error.message, 1, true) end
            end
            assert(rep.check(report))
            -- the abandoned calls are still on their way: once they landed, the truth holds
            local settled, info = im:settle(report, { min_age = 0.8 })
            assert.is_nil(info.error)
            assert.equal(0, settled.counts.in_doubt)
            truthful(settled, stored(im, ids(2, 61)))
            local final = assert(im:batch(nil, nil, { resume = settled, concurrency = 3 }))
            assert.equal(60, final.counts.done)
            for id, n in pairs(stored(im, ids(2, 61))) do assert.equal(1, n, id) end
        end)
    end)

    it("at once when opts.stop says \"now\": the chunks in flight are in doubt without a grace", function()
        with_emulator(function(_, emu, im)
            setup_accounts(im, 21)
            emu.faults.latency_ms = 1000
            local t0 = socket.gettime()
            local _, err = im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 21), MsgBody = MSG }, {
                max = 5, concurrency = 2, stop = function() return socket.gettime() - t0 > 0.1 and "now" end })
            assert.is_true(socket.gettime() - t0 < 0.6, "it waited for the calls in flight")
            emu.faults.latency_ms = nil
            assert.same({ done = 0, failed = 0, in_doubt = 10, not_sent = 10 }, err.report.counts)
            assert.matches("stopped at once", err.report.chunks[1].error.message, 1, true)
        end)
    end)

    it("on SIGTERM with opts.signals, and gives the signal back when it returns", function()
        local f = io.open("/proc/self/stat")
        local pid = f and f:read("*l"):match("^(%d+)")
        if f then f:close() end
        if not pid then return end       -- no /proc: nothing to aim the signal at
        with_emulator(function(_, emu, im)
            setup_accounts(im, 41)
            emu.faults.latency_ms = 20
            local sent = false
            local _, err = im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 41), MsgBody = MSG }, {
                max = 5, signals = { "TERM" }, on_progress = function()
                    if not sent then sent = true; os.execute("kill -TERM " .. pid) end
                end })
            local stop = err.report.runs[1].stopped
            assert.equal("signal", stop.reason)
            assert.equal("TERM", stop.signal)
            assert.is_true(err.report.counts.not_sent >= 25)
        end)
    end)
end)

describe("im:batch's checkpoints", function()
    it("hand over a whole report before each chunk (that chunk in doubt, in flight) and after each", function()
        -- one worker: before 1, before 2 (= after 1), before 3 (= after 2), after 3
        with_emulator(function(_, _, im)
            setup_accounts(im, 31)
            local seen = {}
            local report = assert(im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 31), MsgBody = MSG }, {
                max = 10, on_checkpoint = function(r) seen[#seen + 1] = json.decode(json.encode(r)) end }))
            assert.equal(4, #seen)
            for i, r in ipairs(seen) do assert(rep.check(r), "checkpoint " .. i) end
            -- before chunk 2: chunk 1 done, chunk 2 in doubt (in flight), the rest not sent
            local before2 = seen[2]
            assert.same({ done = 10, failed = 0, in_doubt = 10, not_sent = 10 }, before2.counts)
            assert.is_true(before2.chunks[2].in_flight)
            assert.equal("in_doubt", before2.chunks[2].state)
            assert.is_true(before2.runs[1].in_progress)
            assert.equal("u12", before2.in_doubt[1].item)
            assert.equal(2, before2.in_doubt[1].chunk)
            assert.same(report.counts, seen[4].counts)
        end)
    end)

    it("stop the batch when one cannot be kept, before the chunk is sent", function()
        with_emulator(function(_, _, im)
            setup_accounts(im, 11)
            local _, err = im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 11), MsgBody = MSG }, {
                max = 5, on_checkpoint = function() return false, "disk full" end })
            assert.same({ done = 0, failed = 0, in_doubt = 0, not_sent = 10 }, err.report.counts)
            assert.equal("checkpoint", err.report.runs[1].stopped.reason)
            assert.matches("disk full", err.report.runs[1].stopped.message, 1, true)
            for _, n in pairs(stored(im, ids(2, 11))) do assert.equal(0, n) end
        end)
    end)

    it("keep each chunk's MsgRandom, drawn by the batch, the one the service stored, and its time", function()
        with_emulator(function(_, _, im)
            setup_accounts(im, 21)
            local t0 = socket.gettime()
            local report = assert(im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 21), MsgBody = MSG },
                                           { max = 10 }))
            local r1, r2 = report.chunks[1].drawn.MsgRandom, report.chunks[2].drawn.MsgRandom
            assert.is_true(math.type == nil or math.type(r1) == "integer")
            assert.are_not.equal(r1, r2)
            local c1 = report.chunks[1]
            assert.is_true(c1.sent_at >= t0 - 0.01 and c1.ended_at >= c1.sent_at)
            local res = assert(im.openim.admin_getroammsg{ Operator_Account = "u15", Peer_Account = "u1", MaxCnt = 10,
                                                           MinTime = 0, MaxTime = 4294967295 })
            assert.equal(r2, res.MsgList[1].MsgRandom)
            assert.is_nil(report.body.MsgRandom)          -- the body stays as given
        end)
    end)
end)

describe("im:batch's resume", function()
    -- a real report, then damaged one way each: every one refused, nothing sent
    local function damaged(base)
        local function variant(fn)
            local r = json.decode(json.encode(base))
            fn(r)
            return r
        end
        return {
            { "a number where an item should be", variant(function(r) r.in_doubt[1] = 5 end), "in_doubt[1]" },
            { "a string body", variant(function(r) r.body = "x" end), "body must be an object" },
            { "retryable as the string \"false\"", variant(function(r) r.failed[1].retryable = "false" end),
              "failed[1].retryable must be true or false" },
            { "retryable as 0", variant(function(r) r.failed[1].retryable = 0 end), "retryable must be true or false" },
            { "an item both not sent and in doubt", variant(function(r)
                r.not_sent[#r.not_sent + 1] = r.in_doubt[1].item
                r.counts.not_sent = r.counts.not_sent + 1
                r.total = r.total + 1
            end), "in exactly one state" },
            { "counts that differ from the items", variant(function(r) r.counts.done = r.counts.done + 1 end),
              "counts.done" },
            { "a total that differs from the counts", variant(function(r) r.total = r.total + 3 end), "total is" },
            { "an item that is an array", variant(function(r) r.done[1] = { "x" } end), "done[1]" },
            { "a chunk that does not exist", variant(function(r) r.in_doubt[1].chunk = 99 end), "in_doubt[1].chunk" },
            { "no format", variant(function(r) r.format = nil end), "not a report of im:batch" },
        }
    end

    it("refuses a damaged report whole, naming what is wrong, and sends nothing", function()
        with_emulator(function(_, emu, im)
            setup_accounts(im, 16)
            -- chunk 1 done, chunk 2 in doubt (its answer dropped), chunk 3 refused (a code a resend cures)
            local handle, n = emu.handle, 0
            emu.handle = function(self, req, conn)
                if req.path:find("batchsendmsg", 1, true) then
                    n = n + 1
                    if n == 2 then return "drop" end
                    if n == 3 then
                        return 200, { ["Content-Type"] = "application/json" },
                               json.encode{ ActionStatus = "FAIL", ErrorCode = 60007, ErrorInfo = "spec" }
                    end
                end
                return handle(self, req, conn)
            end
            local _, err = im:batch(SEND, { From_Account = "u1", To_Account = ids(2, 16), MsgBody = MSG }, { max = 5 })
            local base = err.report
            assert.same({ done = 5, failed = 5, in_doubt = 5, not_sent = 0 }, base.counts)
            assert(rep.check(base))
            local before = n
            for _, case in ipairs(damaged(base)) do
                local r, e = im:batch(nil, nil, { resume = case[2] })
                assert.is_nil(r, case[1])
                assert.equal("usage", e.kind, case[1])
                assert.matches(case[3], e.message, 1, true)
            end
            assert.equal(before, n)
            -- the undamaged one resumes: only the failed and retryable chunk goes out
            local r2, e2 = im:batch(nil, nil, { resume = json.decode(json.encode(base)) })
            assert.is_nil(r2)
            assert.same({ done = 10, failed = 0, in_doubt = 5, not_sent = 0 }, e2.report.counts)
            assert.equal(before + 1, n)
        end)
    end)
end)

describe("im:batch with opts.each", function()
    it("makes one call per item, the item as the field's value (sendmsg to each To_Account)", function()
        with_emulator(function(_, _, im)
            setup_accounts(im, 4)
            local report = assert(im:batch("openim/sendmsg", { From_Account = "u1", To_Account = ids(2, 4),
                                                               MsgBody = MSG },
                                           { field = "To_Account", each = true, concurrency = 2 }))
            assert.same({ done = 3, failed = 0, in_doubt = 0, not_sent = 0 }, report.counts)
            assert.equal(3, #report.chunks)
            assert.is_true(report.each)
            assert.is_string(report.chunks[1].answer.MsgKey)
            assert.is_number(report.chunks[2].drawn.MsgRandom)       -- sendmsg's dedup fields, drawn per call
            assert.is_number(report.chunks[2].drawn.MsgSeq)
            for id, n in pairs(stored(im, ids(2, 4))) do assert.equal(1, n, id) end
            local r, e = im:batch("openim/sendmsg", { To_Account = ids(2, 4), MsgBody = MSG }, { each = true })
            assert.is_nil(r)
            assert.matches("opts.each needs opts.field", e.message, 1, true)
            -- each item is checked as the field's value before anything is sent
            r, e = im:batch("openim/sendmsg", { To_Account = { "u2", { x = 1 } }, MsgBody = MSG },
                            { field = "To_Account", each = true })
            assert.is_nil(r)
            assert.equal(2, e.item)
        end)
    end)
end)

describe("a report's words", function()
    it("never name lua-tim's own files, even for an error raised inside it", function()
        local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = "http://127.0.0.1:9",
                                   transport = { request = function() error("the wire is cut") end } })
        local _, err = im:batch("im_open_login_svc/multiaccount_import", { Accounts = { "a", "b" } })
        local message = err.report.chunks[1].error.message
        assert.matches("the wire is cut", message, 1, true)
        assert.is_nil(message:find(".lua:", 1, true), message)
        assert.is_nil(json.encode(err.report):find(".lua:", 1, true))
    end)
end)

describe("the retry back-off", function()
    it("never asks the sleep for less than 1 ms, even when the jitter draws 0 (ngx.sleep(0) warns)", function()
        local fake = require "support.fake_transport"
        local core = require "tim.core"
        local t = fake.new()
        t:api(60007, "over limit") t:api(60007, "over limit") t:ok()
        local slept = {}
        local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = "http://127.0.0.1:9", transport = t,
                                   ratelimit = false, sleep = function(s) slept[#slept + 1] = s end })
        local random32 = core.random32
        core.random32 = function() return 0 end        -- full jitter at its floor
        local ok, res = pcall(im.call, im, "im_open_login_svc/account_check", { CheckItem = { { UserID = "a" } } })
        core.random32 = random32
        assert(ok, res)
        assert.is_table(res)
        assert.equal(2, #slept)
        for _, s in ipairs(slept) do assert.is_true(s >= 0.001, tostring(s)) end
    end)
end)

describe("tim.json.encoder, for checkpoints", function()
    it("writes what encode writes, each unchanged part encoded once", function()
        local enc = json.encoder()
        local item = { UserID = "u1", Nick = "x" }
        local doc = { list = json.array{ item, "u2", 3, 0.5, true, json.null }, empty = json.empty_array,
                      obj = {}, nested = { a = { b = { item } } } }
        local text = assert(enc(doc))
        assert.same(json.decode(json.encode(doc)), json.decode(text))
        item.Nick = "changed"                      -- a part must not change once encoded: its old text stays
        assert.matches('"Nick":"x"', enc({ again = item }), 1, true)
        local cyc = {}
        cyc.self = cyc
        local t, err = enc(cyc)
        assert.is_nil(t)
        assert.matches("nesting deeper", err, 1, true)
    end)
end)

describe("a report with a deeply nested answer", function()
    it("encodes and prints: the printer takes any depth the decoder does", function()
        local deep = assert(json.decode(string.rep("[", 999) .. string.rep("]", 999)))
        local report = { format = rep.FORMAT, chunks = { { n = 1, answer = { Deep = deep } } } }
        assert.is_string(json.pretty(report))
        assert.is_string(json.encode(report))
        assert.is_string(require("tim.cli.batch").printable(report))
    end)
end)

-- tim.client.batch.run: one run of im:batch (first or resume): the items to send now, cut into chunks, each chunk's
-- outcome recorded item by item, and how the run stops.
--
-- Chunks run one after another on a blocking client, or as tasks of a tim.loop (the client's own, or one made for
-- the run) with a coordinator that watches for a stop. A stop (opts.stop, a watched signal, a fatal chunk, the
-- time limit) starts no new chunk; after an operator's stop (opts.stop or a signal) the chunks in flight get
-- `grace` seconds, then they are recorded in doubt and the run returns (their calls are left to end on their own,
-- within their deadline, and are not recorded). A second signal, or opts.stop returning "now", gives up on them at
-- once.
--
-- Before each chunk is sent (with that chunk in flight, its items in doubt) and after each one finished, the run
-- hands on_checkpoint a whole report, as resumable as the final one: a process killed at any moment leaves a
-- report in which no item is lost (those of the chunks in flight are in doubt).
local type, pairs, ipairs, pcall, error, tostring, tonumber = type, pairs, ipairs, pcall, error, tostring, tonumber
local setmetatable = setmetatable
local math_floor, math_min, math_max, math_ceil = math.floor, math.min, math.max, math.ceil
local table_sort = table.sort
local unpack = table.unpack or unpack      -- luacheck: ignore 143 (LuaJIT has only the global)

local json = require "tim.base.json"
local errors = require "tim.base.errors"
local outcome = require "tim.client.outcome"
local rep = require "tim.client.batch.report"

local array = json.array

local _M = { _VERSION = require "tim.version" }

_M.GRACE = 5             -- seconds the chunks in flight get after an operator's stop
_M.POLL = 0.05           -- how often a run on a loop asks opts.stop while chunks are in flight

-- What names an item in an answer's per-item results: the item itself (a UserID string) or one of these members.
local KEY_FIELDS = { "UserID", "To_Account", "Member_Account", "Identifier", "GroupId", "MsgSeq" }

-- Per-item outcomes inside an answer that succeeded as a whole. `list` is the answer member; with `code`, an entry
-- whose code is not 0 failed; with `result`, an entry whose result is not in `ok` failed; with neither, every
-- entry names a failed item.
local ITEM_RESULTS = {
    { list = "FailAccounts" },                                          -- multiaccount_import
    { list = "ErrorList", code = "ErrorCode", info = "ErrorInfo" },     -- batchsendmsg, query_online_status
    { list = "ResultItem", code = "ResultCode", info = "ResultInfo" },  -- account_delete, friend_delete, follow
    { list = "UserProfileItem", code = "ResultCode", info = "ResultInfo" },   -- portrait_get
    { list = "GroupInfo", code = "ErrorCode", info = "ErrorInfo" },     -- get_group_info
    { list = "RecallRetList", code = "RetCode" },                       -- group_msg_recall
    { list = "MemberList", result = "Result", ok = { [1] = true, [2] = true } },  -- add_group_member: 1 added,
                                                                        -- 2 already a member, 0 failed
}
_M.ITEM_RESULTS = ITEM_RESULTS

local function item_key(item)
    local t = type(item)
    if t == "string" or t == "number" then
        return item
    end
    if t == "table" then
        for _, f in ipairs(KEY_FIELDS) do
            local v = item[f]
            if v ~= nil then
                return v
            end
        end
    end
    return nil
end
_M.item_key = item_key

local function ms(x)
    return math_floor(x * 1000 + 0.5) / 1000
end

local core = require "tim.core"

local Run = {}
local run_mt = { __index = Run }

--- new(report, items, o) -> run. o: max, each, call_opts, on_progress, on_checkpoint, time_limit, concurrency,
-- traits, stop, grace, signals, now
function _M.new(report, items, o)
    local now = o.now
    local r = setmetatable({
        report = report, items = items, max = report.each and 1 or report.max, o = o, traits = o.traits,
        now = now, started = now(), concurrency = o.concurrency,
        state = {}, detail = {},          -- position -> "done" | "failed" | "in_doubt" | "not_sent", its detail
        spans = {},                        -- chunk index -> { from, to, rec } while its call is in flight
        next_chunk = 1, finished_items = 0, first_n = #report.chunks,       -- chunks are numbered across runs
        records = {}, errors = {}, stop = nil, raised = nil, active = 0,
        watching = o.stop ~= nil or o.signals ~= nil, grace = o.grace or _M.GRACE,
    }, run_mt)
    r.nchunks = math_ceil(#items / r.max)
    r.number = #report.runs + 1
    if o.time_limit then
        r.stop_at = r.started + o.time_limit
    end
    r.safe = o.traits and (o.traits.idempotent or o.traits.dedup ~= nil) or false
    -- the dedup or fill fields the body leaves out: drawn here, once per chunk, and kept in the chunk's record
    local fields = o.traits and (o.traits.dedup or o.traits.fill)
    if fields then
        local missing = {}
        for _, f in ipairs(fields) do
            if report.body[f] == nil and f ~= report.field then missing[#missing + 1] = f end
        end
        r.draw_fields = #missing > 0 and missing or nil
    end
    return r
end

---------------------------------------------------------------------------------------------------------------
-- stops

-- the watched signals: counted from the start of the run
function Run:watch_signals()
    if not self.o.signals then return end
    local ok, err = core.signal_watch(unpack(self.o.signals))
    if not ok then
        error("im:batch: cannot watch the signals: " .. tostring(err), 0)
    end
    self.sig_base = {}
    for _, name in ipairs(self.o.signals) do self.sig_base[name] = core.signal_count(name) end
end

function Run:unwatch_signals()
    if self.sig_base then
        core.signal_unwatch(unpack(self.o.signals))
        self.sig_base = nil
    end
end

-- -> signals come since the start, the last one's name
function Run:signals_seen()
    if not self.sig_base then return 0 end
    local n = 0
    for name, base in pairs(self.sig_base) do n = n + core.signal_count(name) - base end
    return n, core.signal_last()
end

-- Asks opts.stop and the watched signals; the first stop asked for is recorded (an operator's stop: the grace
-- runs from now), "now" or a second signal gives up on the chunks in flight at once.
function Run:poll_stop()
    if not self.watching or self.hard then return end
    local verdict, why
    if self.o.stop then
        local ok, v, w = pcall(self.o.stop)
        if not ok then
            self.raised = self.raised or v
            verdict = "now"
        else
            verdict, why = v, w
        end
    end
    local nsig, name = self:signals_seen()
    if not verdict and nsig == 0 then return end
    if not self.requested_at then
        self.requested_at = self.now()
        local stop = nsig > 0 and { reason = "signal", signal = name, message = "stopped by SIG" .. tostring(name) }
            or { reason = "stop", message = type(why) == "string" and why or "opts.stop asked the batch to stop" }
        self.stop = self.stop or stop
    end
    if verdict == "now" or nsig >= 2 then
        self.hard = true
    end
end

-- -> chunk index or nil (none left, or the run stopped)
function Run:take()
    if self.raised or self.next_chunk > self.nchunks then
        return nil
    end
    self:poll_stop()
    if self.stop or self.raised then
        return nil
    end
    if self.stop_at and self.now() >= self.stop_at then
        self.stop = { reason = "time_limit", message = "the batch's time limit passed before this chunk started" }
        return nil
    end
    local k = self.next_chunk
    self.next_chunk = k + 1
    return k
end

---------------------------------------------------------------------------------------------------------------
-- one chunk

function Run:set(pos, what, detail)
    self.state[pos] = what
    self.detail[pos] = detail
    local c = self.report.counts
    c[what] = c[what] + 1
end

function Run:unset(pos)
    local c = self.report.counts
    c[self.state[pos]] = c[self.state[pos]] - 1
    self.state[pos] = nil
end

-- positions of the chunk's items by their key, for matching an answer's per-item results
local function positions_by_key(items, from, to)
    local by_key = {}
    for pos = from, to do
        local key = item_key(items[pos])
        if key ~= nil then
            local l = by_key[key]
            if not l then
                l = {}
                by_key[key] = l
            end
            l[#l + 1] = pos
        end
    end
    return by_key
end

-- one entry of a per-item result list -> failed?, code, info
local function entry_verdict(shape, entry)
    if type(entry) ~= "table" then
        return true
    end
    local bad, code = true, nil
    if shape.code then
        code = tonumber(entry[shape.code])
        bad = code ~= nil and code ~= 0
    elseif shape.result then
        bad = not shape.ok[entry[shape.result]]
    end
    local info = shape.info and entry[shape.info] or nil
    return bad, code, type(info) == "string" and info ~= "" and info or nil
end

-- Per-item failures listed in an answer that succeeded as a whole -> number of items marked failed
function Run:item_results(n, from, to, res)
    local by_key
    local failed = 0
    for _, shape in ipairs(ITEM_RESULTS) do
        local list = res[shape.list]
        for _, entry in ipairs(type(list) == "table" and list or {}) do
            local bad, code, info = entry_verdict(shape, entry)
            if bad then
                by_key = by_key or positions_by_key(self.items, from, to)
                for _, pos in ipairs(by_key[item_key(entry)] or {}) do
                    if self.state[pos] == "done" then
                        self:unset(pos)
                        -- a code the tables know tells whether a resend can help (one resend rule: tim.client.outcome);
                        -- without one, nothing does
                        local retryable = code ~= nil and outcome.item_may_resend(code, self.safe) or false
                        self:set(pos, "failed", { chunk = n, code = code, message = info, retryable = retryable })
                        failed = failed + 1
                    end
                end
            end
        end
    end
    return failed
end

-- the chunk's body: the report's body, the drawn fields, and the items (a list, or the one item with `each`)
function Run:body_of(from, to)
    local report = self.report
    local body = {}
    for k, v in pairs(report.body) do body[k] = v end
    local drawn
    for _, f in ipairs(self.draw_fields or {}) do
        local v = core.random32()
        if v then
            body[f] = v
            drawn = drawn or {}
            drawn[f] = v
        end
    end
    if report.each then
        body[report.field] = self.items[from]
    else
        local slice = array({})
        for pos = from, to do slice[#slice + 1] = self.items[pos] end
        body[report.field] = slice
    end
    return body, drawn
end

-- a failed call: its items in doubt, not sent or failed, and whether the run stops
function Run:record_error(rec, from, to, err)
    local e = rep.plain_error(err)
    rec.error, rec.attempts = e, e.attempts or 0
    if e.in_doubt then
        rec.state = "in_doubt"
        for pos = from, to do self:set(pos, "in_doubt", { chunk = rec.n }) end
    elseif (e.attempts or 0) == 0 then
        -- nothing of it reached the service (unreachable, refused by our limiter, a usage error): the rest
        -- would fare no better now
        rec.state = "not_sent"
        for pos = from, to do self:set(pos, "not_sent") end
        self.stop = self.stop or { reason = "not_sent", chunk = rec.n, message = e.message }
    else
        rec.state = "failed"
        for pos = from, to do
            self:set(pos, "failed", { chunk = rec.n, code = e.code, message = e.message, retryable = e.retryable })
        end
        if not e.retryable then
            self.stop = self.stop or { reason = "fatal", chunk = rec.n, message = e.message }
        end
    end
    self.errors[#self.errors + 1] = { n = rec.n, err = err }
end

-- Send chunk k through client c and record what happened.
function Run:exec(c, k)
    local from = (k - 1) * self.max + 1
    local to = math_min(k * self.max, #self.items)
    local body, drawn = self:body_of(from, to)
    local rec = { n = self.first_n + k, run = self.number, items = to - from + 1, state = "in_flight",
                  sent_at = ms(self.now()), drawn = drawn }
    local span = { from = from, to = to, rec = rec }
    self.spans[k] = span
    self.records[#self.records + 1] = rec
    if not self:checkpoint() then
        -- the report could not be kept: this chunk is not sent, and no other starts
        self.spans[k] = nil
        for i = #self.records, 1, -1 do
            if self.records[i] == rec then table.remove(self.records, i) end
        end
        return
    end
    local res, err = c:call(self.report.path, body, self.o.call_opts)
    if self.closed or rec.abandoned then
        return          -- given up on after the grace: the run has returned without it
    end
    self.spans[k] = nil
    rec.ended_at = ms(self.now())
    rec.elapsed = ms(rec.ended_at - rec.sent_at)
    if res then
        rec.answer = res
        for pos = from, to do self:set(pos, "done") end
        local failed = self:item_results(rec.n, from, to, res)
        rec.state = failed == 0 and "done" or (failed == rec.items and "failed" or "partial")
        rec.failed = failed > 0 and failed or nil
    else
        self:record_error(rec, from, to, err)
    end
    self.finished_items = self.finished_items + rec.items
    if self.o.on_progress then
        self.o.on_progress(self.finished_items, #self.items, self.report)
    end
end

-- the work of one worker: chunks until none is left. The checkpoint after a chunk is the one before the worker's
-- next chunk (written at once, with the finished one in it), or one of its own after the worker's last.
function Run:work(c)
    local ok, e = pcall(function()
        local k = self:take()
        while k do
            self:exec(c, k)
            k = self:take()
            if not k then
                self:checkpoint()
            end
        end
    end)
    if not ok then
        self.raised = self.raised or e
    end
end

---------------------------------------------------------------------------------------------------------------
-- the report, whole, at any moment

-- the run's items into the report's lists, in the order of the run's list; `flying` (position -> chunk number)
-- puts the items of the chunks in flight in doubt
local function fold(self, r, flying)
    for pos = 1, #self.items do
        local what, d = self.state[pos], self.detail[pos]
        local item = self.items[pos]
        if what == nil then
            local n = flying and flying[pos]
            if n then
                what, d = "in_doubt", { chunk = n }
            else
                what = "not_sent"
            end
        end
        if what == "done" or what == "not_sent" then
            r[what][#r[what] + 1] = item
        elseif what == "failed" then
            r.failed[#r.failed + 1] = { item = item, chunk = d.chunk, code = d.code, message = d.message,
                                        retryable = d.retryable == true }
        else
            r.in_doubt[#r.in_doubt + 1] = { item = item, chunk = d.chunk }
        end
    end
    for _, k in ipairs(rep.STATES) do r.counts[k] = #r[k] end
end

local IN_FLIGHT = "in flight when this report was written: if the run ended then, the service may have carried "
    .. "it out or not"

-- the run's chunk records, by number; those in flight as in doubt (copies: the live ones are still changing)
local function chunk_records(self, flying)
    local list = {}
    for i, rec in ipairs(self.records) do list[i] = rec end
    table_sort(list, function(a, b) return a.n < b.n end)
    for i, rec in ipairs(list) do
        if rec.state == "in_flight" then
            local c = {}
            for k, v in pairs(rec) do c[k] = v end
            c.state, c.in_flight = "in_doubt", true
            c.error = { kind = "network", message = IN_FLIGHT, attempts = 0, retryable = false, in_doubt = true }
            list[i] = c
        end
    end
    if flying then
        for _, span in pairs(self.spans) do
            for pos = span.from, span.to do flying[pos] = span.rec.n end
        end
    end
    return list
end

function Run:first_error()
    local first
    for _, e in ipairs(self.errors) do
        if not first or e.n < first.n then first = e end
    end
    return first
end

function Run:run_entry(in_progress)
    local run = { started = ms(self.started), elapsed = ms(self.now() - self.started), items = #self.items,
                  chunks = #self.records, concurrency = self.concurrency, in_progress = in_progress or nil }
    run.stopped = self.stop
    return run
end

--- snapshot() -> the report as it stands: resumable, the chunks in flight in doubt
function Run:snapshot()
    local r = rep.copy(self.report)
    local flying = {}
    for _, rec in ipairs(chunk_records(self, flying)) do r.chunks[#r.chunks + 1] = rec end
    fold(self, r, flying)
    r.runs[#r.runs + 1] = self:run_entry(true)
    local first = self:first_error()
    if first then
        r.error = rep.plain_error(first.err)
        r.error.chunk = first.n
    end
    return rep.summarise(r, self.traits)
end

-- hands on_checkpoint the report; false when it refused (returned false or raised): the run then stops
function Run:checkpoint()
    local fn = self.o.on_checkpoint
    if not fn or self.closed then return true end
    local ok, res, why = pcall(fn, self:snapshot())
    if ok and res ~= false then return true end
    self.stop = self.stop or { reason = "checkpoint", message = "on_checkpoint: " .. rep.words(ok and why or res) }
    return false
end

--- finish() -> first error, stop: the run folded into the report (items in the run's order, chunks by number)
function Run:finish()
    self.closed = true
    local report = self.report
    for _, rec in ipairs(chunk_records(self)) do report.chunks[#report.chunks + 1] = rec end
    fold(self, report)
    report.runs[#report.runs + 1] = self:run_entry()
    local first = self:first_error()
    if first then
        report.error = rep.plain_error(first.err)
        report.error.chunk = first.n
    elseif self.stop then
        report.error = { kind = "timeout", message = self.stop.message, attempts = 0, retryable = true,
                         in_doubt = false }
    end
    return first and first.err, self.stop
end

---------------------------------------------------------------------------------------------------------------
-- running the chunks

-- After the grace: the chunks still in flight are recorded in doubt, and the run no longer waits for them.
function Run:abandon()
    local why = self.hard and "the batch was stopped at once" or
        string.format("the batch was stopped and no answer came within its grace of %g s", self.grace)
    for _, span in pairs(self.spans) do
        local rec = span.rec
        rec.abandoned = true
        rec.state = "in_doubt"
        rec.ended_at = ms(self.now())
        rec.elapsed = ms(rec.ended_at - rec.sent_at)
        local err = errors.new{ kind = "timeout", message = why .. " (the call may have been carried out)",
                                service = self.report.path:match("^[^/]+"), attempts = 1, retryable = false,
                                in_doubt = true }
        rec.error = rep.plain_error(err)
        for pos = span.from, span.to do self:set(pos, "in_doubt", { chunk = rec.n }) end
        self.errors[#self.errors + 1] = { n = rec.n, err = err }
        self.finished_items = self.finished_items + rec.items
    end
    self.spans = {}
    self.closed = true
end

function Run:nudge()
    local t, l = self.coordinator, self.loop
    if t and l then l:interrupt(t) end
end

-- The coordinator (a task of `loop`): waits for the workers, asking for a stop meanwhile; a signal or a finished
-- worker wakes it at once.
function Run:coordinate(loop)
    self.loop, self.coordinator = loop, loop:inside()
    local hook = self.watching and loop:on_signal(function() self:nudge() end) or nil
    while self.active > 0 do
        self:poll_stop()
        local wait = self.watching and _M.POLL or 1
        if self.requested_at then
            local limit = self.hard and self.requested_at or self.requested_at + self.grace
            local left = limit - self.now()
            if left <= 0 then
                self:abandon()
                break
            end
            wait = math_min(wait, left)
        end
        loop:sleep(wait)
    end
    if hook then loop:off_signal(hook) end
    self.coordinator = nil
end

function Run:spawn_workers(loop, c)
    local n = math_max(1, math_min(self.concurrency, self.nchunks))
    self.active = n
    for _ = 1, n do
        loop:spawn(function()
            self:work(c)
            self.active = self.active - 1
            self:nudge()
        end)
    end
end

local function can_loop()
    -- OpenResty: nginx is the loop (a tim.loop would block the worker); PUC Lua 5.1 cannot yield across the
    -- pcall a worker runs its chunks in
    return not (ngx and ngx.socket) and (_VERSION ~= "Lua 5.1" or jit ~= nil)
end

--- go(im): runs the chunks: on the caller's client one after another, or as tasks of a tim.loop (the client's
-- own, or one made for this run with a client that shares the caller's settings) under a coordinator.
-- (no pcall around the waits: PUC Lua 5.1 cannot yield across one)
function Run:go(im)
    self:watch_signals()
    local loop = im.loop and im:loop()
    if loop then
        self:spawn_workers(loop, im)
        self:coordinate(loop)
    elseif (self.concurrency > 1 and self.nchunks > 1) or (self.watching and can_loop()) then
        local l = require("tim.net.loop").new{ on_error = function(_, msg) self.raised = self.raised or msg end }
        local c = im:with_loop(l, { max_per_host = math_max(16, self.concurrency) })
        self:spawn_workers(l, c)
        local done = false
        l:spawn(function() self:coordinate(l); done = true end)
        l:run(function() return done end)
        c:close()
    else
        self:work(im)
    end
    self:unwatch_signals()
    if self.raised then
        error(self.raised, 0)
    end
end

return _M

-- tim.batch: helpers on the client for commands whose limits the catalogue knows.
--
--   local report, err = im:batch("im_open_login_svc/multiaccount_import", { AccountList = accounts },
--                                { concurrency = 8, on_progress = function(finished, total, report) end })
--       splits the catalogue's batch.field into chunks of batch.max and sends them, N at a time, within the rate
--       classes (the client's limiter spaces them). The report says, item by item, what is done, failed (the
--       service said it did not apply them), in doubt (the chunk's error had in_doubt = true) and not sent, and
--       keeps every chunk's own answer. `report` when every chunk was answered; `nil, err` with err.report when a
--       chunk failed, is in doubt or was not sent.
--   report, err = im:batch(path, nil, { resume = report })
--       sends only what is left: the items not sent and the failed ones that may be retried (never the in-doubt
--       items, unless opts.resend_in_doubt = true), and returns the updated report of the whole batch.
--   for page, err in im:pages("group_open_http_svc/get_appid_group_list", { Limit = 1000 }) do ... end
--   for item, err in im:items("group_open_http_svc/get_appid_group_list", { Limit = 1000 }) do ... end
--       follow the catalogue's page spec (cursor carry/stop, or offset/limit). On a failure the loop gets
--       `false, err` once and then ends.
-- Each chunk and each page is its own logical call (its own URL random, its own retries and dedup keys).
-- The report is plain data (format FORMAT, documented in docs/client.md): it encodes to JSON, and what decodes
-- from that JSON can be resumed.
local type = type
local pairs = pairs
local ipairs = ipairs
local pcall = pcall
local error = error
local tostring = tostring
local tonumber = tonumber
local setmetatable = setmetatable
local getmetatable = getmetatable
local math_floor = math.floor
local math_max = math.max
local math_min = math.min
local string_match = string.match
local string_format = string.format
local table_sort = table.sort

local api = require "tim.api"
local check = require "tim.client.check"
local json = require "tim.json"
local errors = require "tim.errors"

local array = json.array

local _M = { _VERSION = require "tim.version" }

_M.FORMAT = "tim.batch.report/1"
_M.MAX_CONCURRENCY = 256          -- the service's rates allow far fewer at once

-- Older body forms of a command's batch field, used when the catalogue's field is absent from the body.
local ALT_FIELDS = {
    -- 1047/34954: the older form Accounts = { "UserID", ... } carries the same 100-per-call limit
    ["im_open_login_svc/multiaccount_import"] = { "Accounts" },
}
_M.ALT_FIELDS = ALT_FIELDS

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

local IDEMPOTENT_SETTLE = "the command is safe to repeat: resume with resend_in_doubt = true (tim call: "
    .. "--resend-in-doubt) to send these items again"
local GENERIC_SETTLE = "the service may have carried these items out: check its state before sending them "
    .. "again (resume with resend_in_doubt = true only once you know they were not)"

local function copy(t)
    local c = {}
    if t then
        for k, v in pairs(t) do
            c[k] = v
        end
    end
    return setmetatable(c, getmetatable(t or c))
end

-- split our own keys off the per-call options
local function split_opts(opts, own)
    if opts == nil then
        return nil, {}
    end
    local rest, mine, any = {}, {}, false
    for k, v in pairs(opts) do
        if own[k] then
            mine[k] = v
        else
            rest[k] = v
            any = true
        end
    end
    return any and rest or nil, mine
end

local function usage(path, message)
    local service, command = string_match(tostring(path), "^([^/]*)/?(.*)$")
    return errors.new{ kind = "usage", service = service, command = command ~= "" and command or nil,
                       message = message, attempts = 0 }
end

local function is_list(v)
    return type(v) == "table" and (v[1] ~= nil or json.is_array(v))
end

local is_integer = require("tim.base.checks").is_integer

-- merge `res` into `acc`: arrays concatenated, other members kept from the first result that had them
local function merge(acc, res)
    for k, v in pairs(res) do
        local cur = acc[k]
        if is_list(v) then
            if not is_list(cur) then
                cur = array({})
                acc[k] = cur
            end
            local n = #cur
            for i = 1, #v do
                cur[n + i] = v[i]
            end
        elseif cur == nil then
            acc[k] = v
        end
    end
    return acc
end

_M.merge = merge

--- merged(report) -> one answer made of every chunk's answer, in chunk order: arrays concatenated (FailAccounts,
-- ErrorList, ...), other members from the first answer that has them (report.chunks[i].answer keeps each one).
function _M.merged(report)
    local acc = {}
    for _, c in ipairs(report.chunks or {}) do
        if type(c.answer) == "table" then
            merge(acc, c.answer)
        end
    end
    return acc
end

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

-- an error object as plain data (what the report keeps), and back
local function plain_error(e)
    if type(e) ~= "table" then
        return { kind = "network", message = tostring(e) }
    end
    return { kind = e.kind, code = e.code, message = e.message, http_status = e.http_status,
             attempts = e.attempts, retryable = e.retryable == true, in_doubt = e.in_doubt == true }
end

local function settle_text(traits)
    if traits and traits.settle then
        return traits.settle
    end
    if traits and (traits.idempotent or traits.dedup) then
        return IDEMPOTENT_SETTLE
    end
    return GENERIC_SETTLE
end

---------------------------------------------------------------------------------------------------------------
-- One run: the items to send now (a list), cut into chunks, each chunk's outcome recorded item by item.

local Run = {}
local run_mt = { __index = Run }

local function new_run(report, items, max, call_opts, on_progress, time_limit, concurrency, now, traits)
    local r = setmetatable({
        report = report, items = items, max = max, call_opts = call_opts, on_progress = on_progress,
        traits = traits, now = now, started = now(), concurrency = concurrency,
        state = {}, detail = {},          -- position -> "done" | "failed" | "in_doubt" | "not_sent", its detail
        next_chunk = 1, nchunks = math.ceil(#items / max), finished_items = 0,
        first_n = #report.chunks,          -- chunks are numbered across runs
        records = {}, stop = nil, raised = nil,
    }, run_mt)
    r.number = #report.runs + 1
    if time_limit then
        r.stop_at = r.started + time_limit
    end
    return r
end

-- -> chunk index or nil (none left, or the run stopped)
function Run:take()
    if self.stop or self.raised or self.next_chunk > self.nchunks then
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

local function count(report, what, by)
    report.counts[what] = report.counts[what] + by
end

function Run:set(pos, what, detail)
    self.state[pos] = what
    self.detail[pos] = detail
    count(self.report, what, 1)
end

-- Per-item failures listed in an answer that succeeded as a whole -> number of items marked failed
function Run:item_results(k, from, to, res)
    local by_key
    local failed = 0
    for _, shape in ipairs(ITEM_RESULTS) do
        local list = res[shape.list]
        if type(list) == "table" then
            for _, entry in ipairs(list) do
                local bad, code, info = true, nil, nil
                if type(entry) == "table" then
                    if shape.code then
                        code = tonumber(entry[shape.code])
                        bad = code ~= nil and code ~= 0
                    elseif shape.result then
                        bad = not shape.ok[entry[shape.result]]
                    end
                    info = shape.info and entry[shape.info] or nil
                end
                if bad then
                    if not by_key then
                        by_key = {}
                        for pos = from, to do
                            local key = item_key(self.items[pos])
                            if key ~= nil then
                                local l = by_key[key]
                                if not l then
                                    l = {}
                                    by_key[key] = l
                                end
                                l[#l + 1] = pos
                            end
                        end
                    end
                    for _, pos in ipairs(by_key[item_key(entry)] or {}) do
                        if self.state[pos] == "done" then
                            self.state[pos] = nil
                            count(self.report, "done", -1)
                            -- a code the tables know tells whether a resend can help; without one, nothing does
                            local retryable = code ~= nil and errors.retryable(code, self.safe) or false
                            self:set(pos, "failed", { chunk = k, code = code, message = type(info) == "string"
                                                      and info ~= "" and info or nil, retryable = retryable })
                            failed = failed + 1
                        end
                    end
                end
            end
        end
    end
    return failed
end

-- Send chunk k through client c and record what happened.
function Run:exec(c, k)
    local max = self.max
    local from = (k - 1) * max + 1
    local to = math_min(k * max, #self.items)
    local report = self.report
    local body = copy(report.body)
    local slice = array({})
    for pos = from, to do
        slice[#slice + 1] = self.items[pos]
    end
    body[report.field] = slice
    local t0 = self.now()
    local res, err = c:call(report.path, body, self.call_opts)
    local rec = { n = self.first_n + k, run = self.number, items = to - from + 1,
                  elapsed = math_floor((self.now() - t0) * 1000 + 0.5) / 1000 }
    if res then
        rec.answer = res
        for pos = from, to do
            self:set(pos, "done")
        end
        local failed = self:item_results(rec.n, from, to, res)
        rec.state = failed == 0 and "done" or (failed == rec.items and "failed" or "partial")
        rec.failed = failed > 0 and failed or nil
    else
        local e = plain_error(err)
        rec.error, rec.attempts = e, e.attempts or 0
        if e.in_doubt then
            rec.state = "in_doubt"
            for pos = from, to do
                self:set(pos, "in_doubt", { chunk = rec.n })
            end
        elseif (e.attempts or 0) == 0 then
            -- nothing of it reached the service (unreachable, refused by our limiter, a usage error): the rest
            -- would fare no better now
            rec.state = "not_sent"
            for pos = from, to do
                self:set(pos, "not_sent")
            end
            self.stop = self.stop or { reason = "not_sent", chunk = rec.n, message = e.message }
        else
            rec.state = "failed"
            for pos = from, to do
                self:set(pos, "failed", { chunk = rec.n, code = e.code, message = e.message,
                                          retryable = e.retryable })
            end
            if not e.retryable then
                self.stop = self.stop or { reason = "fatal", chunk = rec.n, message = e.message }
            end
        end
        self.errors = self.errors or {}
        self.errors[#self.errors + 1] = { n = rec.n, err = err }
    end
    self.records[#self.records + 1] = rec
    self.finished_items = self.finished_items + rec.items
    if self.on_progress then
        self.on_progress(self.finished_items, #self.items, report)
    end
end

-- the work of one worker: chunks until none is left
function Run:work(c)
    local ok, e = pcall(function()
        while true do
            local k = self:take()
            if not k then
                return
            end
            self:exec(c, k)
        end
    end)
    if not ok then
        self.raised = self.raised or e
    end
end

-- Runs the chunks: on the caller's client one after another, or `concurrency` at a time as tasks of a tim.loop
-- (the client's own loop, or one made for this call with a client that shares the caller's settings).
function Run:go(im)
    local n = self.concurrency
    local loop = im.loop and im:loop()
    if n <= 1 or self.nchunks <= 1 then
        self:work(im)
    elseif loop then
        -- the caller is a task of the loop: it works too, spawns the others, and waits for the last of them
        -- through a slot only this call knows (release hands it over to the waiting task)
        local key, running, waiting = {}, n - 1, false
        for _ = 2, n do
            loop:spawn(function()
                self:work(im)
                running = running - 1
                if running == 0 and waiting then
                    loop:release(key)
                end
            end)
        end
        self:work(im)
        if running > 0 then
            waiting = true
            loop:acquire(key, 1)
            loop:acquire(key, 1)
            loop:release(key)
        end
    else
        local l = require("tim.loop").new{ on_error = function(_, msg) self.raised = self.raised or msg end }
        local c = im:with_loop(l, { max_per_host = math_max(16, n) })
        for _ = 1, n do
            l:spawn(function() self:work(c) end)
        end
        l:run()
        c:close()
    end
    if self.raised then
        error(self.raised, 0)
    end
end

-- Fold the run into the report: item lists in the order of the run's list, chunks by number.
function Run:finish()
    local report = self.report
    for pos = 1, #self.items do
        local what = self.state[pos]
        local item = self.items[pos]
        if what == nil then
            what = "not_sent"
            self:set(pos, what)
        end
        local d = self.detail[pos]
        if what == "done" or what == "not_sent" then
            local l = report[what]
            l[#l + 1] = item
        elseif what == "failed" then
            report.failed[#report.failed + 1] = { item = item, chunk = d.chunk, code = d.code, message = d.message,
                                                  retryable = d.retryable == true }
        else
            report.in_doubt[#report.in_doubt + 1] = { item = item, chunk = d.chunk }
        end
    end
    table_sort(self.records, function(a, b) return a.n < b.n end)
    for _, rec in ipairs(self.records) do
        report.chunks[#report.chunks + 1] = rec
    end
    local run = { started = self.started, elapsed = math_floor((self.now() - self.started) * 1000 + 0.5) / 1000,
                  items = #self.items, chunks = #self.records, concurrency = self.concurrency }
    if self.stop then
        run.stopped = self.stop
    end
    report.runs[#report.runs + 1] = run
    local first
    for _, e in ipairs(self.errors or {}) do
        if not first or e.n < first.n then
            first = e
        end
    end
    if first then
        report.error = plain_error(first.err)
        report.error.chunk = first.n
    elseif self.stop then
        report.error = { kind = "timeout", message = self.stop.message, attempts = 0, retryable = true,
                         in_doubt = false }
    end
    return first and first.err, self.stop
end

---------------------------------------------------------------------------------------------------------------

local function summarise(report, traits)
    local c = report.counts
    local left = c.not_sent
    for _, f in ipairs(report.failed) do
        if f.retryable then
            left = left + 1
        end
    end
    report.left = left                      -- what a plain resume would send
    report.ok = c.done == report.total
    report.complete = left == 0 and c.in_doubt == 0
    if c.in_doubt > 0 then
        report.settle = settle_text(traits)
    else
        report.settle = nil
    end
end

local function batch_error(report, path, first_err, stop)
    local c = report.counts
    local base = first_err or (report.error and errors.new{
        kind = errors.KINDS[report.error.kind] and report.error.kind or "network", code = report.error.code,
        http_status = report.error.http_status, message = report.error.message })
    local parts = {}
    for _, k in ipairs{ "done", "failed", "in_doubt", "not_sent" } do
        parts[#parts + 1] = string_format("%d %s", c[k], (k:gsub("_", " ")))
    end
    local why = base and base.message or (stop and stop.message) or "not every item is done"
    if report.error and report.error.chunk then
        why = "chunk " .. report.error.chunk .. ": " .. tostring(why)
    end
    local service, command = string_match(path, "^([^/]+)/(.+)$")
    local e = errors.new{
        kind = base and base.kind or "timeout", code = base and base.code, http_status = base and base.http_status,
        service = service, command = command, attempts = report.error and report.error.attempts or 0,
        in_doubt = c.in_doubt > 0, retryable = report.left > 0,
        message = string_format("im:batch: %d of %d items not done (%s); %s", report.total - c.done, report.total,
                                table.concat(parts, ", "), tostring(why)),
    }
    e.report = report
    return e
end

local BATCH_OPTS = { max = true, field = true, on_progress = true, concurrency = true, resume = true,
                     resend_in_doubt = true, resend_failed = true, time_limit = true }

local function clock()
    local ok, socket = pcall(require, "socket")
    if ok then
        return socket.gettime
    end
    return os.time
end

-- The items a resume sends, and the report with those items taken out of their lists.
local function resume_items(old, own)
    if type(old) ~= "table" or old.format ~= _M.FORMAT then
        return nil, "opts.resume must be a report of im:batch (format " .. _M.FORMAT .. ")"
    end
    for _, k in ipairs{ "done", "failed", "in_doubt", "not_sent", "chunks", "runs" } do
        if type(old[k]) ~= "table" then
            return nil, "opts.resume: the report has no " .. k .. " list"
        end
    end
    if type(old.path) ~= "string" or type(old.field) ~= "string" or not is_integer(old.max) or old.max < 1
       or not is_integer(old.total) then
        return nil, "opts.resume: the report lacks path, field, max or total"
    end
    local report = {}
    for k, v in pairs(old) do
        report[k] = v
    end
    local items = array({})
    for _, it in ipairs(old.not_sent) do
        items[#items + 1] = it
    end
    report.not_sent = array({})
    local failed = array({})
    for _, f in ipairs(old.failed) do
        if f.retryable or own.resend_failed then
            items[#items + 1] = f.item
        else
            failed[#failed + 1] = f
        end
    end
    report.failed = failed
    local doubt = array({})
    for _, d in ipairs(old.in_doubt) do
        if own.resend_in_doubt then
            items[#items + 1] = d.item
        else
            doubt[#doubt + 1] = d
        end
    end
    report.in_doubt = doubt
    report.done = array({})
    for _, it in ipairs(old.done) do
        report.done[#report.done + 1] = it
    end
    report.chunks = array({})
    for _, c in ipairs(old.chunks) do
        report.chunks[#report.chunks + 1] = c
    end
    report.runs = array({})
    for _, r in ipairs(old.runs) do
        report.runs[#report.runs + 1] = r
    end
    report.counts = { done = #report.done, failed = #failed, in_doubt = #doubt, not_sent = 0 }
    report.error = old.error
    return report, items
end

--- im:batch(path, body [, opts]) -> report | nil, err (err.report: the report)
-- opts: concurrency (chunks in flight at once, default 1), on_progress(finished, total, report), resume (a
-- report: send what is left of it), resend_in_doubt, resend_failed (with resume), time_limit (seconds: no chunk
-- starts later), field and max (for commands the catalogue has no batch limits for); anything else is passed to
-- every call (timeout, deadline, retries, ...).
function _M.batch(im, path, body, opts)
    if opts ~= nil and type(opts) ~= "table" then
        return nil, usage(path, "im:batch: opts must be a table")
    end
    local call_opts, own = split_opts(opts, BATCH_OPTS)
    local report, items
    if own.resume ~= nil then
        report, items = resume_items(own.resume, own)
        if not report then
            return nil, usage(path, "im:batch: " .. items)
        end
        path = path or report.path
        if path ~= report.path then
            return nil, usage(path, "im:batch: opts.resume is a report of " .. tostring(report.path) .. ", not of "
                              .. tostring(path))
        end
        if body ~= nil then
            if type(body) ~= "table" then
                return nil, usage(path, "im:batch: body must be a table")
            end
            -- fields given now win over the report's (the batch field comes from the report)
            local b = copy(report.body)
            for k, v in pairs(body) do
                if k ~= report.field then
                    b[k] = v
                end
            end
            report.body = b
        end
    end
    if type(path) ~= "string" then
        return nil, usage(path, "im:batch: path must be \"service/command\"")
    end
    local traits = api.lookup(path)
    local concurrency = own.concurrency or 1
    if not is_integer(concurrency) or concurrency < 1 or concurrency > _M.MAX_CONCURRENCY then
        return nil, usage(path, "im:batch: opts.concurrency must be an integer in 1.." .. _M.MAX_CONCURRENCY)
    end
    if own.on_progress ~= nil and type(own.on_progress) ~= "function" then
        return nil, usage(path, "im:batch: opts.on_progress must be a function")
    end
    local tl = own.time_limit
    if tl ~= nil and (type(tl) ~= "number" or tl ~= tl or tl <= 0) then
        return nil, usage(path, "im:batch: opts.time_limit must be a positive number of seconds")
    end
    if not report then
        local spec = traits and traits.batch
        local field = own.field or (spec and spec.field)
        local max = own.max or (spec and spec.max)
        if not field or not max then
            return nil, usage(path, "im:batch: no batch limits known for this command: give opts.field and "
                              .. "opts.max")
        end
        if not is_integer(max) or max < 1 then
            return nil, usage(path, "im:batch: opts.max must be a positive integer")
        end
        if type(body) ~= "table" then
            return nil, usage(path, "im:batch: body must be a table")
        end
        if body[field] == nil and not own.field then
            for _, alt in ipairs(ALT_FIELDS[path] or {}) do
                if body[alt] ~= nil then
                    field = alt
                    break
                end
            end
        end
        local list = body[field]
        if type(list) ~= "table" then
            return nil, usage(path, "im:batch: body." .. field .. " must be an array")
        end
        local rest = copy(body)
        rest[field] = nil
        items = array({})
        for i = 1, #list do
            items[i] = list[i]
        end
        report = {
            format = _M.FORMAT, path = path, field = field, max = max, body = rest, total = #items,
            counts = { done = 0, failed = 0, in_doubt = 0, not_sent = 0 },
            done = array({}), failed = array({}), in_doubt = array({}), not_sent = array({}),
            chunks = array({}), runs = array({}),
        }
    end
    local loop = im.loop and im:loop()
    if loop and not loop:inside() then
        return nil, usage(path, "im:batch: this client runs on a tim.loop: call it from a task of that loop "
                          .. "(loop:spawn(fn)), not from outside")
    end
    -- every item and the rest of the body against the page's fields, before the first chunk: a bad item found
    -- at chunk 30 would leave 29 chunks sent and the batch half done
    if traits and not (call_opts and call_opts.validate == false) and im:validates() then
        local bad = check.items(traits, report.field, items)
        if not bad and #items > 0 then
            local sample = copy(report.body)
            sample[report.field] = array({ items[1] })
            bad = check.body(traits, sample)
        end
        if bad then
            local e = usage(path, "im:batch: " .. (bad.item and "item " .. bad.item .. ": " or "") .. bad.message
                            .. "; nothing was sent")
            e.reason, e.field, e.suggestion, e.item = bad.reason, bad.field, bad.suggestion, bad.item
            return nil, e
        end
    end
    local now = clock()
    local first_err, stop
    if #items > 0 then
        local run = new_run(report, items, report.max, call_opts, own.on_progress, tl, concurrency, now, traits)
        run.safe = traits and (traits.idempotent or traits.dedup ~= nil) or false
        run:go(im)
        first_err, stop = run:finish()
    end
    summarise(report, traits)
    if first_err or stop or report.counts.in_doubt > 0 or report.counts.not_sent > 0 then
        return nil, batch_error(report, path, first_err, stop)
    end
    report.error = nil
    return report
end

local PAGE_OPTS = { page = true, max_pages = true }

local function pager(im, path, body, opts)
    local call_opts, own = split_opts(opts, PAGE_OPTS)
    local traits = type(path) == "string" and api.lookup(path) or nil
    local spec = own.page or (traits and traits.page)
    local failed
    if not spec then
        failed = usage(path, "im:pages: no paging spec known for this command: give opts.page")
    elseif body ~= nil and type(body) ~= "table" then
        failed = usage(path, "im:pages: body must be a table")
    end
    if failed then
        return function()
            local e = failed
            failed = nil
            if e then
                return false, e
            end
        end, spec
    end
    local req = copy(body)
    local done, pages = false, 0
    local max_pages = own.max_pages
    return function()
        if done then
            return nil
        end
        local res, err = im:call(path, req, call_opts)
        if not res then
            done = true
            return false, err
        end
        pages = pages + 1
        local items = res[spec.items]
        local n = type(items) == "table" and #items or 0
        local nreq = copy(req)
        if n == 0 then
            done = true
        end
        if spec.offset then
            local limit = spec.limit and req[spec.limit]
            if type(limit) == "number" and n < limit then
                done = true
            end
            nreq[spec.offset] = (req[spec.offset] or 0) + n
        else
            for k, v in pairs(spec.stop or {}) do
                if res[k] == v then
                    done = true
                end
            end
            local moved = false
            for k, v in pairs(spec.carry or {}) do
                local value = res[v]
                if value == nil then
                    done = true         -- nothing to continue from
                elseif value ~= req[k] then
                    moved = true
                end
                nreq[k] = value
            end
            if not moved then
                done = true             -- the cursor did not move: stop rather than loop
            end
        end
        if max_pages and pages >= max_pages then
            done = true
        end
        req = nreq
        return res
    end, spec
end

--- for page, err in im:pages(path, body [, opts]) do ... end  (page == false, err on a failure)
function _M.pages(im, path, body, opts)
    return (pager(im, path, body, opts))
end

--- for item, err in im:items(path, body [, opts]) do ... end  (item == false, err on a failure)
function _M.items(im, path, body, opts)
    local next_page, spec = pager(im, path, body, opts)
    local list, i = nil, 0
    return function()
        while true do
            if list then
                i = i + 1
                local v = list[i]
                if v ~= nil then
                    return v
                end
                list = nil
            end
            local page, err = next_page()
            if page == nil then
                return nil
            elseif page == false then
                return false, err
            end
            list, i = page[spec.items] or {}, 0
        end
    end
end

return _M

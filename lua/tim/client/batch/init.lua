-- tim.client.batch: helpers on the client for commands whose limits the catalogue knows.
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
--   im:batch(path, body, { stop = function() return wanted end, on_checkpoint = function(report) ... end })
--       stops cleanly between chunks (tim.client.batch.run: the chunks in flight get a grace), and hands a whole,
--       resumable report to on_checkpoint before each chunk is sent and after each one finished.
--   for page, err in im:pages("group_open_http_svc/get_appid_group_list", { Limit = 1000 }) do ... end
--   for item, err in im:items("group_open_http_svc/get_appid_group_list", { Limit = 1000 }) do ... end
--       follow the catalogue's page spec (cursor carry/stop, or offset/limit). On a failure the loop gets
--       `false, err` once and then ends.
-- Each chunk and each page is its own logical call (its own URL random, its own retries and dedup keys).
-- The report is plain data (format FORMAT, tim.client.batch.report, documented in docs/batch.md): it encodes to JSON,
-- and what decodes from that JSON can be resumed (once tim.client.batch.report.check finds it whole).
local type, pairs, ipairs, pcall, tostring, setmetatable = type, pairs, ipairs, pcall, tostring, setmetatable
local getmetatable = getmetatable
local string_match = string.match

local api = require "tim.base.catalogue"
local check = require "tim.client.check"
local json = require "tim.base.json"
local errors = require "tim.base.errors"
local rep = require "tim.client.batch.report"
local run_mod = require "tim.client.batch.run"

local array = json.array

local _M = { _VERSION = require "tim.version" }

_M.FORMAT = rep.FORMAT
_M.MAX_CONCURRENCY = 256          -- the service's rates allow far fewer at once

-- Older body forms of a command's batch field, used when the catalogue's field is absent from the body.
local ALT_FIELDS = {
    -- 1047/34954: the older form Accounts = { "UserID", ... } carries the same 100-per-call limit
    ["im_open_login_svc/multiaccount_import"] = { "Accounts" },
}
_M.ALT_FIELDS = ALT_FIELDS
_M.ITEM_RESULTS = run_mod.ITEM_RESULTS

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

---------------------------------------------------------------------------------------------------------------
-- im:batch's stages: the options, the report (new or resumed), the items checked, the run, the outcome

local BATCH_OPTS = { max = true, field = true, on_progress = true, concurrency = true, resume = true,
                     resend_in_doubt = true, resend_failed = true, time_limit = true, each = true, stop = true,
                     grace = true, signals = true, on_checkpoint = true }
local SIGNALS = { INT = true, TERM = true, HUP = true }

local function clock()
    local ok, socket = pcall(require, "socket")
    if ok then
        return socket.gettime
    end
    return os.time
end

local function bad_signals(list)
    if type(list) ~= "table" or #list == 0 then return true end
    for _, name in ipairs(list) do
        if not SIGNALS[name] then return true end
    end
    return false
end

-- the batch's own options -> message | nil
local function check_opts(own)
    local c = own.concurrency
    if c ~= nil and (not is_integer(c) or c < 1 or c > _M.MAX_CONCURRENCY) then
        return "opts.concurrency must be an integer in 1.." .. _M.MAX_CONCURRENCY
    end
    for _, name in ipairs{ "on_progress", "on_checkpoint", "stop" } do
        if own[name] ~= nil and type(own[name]) ~= "function" then return "opts." .. name .. " must be a function" end
    end
    local tl = own.time_limit
    if tl ~= nil and (type(tl) ~= "number" or tl ~= tl or tl <= 0) then
        return "opts.time_limit must be a positive number of seconds"
    end
    local g = own.grace
    if g ~= nil and (type(g) ~= "number" or g ~= g or g < 0 or g == math.huge) then
        return "opts.grace must be a number of seconds >= 0"
    end
    if own.signals ~= nil and bad_signals(own.signals) then
        return "opts.signals must list signal names: \"INT\", \"TERM\", \"HUP\""
    end
    if own.each ~= nil and type(own.each) ~= "boolean" then return "opts.each must be a boolean" end
    return nil
end

-- a resume: the report checked whole, the items it sends -> report, items, path | nil, err
local function from_resume(path, body, own)
    local report, items = rep.resume(own.resume, own)
    if not report then
        return nil, usage(path, "im:batch: opts.resume: " .. items)
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
            if k ~= report.field then b[k] = v end
        end
        report.body = b
    end
    return report, items, path
end

-- a new batch: the field, the items and the rest of the body -> report, items | nil, err
local function fresh(path, body, own, traits)
    local spec = traits and traits.batch
    local field = own.field or (not own.each and spec and spec.field) or nil
    local max = own.each and 1 or own.max or (spec and spec.max)
    if not field or not max then
        return nil, usage(path, own.each and "im:batch: opts.each needs opts.field (the member each item fills)"
                          or "im:batch: no batch limits known for this command: give opts.field and opts.max")
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
    local items = array({})
    for i = 1, #list do items[i] = list[i] end
    return rep.new(path, field, max, rest, items, own.each), items
end

-- every item and the rest of the body against the page's fields, before the first chunk: a bad item found at
-- chunk 30 would leave 29 chunks sent and the batch half done
local function check_items(traits, report, items)
    local bad
    if report.each then
        for i = 1, #items do
            local sample = copy(report.body)
            sample[report.field] = items[i]
            bad = check.body(traits, sample)
            if bad then
                bad.item = i
                break
            end
        end
    else
        bad = check.items(traits, report.field, items)
        if not bad and #items > 0 then
            local sample = copy(report.body)
            sample[report.field] = array({ items[1] })
            bad = check.body(traits, sample)
        end
    end
    if not bad then return nil end
    local e = usage(report.path, "im:batch: " .. (bad.item and "item " .. bad.item .. ": " or "") .. bad.message
                    .. "; nothing was sent")
    e.reason, e.field, e.suggestion, e.item = bad.reason, bad.field, bad.suggestion, bad.item
    return e
end

-- the report and the items this call sends -> report, items, path, traits | nil, err
local function prepare(im, path, body, own, call_opts)
    local report, items
    if own.resume ~= nil then
        local r, i, p = from_resume(path, body, own)
        if not r then return nil, i end
        report, items, path = r, i, p
    end
    if type(path) ~= "string" then
        return nil, usage(path, "im:batch: path must be \"service/command\"")
    end
    local bad = check_opts(own)
    if bad then return nil, usage(path, "im:batch: " .. bad) end
    local traits = api.lookup(path)
    if not report then
        report, items = fresh(path, body, own, traits)
        if not report then return nil, items end
    end
    local loop = im.loop and im:loop()
    if loop and not loop:inside() then
        return nil, usage(path, "im:batch: this client runs on a tim.loop: call it from a task of that loop "
                          .. "(loop:spawn(fn)), not from outside")
    end
    if traits and not (call_opts and call_opts.validate == false) and im:validates() then
        local e = check_items(traits, report, items)
        if e then return nil, e end
    end
    return report, items, path, traits
end

--- im:batch(path, body [, opts]) -> report | nil, err (err.report: the report)
-- opts: concurrency (chunks in flight at once, default 1), on_progress(finished, total, report), resume (a
-- report: send what is left of it), resend_in_doubt, resend_failed (with resume), time_limit (seconds: no chunk
-- starts later), stop (a function: true to stop between chunks, "now" to give up on the chunks in flight too),
-- grace (seconds the chunks in flight get after a stop, default 5), signals ({ "INT", "TERM" }: watched while the
-- batch runs; the first stops it, the second at once), on_checkpoint(report) (before each chunk is sent and after
-- each finished; returning false stops the batch), each (one call per item, the item as the field's value),
-- field and max (for commands the catalogue has no batch limits for); anything else is passed to every call
-- (timeout, deadline, retries, ...).
function _M.batch(im, path, body, opts)
    if opts ~= nil and type(opts) ~= "table" then
        return nil, usage(path, "im:batch: opts must be a table")
    end
    local call_opts, own = split_opts(opts, BATCH_OPTS)
    local report, items, traits
    report, items, path, traits = prepare(im, path, body, own, call_opts)
    if not report then return nil, items end
    local first_err, stop
    if #items > 0 then
        local run = run_mod.new(report, items, {
            call_opts = call_opts, on_progress = own.on_progress, on_checkpoint = own.on_checkpoint,
            time_limit = own.time_limit, concurrency = own.concurrency or 1, traits = traits, stop = own.stop,
            grace = own.grace, signals = own.signals, now = clock() })
        run:go(im)
        first_err, stop = run:finish()
    end
    rep.summarise(report, traits)
    if first_err or stop or report.counts.in_doubt > 0 or report.counts.not_sent > 0 then
        return nil, rep.failure(report, path, first_err, stop)
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

-- tim.cli.batch: `tim call`'s batches and `tim settle`: the items read from a file and checked against the batch
-- field, a resume file checked whole, SIGINT and SIGTERM turned into a clean stop, the report kept in a file
-- (--report: written to FILE.tmp and renamed, before each chunk is sent and after each finished), the report
-- printed whatever happened, the progress line and the summary on stderr.
local core = require "tim.core"
local json = require "tim.base.json"
local exit = require "tim.cli.exit"

local type, tostring, pcall, ipairs, pairs, require = type, tostring, pcall, ipairs, pairs, require
local fmt, gsub = string.format, string.gsub
local floor, huge = math.floor, math.huge

local EXIT = exit.EXIT

local _M = {}

_M.RATE_WINDOW = 10      -- seconds the progress line's rate is measured over

-- Body members that take plain values (UserIDs, GroupIds) rather than objects: a file's rows must be one value each.
_M.SCALAR_FIELDS = { To_Account = true, Accounts = true, MemberToDel_Account = true, GroupIdList = true,
                     PermissionGroupIdList = true, MsgKeyList = true, TaskID = true, User_Account = true,
                     Members_Account = true, Member_List_Account = true, Peer_Account = true, GroupId = true,
                     UserID = true }

---------------------------------------------------------------------------------------------------------------
-- the progress line

local function duration(s)
    if s ~= s or s == huge then return "?" end
    s = floor(s + 0.5)
    if s < 60 then return s .. " s" end
    if s < 3600 then return fmt("%d min %02d s", floor(s / 60), s % 60) end
    return fmt("%d h %02d min", floor(s / 3600), floor(s % 3600 / 60))
end

-- the rate over the last RATE_WINDOW seconds (over the whole run before that much has passed)
local function window_rate(samples, now, done)
    local cut = now - _M.RATE_WINDOW
    while #samples > 1 and samples[2].t <= cut do table.remove(samples, 1) end
    local first = samples[1]
    local span = now - first.t
    return span > 0 and (done - first.done) / span or 0
end

--- progress(io_, flags, label) -> p | nil: a line on stderr, rewritten in place on a terminal, one line every
-- second or so elsewhere. p.update(done, total, extra, final), p.stopping(why), p.done()
function _M.progress(io_, flags, label)
    local on = flags.progress or (not flags.no_progress and io_.tty())
    if not on then return nil end
    local tty = io_.tty()
    local t0 = io_.now()
    local samples = { { t = t0, done = 0 } }
    local last, shown, note = -1, false, ""
    local seen_done, seen_total = 0, nil
    local p = {}
    function p.update(done, total, extra, final)
        seen_done, seen_total = done, total
        local now = io_.now()
        final = final or (total and done >= total)
        samples[#samples + 1] = { t = now, done = done }
        if not final and now - last < (tty and 0.1 or 1) then return end
        last = now
        local rate = window_rate(samples, now, done)
        local line
        if total then
            local eta = rate > 0 and (total - done) / rate or huge
            line = fmt("%s: %d/%d items (%d%%), %.0f items/s, ETA %s%s%s", label, done, total,
                       total > 0 and floor(done * 100 / total) or 100, rate, final and "0 s" or duration(eta),
                       extra or "", note)
        else
            line = fmt("%s: %d items, %.0f items/s%s%s", label, done, rate, extra or "", note)
        end
        if tty then io_.err("\r" .. line .. "\027[K") else io_.err(line .. "\n") end
        shown = true
    end
    -- a stop: the line shows the count as it stands, at once
    function p.stopping(why)
        note = ", " .. why
        last = -1
        p.update(seen_done, seen_total, nil, false)
    end
    function p.done()
        if tty and shown then io_.err("\n") end
    end
    return p
end

---------------------------------------------------------------------------------------------------------------
-- the items of a file, and a resume file, checked before anything is sent

local function row_name(flags, i, header_rows)
    if flags.csv then return fmt("%s row %d", flags.csv, i + header_rows) end
    return fmt("%s line %d", flags.ndjson, i)
end

--- read_items(flags, field) -> items | nil, message. A field of plain values (To_Account, ...) takes one value a
-- row: a CSV of one column, NDJSON strings or numbers.
function _M.read_items(flags, field)
    local records = require "tim.cli.records"
    local file = flags.csv or flags.ndjson
    local scalar = _M.SCALAR_FIELDS[field]
    local items, ierr, header = records.read(file, flags.ndjson and "ndjson" or "csv", { scalar = scalar })
    if not items then return nil, ierr end
    if #items == 0 then return nil, file .. " holds no items" end
    if not scalar then return items end
    if header and #header ~= 1 then
        return nil, fmt("%s: %s takes one value a row (a UserID, a GroupId), but the header names %d columns "
                        .. "(%s): give a file of one column", file, field, #header, table.concat(header, ","))
    end
    for i, it in ipairs(items) do
        local t = type(it)
        if t ~= "string" and t ~= "number" then
            return nil, fmt("%s: %s takes one value a row (a UserID, a GroupId), not %s; nothing was sent",
                            row_name(flags, i, 1), field, t == "table" and "an object" or t)
        end
    end
    return items
end

--- load_resume(file, path) -> report, path | nil, message: the file decoded and checked whole
function _M.load_resume(file, path)
    local f, oerr = io.open(file, "rb")
    if not f then return nil, "cannot read --resume " .. tostring(oerr) end
    local text = f:read("*a") or ""
    f:close()
    local report, derr = json.decode(text)
    if report == nil then
        return nil, file .. " is not JSON (" .. tostring(derr) .. "): not a report of tim call; nothing was sent"
    end
    local ok, why = require("tim.client.batch.report").check(report)
    if not ok then
        return nil, file .. " cannot be resumed: " .. why .. "; nothing was sent"
    end
    if path and path ~= report.path then
        return nil, file .. " is a report of " .. tostring(report.path) .. ", not of " .. path
    end
    return report, report.path
end

---------------------------------------------------------------------------------------------------------------
-- the report: kept, written, printed

--- write_atomic(file, text) -> true | nil, err: FILE.tmp written whole, then renamed over FILE
function _M.write_atomic(file, text)
    local tmp = file .. ".tmp"
    local f, err = io.open(tmp, "wb")
    if not f then return nil, err end
    local ok, werr = f:write(text)
    if ok then ok, werr = f:flush() end
    f:close()
    if not ok then
        os.remove(tmp)
        return nil, werr
    end
    local rok, rerr = os.rename(tmp, file)
    if not rok then
        os.remove(tmp)
        return nil, rerr
    end
    return true
end

-- the last report the batch handed over (kept for a batch that raises), and --report FILE written each time, by
-- an encoder that keeps the text of the parts that do not change (the items, the finished chunks): a checkpoint
-- costs the joining of their texts, not the encoding of the whole report again
local function keeper(flags)
    local k = { encode = json.encoder() }
    function k.save(r)
        k.last = r
        if flags.report then
            local text = k.encode(r)
            local ok, err = _M.write_atomic(flags.report, text or "")
            if not ok then return false, "cannot write --report " .. tostring(err) end
        end
        return true
    end
    return k
end

-- a report as text, whatever it holds: pretty, else compact, else without the chunks' answers
function _M.printable(r)
    local text = json.pretty(r) or json.encode(r)
    if text then return text end
    local c = {}
    for k, v in pairs(r) do c[k] = v end
    c.chunks = json.array({})
    for i, rec in ipairs(r.chunks or {}) do
        local copy = {}
        for k, v in pairs(rec) do copy[k] = v end
        copy.answer = rec.answer ~= nil and "(not printable)" or nil
        c.chunks[i] = copy
    end
    return json.pretty(c) or json.encode(c) or '{"error":"the report could not be printed"}'
end

---------------------------------------------------------------------------------------------------------------
-- signals: the first stops the batch (the chunks in flight get --grace), the second at once

local function watch_signals()
    if not core.signal_watch("INT", "TERM") then return nil end
    local base = { INT = core.signal_count("INT"), TERM = core.signal_count("TERM") }
    local w = {}
    function w.count()
        return core.signal_count("INT") - base.INT + core.signal_count("TERM") - base.TERM
    end
    function w.check()
        if not w.first and w.count() > 0 then w.first = core.signal_last() or "INT" end
        return w.first
    end
    function w.close() core.signal_unwatch("INT", "TERM") end
    return w
end

local function stopper(w, p, grace)
    if not w then return nil end
    return function()
        local first = w.check()
        if not first then return nil end
        local n = w.count()
        if n == 1 and p and not w.told then
            w.told = true
            p.stopping(fmt("stopping (SIG%s: no new chunk; %g s for those in flight)", first, grace))
        end
        return n >= 2 and "now" or true, "stopped by SIG" .. first
    end
end

---------------------------------------------------------------------------------------------------------------
-- what the batch did, and what to do next

local function last_stop(report)
    local runs = report.runs or {}
    local run = runs[#runs]
    return run and run.stopped
end

local function advice(io_, path, report, err, flags)
    local c = report.counts
    local file = flags.report or "report.json"
    local save = flags.report and "" or " (save it: > report.json)"
    if c.in_doubt > 0 then
        if report.settle then io_.err("tim call: in doubt: " .. report.settle .. "\n") end
        local settler = require("tim.client.settle").SETTLERS[path]
        if settler then
            io_.err(fmt("tim call: %d items in doubt: `tim settle %s` reads %s to find which were carried out%s\n",
                        c.in_doubt, file, settler.via, save))
        end
    end
    local stop = last_stop(report)
    if err and stop and stop.reason == "fatal" and (report.left or 0) > 0 then
        io_.err(fmt("tim call: stopped at chunk %s: a resend would fail the same way; fix the cause first (the "
                    .. "%d items left are in the report)\n", tostring(stop.chunk), report.left))
    elseif err and (report.left or 0) > 0 then
        io_.err(fmt("tim call: the report is on stdout%s: --resume %s sends the %d items left\n", save, file,
                    report.left))
    end
end

local function summary(io_, path, report, err, flags)
    local c = report.counts
    local line = fmt("tim call %s: %d of %d items done, %d failed, %d in doubt, %d not sent", path, c.done,
                     report.total, c.failed, c.in_doubt, c.not_sent)
    local stop = last_stop(report)
    if stop and (stop.reason == "signal" or stop.reason == "stop") then
        line = line .. " (" .. exit.words(stop.message) .. ")"
    elseif report.error then
        line = line .. fmt(" (%s%s)", report.error.chunk and ("chunk " .. report.error.chunk .. ": ") or "",
                           exit.words(report.error.message))
    end
    io_.err(line .. "\n")
    advice(io_, path, report, err, flags)
end

-- an item the check refused, named by its place in the file (CSV rows count the header as row 1)
local function refused_item(io_, flags, err)
    local where = flags.csv and fmt("%s row %d", flags.csv, err.item + 1) or fmt("%s line %d", flags.ndjson, err.item)
    -- the check's words without the batch's prefix; the item's own path without AccountList[n]
    local what = gsub(gsub(tostring(err.message), "^im:batch: item %d+: ", ""), "[%w_]+%[%d+%]%.?", "")
    what = gsub(what, "; nothing was sent$", "")
    io_.err(fmt("tim call: %s: %s%s; nothing was sent\n", where, what,
                err.suggestion and " (did you mean " .. err.suggestion .. "?)" or ""))
    return EXIT.usage
end

-- the outcome of a batch that returned: the report out (and in --report FILE), the summary, the exit code
local function conclude(io_, path, flags, r, err, w, k)
    if flags.report then
        local ok, werr = _M.write_atomic(flags.report, k.encode(r) or json.encode(r) or "")
        if not ok then io_.err("tim call: cannot write --report " .. tostring(werr) .. "\n") end
    end
    k.last = r
    io_.out(_M.printable(r) .. "\n")
    if err or r.counts.failed > 0 or (w and w.first) then summary(io_, path, r, err, flags) end
    if w and w.first then return exit.SIGNAL[w.first] or EXIT.api end
    if err then return exit.of(err) end
    return r.counts.failed > 0 and EXIT.api or EXIT.ok
end

--- run(io_, im, path, body, flags, field, resume) -> exit code
function _M.run(io_, im, path, body, flags, field, resume)
    local w = watch_signals()
    local p = _M.progress(io_, flags, "tim call " .. path)
    local k = keeper(flags)
    local grace = flags.grace or require("tim.client.batch.run").GRACE
    local ok, report, err = pcall(im.batch, im, path, body, {
        concurrency = flags.concurrency, resume = resume, field = not resume and field or nil, max = flags.max,
        each = not resume and flags.each or nil, grace = grace, stop = stopper(w, p, grace),
        resend_in_doubt = flags.resend_in_doubt, resend_failed = flags.resend_failed, on_checkpoint = k.save,
        on_progress = p and function(done, total) p.update(done, total) end or nil,
    })
    if p then p.done() end
    local code
    if not ok then
        -- a bug of ours, after chunks may have gone out: what the last checkpoint knew is still the truth
        io_.err("tim call: internal error: " .. exit.words(report) .. "\n")
        if k.last then
            io_.out(_M.printable(k.last) .. "\n")
            summary(io_, path, k.last, true, flags)
        end
        code = k.last and EXIT.api or EXIT.usage
    else
        local r = report or (type(err) == "table" and err.report)
        if r then
            code = conclude(io_, path, flags, r, err, w, k)
        elseif type(err) == "table" and err.item and (flags.csv or flags.ndjson) then
            code = refused_item(io_, flags, err)
        else
            io_.err("tim call: " .. exit.words(tostring(err)) .. "\n")
            code = exit.of(err)
        end
    end
    if w then w.close() end
    return code
end

---------------------------------------------------------------------------------------------------------------
-- tim settle REPORT

local function settle_summary(io_, r, info)
    io_.err(fmt("tim settle %s: %d in doubt -> %d done, %d not sent; %d still in doubt%s\n", r.path,
                info.done + info.not_sent + info.in_doubt, info.done, info.not_sent, info.in_doubt,
                info.via and " (read with " .. info.via .. ")" or ""))
    for n, why in pairs(info.reasons) do
        io_.err(fmt("tim settle: %s: %s\n", n == "all" and "every chunk" or "chunk " .. tostring(n), exit.words(why)))
    end
    if r.left > 0 and info.in_doubt == 0 then
        io_.err(fmt("tim settle: --resume with the settled report sends the %d items left\n", r.left))
    end
end

--- settle(io_, im, file, flags) -> exit code
function _M.settle(io_, im, file, flags)
    local report, rerr = _M.load_resume(file)
    if not report then return EXIT.usage, (gsub(rerr, "cannot be resumed", "cannot be settled")) end
    local settle = require "tim.client.settle"
    local min_age = flags.min_age or settle.MIN_AGE
    local wait = settle.ready_in(report, min_age)
    if wait > 0 then
        io_.err(fmt("tim settle: waiting %.1f s: a chunk in doubt ended less than %g s ago (a request the service "
                    .. "was still working on must land first)\n", wait, min_age))
    end
    local r, info = im:settle(report, { min_age = min_age })
    if not r then return EXIT.usage, exit.words(tostring(info)) end
    if flags.report then
        local ok, werr = _M.write_atomic(flags.report, json.encode(r) or "")
        if not ok then return EXIT.usage, "cannot write --report " .. tostring(werr) end
    end
    io_.out(_M.printable(r) .. "\n")
    settle_summary(io_, r, info)
    if info.error then
        io_.err("tim settle: " .. exit.words(tostring(info.error)) .. "\n")
        return exit.of(info.error)
    end
    return info.in_doubt > 0 and EXIT.api or EXIT.ok
end

return _M

-- tim.client.batch.report: the report of im:batch as data (format FORMAT, in docs/batch.md): made new, checked
-- whole before a resume or a settle trusts it, cut down to what a resume sends, and summed up.
--
--   local report = require "tim.client.batch.report"
--   local ok, why = report.check(r)          -- nil, "failed[3].retryable must be true or false, not a string"
--   local r2, items = report.resume(r, { resend_in_doubt = false })
--
-- A report comes back from JSON (a file written by `tim call --report`, kept by a script, or edited by hand): a
-- resume sends what it says is left, so a damaged one (a number where an item should be, "retryable": "false", an
-- item both not sent and in doubt, counts that do not add up) is refused whole before anything is sent.
local type, pairs, ipairs, tostring = type, pairs, ipairs, tostring
local string_format, string_match, string_gsub = string.format, string.match, string.gsub

local json = require "tim.base.json"
local errors = require "tim.base.errors"
local is_integer = require("tim.base.checks").is_integer

local array = json.array

local _M = { _VERSION = require "tim.version" }

_M.FORMAT = "tim.batch.report/1"
_M.STATES = { "done", "failed", "in_doubt", "not_sent" }
local CHUNK_STATES = { done = true, partial = true, failed = true, in_doubt = true, not_sent = true }

local IDEMPOTENT_SETTLE = "the command is safe to repeat: resume with resend_in_doubt = true (tim call: "
    .. "--resend-in-doubt) to send these items again"
local GENERIC_SETTLE = "the service may have carried these items out: check its state before sending them "
    .. "again (resume with resend_in_doubt = true only once you know they were not)"

--- new(path, field, max, body, items [, each]) -> a report with every item still to send
function _M.new(path, field, max, body, items, each)
    return {
        format = _M.FORMAT, path = path, field = field, max = max, each = each or nil, body = body,
        total = #items, counts = { done = 0, failed = 0, in_doubt = 0, not_sent = 0 },
        done = array({}), failed = array({}), in_doubt = array({}), not_sent = array({}),
        chunks = array({}), runs = array({}),
    }
end

---------------------------------------------------------------------------------------------------------------
-- check: the whole report, before anything is sent

local function what(v)
    local t = type(v)
    if t == "string" then
        return string_format("the string %q", #v > 40 and v:sub(1, 40) .. "..." or v)
    elseif t == "table" then
        if v == json.null then return "null" end
        return (v[1] ~= nil or json.is_array(v)) and "an array" or "an object"
    elseif t == "number" then
        return "the number " .. tostring(v)
    end
    return t == "nil" and "nothing" or "a " .. t
end

-- a list as JSON decodes one: keys 1..n and nothing else
local function is_list(v)
    if type(v) ~= "table" or v == json.null then return false end
    local n = 0
    for k in pairs(v) do
        if not is_integer(k) or k < 1 then return false end
        n = n + 1
    end
    return n == #v
end

local function is_object(v)
    return type(v) == "table" and v ~= json.null and v[1] == nil and not json.is_array(v)
end

-- an item: a UserID (a string or a number) or an object; never a boolean, null or an array
local function bad_item(v)
    local t = type(v)
    if t == "string" or (t == "number" and v == v) then return nil end
    if is_object(v) then return nil end
    return "must be an item (a string, a number or an object), not " .. what(v)
end

-- the canonical text of an item, to find one listed twice
local function item_text(v)
    if type(v) == "table" then
        return json.encode(v) or tostring(v)
    end
    return type(v) .. ":" .. tostring(v)
end

local function check_head(r)
    if type(r) ~= "table" then return "it is " .. what(r) .. ", not a report" end
    if r.format ~= _M.FORMAT then
        return "it is not a report of im:batch (format " .. _M.FORMAT .. "; its format is " .. what(r.format) .. ")"
    end
    if type(r.path) ~= "string" or not string_match(r.path, "^[%w_]+/[%w_]+$") then
        return "path must be \"service/command\", not " .. what(r.path)
    end
    if type(r.field) ~= "string" or r.field == "" then return "field must be a member name, not " .. what(r.field) end
    if not is_integer(r.max) or r.max < 1 then return "max must be a positive integer, not " .. what(r.max) end
    if r.each ~= nil and type(r.each) ~= "boolean" then return "each must be true or false, not " .. what(r.each) end
    if not is_integer(r.total) or r.total < 0 then return "total must be an integer >= 0, not " .. what(r.total) end
    if not is_object(r.body) then return "body must be an object, not " .. what(r.body) end
    for _, k in ipairs{ "done", "failed", "in_doubt", "not_sent", "chunks", "runs" } do
        if not is_list(r[k]) then return k .. " must be a list, not " .. what(r[k]) end
    end
    if not is_object(r.counts) then return "counts must be an object, not " .. what(r.counts) end
    return nil
end

-- the chunks: numbered, each with a known state -> set of chunk numbers | nil, reason
local function check_chunks(r)
    local known = {}
    for i, c in ipairs(r.chunks) do
        if not is_object(c) then return nil, string_format("chunks[%d] must be an object, not %s", i, what(c)) end
        if not is_integer(c.n) or c.n < 1 then
            return nil, string_format("chunks[%d].n must be a positive integer, not %s", i, what(c.n))
        end
        if not CHUNK_STATES[c.state] then
            return nil, string_format("chunks[%d].state must be done, partial, failed, in_doubt or not_sent, not %s",
                                      i, what(c.state))
        end
        known[c.n] = c
    end
    return known
end

-- one entry of failed or in_doubt: { item, chunk, ... }
local function check_entry(list, i, e, chunks)
    local where = string_format("%s[%d]", list, i)
    if not is_object(e) then return where .. " must be an object { item, chunk }, not " .. what(e) end
    local bad = bad_item(e.item)
    if bad then return where .. ".item " .. bad end
    if not is_integer(e.chunk) or not chunks[e.chunk] then
        return where .. ".chunk must name a chunk of the report, not " .. what(e.chunk)
    end
    if list == "failed" then
        if type(e.retryable) ~= "boolean" then
            return where .. ".retryable must be true or false, not " .. what(e.retryable)
        end
        if e.code ~= nil and not is_integer(e.code) then
            return where .. ".code must be an integer, not " .. what(e.code)
        end
        if e.message ~= nil and type(e.message) ~= "string" then
            return where .. ".message must be a string, not " .. what(e.message)
        end
    end
    return nil
end

-- every item in exactly one state, every count equal to its list, the counts adding up to total
local function check_items(r, chunks)
    local seen = {}
    local sum = 0
    for _, list in ipairs(_M.STATES) do
        local n = r.counts[list]
        if not is_integer(n) or n < 0 then return "counts." .. list .. " must be an integer >= 0, not " .. what(n) end
        if n ~= #r[list] then
            return string_format("counts.%s is %d but %s lists %d items", list, n, list, #r[list])
        end
        sum = sum + n
        for i, e in ipairs(r[list]) do
            local item = e
            if list == "failed" or list == "in_doubt" then
                local bad = check_entry(list, i, e, chunks)
                if bad then return bad end
                item = e.item
            else
                local bad = bad_item(e)
                if bad then return string_format("%s[%d] %s", list, i, bad) end
            end
            local key = item_text(item)
            local other = seen[key]
            if other and other ~= list then
                return string_format("%s[%d] is also listed in %s: every item must be in exactly one state", list, i,
                                     other)
            end
            seen[key] = list
        end
    end
    if sum ~= r.total then
        return string_format("the counts add up to %d items, but total is %d", sum, r.total)
    end
    return nil
end

--- check(r) -> true | nil, reason: the report whole (its types, every item in exactly one state, the counts equal
-- to the items), as a resume or a settle needs it
function _M.check(r)
    local bad = check_head(r)
    if bad then return nil, bad end
    local chunks, cerr = check_chunks(r)
    if not chunks then return nil, cerr end
    bad = check_items(r, chunks)
    if bad then return nil, bad end
    for i, run in ipairs(r.runs) do
        if not is_object(run) then return nil, string_format("runs[%d] must be an object, not %s", i, what(run)) end
    end
    if r.error ~= nil and not is_object(r.error) then return nil, "error must be an object, not " .. what(r.error) end
    return true
end

---------------------------------------------------------------------------------------------------------------

local function copy_list(l)
    local c = array({})
    for i = 1, #l do c[i] = l[i] end
    return c
end
_M.copy_list = copy_list

--- copy(r) -> a copy of the report whose lists may be changed without touching r's
function _M.copy(r)
    local c = {}
    for k, v in pairs(r) do c[k] = v end
    for _, k in ipairs{ "done", "failed", "in_doubt", "not_sent", "chunks", "runs" } do
        c[k] = copy_list(r[k])
    end
    c.counts = { done = r.counts.done, failed = r.counts.failed, in_doubt = r.counts.in_doubt,
                 not_sent = r.counts.not_sent }
    return c
end

--- resume(old, own) -> report, items | nil, reason: the items a resume sends (not sent; failed and retryable, or
-- every failed one with own.resend_failed; in doubt only with own.resend_in_doubt), and the report without them
function _M.resume(old, own)
    local ok, why = _M.check(old)
    if not ok then return nil, why end
    local report = _M.copy(old)
    local items = copy_list(old.not_sent)
    report.not_sent = array({})
    local failed, doubt = array({}), array({})
    for _, f in ipairs(old.failed) do
        if f.retryable or own.resend_failed then items[#items + 1] = f.item else failed[#failed + 1] = f end
    end
    for _, d in ipairs(old.in_doubt) do
        if own.resend_in_doubt then items[#items + 1] = d.item else doubt[#doubt + 1] = d end
    end
    report.failed, report.in_doubt = failed, doubt
    report.counts = { done = #report.done, failed = #failed, in_doubt = #doubt, not_sent = 0 }
    return report, items
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

--- summarise(report, traits): left, ok, complete and the settle advice, from the lists
function _M.summarise(report, traits)
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
    report.settle = c.in_doubt > 0 and settle_text(traits) or nil
    return report
end

--- words(s) -> s without a traceback and without Lua source positions ("/usr/share/lua/5.4/tim/loop.lua:328: "):
-- what a report and a user read never names lua-tim's own files
function _M.words(s)
    if s == nil then return nil end
    s = string_gsub(tostring(s), "\n?stack traceback:.*$", "")
    s = string_gsub(s, "[%w_%-%./]*%.lua:%d+: ", "")
    s = string_gsub(s, "%[string \"[^\"]*\"%]:%d+: ", "")
    return s
end

--- plain_error(e) -> an error object as plain data (what the report keeps)
function _M.plain_error(e)
    if type(e) ~= "table" then
        return { kind = "network", message = _M.words(e) }
    end
    return { kind = e.kind, code = e.code, message = _M.words(e.message), http_status = e.http_status,
             attempts = e.attempts, retryable = e.retryable == true, in_doubt = e.in_doubt == true }
end

--- failure(report, path, first_err, stop) -> the error object im:batch returns with the report (err.report)
function _M.failure(report, path, first_err, stop)
    local c = report.counts
    local re = report.error
    local base = first_err or (re and errors.new{
        kind = errors.KINDS[re.kind] and re.kind or "network", code = re.code,
        http_status = re.http_status, message = re.message })
    local parts = {}
    for _, k in ipairs(_M.STATES) do
        parts[#parts + 1] = string_format("%d %s", c[k], (k:gsub("_", " ")))
    end
    local why = base and base.message or (stop and stop.message) or "not every item is done"
    if re and re.chunk then
        why = "chunk " .. re.chunk .. ": " .. tostring(why)
    end
    local service, command = string_match(path, "^([^/]+)/(.+)$")
    local e = errors.new{
        kind = base and base.kind or "timeout", code = base and base.code, http_status = base and base.http_status,
        service = service, command = command, attempts = re and re.attempts or 0,
        in_doubt = c.in_doubt > 0, retryable = report.left > 0,
        message = string_format("im:batch: %d of %d items not done (%s); %s", report.total - c.done, report.total,
                                table.concat(parts, ", "), tostring(why)),
    }
    e.report = report
    return e
end

return _M

-- tim.client.settle: resolving the in-doubt chunks of a batch report from the service's own state, so that a resume
-- sends each item once.
--
--   local report, info = im:settle(report [, { skew = 60 }])
--   -- info = { done = 12, not_sent = 488, in_doubt = 0, chunks = 1, via = "openim/admin_getroammsg", ... }
--   local final = assert(im:batch(nil, nil, { resume = report }))   -- sends the 488, never the 12 again
--
-- A chunk whose call may or may not have been carried out (a timeout after sending, a 5xx, a stop's grace that
-- ran out, a crash while it was in flight) leaves its items in doubt. Where the catalogue's settle trait names a
-- read that tells, each item is looked up and moved to done (the service has it) or not sent (it has not):
--   openim/sendmsg (each To_Account), openim/batchsendmsg   the recipient's history (admin_getroammsg) holds a
--       message from the sender with the chunk's MsgRandom, within the chunk's time window (+- skew)
--   im_open_login_svc/multiaccount_import, account_import   account_check: Imported or NotImported
--   group_open_http_svc/add_group_member, import_group_member   get_role_in_group: a role, or NotMember
--   group_open_http_svc/create_group (each GroupId)         get_group_info: the group exists, or 10010
-- Everything else stays in doubt (info.reasons says why, per chunk). A read that fails leaves its chunk in doubt
-- and is reported in info.error; the report is returned either way, settled as far as the reads went.
local type, ipairs, pairs, tostring, tonumber = type, ipairs, pairs, tostring, tonumber
local floor, ceil, min = math.floor, math.ceil, math.min

local json = require "tim.base.json"
local errors = require "tim.base.errors"
local api = require "tim.base.catalogue"
local rep = require "tim.client.batch.report"
local is_integer = require("tim.base.checks").is_integer

local array = json.array

local _M = { _VERSION = require "tim.version" }

_M.SKEW = 60             -- seconds around a chunk's send time that the service's timestamp may fall in
_M.MIN_AGE = 10          -- seconds after a chunk ended before it is read: a request the service was still working
                         -- on when the client gave up (a timeout, a stop's grace) must have landed by then
_M.MAX_PAGES = 50        -- history pages read per recipient

local GONE = { [10010] = true, [10015] = true }      -- the group does not exist (or was dissolved)

local function usage(message)
    return errors.new{ kind = "usage", message = message, attempts = 0 }
end

local function each_group(list, size, fn)
    for i = 1, #list, size do
        local part = {}
        for j = i, min(i + size - 1, #list) do part[#part + 1] = list[j] end
        local ok, err = fn(part, i - 1)
        if not ok then return nil, err end
    end
    return true
end

---------------------------------------------------------------------------------------------------------------
-- messages: the recipient's side of the conversation, for the chunk's MsgRandom

-- -> true (it is there) | false (it is not) | nil, err
local function find_message(im, to, from, random, min_t, max_t)
    local req = { Operator_Account = to, Peer_Account = from, MaxCnt = 100, MinTime = min_t, MaxTime = max_t }
    for _ = 1, _M.MAX_PAGES do
        local res, err = im:call("openim/admin_getroammsg", req)
        if not res then return nil, err end
        local list = type(res.MsgList) == "table" and res.MsgList or {}
        for _, m in ipairs(list) do
            if type(m) == "table" and m.MsgRandom == random and m.From_Account == from then return true end
        end
        if res.Complete == 1 or #list == 0 or type(res.LastMsgKey) ~= "string" then return false end
        req.MaxTime, req.LastMsgKey = res.LastMsgTime, res.LastMsgKey
    end
    return nil, usage("more than " .. _M.MAX_PAGES .. " pages of history in the chunk's time window")
end

-- item_name(field [, other]) -> fn(item): the account an item names, an item being the name itself or an object
-- that holds it under field (or other)
local function item_name(field, other)
    return function(item)
        if type(item) == "table" then return item[field] or (other and item[other]) end
        return item
    end
end

local recipient = item_name("To_Account")

local function messages(ctx, chunk, entries)
    local body = ctx.report.body
    local random = type(chunk.drawn) == "table" and chunk.drawn.MsgRandom or body.MsgRandom
    if not is_integer(random) then
        return false, "the report keeps no MsgRandom for this chunk (made before im:batch recorded it)"
    end
    if body.MsgLifeTime == 0 then return false, "MsgLifeTime 0: the message was never kept in any history" end
    if type(chunk.sent_at) ~= "number" then return false, "the report keeps no send time for this chunk" end
    local from = body.From_Account or ctx.admin
    local min_t = floor(chunk.sent_at) - ctx.skew
    local max_t = ceil(type(chunk.ended_at) == "number" and chunk.ended_at or ctx.now) + ctx.skew
    local verdicts = {}
    for i, e in ipairs(entries) do
        local to = recipient(e.item)
        if type(to) ~= "string" then return false, "an item names no recipient" end
        local found, err = find_message(ctx.im, to, from, random, min_t, max_t)
        if found == nil then
            if not (type(err) == "table" and err.code == 20003) then return nil, err end
            found = false        -- the recipient does not exist: it cannot have the message
        end
        verdicts[i] = found and "done" or "not_sent"
    end
    return verdicts
end

---------------------------------------------------------------------------------------------------------------
-- accounts, members, groups: existence

local account_of = item_name("UserID", "Identifier")

-- lookup(ctx, entries, how) -> verdicts: one existence question for all the entries' items, how.size at a time.
-- how.id(item) names an item; how.ask(ctx, part) asks about a part of the names; the answer's list how.rows holds
-- one row per name (row[how.key], tostring'd names for accounts), and how.verdict(row[how.value]) is "done",
-- "not_sent" or nil (the answer says nothing). how.gone: a code of GONE as the answer means nothing was added.
local function lookup(ctx, entries, how)
    local ids, verdicts = {}, {}
    for i, e in ipairs(entries) do ids[i] = how.id(e.item) end
    local ok, err = each_group(ids, how.size, function(part, base)
        local res, cerr = how.ask(ctx, part)
        if not res then
            if how.gone and type(cerr) == "table" and GONE[cerr.code] then
                for j = 1, #part do verdicts[base + j] = "not_sent" end       -- no group: nobody was added
                return true
            end
            return nil, cerr
        end
        local seen = {}
        local rows = res[how.rows]
        for _, r in ipairs(type(rows) == "table" and rows or {}) do
            if type(r) == "table" and (not how.keep or how.keep(r)) then seen[r[how.key]] = r[how.value] end
        end
        for j, id in ipairs(part) do verdicts[base + j] = how.verdict(seen[how.name and how.name(id) or id]) end
        return true
    end)
    if not ok then return nil, err end
    return verdicts
end

local ACCOUNTS = {
    id = account_of, size = 100, rows = "ResultItem", key = "UserID", value = "AccountStatus", name = tostring,
    ask = function(ctx, part)
        local check = array({})
        for j, id in ipairs(part) do check[j] = { UserID = tostring(id) } end
        return ctx.im:call("im_open_login_svc/account_check", { CheckItem = check })
    end,
    keep = function(r) return r.ResultCode == nil or r.ResultCode == 0 end,
    verdict = function(s) return s == "Imported" and "done" or s == "NotImported" and "not_sent" or nil end,
}

local function accounts(ctx, _, entries)
    return lookup(ctx, entries, ACCOUNTS)
end

local member_of = item_name("Member_Account")

local function members(ctx, _, entries)
    local group = ctx.report.body.GroupId
    if type(group) ~= "string" then return false, "the report's body names no GroupId" end
    return lookup(ctx, entries, {
        id = member_of, size = 500, rows = "UserIdList", key = "Member_Account", value = "Role", gone = true,
        ask = function(c, part)
            return c.im:call("group_open_http_svc/get_role_in_group", { GroupId = group, User_Account = array(part) })
        end,
        verdict = function(r) return r == "NotMember" and "not_sent" or r and "done" or nil end,
    })
end

local GROUPS = {
    id = function(item) return item end, size = 50, rows = "GroupInfo", key = "GroupId", value = "ErrorCode",
    ask = function(ctx, part)
        return ctx.im:call("group_open_http_svc/get_group_info", { GroupIdList = array(part) })
    end,
    verdict = function(c) return c == 0 and "done" or GONE[c] and "not_sent" or nil end,
}

-- one_per_item(field, refusal, fn) -> a settler for a batch of one call per item (report.each; its items filling
-- report.field when field is given), or false, refusal for any other report of that command
local function one_per_item(field, refusal, fn)
    return function(ctx, chunk, entries)
        if not ctx.report.each or (field and ctx.report.field ~= field) then return false, refusal end
        return fn(ctx, chunk, entries)
    end
end

local groups = one_per_item("GroupId",
    "only a create_group batch that chose each GroupId (each = true, field GroupId) can be settled",
    function(ctx, _, entries) return lookup(ctx, entries, GROUPS) end)

local per_recipient = one_per_item("To_Account",
    "only a sendmsg batch of one call per recipient (each = true, field To_Account) can be settled", messages)

local per_account = one_per_item(nil,
    "only an account_import batch of one call per account (each = true) can be settled", accounts)

-- path -> how its in-doubt items are settled: the read it makes, and the function making it
local SETTLERS = {
    ["openim/sendmsg"] = { via = "openim/admin_getroammsg", fn = per_recipient },
    ["openim/batchsendmsg"] = { via = "openim/admin_getroammsg", fn = messages },
    ["im_open_login_svc/multiaccount_import"] = { via = "im_open_login_svc/account_check", fn = accounts },
    ["im_open_login_svc/account_import"] = { via = "im_open_login_svc/account_check", fn = per_account },
    ["group_open_http_svc/add_group_member"] = { via = "group_open_http_svc/get_role_in_group", fn = members },
    ["group_open_http_svc/import_group_member"] = { via = "group_open_http_svc/get_role_in_group", fn = members },
    ["group_open_http_svc/create_group"] = { via = "group_open_http_svc/get_group_info", fn = groups },
}
_M.SETTLERS = SETTLERS

---------------------------------------------------------------------------------------------------------------

-- the in-doubt entries by chunk number, chunks in order of first appearance
local function by_chunk(list)
    local order, groups_ = {}, {}
    for _, e in ipairs(list) do
        local g = groups_[e.chunk]
        if not g then
            g = {}
            groups_[e.chunk] = g
            order[#order + 1] = e.chunk
        end
        g[#g + 1] = e
    end
    return order, groups_
end

-- one chunk's verdicts into the report: its chunk record marked with what settling found
local function apply(r, n, entries, verdicts, via, now)
    local done, not_sent = 0, 0
    for i, e in ipairs(entries) do
        local v = verdicts[i]
        if v == "done" then
            r.done[#r.done + 1] = e.item
            done = done + 1
        elseif v == "not_sent" then
            r.not_sent[#r.not_sent + 1] = e.item
            not_sent = not_sent + 1
        else
            r.in_doubt[#r.in_doubt + 1] = e
        end
    end
    for i, c in ipairs(r.chunks) do
        if c.n == n then
            local copy = {}
            for k, v in pairs(c) do copy[k] = v end
            copy.settled = { at = floor(now), via = via, done = done, not_sent = not_sent,
                             in_doubt = #entries - done - not_sent }
            r.chunks[i] = copy
        end
    end
    return done, not_sent
end

local function check_args(im, report, opts)
    if type(im) ~= "table" or type(im.call) ~= "function" then
        error("bad argument #1 to 'settle' (a tim client expected, got " .. type(im) .. ")", 3)
    end
    if opts ~= nil and type(opts) ~= "table" then
        error("bad argument #2 to 'settle' (table expected, got " .. type(opts) .. ")", 3)
    end
    for _, name in ipairs{ "skew", "min_age" } do
        local v = opts and opts[name]
        if v ~= nil and (type(v) ~= "number" or v < 0 or v ~= v or v == math.huge) then
            error("bad argument #2 to 'settle' (opts." .. name .. " must be a number of seconds >= 0)", 3)
        end
    end
    local ok, why = rep.check(report)
    if not ok then return nil, usage("im:settle: the report cannot be settled: " .. why) end
    return true
end

--- ready_in(report [, min_age [, now]]) -> seconds until every chunk in doubt ended min_age (default MIN_AGE)
-- seconds ago (0: now)
function _M.ready_in(report, min_age, now)
    min_age = min_age or _M.MIN_AGE
    now = now or require("socket").gettime()
    local doubt = {}
    for _, e in ipairs(type(report.in_doubt) == "table" and report.in_doubt or {}) do
        if type(e) == "table" and e.chunk ~= nil then doubt[e.chunk] = true end
    end
    local youngest
    for _, c in ipairs(type(report.chunks) == "table" and report.chunks or {}) do
        local t = type(c) == "table" and doubt[c.n] and (tonumber(c.ended_at) or tonumber(c.sent_at))
        if t and (not youngest or t > youngest) then youngest = t end
    end
    local wait = youngest and youngest + min_age - now or 0
    return wait > 0 and wait or 0
end

-- wait on the client's loop, or block
local function pause(im, seconds)
    if seconds <= 0 then return end
    local loop = im.loop and im:loop()
    if loop and loop:inside() then loop:sleep(seconds) else require("socket").sleep(seconds) end
end

--- settle(im, report [, opts]) -> settled report, info | nil, err (a damaged report: kind "usage")
-- opts.skew: seconds around a chunk's send time (default SKEW); opts.min_age: waits until every chunk in doubt
-- ended that long ago (default MIN_AGE) before reading. info: done, not_sent (items moved), in_doubt
-- (items left), chunks (chunks looked at), via (the read), reasons (chunk number -> why it stays in doubt),
-- error (the first read that failed).
function _M.settle(im, report, opts)
    local ok, err = check_args(im, report, opts)
    if not ok then return nil, err end
    local r = rep.copy(report)
    local s = SETTLERS[r.path]
    local info = { done = 0, not_sent = 0, in_doubt = #r.in_doubt, chunks = 0, via = s and s.via, reasons = {} }
    local traits = api.lookup(r.path)
    if #r.in_doubt == 0 then return rep.summarise(r, traits), info end
    if not s then
        info.unsupported = true
        info.reasons.all = "nothing in the catalogue tells whether " .. r.path .. " was carried out: "
            .. tostring(r.settle or (traits and traits.settle) or "check the service's state by hand")
        return rep.summarise(r, traits), info
    end
    pause(im, _M.ready_in(r, opts and opts.min_age))
    local now = require("socket").gettime()
    local ctx = { im = im, report = r, now = now, skew = opts and opts.skew or _M.SKEW,
                  admin = im.admin and im:admin() or "administrator" }
    local chunk_of = {}
    for _, c in ipairs(r.chunks) do chunk_of[c.n] = c end
    local order, entries_of = by_chunk(r.in_doubt)
    r.in_doubt = array({})
    for _, n in ipairs(order) do
        local entries = entries_of[n]
        local verdicts, why
        if info.error then
            verdicts, why = false, "not looked at: an earlier read failed"
        else
            verdicts, why = s.fn(ctx, chunk_of[n], entries)
            if verdicts == nil then info.error = why end
        end
        if verdicts then
            local d, ns = apply(r, n, entries, verdicts, s.via, now)
            info.done, info.not_sent, info.chunks = info.done + d, info.not_sent + ns, info.chunks + 1
        else
            info.reasons[n] = tostring(type(why) == "table" and why.message or why)
            for _, e in ipairs(entries) do r.in_doubt[#r.in_doubt + 1] = e end
        end
    end
    for _, k in ipairs(rep.STATES) do r.counts[k] = #r[k] end
    info.in_doubt = #r.in_doubt
    return rep.summarise(r, traits), info
end

return _M

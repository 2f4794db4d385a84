-- tim.server.emulator.limits: the documented rate limits, on request (`tim emulator --rate-limits documented`, or
-- POST /_emulator/config {"rate_limits":"documented"|"off"}; off by default).
--
-- Each endpoint's budgets are read from the catalogue: api.lookup(service, command).rate names a class of
-- api.rate_classes = { rate, burst [, per_minute] [, per_day] [, cost_field] [, per_message_rate] }. Above a budget
-- the emulator answers what the service answers: 60007 in general, the family's own code where its page has one
-- (the Push pages: 90024 pushes closer than 1 s, 90047 over the daily count, 90051 recalls over 1/s). A budget
-- with cost_field counts items (batchsendmsg's 12 000 messages a minute count recipients). Budgets per object
-- (one stream's chunks, one official account's broadcasts) are keyed by the object named in the body.
--
-- The per-second budget is a GCRA bucket on the wall clock (plus the emulator's clock offset, so POST
-- /_emulator/clock moves it too); the per-minute and per-day budgets are fixed windows of the emulator's clock
-- (days in Beijing time, when the service's daily counters turn over).
local floor, type, tostring, require = math.floor, type, tostring, require
local gettime = require("socket").gettime

local bucket = require "tim.base.bucket"
local api = require "tim.base.catalogue"

local _M = { _VERSION = require "tim.version" }

local BEIJING = 8 * 3600
local RATELIMIT = 60007

-- Family codes, where a page names its own code for a budget.
local CODES = {
    ["timpush/push"] = { second = 90024, day = 90047 },
    ["all_member_push/im_push"] = { second = 90024, day = 90047 },
    ["timpush/revoke"] = { second = 90051 },
}

-- The code a per-object budget answers (the catalogue's per_object trait gives the budget itself). Official
-- accounts are built like groups: 10023, the group family's "message frequency over the limit".
local OBJECT_CODES = {
    ["official_account_open_http_svc/send_official_account_msg"] = 10023,
}

local function stream_key(b)
    local mb = type(b.MsgBody) == "table" and b.MsgBody[1]
    local c = type(mb) == "table" and type(mb.MsgContent) == "table" and mb.MsgContent
    local id = c and c.StreamMsgID or b.MsgKey
    if type(id) == "string" and id ~= "" then return id end
end

-- configure(emulator, cfg): cfg.rate_limits = "documented" | "off" | nil (unchanged)
function _M.configure(emu, cfg)
    local mode = cfg.rate_limits
    if mode == nil then return true end
    if mode == "off" or mode == false then emu.limits = nil; return true end
    if mode ~= "documented" then return nil, "rate_limits must be \"documented\" or \"off\"" end
    if not emu.limits then emu.limits = { buckets = {}, windows = {} } end
    return true
end

-- reset(emulator): every budget full again (POST /_emulator/reset); the mode stays
function _M.reset(emu)
    if emu.limits then emu.limits = { buckets = {}, windows = {} } end
end

function _M.mode(emu) return emu.limits and "documented" or "off" end

-- one token of `cost` in a bucket of `rate`/s and `burst` -> allowed? (the client's GCRA, tim.base.bucket)
local function take(buckets, key, rate, burst, now, cost)
    local t, interval = bucket.us(now), bucket.us(1 / rate)
    local tat = bucket.next_tat(buckets[key], t, interval * (cost or 1))
    if bucket.wait(tat, t, interval * (burst or rate)) > 0 then return false end
    buckets[key] = tat
    return true
end

-- a fixed window budget: `limit` per `span` seconds (offset: where windows start)
local function count(windows, key, limit, span, t, cost, offset)
    local w = floor((t + (offset or 0)) / span)
    local e = windows[key]
    if not e or e.w ~= w then e = { w = w, n = 0 }; windows[key] = e end
    if e.n + cost > limit then return false end
    e.n = e.n + cost
    return true
end

-- the endpoint's traits and rate class from the catalogue -> traits, class (nil, nil for an unknown endpoint)
local function class_of(service, command)
    local t = api.lookup(service, command)
    if not t then return nil end
    return t, api.rate_classes and api.rate_classes[t.rate or "default"]
end

-- check(emulator, service, command, body) -> nil (within budget) | code, info
function _M.check(emu, service, command, body)
    local L = emu.limits
    if not L then return nil end
    local path = service .. "/" .. command
    local traits, c = class_of(service, command)
    if not traits then return nil end
    local codes = CODES[path] or {}
    local st = emu.st
    local wall = gettime() + (st.clock_offset or 0)
    local now = st:now()
    local cost = 1
    if c and c.cost_field and type(body[c.cost_field]) == "table" then cost = #body[c.cost_field] end

    -- a budget per object named in the body (a stream's chunks are keyed below, by their StreamMsgID)
    local obj = traits.per_object
    if obj and not (c and c.per_message_rate) then
        local name = body[obj.key]
        if type(name) == "string" or type(name) == "number" then
            local key = path .. "\0" .. tostring(name)
            local code = OBJECT_CODES[path] or RATELIMIT
            if obj.rate and not take(L.buckets, key .. ":s", obj.rate, obj.burst or obj.rate, wall) then
                return code, "over " .. obj.rate .. " per second for " .. tostring(name) .. " (documented limit)"
            end
            if obj.per_hour and not count(L.windows, key .. ":h", obj.per_hour, 3600, now, 1) then
                return code, "over " .. obj.per_hour .. " per hour for " .. tostring(name) .. " (documented limit)"
            end
        end
    end
    if not c then return nil end
    if c.per_message_rate then
        local key = stream_key(body)
        if key and not take(L.buckets, path .. "\0" .. key, c.per_message_rate, c.per_message_rate, wall) then
            return RATELIMIT, "over " .. c.per_message_rate .. " chunks per second for stream " .. key
                .. " (documented limit)"
        end
    end
    if c.rate and not take(L.buckets, path .. ":s", c.rate, c.burst, wall) then
        return codes.second or RATELIMIT, "REST API call frequency over limit: " .. path .. " allows " .. c.rate
            .. " per second (documented limit)"
    end
    if c.per_minute and not count(L.windows, path .. ":m", c.per_minute, 60, now, cost) then
        return codes.minute or RATELIMIT, path .. " allows " .. c.per_minute .. " per minute"
            .. (c.cost_field and (", counted per " .. c.cost_field .. " item") or "") .. " (documented limit)"
    end
    if c.per_day and not count(L.windows, path .. ":d", c.per_day, 86400, now, cost, BEIJING) then
        return codes.day or RATELIMIT, path .. " allows " .. c.per_day .. " per day (documented limit)"
    end
    return nil
end

return _M

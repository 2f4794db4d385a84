-- Helpers shared by the emulator's handlers: argument checks, message bodies, callback decisions.
local type, ipairs, pairs, floor, setmetatable, getmetatable = type, ipairs, pairs, math.floor, setmetatable,
    getmetatable

local _M = { _VERSION = require "tim.version" }

-- fingerprint(v) -> a string that is the same for the same content (a dedup key's content part). It needs to be
-- deterministic, not valid JSON: lua-cjson's encoder (C) when it can, tim.json otherwise. Two tables decoded from
-- the same text by the same decoder have the same iteration order, so cjson writes them the same way.
local has_cjson, cjson = pcall(require, "cjson")
local cj_encode = has_cjson and (cjson.new and cjson.new() or cjson).encode or nil
local json_encode = require("tim.base.json").encode
-- api_max(service, command, default) -> the catalogue's batch maximum for a command (one source for the client's
-- chunking and the emulator's refusal), or default
function _M.api_max(service, command, default)
    local ok, api = pcall(require, "tim.base.catalogue")
    local t = ok and api.lookup(service, command)
    return t and t.batch and t.batch.max or default
end

function _M.fingerprint(v)
    if cj_encode then
        local ok, text = pcall(cj_encode, v)
        if ok then return text end
    end
    return json_encode(v) or ""
end

function _M.is_int(x, lo, hi)
    return type(x) == "number" and x == floor(x) and (lo == nil or x >= lo) and (hi == nil or x <= hi)
end

function _M.is_uint32(x)
    return _M.is_int(x, 0, 4294967295)
end

function _M.is_id(x)
    return type(x) == "string" and #x > 0 and #x <= 32
end

-- a non-empty array of strings -> true | nil
function _M.string_list(t, max)
    if type(t) ~= "table" or #t == 0 or (max and #t > max) then return nil end
    for _, v in ipairs(t) do
        if type(v) ~= "string" then return nil end
    end
    return true
end

function _M.copy(t)
    if type(t) ~= "table" then return t end
    local c = {}
    for k, v in pairs(t) do c[k] = _M.copy(v) end
    return setmetatable(c, getmetatable(t))
end

local ELEM_TYPES = { TIMTextElem = true, TIMLocationElem = true, TIMFaceElem = true, TIMCustomElem = true,
                     TIMSoundElem = true, TIMImageElem = true, TIMFileElem = true, TIMVideoFileElem = true,
                     TIMRelayElem = true }
_M.ELEM_TYPES = ELEM_TYPES

-- MsgBody: an array of { MsgType = "TIM…Elem", MsgContent = {…} } -> true | nil, why
function _M.check_msgbody(body)
    if type(body) ~= "table" or #body == 0 then return nil, "MsgBody must be a non-empty array" end
    for i, e in ipairs(body) do
        if type(e) ~= "table" or not ELEM_TYPES[e.MsgType] then
            return nil, "MsgBody[" .. i .. "].MsgType is not a known element type"
        end
        if type(e.MsgContent) ~= "table" then return nil, "MsgBody[" .. i .. "].MsgContent must be an object" end
        if e.MsgType == "TIMTextElem" and type(e.MsgContent.Text) ~= "string" then
            return nil, "MsgBody[" .. i .. "].MsgContent.Text must be a string"
        end
    end
    return true
end

function _M.has(list, value)
    if type(list) ~= "table" then return false end
    for _, v in ipairs(list) do if v == value then return true end end
    return false
end

-- Ask the app's before-callback. -> "allow", reply | "reject" | "drop". An unreachable app or a bad answer lets
-- the action through, as IM does.
function _M.before(ctx, command, payload)
    if not ctx.fire then return "allow" end
    local reply = ctx.fire(command, payload)
    if type(reply) ~= "table" then return "allow" end
    local code = reply.ErrorCode
    if code == 1 then return "reject", reply end
    if code == 2 then return "drop", reply end
    if code ~= nil and code ~= 0 and code ~= 2 then return "reject", reply end
    return "allow", reply
end

function _M.after(ctx, command, payload)
    if ctx.fire then ctx.fire(command, payload) end
end

---------------------------------------------------------------------------------------------------------------
-- Dedup windows: "has this key been seen in the last N seconds?" at a cost independent of how much is stored.
-- Entries go into time buckets (N / SLOTS seconds wide); a lookup reads the few buckets the window covers, and a
-- bucket that has left the window is dropped whole, so nothing is ever rescanned.

local SLOTS = 8
local Window = {}
Window.__index = Window

function _M.window(seconds)
    local width = seconds / SLOTS
    if width < 1 then width = 1 end
    return setmetatable({ span = seconds, width = width, buckets = {}, ids = {}, head = 1, tail = 0 }, Window)
end

local function bucket_of(w, t) return floor(t / w.width) end

-- the entry stored under key within the window ending at now, or nil
function Window.get(w, key, now)
    local b = w.buckets
    for id = bucket_of(w, now), bucket_of(w, now - w.span), -1 do
        local t = b[id]
        local e = t and t[key]
        if e and now - e.at <= w.span and e.at <= now then return e end
    end
    return nil
end

local function expire(w, now)
    local oldest = bucket_of(w, now - w.span)
    local ids, b = w.ids, w.buckets
    while w.head <= w.tail and ids[w.head] < oldest do
        b[ids[w.head]] = nil
        ids[w.head] = nil
        w.head = w.head + 1
    end
end

-- put(key, entry, now): entry.at is set to now
function Window.put(w, key, e, now)
    expire(w, now)
    local id = bucket_of(w, now)
    local t = w.buckets[id]
    if not t then
        t = {}
        w.buckets[id] = t
        -- bucket ids are queued in the order they appear; a clock moved back only adds a later-expiring one
        w.tail = w.tail + 1
        w.ids[w.tail] = id
    end
    e.at = now
    t[key] = e
    return e
end

-- entries still inside the window: { { key = k, entry = e }, … } (for snapshots)
function Window.export(w, now)
    local out = {}
    for i = w.head, w.tail do
        local t = w.buckets[w.ids[i]]
        for k, e in pairs(t or {}) do
            if now - e.at <= w.span then out[#out + 1] = { key = k, entry = e } end
        end
    end
    -- pairs() order within a bucket depends on insertion history: sort, so a reloaded window exports the same
    table.sort(out, function(a, b)
        if a.entry.at ~= b.entry.at then return a.entry.at < b.entry.at end
        return a.key < b.key
    end)
    return out
end

return _M

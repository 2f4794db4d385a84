-- Helpers shared by the emulator's handlers: argument checks, message bodies, callback decisions.
local type, ipairs, pairs, floor, setmetatable, getmetatable = type, ipairs, pairs, math.floor, setmetatable,
    getmetatable
local tonumber, match, find, byte = tonumber, string.match, string.find, string.byte

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
    local t = require("tim.base.catalogue").lookup(service, command)
    return t and t.batch and t.batch.max or default
end

function _M.fingerprint(v)
    if cj_encode then
        local ok, text = pcall(cj_encode, v)
        if ok then return text end
    end
    return json_encode(v) or ""
end

-- is_int(x [, lo [, hi]]): the one integer check (tim.base.checks), under the name the handlers use
_M.is_int = require("tim.base.checks").is_integer

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

-- a C2C send's optional MsgSeq and SyncOtherMachine (sendmsg and its kin, send_c2c_stream_msg) -> true | nil,
-- code, why
function _M.check_seq_sync(body)
    if body.MsgSeq ~= nil and not _M.is_uint32(body.MsgSeq) then
        return nil, 90001, "MsgSeq must be an integer in 0..4294967295"
    end
    if body.SyncOtherMachine ~= nil and body.SyncOtherMachine ~= 1 and body.SyncOtherMachine ~= 2 then
        return nil, 90031, "SyncOtherMachine must be 1 or 2"
    end
    return true
end

-- imported(field, code) -> a lookup for given: the account body[field] names, or code when it is not imported
function _M.imported(field, code)
    return function(ctx, body)
        local id = body[field]
        if not ctx.st:account(id) then return nil, code, field .. " " .. id .. " not imported" end
        return id
    end
end

-- routes(prefix, handlers, names [, routes]) -> routes (a new table without it) with prefix .. name served by
-- handlers[name] for each name: a family's commands that share a service prefix and are named as its handlers
function _M.routes(prefix, handlers, names, routes)
    routes = routes or {}
    for _, name in ipairs(names) do routes[prefix .. name] = handlers[name] end
    return routes
end

-- entry(t, name, key) -> t[name][key], made an empty table when missing: an account's entry in a keyed slice
function _M.entry(t, name, key)
    local e = t[name][key]
    if not e then e = {}; t[name][key] = e end
    return e
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

-- state_of(name, fresh) -> S(st), reset(st): a family's state, st[name], made by fresh() the first time it is asked
-- for; and the family's reset hook (tim.server.emulator.state), which makes it anew
function _M.state_of(name, fresh)
    return function(st)
        local s = st[name]
        if not s then s = fresh(); st[name] = s end
        return s
    end, function(st) st[name] = fresh() end
end

-- forget_in(slice, ...) -> a family's forget hook (tim.server.emulator.state) for slices keyed by account: a
-- deleted account's entry leaves each slice named
function _M.forget_in(...)
    local slices = { ... }
    return function(st, id)
        for _, name in ipairs(slices) do st[name][id] = nil end
    end
end

-- given(lookup, fn) -> the handler of a request that names something the state must hold (a group, an account, a
-- message): lookup(ctx, body) -> x [, y] | nil, code, info finds it (and y, what else it found), and the handler
-- answers lookup's error, or fn(ctx, body, x, y). One lookup-or-refuse for a family's handlers instead of the
-- same three lines atop each.
function _M.given(lookup, fn)
    return function(ctx, body)
        local x, y, info = lookup(ctx, body)
        if not x then return nil, y, info end
        return fn(ctx, body, x, y)
    end
end

-- with_nonempty(lookup, field, code) -> a lookup for given: lookup's x, then the list body[field] (its type checked
-- already, against the endpoint's record) must not be empty (code, "<field> is empty") -> x, the list
function _M.with_nonempty(lookup, field, code)
    return function(ctx, body)
        local x, c, info = lookup(ctx, body)
        if not x then return nil, c, info end
        local list = body[field]
        if #list == 0 then return nil, code, field .. " is empty" end
        return x, list
    end
end

-- with_check(lookup, check, code) -> a lookup for given: lookup's x (and y), then check(body) -> why the body's
-- fields are refused (code, why) | nil: a handler's own field rules, checked after what it names was found
function _M.with_check(lookup, check, code)
    return function(ctx, body)
        local x, y, info = lookup(ctx, body)
        if not x then return nil, y, info end
        local why = check(body)
        if why then return nil, code, why end
        return x, y
    end
end

---------------------------------------------------------------------------------------------------------------
-- Dedup windows: "has this key been seen in the last N seconds?" at a cost independent of how much is stored.
-- Entries go into time buckets (N / SLOTS seconds wide); a lookup reads the few buckets the window covers, and a
-- bucket that has left the window is dropped whole, so nothing is ever rescanned.
--
-- A bucket is itself SHARDS small tables, chosen by the end of the number a key starts with (our keys start with the
-- send's Random): a busy emulator stores tens of thousands of sends a second, and one table per bucket would hold
-- hundreds of thousands of keys, whose every doubling rehashes them all at once (a pause of 50-250 ms under
-- Lua 5.4; docs/performance.md, "The emulator under load").

local SLOTS = 8
local SHARDS = 64
local Window = {}
local window_mt = { __index = Window, __name = "tim.server.emulator.util.window" }

function _M.window(seconds)
    local width = seconds / SLOTS
    if width < 1 then width = 1 end
    return setmetatable({ span = seconds, width = width, buckets = {}, ids = {}, head = 1, tail = 0 }, window_mt)
end

local function bucket_of(w, t) return floor(t / w.width) end

-- the shard of a key, from the three bytes before its first NUL, the end of the number our keys start with (the
-- send's Random: its varying digits, whether Randoms are drawn at random or counted), or its last three; a
-- function of the key alone, so a key read back from a snapshot lands where the send put it. No substring is made.
local function shard_of(key)
    local p = find(key, "\0", 1, true) or #key + 1
    local a, b, c = byte(key, p > 3 and p - 3 or 1, p - 1)
    return (((a or 0) * 31 + (b or 0)) * 31 + (c or 0)) % SHARDS
end

-- the entry stored under key within the window ending at now, or nil
function Window.get(w, key, now)
    local b, s = w.buckets, shard_of(key)
    for id = bucket_of(w, now), bucket_of(w, now - w.span), -1 do
        local t = b[id]
        local e = t and t[s][key]
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
        for s = 0, SHARDS - 1 do t[s] = {} end
        w.buckets[id] = t
        -- bucket ids are queued in the order they appear; a clock moved back only adds a later-expiring one
        w.tail = w.tail + 1
        w.ids[w.tail] = id
    end
    e.at = now
    t[shard_of(key)][key] = e
    return e
end

-- entries still inside the window: { { key = k, entry = e }, … } (for snapshots)
function Window.export(w, now)
    local out = {}
    for i = w.head, w.tail do
        local t = w.buckets[w.ids[i]]
        for s = 0, t and SHARDS - 1 or -1 do
            for k, e in pairs(t[s]) do
                if now - e.at <= w.span then out[#out + 1] = { key = k, entry = e } end
            end
        end
    end
    -- pairs() order within a bucket depends on insertion history: sort, so a reloaded window exports the same
    table.sort(out, function(a, b)
        if a.entry.at ~= b.entry.at then return a.entry.at < b.entry.at end
        return a.key < b.key
    end)
    return out
end

---------------------------------------------------------------------------------------------------------------
-- Message indexes: MsgKey ("<seq>_<random>_<time>") -> message, kept as chunks of CHUNK consecutive seqs. No
-- table in it grows past CHUNK entries (one hash of every stored message rehashes a million keys at once at its
-- next doubling: a 240 ms pause under Lua 5.4), and while messages are sent only the newest chunk is written (the
-- collector's atomic phase revisits every table written since it last looked at it). A key that starts with no
-- number, or whose number a message with another key holds already, goes to a plain table beside the chunks (a
-- snapshot may carry any MsgKey). A message is found by the key it was put under; nothing is ever removed.

local CHUNK = 4096
local MsgIndex = {}
local msg_index_mt = { __index = MsgIndex, __name = "tim.server.emulator.util.msg_index" }

function _M.msg_index()
    return setmetatable({ chunks = {}, other = {} }, msg_index_mt)
end

-- the chunk and slot of a key's leading number, or nil
local function slot_of(key)
    local n = tonumber(match(key, "^(%d+)_"))
    if n and n < 2^53 then return floor(n / CHUNK), n % CHUNK + 1 end
end

-- get(key) -> the message put under key, or nil
function MsgIndex.get(ix, key)
    if type(key) ~= "string" then return nil end
    local id, slot = slot_of(key)
    if id then
        local c = ix.chunks[id]
        local m = c and c[slot]
        if m and m.MsgKey == key then return m end
    end
    return ix.other[key]
end

-- put(m [, seq]): under m.MsgKey; a later message with the same key replaces it. seq: the number the key starts
-- with, when the caller made the key from it (a send: st:msg_key(m.order, ...)), which spares reading it back
function MsgIndex.put(ix, m, seq)
    local key = m.MsgKey
    local id, slot
    if seq then id, slot = floor(seq / CHUNK), seq % CHUNK + 1 else id, slot = slot_of(key) end
    if id then
        local c = ix.chunks[id]
        if not c then c = {}; ix.chunks[id] = c end
        local held = c[slot]
        if not held or held.MsgKey == key then c[slot] = m; return end
    end
    ix.other[key] = m
end

return _M

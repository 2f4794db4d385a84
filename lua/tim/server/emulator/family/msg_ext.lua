-- openim_msg_ext_http_svc/*: message extensions, key/value pairs on a C2C message (by MsgKey) or a group
-- message (GroupId + MsgSeq) (trtc.io/document/51194, 51195, 52169, 52170).
--
-- Every key carries a Seq. Setting (OperateType 1) or deleting (2) a key is a compare-and-set: the caller
-- passes the Seq it last saw (0 for a new key); when the stored Seq differs the pair is refused with 23001 and
-- the answer carries the stored pair, so the caller can retry on fresh data, as the SDK pages describe.
-- Clearing (3) drops every pair and moves ClearSeq. Each change takes the message's next Seq (LatestSeq).
-- Limits from the pages: key ≤100 bytes, value ≤1000 bytes (269/82030), ≤20 pairs per request, ≤300 per
-- message; a get returns pairs sorted by Seq, at most 200 per answer (CompleteFlag 0: get again from StartSeq).
-- After a change: C2C.CallbackAfterC2CMsgExtension / Group.CallbackAfterGroupMsgExtension (trtc.io 76006, 76007).
-- Group extensions: Private (Work), Public, ChatRoom (Meeting) and Community groups, not AVChatRoom (269/82031,
-- 269/82032, newer than 1047/52169 and 52170, which leave Community out).
--
-- Requests are checked against the endpoints' records before a handler runs (tim.base.catalogue.msg_ext; 90001
-- for a malformed request, the group endpoints included, and so here). The C2C records give the fields' types,
-- OperateType's values and the list and byte limits; group_set_key_values's record comes from its page's samples
-- only, so the same limits are checked here for it (from the C2C page, 269/82030). Left for every endpoint:
-- whether the message exists, ExtensionList's presence for OperateType 1 and 2, a message's 300 pairs, and the
-- Seq compare-and-set.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local c2c = require "tim.server.emulator.family.c2c"
local groups = require "tim.server.emulator.family.group"

local ipairs, pairs, type, tostring = ipairs, pairs, type, tostring
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local MAX_PER_REQUEST, MAX_PER_MESSAGE, MAX_PER_GET = 20, 300, 200
-- 269/82030: key at most 100 bytes, value at most 1000 bytes
local MAX_KEY, MAX_VALUE = 100, 1000
local SEQ_CONFLICT = 23001
local BAD = 90001           -- a malformed request (the check_body answer for this family)
local GROUP_TYPES = { Private = true, Public = true, ChatRoom = true, Work = true, Meeting = true, Community = true }

local function fresh() return { c2c = {}, group = {} } end

local S, reset = util.state_of("msg_ext", fresh)

local function ext_of(tbl, key)
    local e = tbl[key]
    if not e then e = { latest = 0, clear = 0, kv = {} }; tbl[key] = e end
    return e
end

local function pairs_sorted(e, start)
    local list = {}
    for k, v in pairs(e.kv) do
        if v.Seq >= start then list[#list + 1] = { Key = k, Value = v.Value, Seq = v.Seq } end
    end
    sort(list, function(a, b) if a.Seq ~= b.Seq then return a.Seq < b.Seq end return a.Key < b.Key end)
    return list
end

local function get_answer(e, body)
    local start = body.StartSeq or 0
    local list = pairs_sorted(e, start)
    local out = array()
    for i = 1, math.min(#list, MAX_PER_GET) do out[i] = list[i] end
    return { CompleteFlag = #list <= MAX_PER_GET and 1 or 0, LatestSeq = e.latest, ClearSeq = e.clear,
             ExtensionList = out }
end

local function count(e)
    local n = 0
    for _ in pairs(e.kv) do n = n + 1 end
    return n
end

-- group_set_key_values: the checks its record (from the samples) cannot make, from the C2C page (269/82030):
-- OperateType 1, 2 or 3, at most 20 pairs, each with a Key of at most 100 bytes and, to set, a Value of at most
-- 1000 bytes -> true | nil, why
local function group_set_fields(body)
    local op = body.OperateType
    if op ~= 1 and op ~= 2 and op ~= 3 then return nil, "OperateType must be 1 (set), 2 (delete) or 3 (clear)" end
    local list = body.ExtensionList
    if list == nil then return true end
    if #list > MAX_PER_REQUEST then return nil, "ExtensionList holds at most " .. MAX_PER_REQUEST .. " pairs" end
    for i, it in ipairs(list) do
        if type(it.Key) ~= "string" or #it.Key > MAX_KEY then
            return nil, "ExtensionList[" .. i .. "].Key must be a string of at most " .. MAX_KEY .. " bytes"
        end
        if op == 1 and (type(it.Value) ~= "string" or #it.Value > MAX_VALUE) then
            return nil, "ExtensionList[" .. i .. "].Value must be a string of at most " .. MAX_VALUE .. " bytes"
        end
    end
    return true
end

-- apply OperateType to extension e -> answer | nil, code, info
local function set_answer(e, body)
    local op = body.OperateType
    if op == 3 then
        e.latest = e.latest + 1
        e.kv, e.clear = {}, e.latest
        return { ClearSeq = e.clear, LatestSeq = e.latest, ExtensionList = array() }
    end
    local list = body.ExtensionList
    -- the page: ExtensionList is required for OperateType 1 and 2
    if list == nil or #list == 0 then return nil, BAD, "ExtensionList must hold the pairs to set or delete" end
    for i, it in ipairs(list) do
        if it.Key == "" then return nil, BAD, "ExtensionList[" .. i .. "].Key is empty" end
        if it.Seq ~= nil and it.Seq < 0 then
            return nil, BAD, "ExtensionList[" .. i .. "].Seq must not be negative"
        end
    end
    if op == 1 then
        local new = 0
        for _, it in ipairs(list) do if not e.kv[it.Key] then new = new + 1 end end
        if count(e) + new > MAX_PER_MESSAGE then
            return nil, BAD, "a message holds at most " .. MAX_PER_MESSAGE .. " extension pairs"
        end
    end
    local out = array()
    for _, it in ipairs(list) do
        local cur = e.kv[it.Key]
        local seen = it.Seq or 0
        if (cur and cur.Seq ~= seen) or (not cur and seen ~= 0 and op == 1) then
            -- somebody changed it first: refuse and hand back what is stored now
            out[#out + 1] = { Key = it.Key, Value = cur and cur.Value or "", Seq = cur and cur.Seq or 0,
                              ErrorCode = SEQ_CONFLICT, ErrorInfo = "Seq conflict: the pair changed since Seq "
                                                                    .. tostring(seen) }
        elseif op == 1 then
            e.latest = e.latest + 1
            e.kv[it.Key] = { Value = it.Value, Seq = e.latest }
            out[#out + 1] = { Key = it.Key, Value = it.Value, Seq = e.latest, ErrorCode = 0, ErrorInfo = "" }
        else
            if cur then
                e.latest = e.latest + 1
                e.kv[it.Key] = nil
            end
            out[#out + 1] = { Key = it.Key, Value = "", Seq = e.latest, ErrorCode = 0, ErrorInfo = "" }
        end
    end
    return { ClearSeq = e.clear, LatestSeq = e.latest, ExtensionList = out }
end

-- the C2C message MsgKey between From_Account (or anyone, when absent) and To_Account -> msg | nil, code, info
local function c2c_msg(ctx, body)
    local st = ctx.st
    local m = c2c.message_by_key(st, body.MsgKey)
    if not m then return nil, 20022, "no C2C message with MsgKey " .. body.MsgKey end
    local to, from = body.To_Account, body.From_Account
    local members = { [m.From_Account] = true, [m.To_Account] = true }
    if not members[to] or (from and not members[from]) then
        return nil, 20022, "MsgKey " .. body.MsgKey .. " is not a message between these accounts"
    end
    return m
end

local function group_msg(ctx, body)
    local st = ctx.st
    local g = type(body.GroupId) == "string" and groups.get(st, body.GroupId)
    if not g then return nil, 10010, "group " .. tostring(body.GroupId) .. " does not exist" end
    if not GROUP_TYPES[g.Type] then
        return nil, 10007, g.Type .. " groups do not support message extensions"
    end
    -- group_set_key_values's record (from the samples) does not say MsgSeq is required
    if not util.is_int(body.MsgSeq, 1) then return nil, BAD, "MsgSeq must be a positive integer" end
    local m = g._by_seq and g._by_seq[body.MsgSeq]
    if m then return m, g end
    for _, x in ipairs(g._by_seq and {} or g.msgs or {}) do
        if x.MsgSeq == body.MsgSeq then return x, g end
    end
    return nil, 10030, "no message " .. body.MsgSeq .. " in " .. g.GroupId
end

-- get_key_values { From_Account?, To_Account, MsgKey, StartSeq? }
_M.get_key_values = util.given(c2c_msg, function(ctx, body, _)
    return get_answer(ext_of(S(ctx.st).c2c, body.MsgKey), body)
end)

-- the after-callback of a change (trtc.io/zh/document/76006, 76007): the pairs that changed and the
-- message's latest Seq
local function changed(res)
    local list = array()
    for _, it in ipairs(res.ExtensionList) do
        if it.ErrorCode == 0 then list[#list + 1] = { Key = it.Key, Value = it.Value, Seq = it.Seq } end
    end
    return list
end

-- set_key_values { From_Account?, To_Account, MsgKey, OperateType, ExtensionList? }
_M.set_key_values = util.given(c2c_msg, function(ctx, body, m)
    local res, rcode, rinfo = set_answer(ext_of(S(ctx.st).c2c, body.MsgKey), body)
    if not res then return nil, rcode, rinfo end
    local list = changed(res)
    if #list > 0 or body.OperateType == 3 then
        util.after(ctx, "C2C.CallbackAfterC2CMsgExtension", {
            From_Account = body.From_Account or m.From_Account, To_Account = body.To_Account, MsgKey = body.MsgKey,
            OperateType = body.OperateType, ExtensionList = list, Seq = res.LatestSeq })
    end
    return res
end)

-- group_get_key_values { GroupId, MsgSeq, StartSeq? }
_M.group_get_key_values = util.given(group_msg, function(ctx, body, _)
    return get_answer(ext_of(S(ctx.st).group, body.GroupId .. "\0" .. body.MsgSeq), body)
end)

-- group_set_key_values { GroupId, MsgSeq, OperateType, ExtensionList? }
function _M.group_set_key_values(ctx, body)
    local ok, why = group_set_fields(body)
    if not ok then return nil, BAD, why end
    local m, code, info = group_msg(ctx, body)
    if not m then return nil, code, info end
    local res, rcode, rinfo = set_answer(ext_of(S(ctx.st).group, body.GroupId .. "\0" .. body.MsgSeq), body)
    if not res then return nil, rcode, rinfo end
    local list = changed(res)
    if #list > 0 or body.OperateType == 3 then
        util.after(ctx, "Group.CallbackAfterGroupMsgExtension", {
            GroupId = body.GroupId, MsgSeq = body.MsgSeq, OperateType = body.OperateType, ExtensionList = list,
            Seq = res.LatestSeq })
    end
    return res
end

local function export_tbl(tbl)
    local out = {}
    for key, e in pairs(tbl) do
        local kv = {}
        for k, v in pairs(e.kv) do kv[k] = { Value = v.Value, Seq = v.Seq } end
        out[key] = { LatestSeq = e.latest, ClearSeq = e.clear, Pairs = kv }
    end
    return out
end

local function import_tbl(t)
    local out = {}
    for key, e in pairs(type(t) == "table" and t or {}) do
        if type(e) == "table" then
            local x = { latest = tonumber(e.LatestSeq) or 0, clear = tonumber(e.ClearSeq) or 0, kv = {} }
            for k, v in pairs(type(e.Pairs) == "table" and e.Pairs or {}) do
                if type(v) == "table" and type(v.Value) == "string" then
                    x.kv[k] = { Value = v.Value, Seq = tonumber(v.Seq) or 0 }
                end
            end
            out[key] = x
        end
    end
    return out
end

-- Snapshot protocol: group keys are "GroupId\0MsgSeq" inside, "GroupId/MsgSeq" in the snapshot.
local EXTENSIONS = T.map(T.object{ LatestSeq = T.integer, ClearSeq = T.integer,
                                   Pairs = T.map(T.object{ Value = T.string, Seq = T.integer }) })
_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ c2c = EXTENSIONS, group = EXTENSIONS },
    reset = reset,
    export = function(st)
        local s = S(st)
        local group = {}
        for k, e in pairs(export_tbl(s.group)) do group[(k:gsub("%z", "/"))] = e end
        return { c2c = export_tbl(s.c2c), group = group }
    end,
    import = function(st, t)
        t = type(t) == "table" and t or {}
        local s = fresh()
        s.c2c = import_tbl(t.c2c)
        for k, e in pairs(import_tbl(t.group)) do
            local gid, seq = k:match("^(.*)/(%d+)$")
            if gid then s.group[gid .. "\0" .. seq] = e end
        end
        st.msg_ext = s
    end,
}

_M.routes = util.routes("openim_msg_ext_http_svc/", _M, {
    "get_key_values", "set_key_values", "group_get_key_values", "group_set_key_values"
})

-- The msg_ext slice (st.msg_ext) is this family's.
_M.SLICES = { "msg_ext" }

return _M

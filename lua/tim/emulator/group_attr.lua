-- Group custom attributes and counters.
--   group_open_attr_http_svc/get_group_attr -> GroupAttrAry = { { key, value } } (lower-case field names, as the
--   page gives them); group_open_http_svc/modify_group_attr (add or change), clear_group_attr, set_group_attr
--   (replace all), delete_group_attr (some keys). At most 16 keys, a key at most 32 bytes, a value at most
--   4,000 bytes, 16,000 bytes in all (10004 above). AVChatRoom groups have no attributes (10007).
--   get_group_counter / update_group_counter (Mode Set | Increase | Decrease) / delete_group_counter on
--   GroupCounter = { { Key, Value } }: at most 5 counters; a value is a signed 64-bit integer.
-- Callback: Group.CallbackAfterGroupAttrChanged.
local util = require "tim.emulator.util"
local json = require "tim.json"
local group = require "tim.emulator.group"

local ipairs, pairs, type = ipairs, pairs, type
local sort = table.sort
local array = json.array

local _M = { _VERSION = "0.1.0" }

local MAX_KEYS, MAX_KEY, MAX_VALUE, MAX_TOTAL = 16, 32, 4000, 16000
local MAX_COUNTERS = 5

local function attr_group(st, id)
    local g, code, info = group.group_or_err(st, id)
    if not g then return nil, code, info end
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups have no custom attributes" end
    return g
end

local function attrs_out(g)
    local keys = {}
    for k in pairs(g.attrs) do keys[#keys + 1] = k end
    sort(keys)
    local out = array()
    for _, k in ipairs(keys) do out[#out + 1] = { key = k, value = g.attrs[k] } end
    return out
end

-- check a GroupAttr list; values required unless keys_only -> nil | why
local function check_attrs(list, keys_only)
    if type(list) ~= "table" or #list == 0 then return "GroupAttr must be a non-empty array" end
    for i, kv in ipairs(list) do
        if type(kv) ~= "table" or type(kv.key) ~= "string" or kv.key == "" or #kv.key > MAX_KEY then
            return "GroupAttr[" .. i .. "].key must be a string of 1.." .. MAX_KEY .. " bytes"
        end
        if not keys_only and (type(kv.value) ~= "string" or #kv.value > MAX_VALUE) then
            return "GroupAttr[" .. i .. "].value must be a string of at most " .. MAX_VALUE .. " bytes"
        end
    end
    return nil
end

local function fits(attrs)
    local n, total = 0, 0
    for k, v in pairs(attrs) do n = n + 1; total = total + #k + #v end
    if n > MAX_KEYS then return "at most " .. MAX_KEYS .. " attributes per group" end
    if total > MAX_TOTAL then return "attributes over " .. MAX_TOTAL .. " bytes in all" end
    return nil
end

local function changed(ctx, g)
    util.after(ctx, "Group.CallbackAfterGroupAttrChanged", { GroupId = g.GroupId, Type = g.Type,
        Operator_Account = ctx.admin, GroupAttrAry = attrs_out(g) })
end

function _M.get_group_attr(ctx, body)
    local g, code, info = attr_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    return { GroupAttrAry = attrs_out(g) }
end

local function apply(ctx, body, replace)
    local g, code, info = attr_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    local why = check_attrs(body.GroupAttr)
    if why then return nil, 10004, why end
    local next_ = {}
    if not replace then for k, v in pairs(g.attrs) do next_[k] = v end end
    for _, kv in ipairs(body.GroupAttr) do next_[kv.key] = kv.value end
    why = fits(next_)
    if why then return nil, 10004, why end
    g.attrs = next_
    changed(ctx, g)
    return {}
end

function _M.modify_group_attr(ctx, body) return apply(ctx, body, false) end
function _M.set_group_attr(ctx, body) return apply(ctx, body, true) end

function _M.clear_group_attr(ctx, body)
    local g, code, info = attr_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    g.attrs = {}
    changed(ctx, g)
    return {}
end

function _M.delete_group_attr(ctx, body)
    local g, code, info = attr_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    local why = check_attrs(body.GroupAttr, true)
    if why then return nil, 10004, why end
    for _, kv in ipairs(body.GroupAttr) do g.attrs[kv.key] = nil end
    changed(ctx, g)
    return {}
end

local function counters_out(g, keys)
    local out = array()
    if keys then
        for _, k in ipairs(keys) do
            if g.counters[k] ~= nil then out[#out + 1] = { Key = k, Value = g.counters[k] } end
        end
        return out
    end
    local all = {}
    for k in pairs(g.counters) do all[#all + 1] = k end
    sort(all)
    for _, k in ipairs(all) do out[#out + 1] = { Key = k, Value = g.counters[k] } end
    return out
end

local function counter_group(st, id)
    local g, code, info = group.group_or_err(st, id)
    if not g then return nil, code, info end
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups have no counters" end
    return g
end

-- get_group_counter { GroupId, GroupCounterKeys? = { … } } -> GroupCounter
function _M.get_group_counter(ctx, body)
    local g, code, info = counter_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    if body.GroupCounterKeys ~= nil and not util.string_list(body.GroupCounterKeys, MAX_COUNTERS) then
        return nil, 10004, "GroupCounterKeys must be a non-empty array of at most " .. MAX_COUNTERS .. " keys"
    end
    return { GroupCounter = counters_out(g, body.GroupCounterKeys) }
end

local MODES = { Set = true, Increase = true, Decrease = true }
local LIMIT = 9007199254740991      -- kept exact in every JSON library

-- update_group_counter { GroupId, Mode? = Set, GroupCounter = { { Key, Value } } } -> GroupCounter (new values)
function _M.update_group_counter(ctx, body)
    local g, code, info = counter_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    local mode = body.Mode or "Set"
    if not MODES[mode] then return nil, 10004, "Mode must be Set, Increase or Decrease" end
    local list = body.GroupCounter
    if type(list) ~= "table" or #list == 0 or #list > MAX_COUNTERS then
        return nil, 10004, "GroupCounter must be a non-empty array of at most " .. MAX_COUNTERS .. " counters"
    end
    local next_ = {}
    for k, v in pairs(g.counters) do next_[k] = v end
    for i, kv in ipairs(list) do
        if type(kv) ~= "table" or type(kv.Key) ~= "string" or kv.Key == "" or #kv.Key > 128 then
            return nil, 10004, "GroupCounter[" .. i .. "].Key must be a string of 1..128 bytes"
        end
        if not util.is_int(kv.Value, -LIMIT, LIMIT) then
            return nil, 10004, "GroupCounter[" .. i .. "].Value must be an integer"
        end
        local v = kv.Value
        if mode == "Increase" then v = (next_[kv.Key] or 0) + v
        elseif mode == "Decrease" then v = (next_[kv.Key] or 0) - v end
        if v > LIMIT or v < -LIMIT then return nil, 10004, "counter " .. kv.Key .. " would overflow" end
        next_[kv.Key] = v
    end
    local n = 0
    for _ in pairs(next_) do n = n + 1 end
    if n > MAX_COUNTERS then return nil, 10004, "at most " .. MAX_COUNTERS .. " counters per group" end
    g.counters = next_
    local keys = {}
    for _, kv in ipairs(list) do keys[#keys + 1] = kv.Key end
    return { GroupCounter = counters_out(g, keys) }
end

-- delete_group_counter { GroupId, GroupCounterKeys = { … } } -> GroupCounter (what is left)
function _M.delete_group_counter(ctx, body)
    local g, code, info = counter_group(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    if not util.string_list(body.GroupCounterKeys, MAX_COUNTERS) then
        return nil, 10004, "GroupCounterKeys must be a non-empty array of at most " .. MAX_COUNTERS .. " keys"
    end
    for _, k in ipairs(body.GroupCounterKeys) do g.counters[k] = nil end
    return { GroupCounter = counters_out(g) }
end

_M.routes = {
    ["group_open_attr_http_svc/get_group_attr"] = _M.get_group_attr,
    ["group_open_http_svc/modify_group_attr"] = _M.modify_group_attr,
    ["group_open_http_svc/clear_group_attr"] = _M.clear_group_attr,
    ["group_open_http_svc/set_group_attr"] = _M.set_group_attr,
    ["group_open_http_svc/delete_group_attr"] = _M.delete_group_attr,
    ["group_open_http_svc/get_group_counter"] = _M.get_group_counter,
    ["group_open_http_svc/update_group_counter"] = _M.update_group_counter,
    ["group_open_http_svc/delete_group_counter"] = _M.delete_group_counter,
}

return _M

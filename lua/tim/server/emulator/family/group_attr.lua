-- Group custom attributes and counters.
--   group_open_attr_http_svc/get_group_attr -> GroupAttrAry = { { key, value } } (lower-case field names, as the
--   page gives them); group_open_http_svc/modify_group_attr (add or change), clear_group_attr, set_group_attr
--   (replace all), delete_group_attr (some keys). At most 16 keys, a key at most 32 bytes, a value at most
--   4,000 bytes (1047/44190), 16,000 bytes in all (10004 above). Every group type has attributes (1047/44187,
--   44190, 59499: AVChatRoom and Community included).
--   get_group_counter / update_group_counter (Mode Set | Increase | Decrease) / delete_group_counter on
--   GroupCounter = { { Key, Value } } (1047/53427-53429): at most 20 counters (the update page's limit, taken
--   for the group too); a value is a signed 64-bit integer; Community groups are refused (10007).
--   delete_group_counter without GroupCounterKeys deletes every counter; with an empty list, none.
--   clear_group_attr applies to every type but Community (1047/44189).
-- The fields are checked against the commands' trees before a handler runs (tim.server.emulator): modify_group_attr
-- and set_group_attr take at most 16 attributes, a key of at most 32 bytes, a value of at most 4,000 bytes
-- (269/67010, 1047/44190); the handlers check what a tree cannot say (every item names its key and value, the
-- group's attributes after the change still fit).
-- Callback: Group.CallbackAfterGroupAttrChanged.
local util = require "tim.server.emulator.util"
local json = require "tim.base.json"
local group = require "tim.server.emulator.family.group"

local ipairs, pairs = ipairs, pairs
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local MAX_KEYS, MAX_TOTAL = 16, 16000
local MAX_COUNTERS = 20

local function attrs_out(g)
    local keys = {}
    for k in pairs(g.attrs) do keys[#keys + 1] = k end
    sort(keys)
    local out = array()
    for _, k in ipairs(keys) do out[#out + 1] = { key = k, value = g.attrs[k] } end
    return out
end

-- what a tree does not say: every item names a key (and, to set, a value) -> nil | why
local function given(list, keys_only)
    for i, kv in ipairs(list) do
        if kv.key == nil or kv.key == "" then return "GroupAttr[" .. i .. "] needs a key" end
        if not keys_only and kv.value == nil then return "GroupAttr[" .. i .. "] needs a value" end
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

_M.get_group_attr = group.on_group(function(_, _, g)
    return { GroupAttrAry = attrs_out(g) }
end)

-- modify (add or change) or set (replace all)
local function apply(ctx, body, g, replace)
    local why = given(body.GroupAttr)
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

_M.modify_group_attr = group.on_group(function(ctx, body, g) return apply(ctx, body, g, false) end)
_M.set_group_attr = group.on_group(function(ctx, body, g) return apply(ctx, body, g, true) end)

-- clear_group_attr { GroupId }: every group type but Community (1047/44189)
_M.clear_group_attr = group.on_group(function(ctx, _, g)
    if g.Type == "Community" then return nil, 10007, "clear_group_attr does not apply to Community groups" end
    g.attrs = {}
    changed(ctx, g)
    return {}
end)

_M.delete_group_attr = group.on_group(function(ctx, body, g)
    local why = given(body.GroupAttr, true)
    if why then return nil, 10004, why end
    for _, kv in ipairs(body.GroupAttr) do g.attrs[kv.key] = nil end
    changed(ctx, g)
    return {}
end)

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

local counter_group = group.group_lookup(function(g)
    if g.Type == "Community" then return "Community groups have no counters" end
end)

-- get_group_counter { GroupId, GroupCounterKeys? = { … } } -> GroupCounter (all when GroupCounterKeys is absent)
_M.get_group_counter = util.given(counter_group, function(_, body, g)
    return { GroupCounter = counters_out(g, body.GroupCounterKeys) }
end)

local LIMIT = 9007199254740991      -- kept exact in every JSON library

-- update_group_counter { GroupId, Mode? = Set, GroupCounter = { { Key, Value } } ≤20 } -> GroupCounter (the new
-- values). The tree types the fields and bounds the list; a counter needs its Key and Value.
_M.update_group_counter = util.given(counter_group, function(_, body, g)
    local mode = body.Mode or "Set"
    local list = body.GroupCounter
    if #list == 0 then return nil, 10004, "GroupCounter must name at least one counter" end
    local next_ = {}
    for k, v in pairs(g.counters) do next_[k] = v end
    for i, kv in ipairs(list) do
        if kv.Key == nil or kv.Key == "" or kv.Value == nil then
            return nil, 10004, "GroupCounter[" .. i .. "] needs a Key and a Value"
        end
        if kv.Value > LIMIT or kv.Value < -LIMIT then
            return nil, 10004, "GroupCounter[" .. i .. "].Value is out of range"
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
end)

-- delete_group_counter { GroupId, GroupCounterKeys? = { … } }: without GroupCounterKeys every counter of the group
-- goes (1047/53429); an empty list, which the record allows and the page does not mention, deletes none. The
-- answer is the common one.
_M.delete_group_counter = util.given(counter_group, function(_, body, g)
    if body.GroupCounterKeys == nil then
        g.counters = {}
    else
        for _, k in ipairs(body.GroupCounterKeys) do g.counters[k] = nil end
    end
    return {}
end)

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

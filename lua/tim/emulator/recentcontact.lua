-- recentcontact/*: conversation lists, pins, conversation groups and marks.
--   get_list (1047/43087: From_Account, TimeStamp, StartIndex, TopTimeStamp, TopStartIndex, AssistFlags; answer
--   SessionItem with Type 1 C2C / 2 group, MsgTime, TopFlag and, once set, StandardMark, CustomMark,
--   ContactGroupId), delete (1047/43088: Type, To_Account | ToGroupid, ClearRamble), top (1047/78304:
--   OperationType 1 pin / 2 unpin, RecentContactItem), create_contact_group / del_contact_group /
--   update_contact_group / search_contact_group / get_contact_group / mark_contact (conversation groups and marks:
--   GroupContactItem, GroupName, UpdateType/UpdateGroup, ContactItem, MarkItem with OptType, SetMark, ClearMark,
--   CustomMark).
--
-- Storage: C2C conversations are kept per owner as sends arrive (touch); group conversations are not written
-- per member on every group message (that would cost a group's size per send): get_list derives them from the
-- groups the owner has joined and their LastMsgTime, minus those the owner deleted since.
local util = require "tim.emulator.util"
local T = require "tim.emulator.shape"
local json = require "tim.json"

local pairs, ipairs, type, tostring, tonumber, error = pairs, ipairs, type, tostring, tonumber, error
local sort, concat = table.sort, table.concat
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PAGE = 100
local MAX_CONTACT_GROUPS = 20       -- conversation groups per user
local MAX_MARK_BITS = 64

local function key_of(kind, peer) return tostring(kind) .. ":" .. peer end

local function bag(st, tbl, owner)
    local t = st[tbl][owner]
    if not t then t = {}; st[tbl][owner] = t end
    return t
end

-- touch(st, owner, kind, peer, t): owner's conversation with a user (kind 1) or a group (kind 2) moved to time t
function _M.touch(st, owner, kind, peer, t)
    local r = bag(st, "recent", owner)
    local key = key_of(kind, peer)
    local s = r[key]
    if not s then
        s = { Type = kind, TopFlag = 0 }
        if kind == 1 then s.To_Account = peer else s.GroupId = peer end
        r[key] = s
    end
    if (s.MsgTime or 0) <= t then s.MsgTime = t end
    st.recent_serial = st.recent_serial + 1
    s.serial = st.recent_serial
    s.deleted = nil
end

---------------------------------------------------------------------------------------------------------------
-- State

local function reset(st)
    st.recent, st.recent_serial = {}, 0
    st.contact_groups = {}      -- owner -> { next_id, list = { { GroupId, GroupName, contacts = { key = true } } } }
    st.contact_marks = {}       -- owner -> key -> { bits = { [n] = true }, CustomMark, Timestamp }
end

local function export(st)
    local sessions, groups, marks = {}, {}, {}
    for owner, r in pairs(st.recent) do
        for _, s in pairs(r) do
            sessions[#sessions + 1] = { owner = owner, Type = s.Type, To_Account = s.To_Account, GroupId = s.GroupId,
                                        MsgTime = s.MsgTime, TopFlag = s.TopFlag, top_time = s.top_time,
                                        serial = s.serial, deleted = s.deleted }
        end
    end
    sort(sessions, function(a, b) return (a.serial or 0) < (b.serial or 0) end)
    for owner, cg in pairs(st.contact_groups) do
        for _, g in ipairs(cg.list) do
            local contacts = {}
            for k in pairs(g.contacts) do contacts[#contacts + 1] = k end
            sort(contacts)
            groups[#groups + 1] = { owner = owner, GroupId = g.GroupId, GroupName = g.GroupName, contacts = contacts }
        end
    end
    for owner, mk in pairs(st.contact_marks) do
        for k, m in pairs(mk) do
            local bits = {}
            for n in pairs(m.bits) do bits[#bits + 1] = n end
            sort(bits)
            marks[#marks + 1] = { owner = owner, contact = k, bits = bits, CustomMark = m.CustomMark,
                                  Timestamp = m.Timestamp }
        end
    end
    return { sessions = sessions, contact_groups = groups, marks = marks, serial = st.recent_serial }
end

local function import(st, t)
    st.recent_serial = util.is_int(t.serial, 0) and t.serial or 0
    for i, s in ipairs(t.sessions or {}) do
        if type(s) ~= "table" or not util.is_id(s.owner) or (s.Type ~= 1 and s.Type ~= 2) then
            error("sessions[" .. i .. "] needs owner and Type 1 or 2", 0)
        end
        local peer = s.Type == 1 and s.To_Account or s.GroupId
        if type(peer) ~= "string" or peer == "" then error("sessions[" .. i .. "] needs its peer", 0) end
        bag(st, "recent", s.owner)[key_of(s.Type, peer)] = {
            Type = s.Type, To_Account = s.To_Account, GroupId = s.GroupId, MsgTime = s.MsgTime or 0,
            TopFlag = s.TopFlag == 1 and 1 or 0, top_time = s.top_time, serial = s.serial or 0,
            deleted = s.deleted }
    end
    for i, g in ipairs(t.contact_groups or {}) do
        if type(g) ~= "table" or not util.is_id(g.owner) or not util.is_int(g.GroupId, 1)
           or type(g.GroupName) ~= "string" then
            error("contact_groups[" .. i .. "] needs owner, GroupId and GroupName", 0)
        end
        local cg = st.contact_groups[g.owner] or { next_id = 1, list = {} }
        st.contact_groups[g.owner] = cg
        local contacts = {}
        for _, k in ipairs(g.contacts or {}) do contacts[k] = true end
        cg.list[#cg.list + 1] = { GroupId = g.GroupId, GroupName = g.GroupName, contacts = contacts }
        if g.GroupId >= cg.next_id then cg.next_id = g.GroupId + 1 end
    end
    for i, m in ipairs(t.marks or {}) do
        if type(m) ~= "table" or not util.is_id(m.owner) or type(m.contact) ~= "string" then
            error("marks[" .. i .. "] needs owner and contact", 0)
        end
        local bits = {}
        for _, n in ipairs(m.bits or {}) do bits[n] = true end
        bag(st, "contact_marks", m.owner)[m.contact] = { bits = bits, CustomMark = m.CustomMark,
                                                         Timestamp = m.Timestamp }
    end
end

local function forget(st, id)
    st.recent[id], st.contact_groups[id], st.contact_marks[id] = nil, nil, nil
end

-- the types of export's table (tim.emulator.shape)
local SHAPE = T.object{
    serial = T.integer,
    sessions = T.array(T.object{
        owner = T.required(T.string), Type = T.required(T.integer), To_Account = T.string, GroupId = T.string,
        MsgTime = T.integer, TopFlag = T.integer, top_time = T.integer, serial = T.integer, deleted = T.integer,
    }),
    contact_groups = T.array(T.object{ owner = T.required(T.string), GroupId = T.required(T.integer),
                                       GroupName = T.required(T.string), contacts = T.array(T.string) }),
    marks = T.array(T.object{ owner = T.required(T.string), contact = T.required(T.string),
                              bits = T.array(T.integer), CustomMark = T.string, Timestamp = T.integer }),
}

_M.state = { reset = reset, export = export, import = import, forget = forget, shape = SHAPE }

---------------------------------------------------------------------------------------------------------------
-- Handlers

local function owner_or_err(st, body)
    local id = body.From_Account
    if not util.is_id(id) then return nil, 50002, "From_Account must be a UserID" end
    if not st:account(id) then return nil, 50001, "From_Account " .. id .. " not imported" end
    return id
end

-- a conversation object { Type, To_Account | ToGroupId | GroupId } -> key, kind, peer | nil, why
local function contact_of(it)
    if type(it) ~= "table" then return nil, "a conversation must be an object" end
    if it.Type == 1 then
        if not util.is_id(it.To_Account) then return nil, "a C2C conversation (Type 1) needs To_Account" end
        return key_of(1, it.To_Account), 1, it.To_Account
    elseif it.Type == 2 then
        local g = it.ToGroupId or it.GroupId or it.ToGroupid
        if type(g) ~= "string" or g == "" then return nil, "a group conversation (Type 2) needs ToGroupId" end
        return key_of(2, g), 2, g
    end
    return nil, "Type must be 1 (C2C) or 2 (group)"
end

local function mark_string(m)
    if not m then return nil end
    local top = 0
    for n in pairs(m.bits) do if n > top then top = n end end
    local t = {}
    for n = top, 0, -1 do t[#t + 1] = m.bits[n] and "1" or "0" end
    return concat(t)
end

local function group_ids_of(st, owner, key)
    local cg = st.contact_groups[owner]
    if not cg then return nil end
    local ids
    for _, g in ipairs(cg.list) do
        if g.contacts[key] then ids = ids or array(); ids[#ids + 1] = g.GroupId end
    end
    return ids
end

-- every conversation of owner, C2C kept ones plus the groups joined (with a message since any delete)
local function sessions_of(st, owner)
    local r = st.recent[owner] or {}
    local all = {}
    for _, s in pairs(r) do
        if not s.deleted and (s.MsgTime or 0) > 0 or s.TopFlag == 1 then all[#all + 1] = s end
    end
    local joined = st.joined and st.joined[owner]
    if joined then
        for gid in pairs(joined) do
            local g = st.groups[gid]
            local key = key_of(2, gid)
            local s = r[key]
            if g and g.LastMsgTime and g.LastMsgTime > 0 then
                if not s then
                    s = { Type = 2, GroupId = gid, TopFlag = 0, MsgTime = 0, serial = 0 }
                    r[key] = s
                    st.recent[owner] = r
                end
                if g.LastMsgTime > (s.MsgTime or 0) then
                    s.MsgTime, s.serial = g.LastMsgTime, g.last_serial or 0
                    if s.deleted and s.deleted < g.LastMsgTime then s.deleted = nil end
                end
                if not s.deleted then all[#all + 1] = s end
            end
        end
    end
    -- a group session touched explicitly and also joined appears once
    local seen, out = {}, {}
    for _, s in ipairs(all) do
        local key = key_of(s.Type, s.To_Account or s.GroupId)
        if not seen[key] then seen[key] = true; out[#out + 1] = s end
    end
    return out
end

local function session_out(st, owner, s)
    local key = key_of(s.Type, s.To_Account or s.GroupId)
    local m = st.contact_marks[owner] and st.contact_marks[owner][key]
    return { Type = s.Type, To_Account = s.To_Account, GroupId = s.GroupId, MsgTime = s.MsgTime or 0,
             TopFlag = s.TopFlag or 0, StandardMark = mark_string(m), CustomMark = m and m.CustomMark or nil,
             ContactGroupId = group_ids_of(st, owner, key) }
end

-- get_list: pinned conversations first (by pin time, newest first), then the rest by MsgTime, newest first;
-- 100 per page, carried by StartIndex (the answer's TimeStamp/StartIndex go back in the next request)
function _M.get_list(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    for _, f in ipairs{ "TimeStamp", "StartIndex", "TopTimeStamp", "TopStartIndex", "AssistFlags" } do
        if body[f] ~= nil and not util.is_int(body[f], 0) then
            return nil, 50002, f .. " must be a non-negative integer"
        end
    end
    local start = body.StartIndex or 0
    local all = sessions_of(st, id)
    local pin_first = body.AssistFlags == nil or body.AssistFlags % 2 == 1
    sort(all, function(a, b)
        if pin_first and (a.TopFlag or 0) ~= (b.TopFlag or 0) then return (a.TopFlag or 0) > (b.TopFlag or 0) end
        if pin_first and a.TopFlag == 1 and (a.top_time or 0) ~= (b.top_time or 0) then
            return (a.top_time or 0) > (b.top_time or 0)
        end
        if (a.MsgTime or 0) ~= (b.MsgTime or 0) then return (a.MsgTime or 0) > (b.MsgTime or 0) end
        return (a.serial or 0) > (b.serial or 0)
    end)
    local items = array()
    for i = start + 1, math.min(#all, start + PAGE) do items[#items + 1] = session_out(st, id, all[i]) end
    local done = start + PAGE >= #all
    return { SessionItem = items, CompleteFlag = done and 1 or 0, TimeStamp = st:now(),
             StartIndex = done and 0 or start + PAGE, TopTimeStamp = st:now(), TopStartIndex = 0 }
end

-- delete { From_Account, Type = 1 | 2, To_Account | ToGroupid, ClearRamble? = 1 (also the history) }
function _M.delete(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    local peer
    if body.Type == 1 then peer = body.To_Account
    elseif body.Type == 2 then peer = body.ToGroupid or body.ToGroupId or body.GroupId
    else return nil, 50002, "Type must be 1 (C2C) or 2 (group)" end
    if type(peer) ~= "string" or peer == "" then
        return nil, 50002, body.Type == 1 and "To_Account must be a UserID" or "ToGroupid must be a GroupId"
    end
    if body.ClearRamble ~= nil and body.ClearRamble ~= 0 and body.ClearRamble ~= 1 then
        return nil, 50002, "ClearRamble must be 0 or 1"
    end
    local r = bag(st, "recent", id)
    local key = key_of(body.Type, peer)
    local s = r[key]
    if not s then
        s = { Type = body.Type, TopFlag = 0, MsgTime = 0, serial = 0 }
        if body.Type == 1 then s.To_Account = peer else s.GroupId = peer end
        r[key] = s
    end
    s.deleted, s.TopFlag = st:now(), 0
    if body.ClearRamble == 1 and body.Type == 1 and st.c2c then
        local c2c = require "tim.emulator.c2c"
        for _, m in ipairs(st.c2c[c2c.conv_key(id, peer)] or {}) do
            m.deleted_by = m.deleted_by or {}
            m.deleted_by[id] = true
        end
    end
    return {}
end

-- top { From_Account, OperationType = 1 (pin) | 2 (unpin), RecentContactItem = { { Type, To_Account | GroupId } } }
function _M.top(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    if body.OperationType ~= 1 and body.OperationType ~= 2 then
        return nil, 50002, "OperationType must be 1 (pin) or 2 (unpin)"
    end
    local list = body.RecentContactItem
    if type(list) ~= "table" or #list == 0 or #list > 100 then
        return nil, 50002, "RecentContactItem must be a non-empty array of at most 100 conversations"
    end
    local keys = {}
    for i, it in ipairs(list) do
        local key, kind, peer = contact_of(it)
        if not key then return nil, 50002, "RecentContactItem[" .. i .. "]: " .. kind end
        keys[#keys + 1] = { key, kind, peer }
    end
    local now = st:now()
    local r = bag(st, "recent", id)
    for _, k in ipairs(keys) do
        local s = r[k[1]]
        if not s then
            s = { Type = k[2], TopFlag = 0, MsgTime = 0, serial = 0 }
            if k[2] == 1 then s.To_Account = k[3] else s.GroupId = k[3] end
            r[k[1]] = s
        end
        if body.OperationType == 1 then
            s.TopFlag, s.top_time, s.deleted = 1, now, nil
            st.recent_serial = st.recent_serial + 1
            s.top_serial = st.recent_serial
        else
            s.TopFlag, s.top_time = 0, nil
        end
    end
    return {}
end

local function groups_of(st, owner)
    local cg = st.contact_groups[owner]
    if not cg then cg = { next_id = 1, list = {} }; st.contact_groups[owner] = cg end
    return cg
end

local function find_group(cg, name)
    for i, g in ipairs(cg.list) do if g.GroupName == name then return g, i end end
end

local function group_name_ok(name)
    return type(name) == "string" and name ~= "" and #name <= 32
end

-- create_contact_group { From_Account, GroupContactItem = { { GroupName, ContactItem = { … } } } }
--   -> GroupResultItem = { { GroupName, GroupId, ContactItem = { … } } }
function _M.create_contact_group(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    local items = body.GroupContactItem
    if type(items) ~= "table" or #items == 0 then
        return nil, 50002, "GroupContactItem must be a non-empty array"
    end
    local cg = groups_of(st, id)
    local plans = {}
    for i, it in ipairs(items) do
        if type(it) ~= "table" or not group_name_ok(it.GroupName) then
            return nil, 50002, "GroupContactItem[" .. i .. "].GroupName must be a string of 1..32 bytes"
        end
        if find_group(cg, it.GroupName) then return nil, 51008, "conversation group " .. it.GroupName
            .. " already exists" end
        local keys = {}
        for j, c in ipairs(type(it.ContactItem) == "table" and it.ContactItem or {}) do
            local key, why = contact_of(c)
            if not key then return nil, 50002, "GroupContactItem[" .. i .. "].ContactItem[" .. j .. "]: " .. why end
            keys[#keys + 1] = { key = key, item = c }
        end
        plans[#plans + 1] = { name = it.GroupName, keys = keys }
    end
    if #cg.list + #plans > MAX_CONTACT_GROUPS then
        return nil, 51007, "at most " .. MAX_CONTACT_GROUPS .. " conversation groups per user"
    end
    local res = array()
    for _, p in ipairs(plans) do
        local g = { GroupId = cg.next_id, GroupName = p.name, contacts = {} }
        cg.next_id = cg.next_id + 1
        cg.list[#cg.list + 1] = g
        local contacts = array()
        for _, k in ipairs(p.keys) do
            g.contacts[k.key] = true
            contacts[#contacts + 1] = { Type = k.item.Type, To_Account = k.item.To_Account,
                                        ToGroupId = k.item.ToGroupId or k.item.GroupId, ResultCode = 0 }
        end
        res[#res + 1] = { GroupName = g.GroupName, GroupId = g.GroupId, ContactItem = contacts }
    end
    return { GroupResultItem = res }
end

-- del_contact_group { From_Account, GroupName = { name, … } } -> GroupName (deleted)
function _M.del_contact_group(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    if not util.string_list(body.GroupName) then return nil, 50002, "GroupName must be a non-empty array" end
    local cg = groups_of(st, id)
    for _, name in ipairs(body.GroupName) do
        if not find_group(cg, name) then return nil, 51009, "no conversation group named " .. name end
    end
    for _, name in ipairs(body.GroupName) do
        local _, i = find_group(cg, name)
        table.remove(cg.list, i)
    end
    return { GroupName = array(util.copy(body.GroupName)) }
end

-- update_contact_group { From_Account, UpdateType = 1, UpdateGroup = { UpdateGroupType = 1 (rename) | 2 (add or
--   remove conversations), OldGroupName, NewGroupName?, ContactUpdateItem = { { UpdateOperationType = 1 (add) |
--   2 (remove), ContactItem = { Type, To_Account | ToGroupId } } } } } -> GroupName, GroupId, ContactItem
function _M.update_contact_group(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    if body.UpdateType ~= nil and body.UpdateType ~= 1 then return nil, 50002, "UpdateType must be 1" end
    local u = body.UpdateGroup
    if type(u) ~= "table" then return nil, 50002, "UpdateGroup must be an object" end
    if u.UpdateGroupType ~= 1 and u.UpdateGroupType ~= 2 then
        return nil, 50002, "UpdateGroup.UpdateGroupType must be 1 (rename) or 2 (conversations)"
    end
    if not group_name_ok(u.OldGroupName) then return nil, 50002, "UpdateGroup.OldGroupName must be a group name" end
    local cg = groups_of(st, id)
    local g = find_group(cg, u.OldGroupName)
    if not g then return nil, 51009, "no conversation group named " .. u.OldGroupName end
    local changed = array()
    if u.UpdateGroupType == 1 then
        if not group_name_ok(u.NewGroupName) then
            return nil, 50002, "UpdateGroup.NewGroupName must be a string of 1..32 bytes"
        end
        if u.NewGroupName ~= g.GroupName and find_group(cg, u.NewGroupName) then
            return nil, 51008, "conversation group " .. u.NewGroupName .. " already exists"
        end
        g.GroupName = u.NewGroupName
    else
        local items = u.ContactUpdateItem
        if type(items) ~= "table" or #items == 0 then
            return nil, 50002, "UpdateGroup.ContactUpdateItem must be a non-empty array"
        end
        local plans = {}
        for i, it in ipairs(items) do
            if type(it) ~= "table" or (it.UpdateOperationType ~= 1 and it.UpdateOperationType ~= 2) then
                return nil, 50002, "ContactUpdateItem[" .. i .. "].UpdateOperationType must be 1 (add) or 2 (remove)"
            end
            local key, why = contact_of(it.ContactItem)
            if not key then return nil, 50002, "ContactUpdateItem[" .. i .. "].ContactItem: " .. why end
            plans[#plans + 1] = { key = key, add = it.UpdateOperationType == 1, item = it.ContactItem }
        end
        for _, p in ipairs(plans) do
            g.contacts[p.key] = p.add or nil
            changed[#changed + 1] = { Type = p.item.Type, To_Account = p.item.To_Account,
                                      ToGroupId = p.item.ToGroupId or p.item.GroupId, ResultCode = 0 }
        end
    end
    return { GroupName = g.GroupName, GroupId = g.GroupId, ContactItem = changed }
end

-- search_contact_group { From_Account, ContactItem = { { Type, To_Account | ToGroupId } } }
--   -> ContactResultItem = { { Type, To_Account | ToGroupId, ContactGroupId = { … } } }, GroupItem
function _M.search_contact_group(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    local list = body.ContactItem
    if type(list) ~= "table" or #list == 0 then return nil, 50002, "ContactItem must be a non-empty array" end
    local res = array()
    local used = {}
    for i, c in ipairs(list) do
        local key, why = contact_of(c)
        if not key then return nil, 50002, "ContactItem[" .. i .. "]: " .. why end
        local ids = group_ids_of(st, id, key) or array()
        for _, gid in ipairs(ids) do used[gid] = true end
        res[#res + 1] = { Type = c.Type, To_Account = c.To_Account, ToGroupId = c.ToGroupId or c.GroupId,
                          ContactGroupId = ids }
    end
    local groups = array()
    for _, g in ipairs(groups_of(st, id).list) do
        if used[g.GroupId] then groups[#groups + 1] = { GroupName = g.GroupName, GroupId = g.GroupId } end
    end
    return { ContactResultItem = res, GroupItem = groups }
end

-- mark_contact { From_Account, MarkItem = { { OptType = 1 (standard) | 2 (custom) | 3 (both), ContactItem,
--   SetMark = { bit, … }, ClearMark = { bit, … }, CustomMark = "≤256 bytes" } ≤100 } } -> ResultItem
function _M.mark_contact(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    local items = body.MarkItem
    if type(items) ~= "table" or #items == 0 or #items > 100 then
        return nil, 50002, "MarkItem must be a non-empty array of at most 100 items"
    end
    local plans = {}
    for i, it in ipairs(items) do
        if type(it) ~= "table" or (it.OptType ~= 1 and it.OptType ~= 2 and it.OptType ~= 3) then
            return nil, 50002, "MarkItem[" .. i .. "].OptType must be 1, 2 or 3"
        end
        local key, why = contact_of(it.ContactItem)
        if not key then return nil, 50002, "MarkItem[" .. i .. "].ContactItem: " .. why end
        for _, f in ipairs{ "SetMark", "ClearMark" } do
            if it[f] ~= nil then
                if type(it[f]) ~= "table" then
                    return nil, 50002, "MarkItem[" .. i .. "]." .. f .. " must be an array"
                end
                for _, n in ipairs(it[f]) do
                    if not util.is_int(n, 0, MAX_MARK_BITS - 1) then
                        return nil, 50002, "MarkItem[" .. i .. "]." .. f .. " holds bit numbers 0.."
                                           .. MAX_MARK_BITS - 1
                    end
                end
            end
        end
        if it.CustomMark ~= nil and (type(it.CustomMark) ~= "string" or #it.CustomMark > 256) then
            return nil, 50002, "MarkItem[" .. i .. "].CustomMark must be a string of at most 256 bytes"
        end
        plans[#plans + 1] = { key = key, it = it }
    end
    local now = st:now()
    local marks = bag(st, "contact_marks", id)
    local res = array()
    for _, p in ipairs(plans) do
        local it = p.it
        local m = marks[p.key] or { bits = {} }
        marks[p.key] = m
        if it.OptType == 1 or it.OptType == 3 then
            for _, n in ipairs(it.SetMark or {}) do m.bits[n] = true end
            for _, n in ipairs(it.ClearMark or {}) do m.bits[n] = nil end
        end
        if (it.OptType == 2 or it.OptType == 3) and it.CustomMark ~= nil then m.CustomMark = it.CustomMark end
        m.Timestamp = now
        local c = it.ContactItem
        res[#res + 1] = { OptType = it.OptType, ContactItem = { Type = c.Type, To_Account = c.To_Account,
                          ToGroupId = c.ToGroupId or c.GroupId }, ResultCode = 0, ResultInfo = "",
                          StandardMark = mark_string(m), CustomMark = m.CustomMark }
    end
    return { ResultItem = res }
end

-- get_contact_group { From_Account, StartIndex? } -> ContactItem (marked or grouped conversations), GroupItem,
--   CompleteFlag, NextStartIndex
function _M.get_contact_group(ctx, body)
    local st = ctx.st
    local id, code, info = owner_or_err(st, body)
    if not id then return nil, code, info end
    local start = body.StartIndex or 0
    if not util.is_int(start, 0) then return nil, 50002, "StartIndex must be a non-negative integer" end
    local keys, seen = {}, {}
    local cg = groups_of(st, id)
    for _, g in ipairs(cg.list) do
        for k in pairs(g.contacts) do if not seen[k] then seen[k] = true; keys[#keys + 1] = k end end
    end
    for k in pairs(st.contact_marks[id] or {}) do if not seen[k] then seen[k] = true; keys[#keys + 1] = k end end
    sort(keys)
    local items = array()
    for i = start + 1, math.min(#keys, start + PAGE) do
        local k = keys[i]
        local kind, peer = k:match("^(%d):(.*)$")
        local m = st.contact_marks[id] and st.contact_marks[id][k]
        items[#items + 1] = { Type = tonumber(kind), To_Account = kind == "1" and peer or nil,
                              ToGroupId = kind == "2" and peer or nil, StandardMark = mark_string(m) or "",
                              CustomMark = m and m.CustomMark or "",
                              ContactGroupId = group_ids_of(st, id, k) or array(),
                              Timestamp = m and m.Timestamp or 0 }
    end
    local groups = array()
    for _, g in ipairs(cg.list) do groups[#groups + 1] = { GroupName = g.GroupName, GroupId = g.GroupId } end
    local done = start + PAGE >= #keys
    return { ContactItem = items, GroupItem = groups, CompleteFlag = done and 1 or 0,
             NextStartIndex = done and 0 or start + PAGE }
end

_M.routes = {}
for _, name in ipairs{ "get_list", "delete", "top", "create_contact_group", "del_contact_group",
                       "update_contact_group", "search_contact_group", "mark_contact", "get_contact_group" } do
    _M.routes["recentcontact/" .. name] = _M[name]
end

return _M

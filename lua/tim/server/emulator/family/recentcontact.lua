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
--
-- Every command's request is checked against its page's tree before the handler runs (tim.server.emulator, 50002
-- for a malformed one): the handlers check the owner (50001), the rules across fields (a one-to-one
-- conversation names To_Account, a group one ToGroupId) and the state (51007-51009). The answers carry the
-- pages' names: create_contact_group GroupResultItem = { { GroupItem, ResultItem } } (1047/53437),
-- del_contact_group GroupItem (53441), update_contact_group UpdateType and UpdateGroupResult (53439),
-- search_contact_group and get_contact_group items with StandardMark, CustomMark, Timestamp (53442, 53440).
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local group = require "tim.server.emulator.family.group"

local pairs, ipairs, type, tostring, tonumber, error = pairs, ipairs, type, tostring, tonumber, error
local sort, concat = table.sort, table.concat
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PAGE = 100
local MAX_CONTACT_GROUPS = 20       -- conversation groups per user
local MAX_MARK_BITS = 64

local function key_of(kind, peer) return tostring(kind) .. ":" .. peer end

local bag = util.entry

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

local forget = util.forget_in("recent", "contact_groups", "contact_marks")

-- the types of export's table (tim.server.emulator.shape)
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

-- the lookup of util.given: the imported account From_Account names
local function from_account(ctx, body)
    local id = body.From_Account
    if not util.is_id(id) then return nil, 50002, "From_Account must be a UserID" end
    if not ctx.st:account(id) then return nil, 50001, "From_Account " .. id .. " not imported" end
    return id
end

-- a conversation object { Type, To_Account | ToGroupId | GroupId } -> key, kind, peer | nil, why (Type may come
-- as a string: search_contact_group's table types it so)
local function contact_of(it)
    if type(it) ~= "table" then return nil, "a conversation must be an object" end
    local kind = tonumber(it.Type)
    if kind == 1 then
        if not util.is_id(it.To_Account) then return nil, "a C2C conversation (Type 1) needs To_Account" end
        return key_of(1, it.To_Account), 1, it.To_Account
    elseif kind == 2 then
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
    local joined = group.joined_of(st, owner)
    if joined then
        for gid in pairs(joined) do
            local g = group.get(st, gid)
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

local function by_time(a, b)
    if (a.MsgTime or 0) ~= (b.MsgTime or 0) then return (a.MsgTime or 0) > (b.MsgTime or 0) end
    return (a.serial or 0) > (b.serial or 0)
end

local function by_pin_time(a, b)
    if (a.top_time or 0) ~= (b.top_time or 0) then return (a.top_time or 0) > (b.top_time or 0) end
    return by_time(a, b)
end

-- get_list { From_Account, TimeStamp, StartIndex, TopTimeStamp, TopStartIndex, AssistFlags } (1047/43087): with
-- AssistFlags bit 0 (the page asks for 63), the pinned conversations come first, by pin time, paged by
-- TopStartIndex; then the others by MsgTime, newest first, paged by StartIndex; 100 a page. The answer's
-- TimeStamp, StartIndex, TopTimeStamp and TopStartIndex go back in the next request; CompleteFlag 1 on the last.
_M.get_list = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local pin_first = body.AssistFlags % 2 == 1
    local pinned, rest = {}, {}
    for _, s in ipairs(sessions_of(st, id)) do
        if pin_first and s.TopFlag == 1 then pinned[#pinned + 1] = s else rest[#rest + 1] = s end
    end
    sort(pinned, by_pin_time)
    sort(rest, by_time)
    local items = array()
    local ti = body.TopStartIndex > 0 and body.TopStartIndex or 0
    while ti < #pinned and #items < PAGE do
        ti = ti + 1
        items[#items + 1] = session_out(st, id, pinned[ti])
    end
    local si = body.StartIndex > 0 and body.StartIndex or 0
    while si < #rest and #items < PAGE do
        si = si + 1
        items[#items + 1] = session_out(st, id, rest[si])
    end
    local done = ti >= #pinned and si >= #rest
    local now = st:now()
    return { SessionItem = items, CompleteFlag = done and 1 or 0,
             TimeStamp = body.TimeStamp > 0 and body.TimeStamp or now, StartIndex = done and 0 or si,
             TopTimeStamp = body.TopTimeStamp > 0 and body.TopTimeStamp or now, TopStartIndex = done and 0 or ti }
end)

-- The C2C family owns the messages: it says how to clear one side's roaming history (ClearRamble), so this family
-- never reads its state (tim.server.emulator.family.c2c registers it when it loads)
local clear_ramble
function _M.on_clear_ramble(fn) clear_ramble = fn end

-- delete { From_Account, Type = 1 | 2, To_Account | ToGroupid, ClearRamble? = 1 (also the history) }: Type 1
-- names To_Account, Type 2 ToGroupid (this spelling on the page)
_M.delete = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local peer
    if body.Type == 1 then peer = body.To_Account else peer = body.ToGroupid end
    if peer == nil or peer == "" then
        return nil, 50002, body.Type == 1 and "Type 1 needs To_Account" or "Type 2 needs ToGroupid"
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
    if body.ClearRamble == 1 and body.Type == 1 and clear_ramble then
        clear_ramble(st, id, peer)
    end
    return {}
end)

-- top { From_Account, OperationType = 1 (pin) | 2 (unpin), RecentContactItem = { { Type, To_Account | GroupId } } }
_M.top = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local list = body.RecentContactItem
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
end)

local function groups_of(st, owner)
    local cg = st.contact_groups[owner]
    if not cg then cg = { next_id = 1, list = {} }; st.contact_groups[owner] = cg end
    return cg
end

local function find_group(cg, name)
    for i, g in ipairs(cg.list) do if g.GroupName == name then return g, i end end
end

-- a conversation as the pages answer it: { Type = 1, To_Account } or { Type = 2, ToGroupId }
local function contact_out(kind, peer)
    if kind == 1 then return { Type = 1, To_Account = peer } end
    return { Type = 2, ToGroupId = peer }
end

-- create_contact_group { From_Account, GroupContactItem = { { GroupName, ContactItem = { … } } } (one group a
--   request: the tree's max_items) } -> GroupResultItem = { { GroupItem = { GroupName, GroupId },
--   ResultItem = { { ContactItem, ResultCode, ResultInfo } } } } (1047/53437)
_M.create_contact_group = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local cg = groups_of(st, id)
    local plans = {}
    for i, it in ipairs(body.GroupContactItem) do
        if it.GroupName == "" then return nil, 50002, "GroupContactItem[" .. i .. "].GroupName must not be empty" end
        if find_group(cg, it.GroupName) then
            return nil, 51008, "conversation group " .. it.GroupName .. " already exists"
        end
        local keys = {}
        for j, c in ipairs(it.ContactItem) do
            local key, kind, peer = contact_of(c)
            if not key then
                return nil, 50002, "GroupContactItem[" .. i .. "].ContactItem[" .. j .. "]: " .. kind
            end
            keys[#keys + 1] = { key = key, kind = kind, peer = peer }
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
        local results = array()
        for _, k in ipairs(p.keys) do
            g.contacts[k.key] = true
            results[#results + 1] = { ContactItem = contact_out(k.kind, k.peer), ResultCode = 0, ResultInfo = "" }
        end
        res[#res + 1] = { GroupItem = { GroupName = g.GroupName, GroupId = g.GroupId }, ResultItem = results }
    end
    return { GroupResultItem = res }
end)

-- del_contact_group { From_Account, GroupName = { name } (one a request) } -> GroupItem = { { GroupName, GroupId } }
-- (the groups deleted, 1047/53441)
_M.del_contact_group = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local cg = groups_of(st, id)
    for _, name in ipairs(body.GroupName) do
        if not find_group(cg, name) then return nil, 51009, "no conversation group named " .. name end
    end
    local gone = array()
    for _, name in ipairs(body.GroupName) do
        local g, i = find_group(cg, name)
        if g then
            table.remove(cg.list, i)
            gone[#gone + 1] = { GroupName = g.GroupName, GroupId = g.GroupId }
        end
    end
    return { GroupItem = gone }
end)

-- update_contact_group { From_Account, UpdateType = 1, UpdateGroup = { UpdateGroupType = 1 (rename) | 2 (add or
--   remove conversations), OldGroupName, NewGroupName?, ContactUpdateItem = { { ContactOptType = 1 (add) |
--   2 (remove), ContactItem = { Type, To_Account | ToGroupId } } } } } -> UpdateType, UpdateGroupResult (1047/53439).
-- The page's answer table was not read: UpdateGroupResult is { UpdateGroupType, GroupId, OldGroupName,
-- NewGroupName (a rename), ContactResultItem = { { ContactOptType, ContactItem, ResultCode, ResultInfo } } }.
_M.update_contact_group = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local u = body.UpdateGroup
    if u == nil or u.UpdateGroupType == nil or u.OldGroupName == nil then
        return nil, 50002, "UpdateGroup needs UpdateGroupType and OldGroupName"
    end
    local cg = groups_of(st, id)
    local g = find_group(cg, u.OldGroupName)
    if not g then return nil, 51009, "no conversation group named " .. u.OldGroupName end
    local result = { UpdateGroupType = u.UpdateGroupType, GroupId = g.GroupId, OldGroupName = g.GroupName }
    if u.UpdateGroupType == 1 then
        if u.NewGroupName == nil or u.NewGroupName == "" then
            return nil, 50002, "a rename (UpdateGroupType 1) needs NewGroupName"
        end
        if u.NewGroupName ~= g.GroupName and find_group(cg, u.NewGroupName) then
            return nil, 51008, "conversation group " .. u.NewGroupName .. " already exists"
        end
        g.GroupName = u.NewGroupName
        result.NewGroupName = g.GroupName
    else
        local items = u.ContactUpdateItem
        if items == nil or #items == 0 then
            return nil, 50002, "UpdateGroupType 2 needs ContactUpdateItem"
        end
        local plans = {}
        for i, it in ipairs(items) do
            local key, kind, peer = contact_of(it.ContactItem)
            if not key then return nil, 50002, "ContactUpdateItem[" .. i .. "].ContactItem: " .. kind end
            plans[#plans + 1] = { key = key, opt = it.ContactOptType, kind = kind, peer = peer }
        end
        local changed = array()
        for _, p in ipairs(plans) do
            g.contacts[p.key] = p.opt == 1 or nil
            changed[#changed + 1] = { ContactOptType = p.opt, ContactItem = contact_out(p.kind, p.peer),
                                      ResultCode = 0, ResultInfo = "" }
        end
        result.ContactResultItem = changed
    end
    return { UpdateType = body.UpdateType, UpdateGroupResult = result }
end)

-- the mark data of a conversation as the pages answer it: StandardMark, CustomMark, Timestamp
local function mark_fields(st, owner, key, o)
    local m = st.contact_marks[owner] and st.contact_marks[owner][key]
    o.StandardMark = mark_string(m) or ""
    o.CustomMark = m and m.CustomMark or ""
    o.Timestamp = m and m.Timestamp or 0
    return o
end

-- search_contact_group { From_Account, ContactItem? = { { Type, To_Account | ToGroupId } ≤300 } }
--   -> ContactResultItem = { { Type, To_Account | ToGroupId, StandardMark, CustomMark, Timestamp,
--      ContactGroupId } }, GroupItem (the groups named) (1047/53442)
_M.search_contact_group = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local res = array()
    local used = {}
    for i, c in ipairs(body.ContactItem or {}) do
        local key, kind, peer = contact_of(c)
        if not key then return nil, 50002, "ContactItem[" .. i .. "]: " .. kind end
        local ids = group_ids_of(st, id, key) or array()
        for _, gid in ipairs(ids) do used[gid] = true end
        local o = mark_fields(st, id, key, contact_out(kind, peer))
        o.ContactGroupId = ids
        res[#res + 1] = o
    end
    local groups = array()
    for _, g in ipairs(groups_of(st, id).list) do
        if used[g.GroupId] then groups[#groups + 1] = { GroupName = g.GroupName, GroupId = g.GroupId } end
    end
    return { ContactResultItem = res, GroupItem = groups }
end)

-- mark_contact { From_Account, MarkItem = { { OptType = 1 (standard) | 2 (custom) | 3 (both), ContactItem,
--   SetMark = { bit, … }, ClearMark = { bit, … }, CustomMark = "≤256 bytes" } ≤100 } } -> ResultItem (the
--   answer's table was not read: the emulator's own shape). Mark bits are 0..63.
_M.mark_contact = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local plans = {}
    for i, it in ipairs(body.MarkItem) do
        local key, why = contact_of(it.ContactItem)
        if not key then return nil, 50002, "MarkItem[" .. i .. "].ContactItem: " .. why end
        for _, f in ipairs{ "SetMark", "ClearMark" } do
            for _, n in ipairs(it[f] or {}) do
                if n < 0 or n >= MAX_MARK_BITS then
                    return nil, 50002, "MarkItem[" .. i .. "]." .. f .. " holds bit numbers 0.." .. MAX_MARK_BITS - 1
                end
            end
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
end)

-- get_contact_group { From_Account, StartIndex } -> ContactItem (marked or grouped conversations), GroupItem,
--   CompleteFlag, NextStartIndex (1047/53440)
_M.get_contact_group = util.given(from_account, function(ctx, body, id)
    local st = ctx.st
    local start = body.StartIndex > 0 and body.StartIndex or 0
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
        local o = mark_fields(st, id, k, contact_out(tonumber(kind), peer))
        o.ContactGroupId = group_ids_of(st, id, k) or array()
        items[#items + 1] = o
    end
    local groups = array()
    for _, g in ipairs(cg.list) do groups[#groups + 1] = { GroupName = g.GroupName, GroupId = g.GroupId } end
    local done = start + PAGE >= #keys
    return { ContactItem = items, GroupItem = groups, CompleteFlag = done and 1 or 0,
             NextStartIndex = done and 0 or start + PAGE }
end)

_M.routes = util.routes("recentcontact/", _M, {
    "get_list", "delete", "top", "create_contact_group", "del_contact_group", "update_contact_group",
    "search_contact_group", "mark_contact", "get_contact_group"
})

-- The conversation-list slices are this family's.
_M.SLICES = { "recent", "recent_serial", "contact_groups", "contact_marks" }

return _M

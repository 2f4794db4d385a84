-- group_open_http_svc/*: group management and members, and the group state that every group sub-family
-- (group_msg, group_attr, group_topic, avchatroom) keeps inside each group. Callbacks:
-- Group.CallbackBeforeCreateGroup, CallbackAfterCreateGroup, CallbackAfterGroupDestroyed,
-- CallbackAfterNewMemberJoin, CallbackAfterMemberExit, CallbackAfterGroupInfoChanged,
-- CallbackAfterChangeGroupOwner.
--
-- A group g holds: profile fields; members (UserID -> member) with an order list (a deleted member leaves a hole
-- until holes outnumber members: O(1) deletes); a message channel (msgs in MsgSeq order plus a MsgSeq index);
-- attrs, counters, bans, topics (each topic a channel), permission groups, AVChatRoom online members and admins.
-- Keys starting with "_" are indexes: snapshots leave them out and import rebuilds them.
--
-- Requests are checked against their pages' fields (tim.base.schema, in tim.server.emulator) before a handler runs:
-- the handlers check only what a tree cannot say (the group's state, membership, rules across fields) and the
-- fields of the commands whose pages were not read far enough to have a tree. Answers carry the current names:
-- a member's mute end is MuteUntil and a group's whole-group mute MuteAllMember (the older ShutUpUntil and
-- ShutUpAllMember are still understood in requests and filters).
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"

local ipairs, pairs, type, tostring, error, fmt = ipairs, pairs, type, tostring, error, string.format
local sort, sub = table.sort, string.sub
local array = json.array

local _M = { _VERSION = require "tim.version" }

local TYPES = { Private = { max = 200, prefix = "1" }, Public = { max = 2000, prefix = "2" },
                ChatRoom = { max = 6000, prefix = "3" }, AVChatRoom = { max = 1000000, prefix = "a" },
                Community = { max = 100000, prefix = "_" }, Work = { max = 200, prefix = "1" },
                Meeting = { max = 6000, prefix = "3" } }
_M.TYPES = TYPES
local JOIN = { FreeAccess = true, NeedPermission = true, DisableApply = true }

---------------------------------------------------------------------------------------------------------------
-- Shared helpers

function _M.group_or_err(st, id)
    if type(id) ~= "string" or id == "" then return nil, 10015, "GroupId must be a non-empty string" end
    local g = st.groups[id]
    if not g then return nil, 10010, "group " .. id .. " does not exist or was destroyed" end
    return g
end
local group_or_err = _M.group_or_err

-- on_group(fn): the handler fn(ctx, body, g) of a request naming a group (GroupId); group_or_err's answer when the
-- group is not there
function _M.on_group(fn)
    return util.given(function(ctx, body) return group_or_err(ctx.st, body.GroupId) end, fn)
end
local on_group = _M.on_group

-- group_lookup(refusal) -> a lookup for util.given, of the group body.GroupId names (group_or_err's answer when it
-- is not there) for a command that takes some groups only: refusal(g) -> why this one is not taken (10007) | nil
function _M.group_lookup(refusal)
    return function(ctx, body)
        local g, code, info = group_or_err(ctx.st, body.GroupId)
        if not g then return nil, code, info end
        local why = refusal(g)
        if why then return nil, 10007, why end
        return g
    end
end

-- the channel a request names: the group, or one of its topics (TopicId) -> ch | nil, code, info
function _M.channel_of(g, topic_id)
    if topic_id == nil then return g end
    if g.Type ~= "Community" or g.SupportTopic ~= 1 then
        return nil, 10004, "TopicId is for communities that support topics"
    end
    local tp = type(topic_id) == "string" and g.topics[topic_id]
    if not tp then return nil, 10010, "topic " .. tostring(topic_id) .. " does not exist" end
    return tp
end
local channel_of = _M.channel_of

-- a message channel: a group's or a topic's messages
function _M.new_channel()
    return { next_seq = 1, msgs = {}, _by_seq = {}, LastMsgTime = 0 }
end

function _M.index_channel(ch)
    ch._by_seq = {}
    for _, m in ipairs(ch.msgs) do ch._by_seq[m.MsgSeq] = m end
end

function _M.add_member(st, g, id, role, now, fields)
    local m = { Member_Account = id, Role = role or "Member", JoinTime = now, MsgSeq = g.next_seq - 1,
                MsgFlag = "AcceptAndNotify", LastSendMsgTime = 0, MuteUntil = 0, NameCard = "",
                read_seq = g.next_seq - 1 }
    for k, v in pairs(fields or {}) do m[k] = v end
    g.members[id] = m
    g.order[#g.order + 1] = id
    g.member_count = g.member_count + 1
    st.joined[id] = st.joined[id] or {}
    st.joined[id][g.GroupId] = true
    return m
end
local add_member = _M.add_member

local function compact(g)
    local o = {}
    for _, id in ipairs(g.order) do
        if id and g.members[id] then o[#o + 1] = id end
    end
    g.order, g.holes = o, 0
end

function _M.remove_member(st, g, id)
    if not g.members[id] then return end
    g.members[id] = nil
    g.member_count = g.member_count - 1
    g.holes = g.holes + 1
    if g.holes > g.member_count + 64 then compact(g) end
    if st.joined[id] then st.joined[id][g.GroupId] = nil end
end
local remove_member = _M.remove_member

-- members in join order
function _M.members_in_order(g)
    if g.holes > 0 then compact(g) end
    return g.order
end
local members_in_order = _M.members_in_order

local function member_out(m)
    return { Member_Account = m.Member_Account, Role = m.Role, JoinTime = m.JoinTime, MsgSeq = m.MsgSeq,
             MsgFlag = m.MsgFlag, LastSendMsgTime = m.LastSendMsgTime, MuteUntil = m.MuteUntil,
             NameCard = m.NameCard, AppMemberDefinedData = m.AppMemberDefinedData }
end
_M.member_out = member_out

-- the older names a filter may still give, and the names answered for them
local CURRENT = { ShutUpUntil = "MuteUntil", ShutUpAllMember = "MuteAllMember" }
_M.CURRENT = CURRENT

local function filtered(t, filter)
    if type(filter) ~= "table" or #filter == 0 then return t end
    local o = {}
    for _, k in ipairs(filter) do
        if type(k) == "string" then k = CURRENT[k] or k; o[k] = t[k] end
    end
    return o
end
_M.filtered = filtered

-- AppDefinedData = { { Key, Value } } -> error text | nil
local function check_kv_list(list, what)
    if list == nil then return nil end
    if type(list) ~= "table" then return what .. " must be an array of { Key, Value }" end
    for i, kv in ipairs(list) do
        if type(kv) ~= "table" or type(kv.Key) ~= "string" or kv.Key == "" or type(kv.Value) ~= "string" then
            return what .. "[" .. i .. "] must be { Key = string, Value = string }"
        end
    end
    return nil
end
_M.check_kv_list = check_kv_list

local function merge_kv(old, list)
    local out = array()
    local idx = {}
    for _, kv in ipairs(old or {}) do out[#out + 1] = { Key = kv.Key, Value = kv.Value }; idx[kv.Key] = #out end
    for _, kv in ipairs(list) do
        if idx[kv.Key] then
            if kv.Value == "" then out[idx[kv.Key]].Value = nil else out[idx[kv.Key]].Value = kv.Value end
        elseif kv.Value ~= "" then
            out[#out + 1] = { Key = kv.Key, Value = kv.Value }; idx[kv.Key] = #out
        end
    end
    local clean = array()
    for _, kv in ipairs(out) do if kv.Value ~= nil then clean[#clean + 1] = kv end end
    return clean
end
_M.merge_kv = merge_kv

---------------------------------------------------------------------------------------------------------------
-- State

local function reset(st)
    st.groups, st.group_serial, st.group_auto, st.joined = {}, 0, 0, {}
    st.group_dedup = util.window(300)       -- send_group_msg: the same Random within 5 minutes is one message
    st.broadcasts = { count = 0 }
end

-- deep copy without the "_" indexes and without functions
local function plain(v)
    if type(v) ~= "table" then return v end
    local o = {}
    for k, x in pairs(v) do
        if not (type(k) == "string" and sub(k, 1, 1) == "_") and type(x) ~= "function" then o[k] = plain(x) end
    end
    if json.is_array(v) then o = array(o) end
    return o
end

local function export(st)
    local groups = {}
    for _, g in pairs(st.groups) do
        local o = plain(g)
        o.members = nil
        o.order = nil
        local members = {}
        for _, id in ipairs(members_in_order(g)) do members[#members + 1] = plain(g.members[id]) end
        o.members = members
        groups[#groups + 1] = o
    end
    sort(groups, function(a, b) return a.serial < b.serial end)
    return { groups = groups, serial = st.group_serial, auto = st.group_auto, broadcasts = st.broadcasts.count }
end

local function import(st, t)
    st.group_serial = util.is_int(t.serial, 0) and t.serial or 0
    st.group_auto = util.is_int(t.auto, 0) and t.auto or 0
    st.broadcasts.count = util.is_int(t.broadcasts, 0) and t.broadcasts or 0
    for i, o in ipairs(t.groups or {}) do
        if type(o) ~= "table" or type(o.GroupId) ~= "string" or o.GroupId == "" or not TYPES[o.Type] then
            error("groups[" .. i .. "] needs GroupId and a known Type", 0)
        end
        if type(o.members) ~= "table" or type(o.msgs) ~= "table" or not util.is_int(o.next_seq, 1) then
            error("groups[" .. i .. "] needs members, msgs and next_seq", 0)
        end
        local g = {}
        for k, v in pairs(o) do g[k] = v end
        g.members, g.order, g.member_count, g.holes = {}, {}, 0, 0
        for j, m in ipairs(o.members) do
            if type(m) ~= "table" or not util.is_id(m.Member_Account) then
                error("groups[" .. i .. "].members[" .. j .. "] needs Member_Account", 0)
            end
            -- a snapshot written before the current names
            m.MuteUntil, m.ShutUpUntil = m.MuteUntil or m.ShutUpUntil or 0, nil
            g.members[m.Member_Account] = m
            g.order[#g.order + 1] = m.Member_Account
            g.member_count = g.member_count + 1
            st.joined[m.Member_Account] = st.joined[m.Member_Account] or {}
            st.joined[m.Member_Account][g.GroupId] = true
        end
        for _, m in ipairs(g.msgs) do
            if type(m) ~= "table" or not util.is_int(m.MsgSeq, 1) then
                error("groups[" .. i .. "].msgs items need MsgSeq", 0)
            end
            if type(m.MsgBody) == "table" then m.MsgBody = array(m.MsgBody) end
        end
        _M.index_channel(g)
        g.MuteAllMember, g.ShutUpAllMember = g.MuteAllMember or g.ShutUpAllMember or "Off", nil
        g.topics = g.topics or {}
        for _, tp in pairs(g.topics) do
            tp.msgs = tp.msgs or {}
            tp.MuteAllMember, tp.ShutUpAllMember = tp.MuteAllMember or tp.ShutUpAllMember or "Off", nil
            _M.index_channel(tp)
        end
        g.attrs, g.counters, g.bans = g.attrs or {}, g.counters or {}, g.bans or {}
        g.perm_groups, g.online, g.admins = g.perm_groups or {}, g.online or {}, g.admins or {}
        st.groups[g.GroupId] = g
    end
end

local function forget(st, id)
    for gid in pairs(st.joined[id] or {}) do
        local g = st.groups[gid]
        if g and g.Owner_Account ~= id then remove_member(st, g, id) end
    end
    st.joined[id] = nil
end

-- the types of export's table (tim.server.emulator.shape). A group is exported whole (plain): every field that group,
-- group_msg, group_attr, group_topic, avchatroom and the other families read of it is typed here.
local KV = T.array(T.object{ Key = T.required(T.string), Value = T.required(T.string) })
local MESSAGE = T.object{
    MsgSeq = T.required(T.integer), From_Account = T.required(T.string), Random = T.integer, MsgRandom = T.integer,
    MsgBody = T.msg_body, CloudCustomData = T.string, MsgPriority = T.string, MsgTimeStamp = T.required(T.integer),
    recalled = T.boolean, imported = T.boolean, deleted = T.boolean, no_last = T.boolean, need_receipt = T.boolean,
    readers = T.map(T.integer), TopicId = T.string,
}
local CHANNEL = { next_seq = T.integer, msgs = T.array(MESSAGE), LastMsgTime = T.integer }
local TOPIC = T.object{
    TopicId = T.string, TopicName = T.string, Owner_Account = T.string, CreateTime = T.integer,
    MuteAllMember = T.string, ShutUpAllMember = T.string, FaceUrl = T.string, Introduction = T.string,
    Notification = T.string, CustomString = T.string, next_seq = T.required(T.integer), msgs = CHANNEL.msgs,
    LastMsgTime = T.integer,
    muted = T.map(T.integer),       -- members muted in this topic only (forbid_send_msg with TopicId)
}
_M.SHAPE = T.object{
    serial = T.integer, auto = T.integer, broadcasts = T.integer,
    groups = T.array(T.object{
        GroupId = T.required(T.string), Type = T.required(T.string), Name = T.string, Introduction = T.string,
        Notification = T.string, FaceUrl = T.string, Owner_Account = T.string,
        CreateTime = T.required(T.integer),     -- import_group_member compares JoinTime with it
        LastInfoTime = T.integer, LastMsgTime = T.integer, next_seq = T.required(T.integer),
        MaxMemberNum = T.required(T.integer), ApplyJoinOption = T.string, InviteJoinOption = T.string,
        MuteAllMember = T.string, ShutUpAllMember = T.string, AppDefinedData = KV, serial = T.required(T.integer),
        SupportTopic = T.integer,
        notifications = T.integer, last_serial = T.integer, member_count = T.integer, holes = T.integer,
        members = T.required(T.array(T.object{
            Member_Account = T.required(T.string), Role = T.string, JoinTime = T.integer, MsgSeq = T.integer,
            -- MuteUntil now; ShutUpUntil in snapshots of 0.2 (converted on import)
            MsgFlag = T.string, LastSendMsgTime = T.integer, MuteUntil = T.integer, ShutUpUntil = T.integer,
            NameCard = T.string,
            read_seq = T.integer, AppMemberDefinedData = KV,
        })),
        msgs = T.required(CHANNEL.msgs),
        attrs = T.map(T.string), counters = T.map(T.integer), muted_outside = T.map(T.integer),
        bans = T.map(T.object{ until_ = T.required(T.integer), Description = T.string, at = T.integer }),
        topics = T.map(TOPIC),
        perm_groups = T.map(T.object{ PermissionGroupId = T.string, PermissionGroupName = T.string,
                                      Permission = T.integer, CustomString = T.string, CreateTime = T.integer }),
        online = T.map(T.object{ JoinTime = T.integer, serial = T.required(T.integer), Marks = T.array(T.integer),
                                 robot = T.boolean }),
        admins = T.array(T.string),
    }),
}

_M.state = { reset = reset, export = export, import = import, forget = forget, shape = _M.SHAPE }

---------------------------------------------------------------------------------------------------------------
-- Management

local function check_members(st, members, code)
    if type(members) ~= "table" then return nil, 10004, "MemberList must be an array" end
    for i, m in ipairs(members) do
        if type(m) ~= "table" or not util.is_id(m.Member_Account) then
            return nil, 10004, "MemberList[" .. i .. "] must be an object with a Member_Account"
        end
        if not st:account(m.Member_Account) then
            return nil, code or 10019, "member " .. m.Member_Account .. " not imported"
        end
        if m.Role ~= nil and m.Role ~= "Admin" and m.Role ~= "Member" then
            return nil, 10004, "MemberList Role must be Admin or Member"
        end
    end
    return true
end

-- the group's fields from a create/import request -> g | nil, code, info
local function new_group(ctx, body, now, imported)
    local st = ctx.st
    local t = TYPES[body.Type]
    if not t then return nil, 10004, "Type must be one of Private, Public, ChatRoom, AVChatRoom, Community" end
    if type(body.Name) ~= "string" or body.Name == "" or #body.Name > 100 then
        return nil, 10004, "Name must be a string of 1..100 bytes"
    end
    local owner = body.Owner_Account
    if owner ~= nil and not st:account(owner) then
        return nil, 10019, "Owner_Account " .. tostring(owner) .. " not imported"
    end
    if body.ApplyJoinOption ~= nil and not JOIN[body.ApplyJoinOption] then
        return nil, 10004, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply"
    end
    for _, f in ipairs{ "Introduction", "Notification", "FaceUrl", "InviteJoinOption" } do
        if body[f] ~= nil and type(body[f]) ~= "string" then return nil, 10004, f .. " must be a string" end
    end
    if body.Introduction and #body.Introduction > 400 then return nil, 10004, "Introduction is over 400 bytes" end
    if body.Notification and #body.Notification > 400 then return nil, 10004, "Notification is over 400 bytes" end
    local why = check_kv_list(body.AppDefinedData, "AppDefinedData")
    if why then return nil, 10004, why end
    local id = body.GroupId
    if id ~= nil then
        if type(id) ~= "string" or id == "" or #id > 48 then return nil, 10004, "GroupId must be 1..48 bytes" end
        if body.Type == "Community" and sub(id, 1, 6) ~= "@TGS#_" then
            return nil, 10004, "a Community GroupId must start with @TGS#_"
        end
        if body.Type ~= "Community" and sub(id, 1, 5) == "@TGS#" then
            return nil, 10004, "a custom GroupId must not start with @TGS#"
        end
        if st.groups[id] then
            if st.groups[id].Owner_Account == owner and owner then
                return nil, 10025, "GroupId " .. id .. " is already used by this owner"
            end
            return nil, 10021, "GroupId " .. id .. " is already used"
        end
    else
        repeat
            st.group_auto = st.group_auto + 1
            id = fmt("@TGS#%s%08X", t.prefix, st.group_auto)
        until not st.groups[id]
    end
    local members = body.MemberList or {}
    local ok, code, info = check_members(st, members)
    if not ok then return nil, code, info end
    if body.Type == "AVChatRoom" and #members > 0 then
        return nil, 10004, "an AVChatRoom takes no MemberList"
    end
    local max = util.is_int(body.MaxMemberCount, 1) and body.MaxMemberCount or t.max
    if #members + (owner and 1 or 0) > max then return nil, 10014, "group would be over MaxMemberCount" end
    local created = imported and util.is_int(body.CreateTime, 0) and body.CreateTime or now
    st.group_serial = st.group_serial + 1
    local g = { GroupId = id, Type = body.Type, Name = body.Name, Introduction = body.Introduction or "",
                Notification = body.Notification or "", FaceUrl = body.FaceUrl or "", Owner_Account = owner or "",
                CreateTime = created, LastInfoTime = created, LastMsgTime = 0, next_seq = 1, MaxMemberNum = max,
                ApplyJoinOption = body.ApplyJoinOption or (body.Type == "Private" and "DisableApply"
                                  or "NeedPermission"),
                InviteJoinOption = body.InviteJoinOption,
                MuteAllMember = "Off", AppDefinedData = body.AppDefinedData and merge_kv({}, body.AppDefinedData),
                serial = st.group_serial, SupportTopic = body.SupportTopic == 1 and 1 or 0,
                members = {}, order = {}, member_count = 0, holes = 0, msgs = {}, _by_seq = {},
                notifications = 0, attrs = {}, counters = {}, bans = {}, topics = {}, perm_groups = {},
                online = {}, admins = {} }
    return g, members, owner
end

-- create_group { Owner_Account?, Type, Name, GroupId?, Introduction?, Notification?, FaceUrl?, MaxMemberCount?,
--                ApplyJoinOption?, MemberList? = { { Member_Account, Role? } }, AppDefinedData?, SupportTopic? }
--   -> GroupId
function _M.create_group(ctx, body)
    local st = ctx.st
    local now = st:now()
    local g, members, owner = new_group(ctx, body, now)
    if not g then return nil, members, owner end
    local info = { GroupId = g.GroupId, Type = g.Type, Name = g.Name, Owner_Account = body.Owner_Account,
                   Introduction = body.Introduction, Notification = body.Notification, FaceUrl = body.FaceUrl,
                   ApplyJoinOption = body.ApplyJoinOption, MaxMemberNum = g.MaxMemberNum, MemberList = members,
                   Operator_Account = ctx.admin }
    local verdict = util.before(ctx, "Group.CallbackBeforeCreateGroup", info)
    if verdict ~= "allow" then return nil, 10016, "group creation refused by the app's callback" end
    st.groups[g.GroupId] = g
    if owner then add_member(st, g, owner, "Owner", now) end
    for _, m in ipairs(members) do
        if not g.members[m.Member_Account] then add_member(st, g, m.Member_Account, m.Role, now) end
    end
    info.MemberList = array()
    for _, mid in ipairs(g.order) do info.MemberList[#info.MemberList + 1] = { Member_Account = mid } end
    util.after(ctx, "Group.CallbackAfterCreateGroup", info)
    return { GroupId = g.GroupId }
end

-- import_group { as create_group, plus CreateTime } -> GroupId (no callbacks: a migration). AVChatRoom groups
-- cannot be imported.
function _M.import_group(ctx, body)
    if body.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups cannot be imported" end
    if body.CreateTime ~= nil and not util.is_int(body.CreateTime, 0) then
        return nil, 10004, "CreateTime must be a Unix time"
    end
    local st = ctx.st
    local now = st:now()
    local g, members, owner = new_group(ctx, body, now, true)
    if not g then return nil, members, owner end
    st.groups[g.GroupId] = g
    if owner then add_member(st, g, owner, "Owner", g.CreateTime) end
    for _, m in ipairs(members) do
        if not g.members[m.Member_Account] then add_member(st, g, m.Member_Account, m.Role, g.CreateTime) end
    end
    return { GroupId = g.GroupId }
end

-- destroy_group { GroupId }
_M.destroy_group = on_group(function(ctx, _, g)
    local st = ctx.st
    local list = array()
    for _, mid in ipairs(members_in_order(g)) do
        if st.joined[mid] then st.joined[mid][g.GroupId] = nil end
        list[#list + 1] = { Member_Account = mid }
    end
    st.groups[g.GroupId] = nil
    util.after(ctx, "Group.CallbackAfterGroupDestroyed", { GroupId = g.GroupId, Type = g.Type,
        Owner_Account = g.Owner_Account, Name = g.Name, MemberList = list })
    return {}
end)

local function info_out(g, filter)
    local t = { Type = g.Type, Name = g.Name, Introduction = g.Introduction, Notification = g.Notification,
                FaceUrl = g.FaceUrl, Owner_Account = g.Owner_Account, CreateTime = g.CreateTime,
                LastInfoTime = g.LastInfoTime, LastMsgTime = g.LastMsgTime, NextMsgSeq = g.next_seq,
                MemberNum = g.member_count, MaxMemberNum = g.MaxMemberNum, ApplyJoinOption = g.ApplyJoinOption,
                InviteJoinOption = g.InviteJoinOption, MuteAllMember = g.MuteAllMember,
                AppDefinedData = g.AppDefinedData }
    if g.Type == "AVChatRoom" then
        local n = 0
        for _ in pairs(g.online) do n = n + 1 end
        t.OnlineMemberNum = n
    end
    t = filtered(t, filter)
    t.GroupId = g.GroupId
    return t
end
_M.info_out = info_out

-- get_group_info { GroupIdList = { … ≤50 }, ResponseFilter? = { GroupBaseInfoFilter, MemberInfoFilter } }
-- (the list and its limit: the page's tree)
function _M.get_group_info(ctx, body)
    local st = ctx.st
    local rf = type(body.ResponseFilter) == "table" and body.ResponseFilter or {}
    local res = array()
    for _, id in ipairs(body.GroupIdList) do
        local g = st.groups[id]
        if g then
            local t = info_out(g, rf.GroupBaseInfoFilter)
            t.ErrorCode, t.ErrorInfo = 0, ""
            if g.Type ~= "AVChatRoom" and (rf.GroupBaseInfoFilter == nil or rf.MemberInfoFilter ~= nil) then
                t.MemberList = array()
                for _, mid in ipairs(members_in_order(g)) do
                    t.MemberList[#t.MemberList + 1] = filtered(member_out(g.members[mid]), rf.MemberInfoFilter)
                    t.MemberList[#t.MemberList].Member_Account = mid
                end
            end
            res[#res + 1] = t
        else
            res[#res + 1] = { GroupId = id, ErrorCode = 10010, ErrorInfo = "group does not exist" }
        end
    end
    return { GroupInfo = res }
end

-- modify_group_base_info { GroupId, Name?, Introduction?, Notification?, FaceUrl?, MaxMemberNum?,
--                          ApplyJoinOption?, InviteJoinOption?, MuteAllMember? = On | Off, AppDefinedData? }
-- (no tree yet: the page's table was not read; the older ShutUpAllMember is taken for MuteAllMember)
_M.modify_group_base_info = on_group(function(ctx, body, g)
    local st = ctx.st
    if body.Name ~= nil and (type(body.Name) ~= "string" or body.Name == "" or #body.Name > 100) then
        return nil, 10004, "Name must be a string of 1..100 bytes"
    end
    for _, f in ipairs{ "Introduction", "Notification", "FaceUrl", "InviteJoinOption" } do
        if body[f] ~= nil and type(body[f]) ~= "string" then return nil, 10004, f .. " must be a string" end
    end
    if body.ApplyJoinOption ~= nil and not JOIN[body.ApplyJoinOption] then
        return nil, 10004, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply"
    end
    local mute_all = body.MuteAllMember
    if mute_all == nil then mute_all = body.ShutUpAllMember end
    if mute_all ~= nil and mute_all ~= "On" and mute_all ~= "Off" then
        return nil, 10004, "MuteAllMember must be On or Off"
    end
    if body.MaxMemberNum ~= nil and (not util.is_int(body.MaxMemberNum, 1, TYPES[g.Type].max)
                                     or body.MaxMemberNum < g.member_count) then
        return nil, 10004, "MaxMemberNum must be between the member count and the type's maximum"
    end
    local why = check_kv_list(body.AppDefinedData, "AppDefinedData")
    if why then return nil, 10004, why end
    local changed = {}
    for _, f in ipairs{ "Name", "Introduction", "Notification", "FaceUrl", "ApplyJoinOption", "InviteJoinOption",
                        "MaxMemberNum" } do
        if body[f] ~= nil then g[f] = body[f]; changed[f] = body[f] end
    end
    if mute_all ~= nil then g.MuteAllMember = mute_all; changed.MuteAllMember = mute_all end
    if body.AppDefinedData then g.AppDefinedData = merge_kv(g.AppDefinedData, body.AppDefinedData) end
    g.LastInfoTime = st:now()
    changed.GroupId, changed.Type, changed.Operator_Account = g.GroupId, g.Type, ctx.admin
    util.after(ctx, "Group.CallbackAfterGroupInfoChanged", changed)
    return {}
end)

-- get_appid_group_list { Limit? (≤10000), Next? (0 = start), GroupType? } -> TotalCount, GroupIdList, Next
-- (types and Limit's maximum: the page's tree)
function _M.get_appid_group_list(ctx, body)
    local st = ctx.st
    local limit = body.Limit == nil and 10000 or body.Limit
    if limit < 1 then return nil, 10004, "Limit must be at least 1" end
    local next_ = body.Next == nil and 0 or body.Next
    if next_ < 0 then return nil, 10004, "Next must be 0 or the Next of the last answer" end
    if body.GroupType ~= nil and not TYPES[body.GroupType] then return nil, 10004, "unknown GroupType" end
    local all = {}
    for _, g in pairs(st.groups) do
        if body.GroupType == nil or g.Type == body.GroupType then all[#all + 1] = g end
    end
    sort(all, function(a, b) return a.serial < b.serial end)
    local list, last = array(), 0
    local more = false
    for _, g in ipairs(all) do
        if g.serial > next_ then
            if #list == limit then more = true; break end
            list[#list + 1] = { GroupId = g.GroupId }
            last = g.serial
        end
    end
    return { TotalCount = #all, GroupIdList = list, Next = more and last or 0 }
end

-- get_joined_group_list { Member_Account, Limit? (≤5000), Offset?, GroupType?, ResponseFilter? }
--   -> TotalCount, GroupIdList (1047/34925: at most 5000 a page; no tree yet, so the fields are checked here)
local MAX_JOINED_PAGE = 5000
function _M.get_joined_group_list(ctx, body)
    local st = ctx.st
    local id = body.Member_Account
    if not util.is_id(id) then return nil, 10004, "Member_Account must be a UserID" end
    if not st:account(id) then return nil, 10019, "Member_Account " .. id .. " not imported" end
    if body.Limit ~= nil and not util.is_int(body.Limit, 1, MAX_JOINED_PAGE) then
        return nil, 10004, "Limit must be an integer in 1.." .. MAX_JOINED_PAGE
    end
    if body.Offset ~= nil and not util.is_int(body.Offset, 0) then
        return nil, 10004, "Offset must be a non-negative integer"
    end
    if body.GroupType ~= nil and not TYPES[body.GroupType] then return nil, 10004, "unknown GroupType" end
    local all = {}
    for gid in pairs(st.joined[id] or {}) do
        local g = st.groups[gid]
        if g and g.Type ~= "AVChatRoom" and (body.GroupType == nil or g.Type == body.GroupType) then
            all[#all + 1] = g
        end
    end
    sort(all, function(a, b) return a.serial < b.serial end)
    local limit = body.Limit or #all
    local offset = body.Offset or 0
    local rf = type(body.ResponseFilter) == "table" and body.ResponseFilter or {}
    local list = array()
    for i = offset + 1, math.min(#all, offset + limit) do
        local g = all[i]
        local t = rf.GroupBaseInfoFilter and info_out(g, rf.GroupBaseInfoFilter) or { GroupId = g.GroupId }
        if rf.SelfInfoFilter then t.SelfInfo = filtered(member_out(g.members[id]), rf.SelfInfoFilter) end
        list[#list + 1] = t
    end
    return { TotalCount = #all, GroupIdList = list }
end

-- change_group_owner { GroupId, NewOwner_Account }
_M.change_group_owner = on_group(function(ctx, body, g)
    local st = ctx.st
    if g.Type == "AVChatRoom" then return nil, 10007, "an AVChatRoom's owner cannot change" end
    local id = body.NewOwner_Account
    if not st:account(id) then return nil, 10019, id .. " not imported" end
    if not g.members[id] then return nil, 10007, id .. " is not a member of " .. g.GroupId end
    local old_id = g.Owner_Account
    local old = g.members[old_id]
    if old then old.Role = "Member" end
    g.members[id].Role = "Owner"
    g.Owner_Account = id
    g.LastInfoTime = st:now()
    util.after(ctx, "Group.CallbackAfterChangeGroupOwner", { GroupId = g.GroupId, Type = g.Type,
        NewOwner_Account = id, OldOwner_Account = old_id })
    return {}
end)

---------------------------------------------------------------------------------------------------------------
-- Members

-- members_changed(ctx, g, command, how, why, list_field, list): the after-callback of members who joined or left
-- (add_group_member, delete_group_member), when any did: { GroupId, Type, <how> = why, Operator_Account,
-- <list_field> = list }
local function members_changed(ctx, g, command, how, why, list_field, list)
    if #list > 0 then
        util.after(ctx, command, { GroupId = g.GroupId, Type = g.Type, [how] = why, Operator_Account = ctx.admin,
                                   [list_field] = list })
    end
end

-- add_group_member { GroupId, MemberList = { { Member_Account } }, Silence? } -> MemberList with Result
-- (0 failed, 1 added, 2 already a member). The tree gives no maximum; the catalogue's batch does (20, 269/1621).
_M.add_group_member = on_group(function(ctx, body, g)
    local st = ctx.st
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups do not take add_group_member" end
    local list = body.MemberList
    local max = util.api_max("group_open_http_svc", "add_group_member", 300)
    if #list == 0 or #list > max then
        return nil, 10004, "MemberList must hold 1.." .. max .. " members"
    end
    local now = st:now()
    local res, joined = array(), array()
    for _, it in ipairs(list) do
        local id = it.Member_Account
        if not st:account(id) then
            res[#res + 1] = { Member_Account = id, Result = 0 }
        elseif g.members[id] then
            res[#res + 1] = { Member_Account = id, Result = 2 }
        elseif g.bans[id] and g.bans[id].until_ > now then
            res[#res + 1] = { Member_Account = id, Result = 0 }
        elseif g.member_count >= g.MaxMemberNum then
            res[#res + 1] = { Member_Account = id, Result = 0 }
        else
            add_member(st, g, id, "Member", now)
            res[#res + 1] = { Member_Account = id, Result = 1 }
            joined[#joined + 1] = { Member_Account = id }
        end
    end
    members_changed(ctx, g, "Group.CallbackAfterNewMemberJoin", "JoinType", "Invited", "NewMemberList", joined)
    return { MemberList = res }
end)

-- import_group_member { GroupId, MemberList = { { Member_Account, Role? = "Admin", JoinTime?, UnreadMsgNum? }
--   ≤300 } } -> MemberList with Result (0 failed, 1 imported, 2 already a member). The list, its 300 and Role
-- (Admin only; Member when absent) are the page's tree (1047/34969); JoinTime must lie between the group's
-- creation and now.
_M.import_group_member = on_group(function(ctx, body, g)
    local st = ctx.st
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups take no imported members" end
    local list = body.MemberList
    local now = st:now()
    for i, it in ipairs(list) do
        if it.JoinTime ~= nil and (it.JoinTime < g.CreateTime or it.JoinTime > now) then
            return nil, 10004, "MemberList[" .. i .. "].JoinTime must lie between the group's creation and now"
        end
        if it.UnreadMsgNum ~= nil and it.UnreadMsgNum < 0 then
            return nil, 10004, "MemberList[" .. i .. "].UnreadMsgNum must not be negative"
        end
    end
    local res = array()
    for _, it in ipairs(list) do
        local id = it.Member_Account
        if not st:account(id) or g.member_count >= g.MaxMemberNum then
            res[#res + 1] = { Member_Account = id, Result = 0 }
        elseif g.members[id] then
            res[#res + 1] = { Member_Account = id, Result = 2 }
        else
            local m = add_member(st, g, id, it.Role or "Member", it.JoinTime or now)
            if it.UnreadMsgNum then
                local last = g.next_seq - 1
                m.read_seq = last - it.UnreadMsgNum
                if m.read_seq < 0 then m.read_seq = 0 end
            end
            res[#res + 1] = { Member_Account = id, Result = 1 }
        end
    end
    return { MemberList = res }
end)

-- delete_group_member { GroupId, MemberToDel_Account = { … ≤100 }, Silence?, Reason? } (no tree yet: checked here).
-- 1047/34949: an AVChatRoom answers 10004 (mute or ban its members instead).
_M.delete_group_member = on_group(function(ctx, body, g)
    local st = ctx.st
    if g.Type == "AVChatRoom" then
        return nil, 10004, "AVChatRoom members cannot be removed: mute (forbid_send_msg) or ban them instead"
    end
    if not util.string_list(body.MemberToDel_Account, 100) then
        return nil, 10004, "MemberToDel_Account must be a non-empty array of at most 100 UserIDs"
    end
    for _, id in ipairs(body.MemberToDel_Account) do
        if id == g.Owner_Account then return nil, 10004, "the owner cannot be removed; change_group_owner first" end
    end
    local gone = array()
    for _, id in ipairs(body.MemberToDel_Account) do
        if g.members[id] then
            remove_member(st, g, id)
            gone[#gone + 1] = { Member_Account = id }
        end
    end
    members_changed(ctx, g, "Group.CallbackAfterMemberExit", "ExitType", "Kicked", "ExitMemberList", gone)
    return {}
end)

-- get_group_member_info { GroupId, Limit?, Offset?, MemberInfoFilter?, MemberRoleFilter? } -> MemberNum, MemberList
-- (communities page with Next: the answer carries Next, "" at the end)
_M.get_group_member_info = on_group(function(_, body, g)
    if g.Type == "AVChatRoom" then
        return nil, 10007, "AVChatRoom members are listed by group_open_avchatroom_http_svc/get_members"
    end
    local limit = body.Limit == nil and 6000 or body.Limit
    if not util.is_int(limit, 1, 6000) then return nil, 10004, "Limit must be an integer in 1..6000" end
    local offset
    if g.Type == "Community" and body.Next ~= nil then
        if type(body.Next) ~= "string" then return nil, 10004, "Next must be the string the last page gave" end
        offset = tonumber(body.Next) or 0
    else
        offset = body.Offset == nil and 0 or body.Offset
        if not util.is_int(offset, 0) then return nil, 10004, "Offset must be a non-negative integer" end
    end
    local roles = body.MemberRoleFilter
    if roles ~= nil and type(roles) ~= "table" then return nil, 10004, "MemberRoleFilter must be an array" end
    local sel = {}
    for _, id in ipairs(members_in_order(g)) do
        local m = g.members[id]
        if roles == nil or util.has(roles, m.Role) then sel[#sel + 1] = m end
    end
    local list = array()
    for i = offset + 1, math.min(#sel, offset + limit) do
        local o = filtered(member_out(sel[i]), body.MemberInfoFilter)
        o.Member_Account = sel[i].Member_Account
        list[#list + 1] = o
    end
    local res = { MemberNum = g.member_count, MemberList = list }
    if g.Type == "Community" then res.Next = offset + limit < #sel and tostring(offset + limit) or "" end
    return res
end)

-- get_specified_group_member_info { GroupId, Member_List_Account = { … ≤50 }, MemberInfoFilter? }
--   -> MemberList (the members among them). 1047/64897: at most 50 accounts; AVChatRoom groups are not supported.
--   No tree yet: the fields are checked here.
_M.get_specified_group_member_info = on_group(function(_, body, g)
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups keep no member profiles" end
    local ids = body.Member_List_Account
    local max = util.api_max("group_open_http_svc", "get_specified_group_member_info", 50)
    if not util.string_list(ids, max) then
        return nil, 10004, "Member_List_Account must be a non-empty array of at most " .. max .. " UserIDs"
    end
    local list = array()
    for _, id in ipairs(ids) do
        local m = g.members[id]
        if m then
            local o = filtered(member_out(m), body.MemberInfoFilter)
            o.Member_Account = id
            list[#list + 1] = o
        end
    end
    return { MemberList = list }
end)

-- modify_group_member_info { GroupId, Member_Account, Role?, NameCard?, MsgFlag?, MuteTime? (ShutUpTime on the
--                            older pages), AppMemberDefinedData? } (no tree yet: the fields are checked here)
local MSG_FLAGS = { AcceptAndNotify = true, AcceptNotNotify = true, Discard = true }
_M.modify_group_member_info = on_group(function(ctx, body, g)
    local st = ctx.st
    local m = util.is_id(body.Member_Account) and g.members[body.Member_Account]
    if not m then return nil, 10007, tostring(body.Member_Account) .. " is not a member of " .. g.GroupId end
    if body.Role ~= nil then
        if body.Role ~= "Admin" and body.Role ~= "Member" then return nil, 10004, "Role must be Admin or Member" end
        if m.Role == "Owner" then return nil, 10004, "the owner's role cannot change; use change_group_owner" end
        if g.Type == "Private" or g.Type == "Work" then return nil, 10004, "a Work group has no admins" end
    end
    local mute = body.MuteTime
    if mute == nil then mute = body.ShutUpTime end
    if mute ~= nil and not util.is_uint32(mute) then
        return nil, 10004, "MuteTime must be seconds (0 = not muted)"
    end
    if body.NameCard ~= nil and (type(body.NameCard) ~= "string" or #body.NameCard > 50) then
        return nil, 10004, "NameCard must be a string of at most 50 bytes"
    end
    if body.MsgFlag ~= nil and not MSG_FLAGS[body.MsgFlag] then
        return nil, 10004, "MsgFlag must be AcceptAndNotify, AcceptNotNotify or Discard"
    end
    local why = check_kv_list(body.AppMemberDefinedData, "AppMemberDefinedData")
    if why then return nil, 10004, why end
    if body.Role ~= nil then m.Role = body.Role end
    if body.NameCard ~= nil then m.NameCard = body.NameCard end
    if body.MsgFlag ~= nil then m.MsgFlag = body.MsgFlag end
    if body.AppMemberDefinedData ~= nil then
        m.AppMemberDefinedData = merge_kv(m.AppMemberDefinedData, body.AppMemberDefinedData)
    end
    if mute ~= nil then m.MuteUntil = mute == 0 and 0 or st:now() + mute end
    return {}
end)

-- get_role_in_group { GroupId, User_Account = { … ≤500 } } -> UserIdList = { { Member_Account, Role } }
-- (Role Owner | Admin | Member | NotMember). 1047/34963: AVChatRoom groups answer 10007.
_M.get_role_in_group = on_group(function(_, body, g)
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups keep no member roles" end
    local list = array()
    for _, id in ipairs(body.User_Account) do
        local m = g.members[id]
        list[#list + 1] = { Member_Account = id, Role = m and m.Role or "NotMember" }
    end
    return { UserIdList = list }
end)

-- forbid_send_msg { GroupId, Members_Account = { … ≤500 }, MuteTime (seconds; 0 lifts the mute), TopicId? }
-- 1047/34951: Private (Work) groups do not support muting members. 269/1627: TopicId mutes in that topic only
-- (topic-enabled communities), kept in the topic (tp.muted).
_M.forbid_send_msg = on_group(function(ctx, body, g)
    local st = ctx.st
    if g.Type == "Private" or g.Type == "Work" then
        return nil, 10007, "Private (Work) groups do not support muting members"
    end
    local ch, code, info = channel_of(g, body.TopicId)
    if not ch then return nil, code, info end
    if g.Type ~= "AVChatRoom" then
        for _, id in ipairs(body.Members_Account) do
            if not g.members[id] then return nil, 10007, id .. " is not a member of " .. g.GroupId end
        end
    end
    local until_ = body.MuteTime == 0 and 0 or st:now() + body.MuteTime
    if ch ~= g then
        ch.muted = ch.muted or {}
        for _, id in ipairs(body.Members_Account) do ch.muted[id] = until_ > 0 and until_ or nil end
        return {}
    end
    for _, id in ipairs(body.Members_Account) do
        local m = g.members[id]
        if m then m.MuteUntil = until_
        else g.muted_outside = g.muted_outside or {}; g.muted_outside[id] = until_ end
    end
    return {}
end)

-- get_group_muted_account { GroupId, TopicId? } -> GroupId, MutedAccountList = { { Member_Account, MutedUntil } }
-- (1047/34964; the 2022 copy, under the older name get_group_shutted_uin, said ShuttedUinList and ShuttedUntil:
-- the alias answers the current names too). With TopicId: the members muted in that topic.
_M.get_group_muted_account = on_group(function(ctx, body, g)
    local st = ctx.st
    local ch, code, info = channel_of(g, body.TopicId)
    if not ch then return nil, code, info end
    local now = st:now()
    local list = array()
    if ch ~= g then
        for _, id in ipairs(members_in_order(g)) do
            local u = ch.muted and ch.muted[id]
            if u and u > now then list[#list + 1] = { Member_Account = id, MutedUntil = u } end
        end
        return { GroupId = g.GroupId, MutedAccountList = list }
    end
    for _, id in ipairs(members_in_order(g)) do
        local m = g.members[id]
        if m.MuteUntil > now then list[#list + 1] = { Member_Account = id, MutedUntil = m.MuteUntil } end
    end
    local outside = {}
    for id, u in pairs(g.muted_outside or {}) do
        if u > now then outside[#outside + 1] = id end
    end
    sort(outside)
    for _, id in ipairs(outside) do list[#list + 1] = { Member_Account = id, MutedUntil = g.muted_outside[id] } end
    return { GroupId = g.GroupId, MutedAccountList = list }
end)

-- Bans (1047/50295-50297): AVChatRoom groups only; other types answer 10007. A banned member leaves and cannot
-- come back until the ban ends.
local av_room = _M.group_lookup(function(g)
    if g.Type ~= "AVChatRoom" then return "bans apply to AVChatRoom groups only" end
end)

-- ban_group_member { GroupId, Members_Account = { … ≤20 }, Duration (seconds), Description? (≤1000 bytes) }
-- (the fields: the page's tree)
_M.ban_group_member = util.given(av_room, function(ctx, body, g)
    local st = ctx.st
    for _, id in ipairs(body.Members_Account) do
        if id == g.Owner_Account then return nil, 10004, "the owner cannot be banned" end
    end
    local now = st:now()
    for _, id in ipairs(body.Members_Account) do
        g.bans[id] = { until_ = now + body.Duration, Description = body.Description or "", at = now }
        if g.members[id] then remove_member(st, g, id) end
        g.online[id] = nil
    end
    return {}
end)

-- unban_group_member { GroupId, Members_Account = { … ≤20 } } (no tree yet: checked here)
_M.unban_group_member = util.given(av_room, function(_, body, g)
    local max = util.api_max("group_open_http_svc", "unban_group_member", 20)
    if not util.string_list(body.Members_Account, max) then
        return nil, 10004, "Members_Account must be a non-empty array of at most " .. max .. " UserIDs"
    end
    for _, id in ipairs(body.Members_Account) do g.bans[id] = nil end
    return {}
end)

-- get_group_ban_member { GroupId, Offset, Limit? (≤100) } -> BannedAccountList = { { Member_Account,
--   BannedUntil } }, NextOffset (0 = done)
_M.get_group_ban_member = util.given(av_room, function(ctx, body, g)
    local st = ctx.st
    local offset, limit = body.Offset, body.Limit or 100
    if offset < 0 or limit < 1 then return nil, 10004, "Offset must be >= 0 and Limit >= 1" end
    local now = st:now()
    local ids = {}
    for id, b in pairs(g.bans) do if b.until_ > now then ids[#ids + 1] = id end end
    sort(ids)
    local list = array()
    for i = offset + 1, math.min(#ids, offset + limit) do
        list[#list + 1] = { Member_Account = ids[i], BannedUntil = g.bans[ids[i]].until_ }
    end
    return { BannedAccountList = list, NextOffset = offset + limit < #ids and offset + limit or 0 }
end)

_M.routes = util.routes("group_open_http_svc/", _M, {
    "create_group", "import_group", "destroy_group", "get_group_info", "modify_group_base_info",
    "get_appid_group_list", "get_joined_group_list", "change_group_owner", "add_group_member",
    "import_group_member", "delete_group_member", "get_group_member_info", "get_specified_group_member_info",
    "modify_group_member_info", "get_role_in_group", "forbid_send_msg", "get_group_muted_account",
    "ban_group_member", "unban_group_member", "get_group_ban_member"
})
-- the older name the English list still gives
_M.routes["group_open_http_svc/get_group_shutted_uin"] = _M.get_group_muted_account

---------------------------------------------------------------------------------------------------------------
-- The group slices are this family's: st.groups (GroupId -> g), st.joined (UserID -> { GroupId = true }),
-- st.group_serial, st.group_auto (the number in generated ids, which group_topic draws too), st.group_dedup
-- and st.broadcasts. The other families reach them through these (and change a group g through its fields,
-- as the header says).
_M.SLICES = { "groups", "joined", "group_serial", "group_auto", "group_dedup", "broadcasts" }

-- get(st, gid) -> the group | nil
function _M.get(st, gid) return st.groups[gid] end

-- each(st) -> an iterator over GroupId, group, in no order
function _M.each(st) return pairs(st.groups) end

-- joined_of(st, id) -> the groups the account is a member of (GroupId -> true; read it) | nil
function _M.joined_of(st, id) return st.joined[id] end

-- next_auto(st) -> the next number for a generated id (groups, topics, permission groups)
function _M.next_auto(st)
    st.group_auto = st.group_auto + 1
    return st.group_auto
end

-- dedup(st) -> the window (util.window) in which the same Random makes one group send, or one broadcast
function _M.dedup(st) return st.group_dedup end

-- broadcast_sent(st): one more send_broadcast_msg (snapshots keep the count)
function _M.broadcast_sent(st) st.broadcasts.count = st.broadcasts.count + 1 end

return _M

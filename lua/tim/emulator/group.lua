-- group_open_http_svc/*: groups, members and group messages. Callbacks: Group.CallbackBeforeCreateGroup,
-- CallbackAfterCreateGroup, CallbackAfterGroupDestroyed, CallbackAfterNewMemberJoin, CallbackAfterMemberExit,
-- CallbackBeforeSendMsg, CallbackAfterSendMsg.
local util = require "tim.emulator.util"
local json = require "tim.json"

local ipairs, pairs, type, tostring, fmt = ipairs, pairs, type, tostring, string.format
local array = json.array

local _M = { _VERSION = require "tim.version" }

local TYPES = { Private = { max = 200, prefix = "1" }, Public = { max = 2000, prefix = "2" },
                ChatRoom = { max = 6000, prefix = "3" }, AVChatRoom = { max = 1000000, prefix = "a" },
                Community = { max = 100000, prefix = "_" } }
local JOIN = { FreeAccess = true, NeedPermission = true, DisableApply = true }
local DEDUP_SECONDS = 120

local function group_or_err(st, id)
    if type(id) ~= "string" or id == "" then return nil, 10015, "GroupId must be a non-empty string" end
    local g = st.groups[id]
    if not g then return nil, 10010, "group " .. id .. " does not exist or was destroyed" end
    return g
end

local function add_member(st, g, id, role, now)
    local m = { Member_Account = id, Role = role or "Member", JoinTime = now, MsgSeq = g.next_seq - 1,
                MsgFlag = "AcceptAndNotify", LastSendMsgTime = 0, ShutUpUntil = 0, NameCard = "" }
    g.members[id] = m
    g.order[#g.order + 1] = id
    st.joined[id] = st.joined[id] or {}
    st.joined[id][g.GroupId] = true
    return m
end

local function remove_member(st, g, id)
    g.members[id] = nil
    for i, v in ipairs(g.order) do if v == id then table.remove(g.order, i); break end end
    if st.joined[id] then st.joined[id][g.GroupId] = nil end
end

local function member_count(g) return #g.order end

-- create_group { Owner_Account?, Type, Name, GroupId?, Introduction?, Notification?, FaceUrl?, MaxMemberCount?,
--                ApplyJoinOption?, MemberList? = { { Member_Account, Role? } }, AppDefinedData? } -> GroupId
function _M.create_group(ctx, body)
    local st = ctx.st
    st.joined = st.joined or {}
    local t = TYPES[body.Type]
    if not t then return nil, 10004, "Type must be one of Private, Public, ChatRoom, AVChatRoom, Community" end
    if type(body.Name) ~= "string" or body.Name == "" or #body.Name > 100 then
        return nil, 10004, "Name must be a string of 1..100 bytes"
    end
    local owner = body.Owner_Account
    if owner ~= nil and not st:account(owner) then return nil, 10019, "Owner_Account " .. tostring(owner)
        .. " not imported" end
    if body.ApplyJoinOption ~= nil and not JOIN[body.ApplyJoinOption] then
        return nil, 10004, "ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply"
    end
    local id = body.GroupId
    if id ~= nil then
        if type(id) ~= "string" or id == "" or #id > 48 then return nil, 10004, "GroupId must be 1..48 bytes" end
        if st.groups[id] then
            if st.groups[id].Owner_Account == owner and owner then return nil, 10025, "GroupId " .. id
                .. " is already used by this owner" end
            return nil, 10021, "GroupId " .. id .. " is already used"
        end
    else
        repeat
            st.group_auto = st.group_auto + 1
            id = fmt("@TGS#%s%08X", t.prefix, st.group_auto)
        until not st.groups[id]
    end
    local members = body.MemberList or {}
    if type(members) ~= "table" then return nil, 10004, "MemberList must be an array" end
    for _, m in ipairs(members) do
        if type(m) ~= "table" or not util.is_id(m.Member_Account) then
            return nil, 10004, "MemberList items must be objects with a Member_Account"
        end
        if not st:account(m.Member_Account) then
            return nil, 10019, "member " .. m.Member_Account .. " not imported"
        end
        if m.Role ~= nil and m.Role ~= "Admin" and m.Role ~= "Member" then
            return nil, 10004, "MemberList Role must be Admin or Member"
        end
    end
    local max = util.is_int(body.MaxMemberCount, 1) and body.MaxMemberCount or t.max
    if #members + (owner and 1 or 0) > max then return nil, 10014, "group would be over MaxMemberCount" end

    local now = st:now()
    local info = { GroupId = id, Type = body.Type, Name = body.Name, Owner_Account = owner,
                   Introduction = body.Introduction, Notification = body.Notification, FaceUrl = body.FaceUrl,
                   ApplyJoinOption = body.ApplyJoinOption, MaxMemberNum = max, MemberList = members,
                   Operator_Account = ctx.admin }
    local verdict = util.before(ctx, "Group.CallbackBeforeCreateGroup", info)
    if verdict ~= "allow" then return nil, 10016, "group creation refused by the app's callback" end

    st.group_serial = st.group_serial + 1
    local g = { GroupId = id, Type = body.Type, Name = body.Name, Introduction = body.Introduction or "",
                Notification = body.Notification or "", FaceUrl = body.FaceUrl or "", Owner_Account = owner or "",
                CreateTime = now, LastInfoTime = now, LastMsgTime = 0, next_seq = 1, MaxMemberNum = max,
                ApplyJoinOption = body.ApplyJoinOption or (body.Type == "Private" and "DisableApply"
                                  or "NeedPermission"),
                ShutUpAllMember = "Off", AppDefinedData = body.AppDefinedData, serial = st.group_serial,
                members = {}, order = {}, msgs = {}, by_random = {}, notifications = 0 }
    st.groups[id] = g
    if owner then add_member(st, g, owner, "Owner", now) end
    for _, m in ipairs(members) do
        if not g.members[m.Member_Account] then add_member(st, g, m.Member_Account, m.Role, now) end
    end
    info.MemberList = array()
    for _, mid in ipairs(g.order) do info.MemberList[#info.MemberList + 1] = { Member_Account = mid } end
    util.after(ctx, "Group.CallbackAfterCreateGroup", info)
    return { GroupId = id }
end

-- destroy_group { GroupId }
function _M.destroy_group(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    for _, mid in ipairs(g.order) do if st.joined[mid] then st.joined[mid][g.GroupId] = nil end end
    st.groups[g.GroupId] = nil
    local list = array()
    for _, mid in ipairs(g.order) do list[#list + 1] = { Member_Account = mid } end
    util.after(ctx, "Group.CallbackAfterGroupDestroyed", { GroupId = g.GroupId, Type = g.Type,
        Owner_Account = g.Owner_Account, Name = g.Name, MemberList = list })
    return {}
end

local function member_out(m)
    return { Member_Account = m.Member_Account, Role = m.Role, JoinTime = m.JoinTime, MsgSeq = m.MsgSeq,
             MsgFlag = m.MsgFlag, LastSendMsgTime = m.LastSendMsgTime, ShutUpUntil = m.ShutUpUntil,
             NameCard = m.NameCard, AppMemberDefinedData = m.AppMemberDefinedData }
end

local function filtered(t, filter)
    if type(filter) ~= "table" or #filter == 0 then return t end
    local o = {}
    for _, k in ipairs(filter) do o[k] = t[k] end
    return o
end

local function info_out(g, filter)
    local t = { Type = g.Type, Name = g.Name, Introduction = g.Introduction, Notification = g.Notification,
                FaceUrl = g.FaceUrl, Owner_Account = g.Owner_Account, CreateTime = g.CreateTime,
                LastInfoTime = g.LastInfoTime, LastMsgTime = g.LastMsgTime, NextMsgSeq = g.next_seq,
                MemberNum = member_count(g), MaxMemberNum = g.MaxMemberNum, ApplyJoinOption = g.ApplyJoinOption,
                ShutUpAllMember = g.ShutUpAllMember, AppDefinedData = g.AppDefinedData }
    t = filtered(t, filter)
    t.GroupId = g.GroupId
    return t
end

-- get_group_info { GroupIdList = { … ≤50 }, ResponseFilter? = { GroupBaseInfoFilter, MemberInfoFilter } }
function _M.get_group_info(ctx, body)
    local st = ctx.st
    if not util.string_list(body.GroupIdList, 50) then
        return nil, 10004, "GroupIdList must be a non-empty array of at most 50 GroupIds"
    end
    local rf = type(body.ResponseFilter) == "table" and body.ResponseFilter or {}
    local res = array()
    for _, id in ipairs(body.GroupIdList) do
        local g = st.groups[id]
        if g then
            local t = info_out(g, rf.GroupBaseInfoFilter)
            t.ErrorCode, t.ErrorInfo = 0, ""
            if rf.GroupBaseInfoFilter == nil or rf.MemberInfoFilter ~= nil then
                t.MemberList = array()
                for _, mid in ipairs(g.order) do
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

-- get_appid_group_list { Limit? (≤10000), Next? (0 = start), GroupType? } -> TotalCount, GroupIdList, Next
function _M.get_appid_group_list(ctx, body)
    local st = ctx.st
    local limit = body.Limit == nil and 10000 or body.Limit
    if not util.is_int(limit, 1, 10000) then return nil, 10004, "Limit must be an integer in 1..10000" end
    local next_ = body.Next == nil and 0 or body.Next
    if not util.is_int(next_, 0) then return nil, 10004, "Next must be a non-negative integer" end
    if body.GroupType ~= nil and not TYPES[body.GroupType] then return nil, 10004, "unknown GroupType" end
    local all = {}
    for _, g in pairs(st.groups) do
        if body.GroupType == nil or g.Type == body.GroupType then all[#all + 1] = g end
    end
    table.sort(all, function(a, b) return a.serial < b.serial end)
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

-- add_group_member { GroupId, MemberList = { { Member_Account } ≤300 }, Silence? } -> MemberList with Result
-- (0 failed, 1 added, 2 already a member)
function _M.add_group_member(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups do not take add_group_member" end
    local list = body.MemberList
    if type(list) ~= "table" or #list == 0 or #list > 300 then
        return nil, 10004, "MemberList must be a non-empty array of at most 300 members"
    end
    local now = st:now()
    local res, joined = array(), array()
    for _, it in ipairs(list) do
        local id = type(it) == "table" and it.Member_Account or nil
        if not util.is_id(id) or not st:account(id) then
            res[#res + 1] = { Member_Account = tostring(id), Result = 0 }
        elseif g.members[id] then
            res[#res + 1] = { Member_Account = id, Result = 2 }
        elseif member_count(g) >= g.MaxMemberNum then
            res[#res + 1] = { Member_Account = id, Result = 0 }
        else
            add_member(st, g, id, "Member", now)
            res[#res + 1] = { Member_Account = id, Result = 1 }
            joined[#joined + 1] = { Member_Account = id }
        end
    end
    if #joined > 0 then
        util.after(ctx, "Group.CallbackAfterNewMemberJoin", { GroupId = g.GroupId, Type = g.Type,
            JoinType = "Invited", Operator_Account = ctx.admin, NewMemberList = joined })
    end
    return { MemberList = res }
end

-- delete_group_member { GroupId, MemberToDel_Account = { … ≤100 }, Silence?, Reason? }
function _M.delete_group_member(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    if not util.string_list(body.MemberToDel_Account, 100) then
        return nil, 10004, "MemberToDel_Account must be a non-empty array of at most 100 UserIDs"
    end
    local gone = array()
    for _, id in ipairs(body.MemberToDel_Account) do
        if id == g.Owner_Account then return nil, 10004, "the owner cannot be removed; change_group_owner first" end
    end
    for _, id in ipairs(body.MemberToDel_Account) do
        if g.members[id] then
            remove_member(st, g, id)
            gone[#gone + 1] = { Member_Account = id }
        end
    end
    if #gone > 0 then
        util.after(ctx, "Group.CallbackAfterMemberExit", { GroupId = g.GroupId, Type = g.Type,
            ExitType = "Kicked", Operator_Account = ctx.admin, ExitMemberList = gone })
    end
    return {}
end

-- get_group_member_info { GroupId, Limit?, Offset?, MemberInfoFilter?, MemberRoleFilter? } -> MemberNum, MemberList
function _M.get_group_member_info(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    local limit = body.Limit == nil and 6000 or body.Limit
    local offset = body.Offset == nil and 0 or body.Offset
    if not util.is_int(limit, 1, 6000) then return nil, 10004, "Limit must be an integer in 1..6000" end
    if not util.is_int(offset, 0) then return nil, 10004, "Offset must be a non-negative integer" end
    local roles = body.MemberRoleFilter
    local sel = {}
    for _, id in ipairs(g.order) do
        local m = g.members[id]
        if roles == nil or util.has(roles, m.Role) then sel[#sel + 1] = m end
    end
    local list = array()
    for i = offset + 1, math.min(#sel, offset + limit) do
        local o = filtered(member_out(sel[i]), body.MemberInfoFilter)
        o.Member_Account = sel[i].Member_Account
        list[#list + 1] = o
    end
    return { MemberNum = member_count(g), MemberList = list }
end

-- modify_group_member_info { GroupId, Member_Account, Role?, NameCard?, MsgFlag?, ShutUpTime?,
--                            AppMemberDefinedData? }
function _M.modify_group_member_info(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    local m = util.is_id(body.Member_Account) and g.members[body.Member_Account]
    if not m then return nil, 10007, tostring(body.Member_Account) .. " is not a member of " .. g.GroupId end
    if body.Role ~= nil then
        if body.Role ~= "Admin" and body.Role ~= "Member" then return nil, 10004, "Role must be Admin or Member" end
        if m.Role == "Owner" then return nil, 10004, "the owner's role cannot change; use change_group_owner" end
    end
    if body.ShutUpTime ~= nil and not util.is_uint32(body.ShutUpTime) then
        return nil, 10004, "ShutUpTime must be seconds (0 = not muted)"
    end
    if body.NameCard ~= nil and type(body.NameCard) ~= "string" then return nil, 10004, "NameCard must be a string" end
    if body.Role ~= nil then m.Role = body.Role end
    if body.NameCard ~= nil then m.NameCard = body.NameCard end
    if body.MsgFlag ~= nil then m.MsgFlag = body.MsgFlag end
    if body.AppMemberDefinedData ~= nil then m.AppMemberDefinedData = body.AppMemberDefinedData end
    if body.ShutUpTime ~= nil then m.ShutUpUntil = body.ShutUpTime == 0 and 0 or st:now() + body.ShutUpTime end
    return {}
end

-- forbid_send_msg { GroupId, Members_Account = { … ≤500 }, MuteTime (seconds; 0 lifts the mute) }
function _M.forbid_send_msg(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    if not util.string_list(body.Members_Account, 500) then
        return nil, 10004, "Members_Account must be a non-empty array of at most 500 UserIDs"
    end
    if not util.is_uint32(body.MuteTime) then return nil, 10004, "MuteTime must be seconds (0 lifts the mute)" end
    for _, id in ipairs(body.Members_Account) do
        if not g.members[id] then return nil, 10007, id .. " is not a member of " .. g.GroupId end
    end
    local until_ = body.MuteTime == 0 and 0 or st:now() + body.MuteTime
    for _, id in ipairs(body.Members_Account) do g.members[id].ShutUpUntil = until_ end
    return {}
end

-- change_group_owner { GroupId, NewOwner_Account }
function _M.change_group_owner(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    local id = body.NewOwner_Account
    if not util.is_id(id) then return nil, 10004, "NewOwner_Account must be a UserID" end
    if not g.members[id] then return nil, 10007, id .. " is not a member of " .. g.GroupId end
    local old = g.members[g.Owner_Account]
    if old then old.Role = "Member" end
    g.members[id].Role = "Owner"
    g.Owner_Account = id
    g.LastInfoTime = st:now()
    return {}
end

-- get_joined_group_list { Member_Account, Limit?, Offset?, GroupType?, ResponseFilter? } -> TotalCount, GroupIdList
function _M.get_joined_group_list(ctx, body)
    local st = ctx.st
    st.joined = st.joined or {}
    local id = body.Member_Account
    if not util.is_id(id) then return nil, 10004, "Member_Account must be a UserID" end
    if not st:account(id) then return nil, 10019, "Member_Account " .. id .. " not imported" end
    local all = {}
    for gid in pairs(st.joined[id] or {}) do
        local g = st.groups[gid]
        if g and (body.GroupType == nil or g.Type == body.GroupType) then all[#all + 1] = g end
    end
    table.sort(all, function(a, b) return a.serial < b.serial end)
    local limit = util.is_int(body.Limit, 1) and body.Limit or #all
    local offset = util.is_int(body.Offset, 0) and body.Offset or 0
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

local function muted(st, g, id)
    local m = g.members[id]
    local now = st:now()
    if m and m.ShutUpUntil > now then return true end
    local n = st.nospeaking[id]
    return n and n.group and n.group > now
end

-- send_group_msg { GroupId, From_Account?, Random, MsgBody, CloudCustomData?, MsgPriority?, OnlineOnlyFlag?,
--                  ForbidCallbackControl?, SendMsgControl? } -> MsgTime, MsgSeq
function _M.send_group_msg(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    if not util.is_uint32(body.Random) then return nil, 10004, "Random must be an integer in 0..4294967295" end
    local ok, why = util.check_msgbody(body.MsgBody)
    if not ok then return nil, 10004, why end
    local from = body.From_Account or ctx.admin
    if not util.is_id(from) then return nil, 10004, "From_Account must be a UserID" end
    if not st:account(from) then return nil, 10019, "From_Account " .. from .. " not imported" end
    if from ~= ctx.admin and not g.members[from] then
        return nil, 10007, from .. " is not a member of " .. g.GroupId
    end
    if muted(st, g, from) then return nil, 10017, from .. " is muted in " .. g.GroupId end
    local now = st:now()
    local dkey = from .. "\0" .. tostring(body.Random) .. "\0" .. json.encode(body.MsgBody)
    local seen = g.by_random[dkey]
    if seen and now - seen.at <= DEDUP_SECONDS then return { MsgTime = seen.MsgTime, MsgSeq = seen.MsgSeq } end

    local forbid = body.ForbidCallbackControl
    local m = { From_Account = from, Random = body.Random, MsgRandom = body.Random, MsgBody = body.MsgBody,
                CloudCustomData = body.CloudCustomData, MsgPriority = body.MsgPriority or "Normal",
                MsgTimeStamp = now }
    if not util.has(forbid, "ForbidBeforeSendMsgCallback") then
        local verdict, reply = util.before(ctx, "Group.CallbackBeforeSendMsg", {
            GroupId = g.GroupId, Type = g.Type, From_Account = from, Operator_Account = ctx.admin,
            Random = m.Random, OnlineOnlyFlag = body.OnlineOnlyFlag or 0, MsgBody = m.MsgBody,
            CloudCustomData = m.CloudCustomData })
        if verdict == "reject" then return nil, 10016, "message blocked by the app's callback" end
        if verdict == "drop" then return { MsgTime = now, MsgSeq = 0 } end
        if reply then
            if type(reply.MsgBody) == "table" and util.check_msgbody(reply.MsgBody) then m.MsgBody = reply.MsgBody end
            if type(reply.CloudCustomData) == "string" then m.CloudCustomData = reply.CloudCustomData end
        end
    end
    m.MsgSeq = g.next_seq
    g.next_seq = g.next_seq + 1
    g.LastMsgTime = now
    if g.members[from] then g.members[from].LastSendMsgTime = now end
    if g.Type ~= "AVChatRoom" and body.OnlineOnlyFlag ~= 1 then
        g.msgs[#g.msgs + 1] = m
        st.stats.messages = st.stats.messages + 1
        if not util.has(body.SendMsgControl, "NoLastMsg") then
            for _, mid in ipairs(g.order) do st:touch_recent(mid, 2, g.GroupId, now) end
        end
    end
    if m.MsgSeq % 1000 == 0 then
        for k, v in pairs(g.by_random) do
            if now - v.at > DEDUP_SECONDS then g.by_random[k] = nil end
        end
    end
    g.by_random[dkey] = { at = now, MsgTime = now, MsgSeq = m.MsgSeq }
    if not util.has(forbid, "ForbidAfterSendMsgCallback") then
        util.after(ctx, "Group.CallbackAfterSendMsg", { GroupId = g.GroupId, Type = g.Type, From_Account = from,
            Operator_Account = ctx.admin, Random = m.Random, MsgSeq = m.MsgSeq, MsgTime = now,
            OnlineOnlyFlag = body.OnlineOnlyFlag or 0, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData })
    end
    return { MsgTime = now, MsgSeq = m.MsgSeq }
end

-- send_group_system_notification { GroupId, Content, ToMembers_Account? }
function _M.send_group_system_notification(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    if type(body.Content) ~= "string" or body.Content == "" then
        return nil, 10004, "Content must be a non-empty string"
    end
    if body.ToMembers_Account ~= nil then
        if not util.string_list(body.ToMembers_Account, 500) then
            return nil, 10004, "ToMembers_Account must be a non-empty array of at most 500 UserIDs"
        end
        for _, id in ipairs(body.ToMembers_Account) do
            if not g.members[id] then return nil, 10007, id .. " is not a member of " .. g.GroupId end
        end
    end
    g.notifications = g.notifications + 1
    return {}
end

local function find_msg(g, seq)
    for _, m in ipairs(g.msgs) do if m.MsgSeq == seq then return m end end
end

-- group_msg_recall { GroupId, MsgSeqList = { { MsgSeq } }, Reason? } -> RecallRetList
function _M.group_msg_recall(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    local list = body.MsgSeqList
    if type(list) ~= "table" or #list == 0 then return nil, 10004, "MsgSeqList must be a non-empty array" end
    local res = array()
    for _, it in ipairs(list) do
        local seq = type(it) == "table" and it.MsgSeq or nil
        local m = util.is_int(seq, 1) and find_msg(g, seq)
        if m and not m.recalled then
            m.recalled = true
            res[#res + 1] = { MsgSeq = seq, RetCode = 0 }
        else
            res[#res + 1] = { MsgSeq = seq, RetCode = 10030 }
        end
    end
    return { RecallRetList = res }
end

-- group_msg_get_simple { GroupId, ReqMsgNumber (1..20), ReqMsgSeq?, WithRecalledMsg? } -> IsFinished, RspMsgList
-- (newest first, from ReqMsgSeq down; recalled messages only with WithRecalledMsg = 1, as IsPlaceMsg = 2)
function _M.group_msg_get_simple(ctx, body)
    local st = ctx.st
    local g, code, info = group_or_err(st, body.GroupId)
    if not g then return nil, code, info end
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups keep no message history" end
    if not util.is_int(body.ReqMsgNumber, 1, 20) then return nil, 10004, "ReqMsgNumber must be in 1..20" end
    local top = body.ReqMsgSeq
    if top ~= nil and not util.is_int(top, 0) then return nil, 10004, "ReqMsgSeq must be a sequence number" end
    top = top or (g.next_seq - 1)
    local list = array()
    local lowest = nil
    for i = #g.msgs, 1, -1 do
        local m = g.msgs[i]
        if m.MsgSeq <= top then
            if #list == body.ReqMsgNumber then break end
            lowest = m.MsgSeq
            if not m.recalled then
                list[#list + 1] = { From_Account = m.From_Account, IsPlaceMsg = 0, MsgBody = m.MsgBody,
                                    MsgPriority = 1, MsgRandom = m.Random, MsgSeq = m.MsgSeq,
                                    MsgTimeStamp = m.MsgTimeStamp, CloudCustomData = m.CloudCustomData }
            elseif body.WithRecalledMsg == 1 then
                list[#list + 1] = { From_Account = m.From_Account, IsPlaceMsg = 2, MsgBody = array(),
                                    MsgPriority = 1, MsgRandom = m.Random, MsgSeq = m.MsgSeq,
                                    MsgTimeStamp = m.MsgTimeStamp }
            end
        end
    end
    local finished = 1
    if lowest then
        for _, m in ipairs(g.msgs) do if m.MsgSeq < lowest then finished = 0; break end end
    end
    return { GroupId = g.GroupId, IsFinished = finished, RspMsgList = list }
end

_M.routes = {}
for _, name in ipairs{ "create_group", "destroy_group", "get_group_info", "get_appid_group_list",
                       "add_group_member", "delete_group_member", "get_group_member_info",
                       "modify_group_member_info", "send_group_msg", "send_group_system_notification",
                       "group_msg_recall", "group_msg_get_simple", "forbid_send_msg", "change_group_owner",
                       "get_joined_group_list" } do
    _M.routes["group_open_http_svc/" .. name] = _M[name]
end

return _M

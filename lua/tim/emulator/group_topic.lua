-- Community topics (million_group_open_http_svc/create_topic, destroy_topic, get_topic, modify_topic,
-- get_online_member_num; group_open_http_svc/import_topic) and community permission groups
-- (group_open_http_svc/create_permission_group and modify_permission_group: 1047/61232, 1047/61234;
-- destroy_permission_group and get_permission_group_info named after them). Topics live in communities created
-- with SupportTopic = 1; each topic is a message channel of its own (send_group_msg with TopicId).
-- Callbacks: Group.CallbackBeforeCreateTopic, CallbackAfterCreateTopic, CallbackAfterTopicDestroyed,
-- CallbackAfterTopicInfoChanged.
local util = require "tim.emulator.util"
local json = require "tim.json"
local group = require "tim.emulator.group"

local ipairs, pairs, type, tostring, fmt = ipairs, pairs, type, tostring, string.format
local sort, sub = table.sort, string.sub
local array = json.array

local _M = { _VERSION = "0.1.0" }

local TOPIC_FIELDS = { "TopicName", "CustomString", "FaceUrl", "Notification", "Introduction" }
local MAX_TOPICS = 100

local function community(st, id)
    local g, code, info = group.group_or_err(st, id)
    if not g then return nil, code, info end
    if g.Type ~= "Community" then return nil, 10007, g.GroupId .. " is not a Community" end
    return g
end

local function topic_community(st, id)
    local g, code, info = community(st, id)
    if not g then return nil, code, info end
    if g.SupportTopic ~= 1 then return nil, 10007, g.GroupId .. " was not created with SupportTopic = 1" end
    return g
end

local function check_topic_fields(body, need_name)
    if need_name and (type(body.TopicName) ~= "string" or body.TopicName == "") then
        return "TopicName must be a non-empty string"
    end
    for _, f in ipairs(TOPIC_FIELDS) do
        if body[f] ~= nil and type(body[f]) ~= "string" then return f .. " must be a string" end
    end
    if body.TopicName and #body.TopicName > 150 then return "TopicName is over 150 bytes" end
    return nil
end

local function count(t) local n = 0; for _ in pairs(t) do n = n + 1 end; return n end

local function new_topic(ctx, g, body, now, created)
    local st = ctx.st
    local id = body.TopicId
    if id ~= nil then
        if type(id) ~= "string" or sub(id, 1, #g.GroupId + 8) ~= g.GroupId .. "@TOPIC#_" then
            return nil, 10004, "a custom TopicId is the GroupId followed by @TOPIC#_ and a name"
        end
        if g.topics[id] then return nil, 10021, "TopicId " .. id .. " is already used" end
    else
        repeat
            st.group_auto = st.group_auto + 1
            id = fmt("%s@TOPIC#_%08X", g.GroupId, st.group_auto)
        until not g.topics[id]
    end
    if count(g.topics) >= MAX_TOPICS then return nil, 10014, "at most " .. MAX_TOPICS .. " topics per community" end
    local tp = group.new_channel()
    tp.TopicId, tp.CreateTime, tp.ShutUpAllMember = id, created or now, "Off"
    tp.Owner_Account = body.From_Account or ""
    for _, f in ipairs(TOPIC_FIELDS) do tp[f] = body[f] or "" end
    return tp
end

-- create_topic { GroupId, TopicId?, TopicName, From_Account?, CustomString?, FaceUrl?, Notification?,
--                Introduction? } -> TopicId
function _M.create_topic(ctx, body)
    local st = ctx.st
    local g, code, info = topic_community(st, body.GroupId)
    if not g then return nil, code, info end
    local why = check_topic_fields(body, true)
    if why then return nil, 10004, why end
    if body.From_Account ~= nil and not st:account(body.From_Account) then
        return nil, 10019, "From_Account " .. tostring(body.From_Account) .. " not imported"
    end
    local tp
    tp, code, info = new_topic(ctx, g, body, st:now())
    if not tp then return nil, code, info end
    local payload = { GroupId = g.GroupId, TopicId = tp.TopicId, TopicName = tp.TopicName,
                      Operator_Account = ctx.admin }
    if util.before(ctx, "Group.CallbackBeforeCreateTopic", payload) ~= "allow" then
        return nil, 10016, "topic creation refused by the app's callback"
    end
    g.topics[tp.TopicId] = tp
    util.after(ctx, "Group.CallbackAfterCreateTopic", payload)
    return { TopicId = tp.TopicId }
end

-- import_topic { as create_topic, plus CreateTime } -> TopicId (no callbacks)
function _M.import_topic(ctx, body)
    local st = ctx.st
    local g, code, info = topic_community(st, body.GroupId)
    if not g then return nil, code, info end
    local why = check_topic_fields(body, true)
    if why then return nil, 10004, why end
    if body.CreateTime ~= nil and not util.is_int(body.CreateTime, 0) then
        return nil, 10004, "CreateTime must be a Unix time"
    end
    local tp
    tp, code, info = new_topic(ctx, g, body, st:now(), body.CreateTime)
    if not tp then return nil, code, info end
    g.topics[tp.TopicId] = tp
    return { TopicId = tp.TopicId }
end

-- destroy_topic { GroupId, TopicIdList = { … } } -> DestroyResultItem = { { TopicId, ErrorCode, ErrorInfo } }
function _M.destroy_topic(ctx, body)
    local st = ctx.st
    local g, code, info = topic_community(st, body.GroupId)
    if not g then return nil, code, info end
    if not util.string_list(body.TopicIdList) then return nil, 10004, "TopicIdList must be a non-empty array" end
    local res = array()
    for _, id in ipairs(body.TopicIdList) do
        if g.topics[id] then
            g.topics[id] = nil
            res[#res + 1] = { TopicId = id, ErrorCode = 0, ErrorInfo = "" }
            util.after(ctx, "Group.CallbackAfterTopicDestroyed", { GroupId = g.GroupId, TopicId = id,
                                                                   Operator_Account = ctx.admin })
        else
            res[#res + 1] = { TopicId = id, ErrorCode = 10010, ErrorInfo = "topic does not exist" }
        end
    end
    return { DestroyResultItem = res }
end

local function topic_out(tp)
    local t = { TopicId = tp.TopicId, CreateTime = tp.CreateTime, LastMsgTime = tp.LastMsgTime,
                NextMsgSeq = tp.next_seq, ShutUpAllMember = tp.ShutUpAllMember, Owner_Account = tp.Owner_Account,
                ErrorCode = 0, ErrorInfo = "" }
    for _, f in ipairs(TOPIC_FIELDS) do t[f] = tp[f] end
    return t
end

-- get_topic { GroupId, TopicIdList? = { … } } -> TopicInfo (all topics when TopicIdList is absent)
function _M.get_topic(ctx, body)
    local st = ctx.st
    local g, code, info = topic_community(st, body.GroupId)
    if not g then return nil, code, info end
    if body.TopicIdList ~= nil and not util.string_list(body.TopicIdList) then
        return nil, 10004, "TopicIdList must be a non-empty array"
    end
    local res = array()
    if body.TopicIdList then
        for _, id in ipairs(body.TopicIdList) do
            local tp = g.topics[id]
            res[#res + 1] = tp and topic_out(tp) or { TopicId = id, ErrorCode = 10010,
                                                     ErrorInfo = "topic does not exist" }
        end
    else
        local ids = {}
        for id in pairs(g.topics) do ids[#ids + 1] = id end
        sort(ids, function(a, b) return g.topics[a].CreateTime < g.topics[b].CreateTime
                                     or (g.topics[a].CreateTime == g.topics[b].CreateTime and a < b) end)
        for _, id in ipairs(ids) do res[#res + 1] = topic_out(g.topics[id]) end
    end
    return { GroupId = g.GroupId, TopicInfo = res }
end

-- modify_topic { GroupId, TopicId, TopicName?, CustomString?, FaceUrl?, Notification?, Introduction?,
--                ShutUpAllMember? = On | Off }
function _M.modify_topic(ctx, body)
    local st = ctx.st
    local g, code, info = topic_community(st, body.GroupId)
    if not g then return nil, code, info end
    local tp = type(body.TopicId) == "string" and g.topics[body.TopicId]
    if not tp then return nil, 10010, "topic " .. tostring(body.TopicId) .. " does not exist" end
    local why = check_topic_fields(body, false)
    if why then return nil, 10004, why end
    if body.TopicName == "" then return nil, 10004, "TopicName cannot be empty" end
    if body.ShutUpAllMember ~= nil and body.ShutUpAllMember ~= "On" and body.ShutUpAllMember ~= "Off" then
        return nil, 10004, "ShutUpAllMember must be On or Off"
    end
    for _, f in ipairs(TOPIC_FIELDS) do if body[f] ~= nil then tp[f] = body[f] end end
    if body.ShutUpAllMember then tp.ShutUpAllMember = body.ShutUpAllMember end
    util.after(ctx, "Group.CallbackAfterTopicInfoChanged", { GroupId = g.GroupId, TopicId = tp.TopicId,
                                                             Operator_Account = ctx.admin })
    return {}
end

-- million_group_open_http_svc/get_online_member_num { GroupId } -> OnlineMemberNum (members marked online with
-- POST /_emulator/login)
function _M.get_community_online_member_num(ctx, body)
    local st = ctx.st
    local g, code, info = community(st, body.GroupId)
    if not g then return nil, code, info end
    local n = 0
    for _, id in ipairs(group.members_in_order(g)) do
        local a = st:account(id)
        if a and a.status == "Online" then n = n + 1 end
    end
    return { OnlineMemberNum = n }
end

---------------------------------------------------------------------------------------------------------------
-- Permission groups

local function perm_fields_ok(body, need_name)
    if need_name and (type(body.PermissionGroupName) ~= "string" or body.PermissionGroupName == ""
                      or #body.PermissionGroupName > 150) then
        return "PermissionGroupName must be a string of 1..150 bytes"
    end
    if body.PermissionGroupName ~= nil and type(body.PermissionGroupName) ~= "string" then
        return "PermissionGroupName must be a string"
    end
    if body.Permission ~= nil and not util.is_int(body.Permission, 0) then
        return "Permission must be a non-negative integer (a bit set)"
    end
    if body.CustomString ~= nil and type(body.CustomString) ~= "string" then return "CustomString must be a string" end
    return nil
end

-- create_permission_group { GroupId, PermissionGroupId? (@PMG#_…), PermissionGroupName, Permission?,
--                           CustomString? } -> PermissionGroupId
function _M.create_permission_group(ctx, body)
    local st = ctx.st
    local g, code, info = community(st, body.GroupId)
    if not g then return nil, code, info end
    local why = perm_fields_ok(body, true)
    if why then return nil, 10004, why end
    local id = body.PermissionGroupId
    if id ~= nil then
        if type(id) ~= "string" or sub(id, 1, 6) ~= "@PMG#_" or #id > 48 then
            return nil, 10004, "a custom PermissionGroupId starts with @PMG#_ (at most 48 bytes)"
        end
        if g.perm_groups[id] then return nil, 10021, "PermissionGroupId " .. id .. " is already used" end
    else
        repeat
            st.group_auto = st.group_auto + 1
            id = fmt("@PMG#_%08X", st.group_auto)
        until not g.perm_groups[id]
    end
    g.perm_groups[id] = { PermissionGroupId = id, PermissionGroupName = body.PermissionGroupName,
                          Permission = body.Permission or 0, CustomString = body.CustomString or "",
                          CreateTime = st:now() }
    return { PermissionGroupId = id }
end

-- modify_permission_group { GroupId, PermissionGroupId, PermissionGroupName?, Permission?, CustomString? }
function _M.modify_permission_group(ctx, body)
    local st = ctx.st
    local g, code, info = community(st, body.GroupId)
    if not g then return nil, code, info end
    local pg = type(body.PermissionGroupId) == "string" and g.perm_groups[body.PermissionGroupId]
    if not pg then return nil, 10010, "no permission group " .. tostring(body.PermissionGroupId) end
    local why = perm_fields_ok(body, false)
    if why then return nil, 10004, why end
    for _, f in ipairs{ "PermissionGroupName", "Permission", "CustomString" } do
        if body[f] ~= nil then pg[f] = body[f] end
    end
    return {}
end

-- destroy_permission_group { GroupId, PermissionGroupIdList = { … } } -> ResultItem
function _M.destroy_permission_group(ctx, body)
    local st = ctx.st
    local g, code, info = community(st, body.GroupId)
    if not g then return nil, code, info end
    local ids = body.PermissionGroupIdList or (body.PermissionGroupId and { body.PermissionGroupId })
    if not util.string_list(ids) then return nil, 10004, "PermissionGroupIdList must be a non-empty array" end
    local res = array()
    for _, id in ipairs(ids) do
        if g.perm_groups[id] then
            g.perm_groups[id] = nil
            res[#res + 1] = { PermissionGroupId = id, ErrorCode = 0, ErrorInfo = "" }
        else
            res[#res + 1] = { PermissionGroupId = id, ErrorCode = 10010, ErrorInfo = "no such permission group" }
        end
    end
    return { ResultItem = res }
end

-- get_permission_group_info { GroupId, PermissionGroupIdList? } -> PermissionGroupInfo
function _M.get_permission_group_info(ctx, body)
    local st = ctx.st
    local g, code, info = community(st, body.GroupId)
    if not g then return nil, code, info end
    local ids = body.PermissionGroupIdList
    if ids ~= nil and not util.string_list(ids) then
        return nil, 10004, "PermissionGroupIdList must be a non-empty array"
    end
    if not ids then
        ids = {}
        for id in pairs(g.perm_groups) do ids[#ids + 1] = id end
        sort(ids)
    end
    local res = array()
    for _, id in ipairs(ids) do
        local pg = g.perm_groups[id]
        if pg then
            res[#res + 1] = { PermissionGroupId = id, PermissionGroupName = pg.PermissionGroupName,
                              Permission = pg.Permission, CustomString = pg.CustomString, ErrorCode = 0 }
        else
            res[#res + 1] = { PermissionGroupId = id, ErrorCode = 10010 }
        end
    end
    return { GroupId = g.GroupId, PermissionGroupInfo = res }
end

_M.routes = {
    ["million_group_open_http_svc/create_topic"] = _M.create_topic,
    ["million_group_open_http_svc/destroy_topic"] = _M.destroy_topic,
    ["million_group_open_http_svc/get_topic"] = _M.get_topic,
    ["million_group_open_http_svc/modify_topic"] = _M.modify_topic,
    ["million_group_open_http_svc/get_online_member_num"] = _M.get_community_online_member_num,
    ["group_open_http_svc/import_topic"] = _M.import_topic,
    ["group_open_http_svc/create_permission_group"] = _M.create_permission_group,
    ["group_open_http_svc/modify_permission_group"] = _M.modify_permission_group,
    ["group_open_http_svc/destroy_permission_group"] = _M.destroy_permission_group,
    ["group_open_http_svc/get_permission_group_info"] = _M.get_permission_group_info,
}

return _M

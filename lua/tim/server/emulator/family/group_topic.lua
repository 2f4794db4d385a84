-- Community topics (million_group_open_http_svc/create_topic, destroy_topic, get_topic, modify_topic,
-- get_online_member_num; group_open_http_svc/import_topic) and community permission groups
-- (group_open_http_svc/create_permission_group 1047/61232, destroy_permission_group 61233,
-- modify_permission_group 61234, get_permission_group 61235). Topics live in communities created with
-- SupportTopic = 1; each topic is a message channel of its own (send_group_msg with TopicId). A topic's
-- whole-topic mute is MuteAllMember, as modify_topic's sample names it (the older ShutUpAllMember is taken too).
-- Every command here has its fields checked against its page's tree before the handler runs
-- (tim.server.emulator); create_topic and import_topic, whose trees come from samples (nothing marked required),
-- check here that a topic is named.
-- Callbacks: Group.CallbackBeforeCreateTopic, CallbackAfterCreateTopic, CallbackAfterTopicDestroyed,
-- CallbackAfterTopicInfoChanged.
local util = require "tim.server.emulator.util"
local json = require "tim.base.json"
local group = require "tim.server.emulator.family.group"

local ipairs, pairs, type, tostring, tonumber, fmt = ipairs, pairs, type, tostring, tonumber, string.format
local sort, sub = table.sort, string.sub
local array = json.array

local _M = { _VERSION = require "tim.version" }

local TOPIC_FIELDS = { "TopicName", "CustomString", "FaceUrl", "Notification", "Introduction" }
local MAX_TOPICS = 100

local function not_community(g)
    if g.Type ~= "Community" then return g.GroupId .. " is not a Community" end
end
local community = group.group_lookup(not_community)
local topic_community = group.group_lookup(function(g)
    if not_community(g) then return not_community(g) end
    if g.SupportTopic ~= 1 then return g.GroupId .. " was not created with SupportTopic = 1" end
end)

-- create_topic, import_topic: their trees come from samples (types only), so the name's presence and length are
-- checked here
local function check_topic_name(body)
    if body.TopicName == nil or body.TopicName == "" then return "TopicName must be a non-empty string" end
    if #body.TopicName > 150 then return "TopicName is over 150 bytes" end
    return nil
end
local named_topic = util.with_check(topic_community, check_topic_name, 10004)

local function count(t) local n = 0; for _ in pairs(t) do n = n + 1 end; return n end

-- new_id(st, used, id, field, custom, bad, auto) -> the id of a new topic or permission group | nil, code, info:
-- the request's own (custom(id) -> whether its form is right, else 10004 bad; 10021 when used[id] is taken), or,
-- when the request gives none, the first auto(n) not taken for the next numbers n of group.next_auto
local function new_id(st, used, id, field, custom, bad, auto)
    if id ~= nil then
        if not custom(id) then return nil, 10004, bad end
        if used[id] then return nil, 10021, field .. " " .. id .. " is already used" end
        return id
    end
    repeat
        id = auto(group.next_auto(st))
    until not used[id]
    return id
end

local function new_topic(ctx, g, body, now, created)
    local id, code, info = new_id(ctx.st, g.topics, body.TopicId, "TopicId", function(x)
        return type(x) == "string" and sub(x, 1, #g.GroupId + 8) == g.GroupId .. "@TOPIC#_"
    end, "a custom TopicId is the GroupId followed by @TOPIC#_ and a name", function(n)
        return fmt("%s@TOPIC#_%08X", g.GroupId, n)
    end)
    if not id then return nil, code, info end
    if count(g.topics) >= MAX_TOPICS then return nil, 10014, "at most " .. MAX_TOPICS .. " topics per community" end
    local tp = group.new_channel()
    tp.TopicId, tp.CreateTime, tp.MuteAllMember = id, created or now, "Off"
    tp.Owner_Account = body.From_Account or ""
    for _, f in ipairs(TOPIC_FIELDS) do tp[f] = body[f] or "" end
    return tp
end

-- create_topic { GroupId, TopicId?, TopicName, From_Account?, CustomString?, FaceUrl?, Notification?,
--                Introduction? } -> TopicId
_M.create_topic = util.given(named_topic, function(ctx, body, g)
    local st = ctx.st
    if body.From_Account ~= nil and not st:account(body.From_Account) then
        return nil, 10019, "From_Account " .. tostring(body.From_Account) .. " not imported"
    end
    local tp, code, info = new_topic(ctx, g, body, st:now())
    if not tp then return nil, code, info end
    local payload = { GroupId = g.GroupId, TopicId = tp.TopicId, TopicName = tp.TopicName,
                      Operator_Account = ctx.admin }
    if util.before(ctx, "Group.CallbackBeforeCreateTopic", payload) ~= "allow" then
        return nil, 10016, "topic creation refused by the app's callback"
    end
    g.topics[tp.TopicId] = tp
    util.after(ctx, "Group.CallbackAfterCreateTopic", payload)
    return { TopicId = tp.TopicId }
end)

-- import_topic { as create_topic, plus CreateTime } -> TopicId (no callbacks)
_M.import_topic = util.given(named_topic, function(ctx, body, g)
    local tp, code, info = new_topic(ctx, g, body, ctx.st:now(), body.CreateTime)
    if not tp then return nil, code, info end
    g.topics[tp.TopicId] = tp
    return { TopicId = tp.TopicId }
end)

-- destroy(held, ids, field, missing [, gone]) -> the result list of destroy_topic and destroy_permission_group: for
-- each id, { <field> = id, ErrorCode, ErrorInfo }: 0 when held had it (removed, then gone(id)), else 10010, missing
local function destroy(held, ids, field, missing, gone)
    local res = array()
    for _, id in ipairs(ids) do
        if held[id] then
            held[id] = nil
            res[#res + 1] = { [field] = id, ErrorCode = 0, ErrorInfo = "" }
            if gone then gone(id) end
        else
            res[#res + 1] = { [field] = id, ErrorCode = 10010, ErrorInfo = missing }
        end
    end
    return res
end

-- destroy_topic { GroupId, TopicIdList = { … } } -> DestroyResultItem = { { TopicId, ErrorCode, ErrorInfo } }
_M.destroy_topic = util.given(topic_community, function(ctx, body, g)
    return { DestroyResultItem = destroy(g.topics, body.TopicIdList, "TopicId", "topic does not exist", function(id)
        util.after(ctx, "Group.CallbackAfterTopicDestroyed", { GroupId = g.GroupId, TopicId = id,
                                                               Operator_Account = ctx.admin })
    end) }
end)

local function topic_out(tp)
    local t = { TopicId = tp.TopicId, CreateTime = tp.CreateTime, LastMsgTime = tp.LastMsgTime,
                NextMsgSeq = tp.next_seq, MuteAllMember = tp.MuteAllMember, Owner_Account = tp.Owner_Account,
                ErrorCode = 0, ErrorInfo = "" }
    for _, f in ipairs(TOPIC_FIELDS) do t[f] = tp[f] end
    return t
end

-- get_topic { GroupId, From_Account?, TopicIdList? = { … }, ResponseFilter? = { field, … } } -> TopicInfo (all
-- topics when TopicIdList is absent or empty; only the ResponseFilter fields, with TopicId, ErrorCode, ErrorInfo)
local function topic_filtered(tp, filter)
    local t = topic_out(tp)
    if type(filter) ~= "table" or #filter == 0 then return t end
    local o = group.filtered(t, filter)
    o.TopicId, o.ErrorCode, o.ErrorInfo = t.TopicId, t.ErrorCode, t.ErrorInfo
    return o
end

_M.get_topic = util.given(topic_community, function(_, body, g)
    local res = array()
    local rf = body.ResponseFilter
    if body.TopicIdList and #body.TopicIdList > 0 then
        for _, id in ipairs(body.TopicIdList) do
            local tp = g.topics[id]
            res[#res + 1] = tp and topic_filtered(tp, rf) or { TopicId = id, ErrorCode = 10010,
                                                               ErrorInfo = "topic does not exist" }
        end
    else
        local ids = {}
        for id in pairs(g.topics) do ids[#ids + 1] = id end
        sort(ids, function(a, b) return g.topics[a].CreateTime < g.topics[b].CreateTime
                                     or (g.topics[a].CreateTime == g.topics[b].CreateTime and a < b) end)
        for _, id in ipairs(ids) do res[#res + 1] = topic_filtered(g.topics[id], rf) end
    end
    return { GroupId = g.GroupId, TopicInfo = res }
end)

-- modify_topic { GroupId, TopicId, From_Account?, TopicName?, CustomString?, FaceUrl?, Notification?,
--                Introduction?, MuteAllMember? = On | Off } (types: the sample's tree, 1047/49468)
_M.modify_topic = util.given(topic_community, function(ctx, body, g)
    local tp = body.TopicId ~= nil and g.topics[body.TopicId]
    if not tp then return nil, 10010, "topic " .. tostring(body.TopicId) .. " does not exist" end
    if body.TopicName == "" then return nil, 10004, "TopicName cannot be empty" end
    if body.TopicName and #body.TopicName > 150 then return nil, 10004, "TopicName is over 150 bytes" end
    local mute_all = body.MuteAllMember
    if mute_all == nil then mute_all = body.ShutUpAllMember end
    if mute_all ~= nil and mute_all ~= "On" and mute_all ~= "Off" then
        return nil, 10004, "MuteAllMember must be On or Off"
    end
    for _, f in ipairs(TOPIC_FIELDS) do if body[f] ~= nil then tp[f] = body[f] end end
    if mute_all ~= nil then tp.MuteAllMember = mute_all end
    util.after(ctx, "Group.CallbackAfterTopicInfoChanged", { GroupId = g.GroupId, TopicId = tp.TopicId,
                                                             Operator_Account = ctx.admin })
    return {}
end)

-- million_group_open_http_svc/get_online_member_num { GroupId } -> OnlineMemberNum (members marked online with
-- POST /_emulator/login)
_M.get_community_online_member_num = util.given(community, function(ctx, _, g)
    local st = ctx.st
    local n = 0
    for _, id in ipairs(group.members_in_order(g)) do
        local a = st:account(id)
        if a and a.status == "Online" then n = n + 1 end
    end
    return { OnlineMemberNum = n }
end)

---------------------------------------------------------------------------------------------------------------
-- Permission groups

-- what the trees do not say: a name is not empty, permission bits are not negative -> nil | why
local function perm_fields_ok(body)
    if body.PermissionGroupName == "" then return "PermissionGroupName must not be empty" end
    if body.Permission ~= nil and body.Permission < 0 then
        return "Permission must be a non-negative integer (a bit set)"
    end
    return nil
end

-- create_permission_group { GroupId, PermissionGroupId? (@PMG#_…), PermissionGroupName, Permission?,
--                           CustomString? } -> PermissionGroupId
_M.create_permission_group = util.given(util.with_check(community, perm_fields_ok, 10004), function(ctx, body, g)
    local st = ctx.st
    local id, code, info = new_id(st, g.perm_groups, body.PermissionGroupId, "PermissionGroupId", function(x)
        return sub(x, 1, 6) == "@PMG#_" and #x <= 48
    end, "a custom PermissionGroupId starts with @PMG#_ (at most 48 bytes)", function(n)
        return fmt("@PMG#_%08X", n)
    end)
    if not id then return nil, code, info end
    g.perm_groups[id] = { PermissionGroupId = id, PermissionGroupName = body.PermissionGroupName,
                          Permission = body.Permission or 0, CustomString = body.CustomString or "",
                          CreateTime = st:now() }
    return { PermissionGroupId = id }
end)

-- modify_permission_group { GroupId, PermissionGroupId, PermissionGroupName?, Permission?, CustomString? }
_M.modify_permission_group = util.given(community, function(_, body, g)
    local pg = g.perm_groups[body.PermissionGroupId]
    if not pg then return nil, 10010, "no permission group " .. body.PermissionGroupId end
    local why = perm_fields_ok(body)
    if why then return nil, 10004, why end
    for _, f in ipairs{ "PermissionGroupName", "Permission", "CustomString" } do
        if body[f] ~= nil then pg[f] = body[f] end
    end
    return {}
end)

-- destroy_permission_group { GroupId, PermissionGroupIdList = { … ≤20 } }
--   -> PermissionGroupResultList = { { PermissionGroupId, ErrorCode, ErrorInfo } } (1047/61233)
_M.destroy_permission_group = util.given(community, function(_, body, g)
    return { PermissionGroupResultList = destroy(g.perm_groups, body.PermissionGroupIdList, "PermissionGroupId",
                                                 "no such permission group") }
end)

-- get_permission_group { GroupId, PermissionGroupIdList?, Limit? (≤20), Next? ("" first) }
--   -> PermissionGroupInfoList, Next ("" when all are pulled) (1047/61235; the command the page names, which the
--   emulator used to serve as get_permission_group_info). Without PermissionGroupIdList, all of the community's.
local PERM_PAGE = 20
_M.get_permission_group = util.given(community, function(_, body, g)
    local limit = body.Limit == nil and PERM_PAGE or body.Limit
    if limit < 1 then return nil, 10004, "Limit must be at least 1" end
    local start = 0
    if body.Next ~= nil and body.Next ~= "" and body.Next ~= 0 then
        start = tonumber(body.Next)
        if not util.is_int(start, 0) then return nil, 10004, "Next must be \"\" or the last answer's Next" end
    end
    local ids = body.PermissionGroupIdList
    if not ids then
        ids = {}
        for id in pairs(g.perm_groups) do ids[#ids + 1] = id end
        sort(ids)
    end
    local res = array()
    for i = start + 1, math.min(#ids, start + limit) do
        local id = ids[i]
        local pg = g.perm_groups[id]
        if pg then
            res[#res + 1] = { PermissionGroupId = id, PermissionGroupName = pg.PermissionGroupName,
                              Permission = pg.Permission, CustomString = pg.CustomString, ErrorCode = 0 }
        else
            res[#res + 1] = { PermissionGroupId = id, ErrorCode = 10010 }
        end
    end
    return { PermissionGroupInfoList = res, Next = start + limit < #ids and tostring(start + limit) or "" }
end)

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
    ["group_open_http_svc/get_permission_group"] = _M.get_permission_group,
}

return _M

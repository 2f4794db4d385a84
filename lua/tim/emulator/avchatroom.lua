-- AV chatrooms (live groups): group_open_http_svc/get_online_member_num and group_open_avchatroom_http_svc/*
-- (get_members paged by Timestamp, modify_user_info member marks, modify_admin with at most 5 admins,
-- get_admin_list, check_members, add_robots / del_robots). Who is online comes from clients joining, which the
-- emulator has none of: POST /_emulator/join { GroupId, Member_Account } (and /_emulator/leave) stand for them,
-- deterministically; robots added by add_robots are online members with the mark 500.
local util = require "tim.emulator.util"
local json = require "tim.json"
local group = require "tim.emulator.group"

local ipairs, pairs, type = ipairs, pairs, type
local sort = table.sort
local array = json.array

local _M = { _VERSION = "0.1.0" }

local PAGE = 100
local MAX_ADMINS = 5
local ROBOT_MARK = 500

local function room(st, id)
    local g, code, info = group.group_or_err(st, id)
    if not g then return nil, code, info end
    if g.Type ~= "AVChatRoom" then return nil, 10007, g.GroupId .. " is not an AVChatRoom" end
    return g
end

-- join(st, g, id): the account is online in the room (control endpoint and tests)
function _M.join(st, g, id, robot)
    if not g.online[id] then
        st.avchat_serial = (st.avchat_serial or 0) + 1
        g.online[id] = { JoinTime = st:now(), serial = st.avchat_serial, Marks = robot and { ROBOT_MARK } or {},
                         robot = robot or nil }
    end
    return g.online[id]
end

local function online_sorted(g)
    local ids = {}
    for id in pairs(g.online) do ids[#ids + 1] = id end
    sort(ids, function(a, b) return g.online[a].serial < g.online[b].serial end)
    return ids
end

-- get_online_member_num { GroupId } -> OnlineMemberNum
function _M.get_online_member_num(ctx, body)
    local g, code, info = room(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    local n = 0
    for _ in pairs(g.online) do n = n + 1 end
    return { OnlineMemberNum = n }
end

-- get_members { GroupId, Timestamp = 0 (then the answer's Timestamp until it is 0) }
--   -> MemberList = { { Member_Account, JoinTime, MemberMarks } }, Timestamp
function _M.get_members(ctx, body)
    local g, code, info = room(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    local cursor = body.Timestamp or 0
    if not util.is_int(cursor, 0) then return nil, 10004, "Timestamp must be 0 or the last answer's Timestamp" end
    local list = array()
    local next_ = 0
    for _, id in ipairs(online_sorted(g)) do
        local o = g.online[id]
        if o.serial > cursor then
            if #list == PAGE then next_ = list[#list].serial; break end
            list[#list + 1] = { Member_Account = id, JoinTime = o.JoinTime, MemberMarks = array(util.copy(o.Marks)),
                                serial = o.serial }
        end
    end
    for _, o in ipairs(list) do o.serial = nil end
    return { MemberList = list, Timestamp = next_ }
end

-- modify_user_info { GroupId, CommandType = 1 (set marks) | 2 (remove marks), UserDataList = { { Member_Account,
--   Marks = { n, … } } } ≤500 }
function _M.modify_user_info(ctx, body)
    local g, code, info = room(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    if body.CommandType ~= 1 and body.CommandType ~= 2 then
        return nil, 10004, "CommandType must be 1 (set) or 2 (remove)"
    end
    local list = body.UserDataList
    if type(list) ~= "table" or #list == 0 or #list > 500 then
        return nil, 10004, "UserDataList must be a non-empty array of at most 500 items"
    end
    for i, it in ipairs(list) do
        if type(it) ~= "table" or not util.is_id(it.Member_Account) or type(it.Marks) ~= "table" then
            return nil, 10004, "UserDataList[" .. i .. "] needs Member_Account and Marks"
        end
        for _, n in ipairs(it.Marks) do
            if not util.is_int(n, 1000, 1999) then
                return nil, 10004, "member marks are integers in 1000..1999"
            end
        end
    end
    local errs = array()
    for _, it in ipairs(list) do
        local o = g.online[it.Member_Account]
        if not o then errs[#errs + 1] = { Member_Account = it.Member_Account, ErrorCode = 10007 }
        else
            local have = {}
            for _, n in ipairs(o.Marks) do have[n] = true end
            for _, n in ipairs(it.Marks) do have[n] = body.CommandType == 1 or nil end
            local marks = {}
            for n in pairs(have) do marks[#marks + 1] = n end
            sort(marks)
            o.Marks = marks
        end
    end
    return { ErrorList = errs }
end

-- modify_admin { GroupId, CommandType = 1 (add) | 2 (remove), Admin_Account = { … } }
function _M.modify_admin(ctx, body)
    local st = ctx.st
    local g, code, info = room(st, body.GroupId)
    if not g then return nil, code, info end
    if body.CommandType ~= 1 and body.CommandType ~= 2 then
        return nil, 10004, "CommandType must be 1 (add) or 2 (remove)"
    end
    if not util.string_list(body.Admin_Account, MAX_ADMINS) then
        return nil, 10004, "Admin_Account must be a non-empty array of at most " .. MAX_ADMINS .. " UserIDs"
    end
    for _, id in ipairs(body.Admin_Account) do
        if not st:account(id) then return nil, 10019, id .. " not imported" end
    end
    if body.CommandType == 1 then
        local n = #g.admins
        for _, id in ipairs(body.Admin_Account) do if not util.has(g.admins, id) then n = n + 1 end end
        if n > MAX_ADMINS then return nil, 10004, "an AVChatRoom has at most " .. MAX_ADMINS .. " admins" end
        for _, id in ipairs(body.Admin_Account) do
            if not util.has(g.admins, id) then g.admins[#g.admins + 1] = id end
        end
    else
        local keep = {}
        for _, id in ipairs(g.admins) do if not util.has(body.Admin_Account, id) then keep[#keep + 1] = id end end
        g.admins = keep
    end
    return {}
end

-- get_admin_list { GroupId } -> Admin_List = { { Member_Account } }
function _M.get_admin_list(ctx, body)
    local g, code, info = room(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    local list = array()
    for _, id in ipairs(g.admins) do list[#list + 1] = { Member_Account = id } end
    return { Admin_List = list }
end

-- check_members { GroupId, Member_Account = { … ≤500 } } -> Member_Account (those in the room)
function _M.check_members(ctx, body)
    local g, code, info = room(ctx.st, body.GroupId)
    if not g then return nil, code, info end
    if not util.string_list(body.Member_Account, 500) then
        return nil, 10004, "Member_Account must be a non-empty array of at most 500 UserIDs"
    end
    local list = array()
    for _, id in ipairs(body.Member_Account) do if g.online[id] then list[#list + 1] = id end end
    return { Member_Account = list }
end

local function robots(ctx, body, add)
    local st = ctx.st
    local g, code, info = room(st, body.GroupId)
    if not g then return nil, code, info end
    local ids = body.MemberList_Account
    if not util.string_list(ids, 100) then
        return nil, 10004, "MemberList_Account must be a non-empty array of at most 100 UserIDs"
    end
    for _, id in ipairs(ids) do
        if not st:account(id) then return nil, 10019, id .. " not imported" end
    end
    for _, id in ipairs(ids) do
        if add then _M.join(st, g, id, true)
        elseif g.online[id] and g.online[id].robot then g.online[id] = nil end
    end
    return {}
end

function _M.add_robots(ctx, body) return robots(ctx, body, true) end
function _M.del_robots(ctx, body) return robots(ctx, body, false) end

_M.routes = { ["group_open_http_svc/get_online_member_num"] = _M.get_online_member_num }
for _, name in ipairs{ "get_members", "modify_user_info", "modify_admin", "get_admin_list", "check_members",
                       "add_robots", "del_robots" } do
    _M.routes["group_open_avchatroom_http_svc/" .. name] = _M[name]
end

return _M

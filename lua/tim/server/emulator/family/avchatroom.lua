-- AV chatrooms (live groups): group_open_http_svc/get_online_member_num and group_open_avchatroom_http_svc/*
-- (get_members paged by Timestamp/NextTimestamp, 500 a page, 1047/50293; modify_user_info member marks,
-- 1047/50294; modify_admin with at most 5 admins, 1047/60525; get_admin_list, 1047/60524; check_members,
-- 1047/60523; add_robots / del_robots, 269/103785). Who is online comes from clients joining, which the emulator
-- has none of: POST /_emulator/join { GroupId, Member_Account } (and /_emulator/leave) stand for them,
-- deterministically; robots added by add_robots are online members with the mark 500 (1047/60527).
--
-- The request fields are checked against the pages' trees before a handler runs (tim.server.emulator): the
-- handlers check the room's state and the rules a tree cannot state (a mark is a number >= 1000, at most 10
-- different marks per room, at most 5 admins).
local util = require "tim.server.emulator.util"
local json = require "tim.base.json"
local group = require "tim.server.emulator.family.group"
local profile = require "tim.server.emulator.family.profile"

local ipairs, pairs = ipairs, pairs
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PAGE = 500             -- get_members: "more than 500 members" are paged (1047/50293)
local MAX_ADMINS = 5
local ROBOT_MARK = 500       -- the robots' mark (1047/60527); the app's marks are numbers >= 1000
local MIN_MARK = 1000
local MAX_MARKS = 10         -- different marks per room (1047/50294)

local room = group.group_lookup(function(g)
    if g.Type ~= "AVChatRoom" then return g.GroupId .. " is not an AVChatRoom" end
end)

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
_M.get_online_member_num = util.given(room, function(_, _, g)
    local n = 0
    for _ in pairs(g.online) do n = n + 1 end
    return { OnlineMemberNum = n }
end)

-- a member's nickname and photo, from the profile (Tag_Profile_IM_Nick, Tag_Profile_IM_Image)
local function profile_of(st, id)
    local p = profile.get(st, id) or {}
    return p.Tag_Profile_IM_Nick or "", p.Tag_Profile_IM_Image or ""
end

-- get_members { GroupId, Timestamp = 0 (then the answer's NextTimestamp until it is 0), Mark? }
--   -> MemberList = { { Member_Account, JoinTime, NickName, Avatar } }, NextTimestamp (0: all pulled)
_M.get_members = util.given(room, function(ctx, body, g)
    local st = ctx.st
    local cursor = body.Timestamp
    if cursor < 0 then return nil, 10004, "Timestamp must be 0 or the last answer's NextTimestamp" end
    local list = array()
    local next_, last = 0, nil
    for _, id in ipairs(online_sorted(g)) do
        local o = g.online[id]
        if o.serial > cursor and (body.Mark == nil or util.has(o.Marks, body.Mark)) then
            if #list == PAGE then next_ = last; break end
            local nick, avatar = profile_of(st, id)
            list[#list + 1] = { Member_Account = id, JoinTime = o.JoinTime, NickName = nick, Avatar = avatar }
            last = o.serial
        end
    end
    return { MemberList = list, NextTimestamp = next_ }
end)

-- modify_user_info { GroupId, CommandType = 1 (set marks) | 2 (remove marks), MemberList = { { Member_Account,
--   Marks = { n, … } } } ≤500 } -> CommandType, MemberList (the accounts whose marks changed, with the marks of
--   the request). Marks go to online members only; a mark is a number >= 1000 (500 is the robots'), a room has
--   at most 10 different marks.
_M.modify_user_info = util.given(room, function(_, body, g)
    local list = body.MemberList
    local marks_in_use = {}
    local n_marks = 0
    for _, o in pairs(g.online) do
        for _, n in ipairs(o.Marks) do
            if n ~= ROBOT_MARK and not marks_in_use[n] then marks_in_use[n] = true; n_marks = n_marks + 1 end
        end
    end
    for i, it in ipairs(list) do
        if it.Member_Account == nil or it.Marks == nil then
            return nil, 10004, "MemberList[" .. i .. "] needs Member_Account and Marks"
        end
        for _, n in ipairs(it.Marks) do
            if n < MIN_MARK then
                return nil, 10004, "MemberList[" .. i .. "].Marks: a mark is a number >= " .. MIN_MARK
                    .. " (" .. ROBOT_MARK .. " is the robots')"
            end
            if body.CommandType == 1 and g.online[it.Member_Account] and not marks_in_use[n] then
                marks_in_use[n] = true
                n_marks = n_marks + 1
                if n_marks > MAX_MARKS then
                    return nil, 10004, "a room has at most " .. MAX_MARKS .. " different marks"
                end
            end
        end
    end
    local done = array()
    for _, it in ipairs(list) do
        local o = g.online[it.Member_Account]
        if o then
            local have = {}
            for _, n in ipairs(o.Marks) do have[n] = true end
            for _, n in ipairs(it.Marks) do have[n] = body.CommandType == 1 or nil end
            local marks = {}
            for n in pairs(have) do marks[#marks + 1] = n end
            sort(marks)
            o.Marks = marks
            done[#done + 1] = { Member_Account = it.Member_Account, Marks = array(util.copy(it.Marks)) }
        end
    end
    return { CommandType = body.CommandType, MemberList = done }
end)

-- modify_admin { GroupId, CommandType = 1 (add) | 2 (remove), Admin_Account = { … ≤5 } }: a room has at most 5
-- admins in all
_M.modify_admin = util.given(room, function(ctx, body, g)
    local st = ctx.st
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
end)

-- get_admin_list { GroupId } -> Admin_List = { { Admin_Account, Avatar, NickName } }
_M.get_admin_list = util.given(room, function(ctx, _, g)
    local st = ctx.st
    local list = array()
    for _, id in ipairs(g.admins) do
        local nick, avatar = profile_of(st, id)
        list[#list + 1] = { Admin_Account = id, Avatar = avatar, NickName = nick }
    end
    return { Admin_List = list }
end)

-- check_members { GroupId, Member_Account = { … } } -> Member_Account (those in the room)
_M.check_members = util.given(room, function(_, body, g)
    local list = array()
    for _, id in ipairs(body.Member_Account) do if g.online[id] then list[#list + 1] = id end end
    return { Member_Account = list }
end)

-- add_robots / del_robots { GroupId, Member_Account = { … } } (269/103785, the del_robots page, read in the second
-- pass: Member_Account, the robot accounts; del_robots' tree checks it, add_robots has none yet and takes the same
-- field, checked here). Only robots leave with del_robots: a member who joined as a client stays online.
local function robots(ctx, body, g, add)
    local st = ctx.st
    local ids = body.Member_Account
    if not util.string_list(ids) then
        return nil, 10004, "Member_Account must be a non-empty array of UserIDs"
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

_M.add_robots = util.given(room, function(ctx, body, g) return robots(ctx, body, g, true) end)
_M.del_robots = util.given(room, function(ctx, body, g) return robots(ctx, body, g, false) end)

_M.routes = { ["group_open_http_svc/get_online_member_num"] = _M.get_online_member_num }
util.routes("group_open_avchatroom_http_svc/", _M, {
    "get_members", "modify_user_info", "modify_admin", "get_admin_list", "check_members", "add_robots", "del_robots"
}, _M.routes)

-- The AVChatRoom online-list serial (st.avchat_serial, made on the first join) is this family's; the rooms
-- themselves are groups (the group family's).
_M.SLICES = { "avchat_serial" }

return _M

-- openim_robot_http_svc/create_robot, delete_robot, get_all_robots (trtc.io/document/55281, 55282, 55280).
-- A robot is an account whose UserID starts with @RBT# (at most 32 bytes). Creating the same UserID again
-- makes no second robot (its profile is updated); an app has at most 20 robots (10008). Deleting a robot makes
-- it invalid but keeps its UserID (the account stays imported), as the delete page says. Codes from the pages:
-- 10004 bad parameter, 10008 invalid request (limit reached), 10002 internal.
-- The fields' presence, types and byte limits are checked before a handler runs, against the records in
-- tim.base.catalogue.robot (tim.emulator check_body, answering their `invalid` code); the handlers check what a
-- tree cannot say: the @RBT# prefix, the robot quota, whether the robot exists.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local profile = require "tim.server.emulator.family.profile"

local ipairs, type = ipairs, type
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PREFIX, MAX_ROBOTS = "@RBT#", 20

local function fresh() return { order = {}, by_id = {} } end

local S, reset = util.state_of("robot", fresh)

function _M.is_robot_id(id)
    return util.is_id(id) and id:sub(1, #PREFIX) == PREFIX and #id > #PREFIX
end

-- is id a live robot of this app?
function _M.exists(st, id)
    local r = S(st).by_id[id]
    return r ~= nil and not r.deleted
end

local function live_count(s)
    local n = 0
    for _, id in ipairs(s.order) do if not s.by_id[id].deleted then n = n + 1 end end
    return n
end

-- create_robot { UserID, Nick?, FaceUrl?, SelfSignature? }
function _M.create_robot(ctx, body)
    local st = ctx.st
    local id = body.UserID
    if not _M.is_robot_id(id) then
        return nil, 10004, "UserID must be " .. PREFIX .. " followed by the robot's own part"
    end
    local s = S(st)
    local r = s.by_id[id]
    if not r or r.deleted then
        if live_count(s) >= MAX_ROBOTS then
            return nil, 10008, "the app already has " .. MAX_ROBOTS .. " robots"
        end
    end
    if not r then
        r = { UserID = id, CreateTime = st:now() }
        s.by_id[id] = r
        s.order[#s.order + 1] = id
    end
    r.deleted = nil
    r.Nick, r.FaceUrl, r.SelfSignature = body.Nick or r.Nick, body.FaceUrl or r.FaceUrl,
        body.SelfSignature or r.SelfSignature
    st:import_account(id, { Nick = body.Nick, FaceUrl = body.FaceUrl })
    if body.SelfSignature and profile.get(st, id) then
        profile.set(st, id, "Tag_Profile_IM_SelfSignature", body.SelfSignature)
    end
    return {}
end

-- delete_robot { Robot_Account }
function _M.delete_robot(ctx, body)
    local id = body.Robot_Account
    if not _M.is_robot_id(id) then
        return nil, 10004, "Robot_Account must be a robot UserID (starting with " .. PREFIX .. ")"
    end
    local r = S(ctx.st).by_id[id]
    if not r or r.deleted then return nil, 10004, "no robot " .. id end
    r.deleted = true
    return {}
end

-- get_all_robots {} -> Robot_Account
function _M.get_all_robots(ctx)
    local s = S(ctx.st)
    local list = array()
    for _, id in ipairs(s.order) do
        if not s.by_id[id].deleted then list[#list + 1] = id end
    end
    return { Robot_Account = list }
end

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ robots = T.array(T.object{ UserID = T.string, Nick = T.string, FaceUrl = T.string,
                                                 SelfSignature = T.string, CreateTime = T.integer,
                                                 Deleted = T.boolean }) },
    reset = reset,
    export = function(st)
        local s, rows = S(st), array()
        for _, id in ipairs(s.order) do
            local r = s.by_id[id]
            rows[#rows + 1] = { UserID = id, Nick = r.Nick, FaceUrl = r.FaceUrl, SelfSignature = r.SelfSignature,
                                CreateTime = r.CreateTime, Deleted = r.deleted and true or nil }
        end
        return { robots = rows }
    end,
    import = function(st, t)
        local s = fresh()
        for _, r in ipairs(type(t) == "table" and type(t.robots) == "table" and t.robots or {}) do
            if type(r) == "table" and _M.is_robot_id(r.UserID) and not s.by_id[r.UserID] then
                s.by_id[r.UserID] = { UserID = r.UserID, Nick = r.Nick, FaceUrl = r.FaceUrl,
                                      SelfSignature = r.SelfSignature, CreateTime = r.CreateTime or 0,
                                      deleted = r.Deleted == true or nil }
                s.order[#s.order + 1] = r.UserID
                if not st:account(r.UserID) then st:import_account(r.UserID, { Nick = r.Nick }) end
            end
        end
        st.robot = s
    end,
}

_M.routes = {
    ["openim_robot_http_svc/create_robot"] = _M.create_robot,
    ["openim_robot_http_svc/delete_robot"] = _M.delete_robot,
    ["openim_robot_http_svc/get_all_robots"] = _M.get_all_robots,
}

-- The robot slice (st.robot) is this family's.
_M.SLICES = { "robot" }

-- count(st) -> how many robots the app created, deleted ones too (their UserIDs stay)
function _M.count(st) return #S(st).order end

return _M

-- openconfigsvr/setnospeaking and getnospeaking: global mute of an account for C2C and group messages.
-- The emulator enforces it on group sends (10017). The REST C2C sends do not check it (sendmsg/batchsendmsg pages),
-- so C2C mute (20012) applies to client sends only, which the emulator does not take.
--
-- The request's fields, types and ranges are checked before a handler runs, against the endpoint's record
-- (tim.base.catalogue.mute; 90001 for a malformed request). Left here: whether the account exists, and that
-- setnospeaking gives at least one of the two times (the page: both optional, one of them needed).
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"

local pairs, ipairs, type, error = pairs, ipairs, type, error

local _M = { _VERSION = require "tim.version" }

local FOREVER = 4294967295

local function left(until_, now)
    if not until_ or until_ == 0 then return 0 end
    if until_ == FOREVER then return FOREVER end
    if until_ <= now then return 0 end
    return until_ - now
end

-- setnospeaking { Set_Account, C2CmsgNospeakingTime?, GroupmsgNospeakingTime? } (seconds; 0 lifts, 4294967295 =
-- for ever)
_M.setnospeaking = util.given(util.imported("Set_Account", 70107), function(ctx, body, id)
    local st = ctx.st
    local c, g = body.C2CmsgNospeakingTime, body.GroupmsgNospeakingTime
    if c == nil and g == nil then return nil, 90001, "give C2CmsgNospeakingTime or GroupmsgNospeakingTime" end
    local now = st:now()
    local m = st.nospeaking[id] or {}
    st.nospeaking[id] = m
    local function until_(v) if v == 0 then return 0 elseif v == FOREVER then return FOREVER end return now + v end
    if c ~= nil then m.c2c = until_(c) end
    if g ~= nil then m.group = until_(g) end
    return {}
end)

-- getnospeaking { Get_Account } -> C2CmsgNospeakingTime, GroupmsgNospeakingTime (seconds left)
_M.getnospeaking = util.given(util.imported("Get_Account", 70107), function(ctx, _, id)
    local st = ctx.st
    local m = st.nospeaking[id] or {}
    local now = st:now()
    return { C2CmsgNospeakingTime = left(m.c2c, now), GroupmsgNospeakingTime = left(m.group, now) }
end)

local function export(st)
    local list = {}
    for id, m in pairs(st.nospeaking) do
        list[#list + 1] = { Account = id, c2c_until = m.c2c, group_until = m.group }
    end
    table.sort(list, function(a, b) return a.Account < b.Account end)
    return { nospeaking = list }
end

local function import(st, t)
    for i, m in ipairs(t.nospeaking or {}) do
        if type(m) ~= "table" or not util.is_id(m.Account) then
            error("nospeaking[" .. i .. "] needs Account", 0)
        end
        st.nospeaking[m.Account] = { c2c = m.c2c_until, group = m.group_until }
    end
end

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ nospeaking = T.array(T.object{ Account = T.required(T.string), c2c_until = T.integer,
                                                     group_until = T.integer }) },
    reset = function(st) st.nospeaking = {} end,
    export = export,
    import = import,
    forget = function(st, id) st.nospeaking[id] = nil end,
}

-- The nospeaking slice (st.nospeaking: UserID -> { c2c = until, group = until }) is this family's.
_M.SLICES = { "nospeaking" }

-- no_speaking(st, id) -> the account's global mute { c2c = until?, group = until? } (Unix seconds, 4294967295 for
-- ever; read it, do not change it) | nil
function _M.no_speaking(st, id) return st.nospeaking[id] end

_M.routes = {
    ["openconfigsvr/setnospeaking"] = _M.setnospeaking,
    ["openconfigsvr/getnospeaking"] = _M.getnospeaking,
}

return _M

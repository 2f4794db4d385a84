-- Helpers shared by the emulator's handlers: argument checks, message bodies, callback decisions.
local type, ipairs, pairs, floor = type, ipairs, pairs, math.floor

local _M = { _VERSION = require "tim.version" }

function _M.is_int(x, lo, hi)
    return type(x) == "number" and x == floor(x) and (lo == nil or x >= lo) and (hi == nil or x <= hi)
end

function _M.is_uint32(x)
    return _M.is_int(x, 0, 4294967295)
end

function _M.is_id(x)
    return type(x) == "string" and #x > 0 and #x <= 32
end

-- a non-empty array of strings -> true | nil
function _M.string_list(t, max)
    if type(t) ~= "table" or #t == 0 or (max and #t > max) then return nil end
    for _, v in ipairs(t) do
        if type(v) ~= "string" then return nil end
    end
    return true
end

function _M.copy(t)
    if type(t) ~= "table" then return t end
    local c = {}
    for k, v in pairs(t) do c[k] = _M.copy(v) end
    return setmetatable(c, getmetatable(t))
end

local ELEM_TYPES = { TIMTextElem = true, TIMLocationElem = true, TIMFaceElem = true, TIMCustomElem = true,
                     TIMSoundElem = true, TIMImageElem = true, TIMFileElem = true, TIMVideoFileElem = true,
                     TIMRelayElem = true }
_M.ELEM_TYPES = ELEM_TYPES

-- MsgBody: an array of { MsgType = "TIM…Elem", MsgContent = {…} } -> true | nil, why
function _M.check_msgbody(body)
    if type(body) ~= "table" or #body == 0 then return nil, "MsgBody must be a non-empty array" end
    for i, e in ipairs(body) do
        if type(e) ~= "table" or not ELEM_TYPES[e.MsgType] then
            return nil, "MsgBody[" .. i .. "].MsgType is not a known element type"
        end
        if type(e.MsgContent) ~= "table" then return nil, "MsgBody[" .. i .. "].MsgContent must be an object" end
        if e.MsgType == "TIMTextElem" and type(e.MsgContent.Text) ~= "string" then
            return nil, "MsgBody[" .. i .. "].MsgContent.Text must be a string"
        end
    end
    return true
end

function _M.has(list, value)
    if type(list) ~= "table" then return false end
    for _, v in ipairs(list) do if v == value then return true end end
    return false
end

-- Ask the app's before-callback. -> "allow", reply | "reject" | "drop". An unreachable app or a bad answer lets
-- the action through, as IM does.
function _M.before(ctx, command, payload)
    if not ctx.fire then return "allow" end
    local reply = ctx.fire(command, payload)
    if type(reply) ~= "table" then return "allow" end
    local code = reply.ErrorCode
    if code == 1 then return "reject", reply end
    if code == 2 then return "drop", reply end
    if code ~= nil and code ~= 0 and code ~= 2 then return "reject", reply end
    return "allow", reply
end

function _M.after(ctx, command, payload)
    if ctx.fire then ctx.fire(command, payload) end
end

return _M

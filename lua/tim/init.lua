-- tim: the lua-tim entry point.
--
--   local tim = require "tim"
--   local im = assert(tim.new{ sdkappid = 1400000000, key = os.getenv("TIM_KEY"), region = "sgp" })
--   local res, err = im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = { ... } }
--
-- tim.core (C) is loaded on first use, so tim.json, tim.api and tim.errors work without it.
local json = require "tim.base.json"
local client = require "tim.client"

local _M = {
    _VERSION = require "tim.version",
    VERSION = require "tim.version",
    new = client.new,
    env = require("tim.client.env").env,       -- tim.new options from TIM_SDKAPPID, TIM_KEY, ... (docs/client.md)
    json = json,
    array = json.array,
    empty_array = json.empty_array,
    null = json.null,
    api = require "tim.base.catalogue",
    errors = require "tim.base.errors",
    msg = require "tim.msg",            -- message elements built and checked (tim.msg.text, tim.msg.custom, ...)
}

local DEFAULT_EXPIRE = 180 * 86400      -- the official libraries' default for a user's UserSig

--- tim.client.usersig(sdkappid, key, identifier [, expire [, userbuf]]) -> sig: a UserSig (TLSSigAPIv2).
function _M.usersig(sdkappid, key, identifier, expire, userbuf)
    return require("tim.core").usersig(sdkappid, key, identifier, expire or DEFAULT_EXPIRE, userbuf)
end

--- tim.verify(sig, sdkappid, key [, identifier [, now]]) -> fields | nil, reason
function _M.verify(...)
    return require("tim.core").verify(...)
end

--- tim.privmap(sdkappid, identifier, room, expire, privileges [, now]) -> userbuf (for a TRTC PrivateMapKey)
function _M.privmap(...)
    return require("tim.core").privmap(...)
end

--- tim.assert(res, err, ...) -> res, err, ...: assert() for lua-tim's `res, err` answers that raises err as its
-- one line (a string, with the caller's position). assert(im.x{...}) raises the error object itself, a table, and
-- the readers that do not call __tostring show nothing useful for it: nginx logs "runtime error: unknown
-- reason", a C host printing lua_tostring's result prints "(null)".
function _M.assert(res, err, ...)
    if res then
        return res, err, ...
    end
    if err == nil then
        err = "assertion failed!"
    end
    error(tostring(err), 2)
end

return _M

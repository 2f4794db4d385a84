-- tim.env: tim.new options from the environment, by the rules bin/tim follows.
--
--   local im = assert(tim.new(assert(tim.env())))
--   local im = assert(tim.new(assert(tim.env{ retries = 0, timeout = 2 })))   -- more options on top
--
-- TIM_SDKAPPID (required), TIM_KEY (required), TIM_ADMIN (default: tim.new's), and where to go: TIM_ENDPOINT, or
-- else TIM_REGION. An empty variable counts as unset. With a loopback TIM_ENDPOINT and neither TIM_SDKAPPID nor
-- TIM_KEY set, the local emulator's public test identity is used (what `tim call` does). Anything missing is a
-- usage error naming the variable; the key is never part of a message.
local errors = require "tim.base.errors"

local type, tonumber, pairs, error = type, tonumber, pairs, error
local match, floor = string.match, math.floor

local _M = { _VERSION = require "tim.version" }

_M.VARIABLES = { "TIM_SDKAPPID", "TIM_KEY", "TIM_ADMIN", "TIM_REGION", "TIM_ENDPOINT" }

local loopback = require("tim.base.checks").is_loopback_url
_M.is_loopback_url = loopback

local function usage(msg)
    return nil, errors.usage("tim.env", msg)      -- the function the user called
end

-- read(getenv) -> the options the environment gives, nothing more (no default, no check): sdkappid (a number, or
-- the variable's text when it is not a positive integer), key, admin, endpoint, region (endpoint wins)
function _M.read(getenv)
    getenv = getenv or os.getenv
    local function get(name)
        local v = getenv(name)
        if v == "" then return nil end
        return v
    end
    local opts = { key = get("TIM_KEY"), admin = get("TIM_ADMIN"), endpoint = get("TIM_ENDPOINT") }
    if not opts.endpoint then opts.region = get("TIM_REGION") end
    local appid = get("TIM_SDKAPPID")
    if appid then
        local n = tonumber(appid)
        if n and n == floor(n) and n > 0 and match(appid, "^%s*%d+%s*$") then
            opts.sdkappid = math.tointeger and math.tointeger(n) or n
        else
            opts.sdkappid = appid
        end
    end
    return opts
end

-- emulator_identity(opts): with a loopback endpoint and neither a SDKAppID nor a key, the local emulator's public
-- test identity (one rule for tim.env, tim call, tim usersig and tim verify)
function _M.emulator_identity(opts)
    if opts.sdkappid == nil and opts.key == nil and opts.usersig == nil and opts.endpoint
       and loopback(opts.endpoint) then
        local emu = require "tim.base.emulator_identity"
        opts.sdkappid, opts.key = emu.sdkappid, emu.key
        opts.admin = opts.admin or emu.admin
    end
    return opts
end

--- env([extra [, getenv]]) -> opts | nil, err. `extra`: more tim.new options, which win over the environment;
--- `getenv`: a function(name) -> string|nil in place of os.getenv.
function _M.env(extra, getenv)
    if extra ~= nil and type(extra) ~= "table" then
        error("bad argument #1 to 'tim.env' (extra must be a table of tim.new options or nil)", 2)
    end
    if getenv ~= nil and type(getenv) ~= "function" then
        error("bad argument #2 to 'tim.env' (getenv must be a function or nil)", 2)
    end
    local opts = _M.read(getenv)
    if type(opts.sdkappid) == "string" then
        return usage("TIM_SDKAPPID must be a positive integer (the SDKAppID), not '" .. opts.sdkappid .. "'")
    end
    if extra then
        for k, v in pairs(extra) do opts[k] = v end
        if extra.endpoint then opts.region = nil elseif extra.region then opts.endpoint = nil end
    end
    _M.emulator_identity(opts)
    if opts.sdkappid == nil then return usage("TIM_SDKAPPID is not set (the app's SDKAppID)") end
    if opts.key == nil and opts.usersig == nil then
        return usage("TIM_KEY is not set (the app's secret key)")
    end
    if opts.endpoint == nil and opts.region == nil then
        return usage("neither TIM_REGION (e.g. sgp) nor TIM_ENDPOINT is set: say where the app lives")
    end
    return opts
end

return _M

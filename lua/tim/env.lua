-- tim.env: tim.new options from the environment, by the rules bin/tim follows.
--
--   local im = assert(tim.new(assert(tim.env())))
--   local im = assert(tim.new(assert(tim.env{ retries = 0, timeout = 2 })))   -- more options on top
--
-- TIM_SDKAPPID (required), TIM_KEY (required), TIM_ADMIN (default: tim.new's), and where to go: TIM_ENDPOINT, or
-- else TIM_REGION. An empty variable counts as unset. With a loopback TIM_ENDPOINT and neither TIM_SDKAPPID nor
-- TIM_KEY set, the local emulator's public test identity is used (what `tim call` does). Anything missing is a
-- usage error naming the variable; the key is never part of a message.
local errors = require "tim.errors"

local type, tonumber, pairs, error = type, tonumber, pairs, error
local match, lower, floor = string.match, string.lower, math.floor

local _M = { _VERSION = require "tim.version" }

_M.VARIABLES = { "TIM_SDKAPPID", "TIM_KEY", "TIM_ADMIN", "TIM_REGION", "TIM_ENDPOINT" }

local function loopback(url)
    local host = match(url, "^%a+://%[([%x:]+)%]") or match(url, "^%a+://([^/:]+)")
    if not host then return false end
    host = lower(host)
    return host == "localhost" or host == "::1" or match(host, "^127%.%d+%.%d+%.%d+$") ~= nil
end
_M.is_loopback_url = loopback

local function usage(msg)
    return nil, errors.usage("tim.env", msg)
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
    getenv = getenv or os.getenv
    local function get(name)
        local v = getenv(name)
        if v == "" then return nil end
        return v
    end

    local opts = {}
    local appid, key = get("TIM_SDKAPPID"), get("TIM_KEY")
    local endpoint, region = get("TIM_ENDPOINT"), get("TIM_REGION")
    if endpoint then
        opts.endpoint = endpoint
    elseif region then
        opts.region = region
    end
    if appid then
        local n = tonumber(appid)
        if not n or n ~= floor(n) or n <= 0 or not match(appid, "^%s*%d+%s*$") then
            return usage("TIM_SDKAPPID must be a positive integer (the SDKAppID), not '" .. appid .. "'")
        end
        opts.sdkappid = math.tointeger and math.tointeger(n) or n
    end
    opts.key = key
    opts.admin = get("TIM_ADMIN")
    if not appid and not key and endpoint and loopback(endpoint) then
        local emu = require "tim.emulator.defaults"      -- the emulator's public test identity
        opts.sdkappid, opts.key = emu.sdkappid, emu.key
        opts.admin = opts.admin or emu.admin
    end
    if extra then
        for k, v in pairs(extra) do opts[k] = v end
    end
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

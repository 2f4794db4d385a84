-- tim.client.usersig: the admin UserSig a client signs its requests with, generated once and renewed before it expires.
--
--   local cache = usersig.new{ sdkappid = 1400000000, key = "…", identifier = "administrator",
--                              expire = 604800, now = function() return os.time() end }
--   local sig, err = cache:get()     -- the same sig until less than `renew_before` of its life is left
--   cache:invalidate()               -- after 70001/70003: the next get() makes a new one
--
-- Or with the application's own provider: usersig.new{ provider = function() return sig, expires_at end, now = … }
-- (expires_at in Unix seconds, or nil: then the sig is kept until invalidated).
-- The key and the sig live in upvalues and private fields; tostring() of the cache never shows them.
local type, pcall, tostring, setmetatable = type, pcall, tostring, setmetatable
local math_floor, math_min = math.floor, math.min

local _M = { _VERSION = require "tim.version" }

local DEFAULT_EXPIRE = 7 * 86400        -- a week: the docs advise at least 24 h
local DEFAULT_RENEW_BEFORE = 86400      -- renew when less than a day is left

local Cache = {}
local mt = { __index = Cache, __name = "tim.client.usersig" }
mt.__tostring = function(self)
    return "tim.usersig cache (" .. self.identifier .. ")"
end

--- opts: sdkappid, identifier, now (function returning seconds), and either key (+ expire, renew_before,
--- sign: the signing function, default tim.core.usersig) or provider.
function _M.new(opts)
    local now = opts.now
    local self = setmetatable({ identifier = opts.identifier, _now = now, generated = 0 }, mt)
    local provider = opts.provider
    local sdkappid, identifier = opts.sdkappid, opts.identifier
    if provider then
        self._fetch = function()
            local ok, sig, expires_at = pcall(provider)
            if not ok then
                return nil, "the usersig provider raised an error: " .. tostring(sig)
            end
            if type(sig) ~= "string" or sig == "" then
                return nil, "the usersig provider returned no sig (" .. tostring(expires_at) .. ")"
            end
            if expires_at ~= nil and type(expires_at) ~= "number" then
                return nil, "the usersig provider returned a non-number expires_at"
            end
            return sig, expires_at
        end
    else
        local key = opts.key
        local expire = opts.expire or DEFAULT_EXPIRE
        local sign = opts.sign or require("tim.core").usersig
        self._renew_before = math_min(opts.renew_before or DEFAULT_RENEW_BEFORE, math_floor(expire / 2))
        self._fetch = function()
            local t = math_floor(now())
            local ok, sig, err = pcall(sign, sdkappid, key, identifier, expire, nil, t)
            if not ok or not sig then
                -- core's reasons never hold the key; keep only the first line, in case
                return nil, "signing the admin UserSig failed: " .. tostring(ok and err or sig):match("^[^\n]*")
            end
            return sig, t + expire
        end
    end
    return self
end

--- The current sig (renewing it when due), or nil and a reason.
function Cache:get()
    local sig = self._sig
    if sig then
        local exp = self._expires_at
        if not exp or self._now() < exp - self._margin then
            return sig
        end
    end
    return self:_renew()
end

function Cache:_renew()
    local sig, expires_at = self._fetch()
    if not sig then
        return nil, expires_at
    end
    local t = self._now()
    self._sig = sig
    self._expires_at = expires_at
    self.generated = self.generated + 1
    if expires_at then
        -- renew when less than renew_before (or, for a short-lived provided sig, half its life) is left
        local life = expires_at - t
        self._margin = self._renew_before or math_min(DEFAULT_RENEW_BEFORE, life / 2)
    end
    return sig
end

--- Forget the cached sig: the next get() makes (or fetches) a new one.
function Cache:invalidate()
    self._sig = nil
    self._expires_at = nil
end

return _M

-- tim.ratelimit: client-side token buckets per rate class (the catalogue's api.rate_classes), so a busy
-- application slows itself down before Tencent answers 60007.
--
--   local rl = ratelimit.new{ classes = api.rate_classes, overrides = { search = { rate = 1 } },
--                             now = function() return socket.gettime() end, dict = ngx.shared.tim | nil }
--   local wait, needed = rl:acquire("default", 1, max_wait)
--   -- wait: seconds to sleep before sending (0 = now), the token is reserved;
--   -- nil, needed: no token within max_wait (nothing reserved)
--
-- A class { rate = r, burst = b [, per_minute = m] [, per_day = d] } is one bucket per budget. Each bucket is
-- kept as one number, its "theoretical arrival time" (GCRA, the same as a token bucket): that makes a shared
-- dict entry enough in OpenResty (per worker otherwise). Across workers the read and the write are two steps,
-- so the shared limit is approximate under contention, never looser than a small overshoot.
-- The per-minute/per-day budgets may count items (batchsendmsg's 12 000 messages a minute count recipients):
-- acquire's `items` is that count; the per-second budget counts requests.
local type = type
local pairs = pairs
local tostring = tostring
local setmetatable = setmetatable
local math_max = math.max
local math_min = math.min

local _M = { _VERSION = require "tim.version" }

local mt = {}
mt.__index = mt

local function buckets_of(name, c)
    local list = {}
    if c.rate then
        list[#list + 1] = { interval = 1 / c.rate, burst = c.burst or c.rate, items = false,
                            key = name .. ":s" }
    end
    if c.per_minute then
        list[#list + 1] = { interval = 60 / c.per_minute, burst = c.per_minute, items = true,
                            key = name .. ":m" }
    end
    if c.per_day then
        list[#list + 1] = { interval = 86400 / c.per_day, burst = c.per_day, items = true,
                            key = name .. ":d" }
    end
    return list
end

local function check_class(name, c)
    if type(c) ~= "table" then
        return "opts.ratelimit." .. tostring(name) .. " must be a table or false"
    end
    for _, f in pairs({ "rate", "burst", "per_minute", "per_day" }) do
        local v = c[f]
        if v ~= nil and (type(v) ~= "number" or v <= 0) then
            return "opts.ratelimit." .. tostring(name) .. "." .. f .. " must be a positive number"
        end
    end
end

--- Validate the user's overrides; returns an error string naming the option, or nil.
function _M.check(overrides)
    if overrides == nil or overrides == false or overrides == true then
        return nil
    end
    if type(overrides) ~= "table" then
        return "opts.ratelimit must be false or a table"
    end
    for name, c in pairs(overrides) do
        if name == "dict" then
            if type(c) ~= "string" then
                return "opts.ratelimit.dict must be the name of a lua_shared_dict"
            end
        elseif c ~= false then
            local err = check_class(name, c)
            if err then
                return err
            end
        end
    end
end

--- opts: classes (name -> { rate, burst, per_minute, per_day }), overrides (same shape, false turns a class
--- off; merged field by field over classes), now (function), dict (an ngx.shared dict or nil), prefix.
function _M.new(opts)
    local classes = {}
    for name, c in pairs(opts.classes or {}) do
        local merged = {}
        for k, v in pairs(c) do
            merged[k] = v
        end
        classes[name] = merged
    end
    for name, c in pairs(type(opts.overrides) == "table" and opts.overrides or {}) do
        if name ~= "dict" then
            if c == false then
                classes[name] = false
            else
                local merged = classes[name] or {}
                for k, v in pairs(c) do
                    merged[k] = v
                end
                classes[name] = merged
            end
        end
    end
    local buckets = {}
    for name, c in pairs(classes) do
        buckets[name] = c and buckets_of(name, c) or false
    end
    return setmetatable({
        now = opts.now,
        dict = opts.dict,
        prefix = opts.prefix or "tim:rl:",
        buckets = buckets,
        tat = {},           -- per-process state when there is no dict
    }, mt)
end

function mt:_get(key)
    if self.dict then
        return self.dict:get(self.prefix .. key)
    end
    return self.tat[key]
end

function mt:_set(key, value, ttl)
    if self.dict then
        self.dict:set(self.prefix .. key, value, ttl + 1)
    else
        self.tat[key] = value
    end
end

--- Take a token of `class` (unknown classes use "default") for a request carrying `items` items.
--- Returns the seconds to wait before sending (token reserved), or nil and the wait it would need.
function mt:acquire(class, items, max_wait)
    local list = self.buckets[class]
    if list == nil then
        list = self.buckets.default
    end
    if not list or #list == 0 then
        return 0
    end
    local t = self.now()
    if #list == 1 then     -- the usual case, without the bookkeeping table
        local b = list[1]
        local cost = b.items and math_min(math_max(items or 1, 1), b.burst) or 1
        local tat = math_max(self:_get(b.key) or t, t) + cost * b.interval
        local wait = math_max(0, tat - b.burst * b.interval - t)
        if max_wait and wait > max_wait then
            return nil, wait
        end
        self:_set(b.key, tat, tat - t)
        return wait
    end
    local wait = 0
    local tats = {}
    for i = 1, #list do
        local b = list[i]
        local cost = b.items and math_min(math_max(items or 1, 1), b.burst) or 1
        local tat = math_max(self:_get(b.key) or t, t) + cost * b.interval
        tats[i] = tat
        wait = math_max(wait, tat - b.burst * b.interval - t)
    end
    if max_wait and wait > max_wait then
        return nil, wait
    end
    for i = 1, #list do
        self:_set(list[i].key, tats[i], tats[i] - t)
    end
    return wait
end

return _M

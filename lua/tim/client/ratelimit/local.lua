-- tim.client.ratelimit.local: GCRA buckets kept in this process, or in an OpenResty lua_shared_dict shared by the
-- workers of one nginx. Built by tim.client.ratelimit (which divides the rates); used alone, and as the fallback of
-- tim.client.ratelimit.redis when Redis does not answer.
--
--   local rl = require("tim.client.ratelimit.local").new{ buckets = { default = { { key =, interval =, burst =,
--                                                  items = } } }, now = fn, dict = ngx.shared.x | nil, prefix = }
--   rl:acquire(class, items, max_wait) -> wait (reserved) | nil, needed (nothing reserved)
--
-- A bucket is one number, its "theoretical arrival time" (GCRA, equivalent to a token bucket), so one shared
-- dict entry is enough. Across workers the read and the write are two steps, so under contention the shared
-- limit can overshoot by the requests that raced; Redis (one script per acquisition) has no such window.
local pairs, setmetatable = pairs, setmetatable
local math_max, math_min, math_floor = math.max, math.min, math.floor

-- the one bucket algorithm (tim.base.bucket), in whole microseconds
local bucket = require "tim.base.bucket"
local US, us, next_tat, bucket_wait = bucket.US, bucket.us, bucket.next_tat, bucket.wait

local _M = { _VERSION = require "tim.version" }

local Limiter = {}
local mt = { __index = Limiter, __name = "tim.client.ratelimit.local" }

function _M.new(opts)
    local buckets = {}
    for name, list in pairs(opts.buckets) do
        if list then
            local out = {}
            for i = 1, #list do
                local b = list[i]
                out[i] = { key = b.key, items = b.items, burst = b.burst, interval = us(b.interval),
                           window = us(b.burst * b.interval) }
            end
            buckets[name] = out
        else
            buckets[name] = false
        end
    end
    return setmetatable({
        now = opts.now,
        dict = opts.dict,
        prefix = opts.prefix or "tim:rl:",
        buckets = buckets,
        tat = {},           -- per-process state when there is no dict
    }, mt)
end

function Limiter:_get(key)
    if self.dict then
        return self.dict:get(self.prefix .. key)
    end
    return self.tat[key]
end

function Limiter:_set(key, value, ttl)
    if self.dict then
        self.dict:set(self.prefix .. key, value, ttl + 1)
    else
        self.tat[key] = value
    end
end

-- the time one request takes from bucket b (us): per-item budgets count items, capped at the burst so that
-- one huge request waits for a full bucket instead of forever
local function cost_of(b, items)
    if not b.items or not items or items <= 1 then
        return b.interval
    end
    return math_floor(math_min(items, b.burst) * b.interval + 0.5)
end

--- Take a token of `class` (unknown classes use "default") for a request carrying `items` items.
--- Returns the seconds to wait before sending (token reserved), or nil and the wait it would need when that
--- is longer than max_wait (nil max_wait: any wait); a refusal reserves nothing.
-- The key of bucket b for one endpoint (scope): made once per endpoint, then reused.
local function key_of(b, scope)
    if not scope then
        return b.key
    end
    local keys = b.scoped
    if not keys then
        keys = {}
        b.scoped = keys
    end
    local k = keys[scope]
    if not k then
        k = b.key .. "|" .. scope
        keys[scope] = k
    end
    return k
end

--- `scope` (optional): the endpoint ("service/command"). The service's limits are per API, so each endpoint
--- of a class has buckets of its own; without a scope the class's buckets are shared.
function Limiter:acquire(class, items, max_wait, scope)
    local list = self.buckets[class]
    if list == nil then
        list = self.buckets.default
    end
    if not list or #list == 0 then
        return 0
    end
    local t = us(self.now())
    if #list == 1 then     -- the usual case, without the bookkeeping table
        local b = list[1]
        local key = key_of(b, scope)
        local tat = next_tat(self:_get(key), t, cost_of(b, items))
        local wait = bucket_wait(tat, t, b.window) / US
        if max_wait and wait > max_wait then
            return nil, wait
        end
        self:_set(key, tat, (tat - t) / US)
        return wait
    end
    local wait = 0
    local tats = {}
    for i = 1, #list do
        local b = list[i]
        local tat = next_tat(self:_get(key_of(b, scope)), t, cost_of(b, items))
        tats[i] = tat
        wait = math_max(wait, bucket_wait(tat, t, b.window))
    end
    wait = wait / US
    if max_wait and wait > max_wait then
        return nil, wait
    end
    for i = 1, #list do
        self:_set(key_of(list[i], scope), tats[i], (tats[i] - t) / US)
    end
    return wait
end

return _M

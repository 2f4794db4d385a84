-- tim.client.ratelimit: client-side token buckets per rate class (the catalogue's api.rate_classes), so a busy
-- application slows itself down before Tencent answers 60007. The service's limits are per app, whatever the
-- number of hosts: the buckets live in this process, in an OpenResty lua_shared_dict (one nginx), or in Redis
-- (a whole fleet). docs/ratelimit.md is the user's guide.
--
--   local rl, err = ratelimit.from_options(opts.ratelimit, { classes = api.rate_classes, now = now,
--                                                             prefix = "tim:rl:<sdkappid>:" })
--   local wait, needed, errmsg = rl:acquire(class, items, max_wait)
--
-- acquire's contract, the same for every store:
--   wait               seconds to sleep before sending (0 = now); the token is reserved
--   nil, needed        the token comes in `needed` s, later than max_wait: NOTHING is reserved, so a call that
--                      gives up consumes no budget (the client passes max_wait = what the deadline leaves
--                      minus the shortest attempt worth starting)
--   nil, nil, errmsg   only with Redis and fail = "closed": Redis did not answer within the time given, the
--                      call must not be sent (the client: kind = "ratelimit", in_doubt = false, retryable = true)
-- `items` is the request's item count: per-minute/per-day budgets that count items (batchsendmsg's 12 000
-- messages a minute count recipients) charge it; per-second budgets count requests.
--
-- opts.ratelimit (tim.new): false turns the limiter off; otherwise a table of
--   <class> = { rate =, burst =, per_minute =, per_day = } | false   merged field by field over the catalogue
--   dict = "name"          a lua_shared_dict shared by the workers of one nginx
--   redis = { host =, port = }   the SDK's own Redis connections (password =, username =, db = too), or
--   redis = conn | fn      a lua-resty-redis or redis-lua object (eval/evalsha), or function(seconds) -> conn
--   release = fn           function(conn, healthy), called after each acquisition made through a function
--   prefix = "..."         Redis key prefix (default "tim:rl:<sdkappid>:")
--   fail = "open"|"closed" when Redis fails: local buckets at rate/hosts (default), or refuse the call
--   hosts = N              hosts (processes, nginx instances) sharing the app's budget: local buckets get 1/N
--   timeout = s            bound of one acquisition's Redis I/O (default 0.2), also capped by max_wait; the
--                          answer is at most 512 bytes (tim.client.ratelimit.resp)
--   recheck = s            after a Redis failure, how long to use the fallback before asking again (default 1)
--   log = fn               function(msg) for the fail-over notices (default: ngx.log WARN, or stderr)
-- Local buckets (no Redis, or its fallback) run at rate / (hosts x W), W = ngx.worker.count() in OpenResty
-- without a dict (each worker has its own buckets), else 1: N workers together stay within the app's limit.
local type, pairs, rawget, tostring = type, pairs, rawget, tostring
local math_max, math_floor = math.max, math.floor

local local_store = require "tim.client.ratelimit.local"

local _M = { _VERSION = require "tim.version" }

-- the option names of opts.ratelimit; every other key names a rate class
local OPTIONS = { dict = true, redis = true, release = true, prefix = true, fail = true, hosts = true,
                  timeout = true, recheck = true, log = true }
_M.OPTIONS = OPTIONS

local CLASS_FIELDS = { "rate", "burst", "per_minute", "per_day" }

-- The buckets of one class, for a store shared by `share` processes (each gets 1/share of every budget;
-- a burst never drops below one request, or the first call would wait).
local function buckets_of(name, c, share)
    local list = {}
    if c.rate then
        list[#list + 1] = { interval = share / c.rate, burst = math_max((c.burst or c.rate) / share, 1),
                            items = false, suffix = "s", key = name .. ":s" }
    end
    if c.per_minute then
        list[#list + 1] = { interval = 60 * share / c.per_minute, burst = math_max(c.per_minute / share, 1),
                            items = true, suffix = "m", key = name .. ":m" }
    end
    if c.per_day then
        list[#list + 1] = { interval = 86400 * share / c.per_day, burst = math_max(c.per_day / share, 1),
                            items = true, suffix = "d", key = name .. ":d" }
    end
    return list
end
_M.buckets_of = buckets_of

local function check_class(name, c)
    if type(c) ~= "table" then
        return "opts.ratelimit." .. tostring(name) .. " must be a table or false"
    end
    for _, f in pairs(CLASS_FIELDS) do
        local v = c[f]
        if v ~= nil and (type(v) ~= "number" or v <= 0 or v ~= v or v == math.huge) then
            return "opts.ratelimit." .. tostring(name) .. "." .. f .. " must be a positive number"
        end
    end
end

local function has_method(obj, name)
    local ok, f = pcall(function() return obj[name] end)
    return ok and type(f) == "function"
end

local function positive(v)
    return type(v) == "number" and v > 0 and v ~= math.huge
end

-- redis = { host =, port =, ... }: the SDK's own connections (tim.client.ratelimit.resp)
local SERVER_CHECKS = {
    host = function(v) return type(v) == "string" and v ~= "" end,
    port = function(v) return type(v) == "number" and v >= 1 and v <= 65535 and v == math_floor(v) end,
    password = function(v) return type(v) == "string" end,
    username = function(v) return type(v) == "string" end,
    db = function(v) return type(v) == "number" and v >= 0 and v == math_floor(v) and v < 2 ^ 31 end,
}
local SERVER_WANT = { host = "a host name or address", port = "a port number", password = "a string",
                      username = "a string", db = "a database number" }

local function check_server(v)
    for k, val in pairs(v) do
        local ok = SERVER_CHECKS[k]
        if not ok then
            return "opts.ratelimit.redis." .. tostring(k) .. ": unknown option (host, port, password, username, db)"
        end
        if not ok(val) then
            return "opts.ratelimit.redis." .. k .. " must be " .. SERVER_WANT[k]
        end
    end
    if v.username and not v.password then
        return "opts.ratelimit.redis.username needs opts.ratelimit.redis.password"
    end
end

-- "server" (a table of connection options: the SDK connects), "function" or "object" (eval/evalsha methods);
-- lua-resty-redis objects answer any field with a method, hence rawget
local function redis_form(v)
    if type(v) == "function" then
        return "function"
    end
    if type(v) == "table" and rawget(v, "host") ~= nil and not has_method(v, "evalsha") then
        return "server"
    end
    return "object"
end
_M.redis_form = redis_form

local CHECKS = {
    dict = function(v)
        if type(v) ~= "string" then
            return "opts.ratelimit.dict must be the name of a lua_shared_dict"
        end
    end,
    redis = function(v)
        local form = redis_form(v)
        if form == "function" then
            return nil
        end
        if form == "server" then
            return check_server(v)
        end
        if (type(v) ~= "table" and type(v) ~= "userdata") or not has_method(v, "eval")
           or not has_method(v, "evalsha") then
            return "opts.ratelimit.redis must be { host =, port = } (the SDK connects), a Redis client with eval"
                .. " and evalsha methods (lua-resty-redis, redis-lua) or a function returning one"
        end
    end,
    release = function(v, o)
        if type(v) ~= "function" then
            return "opts.ratelimit.release must be a function(conn, healthy)"
        end
        if type(o.redis) ~= "function" then
            return "opts.ratelimit.release needs opts.ratelimit.redis to be a function that returns a connection"
        end
    end,
    prefix = function(v)
        if type(v) ~= "string" or v == "" then
            return "opts.ratelimit.prefix must be a non-empty string"
        end
    end,
    fail = function(v)
        if v ~= "open" and v ~= "closed" then
            return "opts.ratelimit.fail must be \"open\" or \"closed\""
        end
    end,
    hosts = function(v)
        if type(v) ~= "number" or v < 1 or v ~= math_floor(v) or v == math.huge then
            return "opts.ratelimit.hosts must be a whole number >= 1"
        end
    end,
    timeout = function(v)
        if not positive(v) then
            return "opts.ratelimit.timeout must be a positive number of seconds"
        end
    end,
    recheck = function(v)
        if not positive(v) then
            return "opts.ratelimit.recheck must be a positive number of seconds"
        end
    end,
    log = function(v)
        if type(v) ~= "function" then
            return "opts.ratelimit.log must be a function(message)"
        end
    end,
}

-- options that only mean something with Redis
local REDIS_ONLY = { "release", "prefix", "fail", "timeout", "recheck" }

--- Validate opts.ratelimit; returns an error string naming the option, or nil.
function _M.check(o)
    if o == nil or o == false or o == true then
        return nil
    end
    if type(o) ~= "table" then
        return "opts.ratelimit must be false or a table"
    end
    for name, v in pairs(o) do
        local err
        if OPTIONS[name] then
            err = CHECKS[name](v, o)
        elseif v ~= false then
            err = check_class(name, v)
        end
        if err then
            return err
        end
    end
    if o.redis == nil then
        for _, name in pairs(REDIS_ONLY) do
            if o[name] ~= nil then
                return "opts.ratelimit." .. name .. " needs opts.ratelimit.redis"
            end
        end
    end
end

-- the catalogue's classes with the user's overrides merged field by field (false turns a class off)
local function merge_classes(classes, overrides)
    local out = {}
    for name, c in pairs(classes or {}) do
        local merged = false
        if c then
            merged = {}
            for k, v in pairs(c) do
                merged[k] = v
            end
        end
        out[name] = merged
    end
    for name, c in pairs(type(overrides) == "table" and overrides or {}) do
        if not OPTIONS[name] then
            if c == false then
                out[name] = false
            else
                local merged = out[name] or {}
                for k, v in pairs(c) do
                    merged[k] = v
                end
                out[name] = merged
            end
        end
    end
    return out
end

local function all_buckets(classes, share)
    local buckets = {}
    for name, c in pairs(classes) do
        buckets[name] = c and buckets_of(name, c, share) or false
    end
    return buckets
end

--- opts: classes (name -> { rate, burst, per_minute, per_day }), overrides (opts.ratelimit), now (function),
--- dict (an ngx.shared dict or nil), prefix, workers (processes with their own local buckets, default 1),
--- and the Redis options (redis, release, fail, hosts, timeout, recheck, log) taken from overrides.
function _M.new(opts)
    local o = type(opts.overrides) == "table" and opts.overrides or {}
    local classes = merge_classes(opts.classes, o)
    local hosts = o.hosts or 1
    local share = hosts * (opts.dict and 1 or (opts.workers or 1))
    local prefix = opts.prefix or "tim:rl:"
    local fallback = local_store.new{ buckets = all_buckets(classes, share), now = opts.now, dict = opts.dict,
                                      prefix = prefix }
    if not o.redis then
        return fallback
    end
    local redis = require "tim.client.ratelimit.redis"
    local form = redis_form(o.redis)
    return redis.new{
        buckets = all_buckets(classes, 1), prefix = o.prefix or prefix,
        conn = form == "object" and o.redis or nil, connect = form == "function" and o.redis or nil,
        server = form == "server" and o.redis or nil, release = o.release,
        fail = o.fail, timeout = o.timeout, recheck = o.recheck, log = o.log, hosts = hosts,
        now = opts.now, fallback = fallback,
    }
end

-- workers of this nginx with buckets of their own (1 outside OpenResty)
local function worker_count()
    local w = ngx and ngx.worker
    if w and w.count then
        local ok, n = pcall(w.count)
        if ok and type(n) == "number" and n >= 1 then
            return n
        end
    end
    return 1
end

--- The client's one-line constructor: validates opts.ratelimit, resolves the shared dict and the worker
--- count, and builds the limiter. ctx: classes, now, prefix (default key prefix). Returns the limiter, nil
--- (opts.ratelimit == false: no limiter), or nil, errstring naming the option.
function _M.from_options(o, ctx)
    if o == false then
        return nil
    end
    local err = _M.check(o)
    if err then
        return nil, err
    end
    o = type(o) == "table" and o or {}
    local dict
    if o.dict then
        dict = ngx and ngx.shared and ngx.shared[o.dict]
        if not dict then
            return nil, "opts.ratelimit.dict: no lua_shared_dict named " .. o.dict
        end
    end
    return _M.new{ classes = ctx.classes, overrides = o, now = ctx.now, dict = dict, prefix = ctx.prefix,
                   workers = worker_count() }
end

return _M

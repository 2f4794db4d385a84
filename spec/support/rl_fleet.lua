-- One member of a rate-limited fleet, for spec/18: a tim client whose buckets live in Redis, calling a sink
-- (an nginx location that answers OK and logs each arrival) as fast as its limiter lets it, between two
-- absolute times. The same code runs as a plain process and in nginx workers.
--
--   As a process:  luajit|lua5.4 spec/support/rl_fleet.lua key=value ...   -> one JSON line of stats on stdout
--                  (sink_port, redis_port, gen, start_at, stop_at, rate, burst, hosts, deadline)
--   In nginx:      init_worker_by_lua_block { require("support.rl_fleet").ngx_start() }
--                  the spec sets the shared dict "fleet" key "go" to such a query string; each worker runs
--                  `threads` light threads and stores its stats at "result:<gen>:<worker id>".
-- Stats: { calls, ok, errors = { kind = n }, max_elapsed, deadline, source }.
-- luacheck: globals ngx (the /_rl handler sets ngx.header)
local _M = {}

local KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"    -- made up

local function parse(query)
    local c = {}
    for k, v in query:gmatch("([^&=%s]+)=([^&%s]*)") do
        c[k] = tonumber(v) or v
    end
    return c
end
_M.parse = parse

-- the connection function and release for the Redis client library of this runtime
local function redis_options(c)
    if ngx then
        local ok, lib = pcall(require, "nginx.redis")      -- Debian's lua-nginx-redis
        if not ok then
            lib = require "resty.redis"                     -- OpenResty's own name
        end
        return function(seconds)
            local red = lib:new()
            red:set_timeout(math.max(1, math.floor(seconds * 1000)))
            local cok, err = red:connect("127.0.0.1", c.redis_port)
            if not cok then
                return nil, err
            end
            return red
        end, function(red, healthy)
            if healthy then
                red:set_keepalive(10000, 16)
            else
                red:close()
            end
        end
    end
    local ok, lib = pcall(require, "redis")
    if not ok then
        package.path = package.path .. ";/usr/share/lua/5.1/?.lua"     -- Debian ships redis-lua for 5.1-5.3
        lib = require "redis"
    end
    local conn
    return function(seconds)
        if not conn then
            conn = lib.connect{ host = "127.0.0.1", port = c.redis_port, timeout = seconds }
        end
        return conn
    end, function(_, healthy)
        if not healthy then
            conn = nil      -- the SDK closed it; connect afresh next time
        end
    end
end

function _M.client(c)
    local tim = require "tim"
    local connect, release = redis_options(c)
    return assert(tim.new{
        sdkappid = 1400000000, key = KEY, admin = "gen" .. c.gen,       -- the sink logs the generation
        endpoint = "http://127.0.0.1:" .. c.sink_port, deadline = c.deadline, timeout = c.deadline, retries = 0,
        ratelimit = { redis = connect, release = release, hosts = c.hosts, prefix = "spec18:" .. c.gen .. ":",
                      default = { rate = c.rate, burst = c.burst } },
    })
end

function _M.run(im, c, now, sleep, source)
    while now() < c.start_at - 0.001 do
        sleep(math.min(0.01, c.start_at - now()))
    end
    local stats = { calls = 0, ok = 0, errors = {}, max_elapsed = 0, deadline = c.deadline, source = source }
    while now() < c.stop_at do
        local t0 = now()
        local res, err = im.openim.sendmsg{ To_Account = "u1", MsgBody = { { MsgType = "TIMTextElem",
                                                                           MsgContent = { Text = "hi" } } } }
        local elapsed = now() - t0
        stats.calls = stats.calls + 1
        if elapsed > stats.max_elapsed then
            stats.max_elapsed = elapsed
        end
        if res then
            stats.ok = stats.ok + 1
        else
            stats.errors[err.kind] = (stats.errors[err.kind] or 0) + 1
            stats.last_error = tostring(err)
            sleep(0.05)     -- as an application would before trying again
        end
    end
    return stats
end

local function ngx_run(c)
    local clock = function()
        ngx.update_time()
        return ngx.now()
    end
    local im = _M.client(c)
    local threads = {}
    for i = 1, c.threads or 2 do
        threads[i] = ngx.thread.spawn(_M.run, im, c, clock, ngx.sleep, "nginx worker " .. ngx.worker.id())
    end
    local total = { calls = 0, ok = 0, errors = {}, max_elapsed = 0, deadline = c.deadline,
                    source = "nginx worker " .. ngx.worker.id() }
    for i = 1, #threads do
        local ok, s = ngx.thread.wait(threads[i])
        if not ok then
            total.errors.thread = (total.errors.thread or 0) + 1
            total.last_error = tostring(s)
        else
            total.calls, total.ok = total.calls + s.calls, total.ok + s.ok
            total.max_elapsed = math.max(total.max_elapsed, s.max_elapsed)
            for k, n in pairs(s.errors) do
                total.errors[k] = (total.errors[k] or 0) + n
            end
            total.last_error = total.last_error or s.last_error
        end
    end
    return total
end

-- a timer per worker: waits for "go" in the shared dict, runs that generation once, stores the stats
function _M.ngx_start()
    local json = require "tim.json"
    local dict = ngx.shared.fleet
    local done = {}
    local function poll(premature)
        while not premature and not ngx.worker.exiting() do
            local go = dict:get("go")
            if go then
                local c = parse(go)
                if not done[c.gen] then
                    done[c.gen] = true
                    local ok, stats = pcall(ngx_run, c)
                    if not ok then
                        stats = { calls = 0, ok = 0, errors = { crashed = 1 }, last_error = tostring(stats) }
                    end
                    dict:set("result:" .. c.gen .. ":" .. ngx.worker.id(), json.encode(stats))
                end
            end
            ngx.sleep(0.05)
        end
    end
    assert(ngx.timer.at(0, poll))
end

-- /_rl?case=...: tim.ratelimit on lua-resty-redis connections, one case per request (REDIS_PORT from env)
local function resty_lib()
    local ok, lib = pcall(require, "nginx.redis")
    if not ok then
        lib = require "resty.redis"
    end
    return lib
end

local function ngx_clock()
    ngx.update_time()
    return ngx.now()
end

local function fixture(case)
    local lib = resty_lib()
    local port = tonumber(os.getenv("REDIS_PORT"))
    local f = { released = {}, lines = {}, reused = {}, prefix = ("spec18:rl:%s:%.3f:"):format(case, ngx_clock()) }
    f.log = function(msg)
        f.lines[#f.lines + 1] = msg
    end
    f.raw = function()
        local red = lib:new()
        red:set_timeout(1000)
        assert(red:connect("127.0.0.1", port))
        return red
    end
    f.connect = function(seconds)
        local red = lib:new()
        red:set_timeout(math.max(1, math.floor(seconds * 1000)))
        local ok, err = red:connect("127.0.0.1", port)
        if not ok then
            return nil, err
        end
        f.reused[#f.reused + 1] = red:get_reused_times()
        return red
    end
    f.release = function(red, healthy)
        f.released[#f.released + 1] = healthy
        if healthy then
            red:set_keepalive(10000, 4)
        else
            red:close()
        end
    end
    f.limiter = function(extra, classes)
        local o = { redis = f.connect, release = f.release, prefix = f.prefix, log = f.log }
        for k, v in pairs(extra or {}) do
            if v == false then
                o[k] = nil      -- the default
            else
                o[k] = v
            end
        end
        return assert(require("tim.client.ratelimit").from_options(o, {
            classes = classes or { default = { rate = 100, burst = 100 } }, now = ngx_clock }))
    end
    return f
end

local CASES = {}

function CASES.pool(f, out)
    local rl = f.limiter()
    out.waits = {}
    for i = 1, 5 do
        out.waits[i] = rl:acquire("default", 1, 1)
    end
    out.reused = f.reused[#f.reused]
end

function CASES.noscript(f, out)
    local rl = f.limiter()
    local red = f.raw()
    assert(red:script("flush"))
    out.wait = rl:acquire("default", 1, 1)
    out.exists = assert(red:script("exists", require("tim.client.ratelimit.redis").SHA1))[1]
    red:close()
end

function CASES.wrongtype(f, out)
    local red = f.raw()
    assert(red:hset(f.prefix .. "{default}:s", "f", "v"))
    red:close()
    local rl = f.limiter({ fail = "closed" })
    out.wait, out.needed, out.err = rl:acquire("default", 1, 1)
end

function CASES.timeout(f, out)
    local red = f.raw()
    assert(red:client("pause", 300, "all"))     -- Redis holds every command for 0.3 s
    red:close()
    local rl = f.limiter({ fail = "closed", timeout = 0.1 })
    local t0 = ngx_clock()
    out.wait, out.needed, out.err = rl:acquire("default", 1, 1)
    out.elapsed = ngx_clock() - t0
end

-- the default limiter of tim.new in this worker: no dict, no Redis
function CASES.workers(_, out)
    local rl = require("tim.client.ratelimit").from_options(nil, { classes = require("tim.api").rate_classes,
                                                            now = function() return 1000 end })
    local n = 0
    while rl:acquire("default", 1) == 0 do
        n = n + 1
    end
    local a = rl:acquire("default", 1)
    out.workers, out.burst, out.spacing = ngx.worker.count(), n, rl:acquire("default", 1) - a
end

function _M.handle()
    local json = require "tim.json"
    local case = ngx.var.arg_case
    local f = fixture(case)
    local out = {}
    CASES[case](f, out)
    out.released, out.lines = f.released, f.lines
    ngx.header["Content-Type"] = "application/json"
    ngx.say(json.encode(out))
end

-- set_by_lua has no cosockets: the connection function raises, the fallback answers, ngx.log says so
function _M.in_set_phase()
    local f = fixture("set")
    local wait = f.limiter({ log = false }):acquire("default", 1, 1)
    return "fallback " .. tostring(wait)
end

if not ngx and arg and arg[0] and arg[0]:match("rl_fleet%.lua$") then
    local socket = require "socket"
    local c = parse(table.concat(arg, "&"))
    local stats = _M.run(_M.client(c), c, socket.gettime, socket.sleep, c.source or "process")
    io.write(require("tim.json").encode(stats), "\n")
end

return _M

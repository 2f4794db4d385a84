-- A fleet on one app-wide budget: plain LuaJIT and Lua 5.4 processes (redis-lua) and an nginx with 2 workers
-- (lua-resty-redis, the cosocket pool) share a Redis. What counts is what the service would have received:
-- a sink location that logs every arrival with its time. Then Redis is killed and restarted under load.
local socket = require "socket"
local json = require "tim.json"
local http = require "tim.net.http"
local nginx = require "support.nginx"
local support = require "support.redis"

local ROOT = nginx.root()
local RATE, BURST = 40, 4
local HOSTS = 4             -- three processes and one nginx
local PROCESSES = { "luajit", "luajit", "lua5.4" }

local shell = require "support.shell"
local q, sh, read_file = shell.q, shell.ok, shell.read

local function count(s, plain)
    local n, pos = 0, 1
    while true do
        local i, j = string.find(s, plain, pos, true)
        if not i then
            return n
        end
        n, pos = n + 1, j + 1
    end
end

local function query(c)
    local parts = {}
    for k, v in pairs(c) do
        parts[#parts + 1] = k .. "=" .. tostring(v)
    end
    table.sort(parts)
    return table.concat(parts, "&")
end

-- the nginx: the sink, the fleet's two workers, and the lua-resty-redis checks of /_rl
local NGINX_HTTP = [[
    lua_shared_dict fleet 1m;
    log_format sink '$msec $arg_identifier';
    init_worker_by_lua_block { require("support.rl_fleet").ngx_start() }
]]

local NGINX_SERVER = [[
        location /v4/ {
            access_log logs/sink.log sink;
            default_type application/json;
            return 200 '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';
        }
        location = /_go {
            content_by_lua_block { ngx.shared.fleet:set("go", ngx.var.args) ngx.say("ok") }
        }
        location = /_result {
            content_by_lua_block {
                local out = {}
                for i = 0, ngx.worker.count() - 1 do
                    out[#out + 1] = ngx.shared.fleet:get("result:" .. ngx.var.arg_gen .. ":" .. i) or "null"
                end
                ngx.say("[", table.concat(out, ","), "]")
            }
        }
        location = /_rl {
            content_by_lua_block { require("support.rl_fleet").handle() }
        }
        location = /_rl_set {
            set_by_lua_block $rl_result { return require("support.rl_fleet").in_set_phase() }
            return 200 $rl_result;
        }
]]

describe("a fleet sharing one Redis budget #slow", function()
    local redis, srv, dir

    local function get(path)
        local c = socket.tcp()
        c:settimeout(10)
        assert(c:connect("127.0.0.1", srv.port))
        assert(http.write_request(c, { method = "GET", host = "localhost", path = path,
                                       headers = { Connection = "close" } }))
        local resp, err = http.read_response(c)
        c:close()
        assert(resp, err)
        return resp.body
    end

    -- sink arrivals of generation `gen`: their times
    local function arrivals(gen)
        local out = {}
        for line in (read_file(srv.prefix .. "/logs/sink.log") or ""):gmatch("[^\n]+") do
            local t, who = line:match("^(%S+) (%S+)$")
            if who == "gen" .. gen then
                out[#out + 1] = tonumber(t)
            end
        end
        return out
    end

    local function within(times, from, to)
        local n = 0
        for _, t in ipairs(times) do
            if t >= from and t < to then
                n = n + 1
            end
        end
        return n
    end

    -- starts every member of the fleet for generation c.gen; returns a function that waits for their stats
    local function run_fleet(c)
        c.sink_port, c.redis_port = srv.port, redis.port
        c.hosts, c.rate, c.burst = HOSTS, RATE, BURST
        for i, interp in ipairs(PROCESSES) do
            local name = ("%s/gen%d-%d"):format(dir, c.gen, i)
            local env = ("LUA_PATH=%s LUA_CPATH=%s"):format(
                q(ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;" .. ROOT .. "/spec/?.lua;;"),
                q(ROOT .. "/build/" .. interp .. "/?.so;;"))
            local args = query(c) .. "&source=" .. interp .. "-" .. i
            assert(sh(("(cd %s && %s timeout 60 %s spec/support/rl_fleet.lua %s >%s 2>%s; echo $? >%s)"
                       .. " </dev/null >/dev/null 2>&1 &"):format(q(ROOT), env, interp, q(args:gsub("&", " ")),
                       q(name .. ".out"), q(name .. ".err"), q(name .. ".rc"))))
        end
        assert.are.equal("ok\n", get("/_go?" .. query(c)))
        return function()
            local stats, logs = {}, {}
            local until_t = c.stop_at + c.deadline + 15
            for i = 1, #PROCESSES do
                local name = ("%s/gen%d-%d"):format(dir, c.gen, i)
                while not read_file(name .. ".rc") and socket.gettime() < until_t do
                    socket.sleep(0.05)
                end
                assert.are.equal("0", (read_file(name .. ".rc") or "none"):match("%S+"),
                                 read_file(name .. ".err"))
                stats[#stats + 1] = assert(json.decode((read_file(name .. ".out") or ""):match("[^\n]+")))
                logs[#logs + 1] = read_file(name .. ".err") or ""
            end
            while socket.gettime() < until_t do
                local got = json.decode(get("/_result?gen=" .. c.gen))
                if got[1] ~= json.null and got[2] ~= json.null then
                    stats[#stats + 1] = got[1]
                    stats[#stats + 1] = got[2]
                    break
                end
                socket.sleep(0.05)
            end
            assert.are.equal(#PROCESSES + 2, #stats, "the nginx workers did not report")
            return stats, logs
        end
    end

    setup(function()
        -- the processes run under both interpreters, whatever interpreter runs this spec
        if not (io.open(ROOT .. "/build/luajit/tim/core.so") and io.open(ROOT .. "/build/lua5.4/tim/core.so")) then
            assert(sh("make -s -C " .. q(ROOT) .. " build-all >/dev/null"))
        end
        redis = assert(support.start())
        srv = assert(nginx.start{ worker_processes = 2, http = NGINX_HTTP, server = NGINX_SERVER,
                                  main = "env REDIS_PORT=" .. redis.port .. ";" })
        local p = io.popen("mktemp -d /tmp/lua-tim-fleet.XXXXXX")
        dir = p:read("*l")
        p:close()
    end)

    teardown(function()
        if srv then srv:stop() end
        if redis then redis:remove() end
        if dir and dir:match("^/tmp/lua%-tim%-fleet%.%w+$") then
            sh("rm -rf " .. q(dir))
        end
    end)

    it("uses lua-resty-redis connections from the pool, and survives NOSCRIPT and error replies", function()
        local r = json.decode(get("/_rl?case=pool"))
        assert.are.same({ 0, 0, 0, 0, 0 }, r.waits)
        assert.is_true(r.reused > 0, "set_keepalive: the pool was not used")
        assert.are.same({ true, true, true, true, true }, r.released)

        r = json.decode(get("/_rl?case=noscript"))
        assert.are.equal(0, r.wait)
        assert.are.equal(1, r.exists)

        r = json.decode(get("/_rl?case=wrongtype"))
        assert.is_nil(r.wait)
        assert.matches("WRONGTYPE", r.err, 1, true)
        assert.are.same({ true }, r.released)       -- an error reply leaves the connection usable

        r = json.decode(get("/_rl?case=timeout"))
        assert.matches("timeout", r.err, 1, true)
        assert.is_true(r.elapsed < 0.25, tostring(r.elapsed))
        assert.are.same({ false }, r.released)

        -- set_by_lua has no cosockets: the connection function fails there and the fallback answers
        assert.are.equal("fallback 0", get("/_rl_set"))
        assert.matches("Redis unavailable", srv:error_log(), 1, true)
    end)

    it("gives each nginx worker half of the rate when there is no dict and no Redis", function()
        local r = json.decode(get("/_rl?case=workers"))
        assert.are.equal(2, r.workers)
        assert.are.equal(100, r.burst)              -- the default class: 200/s over 2 workers
        assert.is_true(math.abs(r.spacing - 0.01) < 1e-9, tostring(r.spacing))
    end)

    it("keeps the total rate of 3 processes and 2 nginx workers within 10% of the budget over 10 s", function()
        local start = socket.gettime() + 1        -- the processes start in ~0.1 s
        local c = { gen = 1, start_at = start, stop_at = start + 10, deadline = 2 }
        local wait_stats = run_fleet(c)
        local stats = wait_stats()
        local got = within(arrivals(1), c.start_at, c.stop_at)
        local expected = RATE * 10 + BURST
        print(("\n  spec/18 fleet rate: %d calls arrived in 10 s, configured %d/s + burst %d = %d (%.1f%%)")
              :format(got, RATE, BURST, expected, 100 * (got - expected) / expected))
        assert.is_true(math.abs(got - expected) <= 0.1 * expected,
                       ("%d arrivals, %d expected"):format(got, expected))
        for _, s in ipairs(stats) do
            assert.is_true(s.ok > 0, s.source .. " made no call")
            assert.are.same({}, s.errors, s.source .. ": " .. tostring(s.last_error))
            assert.is_true(s.max_elapsed <= c.deadline + 0.25, s.source .. " " .. s.max_elapsed)
        end
        -- the keys are gone once the fleet is idle: a full bucket has no key
        socket.sleep(BURST / RATE + 0.05)
        assert.are.same({}, redis:cmd("KEYS", "spec18:1:*"))
    end)

    it("survives a Redis crash and restart under load, with no call past its deadline", function()
        local start = socket.gettime() + 1        -- the processes start in ~0.1 s
        local c = { gen = 2, start_at = start, stop_at = start + 6, deadline = 1 }
        local kill_at, restart_at = start + 1.5, start + 3
        local wait_stats = run_fleet(c)
        socket.sleep(kill_at - socket.gettime())
        redis:stop("KILL")
        socket.sleep(restart_at - socket.gettime())
        assert(redis:start())
        socket.sleep(start + 4.5 - socket.gettime())
        local keys = redis:cmd("KEYS", "spec18:2:*")        -- the fleet is back on Redis
        assert.are.same({ "spec18:2:{default:openim/sendmsg}:s" }, keys)     -- the endpoint's own budget
        local ttl = redis:cmd("PTTL", keys[1])
        assert.is_true(ttl > 0 and ttl <= (BURST / RATE + c.deadline) * 1000 + 1, tostring(ttl))
        local stats, logs = wait_stats()

        for _, s in ipairs(stats) do
            assert.is_true(s.max_elapsed <= c.deadline + 0.25, s.source .. " " .. s.max_elapsed)
            assert.are.same({}, s.errors, s.source .. ": " .. tostring(s.last_error))
        end
        local times = arrivals(2)
        local before, outage = within(times, start, kill_at), within(times, kill_at, restart_at)
        local after = within(times, restart_at + 1, c.stop_at)     -- within `recheck` (1 s) all are back
        local total = within(times, start, c.stop_at)
        print(("\n  spec/18 restart: %d calls before the crash (1.5 s), %d while Redis was down (1.5 s),"
               .. " %d in the last 2 s, %d in 6 s at %d/s"):format(before, outage, after, total, RATE))
        assert.is_true(outage > 0.5 * RATE * 1.5, "the fleet stalled while Redis was down: " .. outage)
        assert.is_true(after > 0.8 * RATE * 2, "the fleet did not recover: " .. after)
        -- each bucket starts full: two fresh Redis bursts, one fallback burst of at least 1 per member
        assert.is_true(total <= 1.1 * RATE * 6 + 2 * BURST + #stats, "too many calls: " .. total)
        for _, log in ipairs(logs) do
            assert.are.equal(1, count(log, "Redis unavailable"), log)
            assert.are.equal(1, count(log, "Redis answers again"), log)
        end
        local elog = srv:error_log()
        assert.are.equal(2, count(elog, "using local buckets at 1/4"), elog)
        assert.are.equal(2, count(elog, "Redis answers again"), elog)
    end)
end)

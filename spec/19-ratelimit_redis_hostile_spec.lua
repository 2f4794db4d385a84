-- tim.ratelimit against whatever answers at the Redis address (issue 19): answers the script cannot give, and
-- replies that drip, flood or never come. The Redis side is support.resp_hostile (a child process that picks its
-- lie from the limiter's key prefix); the IM side is support.fake_transport, which counts what was sent.
-- Every case runs on a blocking client and on a tim.loop client, through the SDK's own connections
-- (redis = { host =, port = }) and through a redis-lua connection object, with fail = "open" and "closed". Each
-- must end within the call's deadline + 0.5 s (a bound, not a benchmark) with what really happened; on the loop
-- a heartbeat task is never more than 150 ms late; the Lua heap stays under 64 MB, and so does the growth of the
-- process's peak resident memory (a C library's buffer, LuaSocket's for a line that never ends, is not in the
-- Lua heap).
-- SPEC19_FIGURES=1 prints one line per case (time, heartbeat lateness, peak heap): the figures in
-- docs/ratelimit.md.
local socket = require "socket"
local tloop = require "tim.loop"
local rredis = require "tim.client.ratelimit.redis"
local fake = require "support.fake_transport"
local support = require "support.redis"
local resp_hostile = require "support.resp_hostile"

local REDIS = support.lib()
local DEADLINE = 2            -- the call's
local TIMEOUT = 0.2           -- the limiter's Redis I/O per acquisition
local MAX_KIB = 64 * 1024
-- below the 0.2 s `timeout` of the silent lie, so a loop blocked on Redis fails it, with room for a busy machine
local MAX_LATE = 0.15
local FIGURES = os.getenv("SPEC19_FIGURES")
-- PUC Lua 5.1 cannot yield across the client's pcall: there the loop client is not run (make test runs this
-- spec under 5.1 too)
local MODES = (jit or _VERSION ~= "Lua 5.1") and { "blocking", "loop" } or { "blocking" }

-- how: the server's behaviour; want: "sent" (Redis's answer), "fallback" (Redis unavailable: the local share
-- decides under fail = "open", the call is refused under "closed"), "refused" (the script's own refusal)
local CASES = {
    { "ok", "sent" }, { "huge", "fallback" }, { "negative", "fallback" }, { "refuse", "refused" },
    { "fraction", "fallback" }, { "bulk", "fallback" }, { "error", "fallback" }, { "drip", "fallback" },
    { "flood", "fallback" }, { "trickle", "fallback" }, { "endless", "fallback" }, { "silent", "fallback" },
}

-- the largest collectgarbage("count") seen while fn runs in this coroutine (sampled every 1000 instructions),
-- from a heap without the garbage of the cases before
local function with_peak(fn, ...)
    collectgarbage()
    local peak = collectgarbage("count")
    debug.sethook(function()
        local k = collectgarbage("count")
        if k > peak then peak = k end
    end, "", 1000)
    local res = { pcall(fn, ...) }
    debug.sethook()
    assert(res[1], res[2])
    return peak, res[2], res[3]
end

-- the process's peak resident memory so far (KiB): Linux's VmHWM, which only grows
local function peak_rss_kib()
    local f = io.open("/proc/self/status", "r")
    local s = f and f:read("*a") or ""
    if f then f:close() end
    return tonumber(s:match("VmHWM:%s*(%d+)")) or 0
end

-- A sleep for the blocking client that refuses what no deadline allows (a regression fails, not sleeps for days)
local function guarded_sleep(seconds)
    if seconds > DEADLINE then
        error(("asked to sleep %.3f s with a %d s deadline"):format(seconds, DEADLINE))
    end
    socket.sleep(seconds)
end

local function redis_option(form, port)
    if form == "builtin" then
        return { host = "127.0.0.1", port = port }
    end
    return REDIS.connect{ host = "127.0.0.1", port = port, timeout = 2 }
end

-- a client on `loop` (or blocking), its transport, and the log lines of its limiter
local function client(form, port, how, fail, loop, classes)
    local lines = {}
    local rl = { redis = redis_option(form, port), timeout = TIMEOUT, prefix = how .. ":", fail = fail,
                 log = function(msg) lines[#lines + 1] = msg end, default = { rate = 100, burst = 100 } }
    for k, v in pairs(classes or {}) do rl[k] = v end
    local im, t = fake.client({ now = socket.gettime, sleep = (not loop) and guarded_sleep, loop = loop or false,
                                deadline = DEADLINE, timeout = DEADLINE, ratelimit = rl })
    t:ok():ok()
    return im, t, lines
end

local function send(im)
    return im.openim.sendmsg({ To_Account = "a" })
end

-- one call on a blocking client -> { res, err, elapsed, peak, late = 0, rss }
local function run_blocking(im)
    local rss0 = peak_rss_kib()
    local t0 = socket.gettime()
    local peak, res, err = with_peak(send, im)
    return { res = res, err = err, elapsed = socket.gettime() - t0, peak = peak, late = 0,
             rss = peak_rss_kib() - rss0 }
end

-- one call in a task of `loop`, beside a heartbeat task that sleeps 20 ms at a time and notes how late it woke
local function run_loop(loop, im)
    local rss0 = peak_rss_kib()
    local out = { late = 0 }
    local beating = true
    loop:spawn(function()
        while beating do
            local want = socket.gettime() + 0.02
            loop:sleep(0.02)
            out.late = math.max(out.late, socket.gettime() - want)
        end
    end)
    for _ = 1, 3 do loop:step(0.01) end
    local t0 = socket.gettime()
    loop:spawn(function()
        out.peak, out.res, out.err = with_peak(send, im)
        out.elapsed = socket.gettime() - t0
    end)
    local stop = t0 + DEADLINE + 1
    while not out.elapsed and socket.gettime() < stop do
        loop:step(0.01)
    end
    local settle = socket.gettime() + 0.05    -- the heartbeat wakes once more: a stall shows in its lateness
    while socket.gettime() < settle do loop:step(0.01) end
    beating = false
    local stop_by = socket.gettime() + 0.1    -- never loop:run(): a task parked for days would keep it going
    while loop:alive() > 0 and socket.gettime() < stop_by do loop:step(0.01) end
    out.elapsed = out.elapsed or math.huge
    out.rss = peak_rss_kib() - rss0
    return out
end

local function check(out, t, lines, want, fail)
    assert.is_true(out.elapsed <= DEADLINE + 0.5, ("took %.3f s"):format(out.elapsed))
    assert.is_true(out.late <= MAX_LATE, ("the heartbeat woke %.3f s late"):format(out.late))
    assert.is_true(out.peak < MAX_KIB, ("peak Lua heap %.0f KiB"):format(out.peak))
    assert.is_true(out.rss < MAX_KIB, ("the process's peak resident memory grew by %d KiB"):format(out.rss))
    if want == "sent" or (want == "fallback" and fail == "open") then
        assert(out.res, out.err and tostring(out.err))
        assert.are.equal(1, #t.requests)
        assert.are.equal(want == "sent" and 0 or 1, #lines)
        if want == "fallback" then
            assert.matches("Redis unavailable", lines[1], 1, true)
        end
        return
    end
    assert.is_nil(out.res)
    local err = out.err
    assert.are.equal("ratelimit", err.kind)
    assert.is_false(err.in_doubt)
    assert.is_true(err.retryable)
    assert.are.equal(0, err.attempts)
    assert.are.equal(0, #t.requests)
    assert.matches(want == "refused" and "next token comes in" or "Redis", err.message, 1, true)
end

describe("tim.client.ratelimit against a hostile Redis #slow", function()
    local srv

    setup(function()
        srv = resp_hostile.start()
    end)

    teardown(function()
        if srv then srv.stop() end
    end)

    for _, form in ipairs({ "builtin", "object" }) do
        for _, mode in ipairs(MODES) do
            for _, fail in ipairs({ "open", "closed" }) do
                for _, case in ipairs(CASES) do
                    local how, want = case[1], case[2]
                    local name = ("%s, %s client, %s connection, fail = %s: %s"):format(how, mode, form, fail, want)
                    it(name, function()
                        local loop = mode == "loop" and tloop.new() or nil
                        local im, t, lines = client(form, srv.port, how, fail, loop)
                        local out = loop and run_loop(loop, im) or run_blocking(im)
                        if FIGURES then
                            print(("\n  spec/19 %-8s %-8s %-7s %-6s %6.3f s, heartbeat late %.3f s, Lua heap peak"
                                   .. " %6.0f KiB, peak RSS +%d KiB, sent %d"):format(how, mode, form, fail,
                                   out.elapsed, out.late, out.peak, out.rss, #t.requests))
                        end
                        check(out, t, lines, want, fail)
                    end)
                end
            end
        end
    end

    for _, mode in ipairs(MODES) do
        it("refuses, with nothing sent, when the fallback's next token is past the deadline (" .. mode .. ")",
           function()
            local loop = mode == "loop" and tloop.new() or nil
            -- the local share: one token now, the next in 10 s
            local im, t, lines = client("builtin", srv.port, "huge", "open", loop,
                                        { default = { rate = 0.1, burst = 1 } })
            local first = loop and run_loop(loop, im) or run_blocking(im)
            check(first, t, lines, "fallback", "open")
            local second = loop and run_loop(loop, im) or run_blocking(im)
            assert.is_true(second.elapsed <= DEADLINE + 0.5)
            assert.is_nil(second.res)
            assert.are.equal("ratelimit", second.err.kind)
            assert.is_false(second.err.in_doubt)
            assert.are.equal(0, second.err.attempts)
            assert.are.equal(1, #t.requests)
        end)
    end
end)

describe("tim.client.ratelimit.redis's answer check #slow", function()
    -- max_us: the max_wait the script was given (nil: any)
    it("takes only what the script can answer", function()
        local judge = rredis.judge
        assert.are.same({ 0.25 }, { judge(250000, 1000000) })
        assert.are.same({ 1 }, { judge(1000000, 1000000) })        -- a wait of exactly max_wait is granted
        assert.are.same({ 864000 }, { judge(864000000000, nil) })    -- no max_wait: any wait
        assert.are.same({ nil, 2 }, { judge(-1 - 2000000, 1000000) })  -- refused: needed over max_wait
        for _, bad in ipairs({ { 999999999999, 1000000 }, { -5, 1000000 }, { -1, 0 }, { -1 - 2000000, nil },
                               { 1.5, 1000000 }, { "12", 1000000 }, { 0 / 0, nil }, { math.huge, nil },
                               { 2 ^ 53, nil }, { { 1, 2 }, 1000000 } }) do
            local wait, needed, why = judge(bad[1], bad[2])
            assert.is_nil(wait)
            assert.is_nil(needed)
            assert.matches("an answer the script cannot give", why, 1, true)
        end
    end)

    it("does not use an answer a connection object it cannot bound gives after the acquisition's time", function()
        local lines = {}
        local calls = 0
        local slow = {     -- not redis-lua, not lua-resty-redis: called through its methods
            eval = function() return 0 end,
            evalsha = function()
                calls = calls + 1
                socket.sleep(TIMEOUT + 0.1)
                return 0
            end,
        }
        local ratelimit = require "tim.client.ratelimit"
        local rl = assert(ratelimit.from_options({ redis = slow, timeout = TIMEOUT, fail = "closed",
                                                   log = function(m) lines[#lines + 1] = m end },
                                                 { classes = { default = { rate = 10, burst = 10 } },
                                                   now = socket.gettime }))
        local wait, needed, err = rl:acquire("default", 1, 1)
        assert.is_nil(wait)
        assert.is_nil(needed)
        assert.matches("after the acquisition's time", err, 1, true)
        assert.are.equal(1, calls)
        assert.are.equal(1, #lines)
    end)
end)

describe("tim.client.ratelimit.resp #slow", function()
    local resp = require "tim.client.ratelimit.resp"

    it("writes a command as an array of bulk strings", function()
        assert.are.equal("*3\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n2\r\n", resp.encode("EVALSHA", { "abc", 2 }))
        assert.are.equal("*2\r\n$4\r\nAUTH\r\n$0\r\n\r\n", resp.encode("AUTH", { "" }))
    end)

    it("reads an integer, a status or an error reply, and nothing else", function()
        assert.are.equal(-1000001, resp.parse(":-1000001"))
        assert.are.equal("OK", resp.parse("+OK"))
        assert.are.same({ nil, "NOSCRIPT No matching script", true }, { resp.parse("-NOSCRIPT No matching script") })
        for _, line in ipairs({ ":1.5", ":", ":1e3", ": 1", ":99999999999999999", "$3", "*2", "*50000000", "x", "" }) do
            local reply, msg, healthy = resp.parse(line)
            assert.is_nil(reply, line)
            assert.is_string(msg)
            assert.is_false(healthy, line)      -- not Redis speaking: the connection is closed
        end
    end)
end)

-- In OpenResty: the SDK's own cosockets and a lua-resty-redis connection (the function form) against the same
-- server, with a light thread beating beside the acquisition (a blocked worker would make it late).
local ACQUIRE_LOCATION = [[
        location = /acquire {
            content_by_lua_block {
                local args = ngx.req.get_uri_args()
                local port = tonumber(args.port)
                local redis, release
                if args.form == "builtin" then
                    redis = { host = "127.0.0.1", port = port }
                else
                    local ok, lib = pcall(require, "nginx.redis")       -- Debian's name for lua-resty-redis
                    if not ok then lib = require "resty.redis" end
                    redis = function(seconds)
                        local red = lib:new()
                        red:set_timeout(math.max(1, math.floor(seconds * 1000)))
                        local cok, err = red:connect("127.0.0.1", port)
                        if not cok then return nil, err end
                        return red
                    end
                    release = function(red, healthy) if healthy then red:set_keepalive(10000, 8) end end
                end
                local function now() ngx.update_time() return ngx.now() end
                local lines = {}
                local rl = assert(require("tim.client.ratelimit").from_options({ redis = redis, release = release,
                    timeout = 0.2, prefix = args.how .. ":", log = function(m) lines[#lines + 1] = m end,
                    default = { rate = 100, burst = 100 } }, { classes = {}, now = now }))
                local late, done = 0, false
                local beat = ngx.thread.spawn(function()
                    while not done do
                        local want = now() + 0.02
                        ngx.sleep(0.02)
                        late = math.max(late, now() - want)
                    end
                end)
                ngx.sleep(0.05)
                local t0 = now()
                local wait, needed, err = rl:acquire("default", 1, 1)
                local out = { wait = wait, needed = needed, err = err, elapsed = now() - t0, lines = #lines,
                              kib = collectgarbage("count") }
                done = true
                ngx.thread.wait(beat)
                out.late = late
                ngx.say(require("cjson").encode(out))
            }
        }
]]

describe("tim.client.ratelimit against a hostile Redis, in OpenResty #slow", function()
    local nginx = require "support.nginx"
    local json = require "tim.json"
    local srv, web

    setup(function()
        srv = resp_hostile.start()
        web = assert(nginx.start{ server = ACQUIRE_LOCATION })
    end)

    teardown(function()
        if web then web:stop() end
        if srv then srv.stop() end
    end)

    local function get(query)
        local c = assert(socket.connect("127.0.0.1", web.port))
        c:settimeout(10)
        c:send("GET /acquire?" .. query .. " HTTP/1.0\r\nHost: x\r\n\r\n")      -- 1.0: no chunked body
        local all = c:receive("*a")
        c:close()
        local body = all and all:match("\r\n\r\n(.*)$")
        return assert(json.decode(body or ""), all)
    end

    for _, form in ipairs({ "builtin", "function" }) do
        for _, how in ipairs({ "ok", "huge", "error", "drip", "flood", "trickle", "endless", "silent" }) do
            it(("%s, %s connection: bounded, and the worker keeps running"):format(how, form), function()
                local r = get(("form=%s&how=%s&port=%d"):format(form, how, srv.port))
                assert.are.equal(0, r.wait, r.err)
                assert.are.equal(how == "ok" and 0 or 1, r.lines)
                assert.is_true(r.elapsed <= TIMEOUT + 0.1, tostring(r.elapsed))
                assert.is_true(r.late <= MAX_LATE, tostring(r.late))
                assert.is_true(r.kib < MAX_KIB, tostring(r.kib))
            end)
        end
    end
end)

-- bench/client.lua: the client's own cost per call (cached sig, URL, dedup key, JSON encode, decode, classify)
-- with a no-op transport that answers a canned OK. No network. Run: make bench (or with LUA=luajit).
local tim = require "tim"
local json = require "tim.json"
local core = require "tim.core"

local N = tonumber(os.getenv("BENCH_N") or "") or 200000

local function measure(name, n, fn)
    fn(math.min(n, 1000))           -- warm up (JIT, caches, the first sig)
    local t0 = os.clock()
    fn(n)
    local dt = os.clock() - t0
    print(string.format("%-48s %10.0f /s  %7.2f us each", name, n / dt, dt / n * 1e6))
    return n / dt
end

local OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,' ..
           '"MsgKey":"1234567_4294967295_1700000000","MsgId":"144115233406643804-1700000000-4294967295"}'
local noop = { request = function() return { status = 200, headers = {}, body = OK } end }

local function client(ratelimit)
    return assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64), region = "sgp",
                           transport = noop, ratelimit = ratelimit })
end

local body = {
    SyncOtherMachine = 2, From_Account = "alice", To_Account = "bob", MsgLifeTime = 604800,
    MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hello, 世界" } } },
    CloudCustomData = "{\"k\":1}",
}

print(string.format("lua-tim client bench under %s, cjson %s, %d calls", jit and jit.version or _VERSION,
                    json.cjson and (json.cjson_fork and "OpenResty fork" or "2.1.0") or "absent", N))

local im = client(false)
local send = im.openim.sendmsg
local calls = measure("im.openim.sendmsg (rate limits off)", N, function(n)
    for _ = 1, n do
        local res = send(body)
        if not res then error("call failed") end
    end
end)

local im2 = client({ default = { rate = 1e9, burst = 1e9 } })
local send2 = im2.openim.sendmsg
measure("im.openim.sendmsg (token bucket on)", N, function(n)
    for _ = 1, n do
        assert(send2(body))
    end
end)

-- The schema check's share of the call: the same sendmsg with and without validate, in alternating rounds (the
-- machine's drift hits both alike); median of the per-round ratios and their range. Goal: <= 1.20.
do
    local checked = client(false).openim.sendmsg
    local unchecked = assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64), region = "sgp",
                                      transport = noop, ratelimit = false, validate = false }).openim.sendmsg
    local function round(f, n)
        local t0 = os.clock()
        for _ = 1, n do
            if not f(body) then error("call failed") end
        end
        return os.clock() - t0
    end
    round(checked, 1000) round(unchecked, 1000)
    local ratios, n = {}, math.max(1000, math.floor(N / 10))
    for i = 1, 9 do
        local a, b
        if i % 2 == 1 then a = round(checked, n) b = round(unchecked, n)
        else b = round(unchecked, n) a = round(checked, n) end
        ratios[#ratios + 1] = a / b
    end
    table.sort(ratios)
    print(string.format("%-48s %.2fx median (%.2f-%.2f over 9 rounds; goal <= 1.20)",
                        "sendmsg checked / validate = false", ratios[5], ratios[1], ratios[9]))
end

measure("  json.encode(sendmsg body)", N, function(n)
    for _ = 1, n do json.encode(body) end
end)
measure("  json.decode(OK answer)", N, function(n)
    for _ = 1, n do json.decode(OK) end
end)
local sig = core.usersig(1400000000, string.rep("k", 64), "administrator", 604800)
measure("  core.query + random32", N, function(n)
    for _ = 1, n do core.query(1400000000, "administrator", sig, core.random32()) end
end)
measure("  core.usersig (what caching saves)", math.floor(N / 10), function(n)
    for _ = 1, n do core.usersig(1400000000, "k", "administrator", 604800) end
end)

print(string.format("client calls/s: %.0f (goal >= 50000)", calls))

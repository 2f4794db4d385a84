-- bench/heap.lua: the client's own cost per call (no-op transport) with an empty heap and with a million live
-- tables in the same Lua state (a long-running OpenResty worker with caches), in the same run.
--
--   make bench   (or: LUA_PATH=... LUA_CPATH=build/luajit/?.so;; luajit bench/heap.lua)
--
-- What a call costs in a big heap is mostly what its garbage costs: every byte a call allocates is paid again by
-- a collector that walks the whole heap. So a round must hold full collector cycles of the big heap, or it
-- measures nothing of that: a big-heap round goes on until CYCLES full cycles have ended (a finalizer sentinel
-- counts them), and the empty-heap round that pairs with it makes as many calls. The median of the per-round
-- ratios and their range are printed.
local tim = require "tim"

local N_MIN = tonumber(os.getenv("BENCH_N") or "") or 100000
local ROUNDS = tonumber(os.getenv("BENCH_ROUNDS") or "") or 5
local LIVE = tonumber(os.getenv("BENCH_LIVE") or "") or 1000000
local CYCLES = 2             -- the full collector cycles a big-heap round spans, at least

local OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,' ..
           '"MsgKey":"1234567_4294967295_1700000000","MsgId":"144115233406643804-1700000000-4294967295"}'
local RESP = { status = 200, headers = {}, body = OK }
local noop = { request = function() return RESP end }
local im = assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64), region = "sgp", transport = noop,
                           ratelimit = false, on_drift = false })   -- one canned answer serves both commands
local send, get = im.openim.sendmsg, im.profile.portrait_get
local msg = { SyncOtherMachine = 2, From_Account = "alice", To_Account = "bob",
              MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hello, 世界" } } } }
local query = { To_Account = { "alice" }, TagList = { "Tag_Profile_IM_Nick" } }

-- The floor: a hand-written call (a cached query prefix with `random` appended, cjson.encode, MsgRandom spliced
-- at the end of the body, cjson.decode of the answer) through the same no-op transport.
local cjson = require "cjson"
local core = require "tim.core"
local PREFIX = "/v4/openim/sendmsg?sdkappid=1400000000&identifier=administrator&usersig="
    .. core.usersig(1400000000, string.rep("k", 64), "administrator", 86400) .. "&contenttype=json&random="
local function by_hand(body)
    local r = core.random32()
    local text = cjson.encode(body)
    text = text:sub(1, -2) .. ',"MsgRandom":' .. r .. "}"
    local resp = noop.request({ path = PREFIX .. r, body = text })
    return cjson.decode(resp.body)
end

-- bytes one call allocates, with the collector stopped
local function bytes_per_call(fn, arg)
    collectgarbage()
    collectgarbage("stop")
    local before = collectgarbage("count")
    for _ = 1, 2000 do fn(arg) end
    local after = collectgarbage("count")
    collectgarbage("restart")
    return (after - before) * 1024 / 2000
end

-- Full collector cycles, counted by a sentinel: an unreachable object whose finalizer runs once a cycle and
-- leaves the next sentinel behind (a userdata under LuaJIT, which has no __gc on tables)
local cycles_seen = 0
local function sentinel()
    local on_gc = function() cycles_seen = cycles_seen + 1; sentinel() end
    if newproxy then                                       -- luacheck: ignore 113 (LuaJIT, 5.1)
        getmetatable(newproxy(true)).__gc = on_gc          -- luacheck: ignore 113
    else
        setmetatable({}, { __gc = on_gc })
    end
end
sentinel()

-- per_call(fn, arg, n) -> µs per call, the collector cycles that ended during the round
local function per_call(fn, arg, n)
    local c0 = cycles_seen
    local t0 = os.clock()
    for _ = 1, n do
        if not fn(arg) then error("call failed") end
    end
    return (os.clock() - t0) / n * 1e6, cycles_seen - c0
end

local function sorted(t)
    local c = {}
    for i, v in ipairs(t) do c[i] = v end
    table.sort(c)
    return c
end

local keep      -- luacheck: ignore (held only to keep the tables alive)
local function fill()
    keep = {}
    for i = 1, LIVE do keep[i] = { i, tostring(i) } end
    collectgarbage()
    collectgarbage()
end

local function empty()
    keep = nil
    collectgarbage()
    collectgarbage()
end

-- big_round(fn, arg) -> µs per call and calls made: batches of N_MIN calls until CYCLES full cycles have ended
local function big_round(fn, arg)
    local c0, calls, t = cycles_seen, 0, 0
    repeat
        local us = per_call(fn, arg, N_MIN)
        t, calls = t + us * N_MIN, calls + N_MIN
    until cycles_seen - c0 >= CYCLES
    return t / calls, calls, cycles_seen - c0
end

per_call(send, msg, 1000)      -- warm up (JIT, the sig, caches)
per_call(get, query, 1000)
fill()
local live = collectgarbage("count") * 1024
local rows = {}
for _, r in ipairs{ { "sendmsg", send, msg }, { "portrait_get", get, query }, { "by hand (floor)", by_hand, msg } } do
    rows[#rows + 1] = { name = r[1], fn = r[2], arg = r[3], bytes = bytes_per_call(r[2], r[3]), ratios = {},
                        cycles = {}, calls = {} }
end
for _ = 1, ROUNDS do
    for _, r in ipairs(rows) do
        fill()
        local b, calls, cycles = big_round(r.fn, r.arg)
        empty()
        local a = per_call(r.fn, r.arg, calls)
        r.ratios[#r.ratios + 1] = b / a
        r.cycles[#r.cycles + 1] = cycles
        r.calls[#r.calls + 1] = calls
    end
end
empty()

print(string.format("client cost per call under %s, no-op transport, %d rounds; big heap: %d live tables (%.0f MB)",
                    jit and jit.version or _VERSION, ROUNDS, LIVE, live / 1048576))
for _, r in ipairs(rows) do
    local s, c, n = sorted(r.ratios), sorted(r.cycles), sorted(r.calls)
    print(string.format("  %-13s %5.0f bytes/call, %d-%d calls a round spanning %d-%d collector cycles of the big heap: "
                        .. "big/empty %.2f (%.2f-%.2f; goal <= 1.4)", r.name, r.bytes, n[1], n[#n], c[1], c[#c],
                        s[math.ceil(#s / 2)], s[1], s[#s]))
end

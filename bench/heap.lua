-- bench/heap.lua: the client's own cost per call (no-op transport) with an empty heap and with a million live
-- tables in the same Lua state (a long-running OpenResty worker with caches), in the same run.
--
--   make bench   (or: LUA_PATH=... LUA_CPATH=build/luajit/?.so;; luajit bench/heap.lua)
--
-- Under LuaJIT a call used to cost 100-300x more with the big heap: every call made long strings of one shape
-- (the query: a fixed UserSig with the per-call `random` in the middle), which LuaJIT's sampled string hash put
-- in one ever-growing hash chain. Rounds alternate (empty, big, empty, big, ...) and the medians are compared.
local tim = require "tim"

local N = tonumber(os.getenv("BENCH_N") or "") or 100000
local ROUNDS = 3
local LIVE = tonumber(os.getenv("BENCH_LIVE") or "") or 1000000

local OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,' ..
           '"MsgKey":"1234567_4294967295_1700000000","MsgId":"144115233406643804-1700000000-4294967295"}'
local RESP = { status = 200, headers = {}, body = OK }
local noop = { request = function() return RESP end }
local im = assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64), region = "sgp", transport = noop,
                           ratelimit = false })
local send, get = im.openim.sendmsg, im.profile.portrait_get
local msg = { SyncOtherMachine = 2, From_Account = "alice", To_Account = "bob",
              MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hello, 世界" } } } }
local query = { To_Account = { "alice" }, TagList = { "Tag_Profile_IM_Nick" } }

local function per_call(fn, arg)
    local t0 = os.clock()
    for _ = 1, N do
        if not fn(arg) then error("call failed") end
    end
    return (os.clock() - t0) / N * 1e6
end

local function median(t)
    table.sort(t)
    return t[math.ceil(#t / 2)]
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

per_call(send, msg)      -- warm up (JIT, the sig, caches)
per_call(get, query)
local rows = { sendmsg = { send, msg, {}, {} }, portrait_get = { get, query, {}, {} } }
for _ = 1, ROUNDS do
    empty()
    for _, r in pairs(rows) do r[3][#r[3] + 1] = per_call(r[1], r[2]) end
    fill()
    for _, r in pairs(rows) do r[4][#r[4] + 1] = per_call(r[1], r[2]) end
end
local live_mb = collectgarbage("count") / 1024
empty()

print(string.format("client cost per call under %s, no-op transport, %d calls x %d rounds; big heap: %d live tables"
                    .. " (%.0f MB)", jit and jit.version or _VERSION, N, ROUNDS, LIVE, live_mb))
for _, name in ipairs{ "sendmsg", "portrait_get" } do
    local r = rows[name]
    local a, b = median(r[3]), median(r[4])
    print(string.format("  %-14s empty heap %6.2f us   big heap %6.2f us   ratio %.2f (goal <= 1.5)", name, a, b,
                        b / a))
end

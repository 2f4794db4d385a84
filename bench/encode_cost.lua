-- bench/encode_cost.lua: what one tim.json.encode, or one whole sendmsg call through a no-op transport, costs in
-- memory (bytes the Lua heap grows by per call, the collector stopped) and, run under callgrind at two counts, in
-- instructions (the difference over the difference in calls: start-up cancels out).
--
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/encode_cost.lua [WHAT [N]]
--     WHAT: encode (the sendmsg body), encode_big (a 100-recipient batchsendmsg body), sendmsg; N: calls (20000)
--   valgrind --tool=callgrind --callgrind-out-file=/dev/null lua5.4 bench/encode_cost.lua encode 2000   # and 12000
-- docs/performance.md has the figures and the exact commands.
local tim = require "tim"
local json = require "tim.json"

local what = arg[1] or "encode"
local N = tonumber(arg[2] or "") or 20000

local OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,' ..
           '"MsgKey":"1234567_4294967295_1700000000","MsgId":"144115233406643804-1700000000-4294967295"}'
local RESP = { status = 200, headers = {}, body = OK }
local noop = { request = function() return RESP end }

-- the body of bench/client.lua
local body = {
    SyncOtherMachine = 2, From_Account = "alice", To_Account = "bob", MsgLifeTime = 604800,
    MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hello, 世界" } } },
    CloudCustomData = "{\"k\":1}",
}

local big = { SyncOtherMachine = 2, From_Account = "alice", To_Account = {}, MsgRandom = 4294967295,
              MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "a \"quoted\" line\nand 世界" } },
                          { MsgType = "TIMCustomElem", MsgContent = { Data = "{\"x\":1.5}", Desc = "d",
                                                                      Ext = "", Sound = "" } } } }
for i = 1, 100 do
    big.To_Account[i] = string.format("user_%04d", i)
end

local run
if what == "encode" or what == "encode_big" then
    local v = what == "encode" and body or big
    local encode = json.encode
    run = function(n)
        for _ = 1, n do
            if not encode(v) then error("encode failed") end
        end
    end
elseif what == "sendmsg" then
    local im = assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64), region = "sgp", transport = noop,
                               ratelimit = false })
    local send = im.openim.sendmsg
    run = function(n)
        for _ = 1, n do
            if not send(body) then error("call failed") end
        end
    end
else
    error("bench/encode_cost.lua: WHAT is encode, encode_big or sendmsg, not " .. what)
end

run(200)                    -- warm up: caches, the first sig, the JIT
collectgarbage("collect")
collectgarbage("stop")
local before = collectgarbage("count")
run(N)
local after = collectgarbage("count")
collectgarbage("restart")
print(string.format("%s under %s (tim.core encode: %s): %d calls, %.0f bytes allocated per call", what,
                    jit and jit.version or _VERSION, tostring(json.core_encode == true), N,
                    (after - before) * 1024 / N))

-- bench/encode_cost.lua: what one tim.json.encode, or one whole sendmsg call through a no-op transport, costs in
-- memory (bytes the Lua heap grows by per call, the collector stopped) and, run under callgrind at two counts, in
-- instructions (the difference over the difference in calls: start-up cancels out), beside the hand-written call
-- (a cached query prefix with `random` appended, cjson.encode, MsgRandom spliced at the end, cjson.decode).
--
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/encode_cost.lua [WHAT [N]]
--     WHAT: encode (the sendmsg body), encode_big (a 100-recipient batchsendmsg body), sendmsg (validate on, the
--     default), sendmsg_novalidate, by_hand (the floor); N: calls (20000)
--   valgrind --tool=callgrind --callgrind-out-file=/dev/null lua5.4 bench/encode_cost.lua encode 2000   # and 12000
--   lua5.4 bench/encode_cost.lua table      (what make bench runs: every WHAT, bytes, and instructions when
--                                            valgrind is there, with the ratios to by_hand)
-- docs/performance.md has the figures and the exact commands.
local tim = require "tim"
local json = require "tim.json"

local what = arg[1] or "table"
local N = tonumber(arg[2] or "") or 20000

if what == "table" then
    -- every WHAT in a child of this interpreter: bytes per call, then instructions at 2,000 and 12,000 calls
    local interp = jit and "luajit" or (_VERSION == "Lua 5.1" and "lua5.1") or "lua5.4"
    local script = arg[0]
    local function sh(cmd)
        local p = assert(io.popen(cmd .. " 2>&1"))
        local out = p:read("*a")
        p:close()
        return out
    end
    local has_valgrind = sh("command -v valgrind"):find("valgrind") ~= nil
    local function instructions(w, n)
        local out = sh("valgrind --tool=callgrind --callgrind-out-file=/dev/null " .. interp .. " " .. script
                       .. " " .. w .. " " .. n)
        local got = out:match("Collected : (%d+)")
        return got and tonumber(got)
    end
    print(string.format("per call under %s%s", jit and jit.version or _VERSION,
                        has_valgrind and "" or " (no valgrind: bytes only)"))
    print(string.format("%-20s %12s %8s %14s %8s", "what", "bytes", "/floor", "instructions", "/floor"))
    local floor_b, floor_i
    for _, w in ipairs{ "by_hand", "sendmsg", "sendmsg_novalidate", "encode", "encode_big" } do
        local b = tonumber(sh(interp .. " " .. script .. " " .. w .. " 20000"):match("([%d.]+) bytes allocated"))
        local i
        if has_valgrind then
            local lo, hi = instructions(w, 2000), instructions(w, 12000)
            i = lo and hi and (hi - lo) / 10000
        end
        floor_b, floor_i = floor_b or b, floor_i or i
        print(string.format("%-20s %12s %8s %14s %8s", w, b and string.format("%.0f", b) or "?",
                            b and floor_b and floor_b > 0 and string.format("%.2f", b / floor_b) or "-",
                            i and string.format("%.0f", i) or "-",
                            i and floor_i and string.format("%.2f", i / floor_i) or "-"))
    end
    return
end

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
elseif what == "sendmsg" or what == "sendmsg_novalidate" then
    local im = assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64), region = "sgp", transport = noop,
                               ratelimit = false, validate = what == "sendmsg" })
    local send = im.openim.sendmsg
    run = function(n)
        for _ = 1, n do
            if not send(body) then error("call failed") end
        end
    end
elseif what == "by_hand" then
    local cjson = require "cjson"
    local core = require "tim.core"
    local prefix = "/v4/openim/sendmsg?sdkappid=1400000000&identifier=administrator&usersig="
        .. core.usersig(1400000000, string.rep("k", 64), "administrator", 86400) .. "&contenttype=json&random="
    run = function(n)
        for _ = 1, n do
            local r = core.random32()
            local text = cjson.encode(body)
            text = text:sub(1, -2) .. ',"MsgRandom":' .. r .. "}"
            local resp = noop.request({ path = prefix .. r, body = text })
            if cjson.decode(resp.body).ErrorCode ~= 0 then error("call failed") end
        end
    end
else
    error("bench/encode_cost.lua: WHAT is table, encode, encode_big, sendmsg, sendmsg_novalidate or by_hand, not "
          .. what)
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

-- bench/heap_openresty.lua: an OpenResty worker calling the SDK, with an empty heap and with 100+ MB of live Lua
-- data in the same worker (a long-running worker with caches), in one run, by wrk.
--
--   make bench   (or: env LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" LUA_TIM_ROOT=$PWD lua5.4 bench/heap_openresty.lua)
--
-- One nginx worker holds two locations: /client calls im.openim.sendmsg through the full client (tim.new with the
-- cosocket transport, against a canned upstream in the same nginx), /bare makes the same upstream request with a
-- bare pooled cosocket. /fill makes BENCH_LIVE (default 1,000,000) live tables in the worker, /empty drops them.
-- Rounds alternate (empty heap, big heap, ...) and each location's best round per heap is compared: goal, the
-- client's requests/s with the big heap >= 1/1.5 of its rate with the empty one. A bare cosocket handler is the
-- reference for what the heap costs any handler (the collector walking it).
local nginx = require "support.nginx"

local SCALE = tonumber(os.getenv("BENCH_N")) or 1
local LIVE = tonumber(os.getenv("BENCH_LIVE") or "") or 1000000
local ROUNDS = 3
local REPLY = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,]] ..
              [["MsgKey":"1234567_4294967295_1700000000","MsgId":"144115233406643804-1700000000-4294967295"}]]
local PATH = "/v4/openim/sendmsg?sdkappid=1400000000&identifier=administrator&usersig=x&random=1&contenttype=json"
local BODY = [[{"From_Account":"alice","To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem",]]
             .. [["MsgContent":{"Text":"hello"}}]}]]

local upstream = nginx.free_port()
local srv = assert(nginx.start{
    http = ([[
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:%d;
        access_log off;
        keepalive_requests 1000000;
        location /v4/ { default_type application/json; return 200 '%s'; }
    }
]]):format(upstream, REPLY),
    server = ([[
        access_log off;
        location = /client {
            content_by_lua_block {
                local im = package.loaded.bench_im
                if not im then
                    local tim = require "tim"
                    im = assert(tim.new{ sdkappid = 1400000000, key = string.rep("k", 64),
                                         endpoint = "http://127.0.0.1:%d", ratelimit = false,
                                         transport_options = { pool_size = 64 } })
                    package.loaded.bench_im = im
                end
                local res, err = im.openim.sendmsg{ SyncOtherMachine = 2, From_Account = "alice",
                    To_Account = "bob", MsgBody = { { MsgType = "TIMTextElem",
                                                      MsgContent = { Text = "hello" } } } }
                if not res then ngx.status = 502 ngx.say(tostring(err)) return end
                ngx.print(res.MsgKey)
            }
        }
%s        location = /fill {
            content_by_lua_block {
                local keep = {}
                for i = 1, %d do keep[i] = { i, tostring(i) } end
                package.loaded.bench_heap = keep
                collectgarbage()
                collectgarbage()
                ngx.print(string.format("%%.0f", collectgarbage("count") / 1024))
            }
        }
        location = /empty {
            content_by_lua_block {
                package.loaded.bench_heap = nil
                collectgarbage()
                collectgarbage()
                ngx.print(string.format("%%.0f", collectgarbage("count") / 1024))
            }
        }
]]):format(upstream, nginx.bare_location("bare", upstream, PATH, BODY), LIVE),
})

local function get(path)
    local p = io.popen(("curl -s --max-time 60 http://127.0.0.1:%d%s"):format(srv.port, path))
    local out = p:read("*a")
    p:close()
    return out
end

local function wrk(path)
    -- 5 s rounds: a full collection over the big heap comes every second or two, and a 2 s round may hold
    -- none (a "free" round) or two; 5 s rounds give the steady cost
    local p = io.popen(("wrk -t1 -c16 -d%ds http://127.0.0.1:%d%s 2>&1"):format(math.max(1, math.floor(5 * SCALE)),
                                                                               srv.port, path))
    local out = p:read("*a")
    p:close()
    local rps = tonumber(out:match("Requests/sec:%s*([%d.]+)"))
    assert(rps, "wrk failed: " .. out)
    assert(not out:find("Non%-2xx"), "wrk saw errors: " .. out)
    return rps
end

local ok, failure = pcall(function()
    assert(get("/client"):find("_"), "the /client location does not answer: " .. srv:error_log())
    print(("bench/heap_openresty.lua: one nginx worker (LuaJIT), wrk -t1 -c16 -d%ds, best of %d rounds per heap"):format(
          math.max(1, math.floor(5 * SCALE)), ROUNDS))
    wrk("/client")      -- warm-up: code cache, the admin sig, pools
    wrk("/bare")
    local best = { client = { 0, 0 }, bare = { 0, 0 } }
    local mb = { 0, 0 }
    for _ = 1, ROUNDS do
        for heap, path in ipairs{ "/empty", "/fill" } do
            mb[heap] = tonumber(get(path)) or error(path .. " failed: " .. srv:error_log())
            for name, b in pairs(best) do
                b[heap] = math.max(b[heap], wrk("/" .. name))
            end
        end
    end
    print(("  live Lua data in the worker: %d MB (empty), %d MB (%d tables)"):format(mb[1], mb[2], LIVE))
    for _, name in ipairs{ "client", "bare" } do
        local b = best[name]
        print(("  %-44s %8.0f req/s empty, %8.0f req/s big heap: %.2fx slower"):format(
              name == "client" and "handler calling im.openim.sendmsg" or "handler with a bare cosocket request",
              b[1], b[2], b[1] / b[2]))
    end
    local ratio = best.client[1] / best.client[2]
    print(("  => client with the big heap vs empty: %.2fx (goal <= 1.5x) %s"):format(ratio,
          ratio <= 1.5 and "ok" or "ABOVE GOAL"))
end)
srv:stop()
if not ok then
    error(failure, 0)
end

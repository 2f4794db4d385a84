-- bench/emulator_handle.lua: the emulator's whole handling of one sendmsg request (query, UserSig, JSON, the
-- handler, the answer, the journal) in-process, no sockets, against the client's own cost per call (no-op
-- transport), in the same process. Goal: handle <= 3x the client's cost.
--
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/emulator_handle.lua
local emulator = require "tim.emulator"
local core = require "tim.core"
local tim = require "tim"
emulator.tune_collector()        -- as `tim emulator` runs it

local N = tonumber(os.getenv("BENCH_N") or "") or 30000
local KEY = "bench-handle-key"
local emu = assert(emulator.new{ port = 0, sdkappid = 1400000000, key = KEY })
local sig = core.usersig(1400000000, KEY, "administrator", 86400)
local ctx = { st = emu.st, admin = emu.admin, emulator = emu }
local ids = {}
for i = 1, 100 do ids[i] = "u" .. i end
assert(emulator.routes["im_open_login_svc/multiaccount_import"](ctx, { Accounts = ids }))
local conn = { peer = "127.0.0.1" }
-- the query as the client sends it (tim.core.query: the UserSig's * - _ go unescaped), random last
local prefix = core.query(1400000000, "administrator", sig, 0):gsub("random=0&contenttype=json$", "")
               .. "contenttype=json&random="
local n = 0
local function handle_one()
    n = n + 1
    local body = string.format('{"From_Account":"%s","To_Account":"%s","MsgRandom":%d,"MsgBody":[{"MsgType":'
                               .. '"TIMTextElem","MsgContent":{"Text":"message %d"}}]}', ids[n % 100 + 1],
                               ids[(n * 7) % 100 + 1], n, n)
    local status = emu:handle({ method = "POST", path = "/v4/openim/sendmsg", query = prefix .. n, headers = {},
                                body = body, version = "1.1", keepalive = true }, conn)
    if status ~= 200 then error("status " .. tostring(status)) end
end

local OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,"MsgKey":"1_2_3"}'
local RESP = { status = 200, headers = {}, body = OK }
local im = assert(tim.new{ sdkappid = 1400000000, key = KEY, region = "sgp", ratelimit = false,
                           transport = { request = function() return RESP end } })
local send = im.openim.sendmsg
local msg = { From_Account = "u1", To_Account = "u2",
              MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "message" } } } }
local function client_one()
    if not send(msg) then error("call failed") end
end

local function per_call(fn)
    for _ = 1, 2000 do fn() end
    local t0 = os.clock()
    for _ = 1, N do fn() end
    return (os.clock() - t0) / N * 1e6
end

local rounds = {}
for r = 1, 3 do rounds[r] = { per_call(handle_one), per_call(client_one) } end
table.sort(rounds, function(a, b) return a[1] / a[2] < b[1] / b[2] end)
local h, c = rounds[2][1], rounds[2][2]
print(string.format("emulator handle(sendmsg) vs the client's own cost, %s, %d calls x 3 rounds (median)",
                    jit and jit.version or _VERSION, N))
print(string.format("  emulator %6.2f us   client %6.2f us   => %.2fx (goal <= 3x)", h, c, h / c))
emu:close()

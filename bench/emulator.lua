-- The emulator's handlers in-process (no sockets): sendmsg cost per call from an empty store to 60k messages, and
-- a group send, to show that no store operation grows with what is stored.
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/emulator.lua [total] [step]
local emulator = require "tim.emulator"

local TOTAL = tonumber(arg and arg[1]) or 60000
local STEP = tonumber(arg and arg[2]) or 10000
local WINDOW = 2000                     -- calls timed at each mark
-- as `tim emulator` runs it (tim.emulator.tune_collector: Lua 5.4 incremental, the work spread thin); GC=generational
-- for Lua 5.4's generational mode instead
if os.getenv("GC") == "generational" and not jit then collectgarbage("generational") else emulator.tune_collector() end

local emu = assert(emulator.new{ port = 0 })
local st = emu.st
local ctx = { st = st, admin = emu.admin, emulator = emu }
local routes = emulator.routes
local ids = {}
for i = 1, 100 do ids[i] = "u" .. i end
assert(routes["im_open_login_svc/multiaccount_import"](ctx, { Accounts = ids }))
local gid = assert(routes["group_open_http_svc/create_group"](ctx, { Type = "Public", Name = "bench",
                                                                   Owner_Account = "u1" })).GroupId

local sendmsg, send_group = routes["openim/sendmsg"], routes["group_open_http_svc/send_group_msg"]
local n = 0
local function send_one()
    n = n + 1
    local body = { From_Account = ids[n % 100 + 1], To_Account = ids[(n * 7) % 100 + 1],
                   MsgRandom = math.random(0, 4294967295),
                   MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "message " .. n } } } }
    assert(sendmsg(ctx, body))
end
local function group_one()
    assert(send_group(ctx, { GroupId = gid, From_Account = "u1", Random = math.random(0, 4294967295),
                              MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "g" } } } }))
end

-- CPU time per call over WINDOW calls, the median of WINDOWS windows: a collection of the whole heap lands in
-- some window or other, and one window alone says more about where it landed than about the store
local WINDOWS = 5
local function measure(fn)
    if os.getenv("NOGC") then collectgarbage("stop") end
    local t = {}
    for w = 1, WINDOWS do
        local t0 = os.clock()
        for _ = 1, WINDOW do fn() end
        t[w] = (os.clock() - t0) / WINDOW * 1e6
    end
    collectgarbage("restart")
    table.sort(t)
    return t[math.floor((WINDOWS + 1) / 2)]
end

print(string.format("%s, CPU time per call: the median of %d windows of %d calls at each mark",
                    jit and jit.version or _VERSION, WINDOWS, WINDOW))
print(string.format("%10s %14s %16s", "stored", "sendmsg us", "send_group_msg us"))
local first
local mark = 0
while true do
    local c, g = measure(send_one), measure(group_one)
    first = first or c
    print(string.format("%10d %14.1f %16.1f", st.stats.messages, c, g))
    if mark >= TOTAL then break end
    local target = mark + STEP
    while st.stats.messages < target do send_one() end
    mark = target
end
local last = measure(send_one)
print(string.format("sendmsg at %d stored / empty store: %.2fx", st.stats.messages, last / first))
emu:close()

-- bench/emulator_load.lua: the emulator under load from other processes. One client process, then eight, each
-- sending openim/sendmsg over one keep-alive connection for a few seconds; prints the calls/s of each, their
-- ratio (goal: 8 clients >= 1.5x one client on 2 cores), and the emulator's CPU time per request.
--
--   make bench   (or: LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/emulator_load.lua)
local socket = require "socket"

local SECONDS = tonumber(os.getenv("BENCH_SECONDS") or "") or 4
local KEY = "bench-load-key-0123456789"
local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local lua = arg and arg[-1] or "lua5.4"

local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

local CLIENT = [[
local tim = require "tim"
local socket = require "socket"
local ep, secs, id, key = arg[1], tonumber(arg[2]), arg[3], arg[4]
local im = assert(tim.new{ sdkappid = 1400000000, key = key, endpoint = ep, ratelimit = false, retries = 0 })
assert(im.im_open_login_svc.multiaccount_import{ AccountList = { { UserID = "a" .. id }, { UserID = "b" .. id } } })
local body = { From_Account = "a" .. id, To_Account = "b" .. id,
               MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "load" } } } }
local n, t_end = 0, socket.gettime() + secs
while socket.gettime() < t_end do assert(im.openim.sendmsg(body)); n = n + 1 end
print(n)
]]

local function cpu_ms(pid)
    local f = io.open("/proc/" .. pid .. "/stat")
    if not f then return nil end
    local s = f:read("*a")
    f:close()
    local fields = {}
    for x in s:gsub("^.*%) ", ""):gmatch("%S+") do fields[#fields + 1] = x end
    return (tonumber(fields[12]) + tonumber(fields[13])) * 10     -- utime + stime, 100 ticks/s
end

local keyfile, script = os.tmpname(), os.tmpname()
local f = assert(io.open(keyfile, "w")); f:write(KEY); f:close()
f = assert(io.open(script, "w")); f:write(CLIENT); f:close()
local out = os.tmpname()
-- the emulator on one CPU and the clients on the other (TIM_BENCH_PIN=0: no pinning): on 2 cores the clients
-- would otherwise keep preempting the one process every call goes through
local pin = os.getenv("TIM_BENCH_PIN") ~= "0" and os.execute("command -v taskset >/dev/null 2>&1")
local PIN_EMU, PIN_CLIENTS = pin and "taskset -c 1 " or "", pin and "taskset -c 0 " or ""
local p = io.popen(("cd %s && exec " .. PIN_EMU .. "%s bin/tim emulator --port 0 --sdkappid 1400000000 --key-file %s --quiet "
                    .. "> %s 2>&1 & echo $!"):format(q(ROOT), os.getenv("BENCH_EMULATOR_LUA") or "lua5.4", q(keyfile), q(out)))
local emu_pid = tonumber(p:read("*l"))
p:close()
local endpoint
for _ = 1, 100 do
    local o = io.open(out)
    local line = o and o:read("*l")
    if o then o:close() end
    endpoint = line and line:match("^tim emulator listening on (%S+)")
    if endpoint then break end
    socket.sleep(0.05)
end
assert(endpoint, "the emulator did not start")

local function round(clients)
    local files, procs = {}, {}
    local before = cpu_ms(emu_pid)
    for i = 1, clients do
        files[i] = os.tmpname()
        procs[i] = io.popen((PIN_CLIENTS .. "%s %s %s %d c%d_%d %s > %s"):format(lua, q(script), q(endpoint), SECONDS, clients, i,
                                                                q(KEY), q(files[i])))
    end
    for i = 1, clients do procs[i]:close() end
    local total = 0
    for i = 1, clients do
        local r = io.open(files[i])
        total = total + (tonumber(r:read("*l")) or 0)
        r:close()
        os.remove(files[i])
    end
    return total / SECONDS, (cpu_ms(emu_pid) - before) * 1000 / math.max(total, 1)
end

local one, cpu1 = round(1)
local eight, cpu8 = round(8)
os.execute("kill " .. emu_pid .. " 2>/dev/null")
os.remove(keyfile); os.remove(script); os.remove(out)
print(string.format("emulator under load (emulator: %s; clients: %s; %d s each round%s)",
                    os.getenv("BENCH_EMULATOR_LUA") or "lua5.4", jit and jit.version or _VERSION, SECONDS,
                    pin and "; emulator on CPU 1, clients on CPU 0" or ""))
print(string.format("  1 client    %8.0f calls/s   emulator CPU %5.0f us per call", one, cpu1))
print(string.format("  8 clients   %8.0f calls/s   emulator CPU %5.0f us per call", eight, cpu8))
print(string.format("  => 8 clients vs 1: %.2fx (goal >= 1.5x on 2 cores)", eight / one))

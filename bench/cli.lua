-- bench/cli.lua (make bench): the CLI importing 3,000 accounts from a CSV into the emulator at 50 ms latency,
-- `--concurrency 1` against `--concurrency 8`, each a whole `bin/tim` process (start-up, CSV parsing, the report
-- on stdout included), run in turn BENCH_CLI_ROUNDS times (default 3); the medians and their ratio. Goal: >= 3x.
--   env LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" LUA_CPATH="build/lua5.4/?.so;;" LUA_TIM_ROOT=$PWD \
--       lua5.4 bench/cli.lua
local socket = require "socket"
local support = require "support.emulator"

local ACCOUNTS = tonumber(os.getenv("BENCH_CLI_ACCOUNTS")) or 3000
local ROUNDS = tonumber(os.getenv("BENCH_CLI_ROUNDS")) or 3
local LATENCY = tonumber(os.getenv("BENCH_LATENCY_MS")) or 50
local interp = arg and arg[-1] or "lua5.4"
local q = support.sh_quote

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -m 700 " .. q(dir)))
local csv = dir .. "/accounts.csv"
local f = assert(io.open(csv, "wb"))
f:write("UserID,Nick,FaceUrl\n")
for i = 1, ACCOUNTS do
    f:write(string.format("bench%d,Player %d,https://img.example/%d.png\n", i, i, i))
end
f:close()

local emu = support.start{ latency = LATENCY }
local ok, err = pcall(function()
    local keyfile = dir .. "/key"
    local kf = assert(io.open(keyfile, "wb"))
    kf:write(emu.key)
    kf:close()
    local function run(n)
        local cmd = string.format("cd %s && %s bin/tim call im_open_login_svc/multiaccount_import --csv %s "
                                  .. "--concurrency %d --endpoint %s --sdkappid %d --key-file %s >%s 2>&1",
                                  q(support.ROOT), interp, q(csv), n, q(emu.endpoint), emu.sdkappid, q(keyfile),
                                  q(dir .. "/out"))
        local t0 = socket.gettime()
        local r = os.execute(cmd)
        local dt = socket.gettime() - t0
        if not (r == true or r == 0) then
            local o = io.open(dir .. "/out"):read("*a")
            error("bench/cli.lua: " .. cmd .. " failed:\n" .. o, 0)
        end
        return dt
    end
    run(8)           -- warm up (page cache, the emulator's tables)
    local t1, t8 = {}, {}
    for _ = 1, ROUNDS do
        t1[#t1 + 1] = run(1)
        t8[#t8 + 1] = run(8)
    end
    table.sort(t1)
    table.sort(t8)
    local m1, m8 = t1[math.floor(#t1 / 2) + 1], t8[math.floor(#t8 / 2) + 1]
    print(string.format("lua-tim CLI bench under %s: %d accounts from a CSV, emulator at %d ms latency, %d rounds",
                        interp, ACCOUNTS, LATENCY, ROUNDS))
    print(string.format("%-52s %7.2f s (min %.2f, max %.2f)", "tim call ... --csv --concurrency 1", m1, t1[1],
                        t1[#t1]))
    print(string.format("%-52s %7.2f s (min %.2f, max %.2f)", "tim call ... --csv --concurrency 8", m8, t8[1],
                        t8[#t8]))
    print(string.format("%-52s %7.1fx", "-> concurrency 8 / concurrency 1 (goal >= 3x)", m1 / m8))
end)
emu:stop()
os.execute("rm -rf " .. q(dir))
if not ok then error(err, 0) end

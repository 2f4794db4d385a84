-- bench/embed.lua (make bench): the game host of examples/embed (C, Lua 5.4 embedded) in its 60 fps frame loop:
-- game.frame(0.002) each 16.7 ms frame while BENCH_EMBED_CALLS messages (default 300) are in flight, the
-- emulator (at 50 ms latency) answering the first BENCH_EMBED_FAULTS requests (30) with 502s that the client
-- retries after a back-off, and the client's limiter (150/s, burst 30) making most calls wait for a token.
-- BENCH_EMBED_ROUNDS runs (default 3); each prints its worst frame. Goal: worst frame <= 4 ms.
--   env LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" LUA_CPATH="build/lua5.4/?.so;;" LUA_TIM_ROOT=$PWD \
--       lua5.4 bench/embed.lua
local support = require "support.emulator"

local CALLS = tonumber(os.getenv("BENCH_EMBED_CALLS")) or 300
local FAULTS = tonumber(os.getenv("BENCH_EMBED_FAULTS")) or 30
local ROUNDS = tonumber(os.getenv("BENCH_EMBED_ROUNDS")) or 3
local LATENCY = tonumber(os.getenv("BENCH_LATENCY_MS")) or 50
local ROOT = support.ROOT
local q = support.sh_quote

assert(os.execute("make -s -C " .. q(ROOT .. "/examples/embed") .. " all LUA=lua5.4 >/dev/null"),
       "bench/embed.lua: cannot build examples/embed")
local host = ROOT .. "/build/embed/host"

local emu = support.start{ latency = LATENCY }
local ok, err = pcall(function()
    print(string.format("lua-tim game host bench: examples/embed, %d calls and %d injected 502s per round, "
                        .. "emulator at %d ms latency", CALLS, FAULTS, LATENCY))
    local worst_of_all = 0
    for round = 1, ROUNDS do
        emu:reset()
        local p = assert(io.popen(string.format("cd %s && timeout 300 %s %s %s %d %s %d %d 2>&1", q(ROOT), q(host),
                                                q(ROOT), q(emu.endpoint), emu.sdkappid, q(emu.key), CALLS, FAULTS)))
        local out = p:read("*a")
        p:close()
        local loop_line = out:match("embed: frame loop: ([^\n]+)")
        local work_line = out:match("embed: frame work [^:]+: ([^\n]+)")
        if not loop_line or not work_line or not out:find("embed: all calls behaved", 1, true) then
            error("bench/embed.lua: the host failed:\n" .. out, 0)
        end
        local worst = tonumber(work_line:match("worst ([%d%.]+) ms"))
        if worst > worst_of_all then worst_of_all = worst end
        print(string.format("round %d: %s", round, loop_line))
        print(string.format("         frame work: %s", work_line))
    end
    print(string.format("%-52s %7.2f ms", "worst frame over all rounds (goal <= 4 ms)", worst_of_all))
end)
emu:stop()
if not ok then error(err, 0) end

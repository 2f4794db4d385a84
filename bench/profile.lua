-- bench/profile.lua: where a Lua program's time goes, by function (a sampling profiler on VM instructions).
--
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/profile.lua SCRIPT [ARGS...]
--
-- About every PROFILE_PERIOD (default 100) VM instructions the running function and its callers are counted, in
-- the main thread and in every coroutine made after it starts (tim.loop's tasks, so the emulator's connections
-- too). The period varies at random between half and one and a half times that: a fixed one samples the same
-- instructions of every turn of a loop whose length is a multiple of it.
-- It counts Lua instructions, not time spent in C (system calls, string and table building inside C functions):
-- use it to find Lua code that works too hard, and whole-process timings for the rest.
-- Prints the top functions by self samples, with their inclusive share.
local period = tonumber(os.getenv("PROFILE_PERIOD") or "") or 100
local script = arg[1]
if not script then
    -- run by `make bench` with no script: nothing to profile
    print("bench/profile.lua: a profiler; usage: lua bench/profile.lua SCRIPT [ARGS...]")
    return
end
local counts, self_counts, total = {}, {}, 0
local random, sethook = math.random, debug.sethook
local low, spread = math.max(1, math.floor(period / 2)), math.max(1, period)
local hook
hook = function()
    total = total + 1
    sethook(hook, "", low + random(spread))      -- the running thread's next sample
    local seen = {}
    for level = 2, 60 do
        local info = debug.getinfo(level, "Sn")
        if not info then break end
        local k = (info.name or "?") .. "  " .. info.short_src .. ":" .. (info.linedefined or 0)
        if level == 2 then self_counts[k] = (self_counts[k] or 0) + 1 end
        if not seen[k] then
            seen[k] = true
            counts[k] = (counts[k] or 0) + 1
        end
    end
end
local create = coroutine.create
coroutine.create = function(f)          -- luacheck: ignore 122 (hooks follow into coroutines)
    local co = create(f)
    debug.sethook(co, hook, "", period)
    return co
end
local script_arg = { [0] = script }
for i = 2, #arg do script_arg[i - 1] = arg[i] end
arg = script_arg          -- luacheck: ignore 121 (the profiled script sees its own arguments)
debug.sethook(hook, "", period)
local ok, err = pcall(dofile, script)
debug.sethook()
if not ok then io.stderr:write("bench/profile.lua: ", tostring(err), "\n") end
local list = {}
for k, v in pairs(counts) do list[#list + 1] = { k, v, self_counts[k] or 0 } end
table.sort(list, function(a, b) return a[3] > b[3] end)
print(string.format("%d samples (every %d VM instructions)", total, period))
print(" self%  incl%  function")
for i = 1, math.min(30, #list) do
    local r = list[i]
    print(string.format("%5.1f  %5.1f  %s", r[3] / total * 100, r[2] / total * 100, r[1]))
end

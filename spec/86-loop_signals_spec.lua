-- tim.loop and signals (issue 21): a loop that watches signals (loop:on_signal) wakes at once when one comes,
-- through tim.core's self-pipe in its poll set, even while it waits for a long timer; and an idle step keeps its
-- frame budget (fd_poll waits with ppoll, to the nanosecond). The signal goes to a child interpreter: this one's
-- runner must not be stopped.
local shell = require "support.shell"
local socket = require "socket"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local interp = jit and "luajit" or "lua5.4"
local LPATH = ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;;"
local CPATH = ROOT .. "/build/" .. interp .. "/?.so;;"

-- A child: a loop with a task asleep for 30 s, a handler on the loop, TERM watched; it says ready, steps until the
-- handler ran, and prints what it saw and how long that took.
local CHILD = [[
local core = require "tim.core"
local socket = require "socket"
local loop = require("tim.loop").new()
loop:spawn(function() loop:sleep(30) end)
local got
loop:on_signal(function(name) got = name end)
assert(core.signal_watch("TERM"))
loop:step(0)
io.stdout:write("ready\n") io.stdout:flush()
local t0 = socket.gettime()
while not got and socket.gettime() - t0 < 10 do loop:step(5) end
io.stdout:write(string.format("got=%s waited=%.3f alive=%d\n", tostring(got), socket.gettime() - t0, loop:alive()))
core.signal_unwatch("TERM")
]]

local function wait_for(file, word, seconds)
    local deadline = socket.gettime() + seconds
    while not (shell.read(file) or ""):find(word, 1, true) and socket.gettime() < deadline do socket.sleep(0.01) end
    return shell.read(file) or ""
end

describe("tim.loop:on_signal", function()
    it("wakes a loop waiting on a 30 s timer at once when a watched signal comes, and names it", function()
        local script, out = os.tmpname(), os.tmpname()
        shell.write(script, CHILD)
        local pid = io.popen(string.format("LUA_PATH=%s LUA_CPATH=%s %s %s > %s 2>&1 & echo $!", shell.q(LPATH),
                                           shell.q(CPATH), interp, shell.q(script), shell.q(out))):read("*l")
        wait_for(out, "ready", 10)
        socket.sleep(0.2)               -- the child is in its step(5) by now
        assert(shell.ok("kill -TERM " .. pid))
        local text = wait_for(out, "waited", 10)
        os.remove(script)
        os.remove(out)
        assert.matches("got=TERM", text)
        local waited = tonumber(text:match("waited=([%d%.]+)"))
        assert.is_true(waited < 1.5, "the loop slept through the signal: " .. text)
        assert.matches("alive=1", text)          -- the sleeping task is untouched
    end)

    it("takes a function, and forgets it with off_signal", function()
        local loop = require("tim.loop").new()
        assert.has_error(function() loop:on_signal("x") end,
                         "bad argument #1 to 'on_signal' (function expected, got string)")
        local fn = loop:on_signal(function() end)
        assert.equal(1, #loop.signal_handlers)
        loop:off_signal(fn)
        assert.equal(0, #loop.signal_handlers)
    end)
end)

describe("tim.loop:step's frame budget", function()
    it("an idle step(0.002) returns within the budget + 0.3 ms (median of 300 steps)", function()
        local loop = require("tim.loop").new()
        loop:spawn(function() loop:sleep(60) end)        -- a timer far away: the step waits its whole budget
        loop:step(0)
        local took = {}
        for i = 1, 300 do
            local t0 = socket.gettime()
            loop:step(0.002)
            took[i] = socket.gettime() - t0
        end
        table.sort(took)
        local median = took[150]
        assert.is_true(median >= 0.0019, string.format("returned early: median %.3f ms", median * 1000))
        assert.is_true(median <= 0.0023, string.format("median %.3f ms, budget 2 ms + 0.3", median * 1000))
    end)
end)

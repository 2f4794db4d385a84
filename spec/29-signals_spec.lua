-- tim.core's stop requests: SIGINT, SIGTERM and SIGHUP counted by an async-signal-safe handler, and a descriptor
-- that wakes a poll() at once, so a loop or a batch can stop cleanly instead of dying mid-call. The signals are
-- sent to a child interpreter (this one's runner must not be stopped).
local shell = require "support.shell"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local interp = jit and "luajit" or "lua5.4"
local CPATH = ROOT .. "/build/" .. (jit and "luajit" or "lua5.4") .. "/?.so;;"

-- A child that watches the signals, says it is ready, then waits in fd_poll on the signal descriptor for up to
-- 10 s and prints what it saw and how long the wait took.
local CHILD = [[
local core = require "tim.core"
local socket = require "socket"
assert(core.signal_watch("INT", "TERM", "HUP"))
io.stdout:write("ready\n") io.stdout:flush()
local t0, rout, wout = socket.gettime(), {}, {}
local nr = core.fd_poll({ core.signal_fd() }, {}, 10, rout, wout)
local waited = socket.gettime() - t0
core.signal_drain()
io.stdout:write(string.format("woke=%d last=%s term=%d int=%d waited=%.3f\n", nr, tostring(core.signal_last()),
    core.signal_count("TERM"), core.signal_count("INT"), waited))
assert(core.signal_unwatch("TERM"))
]]

local function run_child(signal)
    local script = os.tmpname()
    shell.write(script, CHILD)
    local out = os.tmpname()
    local cmd = string.format("LUA_CPATH=%s %s %s > %s 2>&1 & echo $!", shell.q(CPATH), interp, shell.q(script),
                              shell.q(out))
    local pid = assert(io.popen(cmd):read("*l"))
    local socket = require "socket"
    local deadline = socket.gettime() + 5
    while not (shell.read(out) or ""):find("ready", 1, true) and socket.gettime() < deadline do socket.sleep(0.01) end
    assert(shell.ok("kill -" .. signal .. " " .. pid))
    deadline = socket.gettime() + 5
    while not (shell.read(out) or ""):find("waited", 1, true) and socket.gettime() < deadline do socket.sleep(0.01) end
    local text = shell.read(out)
    os.remove(out)
    os.remove(script)
    return text
end

describe("tim.core signals", function()
    it("counts a SIGTERM, names it, and wakes a poll on the signal descriptor at once", function()
        local text = run_child("TERM")
        -- the poll ends either way: interrupted (EINTR, 0 ready) or on the pipe's byte (1 ready)
        assert.matches("woke=[01] last=TERM term=1 int=0", text)
        local waited = tonumber(text:match("waited=([%d%.]+)"))
        assert.is_true(waited < 5, "the poll ended with the signal, not its 10 s timeout")
    end)

    it("does the same for SIGINT, which no longer ends the interpreter", function()
        local text = run_child("INT")
        assert.matches("woke=[01] last=INT term=0 int=1", text)
    end)

    it("refuses a signal it does not handle, naming the argument", function()
        local core = require "tim.core"
        local ok, err = pcall(core.signal_watch, "USR1")
        assert.is_false(ok)
        assert.matches("bad argument #1 to 'tim.core.signal_watch'", err, 1, true)
        ok, err = pcall(core.signal_count)
        assert.is_false(ok)
        assert.matches("bad argument #1", err, 1, true)
    end)
end)

-- The emulator's server half against hostile clients: 1,000 connections that each drip a byte every second,
-- and one client sending an endless request line. A normal request must still be served promptly (a bound, not
-- a speed), the endless line must be cut off at its limit, and the emulator's memory must stay bounded.
local emulator = require "support.emulator"
local nginx = require "support.nginx"
local socket = require "socket"

local BOUND = 5            -- seconds a normal call may take while the hostile clients are at it

-- The hostile clients, in a child process: `n` dripping connections and `endless` endless request lines.
local HOSTILE = [[
local socket = require "socket"
local port, n, endless = tonumber(arg[1]), tonumber(arg[2]), tonumber(arg[3])
local slow = {}
for i = 1, n do
    local c = socket.tcp()
    c:settimeout(2)
    if c:connect("127.0.0.1", port) then
        c:settimeout(0)
        c:send("POST /v4/openim/sendmsg HTTP/1.1\r\nHost: x\r\nX-Slow-" .. i .. ": ")
        slow[#slow + 1] = c
    end
end
local long = {}
for i = 1, endless do
    local c = socket.tcp()
    c:settimeout(2)
    if c:connect("127.0.0.1", port) then
        c:settimeout(0)
        c:send("GET /")
        long[i] = { sock = c, sent = 0, closed = false }
    end
end
io.stdout:write(#slow, "\n")
io.stdout:flush()
local block = string.rep("a", 65536)
local next_drip = socket.gettime() + 1
while true do
    for _, l in ipairs(long) do
        if not l.closed then
            local last, err, partial = l.sock:send(block)
            l.sent = l.sent + (last or partial or 0)
            if err == "closed" then l.closed = true end
        end
    end
    if socket.gettime() >= next_drip then
        for _, c in ipairs(slow) do c:send("x") end
        next_drip = socket.gettime() + 1
    end
    socket.sleep(0.01)
end
]]

local rss_kib = require("support.shell").rss_kib

-- the emulator's own process (support.emulator records the shell's pid, which exec'd `timeout`, whose child is
-- the Lua process)
local function emulator_pid(emu)
    local p = io.popen("pgrep -P " .. emu.pid)
    local pid = tonumber(p:read("*l"))
    p:close()
    return pid or tonumber(emu.pid)
end

describe("the emulator against slow and endless clients", function()
    local emu, child_pid, script

    setup(function()
        emu = emulator.start{}
        script = os.tmpname()
        local f = assert(io.open(script, "w"))
        f:write(HOSTILE)
        f:close()
    end)

    teardown(function()
        if child_pid then os.execute("kill -KILL " .. child_pid .. " 2>/dev/null") end
        if emu then emu:stop() end
        if script then os.remove(script) end
    end)

    it("serves a normal call promptly while 1,000 slow connections and an endless request line are open", function()
        local im = emu:client{ retries = 0, timeout = BOUND, deadline = BOUND }
        assert(im.im_open_login_svc.account_import{ UserID = "steady" })
        local pid = emulator_pid(emu)
        local before = rss_kib(pid)

        local p = io.popen(("lua5.4 %s %d 1000 1 & echo $!"):format(nginx.q(script), emu.port))
        child_pid = tonumber(p:read("*l"))
        local opened = tonumber(p:read("*l"))
        assert.is_true(opened and opened >= 900, "the hostile process opened " .. tostring(opened) .. " connections")
        require("support.nginx").watchdog(child_pid, "KILL")

        -- for a few seconds, normal calls (a new connection each time, so each must get past the crowd)
        local worst = 0
        local until_t = socket.gettime() + 4
        local calls = 0
        while socket.gettime() < until_t do
            local fresh = emu:client{ retries = 0, timeout = BOUND, deadline = BOUND }
            local started = socket.gettime()
            local res, err = fresh.im_open_login_svc.account_check{ CheckItem = { { UserID = "steady" } } }
            local took = socket.gettime() - started
            assert(res, tostring(err))
            if took > worst then worst = took end
            calls = calls + 1
            socket.sleep(0.2)
        end
        assert.is_true(worst < BOUND, ("worst call took %.2f s"):format(worst))
        assert.is_true(calls >= 5)

        local stats = emu:control("stats", {})
        -- the cap, plus the connection asking (the one it evicted closes on the loop's next turn)
        assert.is_true(stats.connections <= 900 + 1, "open connections: " .. tostring(stats.connections))
        assert.is_true(stats.evicted >= 100, "evicted: " .. tostring(stats.evicted))
        local after = rss_kib(pid)
        assert.is_true(after - before < 100 * 1024, ("the emulator grew from %d to %d KiB"):format(before, after))
    end)
end)

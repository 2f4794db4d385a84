-- The emulator's server half against hostile clients: 1,000 connections that each drip a byte every second,
-- and one client sending an endless request line. A normal request must still be served promptly (a bound, not
-- a speed), the endless line must be cut off at its limit, and the emulator's memory must stay bounded. Then one
-- client that keeps bytes coming (1-byte chunks, chunk extensions, a trickling head) on the emulator's own loop,
-- and the emulator out of descriptors (EMFILE) in a child process.
local emulator = require "support.emulator"
local nginx = require "support.nginx"
local socket = require "socket"
local tim = require "tim"

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

describe("the emulator against slow and endless clients #slow", function()
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

-- The emulator on a loop in this process, beside the clients that measure it: one client uploads a request that
-- keeps bytes coming (1-byte chunks, chunks with 1,000-byte extensions, a header block dripped steadily) while a
-- normal client calls on the same loop. Normal calls must be served promptly (the uploading connection yields its
-- turn), the upload must be refused at its limit or cut off at its deadline, and the heap must stay within about
-- twice the body limit.
describe("the emulator on a loop against one client that keeps bytes coming #slow", function()
    local tloop = require "tim.loop"
    local tim_emulator = require "tim.emulator"
    local SDKAPPID, KEY = 1400000000, "slow-clients-spec-key"
    local PROMPT = 0.1                   -- a normal call while the upload goes on
    local SLACK = 0.5                    -- a cut-off comes within its deadline and this
    local CAP = 1024 * 1024              -- max_body_bytes of the memory case
    local ALLOWANCE = 3 * 1024 * 1024    -- the heap besides the body: read buffers, garbage not collected yet
    local CHUNKED = "POST /v4/im_open_login_svc/account_check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .. "Transfer-Encoding: chunked\r\n\r\n"

    -- The uploader: `head`, then `unit` over and over (in blocks of about 64 KiB, or `pace` = { bytes, seconds }
    -- for a steady trickle), until the server closes the connection. out.closed: seconds from the first byte.
    local function upload(loop, port, head, unit, out, pace)
        loop:spawn(function()
            local c = socket.tcp()
            c:settimeout(1)
            assert(c:connect("127.0.0.1", port))
            c:settimeout(0)
            local block = pace and unit:rep(pace[1]) or unit:rep(math.floor(65536 / #unit))
            local data, i = head .. block, 1
            out.started = socket.gettime()
            while socket.gettime() - out.started < 30 do
                if pace then loop:sleep(pace[2]) else loop:wait(c, "w", socket.gettime() + 30) end
                local last, err, sent = c:send(data, i)
                if last then
                    data, i = block, 1
                elseif err == "timeout" then
                    i = math.floor(sent) + 1
                else
                    break                    -- closed or reset: the server gave up on the request
                end
            end
            out.closed = socket.gettime() - out.started
            c:close()
        end)
    end

    -- Normal calls, one every 20 ms on a kept-alive connection, until `until_fn()`; the slowest one's time.
    local function calls(loop, emu, stats, until_fn)
        local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = emu.endpoint, loop = loop,
                                   ratelimit = false, retries = 0, timeout = 5 })
        loop:spawn(function()
            stats.calls, stats.worst = 0, 0
            while not until_fn() do
                local started = socket.gettime()
                local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = "administrator" } } }
                assert(res, tostring(err))
                stats.worst = math.max(stats.worst, socket.gettime() - started)
                stats.calls = stats.calls + 1
                loop:sleep(0.02)
            end
            im:close()
        end)
    end

    -- the live heap's peak above its level at the start, sampled every 20 ms after a full collection: what the
    -- server keeps for the upload (garbage left for the collector depends on how busy the machine is, not on it)
    local function heap(loop, stats, until_fn)
        collectgarbage()
        collectgarbage()
        local base = collectgarbage("count")
        stats.growth = 0
        loop:spawn(function()
            while not until_fn() do
                loop:sleep(0.02)
                collectgarbage()
                stats.growth = math.max(stats.growth, (collectgarbage("count") - base) * 1024)
            end
        end)
    end

    local function run(emu_opts, head, unit, pace)
        local loop = tloop.new()
        local o = { port = 0, sdkappid = SDKAPPID, key = KEY, loop = loop }
        for k, v in pairs(emu_opts) do o[k] = v end
        local emu = assert(tim_emulator.new(o))
        local up, stats = {}, {}
        local function done() return up.closed ~= nil end
        heap(loop, stats, done)
        calls(loop, emu, stats, done)
        upload(loop, emu.port, head, unit, up, pace)
        local until_t = socket.gettime() + 40
        while loop:alive() > 1 and socket.gettime() < until_t do loop:step(0.05) end   -- 1: the listener
        emu:close()
        assert.is_number(up.closed, "the upload was never cut off")
        return up, stats
    end

    it("1-byte chunks: serves normal calls promptly, refuses the upload at max_body_bytes, heap bounded", function()
        local up, stats = run({ max_body_bytes = CAP }, CHUNKED, "1\r\nx\r\n")
        assert.is_true(stats.calls >= 5, "normal calls served: " .. stats.calls)
        assert.is_true(stats.worst < PROMPT, ("the slowest normal call took %.3f s"):format(stats.worst))
        assert.is_true(stats.growth < 2 * CAP + ALLOWANCE,
                       ("the heap grew by %.1f MiB (upload cut after %.1f s)"):format(stats.growth / 1048576,
                                                                                     up.closed))
    end)

    it("1,000-byte chunk extensions: cuts the body off at body_timeout, serving normal calls promptly", function()
        local up, stats = run({ body_timeout = 1 }, CHUNKED, "1;ext=" .. ("e"):rep(1000) .. "\r\nx\r\n")
        assert.is_true(up.closed < 1 + SLACK, ("the upload went on for %.2f s"):format(up.closed))
        assert.is_true(stats.worst < PROMPT, ("the slowest normal call took %.3f s"):format(stats.worst))
    end)

    it("a header block that keeps trickling in: cut off at header_timeout", function()
        local up, stats = run({ header_timeout = 1 }, CHUNKED:gsub("\r\n\r\n$", "\r\nX-Slow: "), "a", { 64, 0.005 })
        assert.is_true(up.closed < 1 + SLACK, ("the head went on for %.2f s"):format(up.closed))
        assert.is_true(stats.worst < PROMPT, ("the slowest normal call took %.3f s"):format(stats.worst))
    end)
end)

-- Out of descriptors: the emulator, in a child process limited to 40 descriptors, with 80 clients connected. An
-- accept() that fails with EMFILE leaves the listener readable; it must back off instead of retrying at once, and
-- accept again once descriptors are free.
describe("the emulator out of descriptors #slow", function()
    local shell = require "support.shell"
    local LUA = jit and "luajit" or "lua5.4"
    local CHILD = [[
local emu = assert(require("tim.emulator").new{ port = 0, sdkappid = 1400000000, key = "emfile-spec-key" })
io.stdout:write(emu.port, "\n")
io.stdout:flush()
emu:serve()
]]

    -- CPU seconds (user + system) a process has used so far
    local function cpu_seconds(pid)
        local stat = assert(shell.read("/proc/" .. pid .. "/stat"))
        local utime, stime = stat:match("%)%s+%S+" .. ("%s+%S+"):rep(10) .. "%s+(%d+)%s+(%d+)")
        return (tonumber(utime) + tonumber(stime)) / 100     -- clock ticks (CLK_TCK = 100 on Linux)
    end

    it("backs off while accept() fails with EMFILE (well under 1 CPU-second in 2 s), then serves again", function()
        local script = os.tmpname()
        shell.write(script, CHILD)
        local p = io.popen("sh -c " .. shell.q("echo $$; ulimit -n 40; exec " .. LUA .. " " .. shell.q(script)))
        local pid = tonumber(p:read("*l"))
        local port = tonumber(p:read("*l"))
        local clients = {}
        finally(function()
            for _, c in ipairs(clients) do c:close() end
            if pid then os.execute("kill -KILL " .. pid .. " 2>/dev/null") end
            p:close()
            os.remove(script)
        end)
        assert.is_number(port, "the emulator did not start")
        require("support.nginx").watchdog(pid, "KILL")
        for i = 1, 80 do
            local c = socket.tcp()
            c:settimeout(2)
            assert(c:connect("127.0.0.1", port))
            clients[i] = c
        end
        socket.sleep(0.3)                -- it has taken what it can; the rest wait in the backlog
        local before = cpu_seconds(pid)
        socket.sleep(2)
        local used = cpu_seconds(pid) - before
        assert.is_true(used < 0.5, ("the emulator used %.2f CPU-seconds in 2 s"):format(used))
        for _, c in ipairs(clients) do c:close() end
        clients = {}
        local im = assert(tim.new{ sdkappid = 1400000000, key = "emfile-spec-key", retries = 0, timeout = 3,
                                   deadline = 3, endpoint = "http://127.0.0.1:" .. port })
        local started = socket.gettime()
        local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = "administrator" } } }
        assert(res, tostring(err))
        assert.is_true(socket.gettime() - started < 3)
    end)
end)

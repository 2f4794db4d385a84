-- tim.loop: tasks, timers and non-blocking sockets; a client on a loop never blocks (its transport, back-off
-- and limiter waits all yield). The emulator runs on the same loop in this process, so the spec can watch both
-- sides: how many connections were open at once, and that other tasks ran while a call waited.
local tim = require "tim"
local tloop = require "tim.loop"
local emulator = require "tim.emulator"
local hostile = require "support.hostile"
local socket = require "socket"

local SDKAPPID, KEY = 1400000000, "loop-spec-key"

local function start_emulator(loop, extra)
    local opts = { port = 0, sdkappid = SDKAPPID, key = KEY, loop = loop }
    for k, v in pairs(extra or {}) do opts[k] = v end
    return assert(emulator.new(opts))
end

local function client(loop, emu, extra)
    local opts = { sdkappid = SDKAPPID, key = KEY, endpoint = emu.endpoint, loop = loop, ratelimit = false }
    for k, v in pairs(extra or {}) do opts[k] = v end
    return assert(tim.new(opts))
end

-- Steps the loop until `done()` or `seconds` pass; calls `each()` after every step.
local function drive(loop, done, seconds, each)
    local until_t = socket.gettime() + (seconds or 10)
    while not done() and socket.gettime() < until_t do
        loop:step(0.01)
        if each then each() end
    end
    assert.is_true(done(), "the loop did not finish in time")
end

describe("tim.loop", function()
    it("runs tasks, wakes sleepers in time order, and reports how many are left", function()
        local loop = tloop.new()
        local order = {}
        loop:spawn(function() loop:sleep(0.06) order[#order + 1] = "c" end)
        loop:spawn(function() loop:sleep(0.02) order[#order + 1] = "a" end)
        loop:spawn(function() order[#order + 1] = "first" loop:sleep(0.04) order[#order + 1] = "b" end)
        assert.equal(3, loop:alive())
        loop:run()
        assert.same({ "first", "a", "b", "c" }, order)
        assert.equal(0, loop:alive())
    end)

    it("keeps going when a task raises, and says which", function()
        local seen
        local loop = tloop.new{ on_error = function(_, msg) seen = msg end }
        local done = false
        loop:spawn(function() error("boom") end)
        loop:spawn(function() loop:sleep(0.01) done = true end)
        loop:run()
        assert.is_true(done)
        assert.matches("boom", seen)
    end)

    it("returns from step(max_seconds) within about max_seconds when every task sleeps longer", function()
        local loop = tloop.new()
        loop:spawn(function() loop:sleep(5) end)
        loop:step(0)
        local started = socket.gettime()
        loop:step(0.05)
        local took = socket.gettime() - started
        assert.is_true(took < 0.05 + 0.5, "step took " .. took .. " s")
        assert.equal(1, loop:alive())
    end)

    it("ends a task that yields outside the loop's waits, with a clear message", function()
        local seen
        local loop = tloop.new{ on_error = function(_, msg) seen = msg end }
        loop:spawn(function() coroutine.yield("mine") end)
        loop:run()
        assert.matches("yielded outside the loop's waits", seen)
    end)

    it("refuses waits from outside its tasks", function()
        local loop = tloop.new()
        assert.has_error(function() loop:sleep(0.01) end)
        assert.is_nil(loop:inside())
    end)

    it("carries many calls at once, within the per-host connection cap", function()
        local loop = tloop.new()
        local emu = start_emulator(loop, { latency_ms = 200 })
        finally(function() emu:close() end)
        local im = client(loop, emu, { transport_options = { max_per_host = 8 } })
        local results, finished = {}, 0
        loop:spawn(function()
            assert(im.im_open_login_svc.multiaccount_import{ AccountList = { { UserID = "a" }, { UserID = "b" } } })
            for i = 1, 24 do
                loop:spawn(function()
                    local res, err = im.openim.sendmsg{ From_Account = "a", To_Account = "b",
                                                        MsgBody = { { MsgType = "TIMTextElem",
                                                                      MsgContent = { Text = "m" .. i } } } }
                    results[i] = res and "ok" or tostring(err)
                    finished = finished + 1
                end)
            end
        end)
        local most = 0
        drive(loop, function() return finished == 24 end, 20, function()
            if emu.server.count > most then most = emu.server.count end
        end)
        for i = 1, 24 do assert.equal("ok", results[i]) end
        assert.equal(8, most)              -- in flight together, and never more than the cap
    end)

    it("backs off through the loop (a yielding sleep) before retrying a 502", function()
        local loop = tloop.new()
        local emu = start_emulator(loop)
        finally(function() emu:close() end)
        -- record the loop's sleeps: the back-off must be one of them (never a blocking socket.sleep)
        local sleeps, inside = {}, {}
        local sleep = loop.sleep
        loop.sleep = function(self, seconds)
            sleeps[#sleeps + 1] = seconds
            inside[#inside + 1] = self:inside() ~= nil
            return sleep(self, seconds)
        end
        local im = client(loop, emu)
        emu.faults.status, emu.faults.status_count = 502, 1
        local res, err, done
        loop:spawn(function()
            res, err = im.profile.portrait_get{ To_Account = { "administrator" }, TagList = { "Tag_Profile_IM_Nick" } }
            done = true
        end)
        drive(loop, function() return done end, 10)
        assert(res, tostring(err))
        assert.equal(1, #sleeps)                 -- the one back-off, made by the loop, from inside the task
        assert.is_true(inside[1])
        assert.is_true(sleeps[1] >= 0 and sleeps[1] <= 0.2)
    end)

    it("yields while waiting for a limiter token", function()
        local loop = tloop.new()
        local emu = start_emulator(loop)
        finally(function() emu:close() end)
        local im = client(loop, emu, { ratelimit = { default = { rate = 5, burst = 1 } } })
        local ticks, during, done = 0, nil, false
        loop:spawn(function()
            while not done do loop:sleep(0.005) ticks = ticks + 1 end
        end)
        loop:spawn(function()
            local q = { To_Account = { "administrator" }, TagList = { "Tag_Profile_IM_Nick" } }
            assert(im.profile.portrait_get(q))          -- class "default"
            local before = ticks
            assert(im.profile.portrait_get(q))          -- waits about 0.2 s for its token
            during = ticks - before
            done = true
        end)
        drive(loop, function() return done end, 10)
        assert.is_true(during > 0)
    end)

    it("holds the deadline against a server that never answers, while the rest of the loop goes on", function()
        local h = hostile.start()
        finally(function() h.stop() end)
        local loop = tloop.new()
        local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = "http://127.0.0.1:" .. h.port .. "/stall",
                                   loop = loop, timeout = 0.5, deadline = 1, retries = 0, ratelimit = false })
        local err, elapsed, ticks, done = nil, nil, 0, false
        loop:spawn(function() while not done do loop:sleep(0.01) ticks = ticks + 1 end end)
        loop:spawn(function()
            local started = socket.gettime()
            local _, e = im:call("group_open_http_svc/create_group", { Type = "Public", Name = "x" })
            err, elapsed = e, socket.gettime() - started
            done = true
        end)
        drive(loop, function() return done end, 10)
        assert.equal("timeout", err.kind)
        assert.is_true(err.in_doubt)
        assert.is_true(elapsed < 1 + 1, "took " .. elapsed)
        assert.is_true(ticks > 10)
    end)

    it("answers a call made from outside the loop's tasks with a usage error, at once", function()
        local loop = tloop.new()
        local emu = start_emulator(loop)
        finally(function() emu:close() end)
        local im = client(loop, emu)
        local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = "x" } } }
        assert.is_nil(res)
        assert.equal("usage", err.kind)
        assert.matches("from a task of that loop", err.message)
        assert.equal(0, err.attempts)
    end)

    it("refuses opts.sleep together with opts.loop", function()
        local im, err = tim.new{ sdkappid = SDKAPPID, key = KEY, region = "sgp", loop = tloop.new(),
                                 sleep = function() end }
        assert.is_nil(im)
        assert.matches("opts.sleep and opts.loop", err.message)
    end)
end)

-- The loop's descriptor driver (loop.driver.plain): what the emulator's server and a client on a loop use for
-- plain TCP. Both ends are tasks of one loop, so every wait is a yield and the spec sees the bytes exactly.
describe("tim.loop's descriptor driver", function()
    local function pair(loop)
        local srv = assert(socket.bind("127.0.0.1", 0))
        local _, port = srv:getsockname()
        local c = assert(socket.tcp())
        c:settimeout(1)
        assert(c:connect("127.0.0.1", port))
        c:settimeout(0)
        local s = assert(srv:accept())
        s:settimeout(0)
        srv:close()
        return c, s, loop.driver.plain
    end

    it("writes pieces larger than the socket's buffer in order, yielding until the peer reads", function()
        local loop = tloop.new()
        local c, s, d = pair(loop)
        local pieces = { string.rep("a", 3000000), "b", string.rep("c", 2000000) }
        local total = 5000001
        local written, got, other_ran = nil, {}, 0
        loop:spawn(function() written = d.write(c, pieces, socket.gettime() + 10); c:close() end)
        loop:spawn(function()
            local n = 0
            while true do
                local data, err = d.read(s, 65536, socket.gettime() + 10)
                if not data then assert.equal("closed", err); break end
                n = n + 1
                got[n] = data
                if n % 20 == 0 then loop:sleep(0.001) end      -- a slow reader: the writer must wait
            end
        end)
        loop:spawn(function() for _ = 1, 20 do other_ran = other_ran + 1; loop:sleep(0.001) end end)
        drive(loop, function() return loop:alive() == 0 end, 20)
        assert.equal(total, written)
        local all = table.concat(got)
        assert.equal(total, #all)
        assert.equal(table.concat(pieces), all)
        assert.equal(20, other_ran)
        s:close()
    end)

    it("reads an exact count that arrives in parts, and gives the part it had on a timeout or a close", function()
        local loop = tloop.new()
        local c, s, d = pair(loop)
        local whole, partial, perr, pgot
        loop:spawn(function()
            whole = d.read_exact(s, 10, socket.gettime() + 5)
            perr, pgot = select(2, d.read_exact(s, 10, socket.gettime() + 0.2))
        end)
        loop:spawn(function()
            for _, part in ipairs({ "01", "234", "56789", "xy" }) do
                loop:sleep(0.01)
                assert(d.write(c, part, socket.gettime() + 1))
            end
        end)
        drive(loop, function() return loop:alive() == 0 end, 10)
        assert.equal("0123456789", whole)
        assert.equal("timeout", perr)
        assert.equal("xy", pgot)
        -- the peer closes in the middle of a count
        loop:spawn(function() partial = { d.read_exact(s, 5, socket.gettime() + 5) } end)
        loop:spawn(function() assert(d.write(c, "ab", socket.gettime() + 1)); loop:sleep(0.01); c:close() end)
        drive(loop, function() return loop:alive() == 0 end, 10)
        assert.same({ nil, "closed", "ab" }, partial)
        s:close()
    end)

    it("lets a passed deadline win over a ready socket, in a wait and in a read", function()
        local loop = tloop.new()
        local c, s, d = pair(loop)
        assert(c:send("bytes that are there"))
        socket.sleep(0.05)
        local woke, read
        loop:spawn(function()
            woke = loop:wait(s, "r", socket.gettime() - 1)
            read = { d.read(s, 100, socket.gettime() - 1) }
        end)
        drive(loop, function() return loop:alive() == 0 end, 5)
        assert.is_false(woke)
        assert.same({ nil, "timeout" }, read)
        c:close()
        s:close()
    end)

    it("makes a task whose socket is always ready let the others run (loop:pass after its slice)", function()
        local loop = tloop.new()
        local c, s, d = pair(loop)
        local block = string.rep("x", 65536)
        local ticks, late, done = 0, 0, false
        loop:spawn(function()           -- keeps the reader's socket full
            while not done do
                if not d.write(c, block, socket.gettime() + 5) then break end
            end
        end)
        loop:spawn(function()           -- reads 4 bytes at a time: never waits, always has more to read
            local until_t = socket.gettime() + 0.5
            while socket.gettime() < until_t do assert(d.read(s, 4, until_t + 1)) end
            done = true
            s:close()                   -- the writer, waiting for room, fails at once
        end)
        loop:spawn(function()
            while not done do
                local due = socket.gettime() + 0.01
                loop:sleep(0.01)
                ticks = ticks + 1
                late = math.max(late, socket.gettime() - due)
            end
        end)
        drive(loop, function() return loop:alive() == 0 end, 10)
        assert.is_true(ticks >= 10, "the sleeper ran " .. ticks .. " times")
        assert.is_true(late < 0.1, ("the sleeper woke %.3f s late"):format(late))
        c:close()
    end)

    it("holds a read's deadline and reports a closed peer on write", function()
        local loop = tloop.new()
        local c, s, d = pair(loop)
        local rres, werr
        loop:spawn(function() rres = { d.read(s, 100, socket.gettime() + 0.1) } end)
        drive(loop, function() return loop:alive() == 0 end, 5)
        assert.same({ nil, "timeout" }, rres)
        s:close()
        loop:spawn(function()
            local err
            for _ = 1, 50 do            -- the first write may still be taken by the kernel; a later one fails
                local ok, e = d.write(c, string.rep("z", 65536), socket.gettime() + 1)
                if not ok then err = e; break end
                loop:sleep(0.001)
            end
            werr = err
        end)
        drive(loop, function() return loop:alive() == 0 end, 10)
        assert.truthy(werr == "closed" or werr:find("reset"), tostring(werr))
        c:close()
    end)

    it("is what the emulator's plain server and a loop client's plain http use", function()
        local loop = tloop.new()
        local emu = start_emulator(loop)
        local transport = loop:transport()
        local im = client(loop, emu, { transport = transport })
        local res
        loop:spawn(function() res = im.im_open_login_svc.account_import{ UserID = "plain1" } end)
        drive(loop, function() return res ~= nil end, 10)
        assert.equal("OK", res.ActionStatus)
        local server_driver, client_driver
        for conn in pairs(emu.server.conns) do server_driver = conn.stream.driver end
        for _, list in pairs(transport.pools) do client_driver = list[1].stream.driver end
        assert.equal(loop.driver.plain, server_driver)
        assert.equal(loop.driver.plain, client_driver)
        emu:close()
    end)
end)

describe("tim.loop's wait", function()
    it("serves and calls through descriptors above 1024 (one poll(), no select() limit)", function()
        local shell = require "support.shell"
        local script = os.tmpname()
        local f = assert(io.open(script, "w"))
        f:write([[
local files = {}
for i = 1, 1100 do files[i] = assert(io.open("/dev/null")) end      -- push new descriptors past 1024
local tim, tloop, emulator = require "tim", require "tim.loop", require "tim.emulator"
local loop = tloop.new()
local emu = assert(emulator.new{ port = 0, sdkappid = 1400000000, key = "k", loop = loop })
local transport = loop:transport()
local im = assert(tim.new{ sdkappid = 1400000000, key = "k", endpoint = emu.endpoint, loop = loop,
                           transport = transport, ratelimit = false })
local res, err
loop:spawn(function() res, err = im.im_open_login_svc.account_import{ UserID = "high_fd" } end)
local until_t = os.time() + 10
while res == nil and err == nil and os.time() < until_t do loop:step(0.05) end
local fd
for _, list in pairs(transport.pools) do fd = list[1].sock:getfd() end
print(res and res.ActionStatus, fd)
]])
        f:close()
        local lua = jit and "luajit" or "lua5.4"
        -- raise the soft (and, as root, the hard) descriptor limit in the child only
        local code, out = shell.run("ulimit -n 4096 2>/dev/null || ulimit -Sn 4096; exec " .. lua .. " "
                                    .. shell.q(script))
        os.remove(script)
        assert.equal(0, code, out)
        local status, fd = out:match("^(%S+)%s+(%d+)")
        assert.equal("OK", status, out)
        assert.is_true(tonumber(fd) > 1024, out)
    end)
end)

-- TLS on a loop: LuaSec sockets under the loop's poll() (non-blocking handshake, wantread/wantwrite, LuaSec's own
-- buffer), the emulator serving https on the same loop, the certificate verified.
describe("tim.loop over TLS", function()
    local certs = require "support.certs"
    local dir, c
    setup(function()
        dir = certs.tmpdir("lua-tim-loop-tls")
        c = certs.make(dir)
    end)
    teardown(function() certs.rmdir(dir) end)

    it("carries concurrent verified https calls and refuses an untrusted certificate without sending", function()
        local loop = tloop.new()
        local emu = start_emulator(loop, { tls_cert = c.cert, tls_key = c.key })
        assert.matches("^https://127%.0%.0%.1:", emu.endpoint)
        local im = client(loop, emu, { tls = { cafile = c.ca } })
        local results, other_ran = {}, 0
        for i = 1, 6 do
            loop:spawn(function()
                results[i] = { im.im_open_login_svc.account_import{ UserID = "tls_user_" .. i } }
            end)
        end
        -- a body larger than one TLS record each way (a 100-account import and its answer)
        local many = {}
        for i = 1, 100 do many[i] = "tls_bulk_" .. i .. string.rep("x", 20) end
        loop:spawn(function() results.bulk = { im.im_open_login_svc.multiaccount_import{ Accounts = many } } end)
        loop:spawn(function() for _ = 1, 10 do other_ran = other_ran + 1; loop:sleep(0.001) end end)
        drive(loop, function()
            for i = 1, 6 do if not results[i] then return false end end
            return results.bulk ~= nil and other_ran == 10
        end, 20)
        for i = 1, 6 do
            assert.is_table(results[i][1], tostring(results[i][2]))
            assert.equal("OK", results[i][1].ActionStatus)
        end
        assert.equal("OK", results.bulk[1].ActionStatus)
        assert.equal(10, other_ran)
        assert.is_truthy(emu.st:account("tls_bulk_100" .. string.rep("x", 20)))
        -- a client that trusts another CA: refused at the handshake, nothing sent, nothing in doubt
        local untrusting = client(loop, emu, { tls = { cafile = c.untrusted_ca }, retries = 0 })
        local res, err
        loop:spawn(function() res, err = untrusting.im_open_login_svc.account_import{ UserID = "never" } end)
        drive(loop, function() return err ~= nil or res ~= nil end, 10)
        assert.is_nil(res)
        assert.is_false(err.in_doubt)
        assert.is_nil(emu.st:account("never"))
        emu:close()
    end)
end)

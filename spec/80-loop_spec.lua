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

    it("yields during a back-off: other tasks run while a call waits to retry a 502", function()
        local loop = tloop.new()
        local emu = start_emulator(loop)
        finally(function() emu:close() end)
        local im = client(loop, emu)
        emu.faults.status, emu.faults.status_count = 502, 1
        local ticks, during, done = 0, nil, false
        loop:spawn(function()
            while not done do loop:sleep(0.005) ticks = ticks + 1 end
        end)
        loop:spawn(function()
            local before = ticks
            local res, err = im.profile.portrait_get{ To_Account = { "administrator" },
                                                      TagList = { "Tag_Profile_IM_Nick" } }
            assert(res, tostring(err))
            during = ticks - before
            done = true
        end)
        drive(loop, function() return done end, 10)
        assert.is_true(during > 0, "no other task ran while the call waited")
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

-- A peer that keeps bytes coming: an answer of endless 1-byte chunks (/chunks1), and the same with a 1,000-byte
-- chunk extension on every chunk-size line (/chunks1_ext), from support.hostile over plain TCP and TLS. Against it,
-- on every driver that reads sockets: the blocking transport (a child process of this interpreter, peak RSS), a
-- loop's plain driver and a loop's TLS driver (LuaSec under the loop). A call must end within its deadline with a
-- truthful error, a heartbeat task on the same loop must keep waking on time (the reading task lets the others
-- run), and the bytes kept for the body must cost about what the body holds, not a table slot per chunk.
-- Bounds on elapsed time and memory, not speeds.
local tim = require "tim"
local tloop = require "tim.loop"
local hostile = require "support.hostile"
local certs = require "support.certs"
local shell = require "support.shell"
local socket = require "socket"

local SDKAPPID, KEY = 1400000000, "hostile-loop-spec-key"
local TIMEOUT, DEADLINE = 1, 1.5     -- seconds: per attempt, per call
local SLACK = 0.5                    -- a call ends within its deadline and this
-- A heartbeat asking to wake every 20 ms never waits longer past its time. It wakes about 20 ms late at worst on an
-- idle machine; the bound leaves room for a busy one (make test runs three interpreters at once), and a loop
-- stalled by the call (seconds, before the slice) is still far beyond it.
local LATE = 0.15
local CAP = 1024 * 1024              -- max_body_bytes of the memory cases
local ALLOWANCE = 3 * 1024 * 1024    -- besides the body: read buffers, garbage not collected yet, the allocator
local LUA = jit and "luajit" or "lua5.4"

-- The command every case calls: not idempotent, so a timeout after the request left is in doubt, one attempt.
local COMMAND, BODY = "group_open_http_svc/create_group", { Type = "Public", Name = "hostile" }

local function client_opts(endpoint, cafile, extra)
    local o = { sdkappid = SDKAPPID, key = KEY, endpoint = endpoint, timeout = TIMEOUT, deadline = DEADLINE,
                retries = 0, ratelimit = false, tls = cafile and { cafile = cafile } or nil }
    for k, v in pairs(extra or {}) do o[k] = v end
    return o
end

-- One call on a loop, with a heartbeat task beside it that asks to wake every 20 ms: how late it woke at worst
-- and how far the Lua heap grew above where it was before the call (sampled at every beat and at the end).
local function on_loop(endpoint, cafile, extra)
    local loop = tloop.new()
    local opts = client_opts(endpoint, cafile, extra)
    opts.loop = loop
    local im = assert(tim.new(opts))
    collectgarbage()
    collectgarbage()
    local base = collectgarbage("count")
    local r = { late = 0, peak = base }
    local done = false
    loop:spawn(function()
        while not done do
            local due = socket.gettime() + 0.02
            loop:sleep(0.02)
            local late = socket.gettime() - due
            if late > r.late then r.late = late end
            -- the live heap (after a full collection): what the call keeps, whatever the collector's pace on a
            -- busy machine
            collectgarbage()
            local kib = collectgarbage("count")
            if kib > r.peak then r.peak = kib end
        end
    end)
    loop:spawn(function()
        local started = socket.gettime()
        r.res, r.err = im:call(COMMAND, BODY)
        r.elapsed = socket.gettime() - started
        collectgarbage()
        local kib = collectgarbage("count")
        if kib > r.peak then r.peak = kib end
        done = true
    end)
    local until_t = socket.gettime() + 60
    while loop:alive() > 0 and socket.gettime() < until_t do loop:step(0.05) end
    assert.is_true(done, "the call never returned")
    r.growth = (r.peak - base) * 1024
    return r
end

-- One call with the blocking transport, in a child process of this interpreter: its peak resident memory
-- (VmHWM) above what it had before the call says what the call cost.
local CHILD = [[
local tim, socket = require "tim", require "socket"
local endpoint, cafile, cap, timeout, deadline = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5])
local im = assert(tim.new{ sdkappid = 1400000000, key = "k", endpoint = endpoint, timeout = timeout,
                           deadline = deadline, retries = 0, ratelimit = false,
                           tls = cafile ~= "-" and { cafile = cafile } or nil,
                           transport_options = cap and { limits = { max_body_bytes = cap } } or nil })
-- a first call (to /ok on the same server) loads what every call needs (the transport, LuaSec, the CA file)
assert(tim.new{ sdkappid = 1400000000, key = "k", endpoint = endpoint:gsub("/[^/]*$", "/ok"), retries = 0,
                ratelimit = false, tls = cafile ~= "-" and { cafile = cafile } or nil }
       :call("group_open_http_svc/create_group", { Type = "Public", Name = "warm" }))
local function status(field)
    local f = assert(io.open("/proc/self/status"))
    local s = f:read("*a")
    f:close()
    return tonumber(s:match(field .. ":%s*(%d+)"))
end
collectgarbage()
collectgarbage()
local before = status("VmRSS")
local started = socket.gettime()
local _, err = im:call("group_open_http_svc/create_group", { Type = "Public", Name = "hostile" })
print(socket.gettime() - started, err and err.kind, err and tostring(err.in_doubt), err and err.attempts,
      (status("VmHWM") - before) * 1024, err and (tostring(err):gsub("%s", "_")))
]]

local function blocking(script, endpoint, cafile, cap, timeout, deadline)
    local code, out = shell.run(("%s %s %s %s %s %s %s"):format(LUA, shell.q(script), shell.q(endpoint),
                                                                shell.q(cafile or "-"), tostring(cap or "-"),
                                                                timeout or TIMEOUT, deadline or DEADLINE))
    assert.equal(0, code, out)
    local elapsed, kind, in_doubt, attempts, growth, message =
        out:match("^(%S+)%s+(%S+)%s+(%S+)%s+(%S+)%s+(%S+)%s+(%S+)")
    assert.truthy(elapsed, out)
    return { elapsed = tonumber(elapsed), err = { kind = kind, in_doubt = in_doubt == "true",
                                                   attempts = tonumber(attempts), message = message },
             growth = tonumber(growth) }
end

local function assert_timed_out(r)
    local err = r.err
    assert.is_table(err, "the call succeeded against an endless answer")
    assert.equal("timeout", err.kind, tostring(err.message or err))
    assert.is_true(err.in_doubt)             -- the request left: the service may have acted on it
    assert.equal(1, err.attempts)
    assert.is_true(r.elapsed < DEADLINE + SLACK, ("the call took %.2f s"):format(r.elapsed))
end

describe("a peer that keeps bytes coming #slow", function()
    local dir, c, plain, tls, script

    setup(function()
        dir = certs.tmpdir("lua-tim-hostile-loop")
        c = certs.make(dir)
        plain = hostile.start()
        tls = hostile.start{ tls = { cert = c.cert, key = c.key } }
        script = os.tmpname()
        shell.write(script, CHILD)
    end)

    teardown(function()
        if plain then plain.stop() end
        if tls then tls.stop() end
        if script then os.remove(script) end
        certs.rmdir(dir)
    end)

    local function endpoint(srv, path)
        return (srv.tls and "https" or "http") .. "://127.0.0.1:" .. srv.port .. path
    end

    for _, over in ipairs{ "plain", "TLS" } do
        local function srv() return over == "TLS" and tls or plain end
        local function cafile() return over == "TLS" and c.ca or nil end

        describe("on a loop (" .. over .. ")", function()
            for _, path in ipairs{ "/chunks1", "/chunks1_ext" } do
                it(path .. ": the call ends within its deadline as a timeout, and a heartbeat wakes on time",
                   function()
                    local r = on_loop(endpoint(srv(), path), cafile())
                    assert_timed_out(r)
                    assert.is_true(r.late < LATE, ("the heartbeat woke %.3f s late"):format(r.late))
                end)
            end

            it("/chunks1 under a 1 MiB body limit: the heap grows by about the body, not a slot per chunk",
               function()
                local r = on_loop(endpoint(srv(), "/chunks1"), cafile(), { timeout = 20, deadline = 20,
                                  transport_options = { limits = { max_body_bytes = CAP } } })
                assert.is_table(r.err)
                assert.matches("max_body_bytes", tostring(r.err))
                assert.is_true(r.growth < 2 * CAP + ALLOWANCE,
                               ("the heap grew by %.1f MiB"):format(r.growth / 1048576))
                assert.is_true(r.late < LATE, ("the heartbeat woke %.3f s late"):format(r.late))
            end)
        end)
    end

    describe("with the blocking transport (a child process)", function()
        for _, path in ipairs{ "/chunks1", "/chunks1_ext" } do
            it(path .. ": the call ends within its deadline as a timeout", function()
                assert_timed_out(blocking(script, endpoint(plain, path)))
            end)
        end

        for _, over in ipairs{ "plain", "TLS" } do
            it("/chunks1 under a 1 MiB body limit (" .. over .. "): resident memory grows by about the body",
               function()
                local srv = over == "TLS" and tls or plain
                local r = blocking(script, endpoint(srv, "/chunks1"), over == "TLS" and c.ca or nil, CAP, 20, 20)
                assert.matches("max_body_bytes", r.err.message)
                assert.is_true(r.growth < 2 * CAP + ALLOWANCE,
                               ("resident memory grew by %.1f MiB"):format(r.growth / 1048576))
            end)
        end
    end)
end)

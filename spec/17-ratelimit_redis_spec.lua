-- tim.ratelimit with Redis, in this process: a real redis-server on loopback, redis-lua connections, and small
-- servers that break Redis on purpose (one that never answers, keys of the wrong type, a flushed script cache).
local socket = require "socket"
local ratelimit = require "tim.client.ratelimit"
local rredis = require "tim.client.ratelimit.redis"
local fake = require "support.fake_transport"
local support = require "support.redis"
local nginx = require "support.nginx"

local REDIS = support.lib()

local function approx(expected, got, tolerance)
    return math.abs(expected - got) <= (tolerance or 0.05), ("expected ~%s, got %s"):format(expected, got)
end

local n_prefix = 0
local function fresh_prefix()
    n_prefix = n_prefix + 1
    return ("spec17:%d:%d:"):format(os.time(), n_prefix)
end

describe("tim.client.ratelimit with Redis", function()
    local srv, conn

    setup(function()
        srv = assert(support.start())
        conn = REDIS.connect{ host = "127.0.0.1", port = srv.port, timeout = 2 }
    end)

    teardown(function()
        if srv then srv:remove() end
    end)

    -- a limiter as tim.new builds it, on the spec's redis-lua connection unless opts.redis says otherwise
    local function limiter(classes, opts)
        local o = { redis = conn, prefix = fresh_prefix() }
        for k, v in pairs(opts or {}) do o[k] = v end
        assert.is_nil(ratelimit.check(o))
        local rl, err = ratelimit.from_options(o, { classes = classes, now = socket.gettime })
        assert(rl, err)
        return rl, o.prefix
    end

    it("has the script's SHA-1 as Redis computes it", function()
        assert.are.equal(rredis.SHA1, srv:cmd("SCRIPT", "LOAD", rredis.SCRIPT))
    end)

    it("shares one budget between limiters (as between hosts), on Redis's clock", function()
        local classes = { default = { rate = 2, burst = 2 } }
        local a, prefix = limiter(classes)
        local b = ratelimit.from_options({ redis = REDIS.connect{ host = "127.0.0.1", port = srv.port },
                                           prefix = prefix }, { classes = classes, now = socket.gettime })
        assert.are.equal(0, a:acquire("default", 1))
        assert.are.equal(0, b:acquire("default", 1))
        assert(approx(0.5, a:acquire("default", 1)))
        assert(approx(1.0, b:acquire("default", 1)))
        assert(approx(1.5, a:acquire("no_such_class", 1)))      -- unknown classes draw from "default"
    end)

    it("reserves nothing when the wait exceeds max_wait", function()
        local rl, prefix = limiter({ default = { rate = 1, burst = 1 } })
        assert.are.equal(0, rl:acquire("default", 1, 0))
        local before = srv:cmd("GET", prefix .. "{default}:s")
        local wait, needed = rl:acquire("default", 1, 0.5)
        assert.is_nil(wait)
        assert(approx(1, needed))
        assert.are.equal(before, srv:cmd("GET", prefix .. "{default}:s"))
        assert(approx(1, rl:acquire("default", 1, 5)))      -- the refusal took nothing
    end)

    it("charges a per-minute budget per item, and refuses with nothing charged on any of the budgets", function()
        local rl, prefix = limiter({ bsm = { rate = 200, burst = 200, per_minute = 12000 } })
        for _ = 1, 24 do
            assert.are.equal(0, rl:acquire("bsm", 500))
        end
        local s_before, m_before = srv:cmd("GET", prefix .. "{bsm}:s"), srv:cmd("GET", prefix .. "{bsm}:m")
        local wait, needed = rl:acquire("bsm", 500, 1)
        assert.is_nil(wait)
        assert.is_true(needed > 2 and needed <= 2.5, tostring(needed))
        assert.are.equal(s_before, srv:cmd("GET", prefix .. "{bsm}:s"))
        assert.are.equal(m_before, srv:cmd("GET", prefix .. "{bsm}:m"))
        wait = rl:acquire("bsm", 500)
        assert.is_true(wait > 2 and wait <= 2.5, tostring(wait))
    end)

    it("applies per-day budgets", function()
        local rl = limiter({ push = { rate = 1, burst = 1, per_day = 2 } })
        assert.are.equal(0, rl:acquire("push"))
        assert(approx(1, rl:acquire("push")))
        local wait, needed = rl:acquire("push", 1, 3600)
        assert.is_nil(wait)
        assert.is_true(needed > 43000 and needed <= 43200, tostring(needed))    -- 2 a day: one every 12 h
    end)

    it("sets every key with an expiry at its bucket's refill time, so idle keys disappear", function()
        local rl, prefix = limiter({ default = { rate = 20, burst = 2 },
                                     push = { rate = 1, burst = 1, per_day = 100 } })
        for _ = 1, 3 do
            assert(rl:acquire("default", 1))
        end
        assert(rl:acquire("push", 1))
        -- full bucket = no key: a default key lives at most burst x interval + the wait (0.1 s + 0.05 s)
        local ttl = srv:cmd("PTTL", prefix .. "{default}:s")
        assert.is_true(ttl > 0 and ttl <= 151, tostring(ttl))
        ttl = srv:cmd("PTTL", prefix .. "{push}:d")
        assert.is_true(ttl > 860000 and ttl <= 864001, tostring(ttl))     -- one call of 100 a day: 864 s
        ttl = srv:cmd("PTTL", prefix .. "{push}:s")
        assert.is_true(ttl > 0 and ttl <= 1001, tostring(ttl))
        socket.sleep(0.2)
        assert.is_false(srv:cmd("EXISTS", prefix .. "{default}:s"))
        local keys = srv:cmd("KEYS", prefix .. "*")
        table.sort(keys)
        assert.are.same({ prefix .. "{push}:d", prefix .. "{push}:s" }, keys)
    end)

    it("loads the script again with EVAL when Redis has forgotten it (NOSCRIPT)", function()
        local rl = limiter({ default = { rate = 100, burst = 100 } })
        srv:cmd("SCRIPT", "FLUSH")
        assert.are.same({ 0 }, srv:cmd("SCRIPT", "EXISTS", rredis.SHA1))
        assert.are.equal(0, rl:acquire("default", 1))
        assert.are.same({ 1 }, srv:cmd("SCRIPT", "EXISTS", rredis.SHA1))
    end)

    it("costs no Redis round trip for a class turned off, or when no time is left", function()
        local calls = 0
        local rl = limiter({ default = { rate = 1, burst = 1 }, search = false },
                           { redis = function() calls = calls + 1 return conn end })
        assert.are.equal(0, rl:acquire("search", 1))
        local wait, needed = rl:acquire("default", 1, -0.1)
        assert.is_nil(wait)
        assert.are.equal(0, needed)
        assert.are.equal(0, calls)
    end)

    it("takes a connection per acquisition from the function and gives it back healthy", function()
        local got, released = {}, {}
        local rl = limiter({ default = { rate = 100, burst = 100 } }, {
            redis = function(seconds)
                got[#got + 1] = seconds
                return conn
            end,
            release = function(c, healthy)
                released[#released + 1] = { c, healthy }
            end,
            timeout = 0.5,
        })
        for _ = 1, 3 do
            assert.are.equal(0, rl:acquire("default", 1, 10))
        end
        assert.are.equal(0, rl:acquire("default", 1, 0.1))
        assert.are.equal(4, #got)
        assert.are.same({ 0.5, 0.5, 0.5 }, { got[1], got[2], got[3] })     -- min(timeout, max_wait)
        assert(approx(0.1, got[4], 0.01))
        assert.are.equal(4, #released)
        for i = 1, 4 do
            assert.are.equal(conn, released[i][1])
            assert.is_true(released[i][2])
        end
    end)

    describe("when Redis fails", function()
        local function capture()
            local lines = {}
            return lines, function(msg) lines[#lines + 1] = msg end
        end

        -- a port nobody listens on: connection refused at once
        local function refused_port()
            return nginx.free_port()
        end

        local function refused(seconds)
            return REDIS.connect{ host = "127.0.0.1", port = refused_port(), timeout = seconds }
        end

        it("falls back to local buckets at rate / hosts and says so once", function()
            local lines, log = capture()
            local clock = fake.clock()
            local rl = ratelimit.from_options({ redis = refused, hosts = 4, log = log,
                                                default = { rate = 8, burst = 4 } },
                                              { classes = {}, now = clock.now })
            assert.are.equal(0, rl:acquire("default", 1))
            assert.are.equal(0.5, rl:acquire("default", 1))     -- 8/s over 4 hosts: 2/s, burst 1
            assert.are.equal(1.0, rl:acquire("default", 1))
            clock.time = clock.time + 5                         -- past `recheck`: Redis is asked again, fails
            for _ = 1, 20 do
                rl:acquire("default", 1)
            end
            assert.are.equal(1, #lines)
            assert.matches("Redis unavailable", lines[1], 1, true)
            assert.matches("connection refused", lines[1], 1, true)
            assert.matches("1/4", lines[1], 1, true)
        end)

        it("refuses with nil, nil, errmsg under fail = \"closed\", and the client sends nothing", function()
            local lines, log = capture()
            local rl = ratelimit.from_options({ redis = refused, fail = "closed", log = log },
                                              { classes = { default = { rate = 8, burst = 4 } }, now = socket.gettime })
            local wait, needed, err = rl:acquire("default", 1, 1)
            assert.is_nil(wait)
            assert.is_nil(needed)
            assert.matches("Redis", err, 1, true)
            assert.matches("connection refused", err, 1, true)
            assert.are.equal(1, #lines)
            assert.matches("refused", lines[1], 1, true)

            local im, t = fake.client({ now = socket.gettime, sleep = socket.sleep,
                                        ratelimit = { redis = refused, fail = "closed", log = log } })
            t:ok()
            local res, cerr = im.openim.sendmsg({ To_Account = "a" })
            assert.is_nil(res)
            assert.are.equal("ratelimit", cerr.kind)
            assert.is_true(cerr.retryable)
            assert.is_not_true(cerr.in_doubt)
            assert.are.equal(0, cerr.attempts)
            assert.are.equal(0, #t.requests)
            assert.matches("Redis", cerr.message, 1, true)
            assert.matches("Redis", tostring(cerr), 1, true)
        end)

        it("comes back to Redis once it answers, and says so", function()
            local lines, log = capture()
            local port = refused_port()
            local rl = ratelimit.from_options({
                redis = function(seconds)
                    return REDIS.connect{ host = "127.0.0.1", port = port, timeout = seconds }
                end,
                recheck = 0.05, log = log, prefix = fresh_prefix(),
            -- rate 1/s: the key Redis keeps for the acquisition lives a second (at 100/s it expired after 10 ms,
            -- before a loaded machine got to KEYS)
            }, { classes = { default = { rate = 1, burst = 100 } }, now = socket.gettime })
            assert.are.equal(0, rl:acquire("default", 1))
            local other = assert(support.start{ port = port })
            finally(function() other:remove() end)
            socket.sleep(0.06)
            assert.are.equal(0, rl:acquire("default", 1))
            assert.are.equal(2, #lines)
            assert.matches("answers again", lines[2], 1, true)
            assert.are.equal(1, #other:cmd("KEYS", "*"))
        end)

        it("bounds its Redis I/O by max_wait against a Redis that never answers", function()
            -- a listening socket that never accepts: the TCP handshake completes, no byte ever comes back
            local hole = assert(socket.bind("127.0.0.1", 0))
            finally(function() hole:close() end)
            local _, port = hole:getsockname()
            for _, fail in ipairs({ "open", "closed" }) do
                local stuck = REDIS.connect{ host = "127.0.0.1", port = tonumber(port) }
                local lines, log = capture()
                local rl = ratelimit.from_options({ redis = stuck, fail = fail, timeout = 30, log = log },
                                                  { classes = { default = { rate = 10, burst = 10 } },
                                                    now = socket.gettime })
                local t0 = socket.gettime()
                local wait, needed, err = rl:acquire("default", 1, 0.3)
                local elapsed = socket.gettime() - t0
                assert.is_true(elapsed < 0.3 + 0.1, tostring(elapsed))
                if fail == "open" then
                    assert.are.equal(0, wait)
                else
                    assert.is_nil(wait)
                    assert.is_nil(needed)
                    assert.matches("timeout", err, 1, true)
                end
                assert.are.equal(1, #lines)
            end
        end)

        it("keeps a call within its deadline against a Redis that never answers", function()
            local hole = assert(socket.bind("127.0.0.1", 0))
            finally(function() hole:close() end)
            local _, port = hole:getsockname()
            local function stuck(seconds)
                return REDIS.connect{ host = "127.0.0.1", port = tonumber(port), timeout = seconds }
            end
            local _, log = capture()
            local im, t = fake.client({ now = socket.gettime, sleep = socket.sleep, deadline = 0.5, timeout = 0.5,
                                        ratelimit = { redis = stuck, timeout = 30, log = log } })
            t:ok()
            local t0 = socket.gettime()
            local res, err = im.openim.sendmsg({ To_Account = "a" })
            local elapsed = socket.gettime() - t0
            assert.is_true(elapsed < 0.5 + 0.1, tostring(elapsed))
            -- fail open: Redis got at most half of what was left, the fallback bucket gave the token
            assert(res, err)
            assert.are.equal(1, #t.requests)
        end)

        it("never reads a late answer as the next one's: a timed-out connection is closed and released", function()
            local slow = REDIS.connect{ host = "127.0.0.1", port = srv.port }
            local released = {}
            local _, log = capture()
            local rl = ratelimit.from_options({
                redis = function() return slow end,
                release = function(c, healthy) released[#released + 1] = { c, healthy } end,
                timeout = 0.1, log = log, prefix = fresh_prefix(),
            }, { classes = { default = { rate = 10, burst = 10 } }, now = socket.gettime })
            srv:cmd("CLIENT", "PAUSE", "300", "ALL")     -- Redis holds every command for 0.3 s, then answers
            assert.are.equal(0, rl:acquire("default", 1, 1))      -- from the fallback, after 0.1 s
            assert.are.equal(1, #released)
            assert.are.equal(slow, released[1][1])
            assert.is_false(released[1][2])
            socket.sleep(0.35)
            local ok, perr = pcall(slow.ping, slow)
            assert.is_false(ok)
            assert.matches("closed", perr, 1, true)
        end)

        it("treats an error reply (a key of the wrong type) as a failure, keeping the connection", function()
            local lines, log = capture()
            local released = {}
            local prefix = fresh_prefix()
            srv:cmd("HSET", prefix .. "{default}:s", "f", "v")
            local rl = ratelimit.from_options({
                redis = function() return conn end,
                release = function(_, healthy) released[#released + 1] = healthy end,
                fail = "closed", log = log, prefix = prefix,
            }, { classes = { default = { rate = 10, burst = 10 } }, now = socket.gettime })
            local wait, needed, err = rl:acquire("default", 1, 1)
            assert.is_nil(wait)
            assert.is_nil(needed)
            assert.matches("WRONGTYPE", err, 1, true)
            assert.are.same({ true }, released)
            assert.matches("WRONGTYPE", lines[1], 1, true)
            assert.are.equal("PONG", conn:ping() and "PONG")    -- the connection still works
        end)

        it("survives a connection function that raises or returns nil, err", function()
            local lines, log = capture()
            local rl = ratelimit.from_options({ redis = function() error("boom in user code") end, log = log,
                                                recheck = 0.001 },
                                              { classes = { default = { rate = 10, burst = 10 } },
                                                now = socket.gettime })
            assert.are.equal(0, rl:acquire("default", 1))
            assert.matches("boom in user code", lines[1], 1, true)
            rl = ratelimit.from_options({ redis = function() return nil, "pool exhausted" end, log = log,
                                          fail = "closed" },
                                        { classes = { default = { rate = 10, burst = 10 } }, now = socket.gettime })
            local _, _, err = rl:acquire("default", 1)
            assert.matches("pool exhausted", err, 1, true)
        end)
    end)
end)

describe("tim.client.ratelimit.check on the Redis options", function()
    local conn_like = { eval = function() end, evalsha = function() end }

    it("accepts the documented shapes", function()
        assert.is_nil(ratelimit.check({ redis = conn_like, prefix = "x:", fail = "open", hosts = 3, timeout = 0.1,
                                        recheck = 2, log = print, default = { rate = 10 } }))
        assert.is_nil(ratelimit.check({ redis = function() end, release = function() end, fail = "closed" }))
        assert.is_nil(ratelimit.check({ hosts = 2, dict = "tim" }))
    end)

    it("names the option it refuses", function()
        local cases = {
            { { redis = "127.0.0.1" }, "opts.ratelimit.redis must be" },
            { { redis = { eval = function() end } }, "opts.ratelimit.redis must be" },
            { { redis = conn_like, release = function() end }, "opts.ratelimit.release needs" },
            { { redis = function() end, release = 1 }, "opts.ratelimit.release must be" },
            { { redis = conn_like, fail = "maybe" }, "opts.ratelimit.fail must be" },
            { { redis = conn_like, prefix = "" }, "opts.ratelimit.prefix must be" },
            { { redis = conn_like, timeout = 0 }, "opts.ratelimit.timeout must be" },
            { { redis = conn_like, recheck = -1 }, "opts.ratelimit.recheck must be" },
            { { redis = conn_like, log = "stderr" }, "opts.ratelimit.log must be" },
            { { hosts = 0 }, "opts.ratelimit.hosts must be" },
            { { hosts = 1.5 }, "opts.ratelimit.hosts must be" },
            { { fail = "closed" }, "opts.ratelimit.fail needs opts.ratelimit.redis" },
            { { prefix = "x" }, "opts.ratelimit.prefix needs opts.ratelimit.redis" },
        }
        for _, case in ipairs(cases) do
            local err = ratelimit.check(case[1])
            assert.is_string(err)
            assert.matches(case[2], err, 1, true)
        end
    end)

    it("turns a refused option into a usage error from tim.new", function()
        local tim = require "tim"
        local im, err = tim.new{ sdkappid = 1, key = "k", region = "sgp", ratelimit = { redis = conn_like, fail = 1 } }
        assert.is_nil(im)
        assert.are.equal("usage", err.kind)
        assert.matches("tim.new: opts.ratelimit.fail", err.message, 1, true)
    end)
end)

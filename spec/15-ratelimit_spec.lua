-- Client-side token buckets per rate class, on an injected clock.
local ratelimit = require "tim.client.ratelimit"
local api = require "tim.api"
local fake = require "support.fake_transport"

-- documented bodies (the client checks every request against its endpoint's record before sending):
-- portrait_get needs To_Account and TagList (1047/34917), user_search Keywords and Count (269/114547)
local function portrait_body() return { To_Account = { "a" }, TagList = { "Tag_Profile_IM_Nick" } } end
local function search_body() return { Keywords = { "a" }, Count = 10 } end

local function close(a, b)
    return math.abs(a - b) < 1e-9
end

local function limiter(classes, overrides, dict)
    local clock = fake.clock()
    local rl = ratelimit.new{ classes = classes, overrides = overrides, now = clock.now, dict = dict }
    return rl, clock
end

-- the part of ngx.shared.DICT the limiter uses
local function fake_dict()
    local d = { data = {} }
    function d:get(k) return self.data[k] end
    function d:set(k, v) self.data[k] = v return true end
    return d
end

describe("tim.client.ratelimit", function()
    it("lets a burst through, then spaces requests at the rate", function()
        local rl = limiter({ default = { rate = 2, burst = 2 } })
        assert.are.equal(0, rl:acquire("default", 1))
        assert.are.equal(0, rl:acquire("default", 1))
        assert.is_true(close(0.5, rl:acquire("default", 1)))
        assert.is_true(close(1.0, rl:acquire("default", 1)))
    end)

    it("refills tokens as the clock moves", function()
        local rl, clock = limiter({ default = { rate = 2, burst = 2 } })
        rl:acquire("default") rl:acquire("default")
        clock.time = clock.time + 1
        assert.are.equal(0, rl:acquire("default"))
        assert.are.equal(0, rl:acquire("default"))
        assert.is_true(rl:acquire("default") > 0)
    end)

    it("refuses without reserving when the wait exceeds max_wait", function()
        local rl = limiter({ default = { rate = 1, burst = 1 } })
        assert.are.equal(0, rl:acquire("default", 1, 0))
        local wait, needed = rl:acquire("default", 1, 0.5)
        assert.is_nil(wait)
        assert.is_true(close(1, needed))
        assert.is_true(close(1, rl:acquire("default", 1, 5)))    -- nothing was taken by the refusal
    end)

    it("charges per-minute budgets per item", function()
        local rl, clock = limiter({ bsm = { rate = 200, burst = 200, per_minute = 12000 } })
        for _ = 1, 24 do
            assert.are.equal(0, rl:acquire("bsm", 500))
            clock.time = clock.time + 0.01
        end
        local wait = rl:acquire("bsm", 500)
        assert.is_true(wait > 2 and wait <= 2.5, tostring(wait))
    end)

    it("applies per-day budgets", function()
        local rl, clock = limiter({ push = { rate = 1, burst = 1, per_day = 2 } })
        assert.are.equal(0, rl:acquire("push"))
        clock.time = clock.time + 1
        assert.are.equal(0, rl:acquire("push"))
        clock.time = clock.time + 1
        local wait = rl:acquire("push", 1, 3600)
        assert.is_nil(wait)
    end)

    it("merges overrides over the catalogue's classes and turns a class off with false", function()
        local rl = limiter({ default = { rate = 200, burst = 200 }, search = { rate = 2, burst = 2 } },
                           { default = { burst = 1 }, search = false })
        assert.are.equal(0, rl:acquire("default"))
        assert.is_true(rl:acquire("default") > 0)
        for _ = 1, 50 do
            assert.are.equal(0, rl:acquire("search"))
        end
    end)

    it("uses the default class for classes it does not know", function()
        local rl = limiter({ default = { rate = 1, burst = 1 } })
        assert.are.equal(0, rl:acquire("no_such_class"))
        assert.is_true(rl:acquire("no_such_class") > 0)
    end)

    it("shares state through a shared dict", function()
        local dict = fake_dict()
        local classes = { default = { rate = 1, burst = 1 } }
        local a = limiter(classes, nil, dict)
        local b = limiter(classes, nil, dict)
        assert.are.equal(0, a:acquire("default"))
        assert.is_true(b:acquire("default") > 0)
    end)

    it("reserves nothing on any budget of a class when one of them refuses", function()
        local rl, clock = limiter({ bsm = { rate = 10, burst = 10, per_minute = 60 } })
        assert.are.equal(0, rl:acquire("bsm", 60))
        assert.is_nil(rl:acquire("bsm", 1, 0.5))      -- the per-minute budget refuses (1 s needed)
        assert.is_nil(rl:acquire("bsm", 1, 0.5))
        clock.time = clock.time + 0.1
        -- had the refusals been charged to the per-second budget (10/s, burst 10) this would still be 0:
        -- so check the per-minute one, which alone would show a leak: one item a second, 0.9 s left
        assert.is_true(close(0.9, rl:acquire("bsm", 1, 5)))
    end)

    it("validates overrides, naming the option", function()
        assert.is_nil(ratelimit.check(nil))
        assert.is_nil(ratelimit.check(false))
        assert.is_nil(ratelimit.check({ default = { rate = 10 }, search = false, dict = "tim" }))
        assert.matches("opts.ratelimit must be", ratelimit.check("fast"))
        assert.matches("opts.ratelimit.default.rate", ratelimit.check({ default = { rate = 0 } }))
        assert.matches("opts.ratelimit.dict", ratelimit.check({ dict = 5 }))
    end)
end)

describe("tim.client.ratelimit.from_options", function()
    local classes = { default = { rate = 200, burst = 200 }, push = { rate = 1, burst = 1, per_day = 100 } }

    -- runs f with a fake OpenResty whose nginx has `workers` workers (and these shared dicts)
    local function in_openresty(workers, dicts, f)
        local saved = rawget(_G, "ngx")
        rawset(_G, "ngx", { worker = { count = function() return workers end }, shared = dicts or {} })
        local ok, err = pcall(f)
        rawset(_G, "ngx", saved)
        assert(ok, err)
    end

    local function build(o)
        local clock = fake.clock()
        local rl, err = ratelimit.from_options(o, { classes = classes, now = clock.now, prefix = "p:" })
        return rl, err, clock
    end

    -- how many requests of `class` pass at once, and the spacing after them
    local function near(a, b)
        return math.abs(a - b) < 1e-6      -- timestamps near 1.7e9 s carry ~2e-7 s of rounding
    end

    local function shape(rl, class)
        local n = 0
        while rl:acquire(class, 1) == 0 do
            n = n + 1
            assert(n < 1000)
        end
        local a = rl:acquire(class, 1)
        return n, rl:acquire(class, 1) - a
    end

    it("returns no limiter for false, and the option's error for a bad value", function()
        local rl, err = build(false)
        assert.is_nil(rl)
        assert.is_nil(err)
        rl, err = build({ default = { rate = -1 } })
        assert.is_nil(rl)
        assert.matches("opts.ratelimit.default.rate", err, 1, true)
        rl, err = build({ dict = "tim" })       -- not in OpenResty: there are no shared dicts
        assert.is_nil(rl)
        assert.matches("no lua_shared_dict named tim", err, 1, true)
    end)

    it("gives the whole rate to one process outside OpenResty", function()
        local n, spacing = shape(build(nil), "default")
        assert.are.equal(200, n)
        assert.is_true(near(1 / 200, spacing))
    end)

    it("divides the rate by ngx.worker.count() in OpenResty without a shared dict", function()
        in_openresty(4, nil, function()
            local rl, err = build(nil)
            assert(rl, err)
            local n, spacing = shape(rl, "default")
            assert.are.equal(50, n)
            assert.is_true(near(4 / 200, spacing))
        end)
    end)

    it("keeps the whole rate in a shared dict, which the workers share", function()
        in_openresty(4, { tim = fake_dict() }, function()
            local n, spacing = shape(assert(build({ dict = "tim" })), "default")
            assert.are.equal(200, n)
            assert.is_true(near(1 / 200, spacing))
        end)
    end)

    it("divides by hosts too, and never lets a burst drop below one request", function()
        in_openresty(2, nil, function()
            local rl = assert(build({ hosts = 2 }))
            local n, spacing = shape(rl, "default")
            assert.are.equal(50, n)
            assert.is_true(near(4 / 200, spacing))
            -- push: 1/s over 4 shares is one call every 4 s, yet the first call goes at once
            local n_push = shape(rl, "push")
            assert.are.equal(1, n_push)
        end)
    end)
end)

describe("the client's rate limits", function()
    it("wait for a token when it comes before the deadline", function()
        local im, t, clock = fake.client({ ratelimit = { default = { rate = 1, burst = 1 } } })
        t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        assert(im.openim.sendmsg({}))
        assert.are.equal(1, #clock.sleeps)
        assert.is_true(close(1, clock.sleeps[1]))
        assert.are.equal(2, #t.requests)
    end)

    it("keep a budget per endpoint: the service limits each API on its own (\"200 calls/s\" per API)", function()
        local im, t, clock = fake.client({ ratelimit = { default = { rate = 1, burst = 1 } } })
        t:ok() t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        assert(im.profile.portrait_get(portrait_body()))          -- another API of the same class: its own token
        assert.are.equal(0, #clock.sleeps)
        assert(im.openim.sendmsg({}))                -- the same API again: waits for its next token
        assert.are.equal(1, #clock.sleeps)
        assert.is_true(close(1, clock.sleeps[1]))
    end)

    it("never start an attempt the deadline cannot finish: a wait must leave min(timeout, 1 s) for it", function()
        local im, t, clock = fake.client({ ratelimit = { default = { rate = 1, burst = 1 } }, deadline = 1.5,
                                           timeout = 5 })
        t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        -- the next token comes in 1 s; the deadline leaves 1.5 s, less the 1 s an attempt needs: refused now
        local _, err = im.openim.sendmsg({})
        assert.are.equal("ratelimit", err.kind)
        assert.is_false(err.in_doubt)
        assert.are.equal(0, #clock.sleeps)
        assert.are.equal(1, #t.requests)
        assert.matches("leaves", err.message)
    end)

    it("fail with kind ratelimit, without sending, when the token comes after the deadline", function()
        local im, t = fake.client({ ratelimit = { default = { rate = 1, burst = 1 } }, deadline = 0.5 })
        t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        local res, err = im.openim.sendmsg({})
        assert.is_nil(res)
        assert.are.equal("ratelimit", err.kind)
        assert.are.equal(0, err.attempts)
        assert.is_true(err.retryable)
        assert.are.equal(1, #t.requests)
    end)

    it("use the catalogue's classes by default (cloud search: 2/s)", function()
        assert.are.equal("search", api.lookup("user_search", "search").rate)
        local im, t, clock = fake.client({ ratelimit = {} })
        for _ = 1, 3 do
            t:ok()
            assert(im.user_search.search(search_body()))
        end
        assert.are.equal(1, #clock.sleeps)
        assert.is_true(close(0.5, clock.sleeps[1]))
    end)

    it("charge batchsendmsg's per-minute budget per recipient", function()
        local im, t, clock = fake.client({ ratelimit = { batchsendmsg = { per_minute = 10 } } })
        t:ok() t:ok()
        local to = {}
        for i = 1, 10 do to[i] = "u" .. i end
        assert(im.openim.batchsendmsg({ To_Account = to }))
        assert.are.equal(0, #clock.sleeps)
        assert(im.openim.batchsendmsg({ To_Account = { "x" } }))
        assert.are.equal(1, #clock.sleeps)
        assert.is_true(close(6, clock.sleeps[1]))
    end)

    it("are off with ratelimit = false", function()
        local im, t, clock = fake.client({ ratelimit = false })
        for _ = 1, 10 do
            t:ok()
            assert(im.user_search.search(search_body()))
        end
        assert.are.equal(0, #clock.sleeps)
    end)

    it("give each OpenResty worker its share of the rate", function()
        local saved = rawget(_G, "ngx")
        rawset(_G, "ngx", { worker = { count = function() return 2 end } })
        local ok, im, t, clock = pcall(fake.client, { ratelimit = { search = { rate = 4, burst = 4 } } })
        rawset(_G, "ngx", saved)
        assert(ok, im)
        for _ = 1, 3 do
            t:ok()
            assert(im.user_search.search(search_body()))
        end
        assert.are.equal(1, #clock.sleeps)
        assert.is_true(close(0.5, clock.sleeps[1]))     -- 4/s over 2 workers: burst 2, then one every 0.5 s
    end)

    it("consume no token for a call refused for its deadline", function()
        local im, t, clock = fake.client({ ratelimit = { default = { rate = 1, burst = 1 } }, deadline = 0.5 })
        t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        for _ = 1, 5 do
            local res, err = im.openim.sendmsg({})
            assert.is_nil(res)
            assert.are.equal("ratelimit", err.kind)
        end
        clock.time = clock.time + 1
        assert(im.openim.sendmsg({}))      -- five refusals later, the next token still comes on time
        assert.are.equal(0, #clock.sleeps)
        assert.are.equal(2, #t.requests)
    end)

    it("refuse a shared dict that does not exist", function()
        local tim = require "tim"
        local saved = rawget(_G, "ngx")
        rawset(_G, "ngx", { shared = {} })
        local ok, im, err = pcall(tim.new, { sdkappid = 1, key = "k", region = "sgp", ratelimit = { dict = "nope" },
                                             now = os.time, sleep = function() end })
        rawset(_G, "ngx", saved)
        assert.is_true(ok)
        assert.is_nil(im)
        assert.matches("opts.ratelimit.dict", err.message, 1, true)
    end)
end)

-- The admin UserSig cache: made once, renewed before it expires, regenerated on demand, never shown.
local tim = require "tim"
local usersig = require "tim.client.usersig"
local fake = require "support.fake_transport"

local KEY = fake.KEY
local DAY = 86400

local function counting_signer()
    local s = { n = 0 }
    s.sign = function(sdkappid, key, identifier, expire, _, now)
        s.n = s.n + 1
        return table.concat({ "sig", sdkappid, key:sub(1, 2), identifier, expire, now, s.n }, ":")
    end
    return s
end

describe("tim.client.usersig cache", function()
    it("signs once and hands out the same sig until less than a day is left", function()
        local clock = fake.clock()
        local s = counting_signer()
        local cache = usersig.new{ sdkappid = 1, key = KEY, identifier = "administrator", expire = 7 * DAY,
                                   now = clock.now, sign = s.sign }
        local first = assert(cache:get())
        for _ = 1, 100 do
            assert.are.equal(first, cache:get())
        end
        clock.time = clock.time + 6 * DAY - 1
        assert.are.equal(first, cache:get())
        assert.are.equal(1, s.n)
        clock.time = clock.time + 2
        local second = assert(cache:get())
        assert.are_not.equal(first, second)
        assert.are.equal(2, s.n)
    end)

    it("signs with the clock's time and the configured lifetime", function()
        local clock = fake.clock(1700000123)
        local s = counting_signer()
        local cache = usersig.new{ sdkappid = 1, key = KEY, identifier = "ops", expire = 3600,
                                   now = clock.now, sign = s.sign }
        assert.are.equal("sig:1:5b:ops:3600:1700000123:1", cache:get())
        -- a short lifetime is renewed at half-life, not on every call
        clock.time = clock.time + 1799
        cache:get()
        assert.are.equal(1, s.n)
        clock.time = clock.time + 2
        cache:get()
        assert.are.equal(2, s.n)
    end)

    it("makes a new sig after invalidate()", function()
        local s = counting_signer()
        local cache = usersig.new{ sdkappid = 1, key = KEY, identifier = "a", now = fake.clock().now, sign = s.sign }
        cache:get()
        cache:invalidate()
        cache:get()
        assert.are.equal(2, s.n)
    end)

    it("keeps a provider's sig until it nears expires_at", function()
        local clock = fake.clock()
        local n = 0
        local cache = usersig.new{ identifier = "a", now = clock.now, provider = function()
            n = n + 1
            return "p" .. n, clock.time + 2 * DAY
        end }
        assert.are.equal("p1", cache:get())
        clock.time = clock.time + DAY - 1
        assert.are.equal("p1", cache:get())
        clock.time = clock.time + 2
        assert.are.equal("p2", cache:get())
    end)

    it("reports a provider that fails or returns nothing", function()
        for _, provider in ipairs({ function() error("boom") end, function() return nil end,
                                    function() return "s", "tomorrow" end }) do
            local cache = usersig.new{ identifier = "a", now = fake.clock().now, provider = provider }
            local sig, err = cache:get()
            assert.is_nil(sig)
            assert.is_string(err)
        end
    end)

    it("does not show the key or the sig in tostring", function()
        local cache = usersig.new{ sdkappid = 1, key = KEY, identifier = "a", now = fake.clock().now,
                                   sign = counting_signer().sign }
        local sig = cache:get()
        local s = tostring(cache)
        assert.is_nil(s:find(KEY, 1, true))
        assert.is_nil(s:find(sig, 1, true))
    end)
end)

describe("the client's admin sig", function()
    it("is one real sig for many calls, renewed when it nears expiry", function()
        local im, t, clock = fake.client()
        for _ = 1, 5 do
            t:ok()
            assert(im.openim.sendmsg({}))
            clock.time = clock.time + 3600
        end
        local sig = t:query(1).usersig
        for i = 2, 5 do
            assert.are.equal(sig, t:query(i).usersig)
        end
        local fields = assert(tim.verify(sig, fake.SDKAPPID, KEY, "administrator", clock.time))
        assert.are.equal(7 * DAY, fields.expire)

        clock.time = clock.time + 6 * DAY
        t:ok()
        assert(im.openim.sendmsg({}))
        local renewed = t:query(6).usersig
        assert.are_not.equal(sig, renewed)
        assert(tim.verify(renewed, fake.SDKAPPID, KEY, "administrator", clock.time + 5 * DAY))
    end)

    it("follows opts.usersig_expire", function()
        local im, t, clock = fake.client({ usersig_expire = 2 * DAY })
        t:ok()
        assert(im.openim.sendmsg({}))
        local fields = assert(tim.verify(t:query(1).usersig, fake.SDKAPPID, KEY, "administrator", clock.time))
        assert.are.equal(2 * DAY, fields.expire)
    end)

    it("is not regenerated after 70001 while our clock says it is valid: the clocks differ, and the error says so",
       function()
        local im, t, clock = fake.client()
        t:ok()
        assert(im.openim.sendmsg({}))
        clock.time = clock.time + 10
        t:api(70001) t:ok()
        local _, err = im.openim.sendmsg({})
        assert.are.equal(70001, err.code)
        assert.matches("the service's clock differs from ours", err.message)
        assert.are.equal(2, #t.requests)       -- no pointless resend
        assert.are.equal(t:query(1).usersig, t:query(2).usersig)
    end)

    it("is regenerated after 70003 (unparsable), and the new one is sent", function()
        local im, t, clock = fake.client()
        t:ok()
        assert(im.openim.sendmsg({}))
        clock.time = clock.time + 10
        t:api(70003) t:ok()
        assert(im.openim.sendmsg({}))
        assert.are.equal(t:query(1).usersig, t:query(2).usersig)
        assert.are_not.equal(t:query(2).usersig, t:query(3).usersig)
    end)
end)

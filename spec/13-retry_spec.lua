-- Retries by class, backoff inside the deadline, dedup keys, UserSig recovery.
local fake = require "support.fake_transport"

-- commands by their catalogue traits (spec/05 proves the catalogue; these are the traits relied on here)
local PLAIN = "group_open_http_svc/create_group"      -- neither idempotent nor deduplicated
local IDEMPOTENT = "profile/portrait_get"
-- a documented portrait_get body (1047/34917: To_Account and TagList, both required), fresh for every call
local function portrait_body()
    return { To_Account = { "a" }, TagList = { "Tag_Profile_IM_Nick" } }
end
local DEDUP = "openim/sendmsg"                        -- dedup = MsgRandom, MsgSeq

describe("retries", function()
    it("retry rate-limit codes even for a command that is not idempotent", function()
        for _, code in ipairs({ 60007, 60011, 60018, 60019 }) do
            local im, t = fake.client()
            t:api(code, "too many requests")
            t:ok({ GroupId = "g1" })
            local res = assert(im:call(PLAIN, { Type = "Public", Name = "n" }))
            assert.are.equal("g1", res.GroupId)
            assert.are.equal(2, #t.requests)
        end
    end)

    it("stop after opts.retries retries and report every attempt", function()
        local im, t, clock = fake.client({ retries = 2 })
        t:api(60007) t:api(60007) t:api(60007) t:ok()
        local res, err = im:call(PLAIN, {})
        assert.is_nil(res)
        assert.are.equal("api", err.kind)
        assert.are.equal(60007, err.code)
        assert.are.equal(3, err.attempts)
        assert.is_true(err.retryable)
        assert.are.equal(3, #t.requests)
        assert.are.equal(2, #clock.sleeps)
    end)

    it("back off exponentially with full jitter", function()
        local im, t, clock = fake.client({ retries = 3 })
        t:api(60007) t:api(60007) t:api(60007) t:ok()
        assert(im:call(PLAIN, {}))
        assert.are.equal(3, #clock.sleeps)
        for i, cap in ipairs({ 0.2, 0.4, 0.8 }) do
            assert.is_true(clock.sleeps[i] >= 0 and clock.sleeps[i] <= cap, tostring(clock.sleeps[i]))
        end
    end)

    it("follow a per-call retries option", function()
        local im, t = fake.client({ retries = 5 })
        t:api(60007) t:api(60007)
        local _, err = im:call(PLAIN, {}, { retries = 0 })
        assert.are.equal(1, err.attempts)
        assert.are.equal(1, #t.requests)
    end)

    it("resend any command when the transport says nothing was sent", function()
        local im, t = fake.client()
        t:fail("network", false, "connection refused")
        t:ok({ GroupId = "g" })
        assert(im:call(PLAIN, {}))
        assert.are.equal(2, #t.requests)
    end)

    it("never resend a command that is not idempotent after it may have been processed", function()
        local cases = {
            function(t) t:fail("timeout", true) end,
            function(t) t:fail("network", true, "connection reset") end,
            function(t) t:status(502) end,
            function(t) t:raw(200, "garbage") end,
            function(t) t:api(60008, "service timeout") end,
            function(t) t:api(10002, "internal error") end,
        }
        for i, script in ipairs(cases) do
            local im, t = fake.client()
            script(t)
            t:ok()
            local res, err = im:call(PLAIN, {})
            assert.is_nil(res, "case " .. i)
            assert.are.equal(1, err.attempts, "case " .. i)
            assert.is_false(err.retryable, "case " .. i)
            assert.are.equal(1, #t.requests, "case " .. i)
        end
    end)

    it("resend idempotent commands after timeouts, 5xx, network and transient codes", function()
        local cases = {
            function(t) t:fail("timeout", true) end,
            function(t) t:fail("network", true) end,
            function(t) t:status(503) end,
            function(t) t:api(20004) end,
        }
        for i, script in ipairs(cases) do
            local im, t = fake.client()
            script(t)
            t:ok({ UserProfileItem = {} })
            assert(im:call(IDEMPOTENT, portrait_body()), "case " .. i)
            assert.are.equal(2, #t.requests, "case " .. i)
        end
    end)

    it("let opts.idempotent = true make a plain command resendable", function()
        local im, t = fake.client()
        t:fail("timeout", true)
        t:ok()
        assert(im:call(PLAIN, {}, { idempotent = true }))
        assert.are.equal(2, #t.requests)
    end)

    it("never retry TLS failures or fatal codes", function()
        local im, t = fake.client()
        t:fail("tls", false, "certificate verify failed")
        local _, err = im:call(IDEMPOTENT, portrait_body())
        assert.are.equal("tls", err.kind)
        assert.are.equal(1, #t.requests)
        im, t = fake.client()
        t:api(70107)
        _, err = im:call(IDEMPOTENT, portrait_body())
        assert.are.equal(1, #t.requests)
        assert.is_false(err.retryable)
    end)

    it("end with the error instead of throwing when the context cannot sleep", function()
        local im, t = fake.client({ sleep = function() error("API disabled in this context") end })
        t:api(60007) t:ok()
        local ok, res, err = pcall(im.openim.sendmsg, {})
        assert.is_true(ok)
        assert.is_nil(res)
        assert.are.equal(60007, err.code)
        assert.are.equal(1, #t.requests)

        im, t = fake.client({ sleep = function() error("API disabled in this context") end,
                              ratelimit = { default = { rate = 1, burst = 1 } } })
        t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        ok, res, err = pcall(im.openim.sendmsg, {})
        assert.is_true(ok)
        assert.is_nil(res)
        assert.are.equal("ratelimit", err.kind)
        assert.are.equal(1, #t.requests)
    end)

    it("keep the URL random of a logical call across its retries", function()
        local im, t = fake.client()
        t:api(60007) t:fail("timeout", true) t:ok()
        assert(im:call(DEDUP, { To_Account = "b" }))
        assert.are.equal(3, #t.requests)
        local r = t:query(1).random
        assert.are.equal(r, t:query(2).random)
        assert.are.equal(r, t:query(3).random)
    end)

    it("stay inside the deadline: the per-attempt timeout shrinks and the call ends when time is up", function()
        local im, t, clock = fake.client({ timeout = 6, deadline = 10, retries = 5 })
        for _ = 1, 6 do
            t:push(function(req)
                clock.time = clock.time + req.timeout
                return nil, { kind = "timeout", sent = true, message = "read timed out" }
            end)
        end
        local start = clock.time
        local _, err = im:call(IDEMPOTENT, portrait_body())
        assert.are.equal("timeout", err.kind)
        assert.are.equal(2, err.attempts)
        assert.are.equal(6, t.requests[1].timeout)
        assert.is_true(t.requests[2].timeout <= 4)
        assert.is_true(clock.time - start <= 10 + 1e-9)
    end)
end)

describe("dedup keys", function()
    it("are filled once before the first attempt and kept on every retry", function()
        local im, t = fake.client()
        t:fail("timeout", true) t:status(502) t:ok()
        local body = { From_Account = "a", To_Account = "b" }
        assert(im:call(DEDUP, body))
        assert.are.equal(3, #t.requests)
        local first = t:body(1)
        assert.is_number(first.MsgRandom)
        assert.is_true(first.MsgRandom >= 0 and first.MsgRandom <= 4294967295)
        assert.is_number(first.MsgSeq)
        for i = 2, 3 do
            assert.are.equal(t.requests[1].body, t.requests[i].body)
        end
    end)

    it("do not touch the caller's table, so sending it again is a new message", function()
        local im, t = fake.client()
        t:ok() t:ok()
        local body = { To_Account = "b" }
        assert(im.openim.sendmsg(body))
        assert.is_nil(body.MsgRandom)
        assert(im.openim.sendmsg(body))
        assert.are_not.equal(t:body(1).MsgRandom, t:body(2).MsgRandom)
    end)

    it("never overwrite a value the caller gave", function()
        local im, t = fake.client()
        t:fail("timeout", true) t:ok()
        assert(im.openim.sendmsg({ To_Account = "b", MsgRandom = 7, MsgSeq = 9 }))
        for i = 1, 2 do
            assert.are.equal(7, t:body(i).MsgRandom)
            assert.are.equal(9, t:body(i).MsgSeq)
        end
    end)

    it("are written at the end of the body's object, after the caller's members, with or without a body", function()
        local im, t = fake.client()
        t:ok() t:ok() t:ok() t:ok()
        assert(im.openim.sendmsg({ To_Account = "b" }))
        assert.matches('^{"To_Account":"b","MsgRandom":%d+,"MsgSeq":%d+}$', t.requests[1].body)
        assert(im.openim.sendmsg({ To_Account = "b", MsgRandom = 7 }))
        local text = t.requests[2].body
        assert.matches(',"MsgSeq":%d+}$', text)
        assert.are.equal(1, select(2, text:gsub('"MsgRandom":', "")))
        assert(im:call(DEDUP, nil, { validate = false }))
        assert.matches('^{"MsgRandom":%d+,"MsgSeq":%d+}$', t.requests[3].body)
        assert(im:call(DEDUP, { 1, 2 }, { validate = false }))       -- not an object: nothing to add to
        assert.are.equal("[1,2]", t.requests[4].body)
    end)

    it("fill Random for group sends", function()
        local im, t = fake.client()
        t:ok()
        assert(im.group_open_http_svc.send_group_msg({ GroupId = "g" }))
        assert.is_number(t:body(1).Random)
    end)
end)

describe("required random fields (fill)", function()
    it("are filled for batchsendmsg, which is still never resent after it may have been processed", function()
        local im, t = fake.client()
        t:fail("timeout", true) t:ok()
        local res, err = im.openim.batchsendmsg({ To_Account = { "a", "b" } })
        assert.is_nil(res)
        assert.are.equal("timeout", err.kind)
        assert.are.equal(1, #t.requests)
        local sent = t:body(1).MsgRandom
        assert.is_number(sent)
        assert.is_true(sent >= 0 and sent <= 4294967295)
    end)
end)

describe("UserSig recovery", function()
    it("regenerates the sig once after 70001 and succeeds, without using a retry", function()
        local calls = 0
        local im, t = fake.client({ key = false, retries = 0, usersig = function()
            calls = calls + 1
            return "sig-" .. calls, nil
        end })
        t:api(70001, "usersig expired") t:ok()
        assert(im:call(PLAIN, {}))
        assert.are.equal(2, calls)
        assert.are.equal("sig-1", t:query(1).usersig)
        assert.are.equal("sig-2", t:query(2).usersig)
    end)

    it("does not renew the sig for 10008 on the robot pages, where it means an invalid request", function()
        local calls = 0
        local im, t = fake.client({ key = false, usersig = function()
            calls = calls + 1
            return "sig-" .. calls, nil
        end })
        t:api(10008, "invalid request") t:ok()
        local res, err = im.openim_robot_http_svc.get_all_robots({})
        assert.is_nil(res)
        assert.same({ 10008, 1, 1, false }, { err.code, err.attempts, #t.requests, err.retryable })
        assert.are.equal(1, calls)
        assert.matches("not a signature problem", tostring(err), 1, true)
    end)

    it("gives up after one regeneration when the sig is refused again", function()
        local im, t, clock = fake.client()
        -- the clock moves on, so the regenerated sig differs from the refused one
        t:push(function() clock.time = clock.time + 2; return { status = 200,
               body = '{"ActionStatus":"FAIL","ErrorCode":70003,"ErrorInfo":""}' } end)
        t:api(70003) t:ok()
        local _, err = im:call(PLAIN, {})
        assert.are.equal(70003, err.code)
        assert.are.equal(2, err.attempts)
        assert.are.equal(2, #t.requests)
        assert.are_not.equal(t:query(1).usersig, t:query(2).usersig)
        assert.is_false(err.in_doubt)
    end)

    it("does not resend a regenerated sig that is byte-identical to the refused one", function()
        local im, t = fake.client()              -- the fake clock stands still: the same second, the same sig
        t:api(70003) t:ok()
        local _, err = im:call(PLAIN, {})
        assert.are.equal(70003, err.code)
        assert.are.equal(1, #t.requests)
        assert.matches("a new UserSig would be the same as the refused one", err.message)
    end)

    it("says the service's clock differs when it calls a sig expired that our clock says is valid", function()
        local im, t = fake.client()
        t:api(70001, "usersig expired") t:ok()
        local _, err = im:call(PLAIN, {})
        assert.are.equal(70001, err.code)
        assert.are.equal(1, #t.requests)
        assert.matches("the service's clock differs from ours", err.message)
        assert.is_false(err.retryable)
        assert.is_false(err.in_doubt)
    end)

    it("does not regenerate for a sig error that is not recoverable (70009)", function()
        local calls = 0
        local im, t = fake.client({ key = false, usersig = function()
            calls = calls + 1
            return "sig", nil
        end })
        t:api(70009) t:ok()
        local _, err = im:call(PLAIN, {})
        assert.are.equal(70009, err.code)
        assert.are.equal(1, calls)
        assert.are.equal(1, #t.requests)
    end)
end)

-- The call pipeline: URL, headers, body, results, every error kind, hooks, secrets.
local tim = require "tim"
local json = require "tim.json"
local fake = require "support.fake_transport"

local KEY = fake.KEY

-- every string an error or a hook payload can show
local function texts_of(v, out, seen)
    out, seen = out or {}, seen or {}
    if type(v) == "string" then
        out[#out + 1] = v
    elseif type(v) == "table" and not seen[v] then
        seen[v] = true
        for k, x in pairs(v) do
            texts_of(k, out, seen)
            texts_of(x, out, seen)
        end
        if getmetatable(v) and getmetatable(v).__tostring then
            out[#out + 1] = tostring(v)
        end
    end
    return out
end

local function assert_no_secret(v, sig)
    for _, s in ipairs(texts_of(v)) do
        assert.is_nil(s:find(KEY, 1, true), "the key leaked: " .. s)
        if sig then
            assert.is_nil(s:find(sig, 1, true), "the sig leaked: " .. s)
            assert.is_nil(s:find(sig:sub(1, 40), 1, true), "part of the sig leaked: " .. s)
        end
    end
end

describe("a call", function()
    it("POSTs JSON to /v4/<service>/<command> with the documented query", function()
        local im, t, clock = fake.client()
        t:ok({ MsgTime = 1700000000, MsgKey = "k" })
        local res = assert(im.openim.sendmsg({ From_Account = "a", To_Account = "b" }))
        assert.are.equal("k", res.MsgKey)
        local req = t.requests[1]
        assert.are.equal("POST", req.method)
        assert.are.equal("im.example.test", req.host)
        assert.are.equal("application/json", req.headers["Content-Type"])
        -- the documented parameters; random last, so that the per-call part ends the string (see tim.call: LuaJIT
        -- hashes long strings by their first and last bytes)
        assert.matches("^/v4/openim/sendmsg%?sdkappid=1400000000&identifier=administrator&usersig=[^&]+"
                       .. "&contenttype=json&random=%d+$", req.path)
        local q = t:query(1)
        local sig = assert(tim.verify(q.usersig, 1400000000, KEY, "administrator", clock.time))
        assert.are.equal("administrator", sig.identifier)
        local r = tonumber(q.random)
        assert.is_true(r >= 0 and r <= 4294967295)
        local body = t:body(1)
        assert.are.equal("a", body.From_Account)
    end)

    it("sends {} when no body is given", function()
        local im, t = fake.client()
        t:ok()
        assert(im.openconfigsvr.getappinfo())
        assert.are.equal("{}", t.requests[1].body)
    end)

    it("sends a string body as given", function()
        local im, t = fake.client()
        t:ok()
        assert(im.openim.querystate('{"To_Account":["a"]}'))
        assert.are.equal('{"To_Account":["a"]}', t.requests[1].body)
    end)

    it("encodes empty arrays, big integers and unicode in the body", function()
        local im, t = fake.client()
        t:ok()
        local big = math.type and math.maxinteger or 2 ^ 53
        assert(im.profile.portrait_set({ From_Account = "ü世😀", ProfileItem = tim.array({}), Big = big },
                                       { validate = false }))     -- Big is not a documented field
        local text = t.requests[1].body
        assert.matches('"ProfileItem":[]', text, 1, true)
        assert.matches('"From_Account":"ü世😀"', text, 1, true)
        assert.matches('"Big":' .. (math.type and "9223372036854775807" or "9007199254740992"), text, 1, true)
    end)

    it("uses the admin given in the options", function()
        local im, t = fake.client({ admin = "ops" })
        t:ok()
        assert(im.openim.sendmsg({}))
        assert.are.equal("ops", t:query(1).identifier)
    end)

    it("draws a fresh URL random per call and pins it with opts.random", function()
        local im, t = fake.client()
        t:ok() t:ok() t:ok()
        local body = { From_Account = "a", To_Account = { "b" }, CheckType = "CheckResult_Type_Both" }
        assert(im.sns.friend_check(body))
        assert(im.sns.friend_check(body))
        assert(im.sns.friend_check(body, { random = 12345 }))
        assert.are_not.equal(t:query(1).random, t:query(2).random)
        assert.are.equal("12345", t:query(3).random)
    end)

    it("refuses an out-of-range opts.random", function()
        local im, t = fake.client()
        local res, err = im.sns.friend_check({}, { random = 2 ^ 32 })
        assert.is_nil(res)
        assert.matches("opts.random", err.message, 1, true)
        assert.are.equal(0, #t.requests)
    end)

    it("returns partial-success answers as results", function()
        local im, t = fake.client()
        t:ok({ ErrorList = { { To_Account = "x", ErrorCode = 70107 } }, MsgKey = "m" })
        local res, err = im.openim.batchsendmsg({ To_Account = { "x", "y" } })
        assert.is_nil(err)
        assert.are.equal(70107, res.ErrorList[1].ErrorCode)
    end)

    it("tolerates unknown response fields", function()
        local im, t = fake.client()
        t:ok({ RequestId = "r-1", SomethingNew = { 1, 2 } })
        local res = assert(im.openim.sendmsg({}))
        assert.are.equal("r-1", res.RequestId)
    end)

    it("passes the per-attempt timeout to the transport, within the deadline", function()
        local im, t = fake.client({ timeout = 4, deadline = 3 })
        t:ok()
        t:ok()
        assert(im.openim.sendmsg({}))
        assert.are.equal(3, t.requests[1].timeout)
        assert(im.openim.sendmsg({}, { timeout = 1.5 }))
        assert.are.equal(1.5, t.requests[2].timeout)
    end)
end)

describe("errors", function()
    it("are api errors for ErrorCode != 0, with code, message, body and retry facts", function()
        local im, t = fake.client()
        t:api(70107, "account not imported")
        local res, err = im.openim.sendmsg({ To_Account = "nobody" })
        assert.is_nil(res)
        assert.are.equal("api", err.kind)
        assert.are.equal(70107, err.code)
        assert.are.equal("account not imported", err.message)
        assert.are.equal(200, err.http_status)
        assert.are.equal("openim", err.service)
        assert.are.equal("sendmsg", err.command)
        assert.are.equal(1, err.attempts)
        assert.is_false(err.retryable)
        assert.are.equal("FAIL", err.body.ActionStatus)
        local line = tostring(err)
        assert.matches("openim/sendmsg", line, 1, true)
        assert.matches("70107", line, 1, true)
        assert.are.equal("x: " .. line, "x: " .. err)
    end)

    it("are api errors for ActionStatus FAIL even without a code", function()
        local im, t = fake.client()
        t:raw(200, '{"ActionStatus":"FAIL","ErrorInfo":"odd"}')
        local _, err = im.openim.sendmsg({})
        assert.are.equal("api", err.kind)
        assert.are.equal("odd", err.message)
    end)

    it("carry the region hint for 70016", function()
        local im, t = fake.client()
        t:api(70016, "key not found")
        local _, err = im.openim.sendmsg({})
        assert.matches("region", tostring(err))
    end)

    it("are http errors for a status other than 200", function()
        local im, t = fake.client({ retries = 0 })
        t:status(502, "<html>Bad Gateway</html>")
        local _, err = im.openim.sendmsg({})
        assert.are.equal("http", err.kind)
        assert.are.equal(502, err.http_status)
        assert.is_nil(err.code)
    end)

    it("are decode errors for a 200 that is not a JSON object", function()
        for _, body in ipairs({ "<html>", "[1,2]", '"OK"', "" }) do
            local im, t = fake.client({ retries = 0 })
            t:raw(200, body)
            local _, err = im.openim.sendmsg({})
            assert.are.equal("decode", err.kind, body)
            assert.are.equal(200, err.http_status)
        end
    end)

    it("are network, timeout or tls errors from the transport", function()
        for _, kind in ipairs({ "network", "timeout", "tls" }) do
            local im, t = fake.client({ retries = 0 })
            t:fail(kind, true)
            local _, err = im.openim.sendmsg({})
            assert.are.equal(kind, err.kind)
        end
        local im, t = fake.client({ retries = 0 })
        t:fail("protocol", true, "bad status line")
        local _, err = im.openim.sendmsg({})
        assert.are.equal("network", err.kind)
        assert.matches("bad status line", err.message)
    end)

    it("are network errors when the transport raises", function()
        local im = fake.client({ transport = { request = function() error("kaboom") end } })
        local _, err = im.openim.sendmsg({})
        assert.are.equal("network", err.kind)
        assert.matches("kaboom", err.message)
    end)

    it("are usage errors for a body that cannot be sent", function()
        local im, t = fake.client()
        for _, body in ipairs({ { f = print }, 42, true }) do
            local res, err = im.openim.sendmsg(body)
            assert.is_nil(res)
            assert.are.equal("usage", err.kind)
        end
        assert.are.equal(0, #t.requests)
    end)

    it("are usage errors when the usersig provider fails", function()
        local im, t = fake.client({ key = false, usersig = function() error("vault down") end })
        local _, err = im.openim.sendmsg({})
        assert.are.equal("usage", err.kind)
        assert.matches("vault down", err.message)
        assert.are.equal(0, #t.requests)
    end)

    it("never show the key or the sig, whatever the transport or the server put in the message", function()
        local sig
        local im, t = fake.client({ retries = 0 })
        t:push(function(req)
            sig = fake.params(req.path).usersig
            return nil, { kind = "network", sent = true,
                          message = "connect to https://im.example.test" .. req.path .. " failed, usersig="
                              .. sig .. " key=" .. KEY }
        end)
        local _, err = im.openim.sendmsg({})
        assert.are.equal("network", err.kind)
        assert_no_secret(err, sig)

        for _, kind in ipairs({ "api", "http", "decode", "timeout", "tls" }) do
            local im2, t2 = fake.client({ retries = 0 })
            t2:push(function(req)
                local s = fake.params(req.path).usersig
                if kind == "api" then
                    return { status = 200, body = assert(json.encode({ ActionStatus = "FAIL", ErrorCode = 70009,
                             ErrorInfo = "bad sig " .. s })) }
                elseif kind == "http" then
                    return { status = 500, body = "error at " .. req.path }
                elseif kind == "decode" then
                    return { status = 200, body = "not json " .. s }
                end
                return nil, { kind = kind, sent = true, message = "failed on " .. req.path }
            end)
            local _, e = im2.openim.sendmsg({})
            assert.are.equal(kind, e.kind)
            assert_no_secret(e, t2:query(1).usersig)
        end

        -- the kinds that never reach the server
        local im3, t3 = fake.client({ ratelimit = { default = { rate = 1, burst = 1 } }, deadline = 0.5 })
        t3:ok()
        assert(im3.openim.sendmsg({}))
        local s3 = t3:query(1).usersig
        local _, e1 = im3.openim.sendmsg({})
        assert.are.equal("ratelimit", e1.kind)
        local _, e2 = im3.openim.sendmsg({ f = print })
        assert.are.equal("usage", e2.kind)
        assert_no_secret({ e1, e2 }, s3)
    end)
end)

describe("hooks", function()
    it("on_request and on_response get redacted facts about each attempt", function()
        local reqs, resps = {}, {}
        local im, t = fake.client({
            on_request = function(p) reqs[#reqs + 1] = p end,
            on_response = function(p) resps[#resps + 1] = p end,
        })
        t:api(60007, "slow down")
        t:ok()
        assert(im.openim.sendmsg({ To_Account = "b" }))
        assert.are.equal(2, #reqs)
        assert.are.equal(2, #resps)
        local sig = t:query(1).usersig
        local p = reqs[1]
        assert.are.equal("openim", p.service)
        assert.are.equal("sendmsg", p.command)
        assert.are.equal(1, p.attempt)
        assert.are.equal(#t.requests[1].body, p.body_size)
        assert.matches("usersig=<redacted>&", p.url, 1, true)
        assert.matches("^https://im.example.test/v4/openim/sendmsg%?", p.url)
        local r1, r2 = resps[1], resps[2]
        assert.are.equal(200, r1.status)
        assert.are.equal(60007, r1.code)
        assert.are.equal("api", r1.err.kind)
        assert.are.equal(1, r1.attempt)
        assert.is_number(r1.elapsed)
        assert.are.equal(2, r2.attempt)
        assert.is_nil(r2.err)
        assert.are.equal(0, r2.code)
        assert_no_secret(reqs, sig)
        assert_no_secret(resps, sig)
    end)

    it("a hook that raises does not fail the call", function()
        local im, t = fake.client({ on_request = function() error("bad hook") end,
                                    on_response = function() error("bad hook") end })
        t:ok()
        assert(im.openim.sendmsg({}))
    end)
end)

describe("the default transport", function()
    local saved_transport, saved_ngx

    before_each(function()
        saved_transport = package.loaded["tim.net.transport"]
        saved_ngx = rawget(_G, "ngx")
    end)

    after_each(function()
        package.loaded["tim.net.transport"] = saved_transport
        rawset(_G, "ngx", saved_ngx)
    end)

    -- tim.net.transport (which picks ngx or socket) stands in for itself, counting what it is given
    local function stub(t)
        local made = { n = 0 }
        package.loaded["tim.net.transport"] = {
            name = function() return "socket" end,
            new = function(opts) made.n = made.n + 1 made.opts = opts return t end,
        }
        return made
    end

    it("is made by tim.net.transport on the first call, with opts.transport_options, and reused", function()
        local t = fake.new()
        local made = stub(t)
        local im = fake.client({ transport = false, transport_options = { pool_size = 4 } })
        assert.are.equal(0, made.n)
        t:ok() t:ok()
        assert(im.openim.sendmsg({}))
        assert(im.openim.sendmsg({}))
        assert.are.equal(1, made.n)
        assert.are.same({ pool_size = 4 }, made.opts)
        assert.are.equal(2, #t.requests)
    end)

    it("that cannot be made gives a network error, not retried, and no throw", function()
        local tries = 0
        package.loaded["tim.net.transport"] = {
            name = function() return "socket" end,
            new = function() tries = tries + 1 return nil, "no LuaSec here" end,
        }
        local im = fake.client({ transport = false, retries = 3 })
        local res, err = im.openim.sendmsg({})
        assert.is_nil(res)
        assert.are.equal("network", err.kind)
        assert.matches("no LuaSec here", err.message, 1, true)
        assert.are.equal(1, tries)
    end)

    it("is the cosocket transport inside OpenResty, even where the phase forbids cosockets", function()
        package.loaded["tim.net.transport"] = saved_transport
        assert.are.equal("socket", require("tim.net.transport").name())
        rawset(_G, "ngx", { socket = { tcp = function() end }, get_phase = function() return "init_worker" end })
        assert.are.equal("ngx", require("tim.net.transport").name())
    end)

    it("answers a phase without cosockets with one clear, unretried error", function()
        package.loaded["tim.net.transport"] = saved_transport
        rawset(_G, "ngx", { socket = { tcp = function() end }, get_phase = function() return "log" end,
                            now = function() return os.time() end, sleep = function() end })
        local im = fake.client({ transport = false, retries = 3 })
        local res, err = im.openim.sendmsg({})
        assert.is_nil(res)
        assert.are.equal("network", err.kind)
        assert.are.equal(0, err.attempts)          -- copies sent: none
        assert.is_false(err.in_doubt)
        assert.is_false(err.retryable)
        assert.matches("cosockets are not available in the 'log' phase", err.message, 1, true)
    end)

    it("refuses transport_options that are not a table, or that come with a transport object", function()
        local base = { sdkappid = fake.SDKAPPID, key = KEY, endpoint = "https://im.example.test" }
        local function with(extra)
            local o = {}
            for k, v in pairs(base) do o[k] = v end
            for k, v in pairs(extra) do o[k] = v end
            return tim.new(o)
        end
        local im, err = with{ transport_options = 5 }
        assert.is_nil(im)
        assert.matches("opts.transport_options must be a table", tostring(err), 1, true)
        im, err = with{ transport_options = {}, transport = fake.new() }
        assert.is_nil(im)
        assert.matches("not with opts.transport", tostring(err), 1, true)
    end)
end)

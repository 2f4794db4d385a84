-- tim.new and the client object: options, generated methods, im:call, tostring.
local tim = require "tim"
local fake = require "support.fake_transport"

local KEY = fake.KEY

local function opts(extra)
    local o = { sdkappid = 1400000000, key = KEY, region = "sgp", transport = fake.new() }
    for k, v in pairs(extra or {}) do
        o[k] = v
    end
    return o
end

local function refused(extra, pattern)
    local o = opts()
    for k, v in pairs(extra) do
        if v == "nil" then
            o[k] = nil
        else
            o[k] = v
        end
    end
    local im, err = tim.new(o)
    assert.is_nil(im)
    assert.are.equal("usage", err.kind)
    assert.matches(pattern, err.message, 1, true)
    assert.is_nil(tostring(err):find(KEY, 1, true))
    return err
end

describe("tim.new", function()
    it("returns a client for valid options", function()
        local im, err = tim.new(opts())
        assert.is_nil(err)
        assert.is_table(im)
    end)

    it("refuses bad options with nil, err naming the option", function()
        refused({ sdkappid = "nil" }, "opts.sdkappid")
        refused({ sdkappid = "1400000000" }, "opts.sdkappid")
        refused({ sdkappid = 1.5 }, "opts.sdkappid")
        refused({ key = "nil" }, "opts.key")
        refused({ key = 42 }, "opts.key")
        refused({ usersig = "sig" }, "opts.key or opts.usersig")
        refused({ key = "nil", usersig = "sig" }, "opts.usersig")
        refused({ admin = "" }, "opts.admin")
        refused({ region = "nil" }, "opts.region")
        refused({ region = "atlantis" }, "opts.region")
        refused({ endpoint = "https://x.example" }, "not both")
        refused({ timeout = 0 }, "opts.timeout")
        refused({ timeout = "5" }, "opts.timeout")
        refused({ deadline = -1 }, "opts.deadline")
        refused({ retries = 1.5 }, "opts.retries")
        refused({ retries = -1 }, "opts.retries")
        refused({ transport = {} }, "opts.transport")
        refused({ transport = function() end }, "opts.transport")
        refused({ tls = true }, "opts.tls")
        refused({ tls = { cafile = 1 } }, "opts.tls.cafile")
        refused({ tls = { verify = false } }, "insecure_skip_verify")
        refused({ tls = { verfiy = true } }, "opts.tls.verfiy")
        refused({ ratelimit = 5 }, "opts.ratelimit")
        refused({ ratelimit = { default = { rate = -1 } } }, "opts.ratelimit.default.rate")
        refused({ on_request = "log" }, "opts.on_request")
        refused({ on_response = 1 }, "opts.on_response")
        refused({ timout = 5 }, "unknown option opts.timout")
        refused({ standby = "yes" }, "opts.standby")
    end)

    it("refuses a non-table opts", function()
        local im, err = tim.new("sgp")
        assert.is_nil(im)
        assert.matches("opts must be a table", err.message)
    end)

    it("accepts https endpoints, and http only for a loopback host", function()
        local base = opts({ region = "nil" })
        base.region = nil
        local function try(url)
            local o = {}
            for k, v in pairs(base) do o[k] = v end
            o.endpoint = url
            return tim.new(o)
        end
        assert.is_table(try("https://adminapisgp.im.qcloud.com"))
        assert.is_table(try("https://proxy.example.com:8443/tim/"))
        assert.is_table(try("http://127.0.0.1:8080"))
        assert.is_table(try("http://127.9.8.7"))
        assert.is_table(try("http://localhost:9000"))
        assert.is_table(try("http://[::1]:9000"))
        for _, url in ipairs({ "http://example.com", "http://10.0.0.1:80", "http://128.0.0.1", "ftp://x",
                               "adminapisgp.im.qcloud.com", "https://", "https://x.example/?a=1",
                               "https://x.example:99999" }) do
            local im, err = try(url)
            assert.is_nil(im, url)
            assert.matches("opts.endpoint", err.message, 1, true)
        end
    end)

    it("passes TLS settings through to the transport, verification on by default", function()
        local t = fake.new()
        local im = assert(tim.new(opts({ transport = t, tls = { cafile = "/tmp/ca.pem" }, ratelimit = false })))
        t:ok()
        assert(im.openim.sendmsg({}))
        local tls = t.requests[1].tls
        assert.is_true(tls.verify)
        assert.are.equal("/tmp/ca.pem", tls.cafile)
        assert.are.equal("adminapisgp.im.qcloud.com", tls.server_name)
        assert.is_nil(tls.insecure_skip_verify)       -- exactly true, or absent

        t = fake.new()
        im = assert(tim.new(opts({ transport = t, tls = { insecure_skip_verify = true } })))
        t:ok()
        assert(im.openim.sendmsg({}))
        assert.is_false(t.requests[1].tls.verify)
    end)

    it("resolves a region to its host on port 443", function()
        local t = fake.new()
        local im = assert(tim.new(opts({ transport = t, region = "ger" })))
        t:ok()
        assert(im.profile.portrait_get({ To_Account = { "a" }, TagList = { "Tag_Profile_IM_Nick" } }))
        local req = t.requests[1]
        assert.are.equal("https", req.scheme)
        assert.are.equal("adminapiger.im.qcloud.com", req.host)
        assert.are.equal(443, req.port)
    end)

    it("uses the region's standby domain with standby = true, and accepts region names", function()
        local t = fake.new()
        local im = assert(tim.new(opts({ transport = t, region = "sgp", standby = true })))
        t:ok()
        assert(im.openim.sendmsg({}))
        assert.are.equal("adminapisgp.my-imcloud.com", t.requests[1].host)
        assert.are.equal("adminapisgp.my-imcloud.com", t.requests[1].tls.server_name)
        t = fake.new()
        im = assert(tim.new(opts({ transport = t, region = "Singapore" })))
        t:ok()
        assert(im.openim.sendmsg({}))
        assert.are.equal("adminapisgp.im.qcloud.com", t.requests[1].host)
    end)

    it("takes an endpoint's port and base path", function()
        local t = fake.new()
        local o = opts({ transport = t })
        o.region = nil
        o.endpoint = "http://127.0.0.1:8080/proxy/"
        local im = assert(tim.new(o))
        t:ok()
        assert(im.openim.sendmsg({}))
        local req = t.requests[1]
        assert.are.equal("http", req.scheme)
        assert.are.equal(8080, req.port)
        assert.matches("^/proxy/v4/openim/sendmsg%?", req.path)
    end)
end)

describe("generated methods", function()
    it("makes a service table and a command closure on first access and caches both", function()
        local im = fake.client()
        assert.is_nil(rawget(im, "openim"))
        local svc = im.openim
        assert.is_table(svc)
        assert.are.equal(svc, rawget(im, "openim"))
        assert.are.equal(svc, im.openim)
        local f = svc.sendmsg
        assert.is_function(f)
        assert.are.equal(f, rawget(svc, "sendmsg"))
        assert.are.equal(f, im.openim.sendmsg)
    end)

    it("gives every client its own methods", function()
        local a, ta = fake.client()
        local b, tb = fake.client()
        assert.are_not.equal(a.openim.sendmsg, b.openim.sendmsg)
        ta:ok({ who = "a" })
        tb:ok({ who = "b" })
        assert.are.equal("b", b.openim.sendmsg({}).who)
        assert.are.equal("a", a.openim.sendmsg({}).who)
    end)

    it("refuses names the catalogue does not know, with the closest one, and sends them with validate = false",
       function()
        local im, t = fake.client()
        t:ok({ Answer = 42 })
        local res, err = im.im_open_login_svc.account_chek({ CheckItem = {} })
        assert.is_nil(res)
        assert.same({ "usage", "unknown_endpoint", "im_open_login_svc/account_check", 0, false },
                    { err.kind, err.reason, err.suggestion, err.attempts, err.in_doubt })
        assert.matches("did you mean im_open_login_svc/account_check?", tostring(err), 1, true)
        assert.are.equal(0, #t.requests)
        res = assert(im.brand_new_svc.brand_new_command({ X = 1 }, { validate = false }))
        assert.are.equal(42, res.Answer)
        assert.matches("^/v4/brand_new_svc/brand_new_command%?", t.requests[1].path)
    end)

    it("keeps methods (call, batch, pages, items) apart from service names", function()
        local im = fake.client()
        assert.is_function(im.call)
        assert.is_function(im.batch)
        assert.is_function(im.pages)
        assert.is_function(im.items)
        assert.is_nil(rawget(im, "call"))
        assert.is_table(im.openim)
        assert.is_function(im.openim.call)  -- a command named "call" inside a service is a command
    end)

    it("does not invent services for names starting with an underscore or for non-strings", function()
        local im = fake.client()
        assert.is_nil(im.__name)
        assert.is_nil(im._private)
        assert.is_nil(im[1])
        assert.is_nil(next(im))
        assert.is_nil(im.openim.__index)
    end)

    it("answers a colon call with a usage error that shows the dot form", function()
        local im, t = fake.client()
        local res, err = im.openim:sendmsg({})
        assert.is_nil(res)
        assert.are.equal("usage", err.kind)
        assert.matches("im.openim.sendmsg(body)", err.message, 1, true)
        assert.are.equal(0, #t.requests)
    end)
end)

describe("im:call", function()
    it("calls service/command with a body", function()
        local im, t = fake.client()
        t:ok({ GroupIdList = {} })
        local res = assert(im:call("group_open_http_svc/get_appid_group_list", { Limit = 2 }))
        assert.are.equal("OK", res.ActionStatus)
        assert.matches("^/v4/group_open_http_svc/get_appid_group_list%?", t.requests[1].path)
        assert.are.equal(2, t:body(1).Limit)
    end)

    it("accepts a /v4/ prefix and works without a body", function()
        local im, t = fake.client()
        t:ok()
        assert(im:call("/v4/openconfigsvr/getappinfo"))
        assert.matches("^/v4/openconfigsvr/getappinfo%?", t.requests[1].path)
        assert.are.equal("{}", t.requests[1].body)
    end)

    it("refuses a malformed path with a usage error", function()
        local im, t = fake.client()
        for _, p in ipairs({ "sendmsg", "a/b/c", "", 42 }) do
            local res, err = im:call(p, {})
            assert.is_nil(res)
            assert.are.equal("usage", err.kind)
        end
        assert.are.equal(0, #t.requests)
    end)

    it("refuses unknown per-call options", function()
        local im, t = fake.client()
        local res, err = im.openim.sendmsg({}, { timout = 1 })
        assert.is_nil(res)
        assert.matches("opts.timout", err.message, 1, true)
        assert.are.equal(0, #t.requests)
    end)
end)

describe("tostring(im)", function()
    it("shows sdkappid, admin and endpoint, never the key or a sig", function()
        local im, t = fake.client({ admin = "ops_admin" })
        t:ok()
        assert(im.openim.sendmsg({}))
        local s = tostring(im)
        assert.matches("1400000000", s)
        assert.matches("ops_admin", s)
        assert.matches("https://im.example.test", s, 1, true)
        assert.is_nil(s:find(KEY, 1, true))
        assert.is_nil(s:find("usersig", 1, true))
    end)

    it("keeps the key out of anything reachable from the client table", function()
        local im = fake.client()
        local seen = {}
        local function walk(v)
            if type(v) == "table" and not seen[v] then
                seen[v] = true
                for k, x in pairs(v) do
                    assert.are_not.equal(KEY, k)
                    assert.are_not.equal(KEY, x)
                    walk(x)
                end
            end
        end
        walk(im)
        walk(getmetatable(im))
    end)
end)

describe("tim module", function()
    it("re-exports the version, helpers, errors and the catalogue", function()
        assert.are.equal(require("tim.version"), tim.VERSION)
        assert.is_function(tim.usersig)
        assert.is_function(tim.verify)
        assert.is_function(tim.privmap)
        assert.is_function(tim.array)
        assert.is_not_nil(tim.empty_array)
        assert.is_not_nil(tim.null)
        assert.are.equal(require("tim.errors"), tim.errors)
        assert.are.equal(require("tim.api"), tim.api)
    end)

    it("makes UserSigs that tim.verify accepts", function()
        local sig = tim.usersig(1400000000, KEY, "alice", 3600)
        local t = assert(tim.verify(sig, 1400000000, KEY, "alice"))
        assert.are.equal("alice", t.identifier)
        assert.are.equal(3600, t.expire)
    end)
end)

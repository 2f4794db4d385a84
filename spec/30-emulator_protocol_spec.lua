-- The emulator checks requests the way Tencent IM does: method, query parameters, UserSig, admin, JSON body,
-- endpoint; control endpoints inject faults. Driven over real sockets (raw HTTP and the real client).
local cjson = require "cjson"
local core = require "tim.core"
local support = require "support.emulator"

describe("tim.emulator protocol checks", function()
    local emu, admin_sig

    local function query(o)
        local parts = {}
        for _, k in ipairs{ "sdkappid", "identifier", "usersig", "random", "contenttype" } do
            if o[k] ~= false then
                local v = o[k]
                if v == nil then
                    v = ({ sdkappid = tostring(emu.sdkappid), identifier = emu.admin, usersig = admin_sig,
                           random = "12345", contenttype = "json" })[k]
                end
                parts[#parts + 1] = k .. "=" .. core.urlencode(v)
            end
        end
        return table.concat(parts, "&")
    end

    local function post(path, q, body, method)
        local status, text = emu:raw(method or "POST", "/v4/" .. path .. "?" .. query(q or {}),
                                     body == nil and "{}" or body)
        return status, (text ~= "" and cjson.decode(text) or nil)
    end

    setup(function()
        emu = support.start{}
        admin_sig = core.usersig(emu.sdkappid, emu.key, emu.admin, 3600)
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function() emu:reset() end)

    it("answers a well-formed call with HTTP 200 and ActionStatus OK", function()
        local status, res = post("im_open_login_svc/account_import", {}, '{"UserID":"u1"}')
        assert.equal(200, status)
        assert.same({ ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "" }, res)
    end)

    it("refuses a method other than POST with 60002", function()
        local status, res = post("im_open_login_svc/account_check", {}, nil, "GET")
        assert.equal(200, status)
        assert.equal("FAIL", res.ActionStatus)
        assert.equal(60002, res.ErrorCode)
    end)

    it("answers 60012 when sdkappid is missing", function()
        local _, res = post("im_open_login_svc/account_check", { sdkappid = false })
        assert.equal(60012, res.ErrorCode)
    end)

    it("answers 60006 for a sdkappid that is not a number", function()
        local _, res = post("im_open_login_svc/account_check", { sdkappid = "abc" })
        assert.equal(60006, res.ErrorCode)
    end)

    it("answers 70020 for an SDKAppID it does not serve (wrong data centre)", function()
        local _, res = post("im_open_login_svc/account_check", { sdkappid = "1400000001" })
        assert.equal(70020, res.ErrorCode)
    end)

    it("answers 60004 when identifier or usersig is missing", function()
        local _, a = post("im_open_login_svc/account_check", { identifier = false })
        local _, b = post("im_open_login_svc/account_check", { usersig = false })
        assert.equal(60004, a.ErrorCode)
        assert.equal(60004, b.ErrorCode)
    end)

    it("answers 60002 for a missing or out-of-range random and a wrong contenttype", function()
        local _, a = post("im_open_login_svc/account_check", { random = false })
        local _, b = post("im_open_login_svc/account_check", { random = "4294967296" })
        local _, c = post("im_open_login_svc/account_check", { random = "-1" })
        local _, d = post("im_open_login_svc/account_check", { contenttype = "xml" })
        for _, r in ipairs{ a, b, c, d } do assert.equal(60002, r.ErrorCode) end
        assert.matches("contenttype", d.ErrorInfo)
    end)

    it("answers 70001 for an expired UserSig", function()
        local old = core.usersig(emu.sdkappid, emu.key, emu.admin, 60, nil, os.time() - 3600)
        local _, res = post("im_open_login_svc/account_check", { usersig = old })
        assert.equal(70001, res.ErrorCode)
    end)

    it("answers 70003 for an unparsable UserSig", function()
        local _, res = post("im_open_login_svc/account_check", { usersig = "not-a-sig" })
        assert.equal(70003, res.ErrorCode)
    end)

    it("answers 70009 for a UserSig signed with another key", function()
        local sig = core.usersig(emu.sdkappid, "another key", emu.admin, 3600)
        local _, res = post("im_open_login_svc/account_check", { usersig = sig })
        assert.equal(70009, res.ErrorCode)
    end)

    it("answers 70013 when the identifier does not match the UserSig", function()
        local _, res = post("im_open_login_svc/account_check", { identifier = "someone_else" })
        assert.equal(70013, res.ErrorCode)
    end)

    it("answers 70014 when the UserSig was made for another SDKAppID", function()
        local sig = core.usersig(1400000001, emu.key, emu.admin, 3600)
        local _, res = post("im_open_login_svc/account_check", { usersig = sig })
        assert.equal(70014, res.ErrorCode)
    end)

    it("answers 60010 for a valid UserSig of an identifier that is not the admin", function()
        local sig = core.usersig(emu.sdkappid, emu.key, "alice", 3600)
        local _, res = post("im_open_login_svc/account_check", { identifier = "alice", usersig = sig })
        assert.equal(60010, res.ErrorCode)
    end)

    it("answers 60003 for an empty body and for a body that is not a JSON object", function()
        local _, a = post("im_open_login_svc/account_check", {}, "")
        local _, b = post("im_open_login_svc/account_check", {}, "{not json")
        local _, c = post("im_open_login_svc/account_check", {}, "[1,2]")
        assert.equal(60003, a.ErrorCode)
        assert.equal(60003, b.ErrorCode)
        assert.equal(60003, c.ErrorCode)
    end)

    it("names an unknown endpoint in its error and never answers OK", function()
        local _, res = post("no_such_svc/no_such_cmd", {})
        assert.equal("FAIL", res.ActionStatus)
        assert.equal(60009, res.ErrorCode)
        assert.matches("no_such_svc/no_such_cmd", res.ErrorInfo, 1, true)
    end)

    it("says that a real endpoint is not emulated rather than faking it", function()
        local api = require "tim.api"
        local routes = require("tim.emulator").routes
        local missing, total = {}, 0
        for service, command in api.each() do
            total = total + 1
            if not routes[service .. "/" .. command] then missing[#missing + 1] = service .. "/" .. command end
        end
        if #missing == 0 then
            -- every catalogue endpoint has state: nothing answers "not emulated" (the claim holds for all of them)
            local n = 0
            for path in pairs(routes) do if api.lookup(path) then n = n + 1 end end
            assert.equal(total, n)
            return
        end
        for i = 1, math.min(3, #missing) do
            local _, res = post(missing[i], {}, "{}")
            assert.equal("FAIL", res.ActionStatus)
            assert.equal(60009, res.ErrorCode)
            assert.matches("not emulated: " .. missing[i], res.ErrorInfo, 1, true)
        end
    end)

    it("answers 404 outside /v4 and /_emulator", function()
        local status = emu:raw("POST", "/v5/x/y", "{}")
        assert.equal(404, status)
    end)

    it("keeps a connection alive across requests (the client reuses it)", function()
        local before = emu:control("stats").accepted
        local im = emu:client{ retries = 0 }
        for i = 1, 5 do
            assert.truthy(im.im_open_login_svc.account_import{ UserID = "k" .. i })
        end
        local stats = emu:control("stats")
        -- one connection for the five calls, plus the one carrying this stats request
        assert.equal(before + 2, stats.accepted)
        assert.equal(5, stats.calls)
    end)

    it("works through the real client end to end, errors as error objects", function()
        local im = emu:client{ retries = 0 }
        local res, err = im.openim.sendmsg{ From_Account = "ghost", To_Account = emu.admin,
                                             MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "x" } } } }
        assert.is_nil(res)
        assert.equal("api", err.kind)
        assert.equal(20003, err.code)
    end)

    describe("fault injection", function()
        it("answers the injected HTTP status for the given number of calls", function()
            emu:control("faults", { status = 502, count = 2 })
            local a = emu:raw("POST", "/v4/im_open_login_svc/account_check?" .. query{}, "{}")
            local b = emu:raw("POST", "/v4/im_open_login_svc/account_check?" .. query{}, "{}")
            local c = emu:raw("POST", "/v4/im_open_login_svc/account_check?" .. query{}, "{}")
            assert.same({ 502, 502, 200 }, { a, b, c })
        end)

        it("lets the client retry an idempotent call through one 502", function()
            emu:control("faults", { status = 502, count = 1 })
            local im = emu:client{ retries = 2 }
            local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = emu.admin } } }
            assert.is_nil(err)
            assert.equal("Imported", res.ResultItem[1].AccountStatus)
        end)

        it("drops a connection without an answer", function()
            emu:control("faults", { drop = 1 })
            local im = emu:client{ retries = 0 }
            local res, err = im.im_open_login_svc.account_import{ UserID = "dropped" }
            assert.is_nil(res)
            assert.is_truthy(err.kind == "network" or err.kind == "protocol" or err.kind == "timeout")
            local ok = im.im_open_login_svc.account_import{ UserID = "after_drop" }
            assert.truthy(ok)
        end)

        it("answers 60007 once more than ratelimit_after calls arrive within a second", function()
            emu:control("faults", { ratelimit_after = 2 })
            local codes = {}
            for i = 1, 6 do
                local _, res = post("im_open_login_svc/account_check", {}, '{"CheckItem":[{"UserID":"x' .. i .. '"}]}')
                codes[res.ErrorCode] = (codes[res.ErrorCode] or 0) + 1
            end
            assert.is_true((codes[60007] or 0) >= 1)
            assert.is_true((codes[0] or 0) >= 2)
        end)

        it("delays answers by latency_ms and clears every fault with clear", function()
            local f = emu:control("faults", { latency_ms = 50 })
            assert.equal(50, f.faults.latency_ms)
            local _, res = post("im_open_login_svc/account_check", {}, '{"CheckItem":[{"UserID":"x"}]}')
            assert.equal(0, res.ErrorCode)
            f = emu:control("faults", { clear = true })
            assert.is_nil(f.faults.latency_ms)
        end)

        it("empties the state on reset", function()
            post("im_open_login_svc/account_import", {}, '{"UserID":"gone"}')
            emu:reset()
            local _, res = post("im_open_login_svc/account_check", {}, '{"CheckItem":[{"UserID":"gone"}]}')
            assert.equal("NotImported", res.ResultItem[1].AccountStatus)
        end)
    end)
end)

describe("tim.emulator over HTTPS", function()
    local certs = require "support.certs"
    local emu, dir

    setup(function()
        dir = os.tmpname()
        os.remove(dir)
        assert(os.execute("mkdir -p " .. dir))
        local c = certs.make(dir)
        emu = support.start{ tls = { cert = c.cert, key = c.key } }
        emu.cafile = c.ca
    end)
    teardown(function()
        if emu then emu:stop() end
        if dir then os.execute("rm -rf " .. dir) end
    end)

    it("announces an https endpoint and serves the verified client", function()
        assert.equal("https", emu.scheme)
        local im = emu:client{ tls = { cafile = emu.cafile }, retries = 0 }
        local res, err = im.im_open_login_svc.account_import{ UserID = "tls_user" }
        assert.is_nil(err)
        assert.equal("OK", res.ActionStatus)
        local res2 = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "tls_user" } } })
        assert.equal("Imported", res2.ResultItem[1].AccountStatus)
    end)

    it("is refused by a client that does not trust its certificate", function()
        local im = emu:client{ retries = 0 }
        local res, err = im.im_open_login_svc.account_import{ UserID = "x" }
        assert.is_nil(res)
        assert.equal("tls", err.kind)
    end)
end)

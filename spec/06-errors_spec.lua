-- tim.errors: the error object and the ErrorCode table. Needs no tim.core.
local isolated = require "support.isolated"
local errors = require "tim.errors"

-- The common REST codes (cloud.tencent.com/document/product/679/131708) and the "internal error, retry" codes of
-- the family pages, with the class their advice implies.
local SECTION5 = {
    ratelimit = { 60007, 60011, 60018, 60019, 90024, 90051 },
    transient = { 60008, 60013, 60014, 70169, 10002, 20004, 20005, 50004, 50005, 91000 },
    sig = { 60004, 60005, 70001, 70003 },
    fatal = { 60002, 60003, 60006, 60009, 60010, 60012, 60015, 60016, 60017, 60020, 60021, 70009, 70013, 70014,
              70016, 70020, 70050, 70051, 70107 },
}

-- A UserSig-shaped string (zlib+base64 with the *-_ escaping), a hex key and a callback token.
local SIG = ("eJwtzEELgjAYBuC-8p1D2twm1a2DRRdFCIK6TdvUMDM3s8D"):rep(4) .. "_"
local KEY = ("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e")
local TOKEN = "cb-token-Xy7!"

local function one_line(s)
    return not s:find("[\r\n]")
end

describe("tim.errors objects", function()
    it("loads on its own, requiring no other module (no tim.core)", function()
        -- it needs no other module but tim.version (the release number)
        local fresh = isolated.load((os.getenv("LUA_TIM_ROOT") or ".") .. "/lua/tim/base/errors.lua",
            function(name) return name == "tim.version" end)
        assert.equal("fatal", fresh.class(70016))
        assert.is_function(fresh.new)
    end)

    it("has exactly the contract's kinds", function()
        assert.same({ api = true, http = true, network = true, timeout = true, decode = true, ratelimit = true,
                      usage = true, tls = true }, errors.KINDS)
    end)

    it("keeps every field it is given and defaults retryable to false", function()
        local body = { ActionStatus = "FAIL", ErrorCode = 70016, ErrorInfo = "key not found" }
        local e = errors.new{ kind = "api", code = 70016, message = "key not found", http_status = 200,
                              service = "openim", command = "sendmsg", attempts = 1, body = body }
        assert.equal("api", e.kind)
        assert.equal(70016, e.code)
        assert.equal("key not found", e.message)
        assert.equal(200, e.http_status)
        assert.equal("openim", e.service)
        assert.equal("sendmsg", e.command)
        assert.equal(1, e.attempts)
        assert.is_false(e.retryable)
        assert.equal(body, e.body)
        assert.equal("fatal", e.class)
        assert.is_true(errors.is(e))
        assert.is_false(errors.is({}))
        assert.is_true(errors.new{ kind = "timeout", retryable = true }.retryable)
    end)

    it("renders one readable line with code, message, hint and attempts", function()
        local e = errors.new{ kind = "api", code = 70016, message = "key not found", service = "openim",
                              command = "sendmsg", attempts = 1 }
        assert.equal("tim: openim/sendmsg: api error 70016: key not found "
            .. "(hint: check region: the SDKAppID belongs to another data centre) [1 attempt]", tostring(e))
        local t = errors.new{ kind = "timeout", message = "tim.net.transport.socket: read timed out",
                              service = "sns", command = "friend_get", attempts = 3 }
        assert.equal("tim: sns/friend_get: timeout: tim.net.transport.socket: read timed out [3 attempts]",
            tostring(t))
        assert.equal("tim: http error 502: bad gateway",
            tostring(errors.new{ kind = "http", http_status = 502, message = "bad gateway" }))
        assert.equal("tim: openim: network error: connection refused",
            tostring(errors.new{ kind = "network", service = "openim", message = "connection refused" }))
    end)

    it("renders every kind on one line", function()
        for kind in pairs(errors.KINDS) do
            local s = tostring(errors.new{ kind = kind, code = 60007, message = "a\nb\r\nc\td",
                                           http_status = 500, attempts = 2 })
            assert.is_true(one_line(s), kind)
            assert.matches("^tim: ", s)
        end
    end)

    it("concatenates on either side, also with another error", function()
        local e = errors.new{ kind = "decode", message = "not JSON" }
        assert.equal("failed: tim: decode error: not JSON", "failed: " .. e)
        assert.equal("tim: decode error: not JSON!", e .. "!")
        assert.equal(tostring(e) .. tostring(e), e .. e)
    end)

    it("falls back to the documented meaning when the message is empty", function()
        local e = errors.new{ kind = "api", code = 60020 }
        assert.matches("plugin not purchased", e.message, 1, true)
        assert.equal("network", errors.new{ kind = "network" }.message)
    end)

    it("accepts a numeric string code", function()
        local e = errors.new{ kind = "api", code = "60007" }
        assert.equal(60007, e.code)
        assert.equal("ratelimit", e.class)
    end)

    it("refuses misuse with an error naming the argument", function()
        assert.has_error(function() errors.new("x") end, "bad argument #1 to 'tim.errors.new' (fields must be a table)")
        assert.has_error(function() errors.new{ message = "m" } end)
        local ok, err = pcall(errors.new, { kind = "boom" })
        assert.is_false(ok)
        assert.matches("bad argument #1 to 'tim.errors.new' (fields.kind must be one of", err, 1, true)
        assert.matches("boom", err, 1, true)
        assert.has_error(function() errors.new({ kind = "api" }, "key") end,
            "bad argument #2 to 'tim.errors.new' (secrets must be a list of strings)")
    end)

    it("makes usage errors from a function name and a message", function()
        local e = errors.usage("tim.new", "opts.sdkappid must be an integer")
        assert.equal("usage", e.kind)
        assert.equal("tim.new: opts.sdkappid must be an integer", e.message)
        assert.equal("tim: usage error: tim.new: opts.sdkappid must be an integer", tostring(e))
    end)

    it("bounds a long message", function()
        local e = errors.new{ kind = "decode", message = ("word "):rep(500) }
        assert.is_true(#e.message <= 520)
    end)
end)

describe("tim.errors secrets", function()
    local url = "https://adminapisgp.im.qcloud.com/v4/openim/sendmsg?sdkappid=1400000000&identifier=admin"
        .. "&usersig=" .. SIG .. "&random=12345&contenttype=json"

    it("never keeps a request URL's path or query, only scheme and host", function()
        local e = errors.new{ kind = "network", message = "POST " .. url .. " failed", service = "openim",
                              command = "sendmsg" }
        local s = tostring(e)
        for _, text in ipairs({ s, e.message }) do
            assert.matches("https://adminapisgp.im.qcloud.com/<redacted>", text, 1, true)
            assert.is_nil(text:find("?", 1, true))
            assert.is_nil(text:find("usersig", 1, true))
            assert.is_nil(text:find("identifier=", 1, true))
            assert.is_nil(text:find(SIG, 1, true))
            assert.is_nil(text:find("/v4/", 1, true))
        end
    end)

    it("drops secret-looking query pairs and JSON members even without a URL", function()
        local e = errors.new{ kind = "decode",
                              message = 'usersig=' .. SIG .. '&random=1 key = abc123 {"TLS.sig":"AAAA"} token=t0k' }
        assert.is_nil(e.message:find(SIG, 1, true))
        assert.is_nil(e.message:find("abc123", 1, true))
        assert.is_nil(e.message:find("AAAA", 1, true))
        assert.is_nil(e.message:find("t0k", 1, true))
        assert.matches("random=1", e.message, 1, true)
    end)

    it("drops long token-like runs such as a bare UserSig or key", function()
        local e = errors.new{ kind = "tls", message = "handshake with " .. SIG .. " and " .. KEY }
        assert.is_nil(tostring(e):find(SIG, 1, true))
        assert.is_nil(tostring(e):find(KEY, 1, true))
    end)

    it("removes the exact secrets passed to new, even short ones with no telltale name", function()
        local e = errors.new({ kind = "api", code = 70009, message = "verify failed for " .. TOKEN .. " / " .. KEY
                               .. " / " .. SIG, service = "openim", command = "sendmsg" }, { TOKEN, KEY, SIG })
        local s = tostring(e) .. e.message
        assert.is_nil(s:find(TOKEN, 1, true))
        assert.is_nil(s:find(KEY, 1, true))
        assert.is_nil(s:find(SIG, 1, true))
        assert.matches("verify failed for <redacted>", e.message, 1, true)
    end)

    it("never prints the body", function()
        local e = errors.new{ kind = "api", code = 10004, message = "bad param",
                              body = { ErrorInfo = "bad param", Echo = "usersig=" .. SIG } }
        assert.is_nil(tostring(e):find(SIG, 1, true))
        assert.is_nil(tostring(e):find("Echo", 1, true))
    end)
end)

-- Percent-encoding, as URL libraries do it: every byte but unreserved ones (`all`: every byte), hex in either case
local function escape(s, lower_hex, all)
    return (s:gsub(all and "." or "[^%w%-%._~]", function(c)
        local h = ("%%%02X"):format(c:byte())
        return lower_hex and h:lower() or h
    end))
end

-- A UserSig-shaped string with every character of the sig alphabet that URLs escape ("*") or keep ("-", "_")
local ESIG = ("eJyrVgrxCdZRsgpWslIq*SC0qys9LzStRqAUAfCw-I_Q"):rep(4)

-- does text hold any 12-byte piece of the secret, in any of the given forms?
local function leaks(text, forms)
    for _, form in ipairs(forms) do
        for i = 1, #form - 11 do
            if text:find(form:sub(i, i + 11), 1, true) then return form:sub(i, i + 11) end
        end
    end
    return nil
end

local ESIG_FORMS = { ESIG, escape(ESIG), escape(ESIG, true), escape(escape(ESIG)), escape(ESIG, false, true) }

describe("tim.errors secrets, percent-encoded", function()
    it("removes a secret passed to new in every form: raw, escaped, lower-case hex, escaped twice, all bytes",
       function()
        for _, form in ipairs(ESIG_FORMS) do
            local e = errors.new({ kind = "network", message = "send failed near " .. form .. " (tried twice)" },
                                 { ESIG })
            assert.is_nil(leaks(tostring(e) .. e.message, ESIG_FORMS), form)
            assert.matches("send failed near <redacted> (tried twice)", e.message, 1, true)
        end
        -- the raw finder also serves bodies: a string holding it escaped loses it, the rest is kept
        assert.equal("echo <redacted>!", errors.redact_secrets("echo " .. escape(ESIG) .. "!", { ESIG }))
    end)

    it("drops secret-named pairs whose '=' is escaped, once or twice, and keeps the pairs after them", function()
        local query = "sdkappid=1400000000&identifier=admin&usersig=" .. ESIG .. "&random=77&contenttype=json"
        for _, text in ipairs{ escape(query), escape(query, true), escape(escape(query)) } do
            local e = errors.new{ kind = "network", message = "GET ?" .. text .. " refused" }
            assert.is_nil(leaks(e.message, ESIG_FORMS), text)
            assert.matches("77", e.message, 1, true)
            assert.matches("refused", e.message, 1, true)
        end
    end)

    it("keeps only scheme and host of a percent-encoded URL", function()
        local url = "https://adminapisgp.im.qcloud.com/v4/openim/sendmsg?usersig=" .. ESIG .. "&random=1"
        local e = errors.new{ kind = "network", message = "proxy said: bad target " .. escape(url) }
        assert.equal("proxy said: bad target https%3A%2F%2Fadminapisgp.im.qcloud.com%2F<redacted>", e.message)
        -- and a bare escaped sig, with no name or secret list, is a long token run
        e = errors.new{ kind = "network", message = "got " .. escape(ESIG) }
        assert.is_nil(leaks(e.message, ESIG_FORMS))
    end)
end)

describe("tim.errors secrets, through the client", function()
    -- a custom transport that echoes the full request URL in its error (or its answer), in one of these forms
    local ECHO = {
        raw = function(u) return u end,
        escaped = function(u) return escape(u) end,
        lower_hex = function(u) return escape(u, true) end,
        twice = function(u) return escape(escape(u)) end,
        every_byte = function(u) return escape(u, false, true) end,
        query_only = function(u) return u:match("%?(.*)$") end,
        sig_only = function(u) return escape(u:match("usersig=([^&]*)")) end,
    }

    local function client(transport, seen)
        local tim = require "tim"
        return assert(tim.new{ endpoint = "http://127.0.0.1:9", sdkappid = 1400000000, admin = "administrator",
                               usersig = function() return ESIG, os.time() + 3600 end, retries = 0,
                               transport = transport, ratelimit = false,
                               on_response = function(p) seen[#seen + 1] = p end })
    end

    local function url_of(req)
        return req.scheme .. "://" .. req.host .. ":" .. req.port .. req.path
    end

    it("keeps the sig out of err, tostring(err) and on_response when the transport's error quotes the URL",
       function()
        for name, form in pairs(ECHO) do
            for _, as_table in ipairs{ false, true } do
                local seen, sent = {}, nil
                local im = client({ request = function(_, req)
                    sent = url_of(req)
                    local msg = "connect to " .. form(sent) .. " failed"
                    return nil, as_table and { kind = "network", message = msg, written = 0 } or msg
                end }, seen)
                local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = "a" } } }
                assert.is_nil(res)
                -- the transport did receive the sig: what it was sent is not what the caller is told
                assert.truthy(sent:find(ESIG, 1, true))
                local told = tostring(err) .. "\n" .. err.message .. "\n" .. tostring(seen[1].err) .. "\n"
                    .. tostring(seen[1].url)
                assert.is_nil(leaks(told, ESIG_FORMS), name)
                assert.matches("failed", err.message, 1, true)
            end
        end
    end)

    it("keeps the sig out of err.body and the message when the service quotes it back", function()
        for name, form in pairs(ECHO) do
            local seen = {}
            local im = client({ request = function(_, req)
                local info = "bad sig in " .. form(url_of(req))
                return { status = 200, headers = { ["content-type"] = "application/json" },
                         body = '{"ActionStatus":"FAIL","ErrorCode":70009,"ErrorInfo":"' .. info .. '"}' }
            end }, seen)
            local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = "a" } } }
            assert.is_nil(res)
            assert.equal(70009, err.code)
            local told = tostring(err) .. err.message .. err.body.ErrorInfo .. tostring(seen[1].err)
            assert.is_nil(leaks(told, ESIG_FORMS), name)
            assert.matches("bad sig in", err.body.ErrorInfo, 1, true)
        end
    end)
end)

describe("tim.assert", function()
    local tim = require "tim"
    local err = errors.new{ kind = "api", code = 20003, message = "receiver ghost not imported",
                            service = "openim", command = "sendmsg", attempts = 1 }

    it("passes every value of a success through", function()
        local a, b, c = tim.assert({ ok = 1 }, "second", 3)
        assert.same({ ok = 1 }, a)
        assert.equal("second", b)
        assert.equal(3, c)
    end)

    it("raises the error's one line as a string, with the caller's position, where assert raises the table", function()
        local ok, raised = pcall(_G.assert, nil, err)      -- Lua's own assert (busted's is luassert)
        assert.is_false(ok)
        if _VERSION == "Lua 5.1" and not jit then
            assert.matches("string expected, got table", raised)   -- PUC 5.1's assert takes only a string
        else
            assert.equal(err, raised)                      -- a table: lua_tostring and nginx cannot read it
        end
        ok, raised = pcall(function() tim.assert(nil, err) end)
        assert.is_false(ok)
        assert.equal("string", type(raised))
        assert.matches("06%-errors_spec%.lua:%d+: tim: openim/sendmsg: api error 20003: receiver ghost", raised)
        assert.matches("assertion failed!$", select(2, pcall(function() tim.assert(false) end)))
        assert.matches(":%d+: plain reason$", select(2, pcall(function() tim.assert(nil, "plain reason") end)))
    end)
end)

describe("tim.errors codes", function()
    it("classes the common and the retry-later codes as their pages advise", function()
        for class, codes in pairs(SECTION5) do
            for _, code in ipairs(codes) do
                assert.is_table(errors.codes[code], "missing code " .. code)
                assert.equal(class, errors.class(code), "class of " .. code)
            end
        end
    end)

    it("gives every code a known class and a meaning", function()
        local n = 0
        for code, c in pairs(errors.codes) do
            n = n + 1
            assert.is_true(type(code) == "number" and code % 1 == 0, tostring(code))
            assert.is_true(errors.CLASSES[c.class] == true, code .. ": class " .. tostring(c.class))
            assert.is_string(c.meaning, tostring(code))
            assert.is_true(#c.meaning > 0, tostring(code))
            assert.is_true(c.hint == nil or (type(c.hint) == "string" and #c.hint > 0), tostring(code))
            assert.equal(c.class, errors.class(code))
            assert.is_true(type(c.page) == "string" and c.page:find("^https://") ~= nil, code .. ": page URL")
            assert.is_string(c.family, tostring(code))
            assert.is_true(c.in_doubt == nil or c.in_doubt == true, code .. ": in_doubt is true or absent")
            for service, a in pairs(c.by_service or {}) do
                assert.is_string(service, tostring(code))
                assert.is_string(a.meaning, tostring(code))
                assert.is_true(errors.CLASSES[a.class] == true, tostring(code))
                assert.is_true(a.page:find("^https://") ~= nil, tostring(code))
                assert.equal(a.class, errors.class(code, service))
            end
        end
        assert.is_true(n >= 150)
    end)

    it("knows the conversation codes 50001-50003 (1047/43088) and the moderation code 2003", function()
        for _, c in ipairs{ 50001, 50002, 50003, 2003 } do
            assert.is_table(errors.codes[c], tostring(c))
            assert.equal("fatal", errors.class(c))
        end
        assert.equal("recentcontact", errors.codes[50002].family)
        assert.equal("audit", errors.codes[2003].family)
    end)

    it("reads 10008 as the robot pages do: a refusal there, never a sig to renew", function()
        assert.equal("sig", errors.class(10008))
        assert.equal("fatal", errors.class(10008, "openim_robot_http_svc"))
        local e = errors.new{ kind = "api", code = 10008, service = "openim_robot_http_svc", command = "create_robot" }
        assert.equal("fatal", e.class)
        assert.matches("robot limit", tostring(e), 1, true)
        assert.matches("not a signature problem", tostring(e), 1, true)
    end)

    it("marks in doubt exactly the codes whose pages speak of an internal timeout, and only retryable ones", function()
        local want = { [60008] = true, [60013] = true, [60014] = true, [70114] = true, [70169] = true,
                       [70202] = true, [30007] = true, [50005] = true }
        for code, c in pairs(errors.codes) do
            assert.equal(want[code] == true, c.in_doubt == true, "in_doubt of " .. code)
            if c.in_doubt then
                -- a doubtful outcome is never a reason to stop: it is retried when the command is safe
                assert.equal("transient", c.class, tostring(code))
            end
        end
    end)

    it("has the documented common group, C2C, sns and profile codes", function()
        for _, code in ipairs({ 10004, 10007, 10010, 10015, 10019, 20001, 20003, 20006, 20007, 30001, 30003,
                                30010, 40001, 40003, 40006, 90001, 90009 }) do
            assert.is_table(errors.codes[code], "missing code " .. code)
        end
    end)

    it("treats unknown codes and nil as fatal", function()
        assert.equal("fatal", errors.class(12345678))
        assert.equal("fatal", errors.class(nil))
        assert.is_nil(errors.hint(12345678))
    end)

    it("hints at the region, the plugin and the account import", function()
        assert.equal("check region: the SDKAppID belongs to another data centre", errors.hint(70016))
        assert.equal(errors.hint(70016), errors.hint(70020))
        assert.matches("plugin is not purchased", errors.hint(60020), 1, true)
        assert.matches("import the account first", errors.hint(70107), 1, true)
        assert.matches("import the account first", errors.hint(10019), 1, true)
    end)

    it("decides resends by class and by whether the command is safe", function()
        assert.is_true(errors.retryable(60007, false))
        assert.is_true(errors.retryable(60011, false))
        assert.is_true(errors.retryable(70001, false))
        assert.is_false(errors.retryable(60008, false))
        assert.is_true(errors.retryable(60008, true))
        assert.is_true(errors.retryable(20004, true))
        assert.is_false(errors.retryable(70016, true))
        assert.is_false(errors.retryable(99999999, true))
    end)
end)

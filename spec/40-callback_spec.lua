-- tim.callback: Sign verification, request parsing, replies and dispatch (no network).
local callback = require "tim.callback"
local commands = require "tim.server.callback.commands"

local TOKEN = "xxxxyyyy"
local T = 1669872112
-- The documented example (tencentcloud.com/document/product/1047/34354, "Security Considerations").
local DOC_SIGN = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
local APPID = 1400000000

local function query(over)
    local q = { SdkAppid = "1400000000", CallbackCommand = "C2C.CallbackBeforeSendMsg", contenttype = "json",
                ClientIP = "127.0.0.1", OptPlatform = "RESTAPI", RequestTime = tostring(T), Sign = DOC_SIGN }
    for k, v in pairs(over or {}) do
        if v == false then q[k] = nil else q[k] = v end
    end
    return q
end

local function qs(t)
    local parts = {}
    for k, v in pairs(t) do parts[#parts + 1] = k .. "=" .. v end
    table.sort(parts)
    return table.concat(parts, "&")
end

local OPTS = { token = TOKEN, sdkappid = APPID, now = T }

local function opts(over)
    local o = {}
    for k, v in pairs(OPTS) do o[k] = v end
    for k, v in pairs(over or {}) do o[k] = v end
    return o
end

local BODY = '{"CallbackCommand":"C2C.CallbackBeforeSendMsg","From_Account":"jared","To_Account":"Jonh",' ..
    '"MsgSeq":48374,"MsgRandom":2837546,"MsgTime":1557481126,"MsgKey":"48374_2837546_1557481126",' ..
    '"OnlineOnlyFlag":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}}],' ..
    '"CloudCustomData":"your cloud custom data"}'

describe("tim.callback.sign", function()
    it("reproduces the documented example: sha256('xxxxyyyy' .. '1669872112')", function()
        assert.equal(DOC_SIGN, callback.sign(TOKEN, T))
        assert.equal(DOC_SIGN, callback.sign(TOKEN, "1669872112"))
        assert.equal("17773bc3", DOC_SIGN:sub(1, 8))
        assert.equal("d484061", DOC_SIGN:sub(-7))
    end)

    it("refuses a missing token or a non-integer time as misuse", function()
        assert.has_error(function() callback.sign(nil, T) end, "bad argument #1 to 'tim.callback.sign' (token must be "
                                                            .. "a non-empty string)")
        assert.has_error(function() callback.sign(TOKEN, 1.5) end,
            "bad argument #2 to 'tim.callback.sign' (request_time must be an integer (Unix seconds))")
    end)
end)

describe("tim.callback.verify", function()
    it("accepts the documented Sign for the documented RequestTime", function()
        assert.is_true(callback.verify(query(), OPTS))
    end)

    it("accepts a Sign written in upper-case hex", function()
        assert.is_true(callback.verify(query{ Sign = DOC_SIGN:upper() }, OPTS))
    end)

    it("refuses a Sign with one hex digit changed", function()
        local bad = DOC_SIGN:sub(1, -2) .. (DOC_SIGN:sub(-1) == "1" and "2" or "1")
        local ok, reason = callback.verify(query{ Sign = bad }, OPTS)
        assert.is_nil(ok)
        assert.equal("bad_sign", reason)
    end)

    it("refuses a Sign made with another token", function()
        local ok, reason = callback.verify(query{ Sign = callback.sign("other-token", T) }, OPTS)
        assert.is_nil(ok)
        assert.equal("bad_sign", reason)
    end)

    it("refuses a Sign that is valid for another RequestTime", function()
        local ok, reason = callback.verify(query{ RequestTime = tostring(T + 1) }, OPTS)
        assert.is_nil(ok)
        assert.equal("bad_sign", reason)
    end)

    it("refuses a request without Sign, or without RequestTime, when a token is configured", function()
        assert.same({ nil, "missing_sign" }, { callback.verify(query{ Sign = false }, OPTS) })
        assert.same({ nil, "missing_sign" }, { callback.verify(query{ RequestTime = false }, OPTS) })
        assert.same({ nil, "missing_sign" }, { callback.verify(query{ Sign = "" }, OPTS) })
    end)

    it("accepts an unsigned request only when authentication is explicitly off (token = false)", function()
        assert.is_true(callback.verify(query{ Sign = false, RequestTime = false }, opts{ token = false }))
    end)

    it("refuses a RequestTime more than the window in the past (stale) and accepts the edge", function()
        assert.same({ nil, "stale" }, { callback.verify(query(), opts{ now = T + 61 }) })
        assert.is_true(callback.verify(query(), opts{ now = T + 60 }))
    end)

    it("refuses a RequestTime more than the window in the future and accepts the edge", function()
        assert.same({ nil, "future" }, { callback.verify(query(), opts{ now = T - 61 }) })
        assert.is_true(callback.verify(query(), opts{ now = T - 60 }))
    end)

    it("honours a configured window", function()
        assert.same({ nil, "stale" }, { callback.verify(query(), opts{ now = T + 11, window = 10 }) })
        assert.is_true(callback.verify(query(), opts{ now = T + 300, window = 600 }))
    end)

    it("checks the window against the real clock when no now is given", function()
        local t = os.time() - 3600
        local q = query{ RequestTime = string.format("%d", t), Sign = callback.sign(TOKEN, t) }
        assert.same({ nil, "stale" }, { callback.verify(q, { token = TOKEN, sdkappid = APPID }) })
        t = os.time()
        q = query{ RequestTime = string.format("%d", t), Sign = callback.sign(TOKEN, t) }
        assert.is_true(callback.verify(q, { token = TOKEN, sdkappid = APPID }))
    end)

    it("refuses a RequestTime that is not a plain decimal number", function()
        for _, rt in ipairs{ "12a", "+1669872112", " 1669872112", "1669872112.0", "99999999999999" } do
            local q = query{ RequestTime = rt }
            assert.same({ nil, "bad_time" }, { callback.verify(q, OPTS) }, rt)
        end
    end)

    it("refuses another app's SdkAppid, and a missing one", function()
        assert.same({ nil, "wrong_sdkappid" }, { callback.verify(query{ SdkAppid = "1400000001" }, OPTS) })
        assert.same({ nil, "wrong_sdkappid" }, { callback.verify(query{ SdkAppid = false }, OPTS) })
        assert.same({ nil, "wrong_sdkappid" }, { callback.verify(query{ SdkAppid = "01400000000" }, OPTS) })
    end)

    it("accepts the SdkAppid given as a string of digits", function()
        assert.is_true(callback.verify(query(), opts{ sdkappid = "1400000000" }))
    end)

    it("answers garbage in the query with a reason instead of raising", function()
        assert.same({ nil, "bad_query" }, { callback.verify(query{ Sign = { "a", "b" } }, OPTS) })
        assert.same({ nil, "bad_query" }, { callback.verify({ [1] = "x" }, OPTS) })
    end)

    it("treats a missing token as misuse, so that an unset variable cannot switch authentication off", function()
        assert.has_error(function() callback.verify(query(), { sdkappid = APPID }) end,
            "bad argument #2 to 'tim.callback.verify' (opts.token must be a non-empty string "
                .. "(or false to accept unsigned callbacks))")
        assert.has_error(function() callback.verify(query(), { token = "", sdkappid = APPID }) end,
            "bad argument #2 to 'tim.callback.verify' (opts.token must be a non-empty string "
                .. "(or false to accept unsigned callbacks))")
        assert.has_error(function() callback.verify(query(), { token = TOKEN }) end,
            "bad argument #2 to 'tim.callback.verify' (opts.sdkappid must be an integer (or false to skip the check))")
        assert.has_error(function() callback.verify("SdkAppid=1", OPTS) end,
            "bad argument #1 to 'tim.callback.verify' (args must be a table (the decoded query))")
    end)

    it("keeps the token out of every reason it gives", function()
        for _, q in ipairs{ query{ Sign = "00" }, query{ Sign = false }, query{ SdkAppid = "1" } } do
            local _, reason = callback.verify(q, OPTS)
            assert.is_nil(reason:find(TOKEN, 1, true))
        end
    end)
end)

describe("tim.callback.decode_query", function()
    it("percent-decodes names and values and reads + as a space", function()
        local a = callback.decode_query("CallbackCommand=C2C.CallbackBeforeSendMsg&ClientIP=10.0.0.1&x=a%2Bb+c&e=")
        assert.same({ CallbackCommand = "C2C.CallbackBeforeSendMsg", ClientIP = "10.0.0.1", x = "a+b c", e = "" }, a)
    end)

    it("refuses a repeated parameter (two Sign values would make the check ambiguous)", function()
        assert.same({ nil, "bad_query" }, { callback.decode_query("Sign=a&Sign=b") })
    end)

    it("refuses an overlong query and too many parameters", function()
        assert.same({ nil, "bad_query" }, { callback.decode_query(string.rep("a", 9000)) })
        local many = {}
        for i = 1, 100 do many[i] = "p" .. i .. "=1" end
        assert.same({ nil, "bad_query" }, { callback.decode_query(table.concat(many, "&")) })
    end)

    it("reads a missing query as empty", function()
        assert.same({}, callback.decode_query(nil))
    end)
end)

describe("tim.callback.parse", function()
    it("returns the event: command, kind, query fields and the decoded body", function()
        local ev = assert(callback.parse(qs(query()), BODY))
        assert.equal("C2C.CallbackBeforeSendMsg", ev.command)
        assert.equal("before", ev.kind)
        assert.is_true(ev.known)
        assert.equal("1400000000", ev.sdkappid)
        assert.equal("127.0.0.1", ev.client_ip)
        assert.equal("RESTAPI", ev.platform)
        assert.equal(T, ev.request_time)
        assert.equal("jared", ev.body.From_Account)
        assert.equal("red packet", ev.body.MsgBody[1].MsgContent.Text)
        assert.equal(2837546, ev.body.MsgRandom)
    end)

    it("accepts the query as a decoded table as well as a string", function()
        local ev = assert(callback.parse(query(), BODY))
        assert.equal("C2C.CallbackBeforeSendMsg", ev.command)
    end)

    it("refuses a body over max_body with too_big", function()
        local ok, reason, msg = callback.parse(query(), BODY, { max_body = 100 })
        assert.is_nil(ok)
        assert.equal("too_big", reason)
        assert.equal("tim.callback.parse: body too large", msg)
    end)

    it("refuses invalid JSON, a JSON array, a scalar and an empty body with bad_json", function()
        for _, b in ipairs{ "{", '[{"a":1}]', '"x"', "", "null", "[]" } do
            assert.same({ nil, "bad_json", "tim.callback.parse: body is not a JSON object" },
                { callback.parse(query(), b) }, b)
        end
        assert.same({ nil, "bad_json", "tim.callback.parse: body is not a JSON object" },
            { callback.parse(query(), nil) })
        assert.same({ nil, "bad_json", "tim.callback.parse: body is not a JSON object" },
            { callback.parse(query(), 42) })
    end)

    it("refuses a body whose CallbackCommand differs from the query's", function()
        local body = BODY:gsub("C2C.CallbackBeforeSendMsg", "C2C.CallbackAfterSendMsg")
        assert.equal("command_mismatch", select(2, callback.parse(query(), body)))
        assert.equal("command_mismatch", select(2, callback.parse(query(), '{"CallbackCommand":5}')))
    end)

    it("takes the command from either place, and refuses a request that names none", function()
        local ev = assert(callback.parse(query{ CallbackCommand = false }, BODY))
        assert.equal("C2C.CallbackBeforeSendMsg", ev.command)
        ev = assert(callback.parse(query(), '{"From_Account":"a"}'))
        assert.equal("C2C.CallbackBeforeSendMsg", ev.command)
        assert.equal("missing_command", select(2, callback.parse(query{ CallbackCommand = false }, "{}")))
    end)

    it("parses an unknown command (known = false, no kind) so the handler can decide", function()
        local ev = assert(callback.parse(query{ CallbackCommand = "Future.CallbackSomething" }, "{}"))
        assert.is_false(ev.known)
        assert.is_nil(ev.kind)
    end)

    it("refuses an unreadable query with bad_query", function()
        assert.equal("bad_query", select(2, callback.parse("a=1&a=2", BODY)))
    end)
end)

describe("tim.callback replies", function()
    local function decoded(reply)
        return require("cjson").decode(callback.encode(reply))
    end

    it("allow() is the documented OK answer", function()
        assert.same({ ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "" }, callback.allow())
        assert.same({ ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "" }, decoded(callback.allow()))
    end)

    it("allow(extra) adds fields a before-callback answer may carry", function()
        assert.same({ ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "", RefusedMembers_Account = { "x" } },
            callback.allow{ RefusedMembers_Account = { "x" } })
    end)

    it("reject() answers ErrorCode 1, and passes a custom code and ErrorInfo through", function()
        assert.same({ ActionStatus = "OK", ErrorCode = 1, ErrorInfo = "" }, callback.reject())
        assert.same({ ActionStatus = "OK", ErrorCode = 120001, ErrorInfo = "no links" },
            decoded(callback.reject(120001, "no links")))
    end)

    it("reject() refuses 0, 2 (that is drop) and non-integers", function()
        for _, c in ipairs{ 0, 2, 1.5, -3 } do
            assert.has_error(function() callback.reject(c) end,
                "bad argument #1 to 'tim.callback.reject' (code must be an integer >= 1 other than 2 (2 is drop()))")
        end
    end)

    it("drop() answers ErrorCode 2 (discard silently)", function()
        assert.same({ ActionStatus = "OK", ErrorCode = 2, ErrorInfo = "" }, callback.drop())
    end)

    it("modify{} allows with the changed MsgBody and CloudCustomData", function()
        local body = { { MsgType = "TIMTextElem", MsgContent = { Text = "***" } } }
        local r = decoded(callback.modify{ MsgBody = body, CloudCustomData = "checked" })
        assert.same({ ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "", MsgBody = body,
                      CloudCustomData = "checked" }, r)
        assert.same({ ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "", CloudCustomData = "x" },
            callback.modify{ CloudCustomData = "x" })
    end)

    it("modify{} refuses fields IM does not take over, an empty change and a bad MsgBody", function()
        assert.has_error(function() callback.modify{ To_Account = "x" } end,
            "bad argument #1 to 'tim.callback.modify' (only MsgBody and CloudCustomData "
                .. "can be changed, not To_Account)")
        assert.has_error(function() callback.modify{} end,
            "bad argument #1 to 'tim.callback.modify' (give MsgBody and/or CloudCustomData)")
        assert.has_error(function() callback.modify{ MsgBody = {} } end,
            "bad argument #1 to 'tim.callback.modify' (MsgBody must be a non-empty array of message elements)")
    end)
end)

describe("tim.callback handler", function()
    local function signed_query(over)
        return qs(query(over))
    end

    local function handler(extra)
        local o = { token = TOKEN, sdkappid = APPID, log = false }
        for k, v in pairs(extra or {}) do o[k] = v end
        return callback.new(o)
    end

    it("dispatches a verified event to the handler of its command and answers 200 with its reply", function()
        local h = handler()
        local seen
        h:on("C2C.CallbackBeforeSendMsg", function(ev)
            seen = ev
            return callback.reject(120002, "blocked")
        end)
        local status, reply, ev = h:handle(signed_query(), BODY, { now = T })
        assert.equal(200, status)
        assert.same({ ActionStatus = "OK", ErrorCode = 120002, ErrorInfo = "blocked" }, reply)
        assert.equal(seen, ev)
        assert.equal("jared", seen.body.From_Account)
    end)

    it("registers a table of handlers, through on{} or new{ handlers = }", function()
        local calls = {}
        local h = handler{ handlers = { ["C2C.CallbackAfterSendMsg"] = function() calls.after = true end } }
        h:on{ ["C2C.CallbackBeforeSendMsg"] = function() calls.before = true; return callback.drop() end }
        local _, r1 = h:handle(signed_query(), BODY, { now = T })
        local body2 = BODY:gsub("CallbackBeforeSendMsg", "CallbackAfterSendMsg")
        local _, r2 = h:handle(signed_query{ CallbackCommand = "C2C.CallbackAfterSendMsg" }, body2, { now = T })
        assert.same({ before = true, after = true }, calls)
        assert.equal(2, r1.ErrorCode)
        assert.same(callback.allow(), r2)
    end)

    it("reads a handler's nil/true as allow and false as reject, and fills a partial reply", function()
        local h = handler()
        h:on("C2C.CallbackBeforeSendMsg", function() return nil end)
        assert.same(callback.allow(), select(2, h:handle(signed_query(), BODY, { now = T })))
        h:on("C2C.CallbackBeforeSendMsg", function() return false end)
        assert.same(callback.reject(), select(2, h:handle(signed_query(), BODY, { now = T })))
        h:on("C2C.CallbackBeforeSendMsg", function() return { ErrorCode = 1 } end)
        assert.same(callback.reject(), select(2, h:handle(signed_query(), BODY, { now = T })))
    end)

    it("answers 403 without calling the handler for a bad Sign, a missing Sign, a stale time or another app",
        function()
            local h = handler()
            local called = false
            h:on("C2C.CallbackBeforeSendMsg", function() called = true end)
            local cases = {
                { signed_query{ Sign = string.rep("0", 64) }, T, "bad_sign" },
                { signed_query{ Sign = false }, T, "missing_sign" },
                { signed_query(), T + 120, "stale" },
                { signed_query(), T - 120, "future" },
                { signed_query{ SdkAppid = "1400000009" }, T, "wrong_sdkappid" },
            }
            for _, c in ipairs(cases) do
                local status, reply, reason = h:handle(c[1], BODY, { now = c[2] })
                assert.equal(403, status, c[3])
                assert.equal(c[3], reason)
                assert.same({ ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "tim.callback: " .. c[3] }, reply)
            end
            assert.is_false(called)
        end)

    it("answers 400 for invalid JSON or a command mismatch and 413 for a body over max_body", function()
        local h = handler{ max_body = 256 }
        assert.equal(400, (h:handle(signed_query(), "{not json", { now = T })))
        assert.equal(400, (h:handle(signed_query(), '{"CallbackCommand":"X.Y"}', { now = T })))
        assert.equal(400, (h:handle("Sign=1&Sign=2", BODY, { now = T })))
        local status, reply, reason = h:handle(signed_query(), BODY .. string.rep(" ", 300), { now = T })
        assert.equal(413, status)
        assert.equal("too_big", reason)
        assert.equal("FAIL", reply.ActionStatus)
    end)

    it("answers a known command without a handler with allow", function()
        local status, reply = handler():handle(signed_query(), BODY, { now = T })
        assert.equal(200, status)
        assert.same(callback.allow(), reply)
    end)

    it("gives an unknown command the configured default: allow, reject or a function", function()
        local q = signed_query{ CallbackCommand = "Future.CallbackBeforeSomething" }
        local body = '{"CallbackCommand":"Future.CallbackBeforeSomething"}'
        assert.same(callback.allow(), select(2, handler():handle(q, body, { now = T })))
        assert.same(callback.reject(), select(2, handler{ on_unknown = "reject" }:handle(q, body, { now = T })))
        local seen
        local h = handler{ on_unknown = function(ev) seen = ev.command; return callback.reject(3) end }
        assert.equal(3, select(2, h:handle(q, body, { now = T })).ErrorCode)
        assert.equal("Future.CallbackBeforeSomething", seen)
    end)

    it("catches a handler error, answers allow (or reject with on_error) and logs it without the token", function()
        local lines = {}
        local log = function(level, msg) lines[#lines + 1] = level .. " " .. msg end
        local h = handler{ log = log }
        h:on("C2C.CallbackBeforeSendMsg", function() error("database down") end)
        local status, reply = h:handle(signed_query(), BODY, { now = T })
        assert.equal(200, status)
        assert.same(callback.allow(), reply)
        assert.equal(1, #lines)
        assert.truthy(lines[1]:find("error tim.callback: handler for C2C.CallbackBeforeSendMsg failed:", 1, true))
        assert.truthy(lines[1]:find("database down", 1, true))

        h = handler{ log = log, on_error = "reject" }
        h:on("C2C.CallbackBeforeSendMsg", function() return "yes" end)
        status, reply = h:handle(signed_query(), BODY, { now = T })
        assert.equal(200, status)
        assert.same(callback.reject(), reply)
        assert.truthy(lines[2]:find("returned string, not a reply table", 1, true))
        for _, l in ipairs(lines) do assert.is_nil(l:find(TOKEN, 1, true)) end
    end)

    it("logs refused requests with their reason only, never the token", function()
        local lines = {}
        local h = handler{ log = function(level, msg) lines[#lines + 1] = level .. " " .. msg end }
        h:handle(signed_query{ Sign = "abc" }, BODY, { now = T })
        assert.same({ "warn tim.callback: refused a callback: bad_sign" }, lines)
    end)

    it("keeps the token out of tostring(handler)", function()
        local h = handler()
        assert.equal("tim.callback handler", tostring(h))
    end)

    it("verifies against the real clock when handle() gets no now", function()
        local t = os.time()
        local q = signed_query{ RequestTime = string.format("%d", t), Sign = callback.sign(TOKEN, t) }
        assert.equal(200, (handler():handle(q, BODY)))
        assert.equal(403, (handler():handle(signed_query(), BODY)))   -- the 2022 documented time is stale now
    end)

    it("works with authentication off (token = false): only the SdkAppid is checked", function()
        local h = handler{ token = false }
        assert.equal(200, (h:handle(signed_query{ Sign = false, RequestTime = false }, BODY)))
        assert.equal(403, (h:handle(signed_query{ Sign = false, SdkAppid = "1" }, BODY)))
    end)

    it("refuses misuse when built or when a handler is registered", function()
        assert.has_error(function() callback.new{ sdkappid = APPID } end,
            "bad argument #1 to 'tim.callback.new' (opts.token must be a non-empty string "
                .. "(or false to accept unsigned callbacks))")
        assert.has_error(function() callback.new{ token = TOKEN, sdkappid = APPID, on_unknown = "maybe" } end,
            'bad argument #1 to \'tim.callback.new\' (opts.on_unknown must be "allow", "reject" or a function)')
        assert.has_error(function() handler():on("C2C.CallbackBeforeSendMsg", "nope") end,
            "bad argument #2 to 'h:on' (handler for C2C.CallbackBeforeSendMsg must be a function)")
    end)
end)

describe("tim.callback replay guard", function()
    -- a captured delivery: the documented Sign for T, replayed with a body of the attacker's choosing
    local FORGED = '{"CallbackCommand":"C2C.CallbackBeforeSendMsg","From_Account":"mallory","To_Account":"Jonh",'
        .. '"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"forged"}}]}'

    local function guarded(guard, calls)
        local h = callback.new{ token = TOKEN, sdkappid = APPID, log = false, replay_guard = guard }
        h:on("C2C.CallbackBeforeSendMsg", function(ev) calls[#calls + 1] = ev.body.From_Account end)
        return h
    end

    it("is off by default: the same signed query is accepted again, with any body, within the window", function()
        local calls = {}
        local h = guarded(nil, calls)
        assert.equal(200, (h:handle(qs(query()), BODY, { now = T })))
        assert.equal(200, (h:handle(qs(query()), FORGED, { now = T + 30 })))
        assert.same({ "jared", "mallory" }, calls)
    end)

    it("refuses a second delivery of the same Sign+RequestTime (403 replayed) without calling the handler",
       function()
        local calls = {}
        local h = guarded(true, calls)
        local status, reply, reason = h:handle(qs(query()), BODY, { now = T })
        assert.equal(200, status)
        assert.equal(0, reply.ErrorCode)
        assert.equal("jared", reason.body.From_Account)        -- the event, on success
        -- the same query with another body, another command, other parameters, upper-case Sign: all the same query
        for _, q in ipairs{ query(), query{ CallbackCommand = false }, query{ ClientIP = "10.0.0.1" },
                            query{ Sign = DOC_SIGN:upper() }, query{ OptPlatform = "Web" } } do
            status, reply, reason = h:handle(qs(q), FORGED, { now = T + 59 })
            assert.equal(403, status)
            assert.equal("replayed", reason)
            assert.same({ ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "tim.callback: replayed" }, reply)
        end
        assert.same({ "jared" }, calls)
        -- another RequestTime is another delivery
        local t2 = T + 1
        assert.equal(200, (h:handle(qs(query{ RequestTime = tostring(t2), Sign = callback.sign(TOKEN, t2) }), BODY,
                                    { now = T + 1 })))
        assert.same({ "jared", "jared" }, calls)
    end)

    it("refuses only what passed verify: a bad Sign is bad_sign, and does not use up the real one", function()
        local calls = {}
        local h = guarded(true, calls)
        assert.equal("bad_sign", select(3, h:handle(qs(query{ Sign = ("0"):rep(64) }), BODY, { now = T })))
        assert.equal(200, (h:handle(qs(query()), BODY, { now = T })))
        assert.same({ "jared" }, calls)
    end)

    it("keeps what it remembers bounded: a query is forgotten once its window has passed", function()
        local calls = {}
        local h = guarded(true, calls)
        for i = 0, 5000 do
            local t = T + i
            assert.equal(200, (h:handle(qs(query{ RequestTime = tostring(t), Sign = callback.sign(TOKEN, t) }),
                                        BODY, { now = t })))
        end
        assert.equal(5001, #calls)
        local n = 0
        for _ in pairs(h.replay.seen) do n = n + 1 end
        assert.is_true(n <= 2 * (2 * callback.DEFAULT_WINDOW + 1) + 64, tostring(n))
    end)

    it("works over any store with ngx.shared's add(key, value, ttl), and fails closed when it cannot add", function()
        local store, ttls = {}, {}
        local dict = { add = function(self, key, value, ttl)
            assert.equal(store, self.store)
            if self.full then return false, "no memory" end
            if store[key] then return false, "exists" end
            store[key], ttls[key] = value, ttl
            return true
        end, store = store }
        local calls, lines = {}, {}
        local h = callback.new{ token = TOKEN, sdkappid = APPID, replay_guard = dict,
                                log = function(level, msg) lines[#lines + 1] = level .. " " .. msg end }
        h:on("C2C.CallbackBeforeSendMsg", function(ev) calls[#calls + 1] = ev.body.From_Account end)
        assert.equal(200, (h:handle(qs(query()), BODY, { now = T + 10 })))
        -- kept until the query's window has passed: RequestTime + window, a second to spare
        assert.same({ ["tim.callback:" .. DOC_SIGN .. ":" .. T] = callback.DEFAULT_WINDOW - 10 + 1 }, ttls)
        assert.equal(403, (h:handle(qs(query()), FORGED, { now = T + 10 })))
        dict.full = true
        local t = T + 2
        local status, _, reason = h:handle(qs(query{ RequestTime = tostring(t), Sign = callback.sign(TOKEN, t) }),
                                           BODY, { now = T + 10 })
        assert.equal(503, status)
        assert.equal("guard_failed", reason)
        assert.same({ "jared" }, calls)
        assert.truthy(lines[#lines - 1]:find("error tim.callback: the replay guard could not record a delivery: no "
                                             .. "memory", 1, true))
        for _, l in ipairs(lines) do assert.is_nil(l:find(TOKEN, 1, true)) end
    end)

    it("is misuse without a token (nothing to tell deliveries apart) or with a value it cannot use", function()
        assert.has_error(function() callback.new{ token = false, sdkappid = APPID, replay_guard = true } end,
            "bad argument #1 to 'tim.callback.new' (opts.replay_guard needs a token: unsigned callbacks "
                .. "carry no Sign to tell them apart)")
        assert.has_error(function() callback.new{ token = TOKEN, sdkappid = APPID, replay_guard = "dict" } end,
            "bad argument #1 to 'tim.callback.new' (opts.replay_guard must be true (this "
                .. "process), an ngx.shared dict or false)")
        assert.truthy(callback.new{ token = false, sdkappid = APPID, replay_guard = false })
    end)
end)

describe("tim.server.callback.commands", function()
    -- The callback list pages (269/1523, 269/1618, 269/1631) and the command pages; spec/57-fidelity_callbacks
    -- checks each command against facts transcribed from its page.
    local BEFORE = {
        "C2C.CallbackBeforeSendMsg", "Group.CallbackBeforeApplyJoinGroup", "Group.CallbackBeforeCreateGroup",
        "Group.CallbackBeforeCreateTopic", "Group.CallbackBeforeInviteJoinGroup", "Group.CallbackBeforeSendMsg",
        "OfficialAccount.CallbackBeforeAddSubscriber", "OfficialAccount.CallbackBeforeCreateOfficialAccount",
        "OfficialAccount.CallbackBeforeSendMsg", "Sns.CallbackPrevFriendAdd", "Sns.CallbackPrevFriendResponse",
    }

    it("lists every documented command, each with a kind", function()
        local n = 0
        for name, t in commands.each() do
            n = n + 1
            assert.truthy(name:find("^%u%w*%.%w+$"), name)
            assert.truthy(t.kind == "before" or t.kind == "after", name)
        end
        assert.equal(61, n)
        for _, name in ipairs{ "Alert.RequestOverLimit", "State.StateChange", "Follow.CallbackAfterFollowDelete",
                               "C2C.CallbackAfterC2CMsgExtension", "Group.CallbackAfterGroupMsgExtension",
                               "ContentCallback.ResultNotify", "Bot.OnGroupMessage", "Push.AllMemberPush",
                               "C2C.CallbackAfterMsgReadReceipt", "C2C.CallbackAfterModifyMsg",
                               "C2C.CallbackAfterMsgReadAll", "Group.CallbackAfterModifyMsg" } do
            assert.truthy(commands.lookup(name), name)
        end
    end)

    it("marks exactly the before-callbacks as before", function()
        local got = {}
        for name, t in commands.each() do
            if t.kind == "before" then got[#got + 1] = name end
        end
        assert.same(BEFORE, got)
    end)

    it("allows drop and a modified message only on the two message before-callbacks", function()
        for name, t in commands.each() do
            local msg = name == "C2C.CallbackBeforeSendMsg" or name == "Group.CallbackBeforeSendMsg"
            assert.equal(msg, t.drop == true, name)
            assert.equal(msg, t.modify ~= nil, name)
        end
        assert.same({ "MsgBody", "CloudCustomData" }, commands.lookup("C2C.CallbackBeforeSendMsg").modify)
    end)

    it("gives a timeout only to before-callbacks and a page as a URL", function()
        for name, t in commands.each() do
            assert.is_true(t.timeout == nil or t.kind == "before", name)
            assert.is_true(t.page == nil or t.page:find("^https://") ~= nil, name)
        end
    end)

    it("iterates in sorted order", function()
        local prev = ""
        for name in commands.each() do
            assert.truthy(name > prev)
            prev = name
        end
    end)
end)

-- tim.callback: receive Tencent IM callbacks (webhooks) from any HTTP server.
--
-- IM POSTs JSON to the app's callback URL with SdkAppid, CallbackCommand, contenttype, ClientIP and OptPlatform
-- in the query; with callback authentication on, also RequestTime and Sign = hex(sha256(token .. RequestTime)).
-- This module checks that (constant-time compare, RequestTime within 60 s of now, our SdkAppid), parses the body,
-- hands the event to the handler registered for its command and builds the documented JSON answers.
-- The time window is not replay protection: Sign binds only the token and RequestTime, so a captured query is
-- good with any body for the whole window. The handler's opt-in replay guard (opts.replay_guard) refuses a
-- second delivery of the same Sign+RequestTime instead.
-- Nothing here raises at run time: bad input is `nil, reason`; only a caller's misuse raises.
local core = require "tim.core"
local commands = require "tim.server.callback.commands"

local type, tostring, tonumber, pairs, pcall, setmetatable, error = type, tostring, tonumber, pairs, pcall,
    setmetatable, error
local find, lower, fmt = string.find, string.lower, string.format
local floor = math.floor
local ngx = ngx

local bad_argument = require("tim.base.errors").bad_argument
local log = require "tim.base.log"
local _M = { _VERSION = require "tim.version" }

_M.DEFAULT_WINDOW = 60            -- seconds either side of now (the documented 1-minute anti-replay window)
_M.DEFAULT_MAX_BODY = 1024 * 1024 -- bytes; a callback body is a few KB (a message body is at most 12 KB)
local MAX_QUERY = 8192
local MAX_PARAMS = 64

-- Every reason verify/parse/handle can give, with the HTTP status the handler answers it with.
_M.REASONS = {
    wrong_sdkappid   = 403, -- SdkAppid missing or not ours
    missing_sign     = 403, -- a token is configured but Sign or RequestTime is missing
    bad_time         = 403, -- RequestTime is not a plain decimal number
    bad_sign         = 403, -- Sign does not match hex(sha256(token .. RequestTime))
    stale            = 403, -- RequestTime older than now - window
    future           = 403, -- RequestTime newer than now + window
    bad_query        = 400, -- query string unreadable, too long, or a parameter repeated
    bad_json         = 400, -- body empty, not JSON, or not a JSON object
    missing_command  = 400, -- no CallbackCommand in the query nor in the body
    command_mismatch = 400, -- CallbackCommand differs between query and body
    too_big          = 413, -- body larger than max_body
    replayed         = 403, -- replay guard: this Sign+RequestTime was already delivered within the window
    guard_failed     = 503, -- replay guard: the shared dict could not record the delivery (full, say)
}

local json = require "tim.base.json"
local json_decode, json_encode, json_is_array = json.decode, json.encode, json.is_array

local function decode_json(s)
    local ok, v = pcall(json_decode, s)
    if ok then return v end
    return nil
end

-- A JSON object, not an array: a non-empty sequence is an array.
local function is_object(v)
    if type(v) ~= "table" then return false end
    if json_is_array(v) then return false end  -- tim.json marks decoded arrays, even []
    return v[1] == nil
end

local FAILSAFE = '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"tim.callback: reply not encodable"}'

-- encode(reply) -> JSON text of a reply table (a fixed FAIL answer if it cannot be encoded).
function _M.encode(reply)
    local ok, s = pcall(json_encode, reply)
    if ok and type(s) == "string" then return s end
    return FAILSAFE
end

local function now()
    if ngx and ngx.time then return ngx.time() end
    return os.time()
end

-- A query value as a string: strings as they are, integral numbers in decimal, anything else nil.
local function str(v)
    local tv = type(v)
    if tv == "string" then return v end
    if tv == "number" and v == floor(v) and v >= 0 and v < 2^53 then return fmt("%d", v) end
    return nil
end

local function sdkappid_string(v, fn, n)
    if v == false then return false end
    local s = str(v)
    if not s or not find(s, "^%d+$") then
        error(bad_argument(n, fn, "opts.sdkappid must be an integer (or false to skip the check)"), 3)
    end
    return s
end

local function check_token(v, fn, n)
    if v == false then return false end
    if type(v) ~= "string" or v == "" then
        -- nil is refused on purpose: a missing environment variable must not switch authentication off
        error(bad_argument(n, fn, "opts.token must be a non-empty string (or false to accept unsigned callbacks)"), 3)
    end
    return v
end

local function check_window(v, fn, n)
    if v == nil then return _M.DEFAULT_WINDOW end
    if type(v) ~= "number" or v < 0 then
        error(bad_argument(n, fn, "opts.window must be a number of seconds >= 0"), 3)
    end
    return v
end

---------------------------------------------------------------------------------------------------------------
-- Query strings

-- decode_query(s) -> args | nil, "bad_query". A repeated parameter is refused (IM never repeats one, and two
-- Sign or SdkAppid values would make "which one was checked" ambiguous). tim.core decodes it in one C pass.
function _M.decode_query(s)
    if s == nil then return {} end
    if type(s) ~= "string" or #s > MAX_QUERY then return nil, "bad_query" end
    local args, parts, repeated = core.parse_query(s)
    if repeated or parts > MAX_PARAMS then return nil, "bad_query" end
    return args
end

-- The query as a table of strings, from a raw string or an already decoded table.
local function to_args(query)
    if query == nil or type(query) == "string" then return _M.decode_query(query) end
    if type(query) ~= "table" then return nil, "bad_query" end
    local args = {}
    for k, v in pairs(query) do
        local s = str(v)
        if type(k) ~= "string" or s == nil then return nil, "bad_query" end -- e.g. a repeated parameter
        args[k] = s
    end
    return args
end

---------------------------------------------------------------------------------------------------------------
-- Signature

-- sign(token, request_time) -> Sign as IM computes it: lower-case hex of sha256(token .. RequestTime)
function _M.sign(token, request_time)
    if type(token) ~= "string" or token == "" then
        error(bad_argument(1, "tim.callback.sign", "token must be a non-empty string"), 2)
    end
    local t = str(request_time)
    if not t then error(bad_argument(2, "tim.callback.sign", "request_time must be an integer (Unix seconds)"), 2) end
    return core.sha256_hex(token .. t)
end

local function verify(args, token, appid, window, t_now)
    if appid and args.SdkAppid ~= appid then return nil, "wrong_sdkappid" end
    if not token then return true end
    local sign, rt = str(args.Sign), str(args.RequestTime)
    if not sign or sign == "" or not rt or rt == "" then return nil, "missing_sign" end
    if #rt > 12 or not find(rt, "^%d+$") then return nil, "bad_time" end
    -- compare before judging the time, so a forged request learns nothing about the window
    if not core.equal(core.sha256_hex(token .. rt), lower(sign)) then return nil, "bad_sign" end
    local t = tonumber(rt)
    if t < t_now - window then return nil, "stale" end
    if t > t_now + window then return nil, "future" end
    return true
end

-- verify(args, opts) -> true | nil, reason
-- args: the decoded query (table of strings). opts: token (string, or false = no authentication configured),
-- sdkappid (integer, or false = do not check), window (seconds, default 60), now (Unix seconds, for tests).
function _M.verify(args, opts)
    if type(args) ~= "table" then
        error(bad_argument(1, "tim.callback.verify", "args must be a table (the decoded query)"), 2)
    end
    if type(opts) ~= "table" then error(bad_argument(2, "tim.callback.verify", "opts must be a table"), 2) end
    local token = check_token(opts.token, "tim.callback.verify", 2)
    local appid = sdkappid_string(opts.sdkappid, "tim.callback.verify", 2)
    local window = check_window(opts.window, "tim.callback.verify", 2)
    local ok, a = pcall(to_args, args)
    if not ok or not a then return nil, "bad_query" end
    return verify(a, token, appid, window, opts.now or now())
end

---------------------------------------------------------------------------------------------------------------
-- Parsing

local MESSAGES = {
    bad_query = "query string unreadable or a parameter repeated",
    bad_json = "body is not a JSON object",
    missing_command = "no CallbackCommand",
    command_mismatch = "CallbackCommand differs between query and body",
    too_big = "body too large",
}

local function parse(args, body, max_body)
    if body == nil then body = "" end
    if type(body) ~= "string" then return nil, "bad_json" end
    if #body > max_body then return nil, "too_big" end
    local obj = body ~= "" and decode_json(body) or nil
    if not is_object(obj) then return nil, "bad_json" end
    local q, b = args.CallbackCommand, obj.CallbackCommand
    if b ~= nil and type(b) ~= "string" then return nil, "command_mismatch" end
    if q == "" then q = nil end
    if b == "" then b = nil end
    if q and b and q ~= b then return nil, "command_mismatch" end
    local command = q or b
    if not command then return nil, "missing_command" end
    local traits = commands.commands[command]
    return {
        command = command,
        kind = traits and traits.kind or nil,   -- "before" | "after" | nil (not in the catalogue)
        known = traits ~= nil,
        traits = traits,
        sdkappid = args.SdkAppid,
        client_ip = args.ClientIP,
        platform = args.OptPlatform,
        request_time = find(args.RequestTime or "", "^%d+$") and tonumber(args.RequestTime) or nil,
        query = args,
        body = obj,
    }
end

-- parse(query, body, opts) -> event | nil, reason, message
-- query: the raw query string or its decoded table; body: the raw request body; opts.max_body (bytes).
-- Does not check the signature: call verify first (handler:handle does both).
function _M.parse(query, body, opts)
    opts = opts or {}
    if type(opts) ~= "table" then error(bad_argument(3, "tim.callback.parse", "opts must be a table"), 2) end
    local max_body = opts.max_body or _M.DEFAULT_MAX_BODY
    local args, reason = to_args(query)
    local event
    if args then event, reason = parse(args, body, max_body) end
    if event then return event end
    return nil, reason, "tim.callback.parse: " .. MESSAGES[reason]
end

---------------------------------------------------------------------------------------------------------------
-- Replies

local function base(code, info)
    return { ActionStatus = "OK", ErrorCode = code, ErrorInfo = info or "" }
end

-- allow([extra]) -> {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""} (+ extra fields, e.g. for a
-- before-callback whose answer carries data). The answer to every after-callback.
function _M.allow(extra)
    local r = base(0)
    if extra ~= nil then
        if type(extra) ~= "table" then error(bad_argument(1, "tim.callback.allow", "extra must be a table"), 2) end
        for k, v in pairs(extra) do r[k] = v end
    end
    return r
end

-- reject([code [, info]]) -> ErrorCode code (default 1): the before-callback's action is refused. For message
-- callbacks a code in 120001..130000 is passed on to the sending client with info as ErrorInfo.
function _M.reject(code, info)
    if code == nil then code = 1 end
    if type(code) ~= "number" or code ~= floor(code) or code < 1 or code == 2 then
        error(bad_argument(1, "tim.callback.reject", "code must be an integer >= 1 other than 2 (2 is drop())"), 2)
    end
    if info ~= nil and type(info) ~= "string" then
        error(bad_argument(2, "tim.callback.reject", "info must be a string"), 2)
    end
    return base(code, info)
end

-- drop() -> ErrorCode 2: a message before-callback discards the message silently (the sender sees success).
function _M.drop()
    return base(2)
end

-- modify{ MsgBody = {...}, CloudCustomData = "..." } -> allow with the changed message (message
-- before-callbacks only: IM delivers the changed message, and the after-callback sees it).
function _M.modify(fields)
    if type(fields) ~= "table" then error(bad_argument(1, "tim.callback.modify", "fields must be a table"), 2) end
    local r, n = base(0), 0
    for k, v in pairs(fields) do
        if k == "MsgBody" then
            if type(v) ~= "table" or v[1] == nil then
                error(bad_argument(1, "tim.callback.modify",
                                   "MsgBody must be a non-empty array of message elements"), 2)
            end
        elseif k == "CloudCustomData" then
            if type(v) ~= "string" then
                error(bad_argument(1, "tim.callback.modify", "CloudCustomData must be a string"), 2)
            end
        else
            error(bad_argument(1, "tim.callback.modify",
                               "only MsgBody and CloudCustomData can be changed, not " .. tostring(k)), 2)
        end
        r[k] = v
        n = n + 1
    end
    if n == 0 then error(bad_argument(1, "tim.callback.modify", "give MsgBody and/or CloudCustomData"), 2) end
    return r
end

local function fail(reason)
    return { ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "tim.callback: " .. reason }
end

---------------------------------------------------------------------------------------------------------------
-- The replay guard (opt-in): the signed queries seen within the window, in this process (a table) or in an
-- ngx.shared dict (every nginx worker). A query passes verify for `window` seconds either side of its
-- RequestTime, so each one is remembered until then, under the only parts Sign binds: Sign and RequestTime.

local function check_guard(v, token, fn, n)
    if v == nil or v == false then return nil end
    if token == false then
        error(bad_argument(n, fn, "opts.replay_guard needs a token: unsigned callbacks carry no Sign to tell them "
                                  .. "apart"), 3)
    end
    if v == true then return { seen = {}, n = 0, limit = 64 } end
    if type(v) == "table" and type(v.add) == "function" then return { dict = v } end
    error(bad_argument(n, fn, "opts.replay_guard must be true (this process), an ngx.shared dict or false"), 3)
end

-- forget the remembered queries whose window has passed (amortised: when the table doubled since the last time)
local function sweep(g, t_now)
    local n = 0
    for key, until_ in pairs(g.seen) do
        if until_ <= t_now then g.seen[key] = nil else n = n + 1 end
    end
    g.n, g.limit = n, 2 * n + 64
end

-- first_delivery(handler, args, now) -> true | nil, "replayed" | "guard_failed" (args passed verify)
local function first_delivery(self, args, t_now)
    local g = self.replay
    local key = lower(args.Sign) .. ":" .. args.RequestTime
    local ttl = tonumber(args.RequestTime) + self.window - t_now + 1
    if g.dict then
        local ok, err = g.dict:add("tim.callback:" .. key, true, ttl)
        if ok then return true end
        if err == "exists" then return nil, "replayed" end
        self:_log("error", "tim.callback: the replay guard could not record a delivery: " .. tostring(err))
        return nil, "guard_failed"
    end
    local until_ = g.seen[key]
    if until_ and until_ > t_now then return nil, "replayed" end
    if not until_ then g.n = g.n + 1 end
    g.seen[key] = t_now + ttl
    if g.n > g.limit then sweep(g, t_now) end
    return true
end

---------------------------------------------------------------------------------------------------------------
-- The handler

local Handler = {}
local handler_mt = { __index = Handler }

-- Refused requests are logged too: a wrong token or a clock out of the window otherwise fails silently. The
-- messages hold the reason only, never the token or the Sign.
local default_log = log.write

local DEFAULTS = { allow = true, reject = true }

-- new{ token = "..." | false, sdkappid = 1400000000 | false, window = 60, max_body = 1048576,
--      on_unknown = "allow" | "reject" | fn, on_error = "allow" | "reject", log = fn(level, msg) | false,
--      replay_guard = true | ngx.shared.DICT | false, handlers = { [command] = fn } } -> handler
function _M.new(opts)
    if type(opts) ~= "table" then error(bad_argument(1, "tim.callback.new", "opts must be a table"), 2) end
    local self = {
        token = check_token(opts.token, "tim.callback.new", 1),
        appid = sdkappid_string(opts.sdkappid, "tim.callback.new", 1),
        window = check_window(opts.window, "tim.callback.new", 1),
        max_body = opts.max_body or _M.DEFAULT_MAX_BODY,
        on_unknown = opts.on_unknown or "allow",
        on_error = opts.on_error or "allow",
        log = opts.log,
        handlers = {},
    }
    self.replay = check_guard(opts.replay_guard, self.token, "tim.callback.new", 1)
    if type(self.max_body) ~= "number" or self.max_body < 0 then
        error(bad_argument(1, "tim.callback.new", "opts.max_body must be a number of bytes"), 2)
    end
    if not DEFAULTS[self.on_unknown] and type(self.on_unknown) ~= "function" then
        error(bad_argument(1, "tim.callback.new", 'opts.on_unknown must be "allow", "reject" or a function'), 2)
    end
    if not DEFAULTS[self.on_error] then
        error(bad_argument(1, "tim.callback.new", 'opts.on_error must be "allow" or "reject"'), 2)
    end
    if self.log == nil then self.log = default_log end
    if self.log and type(self.log) ~= "function" then
        error(bad_argument(1, "tim.callback.new", "opts.log must be a function(level, message) or false"), 2)
    end
    setmetatable(self, handler_mt)
    if opts.handlers ~= nil then self:on(opts.handlers) end
    return self
end

-- Hide the token from tostring and from anyone printing the object.
handler_mt.__tostring = function() return "tim.callback handler" end

-- h:on(command, fn) or h:on{ [command] = fn, ... } -> h. fn(event) returns a reply table (allow(), reject(),
-- drop(), modify{...}), or nil/true (= allow), or false (= reject).
function Handler:on(command, fn)
    if type(command) == "table" and fn == nil then
        for k, v in pairs(command) do self:on(k, v) end
        return self
    end
    if type(command) ~= "string" or command == "" then
        error(bad_argument(1, "h:on", "command must be a CallbackCommand string"), 2)
    end
    if type(fn) ~= "function" then
        error(bad_argument(2, "h:on", "handler for " .. command .. " must be a function"), 2)
    end
    self.handlers[command] = fn
    return self
end

-- A handler's result as a reply table, or nil when it is not a usable answer.
local function normalise(res)
    if res == nil or res == true then return _M.allow() end
    if res == false then return _M.reject() end
    if type(res) ~= "table" then return nil end
    if res.ErrorCode == nil then res.ErrorCode = 0 end
    if type(res.ErrorCode) ~= "number" then return nil end
    if res.ActionStatus == nil then res.ActionStatus = "OK" end
    if res.ErrorInfo == nil then res.ErrorInfo = "" end
    return res
end

function Handler:_log(level, msg)
    if self.log then pcall(self.log, level, msg) end
end

function Handler:_safe_reply()
    return self.on_error == "reject" and _M.reject() or _M.allow()
end

-- h:handle(query, body [, opts]) -> status, reply_table, event_or_reason
-- query: raw query string or decoded table; body: raw body. opts.now: Unix seconds (tests).
-- status 200 with the handler's answer; 403 / 400 / 413 with a FAIL body when verification or parsing fails
-- (403 "replayed" too, with the replay guard on, for a Sign+RequestTime already delivered; 503 when the guard's
-- shared dict cannot record one).
function Handler:handle(query, body, opts)
    local args, reason = to_args(query)
    if args then
        local ok
        local t_now = opts and opts.now or now()
        ok, reason = verify(args, self.token, self.appid, self.window, t_now)
        if ok and self.replay then ok, reason = first_delivery(self, args, t_now) end
        if ok then
            local event
            event, reason = parse(args, body, self.max_body)
            if event then return 200, self:_dispatch(event), event end
        end
    end
    self:_log("warn", "tim.callback: refused a callback: " .. reason)
    return _M.REASONS[reason] or 400, fail(reason), reason
end

function Handler:_dispatch(event)
    local fn = self.handlers[event.command]
    if not fn then
        if event.known or self.on_unknown == "allow" then return _M.allow() end
        if self.on_unknown == "reject" then return _M.reject() end
        fn = self.on_unknown
    end
    local ok, res = pcall(fn, event)
    if not ok then
        self:_log("error", "tim.callback: handler for " .. event.command .. " failed: " .. tostring(res))
        return self:_safe_reply()
    end
    local reply = normalise(res)
    if not reply then
        self:_log("error", "tim.callback: handler for " .. event.command .. " returned " .. type(res)
            .. ", not a reply table")
        return self:_safe_reply()
    end
    return reply
end

return _M

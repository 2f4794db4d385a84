-- tim.emulator: a local Tencent IM REST server for development and tests (loopback only).
--
--   local emulator = require "tim.emulator"
--   local emu = assert(emulator.new{ port = 0, sdkappid = 1400000000, key = "…", admin = "administrator" })
--   print(emu.endpoint)      -- http://127.0.0.1:PORT
--   emu:serve()              -- or emu:step(timeout) from your own loop; emu:stop()
--
-- Each /v4/<service>/<command> request is checked the way IM checks it (method, query parameters, UserSig via
-- tim.core.verify, admin identity, JSON body), then answered from in-memory state by the handler the route table
-- names. Control endpoints under /_emulator/ reset state, inject faults and configure callbacks.
local core = require "tim.core"
local json = require "tim.json"
local state = require "tim.emulator.state"
local server = require "tim.emulator.server"

local type, pairs, ipairs, tostring, tonumber, pcall, require = type, pairs, ipairs, tostring, tonumber, pcall,
    require
local setmetatable, error = setmetatable, error
local match, gmatch, gsub, char, floor = string.match, string.gmatch, string.gsub, string.char, math.floor
local gettime = require("socket").gettime

local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

local defaults = require "tim.emulator.defaults"
_M.DEFAULT_SDKAPPID = defaults.sdkappid
_M.DEFAULT_KEY = defaults.key
_M.DEFAULT_ADMIN = defaults.admin

-- Routes: "service/command" -> handler(ctx, body) -> response fields | nil, code, info. Data, not branches.
local FAMILIES = { "accounts", "profile", "c2c", "group", "sns", "recentcontact", "config" }
_M.routes = {}
for _, name in ipairs(FAMILIES) do
    for path, fn in pairs(require("tim.emulator." .. name).routes) do _M.routes[path] = fn end
end

-- UserSig check failures (tim.core.verify reasons) -> IM error codes
local SIG_CODES = {
    expired = { 70001, "UserSig expired" },
    bad_base64 = { 70003, "UserSig could not be parsed" },
    not_zlib = { 70003, "UserSig could not be parsed" },
    bad_json = { 70003, "UserSig could not be parsed" },
    wrong_version = { 70003, "UserSig could not be parsed (wrong version)" },
    missing_field = { 70003, "UserSig could not be parsed (missing field)" },
    bad_hmac = { 70009, "UserSig verification failed (wrong key?)" },
    wrong_identifier = { 70013, "identifier in the URL does not match the UserSig" },
    wrong_sdkappid = { 70014, "sdkappid in the URL does not match the UserSig" },
}
_M.SIG_CODES = SIG_CODES

local function unescape(s)
    s = gsub(s, "+", " ")
    return (gsub(s, "%%(%x%x)", function(h) return char(tonumber(h, 16)) end))
end

local function parse_query(q)
    local t = {}
    for pair in gmatch(q or "", "[^&]+") do
        local k, v = match(pair, "^([^=]*)=?(.*)$")
        k = unescape(k)
        if t[k] == nil then t[k] = unescape(v) end
    end
    return t
end
_M.parse_query = parse_query

local function is_uint(s, max)
    if type(s) ~= "string" or not match(s, "^%d+$") or #s > 20 then return nil end
    local n = tonumber(s)
    if max and n > max then return nil end
    return n
end

local JSON_HEADERS = { ["Content-Type"] = "application/json; charset=utf-8" }

local function reply(fields, code, info)
    local t = fields or {}
    t.ActionStatus = (code == nil or code == 0) and "OK" or "FAIL"
    t.ErrorCode = code or 0
    t.ErrorInfo = info or ""
    local body, err = json.encode(t)
    if not body then
        return 500, { ["Content-Type"] = "text/plain" }, "tim emulator: cannot encode the answer: " .. err
    end
    return 200, { ["Content-Type"] = JSON_HEADERS["Content-Type"] }, body
end

-- new{ host, port, sdkappid, key, admin, tls = { cert, key }, callback_url, callback_token, callback_cafile,
--      latency_ms, log }
--   -> emulator | nil, err
function _M.new(opts)
    opts = opts or {}
    if type(opts) ~= "table" then error("tim.emulator.new: opts must be a table", 2) end
    local host = opts.host or "127.0.0.1"
    if host ~= "127.0.0.1" and host ~= "::1" and host ~= "localhost" and not opts.allow_non_loopback then
        error("tim.emulator.new: opts.host must be a loopback address (127.0.0.1, ::1, localhost)", 2)
    end
    local sdkappid = opts.sdkappid or _M.DEFAULT_SDKAPPID
    if type(sdkappid) ~= "number" or sdkappid ~= floor(sdkappid) or sdkappid <= 0 then
        error("tim.emulator.new: opts.sdkappid must be a positive integer", 2)
    end
    local key = opts.key or _M.DEFAULT_KEY
    if type(key) ~= "string" or key == "" then error("tim.emulator.new: opts.key must be a non-empty string", 2) end
    if (opts.tls_cert == nil) ~= (opts.tls_key == nil) then
        error("tim.emulator.new: opts.tls_cert and opts.tls_key go together", 2)
    end
    local self = setmetatable({ sdkappid = sdkappid, admin = opts.admin or _M.DEFAULT_ADMIN,
                                faults = {}, rate = { second = 0, calls = 0 }, log = opts.log }, mt)
    -- the key stays out of every printable field (tostring, errors, logs)
    local secret = key
    self.verify = function(sig, identifier, now)
        return core.verify(sig, sdkappid, secret, identifier, now)
    end
    self.st = state.new{ admin = self.admin }
    if opts.latency_ms then self.faults.latency_ms = opts.latency_ms end
    if opts.callback_url then
        local ok, err = self:configure{ callback_url = opts.callback_url, callback_token = opts.callback_token,
                                        callback_cafile = opts.callback_cafile }
        if not ok then return nil, err end
    end
    local srv, err = server.new{ host = host, port = opts.port or 0, log = opts.log,
                                 tls = opts.tls_cert and { cert = opts.tls_cert, key = opts.tls_key } or nil,
                                 handler = function(req, conn) return self:handle(req, conn) end }
    if not srv then return nil, err end
    self.server, self.port, self.host = srv, srv.port, host
    local shown = host == "::1" and "[::1]" or host
    self.endpoint = srv.scheme .. "://" .. shown .. ":" .. tostring(srv.port)
    return self
end

mt.__tostring = function(self) return "tim.emulator " .. (self.endpoint or "?") end

function _M.step(self, timeout) return self.server:step(timeout) end
function _M.serve(self, until_fn) return self.server:serve(until_fn) end
function _M.stop(self) return self.server:stop() end
function _M.close(self) return self.server:close() end

-- configure{ callback_url = url | false, callback_token = t | nil, callback_cafile = path | nil } -> true | nil, err
-- (callback_cafile: the CA that signed an https receiver's certificate, when it is not in the system bundle)
function _M.configure(self, cfg)
    if cfg.callback_url == nil then return true end
    if not cfg.callback_url or cfg.callback_url == "" or cfg.callback_url == json.null then
        self.hook = nil
        return true
    end
    local ok, webhook = pcall(require, "tim.emulator.webhook")
    if not ok then return nil, "tim.emulator.configure: tim.emulator.webhook is not available" end
    local hok, hook = pcall(webhook.new, { url = cfg.callback_url, sdkappid = self.sdkappid,
                                           token = cfg.callback_token ~= json.null and cfg.callback_token or nil,
                                           timeout = cfg.callback_timeout or 2,
                                           tls = { cafile = cfg.callback_cafile ~= json.null
                                                           and cfg.callback_cafile or nil } })
    if not hok then return nil, "tim.emulator.configure: " .. tostring(hook) end
    self.hook = hook
    return true
end

local function fire_fn(self)
    local hook = self.hook
    if not hook then return nil end
    return function(command, body)
        body.EventTime = floor(gettime() * 1000)
        local ok, answer, err = pcall(hook.fire, hook, command, body,
                                      { ClientIP = "127.0.0.1", OptPlatform = "RESTAPI" })
        if not ok then answer, err = nil, answer end
        if not answer and self.log then self.log("callback " .. command .. " failed: " .. tostring(err)) end
        self.st.stats.callbacks = (self.st.stats.callbacks or 0) + 1
        return answer
    end
end

---------------------------------------------------------------------------------------------------------------
-- Control endpoints (/_emulator/*): loopback peers only.

local CONTROL = {}

function CONTROL.reset(self)
    self.st:reset()
    self.faults, self.rate = {}, { second = 0, calls = 0 }
    return { ok = true }
end

-- {"status":502,"count":1} | {"drop":1} | {"ratelimit_after":5} | {"latency_ms":200} | {"clear":true}
function CONTROL.faults(self, body)
    local f = self.faults
    if body.clear then f = {}; self.faults = f end
    if body.status ~= nil then
        if not (type(body.status) == "number" and body.status >= 100 and body.status <= 599) then
            return nil, "status must be an HTTP status"
        end
        f.status, f.status_count = body.status, body.count or 1
    end
    if body.drop ~= nil then f.drop = tonumber(body.drop) or 0 end
    if body.ratelimit_after ~= nil then
        f.ratelimit_after = tonumber(body.ratelimit_after)
        if f.ratelimit_after == nil or f.ratelimit_after <= 0 then f.ratelimit_after = nil end
    end
    if body.latency_ms ~= nil then
        f.latency_ms = tonumber(body.latency_ms)
        if f.latency_ms == nil or f.latency_ms <= 0 then f.latency_ms = nil end
    end
    return { ok = true, faults = { status = f.status, count = f.status_count, drop = f.drop,
                                   ratelimit_after = f.ratelimit_after, latency_ms = f.latency_ms } }
end

function CONTROL.config(self, body)
    local ok, err = self:configure(body)
    if not ok then return nil, err end
    return { ok = true, callback = self.hook ~= nil }
end

-- {"advance": seconds}: move the emulator's clock (dedup windows, UserSig expiry, mutes)
function CONTROL.clock(self, body)
    local s = tonumber(body.advance)
    if not s then return nil, "advance must be a number of seconds" end
    self.st.clock_offset = self.st.clock_offset + s
    return { ok = true, now = self.st:now() }
end

-- {"UserID":"a","Platform":"iPhone"}: mark an account online (for query_online_status and kick)
function CONTROL.login(self, body)
    local a = self.st:account(body.UserID)
    if not a then return nil, "account not imported" end
    a.status, a.platform = "Online", type(body.Platform) == "string" and body.Platform or "Web"
    return { ok = true }
end

function CONTROL.stats(self)
    local s = self.st.stats
    local groups = 0
    for _ in pairs(self.st.groups) do groups = groups + 1 end
    return { ok = true, calls = s.calls, messages = s.messages, callbacks = s.callbacks or 0,
             accounts = #self.st.account_order, groups = groups, connections = self.server.count,
             accepted = self.server.accepted }
end

local function is_loopback(peer)
    return peer == "127.0.0.1" or peer == "::1" or (type(peer) == "string" and match(peer, "^127%.") ~= nil)
        or peer == "::ffff:127.0.0.1"
end

function _M.control(self, req, conn, name)
    local fn = CONTROL[name]
    if not fn then return 404, { ["Content-Type"] = "text/plain" }, "tim emulator: no control endpoint " .. name end
    if not is_loopback(conn and conn.peer) then
        return 403, { ["Content-Type"] = "text/plain" }, "tim emulator: control endpoints are loopback only"
    end
    if req.method ~= "POST" and req.method ~= "GET" then
        return 405, { ["Content-Type"] = "text/plain", ["Allow"] = "POST" }, "tim emulator: use POST"
    end
    local body = {}
    if req.body and req.body ~= "" then
        body = json.decode(req.body)
        if type(body) ~= "table" then return 400, { ["Content-Type"] = "text/plain" }, "tim emulator: bad JSON" end
    end
    local res, err = fn(self, body)
    if not res then return 400, JSON_HEADERS, json.encode({ ok = false, error = err }) end
    return 200, JSON_HEADERS, json.encode(res)
end

---------------------------------------------------------------------------------------------------------------
-- The v4 pipeline

-- Faults apply to /v4 calls, in this order: drop, HTTP status, latency, rate limit.
local function apply_faults(self)
    local f = self.faults
    if f.drop and f.drop > 0 then
        f.drop = f.drop - 1
        return "drop"
    end
    if f.status and f.status_count and f.status_count > 0 then
        f.status_count = f.status_count - 1
        local status = f.status
        if f.status_count == 0 then f.status, f.status_count = nil, nil end
        return status, { ["Content-Type"] = "text/html" },
               "<html><body><h1>" .. status .. "</h1>tim emulator: injected fault</body></html>"
    end
    if f.latency_ms then server.sleep(f.latency_ms / 1000) end
    if f.ratelimit_after then
        local sec = floor(gettime())
        if self.rate.second ~= sec then self.rate.second, self.rate.calls = sec, 0 end
        self.rate.calls = self.rate.calls + 1
        if self.rate.calls > f.ratelimit_after then
            return reply(nil, 60007, "REST API call frequency over limit (tim emulator: ratelimit_after "
                         .. f.ratelimit_after .. " per second)")
        end
    end
end

-- handle(req, conn) -> status, headers, body | "drop"
function _M.handle(self, req, conn)
    local control = match(req.path, "^/_emulator/([%w_]+)$")
    if control then return self:control(req, conn, control) end

    local service, command = match(req.path, "^/v4/([%w_]+)/([%w_]+)$")
    if not service then
        return 404, { ["Content-Type"] = "text/plain" },
               "tim emulator: no such path " .. req.path .. " (the REST API lives under /v4/<service>/<command>)"
    end
    local status, headers, body = apply_faults(self)
    if status then return status, headers, body end
    self.st.stats.calls = self.st.stats.calls + 1

    if req.method ~= "POST" then return reply(nil, 60002, "HTTP method must be POST, not " .. req.method) end
    local q = parse_query(req.query)
    if q.sdkappid == nil or q.sdkappid == "" then return reply(nil, 60012, "sdkappid missing from the URL") end
    local appid = is_uint(q.sdkappid)
    if not appid then return reply(nil, 60006, "sdkappid must be a number") end
    if appid ~= self.sdkappid then
        return reply(nil, 70020, "SDKAppID " .. q.sdkappid .. " not found (check the data centre / region)")
    end
    if q.identifier == nil or q.identifier == "" then return reply(nil, 60004, "identifier missing from the URL") end
    if q.usersig == nil or q.usersig == "" then return reply(nil, 60004, "usersig missing from the URL") end
    if q.random == nil or not is_uint(q.random, 4294967295) then
        return reply(nil, 60002, "random must be an integer in 0..4294967295")
    end
    if q.contenttype ~= "json" then return reply(nil, 60002, "contenttype must be json") end

    local ok, why = self.verify(q.usersig, q.identifier, self.st:now())
    if not ok then
        local c = SIG_CODES[why] or { 70003, "UserSig could not be parsed" }
        return reply(nil, c[1], c[2])
    end
    if q.identifier ~= self.admin then
        return reply(nil, 60010, "identifier " .. q.identifier .. " is not an App admin")
    end

    if req.body == nil or req.body == "" then return reply(nil, 60003, "empty body (send {} at least)") end
    local data = json.decode(req.body)
    if type(data) ~= "table" or data[1] ~= nil or json.is_array(data) then
        return reply(nil, 60003, "body is not a JSON object")
    end

    local path = service .. "/" .. command
    local fn = self.routes[path]
    if not fn then
        local aok, api = pcall(require, "tim.api")
        local known = aok and type(api) == "table" and api.lookup and api.lookup(service, command)
        if known then
            return reply(nil, 60009, "tim emulator: " .. path .. " is a Tencent IM endpoint the emulator does not "
                         .. "emulate")
        end
        return reply(nil, 60009, "tim emulator: unknown endpoint " .. path)
    end
    local ctx = { st = self.st, admin = self.admin, fire = fire_fn(self), emulator = self }
    local res, code, info = fn(ctx, data)
    if not res then return reply(nil, code, info) end
    return reply(res, res.ErrorCode, res.ErrorInfo)
end

-- start(opts) is new(opts): the name the CLI and specs read best with
_M.start = _M.new

-- stats for tools: how many calls, messages, callbacks
function _M.stats(self) return CONTROL.stats(self) end

return _M

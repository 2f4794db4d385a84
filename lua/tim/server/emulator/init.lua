-- tim.emulator: a local Tencent IM REST server for development and tests (loopback only).
--
--   local emulator = require "tim.server.emulator"
--   local emu = assert(emulator.new{ port = 0, sdkappid = 1400000000, key = "…", admin = "administrator" })
--   print(emu.endpoint)      -- http://127.0.0.1:PORT
--   emu:serve()              -- or emu:step(timeout) from your own loop; emu:stop()
--
-- Each /v4/<service>/<command> request is checked the way IM checks it (method, query parameters, UserSig via
-- tim.core.verify, admin identity, JSON body), then answered from in-memory state by the handler the route table
-- names. Control endpoints under /_emulator/ reset state, inject faults and configure callbacks: GET reads, POST
-- with JSON changes state, and only for a loopback Host and the emulator's own Origin (tim.server.emulator.guard).
local core = require "tim.core"
local json = require "tim.base.json"
local state = require "tim.server.emulator.state"
local group = require "tim.server.emulator.family.group"
local server = require "tim.server.emulator.server"
-- the request/callback log, the documented limits and the dashboard (tim.server.emulator.journal, limits, dashboard)
local journal = require "tim.server.emulator.journal"
local limits = require "tim.server.emulator.limits"
local dashboard = require "tim.server.emulator.dashboard"
local guard = require "tim.server.emulator.guard"
local api = require "tim.base.catalogue"
local schema = require "tim.base.schema"

local type, pairs, ipairs, tostring, tonumber, pcall, require = type, pairs, ipairs, tostring, tonumber, pcall,
    require
local setmetatable, error = setmetatable, error
local match, floor, find = string.match, math.floor, string.find
local gettime = require("socket").gettime

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

local defaults = require "tim.base.emulator_identity"
_M.DEFAULT_SDKAPPID = defaults.sdkappid
_M.DEFAULT_KEY = defaults.key
_M.DEFAULT_ADMIN = defaults.admin

-- Routes: "service/command" -> handler(ctx, body) -> response fields | nil, code, info. Data, not branches.
-- Each family module (tim.server.emulator.family.<name>) has `routes` and may have `state` hooks
-- (see tim.server.emulator.state).
local FAMILIES = { "accounts", "profile", "c2c", "group", "group_msg", "group_attr", "group_topic", "avchatroom",
                   "sns", "recentcontact", "config",
                   "follow", "msg_ext", "stream", "push", "ops", "robot", "audit", "search", "official" }
_M.FAMILIES = FAMILIES
_M.routes = {}
local family_hooks = {}
for _, name in ipairs(FAMILIES) do
    local mod = require("tim.server.emulator.family." .. name)
    for path, fn in pairs(mod.routes or {}) do _M.routes[path] = fn end
    if mod.state then family_hooks[#family_hooks + 1] = { name = name, hooks = mod.state } end
end
_M.family_hooks = family_hooks

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

-- A request its page calls malformed (tim.base.schema, the same check the client makes) is answered with the
-- code the page gives for an invalid parameter (the record's `invalid`), else the family's usual one.
local INVALID = { accounts = 70402, profile = 40001, sns = 30001, follow = 30001, c2c = 90001, msg_ext = 90001,
                  stream = 90001, group = 10004, recentcontact = 50002, push = 90001, mute = 90001, ops = 90001,
                  robot = 10004, audit = 2003, search = 27003, official = 10004 }

local function check_body(service, command, data)
    local traits = api.lookup(service, command)
    if traits and not traits.request and traits.alias_of then traits = api.lookup(traits.alias_of) end
    if not (traits and traits.request) then return nil end
    local p = schema.check(traits.request, data, { lenient = traits.seen ~= "fields" })
    if not p then return nil end
    local what = p.reason == "unknown_field" and "unknown field " .. p.field
        or p.reason == "missing" and p.field .. " is required" or p.field .. ": " .. tostring(p.detail)
    -- a page that gives a code per field (sendmsg: 90002 MsgBody, 90003 To_Account, ...) says so in the record
    local by_field = traits.invalid_fields
    local code = by_field and by_field[match(p.field, "^[^.%[]+")]
    return code or traits.invalid or INVALID[traits.family] or 60003, "invalid request: " .. what
end

-- "a=1&b=2" -> { a = "1", b = "2" } (form-decoded, the first of repeated names wins): tim.core, one C pass, as
-- this runs on every request
local core_parse_query = core.parse_query
local function parse_query(q)
    if not q then return {} end
    return (core_parse_query(q))
end
_M.parse_query = parse_query

local function is_uint(s, max)
    if type(s) ~= "string" or not match(s, "^%d+$") or #s > 20 then return nil end
    local n = tonumber(s)
    if max and n > max then return nil end
    return n
end

-- checked and formatted once (tim.net.http.headers): every answer carries the same header block
local JSON_HEADERS = require("tim.net.http").headers{ ["Content-Type"] = "application/json; charset=utf-8" }

-- reply(fields, code, info) -> status, headers, body, code, info (the last two for the journal)
local function reply(fields, code, info)
    local t = fields or {}
    t.ActionStatus = (code == nil or code == 0) and "OK" or "FAIL"
    t.ErrorCode = code or 0
    t.ErrorInfo = info or ""
    local body, err = json.encode(t)
    if not body then
        return 500, { ["Content-Type"] = "text/plain" }, "tim emulator: cannot encode the answer: " .. err,
               t.ErrorCode, t.ErrorInfo
    end
    return 200, JSON_HEADERS, body, t.ErrorCode, t.ErrorInfo
end

-- verify(sig, identifier, now) -> fields | nil, reason, for one app. The key stays in this closure, out of every
-- printable field (tostring, errors, logs). A client sends the same admin sig for days: its verification (inflate,
-- HMAC) is done once and remembered (a few sigs), and only its validity window is checked again on each request.
local function sig_verifier(sdkappid, secret)
    local verified, verified_n = {}, 0
    return function(sig, identifier, now)
        local known = verified[sig]
        if known and known.identifier == identifier then
            if now > known.time + known.expire then
                return nil, "expired"
            end
            return known
        end
        local fields, why = core.verify(sig, sdkappid, secret, identifier, now)
        if fields then
            if verified_n >= 64 then verified, verified_n = {}, 0 end
            verified[sig], verified_n = fields, verified_n + 1
        end
        return fields, why
    end
end

-- new{ host, port, sdkappid, key, admin, tls = { cert, key }, callback_url, callback_token, callback_cafile,
--      latency_ms, log, loop (a tim.loop to run on; default: its own), import = snapshot file,
--      header_timeout, body_timeout, idle_timeout, max_body_bytes (tim.server.emulator.server's),
--      server (a host that does HTTP itself and calls emu:handle: the part of tim.server.emulator.server the emulator
--              uses instead of one: port, scheme, count/accepted/evicted, sleep(s), stop(), close(), step(),
--              serve(), transport(opts); tim.server.emulator.ngx) }
--   -> emulator | nil, err
function _M.new(opts)
    opts = opts or {}
    if type(opts) ~= "table" then error(bad_argument(1, "tim.emulator.new", "opts must be a table"), 2) end
    local host = opts.host or "127.0.0.1"
    if host ~= "127.0.0.1" and host ~= "::1" and host ~= "localhost" and not opts.allow_non_loopback then
        error(bad_argument(1, "tim.emulator.new",
                           "opts.host must be a loopback address (127.0.0.1, ::1, localhost)"), 2)
    end
    local sdkappid = opts.sdkappid or _M.DEFAULT_SDKAPPID
    if type(sdkappid) ~= "number" or sdkappid ~= floor(sdkappid) or sdkappid <= 0 then
        error(bad_argument(1, "tim.emulator.new", "opts.sdkappid must be a positive integer"), 2)
    end
    local key = opts.key or _M.DEFAULT_KEY
    if type(key) ~= "string" or key == "" then
        error(bad_argument(1, "tim.emulator.new", "opts.key must be a non-empty string"), 2)
    end
    for _, name in ipairs{ "header_timeout", "body_timeout", "idle_timeout", "max_body_bytes" } do
        local v = opts[name]
        if v ~= nil and (type(v) ~= "number" or v ~= v or v <= 0) then
            error(bad_argument(1, "tim.emulator.new", "opts." .. name .. " must be a positive number"), 2)
        end
    end
    if (opts.tls_cert == nil) ~= (opts.tls_key == nil) then
        error(bad_argument(1, "tim.emulator.new", "opts.tls_cert and opts.tls_key go together"), 2)
    end
    local self = setmetatable({ sdkappid = sdkappid, sdkappid_text = string.format("%d", sdkappid),
                                admin = opts.admin or _M.DEFAULT_ADMIN,
                                faults = {}, rate = { second = 0, calls = 0 }, log = opts.log }, mt)
    self.verify = sig_verifier(sdkappid, key)
    self.st = state.new{ admin = self.admin, families = family_hooks }
    self.journal = journal.new()
    local cok, oerr = self:configure{ rate_limits = opts.rate_limits, moderation_keywords = opts.moderation_keywords }
    if not cok then return nil, "tim.emulator.new: " .. oerr end
    if opts.latency_ms then self.faults.latency_ms = opts.latency_ms end
    if opts.import then
        local ok, err = self:import_file(opts.import)
        if not ok then return nil, "tim.emulator.new: " .. err end
    end
    local srv = opts.server
    if not srv then
        local err
        srv, err = server.new{ host = host, port = opts.port or 0, log = opts.log, loop = opts.loop,
                               tls = opts.tls_cert and { cert = opts.tls_cert, key = opts.tls_key } or nil,
                               handler = function(req, conn) return self:handle(req, conn) end,
                               header_timeout = opts.header_timeout, body_timeout = opts.body_timeout,
                               idle_timeout = opts.idle_timeout, max_body_bytes = opts.max_body_bytes }
        if not srv then return nil, err end
    end
    self.server, self.port, self.host = srv, srv.port, host
    if opts.callback_url then
        local ok, cerr = self:configure{ callback_url = opts.callback_url, callback_token = opts.callback_token,
                                         callback_cafile = opts.callback_cafile }
        if not ok then
            srv:close()
            return nil, cerr
        end
    end
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
    local lok, lerr = limits.configure(self, cfg)
    if lok then lok, lerr = require("tim.server.emulator.family.audit").configure(self, cfg) end
    if not lok then return nil, lerr end
    if cfg.callback_url == nil then return true end
    if not cfg.callback_url or cfg.callback_url == "" or cfg.callback_url == json.null then
        self.hook, self.ctx = nil, nil
        return true
    end
    local webhook = require "tim.server.emulator.webhook"
    local hok, hook = pcall(webhook.new, { url = cfg.callback_url, sdkappid = self.sdkappid,
                                           transport = self.server and self.server:transport{ pool_size = 4 },
                                           token = cfg.callback_token ~= json.null and cfg.callback_token or nil,
                                           timeout = cfg.callback_timeout or 2,
                                           tls = { cafile = cfg.callback_cafile ~= json.null
                                                           and cfg.callback_cafile or nil } })
    if not hok then return nil, "tim.emulator.configure: " .. tostring(hook) end
    self.hook, self.ctx = hook, nil
    return true
end

-- ctx.fire for the handlers: made once per callback URL (a closure made on each request, and an early return that
-- closes upvalues, both stop LuaJIT from compiling the request's path)
local function fire_fn(self, hook)
    return function(command, body)
        body.EventTime = floor(gettime() * 1000)
        local t0 = gettime()
        local ok, answer, err = pcall(hook.fire, hook, command, body,
                                      { ClientIP = "127.0.0.1", OptPlatform = "RESTAPI" })
        if not ok then answer, err = nil, answer end
        self.journal:callback(command, body, answer, not answer and (err or "no answer") or nil, gettime() - t0,
                              self.st.stats)
        if not answer and self.log then self.log("callback " .. command .. " failed: " .. tostring(err)) end
        self.st.stats.callbacks = (self.st.stats.callbacks or 0) + 1
        return answer
    end
end

---------------------------------------------------------------------------------------------------------------
-- Control endpoints (/_emulator/*): the developer's own tools only (tim.server.emulator.guard says who that is).

local CONTROL = {}

function CONTROL.reset(self)
    self.st:reset()
    limits.reset(self)
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

-- {"advance": seconds}: move the emulator's clock (dedup windows, UserSig expiry, mutes). Whole seconds: the state
-- keeps times as integers (os.date and the snapshot's types need them)
function CONTROL.clock(self, body)
    local s = tonumber(body.advance)
    if not s or s ~= floor(s) or s ~= s or s == math.huge or s == -math.huge then
        return nil, "advance must be a whole number of seconds"
    end
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

-- GET: the snapshot of the whole state; POST { snapshot }: load one, replacing the state (whole or not at all)
function CONTROL.state(self, body, method)
    if method == "GET" then return self:snapshot() end
    local ok, err = self:load(body)
    if not ok then return nil, err end
    return { ok = true, accounts = self.st.account_count }
end

-- stop the serve loop (the CLI then writes --export-on-exit); the answer goes out first
function CONTROL.stop(self)
    self.server:stop()
    return { ok = true, stopping = true }
end

-- {"GroupId":"@TGS#a…","Member_Account":"a"}: the account enters an AVChatRoom as a client would (online list)
function CONTROL.join(self, body)
    local g = type(body.GroupId) == "string" and group.get(self.st, body.GroupId)
    if not g or g.Type ~= "AVChatRoom" then return nil, "GroupId must name an AVChatRoom" end
    if not self.st:account(body.Member_Account) then return nil, "Member_Account not imported" end
    if g.bans[body.Member_Account] and g.bans[body.Member_Account].until_ > self.st:now() then
        return nil, "Member_Account is banned from this group"
    end
    require("tim.server.emulator.family.avchatroom").join(self.st, g, body.Member_Account)
    return { ok = true }
end

function CONTROL.leave(self, body)
    local g = type(body.GroupId) == "string" and group.get(self.st, body.GroupId)
    if not g or g.Type ~= "AVChatRoom" then return nil, "GroupId must name an AVChatRoom" end
    g.online[body.Member_Account or ""] = nil
    return { ok = true }
end

function CONTROL.stats(self)
    local s = self.st.stats
    local groups = 0
    for _ in group.each(self.st) do groups = groups + 1 end
    return { ok = true, calls = s.calls, messages = s.messages, callbacks = s.callbacks or 0,
             accounts = self.st.account_count, groups = groups, connections = self.server.count,
             accepted = self.server.accepted, evicted = self.server.evicted }
end

-- The methods each endpoint takes: GET reads; whatever changes state takes POST with JSON (tim.server.emulator.guard).
-- stats reads with either (tools POST it with {}); the dashboard's paths are named by tim.server.emulator.dashboard.
local CONTROL_METHODS = {}
for name, list in pairs{ reset = "POST", faults = "POST", config = "POST", clock = "POST", login = "POST",
                         stop = "POST", join = "POST", leave = "POST", state = "GET POST", stats = "GET POST" } do
    CONTROL_METHODS[name] = guard.methods(list)
end

-- control(req, conn, name) -> status, headers, body: one control endpoint, once the guard let it through
function _M.control(self, req, conn, name)
    local fn = CONTROL[name]
    if not fn then return 404, { ["Content-Type"] = "text/plain" }, "tim emulator: no control endpoint " .. name end
    local body = {}
    if req.body and req.body ~= "" then
        body = json.decode(req.body)
        if type(body) ~= "table" then return 400, { ["Content-Type"] = "text/plain" }, "tim emulator: bad JSON" end
    end
    local res, err = fn(self, body, req.method, conn)
    if not res then return 400, JSON_HEADERS, json.encode({ ok = false, error = err }) end
    local text, eerr = json.encode(res)
    if not text then return 500, JSON_HEADERS, json.encode({ ok = false, error = eerr }) end
    return 200, JSON_HEADERS, text
end

-- Every /_emulator/ path (control endpoints and dashboard): the guard first, then the endpoint; nothing of the
-- state is read or written for a request the guard refuses.
local function control_plane(self, req, conn)
    local name = match(req.path, "^/_emulator/([%w_]+)$")
    local page = dashboard.paths[req.path]
    local methods = page and dashboard.methods[req.path] or name and CONTROL_METHODS[name]
    local status, headers, body = guard.check(req, conn, { port = self.port, scheme = self.server.scheme,
                                                           methods = methods })
    if status then return status, headers, body end
    if page then return page(self, req) end
    if not methods then
        return 404, { ["Content-Type"] = "text/plain" }, "tim emulator: no control endpoint " .. req.path
    end
    return self:control(req, conn, name)
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
    if f.latency_ms then self.server.sleep(f.latency_ms / 1000) end
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

-- "/v4/<service>/<command>" -> service, command, "service/command"; paths seen are kept (a bounded number)
local v4_paths, v4_paths_n = {}, 0
local function v4_path(path)
    local p = v4_paths[path]
    if p then return p[1], p[2], p[3] end
    local service, command = match(path, "^/v4/([%w_]+)/([%w_]+)$")
    if not service then return nil end
    if v4_paths_n >= 1024 then v4_paths, v4_paths_n = {}, 0 end
    v4_paths[path], v4_paths_n = { service, command, service .. "/" .. command }, v4_paths_n + 1
    return service, command, service .. "/" .. command
end

local function handle_request(self, req)
    local service, command, path = v4_path(req.path)
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
    local appid = q.sdkappid == self.sdkappid_text and self.sdkappid or is_uint(q.sdkappid)
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

    local lcode, linfo = limits.check(self, service, command, data)
    if lcode then return reply(nil, lcode, linfo) end
    local fn = self.routes[path]
    if not fn then
        if api.lookup(service, command) then
            return reply(nil, 60009, "not emulated: " .. path .. " (a Tencent IM endpoint the tim emulator does "
                         .. "not emulate)")
        end
        return reply(nil, 60009, "tim emulator: unknown endpoint " .. path)
    end
    local icode, iinfo = check_body(service, command, data)
    if icode then return reply(nil, icode, iinfo) end
    -- one context per configuration (no handler writes to it; configure() makes the next one)
    local ctx = self.ctx
    if not ctx then
        local fire = self.hook and fire_fn(self, self.hook) or nil
        ctx = { st = self.st, admin = self.admin, fire = fire, emulator = self }
        self.ctx = ctx
    end
    local res, code, info = fn(ctx, data)
    if not res then return reply(nil, code, info) end
    return reply(res, res.ErrorCode, res.ErrorInfo)
end

-- handle(req, conn) -> status, headers, body | "drop"; the control plane and dashboard under /_emulator/, every
-- /v4 call journaled
function _M.handle(self, req, conn)
    if find(req.path, "/_emulator/", 1, true) == 1 then return control_plane(self, req, conn) end
    local t0 = gettime()
    local status, headers, body, code, info = handle_request(self, req)
    if find(req.path, "/v4/", 1, true) == 1 then
        self.journal:request(req.path, status, code, info, gettime() - t0, req.body,
                             type(body) == "string" and body or nil)
    end
    return status, headers, body
end

---------------------------------------------------------------------------------------------------------------
-- Snapshots (format and version: tim.server.emulator.state; docs/emulator.md)

-- snapshot() -> the whole state as a plain table (json.encode it to save it)
function _M.snapshot(self)
    return self.st:snapshot()
end

-- load(snapshot_table) -> true | nil, err. Nothing changes unless the whole snapshot loads.
function _M.load(self, snap)
    local fresh, err = state.load({ admin = self.admin, families = family_hooks, clock = self.st.clock }, snap)
    if not fresh then return nil, err end
    self.st:replace(fresh)
    return true
end

-- export_file(path) -> true | nil, err (written to path.tmp, then renamed: a crash never leaves half a file)
function _M.export_file(self, path)
    local text, err = json.encode(self:snapshot())
    if not text then return nil, "cannot encode the state: " .. tostring(err) end
    local tmp = path .. ".tmp"
    local f, ferr = io.open(tmp, "wb")
    if not f then return nil, "cannot write " .. tmp .. ": " .. tostring(ferr) end
    local ok, werr = f:write(text, "\n")
    f:close()
    if not ok then os.remove(tmp); return nil, "cannot write " .. tmp .. ": " .. tostring(werr) end
    local rok, rerr = os.rename(tmp, path)
    if not rok then os.remove(tmp); return nil, "cannot rename " .. tmp .. ": " .. tostring(rerr) end
    return true
end

-- import_file(path) -> true | nil, err
function _M.import_file(self, path)
    local f, ferr = io.open(path, "rb")
    if not f then return nil, "cannot read " .. tostring(path) .. ": " .. tostring(ferr) end
    local text = f:read("*a")
    f:close()
    local snap, derr = json.decode(text)
    if type(snap) ~= "table" then return nil, tostring(path) .. " is not JSON: " .. tostring(derr) end
    local ok, err = self:load(snap)
    if not ok then return nil, tostring(path) .. ": " .. err end
    return true
end

--- tune_collector(): Lua's collector set for a process that serves the emulator alone and keeps a long-lived,
-- growing store (`tim emulator` calls it; a host that embeds the emulator keeps its own settings). Lua 5.4 runs
-- incremental, with the smallest step multiplier and 1 KB steps: a cycle's work (marking a store of hundreds of
-- megabytes, sweeping millions of objects at a few hundred nanoseconds each) is spread over as many requests as
-- the heap's growth allows, a fraction of a millisecond each, where the defaults made every request of a cycle pay
-- milliseconds and generational mode makes each major collection one atomic mark of the whole store (0.4-1.6 s
-- at 150-700 MB). glibc's fastbins are off (tim.core.no_fastbins): what a sweep freed would otherwise be
-- coalesced all at once by the next large malloc. LuaJIT keeps its own collector and allocator. Figures and the
-- runs behind them: docs/performance.md.
function _M.tune_collector()
    if _VERSION ~= "Lua 5.4" or rawget(_G, "jit") then return false end
    collectgarbage("incremental", 200, 1, 10)
    core.no_fastbins()
    return true
end

-- start(opts) is new(opts): the name the CLI and specs read best with
_M.start = _M.new

-- stats for tools: how many calls, messages, callbacks
function _M.stats(self) return CONTROL.stats(self) end

return _M

-- tim.server.emulator.webhook: the emulator's side of IM callbacks. Builds the callback URL the way Tencent IM does
-- (SdkAppid, CallbackCommand, contenttype=json, ClientIP, OptPlatform, and with a token Sign + RequestTime),
-- POSTs the JSON event and returns the app's decoded answer.
--
--   local hook = webhook.new{ url = "http://127.0.0.1:8080/im", token = "t" | nil, sdkappid = 1400000000 }
--   local reply, err = hook:fire("C2C.CallbackBeforeSendMsg", body, { ClientIP = "127.0.0.1" })
--   local d = webhook.interpret("C2C.CallbackBeforeSendMsg", reply)   -- d.action = "allow" | "reject" | "drop"
local core = require "tim.core"

local type, tostring, tonumber, pairs, pcall, require, setmetatable, error = type, tostring, tonumber, pairs,
    pcall, require, setmetatable, error
local find, match, fmt, concat, floor = string.find, string.match, string.format, table.concat, math.floor
local os_time = os.time

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

_M.DEFAULT_TIMEOUT = 2          -- seconds: IM's own limit for before-callbacks
local MAX_REPLY = 1024 * 1024   -- bytes of answer we are willing to decode

local json = require "tim.base.json"
local commands = require("tim.server.callback.commands").commands
local json_decode, json_encode = json.decode, json.encode

local mt = { __index = _M, __tostring = function(self) return "tim.emulator.webhook " .. self.where end }

-- "http://host:port/path?query" -> scheme, host, port, path ("/..." with any query kept)
local function parse_url(url)
    local scheme, rest = match(url, "^(https?)://(.+)$")
    if not scheme then return nil end
    rest = match(rest, "^([^#]*)")
    local hostport, path = match(rest, "^([^/?]+)(.*)$")
    if not hostport then return nil end
    local host, port = match(hostport, "^%[([%x:.]+)%]:?(%d*)$")
    if not host then host, port = match(hostport, "^([^:@]+):?(%d*)$") end
    if not host then return nil end
    port = port ~= "" and tonumber(port) or (scheme == "https" and 443 or 80)
    if port < 1 or port > 65535 then return nil end
    if path == "" then path = "/" elseif find(path, "^%?") then path = "/" .. path end
    return scheme, host, port, path
end

local function integer_string(v)
    if type(v) == "number" and v == floor(v) and v >= 0 then return fmt("%d", v) end
    if type(v) == "string" and find(v, "^%d+$") then return v end
    return nil
end

-- new{ url =, token = string | nil, sdkappid =, timeout = 2, transport = obj with :request(req) | nil,
--      tls = { cafile =, insecure_skip_verify = } | nil } -> hook
function _M.new(opts)
    if type(opts) ~= "table" then
        error(bad_argument(1, "tim.server.emulator.webhook.new", "opts must be a table"), 2)
    end
    if type(opts.url) ~= "string" then
        error(bad_argument(1, "tim.server.emulator.webhook.new", "opts.url must be a string"), 2)
    end
    local scheme, host, port, path = parse_url(opts.url)
    if not scheme then
        error(bad_argument(1, "tim.server.emulator.webhook.new", "opts.url must be an http:// or https:// URL"), 2)
    end
    local appid = integer_string(opts.sdkappid)
    if not appid then
        error(bad_argument(1, "tim.server.emulator.webhook.new", "opts.sdkappid must be an integer"), 2)
    end
    if opts.token ~= nil and (type(opts.token) ~= "string" or opts.token == "") then
        error(bad_argument(1, "tim.server.emulator.webhook.new", "opts.token must be a non-empty string or nil"), 2)
    end
    local timeout = opts.timeout or _M.DEFAULT_TIMEOUT
    if type(timeout) ~= "number" or timeout <= 0 then
        error(bad_argument(1, "tim.server.emulator.webhook.new",
                           "opts.timeout must be a positive number of seconds"), 2)
    end
    if opts.transport ~= nil and (type(opts.transport) ~= "table" or type(opts.transport.request) ~= "function") then
        error(bad_argument(1, "tim.server.emulator.webhook.new",
                           "opts.transport must be an object with :request(req)"), 2)
    end
    local tls
    if scheme == "https" then
        local t = opts.tls or {}
        if t.insecure_skip_verify ~= nil and t.insecure_skip_verify ~= true then
            error(bad_argument(1, "tim.server.emulator.webhook.new",
                               "opts.tls.insecure_skip_verify must be true or absent"), 2)
        end
        tls = { verify = t.insecure_skip_verify ~= true, cafile = t.cafile, server_name = host,
                insecure_skip_verify = t.insecure_skip_verify }
    end
    return setmetatable({
        scheme = scheme, host = host, port = port, path = path, appid = appid,
        token = opts.token, timeout = timeout, transport = opts.transport, tls = tls,
        where = fmt("%s://%s:%d%s", scheme, host, port, (match(path, "^[^?]*"))),
        clock = opts.clock or os_time,
    }, mt)
end

-- hook:target(command [, params]) -> path with the callback query (what fire() requests), request_time
-- params: ClientIP (default "127.0.0.1"), OptPlatform (default "RESTAPI"), RequestTime (default now)
function _M:target(command, params)
    if type(command) ~= "string" or command == "" then
        error(bad_argument(1, "hook:target", "command must be a CallbackCommand string"), 2)
    end
    params = params or {}
    local q = {
        "SdkAppid=" .. self.appid,
        "CallbackCommand=" .. core.urlencode(command),
        "contenttype=json",
        "ClientIP=" .. core.urlencode(tostring(params.ClientIP or "127.0.0.1")),
        "OptPlatform=" .. core.urlencode(tostring(params.OptPlatform or "RESTAPI")),
    }
    local t
    if self.token then
        t = integer_string(params.RequestTime) or fmt("%d", self.clock())
        -- the documented order: ...&Sign=<hex>&RequestTime=<seconds>
        q[#q + 1] = "Sign=" .. core.sha256_hex(self.token .. t)
        q[#q + 1] = "RequestTime=" .. t
    end
    local sep = find(self.path, "?", 1, true) and "&" or "?"
    return self.path .. sep .. concat(q, "&"), t
end

local function failure(command, self, what)
    return nil, "tim.emulator.webhook: " .. command .. " to " .. self.where .. ": " .. what
end

-- hook:fire(command, body, params) -> reply table | nil, err (string; never contains the token)
function _M:fire(command, body, params)
    if type(body) ~= "table" then error(bad_argument(2, "hook:fire", "body must be a table"), 2) end
    local path = self:target(command, params)
    local event = {}
    for k, v in pairs(body) do event[k] = v end
    event.CallbackCommand = command   -- the body repeats the command
    local ok, text = pcall(json_encode, event)
    if not ok or type(text) ~= "string" then return failure(command, self, "event not encodable as JSON") end

    local transport = self.transport
    if not transport then
        -- loaded here, not at the top: under nginx the emulator hands its cosocket transport in, and LuaSocket
        -- may not be there
        local t, err = require("tim.net.transport.socket").new{ pool_size = 4 }
        if not t then return failure(command, self, tostring(err)) end
        self.transport, transport = t, t
    end
    local req = {
        method = "POST", scheme = self.scheme, host = self.host, port = self.port, path = path,
        headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" },
        body = text, timeout = self.timeout, tls = self.tls,
    }
    local rok, resp, err = pcall(transport.request, transport, req)
    if not rok then return failure(command, self, "transport raised: " .. tostring(resp)) end
    if not resp then
        return failure(command, self, type(err) == "table" and tostring(err.message or err.kind) or tostring(err))
    end
    if resp.status ~= 200 then return failure(command, self, "HTTP " .. tostring(resp.status)) end
    local rbody = resp.body
    if type(rbody) ~= "string" or rbody == "" then return failure(command, self, "empty reply") end
    if #rbody > MAX_REPLY then return failure(command, self, "reply too large") end
    local dok, reply = pcall(json_decode, rbody)
    if not dok or type(reply) ~= "table" then return failure(command, self, "reply is not a JSON object") end
    return reply
end

-- interpret(command, reply) -> { action = "allow" | "reject" | "drop", code =, info =, MsgBody =,
-- CloudCustomData = }. A missing or unreadable reply allows (IM lets the action through when a callback fails).
-- drop only for message before-callbacks; any other non-zero ErrorCode rejects.
function _M.interpret(command, reply)
    local d = { action = "allow", code = 0, info = "" }
    if type(reply) ~= "table" then return d end
    local code = reply.ErrorCode
    if type(code) ~= "number" then return d end
    d.code, d.info = code, type(reply.ErrorInfo) == "string" and reply.ErrorInfo or ""
    local traits = commands[command]
    if code == 0 then
        if traits and traits.modify then
            if type(reply.MsgBody) == "table" and reply.MsgBody[1] ~= nil then d.MsgBody = reply.MsgBody end
            if type(reply.CloudCustomData) == "string" then d.CloudCustomData = reply.CloudCustomData end
        end
    elseif code == 2 and traits and traits.drop then
        d.action = "drop"
    else
        d.action = "reject"
    end
    return d
end

return _M

-- tim.server.emulator.ngx: the emulator inside nginx with the Lua module (Debian's nginx with
-- libnginx-mod-http-lua, or OpenResty), one worker. nginx reads and writes HTTP; each request goes to the same
-- emu:handle() that tim.server.emulator.server calls, so every answer, check and journal line is the emulator's
-- own. `tim emulator --nginx` writes the nginx.conf that uses it (tim.server.emulator.openresty):
--
--   init_worker_by_lua_block { require("tim.server.emulator.ngx").init("<prefix>/conf/emulator.json") }
--   location / { content_by_lua_block { require("tim.server.emulator.ngx").serve() } }
--
-- One worker: the state lives in that worker's Lua VM (a second worker would be a second emulator). What
-- tim.server.emulator.server does besides HTTP, nginx's host object below does: an injected latency is ngx.sleep, a
-- dropped connection is ngx.exit(444), callbacks go out through cosockets (tim.net.transport.ngx), and a stop (POST
-- /_emulator/stop) leaves a file that the CLI, which runs nginx, watches for.
-- luacheck: globals ngx (this module sets ngx.status and ngx.header)
local emulator = require "tim.server.emulator"
local server = require "tim.server.emulator.server"
local json = require "tim.base.json"

local ngx = ngx
local pairs, pcall, tonumber, tostring, type, setmetatable = pairs, pcall, tonumber, tostring, type, setmetatable
local find, sub = string.find, string.sub

local _M = { _VERSION = require "tim.version" }

local emu, failed          -- the worker's emulator, or why it could not start

-- The part of tim.server.emulator.server the emulator uses, done by nginx. count and accepted (the stats) are read from
-- nginx when asked for: the connections open now, and the serial number of the one asking.
local host = { scheme = "http", evicted = 0 }
setmetatable(host, { __index = function(_, k)
    if k == "count" then return tonumber(ngx.var.connections_active) or 0 end
    if k == "accepted" then return tonumber(ngx.var.connection) or 0 end
end })

function host.sleep(seconds)
    if seconds and seconds > 0 then ngx.sleep(seconds) end
end

function host.transport(_, opts)
    return require("tim.net.transport.ngx").new(opts)
end

-- POST /_emulator/stop: the CLI that runs this nginx sees the file, exports the state if asked to, then stops it
function host.stop(self)
    if self.stop_file then
        local f = io.open(self.stop_file, "w")
        if f then f:close() end
    end
end

function host.close() end
function host.step() return 0 end
function host.serve() error("tim.server.emulator.ngx: nginx serves this emulator; stop it with its CLI", 2) end

local function log(msg)
    ngx.log(ngx.WARN, "tim emulator: ", msg)
end

--- init(config_path): in init_worker_by_lua. The config is the JSON object tim.server.emulator.openresty writes: the
-- emulator's options (sdkappid, key, admin, port, scheme, callback_*, latency_ms, import, rate_limits,
-- moderation_keywords, quiet) and stop_file. A failure is logged and answered to every request.
function _M.init(config_path)
    local f, ferr = io.open(config_path, "rb")
    if not f then failed = "cannot read " .. config_path .. ": " .. tostring(ferr); log(failed); return end
    local cfg = json.decode(f:read("*a"))
    f:close()
    if type(cfg) ~= "table" then failed = config_path .. " is not a JSON object"; log(failed); return end
    host.port, host.scheme, host.stop_file = cfg.port, cfg.scheme or "http", cfg.stop_file
    local ok, e, err = pcall(emulator.new, {
        host = cfg.host, port = cfg.port, sdkappid = cfg.sdkappid, key = cfg.key, admin = cfg.admin,
        callback_url = cfg.callback_url, callback_token = cfg.callback_token, callback_cafile = cfg.callback_cafile,
        latency_ms = cfg.latency_ms, import = cfg.import, rate_limits = cfg.rate_limits,
        moderation_keywords = cfg.moderation_keywords, server = host,
        log = not cfg.quiet and log or nil })
    if not ok or not e then
        failed = tostring(ok and err or e)
        log("cannot start: " .. failed)
        return
    end
    emu = e
end

-- The request as tim.net.http's server half reads it: the raw target split at "?", as the emulator's own server
-- does (ngx.var.uri would be decoded and normalised). The headers are read from nginx only when asked for (the
-- control plane's guard): a /v4 call does not need them.
local HEADERS_ON_DEMAND = { __index = function(req, k)
    if k == "headers" then
        local h = ngx.req.get_headers(100)
        req.headers = h
        return h
    end
end }

local function body_of()
    ngx.req.read_body()
    local body = ngx.req.get_body_data()
    if body then return body end
    local file = ngx.req.get_body_file()          -- larger than client_body_buffer_size
    if not file then return "" end
    local f = io.open(file, "rb")
    if not f then return "" end
    body = f:read("*a")
    f:close()
    return body
end

local function request()
    local target = ngx.var.request_uri
    local q = find(target, "?", 1, true)
    local path, query = target, nil
    if q then path, query = sub(target, 1, q - 1), sub(target, q + 1) end
    return setmetatable({ method = ngx.req.get_method(), target = target, path = path, query = query,
                          version = "1.1", keepalive = true, body = body_of() }, HEADERS_ON_DEMAND)
end

local function handle(req, conn)
    return emu:handle(req, conn)
end

--- serve(): in content_by_lua, for every location.
function _M.serve()
    if not emu then
        ngx.status = 500
        ngx.header["Content-Type"] = "text/plain"
        ngx.print("tim emulator: not started: ", failed or "init() was not called")
        return
    end
    local req = request()
    local status, headers, body = server.answer(handle, req, { peer = ngx.var.remote_addr }, emu.log)
    if status == "drop" then return ngx.exit(444) end
    ngx.status = status
    for k, v in pairs(headers or {}) do ngx.header[k] = v end
    -- a length, as the emulator's own server sends, not nginx's chunked encoding
    ngx.header["Content-Length"] = body and #body or 0
    if body and body ~= "" then ngx.print(body) end
end

-- the emulator of this worker (specs, tools in the same nginx)
function _M.emulator() return emu end

return _M

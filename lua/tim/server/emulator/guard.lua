-- tim.server.emulator.guard: who may use the emulator's control plane and dashboard (every path under /_emulator/).
--
-- They are for the developer's own tools, and the developer's browser is also on loopback: a loopback peer
-- alone proves nothing. A page from anywhere can make that browser send a GET (an <img> tag), a "simple" POST
-- (text/plain, form data: no preflight, with or without no-cors) and, after DNS rebinding, any request under a
-- Host name of its own. So, before anything is read from or written to the state:
--   * the Host header must name loopback (localhost, 127.0.0.0/8, [::1]) with the emulator's port: a rebound
--     name (evil.example resolving to 127.0.0.1) is refused, so such a page can read nothing;
--   * an Origin header, when present, must be the emulator's own origin (its scheme, a loopback name, its
--     port): a page elsewhere is refused whatever it sends (a browser always sends Origin on a cross-origin POST);
--   * GET only reads; what changes state takes POST with a JSON body (Content-Type: application/json), which
--     no page can send cross-origin without a CORS preflight, and the emulator answers no preflight (405).
local type, pairs = type, pairs
local lower, match = string.lower, string.match

local checks = require "tim.base.checks"

local _M = { _VERSION = require "tim.version" }

local TEXT = { ["Content-Type"] = "text/plain; charset=utf-8" }

local function refuse(status, why, extra)
    local headers = TEXT
    if extra then
        headers = { ["Content-Type"] = TEXT["Content-Type"] }
        for k, v in pairs(extra) do headers[k] = v end
    end
    return status, headers, "tim emulator: " .. why
end

-- a loopback peer address as the listener reports it
_M.loopback_peer = checks.is_loopback_peer

local DEFAULT_PORT = { http = 80, https = 443 }

-- loopback_authority("localhost:8080", 8080, "http") -> true: a loopback name with this port (the port may be
-- left out only where it is the scheme's default, as a browser leaves it out)
function _M.loopback_authority(value, port, scheme)
    if type(value) ~= "string" then return false end
    local name, p = match(value, "^(%[[^%]]*%])(.*)$")
    if not name then name, p = match(value, "^([^:]*)(.*)$") end
    if p == "" then
        if DEFAULT_PORT[scheme] ~= port then return false end
    elseif p ~= ":" .. port then
        return false
    end
    return name ~= "::1" and checks.is_loopback_host(name)       -- IPv6 only in brackets in a Host
end

-- the value of an Origin header is this emulator's own origin: its scheme, a loopback name and its port
local function own_origin(origin, port, scheme)
    local s, authority = match(origin, "^(%a[%w+.-]*)://([^/]+)$")
    return s ~= nil and lower(s) == scheme and _M.loopback_authority(authority, port, scheme)
end

-- media type of a Content-Type value, without its parameters ("application/json; charset=utf-8")
local function media_type(value)
    if type(value) ~= "string" then return nil end
    return lower(match(value, "^%s*([^;%s]*)"))
end

-- check(req, conn, opts) -> nil (go on) | status, headers, body (refused)
-- opts: port, scheme (the emulator's own), methods (the endpoint's, from methods(), or nil when the path names
-- no endpoint).
function _M.check(req, conn, opts)
    if not _M.loopback_peer(conn and conn.peer) then
        return refuse(403, "the control plane is loopback only")
    end
    local headers = req.headers or {}
    if not _M.loopback_authority(headers.host, opts.port, opts.scheme) then
        return refuse(403, "the control plane answers only to a loopback Host with this port (localhost:"
                           .. opts.port .. ", 127.0.0.1:" .. opts.port .. ", [::1]:" .. opts.port .. ")")
    end
    local origin = headers.origin
    if origin ~= nil and not own_origin(origin, opts.port, opts.scheme) then
        return refuse(403, "the control plane answers only to its own origin, not to a page elsewhere")
    end
    local methods = opts.methods
    if not methods then return nil end      -- no such endpoint: the caller answers 404
    if not methods.set[req.method] then
        return refuse(405, "use " .. methods.allow, { Allow = methods.allow })
    end
    if req.method == "POST" and media_type(headers["content-type"]) ~= "application/json" then
        return refuse(415, "a POST to the control plane must be JSON (Content-Type: application/json)")
    end
    return nil
end

-- methods("GET POST") -> { set = { GET = true, POST = true }, allow = "GET, POST" }
function _M.methods(list)
    local set, names = {}, {}
    for m in list:gmatch("%u+") do
        set[m] = true
        names[#names + 1] = m
    end
    return { set = set, allow = table.concat(names, ", ") }
end

return _M

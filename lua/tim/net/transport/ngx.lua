-- tim.net.transport.ngx: HTTP/1.1 over OpenResty cosockets, with nginx's keep-alive pool and verified TLS.
--
--   local t = require("tim.net.transport.ngx").new{ pool_size = 32, idle_timeout = 20 }
--   local resp, err = t:request(req)       -- same req/resp/err as tim.net.transport.socket
--
-- nginx needs (http{} block):
--   resolver 127.0.0.53 ipv6=off;          -- or your DNS server: cosockets do not use /etc/hosts or libc
--   lua_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;   -- no CA, no verified TLS
--   lua_ssl_verify_depth 3;                -- the default (1) is too short for most public chains
-- Cosockets work in rewrite, access, content, timer, ssl_cert, ssl_session_fetch and ssl_client_hello handlers;
-- anywhere else (init, init_worker, set, header/body filter, log, balancer) request() returns a clear error.
-- Per-request CA files cannot be applied to cosockets: a req.tls.cafile is accepted only when it names the file
-- given to new{ trusted_certificate = ... } (the one lua_ssl_trusted_certificate points at), else it is refused.
--
-- One request, one attempt, as in tim.net.transport.socket: never a resend here; err reports what happened.
-- A cosocket's receive() re-arms its read timer whenever bytes arrive, so a peer dripping one byte at a time
-- would keep it alive for ever: the driver below reads with receiveany() and sets the timer to what is left of
-- the attempt before every read, so the deadline holds for the whole exchange.
-- Certificate names: nginx checks them with OpenSSL's defaults, which accept a subject CN without a
-- subjectAltName and partial wildcards ("f*.example.com"). After the handshake this module checks the name again
-- the strict way (tim.net.transport.common.name_matches: SAN only, whole-label wildcards), through OpenSSL's
-- X509_check_host with NEVER_CHECK_SUBJECT | NO_PARTIAL_WILDCARDS on the session's peer certificate (FFI).

local http = require "tim.net.http"
local stream = require "tim.net.stream"
local common = require "tim.net.transport.common"

local ngx = ngx
local setmetatable, tostring, tonumber, type, pairs, ipairs = setmetatable, tostring, tonumber, type, pairs, ipairs
local pcall = pcall
local format, find = string.format, string.find
local floor = math.floor

local _M = { _VERSION = require "tim.version" }

_M.DEFAULT_TIMEOUT = 10
_M.DEFAULT_POOL_SIZE = 32
_M.DEFAULT_IDLE_TIMEOUT = 20

local MOD = "tim.net.transport.ngx"

-- Phases where ngx.socket.tcp may be used (lua-nginx-module docs, "context" of ngx.socket.tcp).
local COSOCKET_PHASES = {
    rewrite = true, access = true, content = true, timer = true,
    ssl_cert = true, ssl_session_fetch = true, ssl_client_hello = true,
}
_M.COSOCKET_PHASES = COSOCKET_PHASES

local new_error = common.errors(MOD)
local is_ip = common.is_ip

--- available() -> true | false, reason: can a request be made from the current phase?
function _M.available()
    if type(ngx) ~= "table" or not ngx.socket or not ngx.get_phase then
        return false, "not running inside OpenResty / ngx_lua"
    end
    local phase = ngx.get_phase()
    if not COSOCKET_PHASES[phase] then
        return false, "cosockets are not available in the '" .. tostring(phase) .. "' phase"
    end
    return true
end

---------------------------------------------------------------------------------------------------------------
-- The strict name check (FFI into the OpenSSL nginx is linked with)

local strict_check      -- function(session, name) -> true | nil, reason; false when unavailable

local function load_strict_check()
    if strict_check ~= nil then
        return strict_check
    end
    strict_check = false
    local ok, ffi = pcall(require, "ffi")
    if not ok then
        return false
    end
    for _, decl in ipairs{
        "void *SSL_SESSION_get0_peer(void *s);",
        "int X509_check_host(void *x, const char *chk, size_t chklen, unsigned int flags, char **peername);",
        "int X509_check_ip_asc(void *x, const char *address, unsigned int flags);",
    } do
        pcall(ffi.cdef, decl)       -- already declared by another module: fine
    end
    local C = ffi.C
    local found = pcall(function() return C.SSL_SESSION_get0_peer, C.X509_check_host, C.X509_check_ip_asc end)
    if not found then
        return false
    end
    local NEVER_CHECK_SUBJECT, NO_PARTIAL_WILDCARDS = 0x20, 0x4
    strict_check = function(session, name)
        if type(session) ~= "cdata" then
            return nil, "no TLS session to read the certificate from"
        end
        local cert = C.SSL_SESSION_get0_peer(session)
        if cert == nil then
            return nil, "no peer certificate"
        end
        local rc
        if is_ip(name) then
            rc = C.X509_check_ip_asc(cert, name, 0)
        else
            rc = C.X509_check_host(cert, name, #name, NEVER_CHECK_SUBJECT + NO_PARTIAL_WILDCARDS, nil)
        end
        if rc == 1 then
            return true
        end
        return nil, "the certificate's subjectAltName does not name " .. name
                    .. " (a subject CN alone or a partial wildcard is not accepted)"
    end
    return strict_check
end

---------------------------------------------------------------------------------------------------------------
-- The cosocket driver for tim.net.stream

-- nginx's cached time: refreshed on every turn of the event loop, so after each wait on a socket; request()
-- refreshes it explicitly at the start (the handler may have run for a while before calling).
local function now()
    return ngx.now()
end

local function arm(sock, left)
    local ms = floor(left * 1000)
    if ms < 1 then
        ms = 1
    end
    sock:settimeouts(ms, ms, ms)
end

local driver = { now = now, pieces = true }     -- send() takes the request's pieces as a table

function driver.read(sock, max, deadline)
    local left = deadline - now()
    if left <= 0 then
        return nil, "timeout"
    end
    arm(sock, left)
    return sock:receiveany(max)
end

function driver.read_exact(sock, n, deadline)
    local parts, k, got = {}, 0, 0
    while got < n do
        local left = deadline - now()
        if left <= 0 then
            return nil, "timeout", table.concat(parts, "", 1, k)
        end
        arm(sock, left)
        local data, err = sock:receiveany(n - got)     -- never more than asked: nothing of the next message
        if not data then
            return nil, err, table.concat(parts, "", 1, k)
        end
        k = k + 1
        parts[k] = data
        got = got + #data
    end
    return k == 1 and parts[1] or table.concat(parts, "", 1, k)
end

-- A cosocket's send takes a table of strings: the request goes out without being joined into one string.
-- It does not say how many bytes left before a failure: written is unknown (nil) then.
function driver.write(sock, data, deadline)
    local left = deadline - now()
    if left <= 0 then
        return nil, "timeout", 0
    end
    arm(sock, left)
    local n, err = sock:send(data)
    if n then
        return n        -- the bytes sent
    end
    return nil, err, nil
end

_M.driver = driver

---------------------------------------------------------------------------------------------------------------

local Transport = {}
local mt = { __index = Transport, __name = "tim.net.transport.ngx" }

--- new([opts]) -> transport
-- opts: pool_size (per pool name, default 32), idle_timeout (seconds, default 20), timeout (default per-attempt
-- seconds, default 10), backlog (queue for a full pool, optional), trusted_certificate (the path given to
-- lua_ssl_trusted_certificate), limits ({ max_header_bytes, max_headers, max_body_bytes }).
function _M.new(opts)
    opts = common.new_options("tim.net.transport.ngx", opts, { "pool_size", "idle_timeout", "timeout", "backlog" })
    local limits = opts.limits or {}
    return setmetatable({
        pool_size = opts.pool_size or _M.DEFAULT_POOL_SIZE,
        idle = opts.idle_timeout or _M.DEFAULT_IDLE_TIMEOUT,
        timeout = opts.timeout or _M.DEFAULT_TIMEOUT,
        backlog = opts.backlog,
        trusted_certificate = opts.trusted_certificate,
        connect_opts = {},
        limits = { max_header_bytes = limits.max_header_bytes, max_headers = limits.max_headers,
                   max_body_bytes = limits.max_body_bytes },
    }, mt)
end

local http_names = {}   -- host -> port -> pool name, made once

--- pool_name(req) -> string: nginx pool name; includes every TLS setting that decided trust.
function _M.pool_name(req)
    local port = req.port or (req.scheme == "https" and 443 or 80)
    if req.scheme ~= "https" then
        return common.host_port_key(http_names, "tim|http|", req.host, port)
    end
    local tls = req.tls or {}
    return "tim|https|" .. req.host .. "|" .. format("%d", port) .. "|"
           .. (tls.insecure_skip_verify == true and "insecure" or "peer") .. "|" .. (tls.cafile or "")
           .. "|" .. (tls.server_name or "")
end
local pool_name = _M.pool_name

-- connect()'s options for a pool, made once per pool name (nginx reads them during the call and keeps none)
local function connect_options(self, pool)
    local o = self.connect_opts[pool]
    if not o then
        o = { pool = pool, pool_size = self.pool_size, backlog = self.backlog }
        self.connect_opts[pool] = o
    end
    return o
end

local function connect(self, req, deadline)
    local host, port = req.host, req.port or (req.scheme == "https" and 443 or 80)
    local sock = ngx.socket.tcp()
    local left = deadline - now()
    if left <= 0 then
        return nil, new_error("timeout", "no time left to connect to " .. host)
    end
    arm(sock, left)
    local ok, err = sock:connect(host, port, connect_options(self, pool_name(req)))
    if not ok then
        if err == "timeout" then
            return nil, new_error("timeout", format("connect to %s:%d timed out", host, port))
        end
        return nil, new_error("network", format("cannot connect to %s:%d: %s", host, port, tostring(err)))
    end
    local reused = (sock:getreusedtimes() or 0) > 0
    if req.scheme == "https" and not reused then
        local tls = req.tls or {}
        local verify = tls.insecure_skip_verify ~= true
        local name = tls.server_name or host
        local check
        if verify then
            check = load_strict_check()
            if not check then
                sock:close()
                return nil, new_error("tls", "cannot check certificate names strictly here (needs LuaJIT's FFI and "
                                      .. "lua-resty-core): refusing to connect to " .. host)
            end
        end
        left = deadline - now()
        if left <= 0 then
            sock:close()
            return nil, new_error("timeout", "no time left for the TLS handshake with " .. host)
        end
        arm(sock, left)
        -- SNI must not be an IP address; nginx then checks the name against the certificate (verify = true).
        local sess, herr = sock:sslhandshake(nil, (not is_ip(name)) and name or nil, verify)
        if not sess then
            sock:close()
            if herr == "timeout" then
                return nil, new_error("timeout", "TLS handshake with " .. host .. " timed out")
            end
            return nil, new_error("tls", "TLS handshake with " .. name .. " failed: " .. tostring(herr)
                                  .. ((verify and find(tostring(herr), "verif", 1, true))
                                      and " (check lua_ssl_trusted_certificate / lua_ssl_verify_depth)" or ""))
        end
        if verify then
            local cok, why = check(sess, name)
            if not cok then
                sock:close()
                return nil, new_error("tls", "certificate of " .. name .. " rejected: hostname mismatch: " .. why)
            end
        end
    end
    return sock, nil, reused
end

-- Streams kept for the next requests of this worker (a cosocket is made per request; its stream table need not
-- be): taken by exchange(), given back when the exchange ended well. Light threads may hold several at once.
local STREAMS_KEPT = 64
local streams, nstreams = {}, 0

local function take_stream(sock)
    if nstreams == 0 then return stream.new(sock, driver) end
    local s = streams[nstreams]
    streams[nstreams], nstreams = nil, nstreams - 1
    return stream.reset(s, sock)
end

local function give_stream(s)
    if nstreams < STREAMS_KEPT then
        nstreams = nstreams + 1
        streams[nstreams] = stream.reset(s, nil)
    end
end

local function exchange(self, sock, req, deadline, reused)
    local s = take_stream(sock)
    local n, werr, wdetail = http.write_request(s, req, deadline)
    if not n then
        -- an answer that came before the request was written in full (RFC 9112 9.5)
        local resp = http.read_response(s, deadline, self.limits, req.method)
        sock:close()
        if resp then
            return { status = resp.status, headers = resp.headers, body = resp.body, reason = resp.reason }
        end
        return nil, common.http_error(new_error, req, wdetail, werr,
                                      { written = wdetail.written, written_unknown = wdetail.written == nil,
                                        complete = false, reused = reused,
                                        received = s.received > 0 })
    end
    local resp, rerr, rdetail = http.read_response(s, deadline, self.limits, req.method)
    if not resp then
        sock:close()
        return nil, common.http_error(new_error, req, rdetail, rerr,
                                      { written = n, complete = true, reused = reused,
                                        received = rdetail.received or s.received > 0 })
    end
    local idle = self.idle
    local ka = resp.keepalive_timeout
    if ka and ka - 1 < idle then
        idle = ka - 1
    end
    if resp.keepalive and idle > 0 then
        local ok = sock:setkeepalive(floor(idle * 1000), self.pool_size)
        if not ok then
            sock:close()
        end
    else
        sock:close()
    end
    give_stream(s)
    return resp     -- { status, headers, body } and the codec's extras (reason, version, keepalive, trailers)
end

--- request(req) -> resp | nil, err   (the transport contract: docs/transports.md)
function Transport:request(req)
    local scheme, cerr = common.check(MOD, req, new_error)
    if not scheme then
        return nil, cerr
    end
    local ok, why = _M.available()
    if not ok then
        return nil, new_error("network", why .. ": call from rewrite/access/content/timer code (for example "
                              .. "ngx.timer.at(0, fn)), not from init, init_worker, set, header/body filter, "
                              .. "balancer or log handlers", { setup = true })
    end
    local tls = req.tls
    if scheme == "https" and tls and tls.cafile and tls.insecure_skip_verify ~= true
       and tls.cafile ~= self.trusted_certificate then
        return nil, new_error("tls", "tls.cafile " .. tostring(tls.cafile) .. " cannot be applied to a cosocket: "
                              .. "point lua_ssl_trusted_certificate at it and pass the same path as "
                              .. "new{ trusted_certificate = ... }")
    end
    local r = req
    if req.scheme ~= scheme then
        r = {}
        for k, v in pairs(req) do r[k] = v end
        r.scheme = scheme
    end
    ngx.update_time()
    local deadline = now() + (tonumber(req.timeout) or self.timeout)
    local sock, err, reused = connect(self, r, deadline)
    if not sock then
        return nil, err
    end
    return exchange(self, sock, r, deadline, reused)
end

return _M

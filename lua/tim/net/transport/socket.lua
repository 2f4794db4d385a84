-- tim.net.transport.socket: HTTP/1.1 over LuaSocket (+ LuaSec for https) with a keep-alive pool and verified TLS.
--
--   local t = require("tim.net.transport.socket").new{ pool_size = 8, idle_timeout = 20 }
--   local resp, err = t:request{ method = "POST", scheme = "https", host = "adminapisgp.im.qcloud.com",
--                                port = 443, path = "/v4/...", headers = {...}, body = "...", timeout = 3.5,
--                                tls = { cafile = nil, server_name = nil } }
--
-- One request, one attempt: this transport never sends a request twice. When it fails, err says what happened
-- (tim.net.transport.common: written, complete, reused, received) and the client decides whether a resend is safe.
--
-- Keep-alive lives in one place: checkout() / checkin(). A pooled connection is keyed by scheme, host, port and,
-- for https, every TLS setting that decided whether it was trusted (verify mode, cafile, server name): a
-- connection verified one way is never handed to a request that asked for another. Before reuse a connection is
-- checked without waiting: one that shows the end of the stream or unread bytes is closed, never used. Its idle
-- life is the smaller of idle_timeout and the server's Keep-Alive: timeout=N (less a second).
--
-- The waiting is done by a driver (tim.net.stream): the blocking one by default; tim.loop passes its own, so the same
-- code serves coroutines that yield instead of blocking.

local socket = require "socket"
local http = require "tim.net.http"
local stream = require "tim.net.stream"
local common = require "tim.net.transport.common"

local setmetatable, tostring, tonumber, type, pairs, ipairs = setmetatable, tostring, tonumber, type, pairs, ipairs
local format, lower = string.format, string.lower
local remove, concat = table.remove, table.concat
local gettime = socket.gettime

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

_M.DEFAULT_CAFILE = "/etc/ssl/certs/ca-certificates.crt"
_M.DEFAULT_TIMEOUT = 10        -- seconds per attempt when req.timeout is not given
_M.DEFAULT_POOL_SIZE = 16      -- idle connections kept per pool key
_M.DEFAULT_IDLE_TIMEOUT = 20   -- seconds an idle connection may wait (kept under common server limits)
_M.DNS_TTL = 30                -- seconds a resolved address is reused (getaddrinfo blocks: not on every call)

local MOD = "tim.net.transport.socket"

local new_error = common.errors(MOD)
_M.new_error = new_error
local is_ip = common.is_ip
local name_matches = common.name_matches

---------------------------------------------------------------------------------------------------------------
-- TLS

local ssl        -- LuaSec, loaded on the first https request so plain-http users do not need it
local contexts = {}   -- "verify|cafile" -> LuaSec context (loading a CA bundle is slow: do it once)

local function load_ssl()
    if ssl == nil then
        local ok, mod = pcall(require, "ssl")
        ssl = ok and mod or false
    end
    return ssl
end

local function tls_context(verify, cafile)
    local key = (verify and "peer|" or "none|") .. (cafile or "")
    local ctx = contexts[key]
    if ctx then
        return ctx
    end
    local params = {
        mode = "client",
        protocol = "any",
        options = { "all", "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1", "no_compression" },
    }
    if verify then
        params.verify = { "peer" }
        params.cafile = cafile
        -- Finish the handshake even when the chain fails, then read the reasons with getpeerverification() and
        -- refuse before any byte is sent: the error then says "certificate has expired", not only "verify failed".
        params.verifyext = { "lsec_continue" }
    else
        params.verify = { "none" }
    end
    local err
    ctx, err = ssl.newcontext(params)
    if not ctx then
        return nil, err
    end
    contexts[key] = ctx
    return ctx
end

local function normalize_ip(ip)
    return lower((ip:gsub("^%[", ""):gsub("%]$", "")))
end

--- check_host(cert, host) -> true | nil, reason: does the certificate name `host`?
-- DNS names against subjectAltName dNSName (common.name_matches), IP literals against iPAddress. A certificate
-- without a subjectAltName is refused, whatever its subject CN says (as Go and browsers do).
function _M.check_host(cert, host)
    host = lower(host)
    local exts = cert:extensions() or {}
    local san = exts["2.5.29.17"]
    if not san then
        return nil, "certificate has no subjectAltName (a subject CN alone is not accepted)"
    end
    if is_ip(host) then
        local want = normalize_ip(host)
        for _, v in ipairs(san.iPAddress or {}) do
            if normalize_ip(v) == want then
                return true
            end
        end
        return nil, "certificate has no subjectAltName IP address " .. host
    end
    local names = san.dNSName or {}
    for _, name in ipairs(names) do
        if name_matches(name, host) then
            return true
        end
    end
    if #names == 0 then
        return nil, "certificate has no subjectAltName DNS name"
    end
    return nil, "certificate is for " .. concat(names, ", ") .. ", not " .. host
end
local check_host = _M.check_host

local function flatten_verification(errs)
    local list, seen = {}, {}
    if type(errs) == "table" then
        for _, depth in pairs(errs) do
            for _, e in ipairs(type(depth) == "table" and depth or { depth }) do
                if not seen[e] then
                    seen[e] = true
                    list[#list + 1] = tostring(e)
                end
            end
        end
    end
    return #list > 0 and concat(list, "; ") or "certificate verification failed"
end

-- Wraps a connected TCP socket in TLS, verifies the chain and the name; returns the TLS socket or nil, err.
local function tls_wrap(driver, tcp, tls, host, deadline)
    if not load_ssl() then
        tcp:close()
        return nil, new_error("tls", "https needs LuaSec (lua-sec): require 'ssl' failed")
    end
    local verify = tls.insecure_skip_verify ~= true
    local cafile = verify and (tls.cafile or _M.DEFAULT_CAFILE) or nil
    local ctx, cerr = tls_context(verify, cafile)
    if not ctx then
        tcp:close()
        return nil, new_error("tls", "cannot set up TLS (cafile " .. tostring(cafile) .. "): " .. tostring(cerr))
    end
    local conn, werr = ssl.wrap(tcp, ctx)
    if not conn then
        tcp:close()
        return nil, new_error("tls", "TLS wrap failed: " .. tostring(werr))
    end
    local name = tls.server_name or host
    if not is_ip(name) then
        conn:sni(name)
    end
    local ok, herr = driver.handshake(conn, deadline)
    if not ok then
        conn:close()
        if herr == "timeout" then
            return nil, new_error("timeout", "TLS handshake with " .. host .. " timed out")
        end
        return nil, new_error("tls", "TLS handshake with " .. host .. " failed: " .. tostring(herr))
    end
    if verify then
        local vok, errs = conn:getpeerverification()
        if not vok then
            conn:close()
            return nil, new_error("tls", "certificate of " .. name .. " rejected: " .. flatten_verification(errs)
                                  .. (tls.cafile and (" (cafile " .. tls.cafile .. ")") or ""))
        end
        local cert = conn:getpeercertificate()
        local hok, why = false, "no peer certificate"
        if cert then
            hok, why = check_host(cert, name)
        end
        if not hok then
            conn:close()
            return nil, new_error("tls", "certificate of " .. name .. " rejected: hostname mismatch: " .. why)
        end
    end
    return conn
end

---------------------------------------------------------------------------------------------------------------
-- Addresses: getaddrinfo blocks, so a host is resolved once per DNS_TTL and again after a failed connect.

local dns_cache = {}        -- host -> { expires = t, { addr, family }, ... }

local function resolve(host, now)
    if is_ip(host) then
        return { { addr = host:gsub("^%[", ""):gsub("%]$", ""), family = host:find(":", 1, true) and "inet6"
                   or "inet" } }
    end
    local hit = dns_cache[host]
    if hit and hit.expires > now then
        return hit
    end
    local infos, err = socket.dns.getaddrinfo(host)
    if not infos then
        return nil, err
    end
    local list = { expires = now + _M.DNS_TTL }
    for _, want in ipairs{ "inet", "inet6" } do       -- IPv4 first, as LuaSocket's own connect tries them
        for _, info in ipairs(infos) do
            if info.family == want then
                list[#list + 1] = { addr = info.addr, family = want }
            end
        end
    end
    if #list == 0 then
        return nil, "no address"
    end
    dns_cache[host] = list
    return list
end

--- resolve(host, now) -> { { addr =, family = "inet" | "inet6" }, ... } | nil, err: the cached addresses of
-- `host`, IPv4 first (also for tim.client.ratelimit.resp, the rate limiter's own Redis connections).
_M.resolve = resolve

--- forget(host): drop a cached address (after a failed connect, so the next one resolves again).
function _M.forget(host)
    dns_cache[host] = nil
end

---------------------------------------------------------------------------------------------------------------
-- The pool

local Transport = {}
local mt = { __index = Transport, __name = "tim.net.transport.socket" }

--- new([opts]) -> transport
-- opts: pool_size (idle connections per key, default 16), idle_timeout (seconds, default 20), timeout (default
-- per-attempt seconds when req.timeout is missing, default 10), cafile (default CA bundle for verified TLS),
-- limits ({ max_header_bytes, max_headers, max_body_bytes } for responses), driver (a tim.net.stream driver: the
-- blocking one by default; tim.loop passes its own), max_per_host (connections in use at once per pool key:
-- with a driver that can wait for a slot (tim.loop's), more requests wait for one, within their timeout).
function _M.new(opts)
    opts = common.new_options(MOD, opts, { "pool_size", "idle_timeout", "timeout", "max_per_host" })
    if opts.cafile ~= nil and type(opts.cafile) ~= "string" then
        error(bad_argument(1, "tim.net.transport.socket.new", "opts.cafile must be a path"), 2)
    end
    local limits = opts.limits or {}
    if type(limits) ~= "table" then
        error(bad_argument(1, "tim.net.transport.socket.new", "opts.limits must be a table"), 2)
    end
    local driver = opts.driver or stream.init_blocking()
    return setmetatable({
        pool_size = opts.pool_size or _M.DEFAULT_POOL_SIZE,
        idle_timeout = opts.idle_timeout or _M.DEFAULT_IDLE_TIMEOUT,
        timeout = opts.timeout or _M.DEFAULT_TIMEOUT,
        cafile = opts.cafile,
        driver = driver,
        max_per_host = driver.acquire and opts.max_per_host or nil,
        pools = {},
        idle_count = 0,
        limits = { max_header_bytes = limits.max_header_bytes, max_headers = limits.max_headers,
                   max_body_bytes = limits.max_body_bytes },
    }, mt)
end

--- on_loop(loop, [opts]) -> a transport on a tim.loop: its requests yield to the loop instead of blocking. opts as
-- new(), plus max_per_host: connections open at once per host, default 16 (more calls wait for a slot, within
-- their timeout).
function _M.on_loop(loop, opts)
    local o = {}
    for k, v in pairs(opts or {}) do o[k] = v end
    o.driver = loop.driver
    o.max_per_host = o.max_per_host or 16
    return _M.new(o)
end

local http_keys = {}   -- host -> port -> key: plain-http keys are made once
local https_keys, https_keys_n = {}, 0     -- the same for https, by trust settings too (bounded)
local NO_TLS = {}
local UNVERIFIED = {}      -- the trust of an insecure_skip_verify key: no CA file name can equal it

--- pool_key(req) -> string: what must be equal for a connection to be reused.
function _M.pool_key(req, default_cafile)
    local port = req.port or (req.scheme == "https" and 443 or 80)
    if req.scheme ~= "https" then
        return common.host_port_key(http_keys, "http|", req.host, port)
    end
    local tls = req.tls or NO_TLS
    local insecure = tls.insecure_skip_verify == true
    -- looked up, not built: host -> port -> trust (UNVERIFIED, or the CA file) -> server name -> key
    local trust = insecure and UNVERIFIED or (tls.cafile or default_cafile or _M.DEFAULT_CAFILE)
    local sname = tls.server_name or ""
    local by_port = https_keys[req.host]
    local by_trust = by_port and by_port[port]
    local by_name = by_trust and by_trust[trust]
    local key = by_name and by_name[sname]
    if key then
        return key
    end
    key = "https|" .. req.host .. "|" .. format("%d", port) .. (insecure and "|insecure|" or ("|peer|" .. trust
          .. "|")) .. sname
    if https_keys_n >= 256 then
        https_keys, https_keys_n = {}, 0
    end
    by_port = https_keys[req.host] or {}
    https_keys[req.host] = by_port
    by_trust = by_port[port] or {}
    by_port[port] = by_trust
    by_name = by_trust[trust] or {}
    by_trust[trust] = by_name
    by_name[sname], https_keys_n = key, https_keys_n + 1
    return key
end
local pool_key = _M.pool_key

-- A pooled connection: { sock, stream, expires, uses }.
function Transport:checkout(key)
    local list = self.pools[key]
    if not list then
        return nil
    end
    local now = gettime()
    while #list > 0 do
        local conn = remove(list)          -- most recently used first
        self.idle_count = self.idle_count - 1
        if conn.expires > now and conn.stream.driver.alive(conn.sock) then
            return conn
        end
        conn.sock:close()
    end
    return nil
end

function Transport:checkin(key, conn, server_timeout)
    if self.pool_size <= 0 then
        conn.sock:close()
        return
    end
    local life = self.idle_timeout
    if server_timeout then
        -- the server closes at N seconds: give it back a second earlier, so our close wins the race
        local t = server_timeout - 1
        if t < life then
            life = t
        end
    end
    if life <= 0 then
        conn.sock:close()
        return
    end
    local list = self.pools[key]
    if not list then
        list = {}
        self.pools[key] = list
    end
    if #list >= self.pool_size then
        local oldest = remove(list, 1)
        oldest.sock:close()
        self.idle_count = self.idle_count - 1
    end
    conn.expires = gettime() + life
    list[#list + 1] = conn
    self.idle_count = self.idle_count + 1
end

--- close(): closes every idle connection.
function Transport:close()
    for key, list in pairs(self.pools) do
        for _, conn in ipairs(list) do
            conn.sock:close()
        end
        self.pools[key] = nil
    end
    self.idle_count = 0
end

--- idle() -> number of idle pooled connections (for tests and stats).
function Transport:idle()
    return self.idle_count
end

local function connect(self, req, deadline)
    local host, port = req.host, req.port or (req.scheme == "https" and 443 or 80)
    local driver = self.driver
    local addrs, rerr = resolve(host, gettime())
    if not addrs then
        return nil, new_error("network", format("cannot resolve %s: %s", host, tostring(rerr)))
    end
    local tcp, cerr
    for _, a in ipairs(addrs) do
        tcp, cerr = driver.connect(a.addr, port, a.family, deadline)
        if tcp or cerr == "timeout" then
            break
        end
    end
    if not tcp then
        _M.forget(host)
        if cerr == "timeout" then
            return nil, new_error("timeout", format("connect to %s:%d timed out", host, port))
        end
        return nil, new_error("network", format("cannot connect to %s:%d: %s", host, port, tostring(cerr)))
    end
    tcp:setoption("keepalive", true)
    local sock = tcp
    if req.scheme == "https" then
        local err
        sock, err = tls_wrap(driver, tcp, req.tls or {}, host, deadline)
        if not sock then
            return nil, err
        end
    end
    -- plain TCP with the blocking driver: its descriptor twin (tim.net.stream: one recv per read, one sendmsg)
    local d = req.scheme ~= "https" and driver.plain or driver
    return { sock = sock, stream = stream.new(sock, d), uses = 0 }
end

-- Reads an answer the server may have sent before our request was written in full (an early 413, or a final
-- answer followed by a reset): RFC 9112 9.5, a client keeps reading after a failed send.
local function early_answer(self, conn, req, deadline)
    local resp = http.read_response(conn.stream, deadline, self.limits, req.method)
    if resp then
        resp.keepalive = false
    end
    return resp
end

-- One exchange on one connection. Returns resp, or nil, err (the report says what reached the server).
local function exchange(self, conn, req, key, deadline)
    local reused = conn.uses > 0
    conn.uses = conn.uses + 1
    local s = conn.stream
    local n, werr, wdetail = http.write_request(s, req, deadline)
    if not n then
        local written = wdetail.written
        if written == nil or written > 0 then
            local resp = early_answer(self, conn, req, deadline)
            if resp then
                conn.sock:close()
                return resp
            end
        end
        conn.sock:close()
        return nil, common.http_error(new_error, req, wdetail, werr,
                                      { written = written, written_unknown = written == nil,
                                        complete = false, reused = reused,
                                        received = s.received > 0 })
    end
    local resp, rerr, rdetail = http.read_response(s, deadline, self.limits, req.method)
    if not resp then
        conn.sock:close()
        return nil, common.http_error(new_error, req, rdetail, rerr,
                                      { written = n, complete = true, reused = reused,
                                        received = rdetail.received or s.received > 0 })
    end
    if resp.keepalive then
        s.received = 0
        self:checkin(key, conn, resp.keepalive_timeout)
    else
        conn.sock:close()
    end
    return resp     -- { status, headers, body } and the codec's extras (reason, version, keepalive, trailers)
end

--- request(req) -> resp | nil, err   (the transport contract: docs/transports.md)
function Transport:request(req)
    local scheme, cerr = common.check(MOD, req, new_error)
    if not scheme then
        return nil, cerr
    end
    local tls = req.tls
    if scheme == "https" and (self.cafile and not (tls and tls.cafile)) then
        -- the transport's own default CA file applies; copy so the caller's table is not changed
        local t = {}
        for k, v in pairs(tls or {}) do t[k] = v end
        t.cafile = self.cafile
        tls = t
    end
    local r = req
    if tls ~= req.tls or req.scheme ~= scheme then
        r = {}
        for k, v in pairs(req) do r[k] = v end
        r.tls, r.scheme = tls, scheme
    end
    local timeout = tonumber(req.timeout) or self.timeout
    local deadline = gettime() + timeout
    local key = pool_key(r)

    local cap = self.max_per_host
    if cap then
        if not self.driver.acquire(key, cap, deadline) then
            return nil, new_error("timeout", format("no free connection to %s:%s within the timeout (%d in use)",
                                                    r.host, tostring(r.port or ""), cap))
        end
    end
    local conn = self:checkout(key)
    local resp, err
    if not conn then
        conn, err = connect(self, r, deadline)
    end
    if conn then
        resp, err = exchange(self, conn, r, key, deadline)
    end
    if cap then
        self.driver.release(key)
    end
    return resp, err
end

return _M

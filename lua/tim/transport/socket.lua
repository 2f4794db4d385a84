-- tim.transport.socket: HTTP/1.1 over LuaSocket (+ LuaSec for https) with a keep-alive pool and verified TLS.
--
--   local t = require("tim.transport.socket").new{ pool_size = 8, idle_timeout = 30 }
--   local resp, err = t:request{ method = "POST", scheme = "https", host = "adminapisgp.im.qcloud.com",
--                                port = 443, path = "/v4/...", headers = {...}, body = "...", timeout = 3.5,
--                                tls = { cafile = nil, server_name = nil } }
--
-- Keep-alive lives in one place: checkout() / checkin() below. A pooled connection is keyed by scheme, host, port
-- and, for https, every TLS setting that decided whether it was trusted (verify mode, cafile, server name): a
-- connection verified one way is never handed to a request that asked for another.

local socket = require "socket"
local http = require "tim.http"
local common = require "tim.transport.common"

local setmetatable = setmetatable
local tostring = tostring
local tonumber = tonumber
local type = type
local pairs = pairs
local ipairs = ipairs
local format = string.format
local find = string.find
local lower = string.lower
local gettime = socket.gettime
local select_fds = socket.select
local remove = table.remove
local concat = table.concat

local _M = { _VERSION = require "tim.version" }

_M.DEFAULT_CAFILE = "/etc/ssl/certs/ca-certificates.crt"
_M.DEFAULT_TIMEOUT = 10        -- seconds per attempt when req.timeout is not given
_M.DEFAULT_POOL_SIZE = 16      -- idle connections kept per pool key
_M.DEFAULT_IDLE_TIMEOUT = 30   -- seconds an idle connection may wait before it is closed instead of reused

local MOD = "tim.transport.socket"

local new_error = common.errors(MOD)
_M.new_error = new_error
local is_ip = common.is_ip

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
        -- OpenSSL's DANE support does the hostname check (RFC 6125) that LuaSec 1.2 lacks; see setdane() below.
        params.dane = true
    else
        params.verify = { "none" }
    end
    local err
    ctx, err = ssl.newcontext(params)
    if not ctx and params.dane then
        -- a LuaSec without DANE: the own name check in check_host() still applies
        params.dane = nil
        ctx, err = ssl.newcontext(params)
    end
    if not ctx then
        return nil, err
    end
    contexts[key] = ctx
    return ctx
end

-- RFC 6125 name matching: one wildcard, only as the whole left-most label, never for IP addresses.
local function name_matches(pattern, host)
    pattern = lower(pattern)
    if pattern == host then
        return true
    end
    if pattern:sub(1, 2) ~= "*." or is_ip(host) then
        return false
    end
    local suffix = pattern:sub(2)                 -- ".example.com"
    if not find(suffix, "%.[^.]+%.") and not find(suffix, "^%.[^.]+%.[^.]+$") then
        return false                              -- "*.com" is not a valid wildcard
    end
    local dot = find(host, ".", 1, true)
    return dot ~= nil and dot > 1 and host:sub(dot) == suffix
end

local function normalize_ip(ip)
    return lower((ip:gsub("^%[", ""):gsub("%]$", "")))
end

--- check_host(cert, host) -> true | nil, reason: does the certificate name `host`?
-- DNS names against subjectAltName dNSName (wildcards per RFC 6125), IP literals against iPAddress; the subject
-- CN only when the certificate has no DNS name at all (old certificates).
function _M.check_host(cert, host)
    host = lower(host)
    local exts = cert:extensions() or {}
    local san = exts["2.5.29.17"]
    local ip = is_ip(host)
    local dns_names = san and san.dNSName
    if ip then
        local want = normalize_ip(host)
        for _, v in ipairs(san and san.iPAddress or {}) do
            if normalize_ip(v) == want then
                return true
            end
        end
        return nil, "certificate has no subjectAltName IP address " .. host
    end
    if dns_names and #dns_names > 0 then
        for _, name in ipairs(dns_names) do
            if name_matches(name, host) then
                return true
            end
        end
        return nil, "certificate is for " .. concat(dns_names, ", ") .. ", not " .. host
    end
    for _, entry in ipairs(cert:subject() or {}) do
        if entry.name == "CN" or entry.oid == "2.5.4.3" then
            if name_matches(entry.value, host) then
                return true
            end
            return nil, "certificate is for " .. tostring(entry.value) .. ", not " .. host
        end
    end
    return nil, "certificate names no host"
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
local function tls_wrap(tcp, tls, host, deadline)
    if not load_ssl() then
        return nil, new_error("tls", "https needs LuaSec (lua-sec): require 'ssl' failed", false)
    end
    local verify = not tls.insecure_skip_verify
    local cafile = verify and (tls.cafile or _M.DEFAULT_CAFILE) or nil
    local ctx, cerr = tls_context(verify, cafile)
    if not ctx then
        return nil, new_error("tls", "cannot set up TLS (cafile " .. tostring(cafile) .. "): " .. tostring(cerr),
                              false)
    end
    local conn, werr = ssl.wrap(tcp, ctx)
    if not conn then
        return nil, new_error("tls", "TLS wrap failed: " .. tostring(werr), false)
    end
    local name = tls.server_name or host
    if not is_ip(name) then
        conn:sni(name)
        if verify and conn.setdane then
            conn:setdane(name)
        end
    end
    while true do
        local left = deadline - gettime()
        if left <= 0 then
            conn:close()
            return nil, new_error("timeout", "TLS handshake with " .. host .. " timed out", false)
        end
        conn:settimeout(left, "t")
        local ok, herr = conn:dohandshake()
        if ok then
            break
        end
        if herr == "wantread" or herr == "wantwrite" then
            local r, w = nil, nil
            if herr == "wantread" then r = { conn } else w = { conn } end
            select_fds(r, w, left)
        elseif herr == "timeout" then
            conn:close()
            return nil, new_error("timeout", "TLS handshake with " .. host .. " timed out", false)
        else
            conn:close()
            return nil, new_error("tls", "TLS handshake with " .. host .. " failed: " .. tostring(herr), false)
        end
    end
    if verify then
        local ok, errs = conn:getpeerverification()
        if not ok then
            conn:close()
            return nil, new_error("tls", "certificate of " .. name .. " rejected: " .. flatten_verification(errs)
                                  .. (tls.cafile and (" (cafile " .. tls.cafile .. ")") or ""), false)
        end
        local cert = conn:getpeercertificate()
        local hok, herr = false, "no peer certificate"
        if cert then
            hok, herr = check_host(cert, name)
        end
        if not hok then
            conn:close()
            return nil, new_error("tls", "certificate of " .. name .. " rejected: hostname mismatch: " .. herr,
                                  false)
        end
    end
    return conn
end

---------------------------------------------------------------------------------------------------------------
-- The pool

local function set_timeout(sock, left)
    sock:settimeout(left, "t")   -- "t": a total for the call, so a peer dripping bytes cannot stretch it
end

local Transport = {}
local mt = { __index = Transport }

--- new([opts]) -> transport
-- opts: pool_size (idle connections per key, default 16), idle_timeout (seconds, default 30), timeout (default
-- per-attempt seconds when req.timeout is missing, default 10), cafile (default CA bundle for verified TLS),
-- limits ({ max_header_bytes, max_headers, max_body_bytes } for responses).
function _M.new(opts)
    opts = opts or {}
    if type(opts) ~= "table" then
        error("tim.transport.socket.new: opts must be a table", 2)
    end
    for _, k in ipairs{ "pool_size", "idle_timeout", "timeout" } do
        if opts[k] ~= nil and (type(opts[k]) ~= "number" or opts[k] < 0) then
            error("tim.transport.socket.new: opts." .. k .. " must be a non-negative number", 2)
        end
    end
    local limits = opts.limits or {}
    return setmetatable({
        pool_size = opts.pool_size or _M.DEFAULT_POOL_SIZE,
        idle_timeout = opts.idle_timeout or _M.DEFAULT_IDLE_TIMEOUT,
        timeout = opts.timeout or _M.DEFAULT_TIMEOUT,
        cafile = opts.cafile,
        pools = {},
        idle_count = 0,
        limits = { clock = gettime, set_timeout = set_timeout, max_header_bytes = limits.max_header_bytes,
                   max_headers = limits.max_headers, max_body_bytes = limits.max_body_bytes },
    }, mt)
end

local http_keys = {}   -- host -> port -> key: plain-http keys are made once

--- pool_key(req) -> string: what must be equal for a connection to be reused.
function _M.pool_key(req, default_cafile)
    local port = req.port or (req.scheme == "https" and 443 or 80)
    if req.scheme ~= "https" then
        local by_port = http_keys[req.host]
        local key = by_port and by_port[port]
        if not key then
            if not by_port then
                by_port = {}
                http_keys[req.host] = by_port
            end
            key = "http|" .. req.host .. "|" .. format("%d", port)
            by_port[port] = key
        end
        return key
    end
    local tls = req.tls or {}
    if tls.insecure_skip_verify then
        return "https|" .. req.host .. "|" .. format("%d", port) .. "|insecure|" .. (tls.server_name or "")
    end
    return "https|" .. req.host .. "|" .. format("%d", port) .. "|peer|" .. (tls.cafile or default_cafile
           or _M.DEFAULT_CAFILE) .. "|" .. (tls.server_name or "")
end
local pool_key = _M.pool_key

-- A pooled connection is usable if it has not idled too long and the server has not closed it (an idle
-- keep-alive connection must have nothing to read; readable means EOF or garbage). The select() costs a system
-- call, so a connection idle for less than a second skips it: if the server closed that one, the request fails
-- before any byte of an answer and is resent once on a new connection anyway.
local CHECK_AFTER = 1
local function alive(conn, idle)
    if conn.dirty and conn:dirty() then
        return false
    end
    if idle < CHECK_AFTER then
        return true
    end
    local readable = select_fds({ conn }, nil, 0)
    return not (readable and readable[1])
end

function Transport:checkout(key)
    local list = self.pools[key]
    if not list then
        return nil
    end
    local now = gettime()
    while #list > 0 do
        local entry = remove(list)          -- most recently used first
        self.idle_count = self.idle_count - 1
        local idle = now - entry.since
        if idle <= self.idle_timeout and alive(entry.sock, idle) then
            return entry.sock
        end
        entry.sock:close()
    end
    return nil
end

function Transport:checkin(key, sock)
    if self.pool_size <= 0 then
        sock:close()
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
    list[#list + 1] = { sock = sock, since = gettime() }
    self.idle_count = self.idle_count + 1
end

--- close(): closes every idle connection.
function Transport:close()
    for key, list in pairs(self.pools) do
        for _, entry in ipairs(list) do
            entry.sock:close()
        end
        self.pools[key] = nil
    end
    self.idle_count = 0
end

--- idle() -> number of idle pooled connections (for tests and stats).
function Transport:idle()
    return self.idle_count
end

local function connect(req, deadline)
    local host, port = req.host, req.port or (req.scheme == "https" and 443 or 80)
    local tcp, serr = socket.tcp()
    if not tcp then
        return nil, new_error("network", "cannot create a socket: " .. tostring(serr), false)
    end
    local left = deadline - gettime()
    if left <= 0 then
        tcp:close()
        return nil, new_error("timeout", "no time left to connect to " .. host, false)
    end
    tcp:settimeout(left, "t")
    tcp:setoption("tcp-nodelay", true)
    local ok, cerr = tcp:connect(host, port)
    if not ok then
        tcp:close()
        if cerr == "timeout" then
            return nil, new_error("timeout", format("connect to %s:%d timed out", host, port), false)
        end
        return nil, new_error("network", format("cannot connect to %s:%d: %s", host, port, tostring(cerr)), false)
    end
    tcp:setoption("tcp-nodelay", true)
    tcp:setoption("keepalive", true)
    if req.scheme == "https" then
        return tls_wrap(tcp, req.tls or {}, host, deadline)
    end
    return tcp
end


-- One exchange on one connection. Returns resp, or nil, err, resendable.
local function exchange(self, sock, req, key, deadline, reused)
    -- one limits table per transport: a blocking transport runs one exchange at a time
    local limits = self.limits
    limits.deadline, limits.armed_at, limits.armed_sock = deadline, nil, nil
    local n, werr, wdetail = http.write_request(sock, req, limits)
    if not n then
        sock:close()
        -- nothing reached a fresh connection's server if the send failed at byte 0
        return nil, common.http_error(new_error, req, wdetail, werr, (wdetail.sent or 0) > 0),
               reused and wdetail.kind ~= "timeout" and wdetail.kind ~= "protocol"
    end
    local resp, rerr, rdetail = http.read_response(sock, limits, req.method)
    if not resp then
        sock:close()
        local err, kind = common.http_error(new_error, req, rdetail, rerr, true)
        return nil, err, reused and not rdetail.received and kind == "network"
    end
    if resp.keepalive then
        self:checkin(key, sock)
    else
        sock:close()
    end
    return resp     -- { status, headers, body } and the codec's extras (reason, version, keepalive, trailers)
end

--- request(req) -> resp | nil, err   (see CONTRACTS: the transport interface)
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

    local sock = self:checkout(key)
    local reused = sock ~= nil
    local err
    if not sock then
        sock, err = connect(r, deadline)
        if not sock then
            return nil, err
        end
    end
    local resp, resend
    resp, err, resend = exchange(self, sock, r, key, deadline, reused)
    if resp or not resend then
        return resp, err
    end
    -- The server closed a reused connection before answering (the keep-alive race): once more, fresh.
    sock, err = connect(r, deadline)
    if not sock then
        err.sent = true
        return nil, err
    end
    resp, err = exchange(self, sock, r, key, deadline, false)
    return resp, err
end

return _M

-- tim.transport.ngx: HTTP/1.1 over OpenResty cosockets, with nginx's keep-alive pool and verified TLS.
--
--   local t = require("tim.transport.ngx").new{ pool_size = 32, idle_timeout = 60 }
--   local resp, err = t:request(req)       -- same req/resp/err as tim.transport.socket
--
-- nginx needs (http{} block):
--   resolver 127.0.0.53 ipv6=off;          -- or your DNS server: cosockets do not use /etc/hosts or libc
--   lua_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;   -- no CA, no verified TLS
--   lua_ssl_verify_depth 3;                -- the default (1) is too short for most public chains
-- Cosockets work in rewrite, access, content, timer, ssl_cert, ssl_session_fetch and ssl_client_hello handlers;
-- anywhere else (init, init_worker, set, header/body filter, log, balancer) request() returns a clear error.
-- Per-request CA files cannot be applied to cosockets: a req.tls.cafile is accepted only when it names the file
-- given to new{ trusted_certificate = ... } (the one lua_ssl_trusted_certificate points at), else it is refused.

local http = require "tim.http"
local common = require "tim.transport.common"

local ngx = ngx
local setmetatable = setmetatable
local tostring = tostring
local tonumber = tonumber
local type = type
local pairs = pairs
local ipairs = ipairs
local format = string.format
local find = string.find
local floor = math.floor
local sub = string.sub
local byte = string.byte
local concat = table.concat

local _M = { _VERSION = require "tim.version" }

_M.DEFAULT_TIMEOUT = 10
_M.DEFAULT_POOL_SIZE = 32
_M.DEFAULT_IDLE_TIMEOUT = 60

local MOD = "tim.transport.ngx"

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

local Transport = {}
local mt = { __index = Transport }

--- new([opts]) -> transport
-- opts: pool_size (per pool name, default 32), idle_timeout (seconds, default 60), timeout (default per-attempt
-- seconds, default 10), backlog (queue for a full pool, optional), trusted_certificate (the path given to
-- lua_ssl_trusted_certificate), limits ({ max_header_bytes, max_headers, max_body_bytes }).
function _M.new(opts)
    opts = opts or {}
    if type(opts) ~= "table" then
        error("tim.transport.ngx.new: opts must be a table", 2)
    end
    for _, k in ipairs{ "pool_size", "idle_timeout", "timeout", "backlog" } do
        if opts[k] ~= nil and (type(opts[k]) ~= "number" or opts[k] < 0) then
            error("tim.transport.ngx.new: opts." .. k .. " must be a non-negative number", 2)
        end
    end
    local limits = opts.limits or {}
    return setmetatable({
        pool_size = opts.pool_size or _M.DEFAULT_POOL_SIZE,
        idle_ms = floor((opts.idle_timeout or _M.DEFAULT_IDLE_TIMEOUT) * 1000),
        timeout = opts.timeout or _M.DEFAULT_TIMEOUT,
        backlog = opts.backlog,
        trusted_certificate = opts.trusted_certificate,
        max_header_bytes = limits.max_header_bytes,
        max_headers = limits.max_headers,
        max_body_bytes = limits.max_body_bytes,
    }, mt)
end

local http_names = {}   -- host -> port -> pool name, made once

--- pool_name(req) -> string: nginx pool name; includes every TLS setting that decided trust.
function _M.pool_name(req)
    local port = req.port or (req.scheme == "https" and 443 or 80)
    if req.scheme ~= "https" then
        local by_port = http_names[req.host]
        local name = by_port and by_port[port]
        if not name then
            if not by_port then
                by_port = {}
                http_names[req.host] = by_port
            end
            name = "tim|http|" .. req.host .. "|" .. format("%d", port)
            by_port[port] = name
        end
        return name
    end
    local tls = req.tls or {}
    return "tim|https|" .. req.host .. "|" .. format("%d", port) .. "|"
           .. (tls.insecure_skip_verify and "insecure" or "peer") .. "|" .. (tls.cafile or "")
           .. "|" .. (tls.server_name or "")
end
local pool_name = _M.pool_name

-- nginx's cached time: refreshed on every turn of the event loop, so after each wait on a socket. Only the start
-- of a request refreshes it explicitly (the handler may have run for a while before calling).
local function clock()
    return ngx.now()
end

local function set_timeout(sock, left)
    local ms = floor(left * 1000)
    if ms < 1 then
        ms = 1
    end
    sock:settimeouts(ms, ms, ms)
end


local function connect(self, req, deadline)
    local host, port = req.host, req.port or (req.scheme == "https" and 443 or 80)
    local sock = ngx.socket.tcp()
    local left = deadline - clock()
    if left <= 0 then
        return nil, new_error("timeout", "no time left to connect to " .. host, false)
    end
    set_timeout(sock, left)
    local ok, err = sock:connect(host, port, { pool = pool_name(req), pool_size = self.pool_size,
                                               backlog = self.backlog })
    if not ok then
        if err == "timeout" then
            return nil, new_error("timeout", format("connect to %s:%d timed out", host, port), false)
        end
        return nil, new_error("network", format("cannot connect to %s:%d: %s", host, port, tostring(err)), false)
    end
    local reused = (sock:getreusedtimes() or 0) > 0
    if req.scheme == "https" and not reused then
        local tls = req.tls or {}
        local verify = not tls.insecure_skip_verify
        local name = tls.server_name or host
        left = deadline - clock()
        if left <= 0 then
            sock:close()
            return nil, new_error("timeout", "no time left for the TLS handshake with " .. host, false)
        end
        set_timeout(sock, left)
        -- SNI must not be an IP address; nginx then checks the name against the certificate (verify = true).
        local sess, herr = sock:sslhandshake(nil, (not is_ip(name)) and name or nil, verify)
        if not sess then
            sock:close()
            if herr == "timeout" then
                return nil, new_error("timeout", "TLS handshake with " .. host .. " timed out", false)
            end
            return nil, new_error("tls", "TLS handshake with " .. name .. " failed: " .. tostring(herr)
                                  .. ((verify and find(tostring(herr), "verif", 1, true))
                                      and " (check lua_ssl_trusted_certificate / lua_ssl_verify_depth)" or ""),
                                  false)
        end
        if verify and is_ip(name) then
            -- nginx checks DNS names only: without a name to check, an IP-addressed peer is not verified
            sock:close()
            return nil, new_error("tls", "cannot verify a certificate for the IP address " .. name
                                  .. " under OpenResty: set tls.server_name to the certificate's DNS name", false)
        end
    end
    return sock, nil, reused
end

---------------------------------------------------------------------------------------------------------------
-- A cosocket's receive() re-arms its read timer whenever some bytes arrive, so a peer dripping one byte at a
-- time keeps a single receive("*l") alive for ever. This reader pulls with receiveany() and sets the timer to
-- what is left of the attempt before every pull: the deadline holds for the whole response. It offers the
-- receive() of LuaSocket ("*l" and a byte count) that tim.http needs.

local Reader = {}
local reader_mt = { __index = Reader }
local PULL = 65536

local function new_reader(sock, deadline, max_line)
    return setmetatable({ sock = sock, deadline = deadline, buf = "", pos = 1, max_line = max_line }, reader_mt)
end

function Reader:pull(max)
    local left = self.deadline - clock()
    if left <= 0 then
        return nil, "timeout"
    end
    set_timeout(self.sock, left)
    return self.sock:receiveany(max)
end

-- Buffered bytes not consumed yet (a response must leave none for the connection to be reused).
function Reader:rest()
    return sub(self.buf, self.pos)
end

function Reader:receive(pattern)
    local buf, pos = self.buf, self.pos
    if pattern == "*l" then
        while true do
            local i = find(buf, "\n", pos, true)
            if i then
                self.pos = i + 1
                if i > pos and byte(buf, i - 1) == 13 then
                    return sub(buf, pos, i - 2)
                end
                return sub(buf, pos, i - 1)
            end
            if #buf - pos + 1 > self.max_line then
                self.buf, self.pos = "", 1
                return nil, "line too long", sub(buf, pos)
            end
            local data, err = self:pull(PULL)
            if not data then
                self.buf, self.pos = "", 1
                return nil, err, sub(buf, pos)
            end
            buf = (pos > #buf) and data or (sub(buf, pos) .. data)
            pos = 1
            self.buf, self.pos = buf, 1
        end
    end
    local n = pattern
    local have = #buf - pos + 1
    if have >= n then
        self.pos = pos + n
        return sub(buf, pos, pos + n - 1)
    end
    local parts, k, got = { sub(buf, pos) }, 1, have
    self.buf, self.pos = "", 1
    while got < n do
        local data, err = self:pull(n - got)     -- never more than asked: nothing of the next message
        if not data then
            return nil, err, concat(parts, "", 1, k)
        end
        k = k + 1
        parts[k] = data
        got = got + #data
    end
    return concat(parts, "", 1, k)
end

function Reader:send(data)
    return self.sock:send(data)
end

local function exchange(self, sock, req, deadline, reused)
    local limits = {
        deadline = deadline, clock = clock, set_timeout = set_timeout,
        max_header_bytes = self.max_header_bytes, max_headers = self.max_headers,
        max_body_bytes = self.max_body_bytes,
    }
    local reader = new_reader(sock, deadline, (self.max_header_bytes or http.DEFAULT_LIMITS.max_header_bytes) + 2)
    local read_limits = {      -- the reader keeps the deadline itself
        max_header_bytes = self.max_header_bytes, max_headers = self.max_headers,
        max_body_bytes = self.max_body_bytes,
    }
    local n, werr, wdetail = http.write_request(sock, req, limits)
    if not n then
        sock:close()
        -- a cosocket does not say how many bytes left before a failed send: assume some did
        return nil, common.http_error(new_error, req, wdetail, werr, wdetail.kind ~= "protocol"),
               reused and wdetail.kind == "network"
    end
    local resp, rerr, rdetail = http.read_response(reader, read_limits, req.method)
    if not resp then
        sock:close()
        local err, kind = common.http_error(new_error, req, rdetail, rerr, true)
        return nil, err, reused and not rdetail.received and kind == "network"
    end
    if resp.keepalive and reader.pos > #reader.buf then
        local ok = sock:setkeepalive(self.idle_ms, self.pool_size)
        if not ok then
            sock:close()
        end
    else
        sock:close()
    end
    return { status = resp.status, headers = resp.headers, body = resp.body, reason = resp.reason }
end

--- request(req) -> resp | nil, err   (see CONTRACTS: the transport interface)
function Transport:request(req)
    local scheme, cerr = common.check(MOD, req, new_error)
    if not scheme then
        return nil, cerr
    end
    local ok, why = _M.available()
    if not ok then
        return nil, new_error("network", why .. ": call from rewrite/access/content/timer code (for example "
                              .. "ngx.timer.at(0, fn)), not from init, init_worker, set, header/body filter, "
                              .. "balancer or log handlers", false, true)
    end
    local tls = req.tls
    if scheme == "https" and tls and tls.cafile and not tls.insecure_skip_verify
       and tls.cafile ~= self.trusted_certificate then
        return nil, new_error("tls", "tls.cafile " .. tostring(tls.cafile) .. " cannot be applied to a cosocket: "
                              .. "point lua_ssl_trusted_certificate at it and pass the same path as "
                              .. "new{ trusted_certificate = ... }", false)
    end
    local r = req
    if req.scheme ~= scheme then
        r = {}
        for k, v in pairs(req) do r[k] = v end
        r.scheme = scheme
    end
    ngx.update_time()
    local deadline = clock() + (tonumber(req.timeout) or self.timeout)

    local sock, err, reused = connect(self, r, deadline)
    if not sock then
        return nil, err
    end
    local resp, resend
    resp, err, resend = exchange(self, sock, r, deadline, reused)
    if resp or not resend then
        return resp, err
    end
    -- The server closed a pooled connection before answering (the keep-alive race): once more on a new one.
    -- Other idle connections in the pool are likely stale too: drain them until connect() makes a new one.
    for _ = 1, self.pool_size + 1 do
        sock, err, reused = connect(self, r, deadline)
        if not sock then
            err.sent = true
            return nil, err
        end
        if not reused then
            break
        end
        sock:close()
        sock = nil
    end
    if not sock then
        return nil, new_error("network", "no new connection to " .. r.host .. " after a stale one", true)
    end
    resp, err = exchange(self, sock, r, deadline, false)
    return resp, err
end

return _M

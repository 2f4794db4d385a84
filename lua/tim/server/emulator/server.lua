-- The emulator's network half: a listening socket on a tim.loop, a task per connection, HTTP/1.1 keep-alive
-- through tim.net.http's server half (the same codec and loop the client uses).
--
-- Slow or hostile clients cannot lock others out:
--   * every read is bounded (a request line, a header block, a body: tim.net.http's limits) and obeys a deadline:
--     a request's head must arrive within header_timeout of its first byte, its body within body_timeout of the
--     end of the head (deadlines, not per-read timeouts: a client dripping a byte every few seconds, or one
--     streaming bytes without end, is cut off all the same, with 408); an idle keep-alive connection is closed
--     after idle_timeout;
--   * a connection whose client keeps bytes coming yields its turn every tim.loop.SLICE (the loop's drivers), so
--     it delays the others by milliseconds, not by its whole request; and after each answer while others are
--     open, so that a round of the loop serves each connection one request;
--   * at max_connections a new connection evicts an open one: the longest idle first, then the one that has been
--     sending its request the longest. New clients are always accepted.
-- The handler runs inside the connection's task and may call server.sleep(seconds) (it yields to the loop).
local socket = require "socket"
local http = require "tim.net.http"
local stream = require "tim.net.stream"
local loop_mod = require "tim.net.loop"
local transport_socket = require "tim.net.transport.socket"
local errors = require "tim.base.errors"

local setmetatable, pairs, tostring, pcall = setmetatable, pairs, tostring, pcall
local gettime = socket.gettime

local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

_M.IDLE_TIMEOUT = 30          -- seconds a keep-alive connection may sit idle
_M.HEADER_TIMEOUT = 10        -- seconds a request's head may take to arrive, from its first byte
_M.BODY_TIMEOUT = 10          -- seconds a request's body may take to arrive, from the end of its head
_M.IO_TIMEOUT = 30            -- seconds an answer may take to leave
_M.MAX_CONNECTIONS = 900      -- open connections (each one an entry in every poll() of the loop)
local LIMITS = { max_header_bytes = 32 * 1024, max_headers = 100, max_body_bytes = 8 * 1024 * 1024,
                 max_line_bytes = 8 * 1024 }

--- new{ host = "127.0.0.1", port = 0, tls = { cert = path, key = path }?, handler = fn, log = fn?, loop = loop?,
---      max_connections?, idle_timeout?, header_timeout?, body_timeout?, max_body_bytes? } -> server | nil, err
-- handler(req, conn) -> status, headers, body | "drop". With opts.loop the server's tasks run on that loop (the
-- caller drives it); without, the server has a loop of its own (step/serve drive it).
function _M.new(opts)
    local host, port = opts.host or "127.0.0.1", opts.port or 0
    local ssl_ctx
    if opts.tls then
        local ok, ssl = pcall(require, "ssl")
        if not ok then return nil, "tim.server.emulator.server.new: LuaSec (ssl) is needed for TLS" end
        local ctx, err = ssl.newcontext{ mode = "server", protocol = "any", certificate = opts.tls.cert,
                                         key = opts.tls.key, options = { "all", "no_sslv2", "no_sslv3" } }
        if not ctx then return nil, "tim.server.emulator.server.new: TLS context: " .. tostring(err) end
        ssl_ctx = { ssl = ssl, ctx = ctx }
    end
    local self = setmetatable({
        host = host, tls = ssl_ctx, scheme = ssl_ctx and "https" or "http", handler = opts.handler,
        log = opts.log, loop = opts.loop or loop_mod.new(), own_loop = opts.loop == nil,
        conns = {}, count = 0, accepted = 0, evicted = 0, running = false,
        max_connections = opts.max_connections or _M.MAX_CONNECTIONS,
        idle_timeout = opts.idle_timeout or _M.IDLE_TIMEOUT,
        header_timeout = opts.header_timeout or _M.HEADER_TIMEOUT,
        body_timeout = opts.body_timeout or _M.BODY_TIMEOUT,
        limits = LIMITS,
    }, mt)
    if opts.max_body_bytes then
        self.limits = {}
        for k, v in pairs(LIMITS) do self.limits[k] = v end
        self.limits.max_body_bytes = opts.max_body_bytes
    end
    local listener, err = self.loop:listen(host, port, function(sock, peer) self:connection(sock, peer) end,
                                           { backlog = 511 })
    if not listener then
        return nil, "tim.server.emulator.server.new: cannot listen on " .. host .. ":" .. tostring(port) .. ": "
                    .. tostring(err)
    end
    self.listener, self.port = listener, listener.port
    return self
end

--- sleep(seconds): inside a handler, pause this connection only (other connections go on).
function _M.sleep(seconds)
    if not seconds or seconds <= 0 then
        return
    end
    local l = loop_mod.current()
    if l then
        l:sleep(seconds)
    else
        socket.sleep(seconds)
    end
end

--- transport([opts]) -> a client transport on the server's loop (for the emulator's webhook calls: they yield
-- instead of stopping every other connection).
function _M.transport(self, opts)
    return transport_socket.on_loop(self.loop, opts)
end

-- At the cap: the longest idle connection goes first, then the one slowest to send its request.
local function evict_one(self, except)
    local victim, vscore
    for c in pairs(self.conns) do
        if c ~= except and not c.evict and c.state ~= "busy" then
            local age = gettime() - c.since
            local score = (c.state == "idle" and 1e9 or 0) + age
            if not vscore or score > vscore then
                victim, vscore = c, score
            end
        end
    end
    if victim then
        self.evicted = self.evicted + 1
        victim.evict = true
        victim.sock:close()
        self.loop:interrupt(victim.task)
        return true
    end
    return false
end

local function closed(self, c)
    if self.conns[c] then
        self.conns[c] = nil
        self.count = self.count - 1
    end
    c.sock:close()
end

--- answer(handler, req, conn, log?) -> status, headers, body | "drop": the handler's answer, or a 500 that says
-- what went wrong when it raised (never with the request's query, which holds the UserSig). The emulator's own
-- connections and tim.server.emulator.ngx (nginx doing HTTP) both answer through it.
function _M.answer(handler, req, conn, log)
    local ok, status, headers, body = pcall(handler, req, conn)
    if ok then return status, headers, body end
    local msg = errors.scrub(tostring(status))
    if log then log("internal error on " .. tostring(req.path) .. ": " .. msg) end
    return 500, { ["Content-Type"] = "text/plain" }, "tim emulator: internal error: " .. msg
end

-- One connection's task.
function _M.connection(self, sock, peer)
    local c = { sock = sock, peer = peer, since = gettime(), state = "reading", task = self.loop:inside() }
    self.conns[c] = true
    self.count = self.count + 1
    self.accepted = self.accepted + 1
    if self.count > self.max_connections then
        evict_one(self, c)
    end
    -- plain TCP: the loop's descriptor driver (one recv per read, an answer in one sendmsg)
    local driver = self.tls and self.loop.driver or self.loop.driver.plain
    if self.tls then
        local tls_sock = self.tls.ssl.wrap(sock, self.tls.ctx)
        if not tls_sock then return closed(self, c) end
        c.sock = tls_sock
        if not driver.handshake(tls_sock, gettime() + self.header_timeout) then return closed(self, c) end
    end
    local st = stream.new(c.sock, driver)
    c.stream = st
    while not c.evict do
        c.state, c.since = "idle", gettime()
        if st:buffered() == 0 then
            local ok = st:fill(gettime() + self.idle_timeout)
            if not ok or c.evict then break end
        end
        c.state, c.since = "reading", gettime()
        local req, _, detail = http.read_request(st, gettime() + self.header_timeout, self.limits, self.body_timeout)
        if not req then
            if detail and detail.status and not c.evict then
                http.write_response(st, detail.status, { ["Connection"] = "close" }, "", gettime() + 1)
            end
            break
        end
        c.state = "busy"
        local status_, headers, body = _M.answer(self.handler, req, c, self.log)
        if status_ == "drop" or c.evict then break end
        local keep = req.keepalive and not self.stopping
        if not http.write_response(st, status_, headers, body, gettime() + _M.IO_TIMEOUT,
                                   keep and "keep-alive" or "close") then break end
        if not keep then break end
        -- one request per turn while other connections are open: a client that sends its next request at once
        -- would be served for a whole tim.loop.SLICE (2 ms) at a time, and at 50 such connections a round of the
        -- loop, everyone's wait, took 100 ms (bench/emulator_p99.lua)
        if self.count > 1 then self.loop:pass() end
    end
    closed(self, c)
end

-- One turn of the loop: wait at most `timeout` seconds for something to do, then do it.
function _M.step(self, timeout)
    return self.loop:step(timeout)
end

-- Run until stop() is called (from a handler, a signal hook, or `until_fn` returning true).
function _M.serve(self, until_fn)
    self.running = true
    while self.running do
        self.loop:step(until_fn and 0.2 or 1)
        if until_fn and until_fn() then break end
    end
    self:close()
end

function _M.stop(self)
    self.running = false
    self.stopping = true
end

function _M.close(self)
    if self.listener then
        self.listener:close()
        self.listener = nil
    end
    for c in pairs(self.conns) do
        c.evict = true
        c.sock:close()
        if c.task then self.loop:interrupt(c.task) end
    end
    if self.own_loop then
        -- let the interrupted tasks finish
        for _ = 1, 3 do
            if self.loop:alive() == 0 then break end
            self.loop:step(0)
        end
    end
    self.conns, self.count = {}, 0
end

_M.LIMITS = LIMITS

return _M

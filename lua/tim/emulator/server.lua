-- The emulator's network half: one listening socket, a coroutine per connection over non-blocking LuaSocket
-- (and LuaSec for HTTPS), a small select loop, HTTP/1.1 keep-alive through tim.http's server half.
--
-- A connection's coroutine yields "r" / "w" to wait for its socket, or "sleep" with a wake time; the loop resumes
-- it when select says so or the time has come. Nothing blocks except the app handler's own work (a webhook call
-- blocks the loop for at most its timeout).
local socket = require "socket"
local http = require "tim.http"

local setmetatable, pairs, tostring, tonumber, pcall = setmetatable, pairs, tostring, tonumber, pcall
local create, resume, yield, status = coroutine.create, coroutine.resume, coroutine.yield, coroutine.status
local gettime, select = socket.gettime, socket.select
local gsub = string.gsub


local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

local IDLE_TIMEOUT = 30       -- seconds a keep-alive connection may sit idle
local IO_TIMEOUT = 30         -- seconds one request may take to arrive
local MAX_CONNECTIONS = 900   -- below select()'s FD_SETSIZE; more clients wait in the listen backlog
local LIMITS = { max_header_bytes = 32 * 1024, max_headers = 100, max_body_bytes = 8 * 1024 * 1024 }

-- A socket-like object for tim.http: blocking semantics on top of a non-blocking socket, by yielding.
local conn_mt = {}
conn_mt.__index = conn_mt

local function wait(c, what)
    c.deadline = gettime() + c.timeout
    return yield(what)
end

function conn_mt.receive(c, pattern)
    local prefix
    while true do
        local data, err, partial = c.sock:receive(pattern, prefix)
        if data then return data end
        if err == "timeout" or err == "wantread" or err == "wantwrite" then
            prefix = partial
            if not wait(c, err == "wantwrite" and "w" or "r") then return nil, "timeout", prefix end
        else
            return nil, err, partial
        end
    end
end

function conn_mt.send(c, data)
    local i = 1
    while true do
        local last, err, sent = c.sock:send(data, i)
        if last then return last end
        if err == "timeout" or err == "wantwrite" or err == "wantread" then
            if sent and sent >= i then i = sent + 1 end
            if not wait(c, err == "wantread" and "r" or "w") then return nil, "timeout", i - 1 end
        else
            return nil, err, sent
        end
    end
end

function conn_mt.close(c)
    if not c.closed then
        c.closed = true
        c.sock:close()
    end
end

-- new{ host = "127.0.0.1", port = 0, tls = { cert = path, key = path }?, handler = fn } -> server | nil, err
-- handler(req, conn) -> status, headers, body | "drop"; it runs inside the connection's coroutine and may call
-- server.sleep(seconds).
function _M.new(opts)
    local host, port = opts.host or "127.0.0.1", opts.port or 0
    local ssl_ctx
    if opts.tls then
        local ok, ssl = pcall(require, "ssl")
        if not ok then return nil, "tim.emulator.server.new: LuaSec (ssl) is needed for TLS" end
        local ctx, err = ssl.newcontext{ mode = "server", protocol = "any", certificate = opts.tls.cert,
                                         key = opts.tls.key, options = { "all", "no_sslv2", "no_sslv3" } }
        if not ctx then return nil, "tim.emulator.server.new: TLS context: " .. tostring(err) end
        ssl_ctx = { ssl = ssl, ctx = ctx }
    end
    local srv, err = socket.bind(host, port, 128)
    if not srv then return nil, "tim.emulator.server.new: cannot listen on " .. host .. ":" .. tostring(port)
                               .. ": " .. tostring(err) end
    srv:settimeout(0)
    local _, bound_port = srv:getsockname()
    local self = setmetatable({ listener = srv, host = host, port = tonumber(bound_port), tls = ssl_ctx,
                                scheme = ssl_ctx and "https" or "http", handler = opts.handler,
                                threads = {}, count = 0, accepted = 0, running = false, log = opts.log }, mt)
    return self
end

-- Inside a handler: pause this connection only.
function _M.sleep(seconds)
    if seconds and seconds > 0 then yield("sleep", gettime() + seconds) end
end

local function serve_connection(self, c)
    if self.tls then
        local tls_sock = self.tls.ssl.wrap(c.sock, self.tls.ctx)
        if not tls_sock then return end
        tls_sock:settimeout(0)
        c.sock = tls_sock
        while true do
            local ok, herr = tls_sock:dohandshake()
            if ok then break end
            if herr == "wantread" or herr == "timeout" then
                if not wait(c, "r") then return end
            elseif herr == "wantwrite" then
                if not wait(c, "w") then return end
            else
                return
            end
        end
    end
    while not c.closed do
        c.timeout = IDLE_TIMEOUT
        local req, _, detail = http.read_request(c, LIMITS)
        if not req then
            if detail and detail.status and not c.closed then
                http.write_response(c, detail.status, { ["Connection"] = "close" }, "")
            end
            return
        end
        c.timeout = IO_TIMEOUT
        local ok, status_, headers, body = pcall(self.handler, req, c)
        if not ok then
            -- a handler bug: say so (never with the request's query, which holds the UserSig)
            local msg = gsub(tostring(status_), "usersig=[^&%s]*", "usersig=(hidden)")
            if self.log then self.log("internal error on " .. tostring(req.path) .. ": " .. msg) end
            status_, headers, body = 500, { ["Content-Type"] = "text/plain" }, "tim emulator: internal error: " .. msg
        end
        if status_ == "drop" then return end
        headers = headers or {}
        local keep = req.keepalive and not self.stopping
        headers["Connection"] = keep and "keep-alive" or "close"
        if not http.write_response(c, status_, headers, body) then return end
        if not keep then return end
    end
end

function _M.accept(self)
    while self.count < MAX_CONNECTIONS do
        local client = self.listener:accept()
        if not client then return end
        client:settimeout(0)
        client:setoption("tcp-nodelay", true)
        local c = setmetatable({ sock = client, timeout = IDLE_TIMEOUT }, conn_mt)
        c.peer = client:getpeername()
        local co = create(function() serve_connection(self, c) end)
        local th = { co = co, conn = c }
        self.threads[th] = true
        self.count = self.count + 1
        self.accepted = self.accepted + 1
        self:resume(th, true)
    end
end

function _M.resume(self, th, value)
    local ok, what, arg = resume(th.co, value)
    if not ok or status(th.co) == "dead" then
        if not ok and self.log then self.log("connection error: " .. tostring(what)) end
        th.conn:close()
        self.threads[th] = nil
        self.count = self.count - 1
        return
    end
    th.wait = what
    th.wake = what == "sleep" and arg or th.conn.deadline
end

-- One turn of the loop: wait at most `timeout` seconds for something to do, then do it.
function _M.step(self, timeout)
    -- at the connection cap the listener is left out, or select would report it ready again and again
    local recvt, sendt, by_sock = { self.count < MAX_CONNECTIONS and self.listener or nil }, {}, {}
    local now = gettime()
    local soonest = now + (timeout or 1)
    for th in pairs(self.threads) do
        if th.wait == "r" then recvt[#recvt + 1] = th.conn.sock; by_sock[th.conn.sock] = th
        elseif th.wait == "w" then sendt[#sendt + 1] = th.conn.sock; by_sock[th.conn.sock] = th end
        if th.wake and th.wake < soonest then soonest = th.wake end
    end
    local wait_for = soonest - now
    if wait_for < 0 then wait_for = 0 end
    local readable, writable = select(recvt, sendt, wait_for)
    local ready = {}
    for _, s in pairs(readable) do
        if s == self.listener then self:accept()
        elseif by_sock[s] then ready[by_sock[s]] = true end
    end
    for _, s in pairs(writable) do
        if by_sock[s] then ready[by_sock[s]] = true end
    end
    now = gettime()
    for th in pairs(self.threads) do
        if ready[th] then
            self:resume(th, true)
        elseif th.wake and th.wake <= now then
            -- a sleep is over (true), or an I/O wait ran out of time (false)
            self:resume(th, th.wait == "sleep")
        end
    end
end

-- Run until stop() is called (from a handler, a signal hook, or `until_fn` returning true).
function _M.serve(self, until_fn)
    self.running = true
    while self.running do
        self:step(until_fn and 0.2 or 1)
        if until_fn and until_fn() then break end
    end
    self:close()
end

function _M.stop(self)
    self.running = false
    self.stopping = true
end

function _M.close(self)
    for th in pairs(self.threads) do th.conn:close() end
    self.threads, self.count = {}, 0
    if self.listener then self.listener:close(); self.listener = nil end
end

return _M

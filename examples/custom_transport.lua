-- A custom transport for a game server's own loop: non-blocking LuaSocket + coroutines, no extra libraries.
--
-- lua-tim calls `transport:request(req)` and expects `resp` or `nil, err` back (the contract is in the README,
-- "Custom transports"). Here request() must run inside a coroutine started with loop:spawn(); whenever a socket
-- would block, it yields to the loop, and the game keeps running its frames. Each frame calls loop:step(0) (or
-- step(t) to sleep up to t seconds when idle). Many calls can be in flight at once, one connection each; finished
-- connections are kept alive for the next call to the same host.
--
--   local Loop = require("custom_transport")          -- this file (put examples/ on package.path)
--   local loop = Loop.new()
--   local im = assert(require("tim").new{ sdkappid = ..., key = ..., region = "sgp",
--                                          transport = loop:transport{ cafile = nil } })
--   loop:spawn(function()
--       local res, err = im.openim.sendmsg{ ... }        -- yields inside; returns when the answer is in
--   end)
--   while game_running do
--       update_world()
--       loop:step(0)                                     -- advance the network: never blocks
--   end
--
-- Run it as a script for a demonstration: lua5.4 examples/custom_transport.lua http://127.0.0.1:PORT/path
-- (sends 5 concurrent POSTs to that URL while a fake game loop counts frames).

local socket = require "socket"
local http = require "tim.http"

local coroutine = coroutine
local setmetatable = setmetatable
local gettime = socket.gettime

local Loop = {}
Loop.__index = Loop

function Loop.new()
    return setmetatable({ waiting = {}, pools = {} }, Loop)
end

-- Starts fn(...) as a coroutine driven by this loop.
function Loop.spawn(_, fn, ...)
    local co = coroutine.create(fn)
    local ok, err = coroutine.resume(co, ...)
    if not ok then
        error(err, 0)
    end
    return co
end

-- Inside a coroutine: park until `sock` is ready for `mode` ("r" or "w") or the deadline passes.
function Loop:wait(sock, mode, deadline)
    local co = coroutine.running()
    self.waiting[co] = { sock = sock, mode = mode, deadline = deadline }
    return coroutine.yield()
end

-- One turn of the loop: waits at most `timeout` seconds (0: just poll) and resumes whatever is ready.
function Loop:step(timeout)
    local r, w, owner = {}, {}, {}
    local now = gettime()
    local soonest = now + (timeout or 0)
    for co, wt in pairs(self.waiting) do
        owner[wt.sock] = co
        if wt.mode == "r" then r[#r + 1] = wt.sock else w[#w + 1] = wt.sock end
        if wt.deadline < soonest then soonest = wt.deadline end
    end
    if not next(owner) then
        return 0
    end
    local readable, writable = socket.select(r, w, math.max(0, soonest - now))
    local ready = {}
    for _, list in ipairs{ readable or {}, writable or {} } do
        for _, s in ipairs(list) do
            if owner[s] then ready[owner[s]] = true end
        end
    end
    now = gettime()
    for co, wt in pairs(self.waiting) do
        if ready[co] or now >= wt.deadline then
            self.waiting[co] = nil
            local ok, err = coroutine.resume(co, ready[co] and "ready" or "timeout")
            if not ok then
                error(err, 0)
            end
        end
    end
    return #r + #w
end

-- Runs the loop until no coroutine waits (scripts and tests; a game calls step() from its own loop).
function Loop:run()
    while next(self.waiting) do
        self:step(0.05)
    end
end

---------------------------------------------------------------------------------------------------------------
-- A socket-like object for tim.http: blocking semantics, but yields to the loop instead of blocking.

local Conn = {}
Conn.__index = Conn

function Conn:receive(pattern)
    local partial = ""
    while true do
        local data, err, part = self.sock:receive(pattern, partial)
        if data then
            return data
        end
        partial = part or partial
        if err ~= "timeout" and err ~= "wantread" then
            return nil, err, partial
        end
        if self.loop:wait(self.sock, "r", self.deadline) == "timeout" then
            return nil, "timeout", partial
        end
    end
end

function Conn:send(data)
    local from = 1
    while true do
        local last, err, part = self.sock:send(data, from)
        if last then
            return last
        end
        from = (part or from - 1) + 1
        if err ~= "timeout" and err ~= "wantwrite" then
            return nil, err, from - 1
        end
        if self.loop:wait(self.sock, "w", self.deadline) == "timeout" then
            return nil, "timeout", from - 1
        end
    end
end

function Conn:close()
    self.sock:close()
end

local function fail(kind, message, sent)
    return nil, { kind = kind, message = "custom_transport: " .. message, sent = sent }
end

-- Verified TLS, the same rules as tim.transport.socket: chain (cafile or the system bundle) and host name.
local function tls_wrap(loop, conn, req)
    local ssl = require "ssl"
    local tls = req.tls or {}
    local verify = not tls.insecure_skip_verify
    local ctx = assert(ssl.newcontext{
        mode = "client", protocol = "any", options = { "all", "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1" },
        verify = verify and { "peer" } or { "none" }, verifyext = verify and { "lsec_continue" } or nil,
        cafile = verify and (tls.cafile or "/etc/ssl/certs/ca-certificates.crt") or nil,
    })
    local s = assert(ssl.wrap(conn.sock, ctx))
    local name = tls.server_name or req.host
    if not name:match("^[%d.]+$") then s:sni(name) end
    s:settimeout(0)
    conn.sock = s
    while true do
        local ok, err = s:dohandshake()
        if ok then break end
        if err ~= "wantread" and err ~= "wantwrite" and err ~= "timeout" then
            return fail("tls", "TLS handshake failed: " .. tostring(err), false)
        end
        if loop:wait(s, err == "wantwrite" and "w" or "r", conn.deadline) == "timeout" then
            return fail("timeout", "TLS handshake timed out", false)
        end
    end
    if verify then
        local vok = s:getpeerverification()
        local cert = s:getpeercertificate()
        local hok, why = false, "no certificate"
        if cert then hok, why = require("tim.transport.socket").check_host(cert, name) end
        if not vok or not hok then
            return fail("tls", "certificate of " .. name .. " rejected" .. (vok and (": " .. why) or ""), false)
        end
    end
    return conn
end

local function connect(loop, req, deadline)
    local sock = socket.tcp()
    sock:settimeout(0)
    local port = req.port or (req.scheme == "https" and 443 or 80)
    local ok, err = sock:connect(req.host, port)       -- DNS is blocking in LuaSocket: use an IP or cache it
    if not ok and err ~= "timeout" and err ~= "Operation already in progress" then
        sock:close()
        return fail("network", "cannot connect to " .. req.host .. ": " .. tostring(err), false)
    end
    local conn = setmetatable({ sock = sock, loop = loop, deadline = deadline }, Conn)
    if not ok then
        if loop:wait(sock, "w", deadline) == "timeout" then
            sock:close()
            return fail("timeout", "connect to " .. req.host .. " timed out", false)
        end
        -- writable: connected, or failed; a zero-byte probe tells which
        local _, perr = sock:send("")
        if perr and perr ~= "timeout" then
            sock:close()
            return fail("network", "cannot connect to " .. req.host .. ": " .. tostring(perr), false)
        end
    end
    sock:setoption("tcp-nodelay", true)
    if req.scheme == "https" then
        return tls_wrap(loop, conn, req)
    end
    return conn
end

local KIND = { timeout = "timeout", network = "network", closed = "network", protocol = "protocol",
               limit = "protocol" }

local Transport = {}
Transport.__index = Transport

--- loop:transport([opts]) -> an object with request(req) for tim.new{ transport = ... }
function Loop:transport(opts)
    return setmetatable({ loop = self, opts = opts or {} }, Transport)
end

function Transport:request(req)
    if not coroutine.isyieldable() then
        return fail("network", "request() must run inside loop:spawn()", false)
    end
    local loop = self.loop
    local tls = req.tls
    if tls and tls.verify == false and not tls.insecure_skip_verify then
        return fail("tls", "tls.verify = false is refused; use tls.insecure_skip_verify = true", false)
    end
    local key = require("tim.transport.socket").pool_key(req)
    local deadline = gettime() + (req.timeout or 10)
    for attempt = 1, 2 do
        local pool = loop.pools[key]
        local conn = pool and table.remove(pool)
        local reused = conn ~= nil
        if conn then
            conn.deadline = deadline
        else
            local err
            conn, err = connect(loop, req, deadline)
            if not conn then
                return nil, err
            end
        end
        local n, werr, wd = http.write_request(conn, req)
        local resp, rerr, rd
        if n then
            resp, rerr, rd = http.read_response(conn, self.opts.limits, req.method)
        else
            rerr, rd = werr, wd
        end
        if resp then
            if resp.keepalive then
                loop.pools[key] = loop.pools[key] or {}
                table.insert(loop.pools[key], conn)
            else
                conn:close()
            end
            return { status = resp.status, headers = resp.headers, body = resp.body }
        end
        conn:close()
        -- a kept-alive connection the server had closed: resend once on a new one
        if not (reused and attempt == 1 and not rd.received and rd.kind ~= "timeout") then
            return fail(KIND[rd.kind] or "network", rerr, n ~= nil)
        end
    end
end

if arg and arg[0] and arg[0]:match("custom_transport%.lua$") and arg[1] then
    local scheme, host, port, path = arg[1]:match("^(https?)://([^:/]+):?(%d*)(/.*)$")
    assert(scheme, "usage: lua5.4 examples/custom_transport.lua http://127.0.0.1:PORT/path")
    local loop = Loop.new()
    local t = loop:transport()
    local done = 0
    for i = 1, 5 do
        loop:spawn(function()
            local resp, err = t:request{ method = "POST", scheme = scheme, host = host, port = tonumber(port),
                                         path = path, body = "{}", timeout = 5 }
            print(("call %d: %s"):format(i, resp and (resp.status .. " " .. resp.body) or err.message))
            done = done + 1
        end)
    end
    local frames = 0
    while done < 5 do        -- the "game": frames keep ticking while the calls are in flight
        frames = frames + 1
        loop:step(0.001)
    end
    print(("5 calls done in %d frames"):format(frames))
end

return Loop

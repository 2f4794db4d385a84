-- A misbehaving HTTP server for the outcome-integrity specs: it breaks, on purpose, every promise a transport
-- and the client make, and counts what it received so a spec can assert how many copies of a request arrived.
-- It runs as a child process (plain LuaSocket, its own minimal HTTP parsing: nothing of the code under test).
--
--   local hostile = require "support.hostile"
--   local srv = hostile.start()                 -- 127.0.0.1:srv.port, stopped by srv:stop() (and a watchdog)
--   local tls = hostile.start{ tls = { cert = c.cert, key = c.key } }   -- the same behaviours over TLS
--   srv:stats("/close_after_read")              -- { requests = n, connections = m } for that path
--   srv:bodies("/ok")                          -- the request bodies it read there, in order
--   srv:reset()
--
-- The behaviour is chosen by the first segment of the path, so a client endpoint such as
-- http://127.0.0.1:PORT/close_after_read_2 sends its /v4/<service>/<command> requests into that behaviour.
-- A request counts once its head (and its body, when the path reads it) was read in full: the server "acted".
-- The first request on a connection to a /..._2 path is answered normally, so the connection is pooled and the
-- fault hits the second one, on the reused connection (the keep-alive race, made certain).
--   /ok                     200 JSON (keep-alive); the body echoes the request number
--   /close_after_read_2     2nd request on a connection: read in full, then close without a byte
--   /reset_after_read_2     2nd request on a connection: read in full, then a TCP reset
--   /continue_close_2       2nd request on a connection: read in full, "100 Continue", then close
--   /stall                  read the request, never answer
--   /stall_headers          half a header block, then nothing
--   /stall_body             headers (Content-Length 100), 10 body bytes, then nothing
--   /drip                   a status-line byte every 0.2 s, for ever
--   /endless_status         "HTTP/1.1 200 " and then bytes without a line end, as fast as the client reads
--   /endless_header         a status line, then one header line that never ends
--   /endless_chunk          a chunked answer whose chunk-size line never ends
--   /big_headers            a 100 KiB header field
--   /reset_body             headers (Content-Length 100), 10 body bytes, then a TCP reset
--   /truncated_chunked      a chunked body cut off mid-chunk (connection closed)
--   /502                    502 with an HTML body, Connection: close
--   /invalid_json           200 with a body that is not JSON
--   /switch101              101 Switching Protocols
--   /unsolicited            200, then 50 ms later a second, unasked-for answer on the idle connection
--   /te_notchunked          Transfer-Encoding: notchunked
--   /gzip_chunked           Transfer-Encoding: gzip, chunked
--   /cl_te                  Content-Length and Transfer-Encoding: chunked together
--   /http10_chunked         HTTP/1.0, Connection: keep-alive, chunked
--   /http10_keepalive       HTTP/1.0, Connection: keep-alive, Content-Length (may be reused)
--   /early_413              reads only the head, answers 413 (complete, Connection: close), then resets
--   /ka2                    200 with Keep-Alive: timeout=2 (the pool must give the connection up after 1 s)
--   /count                  200 with the number of connections accepted so far
--   /chunks1                a chunked answer of 1-byte chunks that never ends, as fast as the client reads
--   /chunks1_ext            the same, each chunk-size line carrying a 1,000-byte chunk extension
-- Control (on a connection of its own): GET /_stats?path=/x -> {"requests":n,"connections":m}, GET /_reset (also
-- closes every open connection, so no client pool carries one into the next test).

local _M = {}

local HERE = debug.getinfo(1, "S").source:match("^@(.*)$")

local function http_get(port, target, tls)
    local socket = require "socket"
    local c = assert(socket.connect("127.0.0.1", port))
    c:settimeout(5)
    if tls then
        local ssl = require "ssl"
        c = assert(ssl.wrap(c, { mode = "client", protocol = "any", verify = "none" }))
        assert(c:dohandshake())
    end
    c:send("GET " .. target .. " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    local all = c:receive("*a")
    c:close()
    return all and all:match("\r\n\r\n(.*)$")
end

-- start([lua | opts]): opts.lua (the interpreter of the child, default lua5.4), opts.tls = { cert =, key = }.
function _M.start(opts)
    local socket = require "socket"
    local q = require("support.shell").q
    if type(opts) ~= "table" then opts = { lua = opts } end
    local lua = opts.lua or "lua5.4"
    local tls = opts.tls
    local portfile = os.tmpname()
    os.remove(portfile)
    local certs = tls and " " .. q(tls.cert) .. " " .. q(tls.key) or ""
    local cmd = ("%s %s serve %s%s >/dev/null 2>&1 & echo $!"):format(lua, HERE, portfile, certs)
    local p = io.popen(cmd)
    local pid = tonumber(p:read("*l"))
    p:close()
    local port
    local until_t = socket.gettime() + 5
    while socket.gettime() < until_t do
        local f = io.open(portfile, "r")
        if f then
            port = tonumber(f:read("*l"))
            f:close()
            if port then break end
        end
        socket.sleep(0.02)
    end
    os.remove(portfile)
    local srv = { pid = pid, port = port, tls = tls ~= nil }
    require("support.nginx").watchdog(pid, "KILL")    -- gone with this process, whatever happens
    function srv.stop()
        if pid then
            os.execute("kill -KILL " .. pid .. " 2>/dev/null")
            pid = nil
        end
    end
    function srv.stats(_, path)
        local body = http_get(port, "/_stats?path=" .. path, tls)
        local req, conns = (body or ""):match('"requests":(%d+),"connections":(%d+)')
        return { requests = tonumber(req), connections = tonumber(conns) }
    end
    function srv.bodies(_, path)
        local text = http_get(port, "/_stats?bodies=1&path=" .. path, tls)
        return assert(load(text))()
    end
    function srv.reset()
        http_get(port, "/_reset", tls)
    end
    assert(port, "support.hostile: the server did not start")
    return srv
end

---------------------------------------------------------------------------------------------------------------
-- The server (runs in the child)

local function serve(portfile, certfile, keyfile)
    local socket = require "socket"
    local ssl, ctx = nil, nil
    if certfile then
        ssl = require "ssl"
        ctx = assert(ssl.newcontext{ mode = "server", protocol = "any", certificate = certfile, key = keyfile })
    end
    local server = assert(socket.bind("127.0.0.1", 0, 256))
    server:settimeout(0)
    local _, port = server:getsockname()
    local tmp = portfile .. ".tmp"
    local f = assert(io.open(tmp, "w"))
    f:write(port, "\n")
    f:close()
    os.rename(tmp, portfile)

    local threads = {}        -- co -> { sock, wait = "r"|"w"|"t", wake = time }
    local counts = {}         -- path -> requests read in full
    local conns_by_path = {}  -- path -> connections that carried it
    local accepted = 0
    local total = 0
    local bodies = {}         -- path -> bodies received, in order
    local open = {}           -- sockets of live connections

    local function wait(mode, sock, secs)
        local co = coroutine.running()
        threads[co] = { sock = sock, wait = mode, wake = secs and socket.gettime() + secs or nil }
        coroutine.yield()
    end

    -- blocking-style helpers over a non-blocking socket
    local function receive(sock, pattern)
        local prefix = ""
        while true do
            local data, err, partial = sock:receive(pattern)
            if data then return prefix .. data end
            prefix = prefix .. (partial or "")
            if type(pattern) == "number" then pattern = pattern - #(partial or "") end
            if err ~= "timeout" and err ~= "wantread" and err ~= "wantwrite" then return nil, err end
            wait(err == "wantwrite" and "w" or "r", sock)
        end
    end
    local function send(sock, data)
        local i = 1
        while i <= #data do
            local last, err, sent = sock:send(data, i)
            if last then return true end
            if err ~= "timeout" and err ~= "wantread" and err ~= "wantwrite" then return nil, err end
            i = math.floor(sent) + 1
            wait(err == "wantread" and "r" or "w", sock)
        end
        return true
    end
    local function sleep(secs) wait("t", nil, secs) end
    local function reset(sock)
        sock:setoption("linger", { on = true, timeout = 0 })
        sock:close()
    end

    local function read_head(sock)
        local line, err = receive(sock, "*l")
        if not line then return nil, err end
        local method, target = line:match("^(%S+) (%S+)")
        local headers = {}
        while true do
            local h = receive(sock, "*l")
            if not h then return nil end
            if h == "" then break end
            local k, v = h:match("^([^:]+):%s*(.-)%s*$")
            if k then headers[k:lower()] = v end
        end
        local path = target and target:match("^[^?]*")
        return { method = method, target = target, path = path and path:match("^/[^/]*"), full = path,
                 headers = headers }
    end
    local function read_body(sock, req)
        local n = tonumber(req.headers["content-length"] or 0)
        if n > 0 then req.body = receive(sock, n) else req.body = "" end
        return req.body ~= nil
    end

    local OK_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    local function answer_ok(sock, extra)
        total = total + 1
        local body = ('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","N":%d%s}'):format(total, extra or "")
        return send(sock, OK_HEAD:format(#body) .. body)
    end

    local behave = {}
    behave["/ok"] = function(sock) return answer_ok(sock) end
    local function second(fault)
        return function(sock, _, nth)
            if nth == 1 then return answer_ok(sock) end
            fault(sock)
            return false
        end
    end
    behave["/close_after_read_2"] = second(function(sock) sock:close() end)
    behave["/reset_after_read_2"] = second(reset)
    behave["/continue_close_2"] = second(function(sock)
        send(sock, "HTTP/1.1 100 Continue\r\n\r\n"); sleep(0.05); sock:close()
    end)
    behave["/stall"] = function() sleep(3600) return false end
    behave["/stall_headers"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nContent-Ty"); sleep(3600) return false
    end
    behave["/stall_body"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"); sleep(3600) return false
    end
    behave["/drip"] = function(sock)
        local s = "HTTP/1.1 200 OK\r\n"
        local i = 1
        while true do
            if not send(sock, s:sub(i, i)) then return false end
            i = i % #s + 1
            sleep(0.2)
        end
    end
    local function endless(prefix, unit)
        return function(sock)
            if not send(sock, prefix) then return false end
            local block = unit:rep(math.floor(65536 / #unit))
            while send(sock, block) do end
            return false
        end
    end
    behave["/endless_status"] = endless("HTTP/1.1 200 ", "x")
    behave["/endless_header"] = endless("HTTP/1.1 200 OK\r\nX-Long: ", "y")
    behave["/endless_chunk"] = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1", "0")
    behave["/chunks1"] = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\nx\r\n")
    behave["/chunks1_ext"] = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                     "1;ext=" .. ("e"):rep(1000) .. "\r\nx\r\n")
    behave["/big_headers"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nX-Big: " .. ("a"):rep(100 * 1024) .. "\r\nContent-Length: 2\r\n\r\n{}")
        return false
    end
    behave["/reset_body"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"); sleep(0.05); reset(sock)
        return false
    end
    behave["/truncated_chunked"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123"); sleep(0.05); sock:close()
        return false
    end
    behave["/502"] = function(sock)
        local body = "<html><body><h1>502 Bad Gateway</h1></body></html>"
        send(sock, ("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                    .. "Connection: close\r\n\r\n%s"):format(#body, body))
        return false
    end
    behave["/invalid_json"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!")
        return true
    end
    behave["/switch101"] = function(sock)
        send(sock, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        sleep(3600)
        return false
    end
    behave["/unsolicited"] = function(sock)
        answer_ok(sock)
        sleep(0.05)
        local body = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Unsolicited":1}'
        send(sock, OK_HEAD:format(#body) .. body)
        return true
    end
    behave["/te_notchunked"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nTransfer-Encoding: notchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        return true
    end
    behave["/gzip_chunked"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        return true
    end
    behave["/cl_te"] = function(sock)
        send(sock, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        return true
    end
    behave["/http10_chunked"] = function(sock)
        total = total + 1
        send(sock, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                   .. "2\r\n{}\r\n0\r\n\r\n")
        return true
    end
    behave["/http10_keepalive"] = function(sock)
        total = total + 1
        send(sock, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}")
        return true
    end
    behave["/ka2"] = function(sock)       -- keep-alive, but the server says it drops idle connections at 2 s
        total = total + 1
        local body = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}'
        return send(sock, ("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=2\r\nContent-Length: %d\r\n\r\n%s")
                          :format(#body, body))
    end
    behave["/count"] = function(sock)
        total = total + 1
        local body = tostring(accepted)
        return send(sock, ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s"):format(#body, body))
    end

    local function control(sock, req)
        local body
        if req.path == "/_reset" then
            counts, conns_by_path, bodies = {}, {}, {}
            for other in pairs(open) do
                if other ~= sock then other:close() end
            end
            body = "{}"
        elseif req.target:match("bodies=1") then
            local p = req.target:match("path=([^&]+)") or ""
            local list = {}
            for i, b in ipairs(bodies[p] or {}) do list[i] = ("%q"):format(b):gsub("\\\n", "\\n") end
            body = "return {" .. table.concat(list, ",") .. "}"
        else
            local p = req.target:match("path=([^&]+)") or ""
            body = ('{"requests":%d,"connections":%d}'):format(counts[p] or 0, conns_by_path[p] or 0)
        end
        send(sock, ("HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"):format(#body, body))
    end

    -- over TLS: the handshake, in the connection's own thread
    local function handshake(sock)
        while true do
            local ok, err = sock:dohandshake()
            if ok then return true end
            if err ~= "wantread" and err ~= "wantwrite" and err ~= "timeout" then return false end
            wait(err == "wantwrite" and "w" or "r", sock)
        end
    end

    local function connection(sock)
        if ctx then
            local wrapped = ssl.wrap(sock, ctx)
            if not wrapped then sock:close() return end
            sock = wrapped
            sock:settimeout(0)
            if not handshake(sock) then sock:close() return end
        end
        open[sock] = true
        local nth = 0
        local seen = {}
        while true do
            local req = read_head(sock)
            if not req then break end
            if req.path == "/_stats" or req.path == "/_reset" then control(sock, req) break end
            if req.path ~= "/early_413" and not read_body(sock, req) then break end
            local list = bodies[req.path] or {}
            bodies[req.path] = list
            list[#list + 1] = req.body
            nth = nth + 1
            counts[req.path] = (counts[req.path] or 0) + 1
            if not seen[req.path] then
                seen[req.path] = true
                conns_by_path[req.path] = (conns_by_path[req.path] or 0) + 1
            end
            if req.path == "/early_413" then
                send(sock, "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                sleep(0.05)
                open[sock] = nil
                reset(sock)
                return
            end
            local fn = behave[req.path] or behave["/ok"]
            if fn(sock, req, nth) == false then break end
        end
        open[sock] = nil
        sock:close()
    end

    while true do
        local r, w = { server }, {}
        local soonest = socket.gettime() + 1
        for _, t in pairs(threads) do
            if t.wait == "r" then r[#r + 1] = t.sock elseif t.wait == "w" then w[#w + 1] = t.sock end
            if t.wake and t.wake < soonest then soonest = t.wake end
        end
        local rr, ww = socket.select(r, w, math.max(0, soonest - socket.gettime()))
        local ready = {}
        for _, s in ipairs(rr) do ready[s] = true end
        for _, s in ipairs(ww) do ready[s] = true end
        if ready[server] then
            while true do
                local c = server:accept()
                if not c then break end
                accepted = accepted + 1
                c:settimeout(0)
                local co = coroutine.create(connection)
                local ok, err = coroutine.resume(co, c)
                if not ok then io.stderr:write(tostring(err), "\n") end
            end
        end
        local now = socket.gettime()
        for co, t in pairs(threads) do
            if (t.sock and ready[t.sock]) or (t.wake and t.wake <= now) then
                threads[co] = nil
                local ok, err = coroutine.resume(co)
                if not ok then io.stderr:write(tostring(err), "\n") end
            end
        end
    end
end

if arg and arg[1] == "serve" and arg[0] and arg[0]:match("hostile%.lua$") then
    serve(arg[2], arg[3], arg[4])
end

return _M

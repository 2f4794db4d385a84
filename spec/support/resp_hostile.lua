-- Something that speaks RESP at a Redis address and lies, for the limiter's hostile-Redis spec. It runs as a
-- child process (plain LuaSocket, its own minimal RESP parsing: nothing of the code under test) and answers
-- EVALSHA / EVAL according to the first key's prefix, so a limiter's `prefix` option picks the behaviour:
--
--   local resp_hostile = require "support.resp_hostile"
--   local srv = resp_hostile.start()           -- 127.0.0.1:srv.port; srv:stop() (and a watchdog)
--   ratelimit = { redis = { host = "127.0.0.1", port = srv.port }, prefix = "huge:" }
--
--   ok:        :0                               a good answer (no wait)
--   huge:      :999999999999                    a wait of 11.6 days
--   negative:  :-5                              a refusal the script cannot give (needed 4 us < max_wait)
--   refuse:    :-999999999999                   a refusal the script can give (needed 11.6 days)
--   fraction:  :1.5                             not an integer
--   bulk:      $3 1.5                           the wrong reply type (a string)
--   error:     -ERR hostile                     an error reply
--   drip:      *400, then :1 every 80 ms        a multi-bulk reply dripped one element at a time (32 s)
--   flood:     *50000000, then :1 for ever      a multi-bulk reply as fast as the client reads
--   trickle:   :000...0 one byte every 80 ms      an integer reply dripped (400 digits: 32 s)
--   endless:   :000... for ever                 an integer reply that never ends, as fast as the client reads
--   silent:    nothing, ever                    accepts, reads, never answers
-- AUTH, SELECT and PING get +OK / +PONG.

local _M = {}

local HERE = debug.getinfo(1, "S").source:match("^@(.*)$")

function _M.start(lua)
    local socket = require "socket"
    local portfile = os.tmpname()
    os.remove(portfile)
    local p = io.popen(("%s %s serve %s >/dev/null 2>&1 & echo $!"):format(lua or "lua5.4", HERE, portfile))
    local pid = tonumber(p:read("*l"))
    p:close()
    local port
    local until_t = socket.gettime() + 5
    while not port and socket.gettime() < until_t do
        local f = io.open(portfile, "r")
        if f then
            port = tonumber(f:read("*l"))
            f:close()
        end
        if not port then socket.sleep(0.02) end
    end
    os.remove(portfile)
    assert(port, "support.resp_hostile: the server did not start")
    require("support.nginx").watchdog(pid, "KILL")    -- gone with this process, whatever happens
    local srv = { pid = pid, port = port }
    function srv.stop()
        if pid then
            os.execute("kill -KILL " .. pid .. " 2>/dev/null")
            pid = nil
        end
    end
    return srv
end

---------------------------------------------------------------------------------------------------------------
-- The server (runs in the child): one coroutine per connection over non-blocking sockets, one select() loop.

local socket
local threads = {}        -- co -> { sock, wait = "r"|"w"|"t", wake = time }

local function wait(mode, sock, secs)
    threads[coroutine.running()] = { sock = sock, wait = mode, wake = secs and socket.gettime() + secs }
    coroutine.yield()
end

local function receive(sock, pattern)
    local prefix = ""
    while true do
        local data, err, partial = sock:receive(pattern)
        if data then return prefix .. data end
        prefix = prefix .. (partial or "")
        if type(pattern) == "number" then pattern = pattern - #(partial or "") end
        if err ~= "timeout" then return nil, err end
        wait("r", sock)
    end
end

local function send(sock, data)
    local i = 1
    while i <= #data do
        local last, err, sent = sock:send(data, i)
        if last then return true end
        if err ~= "timeout" then return nil, err end
        i = math.floor(sent) + 1
        wait("w", sock)
    end
    return true
end

-- one command: a multi-bulk of bulk strings
local function read_command(sock)
    local head = receive(sock, "*l")
    local n = head and tonumber(head:match("^%*(%d+)$"))
    if not n then return nil end
    local args = {}
    for i = 1, n do
        local len = tonumber((receive(sock, "*l") or ""):match("^%$(%d+)$"))
        local arg = len and receive(sock, len + 2)
        if not arg then return nil end
        args[i] = arg:sub(1, -3)
    end
    return args
end

local FIXED = {
    ok = ":0\r\n", huge = ":999999999999\r\n", negative = ":-5\r\n", refuse = ":-999999999999\r\n",
    fraction = ":1.5\r\n", bulk = "$3\r\n1.5\r\n", error = "-ERR hostile\r\n",
}

-- the answers that take time or never end: false ends the connection
local SLOW = {}

function SLOW.drip(sock)
    if not send(sock, "*400\r\n") then return false end
    for _ = 1, 400 do
        wait("t", nil, 0.08)
        if not send(sock, ":1\r\n") then return false end
    end
end

function SLOW.flood(sock)
    local block = string.rep(":1\r\n", 16384)
    if not send(sock, "*50000000\r\n") then return false end
    while send(sock, block) do end
    return false
end

function SLOW.trickle(sock)
    if not send(sock, ":") then return false end
    for _ = 1, 400 do
        wait("t", nil, 0.08)
        if not send(sock, "0") then return false end
    end
    return send(sock, "\r\n")
end

function SLOW.endless(sock)
    local block = string.rep("0", 65536)
    if not send(sock, ":") then return false end
    while send(sock, block) do end
    return false
end

function SLOW.silent()
    wait("t", nil, 3600)
    return false
end

-- -> the answer to send, or nil, false to end the connection
local function answer(sock, args)
    local name = args[1]:upper()
    if name == "EVALSHA" or name == "EVAL" then
        local how = (args[4] or ""):match("^(%w+):") or "ok"
        if FIXED[how] then return FIXED[how] end
        return nil, SLOW[how](sock)
    elseif name == "PING" then
        return "+PONG\r\n"
    end
    return "+OK\r\n"
end

local function connection(sock)
    while true do
        local args = read_command(sock)
        if not args then break end
        local reply, keep = answer(sock, args)
        if keep == false or (reply and not send(sock, reply)) then break end
    end
    sock:close()
end

local function resume(co, ...)
    local ok, err = coroutine.resume(co, ...)
    if not ok then io.stderr:write(tostring(err), "\n") end
end

-- one turn: wait for the sockets and timers of every connection, accept, resume what is ready
local function turn(server)
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
        local c = server:accept()
        while c do
            c:settimeout(0)
            resume(coroutine.create(connection), c)
            c = server:accept()
        end
    end
    local now = socket.gettime()
    for co, t in pairs(threads) do
        if (t.sock and ready[t.sock]) or (t.wake and t.wake <= now) then
            threads[co] = nil
            resume(co)
        end
    end
end

local function serve(portfile)
    socket = require "socket"
    local server = assert(socket.bind("127.0.0.1", 0, 256))
    server:settimeout(0)
    local _, port = server:getsockname()
    local f = assert(io.open(portfile .. ".tmp", "w"))
    f:write(port, "\n")
    f:close()
    os.rename(portfile .. ".tmp", portfile)
    while true do
        turn(server)
    end
end

if arg and arg[1] == "serve" and arg[0] and arg[0]:match("resp_hostile%.lua$") then
    serve(arg[2])
end

return _M

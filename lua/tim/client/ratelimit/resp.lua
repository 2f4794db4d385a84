-- tim.client.ratelimit.resp: the little RESP the Redis limiter speaks, each exchange bounded in time and in bytes, over
-- a tim.net.stream driver: the blocking one, a tim.loop's (the exchange yields to the loop), or OpenResty's cosockets.
--
--   local resp = require "tim.client.ratelimit.resp"
--   local link, err = resp.borrow(conn, seconds, keep)   -- a redis-lua / lua-resty-redis connection's socket
--   local link, err = client:open(seconds)           -- client = resp.new{ host =, port = }: the SDK's own
--   local reply, msg, healthy = link:call("EVALSHA", args)
--   link:done(healthy)
--
-- The limiter's commands answer one short line (an integer, a status, an error), so a reply is one line of at
-- most MAX_REPLY bytes. Anything else (a longer line, a bulk string, a multi-bulk, a ":" that is not a whole
-- number, bytes after the line) means that whatever answers at that address is not the Redis we talk to: the
-- reply fails with healthy = false (close the connection) and nothing more is read. A link's deadline, set when
-- it is opened, holds for everything done on it, whatever the peer drips: every read waits only for what is left.
-- A client library's own reader is never used for the script's answer: its waits are per socket operation and
-- its multi-bulk parser allocates whatever count it is told (lua-resty-redis: new_tab(count)).
local type, ipairs, pcall, rawget, tostring, tonumber = type, ipairs, pcall, rawget, tostring, tonumber
local setmetatable = setmetatable
local string_find, string_sub, string_match = string.find, string.sub, string.match
local table_concat = table.concat

local stream = require "tim.net.stream"

local _M = { _VERSION = require "tim.version" }

local MAX_REPLY = 512       -- bytes of one reply, line end included: an integer or a short error message
_M.MAX_REPLY = MAX_REPLY
local POOL = 8              -- the SDK's own connections: idle ones kept, and in use at once on one tim.loop
local LIMIT = 2 ^ 53        -- integers beyond are not exact in a double (LuaJIT)

--- encode(name, args) -> the command as RESP: an array of bulk strings (numbers are written with tostring)
function _M.encode(name, args)
    local n = #args
    local parts = { "*", tostring(n + 1), "\r\n$", tostring(#name), "\r\n", name, "\r\n" }
    local k = #parts
    for i = 1, n do
        local a = args[i]
        a = type(a) == "string" and a or tostring(a)
        parts[k + 1], parts[k + 2], parts[k + 3], parts[k + 4] = "$", tostring(#a), "\r\n", a
        parts[k + 5] = "\r\n"
        k = k + 5
    end
    return table_concat(parts, "", 1, k)
end

-- the start of a line, printable, for a log line
local function shown(line)
    line = string_sub(line, 1, 40)
    return (line:gsub("[^%w%p ]", "?"))
end

-- one reply line (without its CRLF), read within `deadline` and MAX_REPLY bytes; `extra`: bytes came after it
local function read_line(driver, sock, deadline)
    local buf = ""
    while true do
        local e = string_find(buf, "\r\n", 1, true)
        if e then
            return string_sub(buf, 1, e - 1), e + 1 < #buf
        end
        if #buf >= MAX_REPLY then
            return nil, "a reply longer than " .. MAX_REPLY .. " bytes: " .. shown(buf)
        end
        local data, err = driver.read(sock, MAX_REPLY - #buf, deadline)
        if not data then
            return nil, tostring(err)
        end
        buf = buf .. data
    end
end

--- parse(line) -> integer | status string | nil, message, healthy (an error reply: true; anything else: false)
function _M.parse(line)
    local c = string_sub(line, 1, 1)
    if c == ":" then
        local digits = string_match(line, "^:(%-?%d+)$")
        local v = digits and #digits <= 17 and tonumber(digits)
        if not v or v <= -LIMIT or v >= LIMIT then
            return nil, "not an integer answer: " .. shown(line), false
        end
        return v
    elseif c == "-" then
        return nil, string_sub(line, 2), true
    elseif c == "+" then
        return string_sub(line, 2)
    end
    return nil, "an answer of the wrong type: " .. shown(line), false
end

--- exchange(driver, sock, payload, deadline) -> reply | nil, message, healthy
function _M.exchange(driver, sock, payload, deadline)
    local ok, werr = driver.write(sock, payload, deadline)
    if not ok then
        return nil, werr == "timeout" and "timeout" or "cannot send: " .. tostring(werr), false
    end
    local line, extra = read_line(driver, sock, deadline)
    if not line then
        return nil, extra, false
    end
    local reply, err, healthy = _M.parse(line)
    if extra and healthy ~= false then
        return nil, "bytes after the answer " .. shown(line), false    -- not one command, one answer
    end
    return reply, err, healthy
end

---------------------------------------------------------------------------------------------------------------
-- Links: one connection, its driver and the deadline of the acquisition using it

local Link = {}
local link_mt = { __index = Link }

--- link:call(name, args) -> reply | nil, message, healthy
function Link:call(name, args)
    if self.driver.now() >= self.deadline then
        return nil, "timeout", true     -- nothing sent: the connection is still in step
    end
    return _M.exchange(self.driver, self.sock, _M.encode(name, args), self.deadline)
end

--- link:done(healthy): the acquisition is over; a connection that is not healthy is closed (a late answer would
--- be read as the next command's).
function Link:done(healthy)
    if self.on_done then
        self:on_done(healthy)
    elseif not healthy then
        pcall(self.sock.close, self.sock)
    end
    if self.slot then
        self.loop:release(self.slot)
    end
end

-- For a LuaSocket (or LuaSec) socket: the running tim.loop task's driver, else the blocking one.
local function socket_driver()
    local tl = package.loaded["tim.net.loop"]
    local loop = tl and tl.current()
    if loop then
        return loop.driver, loop
    end
    return stream.init_blocking()
end

local function has(obj, name)
    local ok, f = pcall(function() return obj[name] end)
    return ok and f ~= nil
end

-- A link with `seconds` left, on `sock` (or on a connection still to be found: sock = nil). On a loop, `slot`
-- (a connection, or the SDK's client) serves `limit` tasks at a time: it is held for the link's life, waiting
-- at most until the deadline.
local function link_on(sock, driver, loop, seconds, slot, limit)
    local deadline = driver.now() + seconds
    if loop and not loop:acquire(slot, limit, deadline) then
        return nil, "timeout (waiting for a connection another task is using)"
    end
    if sock and driver == stream.blocking then
        sock:settimeout(-1)         -- no per-wait limit: the driver bounds each call by the deadline
    end
    return setmetatable({ sock = sock, driver = driver, loop = loop, slot = loop and slot, deadline = deadline },
                        link_mt)
end

-- A borrowed LuaSocket goes back to its library with a timeout it can use (the drivers leave a total of 0, or
-- none): the SDK cannot read the one it had, so it sets `keep` seconds per operation, no total.
local function give_back(link, healthy)
    local sock = link.sock
    if healthy then
        sock:settimeout(-1, "t")
        sock:settimeout(link.keep, "b")
    else
        pcall(sock.close, sock)
    end
end

--- borrow(conn, seconds, keep) -> link | nil (not a library whose socket this knows), or nil, err
--- redis-lua: conn.network.socket (LuaSocket), left with a timeout of `keep` seconds; lua-resty-redis in
--- OpenResty: its cosocket (conn._sock).
function _M.borrow(conn, seconds, keep)
    if type(conn) ~= "table" then
        return nil
    end
    local net = rawget(conn, "network")
    local sock = type(net) == "table" and net.socket
    if sock and has(sock, "getfd") and has(sock, "receive") and has(sock, "send") then
        local driver, loop = socket_driver()
        local link, err = link_on(sock, driver, loop, seconds, conn, 1)
        if link then
            link.keep, link.on_done = keep or seconds, give_back
        end
        return link, err
    end
    sock = rawget(conn, "_sock")
    if ngx and type(sock) == "table" and has(sock, "receiveany") then
        ngx.update_time()
        return link_on(sock, require("tim.net.transport.ngx").driver, nil, seconds)
    end
    return nil
end

---------------------------------------------------------------------------------------------------------------
-- The SDK's own connections (redis = { host =, port = }): a small pool of idle ones, made again when they die.

local Client = {}
local client_mt = { __index = Client }

--- new{ host =, port = 6379, password =, username =, db = } -> client
function _M.new(opts)
    return setmetatable({ host = opts.host, port = opts.port or 6379, password = opts.password,
                          username = opts.username, db = opts.db, idle = {},
                          where = opts.host .. ":" .. tostring(opts.port or 6379) }, client_mt)
end

-- AUTH and SELECT on a new connection, within the link's deadline
local function hello(self, link)
    if self.password then
        local args = self.username and { self.username, self.password } or { self.password }
        local ok, err = link:call("AUTH", args)
        if not ok then
            return nil, "AUTH: " .. tostring(err)
        end
    end
    if self.db and self.db ~= 0 then
        local ok, err = link:call("SELECT", { self.db })
        if not ok then
            return nil, "SELECT " .. tostring(self.db) .. ": " .. tostring(err)
        end
    end
    return true
end

local function back_to_pool(link, healthy)
    local sock, idle = link.sock, link.client.idle
    if not sock then
        return                      -- the connect failed
    end
    if healthy and #idle < POOL then
        idle[#idle + 1] = sock
    else
        pcall(sock.close, sock)
    end
end

local function connect(self, driver, deadline)
    local addrs, rerr = require("tim.net.transport.socket").resolve(self.host, driver.now())
    if not addrs then
        return nil, "cannot resolve " .. self.host .. ": " .. tostring(rerr)
    end
    local sock, err
    for _, a in ipairs(addrs) do
        sock, err = driver.connect(a.addr, self.port, a.family, deadline)
        if sock or err == "timeout" then
            break
        end
    end
    if not sock then
        return nil, "cannot connect to " .. self.where .. ": " .. tostring(err)
    end
    return sock
end

-- an idle connection that is still open (nothing to read: an idle Redis connection never has), or nil
local function take_idle(self)
    local idle = self.idle
    while #idle > 0 do
        local sock = idle[#idle]
        idle[#idle] = nil
        if stream.blocking.alive(sock) then
            return sock
        end
        sock:close()
    end
end

--- client:open(seconds) -> link | nil, err: an idle connection that is still open, or a new one.
function Client:open(seconds)
    if ngx and ngx.socket then
        return self:open_cosocket(seconds)
    end
    local driver, loop = socket_driver()
    local link, err = link_on(nil, driver, loop, seconds, self, POOL)
    if not link then
        return nil, err
    end
    link.client, link.on_done = self, back_to_pool
    local sock = take_idle(self)
    local fresh = not sock
    if fresh then
        sock, err = connect(self, driver, link.deadline)
        if not sock then
            link:done(false)
            return nil, err
        end
    end
    if driver == stream.blocking then
        sock:settimeout(-1)
    end
    link.sock = sock
    if fresh then
        local ok, herr = hello(self, link)
        if not ok then
            link:done(false)
            return nil, herr
        end
    end
    return link
end

-- OpenResty: a cosocket from nginx's pool (setkeepalive when healthy); AUTH and SELECT on a new one only.
local function cosocket_done(link, healthy)
    if healthy then
        link.sock:setkeepalive(60000, POOL)
    else
        link.sock:close()
    end
end

function Client:open_cosocket(seconds)
    local ngx_transport = require "tim.net.transport.ngx"
    local can, why = ngx_transport.available()
    if not can then
        return nil, tostring(why)
    end
    local sock = ngx.socket.tcp()
    ngx.update_time()
    local link = link_on(sock, ngx_transport.driver, nil, seconds)
    local ms = math.max(1, math.floor(seconds * 1000))
    sock:settimeouts(ms, ms, ms)
    local ok, err = sock:connect(self.host, self.port, { pool = "tim|redis|" .. self.where .. "|"
                                                         .. tostring(self.db or 0) .. "|" .. (self.username or "") })
    if not ok then
        return nil, "cannot connect to " .. self.where .. ": " .. tostring(err)
    end
    link.on_done = cosocket_done
    if (sock:getreusedtimes() or 0) == 0 then
        ok, err = hello(self, link)
        if not ok then
            link:done(false)
            return nil, err
        end
    end
    return link
end

return _M

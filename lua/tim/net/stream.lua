-- tim.net.stream: one connection's bytes, buffered, with deadlines that hold and reads that are bounded.
--
--   local stream = require "tim.net.stream"
--   local s = stream.new(sock, stream.blocking)      -- or a tim.loop driver, or tim.net.transport.ngx's
--   local i = s:find_head(32768, deadline)           -- the end of a header block, or nil, err
--   local head = s:take(i)                           -- consume bytes
--   local body = s:read_exact(n, deadline)
--
-- A driver moves bytes between a socket and the stream; it is the one place that knows how to wait:
--   read(sock, max, deadline)      -> 1..max bytes | nil, err      ("timeout", "closed" or a message)
--   read_exact(sock, n, deadline)  -> n bytes | nil, err, partial
--   write(sock, data, deadline)    -> true or the bytes sent | nil, err, written   (data: a string or a list of
--                                    strings, sent in order; written: bytes that left; nil = unknown)
--   pieces                         true when write() sends a list in one go (else tim.net.http joins a request)
--   now()                          -> seconds
--   buffered                       true when reads go through a buffer (LuaSocket's, LuaSec's): Stream:fill
--                                    then asks for what it expects, not for a block
-- `deadline` is an absolute time on the driver's clock: every wait is bounded by what is left of it, so a peer
-- that drips one byte at a time cannot stretch a read (a per-read timeout would restart with every byte).
-- Nothing here reads more than the caller allows: a header block or a line is refused as soon as it passes its
-- limit, never buffered whole.

local setmetatable, tonumber, type = setmetatable, tonumber, type
local sub, find = string.sub, string.find
local concat = table.concat

local _M = { _VERSION = require "tim.version" }

local READ_BLOCK = 16384

---------------------------------------------------------------------------------------------------------------
-- Pieces: strings gathered to be joined once at the end (a body read in parts), at about the cost of their bytes.
-- A list with one slot per piece costs a slot and a string header per piece: for 1-byte chunks, 20 to 50 times
-- the bytes. Small pieces wait in a short list that is joined into one string whenever it holds JOIN_AT bytes, so
-- the long list holds strings of at least JOIN_AT bytes (or bigger pieces as they came) and every byte is copied
-- twice at most: peak memory is about twice the bytes held (the list, then the joined result).
--
--   local p = stream.pieces()
--   p:add(s) ...; p.bytes; local all = p:join()

local JOIN_AT = 8192
local Pieces = {}
local pieces_mt = { __index = Pieces }

function _M.pieces()
    return setmetatable({ list = {}, n = 0, small = {}, k = 0, pending = 0, bytes = 0 }, pieces_mt)
end

local function flush(p)
    local n = p.n + 1
    p.list[n] = p.k == 1 and p.small[1] or concat(p.small, "", 1, p.k)
    p.n, p.k, p.pending = n, 0, 0
end

function Pieces:add(s)
    local len = #s
    self.bytes = self.bytes + len
    if len >= JOIN_AT then
        if self.k > 0 then flush(self) end
        local n = self.n + 1
        self.list[n], self.n = s, n
        return
    end
    local k = self.k + 1
    self.small[k], self.k = s, k
    self.pending = self.pending + len
    if self.pending >= JOIN_AT then flush(self) end
end

function Pieces:join()
    if self.k > 0 then flush(self) end
    if self.n == 1 then return self.list[1] end
    return concat(self.list, "", 1, self.n)
end

---------------------------------------------------------------------------------------------------------------
-- The blocking driver: LuaSocket and LuaSec sockets, one call at a time.
--
-- LuaSocket has no "receive what is there" call: receive(n) waits for n bytes. So a read waits for one byte with
-- the time that is left (LuaSocket polls inside, with no descriptor-number limit, unlike select), then takes
-- whatever else is already buffered or readable without waiting. A byte count that is known (a body) is one
-- receive(n) under a total timeout.

local gettime

-- A socket this driver reads waits with no per-wait limit (set once: stream.new, connect, handshake) and a limit
-- on each call as a whole: what is left of the deadline.
local function arm(sock, left)
    sock:settimeout(left, "t")
end

-- buffered: reads go through LuaSocket's (or LuaSec's) buffer, where asking for more than is there costs a
-- system call that finds nothing; the stream then asks for what it expects (Stream:fill, stream.hint)
local blocking = { buffered = true }

function blocking.now()
    return gettime()
end

function blocking.read(sock, max, deadline)
    local left = deadline - gettime()
    if left <= 0 then
        return nil, "timeout"
    end
    arm(sock, left)
    local first, err = sock:receive(1)
    if not first then
        if err == "wantread" or err == "wantwrite" then
            err = "timeout"
        end
        return nil, err
    end
    if max <= 1 then
        return first
    end
    sock:settimeout(0, "t")
    local more, _, partial = sock:receive(max - 1)
    more = more or partial
    if more and more ~= "" then
        return first .. more
    end
    return first
end

function blocking.read_exact(sock, n, deadline)
    local left = deadline - gettime()
    if left <= 0 then
        return nil, "timeout", ""
    end
    arm(sock, left)
    local data, err, partial = sock:receive(n)
    if data then
        return data
    end
    if err == "wantread" or err == "wantwrite" then
        err = "timeout"
    end
    return nil, err, partial
end

local function send_one(sock, data, deadline)
    local left = deadline - gettime()
    if left <= 0 then
        return nil, "timeout", 0
    end
    arm(sock, left)
    local last, err, sent = sock:send(data)
    if last then
        return true
    end
    if err == "wantread" or err == "wantwrite" then
        err = "timeout"
    end
    return nil, err, tonumber(sent) or 0
end

-- send_all(send_one, sock, data, deadline) -> true | nil, err, written: data is a string, or a list of strings
-- sent in order without joining them (a long string made on every call costs LuaJIT dearly when its ends are
-- always the same: see tim.client.call). send_one(sock, s, deadline) -> true | nil, err, sent. Every driver writes so.
function _M.send_all(send_one_fn, sock, data, deadline)
    if type(data) == "string" then
        return send_one_fn(sock, data, deadline)
    end
    local written = 0
    for i = 1, #data do
        local ok, err, sent = send_one_fn(sock, data[i], deadline)
        if not ok then
            return nil, err, written + sent
        end
        written = written + #data[i]
    end
    return true
end

function blocking.write(sock, data, deadline)
    return _M.send_all(send_one, sock, data, deadline)
end

-- tcp(family) -> a new LuaSocket TCP socket, "inet" or "inet6", with Nagle off (requests are written whole)
function _M.tcp(family)
    local socket = require "socket"
    local tcp, err = (family == "inet6" and socket.tcp6 or socket.tcp4 or socket.tcp)()
    if tcp then
        tcp:setoption("tcp-nodelay", true)
    end
    return tcp, err
end

-- connect(ip, port, family, deadline) -> tcp | nil, err: a connected TCP socket ("inet" or "inet6").
function blocking.connect(ip, port, family, deadline)
    local tcp, err = _M.tcp(family)
    if not tcp then
        return nil, err
    end
    local left = deadline - gettime()
    if left <= 0 then
        tcp:close()
        return nil, "timeout"
    end
    tcp:settimeout(left, "t")
    local ok, cerr = tcp:connect(ip, port)
    if not ok then
        tcp:close()
        return nil, cerr
    end
    return tcp
end

-- handshake(conn, deadline) -> true | nil, err: a LuaSec socket's TLS handshake, within the deadline.
function blocking.handshake(conn, deadline)
    conn:settimeout(-1)             -- no per-wait limit: the call's limit (below) is the deadline
    while true do
        local left = deadline - gettime()
        if left <= 0 then
            return nil, "timeout"
        end
        conn:settimeout(left, "t")
        local ok, err = conn:dohandshake()
        if ok then
            return true
        end
        if err ~= "wantread" and err ~= "wantwrite" then
            return nil, err
        end
    end
end

-- alive(sock) -> bool: may this idle keep-alive connection carry a request? Without waiting: an idle connection
-- must have nothing to read; bytes (an unsolicited answer) or the end of the stream mean it must be closed.
-- LuaSocket's (or LuaSec's) buffer first, then the descriptor, peeked at: under TLS any byte that arrived while
-- idle (an unasked-for record, a close_notify) is a reason to drop the connection, so no record need be
-- decrypted to tell.
local core = require "tim.core"
local fd_idle, fd_recv, fd_recv_exact, fd_send = core.fd_idle, core.fd_recv, core.fd_recv_exact, core.fd_send

function blocking.alive(sock)
    if sock:dirty() then
        return false
    end
    return (fd_idle(sock:getfd()))
end

---------------------------------------------------------------------------------------------------------------
-- The descriptor driver: blocking too, for plain-TCP LuaSocket sockets, with the I/O done by tim.core on the
-- socket's descriptor (csrc/fdio.c). A read is one recv (through LuaSocket, taking what is there costs a second
-- call that finds nothing), a write one sendmsg of every piece (no joined string). LuaSocket still makes,
-- connects and closes the socket. Nothing may read such a socket through LuaSocket as well (its buffer would hold
-- bytes this driver never sees): a connection keeps its driver for life. tim.net.transport.socket picks it for plain
-- http with the blocking driver (blocking.plain).

local fd = { pieces = true }    -- write() sends a list in one sendmsg: hand it the pieces

fd.now = blocking.now
fd.connect = blocking.connect

function fd.read(sock, max, deadline)
    local left = deadline - gettime()
    if left <= 0 then
        return nil, "timeout"
    end
    return fd_recv(sock:getfd(), max < READ_BLOCK and (max >= 1 and max or 1) or READ_BLOCK, left)
end

function fd.read_exact(sock, n, deadline)
    local left = deadline - gettime()
    if left <= 0 then
        return nil, "timeout", ""
    end
    return fd_recv_exact(sock:getfd(), n, left)
end

function fd.write(sock, data, deadline)
    local left = deadline - gettime()
    if left <= 0 then
        return nil, "timeout", 0
    end
    return fd_send(sock:getfd(), data, left)
end

function fd.alive(sock)
    return (fd_idle(sock:getfd()))
end

blocking.plain = fd
_M.blocking = blocking
_M.fd = fd

function _M.init_blocking()
    if not gettime then
        gettime = require("socket").gettime
    end
    return blocking
end

---------------------------------------------------------------------------------------------------------------
-- The stream

local Stream = {}
local mt = { __index = Stream, __name = "tim.net.stream" }
_M.mt = mt

--- new(sock, driver) -> stream
function _M.new(sock, driver)
    if driver == blocking or driver == fd then
        if not gettime then
            _M.init_blocking()
        end
        if driver == blocking then
            sock:settimeout(-1)     -- waits are bounded per call by the deadline (arm), not per wait
        end
    end
    return setmetatable({ sock = sock, driver = driver, buf = "", pos = 1, received = 0 }, mt)
end

--- reset(s, sock) -> s: the same stream object on another connection of the same driver, as new() makes it (a
--- transport that makes a connection per request keeps a few streams instead of a new table each time)
function _M.reset(s, sock)
    s.sock, s.buf, s.pos, s.received, s.hint = sock, "", 1, 0, nil
    return s
end

--- buffered() -> number of bytes read but not consumed yet
function Stream:buffered()
    return #self.buf - self.pos + 1
end

--- fill(deadline [, max]) -> true | nil, err: read more bytes into the buffer (at least one).
-- Without max: up to READ_BLOCK bytes, or, on a buffered driver, up to stream.hint when it is set: what the
-- reader expects (tim.net.http sets it to the last header block's size and a little more; the body is then read by
-- its length), so that no read asks a buffer for more than it holds.
function Stream:fill(deadline, max)
    local driver = self.driver
    local data, err = driver.read(self.sock, max or (driver.buffered and self.hint) or READ_BLOCK, deadline)
    if not data then
        return nil, err
    end
    self.received = self.received + #data
    if self.pos > #self.buf then
        self.buf, self.pos = data, 1
    else
        self.buf, self.pos = sub(self.buf, self.pos) .. data, 1
    end
    return true
end

--- take(n) -> the next n buffered bytes (n <= buffered()).
function Stream:take(n)
    local pos = self.pos
    self.pos = pos + n
    return sub(self.buf, pos, pos + n - 1)
end

--- skip(n): consume n buffered bytes.
function Stream:skip(n)
    self.pos = self.pos + n
end

--- rest() -> every buffered byte not consumed yet (and consumes them).
function Stream:rest()
    local s = sub(self.buf, self.pos)
    self.buf, self.pos = "", 1
    return s
end

-- Looks for `pattern` (a Lua pattern, or a function(s, init) -> index of the match's last byte) in the unconsumed
-- bytes, reading more until it is found within `limit`
-- bytes. `overlap` is the longest match minus one: a match can straddle two reads by that much. Each read is
-- searched once (with the overlap), so a peer sending one byte at a time costs O(n), not O(n^2).
-- Returns the index (relative to the unconsumed bytes) of the match's last byte, or nil, err with err
-- "limit", "timeout", "closed" or a message.
local function pattern_end(s, init, pattern)
    local _, e = find(s, pattern, init)
    return e
end

-- The end of a header block (its empty line) at or after init: the earliest of CRLF CRLF, LF LF and LF CRLF,
-- found with plain searches (a Lua pattern with a class costs microseconds on every response).
local function head_end(s, init)
    local best
    local a = find(s, "\r\n\r\n", init, true)
    if a then best = a + 3 end
    local b = find(s, "\n\n", init, true)
    if b and (not best or b + 1 < best) then best = b + 1 end
    local c = find(s, "\n\r\n", init, true)
    if c and (not best or c + 2 < best) then best = c + 2 end
    return best
end
_M.head_end = head_end

--- find_head(limit, deadline) -> length of the header block (through its empty line) | nil, err
function Stream:find_head(limit, deadline)
    return self:find_until(head_end, 3, limit, deadline)
end

function Stream:find_until(pattern, overlap, limit, deadline)
    local matcher = pattern_end
    if type(pattern) == "function" then
        matcher, pattern = pattern, nil
    end
    local buf, pos = self.buf, self.pos
    local e = matcher(buf, pos, pattern)
    if e then
        if e - pos + 1 > limit then
            return nil, "limit"
        end
        return e - pos + 1
    end
    local have = #buf - pos + 1
    if have >= limit then
        return nil, "limit"
    end
    local parts = { have > 0 and sub(buf, pos) or nil }
    local n = have > 0 and 1 or 0
    local tail = parts[1] or ""
    while true do
        local data, err = self.driver.read(self.sock, READ_BLOCK, deadline)
        if not data then
            self.buf, self.pos = concat(parts, "", 1, n), 1
            return nil, err
        end
        self.received = self.received + #data
        n = n + 1
        parts[n] = data
        if n >= 64 then         -- a peer sending a byte at a time: a slot per byte would cost 20 times the limit
            parts[1], n = concat(parts, "", 1, n), 1
        end
        local probe
        if overlap == 0 then
            probe = data
        elseif #tail > overlap then
            probe = sub(tail, -overlap) .. data
        else
            probe = tail .. data
        end
        e = matcher(probe, 1, pattern)
        if e then
            local at = have - (#probe - #data) + e
            self.buf, self.pos = concat(parts, "", 1, n), 1
            if at > limit then
                return nil, "limit"
            end
            return at
        end
        have = have + #data
        if have >= limit then
            self.buf, self.pos = concat(parts, "", 1, n), 1
            return nil, "limit"
        end
        tail = #data >= overlap and data or probe
    end
end

--- read_exact(n, deadline) -> n bytes | nil, err, got (bytes of them that arrived)
function Stream:read_exact(n, deadline)
    local have = #self.buf - self.pos + 1
    if have >= n then
        return self:take(n)
    end
    local head = have > 0 and sub(self.buf, self.pos) or ""
    self.buf, self.pos = "", 1
    local data, err, partial = self.driver.read_exact(self.sock, n - have, deadline)
    if not data then
        local got = have + (partial and #partial or 0)
        self.received = self.received + (partial and #partial or 0)
        return nil, err, got
    end
    self.received = self.received + #data
    return have > 0 and head .. data or data
end

--- read_some(max, deadline) -> 1..max bytes (buffered ones first) | nil, err
function Stream:read_some(max, deadline)
    local have = #self.buf - self.pos + 1
    if have > 0 then
        if have > max then
            return self:take(max)
        end
        return self:rest()
    end
    local data, err = self.driver.read(self.sock, max, deadline)
    if data then
        self.received = self.received + #data
    end
    return data, err
end

--- write(data, deadline) -> true | nil, err, written
function Stream:write(data, deadline)
    return self.driver.write(self.sock, data, deadline)
end

_M.READ_BLOCK = READ_BLOCK

return _M

-- tim.net.http: one HTTP/1.1 codec (RFC 9112), client and server halves, over a tim.net.stream.
--
--   local s = stream.new(sock, stream.blocking)
--   local ok, err, detail = http.write_request(s, req, deadline)
--   local resp, err, detail = http.read_response(s, deadline, limits, "POST")
--   -- the emulator: http.read_request(s, deadline, limits) / http.write_response(s, status, headers, body, deadline)
--
-- Reading takes the header block in as few reads as the peer allows and splits it here, once; every read obeys
-- `deadline` (absolute, on the stream driver's clock) and no header block, line or body longer than its limit is
-- ever buffered. Framing is strict: `chunked` only as the sole transfer coding, Content-Length with
-- Transfer-Encoding refused, 1xx answers skipped except 101 (an error), leftover bytes after a response mean the
-- connection is not reused, HTTP/1.0 keeps a connection only with an explicit keep-alive and a length.
--
-- Nothing here throws on wire input: a failure is `nil, message, detail` where
--   detail = { kind = "timeout" | "network" | "protocol" | "limit", received = bool, status = n?, written = n? }
-- `received`: whether any byte of the message being read arrived (1xx answers included); `status`: the answer a
-- server should give after a bad request (400, 408, 413, 414, 431, 501, 505); `written`: bytes of a request or
-- answer that left before a failed write (nil when the driver cannot tell).

local tonumber, tostring, type, pairs, ipairs, setmetatable = tonumber, tostring, type, pairs, ipairs, setmetatable
local getmetatable, error = getmetatable, error
local concat = table.concat
local lower, find, sub, match, gmatch = string.lower, string.find, string.sub, string.match, string.gmatch
local format, byte = string.format, string.byte

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

_M.USER_AGENT = "lua-tim/" .. _M._VERSION     -- may be changed; sent unless a request sets User-Agent

_M.DEFAULT_LIMITS = {
    max_header_bytes = 32 * 1024,    -- start line + every header line (chunked trailers count too)
    max_headers = 100,               -- header fields (trailers count too)
    max_body_bytes = 16 * 1024 * 1024,
    max_line_bytes = 8 * 1024,       -- a request line (server half); longer gets 414
    max_interim = 8,                 -- 1xx answers skipped before the final one
}
local DEFAULT_LIMITS = _M.DEFAULT_LIMITS
local MAX_CHUNK_LINE = 1024          -- a chunk-size line with its extensions

local REASONS = {
    [100] = "Continue", [101] = "Switching Protocols",
    [200] = "OK", [201] = "Created", [202] = "Accepted", [204] = "No Content",
    [301] = "Moved Permanently", [302] = "Found", [304] = "Not Modified",
    [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
    [405] = "Method Not Allowed", [408] = "Request Timeout", [411] = "Length Required",
    [413] = "Content Too Large", [414] = "URI Too Long", [429] = "Too Many Requests",
    [431] = "Request Header Fields Too Large",
    [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
    [503] = "Service Unavailable", [504] = "Gateway Timeout", [505] = "HTTP Version Not Supported",
}
_M.REASONS = REASONS

-- A stream, or a plain LuaSocket/LuaSec socket: wrapped in a blocking tim.net.stream, remembered (weakly) so that
-- bytes read ahead (a pipelined request) are still there on the next call with the same socket.
local stream_mod = require "tim.net.stream"
local core = require "tim.core"
local parse_response_head = core.http_response
local parse_request_head = core.http_request
local wrapped = setmetatable({}, { __mode = "k" })
local stream_mt = stream_mod.mt
local DEFAULT_WAIT = 30          -- seconds, when a caller gives no deadline

local function as_stream(s, deadline, fn, dn)
    if deadline ~= nil and type(deadline) ~= "number" then
        error(bad_argument(dn, "tim.net.http." .. fn, "deadline must be a number (absolute seconds) or nil"), 3)
    end
    if type(s) ~= "table" and type(s) ~= "userdata" then
        error(bad_argument(1, "tim.net.http." .. fn, "a tim.net.stream or a socket expected"), 3)
    end
    if getmetatable(s) ~= stream_mod.mt then
        local st = wrapped[s]
        if not st then
            st = stream_mod.new(s, stream_mod.init_blocking())
            wrapped[s] = st
        end
        s = st
    end
    return s, deadline or s.driver.now() + DEFAULT_WAIT
end

--- stream(sock) -> the blocking tim.net.stream these functions use for a plain socket.
function _M.stream(sock)
    return (as_stream(sock, nil, "stream", 2))
end

local function limit(limits, name)
    local v = limits and limits[name]
    if v == nil then
        return DEFAULT_LIMITS[name]
    end
    return v
end

local function fail(fn, kind, received, msg, status)
    return nil, "tim.net.http." .. fn .. ": " .. msg, { kind = kind, received = received, status = status }
end

-- an I/O error word from a driver -> detail.kind
local function io_kind(err)
    if err == "timeout" then
        return "timeout"
    elseif err == "limit" then
        return "limit"
    end
    return "network"
end

local function io_words(err)
    if err == "closed" then
        return "connection closed"
    end
    return tostring(err)
end

---------------------------------------------------------------------------------------------------------------
-- Header blocks

-- Lower-case forms of the names servers send most (skips a lower() per line).
local LOWER = {}
for _, name in ipairs{ "Server", "Date", "Content-Type", "Content-Length", "Connection", "Keep-Alive",
                       "Transfer-Encoding", "Cache-Control", "Vary", "Access-Control-Allow-Origin", "Host",
                       "User-Agent", "Accept", "Accept-Encoding", "Expect", "X-Request-Id", "Content-Encoding",
                       "Upgrade", "Trailer" } do
    LOWER[name] = lower(name)
    LOWER[lower(name)] = lower(name)
end

-- RFC 9110 token characters.
local function is_token(s)
    if find(s, "^[%w%-]+$") then      -- the common case, cheaply
        return true
    end
    return s ~= "" and not find(s, "[^%w!#$%%&'*+%-%.%^_`|~]")
end
_M.is_token = is_token

-- One header line: a token, a colon, optional blanks, the value, optional blanks (and the CR of a CRLF).
local FIELD = "^([%w!#$%%&'*+%-%.%^_`|~]+):[ \t]*(.-)[ \t]*\r?$"
-- Bytes no header block may hold: NUL, the controls other than HTAB/LF/CR, DEL.
local BAD_BYTES = "[%z\1-\8\11\12\14-\31\127]"

-- Splits a header block (the lines after the start line, each ending in LF, the empty line included) into
-- `headers` (lower-case names; repeats joined with ", "). Returns the field count or nil, message.
local function parse_fields(block, from, headers, count, max_count)
    for line in gmatch(sub(block, from), "([^\n]*)\n") do
        if line == "" or line == "\r" then
            return count
        end
        local name, value = match(line, FIELD)
        if not name then
            local c = byte(line, 1)
            if c == 32 or c == 9 then
                return nil, "obsolete folded header line"
            elseif not find(line, ":", 1, true) then
                return nil, "header line without a colon"
            end
            return nil, "invalid header name"
        end
        count = count + 1
        if count > max_count then
            return nil, "limit"
        end
        local lname = LOWER[name] or lower(name)
        local prev = headers[lname]
        headers[lname] = prev and prev .. ", " .. value or value
    end
    return nil, "header block without an end"
end

-- Reads a header block up to and including its empty line; returns the block (with the start line) or
-- nil, err, detail. `budget` is what is left of max_header_bytes.
local head_end = stream_mod.head_end

-- Reads one header block and parses it in place (parse: tim.core's http_response or http_request; no string of
-- the block is made), consuming it. Returns buf, start (where the block began in buf), parse's first four values
-- and its Content-Length (a number, false for one to be parsed by parse_length, nil for none); or
-- buf, start, nil, why when the parser refuses the block; or nil, err, detail (I/O, max_header_bytes).
-- The usual case first: one read brought the whole block (and the body), and one parse over what is buffered
-- finds its end. Otherwise the end is searched for in each new read only (a peer that drips bytes costs O(n),
-- not a parse per byte), then the block is parsed once.
local function head_block(fn, s, deadline, budget, what, parse, max_count)
    local buf, pos = s.buf, s.pos
    if pos > #buf then
        local ok, err = s:fill(deadline)
        if not ok then
            return fail(fn, io_kind(err), false, io_words(err) .. " while reading " .. what)
        end
        buf, pos = s.buf, s.pos
    end
    local avail = #buf - pos + 1
    local a, b, c, d, n, clen = parse(buf, max_count, pos, avail < budget and avail or budget)
    if a then
        s.pos = pos + n
        s.hint = n + 16         -- the next block on this stream is likely this size (tim.net.stream's fill)
        return buf, pos, a, b, c, d, clen
    elseif b ~= "incomplete" then
        return buf, pos, nil, b
    elseif avail >= budget then
        return fail(fn, "limit", true, format("%s exceed %d bytes (max_header_bytes)", what, budget), 431)
    end
    local err
    n, err = s:find_head(budget, deadline)
    if not n then
        if err == "limit" then
            return fail(fn, "limit", true, format("%s exceed %d bytes (max_header_bytes)", what, budget), 431)
        end
        return fail(fn, io_kind(err), s:buffered() > 0, io_words(err) .. " while reading " .. what)
    end
    buf, pos = s.buf, s.pos
    s:skip(n)
    local _
    a, b, c, d, _, clen = parse(buf, max_count, pos, n)
    s.hint = n + 16
    return buf, pos, a, b, c, d, clen
end

local function read_block(fn, s, deadline, budget, what, no_check)
    -- the usual case first: the whole block is in the buffer already (one read brought the answer)
    local pos = s.pos
    local e = head_end(s.buf, pos)
    local n, err
    if e and e - pos < budget then
        n = e - pos + 1
    else
        n, err = s:find_head(budget, deadline)
    end
    if not n then
        if err == "limit" then
            return fail(fn, "limit", true, format("%s exceed %d bytes (max_header_bytes)", what,
                                                   budget), 431)
        end
        local received = s:buffered() > 0
        return fail(fn, io_kind(err), received, io_words(err) .. " while reading " .. what)
    end
    local block = s:take(n)
    if not no_check and (find(block, BAD_BYTES) or find(block, "\r[^\n]")) then
        return fail(fn, "protocol", true, "control character in " .. what, 400)
    end
    return block
end

-- tim.core's parser says why a block is refused; the status a server answers for each
local HEAD_STATUS = { limit = 431 }

-- Does a comma-separated header value contain `token` (case-insensitive)?
local function has_token(value, token)
    if not value then
        return false
    end
    value = lower(value)
    if value == token then
        return true
    end
    for item in gmatch(value, "[^,]+") do
        if match(item, "^[ \t]*(.-)[ \t]*$") == token then
            return true
        end
    end
    return false
end
_M.has_token = has_token

--- keepalive(msg) -> bool: may the connection carry another message after `msg` (a parsed request or response:
-- { version = "1.1" | "1.0", headers = {...}, framing = "length" | "chunked" | "close" | "none" })?
-- HTTP/1.1: unless Connection says close. HTTP/1.0: only with an explicit keep-alive and a Content-Length.
local function can_keep(version, headers, framing)
    if framing == "close" then
        return false
    end
    local conn = headers and headers["connection"]
    if version == "1.1" then
        if conn == nil or conn == "keep-alive" or conn == "Keep-Alive" then
            return true
        end
        return not has_token(conn, "close")
    elseif version == "1.0" then
        return (framing == "length" or framing == "none") and has_token(conn, "keep-alive")
            and not has_token(conn, "close")
    end
    return false
end

function _M.keepalive(msg)
    return can_keep(msg.version, msg.headers, msg.framing)
end
local keepalive = _M.keepalive

-- "timeout=5, max=100" -> 5
local function keepalive_timeout(headers)
    local ka = headers["keep-alive"]
    local t = ka and match(lower(ka), "timeout[ \t]*=[ \t]*(%d+)")
    return t and tonumber(t) or nil
end

---------------------------------------------------------------------------------------------------------------
-- Bodies

local function parse_length(value)
    if #value <= 15 and find(value, "^%d+$") then
        return tonumber(value)
    end
    -- Repeated identical values ("10, 10") are allowed (RFC 9110 8.6); differing ones are a framing attack.
    local n
    for item in gmatch(value, "[^,]+") do
        local digits = match(item, "^[ \t]*(%d+)[ \t]*$")
        if not digits or #digits > 15 then
            return nil, "invalid Content-Length"
        end
        local v = tonumber(digits)
        if n and n ~= v then
            return nil, "conflicting Content-Length values"
        end
        n = v
    end
    if not n then
        return nil, "invalid Content-Length"
    end
    return n
end

-- The transfer codings of a Transfer-Encoding value: only a single "chunked" is understood.
local function only_chunked(te)
    return lower(match(te, "^[ \t]*(.-)[ \t]*$")) == "chunked"
end

local function read_fixed(fn, s, deadline, n)
    if n == 0 then
        return ""
    end
    local data, err, got = s:read_exact(n, deadline)
    if not data then
        return fail(fn, io_kind(err), true, format("%s after %d of %d body bytes", io_words(err), got or 0, n))
    end
    return data
end

local function read_chunked(fn, s, deadline, limits, budget, count)
    local max_body = limit(limits, "max_body_bytes")
    local parts, total = stream_mod.pieces(), 0      -- 1-byte chunks must not cost a slot each
    while true do
        local len, err = s:find_until("\n", 0, MAX_CHUNK_LINE, deadline)
        if not len then
            if err == "limit" then
                return fail(fn, "protocol", true, "chunk size line too long", 400)
            end
            return fail(fn, io_kind(err), true, io_words(err) .. " in a chunked body (truncated)")
        end
        local line = s:take(len)
        local hex = match(line, "^(%x+)[ \t]*\r?\n$") or match(line, "^(%x+)[ \t]*;[^\r\n]*\r?\n$")
        if not hex or #hex > 12 then
            return fail(fn, "protocol", true, "invalid chunk size line", 400)
        end
        local size = tonumber(hex, 16)
        if size == 0 then
            break
        end
        total = total + size
        if total > max_body then
            return fail(fn, "limit", true, format("chunked body exceeds max_body_bytes (%d)", max_body), 413)
        end
        local data, derr, got = s:read_exact(size, deadline)
        if not data then
            return fail(fn, io_kind(derr), true, format("%s after %d of %d bytes of a chunk (truncated)",
                                                       io_words(derr), got or 0, size))
        end
        parts:add(data)
        local elen, eerr = s:find_until("\n", 0, 2, deadline)
        if not elen then
            if eerr == "limit" then
                return fail(fn, "protocol", true, "chunk data longer than its size", 400)
            end
            return fail(fn, io_kind(eerr), true, io_words(eerr) .. " after a chunk (truncated chunked body)")
        end
        local crlf = s:take(elen)
        if crlf ~= "\r\n" and crlf ~= "\n" then
            return fail(fn, "protocol", true, "chunk data longer than its size", 400)
        end
    end
    -- Trailers: a header block (possibly empty), counted against the header limits, kept apart.
    local trailers = {}
    if budget <= 2 then
        return fail(fn, "limit", true, "trailers exceed max_header_bytes", 431)
    end
    local first, ferr = s:find_until("\n", 0, budget, deadline)
    if not first then
        return fail(fn, io_kind(ferr), true, io_words(ferr) .. " before the end of a chunked body")
    end
    if first <= 2 and (first == 1 or sub(s.buf, s.pos, s.pos) == "\r") then
        s:skip(first)
    else
        local block, berr, bdetail = read_block(fn, s, deadline, budget, "trailers")
        if not block then
            return nil, berr, bdetail
        end
        local c, perr = parse_fields(block, 1, trailers, count, limit(limits, "max_headers"))
        if not c then
            return fail(fn, perr == "limit" and "limit" or "protocol", true,
                        perr == "limit" and "too many trailer fields (max_headers)" or perr .. " in trailers",
                        perr == "limit" and 431 or 400)
        end
    end
    return parts:join(), trailers
end

local function read_until_close(fn, s, deadline, limits)
    local max_body = limit(limits, "max_body_bytes")
    local parts, total = stream_mod.pieces(), 0       -- a peer dripping bytes must not cost a slot each
    while true do
        local data, err = s:read_some(65536, deadline)
        if not data then
            if err == "closed" then
                return parts:join()
            end
            return fail(fn, io_kind(err), true, io_words(err) .. " in a body that runs to the close")
        end
        total = total + #data
        if total > max_body then
            return fail(fn, "limit", true, format("body exceeds max_body_bytes (%d)", max_body), 413)
        end
        parts:add(data)
    end
end

---------------------------------------------------------------------------------------------------------------
-- Writing

local function bad_header(fn, name)
    return nil, "tim.net.http." .. fn .. ": invalid header " .. format("%q", tostring(name)),
           { kind = "protocol", received = false, written = 0 }
end

-- "Name: value\r\n" lines for a table of headers; refuses CR, LF and NUL (header injection) and non-token
-- names. Returns the text and which of Host, Connection, User-Agent it set, or nil, err, detail.
local SKIP = { ["content-length"] = true, ["transfer-encoding"] = true }

local function header_lines(fn, headers)
    local buf, n = {}, 0
    local set = {}
    for name, value in pairs(headers) do
        if type(name) ~= "string" then
            return bad_header(fn, name)
        end
        local lname = LOWER[name]
        if not lname then
            if not is_token(name) then
                return bad_header(fn, name)
            end
            lname = lower(name)
        end
        set[lname] = true
        if not SKIP[lname] then
            local tv = type(value)
            if tv == "number" then
                value = format(value % 1 == 0 and "%d" or "%.17g", value)
            elseif tv ~= "string" then
                return bad_header(fn, name)
            end
            if find(value, "[%z\r\n]") then
                return bad_header(fn, name)
            end
            n = n + 1
            buf[n] = name .. ": " .. value .. "\r\n"
        end
    end
    return concat(buf, "", 1, n), set
end

-- Fixed headers are checked and formatted once: http.headers{...} returns a read-only table of the same fields
-- (so any transport can still read it as plain headers) whose formatted lines are kept aside, for every request
-- that carries it as req.headers (the client makes one per client).
local formatted = setmetatable({}, { __mode = "k" })     -- block -> { text, set }
local block_mt = {
    __name = "tim.net.http.headers",
    __newindex = function() error("tim.net.http.headers: a header block is read-only", 2) end,
}

--- headers(t) -> block | nil, err: `t` checked and formatted once, for use as req.headers on many requests.
function _M.headers(t)
    if type(t) ~= "table" then
        error(bad_argument(1, "tim.net.http.headers", "table expected, got " .. type(t)), 2)
    end
    local text, set, detail = header_lines("headers", t)
    if not text then
        return nil, set, detail
    end
    local block = {}
    for k, v in pairs(t) do
        block[k] = v
    end
    setmetatable(block, block_mt)
    formatted[block] = { text, set, {}, {} }    -- the text, the names it sets, fixed tails made with it
    return block
end

local function header_block(fn, headers)
    if headers == nil then
        return "", {}
    end
    local f = formatted[headers]
    if f then
        return f[1], f[2]
    end
    return header_lines(fn, headers)
end

local DEFAULT_PORTS = { http = 80, https = 443 }
local host_lines, host_lines_n = {}, 0

-- "Host: ...\r\n" by host, port and scheme: checked and formatted once per destination.
local function host_line(host, port, scheme)
    scheme = scheme or "http"
    local by_port = host_lines[host]
    local by_scheme = by_port and by_port[port or 0]
    local line = by_scheme and by_scheme[scheme]
    if line then
        return line
    end
    if find(host, "[%s%c/]") then
        return nil
    end
    local h = find(host, ":", 1, true) and "[" .. host .. "]" or host     -- an IPv6 literal
    if port and port ~= DEFAULT_PORTS[scheme] then
        h = h .. ":" .. format("%d", port)
    end
    line = "Host: " .. h .. "\r\n"
    if host_lines_n >= 256 then
        host_lines, host_lines_n = {}, 0
    end
    by_port = host_lines[host] or {}
    host_lines[host] = by_port
    by_scheme = by_port[port or 0] or {}
    by_port[port or 0] = by_scheme
    by_scheme[scheme], host_lines_n = line, host_lines_n + 1
    return line
end

local METHODS = { GET = true, POST = true, PUT = true, DELETE = true, HEAD = true, PATCH = true, OPTIONS = true }
local clean, clean_n = {}, 0     -- paths already checked (bounded)
local ua, ua_line                -- the User-Agent line, made again only when _M.USER_AGENT changes
local BODY_METHODS = { POST = true, PUT = true, PATCH = true }
local NO_HEADERS = {}
formatted[NO_HEADERS] = { "", {}, {}, {} }
-- target pieces: no whitespace, no control character, no DEL (one C pass over them all)
local target_ok = core.http_target_ok

-- What follows the request target up to the body is fixed for a destination, a header block and whether the
-- method sends a length: " HTTP/1.1", Host, the caller's headers, Connection, User-Agent, "Content-Length: ".
-- It is made once per (header block, Host line, kind) and kept with a prepared block (http.headers): f[3] holds
-- the tails with a length, f[4] those without, a bounded number each; plain header tables get it per request.
local function fixed_tail(text, set, hline, with_length)
    local parts = { " HTTP/1.1\r\n" }
    if not set.host then parts[#parts + 1] = hline end
    parts[#parts + 1] = text
    if not set.connection then parts[#parts + 1] = "Connection: keep-alive\r\n" end
    if not set["user-agent"] then parts[#parts + 1] = ua_line end
    parts[#parts + 1] = with_length and "Content-Length: " or "\r\n"
    return concat(parts)
end

local function kept_tail(f, hline, with_length)
    local tails = with_length and f[3] or f[4]
    local tail = tails[hline]
    if not tail then
        tail = fixed_tail(f[1], f[2], hline, with_length)
        if tails.n and tails.n >= 16 then
            tails = {}
            f[with_length and 3 or 4] = tails
        end
        tails[hline], tails.n = tail, (tails.n or 0) + 1
    end
    return tail
end

local lengths, lengths_n = {}, 0     -- #body -> "N\r\n\r\n" (bounded)
local function length_end(n)
    local l = lengths[n]
    if not l then
        l = format("%d\r\n\r\n", n)
        if lengths_n >= 4096 then
            lengths, lengths_n = {}, 0
        end
        lengths[n], lengths_n = l, lengths_n + 1
    end
    return l
end

local function bad_target(what)
    return nil, "tim.net.http.write_request: the " .. what .. " contains whitespace or control characters",
           { kind = "protocol", received = false, written = 0 }
end

--- request_pieces(req) -> pieces (a sequence of strings whose concatenation is the request) | nil, err, detail
-- req = { method, path | target = { strings... }, host, port?, scheme?, headers? (table or http.headers block),
-- body? }. Adds Host (unless given), Content-Length (always computed for a body or a body method),
-- Connection: keep-alive (unless given) and User-Agent (unless given). `target`, when given, is the request
-- target in pieces (so that no per-request long string need be made: OpenResty's send takes the pieces).
-- a caller's misuse of req raises (level 4: the caller of write_request / build_request)
local function check_request(req)
    local method, host, target, body = req.method or "GET", req.host, req.target, req.body
    if type(host) ~= "string" or host == "" then
        error(bad_argument(2, "tim.net.http.write_request", "req.host must be a non-empty string"), 4)
    end
    if not METHODS[method] and (type(method) ~= "string" or not is_token(method)) then
        error(bad_argument(2, "tim.net.http.write_request", "req.method must be an HTTP method token"), 4)
    end
    if body ~= nil and type(body) ~= "string" then
        error(bad_argument(2, "tim.net.http.write_request", "req.body must be a string"), 4)
    end
    local path
    if target == nil then
        path = req.path
        if type(path) ~= "string" or sub(path, 1, 1) ~= "/" then
            error(bad_argument(2, "tim.net.http.write_request", "req.path must be a string starting with '/'"), 4)
        end
    end
    return method, host, target, body, path
end

-- the request line's pieces: the method and the target (a path, or the caller's pieces) -> pieces | nil, err,
-- detail
local function line_pieces(method, target, path)
    if target then
        local pieces = { method, " " }
        for i = 1, #target do
            local p = target[i]
            if not target_ok(p) then
                return bad_target("request target")
            end
            pieces[i + 2] = p
        end
        return pieces
    end
    if not clean[path] then
        if not target_ok(path) then
            return bad_target("path")
        end
        if clean_n >= 64 then
            clean, clean_n = {}, 0
        end
        clean[path], clean_n = true, clean_n + 1
    end
    return { method, " ", path }
end

function _M.request_pieces(req)
    local method, host, target, body, path = check_request(req)
    local hline = host_line(host, req.port, req.scheme)
    if not hline then
        return nil, "tim.net.http.write_request: host contains whitespace or control characters",
               { kind = "protocol", received = false, written = 0 }
    end
    if ua ~= _M.USER_AGENT then
        ua = _M.USER_AGENT
        ua_line = "User-Agent: " .. ua .. "\r\n"
        for _, f in pairs(formatted) do f[3], f[4] = {}, {} end   -- tails made with the old line
    end
    local with_length = body ~= nil or BODY_METHODS[method] ~= nil
    local tail
    local f = formatted[req.headers or NO_HEADERS]
    if f then
        tail = kept_tail(f, hline, with_length)
    else
        local text, set, detail = header_lines("write_request", req.headers)
        if not text then
            return nil, set, detail
        end
        tail = fixed_tail(text, set, hline, with_length)
    end
    local le = with_length and length_end(body and #body or 0)
    if body == "" then
        body = nil
    end
    if target and #target == 3 then      -- three pieces (head, varying part, tail): one table, made whole
        local t1, t2, t3 = target[1], target[2], target[3]
        if not target_ok(t1, t2, t3) then
            return bad_target("request target")
        end
        if le then
            return { method, " ", t1, t2, t3, tail, le, body }
        end
        return { method, " ", t1, t2, t3, tail }
    end
    local pieces, perr, pdetail = line_pieces(method, target, path)
    if not pieces then
        return nil, perr, pdetail
    end
    local n = #pieces
    pieces[n + 1] = tail
    if le then
        pieces[n + 2], pieces[n + 3] = le, body
    end
    return pieces
end
local request_pieces = _M.request_pieces

--- build_request(req) -> bytes | nil, err, detail: the bytes write_request would send.
function _M.build_request(req)
    local pieces, err, detail = request_pieces(req)
    if not pieces then
        return nil, err, detail
    end
    return concat(pieces)
end

--- write_request(stream, req, deadline [, opts]) -> bytes | nil, err, detail
-- detail.written: bytes that left before the failure (nil when the driver cannot tell), detail.total: the
-- request's size. opts.pieces = true (or a driver with .pieces = true) hands the driver the pieces instead of
-- one string (OpenResty's send, the descriptor driver's sendmsg).
function _M.write_request(s, req, deadline, opts)
    if getmetatable(s) ~= stream_mt or type(deadline) ~= "number" then
        s, deadline = as_stream(s, deadline, "write_request", 3)
    end
    local pieces, err, detail = request_pieces(req)
    if not pieces then
        return nil, err, detail
    end
    -- a driver that sends a list in one go (sendmsg, OpenResty's send) gets the pieces; others one string
    local data = ((opts and opts.pieces) or s.driver.pieces) and pieces or concat(pieces)
    local ok, werr, written = s:write(data, deadline)
    if ok and ok ~= true then
        return ok       -- the driver counted the bytes
    end
    local total = 0
    if type(data) == "string" then
        total = #data
    else
        for i = 1, #pieces do
            total = total + #pieces[i]
        end
    end
    if not ok then
        return nil, "tim.net.http.write_request: " .. io_words(werr)
                    .. (written and format(" after sending %d of %d bytes", written, total) or " while sending"),
               { kind = io_kind(werr), received = false, written = written, total = total }
    end
    return total
end

local CONNECTION = { ["keep-alive"] = "Connection: keep-alive\r\n", close = "Connection: close\r\n" }

--- write_response(stream, status, headers, body, deadline [, connection]) -> bytes | nil, err, detail
-- Content-Length is always computed (not sent for 1xx, 204 and 304); `headers` may set Connection, or
-- `connection` ("keep-alive" | "close") adds it, so that `headers` can be a prepared http.headers block.
function _M.write_response(s, status, headers, body, deadline, connection)
    s, deadline = as_stream(s, deadline, "write_response", 5)
    status = tonumber(status)
    if not status or status < 100 or status > 999 or status % 1 ~= 0 then
        error(bad_argument(2, "tim.net.http.write_response", "status must be an integer 100..999"), 2)
    end
    if body ~= nil and type(body) ~= "string" then
        error(bad_argument(4, "tim.net.http.write_response", "body must be a string or nil"), 2)
    end
    local text, herr, hdetail = header_block("write_response", headers)
    if not text then
        return nil, herr, hdetail
    end
    -- the head and the body go out as two pieces, never joined: a server answers thousands of times a second
    -- with strings that begin and end the same way (see tim.client.call on LuaJIT's string hash)
    local data, total
    if status >= 200 and status ~= 204 and status ~= 304 then
        local head = format("HTTP/1.1 %d %s\r\n%s%sContent-Length: %d\r\n\r\n", status, REASONS[status] or "Unknown",
                            text, connection and CONNECTION[connection] or "", body and #body or 0)
        if body and body ~= "" then
            data, total = { head, body }, #head + #body
        else
            data, total = head, #head
        end
    else
        data = format("HTTP/1.1 %d %s\r\n", status, REASONS[status] or "Unknown") .. text
               .. (connection and CONNECTION[connection] or "") .. "\r\n"
        total = #data
    end
    local ok, err, written = s:write(data, deadline)
    if not ok then
        return nil, "tim.net.http.write_response: " .. io_words(err),
               { kind = io_kind(err), received = false, written = written, total = total }
    end
    return total
end

---------------------------------------------------------------------------------------------------------------
-- Reading a response

--- read_response(stream, deadline [, limits [, method]]) -> resp | nil, err, detail
-- resp = { status, reason, version, headers (lower-case names), body, trailers?, keepalive = bool,
--          keepalive_timeout = seconds? (from Keep-Alive: timeout=N), framing }
-- `method` "HEAD" means no body whatever the headers say. keepalive is false whenever the connection must not
-- carry another exchange: Connection: close, a body that ran to the close, faulty framing, bytes left over.
-- the final head (1xx answers skipped, bounded) -> buf, start, version, status, reason, headers, clen, budget |
-- nil, err, detail
local function response_head(fn, s, deadline, limits)
    local budget = limits and limits.max_header_bytes or DEFAULT_LIMITS.max_header_bytes
    local max_count = limits and limits.max_headers or DEFAULT_LIMITS.max_headers
    local interim = 0
    while true do
        local buf, start, version, status, reason, headers, clen = head_block(fn, s, deadline, budget,
            "the response headers", parse_response_head, max_count)
        if not buf then
            local detail = version
            if interim > 0 then
                detail.received = true
            end
            return nil, start, detail
        end
        if not version then
            if status == "limit" then
                return fail(fn, "limit", true, format("more than %d header fields (max_headers)", max_count))
            end
            return fail(fn, "protocol", true, status .. " " .. format("%q", sub(buf, start, start + 39)))
        end
        if status >= 200 then
            if status > 599 then
                return fail(fn, "protocol", true, "invalid status " .. status)
            end
            return buf, start, version, status, reason, headers, clen, budget
        end
        if status == 101 then
            return fail(fn, "protocol", true, "unexpected 101 Switching Protocols: this client never asks to "
                        .. "switch protocols")
        end
        if status < 100 then
            return fail(fn, "protocol", true, "invalid status " .. status)
        end
        interim = interim + 1       -- 100 Continue, 102, 103: skip, bounded
        if interim > limit(limits, "max_interim") then
            return fail(fn, "protocol", true, format("more than %d interim (1xx) answers", interim - 1))
        end
        budget = budget - (s.pos - start)
        if budget <= 0 then
            return fail(fn, "limit", true, "interim answers exceed max_header_bytes")
        end
    end
end

-- the body as the head frames it -> body, trailers, framing, faulty | nil, err, detail
local function response_body(fn, s, deadline, limits, method, version, status, headers, clen, budget)
    local te = headers["transfer-encoding"]
    if method == "HEAD" or status == 204 or status == 304 then
        return "", nil, "none", false
    elseif te then
        if clen ~= nil then
            return fail(fn, "protocol", true, "both Transfer-Encoding and Content-Length (RFC 9112 6.3)")
        end
        if not only_chunked(te) then
            return fail(fn, "protocol", true, "unsupported Transfer-Encoding " .. format("%q", sub(te, 1, 40))
                        .. ": only chunked is understood")
        end
        local count = 0
        for _ in pairs(headers) do count = count + 1 end
        local body, trailers, detail = read_chunked(fn, s, deadline, limits, budget, count)
        if not body then return nil, trailers, detail end
        -- HTTP/1.0 has no chunked coding: read it, but the framing is suspect (RFC 9112 6.1): never reuse
        return body, trailers, "chunked", version == "1.0"
    elseif clen ~= nil then
        local n = clen
        if not n then
            local lerr
            n, lerr = parse_length(headers["content-length"])
            if not n then
                return fail(fn, "protocol", true, lerr)
            end
        end
        local max_body = limits and limits.max_body_bytes or DEFAULT_LIMITS.max_body_bytes
        if n > max_body then
            return fail(fn, "limit", true, format("body of %d bytes exceeds max_body_bytes (%d)", n, max_body))
        end
        local body, trailers, detail = read_fixed(fn, s, deadline, n)
        if not body then return nil, trailers, detail end
        return body, trailers, "length", false
    end
    local body, trailers, detail = read_until_close(fn, s, deadline, limits)
    if not body then return nil, trailers, detail end
    return body, trailers, "close", false
end

function _M.read_response(s, deadline, limits, method)
    local fn = "read_response"
    if getmetatable(s) ~= stream_mt or type(deadline) ~= "number" then
        s, deadline = as_stream(s, deadline, fn, 2)
    end
    local buf, start, version, status, reason, headers, clen, budget = response_head(fn, s, deadline, limits)
    if not buf then
        return nil, start, version
    end
    local body, trailers, framing, faulty = response_body(fn, s, deadline, limits, method, version, status,
                                                          headers, clen, budget - (s.pos - start))
    if not body then
        return nil, trailers, framing
    end
    return { status = status, reason = reason, version = version, headers = headers, body = body,
             trailers = trailers, framing = framing,
             keepalive = not faulty and s.pos > #s.buf and can_keep(version, headers, framing),
             keepalive_timeout = headers["keep-alive"] and keepalive_timeout(headers) }
end

---------------------------------------------------------------------------------------------------------------
-- Reading a request (server half)

-- Up to the request line: a few empty lines before it are tolerated (RFC 9112 2.2); then the line is found under
-- its own limit (414) before the rest of the block is read. Returns true | nil, err, detail.
local function request_line(fn, s, deadline, limits)
    for _ = 1, 4 do
        if s:buffered() == 0 then
            local ok, err = s:fill(deadline)
            if not ok then
                if err == "timeout" then
                    return fail(fn, "timeout", false, "timeout waiting for a request")
                end
                return fail(fn, io_kind(err), false, io_words(err) .. " before a request")
            end
        end
        local c = byte(s.buf, s.pos)
        if c == 13 and byte(s.buf, s.pos + 1) == 10 then
            s:skip(2)
        elseif c == 10 then
            s:skip(1)
        else
            break
        end
    end
    local max_line = limit(limits, "max_line_bytes")
    local budget = limit(limits, "max_header_bytes")
    if budget < max_line then max_line = budget end
    -- a plain search finds the line in what is buffered in the usual case
    local lf = find(s.buf, "\n", s.pos, true)
    if not lf or lf - s.pos >= max_line then
        local n, lerr = s:find_until("\n", 0, max_line, deadline)
        if not n then
            if lerr == "limit" then
                return fail(fn, "limit", true, "request line too long", 414)
            elseif lerr == "timeout" then
                return fail(fn, "timeout", true, "timeout inside the request line", 408)
            end
            return fail(fn, io_kind(lerr), true, io_words(lerr) .. " inside the request line")
        end
    end
    return true
end

-- The body's framing from the head: te (a Transfer-Encoding value) or a length (nil: no body), or
-- nil, err, detail with the status to answer.
local function request_framing(fn, headers, clen, version, limits)
    local te = headers["transfer-encoding"]
    if te and clen ~= nil then
        return fail(fn, "protocol", true, "both Transfer-Encoding and Content-Length", 400)
    end
    if te and not only_chunked(te) then
        return fail(fn, "protocol", true, "unsupported Transfer-Encoding " .. format("%q", sub(te, 1, 40)), 501)
    end
    if te and version == "1.0" then
        return fail(fn, "protocol", true, "Transfer-Encoding in an HTTP/1.0 request", 400)
    end
    if clen == nil then
        return te, nil
    end
    local length = clen
    if not length then
        local lerr
        length, lerr = parse_length(headers["content-length"])
        if not length then
            return fail(fn, "protocol", true, lerr, 400)
        end
    end
    local max_body = limit(limits, "max_body_bytes")
    if length > max_body then
        return fail(fn, "limit", true, format("body of %d bytes exceeds max_body_bytes (%d)", length, max_body), 413)
    end
    return te, length
end

-- The body of `req` (te or length from request_framing), within `deadline`; answers Expect: 100-continue first.
-- Sets req.framing; returns body, trailers | nil, err, detail (a timeout's status is 408).
local function request_body(fn, s, req, te, length, deadline, limits, budget)
    if (te or (length and length > 0)) and req.version == "1.1" and has_token(req.headers["expect"], "100-continue")
       and s:buffered() == 0 then
        local ok, werr = s:write("HTTP/1.1 100 Continue\r\n\r\n", deadline)
        if not ok then
            return fail(fn, io_kind(werr), true, io_words(werr) .. " while sending 100 Continue")
        end
    end
    local body, trailers, detail
    if te then
        local count = 0
        for _ in pairs(req.headers) do count = count + 1 end
        body, trailers, detail = read_chunked(fn, s, deadline, limits, budget, count)
        req.framing = "chunked"
    elseif length then
        body, trailers, detail = read_fixed(fn, s, deadline, length)
        req.framing = "length"
    else
        body, req.framing = "", "none"
    end
    if not body and detail.kind == "timeout" then
        detail.status = 408
    end
    return body, trailers, detail
end

--- read_request(stream, deadline [, limits [, body_timeout]]) -> req | nil, err, detail
-- req = { method, path, query (raw string or nil), target, version, headers, body, trailers?, keepalive }
-- `deadline` bounds the head (and the body too without body_timeout); body_timeout: seconds the body may take
-- from the end of the head (a server gives the head and the body each a deadline of their own).
-- detail.kind "network" with received = false: the peer closed an idle keep-alive connection (not an error).
-- detail.status: what to answer (400, 408, 413, 414, 431, 501, 505) before closing.
-- Answers `Expect: 100-continue` with an interim 100 before reading a body.
-- Leftover bytes (a pipelined request) stay in the stream for the next call.
function _M.read_request(s, deadline, limits, body_timeout)
    local fn = "read_request"
    s, deadline = as_stream(s, deadline, fn, 2)
    if body_timeout ~= nil and (type(body_timeout) ~= "number" or body_timeout ~= body_timeout) then
        error(bad_argument(4, "tim.net.http.read_request", "body_timeout must be a number of seconds or nil"), 2)
    end
    local ok, lerr, ldetail = request_line(fn, s, deadline, limits)
    if not ok then
        return nil, lerr, ldetail
    end
    local budget = limit(limits, "max_header_bytes")
    local buf, start, method, target, version, headers, clen = head_block(fn, s, deadline, budget,
                                                                          "the request headers",
                                                                          parse_request_head,
                                                                          limit(limits, "max_headers"))
    if not buf then
        local detail = method
        if detail.kind == "timeout" then
            detail.status = 408
        end
        return nil, start, detail
    end
    if not method then
        if target == "limit" then
            return fail(fn, "limit", true, "too many header fields (max_headers)", HEAD_STATUS.limit)
        elseif target == "unsupported HTTP version" then
            return fail(fn, "protocol", true, "unsupported HTTP version", 505)
        end
        return fail(fn, "protocol", true, target, 400)
    end
    local blen = s.pos - start
    local path, query = target, nil
    local q = find(target, "?", 1, true)
    if q then
        path, query = sub(target, 1, q - 1), sub(target, q + 1)
    end
    local req = { method = method, target = target, path = path, query = query, version = version,
                  headers = headers }
    local te, length, fdetail = request_framing(fn, headers, clen, version, limits)
    if te == nil and fdetail then
        return nil, length, fdetail
    end
    if body_timeout then
        deadline = s.driver.now() + body_timeout
    end
    local body, trailers, detail = request_body(fn, s, req, te, length, deadline, limits, budget - blen)
    if not body then
        return nil, trailers, detail
    end
    req.body = body
    req.trailers = trailers
    req.keepalive = keepalive(req)
    return req
end

return _M

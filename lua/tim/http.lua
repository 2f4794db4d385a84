-- tim.http: one HTTP/1.1 codec over any socket-like object.
--
-- The object needs `send(data)` and `receive(pattern_or_n)` with LuaSocket semantics (`"*l"` strips the line end,
-- a number reads exactly that many bytes, failures are `nil, err, partial`); OpenResty cosockets behave the same.
-- Client half: write_request / read_response. Server half (the emulator): read_request / write_response.
-- Nothing here throws on bad wire input: every failure is `nil, message, detail` where
--   detail = { kind = "timeout" | "network" | "protocol" | "limit" | "closed", received = bool, status = n? }
-- `received` says whether any byte of the message being read arrived (a transport's resend rule needs it);
-- `status` is the answer a server should give (400, 408, 413, 414, 431, 501, 505) when reading a request failed.
--
-- Limits (all optional; defaults in _M.DEFAULT_LIMITS):
--   max_header_bytes, max_headers, max_body_bytes
--   deadline, clock, set_timeout: when `deadline` is set, every send/receive first checks `clock()` against it and
--   `set_timeout(sock, seconds_left)` shrinks the socket's timeout (skipped when it was set less than 1 ms ago;
--   the codec keeps that note in limits.armed_*), so a slow peer cannot stretch one exchange
--   past the deadline. With LuaSocket, set_timeout should use a total timeout: sock:settimeout(left, "t").

local tonumber = tonumber
local tostring = tostring
local type = type
local pairs = pairs
local ipairs = ipairs
local concat = table.concat
local lower = string.lower
local find = string.find
local sub = string.sub
local match = string.match
local format = string.format
local byte = string.byte

local _M = { _VERSION = require "tim.version" }

_M.USER_AGENT = "lua-tim/" .. _M._VERSION     -- may be changed; sent unless a request sets User-Agent
local ua, ua_line

_M.DEFAULT_LIMITS = {
    max_header_bytes = 32 * 1024,    -- status/request line + all header lines (and chunked trailers)
    max_headers = 100,               -- header fields (trailers count too)
    max_body_bytes = 16 * 1024 * 1024,
}
local DEFAULT_LIMITS = _M.DEFAULT_LIMITS

local REASONS = {
    [100] = "Continue", [101] = "Switching Protocols",
    [200] = "OK", [201] = "Created", [202] = "Accepted", [204] = "No Content",
    [301] = "Moved Permanently", [302] = "Found", [304] = "Not Modified",
    [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
    [405] = "Method Not Allowed", [408] = "Request Timeout", [411] = "Length Required",
    [413] = "Content Too Large", [414] = "URI Too Long", [429] = "Too Many Requests",
    [431] = "Request Header Fields Too Large",
    [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
    [503] = "Service Unavailable", [504] = "Gateway Timeout",
}
_M.REASONS = REASONS

local CLOSE_READ_BLOCK = 16 * 1024

-- Limits: callers pass a partial table; missing fields fall back to the defaults without copying per call.
local function limit(limits, name)
    local v = limits and limits[name]
    if v == nil then
        return DEFAULT_LIMITS[name]
    end
    return v
end

local function fail(fn, kind, received, msg, status)
    return nil, "tim.http." .. fn .. ": " .. msg, { kind = kind, received = received, status = status }
end

local function io_kind(err)
    if err == "timeout" then
        return "timeout"
    elseif err == "closed" then
        return "closed"
    elseif err == "line too long" then    -- a buffered reader's own line limit (tim.transport.ngx)
        return "limit"
    end
    return "network"
end

-- Before each receive: enforce the deadline of the whole exchange, if there is one.
local function arm(sock, limits)
    local deadline = limits and limits.deadline
    if not deadline then
        return true
    end
    local now = limits.clock()
    local left = deadline - now
    if left <= 0 then
        return false
    end
    -- Setting a timeout costs a C call per receive; a timeout set less than 1 ms ago is at most 1 ms too long.
    local armed = limits.armed_at
    if not armed or now - armed > 0.001 or limits.armed_sock ~= sock or limits.armed_for ~= deadline then
        limits.set_timeout(sock, left)
        limits.armed_at, limits.armed_sock, limits.armed_for = now, sock, deadline
    end
    return true
end

local function recv(sock, limits, pattern)
    if limits and limits.deadline and not arm(sock, limits) then
        return nil, "timeout", ""
    end
    return sock:receive(pattern)
end

---------------------------------------------------------------------------------------------------------------
-- Header block (shared by both halves)

-- Lower-case forms of the header names servers send most.
local LOWER = {}
for _, name in ipairs{ "Server", "Date", "Content-Type", "Content-Length", "Connection", "Keep-Alive",
                       "Transfer-Encoding", "Cache-Control", "Vary", "Access-Control-Allow-Origin", "Host",
                       "User-Agent", "Accept", "Accept-Encoding", "Expect", "X-Request-Id", "Content-Encoding" } do
    LOWER[name] = lower(name)
end

-- RFC 9110 token characters.
local function is_token(s)
    if find(s, "^[%w%-]+$") then      -- the common case, cheaply
        return true
    end
    return s ~= "" and not find(s, "[^%w!#$%%&'*+%-%.%^_`|~]")
end

-- Header value without surrounding blanks (cheap for the usual "Name: value").
local function header_value(line, from)
    local value = sub(line, from)
    local c = byte(value, 1)
    if c == 32 or c == 9 then
        value = match(value, "^[ \t]*(.*)$")
    end
    c = byte(value, -1)
    if c == 32 or c == 9 or c == 13 then
        value = match(value, "^(.-)[ \t\r]+$")
    end
    return value
end

-- Reads header lines up to the empty line into `headers` (names lower-cased, repeats joined with ", ").
-- `used` is the byte count already spent on the start line; returns the new count, or nil, err, detail.
local function read_header_block(fn, sock, limits, headers, used, count)
    local max_bytes = limit(limits, "max_header_bytes")
    local max_count = limit(limits, "max_headers")
    local timed = limits and limits.deadline
    while true do
        local line, err, partial
        if timed then
            line, err, partial = recv(sock, limits, "*l")
        else
            line, err, partial = sock:receive("*l")
        end
        if not line and io_kind(err) == "limit" then
            return fail(fn, "limit", true, format("header block exceeds %d bytes (max_header_bytes)", max_bytes),
                        431)
        elseif not line then
            return fail(fn, io_kind(err) == "closed" and "network" or io_kind(err), true,
                        (err == "closed" and "connection closed" or tostring(err)) .. " while reading headers"
                        .. ((partial and partial ~= "") and " (partial header line)" or ""))
        end
        used = used + #line + 2
        if used > max_bytes then
            return fail(fn, "limit", true, format("header block exceeds %d bytes (max_header_bytes)", max_bytes),
                        431)
        end
        if line == "" or line == "\r" then
            return used, count
        end
        local colon = find(line, ":", 1, true)
        if not colon then
            return fail(fn, "protocol", true, "header line without a colon", 400)
        end
        local name = sub(line, 1, colon - 1)
        local lname = LOWER[name]          -- a well-known name is a valid token: skip the check
        if not lname then
            local c = byte(line, 1)
            if c == 32 or c == 9 then
                return fail(fn, "protocol", true, "obsolete folded header line", 400)
            end
            if not is_token(name) then
                return fail(fn, "protocol", true, "invalid header name", 400)
            end
            lname = lower(name)
        end
        local value
        local c = byte(line, colon + 1)
        if c == 32 and byte(line, colon + 2) ~= 32 then
            value = sub(line, colon + 2)
            c = byte(value, -1)
            if c == 32 or c == 9 or c == 13 then
                value = header_value(value, 1)
            end
        else
            value = header_value(line, colon + 1)
        end
        count = count + 1
        if count > max_count then
            return fail(fn, "limit", true, format("more than %d header fields (max_headers)", max_count), 431)
        end
        name = lname
        local prev = headers[name]
        if prev then
            headers[name] = prev .. ", " .. value
        else
            headers[name] = value
        end
    end
end

-- Does a comma-separated header value contain `token` (case-insensitive)?
local function has_token(value, token)
    if not value then
        return false
    end
    value = lower(value)
    if value == token then
        return true
    end
    for item in value:gmatch("[^,]+") do
        if match(item, "^%s*(.-)%s*$") == token then
            return true
        end
    end
    return false
end
_M.has_token = has_token

--- keepalive(msg) -> bool: may the connection carry another message after `msg`?
-- `msg` is a parsed request or response ({ version = "1.1", headers = {...} }); a close-delimited response
-- (msg.close_delimited) never leaves a reusable connection.
function _M.keepalive(msg)
    if msg.close_delimited then
        return false
    end
    local conn = msg.headers and msg.headers["connection"]
    if conn then
        local l = lower(conn)
        if l == "keep-alive" then
            return msg.version == "1.1" or msg.version == "1.0"
        elseif l == "close" then
            return false
        end
    end
    if has_token(conn, "close") then
        return false
    end
    if msg.version == "1.0" then
        return has_token(conn, "keep-alive")
    end
    return msg.version == "1.1"
end
local keepalive = _M.keepalive

---------------------------------------------------------------------------------------------------------------
-- Bodies

local function parse_length(fn, value)
    if #value <= 15 and find(value, "^%d+$") then
        return tonumber(value)
    end
    -- Repeated identical values ("10, 10") are allowed; differing ones are a framing attack.
    local n
    for item in value:gmatch("[^,]+") do
        local digits = match(item, "^%s*(%d+)%s*$")
        if not digits or #digits > 15 then
            return fail(fn, "protocol", true, "invalid Content-Length", 400)
        end
        local v = tonumber(digits)
        if n and n ~= v then
            return fail(fn, "protocol", true, "conflicting Content-Length values", 400)
        end
        n = v
    end
    if not n then
        return fail(fn, "protocol", true, "invalid Content-Length", 400)
    end
    return n
end

local function read_fixed(fn, sock, limits, n)
    if n > limit(limits, "max_body_bytes") then
        return fail(fn, "limit", true, format("body of %d bytes exceeds max_body_bytes (%d)", n,
                                               limit(limits, "max_body_bytes")), 413)
    end
    if n == 0 then
        return ""
    end
    local data, err, partial = recv(sock, limits, n)
    if not data then
        local got = partial and #partial or 0
        return fail(fn, err == "timeout" and "timeout" or "network", true,
                    format("%s after %d of %d body bytes", err == "closed" and "connection closed" or tostring(err),
                           got, n))
    end
    return data
end

local function read_chunked(fn, sock, limits, header_bytes, header_count)
    local max_body = limit(limits, "max_body_bytes")
    local parts, n, total = {}, 0, 0
    while true do
        local line, err = recv(sock, limits, "*l")
        if not line then
            return fail(fn, err == "timeout" and "timeout" or "network", true,
                        (err == "closed" and "connection closed" or tostring(err))
                        .. " in a chunked body (truncated)")
        end
        if #line > 1024 then
            return fail(fn, "protocol", true, "chunk size line too long", 400)
        end
        local hex = match(line, "^%s*(%x+)%s*[;\r]") or match(line, "^%s*(%x+)%s*$")
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
        local data, err2 = recv(sock, limits, size)
        if not data then
            return fail(fn, err2 == "timeout" and "timeout" or "network", true,
                        (err2 == "closed" and "connection closed" or tostring(err2))
                        .. " in a chunk (truncated chunked body)")
        end
        n = n + 1
        parts[n] = data
        local crlf, err3 = recv(sock, limits, "*l")
        if not crlf then
            return fail(fn, err3 == "timeout" and "timeout" or "network", true,
                        (err3 == "closed" and "connection closed" or tostring(err3))
                        .. " after a chunk (truncated chunked body)")
        end
        if crlf ~= "" and crlf ~= "\r" then
            return fail(fn, "protocol", true, "chunk data longer than its size", 400)
        end
    end
    -- Trailers: counted against the header limits, kept apart from the headers.
    local trailers = {}
    local ok, err, detail = read_header_block(fn, sock, limits, trailers, header_bytes, header_count)
    if not ok then
        return nil, err, detail
    end
    return concat(parts), trailers
end

local function read_until_close(fn, sock, limits)
    local max_body = limit(limits, "max_body_bytes")
    local parts, n, total = {}, 0, 0
    while true do
        local data, err, partial = recv(sock, limits, CLOSE_READ_BLOCK)
        data = data or partial
        if data and data ~= "" then
            total = total + #data
            if total > max_body then
                return fail(fn, "limit", true, format("body exceeds max_body_bytes (%d)", max_body), 413)
            end
            n = n + 1
            parts[n] = data
        end
        if err == "closed" then
            return concat(parts)
        elseif err then
            return fail(fn, err == "timeout" and "timeout" or "network", true,
                        tostring(err) .. " in a close-delimited body")
        end
    end
end

---------------------------------------------------------------------------------------------------------------
-- Writing

local function bad_header(fn, name)
    return nil, "tim.http." .. fn .. ": invalid header " .. format("%q", tostring(name)),
           { kind = "protocol", received = false }
end

-- Appends "Name: value\r\n" for every user header; refuses CR, LF and NUL (header injection) and non-token names.
-- Returns the new length and whether Host, Connection and User-Agent were among them.
local function add_headers(fn, buf, n, headers, skip)
    local host, conn, agent = false, false, false
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
        if lname == "host" then
            host = true
        elseif lname == "connection" then
            conn = true
        elseif lname == "user-agent" then
            agent = true
        end
        if not skip[lname] then
            local tv = type(value)
            if tv == "number" then
                value = format(value % 1 == 0 and "%d" or "%.17g", value)
            elseif tv ~= "string" then
                return bad_header(fn, name)
            end
            if find(value, "\n", 1, true) or find(value, "\r", 1, true) or find(value, "\0", 1, true) then
                return bad_header(fn, name)
            end
            n = n + 1
            buf[n] = name .. ": " .. value .. "\r\n"
        end
    end
    return n, host, conn, agent
end

local REQUEST_SKIP = { ["content-length"] = true, ["transfer-encoding"] = true }
local EMPTY = {}
local DEFAULT_PORTS = { http = 80, https = 443 }

--- build_request(req) -> bytes | nil, err: the bytes write_request would send.
-- req = { method, path, host, port?, scheme?, headers?, body? }. Adds Host (unless given), Content-Length
-- (always computed), Connection: keep-alive (unless given) and User-Agent (unless given).
local METHODS = { GET = true, POST = true, PUT = true, DELETE = true, HEAD = true, PATCH = true, OPTIONS = true }

-- "Host: ...\r\n" lines by host, port and scheme: checked and formatted once per destination.
local host_lines, host_lines_n = {}, 0

local function host_line(host, port, scheme)
    local key = host .. "|" .. tostring(port) .. "|" .. (scheme or "http")
    local line = host_lines[key]
    if line then
        return line
    end
    if find(host, "[%s%z/]") then
        return nil
    end
    local h = host
    if find(h, ":", 1, true) then
        h = "[" .. h .. "]"    -- an IPv6 literal
    end
    if port and port ~= DEFAULT_PORTS[scheme or "http"] then
        h = h .. ":" .. format("%d", port)
    end
    line = "Host: " .. h .. "\r\n"
    if host_lines_n >= 256 then
        host_lines, host_lines_n = {}, 0
    end
    host_lines[key], host_lines_n = line, host_lines_n + 1
    return line
end

function _M.build_request(req)
    local method, path, host = req.method or "GET", req.path, req.host
    if type(path) ~= "string" or sub(path, 1, 1) ~= "/" then
        error("tim.http.write_request: req.path must be a string starting with '/'", 3)
    end
    if type(host) ~= "string" or host == "" then
        error("tim.http.write_request: req.host must be a non-empty string", 3)
    end
    if not METHODS[method] and not is_token(method) then
        error("tim.http.write_request: req.method must be an HTTP method token", 3)
    end
    local body = req.body
    if body ~= nil and type(body) ~= "string" then
        error("tim.http.write_request: req.body must be a string", 3)
    end
    local hline = host_line(host, req.port, req.scheme)
    -- plain finds (memchr) rather than a character class: this runs on every request
    if not hline or find(path, " ", 1, true) or find(path, "\n", 1, true) or find(path, "\r", 1, true)
       or find(path, "\0", 1, true) then
        return nil, "tim.http.write_request: path or host contains whitespace or control characters",
               { kind = "protocol", received = false }
    end
    local headers = req.headers or EMPTY
    local buf = { method, " ", path, " HTTP/1.1\r\n" }
    local n = 4
    local have_host, have_conn, have_ua
    n, have_host, have_conn, have_ua = add_headers("write_request", buf, n, headers, REQUEST_SKIP)
    if not n then
        return nil, have_host, have_conn   -- on failure: err, detail
    end
    if not have_host then
        n = n + 1
        buf[n] = hline
    end
    if not have_conn then
        n = n + 1
        buf[n] = "Connection: keep-alive\r\n"
    end
    if not have_ua then
        if ua ~= _M.USER_AGENT then
            ua = _M.USER_AGENT
            ua_line = "User-Agent: " .. ua .. "\r\n"
        end
        n = n + 1
        buf[n] = ua_line
    end
    if body or method == "POST" or method == "PUT" or method == "PATCH" then
        buf[n + 1] = "Content-Length: " .. (body and #body or 0) .. "\r\n\r\n"
        buf[n + 2] = body
    else
        buf[n + 1] = "\r\n"
    end
    return concat(buf)
end

local function send_all(fn, sock, limits, data)
    if not arm(sock, limits) then
        return nil, "tim.http." .. fn .. ": timeout before sending", { kind = "timeout", received = false, sent = 0 }
    end
    local last, err, partial_last = sock:send(data)
    if not last then
        local sent = tonumber(partial_last) or 0
        return nil, "tim.http." .. fn .. ": " .. tostring(err) .. format(" after sending %d of %d bytes", sent, #data),
               { kind = io_kind(err) == "timeout" and "timeout" or "network", received = false, sent = sent }
    end
    return #data
end

--- write_request(sock, req [, limits]) -> bytes_sent | nil, err, detail (detail.sent: bytes that left).
function _M.write_request(sock, req, limits)
    local data, err, detail = _M.build_request(req)
    if not data then
        detail.sent = 0
        return nil, err, detail
    end
    return send_all("write_request", sock, limits, data)
end

local RESPONSE_SKIP = { ["content-length"] = true, ["transfer-encoding"] = true }

--- write_response(sock, status, headers, body [, limits]) -> bytes_sent | nil, err, detail
-- Content-Length is always computed (not sent for 1xx, 204 and 304); `headers` may set Connection.
function _M.write_response(sock, status, headers, body, limits)
    status = tonumber(status)
    if not status or status < 100 or status > 999 or status % 1 ~= 0 then
        error("tim.http.write_response: status must be an integer 100..999", 2)
    end
    if body ~= nil and type(body) ~= "string" then
        error("tim.http.write_response: body must be a string or nil", 2)
    end
    local buf = { format("HTTP/1.1 %d %s\r\n", status, REASONS[status] or "Unknown") }
    local n, herr, hdetail = add_headers("write_response", buf, 1, headers or EMPTY, RESPONSE_SKIP)
    if not n then
        return nil, herr, hdetail
    end
    if status >= 200 and status ~= 204 and status ~= 304 then
        buf[n + 1] = "Content-Length: " .. format("%d", body and #body or 0) .. "\r\n\r\n"
        buf[n + 2] = body
    else
        buf[n + 1] = "\r\n"
    end
    return send_all("write_response", sock, limits, concat(buf))
end

---------------------------------------------------------------------------------------------------------------
-- Reading a response

--- read_response(sock [, limits [, method]]) -> resp | nil, err, detail
-- resp = { status, reason, version = "1.1", headers = { lower-case names }, body, trailers?, keepalive = bool }
-- `method` "HEAD" means no body whatever the headers say.
function _M.read_response(sock, limits, method)
    local fn = "read_response"
    local line, err, partial
    local used, headers, version, status, reason
    repeat      -- skip interim 1xx answers (100 Continue)
        line, err, partial = recv(sock, limits, "*l")
        if not line then
            local received = partial ~= nil and partial ~= ""
            local kind = io_kind(err)
            if kind == "closed" then
                kind = "network"
            end
            return fail(fn, kind, received,
                        (err == "closed" and "connection closed" or tostring(err))
                        .. (received and " while reading the status line" or " before any byte of the response"))
        end
        local v, code, rest = match(line, "^HTTP/(%d%.%d) (%d%d%d)(.*)$")
        if not v then
            return fail(fn, "protocol", true, "invalid status line " .. format("%q", sub(line, 1, 40)))
        end
        version, status = v, tonumber(code)
        if rest == " OK" then
            reason = "OK"
        else
            reason = match(rest, "^ ?(.-)\r?$")
        end
        headers = {}
        local herr, hdetail
        used, herr, hdetail = read_header_block(fn, sock, limits, headers, #line + 2, 0)
        if not used then
            return nil, herr, hdetail
        end
    until status >= 200 or status == 101
    local resp = { status = status, reason = reason, version = version, headers = headers }

    local body, trailers, detail
    local te = headers["transfer-encoding"]
    if method == "HEAD" or status == 204 or status == 304 or status == 101 then
        body = ""
    elseif te and match(lower(te), "chunked%s*$") then
        body, trailers, detail = read_chunked(fn, sock, limits, used, 0)
    elseif headers["content-length"] and not te then
        local n
        n, err, detail = parse_length(fn, headers["content-length"])
        if not n then
            return nil, err, detail
        end
        body, trailers, detail = read_fixed(fn, sock, limits, n)
    else
        -- No framing (or a coding other than chunked last): the body runs to the close.
        body, trailers, detail = read_until_close(fn, sock, limits)
        resp.close_delimited = true
    end
    if not body then
        return nil, trailers, detail
    end
    resp.body = body
    resp.trailers = trailers
    resp.keepalive = keepalive(resp)
    return resp
end

---------------------------------------------------------------------------------------------------------------
-- Reading a request (server half)

--- read_request(sock [, limits]) -> req | nil, err, detail
-- req = { method, path, query (raw string or nil), target, version, headers, body, keepalive = bool }
-- detail.kind "closed" with received = false: the peer closed an idle keep-alive connection (not an error).
-- detail.status: what to answer (400, 408, 413, 431, 501) before closing.
-- Answers `Expect: 100-continue` with an interim 100 before reading the body.
function _M.read_request(sock, limits)
    local fn = "read_request"
    local line, err, partial
    -- Tolerate empty lines between pipelined requests (RFC 9112 2.2).
    for _ = 1, 4 do
        line, err, partial = recv(sock, limits, "*l")
        if line ~= "" and line ~= "\r" then
            break
        end
    end
    if not line then
        local received = partial ~= nil and partial ~= ""
        local kind = io_kind(err)
        if kind == "timeout" then
            return fail(fn, "timeout", received, "timeout waiting for a request", received and 408 or nil)
        end
        return fail(fn, received and "network" or kind, received,
                    (err == "closed" and "connection closed" or tostring(err))
                    .. (received and " inside the request line" or " before a request"))
    end
    if #line + 2 > limit(limits, "max_header_bytes") then
        return fail(fn, "limit", true, "request line too long", 414)
    end
    local method, target, major, minor = match(line, "^(%S+) (%S+) HTTP/(%d)%.(%d)\r?$")
    if not method or not is_token(method) then
        return fail(fn, "protocol", true, "invalid request line", 400)
    end
    local version = major .. "." .. minor
    if major ~= "1" then
        return fail(fn, "protocol", true, "unsupported HTTP version " .. version, 505)
    end
    local headers = {}
    local used, count_or_err, detail = read_header_block(fn, sock, limits, headers, #line + 2, 0)
    if not used then
        return nil, count_or_err, detail
    end
    local path, query = match(target, "^([^?]*)%?(.*)$")
    if not path then
        path = target
    end
    local req = { method = method, target = target, path = path, query = query, version = version,
                  headers = headers }

    local te, cl = headers["transfer-encoding"], headers["content-length"]
    local body, trailers
    if te and cl then
        return fail(fn, "protocol", true, "both Transfer-Encoding and Content-Length", 400)
    end
    if te and lower(match(te, "^%s*(.-)%s*$")) ~= "chunked" then
        return fail(fn, "protocol", true, "unsupported Transfer-Encoding " .. format("%q", sub(te, 1, 40)), 501)
    end
    if te or (cl and cl ~= "0") then
        if has_token(headers["expect"], "100-continue") and version == "1.1" then
            local ok, serr, sdetail = send_all(fn, sock, limits, "HTTP/1.1 100 Continue\r\n\r\n")
            if not ok then
                return nil, serr, sdetail
            end
        end
    end
    if te then
        body, trailers, detail = read_chunked(fn, sock, limits, used, count_or_err)
        if not body then
            return nil, trailers, detail
        end
    elseif cl then
        local n, lerr, ldetail = parse_length(fn, cl)
        if not n then
            return nil, lerr, ldetail
        end
        body, err, detail = read_fixed(fn, sock, limits, n)
        if not body then
            if detail.kind == "timeout" then
                detail.status = 408
            end
            return nil, err, detail
        end
    else
        body = ""
    end
    req.body = body
    req.trailers = trailers
    req.keepalive = keepalive(req)
    return req
end

return _M

-- tim.http: the HTTP/1.1 codec, over real loopback socket pairs (LuaSocket), through tim.stream's blocking
-- driver: strict framing (RFC 9112), bounded reads, deadlines that hold.
local http = require "tim.net.http"
local stream = require "tim.net.stream"
local socket = require "socket"

-- A connected pair of TCP sockets on 127.0.0.1: what one side sends, the other receives.
local function pair()
    local srv = assert(socket.bind("127.0.0.1", 0))
    local _, port = srv:getsockname()
    local c = assert(socket.connect("127.0.0.1", port))
    local s = assert(srv:accept())
    srv:close()
    c:settimeout(2)
    s:settimeout(2)
    return c, s
end

-- Feeds `bytes` to a fresh pair and reads one response from the other end.
local function response_of(bytes, limits, method, keep_open, deadline)
    local c, s = pair()
    assert(s:send(bytes))
    if not keep_open then
        s:close()
    end
    local r = table.pack(http.read_response(c, deadline, limits, method))
    c:close()
    s:close()
    return table.unpack(r, 1, r.n)
end

local function request_of(bytes, limits, keep_open, deadline)
    local c, s = pair()
    assert(c:send(bytes))
    if not keep_open then
        c:shutdown("send")
    end
    local r = table.pack(http.read_request(s, deadline, limits))
    c:close()
    s:close()
    return table.unpack(r, 1, r.n)
end

local function after(seconds)
    return socket.gettime() + seconds
end

describe("tim.net.http request writer", function()
    it("writes method, path, Host with a non-default port, Content-Length, keep-alive and the User-Agent", function()
        local bytes = http.build_request{ method = "POST", scheme = "https", host = "example.com", port = 8443,
                                          path = "/v4/a/b?x=1", headers = { ["Content-Type"] = "application/json" },
                                          body = "{}" }
        assert.equal("POST /v4/a/b?x=1 HTTP/1.1\r\n" ..
                     "Host: example.com:8443\r\n" ..
                     "Content-Type: application/json\r\n" ..
                     "Connection: keep-alive\r\n" ..
                     "User-Agent: lua-tim/" .. http._VERSION .. "\r\n" ..
                     "Content-Length: 2\r\n\r\n{}", bytes)
    end)

    it("omits the default port from Host and keeps headers the caller set", function()
        local bytes = http.build_request{ method = "POST", scheme = "https", host = "h", port = 443, path = "/",
                                          headers = { Connection = "close", ["User-Agent"] = "me" }, body = "" }
        assert.matches("\r\nHost: h\r\n", bytes, 1, true)
        assert.matches("\r\nConnection: close\r\n", bytes, 1, true)
        assert.not_matches("keep-alive", bytes, 1, true)
        assert.matches("\r\nUser-Agent: me\r\n", bytes, 1, true)
        assert.not_matches("lua-tim/", bytes, 1, true)
    end)

    it("always computes Content-Length itself, ignoring a caller's value", function()
        local bytes = http.build_request{ method = "POST", host = "h", path = "/",
                                          headers = { ["Content-Length"] = "99" }, body = "abc" }
        assert.equal("\r\nContent-Length: 3\r\n\r\nabc", bytes:sub(-26))
        assert.not_matches("99", bytes, 1, true)
    end)

    it("refuses header injection (CR/LF in a value or a bad name) with nil, err instead of throwing", function()
        local ok, bytes, err = pcall(http.build_request, { method = "POST", host = "h", path = "/",
                                     headers = { ["X-A"] = "v\r\nEvil: 1" }, body = "" })
        assert.is_true(ok)
        assert.is_nil(bytes)
        assert.matches("^tim.net.http.write_request: invalid header", err)
        local _, bytes2, err2 = pcall(http.build_request, { method = "POST", host = "h", path = "/",
                                      headers = { ["Bad Name"] = "v" }, body = "" })
        assert.is_nil(bytes2)
        assert.matches("invalid header", err2)
    end)

    it("raises a named error for caller misuse (no path, no host)", function()
        assert.has_error(function() http.build_request{ host = "h" } end,
                         "bad argument #2 to 'tim.net.http.write_request' ("
                         .. "req.path must be a string starting with '/')")
        assert.has_error(function() http.build_request{ path = "/" } end,
                         "bad argument #2 to 'tim.net.http.write_request' (req.host must be a non-empty string)")
    end)

    it("round-trips through read_request: method, path, raw query, headers and body", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        assert.equal(#http.build_request{ method = "POST", host = "127.0.0.1", port = 80, path = "/v4/x/y?a=1&b=%20",
                                          headers = { ["X-Test"] = "t" }, body = "hello" },
                     http.write_request(c, { method = "POST", host = "127.0.0.1", port = 80,
                                             path = "/v4/x/y?a=1&b=%20", headers = { ["X-Test"] = "t" },
                                             body = "hello" }))
        local req = assert(http.read_request(s))
        assert.equal("POST", req.method)
        assert.equal("/v4/x/y", req.path)
        assert.equal("a=1&b=%20", req.query)
        assert.equal("1.1", req.version)
        assert.equal("t", req.headers["x-test"])
        assert.equal("127.0.0.1", req.headers["host"])
        assert.equal("hello", req.body)
        assert.is_true(req.keepalive)
    end)
end)

describe("tim.net.http response reader", function()
    it("reads a Content-Length body and lower-cases header names", function()
        local resp = assert(response_of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" ..
                                        "Content-Length: 13\r\n\r\n{\"ErrorCode\":0}extra", nil, nil, true))
        assert.equal(200, resp.status)
        assert.equal("OK", resp.reason)
        assert.equal("application/json", resp.headers["content-type"])
        assert.equal("{\"ErrorCode\":", resp.body)   -- exactly 13 bytes
        assert.is_false(resp.keepalive)                -- bytes left over: never reuse that connection
    end)

    it("joins repeated header fields with a comma", function()
        local resp = assert(response_of("HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 0\r\n\r\n"))
        assert.equal("1, 2", resp.headers["x-a"])
    end)

    it("reads a chunked body with chunk extensions and trailers", function()
        local resp = assert(response_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" ..
                                        "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n"))
        assert.equal("hello world", resp.body)
        assert.equal("yes", resp.trailers["x-trailer"])
        assert.is_nil(resp.headers["x-trailer"])
        assert.is_true(resp.keepalive)
    end)

    it("reads a close-delimited body and marks the connection not reusable", function()
        local resp = assert(response_of("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"))
        assert.equal("until the end", resp.body)
        assert.equal("close", resp.framing)
        assert.is_false(resp.keepalive)
    end)

    it("skips interim 100 Continue answers", function()
        local resp = assert(response_of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n" ..
                                        "Content-Length: 2\r\n\r\nok"))
        assert.equal(201, resp.status)
        assert.equal("ok", resp.body)
    end)

    it("reads no body for HEAD, 204 and 304 whatever the headers say", function()
        local head = assert(response_of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", nil, "HEAD", true))
        assert.equal("", head.body)
        local r204 = assert(response_of("HTTP/1.1 204 No Content\r\n\r\n", nil, nil, true))
        assert.equal("", r204.body)
        assert.is_true(r204.keepalive)
    end)

    it("applies the keep-alive rules: 1.1 default on, Connection: close, 1.0 default off, 1.0 keep-alive", function()
        assert.is_true(http.keepalive{ version = "1.1", headers = {} })
        assert.is_false(http.keepalive{ version = "1.1", headers = { connection = "Close" } })
        assert.is_false(http.keepalive{ version = "1.1", headers = { connection = "foo, close" } })
        assert.is_false(http.keepalive{ version = "1.0", headers = {} })
        assert.is_true(http.keepalive{ version = "1.0", headers = { connection = "Keep-Alive" }, framing = "length" })
        assert.is_false(http.keepalive{ version = "1.1", headers = {}, framing = "close" })
        -- HTTP/1.0: only with an explicit keep-alive and a length
        assert.is_true(http.keepalive{ version = "1.0", headers = { connection = "keep-alive" }, framing = "length" })
        assert.is_false(http.keepalive{ version = "1.0", headers = { connection = "keep-alive" },
                                        framing = "chunked" })
        local r10 = assert(response_of("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"))
        assert.is_false(r10.keepalive)
        local r11 = assert(response_of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))
        assert.is_false(r11.keepalive)
    end)

    it("refuses a header block over max_header_bytes with a clear error", function()
        local resp, err, detail = response_of("HTTP/1.1 200 OK\r\nX-Big: " .. string.rep("a", 5000) ..
                                              "\r\nContent-Length: 0\r\n\r\n", { max_header_bytes = 4096 })
        assert.is_nil(resp)
        assert.matches("max_header_bytes", err)
        assert.equal("limit", detail.kind)
    end)

    it("refuses more than max_headers header fields", function()
        local lines = {}
        for i = 1, 20 do lines[i] = "X-" .. i .. ": v\r\n" end
        local resp, err, detail = response_of("HTTP/1.1 200 OK\r\n" .. table.concat(lines) ..
                                              "Content-Length: 0\r\n\r\n", { max_headers = 10 })
        assert.is_nil(resp)
        assert.matches("more than 10 header fields %(max_headers%)", err)
        assert.equal("limit", detail.kind)
    end)

    it("refuses bodies over max_body_bytes, declared or chunked", function()
        local resp, err, detail = response_of("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n",
                                              { max_body_bytes = 1000 })
        assert.is_nil(resp)
        assert.matches("max_body_bytes", err)
        assert.equal("limit", detail.kind)
        resp, err = response_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" ..
                                "200\r\n" .. string.rep("x", 512) .. "\r\n200\r\n" .. string.rep("x", 512) ..
                                "\r\n0\r\n\r\n", { max_body_bytes = 1000 })
        assert.is_nil(resp)
        assert.matches("max_body_bytes", err)
        resp, err = response_of("HTTP/1.1 200 OK\r\n\r\n" .. string.rep("y", 3000), { max_body_bytes = 1000 })
        assert.is_nil(resp)
        assert.matches("max_body_bytes", err)
    end)

    it("reports a truncated chunked body as a network error", function()
        local resp, err, detail = response_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" ..
                                              "10\r\nonly-part")
        assert.is_nil(resp)
        assert.matches("truncated", err)
        assert.equal("network", detail.kind)
        assert.is_true(detail.received)
    end)

    it("reports a Content-Length body cut short", function()
        local resp, err, detail = response_of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        assert.is_nil(resp)
        assert.matches("connection closed after 3 of 10 body bytes", err, 1, true)
        assert.equal("network", detail.kind)
    end)

    it("refuses conflicting Content-Length values and accepts repeated identical ones", function()
        local resp, err = response_of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")
        assert.is_nil(resp)
        assert.matches("conflicting Content%-Length", err)
        resp = assert(response_of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"))
        assert.equal("ab", resp.body)
    end)

    it("says whether any byte of the answer arrived (the resend rule needs it)", function()
        local _, err, detail = response_of("")
        assert.matches("connection closed while reading the response headers", err)
        assert.equal("network", detail.kind)
        assert.is_false(detail.received)
        _, err, detail = response_of("HTTP/1.1 2")
        assert.matches("connection closed while reading the response headers", err)
        assert.is_true(detail.received)
    end)

    it("stops at the deadline when the peer stalls, mid-headers and mid-body", function()
        local _, err, detail = response_of("HTTP/1.1 200 OK\r\nX-A: b\r\n", nil, nil, true, after(0.2))
        assert.equal("timeout", detail.kind)
        assert.matches("timeout", err)
        _, err, detail = response_of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", nil, nil, true,
                                     after(0.2))
        assert.equal("timeout", detail.kind)
        assert.matches("timeout after 3 of 100 body bytes", err, 1, true)
    end)

    it("never throws on malformed input: each gives nil, err, detail", function()
        local bad = {
            "garbage\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/x 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
            "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
            "\0\1\2\3",
        }
        -- and some random bytes after a valid status line
        math.randomseed(20)
        for _ = 1, 30 do
            local t = {}
            for j = 1, math.random(1, 200) do t[j] = string.char(math.random(0, 255)) end
            bad[#bad + 1] = "HTTP/1.1 200 OK\r\n" .. table.concat(t)
        end
        for _, input in ipairs(bad) do
            local ok, resp, err, detail = pcall(response_of, input, { max_body_bytes = 100000 })
            assert.is_true(ok, resp)
            if resp ~= nil then
                -- random bytes may by chance form a close-delimited body: that is a valid response
                assert.is_number(resp.status)
            else
                assert.is_string(err)
                assert.matches("^tim%.net%.http%.read_response: ", err)
                assert.is_table(detail)
            end
        end
    end)
end)

describe("tim.net.http server half", function()
    it("gives the body a deadline of its own: body_timeout seconds from the end of the head", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        assert(c:send("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n"))
        local started = socket.gettime()
        local req, err, detail = http.read_request(s, after(5), nil, 0.2)
        local took = socket.gettime() - started
        assert.is_nil(req)
        assert.equal("timeout", detail.kind, err)
        assert.equal(408, detail.status)
        assert.is_true(took > 0.15 and took < 1, "took " .. took)
        assert.has_error(function() http.read_request(s, after(1), nil, "10") end)
    end)

    it("reads a chunked request body with trailers", function()
        local req = assert(request_of("POST /v4/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" ..
                                      "3\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n"))
        assert.equal("abcde", req.body)
        assert.equal("1", req.trailers["x-t"])
        assert.is_nil(req.query)
    end)

    it("answers Expect: 100-continue before reading the body, and skips it when the body is already there", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        assert(c:send("POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"))
        -- a client that waits for the interim answer: it sends the body only once the 100 has arrived
        local interim
        stream.init_blocking()
        local st = stream.new(s, {
            now = socket.gettime, read = stream.blocking.read, write = stream.blocking.write,
            read_exact = function(sock, n, deadline)
                interim = c:receive("*l")
                c:receive("*l")
                c:send("data")
                return stream.blocking.read_exact(sock, n, deadline)
            end,
        })
        local req = assert(http.read_request(st))
        assert.equal("data", req.body)
        assert.equal("HTTP/1.1 100 Continue", interim)
        -- the body came with the head: no 100 (RFC 9110 10.1.1 allows leaving it out)
        local c2, s2 = pair()
        finally(function() c2:close(); s2:close() end)
        assert(c2:send("POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata"))
        socket.sleep(0.02)
        assert.equal("data", assert(http.read_request(s2)).body)
        c2:settimeout(0.05)
        assert.is_nil((c2:receive("*l")))
    end)

    it("reads pipelined requests one after another on one connection", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        assert(c:send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b?q HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nZ"))
        local a = assert(http.read_request(s))
        local b = assert(http.read_request(s))
        assert.equal("/a", a.path)
        assert.equal("", a.body)
        assert.equal("/b", b.path)
        assert.equal("q", b.query)
        assert.equal("Z", b.body)
    end)

    it("reports an idle connection closed by the client as kind 'network', not received", function()
        local req, err, detail = request_of("")
        assert.is_nil(req)
        assert.matches("before a request", err)
        assert.equal("network", detail.kind)
        assert.is_false(detail.received)
    end)

    it("suggests the status to answer for bad requests (400, 413, 431, 501)", function()
        local _, _, d = request_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        assert.equal(400, d.status)
        _, _, d = request_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")
        assert.equal(501, d.status)
        _, _, d = request_of("POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", { max_body_bytes = 100 })
        assert.equal(413, d.status)
        _, _, d = request_of("GET / HTTP/1.1\r\nX: " .. string.rep("a", 300) .. "\r\n\r\n",
                             { max_header_bytes = 200 })
        assert.equal(431, d.status)
        _, _, d = request_of("NOT A REQUEST\r\n\r\n")
        assert.equal(400, d.status)
    end)

    it("writes a response with a computed Content-Length that read_response reads back", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        assert(http.write_response(s, 200, { ["Content-Type"] = "application/json", ["Content-Length"] = "1" },
                                   "{\"ErrorCode\":0}"))
        local resp = assert(http.read_response(c))
        assert.equal(200, resp.status)
        assert.equal("OK", resp.reason)
        assert.equal("{\"ErrorCode\":0}", resp.body)
        assert.equal("15", resp.headers["content-length"])
    end)

    it("writes no Content-Length for 204 and honours a Connection: close it is given", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        assert(http.write_response(s, 204, { Connection = "close" }))
        local resp = assert(http.read_response(c))
        assert.equal(204, resp.status)
        assert.is_nil(resp.headers["content-length"])
        assert.is_false(resp.keepalive)
    end)

    it("refuses a response header with CR/LF (nil, err, no throw)", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        local n, err = http.write_response(s, 200, { ["X-A"] = "a\nb" }, "")
        assert.is_nil(n)
        assert.matches("^tim.net.http.write_response: invalid header", err)
    end)

    it("stops reading a slow request at the deadline with 408", function()
        local _, err, d = request_of("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nab", nil, true, after(0.2))
        assert.equal("timeout", d.kind)
        assert.equal(408, d.status)
        assert.matches("timeout", err)
    end)
end)

describe("tim.net.http strict framing (RFC 9112)", function()
    local function refused(bytes, pattern)
        local resp, err, detail = response_of(bytes)
        assert.is_nil(resp, "expected a refusal of " .. bytes:sub(1, 60))
        assert.equal("protocol", detail.kind)
        if pattern then
            assert.matches(pattern, err)
        end
    end

    it("understands chunked only as the sole transfer coding: anything else is an error", function()
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: notchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "unsupported Transfer%-Encoding")
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "only chunked is understood")
        refused("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        local ok = assert(response_of("HTTP/1.1 200 OK\r\nTransfer-Encoding:  Chunked \r\n\r\n2\r\n{}\r\n0\r\n\r\n"))
        assert.equal("{}", ok.body)
    end)

    it("refuses Content-Length together with Transfer-Encoding", function()
        refused("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "both Transfer%-Encoding and Content%-Length")
    end)

    it("refuses 101 Switching Protocols and keeps skipping 100 (bounded)", function()
        refused("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", "unexpected 101")
        local resp = assert(response_of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
                                        .. "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
        assert.equal(200, resp.status)
        refused(string.rep("HTTP/1.1 100 Continue\r\n\r\n", 20) .. "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                "interim")
    end)

    it("refuses statuses outside 100..599 and versions other than 1.0 and 1.1", function()
        refused("HTTP/1.1 099 Odd\r\n\r\n")
        refused("HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n")
        refused("HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", "unsupported HTTP version")
    end)

    it("never reuses a connection after HTTP/1.0 chunked, and reuses 1.0 only with keep-alive and a length", function()
        local r = assert(response_of("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     .. "2\r\n{}\r\n0\r\n\r\n", nil, nil, true))
        assert.equal("{}", r.body)
        assert.is_false(r.keepalive)
        r = assert(response_of("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}",
                               nil, nil, true))
        assert.is_true(r.keepalive)
        r = assert(response_of("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", nil, nil, true))
        assert.is_false(r.keepalive)
    end)

    it("reads Keep-Alive: timeout=N so the pool can give a connection back before the server drops it", function()
        local r = assert(response_of("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 0\r\n\r\n",
                                     nil, nil, true))
        assert.equal(5, r.keepalive_timeout)
    end)

    it("refuses control characters and bare CR in a header block", function()
        refused("HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 0\r\n\r\n", "control character")
        refused("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n", "control character")
        refused("HTTP/1.1 200 OK\r\nX-A: a\27b\r\nContent-Length: 0\r\n\r\n", "control character")
    end)

    it("accepts bare LF line ends (RFC 9112 2.2) in responses and requests", function()
        local r = assert(response_of("HTTP/1.1 200 OK\nContent-Length: 2\n\nok"))
        assert.equal("ok", r.body)
        local q = assert(request_of("GET /x HTTP/1.1\nHost: h\n\n"))
        assert.equal("/x", q.path)
    end)
end)

describe("tim.net.http reading a header block split anywhere", function()
    -- A driver that hands out `bytes` in the pieces given by `cuts` (lengths), then reports the end.
    local function scripted(bytes, cuts)
        local pos, i = 1, 0
        local function take(max)
            if pos > #bytes then
                return nil, "closed"
            end
            i = i + 1
            local n = math.min(cuts[i] or #bytes, max, #bytes - pos + 1)
            local piece = bytes:sub(pos, pos + n - 1)
            pos = pos + n
            return piece
        end
        return {
            now = socket.gettime,
            read = function(_, max) return take(max) end,
            read_exact = function(_, n)
                local parts = {}
                while n > 0 do
                    local p, err = take(n)
                    if not p then return nil, err, table.concat(parts) end
                    parts[#parts + 1] = p
                    n = n - #p
                end
                return table.concat(parts)
            end,
            write = function() return true end,
        }
    end

    local RESPONSE = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" ..
                     "X-Bare: lf\nContent-Length: 2\r\nKeep-Alive: timeout=7\r\n\r\n{}"
    local REQUEST = "POST /v4/a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Bare: lf\nContent-Length: 2\r\n\r\n{}"

    local function check_response(resp, how)
        assert(resp, how)
        assert.equal(200, resp.status, how)
        assert.equal("application/json", resp.headers["content-type"], how)
        assert.equal("lf", resp.headers["x-bare"], how)
        assert.equal("{}", resp.body, how)
        assert.equal(7, resp.keepalive_timeout, how)
    end

    it("gives the same answer for every two-piece split of a response, and one byte at a time", function()
        for cut = 1, #RESPONSE - 1 do
            local st = stream.new("sock", scripted(RESPONSE, { cut, #RESPONSE }))
            check_response(http.read_response(st, socket.gettime() + 5), "split after byte " .. cut)
        end
        local ones = {}
        for k = 1, #RESPONSE do ones[k] = 1 end
        check_response(http.read_response(stream.new("sock", scripted(RESPONSE, ones)), socket.gettime() + 5),
                       "one byte per read")
    end)

    it("gives the same request for every two-piece split, and one byte at a time", function()
        local function check(req, how)
            assert(req, how)
            assert.equal("POST", req.method, how)
            assert.equal("/v4/a/b", req.path, how)
            assert.equal("x=1", req.query, how)
            assert.equal("lf", req.headers["x-bare"], how)
            assert.equal("{}", req.body, how)
        end
        for cut = 1, #REQUEST - 1 do
            check(http.read_request(stream.new("sock", scripted(REQUEST, { cut, #REQUEST })), socket.gettime() + 5),
                  "split after byte " .. cut)
        end
        local ones = {}
        for k = 1, #REQUEST do ones[k] = 1 end
        check(http.read_request(stream.new("sock", scripted(REQUEST, ones)), socket.gettime() + 5),
              "one byte per read")
    end)

    it("refuses a bare CR wherever the reads split, and waits for the LF of a CR that ends a read", function()
        local bad = "HTTP/1.1 200 OK\r\nA: b\rc\r\nContent-Length: 0\r\n\r\n"
        for cut = 1, #bad - 1 do
            local resp, err, detail = http.read_response(stream.new("sock", scripted(bad, { cut, #bad })),
                                                         socket.gettime() + 5)
            assert.is_nil(resp)
            assert.equal("protocol", detail.kind, "split after byte " .. cut)
            assert.matches("control character", err)
        end
    end)
end)

describe("tim.net.http bounded reads", function()
    it("keeps a body that came in many small pieces as a few strings (tim.stream.pieces), in order", function()
        local p = stream.pieces()
        local want = {}
        for i = 1, 20000 do
            local piece = string.char(97 + i % 26)
            p:add(piece)
            want[i] = piece
        end
        p:add(string.rep("B", 10000))         -- a big piece goes through as it is
        want[#want + 1] = string.rep("B", 10000)
        p:add("end")
        want[#want + 1] = "end"
        assert.equal(30003, p.bytes)
        assert.is_true(p.n <= 4 and p.k < 8192, ("%d strings, %d pending"):format(p.n, p.k))
        assert.equal(table.concat(want), p:join())
        assert.equal("", stream.pieces():join())
    end)

    -- A peer that sends `prefix`, then `unit` repeated without end (as fast as the reader takes it).
    local function endless(prefix, unit, fn, limits, seconds)
        local c, s = pair()
        s:settimeout(0)
        local block = string.rep(unit, math.floor(65536 / #unit))
        local co = coroutine.wrap(function()
            s:send(prefix)
            while true do
                local _, err = s:send(block)
                if err == "closed" then return end
                coroutine.yield()
            end
        end)
        -- a driver that lets the writer run between reads: one process plays both ends
        local driver = {
            now = socket.gettime,
            read = function(sock, max, deadline)
                co()
                return stream.blocking.read(sock, max, deadline)
            end,
            read_exact = function(sock, n, deadline)
                co()
                return stream.blocking.read_exact(sock, n, deadline)
            end,
            write = stream.blocking.write,
        }
        stream.init_blocking()
        local st = stream.new(c, driver)
        local before = collectgarbage("count")
        local r = table.pack(fn(st, socket.gettime() + (seconds or 5), limits))
        local grew = collectgarbage("count") - before
        local buffered = st:buffered()
        c:close()
        s:close()
        return r, grew, buffered
    end

    it("stops a status line that never ends at max_header_bytes, buffering no more than that", function()
        local r, _, buffered = endless("HTTP/1.1 200 ", "x", http.read_response, { max_header_bytes = 8192 })
        assert.is_nil(r[1])
        assert.equal("limit", r[3].kind)
        assert.is_true(buffered <= 8192 + stream.READ_BLOCK, "buffered " .. buffered)
    end)

    it("stops a header line that never ends at max_header_bytes", function()
        local r, _, buffered = endless("HTTP/1.1 200 OK\r\nX-Long: ", "y", http.read_response,
                                       { max_header_bytes = 8192 })
        assert.is_nil(r[1])
        assert.equal("limit", r[3].kind)
        assert.is_true(buffered <= 8192 + stream.READ_BLOCK, "buffered " .. buffered)
    end)

    it("stops a chunk-size line that never ends at 1 KiB", function()
        local r = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1", "0", http.read_response)
        assert.is_nil(r[1])
        assert.equal("protocol", r[3].kind)
        assert.matches("chunk size line too long", r[2])
    end)

    it("stops an endless request line at max_line_bytes with 414, and endless headers with 431", function()
        local r = endless("GET /", "a", http.read_request, { max_line_bytes = 4096 })
        assert.is_nil(r[1])
        assert.equal(414, r[3].status)
        r = endless("GET / HTTP/1.1\r\nX: ", "b", http.read_request, { max_header_bytes = 8192 })
        assert.is_nil(r[1])
        assert.equal(431, r[3].status)
    end)

    it("holds the deadline against a peer dripping one byte at a time (a deadline, not a per-read timeout)", function()
        local c, s = pair()
        finally(function() c:close(); s:close() end)
        s:settimeout(0)
        local line = "HTTP/1.1 200 OK\r\nX-Drip: "
        local i = 0
        local driver = {
            now = socket.gettime,
            read = function(sock, max, deadline)
                i = i + 1
                s:send(line:sub((i - 1) % #line + 1, (i - 1) % #line + 1))
                return stream.blocking.read(sock, max, deadline)
            end,
        }
        stream.init_blocking()
        local st = stream.new(c, driver)
        local started = socket.gettime()
        local resp, _, detail = http.read_response(st, started + 0.3)
        local elapsed = socket.gettime() - started
        -- a peer that answers every read with one byte keeps a per-read timeout alive for ever; a deadline
        -- ends the exchange: here by the header limit or by the deadline, whichever comes first
        assert.is_nil(resp)
        assert.is_true(detail.kind == "timeout" or detail.kind == "limit", detail.kind)
        assert.is_true(elapsed < 0.3 + 1, "took " .. elapsed)
    end)
end)

describe("tim.net.http writing", function()
    it("hands the pieces of a request to the driver when asked (no joined string)", function()
        local got
        local st = stream.new({}, { now = socket.gettime, write = function(_, data) got = data; return true end })
        local n = assert(http.write_request(st, { method = "POST", host = "h", target = { "/v4/a/b?", "q=1" },
                                                  body = "{}" }, socket.gettime() + 1, { pieces = true }))
        assert.equal("table", type(got))
        local joined = table.concat(got)
        assert.equal(n, #joined)
        assert.matches("^POST /v4/a/b%?q=1 HTTP/1%.1\r\n", joined)
    end)

    it("formats fixed headers once (http.headers) and refuses a bad one there", function()
        local block = assert(http.headers{ ["Content-Type"] = "application/json", ["User-Agent"] = "x/1" })
        local bytes = http.build_request{ method = "POST", host = "h", path = "/", headers = block, body = "{}" }
        assert.matches("\r\nContent%-Type: application/json\r\n", bytes)
        assert.matches("\r\nUser%-Agent: x/1\r\n", bytes)
        assert.not_matches("lua%-tim", bytes)
        local bad, err = http.headers{ ["X-A"] = "a\r\nInjected: 1" }
        assert.is_nil(bad)
        assert.matches("invalid header", err)
    end)

    it("builds the same bytes from a prepared block as from a plain table, for every request shape", function()
        local plain = { ["Content-Type"] = "application/json", ["X-A"] = "1" }
        local block = assert(http.headers(plain))
        local shapes = {
            { method = "POST", host = "h", port = 8080, path = "/v4/a/b?x=1", body = "{}" },
            { method = "POST", host = "h", body = "{\"A\":1}",
              target = { "/v4/a/b?", "sdkappid=1&usersig=" .. ("s"):rep(40) .. "&r=", "9" } },
            { method = "POST", host = "h", target = { "/v4/", "a/b" }, body = "" },
            { method = "GET", host = "h", scheme = "https", port = 443, path = "/x" },
            { method = "PUT", host = "h", path = "/x" },
        }
        for i, req in ipairs(shapes) do
            local a, b = {}, {}
            for k, v in pairs(req) do a[k], b[k] = v, v end
            a.headers, b.headers = plain, block
            local from_plain = assert(http.build_request(a))
            assert.equal(from_plain, assert(http.build_request(b)), "shape " .. i)
            assert.equal(from_plain, assert(http.build_request(b)), "shape " .. i .. ", again (the kept tail)")
        end
        assert.matches("^PUT /x HTTP/1%.1\r\n.*Content%-Length: 0\r\n\r\n$", http.build_request{
            method = "PUT", host = "h", path = "/x", headers = block })
        assert.matches("\r\n\r\n$", http.build_request{ method = "GET", host = "h", path = "/x", headers = block })
        assert.not_matches("Content%-Length", http.build_request{ method = "GET", host = "h", path = "/x" })
    end)

    it("sends a changed http.USER_AGENT at once, also with a prepared block", function()
        local block = assert(http.headers{ ["Content-Type"] = "application/json" })
        local req = { method = "POST", host = "h", path = "/", headers = block, body = "{}" }
        local before = http.USER_AGENT
        assert.matches("\r\nUser%-Agent: lua%-tim/", http.build_request(req))
        http.USER_AGENT = "app/2 " .. before
        finally(function() http.USER_AGENT = before end)
        assert.matches("\r\nUser%-Agent: app/2 lua%-tim/", http.build_request(req))
    end)

    it("refuses a target piece with whitespace or a control character, whatever the shape", function()
        for _, target in ipairs{ { "/v4/a?", "x=1 2", "3" }, { "/v4/a?", "x=1\n" }, { "/v4/a b" } } do
            local bytes, err, detail = http.build_request{ method = "POST", host = "h", target = target, body = "" }
            assert.is_nil(bytes)
            assert.matches("request target contains whitespace", err)
            assert.equal("protocol", detail.kind)
        end
    end)

    it("says how many bytes left before a failed write", function()
        local c, s = pair()
        s:close()
        finally(function() c:close() end)
        socket.sleep(0.05)
        c:send("x")          -- provoke the reset
        socket.sleep(0.05)
        local n, err, detail = http.write_request(c, { method = "POST", host = "h", path = "/",
                                                       body = string.rep("z", 4 * 1024 * 1024) })
        assert.is_nil(n)
        assert.is_string(err)
        assert.is_number(detail.written)
        assert.is_true(detail.written < detail.total)
    end)
end)

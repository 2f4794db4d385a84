-- tim.net.transport.socket against a real nginx on loopback: requests, keep-alive, the pool, the resend rule.
local nginx = require "support.nginx"
local transport = require "tim.net.transport.socket"
local socket = require "socket"

local CANNED = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}'

local SERVER = [[
        location /v4/ {
            default_type application/json;
            return 200 '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';
        }
        location = /close {
            add_header Connection close;
            keepalive_timeout 0;
            default_type application/json;
            return 200 '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';
        }
        location = /echo {
            content_by_lua_block {
                ngx.req.read_body()
                local h = ngx.req.get_headers()
                ngx.header["Content-Type"] = "text/plain"
                ngx.print(ngx.var.request_method, " ", ngx.var.request_uri, " ", h["user-agent"], " ",
                          h["content-length"], " ", h["connection"], " ", ngx.req.get_body_data() or "")
            }
        }
        location = /chunked {
            content_by_lua_block {
                ngx.header["Content-Type"] = "application/json"
                ngx.print('{"ActionStatus":')
                ngx.flush(true)
                ngx.print('"OK","ErrorCode":0}')
            }
        }
]]

local function req(port, path, extra)
    local r = { method = "POST", scheme = "http", host = "127.0.0.1", port = port, path = path or "/v4/openim/x",
                headers = { ["Content-Type"] = "application/json" }, body = "{}", timeout = 3 }
    for k, v in pairs(extra or {}) do r[k] = v end
    return r
end

describe("tim.net.transport.socket over plain HTTP", function()
    local srv, short

    setup(function()
        srv = assert(nginx.start{ server = SERVER })
        -- a server that drops idle keep-alive connections after 1 s
        short = assert(nginx.start{ http = "keepalive_timeout 1s;", server = SERVER })
    end)

    teardown(function()
        if srv then srv:stop() end
        if short then short:stop() end
    end)

    it("returns status, lower-cased headers and the body of a canned IM reply", function()
        local t = transport.new()
        finally(function() t:close() end)
        local resp, err = t:request(req(srv.port))
        assert.is_nil(err)
        assert.equal(200, resp.status)
        assert.equal("application/json", resp.headers["content-type"])
        assert.equal(CANNED, resp.body)
    end)

    it("sends the method, the path with its query, the body, Content-Length, keep-alive and the User-Agent", function()
        local t = transport.new()
        finally(function() t:close() end)
        local resp = assert(t:request(req(srv.port, "/echo?a=1&b=2", { body = "hello" })))
        assert.equal("POST /echo?a=1&b=2 lua-tim/" .. require("tim.net.http")._VERSION .. " 5 keep-alive hello",
                     resp.body)
    end)

    it("reads a chunked reply", function()
        local t = transport.new()
        finally(function() t:close() end)
        local resp = assert(t:request(req(srv.port, "/chunked")))
        assert.equal('{"ActionStatus":"OK","ErrorCode":0}', resp.body)
        assert.equal("chunked", resp.headers["transfer-encoding"])
    end)

    it("makes 50 sequential calls over one connection (counted by nginx's $connection)", function()
        local t = transport.new()
        finally(function() t:close() end)
        for _ = 1, 50 do
            assert(t:request(req(srv.port, "/v4/keepalive/one")))
        end
        assert.equal(50, #srv:wait_log("^/v4/keepalive/one$", 50))
        assert.equal(1, srv:connections("^/v4/keepalive/one$"))
        assert.equal(1, t:idle())
    end)

    it("does not keep a connection the server marked Connection: close", function()
        local t = transport.new()
        finally(function() t:close() end)
        for _ = 1, 3 do
            assert(t:request(req(srv.port, "/close")))
        end
        assert.equal(0, t:idle())
        srv:wait_log("^/close$", 3)
        assert.equal(3, srv:connections("^/close$"))
    end)

    it("handles a server that closes idle connections (keepalive_timeout 1s) without a failed call", function()
        local t = transport.new()
        finally(function() t:close() end)
        for i = 1, 3 do
            local resp, err = t:request(req(short.port, "/v4/idle/" .. i))
            assert.is_nil(err)
            assert.equal(200, resp.status)
            socket.sleep(1.3)     -- longer than the server's keepalive_timeout
        end
        short:wait_log("^/v4/idle/", 3)
        assert.equal(3, short:connections("^/v4/idle/"))
    end)

    it("closes pooled connections idle longer than idle_timeout instead of reusing them", function()
        local t = transport.new{ idle_timeout = 0.2 }
        finally(function() t:close() end)
        assert(t:request(req(srv.port, "/v4/expiry/a")))
        assert(t:request(req(srv.port, "/v4/expiry/a")))
        socket.sleep(0.3)
        assert(t:request(req(srv.port, "/v4/expiry/a")))
        srv:wait_log("^/v4/expiry/a$", 3)
        assert.equal(2, srv:connections("^/v4/expiry/a$"))
    end)

    it("keeps at most pool_size idle connections per key", function()
        local t = transport.new{ pool_size = 2 }
        finally(function() t:close() end)
        -- five connections at once: the pool hands out one per checkout, so open them by hand
        local socks = {}
        local key = transport.pool_key(req(srv.port))
        for i = 1, 5 do
            socks[i] = assert(socket.connect("127.0.0.1", srv.port))
        end
        for i = 1, 5 do
            t:checkin(key, { sock = socks[i], stream = require("tim.net.stream").new(socks[i], t.driver), uses = 1 })
        end
        assert.equal(2, t:idle())
    end)

    it("uses pool_size = 0 to turn keep-alive off", function()
        local t = transport.new{ pool_size = 0 }
        for _ = 1, 3 do
            assert(t:request(req(srv.port, "/v4/nopool/x")))
        end
        assert.equal(0, t:idle())
        srv:wait_log("^/v4/nopool/x$", 3)
        assert.equal(3, srv:connections("^/v4/nopool/x$"))
    end)

    it("keys the pool by scheme, host, port and every TLS setting", function()
        local base = { scheme = "https", host = "h", port = 443 }
        local keys = {
            transport.pool_key(base),
            transport.pool_key{ scheme = "http", host = "h", port = 443 },
            transport.pool_key{ scheme = "https", host = "h", port = 8443 },
            transport.pool_key{ scheme = "https", host = "h2", port = 443 },
            transport.pool_key{ scheme = "https", host = "h", port = 443, tls = { cafile = "/other.pem" } },
            transport.pool_key{ scheme = "https", host = "h", port = 443, tls = { server_name = "x" } },
            transport.pool_key{ scheme = "https", host = "h", port = 443, tls = { insecure_skip_verify = true } },
            transport.pool_key{ scheme = "https", host = "h", port = 443, tls = { cafile = "" } },
            transport.pool_key{ scheme = "https", host = "h", port = 443,
                                tls = { insecure_skip_verify = true, server_name = "x" } },
        }
        local seen = {}
        for _, k in ipairs(keys) do
            assert.is_nil(seen[k], k)
            seen[k] = true
        end
        assert.equal(transport.pool_key(base), transport.pool_key{ scheme = "https", host = "h" })
        -- keys are remembered once made: asked again, in another order, each request still gets its own
        assert.equal(keys[8], transport.pool_key{ scheme = "https", host = "h", port = 443, tls = { cafile = "" } })
        assert.equal(keys[7], transport.pool_key{ scheme = "https", host = "h", port = 443,
                                                  tls = { insecure_skip_verify = true } })
        assert.not_equal(keys[7], keys[8])
        assert.matches("|insecure|", keys[7], 1, true)
        assert.matches("|peer||", keys[8], 1, true)
    end)

    it("refuses tls.verify = false and names insecure_skip_verify", function()
        local t = transport.new()
        local resp, err = t:request(req(srv.port, "/v4/x", { scheme = "https", tls = { verify = false } }))
        assert.is_nil(resp)
        assert.equal("tls", err.kind)
        assert.is_false(err.sent)
        assert.matches("insecure_skip_verify", err.message)
    end)

    it("raises a named error at the caller's line for options of the wrong type (caller misuse)", function()
        local ok, err = pcall(transport.new, 5)
        assert.is_false(ok)
        assert.equal("bad argument #1 to 'tim.net.transport.socket.new' (opts must be a table)", err)
        local line = debug.getinfo(1, "l").currentline + 1
        ok, err = pcall(function() local t = transport.new{ pool_size = -1 }; return t end)   -- not a tail call
        assert.is_false(ok)
        assert.equal("21-transport_socket_spec.lua:" .. line
                     .. ": bad argument #1 to 'tim.net.transport.socket.new' (opts.pool_size must be a non-negative "
                     .. "number)",
                     err:match("[^/]*$"))
        assert.has_error(function() transport.new{ max_per_host = "2" } end,
                         "bad argument #1 to 'tim.net.transport.socket.new' (opts.max_per_host must be "
                             .. "a non-negative number)")
    end)

    it("raises a named error for a request without a host or a path (caller misuse)", function()
        local t = transport.new()
        assert.has_error(function() t:request{ path = "/" } end,
                         "bad argument #1 to 'tim.net.transport.socket.request' (req.host must be a non-empty string)")
        assert.has_error(function() t:request{ host = "127.0.0.1" } end,
                         "bad argument #1 to 'tim.net.transport.socket.request' (req.path must be a "
                             .. "string starting with '/')")
    end)

    it("never puts the query string (it carries the UserSig) in an error message", function()
        local t = transport.new()
        local port = nginx.free_port()
        local _, err = t:request(req(port, "/v4/openim/sendmsg?usersig=SECRET-SIG&identifier=admin"))
        assert.equal("network", err.kind)
        assert.not_matches("SECRET", err.message)
        assert.not_matches("SECRET", tostring(err))
    end)
end)

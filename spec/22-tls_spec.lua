-- Verified TLS on both transports: chain and hostname, against a real nginx with a throwaway CA.
local nginx = require "support.nginx"
local certs = require "support.certs"
local transport = require "tim.net.transport.socket"

local REPLY = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]]

local function tls_server(port, cert, key)
    return ([[
    server {
        listen 127.0.0.1:%d ssl;
        ssl_certificate %s;
        ssl_certificate_key %s;
        location / { default_type application/json; return 200 '%s'; }
    }
]]):format(port, cert, key, REPLY)
end

describe("verified TLS", function()
    local dir, c, srv
    local ports = {}

    setup(function()
        dir = certs.tmpdir("lua-tim-tls")
        c = certs.make(dir)
        local extra = { "lua_ssl_trusted_certificate " .. c.ca .. ";", "lua_ssl_verify_depth 3;" }
        for _, which in ipairs{ "wrong_host_cert", "expired_cert", "untrusted_cert", "wildcard_cert", "cn_only_cert",
                                "partial_wildcard_cert" } do
            ports[which] = nginx.free_port()
            extra[#extra + 1] = tls_server(ports[which], c[which], c.key)
        end
        srv = assert(nginx.start{
            ssl = { cert = c.cert, key = c.key },
            http = table.concat(extra, "\n"),
            server = nginx.CALL_LOCATION .. [[
        location /v4/ { default_type application/json; return 200 ']] .. REPLY .. [['; }
]],
        })
        ports.cert = srv.ssl_port
    end)

    teardown(function()
        if srv then srv:stop() end
        certs.rmdir(dir)
    end)

    local function sreq(which, host, tls, path)
        return { method = "POST", scheme = "https", host = host or "localhost", port = ports[which],
                 path = path or "/v4/tls/x", headers = { ["Content-Type"] = "application/json" }, body = "{}",
                 timeout = 3, tls = tls }
    end

    describe("tim.net.transport.socket", function()
        it("succeeds with the right CA for a DNS name (localhost)", function()
            local t = transport.new()
            finally(function() t:close() end)
            local resp, err = t:request(sreq("cert", "localhost", { cafile = c.ca }))
            assert.is_nil(err)
            assert.equal(200, resp.status)
            assert.equal(REPLY, resp.body)
        end)

        it("succeeds for an IP address named in the certificate's subjectAltName", function()
            local t = transport.new()
            finally(function() t:close() end)
            assert(t:request(sreq("cert", "127.0.0.1", { cafile = c.ca })))
        end)

        it("checks tls.server_name (and sends it as SNI) when connecting to an address", function()
            local t = transport.new()
            finally(function() t:close() end)
            assert(t:request(sreq("cert", "127.0.0.1", { cafile = c.ca, server_name = "localhost" })))
            assert(t:request(sreq("wildcard_cert", "127.0.0.1", { cafile = c.ca, server_name = "api.lua-tim.test" })))
        end)

        it("refuses a wildcard beyond its one label", function()
            local t = transport.new()
            for _, name in ipairs{ "a.b.lua-tim.test", "lua-tim.test" } do
                local resp, err = t:request(sreq("wildcard_cert", "127.0.0.1", { cafile = c.ca, server_name = name }))
                assert.is_nil(resp)
                assert.equal("tls", err.kind)
                assert.matches("hostname mismatch", err.message)
            end
        end)

        it("fails clearly for a certificate from an untrusted CA", function()
            local t = transport.new()
            local resp, err = t:request(sreq("untrusted_cert", "localhost", { cafile = c.ca }))
            assert.is_nil(resp)
            assert.equal("tls", err.kind)
            assert.is_false(err.sent)
            assert.matches("certificate of localhost rejected: unable to get local issuer certificate", err.message,
                           1, true)
        end)

        it("fails clearly for a certificate issued to another hostname", function()
            local t = transport.new()
            local resp, err = t:request(sreq("wrong_host_cert", "localhost", { cafile = c.ca }))
            assert.is_nil(resp)
            assert.equal("tls", err.kind)
            assert.is_false(err.sent)
            assert.matches("hostname mismatch", err.message)
            -- and by IP address too (checked against iPAddress SANs, not by DANE)
            resp, err = t:request(sreq("wrong_host_cert", "127.0.0.1", { cafile = c.ca }))
            assert.is_nil(resp)
            assert.matches("hostname mismatch: certificate has no subjectAltName IP address 127.0.0.1", err.message,
                           1, true)
        end)

        it("fails clearly for an expired certificate", function()
            local t = transport.new()
            local resp, err = t:request(sreq("expired_cert", "localhost", { cafile = c.ca }))
            assert.is_nil(resp)
            assert.equal("tls", err.kind)
            assert.matches("certificate has expired", err.message)
        end)

        it("verifies against the system CA bundle by default (our throwaway CA is not in it)", function()
            local t = transport.new()
            local resp, err = t:request(sreq("cert", "localhost"))
            assert.is_nil(resp)
            assert.equal("tls", err.kind)
            assert.matches("unable to get local issuer certificate", err.message)
        end)

        it("uses the transport's cafile option as the default CA", function()
            local t = transport.new{ cafile = c.ca }
            finally(function() t:close() end)
            assert(t:request(sreq("cert", "localhost")))
        end)

        it("reports a missing cafile as a tls error", function()
            local t = transport.new()
            local resp, err = t:request(sreq("cert", "localhost", { cafile = dir .. "/nope.pem" }))
            assert.is_nil(resp)
            assert.equal("tls", err.kind)
            assert.matches("cannot set up TLS", err.message)
        end)

        it("skips verification only with tls.insecure_skip_verify = true", function()
            local t = transport.new()
            finally(function() t:close() end)
            assert(t:request(sreq("untrusted_cert", "localhost", { insecure_skip_verify = true })))
            assert(t:request(sreq("expired_cert", "localhost", { insecure_skip_verify = true })))
            local resp, err = t:request(sreq("expired_cert", "localhost", { verify = false }))
            assert.is_nil(resp)
            assert.matches("insecure_skip_verify", err.message)
        end)

        it("keeps one TLS connection alive for 20 calls", function()
            local t = transport.new()
            finally(function() t:close() end)
            for _ = 1, 20 do
                assert(t:request(sreq("cert", "localhost", { cafile = c.ca }, "/v4/tls/keepalive")))
            end
            srv:wait_log("^/v4/tls/keepalive$", 20)
            assert.equal(1, srv:connections("^/v4/tls/keepalive$"))
        end)

        it("never hands a verified connection to an unverified request, or the reverse", function()
            local t = transport.new()
            finally(function() t:close() end)
            assert(t:request(sreq("cert", "localhost", { cafile = c.ca }, "/v4/tls/pools")))
            assert(t:request(sreq("cert", "localhost", { insecure_skip_verify = true }, "/v4/tls/pools")))
            assert(t:request(sreq("cert", "localhost", { cafile = c.ca }, "/v4/tls/pools")))
            assert(t:request(sreq("cert", "localhost", { insecure_skip_verify = true }, "/v4/tls/pools")))
            srv:wait_log("^/v4/tls/pools$", 4)
            assert.equal(2, srv:connections("^/v4/tls/pools$"))
            assert.equal(2, t:idle())
        end)
    end)

    describe("tim.net.transport.socket.check_host", function()
        local x509 = require "ssl.x509"
        local function load(path)
            local f = assert(io.open(path))
            local pem = f:read("*a")
            f:close()
            return assert(x509.load(pem))
        end

        it("matches DNS and IP subjectAltNames, and wildcards only for one left-most label", function()
            local server, wild = load(c.cert), load(c.wildcard_cert)
            assert.is_true(transport.check_host(server, "localhost"))
            assert.is_true(transport.check_host(server, "LOCALHOST"))
            assert.is_true(transport.check_host(server, "127.0.0.1"))
            assert.is_nil(transport.check_host(server, "127.0.0.2"))
            assert.is_nil(transport.check_host(server, "localhost.evil"))
            assert.is_true(transport.check_host(wild, "x.lua-tim.test"))
            assert.is_nil(transport.check_host(wild, "lua-tim.test"))
            assert.is_nil(transport.check_host(wild, "a.b.lua-tim.test"))
            assert.is_nil(transport.check_host(wild, ".lua-tim.test"))
        end)
    end)

    describe("tim.net.transport.ngx (inside nginx)", function()
        local function call(which, args)
            args.port = ports[which]
            args.scheme = "https"
            args.host = args.host or "127.0.0.1"
            args.path = args.path or "/v4/tls/ngx"
            return assert(srv:call(args))
        end

        it("succeeds with lua_ssl_trusted_certificate and the right server name, 20 calls on one connection",
           function()
            local out = call("cert", { server_name = "localhost", n = 20, path = "/v4/tls/ngx_keepalive" })
            assert.is_true(out.ok, out.message)
            assert.equal(200, out.status)
            assert.equal(20, out.calls)
            assert.equal(REPLY, out.body)
            srv:wait_log("^/v4/tls/ngx_keepalive$", 20)
            assert.equal(1, srv:connections("^/v4/tls/ngx_keepalive$"))
        end)

        it("fails clearly for a certificate from an untrusted CA", function()
            local out = call("untrusted_cert", { server_name = "localhost" })
            assert.is_false(out.ok)
            assert.equal("tls", out.kind)
            assert.is_false(out.sent)
            assert.matches("TLS handshake with localhost failed: .*unable to verify the first certificate",
                           out.message)
        end)

        it("fails clearly for a certificate issued to another hostname", function()
            local out = call("wrong_host_cert", { server_name = "localhost" })
            assert.is_false(out.ok)
            assert.equal("tls", out.kind)
            assert.matches("certificate host mismatch", out.message)
        end)

        it("fails clearly for an expired certificate", function()
            local out = call("expired_cert", { server_name = "localhost" })
            assert.is_false(out.ok)
            assert.equal("tls", out.kind)
            assert.matches("certificate has expired", out.message)
        end)

        it("checks an IP address against the certificate's IP subjectAltName (OpenSSL, strict flags)", function()
            local out = call("cert", {})
            assert.is_true(out.ok, out.message)
        end)

        it("skips verification only with tls.insecure_skip_verify = true, in its own pool", function()
            local out = call("untrusted_cert", { server_name = "localhost", insecure = "1" })
            assert.is_true(out.ok, out.message)
            out = call("cert", { server_name = "localhost", verify = "0" })
            assert.is_false(out.ok)
            assert.matches("insecure_skip_verify", out.message)
        end)

        it("accepts tls.cafile only when it is the lua_ssl_trusted_certificate file", function()
            local out = call("cert", { server_name = "localhost", cafile = c.ca, trusted = c.ca })
            assert.is_true(out.ok, out.message)
            out = call("cert", { server_name = "localhost", cafile = c.untrusted_ca, trusted = c.ca })
            assert.is_false(out.ok)
            assert.equal("tls", out.kind)
            assert.matches("lua_ssl_trusted_certificate", out.message)
        end)
    end)

    -- One name rule on both transports: the same certificate and name get the same decision on each.
    describe("one certificate-name rule on both transports", function()
        local cases = {
            { "cert", "localhost", true },
            { "cert", "127.0.0.1", true },
            { "wildcard_cert", "api.lua-tim.test", true },
            { "wildcard_cert", "a.b.lua-tim.test", false },
            { "wildcard_cert", "lua-tim.test", false },
            { "cn_only_cert", "localhost", false },              -- no subjectAltName: the CN is not enough
            { "partial_wildcard_cert", "foo.lua-tim.test", false },
            { "partial_wildcard_cert", "f.lua-tim.test", false },
            { "wrong_host_cert", "localhost", false },
        }
        for _, case in ipairs(cases) do
            local which, name, accepted = case[1], case[2], case[3]
            it(("%s for %s: %s by both"):format(which, name, accepted and "accepted" or "refused"), function()
                local t = transport.new()
                finally(function() t:close() end)
                local resp, err = t:request(sreq(which, "127.0.0.1", { cafile = c.ca, server_name = name }))
                assert.equal(accepted, resp ~= nil, err and err.message)
                if not accepted then
                    assert.equal("tls", err.kind)
                    assert.is_false(err.sent)
                end
                local out = assert(srv:call{ port = ports[which], scheme = "https", host = "127.0.0.1",
                                             server_name = name, path = "/v4/tls/rule" })
                assert.equal(accepted, out.ok, out.message)
                if not accepted then
                    assert.equal("tls", out.kind)
                end
            end)
        end
    end)

    describe("insecure_skip_verify must be exactly true", function()
        for _, v in ipairs{ "false", "true", 0, 1, false } do
            it("refuses " .. type(v) .. " " .. tostring(v) .. " at the transport, the client and the webhook",
               function()
                local t = transport.new()
                assert.has_error(function()
                    t:request(sreq("cert", "localhost", { insecure_skip_verify = v }))
                end)
                local im, err = require("tim").new{ sdkappid = 1400000000, key = "k", region = "sgp",
                                                    tls = { insecure_skip_verify = v } }
                assert.is_nil(im)
                assert.equal("usage", err.kind)
                assert.matches("insecure_skip_verify must be true or absent", err.message)
                assert.has_error(function()
                    require("tim.server.emulator.webhook").new{ url = "https://localhost/cb", sdkappid = 1,
                                                        tls = { insecure_skip_verify = v } }
                end, "bad argument #1 to 'tim.server.emulator.webhook.new' (opts.tls.insecure_skip_verify must be "
                    .. "true or absent)")
            end)
        end
    end)
end)

-- Faults on both transports: each ends as nil, err of the right kind within the deadline, and nothing hangs.
-- The misbehaving server is a LuaSocket child process (spec/support/hostile.lua); tim.net.transport.ngx runs inside a
-- private nginx and calls the same server through cosockets.
local nginx = require "support.nginx"
local faults = require "support.hostile"
local transport = require "tim.net.transport.socket"
local socket = require "socket"

local TIMEOUT = 0.5      -- seconds per attempt
local SLACK = 1.0        -- what "within the deadline" allows for process scheduling

describe("transport faults", function()
    local f, srv, backlog, fillers

    setup(function()
        f = faults.start()
        srv = assert(nginx.start{ server = nginx.CALL_LOCATION })
        -- a listener whose accept queue is full: a SYN to it is dropped, so connect() can only time out
        backlog = socket.tcp()
        assert(backlog:bind("127.0.0.1", 0))
        assert(backlog:listen(0))
        fillers = {}
        local _, port = backlog:getsockname()
        for i = 1, 2 do
            fillers[i] = socket.tcp()
            fillers[i]:settimeout(0.2)
            fillers[i]:connect("127.0.0.1", port)
        end
    end)

    teardown(function()
        if f then f.stop() end
        if srv then srv:stop() end
        for _, s in ipairs(fillers or {}) do s:close() end
        if backlog then backlog:close() end
    end)

    -- The two ways to make one call: returns { ok, status, body, kind, message, sent, elapsed }.
    local callers = {
        socket = function(port, path)
            local t = transport.new()
            local started = socket.gettime()
            local resp, err = t:request{ method = "POST", scheme = "http", host = "127.0.0.1", port = port,
                                         path = path, body = "{}", timeout = TIMEOUT }
            local out = { elapsed = socket.gettime() - started, idle = t:idle() }
            t:close()
            if resp then
                out.ok, out.status, out.body = true, resp.status, resp.body
            else
                assert.equal("table", type(err))
                out.ok, out.kind, out.message, out.sent = false, err.kind, err.message, err.sent
            end
            return out
        end,
        ngx = function(port, path)
            return assert(srv:call({ port = port, path = path, timeout = TIMEOUT }, 10))
        end,
    }

    for _, name in ipairs{ "socket", "ngx" } do
        local call = callers[name]
        local mod = "tim.net.transport." .. name .. ": "

        describe("tim.net.transport." .. name, function()
            local function expect(out, kind, pattern, sent)
                assert.is_false(out.ok, "expected a failure")
                assert.equal(kind, out.kind, out.message)
                assert.equal(mod, out.message:sub(1, #mod))
                if pattern then
                    assert.matches(pattern, out.message)
                end
                if sent ~= nil then
                    assert.equal(sent, out.sent)
                end
                assert.is_true(out.elapsed < TIMEOUT + SLACK, "took " .. out.elapsed .. " s")
            end

            it("connection refused -> network, not sent", function()
                expect(call(nginx.free_port(), "/ok"), "network", "connect", false)
            end)

            it("connect timeout (a listener with a full backlog) -> timeout, not sent", function()
                local _, port = backlog:getsockname()
                expect(call(port, "/ok"), "timeout", "connect to 127.0.0.1:%d+ timed out", false)
            end)

            it("a server that never answers -> timeout, sent", function()
                expect(call(f.port, "/stall"), "timeout", "timeout", true)
            end)

            it("keeps the query string (it carries the UserSig) out of error messages", function()
                local out = call(f.port, "/stall_body?usersig=SECRET-SIG&identifier=administrator")
                expect(out, "timeout", "/stall_body%)", true)
                assert.not_matches("SECRET", out.message)
                assert.not_matches("usersig", out.message)
            end)

            it("read timeout mid-headers -> timeout", function()
                expect(call(f.port, "/stall_headers"), "timeout", "timeout while reading the response headers", true)
            end)

            it("read timeout mid-body -> timeout", function()
                expect(call(f.port, "/stall_body"), "timeout", "timeout after 10 of 100 body bytes", true)
            end)

            it("a server dripping one byte every 0.2 s is cut off at the deadline", function()
                expect(call(f.port, "/drip"), "timeout", nil, true)
            end)

            it("reset mid-body -> network", function()
                expect(call(f.port, "/reset_body"), "network", "of 100 body bytes", true)
            end)

            it("truncated chunked body -> network", function()
                expect(call(f.port, "/truncated_chunked"), "network", "truncated", true)
            end)

            it("oversized headers -> protocol, naming the limit", function()
                expect(call(f.port, "/big_headers"), "protocol", "max_header_bytes", true)
            end)

            it("502 with an HTML body is a response (the client maps it), its body intact", function()
                local out = call(f.port, "/502")
                assert.is_true(out.ok, out.message)
                assert.equal(502, out.status)
                assert.matches("<h1>502 Bad Gateway</h1>", out.body, 1, true)
                if out.idle then
                    assert.equal(0, out.idle)    -- Connection: close was honoured
                end
            end)

            it("a body that is not JSON comes back unchanged (decoding is the client's job)", function()
                local out = call(f.port, "/invalid_json")
                assert.is_true(out.ok, out.message)
                assert.equal(200, out.status)
                assert.equal("not json!", out.body)
            end)
        end)
    end
end)

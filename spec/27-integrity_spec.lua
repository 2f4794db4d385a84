-- What a call returns is what happened: against a server that misbehaves on purpose (support.hostile), on both
-- transports (LuaSocket here, cosockets inside a private nginx), this spec asserts how many copies of a request the
-- server received, what the transport reported, what the client said (in_doubt, attempts, retryable), that every
-- call ended within its deadline (a bound, not a speed), and that memory stayed bounded.
local hostile = require "support.hostile"
local nginx = require "support.nginx"
local socket = require "socket"
local transport = require "tim.net.transport.socket"
local tim = require "tim"
local cjson = require "cjson"

local TIMEOUT = 1          -- seconds per attempt
local SLACK = 1.5          -- what "within the deadline" allows for scheduling on a loaded 2-core machine
local KEY = "integrity-spec-key"

-- A location that runs the whole client inside nginx: n calls of one command, each result as JSON.
local CLIENT_LOCATION = [[
        location = /_client {
            content_by_lua_block {
                local cjson = require "cjson"
                local tim = require "tim"
                local args = ngx.req.get_uri_args()
                local rl = false
                if args.rate then
                    rl = { default = { rate = tonumber(args.rate), burst = 1 } }
                end
                -- validate = false: the bodies here are placeholders; what the transport did is under test
                local im = assert(tim.new{ sdkappid = 1400000000, key = "integrity-spec-key", validate = false,
                                           endpoint = args.endpoint, timeout = tonumber(args.timeout) or 1,
                                           deadline = tonumber(args.deadline) or 5,
                                           retries = tonumber(args.retries) or 2, ratelimit = rl })
                local out = {}
                for i = 1, tonumber(args.n) or 1 do
                    ngx.update_time()
                    local started = ngx.now()
                    local res, err = im:call(args.path, cjson.decode(args.body or "{}"))
                    ngx.update_time()
                    local r = { elapsed = ngx.now() - started }
                    if res then
                        r.ok, r.N = true, res.N
                    else
                        r.ok, r.kind, r.code, r.in_doubt, r.attempts, r.retryable, r.message =
                            false, err.kind, err.code or cjson.null, err.in_doubt, err.attempts, err.retryable,
                            tostring(err)
                    end
                    out[i] = r
                end
                ngx.header["Content-Type"] = "application/json"
                ngx.say(cjson.encode(out))
            }
        }
]]

local rss_kib = require("support.shell").rss_kib

describe("outcome integrity #slow", function()
    local h, ngx_srv

    setup(function()
        h = hostile.start()
        ngx_srv = assert(nginx.start{ server = nginx.CALL_LOCATION .. CLIENT_LOCATION })
    end)

    teardown(function()
        if h then h.stop() end
        if ngx_srv then ngx_srv:stop() end
    end)

    before_each(function()
        h:reset()
    end)

    -- The transport under test: n requests in a row (one transport, so its pool carries connections over).
    local transports = {
        socket = function(path, n, body)
            local t = transport.new()
            local out = {}
            for i = 1, n or 1 do
                local started = socket.gettime()
                local resp, err = t:request{ method = "POST", scheme = "http", host = "127.0.0.1", port = h.port,
                                             path = path, body = body or "{}", timeout = TIMEOUT }
                local r = { elapsed = socket.gettime() - started }
                if resp then
                    r.ok, r.status, r.body = true, resp.status, resp.body
                else
                    r.ok = false
                    for _, k in ipairs{ "kind", "message", "written", "complete", "reused", "received", "sent" } do
                        r[k] = err[k]
                    end
                end
                out[i] = r
            end
            out.idle = t:idle()
            t:close()
            return out
        end,
        ngx = function(path, n, body)
            local big = body and #body > 4096
            local res = assert(ngx_srv:call({ port = h.port, path = path, timeout = TIMEOUT, n = n or 1,
                                              body = not big and body or nil, bodysize = big and #body or nil }, 30))
            -- /_call reports only the last request; it stops at the first failure
            local out = {}
            for i = 1, (res.calls or 1) - 1 do out[i] = { ok = true } end
            if res.written == cjson.null then res.written = nil end
            out[res.calls or 1] = res
            return out
        end,
    }

    -- The client under test: n calls of `path` (service/command) against the behaviour `fault`.
    local clients = {
        socket = function(fault, path, n, extra)
            -- validate = false: the bodies here are placeholders; what the transport did is under test
            local opts = { sdkappid = 1400000000, key = KEY, endpoint = "http://127.0.0.1:" .. h.port .. fault,
                           timeout = TIMEOUT, deadline = 5, retries = 2, ratelimit = false, validate = false }
            for k, v in pairs(extra or {}) do opts[k] = v end
            local im = assert(tim.new(opts))
            local out = {}
            for i = 1, n do
                local started = socket.gettime()
                local res, err = im:call(path, {})
                local r = { elapsed = socket.gettime() - started }
                if res then
                    r.ok, r.N = true, res.N
                else
                    r.ok, r.kind, r.code, r.in_doubt, r.attempts, r.retryable, r.message =
                        false, err.kind, err.code, err.in_doubt, err.attempts, err.retryable, tostring(err)
                end
                out[i] = r
            end
            return out
        end,
        ngx = function(fault, path, n, extra)
            local args = { endpoint = "http://127.0.0.1:" .. h.port .. fault, path = path, n = n, timeout = TIMEOUT }
            if extra and extra.ratelimit then
                args.rate, args.deadline = extra.ratelimit.default.rate, extra.deadline
            end
            local c = socket.tcp()
            c:settimeout(30)
            assert(c:connect("127.0.0.1", ngx_srv.port))
            local q = {}
            for k, v in pairs(args) do
                q[#q + 1] = k .. "=" .. tostring(v):gsub("[^%w%-%._~]", function(ch)
                    return ("%%%02X"):format(ch:byte())
                end)
            end
            c:send("GET /_client?" .. table.concat(q, "&") .. " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            local resp = assert(require("tim.net.http").read_response(c, socket.gettime() + 30))
            c:close()
            local ok, out = pcall(cjson.decode, resp.body)
            assert(ok, "bad /_client answer: " .. tostring(resp.body))
            for _, r in ipairs(out) do
                if r.code == cjson.null then r.code = nil end
            end
            return out
        end,
    }

    for _, name in ipairs{ "socket", "ngx" } do
        local request = transports[name]
        local client = clients[name]

        describe("tim.net.transport." .. name .. " never resends and reports what happened", function()
            it("a reused connection closed right after the server read the request: one copy, in doubt", function()
                local out = request("/close_after_read_2", 2)
                assert.is_true(out[1].ok)
                local r = out[2]
                assert.is_false(r.ok)
                assert.equal("network", r.kind)
                assert.is_true(r.complete)
                assert.is_true(r.reused)
                assert.is_false(r.received)
                assert.is_true(r.sent)
                assert.equal(2, h:stats("/close_after_read_2").requests)     -- no hidden resend
            end)

            it("a reused connection reset right after the server read the request: one copy", function()
                local out = request("/reset_after_read_2", 2)
                assert.is_false(out[2].ok)
                assert.is_true(out[2].complete)
                assert.equal(2, h:stats("/reset_after_read_2").requests)
            end)

            it("100 Continue and then a close: one copy, and the answer byte that came back is reported", function()
                local out = request("/continue_close_2", 2)
                assert.is_false(out[2].ok)
                assert.is_true(out[2].received)
                assert.equal(2, h:stats("/continue_close_2").requests)
            end)

            it("connection refused: nothing written", function()
                local t = transport.new()
                local _, err = t:request{ method = "POST", host = "127.0.0.1", port = nginx.free_port(), path = "/x",
                                          body = "{}", timeout = TIMEOUT }
                assert.equal("network", err.kind)
                assert.equal(0, err.written)
                assert.is_false(err.sent)
            end)

            for _, case in ipairs{ { "/endless_status", "protocol" }, { "/endless_header", "protocol" },
                                   { "/endless_chunk", "protocol" }, { "/drip", "timeout" },
                                   { "/stall", "timeout" }, { "/stall_headers", "timeout" },
                                   { "/stall_body", "timeout" } } do
                it(case[1] .. ": ends within the attempt's deadline as " .. case[2], function()
                    local out = request(case[1])
                    local r = out[1]
                    assert.is_false(r.ok)
                    assert.equal(case[2], r.kind, r.message)
                    assert.is_true(r.elapsed < TIMEOUT + SLACK, "took " .. tostring(r.elapsed))
                    assert.is_true(r.complete)
                end)
            end

            it("101 Switching Protocols is an error, and the connection is not kept", function()
                local out = request("/switch101")
                assert.is_false(out[1].ok)
                assert.equal("protocol", out[1].kind)
                assert.matches("101", out[1].message)
                if out.idle then assert.equal(0, out.idle) end
            end)

            it("an unsolicited answer on an idle pooled connection never reaches the next request", function()
                local first = request("/unsolicited", 1)
                assert.is_true(first[1].ok)
                local t = transport.new()
                if name == "socket" then
                    assert(t:request{ method = "POST", host = "127.0.0.1", port = h.port, path = "/unsolicited",
                                      body = "{}", timeout = TIMEOUT })
                    socket.sleep(0.2)                 -- the extra answer is now waiting on the pooled connection
                    local resp = assert(t:request{ method = "POST", host = "127.0.0.1", port = h.port,
                                                   path = "/unsolicited", body = "{}", timeout = TIMEOUT })
                    assert.not_matches("Unsolicited", resp.body)
                    t:close()
                    assert.equal(3, h:stats("/unsolicited").connections)   -- the dirty one was dropped
                else
                    local res = assert(ngx_srv:call({ port = h.port, path = "/unsolicited", n = 2, sleep = 0.2 }))
                    assert.is_true(res.ok)
                    assert.not_matches("Unsolicited", res.body)
                end
            end)

            for _, p in ipairs{ "/te_notchunked", "/gzip_chunked", "/cl_te" } do
                it(p .. " is refused as faulty framing", function()
                    local out = request(p)
                    assert.is_false(out[1].ok)
                    assert.equal("protocol", out[1].kind)
                    if out.idle then assert.equal(0, out.idle) end
                end)
            end

            it("HTTP/1.0 with chunked is read but never reused; 1.0 keep-alive with a length is", function()
                local out = request("/http10_chunked", 2)
                assert.is_true(out[1].ok and out[2].ok)
                assert.equal(2, h:stats("/http10_chunked").connections)
                out = request("/http10_keepalive", 2)
                assert.is_true(out[1].ok and out[2].ok)
                assert.equal(1, h:stats("/http10_keepalive").connections)
            end)

            it("honours Keep-Alive: timeout=N: a connection idle longer than N - 1 s is not used again", function()
                if name == "socket" then
                    local t = transport.new()
                    local r = { method = "POST", host = "127.0.0.1", port = h.port, path = "/ka2", body = "{}",
                                timeout = TIMEOUT }
                    assert(t:request(r))
                    assert(t:request(r))                  -- at once: the same connection
                    socket.sleep(1.2)
                    assert(t:request(r))                  -- past timeout - 1 s: a new one
                    t:close()
                else
                    assert(ngx_srv:call({ port = h.port, path = "/ka2", n = 2 }))
                    assert(ngx_srv:call({ port = h.port, path = "/ka2", n = 1, sleep = 0 }))
                    socket.sleep(1.2)
                    assert(ngx_srv:call({ port = h.port, path = "/ka2", n = 1 }))
                end
                assert.equal(2, h:stats("/ka2").connections)
            end)

            it("an early complete answer (413, then a reset while the body is still going out) is returned", function()
                local out = request("/early_413", 1, string.rep("x", 8 * 1024 * 1024))
                assert.is_true(out[1].ok, out[1].message)
                assert.equal(413, out[1].status)
            end)
        end)

        describe("the client over tim.net.transport." .. name, function()
            for _, path in ipairs{ "group_open_http_svc/create_group", "group_open_http_svc/add_group_member",
                                   "openim/batchsendmsg" } do
                it(path .. " is sent once and reported in doubt when the reused connection dies after the read",
                   function()
                    local out = client("/close_after_read_2", path, 2)
                    assert.is_true(out[1].ok)
                    local r = out[2]
                    assert.is_false(r.ok)
                    assert.is_true(r.in_doubt)
                    assert.equal(1, r.attempts)
                    assert.is_false(r.retryable)
                    assert.matches("in doubt", r.message)
                    assert.equal(2, h:stats("/close_after_read_2").requests)
                end)
            end

            it("an idempotent command is sent again on a new connection, and attempts counts both copies", function()
                local out = client("/close_after_read_2", "group_open_http_svc/get_group_info", 2)
                assert.is_true(out[1].ok)
                assert.is_true(out[2].ok)
                assert.equal(3, h:stats("/close_after_read_2").requests)
            end)

            it("a deduplicated send (sendmsg) is sent again with the same MsgRandom", function()
                local out = client("/close_after_read_2", "openim/sendmsg", 2)
                assert.is_true(out[2].ok)
                local bodies = h:bodies("/close_after_read_2")
                assert.equal(3, #bodies)
                local r2, r3 = bodies[2]:match('"MsgRandom":(%d+)'), bodies[3]:match('"MsgRandom":(%d+)')
                assert.is_string(r2)
                assert.equal(r2, r3)
            end)

            it("100 Continue then a close: create_group in doubt, one copy", function()
                local out = client("/continue_close_2", "group_open_http_svc/create_group", 2)
                assert.is_true(out[2].in_doubt)
                assert.equal(1, out[2].attempts)
                assert.equal(2, h:stats("/continue_close_2").requests)
            end)

            it("a 502 after a non-idempotent command: in doubt, not resent", function()
                local out = client("/502", "group_open_http_svc/create_group", 1)
                assert.equal("http", out[1].kind)
                assert.is_true(out[1].in_doubt)
                assert.equal(1, h:stats("/502").requests)
            end)

            it("a 200 that is not JSON after a non-idempotent command: in doubt", function()
                local out = client("/invalid_json", "group_open_http_svc/create_group", 1)
                assert.equal("decode", out[1].kind)
                assert.is_true(out[1].in_doubt)
            end)

            it("the limiter refuses at once, sending nothing, when the next token leaves no time for an attempt",
               function()
                local out = client("/ok", "group_open_http_svc/create_group", 2,
                                   { ratelimit = { default = { rate = 0.5, burst = 1 } }, deadline = 1.5 })
                assert.is_true(out[1].ok)
                local r = out[2]
                assert.is_false(r.ok)
                assert.equal("ratelimit", r.kind)
                assert.is_false(r.in_doubt)
                assert.is_true(r.retryable)
                assert.equal(0, r.attempts)
                assert.is_true(r.elapsed < 0.5, "waited " .. r.elapsed .. " s before refusing")
                assert.equal(1, h:stats("/ok").requests)
            end)
        end)
    end

    it("tim.net.transport.socket: endless lines keep the client's memory bounded (a child process, peak RSS)",
       function()
        local root = os.getenv("LUA_TIM_ROOT") or "."
        local script = ([[
            package.path = "%s/lua/?.lua;%s/lua/?/init.lua;" .. package.path
            package.cpath = "%s/build/lua5.4/?.so;" .. package.cpath
            local t = require("tim.net.transport.socket").new()
            for _, p in ipairs{ "/endless_status", "/endless_header", "/endless_chunk" } do
                t:request{ method = "POST", host = "127.0.0.1", port = %d, path = p, body = "{}", timeout = 2 }
            end
            local f = io.open("/proc/self/status"); local s = f:read("*a"); f:close()
            print(s:match("VmHWM:%%s*(%%d+)"))
        ]]):format(root, root, root, h.port)
        local p = io.popen("lua5.4 -e " .. nginx.q(script))
        local peak = tonumber(p:read("*l"))
        p:close()
        assert.is_number(peak)
        assert.is_true(peak < 64 * 1024, "peak RSS " .. tostring(peak) .. " KiB")
    end)

    it("tim.net.transport.ngx: endless lines keep the nginx worker's memory bounded", function()
        local pid
        local p = io.popen("pgrep -P " .. ngx_srv:pid())
        pid = tonumber(p:read("*l"))
        p:close()
        local before = rss_kib(pid)
        for _, path in ipairs{ "/endless_status", "/endless_header", "/endless_chunk" } do
            ngx_srv:call({ port = h.port, path = path, timeout = 2 }, 30)
        end
        local after = rss_kib(pid)
        assert.is_true(after - before < 32 * 1024, ("worker grew from %d to %d KiB"):format(before, after))
    end)
end)

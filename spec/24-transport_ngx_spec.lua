-- tim.net.transport.ngx end to end: a private nginx whose Lua handlers call through cosockets.
local nginx = require "support.nginx"
local faults = require "support.hostile"

local REPLY = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]]

-- Makes one request through tim.net.transport.ngx to this nginx's /v4/phase and returns the error message.
local PHASE_CALL = [[
    local t = require("tim.net.transport.ngx").new()
    local resp, err = t:request{ method = "POST", scheme = "http", host = "127.0.0.1",
                                 port = PORT, path = "/v4/phase", body = "{}",
                                 timeout = 1 }
    local msg = resp and ("unexpected success " .. resp.status) or (err.kind .. "|" .. err.message)
]]

describe("tim.net.transport.ngx in OpenResty", function()
    local srv, f

    setup(function()
        f = faults.start()
        local port = nginx.free_port()
        local call = PHASE_CALL:gsub("PORT", tostring(port))
        local hostile_port = tostring(f.port)
        srv = assert(nginx.start{
            port = port,
            http = [[
    lua_shared_dict results 1m;
    init_worker_by_lua_block {
]] .. call .. [[
        ngx.shared.results:set("init_worker", msg)
    }
]],
            server = nginx.CALL_LOCATION .. [[
        location /v4/ {
            default_type application/json;
            return 200 ']] .. REPLY .. [[';
        }
        location /short/ {
            keepalive_timeout 1s;
            default_type application/json;
            return 200 ']] .. REPLY .. [[';
        }
        location = /phase/set {
            set_by_lua_block $phase_msg {
]] .. call .. [[
                return msg
            }
            return 200 $phase_msg;
        }
        location = /phase/header_filter {
            return 200 "body";
            header_filter_by_lua_block {
]] .. call .. [[
                ngx.header["X-Phase-Msg"] = msg
            }
        }
        location = /phase/log {
            return 200 "logged";
            log_by_lua_block {
]] .. call .. [[
                ngx.shared.results:set("log", msg)
            }
        }
        location = /phase/result {
            content_by_lua_block {
                ngx.print(ngx.shared.results:get(ngx.var.arg_name) or "none")
            }
        }
        location /echo/ {
            content_by_lua_block {
                -- its own path as the answer, in two parts 5 ms apart: a reader waits in the middle of a body
                local uri = ngx.var.uri
                ngx.header.content_length = #uri
                ngx.print(uri:sub(1, 6))
                ngx.flush(true)
                ngx.sleep(0.005)
                ngx.print(uri:sub(7))
            }
        }
        location = /threads {
            content_by_lua_block {
                -- 16 light threads, 20 requests each, through one transport: most to /echo/<thread>/<i>, whose
                -- answer is its own path, every fifth to the hostile server (a chunked body cut off, or a body
                -- cut off by a reset: both fail), so that streams are taken and given back around failures
                local t = require("tim.net.transport.ngx").new{ pool_size = 4 }
                local HOSTILE = { "/truncated_chunked", "/reset_body" }
                local mixed, failed, ok = 0, 0, 0
                local function worker(id)
                    for i = 1, 20 do
                        if i % 5 == 0 then
                            local resp = t:request{ method = "GET", scheme = "http", host = "127.0.0.1",
                                                    port = ]] .. hostile_port .. [[,
                                                    path = HOSTILE[i / 5 % 2 + 1], timeout = 2 }
                            if not resp then failed = failed + 1 end
                        else
                            local path = "/echo/" .. id .. "/" .. i
                            local resp = t:request{ method = "GET", scheme = "http", host = "127.0.0.1",
                                                    port = ngx.var.server_port, path = path, timeout = 2 }
                            if resp and resp.body == path then ok = ok + 1 else mixed = mixed + 1 end
                        end
                    end
                end
                local threads = {}
                for id = 1, 16 do threads[id] = ngx.thread.spawn(worker, id) end
                for id = 1, 16 do ngx.thread.wait(threads[id]) end
                ngx.print(ok, " ", mixed, " ", failed)
            }
        }
        location = /phase/chooser {
            content_by_lua_block {
                ngx.print(require("tim.net.transport").name())
            }
        }
        location = /phase/timer {
            content_by_lua_block {
                local done = false
                local msg
                ngx.timer.at(0, function()
                    local t = require("tim.net.transport").new()
                    local resp, err = t:request{ method = "POST", scheme = "http", host = "127.0.0.1",
                                                 port = ]] .. port .. [[,
                                                 path = "/v4/timer", body = "{}", timeout = 1 }
                    msg = resp and resp.body or err.message
                    done = true
                end)
                for _ = 1, 100 do
                    if done then break end
                    ngx.sleep(0.01)
                end
                ngx.print(msg)
            }
        }
]],
        })
    end)

    teardown(function()
        if srv then srv:stop() end
        if f then f.stop() end
    end)

    local function get(path)
        local http = require "tim.net.http"
        local socket = require "socket"
        local c = assert(socket.connect("127.0.0.1", srv.port))
        c:settimeout(5, "t")
        assert(http.write_request(c, { method = "GET", host = "localhost", path = path,
                                       headers = { Connection = "close" } }))
        local resp = assert(http.read_response(c))
        c:close()
        return resp
    end

    it("a content handler calls a second location through cosockets: 50 calls, one connection", function()
        local out = assert(srv:call{ port = srv.port, path = "/v4/ngx/keepalive", n = 50 })
        assert.is_true(out.ok, out.message)
        assert.equal(50, out.calls)
        assert.equal(200, out.status)
        assert.equal(REPLY, out.body)
        srv:wait_log("^/v4/ngx/keepalive$", 50)
        assert.equal(1, srv:connections("^/v4/ngx/keepalive$"))
    end)

    -- a stream is taken from the transport's kept ones for each exchange and given back when it ended well:
    -- an answer must never reach another request's caller, whatever failed in between
    it("keeps every light thread's answer its own while streams are reused around failures", function()
        local resp = get("/threads")
        assert.equal(200, resp.status)
        local ok, mixed, failed = resp.body:match("^(%d+) (%d+) (%d+)$")
        assert.equal("0", mixed)
        assert.equal(16 * 16, tonumber(ok))
        assert.equal(16 * 4, tonumber(failed))     -- every cut-off answer fails, none is taken for another
    end)

    it("keeps using the pool across nginx requests (connections are nginx's, not the transport object's)", function()
        for _ = 1, 5 do
            local out = assert(srv:call{ port = srv.port, path = "/v4/ngx/across" })
            assert.is_true(out.ok, out.message)
        end
        srv:wait_log("^/v4/ngx/across$", 5)
        assert.equal(1, srv:connections("^/v4/ngx/across$"))
    end)

    it("handles a location that closes idle connections after 1 s without a failed call", function()
        local out = assert(srv:call({ port = srv.port, path = "/short/x", n = 3, sleep = 1.3 }, 15))
        assert.is_true(out.ok, out.message)
        assert.equal(3, out.calls)
        srv:wait_log("^/short/x$", 3)
        assert.equal(3, srv:connections("^/short/x$"))
    end)

    it("works from a timer and is the transport tim.net.transport picks inside nginx", function()
        assert.equal("ngx", get("/phase/chooser").body)
        assert.equal(REPLY, get("/phase/timer").body)
    end)

    it("returns a clear error, not a crash, in set_by_lua", function()
        local resp = get("/phase/set")
        assert.equal(200, resp.status)
        assert.matches("^network|tim.net.transport.ngx: cosockets are not available in the 'set' phase", resp.body)
    end)

    it("returns a clear error, not a crash, in header_filter_by_lua", function()
        local resp = get("/phase/header_filter")
        assert.equal(200, resp.status)
        assert.equal("body", resp.body)
        assert.matches("cosockets are not available in the 'header_filter' phase", resp.headers["x-phase-msg"])
    end)

    it("returns a clear error, not a crash, in log_by_lua and init_worker_by_lua", function()
        assert.equal("logged", get("/phase/log").body)
        local msg
        for _ = 1, 100 do     -- the log phase runs after the answer went out
            msg = get("/phase/result?name=log").body
            if msg ~= "none" then break end
            require("socket").sleep(0.02)
        end
        assert.matches("cosockets are not available in the 'log' phase", msg)
        assert.matches("cosockets are not available in the 'init_worker' phase",
                       get("/phase/result?name=init_worker").body)
        assert.not_matches("%[error%].*tim%.transport", srv:error_log())
    end)
end)

describe("tim.net.transport.ngx outside OpenResty", function()
    local ngx_transport = require "tim.net.transport.ngx"

    it("says it is not available and returns an error instead of crashing", function()
        local ok, why = ngx_transport.available()
        assert.is_false(ok)
        assert.matches("not running inside OpenResty", why)
        local resp, err = ngx_transport.new():request{ method = "POST", host = "127.0.0.1", port = 1, path = "/" }
        assert.is_nil(resp)
        assert.equal("network", err.kind)
        assert.is_false(err.sent)
        assert.matches("^tim.net.transport.ngx: not running inside OpenResty", err.message)
    end)

    it("names pools by scheme, host, port and every TLS setting", function()
        local names, seen = {
            ngx_transport.pool_name{ scheme = "https", host = "h", port = 443 },
            ngx_transport.pool_name{ scheme = "http", host = "h", port = 443 },
            ngx_transport.pool_name{ scheme = "https", host = "h", port = 444 },
            ngx_transport.pool_name{ scheme = "https", host = "h2", port = 443 },
            ngx_transport.pool_name{ scheme = "https", host = "h", port = 443, tls = { server_name = "s" } },
            ngx_transport.pool_name{ scheme = "https", host = "h", port = 443, tls = { cafile = "/c.pem" } },
            ngx_transport.pool_name{ scheme = "https", host = "h", port = 443,
                                     tls = { insecure_skip_verify = true } },
        }, {}
        for _, n in ipairs(names) do
            assert.is_nil(seen[n], n)
            seen[n] = true
        end
    end)

    it("is not the transport tim.net.transport picks outside nginx", function()
        assert.equal("socket", require("tim.net.transport").name())
    end)
end)

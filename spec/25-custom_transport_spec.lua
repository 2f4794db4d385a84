-- The custom transport example (examples/custom_transport.lua): a game-loop transport on non-blocking LuaSocket
-- and coroutines keeps the transport contract, runs calls concurrently, keeps connections alive and verifies TLS.
local nginx = require "support.nginx"
local certs = require "support.certs"

local root = os.getenv("LUA_TIM_ROOT") or "."
package.path = root .. "/examples/?.lua;" .. package.path
local Loop = require "custom_transport"

local REPLY = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]]

describe("examples/custom_transport.lua", function()
    local dir, c, srv

    setup(function()
        dir = certs.tmpdir("lua-tim-custom")
        c = certs.make(dir)
        srv = assert(nginx.start{
            ssl = { cert = c.cert, key = c.key },
            server = [[
        location /slow/ {
            content_by_lua_block {
                ngx.sleep(0.2)
                ngx.header["Content-Type"] = "application/json"
                ngx.print(']] .. REPLY .. [[')
            }
        }
        location /v4/ { default_type application/json; return 200 ']] .. REPLY .. [['; }
]],
        })
    end)

    teardown(function()
        if srv then srv:stop() end
        certs.rmdir(dir)
    end)

    local function req(path, extra)
        local r = { method = "POST", scheme = "http", host = "127.0.0.1", port = srv.port, path = path,
                    headers = { ["Content-Type"] = "application/json" }, body = "{}", timeout = 3 }
        for k, v in pairs(extra or {}) do r[k] = v end
        return r
    end

    it("runs five slow calls at once in one loop (five connections), then reuses them", function()
        local loop = Loop.new()
        local t = loop:transport()
        local results = {}
        local function round(tag)
            for i = 1, 5 do
                loop:spawn(function()
                    local resp, err = t:request(req("/slow/" .. tag))
                    results[#results + 1] = resp and resp.body or err.message
                    assert(i)
                end)
            end
            loop:run()
        end
        round("a")
        assert.equal(5, #results)
        for _, body in ipairs(results) do
            assert.equal(REPLY, body)
        end
        srv:wait_log("^/slow/a$", 5)
        -- all five were in flight together: each needed its own connection
        assert.equal(5, srv:connections("^/slow/a$"))
        round("b")
        assert.equal(10, #results)
        srv:wait_log("^/slow/b$", 5)
        -- the second round ran on the first round's kept-alive connections: no $connection is new
        local first = {}
        for _, line in ipairs(srv:wait_log("^/slow/a$", 5)) do
            first[line:match("^%d+")] = true
        end
        for _, line in ipairs(srv:wait_log("^/slow/b$", 5)) do
            assert.is_true(first[line:match("^%d+")], line)
        end
    end)

    it("refuses to run outside a coroutine with a transport error, not a crash", function()
        local t = Loop.new():transport()
        local resp, err = t:request(req("/v4/x"))
        assert.is_nil(resp)
        assert.equal("network", err.kind)
        assert.matches("inside loop:spawn", err.message)
    end)

    it("verifies TLS: the right CA passes, another hostname fails", function()
        local loop = Loop.new()
        local t = loop:transport()
        local ok_resp, bad_err
        loop:spawn(function()
            ok_resp = t:request(req("/v4/tls", { scheme = "https", host = "127.0.0.1", port = srv.ssl_port,
                                                 tls = { cafile = c.ca, server_name = "localhost" } }))
            local _, err = t:request(req("/v4/tls", { scheme = "https", host = "127.0.0.1", port = srv.ssl_port,
                                                      tls = { cafile = c.ca, server_name = "other.example" } }))
            bad_err = err
        end)
        loop:run()
        assert.equal(200, ok_resp.status)
        assert.equal("tls", bad_err.kind)
        assert.matches("rejected", bad_err.message)
    end)

    it("times out a stalled call at its deadline while the loop keeps turning", function()
        local loop = Loop.new()
        local t = loop:transport()
        local err, frames = nil, 0
        loop:spawn(function()
            local _, e = t:request(req("/slow/stall", { timeout = 0.05 }))
            err = e
        end)
        while not err do
            frames = frames + 1
            loop:step(0.01)
        end
        assert.equal("timeout", err.kind)
        assert.is_true(frames > 1)
    end)
end)

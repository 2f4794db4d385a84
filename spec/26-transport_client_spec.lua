-- The transports under the real client (tim.new) against the local emulator: plain Lua (tim.net.transport.socket),
-- inside OpenResty (tim.net.transport.ngx picked by the client, the client's Lua layer under nginx's LuaJIT), a custom
-- transport passed as opts.transport, and a tim.loop client.
local nginx = require "support.nginx"
local emulator = require "support.emulator"

local root = os.getenv("LUA_TIM_ROOT") or "."
package.path = root .. "/examples/?.lua;" .. package.path

describe("transports under tim.new against the emulator", function()
    local emu, srv

    setup(function()
        emu = emulator.start{}
        srv = assert(nginx.start{
            server = ([[
        location = /im {
            content_by_lua_block {
                local tim = require "tim"
                local im = assert(tim.new{ sdkappid = %d, key = %q, admin = %q, endpoint = %q, retries = 0 })
                local out = {}
                for i = 1, 3 do
                    local res, err = im:call("im_open_login_svc/account_import", { UserID = "ngx_user_" .. i })
                    out[#out + 1] = res and ("ok " .. tostring(res.ErrorCode)) or ("err " .. tostring(err))
                end
                ngx.print(table.concat(out, ","))
            }
        }
]]):format(emu.sdkappid, emu.key, emu.admin, emu.endpoint),
        })
    end)

    teardown(function()
        if srv then srv:stop() end
        if emu then emu:stop() end
    end)

    it("plain Lua: the client's default transport (tim.net.transport.socket) talks to the emulator", function()
        local im = emu:client{ retries = 0 }
        for i = 1, 3 do
            local res, err = im:call("im_open_login_svc/account_import", { UserID = "lua_user_" .. i })
            assert.is_nil(err)
            assert.equal(0, res.ErrorCode)
        end
    end)

    it("OpenResty: a content handler calls the emulator through the client and cosockets", function()
        local http = require "tim.net.http"
        local socket = require "socket"
        local c = assert(socket.connect("127.0.0.1", srv.port))
        c:settimeout(10, "t")
        assert(http.write_request(c, { method = "GET", host = "localhost", path = "/im",
                                       headers = { Connection = "close" } }))
        local resp = assert(http.read_response(c))
        c:close()
        assert.equal(200, resp.status, srv:error_log():sub(-2000))
        assert.equal("ok 0,ok 0,ok 0", resp.body)
    end)

    it("a custom transport (examples/custom_transport.lua) passed as opts.transport", function()
        local lines = {}
        local trace = require("custom_transport").new{ log = function(l) lines[#lines + 1] = l end }
        local im = emu:client{ retries = 0, transport = trace }
        for i = 1, 3 do
            local res, err = im:call("im_open_login_svc/account_import", { UserID = "traced_user_" .. i })
            assert.is_nil(err)
            assert.equal(0, res.ErrorCode)
        end
        assert.equal(3, #lines)
        assert.matches("^POST /v4/im_open_login_svc/account_import %-> 200 in ", lines[1])
        for _, l in ipairs(lines) do assert.not_matches("usersig", l) end
    end)

    it("a tim.loop client: three calls at once in one loop", function()
        local loop = require("tim.loop").new()
        local im = emu:client{ retries = 0, loop = loop }
        local results = {}
        for i = 1, 3 do
            loop:spawn(function()
                local res, err = im:call("im_open_login_svc/account_import", { UserID = "loop_user_" .. i })
                results[i] = res and res.ErrorCode or tostring(err)
            end)
        end
        loop:run()
        assert.same({ 0, 0, 0 }, results)
    end)
end)

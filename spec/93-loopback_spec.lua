-- make test and make demo never leave loopback, whatever TIM_* the environment holds.
-- spec/support/loopback_only (the tracer the demo-loopback, cli-loopback and docs gates run under) is shown to
-- catch every way out: TCP connect over IPv4 and IPv6, UDP sendto, a DNS lookup of a real name, from a child
-- process too; and to let loopback and Unix sockets through. Then make demo, with a real-looking app configured
-- and TIM_ENDPOINT pointing at a dead port, still runs against its own emulator and nowhere else.
local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local LUA = jit and "luajit" or "lua5.4"
local CHECK = ROOT .. "/spec/support/loopback_only"

local shell = require "support.shell"
local q, read, sh = shell.q, shell.read, shell.run

-- a Lua snippet run under the tracer
local function traced(lua_code)
    return sh("cd " .. q(ROOT) .. " && " .. q(CHECK) .. " -- " .. LUA .. " -e " .. q(lua_code))
end

local PRELUDE = 'local socket = require "socket" '

describe("spec/support/loopback_only", function()
    it("lets loopback TCP (IPv4 and IPv6) and Unix sockets through, and keeps the command's exit status", function()
        local code, out = traced(PRELUDE .. [[
            local c = socket.tcp() c:settimeout(0.2) c:connect("127.0.0.1", 9)
            local c6 = socket.tcp6() c6:settimeout(0.2) c6:connect("::1", 9)
            local s = assert(socket.bind("127.0.0.1", 0))
            local u = socket.udp() u:sendto("x", "127.0.0.1", (select(2, s:getsockname())))
            os.exit(7)]])
        assert.equal(7, code, out)
        assert.is_nil(out:find("off this machine", 1, true))
    end)

    it("fails a TCP connect to an address off the machine, and prints the call", function()
        local code, out = traced(PRELUDE .. 'local c = socket.tcp() c:settimeout(0.2) c:connect("192.0.2.1", 443)')
        assert.equal(97, code, out)
        assert.matches('inet_addr("192.0.2.1")', out, 1, true)
    end)

    it("fails an IPv6 connect and a UDP datagram off the machine", function()
        local code, out = traced(PRELUDE .. 'local c = socket.tcp6() c:settimeout(0.2) c:connect("2001:db8::1", 443)')
        assert.equal(97, code, out)
        assert.matches("2001:db8::1", out, 1, true)
        code, out = traced(PRELUDE .. 'socket.udp():sendto("x", "192.0.2.7", 9)')
        assert.equal(97, code, out)
        assert.matches("192.0.2.7", out, 1, true)
    end)

    it("fails a lookup of a real host name (the query goes to the nameserver) unless it is local", function()
        local resolv = read("/etc/resolv.conf") or ""
        local ns = resolv:match("\nnameserver%s+(%S+)") or resolv:match("^nameserver%s+(%S+)")
        local local_ns = ns and (ns:match("^127%.") or ns == "::1")
        local code, out = traced(PRELUDE .. 'socket.dns.toip("adminapisgp.im.qcloud.com")')
        if ns and not local_ns then
            assert.equal(97, code, out)
            assert.matches("htons(53)", out, 1, true)
        else
            -- a local caching resolver answers on loopback; its own upstream traffic is not ours
            assert.is_true(code == 0 or code == 97, out)
        end
    end)

    it("follows child processes", function()
        local code, out = sh("cd " .. q(ROOT) .. " && " .. q(CHECK) .. " -- sh -c " .. q(LUA .. " -e " .. q(PRELUDE
            .. 'local c = socket.tcp() c:settimeout(0.2) c:connect("192.0.2.2", 80)') .. "; exit 0"))
        assert.equal(97, code, out)
        assert.matches("192.0.2.2", out, 1, true)
    end)
end)

describe("make demo", function()
    it("runs against its own emulator whatever TIM_* says, and never off the machine", function()
        -- a real-looking app and region, and an endpoint where nothing listens: the demo must ignore them all
        local s = require("socket").bind("127.0.0.1", 0)
        local _, dead = s:getsockname()
        s:close()
        local env = ("TIM_SDKAPPID=1400555555 TIM_KEY=%s TIM_REGION=sgp TIM_ADMIN=ops "
                     .. "TIM_ENDPOINT=http://127.0.0.1:%d TIM_CALLBACK_TOKEN=tok"):format(("ab"):rep(32), dead)
        local code, out = sh("cd " .. q(ROOT) .. " && env " .. env .. " " .. q(CHECK) .. " -- make -s demo LUA=" .. LUA)
        assert.equal(0, code, out)
        assert.matches("make demo: local emulator at http://127%.0%.0%.1:%d+", out)
        assert.matches("SDKAppID 1400000000", out, 1, true)        -- the emulator's identity, not the env's
        assert.is_nil(out:find("1400555555", 1, true))
        assert.matches("quickstart: all steps passed", out, 1, true)
    end)

    it("with LIVE=1 names the app and region it will change before doing anything", function()
        -- a region no one can reach from here: the demo says what it would change, then fails at the first call
        local code, out = sh("cd " .. q(ROOT) .. " && env TIM_SDKAPPID=1400555555 TIM_KEY=k TIM_REGION=atlantis "
                             .. "make -s demo LIVE=1 </dev/null")
        assert.is_not.equal(0, code)
        assert.matches("unknown region 'atlantis'", out, 1, true)
        code, out = sh("cd " .. q(ROOT) .. " && env -u TIM_SDKAPPID -u TIM_KEY make -s demo LIVE=1 </dev/null")
        assert.equal(2, code, out)
        assert.matches("set TIM_SDKAPPID and TIM_KEY", out, 1, true)
        -- against a dead loopback endpoint it prints the app first, then fails; nothing leaves the machine
        local s = require("socket").bind("127.0.0.1", 0)
        local _, dead = s:getsockname()
        s:close()
        code, out = sh("cd " .. q(ROOT) .. " && env TIM_SDKAPPID=1400555555 TIM_KEY=k TIM_ENDPOINT=http://127.0.0.1:"
                       .. dead .. " " .. q(CHECK) .. " -- make -s demo LIVE=1 </dev/null")
        assert.is_not.equal(0, code)
        local said = out:find("running against Tencent IM itself: SDKAppID 1400555555, endpoint http://127.0.0.1:"
                              .. dead, 1, true)
        assert.truthy(said, out)
        assert.truthy(out:find("creates accounts and a group", 1, true))
        assert.truthy(said < (out:find("FAILED", 1, true) or 0))
        assert.is_nil(out:find("off this machine", 1, true))
    end)
end)

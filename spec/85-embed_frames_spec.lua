-- examples/embed: the C host's 60 fps frame loop with calls, injected 502s and rate-limit waits in flight. It must
-- run to the end and report its frame times (how long the frames took is the bench's business, not this spec's).
-- Before it, errors raised from Lua (an error object, a string) must print readably through the host's handler.
local support = require "support.emulator"

local ROOT = support.ROOT
local q = support.sh_quote

-- runs cmd -> its output, its exit code (read from the shell: LuaJIT's popen close does not give it)
local function sh(cmd)
    local p = assert(io.popen("{ " .. cmd .. " ; } 2>&1; echo \"exit=$?\""))
    local out = p:read("*a")
    p:close()
    local body, code = out:match("^(.-)exit=(%d+)%s*$")
    return body or out, tonumber(code)
end

describe("examples/embed frame loop", function()
    local emu, host

    setup(function()
        local out, code = sh("make -s -C " .. q(ROOT .. "/examples/embed") .. " all")
        assert(code == 0, "cannot build the host: " .. out)
        host = ROOT .. "/build/embed/host"
        emu = support.start{ latency = 20 }
    end)
    teardown(function() if emu then emu:stop() end end)

    it("runs its frames while calls, retries and rate-limit waits are in flight, and reports the frame times",
       function()
        local out, code = sh(string.format("cd %s && timeout 120 %s %s %s %d %s 120 12", q(ROOT), q(host), q(ROOT),
                                           q(emu.endpoint), emu.sdkappid, q(emu.key)))
        assert.equal(0, code, out)
        assert.matches("embed: all calls behaved", out, 1, true)
        -- an error raised as the error object (assert) and as its line (tim.assert): both read in C as the line
        for _, name in ipairs{ "strict_send", "checked_send" } do
            assert.matches("host: game." .. name .. " raised: tim: openim/sendmsg: api error 20003: receiver ghost",
                           out, 1, true)
        end
        local _, readable = out:gsub("raised, readable: tim: openim/sendmsg: api error 20003", "")
        assert.equal(2, readable)
        assert.is_nil(out:find("(null)", 1, true))
        local frames, calls, ok, failed, attempts, retried =
            out:match("frame loop: (%d+) frames of 16%.7 ms in [%d%.]+ s; (%d+) calls: (%d+) ok, (%d+) failed; " ..
                      "(%d+) attempts, (%d+) answered 502 and retried")
        assert.truthy(frames, out)
        assert.equal("120", calls)
        assert.equal("120", ok)
        assert.equal("0", failed)
        assert.equal("12", retried)
        assert.equal(120 + 12, tonumber(attempts))
        assert.is_true(tonumber(frames) > 1)
        local worst, p99, median = out:match("frame work %(game%.frame%(0%.002%)%): worst ([%d%.]+) ms, " ..
                                             "p99 ([%d%.]+) ms, median ([%d%.]+) ms")
        assert.truthy(worst, out)
        assert.is_true(tonumber(worst) >= tonumber(p99) and tonumber(p99) >= tonumber(median))
        assert.truthy(out:match("(%d+) waited for a rate%-limit token"))
    end)

    it("refuses bad arguments with exit 2", function()
        local _, code = sh(q(host) .. " only-one-arg")
        assert.equal(2, code)
        _, code = sh(string.format("%s %s %s %d %s -1", q(host), q(ROOT), q(emu.endpoint), emu.sdkappid, q(emu.key)))
        assert.equal(2, code)
    end)
end)

-- What the docs promise and once got wrong: the callback receiver outside nginx logs refused requests to stderr
-- (the reason, never the token or the Sign); `tim --help` lists every region code; the usersig / verify / decode
-- shell session of docs/cli.md runs as written.
local shell = require "support.shell"
local read = shell.read
local api = require "tim.api"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local LUA = jit and "luajit" or "lua5.4"
local q = shell.q

-- runs Lua code in a fresh interpreter; -> exit code, stdout, stderr
local function lua(code)
    local err = os.tmpname()
    local c, out = shell.run("cd " .. q(ROOT) .. " && " .. LUA .. " -e " .. q(code) .. " 2>" .. q(err))
    local e = read(err) or ""
    os.remove(err)
    return c, out, e
end

describe("the callback receiver outside nginx", function()
    local TOKEN = "cb-token-DO-NOT-LOG-4f1c"
    local PRELUDE = ([[
        local callback = require "tim.callback"
        local now = os.time()
        local function q(sign) return "SdkAppid=1400000000&CallbackCommand=State.StateChange&RequestTime=" .. now
            .. "&Sign=" .. sign end
        local good = q(callback.sign("%s", now))
        local body = '{"CallbackCommand":"State.StateChange"}'
    ]]):format(TOKEN)

    it("logs a refused request to stderr with its reason, and neither the token nor the Sign", function()
        local forged = ("ab"):rep(32)
        local code, out, err = lua(PRELUDE .. ([[
            local h = callback.new{ token = "%s", sdkappid = 1400000000 }
            local status = h:handle(q("%s"), body)
            io.write(status, " ")
            status = h:handle("SdkAppid=1400000001&CallbackCommand=State.StateChange", body)
            io.write(status, " ")
            io.write((h:handle(good, body)))]]):format(TOKEN, forged))
        assert.equal(0, code, err)
        assert.equal("403 403 200", out)
        assert.matches("tim.callback: refused a callback: bad_sign\n", err, 1, true)
        assert.matches("tim.callback: refused a callback: wrong_sdkappid\n", err, 1, true)
        assert.is_nil(err:find(TOKEN, 1, true))
        assert.is_nil(err:find(forged, 1, true))
        local n = select(2, err:gsub("\n", "\n"))
        assert.equal(2, n, "one line per refused request, nothing for the good one:\n" .. err)
    end)

    it("logs a failing handler to stderr too, and nothing with log = false", function()
        local code, out, err = lua(PRELUDE .. ([[
            local h = callback.new{ token = "%s", sdkappid = 1400000000 }
            h:on("State.StateChange", function() error("boom") end)
            io.write((h:handle(good, body)))]]):format(TOKEN))
        assert.equal(0, code, err)
        assert.equal("200", out)
        assert.matches("tim.callback: handler for State.StateChange failed: .*boom", err)
        code, out, err = lua(PRELUDE .. ([[
            local h = callback.new{ token = "%s", sdkappid = 1400000000, log = false }
            io.write((h:handle(q("00"), body)))]]):format(TOKEN))
        assert.equal(0, code, err)
        assert.equal("403", out)
        assert.equal("", err)
    end)
end)

describe("bin/tim", function()
    it("lists every region code of tim.api in its help", function()
        local code, out = shell.run("cd " .. q(ROOT) .. " && " .. LUA .. " bin/tim --help")
        assert.equal(0, code, out)
        local line = out:match("%-%-region NAME[^\n]*")
        assert.is_string(line)
        for _, r in ipairs(api.REGION_CODES) do
            assert.matches("[ (]" .. r .. "[ )]", line)
        end
        assert.matches("ksa", line, 1, true)
    end)

    it("runs docs/cli.md's usersig, verify and decode session as written", function()
        local doc = assert(read(ROOT .. "/docs/cli.md"))
        local session = {}
        for _, heading in ipairs{ "## tim usersig", "## tim verify", "## tim decode" } do
            local at = assert(doc:find("\n" .. heading, 1, true), heading)
            local code = doc:match("\n```sh\n(.-)\n```", at)
            session[#session + 1] = code
        end
        local script = table.concat(session, "\n")
        -- the one placeholder: the key
        local n
        script, n = script:gsub("TIM_KEY=…", "TIM_KEY=doc-session-key-0123456789")
        assert.equal(1, n, "the session's key placeholder changed:\n" .. script)
        local code, out = shell.run("cd " .. q(ROOT) .. " && env -u TIM_SDKAPPID -u TIM_KEY -u TIM_ENDPOINT "
                                    .. "-u TIM_REGION -u TIM_ADMIN bash -ec " .. q(script))
        assert.equal(0, code, script .. "\n->\n" .. out)
        assert.matches("\nok\n", "\n" .. out, 1, true)                  -- bin/tim verify ... && echo ok
        assert.matches('"identifier": "administrator"', out, 1, true)   -- bin/tim decode
        -- and what the text warns of: a VAR=value prefix sets the variables for that one command only
        code, out = shell.run("cd " .. q(ROOT) .. " && env -u TIM_SDKAPPID -u TIM_KEY bash -c "
            .. q('SIG=$(TIM_SDKAPPID=1400000000 TIM_KEY=k bin/tim usersig administrator); bin/tim verify "$SIG"'))
        assert.equal(2, code)
        assert.matches("no SDKAppID", out, 1, true)
    end)
end)

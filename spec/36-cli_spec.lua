-- bin/tim as a subprocess: output, exit codes (0 ok, 1 API error / invalid, 2 usage, 3 network, 4 HTTP), config
-- from the environment, no secret on screen.
local cjson = require "cjson"
local core = require "tim.core"
local support = require "support.emulator"

local ROOT = support.ROOT
local q = support.sh_quote

-- run("usersig bob", { TIM_KEY = … }, stdin) -> stdout, stderr, exit code
local function run(args, env, stdin)
    local out, err, rc, inp = os.tmpname(), os.tmpname(), os.tmpname(), os.tmpname()
    local f = assert(io.open(inp, "w")); f:write(stdin or ""); f:close()
    local envs = { "env", "-u", "TIM_SDKAPPID", "-u", "TIM_KEY", "-u", "TIM_ADMIN", "-u", "TIM_REGION", "-u",
                   "TIM_ENDPOINT" }
    for k, v in pairs(env or {}) do envs[#envs + 1] = q(k .. "=" .. v) end
    local cmd = string.format("cd %s && %s timeout 60 lua5.4 bin/tim %s <%s >%s 2>%s; echo $? >%s", q(ROOT),
                              table.concat(envs, " "), args, inp, out, err, rc)
    os.execute(cmd)
    local function slurp(p) local h = io.open(p); local s = h:read("*a"); h:close(); os.remove(p); return s end
    os.remove(inp)
    local o, e, c = slurp(out), slurp(err), tonumber(slurp(rc))
    return o, e, c
end

local APP = { TIM_SDKAPPID = "1400000123", TIM_KEY = "cli-spec-key-0123456789" }

describe("bin/tim", function()
    it("prints the command list for --help and exits 0; with no command it exits 2", function()
        local out, _, code = run("--help")
        assert.equal(0, code)
        for _, c in ipairs{ "usersig", "verify", "decode", "call", "endpoints", "emulator" } do
            assert.matches("\n  " .. c, out, 1, true)
        end
        local _, _, code2 = run("")
        assert.equal(2, code2)
    end)

    it("has --help for every command", function()
        for _, c in ipairs{ "usersig", "verify", "decode", "call", "endpoints", "emulator" } do
            local out, _, code = run(c .. " --help")
            assert.equal(0, code)
            assert.matches("Usage: tim " .. c, out, 1, true)
        end
    end)

    it("exits 2 and says so for an unknown command", function()
        local _, err, code = run("frobnicate")
        assert.equal(2, code)
        assert.matches("unknown command frobnicate", err, 1, true)
    end)

    describe("usersig / verify / decode", function()
        it("prints a valid UserSig alone on the last line, and never the key", function()
            local out, err, code = run("usersig bob --expire 3600", APP)
            assert.equal(0, code)
            local last = out:match("([^\n]+)\n?$")
            assert.truthy(core.verify(last, 1400000123, APP.TIM_KEY, "bob"))
            assert.is_nil((out .. err):find(APP.TIM_KEY, 1, true))
        end)

        it("exits 2 naming TIM_SDKAPPID when no SDKAppID is configured", function()
            local _, err, code = run("usersig bob", { TIM_KEY = "k" })
            assert.equal(2, code)
            assert.matches("TIM_SDKAPPID", err, 1, true)
        end)

        it("takes the SDKAppID from --sdkappid and the key from --key-file", function()
            local kf = os.tmpname()
            local f = io.open(kf, "w"); f:write("file-key\n"); f:close()
            local out, _, code = run("usersig carol --sdkappid 1400000999 --key-file " .. q(kf))
            os.remove(kf)
            assert.equal(0, code)
            assert.truthy(core.verify(out:match("([^\n]+)\n?$"), 1400000999, "file-key", "carol"))
        end)

        it("verify exits 0 for a valid sig and 1 with the reason for a bad one", function()
            local sig = core.usersig(1400000123, APP.TIM_KEY, "bob", 3600)
            local out, _, code = run("verify " .. q(sig) .. " --identifier bob", APP)
            assert.equal(0, code)
            assert.matches("^valid: identifier=bob", out)
            out, _, code = run("verify " .. q(sig) .. " --identifier alice", APP)
            assert.equal(1, code)
            assert.matches("invalid: wrong_identifier", out, 1, true)
            out, _, code = run("verify " .. q(core.usersig(1400000123, "other", "bob", 3600)), APP)
            assert.equal(1, code)
            assert.matches("invalid: bad_hmac", out, 1, true)
            local old = core.usersig(1400000123, APP.TIM_KEY, "bob", 10, nil, os.time() - 100)
            out, _, code = run("verify " .. q(old), APP)
            assert.equal(1, code)
            assert.matches("invalid: expired", out, 1, true)
        end)

        it("decode shows the fields as JSON without the HMAC, and exits 1 for garbage", function()
            local sig = core.usersig(1400000123, APP.TIM_KEY, "dora", 600, "buf")
            local out, _, code = run("decode " .. q(sig))
            assert.equal(0, code)
            local t = cjson.decode(out)
            assert.equal("dora", t.identifier)
            assert.equal(1400000123, t.sdkappid)
            assert.equal(600, t.expire)
            assert.equal("627566", t.userbuf_hex)
            assert.is_nil(t.sig)
            local _, _, code2 = run("decode not-a-sig")
            assert.equal(1, code2)
        end)
    end)

    describe("endpoints", function()
        it("lists the catalogue, filtered", function()
            local out, _, code = run("endpoints sendmsg")
            assert.equal(0, code)
            assert.matches("openim/sendmsg", out, 1, true)
            assert.is_nil(out:find("get_group_info", 1, true))
            local js = cjson.decode((run("endpoints group_msg_get_simple --json")))
            assert.equal("group_open_http_svc/group_msg_get_simple", js[1].endpoint)
        end)
    end)

    describe("call against the emulator", function()
        local emu, env

        setup(function()
            emu = support.start{}
            env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        end)
        teardown(function() if emu then emu:stop() end end)

        it("prints the answer as JSON and exits 0", function()
            local out, err, code = run("call im_open_login_svc/account_import '{\"UserID\":\"cli\"}'", env)
            assert.equal(0, code, err)
            assert.equal("OK", cjson.decode(out).ActionStatus)
            assert.is_nil((out .. err):find(emu.key, 1, true))
        end)

        it("reads the body from stdin with -", function()
            local out, _, code = run("call im_open_login_svc/account_check -", env,
                                     '{"CheckItem":[{"UserID":"cli"}]}')
            assert.equal(0, code)
            assert.equal("Imported", cjson.decode(out).ResultItem[1].AccountStatus)
        end)

        it("exits 1 on an API error, with the answer on stdout and one line on stderr without secrets", function()
            local out, err, code = run("call im_open_login_svc/kick '{\"UserID\":\"nobody\"}'", env)
            assert.equal(1, code)
            assert.equal(70107, cjson.decode(out).ErrorCode)
            assert.matches("api error 70107", err, 1, true)
            assert.is_nil(err:find("usersig=", 1, true))
            assert.is_nil(err:find(emu.key, 1, true))
        end)

        it("exits 2 for a bad path or a body that is not JSON", function()
            local _, _, c1 = run("call not-a-path", env)
            local _, _, c2 = run("call openim/sendmsg '{oops'", env)
            assert.equal(2, c1)
            assert.equal(2, c2)
        end)

        it("exits 3 when nothing listens at the endpoint", function()
            local e = { TIM_ENDPOINT = "http://127.0.0.1:1", TIM_SDKAPPID = "1400000000", TIM_KEY = "k" }
            local _, err, code = run("call im_open_login_svc/account_check '{\"CheckItem\":[{\"UserID\":\"a\"}]}' "
                                     .. "--retries 0", e)
            assert.equal(3, code)
            assert.matches("network", err, 1, true)
        end)

        it("exits 4 on an HTTP error status", function()
            emu:control("faults", { status = 502, count = 1 })
            local _, _, code = run("call im_open_login_svc/account_import '{\"UserID\":\"x\"}' --retries 0", env)
            assert.equal(4, code)
        end)

        it("exits 5 when the API keeps answering 60007 (rate limited)", function()
            emu:control("faults", { ratelimit_after = 1 })
            local im = emu:client{ retries = 0 }
            local err, code
            -- use up this second's one call, then call from the CLI (again if the second turned in between)
            for _ = 1, 5 do
                im.im_open_login_svc.account_check{ CheckItem = { { UserID = "x" } } }
                _, err, code = run("call im_open_login_svc/account_check '{\"CheckItem\":[{\"UserID\":\"x\"}]}'"
                                   .. " --retries 0", env)
                if code ~= 0 then break end
            end
            emu:control("faults", { clear = true })
            assert.equal(5, code, err)
            assert.matches("60007", err, 1, true)
        end)

        it("uses the emulator's built-in identity for a loopback endpoint with no key configured", function()
            local e2 = support.start{ sdkappid = 1400000000,
                                      key = require("tim.base.emulator_identity").key }
            local body = q('{"CheckItem":[{"UserID":"administrator"}]}')
            local out, err, code = run("call im_open_login_svc/account_check " .. body,
                                       { TIM_ENDPOINT = e2.endpoint })
            e2:stop()
            assert.equal(0, code, err)
            assert.equal("Imported", cjson.decode(out).ResultItem[1].AccountStatus)
        end)

        it("sends an oversized batch in chunks and prints the report, with a progress line on request", function()
            local ids = {}
            for i = 1, 600 do ids[i] = "r" .. i end
            local body = cjson.encode{ From_Account = emu.admin, To_Account = ids,
                                       MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "x" } } } }
            local out, err, code = run("call openim/batchsendmsg - --progress", env, body)
            -- none of the recipients exists: the service refused every one (exit 1), the report says so
            assert.equal(1, code, err)
            assert.matches("600/600 items (100%)", err, 1, true)
            local report = cjson.decode(out)
            assert.equal("tim.batch.report/1", report.format)
            assert.equal(2, #report.chunks)
            assert.equal(500, #report.chunks[1].answer.ErrorList)
            assert.equal(100, #report.chunks[2].answer.ErrorList)
            assert.equal(600, report.counts.failed)
            assert.equal(20003, report.failed[1].code)
            assert.matches("0 of 600 items done, 600 failed", err, 1, true)
        end)

        it("prints no progress line when stderr is not a terminal", function()
            local ids = {}
            for i = 1, 150 do ids[i] = { UserID = "p" .. i } end
            local out, err, code = run("call im_open_login_svc/multiaccount_import -", env,
                                       cjson.encode{ AccountList = ids })
            assert.equal(0, code, err)
            assert.equal("", err)
            assert.equal(150, cjson.decode(out).counts.done)
        end)
    end)

    describe("emulator", function()
        it("refuses --tls-cert without --tls-key, and a certificate it cannot read (exit 2)", function()
            local f = os.tmpname()
            local _, err, code = run("emulator --tls-cert " .. q(f))
            os.remove(f)
            assert.equal(2, code)
            assert.matches("go together", err, 1, true)
            _, err, code = run("emulator --tls-cert /nonexistent --tls-key /nonexistent")
            assert.equal(2, code)
            assert.matches("--tls-cert cannot read /nonexistent", err, 1, true)
        end)

        it("never prints its key, on stdout or stderr", function()
            local kf, errf = os.tmpname(), os.tmpname()
            local f = io.open(kf, "w"); f:write("very-secret-emulator-key"); f:close()
            local p = assert(io.popen("cd " .. q(ROOT) .. " && echo $$ && exec timeout 20 lua5.4 bin/tim emulator "
                                      .. "--port 0 --key-file " .. q(kf) .. " 2>" .. q(errf)))
            local pid, line = p:read("*l"), p:read("*l")
            os.execute("sleep 0.2; kill " .. pid)
            local rest = p:read("*a")
            p:close()
            local h = io.open(errf); local err = h:read("*a"); h:close()
            os.remove(kf); os.remove(errf)
            assert.matches("listening", line, 1, true)
            assert.matches("key from your configuration", err, 1, true)
            assert.is_nil((line .. rest .. err):find("very-secret-emulator-key", 1, true))
        end)

        it("prints its listening line first", function()
            local p = assert(io.popen("cd " .. q(ROOT) .. " && echo $$ && exec timeout 20 lua5.4 bin/tim emulator "
                                      .. "--port 0 --quiet"))
            local pid, line = p:read("*l"), p:read("*l")
            os.execute("kill " .. pid)
            p:close()
            assert.matches("^tim emulator listening on http://127%.0%.0%.1:%d+$", line)
        end)
    end)
end)

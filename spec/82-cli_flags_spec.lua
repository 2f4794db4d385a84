-- bin/tim's flags are strict: an unknown flag, a bad value, a missing value or a flag given twice is a usage
-- error (exit 2) and nothing is sent: the emulator's call counter proves it.
local cli_mod = require "tim.cli"
local support = require "support.emulator"
local cli = require "support.cli"

local q = cli.q

describe("tim.cli.parse", function()
    local list = cli_mod.FLAGS.call

    it("takes --name value and --name=value, booleans alone, and stops at --", function()
        local pos, flags = cli_mod.parse({ "a/b", "--timeout", "2.5", "--retries=0", "--all", "--", "--x" }, list)
        assert.same({ "a/b", "--x" }, pos)
        assert.equal(2.5, flags.timeout)
        assert.equal(0, flags.retries)
        assert.is_true(flags.all)
    end)

    it("names the flag and what is wrong, and suggests the flag meant", function()
        local cases = {
            { { "--retires", "0" }, "unknown flag --retires (did you mean --retries?)" },
            { { "--timout", "1" }, "unknown flag --timout (did you mean --timeout?)" },
            { { "--frobnicate" }, "unknown flag --frobnicate" },
            { { "-x" }, "unknown flag -x" },
            { { "--retries", "-1" }, "--retries must be an integer >= 0 (got -1)" },
            { { "--retries", "1.5" }, "--retries must be an integer >= 0 (got 1.5)" },
            { { "--timeout", "0" }, "--timeout must be a positive number of seconds (got 0)" },
            { { "--timeout", "soon" }, "--timeout must be a positive number of seconds (got soon)" },
            { { "--concurrency", "0" }, "--concurrency must be an integer in 1..256 (got 0)" },
            { { "--concurrency", "257" }, "--concurrency must be an integer in 1..256 (got 257)" },
            { { "--timeout" }, "--timeout needs a value (S)" },
            { { "--timeout", "--retries", "1" }, "--timeout needs a value (S)" },
            { { "--all=yes" }, "--all takes no value" },
            { { "--retries", "1", "--retries", "2" }, "--retries is given twice" },
            { { "--sdkappid", "0" }, "--sdkappid must be a positive integer (the SDKAppID) (got 0)" },
            { { "--region", "mars" }, "--region unknown region" },
            -- the file named once, with the system's reason
            { { "--csv", "/nonexistent/file.csv" },
              "--csv cannot read /nonexistent/file.csv: No such file or directory", once = "/nonexistent/file.csv" },
            { { "--csv", "/tmp" }, "--csv cannot read /tmp: Is a directory", once = "/tmp" },
            { { "--key", "" }, "--key must not be empty" },
        }
        for _, c in ipairs(cases) do
            local pos, msg = cli_mod.parse(c[1], list)
            assert.is_nil(pos, table.concat(c[1], " "))
            assert.matches(c[2], msg, 1, true)
            if c.once then
                local _, n = msg:gsub(c.once:gsub("%p", "%%%0"), "")
                assert.equal(1, n, msg)
            end
        end
    end)

    it("never echoes a secret flag's value", function()
        local pos, msg = cli_mod.parse({ "--key", "" }, list)
        assert.is_nil(pos)
        assert.equal("--key must not be empty", msg)
    end)

    it("lists every flag of every command in its --help", function()
        for name, flags in pairs(cli_mod.FLAGS) do
            local help = cli_mod.HELP[name]
            assert.matches("Usage: tim " .. name, help, 1, true)
            for _, f in ipairs(flags) do
                assert.matches("--" .. f[1], help, 1, true)
            end
        end
    end)
end)

describe("bin/tim strict flags", function()
    local emu, env, dir

    setup(function()
        emu = support.start{}
        env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        dir = cli.tmpdir()
        cli.write(dir .. "/ok.csv", "UserID,Nick\nf1,One\n")
        cli.write(dir .. "/bad.csv", "UserID,Nick\nf1,One\nf2,Two,extra\n")
        cli.write(dir .. "/empty.csv", "UserID,Nick\n")
        cli.write(dir .. "/bad.ndjson", '{"UserID":"f1"}\n{"UserID":\n')
        cli.write(dir .. "/notreport.json", '{"hello":1}')
        cli.write(dir .. "/other.json", '{"format":"tim.batch.report/1","path":"openim/batchsendmsg","field":'
                  .. '"To_Account","max":500,"total":0,"body":{},"counts":{"done":0,"failed":0,"in_doubt":0,'
                  .. '"not_sent":0},"done":[],"failed":[],"in_doubt":[],"not_sent":[],"chunks":[],"runs":[]}')
    end)
    teardown(function()
        if emu then emu:stop() end
        cli.rmdir(dir)
    end)

    local CHECK = "call im_open_login_svc/account_check '{\"CheckItem\":[{\"UserID\":\"x\"}]}'"
    local IMPORT = "call im_open_login_svc/multiaccount_import"

    local function calls()
        return emu:control("stats", {}).calls
    end

    it("exits 2 for each bad flag, naming it, and sends nothing", function()
        local cases = {
            { CHECK .. " --retires 0 --timout 1", "unknown flag --retires" },
            { CHECK .. " --retries -1", "--retries must be an integer >= 0 (got -1)" },
            { CHECK .. " --retries lots", "(got lots)" },
            { CHECK .. " --timeout 0", "--timeout must be a positive number of seconds (got 0)" },
            { CHECK .. " --timeout", "needs a value" },
            { CHECK .. " --deadline=-3", "--deadline must be a positive number of seconds (got -3)" },
            { CHECK .. " --retries 1 --retries 1", "given twice" },
            { CHECK .. " --region mars", "unknown region" },
            { CHECK .. " --sdkappid 12x", "(got 12x)" },
            { CHECK .. " --key-file /nonexistent", "cannot read /nonexistent" },
            { CHECK .. " --all", "not a paged command" },
            { CHECK .. " --progress --no-progress", "--progress or --no-progress" },
            { CHECK .. " --concurrency 4 --csv " .. q(dir .. "/ok.csv") .. " extra", "usage: tim call" },
            { "call openim/sendmsg --csv " .. q(dir .. "/ok.csv"), "no batch limits" },
            { "call openim/sendmsg --concurrency 2 '{}'", "no batch limits" },
            { "call openim/sendmsg --field To_Account '{}'", "for batch commands" },
            { IMPORT .. " --concurrency 0 --csv " .. q(dir .. "/ok.csv"),
              "--concurrency must be an integer in 1..256 (got 0)" },
            { IMPORT .. " --concurrency 9999 --csv " .. q(dir .. "/ok.csv"), "(got 9999)" },
            { IMPORT .. " --concurrency 2.5 --csv " .. q(dir .. "/ok.csv"), "(got 2.5)" },
            { IMPORT .. " --csv " .. q(dir .. "/ok.csv") .. " --ndjson " .. q(dir .. "/bad.ndjson"), "not both" },
            { IMPORT .. " --csv " .. q(dir .. "/bad.csv"), "bad.csv:3: 3 fields, the header has 2" },
            { IMPORT .. " --csv " .. q(dir .. "/empty.csv"), "holds no items" },
            { IMPORT .. " --ndjson " .. q(dir .. "/bad.ndjson"), "bad.ndjson:2: not a JSON value" },
            { IMPORT .. " --csv " .. q(dir .. "/ok.csv") .. " '{\"AccountList\":[{\"UserID\":\"z\"}]}'",
              "must not hold AccountList too" },
            { IMPORT .. " --csv " .. q(dir .. "/ok.csv") .. " --all", "--all follows pages" },
            { IMPORT .. " --resend-in-doubt --csv " .. q(dir .. "/ok.csv"), "go with --resume" },
            { IMPORT .. " --resume " .. q(dir .. "/notreport.json"),
              "cannot be resumed: it is not a report of im:batch" },
            { IMPORT .. " --resume " .. q(dir .. "/other.json"), "is a report of openim/batchsendmsg" },
            { IMPORT .. " --resume " .. q(dir .. "/other.json") .. " --csv " .. q(dir .. "/ok.csv"),
              "not with --csv" },
            { "usersig bob --expire -5", "--expire must be a positive number of seconds (got -5)" },
            { "usersig bob --expire soon", "(got soon)" },
            { "usersig bob --concurrency 2", "unknown flag --concurrency" },
            { "verify abc --identifer bob", "did you mean --identifier" },
            { "decode abc --json", "unknown flag --json" },
            { "endpoints --jsn", "did you mean --json" },
            { "emulator --port 70000", "--port must be an integer in 0..65535 (got 70000)" },
            { "emulator --latency slow", "(got slow)" },
            { "emulator --frobnicate", "unknown flag --frobnicate" },
            { "emulator --rate-limits lots", "--rate-limits must be documented or off (got lots)" },
            { "emulator --import /nonexistent.json", "--import cannot read /nonexistent.json" },
            { "emulator --export-on-exit /nonexistent/dir/out.json", "no directory /nonexistent/dir" },
            { "emulator --moderation-keywords ,", "--moderation-keywords must list at least one value" },
        }
        local before = calls()
        for _, c in ipairs(cases) do
            local out, err, code = cli.run(c[1], env)
            assert.equal(2, code, c[1] .. "\n" .. err)
            assert.matches(c[2], err, 1, true)
            assert.equal("", out, c[1])
        end
        assert.equal(before, calls())
    end)

    it("still runs a good command with the same flags spelled right", function()
        local before = calls()
        local out, err, code = cli.run(CHECK .. " --retries 0 --timeout 1", env)
        assert.equal(0, code, err)
        assert.matches("ResultItem", out, 1, true)
        assert.equal(before + 1, calls())
    end)
end)

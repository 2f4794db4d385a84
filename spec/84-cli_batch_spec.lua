-- bin/tim for ops: batches from CSV/NDJSON, N chunks at a time, the report on stdout when something is left,
-- --resume sending only what is left (counted by the emulator), and --all following pages to the end.
local cjson = require "cjson"
local support = require "support.emulator"
local cli = require "support.cli"

local q = cli.q

local function csv_accounts(from, to)
    local lines = { "UserID,Nick,FaceUrl" }
    for i = from, to do
        lines[#lines + 1] = string.format('c%d,"Player %d, the %dth",http://img.example/%d.png', i, i, i, i)
    end
    return table.concat(lines, "\r\n") .. "\r\n"
end

describe("tim call batches", function()
    local emu, env, dir, im

    setup(function()
        emu = support.start{}
        env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        dir = cli.tmpdir()
        im = emu:client{ ratelimit = false }
    end)
    teardown(function()
        if emu then emu:stop() end
        cli.rmdir(dir)
    end)
    before_each(function() emu:reset() end)

    local function stats() return emu:control("stats", {}) end

    it("imports accounts from a CSV, 4 chunks at a time, with the CSV's fields", function()
        local f = cli.write(dir .. "/a.csv", csv_accounts(1, 350))
        local out, err, code = cli.run("call im_open_login_svc/multiaccount_import --csv " .. q(f)
                                       .. " --concurrency 4", env)
        assert.equal(0, code, err)
        local report = cjson.decode(out)
        assert.same({ done = 350, failed = 0, in_doubt = 0, not_sent = 0 }, report.counts)
        assert.equal(4, #report.chunks)
        assert.equal(4, report.runs[1].concurrency)
        assert.equal(4, stats().calls)
        local res = assert(im.profile.portrait_get{ To_Account = { "c42" }, TagList = { "Tag_Profile_IM_Nick",
                                                                                        "Tag_Profile_IM_Image" } })
        local got = {}
        for _, p in ipairs(res.UserProfileItem[1].ProfileItem) do got[p.Tag] = p.Value end
        assert.equal("Player 42, the 42th", got.Tag_Profile_IM_Nick)
        assert.equal("http://img.example/42.png", got.Tag_Profile_IM_Image)
    end)

    it("runs the same under LuaJIT", function()
        local f = cli.write(dir .. "/j.csv", csv_accounts(1, 150))
        local out, err, code = cli.run("call im_open_login_svc/multiaccount_import --csv " .. q(f)
                                       .. " --concurrency 2", env, nil, { lua = "luajit" })
        assert.equal(0, code, err)
        assert.equal(150, cjson.decode(out).counts.done)
    end)

    it("sends the older Accounts form from NDJSON strings with --field Accounts", function()
        local lines = {}
        for i = 1, 120 do lines[i] = '"n' .. i .. '"' end
        local f = cli.write(dir .. "/ids.ndjson", table.concat(lines, "\n") .. "\n")
        local out, err, code = cli.run("call im_open_login_svc/multiaccount_import --ndjson " .. q(f)
                                       .. " --field Accounts", env)
        assert.equal(0, code, err)
        local report = cjson.decode(out)
        assert.equal("Accounts", report.field)
        assert.equal(120, report.counts.done)
        assert.equal("n1", report.done[1])
        local chk = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "n120" } } })
        assert.equal("Imported", chk.ResultItem[1].AccountStatus)
    end)

    it("on a chunk in doubt: exit 4, the report on stdout, a summary on stderr; --resume sends only what is "
       .. "left, and the in-doubt chunk only when asked", function()
        local f = cli.write(dir .. "/a.csv", csv_accounts(1, 300))
        emu:control("faults", { status = 502, count = 1 })      -- the first request: chunk 1
        local out, err, code = cli.run("call im_open_login_svc/multiaccount_import --csv " .. q(f)
                                       .. " --retries 0", env)
        assert.equal(4, code, err)
        local report = cjson.decode(out)
        assert.same({ done = 200, failed = 0, in_doubt = 100, not_sent = 0 }, report.counts)
        assert.equal("c1", report.in_doubt[1].item.UserID)
        assert.matches("200 of 300 items done, 0 failed, 100 in doubt, 0 not sent", err, 1, true)
        assert.matches("chunk 1: HTTP status 502", err, 1, true)
        assert.matches("in doubt: the command is safe to repeat", err, 1, true)
        local rf = cli.write(dir .. "/report.json", out)

        local before = stats().calls
        out, err, code = cli.run("call im_open_login_svc/multiaccount_import --resume " .. q(rf), env)
        assert.equal(4, code, err)                    -- still in doubt: nothing was sent
        assert.equal(before, stats().calls)
        assert.equal(100, cjson.decode(out).counts.in_doubt)

        out, err, code = cli.run("call --resume " .. q(rf) .. " --resend-in-doubt", env)
        assert.equal(0, code, err)
        assert.equal(before + 1, stats().calls)
        local r2 = cjson.decode(out)
        assert.same({ done = 300, failed = 0, in_doubt = 0, not_sent = 0 }, r2.counts)
        assert.equal(2, #r2.runs)
        assert.equal("", err)
    end)

    it("when the service cannot be reached: exit 3, every item not sent; --resume later sends them all", function()
        local f = cli.write(dir .. "/a.csv", csv_accounts(1, 250))
        local down = { TIM_ENDPOINT = "http://127.0.0.1:1", TIM_SDKAPPID = env.TIM_SDKAPPID, TIM_KEY = env.TIM_KEY }
        local out, err, code = cli.run("call im_open_login_svc/multiaccount_import --csv " .. q(f)
                                       .. " --concurrency 2", down)
        assert.equal(3, code, err)
        local report = cjson.decode(out)
        assert.equal(0, report.counts.done)
        assert.equal(250, report.counts.not_sent)
        assert.equal(250, report.left)
        assert.matches("--resume report.json", err, 1, true)
        local rf = cli.write(dir .. "/down.json", out)
        out, err, code = cli.run("call im_open_login_svc/multiaccount_import --resume " .. q(rf), env)
        assert.equal(0, code, err)
        assert.equal(250, cjson.decode(out).counts.done)
        assert.equal(3, stats().calls)
    end)

    it("exits 1 when the service refused some items, listing them in the report", function()
        assert(im.im_open_login_svc.multiaccount_import{ AccountList = { { UserID = "admin2" } } })
        local ids = { "admin2" }
        for i = 1, 600 do ids[#ids + 1] = "ghost" .. i end
        local body = cjson.encode{ From_Account = "admin2", To_Account = ids,
                                   MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hi" } } } }
        local out, err, code = cli.run("call openim/batchsendmsg - --concurrency 2", env, body)
        assert.equal(1, code, err)
        local report = cjson.decode(out)
        assert.equal(1, report.counts.done)
        assert.equal(600, report.counts.failed)
        assert.equal(2, #report.chunks)
        assert.is_string(report.chunks[1].answer.MsgKey)
        assert.matches("1 of 601 items done, 600 failed", err, 1, true)
    end)
end)

describe("tim call --all", function()
    local emu, env

    setup(function()
        emu = support.start{}
        env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        local im = emu:client{ ratelimit = false }
        for i = 1, 25 do
            assert(im.group_open_http_svc.create_group{ Owner_Account = "administrator", Type = "Public",
                                                        Name = "g" .. i })
        end
    end)
    teardown(function() if emu then emu:stop() end end)

    it("follows a paged command to its end and prints one answer with every item", function()
        local before = emu:control("stats", {}).calls
        local out, err, code = cli.run("call group_open_http_svc/get_appid_group_list '{\"Limit\":10}' --all "
                                       .. "--progress", env)
        assert.equal(0, code, err)
        local res = cjson.decode(out)
        assert.equal(25, #res.GroupIdList)
        local seen = {}
        for _, g in ipairs(res.GroupIdList) do
            assert.is_nil(seen[g.GroupId])
            seen[g.GroupId] = true
        end
        assert.equal(3, emu:control("stats", {}).calls - before)
        assert.matches("25 items", err, 1, true)
        assert.matches("3 pages", err, 1, true)
    end)

    it("stops at a failed page with its exit code", function()
        emu:control("faults", { status = 502, count = 1 })
        local _, err, code = cli.run("call group_open_http_svc/get_appid_group_list '{\"Limit\":10}' --all "
                                     .. "--retries 0", env)
        assert.equal(4, code, err)
        assert.matches("stopped after 0 pages", err, 1, true)
    end)
end)

describe("tim call's progress line", function()
    local emu, dir
    local cli_mod = require "tim.cli"

    setup(function()
        emu = support.start{}
        dir = cli.tmpdir()
    end)
    teardown(function()
        if emu then emu:stop() end
        cli.rmdir(dir)
    end)

    -- cli.main with a fake terminal: stderr's text, stdout's, the exit code
    local function main(args, tty)
        local out, err = {}, {}
        local t = 0
        local io_ = { out = function(s) out[#out + 1] = s end, err = function(s) err[#err + 1] = s end,
                      flush = function() end, stdin = function() return "" end, tty = function() return tty end,
                      now = function() t = t + 0.25 return t end }
        local env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        local code = cli_mod.main(args, io_, function(k) return env[k] end)
        return table.concat(err), table.concat(out), code
    end

    it("is rewritten in place on a terminal, with the count, the rate and an ETA", function()
        local f = cli.write(dir .. "/p.csv", csv_accounts(1, 400))
        local err, out, code = main({ "call", "im_open_login_svc/multiaccount_import", "--csv", f }, true)
        assert.equal(0, code, err)
        assert.equal(400, cjson.decode(out).counts.done)
        assert.matches("\r", err, 1, true)
        assert.matches("400/400 items (100%)", err, 1, true)
        assert.matches("items/s, ETA", err, 1, true)
        assert.equal("\n", err:sub(-1))                 -- the terminal's line is ended
    end)

    it("is not shown with --no-progress, nor when stderr is not a terminal", function()
        local f = cli.write(dir .. "/p.csv", csv_accounts(1, 200))
        local err, _, code = main({ "call", "im_open_login_svc/multiaccount_import", "--csv", f, "--no-progress" },
                                  true)
        assert.equal(0, code)
        assert.equal("", err)
        err, _, code = main({ "call", "im_open_login_svc/multiaccount_import", "--csv", f }, false)
        assert.equal(0, code)
        assert.equal("", err)
    end)
end)

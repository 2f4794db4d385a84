-- bin/tim stopped as an operator stops it (issue 21), against the emulator with latency: SIGINT during a
-- concurrent batch and SIGTERM during a sequential one, each at a random moment, and kill -9 with --report. Each
-- time: the exit code, a report that parses, every item the emulator holds done or in doubt in it, then `tim
-- settle` and a --resume that stores exactly the items not sent (counted in the emulator). Also: a second signal
-- ends at once; input that does not fit and damaged resume files are refused with exit 2 and nothing sent; a
-- fatal stop gives no --resume advice; the emulator exports its state on SIGTERM; a deeply nested answer prints.
local cjson = require "cjson"
local socket = require "socket"
local support = require "support.emulator"
local cli = require "support.cli"

local q = cli.q
local LUA = jit and "luajit" or "lua5.4"
local MSG = '{"From_Account":"u1","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"stop"}}]}'
local N = 200                  -- recipients u2..u201

math.randomseed(os.time())

-- spawn(args, env) -> proc: bin/tim in the background; proc.pid is the interpreter's own
local function spawn(dir, args, env)
    local envs = { "env", "-u", "TIM_SDKAPPID", "-u", "TIM_KEY", "-u", "TIM_ADMIN", "-u", "TIM_REGION" }
    for k, v in pairs(env) do envs[#envs + 1] = q(k .. "=" .. v) end
    local p = { out = dir .. "/out." .. math.random(1e9), err = dir .. "/err." .. math.random(1e9),
                rc = dir .. "/rc." .. math.random(1e9), pidf = dir .. "/pid." .. math.random(1e9) }
    -- no `timeout` in between: kill -9 must reach the interpreter itself
    local inner = string.format("echo $$ > %s; exec %s %s bin/tim %s", q(p.pidf), table.concat(envs, " "), LUA, args)
    os.execute(string.format("cd %s && ( sh -c %s > %s 2> %s; echo $? > %s ) > /dev/null 2>&1 &", q(support.ROOT),
                             q(inner), q(p.out), q(p.err), q(p.rc)))
    local deadline = socket.gettime() + 10
    repeat
        local f = io.open(p.pidf)
        p.pid = f and f:read("*l")
        if f then f:close() end
        if not p.pid then socket.sleep(0.01) end
    until p.pid or socket.gettime() > deadline
    assert(p.pid, "bin/tim did not start")
    return p
end

local function finish(p, seconds)
    local deadline = socket.gettime() + (seconds or 30)
    local rc
    repeat
        local f = io.open(p.rc)
        rc = f and tonumber(f:read("*l") or "")
        if f then f:close() end
        if not rc then socket.sleep(0.02) end
    until rc or socket.gettime() > deadline
    if not rc then os.execute("kill -9 " .. p.pid .. " 2>/dev/null") end
    assert(rc, "bin/tim did not end")
    return rc, cli.read(p.out), cli.read(p.err)
end

local function recipients()
    local t = {}
    for i = 2, N + 1 do t[#t + 1] = "u" .. i end
    return t
end

describe("tim call stopped", function()
    local emu, env, dir, im

    setup(function()
        emu = support.start{}
        env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        dir = cli.tmpdir()
        im = emu:client{ ratelimit = false }
        local lines = { "To_Account" }
        for _, id in ipairs(recipients()) do lines[#lines + 1] = id end
        cli.write(dir .. "/to.csv", table.concat(lines, "\n") .. "\n")
    end)
    teardown(function()
        if emu then emu:stop() end
        cli.rmdir(dir)
    end)
    before_each(function()
        emu:reset()
        local list = { { UserID = "u1" } }
        for _, id in ipairs(recipients()) do list[#list + 1] = { UserID = id } end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = list }))
    end)

    -- recipient -> messages from u1 the emulator holds
    local function stored()
        local counts = {}
        for _, id in ipairs(recipients()) do
            local res = assert(im.openim.admin_getroammsg{ Operator_Account = id, Peer_Account = "u1", MaxCnt = 10,
                                                           MinTime = 0, MaxTime = 4294967295 })
            counts[id] = res.MsgCnt
        end
        return counts
    end

    -- the report against the emulator: what it holds is done or in doubt, done ones exactly once
    local function truthful(report, counts, what)
        local done, doubt = {}, {}
        for _, id in ipairs(report.done) do done[id] = true end
        for _, e in ipairs(report.in_doubt) do doubt[e.item] = true end
        for id, n in pairs(counts) do
            if n > 0 then assert.is_true(done[id] or doubt[id], what .. ": " .. id .. " held, not in the report") end
            if done[id] then assert.equal(1, n, what .. ": " .. id) end
        end
    end

    -- settle (tim settle), then --resume: the resume stores exactly the items not sent, once each
    local function settle_and_resume(file, what)
        local out, err, code = cli.run("settle " .. q(file) .. " --min-age 0.5 --report " .. q(file), env, nil,
                                       { lua = LUA })
        assert.equal(0, code, what .. ": " .. err)
        local settled = cjson.decode(out)
        assert.equal(0, settled.counts.in_doubt)
        local before = stored()
        truthful(settled, before, what .. " (settled)")
        local not_sent = {}
        for _, id in ipairs(settled.not_sent) do not_sent[id] = true end
        out, err, code = cli.run("call --resume " .. q(file) .. " --concurrency 3", env, nil, { lua = LUA })
        assert.equal(0, code, what .. ": " .. err)
        assert.equal(N, cjson.decode(out).counts.done)
        for id, n in pairs(stored()) do
            assert.equal(before[id] + (not_sent[id] and 1 or 0), n, what .. ": " .. id)
            assert.equal(1, n, what .. ": " .. id)
        end
    end

    -- 40 chunks of 5, 80 ms each: about 1.1 s at concurrency 3, 3.2 s one at a time (after ~0.2 s of start)
    local function stop_at_random(signal, args, code_expected, span)
        emu:control("faults", { latency_ms = 80 })
        local report_file = dir .. "/" .. signal .. ".json"
        local p = spawn(dir, "call openim/batchsendmsg " .. q(MSG) .. " --csv " .. q(dir .. "/to.csv")
                             .. " --max 5 --report " .. q(report_file) .. " " .. args, env)
        local delay = 0.25 + math.random() * span
        socket.sleep(delay)
        os.execute("kill -" .. signal .. " " .. p.pid)
        local code, out, err = finish(p)
        local what = string.format("SIG%s after %.2f s", signal, delay)
        emu:control("faults", { clear = true })
        assert.equal(code_expected, code, what .. ": " .. err)
        local report = cjson.decode(out)
        assert.same(report, cjson.decode(cli.read(report_file)))     -- --report holds the same
        assert.equal(N, report.counts.done + report.counts.in_doubt + report.counts.not_sent, what)
        if report.counts.not_sent > 0 then assert.matches("--resume", err, 1, true) end
        assert.matches("stopped by SIG" .. signal, err, 1, true)
        truthful(report, stored(), what)
        settle_and_resume(report_file, what)
    end

    it("by SIGINT at a random moment of a concurrent batch: exit 130, the report, settle and resume", function()
        stop_at_random("INT", "--concurrency 3", 130, 0.7)
    end)

    it("by SIGTERM at a random moment of a sequential batch: exit 143, the report, settle and resume", function()
        stop_at_random("TERM", "", 143, 2.5)
    end)

    it("by kill -9 with --report: the file holds a report in which nothing is lost", function()
        emu:control("faults", { latency_ms = 80 })
        local file = dir .. "/killed.json"
        local p = spawn(dir, "call openim/batchsendmsg " .. q(MSG) .. " --csv " .. q(dir .. "/to.csv")
                             .. " --max 5 --concurrency 3 --report " .. q(file), env)
        local delay = 0.3 + math.random() * 0.6
        socket.sleep(delay)
        os.execute("kill -9 " .. p.pid)
        local code = finish(p)
        emu:control("faults", { clear = true })
        assert.equal(137, code)
        local report = cjson.decode(cli.read(file))
        local what = string.format("kill -9 after %.2f s", delay)
        assert.equal(N, report.counts.done + report.counts.in_doubt + report.counts.not_sent, what)
        truthful(report, stored(), what)
        settle_and_resume(file, what)
    end)

    it("at once on a second signal, still printing the report (the chunks in flight in doubt)", function()
        emu:control("faults", { latency_ms = 3000 })
        local p = spawn(dir, "call openim/batchsendmsg " .. q(MSG) .. " --csv " .. q(dir .. "/to.csv")
                             .. " --max 10 --concurrency 2", env)
        socket.sleep(0.6)
        os.execute("kill -INT " .. p.pid)
        socket.sleep(0.2)
        local t0 = socket.gettime()
        os.execute("kill -INT " .. p.pid)
        local code, out, err = finish(p)
        emu:control("faults", { clear = true })
        assert.is_true(socket.gettime() - t0 < 1.5, "the second signal did not end it at once")
        assert.equal(130, code, err)
        local report = cjson.decode(out)
        assert.equal(20, report.counts.in_doubt)
        assert.equal(N - 20, report.counts.not_sent)
        assert.matches("stopped at once", report.chunks[1].error.message, 1, true)
    end)
end)

describe("tim call refuses before sending", function()
    local emu, env, dir

    setup(function()
        emu = support.start{}
        env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
        dir = cli.tmpdir()
    end)
    teardown(function()
        if emu then emu:stop() end
        cli.rmdir(dir)
    end)

    local function calls() return emu:control("stats", {}).calls end

    local function refused(args, words)
        local before = calls()
        local out, err, code = cli.run(args, env, nil, { lua = LUA })
        assert.equal(2, code, args .. "\n" .. err)
        assert.equal("", out, args)
        for _, w in ipairs(words) do assert.matches(w, err, 1, true) end
        assert.equal(before, calls(), args .. ": something was sent")
        return err
    end

    it("input that lacks the batch's key field or does not fit it: exit 2, the row and field named", function()
        local f = cli.write(dir .. "/lower.csv", "userid,Nick\nann,Ann\nbob,Bob\n")
        refused("call im_open_login_svc/multiaccount_import --csv " .. q(f),
                { f .. " row 2", "userid", "did you mean UserID" })
        f = cli.write(dir .. "/three.csv", "To_Account,Nick,City\nann,Ann,Paris\n")
        refused("call openim/batchsendmsg " .. q(MSG) .. " --csv " .. q(f),
                { "To_Account takes one value a row", "3 columns" })
        f = cli.write(dir .. "/obj.ndjson", '"ann"\n{"To_Account":"bob"}\n')
        refused("call openim/batchsendmsg " .. q(MSG) .. " --ndjson " .. q(f), { f .. " line 2", "not an object" })
    end)

    it("a damaged resume file: exit 2 with the reason, nothing sent", function()
        -- a real report first: one chunk done, one in doubt, one failed retryable
        local im = emu:client{ ratelimit = false }
        assert(im:batch("im_open_login_svc/multiaccount_import", { Accounts = { "u1", "u2", "u3", "u4" } }))
        emu:control("faults", { status = 502, count = 1 })
        local out = cli.run("call openim/batchsendmsg " .. q(MSG) .. " --max 1 --retries 0 "
                            .. "--ndjson " .. q(cli.write(dir .. "/to.ndjson", '"u2"\n"u3"\n')), env, nil,
                            { lua = LUA })
        local good = cjson.decode(out)
        assert.equal(1, good.counts.in_doubt)
        local function damaged(name, fn)
            local r = cjson.decode(out)
            fn(r)
            return cli.write(dir .. "/" .. name .. ".json", cjson.encode(r))
        end
        local cases = {
            { damaged("number", function(r) r.in_doubt[1] = 7 end), "in_doubt[1] must be an object" },
            { damaged("body", function(r) r.body = "x" end), "body must be an object" },
            { damaged("retryable", function(r)
                r.failed = { { item = "u9", chunk = 1, retryable = "false" } }
                r.counts.failed, r.total = 1, r.total + 1
            end), "failed[1].retryable must be true or false" },
            { damaged("twice", function(r)
                r.not_sent = { r.in_doubt[1].item }
                r.counts.not_sent, r.total = 1, r.total + 1
            end), "in exactly one state" },
            { damaged("counts", function(r) r.counts.done = 5 end), "counts.done is 5" },
        }
        for _, c in ipairs(cases) do
            refused("call --resume " .. q(c[1]), { "cannot be resumed", c[2], "nothing was sent" })
        end
        refused("call --resume " .. q(cli.write(dir .. "/nojson.json", "{oops")), { "is not JSON" })
        refused("settle " .. q(cases[2][1]), { "cannot be settled", "body must be an object" })
    end)

    it("no --resume advice after a stop that resuming cannot help", function()
        local out, err, code = cli.run("call openim/batchsendmsg "
            .. q('{"From_Account":"ghost","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"x"}}]}')
            .. " --max 1 --ndjson " .. q(cli.write(dir .. "/g.ndjson", '"a"\n"b"\n"c"\n')), env, nil, { lua = LUA })
        assert.equal(1, code, err)
        local report = cjson.decode(out)
        assert.equal("fatal", report.runs[1].stopped.reason)
        assert.equal(2, report.counts.not_sent)
        assert.is_nil(err:find("--resume", 1, true), err)
        assert.matches("a resend would fail the same way", err, 1, true)
    end)
end)

describe("tim settle", function()
    it("settles a report from tim call, writes --report, and the resume sends the rest once", function()
        local emu = support.start{}
        local dir = cli.tmpdir()
        local ok, e = pcall(function()
            local env = { TIM_ENDPOINT = emu.endpoint, TIM_SDKAPPID = tostring(emu.sdkappid), TIM_KEY = emu.key }
            local im = emu:client{ ratelimit = false }
            assert(im:batch("im_open_login_svc/multiaccount_import", { Accounts = { "u1", "u2", "u3", "u4" } }))
            emu:control("faults", { status = 502, count = 1 })
            local file = dir .. "/r.json"
            local _, err, code = cli.run("call openim/batchsendmsg " .. q(MSG) .. " --max 2 --retries 0 --report "
                                         .. q(file) .. " --ndjson " .. q(cli.write(dir .. "/to.ndjson",
                                                                                 '"u2"\n"u3"\n"u4"\n')), env, nil,
                                         { lua = LUA })
            assert.equal(4, code, err)
            assert.matches("tim settle " .. file, err, 1, true)
            local out
            out, err, code = cli.run("settle " .. q(file) .. " --min-age 0 --report " .. q(dir .. "/s.json"), env, nil,
                                     { lua = LUA })
            assert.equal(0, code, err)
            assert.matches("2 in doubt -> 0 done, 2 not sent", err, 1, true)
            assert.same(cjson.decode(out), cjson.decode(cli.read(dir .. "/s.json")))
            out, err, code = cli.run("call --resume " .. q(dir .. "/s.json"), env, nil, { lua = LUA })
            assert.equal(0, code, err)
            assert.equal(3, cjson.decode(out).counts.done)
        end)
        emu:stop()
        cli.rmdir(dir)
        assert(ok, e)
    end)
end)

describe("tim emulator --export-on-exit", function()
    it("writes the state on SIGTERM (tim.core's handler, under Lua 5.4 too)", function()
        local dir = cli.tmpdir()
        local file = dir .. "/state.json"
        local p = spawn(dir, "emulator --port 0 --export-on-exit " .. q(file), {})
        local deadline = socket.gettime() + 10
        local url
        repeat
            url = (cli.read(p.out) or ""):match("listening on (http://[%d%.:]+)")
            if not url then socket.sleep(0.02) end
        until url or socket.gettime() > deadline
        assert(url, "the emulator did not start")
        local tim = require "tim"
        local im = assert(tim.new{ endpoint = url, sdkappid = 1400000000,
                                   key = require("tim.emulator").DEFAULT_KEY, retries = 0 })
        assert(im.im_open_login_svc.account_import{ UserID = "kept-on-term" })
        os.execute("kill -TERM " .. p.pid)
        local code, _, err = finish(p, 10)
        assert.equal(0, code, err)
        assert.matches("stopped by SIGTERM", err, 1, true)
        assert.matches("export TIM_ENDPOINT=" .. url .. "\n", err, 1, true)     -- to paste in another shell
        local snap = cjson.decode(cli.read(file))
        assert.equal("tim-emulator-state", snap.format)
        assert.matches("kept-on-term", cli.read(file), 1, true)
        cli.rmdir(dir)
    end)
end)

describe("tim call's progress line", function()
    it("gives the rate over the last 10 s, and the count at once when a stop comes", function()
        local cli_batch = require "tim.cli.batch"
        local lines, t = {}, 0
        local io_ = { err = function(x) lines[#lines + 1] = x end, tty = function() return false end,
                      now = function() return t end }
        local p = cli_batch.progress(io_, { progress = true }, "tim call x")
        t = 1; p.update(100, 1000)
        t = 21; p.update(120, 1000)                  -- a stall: 20 items in the last 20 s
        assert.matches("120/1000 items %(12%%%), 1 items/s", lines[#lines])
        t = 21.2; p.update(130, 1000)                -- too soon for another line off a terminal
        local n = #lines
        p.stopping("stopping (SIGINT)")              -- but a stop shows at once, with the count as it stands
        assert.equal(n + 1, #lines)
        assert.matches("130/1000 items", lines[#lines], 1, true)
        assert.matches("stopping (SIGINT)", lines[#lines], 1, true)
    end)
end)

describe("tim call's report", function()
    -- a server that answers every request OK, with a member nested 500 deep
    local SERVER = [[
local socket = require "socket"
local srv = assert(socket.bind("127.0.0.1", 0))
local _, port = srv:getsockname()
print(port) io.stdout:flush()
local body = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","FailAccounts":[],"Deep":'
    .. string.rep("[", 500) .. string.rep("]", 500) .. "}"
for _ = 1, 20 do
    local c = srv:accept()
    c:settimeout(5)
    local len = 0
    repeat
        local l = c:receive("*l")
        local n = l and l:lower():match("^content%-length:%s*(%d+)")
        if n then len = tonumber(n) end
    until not l or l == ""
    if len > 0 then c:receive(len) end
    c:send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " .. #body
           .. "\r\n\r\n" .. body)
    c:close()
end
]]

    it("is printed even when lua-tim fails inside the batch after chunks went out, without its file paths",
       function()
        local rep = require "tim.client.batch.report"
        local cli_batch = require "tim.cli.batch"
        -- a client whose batch hands over a checkpoint (chunk 1 done, chunk 2 in flight), then raises
        local fake = { batch = function(_, path, _, opts)
            local r = rep.new(path, "Accounts", 1, {}, { "a", "b", "c" })
            r.chunks[1] = { n = 1, run = 1, items = 1, state = "done", sent_at = 1 }
            r.chunks[2] = { n = 2, run = 1, items = 1, state = "in_doubt", in_flight = true, sent_at = 2 }
            r.done[1], r.in_doubt[1], r.not_sent[1] = "a", { item = "b", chunk = 2 }, "c"
            r.counts = { done = 1, failed = 0, in_doubt = 1, not_sent = 1 }
            assert(rep.check(r))
            opts.on_checkpoint(rep.summarise(r))
            error("/usr/share/lua/5.4/tim/batch/run.lua:123: attempt to index a nil value")
        end }
        local out, err = {}, {}
        local io_ = { out = function(x) out[#out + 1] = x end, err = function(x) err[#err + 1] = x end,
                      tty = function() return false end, now = os.time }
        local code = cli_batch.run(io_, fake, "im_open_login_svc/multiaccount_import", {}, {}, "Accounts")
        out, err = table.concat(out), table.concat(err)
        assert.equal(1, code)
        assert.same({ done = 1, failed = 0, in_doubt = 1, not_sent = 1 }, cjson.decode(out).counts)
        assert.matches("internal error: attempt to index a nil value", err, 1, true)
        assert.is_nil(err:find(".lua:", 1, true), err)
    end)

    it("prints whatever the service answered, however deeply nested", function()
        local dir = cli.tmpdir()
        local script = cli.write(dir .. "/server.lua", SERVER)
        local p = io.popen("echo $$; exec timeout 30 " .. LUA .. " " .. q(script))
        local pid = p:read("*l")
        local port = p:read("*l")
        local csv = cli.write(dir .. "/a.csv", "UserID\nd1\nd2\n")
        local out, err, code = cli.run("call im_open_login_svc/multiaccount_import --csv " .. q(csv),
                                       { TIM_ENDPOINT = "http://127.0.0.1:" .. port }, nil, { lua = LUA })
        os.execute("kill " .. pid .. " 2>/dev/null")
        p:close()
        cli.rmdir(dir)
        assert.equal(0, code, err)
        assert.is_nil(err:find("internal error", 1, true))
        local report = cjson.decode(out)
        assert.equal(2, report.counts.done)
        assert.is_table(report.chunks[1].answer.Deep)
    end)
end)

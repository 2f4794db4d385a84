-- The emulator's state in and out: GET /_emulator/state (the snapshot), POST /_emulator/state (load one, whole or
-- not at all), tim emulator --import FILE and --export-on-exit FILE (on POST /_emulator/stop and on SIGINT).
local cjson = require "cjson"
local socket = require "socket"
local support = require "support.emulator"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

local shell = require "support.shell"
local read_all, write = shell.read, shell.write

-- a CLI emulator with extra flags, under `timeout -s INT` so it cannot outlive the run
local function start_cli(extra)
    local args = { "--port", "0", "--sdkappid", tostring(support.SDKAPPID), "--key", support.KEY, "--quiet" }
    for _, a in ipairs(extra) do args[#args + 1] = a end
    for i, a in ipairs(args) do args[i] = support.sh_quote(a) end
    local cmd = string.format("cd %s && echo $$ && exec timeout -s INT 120 lua5.4 bin/tim emulator %s 2>&1",
                              support.sh_quote(support.ROOT), table.concat(args, " "))
    local p = assert(io.popen(cmd, "r"))
    local pid = p:read("*l")
    local line = p:read("*l")
    local port = (line or ""):match("listening on http://127%.0%.0%.1:(%d+)$")
    return { pipe = p, pid = pid, line = line, port = tonumber(port),
             endpoint = port and ("http://127.0.0.1:" .. port) or nil, sdkappid = support.SDKAPPID,
             key = support.KEY, admin = support.ADMIN, host = "127.0.0.1" }
end

local function wait_exit(proc)
    local rest = proc.pipe:read("*a")
    proc.pipe:close()
    return rest
end

describe("tim.emulator state snapshots", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function() emu:reset() end)

    local function get_state()
        local status, body = emu:raw("GET", "/_emulator/state")
        assert.equal(200, status)
        return cjson.decode(body), body
    end

    local function post_state(body)
        local status, answer = emu:raw("POST", "/_emulator/state", body, { ["Content-Type"] = "application/json" })
        return status, cjson.decode(answer)
    end

    it("exports a versioned snapshot that loads back to the same state", function()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "alice", "bob" } })
        assert(im.profile.portrait_set{ From_Account = "alice",
                                        ProfileItem = { { Tag = "Tag_Profile_IM_Nick", Value = "Alice" } } })
        local sent = assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgBody = text("hi") })
        local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "alice", Type = "Public", Name = "g",
                                                              MemberList = { { Member_Account = "bob" } } })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = g.GroupId, From_Account = "bob",
                                                      MsgBody = text("in group") })
        assert(im.sns.friend_import{ From_Account = "alice", AddFriendItem = {
            { To_Account = "bob", AddSource = "AddSource_Type_Spec", GroupName = { "pals" } } } })
        assert(im.openconfigsvr.setnospeaking{ Set_Account = "bob", GroupmsgNospeakingTime = 600 })
        local snap, raw = get_state()
        assert.equal("tim-emulator-state", snap.format)
        assert.equal(1, snap.version)
        assert.is_table(snap.families.c2c.messages)

        emu:reset()
        local check = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "bob" } } })
        assert.equal("NotImported", check.ResultItem[1].AccountStatus)

        local status, answer = post_state(raw)
        assert.equal(200, status)
        assert.is_true(answer.ok)
        local h = assert(im.openim.admin_getroammsg{ Operator_Account = "bob", Peer_Account = "alice", MaxCnt = 10,
                                                     MinTime = 0, MaxTime = 4294967295 })
        assert.equal(sent.MsgKey, h.MsgList[1].MsgKey)
        local gh = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = g.GroupId, ReqMsgNumber = 5 })
        assert.equal("in group", gh.RspMsgList[1].MsgBody[1].MsgContent.Text)
        local p = assert(im.profile.portrait_get{ To_Account = { "alice" }, TagList = { "Tag_Profile_IM_Nick" } })
        assert.equal("Alice", p.UserProfileItem[1].ProfileItem[1].Value)
        local f = assert(im.sns.friend_get{ From_Account = "alice", StartIndex = 0 })
        assert.equal("bob", f.UserDataItem[1].To_Account)
        assert.is_true(assert(im.openconfigsvr.getnospeaking{ Get_Account = "bob" }).GroupmsgNospeakingTime > 0)
        -- the dedup window came along: the same send again is the same message
        local again = assert(im.openim.sendmsg{ From_Account = "bob", To_Account = "alice", MsgRandom = 7, MsgSeq = 3,
                                                MsgBody = text("once") })
        local _, raw2 = get_state()
        assert(post_state(raw2))
        local third = assert(im.openim.sendmsg{ From_Account = "bob", To_Account = "alice", MsgRandom = 7, MsgSeq = 3,
                                                MsgBody = text("once") })
        assert.equal(again.MsgKey, third.MsgKey)
        -- a second export of the loaded state is the same document (exported_at aside)
        local a, b = cjson.decode(raw2), get_state()
        -- (the call counter moves with every request)
        a.exported_at, b.exported_at, a.core.stats, b.core.stats = nil, nil, nil, nil
        assert.same(a.core, b.core)
        for _, name in ipairs{ "c2c", "group", "sns", "recentcontact", "config" } do
            assert.same(a.families[name], b.families[name], name)
        end
    end)

    it("refuses an unknown format or version, or a malformed family, and keeps the state it had", function()
        assert(im.im_open_login_svc.account_import{ UserID = "keeper" })
        local cases = {
            { '{"format":"something-else","version":1}', "not a tim emulator snapshot" },
            { '{"format":"tim-emulator-state","version":2}', "version 2 is not supported" },
            { '{"format":"tim-emulator-state","version":1,"families":{"nope":{}}}', "unknown family nope" },
            { '{"format":"tim-emulator-state","version":1,"core":{"accounts":[{"UserID":"x"}]},'
              .. '"families":{"c2c":{"messages":[{"From_Account":"x"}]}}}', "families.c2c" },
            { '[1,2,3]', "not" },
        }
        for _, c in ipairs(cases) do
            local status, answer = post_state(c[1])
            assert.equal(400, status, c[1])
            assert.is_false(answer.ok)
            assert.matches(c[2], answer.error, 1, true)
        end
        local status = emu:raw("POST", "/_emulator/state", "{not json", { ["Content-Type"] = "application/json" })
        assert.equal(400, status)
        -- nothing was half-loaded: x never appeared, keeper is still there
        local res = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "keeper" },
                                                                             { UserID = "x" } } })
        assert.equal("Imported", res.ResultItem[1].AccountStatus)
        assert.equal("NotImported", res.ResultItem[2].AccountStatus)
    end)
end)

describe("tim emulator --import and --export-on-exit", function()
    local dir

    setup(function()
        local p = io.popen("mktemp -d")
        dir = p:read("*l")
        p:close()
    end)
    teardown(function() if dir then os.execute("rm -rf " .. support.sh_quote(dir)) end end)

    local function client(proc)
        return support.client(proc, { retries = 0 })
    end

    it("writes the state on POST /_emulator/stop and starts from it with --import", function()
        local out = dir .. "/a.json"
        local proc = start_cli{ "--export-on-exit", out }
        assert.is_number(proc.port, tostring(proc.line))
        local im = client(proc)
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "p", "q" } })
        local sent = assert(im.openim.sendmsg{ From_Account = "p", To_Account = "q", MsgBody = text("kept") })
        local status = support.raw(proc, "POST", "/_emulator/stop", "{}", { ["Content-Type"] = "application/json" })
        assert.equal(200, status)
        local said = wait_exit(proc)
        local snap = cjson.decode((assert(read_all(out), "no export written: " .. said)))
        assert.equal("tim-emulator-state", snap.format)

        local proc2 = start_cli{ "--import", out }
        assert.is_number(proc2.port, tostring(proc2.line))
        local im2 = client(proc2)
        local h = assert(im2.openim.admin_getroammsg{ Operator_Account = "q", Peer_Account = "p", MaxCnt = 5,
                                                      MinTime = 0, MaxTime = 4294967295 })
        assert.equal(sent.MsgKey, h.MsgList[1].MsgKey)
        os.execute("kill -INT " .. proc2.pid)
        wait_exit(proc2)
    end)

    it("refuses a malformed or unknown-version import at start, with exit code 2 and a clear message", function()
        local bad = dir .. "/bad.json"
        write(bad, '{"format":"tim-emulator-state","version":9}')
        local proc = start_cli{ "--import", bad }
        assert.is_nil(proc.port)
        assert.matches("version 9 is not supported", proc.line .. wait_exit(proc), 1, true)
        write(bad, '{"format":"tim-emulator-state",')
        local p = io.popen(string.format("cd %s && lua5.4 bin/tim emulator --port 0 --quiet --import %s 2>&1; "
                                         .. "echo rc=$?", support.sh_quote(support.ROOT), support.sh_quote(bad)))
        local all = p:read("*a")
        p:close()
        assert.matches("not JSON", all, 1, true)
        assert.matches("rc=2", all, 1, true)
    end)
end)

-- keep luacheck quiet about the socket module used by support.raw
local _ = socket

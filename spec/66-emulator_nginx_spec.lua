-- `tim emulator --nginx`: the emulator served by nginx with the Lua module and one worker
-- (tim.server.emulator.openresty, tim.server.emulator.ngx). It starts, answers documented requests through the SDK
-- with state that persists from one request to the next (and, through --export-on-exit and --import, from one run to
-- the next), keeps the control plane's guard, and stops cleanly: on SIGTERM and on POST /_emulator/stop nginx is
-- gone and its prefix removed.
local socket = require "socket"
local shell = require "support.shell"
local support = require "support.emulator"

local ROOT = support.ROOT
local q = shell.q

-- start{ args = { ... } } -> { pid, endpoint, nginx_pid, prefix, stderr = path, proc = popen }
local function start(args)
    local err = os.tmpname()
    local keyfile = os.tmpname()
    shell.write(keyfile, support.KEY)
    local words = { "--nginx", "--port", "0", "--sdkappid", tostring(support.SDKAPPID), "--key-file", keyfile }
    for _, a in ipairs(args or {}) do words[#words + 1] = a end
    for i, w in ipairs(words) do words[i] = q(w) end
    -- the inner shell's pid becomes timeout's (which passes a TERM on to tim); the outer one reports the exit
    -- status, which LuaJIT's popen close() does not
    local inner = ("echo $$; exec timeout 120 lua5.4 bin/tim emulator %s 2>%s"):format(table.concat(words, " "),
                                                                                      q(err))
    local p = assert(io.popen(("cd %s && (sh -c %s; echo \"exit=$?\")"):format(q(ROOT), q(inner))))
    local pid = tonumber(p:read("*l"))
    local line = p:read("*l")
    os.remove(keyfile)
    local endpoint = line and line:match("^tim emulator listening on (http://127%.0%.0%.1:%d+)$")
    local e = { pid = pid, proc = p, endpoint = endpoint, stderr = err, first_line = line,
                code = tonumber(line and line:match("^exit=(%d+)$")) }
    for _ = 1, 50 do
        local text = shell.read(err) or ""
        e.nginx_pid, e.prefix = text:match("served by nginx %(pid (%d+), log (%S+)/logs/error%.log%)")
        if e.nginx_pid then break end
        socket.sleep(0.05)
    end
    e.nginx_pid = tonumber(e.nginx_pid)
    return e
end

-- wait for the CLI to exit -> its exit status
local function finish(e)
    local code = e.code
    for line in e.proc:lines() do code = tonumber(line:match("^exit=(%d+)$")) or code end
    e.proc:close()
    return code
end

-- a daemon's exited master may stay a zombie until init reaps it: /proc tells
local function alive(pid)
    local stat = shell.read("/proc/" .. pid .. "/stat")
    if stat then return stat:match("^%d+ %b() (%a)") ~= "Z" end
    return shell.ok("kill -0 " .. pid .. " 2>/dev/null")
end

local function gone(pid)
    for _ = 1, 100 do
        if not alive(pid) then return true end
        socket.sleep(0.05)
    end
    return false
end

local function client(e)
    local tim = require "tim"
    return assert(tim.new{ endpoint = e.endpoint, sdkappid = support.SDKAPPID, key = support.KEY, retries = 0 })
end

-- support.emulator's control(), pointed at this emulator
local function control(e, name, body)
    local host, port = e.endpoint:match("^http://([^:]+):(%d+)$")
    return setmetatable({ host = host, port = tonumber(port) }, { __index = support }):control(name, body)
end

local function roam(im, a, b)
    return assert(im.openim.admin_getroammsg{ Operator_Account = a, Peer_Account = b, MaxCnt = 20, MinTime = 0,
                                              MaxTime = 4294967295 })
end

describe("tim emulator --nginx", function()
    it("answers the SDK from one nginx worker, keeps its state across requests, and stops on SIGTERM", function()
        local e = start()
        finally(function() if e.pid then os.execute("kill " .. e.pid .. " 2>/dev/null") end end)
        assert.is_string(e.endpoint, tostring(e.first_line) .. (shell.read(e.stderr) or ""))
        assert.is_number(e.nginx_pid)
        local im = client(e)
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "ann", "bob" } })
        local sent = {}
        for i = 1, 3 do
            sent[i] = assert(im.openim.sendmsg{ From_Account = "ann", To_Account = "bob",
                MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hello " .. i } } } })
        end
        local res = roam(im, "ann", "bob")
        assert.are.equal(3, res.MsgCnt)
        assert.are.equal("hello 3", res.MsgList[3].MsgBody[1].MsgContent.Text)
        assert.are.equal(sent[3].MsgKey, res.MsgList[3].MsgKey)
        -- the emulator's own answers: a bad sig, an unknown account
        local bad = require("tim").new{ endpoint = e.endpoint, sdkappid = support.SDKAPPID, key = "another-key",
                                        retries = 0 }
        local _, err = bad.im_open_login_svc.multiaccount_import{ Accounts = { "x" } }
        assert.are.equal(70009, err.code)
        local _, err2 = im.openim.sendmsg{ From_Account = "ann", To_Account = "nobody",
            MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "x" } } } }
        assert.are.equal(20003, err2.code)

        -- the control plane: the guard, then the stats of this worker
        local host, port = e.endpoint:match("^http://([^:]+):(%d+)$")
        local c = assert(socket.connect(host, tonumber(port)))
        c:settimeout(5)
        c:send("GET /_emulator/stats HTTP/1.1\r\nHost: evil.example:" .. port .. "\r\nConnection: close\r\n\r\n")
        assert.matches("^HTTP/1%.1 403", c:receive("*a"))
        c:close()
        local stats = control(e, "stats", {})
        assert.are.equal(3, stats.messages)
        assert.are.equal(3, stats.accounts)           -- ann, bob and the admin
        assert.is_true(stats.connections >= 1)

        -- faults, as the emulator's own server injects them: a status, a latency (ngx.sleep), a dropped connection
        control(e, "faults", { status = 502, count = 1 })
        local _, ferr = im.im_open_login_svc.multiaccount_import{ Accounts = { "cy" } }
        assert.are.equal(502, ferr.http_status)
        control(e, "faults", { latency_ms = 200 })
        local t0 = socket.gettime()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "cy" } })
        assert.is_true(socket.gettime() - t0 >= 0.19)
        control(e, "faults", { clear = true, drop = 1 })
        local _, derr = im.im_open_login_svc.multiaccount_import{ Accounts = { "cy" } }
        assert.are.equal("network", derr.kind)
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "cy" } })

        assert.is_true(os.execute("kill -TERM " .. e.pid) ~= nil)
        assert.are.equal(0, finish(e))
        e.pid = nil
        assert.is_true(gone(e.nginx_pid), "nginx is still running")
        assert.is_nil(io.open(e.prefix .. "/conf/nginx.conf"), "the prefix is still there")
        os.remove(e.stderr)
    end)

    it("carries its state from one run to the next (--export-on-exit, --import) and stops on POST /_emulator/stop",
       function()
        local snap = os.tmpname()
        os.remove(snap)
        local e = start{ "--export-on-exit", snap, "--quiet" }
        finally(function() if e.pid then os.execute("kill " .. e.pid .. " 2>/dev/null") end; os.remove(snap) end)
        assert.is_string(e.endpoint)
        local im = client(e)
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "cat", "dog" } })
        assert(im.openim.sendmsg{ From_Account = "cat", To_Account = "dog",
                                  MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "kept" } } } })
        assert.is_true(control(e, "stop", {}).stopping)
        assert.are.equal(0, finish(e))
        e.pid = nil
        local text = assert(shell.read(snap))
        assert.matches('"tim%-emulator%-state"', text)

        local e2 = start{ "--import", snap }
        finally(function() if e2.pid then os.execute("kill " .. e2.pid .. " 2>/dev/null") end end)
        local res = roam(client(e2), "cat", "dog")
        assert.are.equal(1, res.MsgCnt)
        assert.are.equal("kept", res.MsgList[1].MsgBody[1].MsgContent.Text)
        os.execute("kill -TERM " .. e2.pid)
        assert.are.equal(0, finish(e2))
        e2.pid = nil
        assert.is_true(gone(e2.nginx_pid))
    end)

    it("refuses a snapshot it cannot load before it says it listens", function()
        local bad = os.tmpname()
        shell.write(bad, '{"format":"something else"}')
        local e = start{ "--import", bad }
        finally(function() os.remove(bad); os.remove(e.stderr) end)
        assert.is_nil(e.endpoint)
        assert.are.equal(2, finish(e))
        assert.matches("tim emulator snapshot", shell.read(e.stderr))
    end)
end)

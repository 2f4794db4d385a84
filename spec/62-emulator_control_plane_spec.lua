-- The emulator's control plane (/_emulator/...) answers the developer's own tools only, not a web page the
-- developer opens (tim.emulator.guard): GET only reads, a change takes POST with JSON, an Origin must be the
-- emulator's own, the Host a loopback name with its port. Each refusal is checked on both sides: what the
-- caller was told (status, Allow, message) and what the emulator did (its state, faults, journal: unchanged).
local cjson = require "cjson"
local socket = require "socket"
local support = require "support.emulator"
local guard = require "tim.server.emulator.guard"

describe("tim.emulator control plane", function()
    local emu, im, own

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
        own = "127.0.0.1:" .. emu.port
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.account_import{ UserID = "alice" })
    end)

    -- one exchange with exactly these headers (Host included: none unless given) -> status, headers, body
    local function send(method, path, headers, body)
        local c = assert(socket.connect(emu.host, emu.port))
        c:settimeout(10)
        local lines = { method .. " " .. path .. " HTTP/1.1", "Connection: close" }
        for k, v in pairs(headers or {}) do lines[#lines + 1] = k .. ": " .. v end
        if body then lines[#lines + 1] = "Content-Length: " .. #body end
        c:send(table.concat(lines, "\r\n") .. "\r\n\r\n" .. (body or ""))
        local data, _, partial = c:receive("*a")
        c:close()
        data = data or partial or ""
        local head, rest = data:match("^(.-)\r\n\r\n(.*)$")
        local h = {}
        for k, v in (head or ""):gmatch("\r\n([^:]+):%s*([^\r]*)") do h[k:lower()] = v end
        return tonumber(data:match("^HTTP/1%.%d (%d+)")), h, rest or ""
    end

    -- the state as the emulator exports it, without the export time
    local function state()
        local status, _, body = send("GET", "/_emulator/state", { Host = own })
        assert.equal(200, status)
        local snap = cjson.decode(body)
        snap.exported_at = nil
        return snap
    end

    -- still serving /v4, with no fault injected, alice still imported, the journal still holding its requests
    local function untouched(before)
        assert.same(before, state())
        local res = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "alice" } } })
        assert.equal("Imported", res.ResultItem[1].AccountStatus)
        local _, _, j = send("GET", "/_emulator/journal?since=0&state=0", { Host = own })
        assert.is_true(#cjson.decode(j).requests >= 1)
    end

    local JSON = "application/json"
    local STOP_STATE = cjson.encode({ format = "tim-emulator-state", version = 1 })
    -- what a page would send to each endpoint to do harm
    local HARM = {
        reset = "{}", stop = "{}", faults = '{"status":500,"count":1000000}', clock = '{"advance":100000}',
        config = '{"callback_url":"http://127.0.0.1:9/x"}', login = '{"UserID":"alice"}', state = STOP_STATE,
        journal = '{"clear":true}', join = '{"GroupId":"x","Member_Account":"alice"}',
        leave = '{"GroupId":"x","Member_Account":"alice"}',
    }

    it("takes no GET on an endpoint that changes state: GET /_emulator/stop leaves it running", function()
        local before = state()
        for _, name in ipairs{ "stop", "reset", "faults", "clock", "config", "login", "join", "leave" } do
            local status, h, body = send("GET", "/_emulator/" .. name, { Host = own })
            assert.equal(405, status, name)
            assert.equal("POST", h.allow, name)
            assert.matches("use POST", body, 1, true)
        end
        -- an <img> on a page sends a GET with the browser's own Host: the same answer
        assert.equal(405, (send("GET", "/_emulator/stop", { Host = own, Accept = "image/*" })))
        untouched(before)
    end)

    it("refuses a POST that is not JSON (a page's no-cors text/plain or form POST): 415, nothing changed", function()
        local before = state()
        for name, body in pairs(HARM) do
            for _, ctype in ipairs{ "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                                    "multipart/form-data; boundary=x", false } do
                local headers = { Host = own }
                if ctype then headers["Content-Type"] = ctype end
                local status, _, answer = send("POST", "/_emulator/" .. name, headers, body)
                assert.equal(415, status, name .. " " .. tostring(ctype))
                assert.matches("Content-Type: application/json", answer, 1, true)
            end
        end
        untouched(before)
    end)

    it("refuses a foreign Origin with 403 before reading or writing anything", function()
        local before = state()
        local foreign = { "http://evil.example", "null", "http://127.0.0.1:" .. (emu.port == 1 and 2 or emu.port - 1),
                          "https://127.0.0.1:" .. emu.port, "http://evil.example:" .. emu.port,
                          "http://127.0.0.1.evil.example:" .. emu.port }
        for _, origin in ipairs(foreign) do
            for name, body in pairs(HARM) do
                local status, _, answer = send("POST", "/_emulator/" .. name,
                                               { Host = own, Origin = origin, ["Content-Type"] = JSON }, body)
                assert.equal(403, status, origin .. " " .. name)
                assert.matches("own origin", answer, 1, true)
            end
            -- reads too: a page elsewhere learns nothing
            for _, path in ipairs{ "/_emulator/state", "/_emulator/journal?since=0", "/_emulator/stats",
                                   "/_emulator/ui" } do
                assert.equal(403, (send("GET", path, { Host = own, Origin = origin })), origin .. " " .. path)
            end
        end
        untouched(before)
    end)

    it("refuses a Host that is not loopback with this port (DNS rebinding) with 403: state, journal, dashboard",
       function()
        local before = state()
        local hosts = { "evil.example", "evil.example:" .. emu.port, "127.0.0.1", "localhost",
                        "127.0.0.1:" .. (emu.port == 1 and 2 or emu.port - 1), "127.0.0.1.evil.example:" .. emu.port,
                        "localhost.evil.example:" .. emu.port, "127.0.0.256:" .. emu.port, "0.0.0.0:" .. emu.port,
                        "[::2]:" .. emu.port, "localhost:0" .. emu.port, false }
        for _, host in ipairs(hosts) do
            local h = host and { Host = host } or {}
            for _, path in ipairs{ "/_emulator/state", "/_emulator/journal?since=0", "/_emulator/ui",
                                   "/_emulator/stats", "/_emulator/history?ChatType=C2C&MsgTime=2024010100",
                                   "/_emulator/nothing" } do
                local status, _, body = send("GET", path, h)
                assert.equal(403, status, tostring(host) .. " " .. path)
                assert.is_nil(body:find("alice", 1, true))
            end
            h["Content-Type"] = JSON
            for name, body in pairs(HARM) do
                assert.equal(403, (send("POST", "/_emulator/" .. name, h, body)), tostring(host) .. " " .. name)
            end
        end
        untouched(before)
    end)

    it("serves the same requests from its own origin and a loopback Host", function()
        for _, host in ipairs{ own, "localhost:" .. emu.port, "LOCALHOST:" .. emu.port, "[::1]:" .. emu.port,
                               "127.1.2.3:" .. emu.port } do
            local status, _, body = send("GET", "/_emulator/state", { Host = host })
            assert.equal(200, status, host)
            assert.matches('"alice"', body, 1, true)
            status, _, body = send("GET", "/_emulator/ui", { Host = host })
            assert.equal(200, status, host)
            assert.matches("tim emulator", body, 1, true)
            status = send("GET", "/_emulator/journal?since=0", { Host = host })
            assert.equal(200, status, host)
        end
        -- the dashboard's own POST: its Origin, JSON
        local status, _, body = send("POST", "/_emulator/journal", { Host = own, Origin = "http://" .. own,
                                     ["Content-Type"] = "application/json; charset=utf-8" }, '{"clear":true}')
        assert.equal(200, status, body)
        local _, _, j = send("GET", "/_emulator/journal?since=0&state=0", { Host = own })
        assert.equal(0, #cjson.decode(j).requests)
        -- a change from the own origin (under any loopback name) and from a tool without Origin
        status = send("POST", "/_emulator/faults", { Host = "localhost:" .. emu.port,
                      Origin = "http://localhost:" .. emu.port, ["Content-Type"] = JSON }, '{"status":502,"count":1}')
        assert.equal(200, status)
        local res, err = im.im_open_login_svc.account_check{ CheckItem = { { UserID = "alice" } } }
        assert.is_nil(res)
        assert.equal(502, err.http_status)
        status = send("POST", "/_emulator/reset", { Host = own, ["Content-Type"] = JSON }, "{}")
        assert.equal(200, status)
        res = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "alice" } } })
        assert.equal("NotImported", res.ResultItem[1].AccountStatus)
        -- stats reads with GET or POST
        assert.equal(200, (send("GET", "/_emulator/stats", { Host = own })))
        assert.equal(200, (send("POST", "/_emulator/stats", { Host = own, ["Content-Type"] = JSON }, "{}")))
        -- an unknown endpoint, asked properly, is a 404
        assert.equal(404, (send("GET", "/_emulator/nothing", { Host = own })))
    end)

    it("grants no CORS preflight: OPTIONS is 405 without any Access-Control header", function()
        local status, h = send("OPTIONS", "/_emulator/reset", { Host = own, Origin = "http://" .. own,
                                                                ["Access-Control-Request-Method"] = "POST" })
        assert.equal(405, status)
        for k in pairs(h) do assert.is_nil(k:find("^access%-control")) end
    end)
end)

describe("tim.server.emulator.guard.loopback_authority", function()
    it("takes a loopback name or address with the port, the port left out only where it is the default", function()
        local yes = { { "127.0.0.1:8080", 8080 }, { "localhost:8080", 8080 }, { "[::1]:8080", 8080 },
                      { "127.255.255.254:1", 1 }, { "LocalHost:8080", 8080 }, { "localhost", 80, "http" },
                      { "[::1]", 443, "https" } }
        for _, c in ipairs(yes) do
            assert.is_true(guard.loopback_authority(c[1], c[2], c[3] or "http"), c[1])
        end
        local no = { { "localhost", 8080 }, { "localhost:80", 8080 }, { "evil.example:8080", 8080 },
                     { "128.0.0.1:8080", 8080 }, { "127.0.0.1:8080:8080", 8080 }, { "127.0.0.1 :8080", 8080 },
                     { "[::1]:80", 8080 }, { "[::ffff:7f00:1]:8080", 8080 }, { "localhost", 443, "http" },
                     { "", 80 }, { ":8080", 8080 } }
        for _, c in ipairs(no) do
            assert.is_false(guard.loopback_authority(c[1], c[2], c[3] or "http"), c[1])
        end
        assert.is_false(guard.loopback_authority(nil, 80, "http"))
    end)
end)

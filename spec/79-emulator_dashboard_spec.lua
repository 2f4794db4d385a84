-- The dashboard at /_emulator/ui, in headless Chromium driven over the DevTools protocol (spec/support/cdp.lua):
-- the page loads, a message sent through the SDK afterwards shows up in it (live, by polling
-- /_emulator/journal), with its request in the request log and the failed callback in the callback log; the page
-- is searchable; its clear button (a JSON POST from its own origin) empties the journal; no key or UserSig ever
-- reaches it. It keeps a screenshot at build/dashboard.png.
local support = require "support.emulator"
local cdp = require "support.cdp"
local cjson = require "cjson"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator dashboard #slow", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        emu:raw("POST", "/_emulator/journal", '{"clear":true}', { ["Content-Type"] = "application/json" })
    end)

    it("serves one self-contained page: no external asset, a strict content security policy", function()
        local c = require("socket").connect(emu.host, emu.port)
        c:send("GET /_emulator/ui HTTP/1.1\r\nHost: 127.0.0.1:" .. emu.port .. "\r\nConnection: close\r\n\r\n")
        local raw = c:receive("*a")
        c:close()
        assert.matches("^HTTP/1%.1 200", raw)
        assert.matches("Content%-Type: text/html", raw)
        assert.matches("Content%-Security%-Policy: default%-src 'none'", raw)
        local html = raw:match("\r\n\r\n(.*)$")
        assert.is_nil(html:find("src=\"http", 1, true))
        assert.is_nil(html:find("href=\"http", 1, true))
        assert.is_nil(html:find("<link", 1, true))
        assert.matches("SDKAppID " .. emu.sdkappid, html)
        assert.equal(405, (emu:raw("POST", "/_emulator/ui", "{}", { ["Content-Type"] = "application/json" })))
    end)

    it("answers the journal since a sequence number, without the query of any request", function()
        assert(im.im_open_login_svc.account_import{ UserID = "a" })
        local status, body = emu:raw("GET", "/_emulator/journal?since=0")
        assert.equal(200, status)
        local j = cjson.decode(body)
        assert.equal(1, #j.requests)
        assert.equal("/v4/im_open_login_svc/account_import", j.requests[1].path)
        assert.equal(0, j.requests[1].code)
        assert.is_nil(body:find("usersig", 1, true))
        assert.is_nil(body:find(emu.key, 1, true))
        assert.equal("a", j.state.accounts[2].UserID)
        local _, again = emu:raw("GET", "/_emulator/journal?since=" .. j.seq .. "&state=0")
        again = cjson.decode(again)
        assert.equal(0, #again.requests)
        assert.is_nil(again.state)
    end)

    it("shows a message sent after the page loaded, its request and the callback, searchable", function()
        assert(im.im_open_login_svc.multiaccount_import{ AccountList = {
            { UserID = "alice", Nick = "Alice" }, { UserID = "bob", Nick = "Bob" } } })
        assert(im.group_open_http_svc.create_group{ Owner_Account = "alice", Type = "Public", Name = "Tea party",
                                                    MemberList = { { Member_Account = "bob" } } })
        -- a callback receiver that is not there: the callback log shows the failure
        local s = assert(require("socket").bind("127.0.0.1", 0))
        local _, dead = s:getsockname()
        s:close()
        emu:control("config", { callback_url = "http://127.0.0.1:" .. dead .. "/cb" })

        local b = cdp.launch{ width = 1440, height = 900 }
        local ok, err = pcall(function()
            b:navigate(emu.endpoint .. "/_emulator/ui")
            assert(b:wait_js("document.getElementById('live').className === 'on' && "
                             .. "document.getElementById('accounts').innerText.includes('alice')", 20),
                   "the page never rendered the accounts")
            assert.is_false(b:eval("document.body.innerText.includes('hello from the SDK')"))
            assert(im.openim.sendmsg{ From_Account = "alice", To_Account = "bob", MsgRandom = 42,
                                      MsgBody = text("hello from the SDK") })
            local seen = b:wait_js("document.body.innerText.includes('hello from the SDK') && "
                                   .. "document.body.innerText.includes('/v4/openim/sendmsg') && "
                                   .. "document.body.innerText.includes('C2C.CallbackBeforeSendMsg')", 15)
            assert(seen, "the message, its request or its callback never appeared")
            assert.matches("alice ↔ bob", b:eval("document.getElementById('convs').innerText"))
            assert.matches("Tea party", b:eval("document.getElementById('groups').innerText"))
            local row = b:eval("[...document.querySelectorAll('#requests tr')].map(r => r.innerText)"
                               .. ".find(t => t.includes('/v4/openim/sendmsg'))")
            assert.matches("\t0\t", row)
            -- a 24-hour clock to the millisecond on one line, and the request's main IDs
            local when = b:eval("[...document.querySelectorAll('#requests tr')].find(r => r.innerText"
                                .. ".includes('/v4/openim/sendmsg')).cells[0].innerText")
            assert.matches("^%d%d:%d%d:%d%d%.%d%d%d$", when)
            local h = tonumber(when:sub(1, 2))
            assert.is_true(h >= 0 and h <= 23)
            assert.matches("alice → bob", row, 1, true)
            local lines = b:eval("(function(){ const c = [...document.querySelectorAll('#requests tr')].find(r => "
                                 .. "r.innerText.includes('/v4/openim/sendmsg')).cells[0]; "
                                 .. "const r = document.createRange(); r.selectNodeContents(c); "
                                 .. "return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })()")
            assert.is_true(lines <= 1, "the time wraps onto " .. tostring(lines) .. " lines")
            local html = b:eval("document.documentElement.outerHTML")
            assert.is_nil(html:find("usersig=", 1, true))
            assert.is_nil(html:find(emu.key, 1, true))
            b:screenshot(support.ROOT .. "/build/dashboard.png")
            -- search: a word nobody used empties every panel; clearing it brings them back
            b:eval("(function(){ const q = document.getElementById('q'); q.value = 'nothing-matches-this';"
                   .. " q.dispatchEvent(new Event('input')); })()")
            assert.matches("no conversations", b:eval("document.getElementById('convs').innerText"))
            assert.matches("no requests yet", b:eval("document.getElementById('requests').innerText"))
            b:eval("(function(){ const q = document.getElementById('q'); q.value = 'tea';"
                   .. " q.dispatchEvent(new Event('input')); })()")
            assert.matches("Tea party", b:eval("document.getElementById('groups').innerText"))
            assert.matches("no conversations", b:eval("document.getElementById('convs').innerText"))
            -- its one change (clear the logs) is a JSON POST from its own origin, which the emulator takes
            b:eval("(function(){ const q = document.getElementById('q'); q.value = '';"
                   .. " q.dispatchEvent(new Event('input')); document.getElementById('clear').click(); })()")
            assert(b:wait_js("document.getElementById('requests').innerText.includes('no requests yet')", 10),
                   "the clear button did not clear the request log")
            local _, j = emu:raw("GET", "/_emulator/journal?since=0&state=0")
            j = cjson.decode(j)
            assert.equal(0, #j.requests)
            assert.equal(0, #j.callbacks)
        end)
        b:close()
        emu:control("config", { callback_url = false })
        assert(ok, err)
        local f = assert(io.open(support.ROOT .. "/build/dashboard.png", "rb"))
        local png = f:read("*a")
        f:close()
        assert.equal("\137PNG\r\n\26\n", png:sub(1, 8))
        assert.is_true(#png > 10000)
    end)
end)

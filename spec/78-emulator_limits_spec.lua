-- The documented rate limits, on request: `tim emulator --rate-limits documented` or POST /_emulator/config
-- {"rate_limits":"documented"}. Budgets come from tim.api's rate classes; a client that goes past them gets 60007
-- or the family's own code (the Push pages: 90024, 90047, 90051). The client's own limiter is off here, so that
-- the emulator is what says no; the emulator's clock (POST /_emulator/clock) moves its windows, so no spec sleeps.
local support = require "support.emulator"
local cjson = require "cjson"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator documented rate limits", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0, ratelimit = false }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        emu:control("config", { rate_limits = "off" })
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b" } })
    end)

    local function documented() emu:control("config", { rate_limits = "documented" }) end
    local function advance(s) emu:control("clock", { advance = s }) end
    -- move the emulator's clock to `into` seconds after the start of the next window of `span` seconds
    local function align(span, offset, into)
        local now = emu:control("clock", { advance = 0 }).now
        advance(span - (now + offset) % span + into)
    end
    local function search() return im.user_search.search{ Keywords = { "a" }, Count = 1 } end

    it("is off by default: a burst over the documented 2/s of cloud search is answered", function()
        for _ = 1, 5 do assert(search()) end
    end)

    it("answers 60007 above cloud search's 2 requests/s, and again once a second has passed", function()
        documented()
        assert(search())
        assert(search())
        local res, err = search()
        assert.is_nil(res)
        assert.equal(60007, err.code)
        assert.matches("2 per second", err.message)
        advance(1)
        assert(search())
        -- a reset fills every budget again and keeps the mode
        assert(search())
        emu:reset()
        assert(search())
        assert(search())
        err = select(2, search())
        assert.equal(60007, err.code)
        emu:control("config", { rate_limits = "off" })
        for _ = 1, 3 do assert(search()) end
    end)

    it("answers push's own codes: 90024 closer than 1 s, 90047 past 100 a day", function()
        documented()
        align(86400, 8 * 3600, 60)      -- well inside one Beijing-time day
        assert(im.timpush.push{ MsgRandom = 1, MsgBody = text("0") })
        local _, err = im.timpush.push{ MsgRandom = 2, MsgBody = text("too soon") }
        assert.equal(90024, err.code)
        for i = 2, 100 do
            advance(2)
            assert(im.timpush.push{ MsgRandom = i, MsgBody = text(tostring(i)) })
        end
        advance(2)
        _, err = im.timpush.push{ MsgRandom = 101, MsgBody = text("101st") }
        assert.equal(90047, err.code)
        advance(86400)
        assert(im.all_member_push.im_push{ MsgRandom = 102, MsgBody = text("next day") })
    end)

    it("answers 90051 for a second recall within a second", function()
        documented()
        local t1 = assert(im.timpush.push{ MsgRandom = 1, MsgBody = text("one") }).TaskId
        advance(2)
        local t2 = assert(im.timpush.push{ MsgRandom = 2, MsgBody = text("two") }).TaskId
        assert(im.timpush.revoke{ TaskId = t1 })
        local _, err = im.timpush.revoke{ TaskId = t2 }
        assert.equal(90051, err.code)
    end)

    it("counts batchsendmsg's 12 000 messages a minute per recipient", function()
        local ids = {}
        local list = {}
        for i = 1, 500 do ids[i] = "r" .. i; list[i] = { UserID = ids[i] } end
        assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = list }))
        documented()
        align(60, 0, 1)
        for i = 1, 24 do
            assert(im.openim.batchsendmsg{ From_Account = "a", To_Account = ids, MsgRandom = i, MsgBody = text("x") })
        end
        local _, err = im.openim.batchsendmsg{ From_Account = "a", To_Account = { "b" }, MsgRandom = 99,
                                               MsgBody = text("12 001st") }
        assert.equal(60007, err.code)
        assert.matches("per minute", err.message)
        advance(60)
        assert(im.openim.batchsendmsg{ From_Account = "a", To_Account = { "b" }, MsgRandom = 100, MsgBody = text("y") })
    end)

    it("keeps per-object budgets: 5 chunks/s per stream, 1/s and 2/hour per official account", function()
        documented()
        local function chunk(i, id)
            return im.stream_msg.send_c2c_stream_msg{ To_Account = "b", MsgRandom = 1, MsgBody = { {
                MsgType = "TIMStreamElem",
                MsgContent = { StreamMsgID = id, Chunks = { { Index = i, Markdown = "c" } } } } } }
        end
        local id = assert(chunk(1)).StreamMsgID
        for i = 2, 6 do assert(chunk(i, id)) end
        local _, err = chunk(7, id)
        assert.equal(60007, err.code)
        assert(chunk(1))                 -- another stream has its own budget
        local oa = assert(im.official_account_open_http_svc.create_official_account{
            Owner_Account = "a", Name = "n" }).OfficialAccountUserID
        local function send(s)
            return im.official_account_open_http_svc.send_official_account_msg{ Official_Account = oa, Random = 1,
                                                                                 MsgBody = text(s) }
        end
        align(3600, 0, 10)
        assert(send("one"))
        _, err = send("two")
        assert.equal(10023, err.code)
        advance(2)
        assert(send("two"))
        advance(2)
        _, err = send("three")
        assert.equal(10023, err.code)
        assert.matches("per hour", err.message)
    end)

    it("refuses an unknown mode in /_emulator/config and on the command line", function()
        local status = emu:raw("POST", "/_emulator/config", cjson.encode({ rate_limits = "lots" }),
                                    { ["Content-Type"] = "application/json" })
        assert.equal(400, status)
        local cmd = string.format("cd %s && lua5.4 bin/tim emulator --port 0 --rate-limits lots --quiet 2>&1; "
                                  .. "echo rc=$?", support.sh_quote(support.ROOT))
        local p = io.popen(cmd)
        local out = p:read("*a")
        p:close()
        assert.matches("rc=2", out)
        assert.matches("%-%-rate%-limits must be documented or off", out)
    end)

    it("starts with documented limits from `tim emulator --rate-limits documented`", function()
        local cmd = string.format("cd %s && echo $$ && exec timeout 60 lua5.4 bin/tim emulator --port 0 "
                                  .. "--rate-limits documented --quiet", support.sh_quote(support.ROOT))
        local p = io.popen(cmd)
        local pid = p:read("*l")
        local line = p:read("*l")
        local ok, err = pcall(function()
            local port = assert(tonumber(line:match(":(%d+)$")), line)
            local other = setmetatable({ host = "127.0.0.1", port = port }, { __index = support })
            local status, body = other:raw("GET", "/_emulator/journal?since=0&state=0")
            assert.equal(200, status)
            assert.equal("documented", cjson.decode(body).rate_limits)
        end)
        os.execute("kill " .. pid .. " 2>/dev/null")
        p:close()
        assert(ok, err)
    end)
end)

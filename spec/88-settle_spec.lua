-- im:settle (issue 21): chunks left in doubt on purpose, one applied with its answer lost (the emulator carries
-- it out, then drops the connection) and one never applied (a 502 before the handler), for each command the
-- catalogue's settle trait covers; settling moves the first's items to done and the second's to not sent, and the
-- resume that follows (without resend_in_doubt) leaves every item carried out exactly once, counted in the
-- emulator. A command nothing can settle stays in doubt, and says why. The emulator runs on the client's loop.
local tim = require "tim"
local tloop = require "tim.loop"
local emulator = require "tim.emulator"
local json = require "tim.json"
local socket = require "socket"
local settle = require "tim.client.settle"
local task = require "support.loop_task"

local SDKAPPID, KEY = 1400000000, "settle-spec-key"
local MSG = { { MsgType = "TIMTextElem", MsgContent = { Text = "settle spec" } } }

-- Runs fn(im, faults) as a task with an emulator on the same loop. faults(path, { [n] = "applied" | "502" }):
-- the n-th request to path is carried out and its answer lost ("applied"), or refused before the handler ("502").
local function with_emulator(fn)
    local loop = tloop.new()
    local emu = assert(emulator.new{ port = 0, sdkappid = SDKAPPID, key = KEY, loop = loop })
    local plan, counts = {}, {}
    local handle = emu.handle
    emu.handle = function(self, req, conn)
        local path = req.path:match("^/v4/(.+)$")
        local what
        if path and plan[path] then
            counts[path] = (counts[path] or 0) + 1
            what = plan[path][counts[path]]
        end
        if what == "502" then return 502, { ["Content-Type"] = "text/html" }, "<html>spec</html>" end
        local status, headers, body = handle(self, req, conn)
        if what == "applied" then return "drop" end
        return status, headers, body
    end
    local im = assert(tim.new{ sdkappid = SDKAPPID, key = KEY, endpoint = emu.endpoint, loop = loop,
                               ratelimit = false, retries = 0 })
    local function faults(path, rules)
        plan[path], counts[path] = rules, 0
    end
    task.run(loop, emu, fn, im, faults)
end

local ids, import = task.ids, task.import

local function roundtrip(r) return assert(json.decode(assert(json.encode(r)))) end

-- chunk n's settled record
local function settled_chunk(report, n)
    for _, c in ipairs(report.chunks) do
        if c.n == n then return c.settled end
    end
end

describe("im:settle", function()
    it("batchsendmsg: reads each recipient's history for the chunk's MsgRandom; the resume sends the rest once",
       function()
        with_emulator(function(im, faults)
            import(im, 31)
            faults("openim/batchsendmsg", { [2] = "applied", [3] = "502" })
            local _, err = im:batch("openim/batchsendmsg", { From_Account = "u1", To_Account = ids(2, 31),
                                                              MsgBody = MSG }, { max = 10 })
            local report = roundtrip(err.report)          -- as a file keeps it
            assert.same({ done = 10, failed = 0, in_doubt = 20, not_sent = 0 }, report.counts)
            local s, info = im:settle(report, { min_age = 0 })
            assert.same({ done = 20, failed = 0, in_doubt = 0, not_sent = 10 }, s.counts)
            assert.equal(10, info.done)
            assert.equal(10, info.not_sent)
            assert.equal("openim/admin_getroammsg", info.via)
            assert.same({ at = settled_chunk(s, 2).at, via = "openim/admin_getroammsg", done = 10, not_sent = 0,
                          in_doubt = 0 }, settled_chunk(s, 2))
            assert.equal(10, settled_chunk(s, 3).not_sent)
            assert.equal(10, s.left)
            assert.is_nil(s.settle)
            assert.same({ done = 10, failed = 0, in_doubt = 20, not_sent = 0 }, report.counts)   -- untouched
            local final = assert(im:batch(nil, nil, { resume = roundtrip(s) }))
            assert.equal(30, final.counts.done)
            for _, id in ipairs(ids(2, 31)) do
                local res = assert(im.openim.admin_getroammsg{ Operator_Account = id, Peer_Account = "u1",
                                                               MaxCnt = 10, MinTime = 0, MaxTime = 4294967295 })
                assert.equal(1, res.MsgCnt, id)
            end
        end)
    end)

    it("sendmsg, one call per recipient: the same, by the recipient's history", function()
        with_emulator(function(im, faults)
            import(im, 4)
            faults("openim/sendmsg", { [1] = "applied", [2] = "502" })
            local _, err = im:batch("openim/sendmsg", { From_Account = "u1", To_Account = ids(2, 4), MsgBody = MSG },
                                    { field = "To_Account", each = true })
            local s = assert(im:settle(roundtrip(err.report), { min_age = 0 }))
            table.sort(s.done)           -- u4 was done when sent, u2 is done once settled
            assert.same({ "u2", "u4" }, s.done)
            assert.same({ "u3" }, s.not_sent)
            assert(im:batch(nil, nil, { resume = s }))
            for _, id in ipairs(ids(2, 4)) do
                local res = assert(im.openim.admin_getroammsg{ Operator_Account = id, Peer_Account = "u1",
                                                               MaxCnt = 10, MinTime = 0, MaxTime = 4294967295 })
                assert.equal(1, res.MsgCnt, id)
            end
        end)
    end)

    it("multiaccount_import: account_check tells imported from not", function()
        with_emulator(function(im, faults)
            faults("im_open_login_svc/multiaccount_import", { [1] = "applied", [2] = "502" })
            local list = {}
            for i = 1, 250 do list[i] = { UserID = "a" .. i } end
            local _, err = im:batch("im_open_login_svc/multiaccount_import", { AccountList = list })
            assert.equal(200, err.report.counts.in_doubt)
            local s, info = im:settle(roundtrip(err.report), { min_age = 0 })
            assert.equal("im_open_login_svc/account_check", info.via)
            assert.same({ done = 150, failed = 0, in_doubt = 0, not_sent = 100 }, s.counts)
            assert.equal("a101", s.not_sent[1].UserID)
            local final = assert(im:batch(nil, nil, { resume = s }))
            assert.equal(250, final.counts.done)
        end)
    end)

    it("add_group_member: get_role_in_group tells members from not", function()
        with_emulator(function(im, faults)
            import(im, 41)
            local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "u1", Type = "Public",
                                                                 Name = "settle", GroupId = "g-settle" })
            assert.equal("g-settle", g.GroupId)
            faults("group_open_http_svc/add_group_member", { [1] = "applied", [2] = "502" })
            local members = {}
            for i = 2, 41 do members[#members + 1] = { Member_Account = "u" .. i } end
            local _, err = im:batch("group_open_http_svc/add_group_member", { GroupId = "g-settle",
                                                                             MemberList = members })
            local s, info = im:settle(roundtrip(err.report), { min_age = 0 })
            assert.equal("group_open_http_svc/get_role_in_group", info.via)
            assert.same({ done = 20, failed = 0, in_doubt = 0, not_sent = 20 }, s.counts)
            assert(im:batch(nil, nil, { resume = s }))
            local info2 = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { "g-settle" } })
            assert.equal(41, info2.GroupInfo[1].MemberNum)
        end)
    end)

    it("create_group with the caller's GroupId, one call each: get_group_info tells which exist", function()
        with_emulator(function(im, faults)
            import(im, 1)
            faults("group_open_http_svc/create_group", { [2] = "applied", [3] = "502" })
            local _, err = im:batch("group_open_http_svc/create_group", {
                Owner_Account = "u1", Type = "Public", Name = "each", GroupId = { "g1", "g2", "g3" } },
                { field = "GroupId", each = true })
            assert.same({ done = 1, failed = 0, in_doubt = 2, not_sent = 0 }, err.report.counts)
            local s = assert(im:settle(roundtrip(err.report), { min_age = 0 }))
            assert.same({ "g1", "g2" }, s.done)
            assert.same({ "g3" }, s.not_sent)
            local final = assert(im:batch(nil, nil, { resume = s }))     -- g2 is not created twice (no 10021)
            assert.equal(3, final.counts.done)
            local res = assert(im.group_open_http_svc.get_group_info{ GroupIdList = { "g1", "g2", "g3" } })
            for i = 1, 3 do assert.equal(0, res.GroupInfo[i].ErrorCode) end
        end)
    end)

    it("leaves in doubt what nothing can settle, and says why", function()
        with_emulator(function(im, faults)
            import(im, 3)
            faults("profile/portrait_get", { [1] = "502" })
            local _, err = im:batch("profile/portrait_get", { To_Account = ids(1, 3),
                                                              TagList = { "Tag_Profile_IM_Nick" } })
            local s, info = im:settle(err.report, { min_age = 0 })
            assert.equal(3, s.counts.in_doubt)
            assert.is_true(info.unsupported)
            assert.matches("nothing in the catalogue tells whether profile/portrait_get", info.reasons.all, 1, true)
            -- a batchsendmsg report made before MsgRandom was kept: that chunk stays in doubt
            faults("openim/batchsendmsg", { [1] = "502" })
            _, err = im:batch("openim/batchsendmsg", { From_Account = "u1", To_Account = ids(2, 3), MsgBody = MSG })
            local old = roundtrip(err.report)
            old.chunks[1].drawn = nil
            s, info = im:settle(old, { min_age = 0 })
            assert.equal(2, s.counts.in_doubt)
            assert.matches("keeps no MsgRandom", info.reasons[1], 1, true)
        end)
    end)

    it("refuses a damaged report as misuse, and waits for a chunk that ended a moment ago", function()
        with_emulator(function(im, faults)
            local s, err = im:settle({ format = "tim.batch.report/1" })
            assert.is_nil(s)
            assert.equal("usage", err.kind)
            assert.matches("cannot be settled", err.message, 1, true)
            assert.has_error(function() im:settle({}, { skew = -1 }) end)
            import(im, 3)
            faults("openim/batchsendmsg", { [1] = "502" })
            local _, berr = im:batch("openim/batchsendmsg", { From_Account = "u1", To_Account = ids(2, 3),
                                                               MsgBody = MSG })
            local wait = settle.ready_in(berr.report, 0.3)
            assert.is_true(wait > 0.1 and wait <= 0.301, tostring(wait))     -- times kept to the ms
            local t0 = socket.gettime()
            s = assert(im:settle(berr.report, { min_age = 0.3 }))
            assert.is_true(socket.gettime() - t0 >= wait - 0.02)
            assert.equal(2, s.counts.not_sent)
        end)
    end)
end)

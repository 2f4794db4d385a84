-- All-member / tag push in the emulator: all_member_push/* and timpush/* share the app's attribute names, the
-- users' attributes and tags, and the push tasks (trtc.io/document/60561, 60563, 60565, 60571, 71894;
-- tencentcloud.com/document/product/1047/67553 batch, 74196 the Push error codes).
local support = require "support.emulator"
local cjson = require "cjson"
local api = require "tim.api"
local schema = require "tim.base.schema"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end
local PUSH_INFO = { PushFlag = 0, Title = "t", Desc = "d" }
local NO_CHECK = { validate = false }      -- the emulator's own answer to a body the client would refuse

-- the answer has no member its page's tree does not know
local function documented(path, res)
    local t = assert(api.lookup(path), path)
    assert.is_table(t.answer, path .. " has an answer tree")
    local drift = {}
    schema.drift(t.answer, res, function(p, detail) drift[#drift + 1] = p .. ": " .. detail end)
    assert.same({}, drift, path .. " answers as its page does")
end

describe("tim.emulator all-member and tag push", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0, ratelimit = false }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "u1", "u2", "u3", "u4" } })
    end)

    local function inbox(id)
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = id, Peer_Account = "administrator",
                                                       MaxCnt = 100, MinTime = 0, MaxTime = 4294967295 })
        return res.MsgList
    end

    it("sets attribute names, then user attributes, and reads both back (legacy and Push plugin names)", function()
        assert(im.timpush.set_attr_name{ AttrNames = { ["0"] = "sex", ["1"] = "city" } })
        assert.same({ ["0"] = "sex", ["1"] = "city" }, assert(im.all_member_push.im_get_attr_name{}).AttrNames)
        assert(im.all_member_push.im_set_attr{ UserAttrs = { { To_Account = "u1", Attrs = { sex = "f", city = "SZ" } },
                                                             { To_Account = "u2", Attrs = { city = "BJ" } } } })
        local res = assert(im.timpush.get_attr{ To_Account = { "u1", "u2", "u3" } })
        assert.same({ sex = "f", city = "SZ" }, res.UserAttrs[1].Attrs)
        assert.same({ city = "BJ" }, res.UserAttrs[2].Attrs)
        assert(im.timpush.remove_attr{ UserAttrs = { { To_Account = "u1", Attrs = { "sex" } } } })
        assert.same({ city = "SZ" }, assert(im.timpush.get_attr{ To_Account = { "u1" } }).UserAttrs[1].Attrs)
    end)

    it("refuses unknown attributes (90033), slots outside 0..9, and more than 100 accounts (the tree's 90001)",
       function()
        local _, err = im.timpush.set_attr{ UserAttrs = { { To_Account = "u1", Attrs = { level = "9" } } } }
        assert.equal(90033, err.code)
        _, err = im.timpush.set_attr_name{ AttrNames = { ["10"] = "x" } }
        assert.equal(90033, err.code)
        local many = {}
        for i = 1, 101 do many[i] = "u" .. i end
        _, err = im.timpush.get_tag{ To_Account = many }
        assert.equal("usage", err.kind)                         -- the client refuses it first
        _, err = im.timpush.get_tag({ To_Account = many }, NO_CHECK)
        assert.equal(90001, err.code)
    end)

    it("answers AttrTypes from timpush/get_attr_name only, and ErrorList from timpush's per-user calls", function()
        assert(im.timpush.set_attr_name{ AttrNames = { ["0"] = "sex" }, AttrTypes = { ["0"] = 0 } })
        local names = assert(im.timpush.get_attr_name{})
        documented("timpush/get_attr_name", names)
        assert.same({ ["0"] = 0 }, names.AttrTypes)
        local legacy = assert(im.all_member_push.im_get_attr_name{})
        documented("all_member_push/im_get_attr_name", legacy)
        assert.is_nil(legacy.AttrTypes)
        local _, err = im.timpush.set_attr_name{ AttrTypes = { ["0"] = 1 } }      -- fixed once set
        assert.equal(90001, err.code)
        local res = assert(im.timpush.set_attr{ UserAttrs = { { To_Account = "ghost", Attrs = { sex = "f" } } } })
        documented("timpush/set_attr", res)
        assert.equal("ghost", res.ErrorList[1].To_Account)
        res = assert(im.all_member_push.im_set_attr{ UserAttrs = { { To_Account = "ghost", Attrs = { sex = "f" } } } })
        documented("all_member_push/im_set_attr", res)
        assert.is_nil(res.ErrorList)
        -- 269/100637 (get_attr), 100640 (get_tag), 100643 (clear_all_tags): a partial success answers ErrorList
        -- { To_Account, ErrorCode, ErrorInfo }; the legacy pages' answers have none
        res = assert(im.timpush.get_attr{ To_Account = { "u1", "ghost" } })
        documented("timpush/get_attr", res)
        assert.same({ "u1" }, { res.UserAttrs[1].To_Account, res.UserAttrs[2] })
        assert.same({ "ghost", 70107 }, { res.ErrorList[1].To_Account, res.ErrorList[1].ErrorCode })
        res = assert(im.timpush.get_tag{ To_Account = { "ghost", "u1" } })
        documented("timpush/get_tag", res)
        assert.same({ "u1" }, { res.UserTags[1].To_Account, res.UserTags[2] })
        assert.same({ "ghost", 70107 }, { res.ErrorList[1].To_Account, res.ErrorList[1].ErrorCode })
        res = assert(im.timpush.clear_all_tags{ To_Account = { "u1", "ghost" } })
        documented("timpush/clear_all_tags", res)
        assert.same({ "ghost" }, { res.ErrorList[1].To_Account, res.ErrorList[2] })
        assert.is_nil(assert(im.timpush.get_tag{ To_Account = { "u1" } }).ErrorList)
        for path, body in pairs{ ["all_member_push/im_get_attr"] = { To_Account = { "ghost" } },
                                 ["all_member_push/im_get_tag"] = { To_Account = { "ghost" } },
                                 ["all_member_push/im_remove_all_tags"] = { To_Account = { "ghost" } } } do
            res = assert(im:call(path, body))
            documented(path, res)
            assert.is_nil(res.ErrorList, path)
        end
    end)

    it("adds, lists, removes and clears tags, with the tag limits of the page", function()
        assert(im.timpush.add_tag{ UserTags = { { To_Account = "u1", Tags = { "a", "b" } } } })
        assert(im.all_member_push.im_add_tag{ UserTags = { { To_Account = "u1", Tags = { "b", "c" } } } })
        assert.same({ "a", "b", "c" }, assert(im.timpush.get_tag{ To_Account = { "u1" } }).UserTags[1].Tags)
        assert(im.timpush.remove_tag{ UserTags = { { To_Account = "u1", Tags = { "b" } } } })
        assert.same({ "a", "c" }, assert(im.timpush.get_tag{ To_Account = { "u1" } }).UserTags[1].Tags)
        assert(im.timpush.clear_all_tags{ To_Account = { "u1" } })
        assert.same({}, assert(im.timpush.get_tag{ To_Account = { "u1" } }).UserTags[1].Tags)
        local eleven = {}
        for i = 1, 11 do eleven[i] = "t" .. i end
        -- trtc.io/zh/document/67821: without Replace (or with 0) at most 10 tags a user, the handler's 90032 (the
        -- tree allows the 100 of Replace 1); the legacy im_add_tag's tree bounds it to 10 (the generic 90001)
        local _, err = im.timpush.add_tag{ UserTags = { { To_Account = "u1", Tags = eleven } } }
        assert.equal(90032, err.code)
        _, err = im.timpush.add_tag{ Replace = 0, UserTags = { { To_Account = "u1", Tags = eleven } } }
        assert.equal(90032, err.code)
        _, err = im.all_member_push.im_add_tag({ UserTags = { { To_Account = "u1", Tags = eleven } } }, NO_CHECK)
        assert.equal(90001, err.code)
        _, err = im.timpush.add_tag({ UserTags = { { To_Account = "u1", Tags = { string.rep("x", 51) } } } }, NO_CHECK)
        assert.equal(90001, err.code)
        -- Replace 1 overwrites the user's tags, up to 100 (the tree's bound: 90001 beyond)
        assert(im.timpush.add_tag{ UserTags = { { To_Account = "u2", Tags = { "old" } } } })
        assert(im.timpush.add_tag{ Replace = 1, UserTags = { { To_Account = "u2", Tags = eleven } } })
        assert.same(eleven, assert(im.timpush.get_tag{ To_Account = { "u2" } }).UserTags[1].Tags)
        local many = {}
        for i = 1, 101 do many[i] = "m" .. i end
        _, err = im.timpush.add_tag({ Replace = 1, UserTags = { { To_Account = "u2", Tags = many } } }, NO_CHECK)
        assert.equal(90001, err.code)
        _, err = im.timpush.add_tag{ UserTags = { { To_Account = "u1", Tags = { "" } } } }
        assert.equal(90040, err.code)
        -- a push condition's tags have no bounds in its tree: the Push codes
        _, err = im.timpush.push{ MsgRandom = 1, MsgBody = text("x"), Condition = { TagsOr = eleven } }
        assert.equal(90032, err.code)
        _, err = im.timpush.push{ MsgRandom = 1, MsgBody = text("x"), Condition = { TagsOr = { string.rep("x", 51) } } }
        assert.equal(90020, err.code)
        -- no ErrorList in these records' answers: an account never imported is skipped (get_tag then reports it)
        local res = assert(im.timpush.add_tag{ UserTags = { { To_Account = "ghost", Tags = { "a" } } } })
        documented("timpush/add_tag", res)
        assert.is_nil(res.ErrorList)
        assert.same({ "ghost" }, { assert(im.timpush.get_tag{ To_Account = { "ghost" } }).ErrorList[1].To_Account })
        documented("timpush/remove_tag", assert(im.timpush.remove_tag{ UserTags = {
            { To_Account = "ghost", Tags = { "a" } } } }))
        documented("timpush/remove_attr", assert(im.timpush.remove_attr{ UserAttrs = {
            { To_Account = "ghost", Attrs = { "sex" } } } }))
    end)

    it("pushes to everyone but the sender, storing the message as a C2C message for each recipient", function()
        local res = assert(im.timpush.push{ From_Account = "administrator", MsgRandom = 1, MsgBody = text("hello all"),
                                            OfflinePushInfo = PUSH_INFO })
        assert.is_string(res.TaskId)
        for _, id in ipairs{ "u1", "u2", "u3", "u4" } do
            local msgs = inbox(id)
            assert.equal(1, #msgs)
            assert.equal("hello all", msgs[1].MsgBody[1].MsgContent.Text)
        end
    end)

    it("selects recipients by tags (TagsAnd, TagsOr, TagsNot) and by attributes (AttrsAnd, AttrsOr)", function()
        assert(im.timpush.add_tag{ UserTags = { { To_Account = "u1", Tags = { "A", "B" } },
                                                { To_Account = "u2", Tags = { "A" } },
                                                { To_Account = "u3", Tags = { "B" } } } })
        assert(im.timpush.push{ MsgRandom = 2, MsgBody = text("and"), Condition = { TagsAnd = { "A", "B" } } })
        assert.same({ 1, 0, 0, 0 }, { #inbox("u1"), #inbox("u2"), #inbox("u3"), #inbox("u4") })
        assert(im.timpush.push{ MsgRandom = 3, MsgBody = text("or"), Condition = { TagsOr = { "A", "B" },
                                                                                   TagsNot = { "B" } } })
        assert.same({ 1, 1, 0, 0 }, { #inbox("u1"), #inbox("u2"), #inbox("u3"), #inbox("u4") })
        assert(im.timpush.set_attr_name{ AttrNames = { ["0"] = "city" } })
        assert(im.timpush.set_attr{ UserAttrs = { { To_Account = "u4", Attrs = { city = "SZ" } } } })
        assert(im.all_member_push.im_push{ MsgRandom = 4, MsgBody = text("attr"),
                                           Condition = { AttrsAnd = { city = "SZ" } } })
        assert.same({ 1, 1, 0, 1 }, { #inbox("u1"), #inbox("u2"), #inbox("u3"), #inbox("u4") })
    end)

    it("answers the Push codes for bad conditions and bodies", function()
        local _, err = im.timpush.push{ MsgRandom = 1, Condition = { TagsAnd = { "A" }, AttrsAnd = { x = "1" } } }
        assert.equal(90039, err.code)
        _, err = im.timpush.push{ MsgRandom = 1, Condition = { TagsAnd = { "A" }, TagsOr = { "A" } } }
        assert.equal(90022, err.code)
        _, err = im.timpush.push{ MsgRandom = 1, Condition = { AttrsOr = { nope = "1" } } }
        assert.equal(90033, err.code)
        _, err = im.timpush.push{ MsgRandom = -1, MsgBody = text("x") }   -- (absent, the client fills it)
        assert.equal(90005, err.code)
        _, err = im.all_member_push.im_push{ MsgRandom = 1 }
        assert.equal(90001, err.code)
        _, err = im.timpush.push{ MsgRandom = 1, MsgBody = text(string.rep("y", 11 * 1024)) }
        assert.equal(90056, err.code)
    end)

    it("pushes offline to 1..500 given users with batch (no MsgBody on its page), and recalls within 24 hours",
       function()
        local res = assert(im.timpush.batch{ From_Account = "administrator", To_Account = { "u1", "u2" },
                                             MsgRandom = 5, OfflinePushInfo = PUSH_INFO })
        documented("timpush/batch", res)
        assert.matches("^batch_", res.TaskId)
        assert.equal(0, #inbox("u1"))                         -- an offline push only: nothing is stored
        local many = {}
        for i = 1, 501 do many[i] = "u" .. i end
        local _, err = im.timpush.batch({ From_Account = "administrator", To_Account = many, MsgRandom = 1,
                                          OfflinePushInfo = PUSH_INFO }, NO_CHECK)
        assert.equal(90001, err.code)                         -- the tree's 500, the generic code
        _, err = im.timpush.batch({ From_Account = "administrator", To_Account = { "u1" }, MsgRandom = 1,
                                    MsgBody = text("x"), OfflinePushInfo = PUSH_INFO }, NO_CHECK)
        assert.equal(90001, err.code)
        -- the push sent an offline notification: the recall must carry OfflinePushInfo
        _, err = im.timpush.revoke{ TaskId = res.TaskId }
        assert.equal(90053, err.code)
        assert(im.timpush.revoke{ TaskId = res.TaskId, OfflinePushInfo = { Title = "recalled", Desc = "-" } })
        _, err = im.timpush.revoke{ TaskId = res.TaskId, OfflinePushInfo = PUSH_INFO }
        assert.equal(90050, err.code)
        -- a recalled push with a MsgBody withdraws the stored copies
        local stored = assert(im.timpush.push{ MsgRandom = 5, MsgBody = text("to all"), OfflinePushInfo = PUSH_INFO })
        assert(im.timpush.revoke{ TaskId = stored.TaskId, OfflinePushInfo = { Title = "recalled", Desc = "-" } })
        assert.equal(1, inbox("u1")[1].MsgFlagBits)
        _, err = im.timpush.revoke{ TaskId = "no-such-task" }
        assert.equal(90049, err.code)
        local old = assert(im.timpush.push{ MsgRandom = 6, MsgBody = text("old") })
        emu:control("clock", { advance = 24 * 3600 + 1 })
        _, err = im.timpush.revoke{ TaskId = old.TaskId }
        assert.equal(90052, err.code)
    end)

    it("counts statistics: every recipient sent, the online ones delivered", function()
        emu:control("login", { UserID = "u1" })
        local res = assert(im.timpush.push{ MsgRandom = 7, MsgBody = text("stats") })
        local now = os.time()
        local st = assert(im.timpush.all_member_push_statistics{ StartTime = now - 60, EndTime = now + 60,
                                                                 TaskID = { res.TaskId } })
        documented("timpush/all_member_push_statistics", st)
        assert.equal(res.TaskId, st.Results[1].TaskID)
        assert.equal(4, st.Results[1].TotalCount)
        assert.equal(4, st.Results[1].SentCount)
        assert.equal(1, st.Results[1].DeliveredCount)
        local _, err = im.timpush.all_member_push_statistics{ StartTime = now, EndTime = now - 1 }
        assert.equal(90001, err.code)
    end)

    it("traces one recipient of a push (online: delivered online; offline: the vendor channel)",
       function()
        emu:control("login", { UserID = "u1" })
        local task = assert(im.timpush.push{ MsgRandom = 9, MsgBody = text("traced") }).TaskId
        local tr = assert(im.timpush.all_member_push_trace{ TaskID = task, UserID = "u1" })
        documented("timpush/all_member_push_trace", tr)
        assert.equal(1, #tr.InstanceTrace)
        assert.equal(1, tr.InstanceTrace[1].IMCommitStat.IMStat.PushStatus)
        assert.equal(0, tr.InstanceTrace[1].OfflinePushStat.OfflineStat.PushStatus)
        tr = assert(im.timpush.all_member_push_trace{ TaskID = task, UserID = "u2" })
        assert.equal(1, tr.InstanceTrace[1].OfflinePushStat.OfflineStat.PushStatus)
        tr = assert(im.timpush.all_member_push_trace{ TaskID = task, UserID = "administrator" })
        assert.equal(0, #tr.InstanceTrace)          -- the sender is not a recipient
        local now = emu:control("clock", { advance = 0 }).now    -- the emulator's clock (moved by other specs)
        local msg = assert(im.openim.sendmsg{ From_Account = "u1", To_Account = "u2", MsgRandom = 3,
                                              MsgBody = text("chat") })
        tr = assert(im.timpush.normal_push_trace{ PushID = msg.MsgKey })
        assert.equal(1, #tr.InstanceTrace)
        local stats = assert(im.timpush.normal_push_statistics{ StartTime = now - 60, EndTime = now + 60 })
        documented("timpush/normal_push_statistics", stats)
        assert.is_nil(stats.Results)
        assert.equal(5, stats.TotalCount)              -- four push copies and the chat message
        local _, err = im.timpush.normal_push_statistics{ StartTime = now - 31 * 86400, EndTime = now }
        assert.equal(90001, err.code)
    end)

    it("keeps attributes, tags and tasks in the snapshot", function()
        assert(im.timpush.set_attr_name{ AttrNames = { ["0"] = "city" } })
        assert(im.timpush.add_tag{ UserTags = { { To_Account = "u1", Tags = { "vip" } } } })
        local task = assert(im.timpush.push{ MsgRandom = 8, MsgBody = text("kept") }).TaskId
        local _, text_ = emu:raw("GET", "/_emulator/state")
        local snap = cjson.decode(text_)
        emu:reset()
        assert.is_true(emu:control("state", snap).ok)
        assert.same({ "vip" }, assert(im.timpush.get_tag{ To_Account = { "u1" } }).UserTags[1].Tags)
        assert.equal("city", assert(im.timpush.get_attr_name{}).AttrNames["0"])
        assert(im.timpush.revoke{ TaskId = task })
        assert.equal(1, inbox("u2")[1].MsgFlagBits)
    end)
end)

-- Official accounts in the emulator (official_account_open_http_svc/*: 1047/60755-60763, 60810-60812; 60813 the
-- fields): accounts with @TOA#_ IDs, subscribers, broadcasts, recall, history. The account pages answer 130004 (no
-- such account), 130007 (a malformed ID) and 130008 (an ID in use), a malformed request their record's `invalid`
-- code (6017 on 60756 and 60761; the family's 10004 where a record gives none); the message pages 10010 (no such
-- account) and 10004.
local support = require "support.emulator"
local journal = require "support.emulator_journal"
local cjson = require "cjson"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator official accounts", function()
    local emu, im, oa, svc, loose
    local drift = {}

    setup(function()
        emu = support.start{}
        -- every answer is compared with its page's answer tree: a name the page does not give is recorded
        im = emu:client{ retries = 0, on_drift = function(endpoint, _, path, detail)
            drift[#drift + 1] = endpoint .. " " .. path .. ": " .. detail
        end }
        svc = im.official_account_open_http_svc
        -- for the emulator's own answer to a body its page calls malformed (the client would refuse it first)
        loose = emu:client{ retries = 0, validate = false }.official_account_open_http_svc
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "owner", "s1", "s2", "s3" } })
        oa = assert(svc.create_official_account{
            Owner_Account = "owner", Name = "Daily News", Introduction = "news", MaxSubscriberNum = 2 })
            .OfficialAccountUserID
    end)
    after_each(function()
        assert.same({}, drift)
    end)

    it("creates accounts with generated or given @TOA#_ IDs and reads their profile", function()
        assert.matches("^@TOA#_", oa)
        local given = assert(svc.create_official_account{
            Owner_Account = "owner", Name = "Mine", OfficialAccountUserID = "@TOA#_mine" }).OfficialAccountUserID
        assert.equal("@TOA#_mine", given)
        local _, err = svc.create_official_account{ Owner_Account = "owner", Name = "Again",
                                                    OfficialAccountUserID = "@TOA#_mine" }
        assert.equal(130008, err.code)      -- the ID is in use
        _, err = svc.create_official_account{ Owner_Account = "owner", Name = "x", OfficialAccountUserID = "plain" }
        assert.equal(130007, err.code)      -- not an official account ID
        _, err = svc.create_official_account{ Owner_Account = "ghost", Name = "x" }
        assert.equal(10019, err.code)
        -- Name is at most 150 bytes (60755): the client refuses first; unchecked, the emulator answers 10004
        local long = { Owner_Account = "owner", Name = string.rep("n", 151) }
        _, err = svc.create_official_account(long)
        assert.same({ "usage", "Name" }, { err.kind, err.field })
        _, err = loose.create_official_account(long)
        assert.equal(10004, err.code)
        local res = assert(svc.get_official_account_info{
            OfficialAccountIdList = { { Official_Account = oa }, { Official_Account = "@TOA#_none" } },
            ResponseFilter = { OfficialAccountBaseInfoFilter = { "Name", "Owner_Account", "SubscriberNum" } } })
        assert.equal("Daily News", res.OfficialAccountInfoList[1].Name)
        assert.equal(0, res.OfficialAccountInfoList[1].SubscriberNum)
        assert.is_nil(res.OfficialAccountInfoList[1].Introduction)
        assert.equal(130004, res.OfficialAccountInfoList[2].ErrorCode)
        assert(svc.modify_official_account_base_info{ Official_Account = oa, Introduction = "all the news" })
        res = assert(svc.get_official_account_info{ OfficialAccountIdList = { { Official_Account = oa } } })
        assert.equal("all the news", res.OfficialAccountInfoList[1].Introduction)
        _, err = svc.modify_official_account_base_info{ Official_Account = "@TOA#_none", Name = "x" }
        assert.equal(130004, err.code)
    end)

    it("adds subscribers up to MaxSubscriberNum (Result 0/1/2), pages them with Next, lists subscriptions", function()
        local res = assert(svc.add_subscriber{ Official_Account = oa, SubscriberList = {
            { Subscriber_Account = "s1" }, { Subscriber_Account = "s2" }, { Subscriber_Account = "s3" } } })
        -- Result: 0 failed (here: MaxSubscriberNum 2 reached), 1 added, 2 already a subscriber (60760)
        assert.same({ 1, 1, 0 }, { res.SubscriberList[1].Result, res.SubscriberList[2].Result,
                                  res.SubscriberList[3].Result })
        res = assert(svc.add_subscriber{ Official_Account = oa,
            SubscriberList = { { Subscriber_Account = "s1" }, { Subscriber_Account = "ghost" } } })
        assert.same({ 2, 0 }, { res.SubscriberList[1].Result, res.SubscriberList[2].Result })
        -- an item is { Subscriber_Account } alone (60760): CustomString is set with modify_subscriber_info
        local with_custom = { Official_Account = oa, SubscriberList = { { Subscriber_Account = "s1",
                                                                          CustomString = "vip" } } }
        local _, err = svc.add_subscriber(with_custom)
        assert.same({ "usage", "SubscriberList[1].CustomString" }, { err.kind, err.field })
        _, err = loose.add_subscriber(with_custom)
        assert.equal(10004, err.code)
        assert(svc.modify_subscriber_info{ Official_Account = oa, Subscriber_Account = "s1", CustomString = "vip" })
        local page = assert(svc.get_subscriber_info{ Official_Account = oa, Limit = 1, Next = "" })
        assert.equal(2, page.SubscriberNum)
        assert.equal("s1", page.SubscriberList[1].Subscriber_Account)
        assert.equal("vip", page.SubscriberList[1].CustomString)
        assert.equal("AcceptAndNotify", page.SubscriberList[1].MsgFlag)
        assert.are_not.equal("", page.Next)
        page = assert(svc.get_subscriber_info{ Official_Account = oa, Limit = 1, Next = page.Next })
        assert.equal("s2", page.SubscriberList[1].Subscriber_Account)
        assert.equal("", page.Next)
        -- Next is required ("" on the first call, 60759)
        _, err = svc.get_subscriber_info{ Official_Account = oa }
        assert.same({ "usage", "Next" }, { err.kind, err.field })
        _, err = loose.get_subscriber_info{ Official_Account = oa }
        assert.equal(10004, err.code)
        _, err = svc.get_subscriber_info{ Official_Account = oa, Next = "forged" }
        assert.equal(10004, err.code)
        -- 269/102310: CustomString is the one field modify_subscriber_info sets, and it is required; MsgFlag is
        -- the subscriber's own receive option, which no REST call changes
        _, err = svc.modify_subscriber_info{ Official_Account = oa, Subscriber_Account = "s2", MsgFlag = "Discard" }
        assert.same({ "usage", "MsgFlag" }, { err.kind, err.field })
        _, err = loose.modify_subscriber_info{ Official_Account = oa, Subscriber_Account = "s2" }
        assert.equal(10004, err.code)
        assert(svc.modify_subscriber_info{ Official_Account = oa, Subscriber_Account = "s2", CustomString = "" })
        local subs = assert(svc.get_subscribed_official_account_list{ Subscriber_Account = "s2" })
        assert.equal(1, subs.TotalCount)
        assert.equal(oa, subs.OfficialAccountInfoList[1].Official_Account)
        assert.equal("AcceptAndNotify", subs.OfficialAccountInfoList[1].SelfInfo.MsgFlag)
        assert.equal("", subs.OfficialAccountInfoList[1].SelfInfo.CustomString)
        -- delete: Result 1 removed, 2 was not subscribed (60761), in the table's form or the sample's
        local del = assert(svc.delete_subscriber{ Official_Account = oa,
            SubscriberList = { { Subscriber_Account = "s2" }, { Subscriber_Account = "s3" } } })
        assert.same({ 1, 2 }, { del.SubscriberList[1].Result, del.SubscriberList[2].Result })
        page = assert(svc.get_subscriber_info{ Official_Account = oa, Next = "" })
        assert.equal(1, page.SubscriberNum)
        _, err = svc.modify_subscriber_info{ Official_Account = oa, Subscriber_Account = "s2", CustomString = "x" }
        assert.equal(10007, err.code)
        del = assert(svc.delete_subscriber{ Official_Account = oa, SubscriberToDel_Account = { "s1", "s2" } })
        assert.same({ 1, 2 }, { del.SubscriberList[1].Result, del.SubscriberList[2].Result })
        -- one form or the other; an unknown field is a malformed request: 6017 on this page
        _, err = svc.delete_subscriber{ Official_Account = oa }
        assert.equal(6017, err.code)
        _, err = svc.delete_subscriber{ Official_Account = oa, SubscriberToDel_Account = { "s1" },
                                        SubscriberList = { { Subscriber_Account = "s1" } } }
        assert.equal(6017, err.code)
        _, err = loose.delete_subscriber{ Official_Account = oa, Subscriber_Account = { "s1" } }
        assert.equal(6017, err.code)
        _, err = svc.delete_subscriber{ Official_Account = "@TOA#_none", SubscriberToDel_Account = { "s1" } }
        assert.equal(130004, err.code)
    end)

    local function send(random, s)
        return svc.send_official_account_msg{ Official_Account = oa, Random = random, MsgBody = text(s) }
    end

    it("broadcasts, drops identical content within 5 minutes, recalls by MsgKey and pulls history", function()
        local m1 = assert(send(1, "one"))
        assert.equal(1, m1.MsgSeq)
        assert.matches("^1_1_%d+$", m1.MsgKey)       -- Seq_1_ServerTime (60812)
        local dup = assert(send(2, "one"))
        assert.equal(m1.MsgKey, dup.MsgKey)
        local m2 = assert(send(3, "two"))
        assert.equal(2, m2.MsgSeq)
        local rec = assert(svc.official_account_msg_recall{ Official_Account = oa,
                                                            MsgKeyList = { m1.MsgKey, "9_1_3" } })
        assert.same({ 0, 10030 }, { rec.RecallRetList[1].RetCode, rec.RecallRetList[2].RetCode })
        local h = assert(svc.official_account_msg_get_simple{ Official_Account = oa, ReqMsgNumber = 10 })
        assert.equal(1, #h.RspMsgList)
        assert.equal("two", h.RspMsgList[1].MsgBody[1].MsgContent.Text)
        assert.equal(oa, h.RspMsgList[1].From_Account)
        assert.equal(1, h.IsFinished)
        -- a recalled message only with WithRecalledMsg = 1, as a placeholder (IsPlaceMsg 1)
        h = assert(svc.official_account_msg_get_simple{ Official_Account = oa, ReqMsgNumber = 10, WithRecalledMsg = 1 })
        assert.equal(2, #h.RspMsgList)
        assert.equal(1, h.RspMsgList[2].IsPlaceMsg)
        emu:control("clock", { advance = 301 })
        local again = assert(send(4, "one"))
        assert.equal(3, again.MsgSeq)
        -- MsgBody holds at least one element: the client refuses an empty one, the emulator answers 10004
        local _, err = loose.send_official_account_msg{ Official_Account = oa, Random = 1, MsgBody = {} }
        assert.equal(10004, err.code)
        _, err = svc.send_official_account_msg{ Official_Account = "@TOA#_none", Random = 1, MsgBody = text("x") }
        assert.equal(10010, err.code)      -- a message page: the message family's code
    end)

    it("pulls history newest first, continuing with the answer's LastMsgKey", function()
        for i = 1, 25 do assert(send(i, "m" .. i)) end
        -- no 1..20 cap on ReqMsgNumber (60812 sets none); absent, every message
        local h = assert(svc.official_account_msg_get_simple{ Official_Account = oa, ReqMsgNumber = 21 })
        assert.equal(21, #h.RspMsgList)
        assert.equal(0, h.IsFinished)
        assert.equal(25, #assert(svc.official_account_msg_get_simple{ Official_Account = oa }).RspMsgList)
        local seen, last, pages = {}, nil, 0
        repeat
            h = assert(svc.official_account_msg_get_simple{ Official_Account = oa, ReqMsgNumber = 10,
                                                            LastMsgKey = last })
            pages = pages + 1
            for _, m in ipairs(h.RspMsgList) do seen[#seen + 1] = m.MsgBody[1].MsgContent.Text end
            last = h.LastMsgKey
            assert.equal(h.RspMsgList[#h.RspMsgList].MsgKey, last)
        until h.IsFinished == 1
        assert.equal(3, pages)
        assert.equal(25, #seen)
        assert.same({ "m25", "m16", "m15", "m6", "m5", "m1" }, { seen[1], seen[10], seen[11], seen[20], seen[21],
                                                                 seen[25] })
        -- ReqMsgSeq is not on the page: refused by the client, then by the emulator (10004)
        local _, err = svc.official_account_msg_get_simple{ Official_Account = oa, ReqMsgSeq = 3 }
        assert.same({ "usage", "ReqMsgSeq" }, { err.kind, err.field })
        _, err = loose.official_account_msg_get_simple{ Official_Account = oa, ReqMsgSeq = 3 }
        assert.equal(10004, err.code)
        _, err = svc.official_account_msg_get_simple{ Official_Account = oa, LastMsgKey = "forged" }
        assert.equal(10004, err.code)
    end)

    it("destroys accounts (130004 afterwards) and carries accounts, subscribers and messages in the snapshot",
       function()
        assert(svc.add_subscriber{ Official_Account = oa, SubscriberList = { { Subscriber_Account = "s1" } } })
        assert(svc.send_official_account_msg{ Official_Account = oa, Random = 1, MsgBody = text("kept") })
        local _, body = emu:raw("GET", "/_emulator/state")
        local snap = cjson.decode(body)
        assert(svc.destroy_official_account{ Official_Account = oa })
        local _, err = svc.get_subscriber_info{ Official_Account = oa, Next = "" }
        assert.equal(130004, err.code)
        _, err = svc.destroy_official_account{ Official_Account = oa }
        assert.equal(130004, err.code)
        _, err = loose.destroy_official_account{}
        assert.equal(6017, err.code)       -- 60756: invalid request parameter
        assert.is_true(emu:control("state", snap).ok)
        local page = assert(svc.get_subscriber_info{ Official_Account = oa, Next = "" })
        assert.equal(1, page.SubscriberNum)
        local h = assert(svc.official_account_msg_get_simple{ Official_Account = oa, ReqMsgNumber = 5 })
        assert.equal("kept", h.RspMsgList[1].MsgBody[1].MsgContent.Text)
        local m = assert(send(9, "new"))
        assert.equal(2, m.MsgSeq)
    end)

    it("fires the official account callbacks with the fields of their pages", function()
        journal.dead_callbacks(emu)
        local id = assert(svc.create_official_account{ Owner_Account = "owner", Name = "Cb" }).OfficialAccountUserID
        assert(svc.add_subscriber{ Official_Account = id, SubscriberList = { { Subscriber_Account = "s1" } } })
        assert(svc.send_official_account_msg{ Official_Account = id, Random = 1, MsgBody = text("hi") })
        journal.off(emu)
        local before = journal.events(emu, "OfficialAccount.CallbackBeforeCreateOfficialAccount")[1]
        assert.same({ "administrator", "owner", "Cb" }, { before.Operator_Account, before.Owner_Account, before.Name })
        local after = journal.events(emu, "OfficialAccount.CallbackAfterCreateOfficialAccount")[1]
        assert.equal(id, after.Official_Account)
        local sub = journal.events(emu, "OfficialAccount.CallbackAfterAddSubscriber")[1]
        assert.equal("s1", sub.SubscribeAccountList[1].Subscriber_Account)
        assert.equal(1, #journal.events(emu, "OfficialAccount.CallbackBeforeSendMsg"))
        assert.is_number(journal.events(emu, "OfficialAccount.CallbackAfterSendMsg")[1].MsgSeq)
    end)
end)

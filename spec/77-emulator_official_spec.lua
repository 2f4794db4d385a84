-- Official accounts in the emulator (official_account_open_http_svc/*: trtc.io/document/60755, 60758, 60759,
-- 60763, 60810, 60811; 1047/60813 the fields): accounts with @TOA#_ IDs, subscribers, broadcasts, recall,
-- history.
local support = require "support.emulator"
local journal = require "support.emulator_journal"
local cjson = require "cjson"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator official accounts", function()
    local emu, im, oa

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "owner", "s1", "s2", "s3" } })
        oa = assert(im.official_account_open_http_svc.create_official_account{
            Owner_Account = "owner", Name = "Daily News", Introduction = "news", MaxSubscriberNum = 2 })
            .OfficialAccountUserID
    end)

    it("creates accounts with generated or given @TOA#_ IDs and reads their profile", function()
        assert.matches("^@TOA#_", oa)
        local given = assert(im.official_account_open_http_svc.create_official_account{
            Owner_Account = "owner", Name = "Mine", OfficialAccountUserID = "@TOA#_mine" }).OfficialAccountUserID
        assert.equal("@TOA#_mine", given)
        local _, err = im.official_account_open_http_svc.create_official_account{
            Owner_Account = "owner", Name = "Again", OfficialAccountUserID = "@TOA#_mine" }
        assert.equal(10021, err.code)
        _, err = im.official_account_open_http_svc.create_official_account{ Owner_Account = "owner", Name = "x",
                                                                            OfficialAccountUserID = "plain" }
        assert.equal(10004, err.code)
        _, err = im.official_account_open_http_svc.create_official_account{ Owner_Account = "ghost", Name = "x" }
        assert.equal(10019, err.code)
        _, err = im.official_account_open_http_svc.create_official_account{ Owner_Account = "owner",
                                                                            Name = string.rep("n", 151) }
        assert.equal(10004, err.code)
        local res = assert(im.official_account_open_http_svc.get_official_account_info{
            OfficialAccountIdList = { { Official_Account = oa }, { Official_Account = "@TOA#_none" } },
            ResponseFilter = { OfficialAccountBaseInfoFilter = { "Name", "Owner_Account", "SubscriberNum" } } })
        assert.equal("Daily News", res.OfficialAccountInfoList[1].Name)
        assert.equal(0, res.OfficialAccountInfoList[1].SubscriberNum)
        assert.is_nil(res.OfficialAccountInfoList[1].Introduction)
        assert.equal(10010, res.OfficialAccountInfoList[2].ErrorCode)
        assert(im.official_account_open_http_svc.modify_official_account_base_info{ Official_Account = oa,
                                                                                    Introduction = "all the news" })
        res = assert(im.official_account_open_http_svc.get_official_account_info{
            OfficialAccountIdList = { { Official_Account = oa } } })
        assert.equal("all the news", res.OfficialAccountInfoList[1].Introduction)
    end)

    it("adds subscribers up to MaxSubscriberNum (Result 0/1/2), pages them with Next, lists subscriptions", function()
        local res = assert(im.official_account_open_http_svc.add_subscriber{ Official_Account = oa,
            SubscriberList = { { Subscriber_Account = "s1", CustomString = "vip" }, { Subscriber_Account = "s2" },
                               { Subscriber_Account = "s3" } } })
        -- Result: 0 failed (here: MaxSubscriberNum 2 reached), 1 added, 2 already a subscriber (269/102308)
        assert.same({ 1, 1, 0 }, { res.SubscriberList[1].Result, res.SubscriberList[2].Result,
                                  res.SubscriberList[3].Result })
        res = assert(im.official_account_open_http_svc.add_subscriber{ Official_Account = oa,
            SubscriberList = { { Subscriber_Account = "s1" }, { Subscriber_Account = "ghost" } } })
        assert.same({ 2, 0 }, { res.SubscriberList[1].Result, res.SubscriberList[2].Result })
        local page = assert(im.official_account_open_http_svc.get_subscriber_info{ Official_Account = oa, Limit = 1,
                                                                                    Next = "" })
        assert.equal(2, page.SubscriberNum)
        assert.equal("s1", page.SubscriberList[1].Subscriber_Account)
        assert.equal("vip", page.SubscriberList[1].CustomString)
        assert.equal("AcceptAndNotify", page.SubscriberList[1].MsgFlag)
        assert.are_not.equal("", page.Next)
        page = assert(im.official_account_open_http_svc.get_subscriber_info{ Official_Account = oa, Limit = 1,
                                                                             Next = page.Next })
        assert.equal("s2", page.SubscriberList[1].Subscriber_Account)
        assert.equal("", page.Next)
        assert(im.official_account_open_http_svc.modify_subscriber_info{ Official_Account = oa,
                                                                         Subscriber_Account = "s2",
                                                                         MsgFlag = "Discard" })
        local subs = assert(im.official_account_open_http_svc.get_subscribed_official_account_list{
            Subscriber_Account = "s2" })
        assert.equal(1, subs.TotalCount)
        assert.equal(oa, subs.OfficialAccountInfoList[1].Official_Account)
        assert.equal("Discard", subs.OfficialAccountInfoList[1].SelfInfo.MsgFlag)
        local del = assert(im.official_account_open_http_svc.delete_subscriber{ Official_Account = oa,
            SubscriberList = { { Subscriber_Account = "s2" }, { Subscriber_Account = "s3" } } })
        assert.same({ 1, 0 }, { del.SubscriberList[1].Result, del.SubscriberList[2].Result })
        page = assert(im.official_account_open_http_svc.get_subscriber_info{ Official_Account = oa, Next = "" })
        assert.equal(1, page.SubscriberNum)
        local _, err = im.official_account_open_http_svc.modify_subscriber_info{ Official_Account = oa,
            Subscriber_Account = "s2", MsgFlag = "Discard" }
        assert.equal(10007, err.code)
    end)

    local function send(random, s)
        return im.official_account_open_http_svc.send_official_account_msg{ Official_Account = oa, Random = random,
                                                                            MsgBody = text(s) }
    end

    it("broadcasts, drops identical content within 5 minutes, recalls by MsgKey and pulls history", function()
        local m1 = assert(send(1, "one"))
        assert.equal(1, m1.MsgSeq)
        local dup = assert(send(2, "one"))
        assert.equal(m1.MsgKey, dup.MsgKey)
        local m2 = assert(send(3, "two"))
        assert.equal(2, m2.MsgSeq)
        local rec = assert(im.official_account_open_http_svc.official_account_msg_recall{ Official_Account = oa,
            MsgKeyList = { m1.MsgKey, "1_2_3" } })
        assert.same({ 0, 10030 }, { rec.RecallRetList[1].RetCode, rec.RecallRetList[2].RetCode })
        local h = assert(im.official_account_open_http_svc.official_account_msg_get_simple{ Official_Account = oa,
                                                                                            ReqMsgNumber = 10 })
        assert.equal(1, #h.RspMsgList)
        assert.equal("two", h.RspMsgList[1].MsgBody[1].MsgContent.Text)
        assert.equal(1, h.IsFinished)
        h = assert(im.official_account_open_http_svc.official_account_msg_get_simple{ Official_Account = oa,
                                                                                      ReqMsgNumber = 10,
                                                                                      WithRecalledMsg = 1 })
        assert.equal(2, #h.RspMsgList)
        assert.equal(2, h.RspMsgList[2].IsPlaceMsg)
        emu:control("clock", { advance = 301 })
        local again = assert(send(4, "one"))
        assert.equal(3, again.MsgSeq)
        -- (the client fills Random itself: the catalogue's `fill`)
        local _, err = im.official_account_open_http_svc.send_official_account_msg{ Official_Account = oa,
                                                                                    Random = 1, MsgBody = {} }
        assert.equal(10004, err.code)
        _, err = im.official_account_open_http_svc.official_account_msg_get_simple{ Official_Account = oa,
                                                                                    ReqMsgNumber = 21 }
        assert.equal(10004, err.code)
    end)

    it("destroys accounts (10010 afterwards) and carries accounts, subscribers and messages in the snapshot", function()
        assert(im.official_account_open_http_svc.add_subscriber{ Official_Account = oa,
                                                                 SubscriberList = { { Subscriber_Account = "s1" } } })
        assert(im.official_account_open_http_svc.send_official_account_msg{ Official_Account = oa, Random = 1,
                                                                            MsgBody = text("kept") })
        local _, body = emu:raw("GET", "/_emulator/state")
        local snap = cjson.decode(body)
        assert(im.official_account_open_http_svc.destroy_official_account{ Official_Account = oa })
        local _, err = im.official_account_open_http_svc.get_subscriber_info{ Official_Account = oa, Next = "" }
        assert.equal(10010, err.code)
        assert.is_true(emu:control("state", snap).ok)
        local page = assert(im.official_account_open_http_svc.get_subscriber_info{ Official_Account = oa, Next = "" })
        assert.equal(1, page.SubscriberNum)
        local h = assert(im.official_account_open_http_svc.official_account_msg_get_simple{ Official_Account = oa,
                                                                                            ReqMsgNumber = 5 })
        assert.equal("kept", h.RspMsgList[1].MsgBody[1].MsgContent.Text)
        local m = assert(send(9, "new"))
        assert.equal(2, m.MsgSeq)
    end)

    it("fires the official account callbacks with the fields of their pages", function()
        journal.dead_callbacks(emu)
        local id = assert(im.official_account_open_http_svc.create_official_account{
            Owner_Account = "owner", Name = "Cb" }).OfficialAccountUserID
        assert(im.official_account_open_http_svc.add_subscriber{ Official_Account = id,
                                                                 SubscriberList = { { Subscriber_Account = "s1" } } })
        assert(im.official_account_open_http_svc.send_official_account_msg{ Official_Account = id, Random = 1,
                                                                            MsgBody = text("hi") })
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

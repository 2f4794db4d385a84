-- The emulator answers the documented codes for documented bad requests (facts from the official pages, with their
-- URLs), and its batch limits are the catalogue's (one source for the client's chunking and the emulator's refusal).
local emulator = require "support.emulator"

describe("the emulator's answers follow the pages", function()
    local emu, im

    setup(function()
        emu = emulator.start{}
        im = emu:client{ retries = 0 }
        local ids = {}
        for i = 1, 21 do ids[i] = { UserID = "fid_" .. i } end
        assert(im.im_open_login_svc.multiaccount_import{ AccountList = ids })
    end)

    teardown(function()
        if emu then emu:stop() end
    end)

    -- https://cloud.tencent.com/document/product/269/38980 (admin_msgwithdraw): 90008 From_Account, 90003 To_Account
    it("admin_msgwithdraw: 90008 for a bad From_Account, 90003 for a bad To_Account, 20022 for an unknown MsgKey",
       function()
        -- a missing account is the page's malformed request (the record's invalid code, 90001, and the client
        -- refuses it first); an empty one is a bad account
        local _, err = im.openim.admin_msgwithdraw{ From_Account = "", To_Account = "fid_2", MsgKey = "1_2_3" }
        assert.equal(90008, err.code)
        _, err = im.openim.admin_msgwithdraw{ From_Account = "fid_1", To_Account = "", MsgKey = "1_2_3" }
        assert.equal(90003, err.code)
        _, err = im.openim.admin_msgwithdraw{ From_Account = "fid_1", To_Account = "fid_2", MsgKey = "1_2_3" }
        assert.equal(20022, err.code)
        assert.is_false(err.in_doubt)
    end)

    -- https://cloud.tencent.com/document/product/269/1621 (add_group_member, 2026-02-06): at most 20 per call
    it("add_group_member takes at most 20 members, as the catalogue says", function()
        local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "fid_1", Type = "Public", Name = "f" })
        local members = {}
        for i = 2, 21 do members[#members + 1] = { Member_Account = "fid_" .. i } end
        members[#members + 1] = { Member_Account = "administrator" }
        local _, err = im.group_open_http_svc.add_group_member{ GroupId = g.GroupId, MemberList = members }
        assert.equal(10004, err.code)
        members[#members] = nil
        assert(im.group_open_http_svc.add_group_member{ GroupId = g.GroupId, MemberList = members })
        assert.equal(20, require("tim.api").lookup("group_open_http_svc", "add_group_member").batch.max)
    end)

    -- https://cloud.tencent.com/document/product/269/12341 (group_msg_recall): at most 10 MsgSeq per call
    it("group_msg_recall takes at most 10 messages", function()
        local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "fid_1", Type = "Public", Name = "r" })
        local list = {}
        for i = 1, 11 do list[i] = { MsgSeq = i } end
        local _, err = im.group_open_http_svc.group_msg_recall{ GroupId = g.GroupId, MsgSeqList = list }
        assert.equal("usage", err.kind)                       -- the client refuses it first
        _, err = im.group_open_http_svc.group_msg_recall({ GroupId = g.GroupId, MsgSeqList = list },
                                                         { validate = false })
        assert.equal(10004, err.code)
    end)
end)

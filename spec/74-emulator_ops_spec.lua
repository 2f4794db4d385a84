-- Operations in the emulator: openconfigsvr/getappinfo from the emulator's own counters (1047/34886),
-- open_msg_svc/get_history with a record file the emulator serves (1047/34885), ConfigSvc/GetIPList answering
-- loopback, im_cos_msg/* (269/74775..74777).
local support = require "support.emulator"
local cjson = require "cjson"

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

describe("tim.emulator operations", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "a", "b" } })
    end)

    -- the Result row of Date (YYYYMMDD), or nil
    local function day(res, date)
        for _, r in ipairs(res.Result) do if r.Date == date then return r end end
    end
    local function beijing(t) return os.date("!%Y%m%d", t + 8 * 3600) end

    -- 1047/34886, 269/4193: the last 30 days, one row a day (Beijing time) with its Date, values as strings
    it("answers getappinfo from its own counters, a row a day for 30 days, RequestField filtering", function()
        local sent = assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgRandom = 1,
                                               MsgBody = text("1") })
        assert(im.openim.sendmsg{ From_Account = "b", To_Account = "a", MsgRandom = 2, MsgBody = text("2") })
        local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "a", Type = "Public", Name = "g" })
        assert(im.group_open_http_svc.send_group_msg{ GroupId = g.GroupId, From_Account = "a", Random = 1,
                                                     MsgBody = text("3") })
        -- a message of three days ago, imported
        assert(im.openim.importmsg{ SyncFromOldSystem = 2, From_Account = "a", To_Account = "b", MsgRandom = 3,
                                    MsgTimeStamp = sent.MsgTime - 3 * 86400, MsgBody = text("old") })
        local res = assert(im.openconfigsvr.getappinfo{})
        assert.equal(30, #res.Result)
        local dates = {}
        for _, row in ipairs(res.Result) do
            assert.matches("^%d%d%d%d%d%d%d%d$", row.Date)
            assert.is_nil(dates[row.Date])
            dates[row.Date] = true
            for k, v in pairs(row) do assert.is_string(v, k) end
        end
        local r = assert(day(res, beijing(sent.MsgTime)))
        assert.equal("2", r.C2CUpMsgNum)
        assert.equal("1", r.GroupUpMsgNum)
        assert.equal("3", r.UpMsgNum)
        assert.equal("3", r.RegistUserNumTotal)      -- the admin exists from the start
        assert.equal("1", r.GroupAllGroupNum)
        assert.equal(tostring(emu.sdkappid), r.AppId)
        local old = assert(day(res, beijing(sent.MsgTime - 3 * 86400)))
        assert.equal("1", old.C2CUpMsgNum)
        assert.equal("0", old.GroupUpMsgNum)
        res = assert(im.openconfigsvr.getappinfo{ RequestField = { "C2CUpMsgNum" } })
        assert.equal(30, #res.Result)
        assert.same({ Date = r.Date, C2CUpMsgNum = "2" }, day(res, r.Date))
        local _, err = im.openconfigsvr.getappinfo{ RequestField = { "NoSuchField" } }
        assert.equal(90001, err.code)
    end)

    it("answers GetIPList with loopback, where its callbacks come from", function()
        assert.same({ "127.0.0.1" }, assert(im.ConfigSvc.GetIPList{}).IPList)
    end)

    it("points get_history at a record file of that Beijing-time hour, which the emulator serves", function()
        local sent = assert(im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgRandom = 9,
                                               MsgBody = text("archived") })
        local hour = os.date("!%Y%m%d%H", sent.MsgTime + 8 * 3600)
        local res = assert(im.open_msg_svc.get_history{ ChatType = "C2C", MsgTime = hour })
        assert.equal(1, #res.File)
        local f = res.File[1]
        assert.is_number(f.FileSize)
        local path = f.URL:match("^https?://[^/]+(/.*)$")
        local status, body = emu:raw("GET", path)
        assert.equal(200, status)
        assert.equal(f.FileSize, #body)
        local rec = cjson.decode(body:match("^[^\n]+"))
        assert.equal("archived", rec.MsgBody[1].MsgContent.Text)
        assert.equal(sent.MsgKey, rec.MsgKey)
        res = assert(im.open_msg_svc.get_history{ ChatType = "Group", MsgTime = hour })
        assert.equal(0, #res.File)
        local _, err = im.open_msg_svc.get_history{ ChatType = "C2C", MsgTime = "2015-12-01" }
        assert.equal(90001, err.code)
        _, err = im.open_msg_svc.get_history({ ChatType = "Both", MsgTime = hour }, { validate = false })
        assert.equal(90001, err.code)
    end)

    -- the banned files, as the emulator's state holds them
    local function banned()
        local _, text_ = emu:raw("GET", "/_emulator/state")
        return cjson.decode(text_).families.ops.banned
    end

    -- 269/74775..74777: RawURL; RawURLs[] { ResourceID, RawURL }; PreSigURLs[] { Code, Desc, ResourceID, PreSigURL }
    it("bans and lifts the ban on a chat file; get_cos_sig answers a 15-minute URL per ResourceID", function()
        local url = "https://cos.example.com/bucket/file.png"
        assert(im.im_cos_msg.forbid_illegal_object{ RawURL = url })
        assert.same({ url }, banned())
        local res = assert(im.im_cos_msg.get_cos_sig{ RawURLs = { { ResourceID = 1, RawURL = url },
                                                                  { ResourceID = 2, RawURL = url .. "?x=1" } } })
        assert.equal(2, #res.PreSigURLs)
        local first = res.PreSigURLs[1]
        assert.same({ Code = 0, Desc = "", ResourceID = 1 },
                    { Code = first.Code, Desc = first.Desc, ResourceID = first.ResourceID })
        assert.equal(2, res.PreSigURLs[2].ResourceID)
        local names = {}
        for k in pairs(first) do names[#names + 1] = k end
        table.sort(names)
        assert.same({ "Code", "Desc", "PreSigURL", "ResourceID" }, names)     -- the record's members only
        local expires = tonumber(first.PreSigURL:match("expires=(%d+)"))
        assert.is_true(expires >= os.time() + 15 * 60 - 5 and expires <= os.time() + 15 * 60 + 5)
        assert(im.im_cos_msg.allow_banned_object{ RawURL = url })
        assert.same({}, banned())
        res = assert(im.im_cos_msg.get_cos_sig{ RawURLs = { { ResourceID = 1, RawURL = url } } })
        assert.equal(0, res.PreSigURLs[1].Code)
        -- the pages give no code for a RawURL that is not a URL: 90001 is the emulator's own choice
        local _, err = im.im_cos_msg.forbid_illegal_object{ RawURL = "not a url" }
        assert.equal(90001, err.code)
        _, err = im.im_cos_msg.get_cos_sig{ RawURLs = require("tim").empty_array }
        assert.equal(90001, err.code)
        -- the record's names: RawURL is required, a RawURLs item needs ResourceID and RawURL
        _, err = im.im_cos_msg.forbid_illegal_object{ URL = url }
        assert.equal("usage", err.kind)
        _, err = im.im_cos_msg.get_cos_sig({ RawURLs = { { RawURL = url } } }, { validate = false })
        assert.equal(90001, err.code)
    end)
end)

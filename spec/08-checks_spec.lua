-- What a caller gets from the endpoint schemas: a malformed request refused before anything is sent (with the
-- field, the reason and the closest documented name), drift reports on answers, the message builders and the
-- introspection functions.
local tim = require "tim"
local api = require "tim.api"
local check = require "tim.client.check"
local fake = require "support.fake_transport"

local SENDMSG_OK = { ActionStatus = "OK", ErrorCode = 0, MsgTime = 1, MsgKey = "k" }

local function text_body()
    return { From_Account = "a", To_Account = "b", MsgBody = tim.msg.body(tim.msg.text("hi")) }
end

describe("a request the page calls malformed", function()
    it("is refused with kind usage, nothing sent, no token taken, and the field's concrete path", function()
        local im, t = fake.client()
        local body = text_body()
        body.MsgBody[1].MsgContent.Text = 42
        local res, err = im.openim.sendmsg(body)
        assert.is_nil(res)
        assert.same({ "usage", "type", "MsgBody[1].MsgContent.Text", 0, false },
                    { err.kind, err.reason, err.field, err.attempts, err.in_doubt })
        assert.equal(0, #t.requests)
    end)

    it("names the documented field a wrongly cased one meant, in err.suggestion and in tostring", function()
        local im, t = fake.client()
        local body = text_body()
        body.To_Account = nil
        body.To_account = "b"
        local _, err = im.openim.sendmsg(body)
        assert.same({ "unknown_field", "To_account", "To_Account" }, { err.reason, err.field, err.suggestion })
        assert.matches("did you mean To_Account?", tostring(err), 1, true)
        assert.equal(0, #t.requests)
    end)

    it("reports missing, enum and limit problems by their reason", function()
        local im = fake.client()
        local _, err = im.im_open_login_svc.account_import({ Nick = "n" })
        assert.same({ "missing", "UserID" }, { err.reason, err.field })
        local body = text_body()
        body.MsgBody[1].MsgType = "TIMTextElement"
        _, err = im.openim.sendmsg(body)
        assert.same({ "enum", "MsgBody[1].MsgType", "TIMTextElem" }, { err.reason, err.field, err.suggestion })
        local list = {}
        for i = 1, 101 do list[i] = { UserID = "u" .. i } end
        -- 101 accounts: a direct call is over the page's limit (im:batch would split them)
        _, err = im.im_open_login_svc.multiaccount_import({ AccountList = list })
        assert.same({ "limit", "AccountList" }, { err.reason, err.field })
        _, err = im.im_open_login_svc.account_import({ UserID = string.rep("x", 33) })
        assert.same({ "limit", "UserID" }, { err.reason, err.field })
    end)

    it("leaves out the dedup fields the client draws itself", function()
        local im, t = fake.client()
        t:ok(SENDMSG_OK)
        assert(im.openim.sendmsg(text_body()))
        assert.matches('"MsgRandom":%d+', t.requests[1].body)
    end)

    it("is sent as it is with validate = false, per call or per client", function()
        local im, t = fake.client()
        t:ok(SENDMSG_OK) t:ok(SENDMSG_OK)
        local body = text_body()
        body.Brand_New_Field = 1
        assert(im.openim.sendmsg(body, { validate = false }))
        local im2, t2 = fake.client{ validate = false }
        t2:ok(SENDMSG_OK)
        assert(im2.openim.sendmsg(body))
        assert.matches('"Brand_New_Field":1', t.requests[1].body, 1, true)
        assert.matches('"Brand_New_Field":1', t2.requests[1].body, 1, true)
    end)

    it("refuses an unknown command with the closest endpoint, and im:call sends it with validate = false", function()
        local im, t = fake.client()
        local _, err = im:call("im_open_login_svc/account_chek", {})
        assert.same({ "usage", "unknown_endpoint", "im_open_login_svc/account_check" },
                    { err.kind, err.reason, err.suggestion })
        t:ok({ X = 1 })
        assert(im:call("future_svc/new_command", { A = 1 }, { validate = false }))
        assert.equal(1, #t.requests)
    end)

    it("refuses a bad item of a batch before the first chunk goes out", function()
        local im, t = fake.client()
        local list = {}
        for i = 1, 250 do list[i] = { UserID = "u" .. i } end
        list[230] = { userid = "u230" }
        local report, err = im:batch("im_open_login_svc/multiaccount_import", { AccountList = list })
        assert.is_nil(report)
        assert.same({ "usage", "unknown_field", "UserID", 230 }, { err.kind, err.reason, err.suggestion, err.item })
        assert.equal(0, #t.requests)
    end)
end)

describe("answer drift", function()
    before_each(function() check.reset() end)

    it("is reported once per endpoint and path, and never fails the call", function()
        local seen = {}
        local im, t = fake.client{ on_drift = function(endpoint, side, path, detail)
            seen[#seen + 1] = { endpoint, side, path, detail }
        end }
        for _ = 1, 3 do t:ok({ ResultItem = { { UserID = "a", ResultCode = 0, Surprise = true } }, NewTop = 1 }) end
        for _ = 1, 3 do
            assert(im.im_open_login_svc.account_check({ CheckItem = { { UserID = "a" } } }))
        end
        table.sort(seen, function(a, b) return a[3] < b[3] end)
        assert.same({ "im_open_login_svc/account_check", "answer", "NewTop" }, { seen[1][1], seen[1][2], seen[1][3] })
        assert.same("ResultItem[].Surprise", seen[2][3])
        assert.equal(2, #seen)
    end)

    it("writes one warning line per endpoint and path by default, and nothing with on_drift = false", function()
        local lines = {}
        local stderr = io.stderr
        local fake_stderr = { write = function(_, ...) for _, s in ipairs{ ... } do lines[#lines + 1] = s end end }
        io.stderr = fake_stderr     -- luacheck: ignore 122
        local ok, why = pcall(function()
            local im, t = fake.client()
            for _ = 1, 2 do t:ok({ CheckItem = {}, Odd = 1 }) end
            assert(im.im_open_login_svc.account_check({ CheckItem = { { UserID = "a" } } }))
            assert(im.im_open_login_svc.account_check({ CheckItem = { { UserID = "a" } } }))
            local quiet, tq = fake.client{ on_drift = false }
            check.reset()
            tq:ok({ Odd = 1 })
            assert(quiet.im_open_login_svc.account_check({ CheckItem = { { UserID = "a" } } }))
        end)
        io.stderr = stderr      -- luacheck: ignore 122
        assert(ok, why)
        local text = table.concat(lines)
        local _, n = text:gsub("tim: drift: im_open_login_svc/account_check answer Odd", "")
        assert.equal(1, n)
    end)
end)

describe("tim.msg", function()
    it("builds checked elements and a marked body", function()
        assert.same({ MsgType = "TIMTextElem", MsgContent = { Text = "hi" } }, tim.msg.text("hi"))
        local c = tim.msg.custom{ Data = "{}", Desc = "d" }
        assert.equal("TIMCustomElem", c.MsgType)
        local body = tim.msg.body(tim.msg.text("a"), c)
        assert.is_true(tim.json.is_array(body))
        local text = tim.json.encode(tim.msg.body(tim.msg.text("a")))
        assert.same({ { MsgType = "TIMTextElem", MsgContent = { Text = "a" } } }, tim.json.decode(text))
        assert.matches("^%[", text)
    end)

    it("raises an error naming the field and the closest documented name", function()
        local ok, err = pcall(tim.msg.custom, { data = "x" })
        assert.is_false(ok)
        assert.matches("tim.msg.custom: field data: not a documented field (did you mean Data?)", err, 1, true)
        ok, err = pcall(tim.msg.location, { Latitude = "1", Longitude = 2 })
        assert.is_false(ok)
        assert.matches("Latitude", err, 1, true)
        ok, err = pcall(tim.msg.element, "TIMTxtElem", {})
        assert.is_false(ok)
        assert.matches("did you mean TIMTextElem", err, 1, true)
        ok, err = pcall(tim.msg.text, 5)
        assert.is_false(ok)
        assert.matches("bad argument #1 to 'tim.msg.text'", err, 1, true)
    end)

    it("lists an element's MsgContent paths", function()
        local paths = tim.msg.fields("TIMImageElem")
        local set = {}
        for _, p in ipairs(paths) do set[p] = true end
        assert.is_true(set.ImageFormat and set["ImageInfoArray[].URL"])
        assert.is_nil(tim.msg.fields("TIMNope"))
    end)
end)

describe("tim.api introspection", function()
    it("describes a field with its limits and page, and lists the paths", function()
        local d = api.field("im_open_login_svc/account_import", "request", "UserID")
        assert.same({ "string", true, 32 }, { d.type, d.required, d.max_bytes })
        assert.matches("^https://", d.page)
        assert.equal("2026-12-07", d.read)
        local paths = api.fields("im_open_login_svc/multiaccount_import", "request")
        local set = {}
        for _, p in ipairs(paths) do set[p] = true end
        assert.is_true(set["AccountList[].UserID"])
        assert.equal("integer", api.field("im_open_login_svc/account_import", "answer", "ErrorCode").type)
        assert.is_nil(api.field("im_open_login_svc/account_import", "request", "Nope"))
        assert.is_nil(api.fields("no_such/endpoint", "request"))
        assert.has_error(function() api.fields("openim/sendmsg", "reply") end)
    end)
end)

describe("the catalogue's limits from the pages", function()
    it("paces get_appid_group_list at 1/s (269/1614) and get_history at 10/s (269/1650)", function()
        local g = api.lookup("group_open_http_svc/get_appid_group_list")
        local h = api.lookup("open_msg_svc/get_history")
        assert.same({ 1, 10 }, { api.rate_classes[g.rate].rate, api.rate_classes[h.rate].rate })
    end)
end)

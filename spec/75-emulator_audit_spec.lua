-- Content moderation in the emulator: im_msg_audit/* against the keywords you configure, and the
-- im_msg_audit_mgr/* keyword lists (trtc.io/document/77827, 77828; 1047/77829..77832).
local support = require "support.emulator"
local cjson = require "cjson"

describe("tim.emulator content moderation", function()
    local emu, im, loose
    local webhook_port, server, seen
    local drift = {}

    setup(function()
        emu = support.start{}
        -- every answer is compared with its page's answer tree: a name the page does not give is recorded
        im = emu:client{ retries = 0, on_drift = function(endpoint, _, path, detail)
            drift[#drift + 1] = endpoint .. " " .. path .. ": " .. detail
        end }
        -- for the emulator's own answer to a body its page calls malformed (the client would refuse it first)
        loose = emu:client{ retries = 0, validate = false }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        emu:control("config", { moderation_keywords = { "spam", "Bad Word" } })
    end)

    local function keys(t)
        local out = {}
        for k in pairs(t) do out[#out + 1] = k end
        local order = { ID = 1, Content = 2, CreateTime = 3 }
        table.sort(out, function(a, b) return (order[a] or 9) < (order[b] or 9) end)
        return out
    end

    local function moderate(kind, content)
        return im.im_msg_audit.content_moderation{ AuditName = "C2C", ContentType = kind, Content = content,
                                                    ExtSender = "a" }
    end

    it("blocks a text holding a configured keyword (any case) and passes the rest", function()
        local res = assert(moderate("Text", "this is SPAM, buy now"))
        assert.equal("Block", res.Suggestion)
        assert.same({ "spam" }, res.Keywords)
        assert.is_string(res.RequestId)
        res = assert(moderate("Text", "a friendly hello"))
        assert.equal("Pass", res.Suggestion)
        assert.same({}, res.Keywords)
        res = assert(moderate("Image", "https://img.example.com/spam.png"))
        assert.equal("Block", res.Suggestion)
    end)

    it("moderates a batch item by item, keeping each ContentId", function()
        local res = assert(im.im_msg_audit.batch_content_moderation{ AuditName = "Group", Contents = {
            { ContentId = 0, ContentType = "Text", Content = "ok" },
            { ContentId = 7, ContentType = "Text", Content = "a bad word here" } } })
        assert.equal(2, #res.Results)
        assert.equal("Pass", res.Results[1].Suggestion)
        assert.equal(7, res.Results[2].ContentId)
        assert.equal("Block", res.Results[2].Suggestion)
        -- Text or Image only, at most 10 items (77828, 269/100243): the client refuses first, the emulator too
        local audio = { AuditName = "Group", Contents = {
            { ContentId = 1, ContentType = "Audio", Content = "https://a.example.com/x.mp3" } } }
        local _, err = im.im_msg_audit.batch_content_moderation(audio)
        assert.same({ "usage", "Contents[1].ContentType" }, { err.kind, err.field })
        _, err = loose.im_msg_audit.batch_content_moderation(audio)
        assert.equal(2003, err.code)
        local eleven = {}
        for i = 1, 11 do eleven[i] = { ContentId = i, ContentType = "Text", Content = "t" } end
        _, err = loose.im_msg_audit.batch_content_moderation{ AuditName = "Group", Contents = eleven }
        assert.equal(2003, err.code)
        -- ContentId: "distinct within the request"
        _, err = im.im_msg_audit.batch_content_moderation{ AuditName = "Group", Contents = {
            { ContentId = 3, ContentType = "Text", Content = "a" }, { ContentId = 3, ContentType = "Text",
                                                                      Content = "b" } } }
        assert.equal(2003, err.code)
    end)

    it("answers 2003 for a missing AuditName, an unknown ContentType, empty or over-8 KB content", function()
        local _, err = loose.im_msg_audit.content_moderation{ ContentType = "Text", Content = "x" }
        assert.equal(2003, err.code)
        _, err = loose.im_msg_audit.content_moderation{ AuditName = "C2C", ContentType = "Html", Content = "x" }
        assert.equal(2003, err.code)
        _, err = moderate("Text", "")
        assert.equal(2003, err.code)
        _, err = loose.im_msg_audit.content_moderation{ AuditName = "C2C", ContentType = "Text",
                                                        Content = string.rep("x", 8 * 1024 + 1) }
        assert.equal(2003, err.code)
    end)

    it("adds local keywords that then block, lists and deletes them", function()
        assert.equal("Pass", assert(moderate("Text", "forbidden fruit")).Suggestion)
        assert(im.im_msg_audit_mgr.add_local_audit_keywords{ Keywords = { "forbidden" } })
        assert.equal("Block", assert(moderate("Text", "forbidden fruit")).Suggestion)
        local list = assert(im.im_msg_audit_mgr.get_local_audit_keywords{ Offset = 0, Limit = 10 })
        assert.equal(1, list.TotalCount)
        assert.equal("forbidden", list.Infos[1].Content)
        local del = assert(im.im_msg_audit_mgr.delete_local_audit_keywords{ Keywords = { "forbidden", "never" } })
        assert.equal(1, del.Count)
        assert.is_true(del.Details[1].Deleted)
        assert.is_false(del.Details[2].Deleted)
        assert.equal("Pass", assert(moderate("Text", "forbidden fruit")).Suggestion)
    end)

    it("keeps cloud keyword libraries: list the IDs, add with a Label, search, delete at most 10", function()
        local libs = assert(im.im_msg_audit_mgr.get_cloud_audit_keywords_ids{ SdkAppId = emu.sdkappid, Offset = 0,
                                                                              Limit = 10 })
        assert.equal(1, libs.TotalCount)
        local lib = libs.Infos[1].ID
        assert(im.im_msg_audit_mgr.add_cloud_audit_keywords{ SdkAppId = emu.sdkappid, LibID = lib,
            UserKeywords = { { Content = "casino", Label = "Ad" }, { Content = "lottery" } } })
        local res = assert(moderate("Text", "Visit the CASINO"))
        assert.equal("Block", res.Suggestion)
        assert.equal("Ad", res.Label)
        local words = assert(im.im_msg_audit_mgr.get_cloud_audit_keywords{ SdkAppId = emu.sdkappid, Offset = 0,
                                                                           Limit = 10, LibID = lib, Content = "lot" })
        assert.equal(1, words.TotalCount)
        assert.equal("lottery", words.Infos[1].Content)
        assert.same({ "ID", "Content", "CreateTime" }, keys(words.Infos[1]))     -- 77830's sample
        -- delete: at most 10 keywords (77832), refused by the client, then by the emulator as invalid (2003)
        local eleven = {}
        for i = 1, 11 do eleven[i] = "w" .. i end
        local _, err = loose.im_msg_audit_mgr.delete_cloud_audit_keywords{ SdkAppId = emu.sdkappid, LibID = lib,
                                                                           Keywords = eleven }
        assert.equal(2003, err.code)
        local del = assert(im.im_msg_audit_mgr.delete_cloud_audit_keywords{ SdkAppId = emu.sdkappid, LibID = lib,
                                                                            Keywords = { "casino" } })
        assert.equal(1, del.Count)
        -- add: 2016, too many keywords in one request (77831, which gives no number: the emulator's is 100)
        local many = {}
        for i = 1, 101 do many[i] = { Content = "k" .. i } end
        _, err = im.im_msg_audit_mgr.add_cloud_audit_keywords{ SdkAppId = emu.sdkappid, LibID = lib,
                                                                UserKeywords = many }
        assert.equal(2016, err.code)
        _, err = loose.im_msg_audit_mgr.add_cloud_audit_keywords{ SdkAppId = emu.sdkappid, LibID = lib,
            UserKeywords = { { Content = "x", Label = "Nonsense" } } }
        assert.equal(2003, err.code)
        -- Offset and Limit are required on both listing pages (77829, 77830)
        _, err = loose.im_msg_audit_mgr.get_cloud_audit_keywords_ids{ SdkAppId = emu.sdkappid }
        assert.equal(2003, err.code)
        _, err = loose.im_msg_audit_mgr.get_cloud_audit_keywords{ SdkAppId = emu.sdkappid, LibID = lib, Limit = 10 }
        assert.equal(2003, err.code)
        _, err = im.im_msg_audit_mgr.get_cloud_audit_keywords_ids{ SdkAppId = 1, Offset = 0, Limit = 10 }
        assert.equal(2003, err.code)
        _, err = im.im_msg_audit_mgr.get_cloud_audit_keywords{ SdkAppId = emu.sdkappid, Offset = 0, Limit = 10,
                                                               LibID = "nope" }
        assert.equal(2003, err.code)
        assert.same({}, drift)
    end)

    it("answers audio at once with a RequestId and sends the verdict as ContentCallback.ResultNotify", function()
        local socket = require "socket"
        server = assert(socket.bind("127.0.0.1", 0))
        local _, port = server:getsockname()
        webhook_port = tonumber(port)
        emu:control("config", { callback_url = "http://127.0.0.1:" .. webhook_port .. "/cb" })
        -- a one-shot receiver, served from a coroutine while the client waits on the emulator
        server:settimeout(5)
        local co = coroutine.wrap(function()
            local c = assert(server:accept())
            c:settimeout(5)
            local http = require "tim.net.http"
            local req = assert(http.read_request(c))
            seen = { line = req.path .. "?" .. (req.query or ""), body = cjson.decode(req.body) }
            http.write_response(c, 200, { ["Content-Type"] = "application/json", ["Connection"] = "close" },
                                '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}')
            c:close()
        end)
        -- the emulator fires while it handles the request: send it raw, then serve the callback, then read
        local body = cjson.encode({ AuditName = "C2C", ContentType = "Audio", Content = "https://a.example/spam.mp3" })
        local c = assert(socket.connect(emu.host, emu.port))
        local path = "/v4/im_msg_audit/content_moderation?sdkappid=" .. emu.sdkappid .. "&identifier=" .. emu.admin
            .. "&usersig=" .. require("tim.core").usersig(emu.sdkappid, emu.key, emu.admin, 3600)
            .. "&random=1&contenttype=json"
        c:send("POST " .. path .. " HTTP/1.1\r\nHost: x\r\nContent-Length: " .. #body .. "\r\nConnection: close\r\n\r\n"
               .. body)
        co()
        c:settimeout(5)
        local answer = c:receive("*a")
        c:close()
        server:close()
        emu:control("config", { callback_url = false })
        local res = cjson.decode(answer:match("\r\n\r\n(.*)$"))
        assert.equal(0, res.ErrorCode)
        assert.is_string(res.RequestId)
        assert.is_nil(res.Suggestion)
        assert.matches("CallbackCommand=ContentCallback.ResultNotify", seen.line)
        assert.equal(res.RequestId, seen.body.RequestId)
        assert.equal("Block", seen.body.Suggestion)
    end)
end)

-- Robots (openim_robot_http_svc/create_robot, delete_robot, get_all_robots: trtc.io/document/55280..55282) and
-- streaming messages (stream_msg/send_c2c_stream_msg, send_group_stream_msg, openim_robot_http_svc/
-- send_stream_msg: trtc.io/document/71131) in the emulator.
local support = require "support.emulator"
local cjson = require "cjson"

local function stream(chunks, id, compat)
    local list = {}
    for i, c in ipairs(chunks) do list[i] = { EventType = "data", Index = c[1], Markdown = c[2], IsLast = c[3] } end
    return { { MsgType = "TIMStreamElem", MsgContent = { Chunks = list, StreamMsgID = id, CompatibleText = compat } } }
end

describe("tim.emulator robots and streaming messages", function()
    local emu, im

    setup(function()
        emu = support.start{}
        im = emu:client{ retries = 0 }
    end)
    teardown(function() if emu then emu:stop() end end)
    before_each(function()
        emu:reset()
        assert(im.im_open_login_svc.multiaccount_import{ Accounts = { "u1", "u2" } })
    end)

    local function history(a, b)
        local res = assert(im.openim.admin_getroammsg{ Operator_Account = a, Peer_Account = b, MaxCnt = 100,
                                                       MinTime = 0, MaxTime = 4294967295 })
        return res.MsgList
    end

    it("creates robots with @RBT# IDs once, lists them, deletes them (the UserID stays imported)", function()
        assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#one", Nick = "One", SelfSignature = "hi" })
        assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#one", Nick = "Uno" })
        assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#two" })
        assert.same({ "@RBT#one", "@RBT#two" }, assert(im.openim_robot_http_svc.get_all_robots{}).Robot_Account)
        local p = assert(im.profile.portrait_get{ To_Account = { "@RBT#one" }, TagList = { "Tag_Profile_IM_Nick" } })
        assert.equal("Uno", p.UserProfileItem[1].ProfileItem[1].Value)
        assert(im.openim_robot_http_svc.delete_robot{ Robot_Account = "@RBT#one" })
        assert.same({ "@RBT#two" }, assert(im.openim_robot_http_svc.get_all_robots{}).Robot_Account)
        local chk = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "@RBT#one" } } })
        assert.equal("Imported", chk.ResultItem[1].AccountStatus)
    end)

    it("refuses IDs without @RBT#, over 32 bytes, a 21st robot (10008) and unknown robots on delete", function()
        local _, err = im.openim_robot_http_svc.create_robot{ UserID = "bot" }
        assert.equal(10004, err.code)
        -- over 32 bytes: the client refuses it first (the page's limit); unchecked, the emulator answers 10004
        local long = "@RBT#" .. string.rep("x", 40)
        _, err = im.openim_robot_http_svc.create_robot{ UserID = long }
        assert.same({ "usage", "UserID" }, { err.kind, err.field })
        _, err = im.openim_robot_http_svc.create_robot({ UserID = long }, { validate = false })
        assert.equal(10004, err.code)
        _, err = im.openim_robot_http_svc.create_robot({ UserID = "@RBT#sig", SelfSignature = string.rep("s", 501) },
                                                       { validate = false })
        assert.equal(10004, err.code)
        for i = 1, 20 do assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#" .. i }) end
        _, err = im.openim_robot_http_svc.create_robot{ UserID = "@RBT#21" }
        assert.equal(10008, err.code)
        _, err = im.openim_robot_http_svc.delete_robot{ Robot_Account = "@RBT#nope" }
        assert.equal(10004, err.code)
    end)

    it("streams a robot reply: the first call answers the MsgKey, later calls grow it, Finish ends it", function()
        assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#bot" })
        local first = assert(im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u1",
                                                                      Chunk = "hello, " })
        assert.is_string(first.MsgKey)
        local again = assert(im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u1",
                                                                      Chunk = "world", MsgKey = first.MsgKey,
                                                                      Finish = 1 })
        assert.equal(first.MsgKey, again.MsgKey)
        local msgs = history("u1", "@RBT#bot")
        assert.equal(1, #msgs)
        assert.equal("hello, world", msgs[1].MsgBody[1].MsgContent.Text)
        local _, err = im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u1",
                                                                Chunk = "more", MsgKey = first.MsgKey }
        assert.equal(10004, err.code)
        _, err = im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#ghost", To_Account = "u1", Chunk = "x" }
        assert.equal(10004, err.code)
    end)

    it("expires a stream whose next chunk comes more than 15 s later", function()
        assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#bot" })
        local first = assert(im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u1",
                                                                      Chunk = "a" })
        emu:control("clock", { advance = 16 })
        local _, err = im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u1",
                                                                Chunk = "b", MsgKey = first.MsgKey }
        assert.equal(10004, err.code)
        assert.matches("expired", err.message)
    end)

    it("streams a C2C TIMStreamElem: StreamMsgID from the first call, chunks in order, IsLast closes it", function()
        local r = assert(im.stream_msg.send_c2c_stream_msg{ From_Account = "u1", To_Account = "u2", MsgRandom = 3,
                                                           MsgSeq = 93847636, MsgBody = stream({ { 1, "Once " } }, nil,
                                                           "...") })
        assert.is_string(r.StreamMsgID)
        assert.is_string(r.MsgKey)
        local r2 = assert(im.stream_msg.send_c2c_stream_msg{ From_Account = "u1", To_Account = "u2", MsgRandom = 3,
                                                            MsgBody = stream({ { 2, "upon", true } }, r.StreamMsgID) })
        assert.equal(r.MsgKey, r2.MsgKey)
        local msgs = history("u1", "u2")
        assert.equal(1, #msgs)
        assert.equal(93847636, msgs[1].MsgSeq)
        local content = msgs[1].MsgBody[1].MsgContent
        assert.equal("TIMStreamElem", msgs[1].MsgBody[1].MsgType)
        assert.equal(2, #content.Chunks)
        assert.equal("upon", content.Chunks[2].Markdown)
        assert.equal(1, content.IsFinished)
        local _, err = im.stream_msg.send_c2c_stream_msg{ From_Account = "u1", To_Account = "u2", MsgRandom = 3,
                                                         MsgBody = stream({ { 3, "late" } }, r.StreamMsgID) }
        assert.equal(20001, err.code)
    end)

    it("refuses chunks out of order, unknown streams, a non-stream MsgBody and 128 KB streams", function()
        local r = assert(im.stream_msg.send_c2c_stream_msg{ To_Account = "u2", MsgRandom = 1,
                                                           MsgBody = stream({ { 5, "x" } }) })
        local _, err = im.stream_msg.send_c2c_stream_msg{ To_Account = "u2", MsgRandom = 1,
                                                         MsgBody = stream({ { 5, "y" } }, r.StreamMsgID) }
        assert.equal(20001, err.code)
        _, err = im.stream_msg.send_c2c_stream_msg{ To_Account = "u2", MsgRandom = 1,
                                                   MsgBody = stream({ { 0, "y" } }) }
        assert.equal(90002, err.code)         -- Index starts at 1
        _, err = im.stream_msg.send_c2c_stream_msg{ To_Account = "u2", MsgRandom = 1,
                                                   MsgBody = stream({ { 6, "y" } }, "no-such-stream") }
        assert.equal(20001, err.code)
        _, err = im.stream_msg.send_c2c_stream_msg{ To_Account = "u2", MsgRandom = 1, MsgBody = {
            { MsgType = "TIMTextElem", MsgContent = { Text = "t" } } } }
        assert.equal(90002, err.code)
        _, err = im.stream_msg.send_c2c_stream_msg{ To_Account = "u2", MsgRandom = 1,
                                                   MsgBody = stream({ { 1, string.rep("z", 128 * 1024) } }) }
        assert.equal(90002, err.code)
        _, err = im.stream_msg.send_c2c_stream_msg{ To_Account = "nobody", MsgRandom = 1,
                                                   MsgBody = stream({ { 1, "z" } }) }
        assert.equal(20003, err.code)
    end)

    it("streams into a group: the message is in the group's history, members only", function()
        local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "u1", Type = "Public", Name = "g" })
        local r = assert(im.stream_msg.send_group_stream_msg{ GroupId = g.GroupId, From_Account = "u1", MsgRandom = 9,
                                                             MsgBody = stream({ { 1, "part one" } }),
                                                             CloudCustomData = "ai" })
        assert.is_number(r.MsgSeq)
        assert(im.stream_msg.send_group_stream_msg{ GroupId = g.GroupId, From_Account = "u1", Random = 9,
                                                   MsgBody = stream({ { 2, ", part two", true } }, r.StreamMsgID) })
        local h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = g.GroupId, ReqMsgNumber = 5 })
        assert.equal(1, #h.RspMsgList)
        assert.equal(2, #h.RspMsgList[1].MsgBody[1].MsgContent.Chunks)
        assert.equal("ai", h.RspMsgList[1].CloudCustomData)
        assert.equal(9, h.RspMsgList[1].MsgRandom)
        local _, err = im.stream_msg.send_group_stream_msg{ GroupId = g.GroupId, From_Account = "u2", Random = 1,
                                                           MsgBody = stream({ { 1, "x" } }) }
        assert.equal(10007, err.code)
        _, err = im.stream_msg.send_group_stream_msg{ GroupId = "@TGS#none", Random = 1,
                                                     MsgBody = stream({ { 1, "x" } }) }
        assert.equal(10010, err.code)
    end)

    it("carries open streams through a state snapshot: a loaded stream goes on, and exports the same", function()
        assert(im.openim_robot_http_svc.create_robot{ UserID = "@RBT#bot" })
        local g = assert(im.group_open_http_svc.create_group{ Owner_Account = "u1", Type = "Public", Name = "g" })
        local c = assert(im.stream_msg.send_c2c_stream_msg{ From_Account = "u1", To_Account = "u2", MsgRandom = 1,
                                                           MsgBody = stream({ { 1, "a" } }) })
        local gr = assert(im.stream_msg.send_group_stream_msg{ GroupId = g.GroupId, From_Account = "u1", Random = 2,
                                                              MsgBody = stream({ { 1, "b" } }) })
        local rb = assert(im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u2",
                                                                   Chunk = "c" })
        local status, text = emu:raw("GET", "/_emulator/state")
        assert.equal(200, status)
        local snap = cjson.decode(text)
        assert.equal(3, #snap.families.stream.streams)
        emu:reset()
        assert.is_true(emu:control("state", snap).ok)
        local _, again = emu:raw("GET", "/_emulator/state")
        assert.same(snap.families.stream, cjson.decode(again).families.stream)
        assert(im.stream_msg.send_c2c_stream_msg{ From_Account = "u1", To_Account = "u2", MsgRandom = 1,
                                                 MsgBody = stream({ { 2, "a2", true } }, c.StreamMsgID) })
        assert(im.stream_msg.send_group_stream_msg{ GroupId = g.GroupId, From_Account = "u1", Random = 2,
                                                   MsgBody = stream({ { 2, "b2", true } }, gr.StreamMsgID) })
        assert(im.openim_robot_http_svc.send_stream_msg{ From_Account = "@RBT#bot", To_Account = "u2", Chunk = "c2",
                                                        MsgKey = rb.MsgKey, Finish = 1 })
        local robot_msgs = history("@RBT#bot", "u2")
        assert.equal("cc2", robot_msgs[#robot_msgs].MsgBody[1].MsgContent.Text)
        local h = assert(im.group_open_http_svc.group_msg_get_simple{ GroupId = g.GroupId, ReqMsgNumber = 5 })
        assert.equal("b2", h.RspMsgList[1].MsgBody[1].MsgContent.Chunks[2].Markdown)
        local _, err = im.stream_msg.send_c2c_stream_msg{ From_Account = "u1", To_Account = "u2", MsgRandom = 1,
                                                         MsgBody = stream({ { 3, "late" } }, c.StreamMsgID) }
        assert.equal(20001, err.code)          -- IsLast closed it after the reload as before
    end)
end)

-- lua-tim quickstart: the whole flow against the local emulator (make demo) or, with TIM_SDKAPPID and TIM_KEY
-- set, against Tencent IM itself.
--
--   TIM_ENDPOINT=http://127.0.0.1:PORT lua5.4 examples/quickstart.lua          # the emulator's built-in identity
--   TIM_SDKAPPID=1400… TIM_KEY=… TIM_REGION=sgp lua5.4 examples/quickstart.lua  # the real service
--
-- Each step prints what it did; the script exits 1 at the first step that fails.
local tim = require "tim"

local getenv = os.getenv
local sdkappid, key = tonumber(getenv("TIM_SDKAPPID") or ""), getenv("TIM_KEY")
local endpoint, region = getenv("TIM_ENDPOINT"), getenv("TIM_REGION")
local real = sdkappid ~= nil and key ~= nil and key ~= ""

if not real then
    if not endpoint then
        io.stderr:write("quickstart: set TIM_ENDPOINT to the emulator (make demo does), or TIM_SDKAPPID, TIM_KEY "
                        .. "and TIM_REGION for the real service\n")
        os.exit(2)
    end
    local emu = require "tim.base.emulator_identity"     -- the emulator's public test identity
    sdkappid, key = emu.sdkappid, emu.key
end
if real and not endpoint and not region then region = "sgp" end

local im = assert(tim.new{ sdkappid = sdkappid, key = key, admin = getenv("TIM_ADMIN") or "administrator",
                           endpoint = endpoint, region = not endpoint and region or nil })

-- unique names, so that runs against the real service do not collide
local tag = string.format("%06x", math.random(0, 0xffffff) + os.time() % 1000)
local alice, bob, carol = "qs_alice_" .. tag, "qs_bob_" .. tag, "qs_carol_" .. tag

local n = 0
local function step(title, fn)
    n = n + 1
    io.write(string.format("%2d. %s\n", n, title))
    local ok, err = pcall(fn)
    if not ok then
        io.write("    FAILED: ", tostring(err), "\n")
        os.exit(1)
    end
end

local function say(fmt, ...) io.write("    ", string.format(fmt, ...), "\n") end

-- must(res, err): a result, or stop the step with the error's one-line description
local function must(res, err)
    if not res then error(tostring(err), 0) end
    return res
end

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end

io.write(string.format("lua-tim quickstart against %s (SDKAppID %d)\n\n",
                       real and (endpoint or ("region " .. region)) or ("the emulator at " .. endpoint), sdkappid))

step("import three accounts", function()
    must(im.im_open_login_svc.account_import{ UserID = alice, Nick = "Alice" })
    local res = must(im.im_open_login_svc.multiaccount_import{ Accounts = { bob, carol } })
    say("imported %s, %s, %s (failed: %d)", alice, bob, carol, #(res.FailAccounts or {}))
end)

step("set and read profiles", function()
    must(im.profile.portrait_set{ From_Account = bob, ProfileItem = {
        { Tag = "Tag_Profile_IM_Nick", Value = "Bob" },
        { Tag = "Tag_Profile_IM_SelfSignature", Value = "likes Lua" } } })
    local res = must(im.profile.portrait_get{ To_Account = { alice, bob },
                                              TagList = { "Tag_Profile_IM_Nick", "Tag_Profile_IM_SelfSignature" } })
    for _, u in ipairs(res.UserProfileItem) do
        local p = {}
        for _, it in ipairs(u.ProfileItem or {}) do
            p[#p + 1] = it.Tag:gsub("Tag_Profile_IM_", "") .. "=" .. it.Value
        end
        say("%s: %s", u.To_Account, table.concat(p, ", "))
    end
end)

local gid
step("create a group owned by alice", function()
    gid = must(im.group_open_http_svc.create_group{ Owner_Account = alice, Type = "Public",
                                                    Name = "Quickstart " .. tag }).GroupId
    say("group %s", gid)
end)

step("add bob and carol to the group", function()
    local res = must(im.group_open_http_svc.add_group_member{ GroupId = gid, MemberList = {
        { Member_Account = bob }, { Member_Account = carol } } })
    for _, m in ipairs(res.MemberList) do say("%s: %s", m.Member_Account, m.Result == 1 and "added" or "result "
                                                                                         .. m.Result) end
end)

local c2c_key
step("send C2C messages", function()
    local r1 = must(im.openim.sendmsg{ From_Account = alice, To_Account = bob, MsgBody = text("Hi Bob!") })
    must(im.openim.sendmsg{ From_Account = bob, To_Account = alice, MsgBody = text("Hi Alice, how are you?") })
    local r3 = must(im.openim.sendmsg{ From_Account = alice, To_Account = bob, MsgBody = text("(sent by mistake)") })
    c2c_key = r3.MsgKey
    say("alice -> bob, MsgKey %s", r1.MsgKey)
    say("3 messages sent")
end)

local group_seqs = {}
step("send group messages", function()
    for i, who in ipairs{ alice, bob, carol } do
        local res = must(im.group_open_http_svc.send_group_msg{ GroupId = gid, From_Account = who,
                                                                MsgBody = text("hello group #" .. i) })
        group_seqs[#group_seqs + 1] = res.MsgSeq
        say("%s: MsgSeq %d", who, res.MsgSeq)
    end
end)

step("recall one C2C and one group message", function()
    must(im.openim.admin_msgwithdraw{ From_Account = alice, To_Account = bob, MsgKey = c2c_key })
    local res = must(im.group_open_http_svc.group_msg_recall{ GroupId = gid,
                                                              MsgSeqList = { { MsgSeq = group_seqs[3] } } })
    say("C2C %s recalled; group MsgSeq %d: RetCode %d", c2c_key, group_seqs[3], res.RecallRetList[1].RetCode)
end)

step("read the C2C history between alice and bob", function()
    local res = must(im.openim.admin_getroammsg{ Operator_Account = alice, Peer_Account = bob, MaxCnt = 20,
                                                 MinTime = os.time() - 3600, MaxTime = os.time() + 60 })
    for _, m in ipairs(res.MsgList) do
        local body = m.MsgBody and m.MsgBody[1]
        say("%s -> %s: %s", m.From_Account, m.To_Account, m.MsgFlagBits == 1 and "(recalled)"
            or (body and body.MsgContent.Text or "?"))
    end
end)

step("read the group history", function()
    local res = must(im.group_open_http_svc.group_msg_get_simple{ GroupId = gid, ReqMsgNumber = 20 })
    for _, m in ipairs(res.RspMsgList) do
        say("#%d %s: %s", m.MsgSeq, m.From_Account, m.MsgBody[1] and m.MsgBody[1].MsgContent.Text or "(recalled)")
    end
end)

local extra = {}
step("page through the app's groups, two per page", function()
    for i = 1, 3 do
        extra[i] = must(im.group_open_http_svc.create_group{ Owner_Account = bob, Type = "Private",
                                                             Name = "Page " .. i .. " " .. tag }).GroupId
    end
    local pages, total = 0, 0
    for page, err in im:pages("group_open_http_svc/get_appid_group_list", { Limit = 2 }) do
        must(page, err)
        pages = pages + 1
        total = total + #page.GroupIdList
        if pages <= 5 then say("page %d: %d groups", pages, #page.GroupIdList) end
        if pages == 50 then break end
    end
    say("%d groups on %d pages", total, pages)
end)

step("handle an error: message to an account that was never imported", function()
    local res, err = im.openim.sendmsg{ From_Account = alice, To_Account = "nobody_" .. tag, MsgBody = text("?") }
    if res then error("expected a failure", 0) end
    say("err.kind = %s, err.code = %s", err.kind, tostring(err.code))
    say("%s", tostring(err))
end)

step("clean up", function()
    for _, g in ipairs{ gid, extra[1], extra[2], extra[3] } do
        must(im.group_open_http_svc.destroy_group{ GroupId = g })
    end
    must(im.im_open_login_svc.account_delete{ DeleteItem = { { UserID = alice }, { UserID = bob },
                                                             { UserID = carol } } })
    say("4 groups destroyed, 3 accounts deleted")
end)

io.write("\nquickstart: all steps passed\n")

-- An in-process emulator driven without a socket (emu:handle), and a scenario that gives every family of its
-- snapshot some state: accounts with profiles, C2C messages, groups of every type with members, messages, attributes,
-- counters, topics and permission groups, friends, blacklists, conversations, follows, message extensions, streams,
-- pushes, robots, moderation keywords, hidden search objects, official accounts.
--
--   local rich = require "support.rich_state"
--   local emu = rich.new()                     -- tim.emulator.new on port 0, never served: emu:handle is called
--   local status, res = rich.call(emu, "openim/sendmsg", { ... })   -- -> HTTP status, decoded answer | raw text
--   local failed = rich.build(emu)             -- runs rich.STEPS; failed: { "path: code info", ... } (empty = all OK)
--   rich.STEPS                                 -- { { path, body | fn(ctx) -> body, keep = fn(ctx, res) }, ... }
local core = require "tim.core"
local json = require "tim.json"
local emulator = require "tim.emulator"

local _M = {}

_M.KEY = "rich-state-spec-key-" .. string.rep("cd", 12)
_M.SDKAPPID = 1400000777

local CONN = { peer = "127.0.0.1" }

function _M.new()
    return assert(emulator.new{ port = 0, sdkappid = _M.SDKAPPID, key = _M.KEY })
end

local query
-- call(emu, "service/command", body_table_or_text) -> HTTP status, decoded answer (or the raw text)
function _M.call(emu, path, body)
    query = query or core.query(_M.SDKAPPID, "administrator", core.usersig(_M.SDKAPPID, _M.KEY, "administrator",
                                                                             86400 * 30), 7)
    local text = type(body) == "string" and body or json.encode(body)
    local status, _, answer = emu:handle({ method = "POST", path = "/v4/" .. path, query = query, headers = {},
                                          body = text, keepalive = true }, CONN)
    local decoded = type(answer) == "string" and json.decode(answer)
    return status, decoded or answer
end

local function text(s) return { { MsgType = "TIMTextElem", MsgContent = { Text = s } } } end
_M.text = text

local G = "rich_"          -- fixed group IDs, so that the steps name them before and after a reload

_M.STEPS = {
    -- accounts and profiles
    { "im_open_login_svc/multiaccount_import", { Accounts = { "alice", "bob", "carol", "dave" } } },
    { "im_open_login_svc/account_import", { UserID = "erin", Nick = "Erin", FaceUrl = "https://a.example/e.png" } },
    { "profile/portrait_set", { From_Account = "alice", ProfileItem = {
        { Tag = "Tag_Profile_IM_Nick", Value = "Alice" }, { Tag = "Tag_Profile_IM_AllowType",
          Value = "AllowType_Type_AllowAny" }, { Tag = "Tag_Profile_IM_Gender", Value = "Gender_Type_Female" } } } },
    { "profile/portrait_set", { From_Account = "bob", ProfileItem = {
        { Tag = "Tag_Profile_IM_Nick", Value = "Bob" }, { Tag = "Tag_Profile_IM_AllowType",
          Value = "AllowType_Type_AllowAny" } } } },
    { "profile/portrait_get", { To_Account = { "alice", "bob" }, TagList = { "Tag_Profile_IM_Nick" } } },
    { "im_open_login_svc/account_check", { CheckItem = { { UserID = "alice" }, { UserID = "zed" } } } },
    { "openim/query_online_status", { To_Account = { "alice", "bob" } } },

    -- C2C
    { "openim/sendmsg", { From_Account = "alice", To_Account = "bob", MsgRandom = 11, MsgBody = text("hi bob") },
      keep = function(ctx, res) ctx.key1 = res.MsgKey end },
    { "openim/sendmsg", { From_Account = "bob", To_Account = "alice", MsgRandom = 12, MsgBody = text("hi alice"),
                          CloudCustomData = "cc" }, keep = function(ctx, res) ctx.key2 = res.MsgKey end },
    { "openim/sendmsg", { From_Account = "carol", To_Account = "alice", MsgRandom = 13, MsgBody = text("recall me") },
      keep = function(ctx, res) ctx.key3 = res.MsgKey end },
    { "openim/batchsendmsg", { From_Account = "dave", To_Account = { "alice", "bob" }, MsgRandom = 14,
                               MsgBody = text("to all") } },
    { "openim/importmsg", { From_Account = "erin", To_Account = "alice", MsgRandom = 15, MsgSeq = 3,
                            MsgTimeStamp = 1700000000, SyncFromOldSystem = 2, MsgBody = text("old") } },
    { "openim/admin_msgwithdraw", function(ctx)
        return { From_Account = "carol", To_Account = "alice", MsgKey = ctx.key3 } end },
    { "openim/admin_getroammsg", { Operator_Account = "alice", Peer_Account = "bob", MaxCnt = 10, MinTime = 0,
                                   MaxTime = 4294967295 } },
    { "openim/get_c2c_unread_msg_num", { To_Account = "alice" } },
    { "openim/admin_set_msg_read", { Report_Account = "alice", Peer_Account = "bob" } },
    { "openim/modify_c2c_msg", function(ctx)
        return { From_Account = "alice", To_Account = "bob", MsgKey = ctx.key1, MsgBody = text("hi bob!") } end },
    { "openim/c2c_msg_read_receipt", function(ctx)
        return { Operator_Account = "alice", Peer_Account = "bob", C2CMsgInfo = {
            { From_Account = "bob", To_Account = "alice", MsgKey = ctx.key2 } } } end },

    -- groups
    { "group_open_http_svc/create_group", { GroupId = G .. "pub", Owner_Account = "alice", Type = "Public",
        Name = "Tea party", Introduction = "tea", Notification = "n", MaxMemberCount = 100,
        AppDefinedData = { { Key = "k", Value = "v" } },
        MemberList = { { Member_Account = "bob", Role = "Admin" }, { Member_Account = "carol" } } } },
    { "group_open_http_svc/create_group", { GroupId = G .. "priv", Owner_Account = "bob", Type = "Private",
        Name = "Work", MemberList = { { Member_Account = "alice" }, { Member_Account = "dave" } } } },
    { "group_open_http_svc/create_group", { GroupId = G .. "chat", Owner_Account = "carol", Type = "ChatRoom",
        Name = "Chat" } },
    { "group_open_http_svc/create_group", { GroupId = G .. "live", Owner_Account = "dave", Type = "AVChatRoom",
        Name = "Live" } },
    { "group_open_http_svc/create_group", { GroupId = "@TGS#_richcomm", Owner_Account = "alice", Type = "Community",
        Name = "Club", SupportTopic = 1, MemberList = { { Member_Account = "bob" } } } },
    { "group_open_http_svc/add_group_member", { GroupId = G .. "pub", MemberList = { { Member_Account = "dave" } } } },
    { "group_open_http_svc/send_group_msg", { GroupId = G .. "pub", From_Account = "alice", Random = 21,
                                              MsgBody = text("hello group") },
      keep = function(ctx, res) ctx.seq1 = res.MsgSeq end },
    { "group_open_http_svc/send_group_msg", { GroupId = G .. "pub", From_Account = "bob", Random = 22,
                                              MsgBody = text("second") },
      keep = function(ctx, res) ctx.seq2 = res.MsgSeq end },
    { "group_open_http_svc/send_group_msg", { GroupId = G .. "priv", From_Account = "dave", Random = 23,
                                              MsgBody = text("work") } },
    { "group_open_http_svc/send_group_msg", { GroupId = G .. "live", From_Account = "dave", Random = 24,
                                              MsgBody = text("live") } },
    { "group_open_http_svc/group_msg_recall", function(ctx)
        return { GroupId = G .. "pub", MsgSeqList = { { MsgSeq = ctx.seq2 } } } end },
    { "group_open_http_svc/modify_group_member_info", { GroupId = G .. "pub", Member_Account = "carol",
        NameCard = "C", MsgFlag = "AcceptNotNotify", AppMemberDefinedData = { { Key = "mk", Value = "mv" } } } },
    { "group_open_http_svc/forbid_send_msg", { GroupId = G .. "pub", Members_Account = { "dave" },
                                               MuteTime = 3600 } },
    { "group_open_http_svc/ban_group_member", { GroupId = G .. "live", Members_Account = { "erin" },
                                                Duration = 600, Description = "spam" } },
    { "group_open_http_svc/set_group_attr", { GroupId = G .. "pub", GroupAttr = { { key = "a", value = "1" } } } },
    { "group_open_http_svc/update_group_counter", { GroupId = G .. "pub", Mode = "Set",
                                                    GroupCounter = { { Key = "likes", Value = 5 } } } },
    { "group_open_http_svc/modify_group_base_info", { GroupId = G .. "pub", Name = "Tea party!",
                                                      ShutUpAllMember = "Off" } },
    { "group_open_http_svc/set_unread_msg_num", { GroupId = G .. "pub", Member_Account = "carol",
                                                  UnreadMsgNum = 1 } },
    { "group_open_http_svc/group_msg_receipt", function(ctx)
        return { GroupId = G .. "pub", From_Account = "bob", MsgSeqList = { { MsgSeq = ctx.seq1 } } } end },
    { "group_open_http_svc/get_group_info", { GroupIdList = { G .. "pub", G .. "priv", G .. "live" } } },
    { "group_open_http_svc/get_group_member_info", { GroupId = G .. "pub", Limit = 10, Offset = 0 } },
    { "group_open_http_svc/group_msg_get_simple", { GroupId = G .. "pub", ReqMsgNumber = 10 } },
    { "group_open_http_svc/get_joined_group_list", { Member_Account = "bob" } },
    { "group_open_http_svc/get_role_in_group", { GroupId = G .. "pub", User_Account = { "alice", "bob", "zed" } } },
    { "group_open_http_svc/get_group_muted_account", { GroupId = G .. "pub" } },
    { "group_open_http_svc/get_group_ban_member", { GroupId = G .. "live", Offset = 0 } },
    { "group_open_http_svc/get_appid_group_list", { Limit = 10 } },
    { "group_open_attr_http_svc/get_group_attr", { GroupId = G .. "pub" } },
    { "group_open_http_svc/get_group_counter", { GroupId = G .. "pub" } },
    { "million_group_open_http_svc/create_topic", { GroupId = "@TGS#_richcomm", TopicId = "@TGS#_richcomm@TOPIC#_t1",
                                                    TopicName = "Topic one", From_Account = "alice" } },
    { "group_open_http_svc/send_group_msg", { GroupId = "@TGS#_richcomm", TopicId = "@TGS#_richcomm@TOPIC#_t1",
                                              From_Account = "bob", Random = 25, MsgBody = text("in topic") } },
    { "million_group_open_http_svc/get_topic", { GroupId = "@TGS#_richcomm" } },
    { "group_open_http_svc/create_permission_group", { GroupId = "@TGS#_richcomm", PermissionGroupName = "mods",
                                                       Permission = 1 },
      keep = function(ctx, res) ctx.perm = res.PermissionGroupId end },
    { "group_open_http_svc/get_permission_group", { GroupId = "@TGS#_richcomm", Limit = 20, Next = "" } },
    { "group_open_http_svc/import_group", { GroupId = G .. "imp", Owner_Account = "erin", Type = "Public",
                                            Name = "Imported", CreateTime = 1700000000 } },
    { "group_open_http_svc/import_group_member", { GroupId = G .. "imp", MemberList = {
        { Member_Account = "alice", Role = "Admin", JoinTime = 1700000001 } } } },
    { "group_open_http_svc/import_group_msg", { GroupId = G .. "imp", RecentContactFlag = 1, MsgList = {
        { From_Account = "erin", SendTime = 1700000002, Random = 26, MsgBody = text("imported") } } } },
    { "group_open_http_svc/send_group_system_notification", { GroupId = G .. "pub", Content = "notice" } },
    { "group_open_avchatroom_http_svc/get_members", { GroupId = G .. "live", Timestamp = 0 } },
    { "group_open_http_svc/get_online_member_num", { GroupId = G .. "live" } },
    { "openim_msg_ext_http_svc/group_set_key_values", function(ctx)
        return { GroupId = G .. "pub", MsgSeq = ctx.seq1, OperateType = 1,
                 ExtensionList = { { Key = "x", Value = "1", Seq = 0 } } } end },
    { "openim_msg_ext_http_svc/set_key_values", function(ctx)
        return { From_Account = "alice", To_Account = "bob", MsgKey = ctx.key1, OperateType = 1,
                 ExtensionList = { { Key = "y", Value = "2", Seq = 0 } } } end },

    -- friends, blacklists, conversations, mute
    { "sns/friend_import", { From_Account = "alice", AddFriendItem = {
        { To_Account = "bob", Remark = "B", GroupName = { "friends" }, AddSource = "AddSource_Type_Web" },
        { To_Account = "carol", AddSource = "AddSource_Type_Web" } } } },
    { "sns/friend_add", { From_Account = "dave", AddFriendItem = { { To_Account = "alice",
                                                                     AddSource = "AddSource_Type_Web" } } } },
    { "sns/group_add", { From_Account = "alice", GroupName = { "work" } } },
    { "sns/black_list_add", { From_Account = "bob", To_Account = { "erin" } } },
    { "sns/friend_get", { From_Account = "alice", StartIndex = 0 } },
    { "sns/friend_check", { From_Account = "alice", To_Account = { "bob", "erin" },
                            CheckType = "CheckResult_Type_Both" } },
    { "sns/black_list_get", { From_Account = "bob", StartIndex = 0, MaxLimited = 10, LastSequence = 0 } },
    { "recentcontact/get_list", { From_Account = "alice", TimeStamp = 0, StartIndex = 0, TopTimeStamp = 0,
                                  TopStartIndex = 0, AssistFlags = 15 } },
    { "recentcontact/top", { From_Account = "alice", OperationType = 1,
                             RecentContactItem = { { Type = 1, To_Account = "bob" } } } },
    { "recentcontact/create_contact_group", { From_Account = "alice", GroupContactItem = {
        { GroupName = "close", ContactItem = { { Type = 1, To_Account = "bob" } } } } } },
    { "recentcontact/mark_contact", { From_Account = "alice", MarkItem = { { OptType = 1, ContactItem = {
        Type = 1, To_Account = "bob" }, SetMark = { 1 }, CustomMark = "star" } } } },
    { "openconfigsvr/setnospeaking", { Set_Account = "erin", C2CmsgNospeakingTime = 3600,
                                       GroupmsgNospeakingTime = 3600 } },
    { "openconfigsvr/getnospeaking", { Get_Account = "erin" } },

    -- follow, streams, push, robots, moderation, search, official accounts, operations
    { "follow/follow_add", { From_Account = "alice", FollowItem = { { To_Account = "bob" },
                                                                    { To_Account = "carol" } } } },
    { "follow/follow_add", { From_Account = "bob", FollowItem = { { To_Account = "alice" } } } },
    { "follow/follow_get", { From_Account = "alice", FollowType = 3, StartCursor = "", WantNum = 100 } },
    { "stream_msg/send_c2c_stream_msg", { From_Account = "alice", To_Account = "bob", MsgRandom = 31, MsgBody = {
        { MsgType = "TIMStreamElem", MsgContent = { Chunks = { { Index = 1, Markdown = "part one" } } } } } },
      keep = function(ctx, res) ctx.stream = res.StreamMsgID end },
    { "openim_robot_http_svc/create_robot", { UserID = "@RBT#helper", Nick = "Helper", SelfSignature = "hi" } },
    { "openim_robot_http_svc/send_stream_msg", { From_Account = "@RBT#helper", To_Account = "alice",
                                                 Chunk = "thinking", Finish = 0 } },
    { "openim_robot_http_svc/get_all_robots", {} },
    { "timpush/set_attr_name", { AttrNames = { ["0"] = "city" } } },
    { "timpush/set_attr", { UserAttrs = { { To_Account = "alice", Attrs = { city = "SZ" } } } } },
    { "timpush/add_tag", { UserTags = { { To_Account = "alice", Tags = { "vip" } } } } },
    { "timpush/push", { From_Account = "administrator", MsgRandom = 41, Condition = { TagsOr = { "vip" } },
                        MsgBody = text("pushed") } },
    { "timpush/batch", { From_Account = "administrator", To_Account = { "bob", "carol" }, MsgRandom = 42,
                         OfflinePushInfo = { PushFlag = 0, Title = "t" } } },
    { "timpush/get_tag", { To_Account = { "alice" } } },
    { "im_msg_audit_mgr/add_local_audit_keywords", { Keywords = { "forbidden" } } },
    { "im_msg_audit_mgr/add_cloud_audit_keywords", { SdkAppId = _M.SDKAPPID, LibID = "emulator-keywords-0001",
                                                      UserKeywords = { { Content = "scam", Label = "Ad" } } } },
    { "im_msg_audit/content_moderation", { AuditName = "C2C", ContentType = "Text", Content = "a forbidden word" } },
    { "im_open_search/set_visibility", { SetType = 1, UserID = "erin", IsDisable = true } },
    { "user_search/search", { Keywords = { "ali" }, Count = 10 } },
    { "group_search/search", { Keywords = { "tea" }, Count = 10 } },
    { "official_account_open_http_svc/create_official_account", { Owner_Account = "alice", Name = "News",
        OfficialAccountUserID = "@TOA#_richnews", Introduction = "daily" } },
    { "official_account_open_http_svc/add_subscriber", { Official_Account = "@TOA#_richnews", SubscriberList = {
        { Subscriber_Account = "bob" }, { Subscriber_Account = "carol" } } } },
    { "official_account_open_http_svc/send_official_account_msg", { Official_Account = "@TOA#_richnews",
                                                                    Random = 51, MsgBody = text("news") } },
    { "official_account_open_http_svc/get_official_account_info", { OfficialAccountIdList = {
        { Official_Account = "@TOA#_richnews" } } } },
    { "im_cos_msg/forbid_illegal_object", { RawURL = "https://cos.example/bad.png" } },
    { "openconfigsvr/getappinfo", {} },
}

-- build(emu [, steps]) -> failed steps ("path: code info"), ctx (what the steps kept)
function _M.build(emu, steps)
    local ctx, failed = {}, {}
    for _, s in ipairs(steps or _M.STEPS) do
        local body = type(s[2]) == "function" and s[2](ctx) or s[2]
        local status, res = _M.call(emu, s[1], body)
        if status ~= 200 or type(res) ~= "table" or res.ErrorCode ~= 0 then
            failed[#failed + 1] = s[1] .. ": " .. tostring(status) .. " " .. (type(res) == "table" and
                (tostring(res.ErrorCode) .. " " .. tostring(res.ErrorInfo)) or tostring(res))
        elseif s.keep then
            s.keep(ctx, res)
        end
    end
    return failed, ctx
end

return _M

-- tim.base.catalogue.group: Groups: management, members, AVChatRoom (live groups)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC = C.CN, C.INTL, C.TRTC
-- Paging shapes (tim.api): cursor = { items, carry = { req_field = resp_field }, stop = { f = v } },
-- offset = { items, offset, limit }.
local PAGE_GROUP_LIST = { items = "GroupIdList", carry = { Next = "Next" }, stop = { Next = 0 } }
local PAGE_MEMBERS = { items = "MemberList", offset = "Offset", limit = "Limit" }
local PAGE_JOINED = { items = "GroupIdList", offset = "Offset", limit = "Limit" }
-- get_members (1047/50293): Timestamp 0 first, then the answer's NextTimestamp until it is 0.
local PAGE_AV_MEMBERS = { items = "MemberList", carry = { Timestamp = "NextTimestamp" }, stop = { NextTimestamp = 0 } }
-- get_group_ban_member (1047/50295): Offset 0 first, then the answer's NextOffset until it is 0.
local PAGE_BANNED = { items = "BannedAccountList", carry = { Offset = "NextOffset" }, stop = { NextOffset = 0 } }
local READ = "2026-12-07"

return {
    -- 1047/34960 (trtc.io/ko|ja/document/34960, trtc.io/zh/document/34960): "1 times/second", "1次/秒" (its own
    -- rate class, not the 200/s default). The copy of 269/1614 stored from 2019 still said 100/s.
    { "group", "group_open_http_svc", "get_appid_group_list", "list the app's groups, paged by Next",
      ref = INTL(34960), ref_zh = CN(1614), rate = "group_list", idempotent = true, page = PAGE_GROUP_LIST,
      -- tencentcloud.com/document/product/1047/34960 (compact copy): the samples and the table's first row.
      read = READ, seen = "fields",
      unread = "the request table after Limit (Next and GroupType are taken from the samples), the sample "
            .. "answer, the answer table, the error codes",
      differs = "cloud.tencent.com/document/product/269/1614 as stored (last updated 2019-08-02) gives 100 calls/s; "
             .. "the English pages and trtc.io/zh/document/34960 give 1 call/s, which the record follows",
      request = {
          { "Limit", "integer", max = 10000, doc = "group IDs per answer, at most 10000" },
          { "Next", "integer", doc = "0 first, then the Next the last answer gave (0 back: all pulled)" },
          { "GroupType", "string", doc = "pull only groups of this type (all types when absent)" },
      },
      example = { request = [[{"Limit":1000,"Next":0,"GroupType":"Public"}]] } },
    -- 1047/34895: an AVChatRoom takes no members at creation (10007); its owner, if given, must still join
    -- through the SDK each time.
    { "group", "group_open_http_svc", "create_group", "create a group", ref = INTL(34895), ref_zh = CN(1615),
      settle = "choose the GroupId yourself: a second create then answers 10021/10025 (ID already used); "
            .. "without one, look the group up by name in get_appid_group_list",
      -- trtc.io/ja|ko/document/34895, intl.cloud.tencent.com/document/product/1047/34895: the opening only. Second
      -- pass (docs corpus): tencentcloud.com/ko/document/product/1047/34895 (compact) and
      -- cloud.tencent.com/document/api/269/1615 (2025-11-03) also stop at the first sample (Owner_Account optional,
      -- Type, Name).
      read = READ, seen = "opening",
      unread = "the samples after the first, the request and answer field tables and the error codes: the "
            .. "group-type table and the URL parameters fill the readable window on every copy found" },
    -- 1047/34961: at most 50 groups per request.
    { "group", "group_open_http_svc", "get_group_info", "get the profiles of up to 50 groups",
      ref = INTL(34961), idempotent = true, batch = { field = "GroupIdList", max = 50 },
      -- tencentcloud.com/zh/document/product/1047/34961 (compact Chinese copy, docs corpus): both request samples
      -- and the request table up to AppDefinedDataFilter_Group (GroupIdList required; ResponseFilter and its
      -- filters optional); AppDefinedDataFilter_GroupMember is typed from the sample. ResponseFilter stays open
      -- because the table was cut inside it.
      read = READ, seen = "fields",
      unread = "the request table after AppDefinedDataFilter_Group, the sample answer and the answer table (the "
            .. "group profile and member fields), the error codes",
      request = {
          { "GroupIdList", "array", items = "string", required = true, max_items = 50,
            doc = "the groups to query, at most 50" },
          { "ResponseFilter", "object", open = true, doc = "which profile, member and custom fields to return",
            fields = {
                { "GroupBaseInfoFilter", "array", items = "string", doc = "group profile fields to return" },
                { "MemberInfoFilter", "array", items = "string", doc = "member fields to return" },
                { "AppDefinedDataFilter_Group", "array", items = "string",
                  doc = "group custom fields to return (none by default)" },
                { "AppDefinedDataFilter_GroupMember", "array", items = "string",
                  doc = "member custom fields to return (none by default; from the sample)" },
            } },
      },
      example = { request = [[{"GroupIdList":["@TGS#1NVTZEAE4","@TGS#1CXTZEAET"],"ResponseFilter":]]
                        .. [[{"GroupBaseInfoFilter":["Type","Name","Introduction","Notification"],]]
                        .. [["MemberInfoFilter":["Account","Role"],"AppDefinedDataFilter_Group":]]
                        .. [[["GroupTestData1","GroupTestData2"],"AppDefinedDataFilter_GroupMember":]]
                        .. [[["MemberDefined2","MemberDefined1"]}}]] } },
    -- 1047/34962: the first sample shows GroupId (required), Name, Introduction, Notification, FaceUrl,
    -- MaxMemberNum, ApplyJoinOption, MuteAllMember ("On"/"Off"), and AppDefinedData = { { Key, Value } } (Value ""
    -- deletes the key); no tree until the table is read.
    { "group", "group_open_http_svc", "modify_group_base_info", "modify a group's basic profile",
      ref = INTL(34962), idempotent = true,
      -- tencentcloud.com/document/product/1047/34962 (compact copy): the samples up to the third. Second pass:
      -- tencentcloud.com/jp/document/product/1047/34962 and trtc.io/zh/document/34962 stop in the samples too.
      read = READ, seen = "opening",
      unread = "the request and answer field tables, the rest of the samples, the error codes" },
    { "group", "group_open_http_svc", "destroy_group", "disband a group", idempotent = true,
      done_codes = { 10010 }, ref = INTL(34896), ref_zh = CN(1624),
      -- trtc.io/ja/document/34896 (the whole request and answer part); cloud.tencent.com/document/api/269/1624
      -- (compact copy, docs corpus): the same tables and the private error codes (10004 invalid parameter).
      read = READ, seen = "fields", unread = "whether the error table goes on after 10015 (the copy ends there)",
      invalid = 10004, codes = { 10002, 10003, 10004, 10007, 10010, 10015 },
      request = {
          { "GroupId", "string", required = true, doc = "the group to disband (irrevocable)" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/34925: Limit at most 5000 per page, Offset from 0; unactivated Work groups and AVChatRoom groups are
    -- left out unless asked for (AVChatRoom data is then incomplete). The first sample is { Member_Account }.
    { "group", "group_open_http_svc", "get_joined_group_list", "list the groups a user has joined",
      ref = INTL(34925), ref_zh = CN(1625), idempotent = true, page = PAGE_JOINED,
      -- tencentcloud.com/ko/document/product/1047/34925 (compact copy): up to the paging samples. Second pass:
      -- cloud.tencent.com/document/product/269/1625 (2025-12-15) and its api copy: the same samples (Limit at most
      -- 5000, Offset from 0, GroupType filter), no table.
      read = READ, seen = "opening",
      unread = "the later samples, the request and answer field tables, the error codes" },
    -- 1047/34966: AVChatRoom groups are not supported.
    { "group", "group_open_http_svc", "change_group_owner", "transfer group ownership", idempotent = true,
      ref = INTL(34966), ref_zh = CN(1633),
      -- intl.cloud.tencent.com/jp/document/product/1047/34966 (compact copy): samples and both field tables.
      -- cloud.tencent.com/document/product/269/1633 (2026-01-27): the same request table (From_Account optional).
      read = READ, seen = "fields", unread = "the error code table (cut after its first row)",
      request = {
          { "GroupId", "string", required = true, doc = "the group whose ownership moves" },
          { "NewOwner_Account", "string", required = true, doc = "the new owner's UserID" },
          { "From_Account", "string", doc = "the operator the transfer is made as" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#1NVTZEAE4","NewOwner_Account":"peter","From_Account":"emily"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/34967: no callbacks, no notifications; AVChatRoom groups cannot be imported (10007). The samples show
    -- Owner_Account (optional), Type (required: Private, Public, ChatRoom or Community), Name (required),
    -- CreateTime (optional; the request time when absent), SupportTopic (Community: 1 yes, 0 no), GroupId,
    -- Introduction, ... "the same as that of a group creation request".
    { "group", "group_open_http_svc", "import_group", "import a group (migration)", ref = INTL(34967),
      settle = "give the GroupId: a second import then answers 10021 (ID already used)",
      -- tencentcloud.com/document/product/1047/34967 (compact copy): the first three samples, in part.
      read = READ, seen = "opening",
      unread = "the rest of the samples, the request and answer field tables, the error codes" },
    -- Groups: members
    -- 1047/34948: AVChatRoom groups are not supported (their online list is group_open_avchatroom_http_svc/
    -- get_members); a Community pages by Next instead of Limit/Offset. The first sample is { GroupId }.
    -- 269/1617 (2025-11-03): Limit at most 200 (100 advised); Offset paging is not supported in a Community.
    { "group", "group_open_http_svc", "get_group_member_info", "list group members, paged by Offset",
      ref = INTL(34948), ref_zh = CN(1617), idempotent = true, page = PAGE_MEMBERS,
      note = "communities page with Next instead of Offset; Limit at most 200",
      -- trtc.io/ko/document/34948: the opening and the first sample. Second pass: cloud.tencent.com/document/
      -- product/269/1617 and /document/api/269/1617: up to the Limit/Offset sample.
      read = READ, seen = "opening",
      unread = "the paging and filter samples, the request and answer field tables (the member fields), the "
            .. "error codes" },
    -- 1047/64897: at most 50 members per request (Member_List_Account); AVChatRoom groups are not supported. The
    -- samples show GroupId and Member_List_Account (both required), MemberInfoFilter (Role, JoinTime, MsgSeq,
    -- MsgFlag, LastSendMsgTime, MuteUntil, NameCard, OnlineStatus; Member_Account always comes) and
    -- MemberRoleFilter; the samples are cut there, so no tree yet.
    { "group", "group_open_http_svc", "get_specified_group_member_info", "get the profiles of given members",
      ref = INTL(64897), ref_zh = CN(112002), idempotent = true, batch = { field = "Member_List_Account", max = 50 },
      -- tencentcloud.com/jp|ko/document/product/1047/64897 (compact copies): the first samples. Second pass:
      -- cloud.tencent.com/document/product/269/112002 (2025-12-15): the same samples.
      read = READ, seen = "opening",
      unread = "the request and answer field tables, the samples after MemberRoleFilter, the error codes" },
    -- 269/1621 (2026-02-06): at most 20 members per request; the international pages (the English 1047/34921 on
    -- trtc.io and tencentcloud.com, read 2026-12-07) still say 300. The lower figure is used so that no call is
    -- refused. AVChatRoom answers 10007. Silence 1 adds without notifying anyone.
    { "group", "group_open_http_svc", "add_group_member", "add members to a group (not AVChatRoom)",
      ref = CN(1621), batch = { field = "MemberList", max = 20 },
      settle = "MemberList[].Result in the answer reports each account; on a resend an existing member comes "
            .. "back as Result 2",
      note = "trtc.io/document/34921 gives 300 per request; the 2026 China page gives 20",
      -- tencentcloud.com/jp/document/product/1047/34921 (compact copy): samples and the request table.
      read = READ, seen = "fields",
      unread = "the sample answer after its first member, the answer field table, the error codes",
      differs = "1047/34921: up to 300 members per request; 269/1621 (2026-02-06, as recorded above): 20; the "
             .. "record batches by 20",
      request = {
          { "GroupId", "string", required = true, doc = "the target group" },
          { "Silence", "integer", enum = { 0, 1 },
            doc = "1: add silently, no notification (default 0; the table marks it required, the first sample "
               .. "leaves it out)" },
          { "MemberList", "array", required = true, doc = "the members to add", fields = {
              { "Member_Account", "string", required = true, doc = "the UserID to add" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL","Silence":1,"MemberList":[{"Member_Account":"tommy"},]]
                        .. [[{"Member_Account":"jared"}]}]] } },
    -- 1047/34949: MemberToDel_Account, at most 100 members per request; a user not in the group still gets
    -- success; AVChatRoom groups answer 10004 (mute them instead).
    { "group", "group_open_http_svc", "delete_group_member", "remove up to 100 members from a group",
      ref = INTL(34949), ref_zh = CN(1622), idempotent = true, batch = { field = "MemberToDel_Account", max = 100 },
      note = "AVChatRoom groups answer 10004",
      -- tencentcloud.com/zh/document/product/1047/34949 (compact Chinese copy, docs corpus): the three samples and
      -- both field tables; cloud.tencent.com/document/api/269/1622 the same samples (2025-12-15).
      read = READ, seen = "fields", unread = "the error code table",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "Silence", "integer", enum = { 0, 1 },
            doc = "1: only the removed members are told, not the whole group (default 0)" },
          { "Reason", "string", doc = "why the members are removed (shown in the notice)" },
          { "MemberToDel_Account", "array", items = "string", required = true, max_items = 100,
            doc = "the UserIDs to remove, at most 100" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL","Reason":"kick reason","MemberToDel_Account":]]
                        .. [[["tommy","jared"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/34900: AVChatRoom groups keep no member profiles (not supported). The samples show GroupId and
    -- Member_Account (required), Role ("Admin"/"Member"), MsgFlag (AcceptAndNotify, Discard, AcceptNotNotify),
    -- NameCard, AppMemberDefinedData = { { Key, Value } }; the rest (the mute field) was cut.
    { "group", "group_open_http_svc", "modify_group_member_info", "modify a member's role, name card, mute",
      ref = INTL(34900), ref_zh = CN(1623), idempotent = true,
      -- tencentcloud.com/document/product/1047/34900 (compact copy): the first five samples. Second pass:
      -- cloud.tencent.com/document/product/269/1623 (2026-01-27) lists a fourth MsgFlag, AcceptNotNotifyExceptAt
      -- (only @ messages are pushed offline); its samples are cut at the same place.
      read = READ, seen = "opening",
      unread = "the request and answer field tables, the later samples (mute), the error codes" },
    -- 1047/34963: User_Account, up to 500 accounts; AVChatRoom groups answer 10007.
    { "group", "group_open_http_svc", "get_role_in_group", "get users' roles in a group", idempotent = true,
      ref = INTL(34963), batch = { field = "User_Account", max = 500 },
      -- tencentcloud.com/document/product/1047/34963 (compact copy): samples and both tables. Second pass:
      -- tencentcloud.com/zh/document/product/1047/34963 (compact Chinese copy): the same, and the error table's
      -- first rows (10004 invalid parameter).
      read = READ, seen = "fields", invalid = 10004, codes = { 10002, 10003, 10004, 10007 },
      unread = "UserIdList's item table (Member_Account and Role are taken from the sample), the error code table "
            .. "after 10007",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "User_Account", "array", items = "string", required = true, max_items = 500,
            doc = "the UserIDs to look up, at most 500" },
      },
      answer = {
          { "UserIdList", "array", doc = "each user's role", fields = {
              { "Member_Account", "string", doc = "the UserID" },
              { "Role", "string", enum = { "Owner", "Admin", "Member", "NotMember" }, doc = "the role" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#2C5SZEAEF","User_Account":["leckie","peter","wesley"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"UserIdList":[{"Member_Account":]]
                        .. [["leckie","Role":"Owner"},{"Member_Account":"peter","Role":"Member"},]]
                        .. [[{"Member_Account":"wesley","Role":"NotMember"}]}]] } },
    -- 1047/34951 (2024-07-16; trtc.io/document/34951): Members_Account, "Up to 500 member accounts"; Private
    -- (Work) groups do not support muting. The current samples set MuteTime (seconds, 0 unmutes); the 2020
    -- copies of the page (intl.cloud.tencent.com/document/product/1047/34951) named it ShutUpTime, required.
    { "group", "group_open_http_svc", "forbid_send_msg", "mute or unmute members for a time", idempotent = true,
      ref = INTL(34951), ref_zh = CN(1627), batch = { field = "Members_Account", max = 500 },
      note = "refused on Private (Work) groups: they do not support muting members; pages before 2021 call "
          .. "MuteTime ShutUpTime",
      -- www.tencentcloud.com/document/product/1047/34951 (compact copy): both samples and the table's first row;
      -- the 2020 copy's whole request table (GroupId, Members_Account, ShutUpTime, all required). Second pass:
      -- cloud.tencent.com/document/product/269/1627 (2025-12-15) and its api copy: the whole current request
      -- table (MuteTime unsigned, 4294967295 mutes for good; TopicId optional) and the sample answer.
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "Members_Account", "array", items = "string", required = true, max_items = 500,
            doc = "the UserIDs to mute or unmute, at most 500" },
          { "MuteTime", "integer", required = true, min = 0, max = 4294967295,
            doc = "mute for this many seconds; 0 unmutes, 4294967295 for good (ShutUpTime on older pages)" },
          { "TopicId", "string", doc = "mute in this topic only (topic-enabled communities)" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#2C5SZEAEF","Members_Account":["peter","leckie"],"MuteTime":60}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/34964: every group type. The 2022 copy documents the older name get_group_shutted_uin and answers
    -- GroupId plus ShuttedUinList = { { Member_Account, ... } } (cut there).
    { "group", "group_open_http_svc", "get_group_muted_account", "list a group's muted members",
      ref = INTL(34964), idempotent = true,
      -- trtc.io/ko/document/34964: sample and the request table's first row; intl.cloud.tencent.com/document/
      -- product/1047/34964 (get_group_shutted_uin): the whole request table (GroupId only). Second pass:
      -- tencentcloud.com/zh/document/product/1047/34964 and its jp copy (compact, docs corpus): both request rows,
      -- the sample answer, the answer table and the error table's first rows (10004 invalid parameter).
      read = READ, seen = "fields",
      unread = "the error code table after 10007 (10010 onwards cut)", invalid = 10004,
      codes = { 10002, 10003, 10004, 10007, 10010 },
      request = {
          { "GroupId", "string", required = true, doc = "the group whose muted members are listed" },
          { "TopicId", "string", doc = "list the muted members of this topic (topic-enabled communities only)" },
      },
      answer = {
          { "GroupId", "string", doc = "the group (in the sample; not in the table)" },
          { "MutedAccountList", "array", doc = "the muted members", fields = {
              { "Member_Account", "string", doc = "the member's UserID" },
              { "MutedUntil", "integer", doc = "muted until this time (Unix seconds, UTC)" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#1KGZ2RAEU"}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"GroupId":"@TGS#2FZNNRAEU","MutedAccountList":]]
                        .. [[[{"Member_Account":"tommy","MutedUntil":1458115189},{"Member_Account":"peter",]]
                        .. [["MutedUntil":1458115189}]}]] } },
    { "group", "group_open_http_svc", "get_group_shutted_uin", "older name of get_group_muted_account",
      idempotent = true, alias_of = "group_open_http_svc/get_group_muted_account" },
    -- 1047/34969: at most 300 members per request; no callbacks or notifications; AVChatRoom answers 10007; an
    -- UnreadMsgNum above the group's message count is cut to it; JoinTime must lie between the group's
    -- creation and now.
    { "group", "group_open_http_svc", "import_group_member", "import group members (migration)",
      ref = INTL(34969), batch = { field = "MemberList", max = 300 },
      settle = "list the members with get_group_member_info; an existing member is reported per item",
      -- tencentcloud.com/document/product/1047/34969 (compact copy): the sample and the request table up to
      -- JoinTime. Second pass: cloud.tencent.com/document/product/269/1636 (2026-01-27) and its api copy: the
      -- same sample and table start, with other limits (see differs).
      read = READ, seen = "fields", ref_zh = CN(1636),
      unread = "the request table from UnreadMsgNum on (taken from the sample), the answer, the error codes",
      differs = "members per request: 1047/34969 (2024-07-16) and tencentcloud.com/zh 300; the api copy of "
             .. "269/1636 100; 269/1636 itself (2026-01-27) 20. The record keeps 300 (spec/52 pins the English "
             .. "page) although the newest page allows 20",
      request = {
          { "GroupId", "string", required = true, doc = "the target group" },
          { "MemberList", "array", required = true, max_items = 300, doc = "the members to import", fields = {
              { "Member_Account", "string", required = true, doc = "the UserID to import" },
              { "Role", "string", enum = { "Admin" }, doc = "only Admin; Member when absent" },
              { "JoinTime", "integer", doc = "when the member joined (Unix seconds)" },
              { "UnreadMsgNum", "integer", doc = "the member's unread message count" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL","MemberList":[{"Member_Account":"tommy","Role":"Admin",]]
                        .. [["JoinTime":1448357837,"UnreadMsgNum":5},{"Member_Account":"jared",]]
                        .. [["JoinTime":1448357857,"UnreadMsgNum":2}]}]] } },
    -- 1047/50296: AVChatRoom only (Premium edition, console switch); at most 20 accounts per request; a banned
    -- member neither receives messages nor rejoins until the ban ends. 269/79249 (2025-12-15, read in the second
    -- pass) marks every group type supported and names the Flagship or Enterprise edition.
    { "group", "group_open_http_svc", "ban_group_member", "ban members (removed, barred from rejoining)",
      ref = INTL(50296), ref_zh = CN(79249), idempotent = true, batch = { field = "Members_Account", max = 20 },
      -- tencentcloud.com/document/product/1047/50296 (compact copy): sample and both tables.
      read = READ, seen = "fields", unread = "the error code table",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "Members_Account", "array", items = "string", required = true, max_items = 20,
            doc = "the UserIDs to ban, at most 20" },
          { "Duration", "integer", required = true, min = 0, max = 4294967295, doc = "ban length in seconds" },
          { "Description", "string", max_bytes = 1000, doc = "the reason shown, up to 1000 bytes" },
      },
      answer = {},
      -- the page's sample quotes the two accounts as ["brennanli3", "brennanli12"] with the inner quotes lost;
      -- restored here.
      example = { request = [[{"GroupId":"@TGS#aJRGC4MH6","Members_Account":["brennanli3","brennanli12"],]]
                        .. [["Duration":3600,"Description":"you are banned because of irregularities"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/50297: GroupId and Members_Account, up to 20 accounts per request.
    { "group", "group_open_http_svc", "unban_group_member", "lift bans on members", idempotent = true,
      ref = INTL(50297), batch = { field = "Members_Account", max = 20 },
      -- tencentcloud.com/document/product/1047/50297 (its Chinese text, 2025-10-23) and tencentcloud.com/jp/
      -- document/product/1047/50297 (compact English copy), docs corpus: the sample and both field tables.
      read = READ, seen = "fields", unread = "the answer table after ErrorCode, the error codes",
      differs = "applicable group types: tencentcloud.com (2025-10-23, both copies) AVChatRoom only; "
             .. "trtc.io/document/50297 and the ban pages of 269 (79249, 2025-12-15) every type; the record "
             .. "restricts nothing",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "Members_Account", "array", items = "string", required = true, max_items = 20,
            doc = "the UserIDs to unban, at most 20" },
      },
      answer = {},
      -- the page's sample quotes the two accounts as [brennanli3", "brennanli12] (inner quotes lost) and ends in
      -- a trailing comma; restored here.
      example = { request = [[{"GroupId":"@TGS#aJRGC4MH6","Members_Account":["brennanli3","brennanli12"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/50295: AVChatRoom only; Limit at most 100; Offset 0 first, then NextOffset until it is 0.
    { "group", "group_open_http_svc", "get_group_ban_member", "list a group's banned members",
      ref = INTL(50295), ref_zh = CN(79248), idempotent = true, page = PAGE_BANNED,
      -- tencentcloud.com/document/product/1047/50295 (compact copy): samples, the request table.
      read = READ, seen = "fields",
      unread = "the answer table (BannedAccountList and NextOffset are taken from the sample), the error codes",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "Limit", "integer", max = 100, doc = "banned members per page, at most 100" },
          { "Offset", "integer", required = true, doc = "0 first, then the last answer's NextOffset" },
      },
      answer = {
          { "BannedAccountList", "array", doc = "banned members", fields = {
              { "BannedUntil", "integer", doc = "when the ban ends (Unix seconds)" },
              { "Member_Account", "string", doc = "the member's UserID" },
          } },
          { "NextOffset", "integer", doc = "the next Offset; 0 when the list is complete" },
      },
      example = { request = [[{"GroupId":"@TGS#aJRGC4MH6","Limit":20,"Offset":0}]],
                  answer = [[{"ActionStatus":"OK","BannedAccountList":[{"BannedUntil":1660875916,]]
                        .. [["Member_Account":"brennanli1"},{"BannedUntil":1660875916,]]
                        .. [["Member_Account":"brennanli12"}],]]
                        .. [["ErrorCode":0,"ErrorInfo":"","NextOffset":2}]] } },

    -- Groups: AVChatRoom (live groups)
    -- 1047/38521: AVChatRoom only (a Community counts with million_group_open_http_svc/get_online_member_num,
    -- 1047/66883); the count is refreshed every 10 s, 10-20 s with web users.
    { "group", "group_open_http_svc", "get_online_member_num", "online count of an AVChatRoom",
      ref = INTL(38521), ref_zh = CN(49180), idempotent = true, note = "refreshed every 10 s (10-20 s with web users)",
      -- tencentcloud.com/document/product/1047/38521 (compact copy): sample, both tables. Second pass:
      -- tencentcloud.com/zh/document/product/1047/38521 (compact Chinese copy): the whole error table.
      read = READ, seen = "fields", invalid = 10004, codes = { 10002, 10003, 10004, 10007, 10010, 10015 },
      differs = "group types: the tencentcloud.com copies of 1047/38521 AVChatRoom only (10007 elsewhere); "
             .. "269/49180 (2025-11-03) and trtc.io/document/38521 every type, the others needing the Flagship or "
             .. "Enterprise edition with member online status switched on; the record restricts nothing",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
      },
      answer = {
          { "OnlineMemberNum", "integer", doc = "online users in the group" },
      },
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"OnlineMemberNum":1000}]] } },
    -- 1047/50293: AVChatRoom (and Community); Timestamp 0 first, then NextTimestamp until 0 (more than 500
    -- members). The list is refreshed every 10 s (trtc.io/ko/document/50293: a 40 s snapshot) and holds at most
    -- the 1000 latest members; editions without the online-member list get the 30 latest.
    { "group", "group_open_avchatroom_http_svc", "get_members", "list an AVChatRoom's online members",
      ref = INTL(50293), idempotent = true, page = PAGE_AV_MEMBERS,
      -- tencentcloud.com/document/product/1047/50293 (compact copy): samples, the request table, the answer
      -- table's first rows. Second pass: tencentcloud.com/zh/document/product/1047/50293 and 269/77266
      -- (2025-11-03): the request table has Mark (optional) too; the answer table types MemberList as Object.
      read = READ, seen = "fields", ref_zh = CN(77266),
      unread = "the answer table after MemberList (NextTimestamp is taken from the sample), the error codes",
      differs = "the English copies return every member and NextTimestamp 0 up to 500 members; the Chinese copies "
             .. "(1047/50293 zh, 269/77266 of 2025-11-03) up to 250; paging by NextTimestamp covers both",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "Mark", "integer", doc = "only members with this mark" },
          { "Timestamp", "integer", required = true, doc = "0 first, then the last answer's NextTimestamp" },
      },
      answer = {
          { "MemberList", "array", doc = "online members", fields = {
              { "JoinTime", "integer", doc = "when the member joined (Unix seconds)" },
              { "Member_Account", "string", doc = "the member's UserID" },
              { "NickName", "string", doc = "nickname" },
              { "Avatar", "string", doc = "profile photo URL" },
          } },
          { "NextTimestamp", "integer", doc = "cursor for the next request; 0 when all are pulled" },
      },
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO","Mark":1000,"Timestamp":0}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MemberList":[{"JoinTime":1657773110,]]
                        .. [["Member_Account":"teacher2","NickName":"Teacher t02",]]
                        .. [["Avatar":"http://www.example.com/teacher2.jpg"}],"NextTimestamp":0}]] } },
    -- 1047/50294: MemberList, "Up to 500 accounts are supported each time"; at most 10 different marks per group,
    -- a mark is a number >= 1000 (500 is the robot mark, 1047/60527); each mark on at most 1000 members; marks go
    -- to online members only and are cleared when they leave.
    { "group", "group_open_avchatroom_http_svc", "modify_user_info", "set member marks in an AVChatRoom",
      ref = INTL(50294), ref_zh = CN(79267), idempotent = true, batch = { field = "MemberList", max = 500 },
      -- tencentcloud.com/document/product/1047/50294 (compact copy): samples, the request table, the answer
      -- table's first row.
      read = READ, seen = "fields",
      unread = "MemberList's item table (Member_Account and Marks are taken from the samples), the answer table "
            .. "after ActionStatus, the error codes",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "CommandType", "integer", required = true, enum = { 1, 2 }, doc = "1 set marks, 2 remove marks" },
          { "MemberList", "array", required = true, max_items = 500, doc = "accounts and their marks", fields = {
              { "Member_Account", "string", doc = "the member's UserID" },
              { "Marks", "array", items = "integer", doc = "marks (numbers >= 1000)" },
          } },
      },
      answer = {
          { "CommandType", "integer", doc = "the request's CommandType" },
          { "MemberList", "array", doc = "the accounts and marks as applied", fields = {
              { "Member_Account", "string", doc = "the member's UserID" },
              { "Marks", "array", items = "integer", doc = "marks" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO","CommandType":1,"MemberList":[{"Member_Account":]]
                        .. [["teacher10","Marks":[1000]},{"Member_Account":"student9","Marks":[1001]}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","CommandType":1,"MemberList":]]
                        .. [[[{"Member_Account":"teacher10","Marks":[1000]},{"Member_Account":"student9",]]
                        .. [["Marks":[1001]}]}]] } },
    -- 1047/60525: an AVChatRoom has at most 5 admins; an admin need not be in the group and stays one after
    -- leaving.
    { "group", "group_open_avchatroom_http_svc", "modify_admin", "add or remove AVChatRoom admins (max 5)",
      ref = INTL(60525), idempotent = true,
      -- tencentcloud.com/document/product/1047/60525 (compact copy): sample, both tables.
      read = READ, seen = "fields", unread = "the error code table after 10004",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "CommandType", "integer", required = true, enum = { 1, 2 }, doc = "1 set admins, 2 remove admins" },
          { "Admin_Account", "array", items = "string", required = true, max_items = 5,
            doc = "the admins' UserIDs (a group has at most 5 admins)" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO","CommandType":1,"Admin_Account":["user1"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]] } },
    -- 1047/60524.
    { "group", "group_open_avchatroom_http_svc", "get_admin_list", "list an AVChatRoom's admins",
      ref = INTL(60524), idempotent = true,
      -- tencentcloud.com/document/product/1047/60524 (compact copy): sample, both tables.
      read = READ, seen = "fields",
      unread = "Admin_List's item fields (taken from the sample), the error code table after 10004",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
      },
      answer = {
          { "Admin_List", "array", doc = "the group's admins (the table says Object; the sample is a list)",
            fields = {
                { "Admin_Account", "string", doc = "the admin's UserID" },
                { "Avatar", "string", doc = "profile photo URL" },
                { "NickName", "string", doc = "nickname" },
            } },
      },
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO"}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Admin_List":[{"Admin_Account":]]
                        .. [["user1","Avatar":"https://example.com/abc.jpg","NickName":"AA"},{"Admin_Account":]]
                        .. [["116400","Avatar":"","NickName":"Charles 2"}]}]] } },
    -- 1047/60523: works beyond the 1000 members the online list holds; 40 s refresh.
    { "group", "group_open_avchatroom_http_svc", "check_members", "check whether users are in an AVChatRoom",
      ref = INTL(60523), idempotent = true,
      -- tencentcloud.com/zh/document/product/1047/60523 (compact Chinese copy): sample, both tables.
      read = READ, seen = "fields", unread = "the error code table after 10007",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "Member_Account", "array", items = "string", required = true, doc = "the UserIDs to check" },
      },
      answer = {
          { "Member_Account", "array", items = "string", doc = "those of them in the group" },
      },
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO","Member_Account":["245000","202200","239017","361697"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",]]
                        .. [["Member_Account":["245000","239017"]}]] } },
    -- 269/103785 and 1047/60526 (del_robots; the English page is 1047/60526), trtc.io/document/60527
    -- (add_robots): member mark 500 in the online list; robots stay listed whatever their online state.
    -- 269/103785 (2025-11-03): Flagship or Enterprise edition with the online member list switched on; 200/s.
    { "group", "group_open_avchatroom_http_svc", "del_robots", "remove robots from an AVChatRoom's online list",
      ref = CN(103785), idempotent = true,
      requires = "Flagship or Enterprise edition (English page: Pro, Pro Plus or Enterprise), online member list on",
      -- trtc.io/ko/document/60526, tencentcloud.com/jp/document/product/1047/60526: the opening only. Second pass:
      -- cloud.tencent.com/document/product/269/103785 (docs corpus): the sample, the request table, the sample
      -- answer and the answer table's first row.
      read = READ, seen = "fields", unread = "the answer table after ActionStatus, the error codes",
      request = {
          { "GroupId", "string", required = true, doc = "the AVChatRoom" },
          { "Member_Account", "array", items = "string", required = true, doc = "the robot accounts to remove" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#a6I4ZUUGO","Member_Account":["bot1","bot2"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]] } },
    { "group", "group_open_avchatroom_http_svc", "add_robots", "add robots to an AVChatRoom's online list",
      ref = TRTC(60527), idempotent = true,
      -- trtc.io/document/60527: the opening only. Second pass: tencentcloud.com/document/product/1047/60527
      -- (2025-03-20) and its ko copy (2025-10-23) stop in the opening too; the Chinese page (listed under
      -- 269/86393 as 设置直播群机器人) was not found in either corpus.
      read = READ, seen = "opening", unread = "the samples, the field tables, the error codes" },
}

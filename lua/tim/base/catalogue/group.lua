-- tim.base.catalogue.group: Groups: management
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, FLAGSHIP, READ_GROUP_HISTORY = C.CN, C.INTL, C.TRTC, C.FLAGSHIP, C.READ_GROUP_HISTORY
-- Paging shapes: cursor = { items, carry = { req_field = resp_field }, stop = { f = v } },
-- offset = { items, offset, limit }.
local PAGE_GROUP_LIST = { items = "GroupIdList", carry = { Next = "Next" }, stop = { Next = 0 } }
local PAGE_MEMBERS = { items = "MemberList", offset = "Offset", limit = "Limit" }
local PAGE_JOINED = { items = "GroupIdList", offset = "Offset", limit = "Limit" }
-- get_permission_group (1047/61235): Limit and Next ("" first).
local PAGE_PERMISSION_GROUPS = { items = "PermissionGroupList", carry = { Next = "Next" }, stop = { Next = "" } }

return {
    { "group", "group_open_http_svc", "get_appid_group_list", "list the app's groups, paged by Next",
      idempotent = true, page = PAGE_GROUP_LIST },
    -- 1047/34895: an AVChatRoom takes no members at creation (10007).
    { "group", "group_open_http_svc", "create_group", "create a group", ref = INTL(34895),
      settle = "choose the GroupId yourself: a second create then answers 10021/10025 (ID already used); "
            .. "without one, look the group up by name in get_appid_group_list" },
    -- 1047/34961: at most 50 groups per request.
    { "group", "group_open_http_svc", "get_group_info", "get the profiles of up to 50 groups",
      ref = INTL(34961), idempotent = true, batch = { field = "GroupIdList", max = 50 } },
    { "group", "group_open_http_svc", "modify_group_base_info", "modify a group's basic profile",
      idempotent = true },
    { "group", "group_open_http_svc", "destroy_group", "disband a group", idempotent = true,
      done_codes = { 10010 } },
    { "group", "group_open_http_svc", "get_joined_group_list", "list the groups a user has joined",
      idempotent = true, page = PAGE_JOINED },
    { "group", "group_open_http_svc", "change_group_owner", "transfer group ownership", idempotent = true },
    { "group", "group_open_http_svc", "import_group", "import a group (migration)", ref = INTL(34967),
      settle = "give the GroupId: a second import then answers 10021 (ID already used)" },
    -- Groups: members
    { "group", "group_open_http_svc", "get_group_member_info", "list group members, paged by Offset",
      idempotent = true, page = PAGE_MEMBERS, note = "communities page with Next instead of Offset" },
    { "group", "group_open_http_svc", "get_specified_group_member_info", "get the profiles of given members",
      idempotent = true },
    -- 269/1621 (2026-02-06): at most 20 members per request; the international pages (trtc.io/document/34921)
    -- still say 300. The lower figure is used so that no call is refused. AVChatRoom answers 10007.
    { "group", "group_open_http_svc", "add_group_member", "add members to a group (not AVChatRoom)",
      ref = CN(1621), batch = { field = "MemberList", max = 20 },
      settle = "MemberList[].Result in the answer reports each account; on a resend an existing member comes "
            .. "back as Result 2",
      note = "trtc.io/document/34921 gives 300 per request; the 2026 China page gives 20" },
    -- 1047/34949: MemberToDel_Account, at most 100 members per request.
    { "group", "group_open_http_svc", "delete_group_member", "remove up to 100 members from a group",
      ref = INTL(34949), idempotent = true, batch = { field = "MemberToDel_Account", max = 100 } },
    { "group", "group_open_http_svc", "modify_group_member_info", "modify a member's role, name card, mute",
      idempotent = true },
    { "group", "group_open_http_svc", "get_role_in_group", "get users' roles in a group", idempotent = true },
    { "group", "group_open_http_svc", "forbid_send_msg", "mute or unmute members for a time", idempotent = true },
    { "group", "group_open_http_svc", "get_group_muted_account", "list a group's muted members",
      idempotent = true },
    { "group", "group_open_http_svc", "get_group_shutted_uin", "older name of get_group_muted_account",
      idempotent = true, alias_of = "group_open_http_svc/get_group_muted_account" },
    { "group", "group_open_http_svc", "import_group_member", "import group members (migration)",
      settle = "list the members with get_group_member_info; an existing member is reported per item" },
    { "group", "group_open_http_svc", "ban_group_member", "ban members (removed, barred from rejoining)",
      idempotent = true },
    { "group", "group_open_http_svc", "unban_group_member", "lift bans on members", idempotent = true },
    { "group", "group_open_http_svc", "get_group_ban_member", "list a group's banned members",
      idempotent = true },
    -- Groups: messages
    -- 269/1629 (2026-02): "Random: 五分钟数字相同认为是重复消息" (same Random within 5 minutes = same message).
    { "group", "group_open_http_svc", "send_group_msg", "send a group message", ref = CN(1629),
      dedup = { "Random" }, dedup_window = 300, dedup_key = { "GroupId", "Random" },
      settle = "resend within 5 minutes with the same Random; later, " .. READ_GROUP_HISTORY,
      note = "trial and dev editions: 1000 messages/day" },
    { "group", "group_open_http_svc", "send_group_system_notification", "send a group system notification",
      settle = "system notifications are not stored in the history: send again only if a lost one is "
            .. "acceptable to repeat" },
    -- 269/12341: at most 10 MsgSeq per request; no time limit while the message is in roaming storage.
    { "group", "group_open_http_svc", "group_msg_recall", "recall up to 10 group messages by MsgSeq",
      ref = CN(12341), idempotent = true, batch = { field = "MsgSeqList", max = 10 } },
    { "group", "group_open_http_svc", "import_group_msg", "import historical group messages",
      settle = READ_GROUP_HISTORY },
    { "group", "group_open_http_svc", "delete_group_msg_by_sender", "delete a user's messages in a group",
      idempotent = true },
    { "group", "group_open_http_svc", "group_msg_get_simple", "pull group message history",
      idempotent = true, note = "older pages: ReqMsgSeq = smallest returned MsgSeq - 1 (not a carry pair)" },
    -- 269/77402 (2025-12): Flagship 1 message/s, Enterprise 5/s; same Random within 5 minutes = duplicate;
    -- merged MsgBody under 12 KB; a console switch turns the feature on.
    { "group", "group_open_http_svc", "send_broadcast_msg", "broadcast a message to all the app's AVChatRooms",
      ref = CN(77402), rate = "broadcast", requires = FLAGSHIP, dedup = { "Random" }, dedup_window = 300,
      dedup_key = { "Random" },
      note = "Flagship 1/s, Enterprise 5/s: merge messages (under 12 KB) rather than send faster" },
    { "group", "group_open_http_svc", "clear_group_msg", "clear a group's message history", idempotent = true },
    { "group", "group_open_http_svc", "set_unread_msg_num", "set a member's unread count in a group",
      idempotent = true },
    { "group", "group_open_http_svc", "group_msg_receipt", "send read receipts for group messages",
      idempotent = true },
    { "group", "group_open_http_svc", "get_group_msg_receipt", "get read counts of group messages",
      idempotent = true },
    { "group", "group_open_http_svc", "get_group_msg_receipt_detail", "list who read a group message",
      idempotent = true },
    -- Groups: pinned messages (269/133873 menu; Flagship or Enterprise; not AVChatRoom; 10 pins per group,
    -- 269/106050)
    { "group", "group_open_http_svc", "pin_message", "pin a group or topic message", ref = CN(133874),
      since = "2026", requires = FLAGSHIP,
      settle = "read the pins with get_pinned_messages: pinning again only renews the pin time" },
    { "group", "group_open_http_svc", "unpin_message", "unpin a group or topic message", ref = CN(134119),
      since = "2026", requires = FLAGSHIP, idempotent = true },
    { "group", "group_open_http_svc", "get_pinned_messages", "list a group's or topic's pinned messages",
      ref = CN(134120), since = "2026", requires = FLAGSHIP, idempotent = true },
    -- Groups: counters
    { "group", "group_open_http_svc", "get_group_counter", "get group counters", idempotent = true },
    { "group", "group_open_http_svc", "update_group_counter", "set, increase or decrease group counters",
      settle = "read the counter with get_group_counter before repeating an increase or decrease",
      note = "Mode Set is harmless to repeat; Increase and Decrease are not" },
    { "group", "group_open_http_svc", "delete_group_counter", "delete group counters", idempotent = true },
    -- Groups: custom attributes
    { "group", "group_open_attr_http_svc", "get_group_attr", "get a group's custom attributes",
      idempotent = true },
    { "group", "group_open_http_svc", "modify_group_attr", "modify a group's custom attributes",
      idempotent = true },
    { "group", "group_open_http_svc", "clear_group_attr", "clear a group's custom attributes",
      idempotent = true },
    { "group", "group_open_http_svc", "set_group_attr", "reset a group's custom attributes", idempotent = true },
    { "group", "group_open_http_svc", "delete_group_attr", "delete some of a group's custom attributes",
      idempotent = true, note = "service assumed as for modify/clear/set_group_attr; not seen on a page" },
    -- Groups: AVChatRoom (live groups)
    { "group", "group_open_http_svc", "get_online_member_num", "online count of an AVChatRoom",
      idempotent = true, note = "refreshed every 10 s" },
    { "group", "group_open_avchatroom_http_svc", "get_members", "list an AVChatRoom's online members",
      idempotent = true },
    { "group", "group_open_avchatroom_http_svc", "modify_user_info", "set member marks in an AVChatRoom",
      idempotent = true },
    { "group", "group_open_avchatroom_http_svc", "modify_admin", "add or remove AVChatRoom admins (max 5)",
      idempotent = true },
    { "group", "group_open_avchatroom_http_svc", "get_admin_list", "list an AVChatRoom's admins",
      idempotent = true },
    { "group", "group_open_avchatroom_http_svc", "check_members", "check whether users are in an AVChatRoom",
      idempotent = true },
    -- 269/103785 (del_robots) and trtc.io/document/60527 (add_robots): member mark 500 in the online list.
    { "group", "group_open_avchatroom_http_svc", "del_robots", "remove robots from an AVChatRoom's online list",
      ref = CN(103785), idempotent = true },
    { "group", "group_open_avchatroom_http_svc", "add_robots", "add robots to an AVChatRoom's online list",
      ref = TRTC(60527), idempotent = true },
    -- Groups: community topics
    { "group", "million_group_open_http_svc", "create_topic", "create a community topic",
      settle = "choose the TopicId yourself, or list the topics with get_topic, before creating again" },
    { "group", "million_group_open_http_svc", "destroy_topic", "destroy community topics", idempotent = true },
    { "group", "million_group_open_http_svc", "get_topic", "get community topic profiles", idempotent = true },
    { "group", "million_group_open_http_svc", "modify_topic", "modify a community topic", idempotent = true },
    { "group", "million_group_open_http_svc", "get_online_member_num", "online count of a community",
      idempotent = true, note = "4-minute granularity" },
    { "group", "group_open_http_svc", "import_topic", "import a community topic (migration)",
      settle = "list the topics with get_topic before importing again" },
    -- Groups: community permission groups (1047/61232-61242, Community groups only, 200/s each)
    { "group", "group_open_http_svc", "create_permission_group", "create a community permission group",
      ref = INTL(61232), since = "2024",
      settle = "choose the PermissionGroupId (@PMG#_...) yourself and read it back with get_permission_group" },
    -- 1047/61233: at most 20 permission groups per request; results per item in PermissionGroupResultList.
    { "group", "group_open_http_svc", "destroy_permission_group", "destroy up to 20 permission groups",
      ref = INTL(61233), since = "2024", idempotent = true,
      batch = { field = "PermissionGroupIdList", max = 20 } },
    { "group", "group_open_http_svc", "modify_permission_group", "modify a permission group's name, bits, data",
      ref = INTL(61234), since = "2024", idempotent = true },
    { "group", "group_open_http_svc", "get_permission_group", "get a community's permission groups, paged",
      ref = INTL(61235), since = "2024", idempotent = true, page = PAGE_PERMISSION_GROUPS },
    -- 1047/61236: at most 50 topic permissions per request, results per item in TopicPermissionResultList.
    { "group", "group_open_http_svc", "add_topic_permission_group", "add topic permissions to a permission group",
      ref = INTL(61236), since = "2024", batch = { field = "TopicPermissionList", max = 50 },
      settle = "read them back with get_topic_permission_group; each topic's outcome is in "
            .. "TopicPermissionResultList" },
    { "group", "group_open_http_svc", "set_topic_permission_group", "modify topic permissions of a permission group",
      ref = INTL(61237), since = "2024", idempotent = true },
    { "group", "group_open_http_svc", "delete_topic_permission_group",
      "delete topic permissions from a permission group", ref = INTL(61238), since = "2024", idempotent = true },
    { "group", "group_open_http_svc", "get_topic_permission_group", "get topic permissions of a permission group",
      ref = INTL(61239), since = "2024", idempotent = true },
    -- 1047/61240: at most 100 members per request.
    { "group", "group_open_http_svc", "add_permission_group_member", "add up to 100 members to a permission group",
      ref = INTL(61240), since = "2024", batch = { field = "MemberList", max = 100 },
      settle = "list the members with get_permission_group_member_list before adding again" },
    -- 1047/61241: at most 100 members per request; "If the user to be deleted is not in the permission group,
    -- the API still returns success."
    { "group", "group_open_http_svc", "delete_permission_group_member",
      "remove up to 100 members from a permission group", ref = INTL(61241), since = "2024", idempotent = true,
      batch = { field = "MemberList", max = 100 } },
    { "group", "group_open_http_svc", "get_permission_group_member_list", "list a permission group's members",
      ref = INTL(61242), since = "2024", idempotent = true },
}

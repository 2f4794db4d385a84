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

return {
    -- 269/1614: at most 1 call/s (its own rate class, not the 200/s default).
    { "group", "group_open_http_svc", "get_appid_group_list", "list the app's groups, paged by Next",
      ref = CN(1614), rate = "group_list", idempotent = true, page = PAGE_GROUP_LIST },
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
}

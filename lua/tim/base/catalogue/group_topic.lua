-- tim.base.catalogue.group_topic: Groups: community topics and permission groups
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local INTL = C.INTL
-- get_permission_group (1047/61235): Limit and Next ("" first).
local PAGE_PERMISSION_GROUPS = { items = "PermissionGroupList", carry = { Next = "Next" }, stop = { Next = "" } }

return {
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

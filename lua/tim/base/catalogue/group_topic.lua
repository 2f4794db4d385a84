-- tim.base.catalogue.group_topic: Groups: community topics and permission groups
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL
-- get_permission_group (1047/61235): Limit (at most 20) and Next ("" first, then the answer's Next); the list
-- the answer carries is PermissionGroupInfoList.
local PAGE_PERMISSION_GROUPS = { items = "PermissionGroupInfoList", carry = { Next = "Next" }, stop = { Next = "" } }
-- get_permission_group_member_list (1047/61242): Limit and Next ("" first); the answer's Next is "" at the end.
local PAGE_PERMISSION_MEMBERS = { items = "MemberList", carry = { Next = "Next" }, stop = { Next = "" } }
-- Topic pages (1047/49468-49471, 53448): only topic-enabled communities; the console switch comes first.
local TOPICS = "Community groups with the community and topic switches on in the console"
local READ = "2026-12-07"
-- The members the topic and permission-group pages write alike
local COMMUNITY = { "GroupId", "string", required = true, doc = "the community" }
local COMMUNITY_SAMPLE = { "GroupId", "string", doc = "the community (required)" }   -- read from a sample
local PERMISSION_GROUP = { "PermissionGroupId", "string", required = true, doc = "the permission group" }
local TOPIC = { "TopicId", "string", doc = "the topic" }
local FAILURE = { "ErrorInfo", "string", doc = "the failure's description" }
local TOPIC_PERMISSION = { "Permission", "integer", doc = "topic permission bits" }
local TOPIC_NAME = { "TopicName", "string", doc = "topic name" }
local TOPIC_FACE = { "FaceUrl", "string", doc = "topic photo URL" }
local TOPIC_NOTICE = { "Notification", "string", doc = "topic notice" }
local TOPIC_INTRO = { "Introduction", "string", doc = "topic introduction" }
-- one outcome per topic: ErrorCode (what 0 means there), ErrorInfo, TopicId, and what else the page lists
local function per_topic(name, doc, zero, more)
    local fields = { { "ErrorCode", "integer", doc = zero }, FAILURE, TOPIC, more }
    return { name, "array", doc = doc, fields = fields }
end
-- the members of a permission group's member list as the add and delete requests give them
local MEMBERS_IN = { { "Member_Account", "string", required = true, doc = "the member's UserID" } }
-- the topic-permission samples (1047/61236-61239): the requests open alike, and add and delete answer alike
local TOPIC_PERMISSION_SAMPLE = [[{"GroupId":"@TGS#_@TGS#cV6IHIIM62C4",]]
    .. [["PermissionGroupId":"@PMG#_test_permission_group_with_topic",]]
local TOPIC_PERMISSION_ANSWER = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"TopicPermissionResultList":]]
    .. [[[{"ErrorCode":0,"ErrorInfo":"","TopicId":"@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cKXPQIIM62CD"}]}]]

return {
    -- Groups: community topics
    -- 1047/49471: custom TopicId form is GroupId + "@TOPIC#_" + the app's part.
    { "group", "million_group_open_http_svc", "create_topic", "create a community topic", ref = INTL(49471),
      requires = TOPICS,
      settle = "choose the TopicId yourself, or list the topics with get_topic, before creating again",
      -- tencentcloud.com/document/product/1047/49471: the samples only (their comments: GroupId and TopicName
      -- required, the others optional); the fullest one is cut after Introduction, so the example is the second.
      read = READ, seen = "example", unread = "the field tables, the end of the last sample and the error codes",
      request = {
          { "GroupId", "string", doc = "the community" },
          { "TopicId", "string", doc = "custom topic ID (GroupId@TOPIC#_...)" },
          TOPIC_NAME,
          { "From_Account", "string", doc = "the member creating the topic" },
          { "CustomString", "string", doc = "custom data" },
          TOPIC_FACE,
          TOPIC_NOTICE,
          TOPIC_INTRO,
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cQVLVHIM62CJ","TopicId":]]
                         .. [["@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic","TopicName":"TestTopic"}]] } },
    -- 1047/49470: a destroyed topic cannot be recovered.
    { "group", "million_group_open_http_svc", "destroy_topic", "destroy community topics", idempotent = true,
      ref = INTL(49470), ref_zh = CN(78202), requires = TOPICS, note = "a destroyed topic cannot be recovered",
      -- tencentcloud.com/document/product/1047/49470 (the page without its menu): both field tables.
      read = READ, seen = "fields", unread = "the error code table",
      request = {
          { "GroupId", "string", required = true, doc = "the community the topics belong to" },
          { "TopicIdList", "array", items = "string", required = true, doc = "IDs of the topics to destroy" },
      },
      answer = {
          per_topic("DestroyResultItem", "one outcome per topic", "0 when this topic was destroyed"),
      },
      example = {
          request = [[{"GroupId":"@TGS#_@TGS#cQVLVHIM62CJ","TopicIdList":["@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic",]]
                 .. [["@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic_1"]}]],
          answer = [[{"ActionStatus":"OK","ErrorInfo":"ok","ErrorCode":0,"DestroyResultItem":[{"ErrorCode":0,]]
                .. [["ErrorInfo":"ok","TopicId":"@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic"},{"ErrorCode":0,]]
                .. [["ErrorInfo":"ok","TopicId":"@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic_1"}]}]] } },
    -- 1047/49469 and 269/78204: From_Account (required) names the user whose view of the topics is returned;
    -- TopicIdList and ResponseFilter (TopicName, FaceUrl, Notification, Introduction, ...) are optional.
    { "group", "million_group_open_http_svc", "get_topic", "get community topic profiles", idempotent = true,
      ref = INTL(49469), ref_zh = CN(78204), requires = TOPICS,
      -- tencentcloud.com/zh/document/product/1047/49469: the samples and the first rows of the request table
      -- (GroupId and From_Account required); the tree comes from the fullest sample.
      read = READ, seen = "example",
      unread = "the request table after From_Account, the answer table and the error codes",
      request = {
          COMMUNITY_SAMPLE,
          { "From_Account", "string", doc = "the user whose view of the topics is returned (required)" },
          { "TopicIdList", "array", items = "string", doc = "topics to read (all when absent)" },
          { "ResponseFilter", "array", items = "string", doc = "topic fields to return (TopicName, FaceUrl, ...)" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cQVLVHIM62CJ","From_Account":"1400187352","TopicIdList":]]
                         .. [[["@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5"],"ResponseFilter":]]
                         .. [[["TopicName","FaceUrl","Notification","Introduction"]}]] } },
    { "group", "million_group_open_http_svc", "modify_topic", "modify a community topic", idempotent = true,
      ref = INTL(49468), requires = TOPICS,
      -- tencentcloud.com/document/product/1047/49468: the samples only; the "ALL IN ONE" sample names every
      -- field (its comments call GroupId and TopicId required, the others optional).
      read = READ, seen = "example", unread = "the field tables, the answer and the error codes",
      request = {
          { "GroupId", "string", doc = "the community" },
          { "TopicId", "string", doc = "the topic to modify" },
          { "From_Account", "string", doc = "the member the change is made as" },
          { "TopicName", "string", doc = "new topic name" },
          { "FaceUrl", "string", doc = "new topic photo URL" },
          { "Notification", "string", doc = "new topic notice" },
          { "Introduction", "string", doc = "new topic introduction" },
          { "MuteAllMember", "string", enum = { "On", "Off" }, doc = "mute everyone in the topic: On or Off" },
          { "CustomString", "string", doc = "custom data of the topic" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cQVLVHIM62CJ","TopicId":]]
                         .. [["@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5","From_Account":"1400187352",]]
                         .. [["TopicName":"TestTopicName","FaceUrl":"http://this.is.new.face.url","Notification":]]
                         .. [["Notification","Introduction":"Introduction","MuteAllMember":"On","CustomString":]]
                         .. [["This is a customs string."}]] } },
    -- 1047/66883: the count is refreshed every 4 minutes.
    { "group", "million_group_open_http_svc", "get_online_member_num", "online count of a community",
      idempotent = true, note = "4-minute granularity", ref = INTL(66883), ref_zh = CN(102707),
      -- tencentcloud.com/document/product/1047/66883 and tencentcloud.website (the same page): both tables and the
      -- first rows of the error codes (10002, 10003, 10004 invalid parameter).
      -- The tencentcloud.com copy marks every group type supported, the tencentcloud.website copy (newer: it
      -- lists the Tokyo domain) only Community.
      read = READ, seen = "fields", unread = "the rest of the error code table", invalid = 10004,
      request = {
          COMMUNITY,
      },
      answer = {
          { "OnlineMemberNum", "integer", doc = "members online in the group" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cQVLVHIM62CJ"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"OnlineMemberNum":1000}]] } },
    -- 1047/53448: imports topic data without callbacks or notifications (migration); CreateTime defaults to the
    -- request time.
    { "group", "group_open_http_svc", "import_topic", "import a community topic (migration)", ref = INTL(53448),
      requires = TOPICS, settle = "list the topics with get_topic before importing again",
      -- tencentcloud.com/document/product/1047/53448: the samples and the first table rows (Type optional,
      -- GroupId required).
      read = READ, seen = "example", unread = "the request table after GroupId, the answer and the error codes",
      request = {
          { "Type", "string", enum = { "Community" }, doc = "the group's type: Community" },
          COMMUNITY_SAMPLE,
          TOPIC_NAME,
          TOPIC_INTRO,
          TOPIC_NOTICE,
          TOPIC_FACE,
          { "CreateTime", "integer", doc = "creation time, Unix seconds (the request time when absent)" },
      },
      example = { request = [[{"Type":"Community","GroupId":"@TGS#_@TGS#cBZXAIIM62CV","TopicName":"test_topic3",]]
                         .. [["Introduction":"This is topic Introduction","Notification":"This is topic Notification",]]
                         .. [["FaceUrl":"http://this.is.face.url","CreateTime":1448357837}]] } },
    -- Groups: community permission groups (1047/61232-61242, Community groups only, 200/s each)
    { "group", "group_open_http_svc", "create_permission_group", "create a community permission group",
      ref = INTL(61232), since = "2024",
      settle = "choose the PermissionGroupId (@PMG#_...) yourself and read it back with get_permission_group",
      -- tencentcloud.com/document/product/1047/61232 (2024-07-16): the sample and the request table's first rows;
      -- Permission and CustomString are typed from the sample.
      read = READ, seen = "fields",
      unread = "the request rows after PermissionGroupName, the answer and the error codes",
      request = {
          COMMUNITY,
          { "PermissionGroupId", "string", doc = "custom ID (@PMG#_...); the service makes one when absent" },
          { "PermissionGroupName", "string", required = true, max_bytes = 150, doc = "name, up to 150 bytes" },
          { "Permission", "integer", doc = "permission bits" },
          { "CustomString", "string", doc = "custom data" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cV6IHIIM62C4","PermissionGroupId":"@PMG#_test_permission_group",]]
                         .. [["PermissionGroupName":"test_permission_group","Permission":123,]]
                         .. [["CustomString":"test_custom_string"}]] } },
    -- 1047/61233: at most 20 permission groups per request; results per item in PermissionGroupResultList.
    { "group", "group_open_http_svc", "destroy_permission_group", "destroy up to 20 permission groups",
      ref = INTL(61233), ref_zh = CN(103967), since = "2024", idempotent = true,
      batch = { field = "PermissionGroupIdList", max = 20 },
      -- tencentcloud.com/document/product/1047/61233: both tables.
      read = READ, seen = "fields", unread = "the answer rows after ErrorInfo and the error codes",
      request = {
          COMMUNITY,
          { "PermissionGroupIdList", "array", items = "string", required = true, max_items = 20,
            doc = "permission groups to destroy, up to 20" },
      },
      answer = {
          { "PermissionGroupResultList", "array", doc = "one outcome per permission group", fields = {
              { "ErrorCode", "integer", doc = "0 when this one was destroyed" },
              FAILURE,
              { "PermissionGroupId", "string", doc = "the permission group" },
          } },
      },
      example = {
          request = [[{"GroupId":"@TGS#_@TGS#cV6IHIIM62C4","PermissionGroupIdList":["@PMG#_@PMG#cM2",]]
                 .. [["@PMG#_@PMG#cN3"]}]],
          answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"PermissionGroupResultList":[{"ErrorCode":0,]]
                .. [["ErrorInfo":"","PermissionGroupId":"@PMG#_@PMG#cM2"},{"ErrorCode":0,"ErrorInfo":"",]]
                .. [["PermissionGroupId":"@PMG#_@PMG#cN3"}]}]] } },
    { "group", "group_open_http_svc", "modify_permission_group", "modify a permission group's name, bits, data",
      ref = INTL(61234), since = "2024", idempotent = true,
      -- trtc.io/document/61234: the sample (its trailing comma dropped here) and the request table's first rows.
      read = READ, seen = "fields",
      unread = "the request rows after PermissionGroupName, the answer and the error codes",
      request = {
          COMMUNITY,
          PERMISSION_GROUP,
          { "Permission", "integer", doc = "new permission bits" },
          { "PermissionGroupName", "string", doc = "new name" },
          { "CustomString", "string", doc = "new custom data" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cV6IHIIM62C4","PermissionGroupId":"@PMG#_test_permission_group",]]
                         .. [["Permission":123,"PermissionGroupName":"test_modify_group_name",]]
                         .. [["CustomString":"test_modify_custom_string"}]] } },
    -- 1047/61235 "Obtaining Permission Group Information": the command is get_permission_group; the page types
    -- PermissionGroupIdList as String and Next as Integer, while its samples send a list and "".
    { "group", "group_open_http_svc", "get_permission_group", "get a community's permission groups, paged",
      ref = INTL(61235), since = "2024", idempotent = true, page = PAGE_PERMISSION_GROUPS,
      -- tencentcloud.com/document/product/1047/61235 and trtc.io/ja/document/61235: the request table and the
      -- answer sample's first line.
      read = READ, seen = "fields",
      unread = "the members of PermissionGroupInfoList, the rest of the answer and the error codes",
      request = {
          COMMUNITY,
          { "PermissionGroupIdList", "array", items = "string", doc = "permission groups to get (all when absent)" },
          { "Limit", "integer", max = 20, doc = "permission groups per page, at most 20" },
          { "Next", { "string", "integer" }, doc = "\"\" first, then the answer's Next" },
      },
      answer = {
          { "PermissionGroupInfoList", "array", doc = "the permission groups" },
          { "Next", { "string", "integer" }, doc = "where the next page starts" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cV6IHIIM62C4","Limit":20,"Next":""}]] } },
    -- 1047/61236: at most 50 topic permissions per request, results per item in TopicPermissionResultList.
    { "group", "group_open_http_svc", "add_topic_permission_group", "add topic permissions to a permission group",
      ref = INTL(61236), since = "2024", batch = { field = "TopicPermissionList", max = 50 },
      settle = "read them back with get_topic_permission_group; each topic's outcome is in "
            .. "TopicPermissionResultList",
      -- tencentcloud.com/document/product/1047/61236: the request table and the answer sample.
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      request = {
          COMMUNITY,
          PERMISSION_GROUP,
          { "TopicPermissionList", "array", required = true, max_items = 50, doc = "topic permissions, up to 50",
            fields = {
              { "TopicId", "string", required = true, doc = "the topic" },
              { "Permission", "integer", required = true, doc = "topic permission bits" },
          } },
      },
      answer = {
          per_topic("TopicPermissionResultList", "one outcome per topic", "0 when added"),
      },
      example = {
          request = TOPIC_PERMISSION_SAMPLE
                 .. [["TopicPermissionList":[{"Permission":1234,]]
                 .. [["TopicId":"@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cKXPQIIM62CD"}]}]],
          answer = TOPIC_PERMISSION_ANSWER } },
    { "group", "group_open_http_svc", "set_topic_permission_group", "modify topic permissions of a permission group",
      ref = INTL(61237), since = "2024", idempotent = true,
      -- trtc.io/document/61237: the opening and the sample only.
      read = READ, seen = "example", unread = "the field tables, the answer and the error codes",
      request = {
          { "GroupId", "string", doc = "the community" },
          { "PermissionGroupId", "string", doc = "the permission group" },
          { "TopicPermissionList", "array", doc = "the topics' new permissions", fields = {
              TOPIC_PERMISSION,
              TOPIC,
          } },
      },
      example = {
          request = TOPIC_PERMISSION_SAMPLE
                 .. [["TopicPermissionList":[{"Permission":123456,]]
                 .. [["TopicId":"@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cTEJHIIM62CJ"}]}]] } },
    -- 269/103972 (2025-12-15): at most 50 topics per request; per-topic outcomes in TopicPermissionResultList.
    { "group", "group_open_http_svc", "delete_topic_permission_group",
      "delete topic permissions from a permission group", ref = INTL(61238), ref_zh = CN(103972), since = "2024",
      idempotent = true, batch = { field = "TopicIdList", max = 50 },
      -- tencentcloud.com/document/product/1047/61238 (2024-07-16): the opening only. Second pass:
      -- cloud.tencent.com/document/product/269/103972 (docs corpus): the sample, the request table and the sample
      -- answer (its members are typed from the sample).
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      request = {
          COMMUNITY,
          PERMISSION_GROUP,
          { "TopicIdList", "array", items = "string", required = true, max_items = 50,
            doc = "the topics whose permissions are deleted, at most 50" },
      },
      answer = {
          per_topic("TopicPermissionResultList", "one outcome per topic", "0 when deleted"),
      },
      example = {
          request = TOPIC_PERMISSION_SAMPLE
                 .. [["TopicIdList":["@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cKXPQIIM62CD"]}]],
          answer = TOPIC_PERMISSION_ANSWER } },
    -- 1047/61239: without TopicIdList every topic permission of the permission group is returned.
    { "group", "group_open_http_svc", "get_topic_permission_group", "get topic permissions of a permission group",
      ref = INTL(61239), since = "2024", idempotent = true,
      -- tencentcloud.com/document/product/1047/61239: the request table and the answer sample. The table marks
      -- TopicIdList required, but its text and first sample leave it out (then all are returned): not required here.
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      request = {
          COMMUNITY,
          PERMISSION_GROUP,
          { "TopicIdList", "array", items = "string", doc = "topics to read (all when absent)" },
      },
      answer = {
          per_topic("TopicPermissionResultList", "one entry per topic", "0 when found", TOPIC_PERMISSION),
      },
      example = {
          request = TOPIC_PERMISSION_SAMPLE
                 .. [["TopicIdList":["@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cTEJHIIM62CJ"]}]],
          answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"TopicPermissionResultList":[{"ErrorCode":0,]]
                .. [["ErrorInfo":"","TopicId":"@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cKXPQIIM62CD","Permission":1234},]]
                .. [[{"ErrorCode":0,"ErrorInfo":"","TopicId":"@TGS#_@TGS#cV6IHIIM62C4@TOPIC#_@TOPIC#cTEJHIIM62CJ",]]
                .. [["Permission":123456}]}]] } },
    -- 1047/61240: at most 100 members per request; per member Result 0 added, 10013 already a member.
    { "group", "group_open_http_svc", "add_permission_group_member", "add up to 100 members to a permission group",
      ref = INTL(61240), since = "2024", batch = { field = "MemberList", max = 100 },
      settle = "list the members with get_permission_group_member_list before adding again",
      -- tencentcloud.com/jp/document/product/1047/61240 (the English text): the request table and the answer
      -- sample's first item.
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      request = {
          COMMUNITY,
          PERMISSION_GROUP,
          { "MemberList", "array", required = true, max_items = 100, doc = "members to add, up to 100",
            fields = MEMBERS_IN },
      },
      answer = {
          { "MemberList", "array", doc = "one outcome per member", fields = {
              { "Member_Account", "string", doc = "the member" },
              { "Result", "integer", doc = "0 added, 10013 already in the permission group, else an error code" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cAVQXXXXXX","PermissionGroupId":"@PMG#_@PMG#cDR",]]
                         .. [["MemberList":[{"Member_Account":"tommy"},{"Member_Account":"jared"}]}]] } },
    -- 1047/61241: at most 100 members per request; "If the user to be deleted is not in the permission group,
    -- the API still returns success."; by default a deletion notice goes to every group member.
    { "group", "group_open_http_svc", "delete_permission_group_member",
      "remove up to 100 members from a permission group", ref = INTL(61241), ref_zh = CN(103975), since = "2024",
      idempotent = true, batch = { field = "MemberList", max = 100 },
      -- trtc.io/ko/document/61241 (the English page): the opening and the start of the sample. Second pass:
      -- cloud.tencent.com/document/product/269/103975 (2025-12-15, docs corpus): the sample and the request table;
      -- the sample answer was cut after ErrorInfo.
      read = READ, seen = "fields", unread = "the rest of the sample answer, the answer table and the error codes",
      request = {
          COMMUNITY,
          PERMISSION_GROUP,
          { "MemberList", "array", required = true, max_items = 100, doc = "members to remove, up to 100",
            fields = MEMBERS_IN },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cQVLVHIM62CJ","PermissionGroupId":"@PMG#_@PMG#cDR",]]
                         .. [["MemberList":[{"Member_Account":"tommy"},{"Member_Account":"jared"}]}]] } },
    { "group", "group_open_http_svc", "get_permission_group_member_list", "list a permission group's members",
      ref = INTL(61242), ref_zh = CN(103976), since = "2024", idempotent = true, page = PAGE_PERMISSION_MEMBERS,
      -- tencentcloud.website/document/product/1047/61242 (the page without its menu): the samples and the paging
      -- text (Limit, Next "" first, the answer's Next until it is ""; the answer carries MemberList and Next).
      -- Second pass: cloud.tencent.com/document/product/269/103976 (2025-12-15): Limit at most 50; cut in the
      -- paging sample.
      read = READ, seen = "example", unread = "the field tables, the last sample and the error codes",
      request = {
          COMMUNITY_SAMPLE,
          { "PermissionGroupId", "string", doc = "the permission group (required)" },
          { "Limit", "integer", max = 50, doc = "members per page, at most 50" },
          { "Next", "string", doc = "\"\" first, then the answer's Next" },
      },
      example = { request = [[{"GroupId":"@TGS#_@TGS#cAVQXXXXXX","PermissionGroupId":"@PMG#_@PMG#cDR","Limit":50,]]
                         .. [["Next":""}]] } },
}

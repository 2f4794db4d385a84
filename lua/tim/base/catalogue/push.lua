-- tim.base.catalogue.push: All-member / tag push (legacy all_member_push, then the Push plugin's timpush)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, FLAGSHIP = C.CN, C.INTL, C.TRTC, C.FLAGSHIP

local READ = "2026-12-07"

-- The attribute and tag pages (legacy 1047/37169-37175, Push plugin 1047/60564-60570): at most 100 users a call.
local function user_list(doc)
    return { { "To_Account", "array", required = true, items = "string", max_items = 100, doc = doc } }
end
local function user_attrs(doc)
    return { { "UserAttrs", "array", required = true, max_items = 100, doc = doc, fields = {
        { "To_Account", "string", required = true, doc = "the user" },
        { "Attrs", "object", required = true, open = true,
          doc = "attribute name -> value (values up to 50 bytes)" },
    } } }
end
local function user_attr_names(doc)
    return { { "UserAttrs", "array", required = true, max_items = 100, doc = doc, fields = {
        { "To_Account", "string", required = true, doc = "the user" },
        { "Attrs", "array", required = true, items = "string", doc = "the attribute names to remove" },
    } } }
end
-- add_tag (1047/37173, 60568): at most 10 tags per user in one request, each up to 50 bytes
local function user_tags(doc, per_user)
    return { { "UserTags", "array", required = true, max_items = 100, doc = doc, fields = {
        { "To_Account", "string", required = true, doc = "the user" },
        { "Tags", "array", required = true, items = "string", max_items = per_user, max_bytes = 50,
          doc = "the tags" },
    } } }
end
local ATTRS_ANSWER = {
    { "UserAttrs", "array", doc = "the attributes per user", fields = {
        { "To_Account", "string", doc = "the user" },
        { "Attrs", "object", open = true, doc = "attribute name -> value" },
    } },
}
local TAGS_ANSWER = {
    { "UserTags", "array", doc = "the tags per user", fields = {
        { "To_Account", "string", doc = "the user" },
        { "Tags", "array", items = "string", doc = "the user's tags" },
    } },
}
local OK_ANSWER = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]]
-- Samples several pages print alike: the tag pages' request (1047/37173, 37174, 60569) and the attribute pages'
-- (1047/37170, 60565).
local TAGS_EXAMPLE = { request = [[{"UserTags":[{"To_Account":"xiaojun012","Tags":["a","b"]},{"To_Account":]]
                                  .. [["xiaojun013","Tags":["a","b"]}]}]], answer = OK_ANSWER }
local ATTRS_EXAMPLE = { request = [[{"UserAttrs":[{"To_Account":"xiaojun012","Attrs":{"sex":"attr1",]]
                                   .. [["city":"attr2"}},{"To_Account":"xiaojun013","Attrs":{"city":"attr3",]]
                                   .. [["sex":"attr4"}}]}]], answer = OK_ANSWER }
-- How to settle a push (im_push, webpush) and a batch push (batch, webbatch), and their answer.
local SETTLE_PUSH = "keep the TaskId of each answer; with none, do not push again: a lost push is cheaper than a "
    .. "duplicate"
local SETTLE_BATCH = "keep the TaskId of each answer; a copy resent within the same second with the same MsgRandom "
    .. "is discarded, later ones are new pushes"
local TASK_ANSWER = { { "TaskId", "string", doc = "the push task's ID" } }
-- Web Push (trtc.io 80440, 80441): the regions its domain tables list
local WEB_REGIONS = { "sgp", "kr", "jpn", "ger", "usa", "idn", "ksa" }
-- WebInfo's members both Web Push samples show
local WEB_TITLE = { "Title", "string", doc = "notification title" }
local WEB_DESC = { "Desc", "string", doc = "notification text" }
local WEB_URL = { "URL", "string", doc = "the page a click opens" }
-- The Push plugin's per-user calls may succeed for some users only (269/100637, 100640, 100643): ErrorList.
local ERROR_LIST = { "ErrorList", "array", doc = "the users that failed (partial success)", fields = {
    { "To_Account", "string", doc = "the user (UserID or RegistrationID)" },
    { "ErrorCode", "integer", doc = "why (the samples: 70107, no such account)" },
    { "ErrorInfo", "string", doc = "the error's description (may be empty)" },
} }
local function with_errors(tree)
    local t = {}
    for i, f in ipairs(tree) do t[i] = f end
    t[#t + 1] = ERROR_LIST
    return t
end

-- The push condition of im_push / timpush/push, from the samples (its table was not readable): tags and
-- attributes; open for the members the samples do not show. webpush's samples show the two tag lists.
local TAGS_AND = { "TagsAnd", "array", items = "string", doc = "users with all of these tags" }
local TAGS_OR = { "TagsOr", "array", items = "string", doc = "users with any of these tags" }
local function condition(with_not)
    local fields = { TAGS_AND, TAGS_OR }
    if with_not then fields[#fields + 1] = { "TagsNot", "array", items = "string", doc = "excluding these tags" } end
    fields[#fields + 1] = { "AttrsAnd", "object", open = true, doc = "users with all of these attribute values" }
    return { "Condition", "object", open = true, doc = "whom to push to (absent: all users)", fields = fields }
end

-- The trace pages (1047/71893, 71896): one delivery step's outcome.
local STAT = {
    { "PushStatus", "integer", doc = "the step's status" },
    { "ErrorCode", "integer", doc = "0 on success" },
    { "ErrorInfo", "string", doc = "the error's description" },
    { "EventTime", "string", doc = "when, as yyyy-mm-dd hh:mm:ss" },
}
-- the statistics pages' window (1047/71894, 71897)
local START_TIME = { "StartTime", "integer", required = true, doc = "window start, unix seconds" }
local END_TIME = { "EndTime", "integer", required = true, doc = "window end, unix seconds (30 days at most)" }
local function stat_field(name, doc) return { name, "object", doc = doc, fields = STAT } end
local INSTANCE_TRACE = {
    { "InstanceTrace", "array", doc = "one delivery per device instance", fields = {
        { "InstanceId", "string", doc = "the device instance" },
        { "PushTime", "string", doc = "when it was pushed" },
        { "DeviceModel", "string", doc = "device model" },
        { "System", "string", doc = "system or channel" },
        { "SystemVersion", "string", doc = "system version" },
        { "EventType", "integer", doc = "event type" },
        { "PushPlatform", "integer", doc = "push channel" },
        { "Token", "string", doc = "device token" },
        { "CertId", "string", doc = "certificate ID" },
        { "SdkVersion", "string", doc = "Chat SDK version" },
        { "PushVersion", "string", doc = "Push SDK version" },
        { "NotificationStatus", "integer", doc = "notification permission" },
        { "last_active_terminal", "integer", doc = "the last active terminal (this spelling on the page)" },
        { "IMCommitStat", "object", doc = "the Chat commit step", fields = { stat_field("IMStat", "its outcome") } },
        { "OfflinePushStat", "object", doc = "the offline push steps", fields = {
            stat_field("OfflineStat", "offline push"),
            stat_field("ChannelStat", "vendor channel"),
            stat_field("DeviceStat", "device delivery"),
            stat_field("ClickStat", "click"),
        } },
        { "OnlinePushStat", "object", open = true, doc = "the online push steps (members not read)" },
    } },
}
-- The statistics pages (1047/71894, 71897): counts, overall and per push channel.
local function with_counts(head, platform_head)
    local t = {}
    for _, f in ipairs(head) do t[#t + 1] = f end
    t[#t + 1] = { "TotalCount", "integer", doc = "pushes that could be sent" }
    t[#t + 1] = { "SentCount", "integer", doc = "pushes sent" }
    t[#t + 1] = { "DeliveredCount", "integer", doc = "pushes delivered" }
    t[#t + 1] = { "ClickCount", "integer", doc = "pushes clicked" }
    if platform_head then
        t[#t + 1] = { "PlatformStatistics", "array", doc = "the counts per push channel",
                      fields = with_counts(platform_head) }
    end
    return t
end

return {
    -- trtc.io/document/37165: the legacy all-member push needs the Flagship edition.
    -- Its own page is 1047/37166 (trtc.io/document/37166; tencentcloud.com/jp|ko/document/product/1047/37166 and
    -- the Chinese tencentcloud.com/zh copy reach the samples): 100 calls a day, more than 1 s apart.
    { "push", "all_member_push", "im_push", "push to all users, by attribute or by tag", ref = TRTC(37165),
      rate = "push", requires = FLAGSHIP,
      settle = SETTLE_PUSH,
      read = READ, seen = "example", unread = "the request and answer field tables, the answer sample, the codes",
      request = {
          { "From_Account", "string", doc = "the sender shown (the admin when absent)" },
          { "MsgRandom", "integer", doc = "32-bit random number" },
          { "MsgLifeTime", "integer", doc = "offline storage time in seconds; 0 pushes to online users only" },
          condition(false),
          { "MsgBody", "MsgBody" },
          { "OfflinePushInfo", "OfflinePushInfo" },
      },
      example = { request = [[{"From_Account":"xiaoming","MsgRandom":3674128,"MsgLifeTime":120,"MsgBody":]]
                         .. [[[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],"OfflinePushInfo":]]
                         .. [[{"PushFlag":0,"Desc":"Content to push offline","Ext":"Passthrough content",]]
                         .. [["AndroidInfo":{"Sound":"android.mp3"},"ApnsInfo":{"Sound":"apns.mp3","BadgeMode":1,]]
                         .. [["Title":"apns title","SubTitle":"apns subtitle","Image":"www.image.com"}}}]] } },
    -- 1047/37167 (trtc.io/document/37167; tencentcloud.com/document/product/1047/37167 to the codes): 100/s,
    -- slots "0".."9", names up to 50 bytes.
    { "push", "all_member_push", "im_set_attr_name", "set the app's attribute names", ref = INTL(37167),
      rate = "push_attr", idempotent = true,
      read = READ, seen = "fields",
      request = {
          { "AttrNames", "object", open = true, doc = "slot \"0\"..\"9\" -> attribute name (up to 50 bytes)" },
      },
      answer = {},
      codes = { 90001, 90009, 91000 },
      example = { request = [[{"AttrNames":{"0":"sex","1":"city","2":"country"}}]], answer = OK_ANSWER } },
    -- 1047/37168 (trtc.io/document/37168): 100/s, no request fields.
    -- tencentcloud.com/zh 1047/37168 and the 269 page's copy cloud.tencent.com/document/product/1214/45936
    -- (2024-07-09), in the docs index: whole, with the error codes.
    { "push", "all_member_push", "im_get_attr_name", "get the app's attribute names", ref = INTL(37168),
      rate = "push_attr", idempotent = true,
      read = READ, seen = "fields",
      codes = { 90001, 90009, 90018, 91000 }, invalid = 90001,
      request = {},
      answer = { { "AttrNames", "object", open = true, doc = "slot -> attribute name" } },
      example = { request = [[{}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"AttrNames":{"0":"sex",]]
                        .. [["1":"city","2":"Membership level"}}]] } },
    -- 1047/37169 (trtc.io/document/37169): 100/s, at most 100 users.
    -- cloud.tencent.com/document/product/1212/45937 and 1214/45937 (copies of the 269 page, 2024-07-09): whole.
    { "push", "all_member_push", "im_get_attr", "get users' attributes", ref = INTL(37169), rate = "push_attr",
      idempotent = true, batch = { field = "To_Account", max = 100 },
      read = READ, seen = "fields",
      codes = { 90001, 90018, 91000 }, invalid = 90001,
      request = user_list("the users (up to 100)"),
      answer = ATTRS_ANSWER,
      example = { request = [[{"To_Account":["Zhang Xiaohong","Chen Xiaoming","abc"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"UserAttrs":[{"To_Account":]]
                        .. [["Zhang Xiaohong","Attrs":{"sex":"Female","city":"New York"}},{"To_Account":"abc",]]
                        .. [["Attrs":{}},{"To_Account":"Chen Xiaoming","Attrs":{"sex":"M","city":"Shenzhen"}}]}]] } },
    -- 1047/37170 (trtc.io/ko/document/37170): 100/s, at most 100 users, values up to 50 bytes.
    -- cloud.tencent.com/document/product/1212/45938 (a copy of the 269 page): whole (90033: invalid attribute).
    { "push", "all_member_push", "im_set_attr", "set users' attributes", ref = INTL(37170), rate = "push_attr",
      idempotent = true, batch = { field = "UserAttrs", max = 100 },
      read = READ, seen = "fields",
      codes = { 90001, 90009, 90018, 90033, 91000 }, invalid = 90001,
      request = user_attrs("the users and their attributes (up to 100)"),
      answer = {},
      example = ATTRS_EXAMPLE },
    -- 1047/37171 (trtc.io/ko/document/37171; tencentcloud.com/document/product/1047/37171 to the codes): 100/s,
    -- at most 100 users.
    { "push", "all_member_push", "im_remove_attr", "remove users' attributes", ref = INTL(37171),
      rate = "push_attr", idempotent = true, batch = { field = "UserAttrs", max = 100 },
      read = READ, seen = "fields",
      request = user_attr_names("the users and the attribute names to remove (up to 100)"),
      answer = {},
      codes = { 90001, 90009, 90018, 90033, 91000 },
      example = { request = [[{"UserAttrs":[{"To_Account":"xiaojun013","Attrs":["sex","city"]},]]
                         .. [[{"To_Account":"xiaojun012","Attrs":["sex","city"]}]}]],
                  answer = OK_ANSWER } },
    -- 1047/37172 (trtc.io/document/37172): 100/s, at most 100 users.
    { "push", "all_member_push", "im_get_tag", "get users' tags", ref = INTL(37172), rate = "push_attr",
      idempotent = true, batch = { field = "To_Account", max = 100 },
      read = READ, seen = "fields", unread = "the error code table",
      request = user_list("the users (up to 100)"),
      answer = TAGS_ANSWER,
      example = { request = [[{"To_Account":["xiaojun012","xiaojun013"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"UserTags":[{"To_Account":]]
                        .. [["xiaojun012","Tags":["a","b"]},{"To_Account":"xiaojun013","Tags":["a","c"]}]}]] } },
    -- 1047/37173 (intl.cloud.tencent.com/document/product/1047/37173, 2021-09-28): 100/s, at most 100 users,
    -- 10 tags per user per request, 100 tags per user, 50 bytes per tag.
    -- tencentcloud.com/zh 1047/37173 and cloud.tencent.com/document/product/1212/45941 (a copy of the 269 page),
    -- in the docs index: whole; Tags is typed Array there (Object in the 2021 copy).
    { "push", "all_member_push", "im_add_tag", "add tags to users", ref = INTL(37173), rate = "push_attr",
      idempotent = true, batch = { field = "UserTags", max = 100 },
      read = READ, seen = "fields",
      codes = { 90001, 90009, 90018, 91000 }, invalid = 90001,
      note = "at most 100 tags per user (delete old ones first)",
      request = user_tags("the users and the tags to add (up to 100)", 10),
      answer = {},
      example = TAGS_EXAMPLE },
    -- 1047/37174 (trtc.io/document/37174): 100/s, at most 100 users.
    { "push", "all_member_push", "im_remove_tag", "remove tags from users", ref = INTL(37174),
      rate = "push_attr", idempotent = true, batch = { field = "UserTags", max = 100 },
      read = READ, seen = "fields", unread = "the error code table",
      request = user_tags("the users and the tags to remove (up to 100)"),
      answer = {},
      example = TAGS_EXAMPLE },
    -- 1047/37175 (trtc.io/document/37175): 100/s, at most 100 users.
    { "push", "all_member_push", "im_remove_all_tags", "remove all tags of users", ref = INTL(37175),
      rate = "push_attr", idempotent = true, batch = { field = "To_Account", max = 100 },
      read = READ, seen = "fields", unread = "the error code table",
      request = user_list("the users (up to 100)"),
      answer = {},
      example = { request = [[{"To_Account":["xiaojun012","xiaojun013"]}]], answer = OK_ANSWER } },
    -- 1047/60561: 100 calls/day by default, more than 1 s apart. 269/45933 (2025-11-03) says the same (each extra
    -- call a day is paid).
    -- www.tencentcloud.com/document/product/1047/60561 (the Push plugin samples) and tencentcloud.com/document/
    -- product/1047/60561 (an older copy: OnlineOnlyFlag, MsgBody): samples only. Second pass (docs index):
    -- cloud.tencent.com 269/45933 and tencentcloud.com 1047/67814 (2025-10-23) open with the OnlineOnlyFlag/MsgBody
    -- sample (OnlineOnlyFlag 0 keeps roaming and unread, pushed at 200 users/s; 1 keeps neither); no field table.
    { "push", "timpush", "push", "push to all users, by attribute or by tag (Push plugin)", ref = INTL(60561),
      ref_zh = CN(45933), rate = "push", fill = { "MsgRandom" },
      settle = "look the task up with all_member_push_statistics before pushing again; a wrong push can be "
            .. "withdrawn with timpush/revoke within 24 h",
      read = READ, seen = "example",
      unread = "the request and answer field tables, the answer sample, the codes",
      differs = "the English copy of 1047/60561 (2025-10-27) samples carry no MsgBody or OnlineOnlyFlag (offline "
             .. "push only); 1047/67814 (2025-10-23), an older copy of 60561 and the China page 269/45933 "
             .. "(2025-11-03) send MsgBody with OnlineOnlyFlag 0/1; the tree takes both",
      request = {
          { "From_Account", "string", doc = "the sender shown" },
          { "MsgRandom", "integer", doc = "32-bit random number" },
          { "OnlineOnlyFlag", "integer", enum = { 0, 1 }, doc = "1: no roaming, unread or conversation (older copy)" },
          condition(true),
          { "MsgBody", "MsgBody" },
          { "OfflinePushInfo", "OfflinePushInfo" },
      },
      example = { request = [[{"From_Account":"administrator","MsgRandom":389475,"Condition":{"AttrsAnd":]]
                         .. [[{"Membership Level":"Ultra-Platinum Member","city":" Shenzhen "}},"OfflinePushInfo":]]
                         .. [[{"PushFlag":0,"Title":"Offline Push Title","Desc":"Offline Push Content"}}]] } },
    -- 1047/67553: 30 calls/s; To_Account 1..500 (UserIDs or RegistrationIDs); "Backend uses message
    -- deduplication within the same second" for MsgRandom: too short a window to make a resend safe.
    -- www.tencentcloud.com/document/product/1047/67553 (compact copy): request and answer tables, samples.
    -- trtc.io/document/67553?product=chat: "free edition 10 times/s, standard 30, advanced 40".
    { "push", "timpush", "batch", "push to 1-500 given users (Push plugin)", ref = INTL(67553),
      rate = "push_batch", batch = { field = "To_Account", max = 500 }, fill = { "MsgRandom" },
      settle = SETTLE_BATCH,
      note = "MsgRandom dedup lasts one second only; the newest page gives 10/s (free), 30/s (standard), "
          .. "40/s (advanced)",
      read = READ, seen = "fields", unread = "the error code table past 90045",
      request = {
          { "From_Account", "string", required = true, doc = "the sender (UserID or RegistrationID)" },
          { "To_Account", "array", required = true, items = "string", min_items = 1, max_items = 500,
            doc = "the recipients (UserIDs or RegistrationIDs)" },
          { "MsgRandom", "integer", required = true, min = 0, max = 4294967295, doc = "32-bit random number" },
          { "OfflinePushInfo", "OfflinePushInfo", required = true },
          { "DataId", "string", max_bytes = 64, doc = "caller's ID, passed to the push callbacks" },
      },
      answer = TASK_ANSWER,
      example = { request = [[{"From_Account":"administrator","To_Account":["user1","user2"],"MsgRandom":3674128,]]
                         .. [["OfflinePushInfo":{"PushFlag":0,"Title":"Offline Push Title",]]
                         .. [["Desc":"Offline Push Content"}}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                        .. [["TaskId":"batch_667015d4_537529d8_2000005e80aa873_d03ac87_56f5e750"}]] } },
    -- 1047/60563: 100/s, attribute names 0..9, at most 50 bytes each.
    -- trtc.io/document/60563 and trtc.io/ja/document/60563 (newer: AttrTypes, an attribute's account type that
    -- cannot be changed later).
    { "push", "timpush", "set_attr_name", "set the app's attribute names", ref = INTL(60563),
      rate = "push_attr", idempotent = true,
      read = READ, seen = "fields", unread = "the AttrTypes table past its first row; the error code table",
      request = {
          { "AttrNames", "object", open = true, doc = "slot \"0\"..\"9\" -> attribute name (up to 50 bytes)" },
          { "AttrTypes", "object", open = true,
            doc = "slot -> account type (0 UserID, 1 RegistrationID); fixed once set" },
      },
      answer = {},
      example = { request = [[{"AttrNames":{"0":"sex","1":"city","2":"country"},"AttrTypes":{"0":0,"1":0,"2":0}}]],
                  answer = OK_ANSWER } },
    -- trtc.io/ko/document/60562 (English) and trtc.io/zh/document/67815 (Chinese): 100/s, no request fields.
    -- trtc.io/zh/document/67815 and cloud.tencent.com 269/100635 (2025-10-28), in the docs index: whole.
    { "push", "timpush", "get_attr_name", "get the app's attribute names", ref = TRTC(60562),
      ref_zh = "https://trtc.io/zh/document/67815", rate = "push_attr", idempotent = true,
      read = READ, seen = "fields",
      codes = { 90001, 90009, 90018, 91000 }, invalid = 90001,
      differs = "the Chinese page answers AttrTypes (slot -> account type) besides AttrNames; the English page "
             .. "shows AttrNames only; the tree has both",
      request = {},
      answer = {
          { "AttrNames", "object", open = true, doc = "slot -> attribute name" },
          { "AttrTypes", "object", open = true, doc = "slot -> account type (Chinese page)" },
      },
      example = { request = [[{}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"AttrNames":{"0":"sex",]]
                        .. [["1":"city","2":"level"}}]] } },
    -- trtc.io/ko/document/60565 (newer: partial success answers ErrorList) and trtc.io/document/60565: 100/s,
    -- at most 100 users, values up to 50 bytes.
    { "push", "timpush", "set_attr", "set users' attributes", ref = INTL(60565), rate = "push_attr",
      idempotent = true, batch = { field = "UserAttrs", max = 100 },
      read = READ, seen = "fields", unread = "the answer table and ErrorList's members past To_Account; the codes",
      request = user_attrs("the users and their attributes (up to 100)"),
      answer = {
          { "ErrorList", "array", doc = "the users that failed (partial success)", fields = {
              { "ErrorCode", "integer", doc = "why, e.g. 90035 (an attribute serves one account type)" },
              { "To_Account", "string", doc = "the user" },
          } },
      },
      example = ATTRS_EXAMPLE },
    -- trtc.io/ja/document/60564 and www.tencentcloud.com/document/product/1047/60564: 100/s, at most 100 users.
    -- cloud.tencent.com 269/100637 (2025-07-08) and trtc.io/zh/document/67817, in the docs index: the tables (users
    -- by UserID or RegistrationID; a partial success answers ErrorList); cut at the error code table.
    { "push", "timpush", "get_attr", "get users' attributes", rate = "push_attr", idempotent = true,
      ref = INTL(60564), ref_zh = CN(100637), batch = { field = "To_Account", max = 100 },
      read = READ, seen = "fields", unread = "the error code table",
      request = user_list("the users (UserIDs or RegistrationIDs, up to 100)"),
      answer = with_errors(ATTRS_ANSWER),
      example = { request = [[{"To_Account":["Mary","xiaoming","xiaohua"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"UserAttrs":[{"To_Account":]]
                        .. [["Mary","Attrs":{"sex":"female","city":"NewYork"}},{"To_Account":"xiaoming","Attrs":]]
                        .. [[{"sex":"male","city":"ShenZhen"}},{"To_Account":"xiaohua","Attrs":{}}]}]] } },
    -- trtc.io/document/60566 and www.tencentcloud.com/document/product/1047/67819: 100/s, at most 100 users.
    { "push", "timpush", "remove_attr", "remove users' attributes", rate = "push_attr", idempotent = true,
      ref = INTL(60566), batch = { field = "UserAttrs", max = 100 },
      read = READ, seen = "fields", unread = "the error code table",
      request = user_attr_names("the users and the attribute names to remove (up to 100)"),
      answer = {},
      example = { request = [[{"UserAttrs":[{"To_Account":"Mary","Attrs":["sex","city"]},{"To_Account":]]
                         .. [["xiaoming","Attrs":["sex","city"]}]}]],
                  answer = OK_ANSWER } },
    -- trtc.io/document/60568: 100/s; at most 100 users and 10 tags per user a request, 100 tags per user,
    -- 1,000 distinct tags per app, 50 bytes per tag.
    -- trtc.io/zh/document/67821 (docs index): the request tables, with Replace (1 overwrites the user's tags; then
    -- up to 100 tags per user in one request, else 10); cut at the answer samples.
    { "push", "timpush", "add_tag", "add tags to users", rate = "push_attr", idempotent = true,
      ref = INTL(60568), ref_zh = "https://trtc.io/zh/document/67821", batch = { field = "UserTags", max = 100 },
      note = "at most 100 tags per user and 1,000 distinct tags per app; Replace = 1 overwrites a user's tags",
      read = READ, seen = "fields", unread = "the answer samples and table (a partial success may answer ErrorList), "
          .. "the error code table",
      differs = "Replace is on the Chinese copy (trtc.io/zh/document/67821) only; the English page 1047/60568 has "
          .. "no Replace and allows 10 tags per user a request",
      request = {
          { "Replace", "integer", enum = { 0, 1 }, doc = "0 adds to the user's tags (default), 1 replaces them all" },
          { "UserTags", "array", required = true, max_items = 100, doc = "the users and the tags to add (up to 100)",
            fields = {
                { "To_Account", "string", required = true, doc = "the user (UserID or RegistrationID)" },
                { "Tags", "array", required = true, items = "string", max_items = 100, max_bytes = 50,
                  doc = "the tags, up to 50 bytes each: at most 10 (Replace 0) or 100 (Replace 1)" },
            } },
      },
      answer = {},
      example = { request = [[{"UserTags":[{"To_Account":"xiaoming","Tags":["GoldMember","WeekPassUser"]},]]
                         .. [[{"To_Account":"xiaohong","Tags":["PlatinumMember","MonthPassUser"]}]}]],
                  answer = OK_ANSWER } },
    -- trtc.io/document/60567: 100/s, "You can only retrieve tags for a maximum of 100 users at a time".
    -- cloud.tencent.com 269/100640 (docs index): the tables (a partial success answers ErrorList); cut inside them.
    { "push", "timpush", "get_tag", "get users' tags", rate = "push_attr", idempotent = true,
      ref = INTL(60567), ref_zh = CN(100640), batch = { field = "To_Account", max = 100 },
      read = READ, seen = "fields", unread = "ErrorList's last rows, the error code table",
      request = user_list("the users (UserIDs or RegistrationIDs, up to 100)"),
      answer = with_errors(TAGS_ANSWER),
      example = { request = [[{"To_Account":["xiaoming","xiaohong"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"UserTags":[{"To_Account":]]
                        .. [["xiaoming","Tags":["GoldMember","WeekPassUser"]},{"To_Account":"xiaohong","Tags":]]
                        .. [[["PlatinumMember","MonthPassUser"]}]}]] } },
    -- tencentcloud.com/document/product/1047/60569: 100/s, at most 100 users.
    { "push", "timpush", "remove_tag", "remove tags from users", rate = "push_attr", idempotent = true,
      ref = INTL(60569), batch = { field = "UserTags", max = 100 },
      read = READ, seen = "fields", unread = "the error code table",
      request = user_tags("the users and the tags to remove (up to 100)"),
      answer = {},
      example = TAGS_EXAMPLE },
    -- trtc.io/ja/document/60570: 100/s, at most 100 users.
    -- cloud.tencent.com 269/100643 (docs index): the tables (a partial success answers ErrorList) and the first
    -- error code.
    { "push", "timpush", "clear_all_tags", "remove all tags of users (at most 100 users per call)",
      rate = "push_attr", idempotent = true, ref = INTL(60570), ref_zh = CN(100643),
      batch = { field = "To_Account", max = 100 },
      read = READ, seen = "fields", unread = "the error code table past 90018",
      differs = "the China page 269/100643 (table and sample) and the newer English copy trtc.io/document/67823 "
          .. "(sample) answer ErrorList on a partial success; 1047/60570 (2024-12-30) shows none; the answer tree "
          .. "has it (answer members only feed the drift report)",
      request = user_list("the users (UserIDs or RegistrationIDs, up to 100)"),
      answer = { ERROR_LIST },
      example = { request = [[{"To_Account":["xiaojun012","xiaojun013"]}]], answer = OK_ANSWER } },
    -- 269/105123 (2025-12): 1 call/s, within 24 h of the push; a second withdrawal answers 90050 (1047/74196).
    -- tencentcloud.com/document/product/1047/60571 (two copies): request and answer tables, the error codes.
    { "push", "timpush", "revoke", "withdraw a push sent in the last 24 hours", ref = CN(105123),
      rate = "push_revoke", idempotent = true, done_codes = { 90050 },
      read = READ, seen = "fields",
      differs = "one English copy marks OfflinePushInfo Required, the other optional (needed when the push saved "
             .. "roaming/unread messages); no dates seen; the record leaves it optional",
      request = {
          { "TaskId", "string", required = true, doc = "the push task, sent within 24 hours" },
          { "OfflinePushInfo", "OfflinePushInfo" },
      },
      answer = {},
      codes = { 90001, 90009, 90049, 90050, 90051 },
      example = { request = [[{"TaskId":"660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e","OfflinePushInfo":]]
                         .. [[{"Title":"recall title","Desc":"The other party has recalled a message."}}]],
                  answer = OK_ANSWER } },
    -- 1047/71893: 1/s, data of the last 7 days.
    -- www.tencentcloud.com/document/product/1047/71893 (compact copy): request table, the sample answer up to
    -- OnlinePushStat.
    { "push", "timpush", "all_member_push_trace", "trace one user's delivery of an all-member/tag push",
      ref = INTL(71893), rate = "push_stats", since = "2025", idempotent = true,
      note = "data of the last 7 days",
      read = READ, seen = "fields",
      unread = "the answer table; the sample answer past OnlinePushStat; the error codes",
      request = {
          { "TaskID", "string", required = true, doc = "the push task" },
          { "UserID", "string", required = true, doc = "the recipient" },
      },
      answer = INSTANCE_TRACE,
      example = { request = [[{"TaskID":"xxx-yyy-zzz","UserID":"xyz"}]] } },
    -- 1047/71894: 1/s, at most 5 TaskIDs, 30 days of data.
    -- intl.cloud.tencent.com/document/product/1047/71894 (compact copy): request table, sample answer.
    { "push", "timpush", "all_member_push_statistics", "statistics of all-member/tag pushes",
      ref = INTL(71894), rate = "push_stats", since = "2025", idempotent = true,
      batch = { field = "TaskID", max = 5 }, note = "StartTime..EndTime within 30 days",
      read = READ, seen = "fields", unread = "the answer table; the error codes",
      request = {
          START_TIME,
          END_TIME,
          -- the table says Required, and also "Leave blank for overall statistics": not enforced here
          { "TaskID", "array", items = "string", max_items = 5, doc = "up to 5 tasks; none for overall statistics" },
      },
      answer = {
          { "Results", "array", doc = "the statistics per task", fields = with_counts({
              { "TaskID", "string", doc = "the task" },
          }, {
              { "EventType", "integer", doc = "event type" },
              { "PushPlatform", "integer", doc = "push channel" },
          }) },
      },
      example = { request = [[{"StartTime":1741104000,"EndTime":1741795200,"TaskID":["xxx-yyy-zzz","aaa-bbb-ccc"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"sucess","Results":[{"TaskID":]]
                        .. [["xxx-yyy-zzz","TotalCount":2670,"SentCount":2213,"DeliveredCount":532,"ClickCount":206,]]
                        .. [["PlatformStatistics":[{"EventType":1,"PushPlatform":1,"TotalCount":532,"SentCount":391,]]
                        .. [["DeliveredCount":0,"ClickCount":27}]},{"TaskID":"aaa-bbb-ccc","TotalCount":2941,]]
                        .. [["SentCount":2430,"DeliveredCount":546,"ClickCount":300,"PlatformStatistics":]]
                        .. [[[{"EventType":1,"PushPlatform":2,"TotalCount":266,"SentCount":236,]]
                        .. [["DeliveredCount":162,"ClickCount":24}]}]}]] } },
    -- 1047/71896: 1/s, data of the last 7 days.
    -- www.tencentcloud.com/document/product/1047/71896 (compact copy): request table, sample answer.
    { "push", "timpush", "normal_push_trace", "trace the offline push of a chat message (by PushID)",
      ref = INTL(71896), rate = "push_stats", since = "2025", idempotent = true,
      note = "data of the last 7 days",
      read = READ, seen = "fields", unread = "the answer table past ErrorInfo; the error codes",
      request = {
          { "PushID", "string", required = true, doc = "the MsgID of the pushed message" },
      },
      answer = INSTANCE_TRACE,
      example = { request = [[{"PushID":"xxx-yyy-zzz"}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"sucess","InstanceTrace":]]
                        .. [[[{"InstanceId":"101205908","PushTime":"2025-03-07 10:04:47","DeviceModel":"",]]
                        .. [["System":"APNS","SystemVersion":"","PushPlatform":1,"Token":"","CertId":"0",]]
                        .. [["SdkVersion":"","PushVersion":"","NotificationStatus":0,"last_active_terminal":1,]]
                        .. [["IMCommitStat":{"IMStat":{"PushStatus":1,"ErrorCode":0,"ErrorInfo":"success",]]
                        .. [["EventTime":"2025-03-07 10:04:47"}},"OfflinePushStat":{"OfflineStat":{"PushStatus":1,]]
                        .. [["ErrorCode":0,"ErrorInfo":"success","EventTime":"2025-03-13 16:16:29"},"ChannelStat":]]
                        .. [[{"PushStatus":1,"ErrorCode":0,"ErrorInfo":"success","EventTime":"2025-03-13 16:16:29"},]]
                        .. [["DeviceStat":{"PushStatus":1,"ErrorCode":0,"ErrorInfo":"success",]]
                        .. [["EventTime":"2025-03-13 16:16:29"},"ClickStat":{"PushStatus":1,"ErrorCode":0,]]
                        .. [["ErrorInfo":"success","EventTime":"2025-03-13 16:16:29"}}}]}]] } },
    -- 1047/71897: 1/s, 30 days of data.
    -- intl.cloud.tencent.com/document/product/1047/71897 (compact copy): request table, sample answer, answer
    -- table to PlatformStatistics.
    { "push", "timpush", "normal_push_statistics", "statistics of chat-message offline pushes",
      ref = INTL(71897), rate = "push_stats", since = "2025", idempotent = true,
      note = "StartTime..EndTime within 30 days",
      read = READ, seen = "fields", unread = "the answer table past PlatformStatistics.PushPlatform; the codes",
      request = {
          START_TIME,
          END_TIME,
      },
      answer = with_counts({}, { { "PushPlatform", "integer", doc = "push channel" } }),
      example = { request = [[{"StartTime":1741104000,"EndTime":1741795200}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"sucess","TotalCount":933478,]]
                        .. [["SentCount":637076,"DeliveredCount":7616,"ClickCount":421,"PlatformStatistics":]]
                        .. [[[{"PushPlatform":8,"TotalCount":293,"SentCount":0,"DeliveredCount":0,]]
                        .. [["ClickCount":0}]}]] } },
    -- Web Push (trtc.io/document/80440 and 80441; the Chinese copies trtc.io/zh/document/80440, 80441, read in the
    -- docs index): served from Singapore, Seoul, Tokyo, Frankfurt, Silicon Valley, Jakarta and Riyadh (the pages'
    -- domain tables name no China or India domain).
    -- 80440: trial edition 10 calls/day, standard edition 100 calls/day, calls at least 1 s apart (the push class).
    { "push", "timpush", "webpush", "push to all web users or by tag (Web Push)", ref = TRTC(80440),
      ref_zh = "https://trtc.io/zh/document/80440", rate = "push", fill = { "MsgRandom" },
      regions = WEB_REGIONS,
      settle = SETTLE_PUSH,
      note = "trial edition 10 calls/day, standard edition 100 calls/day, at least 1 s apart",
      -- trtc.io/zh/document/80440 (docs index): the opening, the limits and the samples (all users; by tags with
      -- TagsAnd; TagsOr, cut); the field tables lie beyond what the copy shows. trtc.io/ja/document/80440: the
      -- opening only. The tree is the samples'.
      read = READ, seen = "example",
      unread = "the request and answer field tables, the answer sample, the error codes",
      request = {
          { "From_Account", "string", doc = "the sender shown (the samples: administrator)" },
          { "MsgRandom", "integer", min = 0, max = 4294967295, doc = "32-bit random number" },
          { "Condition", "object", open = true, doc = "whom to push to (absent: all users; members from the samples)",
            fields = { TAGS_AND, TAGS_OR } },
          { "WebInfo", "object", open = true, doc = "the browser notification (members from the samples)", fields = {
              WEB_TITLE,
              WEB_DESC,
              { "Ext", "string", doc = "passthrough data (a JSON string)" },
              WEB_URL,
          } },
      },
      example = { request = [[{"From_Account":"administrator","MsgRandom":124032,"Condition":{"TagsAnd":["股票A",]]
                      .. [["股票B"]},"WebInfo":{"Title":"离线推送标题","Desc":"离线推送内容",]]
                      .. [["Ext":"{\"entity\":{\"key1\":\"value1\",\"key2\":\"value2\"}}",]]
                      .. [["URL":"https://xxx.com"}}]] } },
    -- 80441: 1 to 500 recipients; trial edition 30 recipients/s, standard edition 500 recipients/s, counted per
    -- recipient (rate class webbatch: one full call a second). MsgRandom: "used by the backend to drop duplicates
    -- within the same second".
    { "push", "timpush", "webbatch", "push to 1-500 given web users (Web Push)", ref = TRTC(80441),
      rate = "webbatch",
      ref_zh = "https://trtc.io/zh/document/80441", batch = { field = "To_Account", max = 500 },
      fill = { "MsgRandom" }, regions = WEB_REGIONS,
      settle = SETTLE_BATCH,
      note = "trial edition 30 recipients/s, standard edition 500 recipients/s; WebInfo alone shows a browser "
          .. "notification, Message alone reaches only open pages, both: Message online, WebInfo offline",
      -- trtc.io/zh/document/80441 (docs index): the limits, the sample, the whole request table and the start of
      -- the answer sample (cut inside TaskId). WebInfo's and Message's members are not in what was read (WebInfo's
      -- from the sample; both open).
      read = READ, seen = "fields",
      unread = "WebInfo's and Message's member tables, the answer table, the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the sender" },
          { "To_Account", "array", required = true, items = "string", min_items = 1, max_items = 500,
            doc = "the recipients, 1 to 500" },
          { "MsgRandom", "integer", required = true, min = 0, max = 4294967295,
            doc = "32-bit random number (duplicates within one second are dropped)" },
          { "WebInfo", "object", open = true,
            doc = "the browser notification (WebInfo or Message or both; members from the sample)", fields = {
                WEB_TITLE,
                WEB_DESC,
                WEB_URL,
            } },
          { "Message", "object", open = true, doc = "the online message for open pages (members not read)" },
          { "DataId", "string", max_bytes = 64, doc = "caller's ID, passed to the push callbacks, up to 64 bytes" },
          { "TaskName", "string", max_bytes = 20, doc = "task name shown in the console, up to 20 bytes" },
      },
      answer = TASK_ANSWER,
      example = { request = [[{"From_Account":"administrator","To_Account":["user1","user2"],"MsgRandom":3674128,]]
                      .. [["WebInfo":{"Title":"离线推送标题","Desc":"离线推送内容","URL":"http://url"}}]] } },
}

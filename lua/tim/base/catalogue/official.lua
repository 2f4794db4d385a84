-- tim.base.catalogue.official: Official accounts (IDs prefixed @TOA#_; Enterprise edition)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
-- Field meanings and limits: 1047/60813 (official account fields: Name 150 bytes, Introduction 400, FaceUrl 500,
-- Organization 500, CustomString 3000, MaxSubscriberNum default 100000; subscriber fields: SubscribeTime,
-- MsgFlag AcceptAndNotify | AcceptNotNotify | Discard, CustomString).
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL
-- The newer copies (tencentcloud.com/ko 1047/60757, 60759, 60763 of 2025-10-23, 60762 of 2026-02-24): "The
-- feature is only available for Enterprises. To enable it, contact us. You can trial this feature in the console.
-- The trial version allows creating up to 5 public accounts, valid for one month." (Earlier: Flagship or Enterprise.)
local ENTERPRISE = "Enterprise edition (enabled on request; console trial: 5 accounts for one month)"
-- destroy (1047/60756, whole) and delete_subscriber (1047/60761, cut after 130002) list these: 6017 invalid
-- request parameter, 10004 and 20005 internal server error, 20001 invalid request packet, 130002 insufficient
-- permission, 130004 no such official account (or destroyed), 130007 bad official account ID, 130008 ID in use,
-- 131000 the app has no official account service.
local ACCOUNT_CODES = { 6017, 10004, 20001, 20005, 130002, 130004, 130007, 130008, 131000 }
local INFO_FILTER = "fields to return (CreateTime, Name, Owner_Account, LastMsgTime, SubscriberNum, Introduction, "
    .. "FaceUrl, Organization, CustomString); absent: all"

return {
    -- 269/102302 (2025-12): OfficialAccountUserID is optional and caller-chosen (@TOA#_ prefix, 48 bytes).
    { "official", "official_account_open_http_svc", "create_official_account", "create an official account",
      ref = INTL(60755), ref_zh = CN(102302), requires = ENTERPRISE,
      settle = "choose the OfficialAccountUserID yourself and read it back with get_official_account_info",
      -- trtc.io/ja/document/60755, tencentcloud.com/document/product/1047/60755 (2024-07-16) and its /zh copy: the
      -- request table and both samples; the answer table was cut after ActionStatus.
      read = "2026-12-07", seen = "fields", unread = "the answer table (OfficialAccountUserID from the sample), the "
          .. "error code table",
      request = {
          { "Owner_Account", "string", required = true, doc = "the owner's UserID (an imported account)" },
          { "OfficialAccountUserID", "string",
            doc = "your own ID for the account (prefix @TOA#_); absent: one is generated and returned" },
          { "Name", "string", required = true, max_bytes = 150, doc = "name, up to 150 bytes" },
          { "Introduction", "string", max_bytes = 400, doc = "introduction, up to 400 bytes" },
          { "FaceUrl", "string", max_bytes = 500, doc = "photo URL, up to 500 bytes" },
          { "MaxSubscriberNum", "integer", doc = "subscriber cap (default 100000)" },
          { "Organization", "string", max_bytes = 500, doc = "organization, up to 500 bytes" },
          { "CustomString", "string", max_bytes = 3000, doc = "custom data, up to 3000 bytes" },
      },
      answer = {
          { "OfficialAccountUserID", "string", doc = "the account's ID" },
      },
      example = { request = [[{"OfficialAccountUserID":"@TOA#_test_id","Owner_Account":"107867",]]
                      .. [["CustomString":"test_custom_string","FaceUrl":"http://this.is.face.url",]]
                      .. [["Introduction":"This is test Introduction","MaxSubscriberNum":1000,]]
                      .. [["Name":"test_official_account","Organization":"test_organization"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                      .. [["OfficialAccountUserID":"@TOA#_test_id"}]] } },
    { "official", "official_account_open_http_svc", "destroy_official_account", "destroy an official account",
      ref = INTL(60756), requires = ENTERPRISE, idempotent = true,
      -- tencentcloud.com/document/product/1047/60756 (2024-07-16), trtc.io/ko/document/60756 and the /zh copy,
      -- whole (the /zh copy has the error table).
      read = "2026-12-07", seen = "fields",
      codes = ACCOUNT_CODES, invalid = 6017,
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID (OfficialAccountUserID)" },
      },
      answer = {},
      example = { request = [[{"Official_Account":"@TOA#_test_id"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    { "official", "official_account_open_http_svc", "modify_official_account_base_info",
      "modify an official account's profile", ref = INTL(60757), requires = ENTERPRISE, idempotent = true,
      -- tencentcloud.com/document/product/1047/60757 and trtc.io/ja/document/60757: the request table to
      -- CustomString; MaxSubscriberNum from the sample.
      read = "2026-12-07", seen = "fields",
      unread = "the request table past CustomString, the answer sample and table, the error code table",
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID (OfficialAccountUserID)" },
          { "Name", "string", max_bytes = 150, doc = "name, up to 150 bytes" },
          { "Introduction", "string", max_bytes = 400, doc = "introduction, up to 400 bytes" },
          { "FaceUrl", "string", max_bytes = 500, doc = "photo URL, up to 500 bytes" },
          { "Organization", "string", max_bytes = 500, doc = "organization, up to 500 bytes" },
          { "CustomString", "string", max_bytes = 3000, doc = "custom data, up to 3000 bytes" },
          { "MaxSubscriberNum", "integer", doc = "subscriber cap (from the sample)" },
      },
      example = { request = [[{"Official_Account":"@TOA#_@TOA#dOEF","CustomString":"modify_custom_string",]]
                      .. [["FaceUrl":"http://this.is.face.url","Introduction":"This is modify test Introduction",]]
                      .. [["Name":"test_modify_official_account","Organization":"modify_organization",]]
                      .. [["MaxSubscriberNum":1000}]] } },
    -- 1047/60758: at most 50 official accounts per request (the sample's comment).
    { "official", "official_account_open_http_svc", "get_official_account_info",
      "get official account profiles", ref = INTL(60758), requires = ENTERPRISE, idempotent = true,
      batch = { field = "OfficialAccountIdList", max = 50 },
      -- trtc.io/ja/document/60758, tencentcloud.com/jp and /zh copies of 1047/60758 (2024-06/07): the request table;
      -- the answer sample was cut after its ErrorCode.
      read = "2026-12-07", seen = "fields", unread = "the answer sample and table, the error code table",
      request = {
          { "OfficialAccountIdList", "array", required = true, max_items = 50, doc = "the accounts, up to 50",
            fields = {
                { "Official_Account", "string", required = true, doc = "the account's ID (OfficialAccountUserID)" },
            } },
          { "ResponseFilter", "object", doc = "which fields to return", fields = {
              { "OfficialAccountBaseInfoFilter", "array", items = "string", doc = INFO_FILTER },
          } },
      },
      example = { request = [[{"OfficialAccountIdList":[{"Official_Account":"@TOA#_test_for_penn"},]]
                      .. [[{"Official_Account":"@TOA#_@TOA#dZDP"}],"ResponseFilter":{"OfficialAccountBaseInfoFilter":]]
                      .. [[["CreateTime","Name","Owner_Account","LastMsgTime","SubscriberNum","Introduction",]]
                      .. [["FaceUrl","Organization","CustomString"]}}]] } },
    -- 269/102298 (2026-02): per account at most 1 message/s and 2 broadcasts an hour; "如果5分钟内两条消息的内容
    -- 相同,后面的消息将被当做重复消息而丢弃" (the same content within 5 minutes is dropped as a duplicate), so a
    -- resend of the same body is harmless within that window. 1047/60810 (2024-07-16) says the same.
    { "official", "official_account_open_http_svc", "send_official_account_msg",
      "broadcast a message to an official account's subscribers", ref = INTL(60810), ref_zh = CN(102298),
      requires = ENTERPRISE,
      idempotent = true, fill = { "Random" }, dedup_window = 300, dedup_key = { "Official_Account", "MsgBody" },
      per_object = { key = "Official_Account", rate = 1, per_hour = 2 },
      note = "per account: 1 message/s, 2 broadcasts an hour",
      -- tencentcloud.com/jp/document/product/1047/60810 and trtc.io/document/60810: only the samples (the first
      -- whole, the second, with SendMsgControl, cut); the tree is theirs, nothing marked required.
      read = "2026-12-07", seen = "example", unread = "the field tables, the answer sample, the error code table",
      request = {
          { "Official_Account", "string", doc = "the sending account's ID" },
          { "Random", "integer", min = 0, max = 4294967295, doc = "random number" },
          { "SendMsgControl", "array", items = "string", doc = "send controls (the second sample: NoLastMsg)" },
          { "MsgBody", "MsgBody", doc = "the message; the same content within 5 minutes is a duplicate" },
          { "CloudCustomData", "string", doc = "custom data carried with the message" },
          { "OfflinePushInfo", "OfflinePushInfo", doc = "offline push settings" },
      },
      example = { request = [[{"Official_Account":"@TOA#_2C5SZEAEF","Random":9875,"MsgBody":[{"MsgType":]]
                      .. [["TIMTextElem","MsgContent":{"Text":"red packet"}},{"MsgType":"TIMFaceElem","MsgContent":]]
                      .. [[{"Index":6,"Data":"abc\u0000\u0001"}}],"CloudCustomData":"your cloud custom data",]]
                      .. [["OfflinePushInfo":{"PushFlag":0,"Desc":"Offline Push Content",]]
                      .. [["Ext":"This is the transmitted content","AndroidInfo":{"Sound":"android.mp3"},]]
                      .. [["ApnsInfo":{"Sound":"apns.mp3","BadgeMode":1,"Title":"apns title",]]
                      .. [["SubTitle":"apns subtitle","Image":"www.image.com"}}}]] } },
    -- 269/102327 and 1047/60811: at most 10 MsgKeys per request.
    { "official", "official_account_open_http_svc", "official_account_msg_recall",
      "recall up to 10 official account messages", ref = INTL(60811), ref_zh = CN(102327), requires = ENTERPRISE,
      idempotent = true, batch = { field = "MsgKeyList", max = 10 },
      -- tencentcloud.com/document/product/1047/60811 (2024-06-18) and its /zh copy: both tables; the error table
      -- was cut after 10010.
      read = "2026-12-07", seen = "fields", unread = "the error code table past 10010",
      codes = { 10002, 10003, 10004, 10007, 10010 }, invalid = 10004,
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID" },
          { "MsgKeyList", "array", required = true, items = "string", max_items = 10,
            doc = "MsgKeys of the messages to recall, up to 10" },
          { "Reason", "string", max_bytes = 100, doc = "why, up to 100 bytes" },
      },
      answer = {
          { "RecallRetList", "array", doc = "one result per message", fields = {
              { "MsgKey", "string", doc = "the message's MsgKey" },
              { "RetCode", "integer", doc = "0 recalled, else the error code" },
          } },
      },
      example = { request = [[{"Official_Account":"@TOA#_2J4SZEAEL","MsgKeyList":["71_1_1698741698",]]
                      .. [["72_1_1698741698"],"Reason":"Revocation Reason"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"RecallRetList":[{"MsgKey":]]
                      .. [["71_1_1698741698","RetCode":10030},{"MsgKey":"72_1_1698741699","RetCode":0}]}]] } },
    { "official", "official_account_open_http_svc", "official_account_msg_get_simple",
      "pull an official account's message history", ref = INTL(60812), requires = ENTERPRISE, idempotent = true,
      -- tencentcloud.com/document/product/1047/60812 (2024-07-16): the request table and the start of the answer
      -- sample (cut inside RspMsgList's first message; the sample lacks a comma after LastMsgKey).
      read = "2026-12-07", seen = "fields",
      unread = "the answer table and the rest of the answer sample (RspMsgList items past MsgBody), the error code "
          .. "table",
      request = {
          { "Official_Account", "string", required = true, doc = "the account whose history to pull" },
          { "LastMsgKey", "string", doc = "the previous answer's LastMsgKey, to continue; absent: the newest" },
          { "ReqMsgNumber", "integer", doc = "number of messages wanted" },
          { "WithRecalledMsg", "integer", doc = "1: include recalled messages (default: left out)" },
      },
      answer = {
          { "Official_Account", "string", doc = "the account" },
          { "IsFinished", "integer", doc = "1 when no older messages remain (from the sample)" },
          { "LastMsgKey", "string", doc = "pass back to continue" },
          { "RspMsgList", "array", open = true, doc = "the messages (members read: see below; more may follow)",
            fields = {
                { "From_Account", "string", doc = "sender" },
                { "IsPlaceMsg", "integer", doc = "1: expired, failed to store or deleted" },
                { "MsgBody", "MsgBody", doc = "the message" },
            } },
      },
      example = { request = [[{"Official_Account":"@TOA#_15ERQPAER","LastMsgKey":"71_1_1698741698",]]
                      .. [["ReqMsgNumber":2}]] } },
    -- 269/102308 (2025-11) and 1047/60760: at most 100 subscribers per request; each comes back with Result 0
    -- failed, 1 added, 2 already subscribed, so a repeat is harmless.
    { "official", "official_account_open_http_svc", "add_subscriber", "add up to 100 subscribers",
      ref = INTL(60760), ref_zh = CN(102308), requires = ENTERPRISE, idempotent = true,
      batch = { field = "SubscriberList", max = 100 },
      -- trtc.io/ko/document/60760 and tencentcloud.com/jp/document/product/1047/60760: both tables (the answer
      -- table cut inside Result's description) and both samples.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID" },
          { "SubscriberList", "array", required = true, max_items = 100, doc = "the subscribers to add, up to 100",
            fields = {
                { "Subscriber_Account", "string", required = true, doc = "the subscriber's UserID" },
            } },
      },
      answer = {
          { "SubscriberList", "array", doc = "one result per subscriber", fields = {
              { "Subscriber_Account", "string", doc = "the subscriber's UserID" },
              { "Result", "integer", enum = { 0, 1, 2 }, doc = "0 failed, 1 added, 2 already subscribed" },
          } },
      },
      example = { request = [[{"Official_Account":"@TOA#_@TOA#dOEF","SubscriberList":[{"Subscriber_Account":]]
                      .. [["107867"},{"Subscriber_Account":"966582476"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"SubscriberList":[{]]
                      .. [["Subscriber_Account":"107867","Result":2},{"Subscriber_Account":"966582476",]]
                      .. [["Result":1}]}]] } },
    -- 1047/60761 (English and /zh copies alike): the field table names SubscriberList = { { Subscriber_Account } }
    -- (its descriptions copied from add_subscriber) while the sample sends SubscriberToDel_Account = { UserID, ... }.
    -- Both forms are in the tree, neither required; send one.
    { "official", "official_account_open_http_svc", "delete_subscriber", "remove subscribers",
      ref = INTL(60761), requires = ENTERPRISE, idempotent = true,
      note = "the page's table says SubscriberList = { { Subscriber_Account } }, its sample SubscriberToDel_Account = "
          .. "{ \"UserID\", ... }; send one form",
      -- tencentcloud.com/document/product/1047/60761 and its /zh copy: both tables, both samples; the error table was
      -- cut after 130002.
      read = "2026-12-07", seen = "fields", unread = "the error code table past 130002",
      codes = { 6017, 10004, 20001, 20005, 130002 }, invalid = 6017,
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID" },
          { "SubscriberList", "array", doc = "the subscribers to remove (the table's form)", fields = {
              { "Subscriber_Account", "string", required = true, doc = "the subscriber's UserID" },
          } },
          { "SubscriberToDel_Account", "array", items = "string",
            doc = "the subscribers' UserIDs to remove (the sample's form)" },
      },
      answer = {
          { "SubscriberList", "array", doc = "one result per subscriber", fields = {
              { "Subscriber_Account", "string", doc = "the subscriber's UserID" },
              { "Result", "integer", enum = { 0, 1, 2 }, doc = "0 failed, 1 removed, 2 was not subscribed" },
          } },
      },
      example = { request = [[{"Official_Account":"@TOA#_@TOA#dOEF","SubscriberToDel_Account":["107867",]]
                      .. [["966582476"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"SubscriberList":[{]]
                      .. [["Subscriber_Account":"107867","Result":1},{"Subscriber_Account":"966582476",]]
                      .. [["Result":1}]}]] } },
    -- 269/102310 (2025-11-03) says Flagship or Enterprise; the English copies of 2026-02-24 say Enterprise only
    -- (the family's ENTERPRISE requirement follows them).
    { "official", "official_account_open_http_svc", "modify_subscriber_info", "modify subscriber data",
      ref = INTL(60762), ref_zh = CN(102310), requires = ENTERPRISE, idempotent = true,
      -- tencentcloud.com/ko/document/product/1047/60762 (2026-02-24): only the opening; cloud.tencent.com
      -- 269/102310 and tencentcloud.com/zh 1047/60762 (2024-07-16), in the docs index: the sample, the request
      -- table (three rows, all required) and the answer table (the common members only); the error table was cut.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID (OfficialAccountUserID)" },
          { "Subscriber_Account", "string", required = true, doc = "the subscriber's UserID" },
          { "CustomString", "string", required = true, doc = "the subscriber's custom data (for the app's own use)" },
      },
      answer = {},
      example = { request = [[{"Official_Account":"@TOA#_test_for_penn","Subscriber_Account":"107867",]]
                      .. [["CustomString":"test_modify_subscriber_custom_string"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/60759: Next is required ("" on the first call) and returned until the last page.
    { "official", "official_account_open_http_svc", "get_subscriber_info", "list an account's subscribers",
      ref = INTL(60759), requires = ENTERPRISE, idempotent = true,
      page = { items = "SubscriberList", carry = { Next = "Next" }, stop = { Next = "" } },
      -- tencentcloud.com/document/product/1047/60759 (2024-06-18) and trtc.io/document/60759: the request table and
      -- the start of the answer sample (cut inside SubscriberList's first item).
      read = "2026-12-07", seen = "fields",
      unread = "the answer table and the rest of the answer sample (SubscriberList items past LastSendMsgTime), the "
          .. "error code table",
      request = {
          { "Official_Account", "string", required = true, doc = "the account's ID" },
          { "Limit", "integer", min = 1, max = 200, doc = "subscribers per page, up to 200 (absent: all)" },
          { "Next", "string", required = true, doc = "\"\" first, then the previous answer's Next" },
      },
      answer = {
          { "Next", "string", doc = "pass back to continue; empty when done" },
          { "SubscriberNum", "integer", doc = "the account's subscriber count" },
          { "SubscriberList", "array", open = true, doc = "the subscribers (more members may follow)", fields = {
              { "Subscriber_Account", "string", doc = "the subscriber's UserID" },
              { "SubscribeTime", "integer", doc = "when they subscribed" },
              { "CustomString", "string", doc = "subscriber custom data" },
              { "MsgFlag", "string", doc = "receive option: AcceptAndNotify, AcceptNotNotify or Discard" },
              { "LastSendMsgTime", "integer", doc = "time of their last message (from the sample)" },
          } },
      },
      example = { request = [[{"Official_Account":"@TOA#_test_for_penn","Limit":50,"Next":""}]] } },
    { "official", "official_account_open_http_svc", "get_subscribed_official_account_list",
      "list the official accounts a user subscribes to", ref = INTL(60763), requires = ENTERPRISE,
      idempotent = true,
      -- trtc.io/ja, /ko and /zh copies of 60763 and tencentcloud.com/jp/document/product/1047/60763: the request
      -- table (cut inside ResponseFilter's description; its two members from the sample and that description).
      read = "2026-12-07", seen = "fields", unread = "the answer sample and table, the error code table",
      request = {
          { "Subscriber_Account", "string", required = true, doc = "the subscriber's UserID" },
          { "Limit", "integer", min = 1, max = 200, doc = "accounts per page, up to 200 (the default)" },
          { "Offset", "integer", min = 0, doc = "where the page starts" },
          { "ResponseFilter", "object", doc = "which fields to return", fields = {
              { "OfficialAccountBaseInfoFilter", "array", items = "string", doc = INFO_FILTER },
              { "SelfInfoFilter", "array", items = "string",
                doc = "the subscriber's own fields to return (the sample: SubscribeTime, CustomString)" },
          } },
      },
      example = { request = [[{"Subscriber_Account":"107867","Limit":200,"Offset":0,"ResponseFilter":{]]
                      .. [["OfficialAccountBaseInfoFilter":["CreateTime","Name","Owner_Account","LastMsgTime",]]
                      .. [["SubscriberNum","Introduction","FaceUrl","Organization","CustomString"],]]
                      .. [["SelfInfoFilter":["SubscribeTime","CustomString"]}}]] } },
}

-- tim.base.catalogue.group_msg: Groups: messages, read receipts, pinned messages, counters, custom attributes
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, FLAGSHIP, READ_GROUP_HISTORY = C.CN, C.INTL, C.FLAGSHIP, C.READ_GROUP_HISTORY
local READ = "2026-12-07"
-- Read receipts (1047/49438, 49439) and group counters (1047/53427-53429): the copies updated 2025-10 name the
-- Pro, Pro Plus and Enterprise editions where the older ones say "Premium edition".
local PRO = "Pro, Pro Plus or Enterprise edition (older pages: Premium edition)"
local RECEIPTS = PRO .. ", with Group Message Read Receipts switched on in the console"
-- The members and samples these pages write alike
local GROUP = { "GroupId", "string", required = true, doc = "the group" }
-- the pinned-message pages (269/133874, 134119, 134120)
local PIN_GROUP = { "GroupId", "string", required = true, doc = "the group (its ID, not its name)" }
local PIN_TOPIC = { "TopicId", "string", doc = "the topic (required in a Community)" }
-- pin_message and unpin_message: the group, the topic, the message (a 32-bit seq from 1), who does it
local function pin_request(seq_doc, who)
    return { PIN_GROUP, PIN_TOPIC, { "MsgSeq", "integer", required = true, min = 1, max = 4294967295, doc = seq_doc },
             who }
end
-- the custom-attribute pages (1047/44187-44190, 59499)
local ATTR_KEY = { "key", "string", doc = "attribute key" }
local ATTRS_SET = {
    { "key", "string", max_bytes = 32, doc = "attribute key, up to 32 bytes" },
    { "value", "string", max_bytes = 4000, doc = "attribute value, up to 4,000 bytes" },
}
local ATTRS_SAMPLE = [[{"GroupId":"@TGS#aC5SZEAEF","GroupAttr":[{"key":"attr_key","value":"attr_val"},]]
    .. [[{"key":"attr_key1","value":"attr_val1"}]}]]
local COUNTER_KEYS_SAMPLE = [[{"GroupId":"@TGS#aC5SZEAEF","GroupCounterKeys":["like","unlike"]}]]
local OK_ANSWER = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]]

return {
    -- Groups: messages
    -- 269/1629 (2026-02): "Random: 五分钟数字相同认为是重复消息" (same Random within 5 minutes = same message).
    -- English page 1047/34959 (ref stays on the Chinese page, as spec/52 pins it).
    { "group", "group_open_http_svc", "send_group_msg", "send a group message", ref = CN(1629),
      dedup = { "Random" }, dedup_window = 300, dedup_key = { "GroupId", "Random" },
      settle = "resend within 5 minutes with the same Random; later, " .. READ_GROUP_HISTORY,
      note = "trial and dev editions: 1000 messages/day",
      -- trtc.io/document/34959: the opening and the start of the basic sample (GroupId, Random, MsgBody,
      -- CloudCustomData, SupportMessageExtension, OfflinePushInfo, ...). Second pass (docs corpus):
      -- tencentcloud.com/zh/document/product/1047/34959, cloud.tencent.com/document/api/269/1629 and 269/1629
      -- (2026-02-04) stop in the first two samples as well.
      read = READ, seen = "opening", unread = "the rest of the samples, the field tables and the error codes" },
    -- 1047/34958: an AVChatRoom notification goes to every member (no ToMembers_Account there). 269/1630
    -- (2026-01-26) and trtc.io/document/34958: the command is withdrawn for new customers (send_group_msg
    -- instead); notifications are online only, never roamed.
    { "group", "group_open_http_svc", "send_group_system_notification", "send a group system notification",
      ref = INTL(34958), ref_zh = CN(1630),
      note = "withdrawn for new customers (269/1630, 2026-01): use send_group_msg; online only, not roamed",
      settle = "system notifications are not stored in the history: send again only if a lost one is "
            .. "acceptable to repeat",
      -- tencentcloud.com/document/product/1047/34958: the request table. It marks ToMembers_Account required but
      -- says it may be left empty (then everyone gets it), and the first sample leaves it out: not required here.
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      differs = "recipients per call: 1047/34958 (English table) 500; tencentcloud.com/zh/document/product/1047/"
             .. "34958 (2025-11-07) and trtc.io/zh/document/34958 50; the record follows the newer, lower figure",
      request = {
          GROUP,
          { "ToMembers_Account", "array", items = "string", max_items = 50,
            doc = "recipients, up to 50 UserIDs (everyone when empty or absent; not for AVChatRoom)" },
          { "Content", "string", required = true, doc = "the notification's text" },
          { "TopicId", "string", doc = "the topic (topic-enabled communities only)" },
      },
      example = { request = [[{"GroupId":"@TGS#2C5SZEAEF","ToMembers_Account":["peter","leckie"],]]
                         .. [["Content":"Hello World"}]] } },
    -- 269/12341: at most 10 MsgSeq per request; no time limit while the message is in roaming storage.
    -- English page 1047/34965 (2026-01-29): AVChatRoom (Native SDK 7.4.4634+, Web 3.1.2+) and Community groups
    -- supported. An older copy (intl.cloud.tencent.com) answers RecallRetList = { { MsgSeq, RetCode } }.
    { "group", "group_open_http_svc", "group_msg_recall", "recall up to 10 group messages by MsgSeq",
      ref = CN(12341), idempotent = true, batch = { field = "MsgSeqList", max = 10 },
      -- tencentcloud.com/jp/document/product/1047/34965 (the current English text without its menu): the request
      -- table.
      read = READ, seen = "fields", unread = "the current answer table and the error codes",
      request = {
          GROUP,
          { "MsgSeqList", "array", required = true, max_items = 10, doc = "messages to recall, up to 10",
            fields = {
              { "MsgSeq", "integer", required = true, doc = "a message's seq" },
          } },
          { "TopicId", "string", doc = "the topic (topic-enabled communities only)" },
      },
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL","MsgSeqList":[{"MsgSeq":100},{"MsgSeq":101}]}]] } },
    -- 1047/34968 (older copy, 2022): "A single request can import up to seven group messages"; messages go in
    -- ascending time, later than the group's creation and its latest message; every member's unread count
    -- becomes 0; AVChatRoom refused with 10007; no callbacks, no notifications.
    { "group", "group_open_http_svc", "import_group_msg", "import historical group messages", ref = INTL(34968),
      ref_zh = CN(1635), batch = { field = "MsgList", max = 7 }, settle = READ_GROUP_HISTORY,
      -- tencentcloud.com/zh/document/product/1047/34968 (compact Chinese copy, docs corpus): the sample and the
      -- request table up to MsgList[].From_Account (the table types MsgList as Object; the sample sends an
      -- array). SendTime, Random (optional per the sample) and MsgBody are taken from the sample.
      -- cloud.tencent.com/document/product/269/1635 (2025-12-05): at most 7 messages per call.
      read = READ, seen = "fields",
      unread = "the request table after MsgList[].From_Account, the answer table and the error codes",
      request = {
          GROUP,
          { "RecentContactFlag", "integer",
            doc = "1: update the members' conversations (default: no); not for AVChatRoom or Community" },
          { "MsgList", "array", required = true, max_items = 7, doc = "the messages, oldest first, at most 7",
            fields = {
              { "From_Account", "string", required = true, doc = "the sender" },
              { "SendTime", "integer", doc = "when it was sent (Unix seconds)" },
              { "Random", "integer", min = 0, max = 4294967295, doc = "message random number (optional)" },
              { "MsgBody", "MsgBody", doc = "the message" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#2C5SZEAEF","RecentContactFlag":1,"MsgList":[{"From_Account":]]
                         .. [["leckie","SendTime":1620808101,"Random":8912345,"MsgBody":[{"MsgType":"TIMTextElem",]]
                         .. [["MsgContent":{"Text":"red packet"}},{"MsgType":"TIMFaceElem","MsgContent":{"Index":6,]]
                         .. [["Data":"abc\u0000\u0001"}}]},{"From_Account":"peter","SendTime":1620892821,]]
                         .. [["MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"red packet"}}]}]}]] } },
    -- 1047/34970: among the last 1,000 messages; a silent recall (no notice to clients); no effect on AVChatRoom
    -- groups, without an error.
    { "group", "group_open_http_svc", "delete_group_msg_by_sender", "delete a user's messages in a group",
      idempotent = true, ref = INTL(34970),
      -- tencentcloud.com/document/product/1047/34970: both tables and the error table's first rows (10002, 10003,
      -- 10004 invalid parameter). Second pass: tencentcloud.com/zh/document/product/1047/34970 (compact Chinese
      -- copy): the whole error table.
      read = READ, seen = "fields", invalid = 10004, codes = { 10002, 10003, 10004, 10007, 10010, 10015 },
      request = {
          GROUP,
          { "Sender_Account", "string", required = true, doc = "the sender whose messages go" },
          { "TopicId", "string", doc = "the topic (topic-enabled communities only)" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#2C5SZEAEF","Sender_Account":"leckie"}]],
                  answer = OK_ANSWER } },
    -- 1047/34971: at most 20 messages per request (ReqMsgNumber); IsPlaceMsg 1 marks an expired or deleted one.
    { "group", "group_open_http_svc", "group_msg_get_simple", "pull group message history",
      idempotent = true, note = "older pages: ReqMsgSeq = smallest returned MsgSeq - 1 (not a carry pair)",
      ref = INTL(34971), ref_zh = CN(2738),
      -- www.tencentcloud.com/document/product/1047/34971 and its zh copy: the samples and the request table's
      -- first rows (GroupId and ReqMsgNumber required, ReqMsgSeq and WithRecalledMsg optional); the rest of the
      -- table was cut off, so the tree is held as one from samples (lenient).
      read = READ, seen = "example",
      unread = "the request table after WithRecalledMsg, the answer table and the error codes",
      request = {
          { "GroupId", "string", doc = "the group (required)" },
          { "ReqMsgNumber", "integer", max = 20, doc = "messages to pull, at most 20 (required)" },
          { "ReqMsgSeq", "integer", doc = "the highest seq to return (the newest when absent)" },
          { "WithRecalledMsg", "integer", doc = "whether recalled messages are returned too" },
      },
      example = { request = [[{"GroupId":"@TGS#15ERQPAER","ReqMsgSeq":7803321,"ReqMsgNumber":2}]] } },
    -- 269/77402 (2025-12): Flagship 1 message/s, Enterprise 5/s; same Random within 5 minutes = duplicate;
    -- merged MsgBody under 12 KB; a console switch turns the feature on.
    { "group", "group_open_http_svc", "send_broadcast_msg", "broadcast a message to all the app's AVChatRooms",
      ref = CN(77402), rate = "broadcast", requires = FLAGSHIP, dedup = { "Random" },
      dedup_window = 300, dedup_key = { "Random" },
      note = "Flagship 1/s, Enterprise 5/s: merge messages (under 12 KB) rather than send faster",
      -- English page 1047/49440, read at trtc.io/document/49440, its ja/ko copies and tencentcloud.com (without
      -- the menu): the opening (1 call/s), the sample and the table's first rows (From_Account optional: the
      -- caller admin when absent, and it must exist; Random required); merged messages up to 12,000 bytes.
      -- Second pass: 269/77402 (2025-12-05) and trtc.io/zh/document/49440 stop at the table's first row too.
      read = READ, seen = "example", unread = "the request table after Random, the answer and the error codes",
      request = {
          { "From_Account", "string", doc = "the sender (the calling admin when absent)" },
          { "Random", "integer", min = 0, max = 4294967295, doc = "dedup number: repeats within 5 minutes are one" },
          { "MsgBody", "MsgBody", doc = "the message" },
          { "CloudCustomData", "string", doc = "custom data kept with the message" },
      },
      example = { request = [[{"From_Account":"test","Random":8912345,"MsgBody":[{"MsgType":"TIMCustomElem",]]
                         .. [["MsgContent":{"Data":"{ \"type\":1, \"content\":\"hello world\"}"}}],]]
                         .. [["CloudCustomData":"your cloud custom data"}]] },
      differs = "the English page (2025-10-23) gives 1 call/s and the Pro, Pro Plus or Enterprise edition; the "
             .. "Chinese page (2025-12, an earlier reading) Flagship 1/s and Enterprise 5/s: the record keeps the "
             .. "Chinese figures" },
    -- 1047/65970: marks messages deleted so that the SDK cannot pull them (the admin still can); not for
    -- Community groups.
    { "group", "group_open_http_svc", "clear_group_msg", "clear a group's message history", idempotent = true,
      ref = INTL(65970), ref_zh = CN(95617),
      -- tencentcloud.com/document/product/1047/65970: both tables and the error table's first rows (10002,
      -- 10003, 10004 invalid parameter, 10007, 10010).
      read = READ, seen = "fields", unread = "the rest of the error code table", invalid = 10004,
      request = {
          GROUP,
          { "MsgSeq", "integer", doc = "clear messages up to this seq (all when absent)" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#15ERQPAER","MsgSeq":7803321}]],
                  answer = OK_ANSWER } },
    -- 1047/34909: for migrations; no callback, no notice; ChatRoom and AVChatRoom groups keep no unread counts
    -- (the call does nothing there, without an error).
    { "group", "group_open_http_svc", "set_unread_msg_num", "set a member's unread count in a group",
      idempotent = true, ref = INTL(34909), ref_zh = CN(1637),
      -- tencentcloud.com/document/product/1047/34909: both tables. Second pass: tencentcloud.com/zh/document/
      -- product/1047/34909 (compact Chinese copy): the whole error table.
      read = READ, seen = "fields", invalid = 10004, codes = { 10002, 10003, 10004, 10007, 10010, 10015 },
      request = {
          GROUP,
          { "Member_Account", "string", required = true, doc = "the member" },
          { "UnreadMsgNum", "integer", required = true, doc = "the member's new unread count" },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#2CLUZEAEJ","Member_Account":"bob","UnreadMsgNum":5}]],
                  answer = OK_ANSWER } },
    -- 269/107478 "群消息已读回执" (2025-12-05): the admin reports receipts for a given member (From_Account);
    -- at most 50 messages per call; read receipts work in groups of at most 200 members; Flagship or Enterprise
    -- edition with the console switch. The English menu lists no such page (only 1047/49438, 49439).
    { "group", "group_open_http_svc", "group_msg_receipt", "send read receipts for group messages",
      ref = CN(107478), idempotent = true, requires = RECEIPTS, batch = { field = "MsgSeqList", max = 50 },
      note = "refused on AVChatRoom and Community groups (1047/49439); groups of at most 200 members",
      -- cloud.tencent.com/document/product/269/107478 (docs corpus): the sample, the request table, the sample
      -- answer and the answer table's first rows. MsgSeqList's item member (MsgSeq) comes from the sample.
      read = READ, seen = "fields",
      unread = "the answer table after ErrorCode, the error codes; no English copy of the page was found",
      request = {
          GROUP,
          { "From_Account", "string", required = true, doc = "the member whose receipts are sent" },
          { "MsgSeqList", "array", required = true, max_items = 50, doc = "the messages read, at most 50",
            fields = {
              { "MsgSeq", "integer", doc = "a message's seq" },
          } },
      },
      answer = {},
      example = { request = [[{"GroupId":"public123","From_Account":"user2","MsgSeqList":[{"MsgSeq":1}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]] } },
    -- 1047/49439: not for AVChatRoom or Community groups.
    { "group", "group_open_http_svc", "get_group_msg_receipt", "get read counts of group messages",
      idempotent = true, ref = INTL(49439), ref_zh = CN(77694), requires = RECEIPTS,
      note = "refused on AVChatRoom and Community groups",
      -- tencentcloud.com/document/product/1047/49439: the request table and the answer sample. Second pass:
      -- tencentcloud.com/zh/document/product/1047/49439 (compact Chinese copy): the whole answer table (Code 10062:
      -- no receipt information for that message) and the error table's first row.
      read = READ, seen = "fields", unread = "the error code table after 10002",
      request = {
          GROUP,
          { "MsgSeqList", "array", required = true, doc = "the messages", fields = {
              { "MsgSeq", "integer", required = true, doc = "a message's seq" },
          } },
      },
      answer = {
          { "GroupMsgReceiptList", "array", doc = "one read receipt per message", fields = {
              { "Code", "integer", doc = "0, or this message's error code (10062: no receipt information)" },
              { "MsgSeq", "integer", doc = "the message" },
              { "ReadNum", "integer", doc = "members who read it" },
              { "UnreadNum", "integer", doc = "members who did not" },
          } },
      },
      example = {
          request = [[{"GroupId":"@TGS#2TTV7VSII","MsgSeqList":[{"MsgSeq":1},{"MsgSeq":2}]}]],
          answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","GroupMsgReceiptList":[{"Code":0,"MsgSeq":1,]]
                .. [["ReadNum":1,"UnreadNum":6},{"Code":0,"MsgSeq":2,"ReadNum":1,"UnreadNum":6}]}]] } },
    -- 1047/49438 and 269/77693 (2025-12-05): pages with Cursor ("" first) and Count (at most 200 members in
    -- ReadList or UnreadList per answer) until the answer's IsFinish is 1; Filter 0 lists readers, 1 the others;
    -- not for AVChatRoom or Community groups. No page trait: the listed array depends on Filter, and the name of
    -- the answer's cursor was not read.
    { "group", "group_open_http_svc", "get_group_msg_receipt_detail", "list who read a group message",
      idempotent = true, ref = INTL(49438), ref_zh = CN(77693), requires = RECEIPTS,
      note = "paged by Cursor (\"\" first) and Count (at most 200) until IsFinish is 1; Filter 0 read, 1 unread; "
          .. "refused on AVChatRoom and Community groups",
      -- trtc.io/ko/document/49438 (2025-10-23) and trtc.io/document/49438: the opening and the paging text.
      -- Second pass: cloud.tencent.com/document/product/269/77693 (docs corpus): the sample and the request table
      -- up to Filter; Cursor and Count are typed from the sample and the paging text.
      read = READ, seen = "fields",
      unread = "the request table after Filter, the answer sample and table (ReadList, UnreadList, IsFinish are "
            .. "named in the paging text), the error codes",
      request = {
          GROUP,
          { "MsgSeq", "integer", required = true, doc = "the message" },
          { "Filter", "integer", required = true, enum = { 0, 1 }, doc = "0: list who read it; 1: who did not" },
          { "Cursor", "string", doc = "\"\" first, then where the last answer stopped" },
          { "Count", "integer", min = 1, max = 200, doc = "members per answer, at most 200" },
      },
      example = { request = [[{"GroupId":"@TGS#2TTV7VSII","MsgSeq":1,"Filter":1,"Cursor":"","Count":5}]] } },
    -- Groups: pinned messages (269/133873 menu; Flagship or Enterprise; not AVChatRoom; 10 pins per group,
    -- 269/106050)
    -- 269/133874 (2026-07-10): every group type but AVChatRoom; Flagship or Enterprise only; 200/s. TopicId is
    -- required in a Community (not marked here: other groups send none).
    { "group", "group_open_http_svc", "pin_message", "pin a group or topic message", ref = CN(133874),
      since = "2026", requires = FLAGSHIP,
      settle = "read the pins with get_pinned_messages: pinning again only renews the pin time",
      -- cloud.tencent.com/document/product/269/133874 (docs corpus): both samples (the topic one lacks a comma),
      -- the request table, the sample answer and the answer table's first row.
      read = READ, seen = "fields", unread = "the answer table after ActionStatus, the error codes; no English page",
      request = pin_request("the message to pin; it must exist and not have expired",
                            { "Pinner_Account", "string", doc = "who pins it (the app admin when absent)" }),
      answer = {},
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL","MsgSeq":7,"Pinner_Account":"user1"}]],
                  answer = OK_ANSWER } },
    -- 269/134119 (2026-07-14): every group type but AVChatRoom; UnPinner_Account, when given, needs the
    -- requester to be the app admin.
    { "group", "group_open_http_svc", "unpin_message", "unpin a group or topic message", ref = CN(134119),
      since = "2026", requires = FLAGSHIP, idempotent = true,
      -- cloud.tencent.com/document/product/269/134119 (docs corpus): both samples and the request table; the
      -- sample answer was cut at its first member.
      read = READ, seen = "fields", unread = "the answer sample and table, the error codes; no English page",
      request = pin_request("the pinned message to unpin",
                            { "UnPinner_Account", "string", doc = "who unpins it (the requester when absent)" }),
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL","MsgSeq":7,"UnPinner_Account":"user1"}]] } },
    -- 269/134120 (2026-07-14): every group type but AVChatRoom.
    { "group", "group_open_http_svc", "get_pinned_messages", "list a group's or topic's pinned messages",
      ref = CN(134120), since = "2026", requires = FLAGSHIP, idempotent = true,
      -- cloud.tencent.com/document/product/269/134120 (docs corpus): both samples, the request table, the sample
      -- answer and the answer table's first row (PinnedMsgList is taken from the sample).
      read = READ, seen = "fields", unread = "the answer table after ActionStatus, the error codes; no English page",
      request = {
          PIN_GROUP,
          PIN_TOPIC,
      },
      answer = {
          { "PinnedMsgList", "array", doc = "the pinned messages", fields = {
              { "MsgSeq", "integer", doc = "the message" },
              { "Pinner_Account", "string", doc = "who pinned it" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#2J4SZEAEL"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"PinnedMsgList":[{"MsgSeq":7,]]
                        .. [["Pinner_Account":"admin"},{"MsgSeq":5,"Pinner_Account":"user1"}]}]] } },
    -- Groups: counters (1047/53427-53429: refused on Community groups; AVChatRoom supported)
    { "group", "group_open_http_svc", "get_group_counter", "get group counters", idempotent = true,
      ref = INTL(53427), ref_zh = CN(85953), requires = PRO, note = "refused on Community groups",
      -- trtc.io/document/53427: the request table and the answer sample's first item. Second pass:
      -- tencentcloud.com/zh/document/product/1047/53427 (compact Chinese copy): the whole sample answer, the
      -- answer table and the error table (10059: the edition lacks the feature).
      read = READ, seen = "fields", unread = "GroupCounter's item table (Key and Value are taken from the sample)",
      invalid = 10004, codes = { 10002, 10004, 10007, 10010, 10015, 10059 },
      request = {
          GROUP,
          { "GroupCounterKeys", "array", items = "string", doc = "keys to read (all when absent)" },
      },
      answer = {
          { "GroupCounter", "array", doc = "the counters", fields = {
              { "Key", "string", doc = "the counter's key" },
              { "Value", "integer", doc = "its value" },
          } },
      },
      example = { request = COUNTER_KEYS_SAMPLE,
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"GroupCounter":[{"Key":"like",]]
                        .. [["Value":5},{"Key":"unlike","Value":1}]}]] } },
    { "group", "group_open_http_svc", "update_group_counter", "set, increase or decrease group counters",
      ref = INTL(53428), ref_zh = CN(85952), requires = PRO,
      settle = "read the counter with get_group_counter before repeating an increase or decrease",
      note = "Mode Set is harmless to repeat; Increase and Decrease are not; refused on Community groups",
      -- trtc.io/document/53428: the sample and the request table's first rows (Mode is typed from the sample).
      -- Second pass: cloud.tencent.com/document/product/269/85952 (2025-11-03) and trtc.io/zh/document/53428:
      -- the whole request table (Value a signed 64-bit integer; Mode Set, Increase or Decrease, Increase and
      -- Decrease creating a missing key at 0 first).
      read = READ, seen = "fields", unread = "the answer table and the error codes",
      differs = "Mode: 269/85952 (2025-11-03) marks it required, trtc.io/zh/document/53428 optional; the record "
             .. "leaves it optional",
      request = {
          GROUP,
          { "GroupCounter", "array", required = true, max_items = 20, doc = "up to 20 counters", fields = {
              { "Key", "string", max_bytes = 128, doc = "the counter's key, up to 128 bytes" },
              { "Value", "integer", doc = "the value (or the step for Increase and Decrease)" },
          } },
          { "Mode", "string", enum = { "Set", "Increase", "Decrease" }, doc = "Set, Increase or Decrease" },
      },
      example = { request = [[{"GroupId":"@TGS#aC5SZEAEF","GroupCounter":[{"Key":"like","Value":5},]]
                         .. [[{"Key":"unlike","Value":1}],"Mode":"Set"}]] } },
    -- 1047/53429: without GroupCounterKeys every counter of the group is deleted; the page says nothing of an
    -- empty list.
    { "group", "group_open_http_svc", "delete_group_counter", "delete group counters", idempotent = true,
      ref = INTL(53429), requires = PRO,
      note = "leaving out GroupCounterKeys deletes all the group's counters; refused on Community groups",
      -- www.tencentcloud.com/document/product/1047/53429: both tables and the error table's first rows (10002,
      -- 10004 invalid parameter, 10007).
      read = READ, seen = "fields", unread = "the rest of the error code table", invalid = 10004,
      request = {
          GROUP,
          { "GroupCounterKeys", "array", items = "string", doc = "keys to delete (all when absent)" },
      },
      answer = {},
      example = { request = COUNTER_KEYS_SAMPLE,
                  answer = OK_ANSWER } },
    -- Groups: custom attributes (1047/44187, 44190, 59499: every group type, AVChatRoom and Community included)
    { "group", "group_open_attr_http_svc", "get_group_attr", "get a group's custom attributes",
      idempotent = true, ref = INTL(44187),
      -- tencentcloud.com/document/product/1047/44187: both tables and the error table's first rows (10002,
      -- 10004 invalid parameter, 10007 no attributes for this group type, 10010). Second pass:
      -- tencentcloud.com/zh/document/product/1047/44187 (compact Chinese copy): the whole error table.
      read = READ, seen = "fields", invalid = 10004, codes = { 10002, 10004, 10007, 10010, 10015 },
      request = {
          GROUP,
      },
      answer = {
          { "GroupAttrAry", "array", doc = "the attributes as key-value pairs", fields = {
              ATTR_KEY,
              { "value", "string", doc = "attribute value" },
          } },
      },
      example = { request = [[{"GroupId":"@TGS#aC5SZEAEF"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"GroupAttrAry":[{"key":"attr_key1",]]
                        .. [["value":"attr_val1"},{"key":"attr_key2","value":"attr_val2"}]}]] } },
    -- 1047/44188, 269/67010 (2026-01-27): every group type; at most 16 keys, a key up to 32 bytes, a value up to
    -- 4,000 bytes.
    { "group", "group_open_http_svc", "modify_group_attr", "modify a group's custom attributes",
      idempotent = true, ref = INTL(44188), ref_zh = CN(67010),
      -- cloud.tencent.com/document/product/269/67010 (docs corpus): the sample, both field tables and the error
      -- table's heading; trtc.io/document/44188 and tencentcloud.com/jp|ko|zh copies stop at the URL parameters.
      read = READ, seen = "fields", unread = "the error code table",
      request = {
          GROUP,
          { "GroupAttr", "array", required = true, max_items = 16, doc = "the attributes to set, up to 16 keys",
            fields = ATTRS_SET },
      },
      answer = {},
      -- the page's sample lacks the comma between the two attributes; restored here.
      example = { request = ATTRS_SAMPLE,
                  answer = OK_ANSWER } },
    -- 1047/44189 (2024-03-21): every group type but Community.
    { "group", "group_open_http_svc", "clear_group_attr", "clear a group's custom attributes",
      idempotent = true, ref = INTL(44189),
      -- trtc.io/ja/document/44189 (the English text): both tables.
      read = READ, seen = "fields", unread = "the error code table",
      request = {
          GROUP,
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#aC5SZEAEF"}]],
                  answer = OK_ANSWER } },
    -- 1047/44190: at most 16 keys; a key up to 32 bytes, a value up to 4,000 bytes.
    { "group", "group_open_http_svc", "set_group_attr", "reset a group's custom attributes", idempotent = true,
      ref = INTL(44190),
      -- tencentcloud.com/document/product/1047/44190: both tables. Second pass: tencentcloud.com/zh/document/
      -- product/1047/44190 (compact Chinese copy): the error table up to 10048.
      read = READ, seen = "fields", unread = "the error code table after 10048", invalid = 10004,
      codes = { 10002, 10004, 10007, 10010, 10015, 10045, 10046, 10047, 10048 },
      request = {
          GROUP,
          { "GroupAttr", "array", required = true, max_items = 16, doc = "the attributes, up to 16",
            fields = ATTRS_SET },
      },
      answer = {},
      example = {
          request = ATTRS_SAMPLE,
          answer = OK_ANSWER } },
    -- 1047/59499 (2026-01-29): group_open_http_svc/delete_group_attr, every group type; 10049: a group's
    -- attributes take at most 5 writes (add, delete, modify) per second.
    { "group", "group_open_http_svc", "delete_group_attr", "delete some of a group's custom attributes",
      idempotent = true, ref = INTL(59499),
      per_object = { key = "GroupId", rate = 5, note = "attribute writes per group per second (10049 beyond)" },
      -- trtc.io/document/59499, trtc.io/ko/document/59499 and tencentcloud.com/document/product/1047/59499: both
      -- tables and the error code table.
      read = READ, seen = "fields", invalid = 10004, codes = { 10002, 10004, 10007, 10010, 10015, 10045, 10049, 10050 },
      request = {
          GROUP,
          { "GroupAttr", "array", required = true, doc = "the attributes to delete, by key", fields = {
              ATTR_KEY,
          } },
      },
      answer = {},
      example = { request = [[{"GroupId":"@TGS#aC5SZEAEF","GroupAttr":[{"key":"attr_key"},{"key":"attr_key1"}]}]],
                  answer = OK_ANSWER } },
}

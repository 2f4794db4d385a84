-- tim.base.catalogue.group_msg: Groups: messages, read receipts, pinned messages, counters, custom attributes
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, FLAGSHIP, READ_GROUP_HISTORY = C.CN, C.FLAGSHIP, C.READ_GROUP_HISTORY

return {
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
}

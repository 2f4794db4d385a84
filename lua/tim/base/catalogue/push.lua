-- tim.base.catalogue.push: All-member / tag push (legacy all_member_push, then the Push plugin's timpush)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, FLAGSHIP = C.CN, C.INTL, C.TRTC, C.FLAGSHIP

return {
    -- trtc.io/document/37165: the legacy all-member push needs the Flagship edition.
    { "push", "all_member_push", "im_push", "push to all users, by attribute or by tag", ref = TRTC(37165),
      rate = "push", requires = FLAGSHIP,
      settle = "keep the TaskId of each answer; with none, do not push again: a lost push is cheaper than a "
            .. "duplicate" },
    { "push", "all_member_push", "im_set_attr_name", "set the app's attribute names", idempotent = true },
    { "push", "all_member_push", "im_get_attr_name", "get the app's attribute names", idempotent = true },
    { "push", "all_member_push", "im_get_attr", "get users' attributes", idempotent = true },
    { "push", "all_member_push", "im_set_attr", "set users' attributes", idempotent = true },
    { "push", "all_member_push", "im_remove_attr", "remove users' attributes", idempotent = true },
    { "push", "all_member_push", "im_get_tag", "get users' tags", idempotent = true },
    { "push", "all_member_push", "im_add_tag", "add tags to users", idempotent = true },
    { "push", "all_member_push", "im_remove_tag", "remove tags from users", idempotent = true },
    { "push", "all_member_push", "im_remove_all_tags", "remove all tags of users", idempotent = true },
    -- 1047/60561: 100 calls/day by default, more than 1 s apart.
    { "push", "timpush", "push", "push to all users, by attribute or by tag (Push plugin)", ref = INTL(60561),
      rate = "push", fill = { "MsgRandom" },
      settle = "look the task up with all_member_push_statistics before pushing again; a wrong push can be "
            .. "withdrawn with timpush/revoke within 24 h" },
    -- 1047/67553: 30 calls/s; To_Account 1..500 (UserIDs or RegistrationIDs); "Backend uses message
    -- deduplication within the same second" for MsgRandom: too short a window to make a resend safe.
    { "push", "timpush", "batch", "push to 1-500 given users (Push plugin)", ref = INTL(67553),
      rate = "push_batch", batch = { field = "To_Account", max = 500 }, fill = { "MsgRandom" },
      settle = "keep the TaskId of each answer; a copy resent within the same second with the same MsgRandom "
            .. "is discarded, later ones are new pushes",
      note = "MsgRandom dedup lasts one second only" },
    -- 1047/60563: 100/s, attribute names 0..9, at most 50 bytes each.
    { "push", "timpush", "set_attr_name", "set the app's attribute names", ref = INTL(60563),
      rate = "push_attr", idempotent = true },
    { "push", "timpush", "get_attr_name", "get the app's attribute names", rate = "push_attr",
      idempotent = true },
    { "push", "timpush", "set_attr", "set users' attributes", rate = "push_attr", idempotent = true },
    { "push", "timpush", "get_attr", "get users' attributes", rate = "push_attr", idempotent = true },
    { "push", "timpush", "remove_attr", "remove users' attributes", rate = "push_attr", idempotent = true },
    { "push", "timpush", "add_tag", "add tags to users", rate = "push_attr", idempotent = true },
    { "push", "timpush", "get_tag", "get users' tags", rate = "push_attr", idempotent = true },
    { "push", "timpush", "remove_tag", "remove tags from users", rate = "push_attr", idempotent = true },
    { "push", "timpush", "clear_all_tags", "remove all tags of users (at most 100 users per call)",
      rate = "push_attr", idempotent = true },
    -- 269/105123 (2025-12): 1 call/s, within 24 h of the push; a second withdrawal answers 90050 (1047/74196).
    { "push", "timpush", "revoke", "withdraw a push sent in the last 24 hours", ref = CN(105123),
      rate = "push_revoke", idempotent = true, done_codes = { 90050 } },
    -- 1047/71893: 1/s, data of the last 7 days.
    { "push", "timpush", "all_member_push_trace", "trace one user's delivery of an all-member/tag push",
      ref = INTL(71893), rate = "push_stats", since = "2025", idempotent = true,
      note = "data of the last 7 days" },
    -- 1047/71894: 1/s, at most 5 TaskIDs, 30 days of data.
    { "push", "timpush", "all_member_push_statistics", "statistics of all-member/tag pushes",
      ref = INTL(71894), rate = "push_stats", since = "2025", idempotent = true,
      batch = { field = "TaskID", max = 5 }, note = "StartTime..EndTime within 30 days" },
    -- 1047/71896: 1/s, data of the last 7 days.
    { "push", "timpush", "normal_push_trace", "trace the offline push of a chat message (by PushID)",
      ref = INTL(71896), rate = "push_stats", since = "2025", idempotent = true,
      note = "data of the last 7 days" },
    -- 1047/71897: 1/s, 30 days of data.
    { "push", "timpush", "normal_push_statistics", "statistics of chat-message offline pushes",
      ref = INTL(71897), rate = "push_stats", since = "2025", idempotent = true,
      note = "StartTime..EndTime within 30 days" },
}

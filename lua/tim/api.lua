-- tim.api: the Tencent Cloud IM REST API catalogue, as data.
--
-- api.services[service][command] = traits (see CONTRACTS.md "tim.api"). The catalogue adds traits (rate class,
-- safe-to-resend, dedup key, batch and paging shapes, regions), not permission: the client calls any name.
-- Sources are the official pages (cloud.tencent.com/document/product/269, tencentcloud.com/document/product/1047,
-- trtc.io); the page behind a fact that is not the default is named in a comment next to it.
--
-- Traits: doc (one line), family (catalogue grouping), rate (a key of api.rate_classes), idempotent (resending after
-- a timeout, a 5xx or a network error cannot do harm), dedup (uint32 body fields the client fills once per logical
-- call so that a resend is the same message), fill (uint32 body fields the service requires, filled the same way
-- but with no dedup promise), batch (request array the client may split), page (cursor or offset
-- paging), regions (only served there), alias_of (older name of another entry), since, note.
local type, pairs, ipairs = type, pairs, ipairs
local sort, concat = table.sort, table.concat
local lower, find, sub = string.lower, string.find, string.sub
local error = error

local _M = { _VERSION = require "tim.version" }

-- Token-bucket defaults per endpoint class: rate (requests/s), burst, and where documented a second budget.
_M.rate_classes = {
    -- "最高调用频率 200次/秒": the default quoted on nearly every page; raisable in the console (paid).
    default      = { rate = 200, burst = 200 },
    -- account_check and multiaccount_import pages: 100 times/second (1047/34956, 1047/34954).
    rate100      = { rate = 100, burst = 100 },
    -- batchsendmsg: 200/s and 12 000 messages/min where each recipient counts as one message. A bucket counts
    -- calls; the per-minute budget must be charged per recipient (cost = #To_Account).
    batchsendmsg = { rate = 200, burst = 200, per_minute = 12000, cost_field = "To_Account",
                     note = "12000 messages per minute, counted per recipient" },
    -- Cloud search plugin (269/114548, 269/114549, 269/114550): 2 requests/s.
    search       = { rate = 2, burst = 2 },
    -- All-member push (all_member_push/im_push, timpush/push): 100 calls/day, at least 1 s apart.
    push         = { rate = 1, burst = 1, per_day = 100,
                     note = "100 calls per day (free Push edition: 10), at least 1 s apart" },
    -- Push plugin attribute/tag commands: 100/s, at most 100 users per call.
    push_attr    = { rate = 100, burst = 100 },
    -- Streaming messages: the endpoint itself follows the default; each stream (one MsgKey) takes at most 5
    -- continuation chunks per second, chunks at most 15 s apart, under 128 KB in total.
    stream       = { rate = 200, burst = 200, per_message_rate = 5,
                     note = "per message: at most 5 chunks/s, at most 15 s between chunks, under 128 KB total" },
}

-- Families in README order with a title; counts are computed below.
_M.FAMILIES = {
    { name = "accounts", title = "Accounts" },
    { name = "profile", title = "Profiles" },
    { name = "sns", title = "Relationship chain (friends, blocklist)" },
    { name = "follow", title = "Follow / followers" },
    { name = "c2c", title = "One-to-one (C2C) messages" },
    { name = "msg_ext", title = "Message extensions" },
    { name = "stream", title = "Streaming messages" },
    { name = "group", title = "Groups" },
    { name = "recentcontact", title = "Conversations" },
    { name = "push", title = "All-member / tag push" },
    { name = "mute", title = "Global mute" },
    { name = "ops", title = "Operations" },
    { name = "robot", title = "Robots" },
    { name = "audit", title = "Content moderation" },
    { name = "search", title = "Cloud search" },
    { name = "official", title = "Official accounts" },
}

local CN_SGP = { "cn", "sgp" }
local SGP = { "sgp" }

-- Paging shapes (see CONTRACTS.md): cursor = { items, carry = { req_field = resp_field }, stop = { f = v } },
-- offset = { items, offset, limit }.
local PAGE_GROUP_LIST = { items = "GroupIdList", carry = { Next = "Next" }, stop = { Next = 0 } }
-- friend_get (1047/34908): request StartIndex/StandardSequence/CustomSequence; the answer gives NextStartIndex and
-- the sequences, CompleteFlag = 1 on the last page.
local PAGE_FRIENDS = { items = "UserDataItem",
                       carry = { StartIndex = "NextStartIndex", StandardSequence = "StandardSequence",
                                 CustomSequence = "CustomSequence" },
                       stop = { CompleteFlag = 1 } }
-- black_list_get (1047/34914): the answer's StartIndex is the next start (0 = done); the sequence comes back
-- spelled "CurruentSequence" in the official examples.
local PAGE_BLACKLIST = { items = "BlackListItem",
                         carry = { StartIndex = "StartIndex", LastSequence = "CurruentSequence" },
                         stop = { StartIndex = 0 } }
-- admin_getroammsg (1047/35478): Complete = 1 when done, else ask again with MaxTime = LastMsgTime and LastMsgKey.
local PAGE_ROAMMSG = { items = "MsgList", carry = { MaxTime = "LastMsgTime", LastMsgKey = "LastMsgKey" },
                       stop = { Complete = 1 } }
-- recentcontact/get_list (1047/43087): the answer carries the next TimeStamp/StartIndex/TopTimeStamp/TopStartIndex.
local PAGE_SESSIONS = { items = "SessionItem",
                        carry = { TimeStamp = "TimeStamp", StartIndex = "StartIndex",
                                  TopTimeStamp = "TopTimeStamp", TopStartIndex = "TopStartIndex" },
                        stop = { CompleteFlag = 1 } }
local PAGE_MEMBERS = { items = "MemberList", offset = "Offset", limit = "Limit" }
local PAGE_JOINED = { items = "GroupIdList", offset = "Offset", limit = "Limit" }
-- Cloud search (269/114548, 269/114549): Cursor in, Cursor and IsFinish out.
local PAGE_SEARCH_GROUPS = { items = "Groups", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
local PAGE_SEARCH_MEMBERS = { items = "GroupMembers", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }

-- One row per endpoint: { family, service, command, doc, traits... }. `idempotent = true` is set only where a
-- resend is harmless by the nature of the command (reads, sets, deletes by key); creates, adds, imports and sends
-- without a documented dedup key are left unmarked (never resent after the request may have been processed).
local ROWS = {
    -- Accounts ---------------------------------------------------------------------------------------------------
    { "accounts", "im_open_login_svc", "account_import", "import one account (UserID, Nick, FaceUrl)",
      idempotent = true, note = "importing an existing account updates it" },
    -- 1047/34954: up to 100 accounts per call, 100 calls/s; repeated import creates one internal ID.
    { "accounts", "im_open_login_svc", "multiaccount_import", "import up to 100 accounts",
      rate = "rate100", idempotent = true, batch = { field = "AccountList", max = 100 },
      note = "the older body form is Accounts = { UserID, ... } with the same limit" },
    -- 1047/34955: DeleteItem, up to 100 accounts per request.
    { "accounts", "im_open_login_svc", "account_delete", "delete up to 100 accounts (irrecoverable)",
      idempotent = true, batch = { field = "DeleteItem", max = 100 } },
    -- 1047/34956: CheckItem, up to 100 accounts; 100 times/second.
    { "accounts", "im_open_login_svc", "account_check", "check whether accounts are imported",
      rate = "rate100", idempotent = true, batch = { field = "CheckItem", max = 100 } },
    { "accounts", "im_open_login_svc", "kick", "invalidate an account's login state", idempotent = true },
    -- 269/2566: To_Account, at most 500 UserIDs per query.
    { "accounts", "openim", "query_online_status", "query online status (optionally per platform)",
      idempotent = true, batch = { field = "To_Account", max = 500 } },
    { "accounts", "openim", "querystate", "legacy name of query_online_status",
      idempotent = true, batch = { field = "To_Account", max = 500 }, alias_of = "openim/query_online_status" },

    -- Profiles ---------------------------------------------------------------------------------------------------
    { "profile", "profile", "portrait_set", "set profile fields (Tag_Profile_IM_*, Tag_Profile_Custom_*)",
      idempotent = true },
    -- 1047/34917: no more than 100 users per call recommended.
    { "profile", "profile", "portrait_get", "get profile fields of up to 100 users",
      idempotent = true, batch = { field = "To_Account", max = 100 } },

    -- Relationship chain -----------------------------------------------------------------------------------------
    { "sns", "sns", "friend_add", "add friends (one or both ways)" },
    { "sns", "sns", "friend_import", "import friends in bulk, without verification" },
    { "sns", "sns", "friend_update", "update friend data (remark, lists, custom fields)", idempotent = true },
    -- 1047/34905: To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "friend_delete", "delete friends (one or both ways)",
      idempotent = true, batch = { field = "To_Account", max = 1000 } },
    { "sns", "sns", "friend_delete_all", "delete all friends of a user", idempotent = true },
    { "sns", "sns", "friend_check", "check friendship with a list of users", idempotent = true },
    { "sns", "sns", "friend_get", "pull a user's whole friend list, paged", idempotent = true,
      page = PAGE_FRIENDS },
    { "sns", "sns", "friend_get_list", "get the data of specified friends", idempotent = true },
    { "sns", "sns", "black_list_add", "add users to a blocklist", idempotent = true },
    { "sns", "sns", "black_list_delete", "remove users from a blocklist", idempotent = true },
    { "sns", "sns", "black_list_get", "pull a blocklist, paged (MaxLimited per page)", idempotent = true,
      page = PAGE_BLACKLIST },
    { "sns", "sns", "black_list_check", "check blocklist relations", idempotent = true },
    { "sns", "sns", "group_add", "create friend lists (and put friends in them)" },
    { "sns", "sns", "group_delete", "delete friend lists", idempotent = true },
    { "sns", "sns", "group_get", "get friend lists", idempotent = true },

    -- Follow -----------------------------------------------------------------------------------------------------
    { "follow", "follow", "follow_add", "follow users", since = "2025" },
    { "follow", "follow", "follow_delete", "unfollow users", idempotent = true, since = "2025" },
    { "follow", "follow", "follow_check", "check follow relations", idempotent = true, since = "2025" },
    { "follow", "follow", "follow_get", "list following, followers or mutual follows", idempotent = true,
      since = "2025" },
    { "follow", "follow", "follow_get_info", "get follow counts", idempotent = true, since = "2025" },

    -- One-to-one messages ----------------------------------------------------------------------------------------
    -- sendmsg: the server dedups on sender + MsgSeq + MsgRandom + CRC32(content) for 120 s.
    { "c2c", "openim", "sendmsg", "send a C2C message (as admin or as another sender)",
      dedup = { "MsgRandom", "MsgSeq" },
      note = "dedup window 120 s; MsgSeq also orders messages sent in the same second; "
          .. "trial and dev editions: 1000 messages/day" },
    { "c2c", "openim", "batchsendmsg", "send one C2C message to up to 500 users (no callbacks)",
      rate = "batchsendmsg", batch = { field = "To_Account", max = 500 }, fill = { "MsgRandom" },
      note = "no documented dedup: never resent after it may have been processed" },
    { "c2c", "openim", "importmsg", "import a historical C2C message", fill = { "MsgRandom" } },
    { "c2c", "openim", "admin_getroammsg", "pull the C2C history between two users", idempotent = true,
      page = PAGE_ROAMMSG },
    { "c2c", "openim", "admin_msgwithdraw", "recall a C2C message by MsgKey", idempotent = true },
    { "c2c", "openim", "admin_set_msg_read", "mark a C2C conversation read", idempotent = true },
    { "c2c", "openim", "get_c2c_unread_msg_num", "get C2C unread counts", idempotent = true },
    { "c2c", "openim", "modify_c2c_msg", "modify a historical C2C message", idempotent = true },
    { "c2c", "openim", "delete_c2c_msg_ramble", "delete C2C history one-way", idempotent = true },
    { "c2c", "openim", "c2c_msg_read_receipt", "send C2C read receipts", idempotent = true,
      note = "name seen in an SDK (doocs), not on an official page" },
    { "c2c", "openim", "modify_group_msg", "modify a historical group message (served under openim)",
      idempotent = true },

    -- Message extensions -----------------------------------------------------------------------------------------
    { "msg_ext", "openim_msg_ext_http_svc", "get_key_values", "get the extensions of a C2C message",
      idempotent = true },
    { "msg_ext", "openim_msg_ext_http_svc", "set_key_values", "set the extensions of a C2C message" },
    { "msg_ext", "openim_msg_ext_http_svc", "group_get_key_values", "get the extensions of a group message",
      idempotent = true },
    { "msg_ext", "openim_msg_ext_http_svc", "group_set_key_values", "set the extensions of a group message" },

    -- Streaming messages -----------------------------------------------------------------------------------------
    { "stream", "stream_msg", "send_c2c_stream_msg", "send a C2C streaming message chunk (TIMStreamElem)",
      rate = "stream", since = "2025", note = "trial edition: 1000/day" },
    { "stream", "stream_msg", "send_group_stream_msg", "send a group streaming message chunk (TIMStreamElem)",
      rate = "stream", since = "2025", note = "trial edition: 1000/day" },
    { "stream", "openim_robot_http_svc", "send_stream_msg",
      "robot streaming reply (MsgKey from the first call, Finish = 1 on the last)", since = "2025" },

    -- Groups: management -----------------------------------------------------------------------------------------
    { "group", "group_open_http_svc", "get_appid_group_list", "list the app's groups, paged by Next",
      idempotent = true, page = PAGE_GROUP_LIST },
    { "group", "group_open_http_svc", "create_group", "create a group" },
    -- 1047/34961: at most 50 groups per request.
    { "group", "group_open_http_svc", "get_group_info", "get the profiles of up to 50 groups",
      idempotent = true, batch = { field = "GroupIdList", max = 50 } },
    { "group", "group_open_http_svc", "modify_group_base_info", "modify a group's basic profile",
      idempotent = true },
    { "group", "group_open_http_svc", "destroy_group", "disband a group", idempotent = true },
    { "group", "group_open_http_svc", "get_joined_group_list", "list the groups a user has joined",
      idempotent = true, page = PAGE_JOINED },
    { "group", "group_open_http_svc", "change_group_owner", "transfer group ownership", idempotent = true },
    { "group", "group_open_http_svc", "import_group", "import a group (migration)" },
    -- Groups: members
    { "group", "group_open_http_svc", "get_group_member_info", "list group members, paged by Offset",
      idempotent = true, page = PAGE_MEMBERS, note = "communities page with Next instead of Offset" },
    { "group", "group_open_http_svc", "get_specified_group_member_info", "get the profiles of given members",
      idempotent = true },
    { "group", "group_open_http_svc", "add_group_member", "add members to a group" },
    -- 1047/34949: MemberToDel_Account, at most 100 members per request.
    { "group", "group_open_http_svc", "delete_group_member", "remove up to 100 members from a group",
      idempotent = true, batch = { field = "MemberToDel_Account", max = 100 } },
    { "group", "group_open_http_svc", "modify_group_member_info", "modify a member's role, name card, mute",
      idempotent = true },
    { "group", "group_open_http_svc", "get_role_in_group", "get users' roles in a group", idempotent = true },
    { "group", "group_open_http_svc", "forbid_send_msg", "mute or unmute members for a time", idempotent = true },
    { "group", "group_open_http_svc", "get_group_muted_account", "list a group's muted members",
      idempotent = true },
    { "group", "group_open_http_svc", "get_group_shutted_uin", "older name of get_group_muted_account",
      idempotent = true, alias_of = "group_open_http_svc/get_group_muted_account" },
    { "group", "group_open_http_svc", "import_group_member", "import group members (migration)" },
    { "group", "group_open_http_svc", "ban_group_member", "ban members (removed, barred from rejoining)",
      idempotent = true },
    { "group", "group_open_http_svc", "unban_group_member", "lift bans on members", idempotent = true },
    { "group", "group_open_http_svc", "get_group_ban_member", "list a group's banned members",
      idempotent = true },
    -- Groups: messages
    -- 1047/34959: "If the random numbers of two messages are the same within five minutes, they are considered
    -- to be the same message."
    { "group", "group_open_http_svc", "send_group_msg", "send a group message", dedup = { "Random" },
      note = "same Random within 5 minutes = same message" },
    { "group", "group_open_http_svc", "send_group_system_notification", "send a group system notification" },
    { "group", "group_open_http_svc", "group_msg_recall", "recall group messages by MsgSeq", idempotent = true },
    { "group", "group_open_http_svc", "import_group_msg", "import historical group messages" },
    { "group", "group_open_http_svc", "delete_group_msg_by_sender", "delete a user's messages in a group",
      idempotent = true },
    { "group", "group_open_http_svc", "group_msg_get_simple", "pull group message history",
      idempotent = true, note = "older pages: ReqMsgSeq = smallest returned MsgSeq - 1 (not a carry pair)" },
    { "group", "group_open_http_svc", "send_broadcast_msg", "broadcast a message to all the app's AVChatRooms",
      dedup = { "Random" }, note = "same Random within 5 minutes = same message" },
    { "group", "group_open_http_svc", "clear_group_msg", "clear a group's message history", idempotent = true },
    { "group", "group_open_http_svc", "set_unread_msg_num", "set a member's unread count in a group",
      idempotent = true },
    { "group", "group_open_http_svc", "group_msg_receipt", "send read receipts for group messages",
      idempotent = true },
    { "group", "group_open_http_svc", "get_group_msg_receipt", "get read counts of group messages",
      idempotent = true },
    { "group", "group_open_http_svc", "get_group_msg_receipt_detail", "list who read a group message",
      idempotent = true },
    -- Groups: counters
    { "group", "group_open_http_svc", "get_group_counter", "get group counters", idempotent = true },
    { "group", "group_open_http_svc", "update_group_counter", "set, increase or decrease group counters",
      note = "increase/decrease are not idempotent" },
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
      idempotent = true },
    { "group", "group_open_avchatroom_http_svc", "add_robots", "add robots to an AVChatRoom's online list",
      idempotent = true },
    -- Groups: community topics
    { "group", "million_group_open_http_svc", "create_topic", "create a community topic" },
    { "group", "million_group_open_http_svc", "destroy_topic", "destroy community topics", idempotent = true },
    { "group", "million_group_open_http_svc", "get_topic", "get community topic profiles", idempotent = true },
    { "group", "million_group_open_http_svc", "modify_topic", "modify a community topic", idempotent = true },
    { "group", "million_group_open_http_svc", "get_online_member_num", "online count of a community",
      idempotent = true, note = "4-minute granularity" },
    { "group", "group_open_http_svc", "import_topic", "import a community topic (migration)" },

    -- Conversations ----------------------------------------------------------------------------------------------
    { "recentcontact", "recentcontact", "get_list", "pull a user's conversation list, paged",
      idempotent = true, page = PAGE_SESSIONS },
    { "recentcontact", "recentcontact", "delete", "delete a conversation", idempotent = true },
    -- trtc.io/document/78304 (2026): pin/unpin, 200/s.
    { "recentcontact", "recentcontact", "top", "pin or unpin conversations", idempotent = true, since = "2026" },
    { "recentcontact", "recentcontact", "create_contact_group", "create conversation groups" },
    { "recentcontact", "recentcontact", "del_contact_group", "delete conversation groups", idempotent = true },
    { "recentcontact", "recentcontact", "update_contact_group", "rename or edit conversation groups",
      idempotent = true },
    { "recentcontact", "recentcontact", "search_contact_group", "find conversations in conversation groups",
      idempotent = true },
    { "recentcontact", "recentcontact", "mark_contact", "set or clear conversation marks", idempotent = true },
    { "recentcontact", "recentcontact", "get_contact_group", "list conversation groups", idempotent = true },

    -- All-member / tag push (legacy all_member_push, then the Push plugin's timpush) ----------------------------
    { "push", "all_member_push", "im_push", "push to all users, by attribute or by tag", rate = "push" },
    { "push", "all_member_push", "im_set_attr_name", "set the app's attribute names", idempotent = true },
    { "push", "all_member_push", "im_get_attr_name", "get the app's attribute names", idempotent = true },
    { "push", "all_member_push", "im_get_attr", "get users' attributes", idempotent = true },
    { "push", "all_member_push", "im_set_attr", "set users' attributes", idempotent = true },
    { "push", "all_member_push", "im_remove_attr", "remove users' attributes", idempotent = true },
    { "push", "all_member_push", "im_get_tag", "get users' tags", idempotent = true },
    { "push", "all_member_push", "im_add_tag", "add tags to users", idempotent = true },
    { "push", "all_member_push", "im_remove_tag", "remove tags from users", idempotent = true },
    { "push", "all_member_push", "im_remove_all_tags", "remove all tags of users", idempotent = true },
    { "push", "timpush", "push", "push to all users, by attribute or by tag (Push plugin)", rate = "push" },
    { "push", "timpush", "batch", "push to 1-500 given users (Push plugin)" },
    { "push", "timpush", "set_attr_name", "set the app's attribute names", rate = "push_attr",
      idempotent = true },
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
    { "push", "timpush", "revoke", "recall a push sent in the last 24 hours", idempotent = true },

    -- Global mute ------------------------------------------------------------------------------------------------
    { "mute", "openconfigsvr", "setnospeaking", "set a user's global C2C/group mute", idempotent = true },
    { "mute", "openconfigsvr", "getnospeaking", "get a user's global mute", idempotent = true },

    -- Operations -------------------------------------------------------------------------------------------------
    { "ops", "openconfigsvr", "getappinfo", "get the app's operating statistics", idempotent = true },
    { "ops", "open_msg_svc", "get_history", "get download links of hourly message-record files",
      idempotent = true },
    { "ops", "ConfigSvc", "GetIPList", "get the IM servers' egress IPs (callback allow-lists)",
      idempotent = true },
    { "ops", "im_cos_msg", "forbid_illegal_object", "ban a chat file", idempotent = true },
    { "ops", "im_cos_msg", "allow_banned_object", "lift the ban on a chat file", idempotent = true },
    { "ops", "im_cos_msg", "get_cos_sig", "get a signed URL for a chat file", idempotent = true },

    -- Robots -----------------------------------------------------------------------------------------------------
    { "robot", "openim_robot_http_svc", "create_robot", "create a robot (UserID starts with @RBT#)" },
    { "robot", "openim_robot_http_svc", "delete_robot", "delete robots", idempotent = true },
    { "robot", "openim_robot_http_svc", "get_all_robots", "list the app's robots", idempotent = true },

    -- Content moderation -----------------------------------------------------------------------------------------
    -- trtc.io/document/77827 and 77828: "Currently, only Singapore is supported."
    { "audit", "im_msg_audit", "content_moderation", "moderate one text, image, audio or video item",
      idempotent = true, regions = SGP },
    { "audit", "im_msg_audit", "batch_content_moderation", "moderate a batch of texts and images",
      idempotent = true, regions = SGP },
    { "audit", "im_msg_audit_mgr", "add_local_audit_keywords", "add local moderation keywords",
      note = "local moderation is announced as no longer maintained" },
    { "audit", "im_msg_audit_mgr", "delete_local_audit_keywords", "delete local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_local_audit_keywords", "list local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords_ids", "list cloud keyword library IDs",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords", "list cloud moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "add_cloud_audit_keywords", "add cloud moderation keywords" },
    { "audit", "im_msg_audit_mgr", "delete_cloud_audit_keywords", "delete cloud moderation keywords",
      idempotent = true },

    -- Cloud search (plugin; China and Singapore only; 2 requests/s) ---------------------------------------------
    { "search", "user_search", "search", "search users by nickname or exact UserID", rate = "search",
      idempotent = true, regions = CN_SGP, note = "path per 269/114547 (via README) and the doocs SDK" },
    -- 269/114549
    { "search", "group_search", "search", "search groups by name or exact GroupID", rate = "search",
      idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_GROUPS },
    -- 269/114548
    { "search", "group_member_search", "search", "search group members by name card, nickname or UserID",
      rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_MEMBERS },
    { "search", "im_open_search", "get_no_visibility", "list objects hidden from search", rate = "search",
      idempotent = true, regions = CN_SGP, note = "name per README section 2.15 and the doocs SDK" },
    -- 269/114550 "隐藏搜索对象": the setter is set_visibility (IsDisable = true hides the object).
    { "search", "im_open_search", "set_visibility", "hide or show a user, group or member in search",
      rate = "search", idempotent = true, regions = CN_SGP },

    -- Official accounts (IDs prefixed @TOA#_) --------------------------------------------------------------------
    { "official", "official_account_open_http_svc", "create_official_account", "create an official account" },
    { "official", "official_account_open_http_svc", "destroy_official_account", "destroy an official account",
      idempotent = true },
    { "official", "official_account_open_http_svc", "modify_official_account_base_info",
      "modify an official account's profile", idempotent = true },
    { "official", "official_account_open_http_svc", "get_official_account_info",
      "get official account profiles", idempotent = true },
    { "official", "official_account_open_http_svc", "send_official_account_msg",
      "broadcast a message to an official account's subscribers" },
    { "official", "official_account_open_http_svc", "official_account_msg_recall",
      "recall an official account message", idempotent = true },
    { "official", "official_account_open_http_svc", "official_account_msg_get_simple",
      "pull an official account's message history", idempotent = true },
    { "official", "official_account_open_http_svc", "add_subscriber", "add subscribers" },
    { "official", "official_account_open_http_svc", "delete_subscriber", "remove subscribers",
      idempotent = true },
    { "official", "official_account_open_http_svc", "modify_subscriber_info", "modify subscriber data",
      idempotent = true },
    { "official", "official_account_open_http_svc", "get_subscriber_info", "list an account's subscribers",
      idempotent = true },
    { "official", "official_account_open_http_svc", "get_subscribed_official_account_list",
      "list the official accounts a user subscribes to", idempotent = true },
}

-- Build the lookup table once at load: each row becomes its own traits table (no copy).
local services = {}
local family_counts = {}
local count, alias_count = 0, 0
for _, row in ipairs(ROWS) do
    local family, service, command = row[1], row[2], row[3]
    row.doc, row.family = row[4], family
    row[1], row[2], row[3], row[4] = nil, nil, nil, nil
    row.rate = row.rate or "default"
    local svc = services[service]
    if not svc then
        svc = {}
        services[service] = svc
    end
    svc[command] = row
    if row.alias_of then
        alias_count = alias_count + 1
    else
        count = count + 1
        family_counts[family] = (family_counts[family] or 0) + 1
    end
end

_M.services = services
_M.count = count                  -- distinct endpoints (legacy aliases not counted)
_M.alias_count = alias_count      -- legacy names kept as aliases
_M.family_counts = family_counts

-- lookup("openim", "sendmsg") or lookup("openim/sendmsg") -> traits | nil
function _M.lookup(service, command)
    if type(service) ~= "string" then
        return nil
    end
    if command == nil then
        local slash = find(service, "/", 1, true)
        if not slash then
            return nil
        end
        service, command = sub(service, 1, slash - 1), sub(service, slash + 1)
    end
    local svc = services[service]
    return svc and svc[command] or nil
end

-- each() -> iterator of (service, command, traits), sorted by service then command.
local sorted
function _M.each()
    if not sorted then
        sorted = {}
        for service, cmds in pairs(services) do
            for command in pairs(cmds) do
                sorted[#sorted + 1] = { service, command }
            end
        end
        sort(sorted, function(a, b)
            if a[1] ~= b[1] then
                return a[1] < b[1]
            end
            return a[2] < b[2]
        end)
    end
    local i = 0
    return function()
        i = i + 1
        local e = sorted[i]
        if e then
            return e[1], e[2], services[e[1]][e[2]]
        end
    end
end

-- Regional API domains, as every endpoint page lists them (e.g. 269/2566, 269/103785, trtc.io 78304). The
-- SDKAppID belongs to one data centre; the wrong one answers 70016/70020. The standby domains are for when the
-- primary's DNS is hijacked.
local REGIONS = {
    cn  = { host = "console.tim.qq.com", standby = "adminapi.my-imcloud.com", name = "China" },
    sgp = { host = "adminapisgp.im.qcloud.com", standby = "adminapisgp.my-imcloud.com", name = "Singapore" },
    kr  = { host = "adminapikr.im.qcloud.com", standby = "adminapikr.my-imcloud.com", name = "Seoul" },
    jpn = { host = "adminapijpn.im.qcloud.com", standby = "adminapijpn.my-imcloud.com", name = "Tokyo" },
    ger = { host = "adminapiger.im.qcloud.com", standby = "adminapiger.my-imcloud.com", name = "Frankfurt" },
    ind = { host = "adminapiind.im.qcloud.com", standby = "adminapiind.my-imcloud.com", name = "Mumbai",
            note = "listed by older pages only; absent from the 2025 pages" },
    usa = { host = "adminapiusa.im.qcloud.com", standby = "adminapiusa.my-imcloud.com", name = "Silicon Valley" },
    idn = { host = "adminapiidn.im.qcloud.com", standby = "adminapiidn.my-imcloud.com", name = "Jakarta" },
    -- trtc.io/document/78304 (recentcontact/top, 2026) lists Riyadh; no standby domain is documented.
    ksa = { host = "adminapiksa.im.qcloud.com", name = "Riyadh", note = "no standby domain documented" },
}
_M.REGION_CODES = { "cn", "sgp", "kr", "jpn", "ger", "ind", "usa", "idn", "ksa" }

local ALIASES = {
    china = "cn", mainland = "cn", chn = "cn",
    singapore = "sgp", sg = "sgp",
    seoul = "kr", korea = "kr",
    tokyo = "jpn", japan = "jpn", jp = "jpn",
    frankfurt = "ger", germany = "ger", de = "ger",
    mumbai = "ind", india = "ind", ["in"] = "ind",
    siliconvalley = "usa", ["silicon_valley"] = "usa", ["silicon-valley"] = "usa", us = "usa",
    jakarta = "idn", indonesia = "idn", id = "idn",
    riyadh = "ksa", saudi = "ksa", sa = "ksa",
}

local regions = {}
for code, r in pairs(REGIONS) do
    r.code = code
    regions[code] = r
end
for alias, code in pairs(ALIASES) do
    regions[alias] = REGIONS[code]
end
_M.regions = regions          -- codes and friendly aliases; aliases share the code's table
_M.region_aliases = ALIASES

local function known_codes()
    return concat(_M.REGION_CODES, ", ")
end

-- region(name) -> region table | nil, err (name: a code or an alias, any case)
function _M.region(name)
    if type(name) ~= "string" then
        error("tim.api.region: name must be a string", 2)
    end
    local r = regions[lower(name)]
    if not r then
        return nil, "tim.api.region: unknown region '" .. name .. "' (known: " .. known_codes() .. ")"
    end
    return r
end

-- region_host(name [, standby]) -> host | nil, err
function _M.region_host(name, standby)
    if type(name) ~= "string" then
        error("tim.api.region_host: name must be a string", 2)
    end
    local r = regions[lower(name)]
    if not r then
        return nil, "tim.api.region_host: unknown region '" .. name .. "' (known: "
            .. known_codes() .. ")"
    end
    if standby then
        if not r.standby then
            return nil, "tim.api.region_host: no standby domain is documented for region '" .. r.code .. "'"
        end
        return r.standby
    end
    return r.host
end

-- For error messages and the CLI: "service/command" of an entry's canonical name.
function _M.canonical(service, command)
    local t = _M.lookup(service, command)
    if t and t.alias_of then
        return t.alias_of
    end
    if t then
        return command and (service .. "/" .. command) or service
    end
    return nil
end

return _M

-- tim.api: the Tencent Cloud IM REST API catalogue, as data.
--
-- api.services[service][command] = traits. The catalogue adds traits (rate class, safe-to-resend, dedup key, batch
-- and paging shapes, regions, how to settle a doubtful outcome), not permission: the client calls any name.
-- Sources are the official pages (cloud.tencent.com/document/product/269, tencentcloud.com/document/product/1047,
-- trtc.io/document); `ref` names the endpoint's own page and a comment names the page behind any other fact.
-- Where two editions of a page disagree, the newer or the more restrictive one is used and the other is noted.
--
-- Traits (every one optional except doc and family):
--   doc          one line: what the command does.
--   family       catalogue grouping (api.FAMILIES).
--   ref          URL of the endpoint's official page.
--   rate         a key of api.rate_classes ("default" when absent). A class is one client-side bucket shared by
--                all its endpoints, while the pages quote each limit per endpoint, so a shared class is stricter.
--   idempotent   true: sending the command again after a timeout, a reset or a 5xx cannot do harm. Reads, sets
--                (the same value written twice) and deletes by key are marked by their nature; other writes only
--                where the page named in the comment documents a repeat as harmless.
--   dedup        uint32 body fields the client fills once per logical call, so that every resend is the same
--                request and the service discards the copies (the client then resends safely).
--   dedup_window seconds the service remembers a dedup key (nil with dedup: no documented expiry). A resend
--                later than this is a new message.
--   dedup_key    the service's whole dedup key as the page gives it (informative; dedup lists the part the
--                client fills).
--   fill         uint32 body fields the service requires, filled once per logical call like dedup but with no
--                dedup promise (batchsendmsg, timpush/batch).
--   batch        { field = request array, max = items per call }: tim.batch splits a longer list.
--   page         paging shape for im:pages/im:items: cursor { items, carry = { req = resp }, stop = { f = v } }
--                or offset { items, offset, limit }.
--   regions      data centres that serve the command (any when absent).
--   requires     edition, plugin or console switch the page requires (informative).
--   per_object   a budget the page sets per object rather than per app: { key = request field, rate = per
--                second, per_hour = n, note } (not enforced by the client bucket; documented for callers).
--   settle       how a caller settles a doubtful outcome (did my call take effect?) for a command that is
--                neither idempotent nor deduplicated (and for some that are, where a page says more).
--   done_codes   ErrorCodes that, answered to a resend, mean an earlier copy already took effect.
--   alias_of     older name of another entry ("service/command").
--   since        year the command appeared in the pages (newest families).
--   note         anything else the page says that a caller should know.
local type, pairs, ipairs = type, pairs, ipairs
local sort, concat = table.sort, table.concat
local lower, find, sub = string.lower, string.find, string.sub
local error = error

local _M = { _VERSION = require "tim.version" }

local function CN(n) return "https://cloud.tencent.com/document/product/269/" .. n end
local function INTL(n) return "https://www.tencentcloud.com/document/product/1047/" .. n end
local function TRTC(n) return "https://trtc.io/document/" .. n end

-- Token-bucket defaults per endpoint class: rate (requests/s), burst, and where documented a second budget.
_M.rate_classes = {
    -- "最高调用频率 200次/秒": the default quoted on nearly every page; raisable in the console (paid).
    default      = { rate = 200, burst = 200 },
    -- account_check and multiaccount_import pages: 100 times/second (1047/34956, 1047/34954).
    rate100      = { rate = 100, burst = 100 },
    -- batchsendmsg (269/1612, 2026-02): 200/s and 12 000 messages/min where each recipient counts as one
    -- message. A bucket counts calls; the per-minute budget is charged per recipient (cost = #To_Account).
    batchsendmsg = { rate = 200, burst = 200, per_minute = 12000, cost_field = "To_Account",
                     note = "12000 messages per minute, counted per recipient" },
    -- send_broadcast_msg (269/77402, 2025-12): Flagship edition 1 message/s, Enterprise edition 5/s. The
    -- default is the Flagship figure; an Enterprise app overrides { broadcast = { rate = 5, burst = 5 } }.
    broadcast    = { rate = 1, burst = 1, note = "Flagship edition 1/s; Enterprise edition 5/s" },
    -- Cloud search plugin (269/114548, 269/114549, 269/114550): 2 requests/s.
    search       = { rate = 2, burst = 2 },
    -- All-member / tag push (timpush/push 1047/60561, all_member_push/im_push): 100 calls/day by default, more
    -- than 1 s apart (ErrorCode 90024 "push interval must be greater than 1 second", 90047 daily limit,
    -- 1047/74196).
    push         = { rate = 1, burst = 1, per_day = 100,
                     note = "100 calls per day by default (90047 beyond), more than 1 s apart (90024)" },
    -- timpush/batch (1047/67553): 30 calls/s.
    push_batch   = { rate = 30, burst = 30 },
    -- Push plugin attribute/tag commands (1047/60563): 100/s, at most 100 users per call.
    push_attr    = { rate = 100, burst = 100 },
    -- timpush/revoke (269/105123): 1 call/s (90051 "withdrawal too frequent, limit 1/s", 1047/74196).
    push_revoke  = { rate = 1, burst = 1 },
    -- Push trace and statistics queries (1047/71893, 71894, 71896, 71897): 1 call/s each.
    push_stats   = { rate = 1, burst = 1 },
    -- Streaming messages (269/128596, 269/128597, 2026-04): each stream takes at most 5 continuation chunks
    -- per second, chunks at most 15 s apart, under 128 KB in total; the endpoint itself follows the default.
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

-- Paging shapes: cursor = { items, carry = { req_field = resp_field }, stop = { f = v } },
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
-- recentcontact/get_list (269/62118, 2025-12): the answer carries the next TimeStamp/StartIndex/TopTimeStamp/
-- TopStartIndex and CompleteFlag = 1 on the last page.
local PAGE_SESSIONS = { items = "SessionItem",
                        carry = { TimeStamp = "TimeStamp", StartIndex = "StartIndex",
                                  TopTimeStamp = "TopTimeStamp", TopStartIndex = "TopStartIndex" },
                        stop = { CompleteFlag = 1 } }
local PAGE_MEMBERS = { items = "MemberList", offset = "Offset", limit = "Limit" }
local PAGE_JOINED = { items = "GroupIdList", offset = "Offset", limit = "Limit" }
-- follow_get (1047/70347): StartCursor "" first, then the previous answer's NextCursor; WantNum up to 1000.
local PAGE_FOLLOW = { items = "FollowItem", carry = { StartCursor = "NextCursor" }, stop = { NextCursor = "" } }
-- Cloud search (269/114548, 269/114549): Cursor in, Cursor and IsFinish out.
local PAGE_SEARCH_GROUPS = { items = "Groups", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
local PAGE_SEARCH_MEMBERS = { items = "GroupMembers", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
-- get_permission_group (1047/61235): Limit and Next ("" first).
local PAGE_PERMISSION_GROUPS = { items = "PermissionGroupList", carry = { Next = "Next" }, stop = { Next = "" } }

local FLAGSHIP = "Flagship or Enterprise edition"
local READ_HISTORY = "read the history (admin_getroammsg) for the message before sending it again"
local READ_GROUP_HISTORY = "read the group history (group_msg_get_simple) for the message before sending it again"

-- One row per endpoint: { family, service, command, doc, traits... }.
local ROWS = {
    -- Accounts ---------------------------------------------------------------------------------------------------
    -- 1047/34953: "If the same account is imported to IM repeatedly, only one internal ID will be created."
    { "accounts", "im_open_login_svc", "account_import", "import one account (UserID, Nick, FaceUrl)",
      ref = INTL(34953), idempotent = true, note = "importing an existing account updates it" },
    -- trtc.io/document/34954: up to 100 accounts per call, 100 calls/s; repeated import creates one internal ID;
    -- an existing account is updated with the new parameters.
    { "accounts", "im_open_login_svc", "multiaccount_import", "import up to 100 accounts",
      ref = INTL(34954), rate = "rate100", idempotent = true, batch = { field = "AccountList", max = 100 },
      note = "the older body form is Accounts = { UserID, ... } with the same limit" },
    -- 1047/34955: DeleteItem, up to 100 accounts per request.
    { "accounts", "im_open_login_svc", "account_delete", "delete up to 100 accounts (irrecoverable)",
      ref = INTL(34955), idempotent = true, batch = { field = "DeleteItem", max = 100 } },
    -- 1047/34956: CheckItem, up to 100 accounts; 100 times/second.
    { "accounts", "im_open_login_svc", "account_check", "check whether accounts are imported",
      ref = INTL(34956), rate = "rate100", idempotent = true, batch = { field = "CheckItem", max = 100 } },
    -- 1047/34957: one account per call; the user logs in again with a new UserSig.
    { "accounts", "im_open_login_svc", "kick", "invalidate one account's login state", ref = INTL(34957),
      idempotent = true },
    -- 269/2566: To_Account, at most 500 UserIDs per query.
    { "accounts", "openim", "query_online_status", "query online status (optionally per platform)",
      ref = CN(2566), idempotent = true, batch = { field = "To_Account", max = 500 } },
    { "accounts", "openim", "querystate", "legacy name of query_online_status",
      idempotent = true, batch = { field = "To_Account", max = 500 }, alias_of = "openim/query_online_status" },

    -- Profiles ---------------------------------------------------------------------------------------------------
    { "profile", "profile", "portrait_set", "set profile fields (Tag_Profile_IM_*, Tag_Profile_Custom_*)",
      idempotent = true },
    -- 1047/34917: no more than 100 users per call recommended.
    { "profile", "profile", "portrait_get", "get profile fields of up to 100 users", ref = INTL(34917),
      idempotent = true, batch = { field = "To_Account", max = 100 } },

    -- Relationship chain -----------------------------------------------------------------------------------------
    { "sns", "sns", "friend_add", "add friends (one or both ways)", ref = CN(1643),
      settle = "read the relation with friend_check before adding again; an existing friend is reported per "
            .. "item in ResultItem" },
    -- 269/8301: import one user's friends in batches, not concurrently, to avoid write conflicts (30008).
    { "sns", "sns", "friend_import", "import friends in bulk, without verification", ref = CN(8301),
      settle = "read the relation with friend_check; an already imported friend is reported per item in "
            .. "ResultItem" },
    { "sns", "sns", "friend_update", "update friend data (remark, lists, custom fields)", idempotent = true },
    -- 1047/34905: To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "friend_delete", "delete friends (one or both ways)", ref = INTL(34905),
      idempotent = true, batch = { field = "To_Account", max = 1000 } },
    { "sns", "sns", "friend_delete_all", "delete all friends of a user", idempotent = true },
    { "sns", "sns", "friend_check", "check friendship with a list of users", idempotent = true },
    { "sns", "sns", "friend_get", "pull a user's whole friend list, paged", ref = INTL(34908),
      idempotent = true, page = PAGE_FRIENDS },
    { "sns", "sns", "friend_get_list", "get the data of specified friends", idempotent = true },
    { "sns", "sns", "black_list_add", "add users to a blocklist", idempotent = true },
    { "sns", "sns", "black_list_delete", "remove users from a blocklist", idempotent = true },
    { "sns", "sns", "black_list_get", "pull a blocklist, paged (MaxLimited per page)", ref = INTL(34914),
      idempotent = true, page = PAGE_BLACKLIST },
    { "sns", "sns", "black_list_check", "check blocklist relations", idempotent = true },
    { "sns", "sns", "group_add", "create friend lists (and put friends in them)",
      settle = "read the lists with sns/group_get before creating them again" },
    { "sns", "sns", "group_delete", "delete friend lists", idempotent = true },
    { "sns", "sns", "group_get", "get friend lists", idempotent = true },

    -- Follow (Flagship or Enterprise, console switch) ------------------------------------------------------------
    -- 269/118909 (2025-12): FollowItem, at most 20 To_Account per request; results per item in ResultItem.
    { "follow", "follow", "follow_add", "follow up to 20 users", ref = CN(118909), since = "2025",
      requires = FLAGSHIP, batch = { field = "FollowItem", max = 20 },
      settle = "read the relation with follow_check; each account's outcome is in ResultItem" },
    -- trtc.io/document/70346; the client pages give 20 accounts per unfollow (trtc.io/document/66035).
    { "follow", "follow", "follow_delete", "unfollow users", ref = TRTC(70346), since = "2025",
      requires = FLAGSHIP, idempotent = true, batch = { field = "To_Account", max = 20 } },
    -- 269/118912: To_Account, at most 100 per request.
    { "follow", "follow", "follow_check", "check follow relations with up to 100 users", ref = CN(118912),
      since = "2025", requires = FLAGSHIP, idempotent = true, batch = { field = "To_Account", max = 100 } },
    { "follow", "follow", "follow_get", "list fans, follows or mutual follows, paged by cursor",
      ref = INTL(70347), since = "2025", requires = FLAGSHIP, idempotent = true, page = PAGE_FOLLOW,
      note = "WantNum: default 100, at most 1000 per page" },
    { "follow", "follow", "follow_get_info", "get follow counts", since = "2025", requires = FLAGSHIP,
      idempotent = true },

    -- One-to-one messages ----------------------------------------------------------------------------------------
    -- 269/2282 (2026-02): the dedup key is sender + MsgSeq + MsgRandom + CRC32(content), valid 120 s.
    { "c2c", "openim", "sendmsg", "send a C2C message (as admin or as another sender)", ref = CN(2282),
      dedup = { "MsgRandom", "MsgSeq" }, dedup_window = 120,
      dedup_key = { "From_Account", "MsgSeq", "MsgRandom", "MsgBody (CRC32)" },
      settle = "resend within 120 s with the same MsgRandom and MsgSeq; later, " .. READ_HISTORY,
      note = "MsgSeq also orders messages sent in the same second; trial and dev editions: 1000 messages/day; "
          .. "friendship, blocklist and mute are not checked" },
    -- 269/1612: at most 500 recipients, no callbacks; 200/s and 12 000 messages/min counted per recipient.
    { "c2c", "openim", "batchsendmsg", "send one C2C message to up to 500 users (no callbacks)", ref = CN(1612),
      rate = "batchsendmsg", batch = { field = "To_Account", max = 500 }, fill = { "MsgRandom" },
      settle = READ_HISTORY .. "; resend only to the recipients that lack it",
      note = "no documented dedup: never resent after it may have been processed" },
    -- 269/2568 (2025-12): duplicates (same MsgSeq + MsgRandom + MsgTimeStamp in one conversation, whatever the
    -- content) are ignored and never overwrite the first import, so a resend is harmless.
    { "c2c", "openim", "importmsg", "import a historical C2C message", ref = CN(2568),
      dedup = { "MsgRandom" }, dedup_key = { "MsgSeq", "MsgRandom", "MsgTimeStamp" },
      note = "no callback; updates the conversation; SyncFromOldSystem 5 = real-time import during migration "
          .. "(counts unread, pushed)" },
    { "c2c", "openim", "admin_getroammsg", "pull the C2C history between two users", ref = INTL(35478),
      idempotent = true, page = PAGE_ROAMMSG },
    -- 269/38980, 1047/35015: a message that does not exist answers 20022, one already recalled 20023 (so a
    -- repeat is harmless and says so). Recalls have no time limit while the message is in roaming storage.
    { "c2c", "openim", "admin_msgwithdraw", "recall a C2C message by MsgKey", ref = CN(38980),
      idempotent = true, done_codes = { 20023 } },
    { "c2c", "openim", "admin_set_msg_read", "mark a C2C conversation read", ref = TRTC("zh/document/38996"),
      idempotent = true },
    { "c2c", "openim", "get_c2c_unread_msg_num", "get C2C unread counts", idempotent = true },
    { "c2c", "openim", "modify_c2c_msg", "modify a historical C2C message", idempotent = true },
    { "c2c", "openim", "delete_c2c_msg_ramble", "delete C2C history one-way", idempotent = true },
    -- 269/104121 (2025-12) and trtc.io/document/77776 (2026): Operator_Account, Peer_Account, C2CMsgInfo.
    { "c2c", "openim", "c2c_msg_read_receipt", "send C2C read receipts for given messages", ref = CN(104121),
      idempotent = true },
    { "c2c", "openim", "modify_group_msg", "modify a historical group message (served under openim)",
      idempotent = true },

    -- Message extensions (Flagship or Enterprise, console switch) ------------------------------------------------
    -- 269/82029: at most 200 key-values per answer (ask again with StartSeq), CompleteFlag = 1 when all came.
    { "msg_ext", "openim_msg_ext_http_svc", "get_key_values", "get the extensions of a C2C message",
      ref = CN(82029), requires = FLAGSHIP, idempotent = true,
      note = "at most 200 key-values per answer: ask again with StartSeq; 300 key-values per message" },
    -- trtc.io/document/51195: OperateType 1 set / 2 delete / 3 clear, each key carrying its Seq (a version).
    { "msg_ext", "openim_msg_ext_http_svc", "set_key_values", "set the extensions of a C2C message",
      ref = TRTC(51195), requires = FLAGSHIP,
      settle = "read the extensions with get_key_values: the Seq of each key tells whether the write landed" },
    { "msg_ext", "openim_msg_ext_http_svc", "group_get_key_values", "get the extensions of a group message",
      requires = FLAGSHIP, idempotent = true },
    { "msg_ext", "openim_msg_ext_http_svc", "group_set_key_values", "set the extensions of a group message",
      requires = FLAGSHIP,
      settle = "read the extensions with group_get_key_values: the Seq of each key tells whether the write "
            .. "landed" },

    -- Streaming messages -----------------------------------------------------------------------------------------
    -- 269/128596, 269/128597 (2026-04): chunk gap at most 15 s, under 128 KB, 5 continuations/s per stream;
    -- trial and dev editions 1000/day; a stream once ended refuses further chunks.
    { "stream", "stream_msg", "send_c2c_stream_msg", "send a C2C streaming message chunk (TIMStreamElem)",
      ref = CN(128596), rate = "stream", since = "2025", per_object = { key = "MsgKey", rate = 5,
      note = "at most 15 s between chunks" },
      settle = "read the history for the stream's MsgKey: a chunk is in when its Index shows",
      note = "trial and dev editions: 1000/day" },
    { "stream", "stream_msg", "send_group_stream_msg", "send a group streaming message chunk (TIMStreamElem)",
      ref = CN(128597), rate = "stream", since = "2025", per_object = { key = "MsgKey", rate = 5,
      note = "at most 15 s between chunks" },
      settle = "read the group history for the stream's MsgKey: a chunk is in when its Index shows",
      note = "trial and dev editions: 1000/day" },
    { "stream", "openim_robot_http_svc", "send_stream_msg",
      "robot streaming reply (MsgKey from the first call, Finish = 1 on the last)", since = "2025",
      settle = "read the history for the reply's MsgKey before sending the chunk again" },

    -- Groups: management -----------------------------------------------------------------------------------------
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

    -- Conversations ----------------------------------------------------------------------------------------------
    { "recentcontact", "recentcontact", "get_list", "pull a user's conversation list, paged", ref = CN(62118),
      idempotent = true, page = PAGE_SESSIONS },
    { "recentcontact", "recentcontact", "delete", "delete a conversation", idempotent = true },
    -- trtc.io/document/78304 (2026): pin/unpin, 200/s.
    { "recentcontact", "recentcontact", "top", "pin or unpin conversations", ref = TRTC(78304),
      idempotent = true, since = "2026" },
    -- 1047/53437: one conversation group per request.
    { "recentcontact", "recentcontact", "create_contact_group", "create a conversation group",
      ref = INTL(53437), settle = "list the groups with get_contact_group before creating again" },
    { "recentcontact", "recentcontact", "del_contact_group", "delete conversation groups", idempotent = true },
    { "recentcontact", "recentcontact", "update_contact_group", "rename or edit conversation groups",
      idempotent = true },
    { "recentcontact", "recentcontact", "search_contact_group", "find conversations in conversation groups",
      idempotent = true },
    { "recentcontact", "recentcontact", "mark_contact", "set or clear conversation marks", idempotent = true },
    { "recentcontact", "recentcontact", "get_contact_group", "list conversation groups", idempotent = true },

    -- All-member / tag push (legacy all_member_push, then the Push plugin's timpush) ----------------------------
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
    -- 269/89991 (2025-12): "同一个机器人账号 UserID 重复创建仅会创建1个机器人" (creating the same robot UserID
    -- again creates one robot); at most 20 robots per IM account.
    { "robot", "openim_robot_http_svc", "create_robot", "create a robot (UserID starts with @RBT#)",
      ref = CN(89991), idempotent = true, note = "at most 20 robots per account" },
    -- 269/89992: one Robot_Account per call; the robot becomes invalid, its UserID is not deleted.
    { "robot", "openim_robot_http_svc", "delete_robot", "make a robot invalid", ref = CN(89992),
      idempotent = true },
    { "robot", "openim_robot_http_svc", "get_all_robots", "list the app's robots", ref = CN(89993),
      idempotent = true },

    -- Content moderation -----------------------------------------------------------------------------------------
    -- trtc.io/document/77827: "Currently, only Singapore is supported."
    { "audit", "im_msg_audit", "content_moderation", "moderate one text, image, audio or video item",
      ref = TRTC(77827), idempotent = true, regions = SGP,
      note = "text and image answered at once, audio and video by webhook (ContentCallback.ResultNotify)" },
    -- 269/100243 (2025-11, China site): China, Singapore and Seoul, at most 10 items; the international page
    -- (trtc.io/document/77828, 2026-03) names Singapore only.
    { "audit", "im_msg_audit", "batch_content_moderation", "moderate up to 10 texts and images",
      ref = CN(100243), idempotent = true, regions = { "cn", "sgp", "kr" },
      batch = { field = "Contents", max = 10 },
      note = "trtc.io/document/77828 (international) lists Singapore only" },
    { "audit", "im_msg_audit_mgr", "add_local_audit_keywords", "add local moderation keywords",
      settle = "list the keywords with get_local_audit_keywords before adding again",
      note = "local moderation is announced as no longer maintained" },
    { "audit", "im_msg_audit_mgr", "delete_local_audit_keywords", "delete local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_local_audit_keywords", "list local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords_ids", "list cloud keyword library IDs",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords", "list cloud moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "add_cloud_audit_keywords", "add cloud moderation keywords",
      settle = "list the keywords with get_cloud_audit_keywords before adding again" },
    { "audit", "im_msg_audit_mgr", "delete_cloud_audit_keywords", "delete cloud moderation keywords",
      idempotent = true },

    -- Cloud search (plugin; China and Singapore only; 2 requests/s) ---------------------------------------------
    { "search", "user_search", "search", "search users by nickname or exact UserID", ref = CN(114547),
      rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin" },
    -- 269/114549 (2025-11): Count at most 100.
    { "search", "group_search", "search", "search groups by name or exact GroupID", ref = CN(114549),
      rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_GROUPS,
      requires = "cloud search plugin" },
    { "search", "group_member_search", "search", "search group members by name card, nickname or UserID",
      ref = CN(114548), rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_MEMBERS,
      requires = "cloud search plugin" },
    { "search", "im_open_search", "get_no_visibility", "list objects hidden from search", rate = "search",
      idempotent = true, regions = CN_SGP, requires = "cloud search plugin",
      note = "name per README section 2.15 and the doocs SDK" },
    -- 269/114550 "隐藏搜索对象": the setter is set_visibility (IsDisable = true hides the object).
    { "search", "im_open_search", "set_visibility", "hide or show a user, group or member in search",
      ref = CN(114550), rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin" },

    -- Official accounts (IDs prefixed @TOA#_; Flagship or Enterprise) --------------------------------------------
    -- 269/102302 (2025-12): OfficialAccountUserID is optional and caller-chosen (@TOA#_ prefix, 48 bytes).
    { "official", "official_account_open_http_svc", "create_official_account", "create an official account",
      ref = CN(102302), requires = FLAGSHIP,
      settle = "choose the OfficialAccountUserID yourself and read it back with get_official_account_info" },
    { "official", "official_account_open_http_svc", "destroy_official_account", "destroy an official account",
      requires = FLAGSHIP, idempotent = true },
    { "official", "official_account_open_http_svc", "modify_official_account_base_info",
      "modify an official account's profile", requires = FLAGSHIP, idempotent = true },
    { "official", "official_account_open_http_svc", "get_official_account_info",
      "get official account profiles", requires = FLAGSHIP, idempotent = true },
    -- 269/102298 (2026-02): per account at most 1 message/s and 2 broadcasts an hour; "如果5分钟内两条消息的内容
    -- 相同,后面的消息将被当做重复消息而丢弃" (the same content within 5 minutes is dropped as a duplicate), so a
    -- resend of the same body is harmless within that window.
    { "official", "official_account_open_http_svc", "send_official_account_msg",
      "broadcast a message to an official account's subscribers", ref = CN(102298), requires = FLAGSHIP,
      idempotent = true, fill = { "Random" }, dedup_window = 300, dedup_key = { "Official_Account", "MsgBody" },
      per_object = { key = "Official_Account", rate = 1, per_hour = 2 },
      note = "per account: 1 message/s, 2 broadcasts an hour" },
    -- 269/102327: at most 10 MsgKeys per request.
    { "official", "official_account_open_http_svc", "official_account_msg_recall",
      "recall up to 10 official account messages", ref = CN(102327), requires = FLAGSHIP, idempotent = true,
      batch = { field = "MsgKeyList", max = 10 } },
    { "official", "official_account_open_http_svc", "official_account_msg_get_simple",
      "pull an official account's message history", requires = FLAGSHIP, idempotent = true },
    -- 269/102308 (2025-11): at most 100 subscribers per request; each comes back with Result 0 failed,
    -- 1 added, 2 already subscribed, so a repeat is harmless.
    { "official", "official_account_open_http_svc", "add_subscriber", "add up to 100 subscribers",
      ref = CN(102308), requires = FLAGSHIP, idempotent = true, batch = { field = "SubscriberList", max = 100 } },
    { "official", "official_account_open_http_svc", "delete_subscriber", "remove subscribers",
      requires = FLAGSHIP, idempotent = true },
    { "official", "official_account_open_http_svc", "modify_subscriber_info", "modify subscriber data",
      requires = FLAGSHIP, idempotent = true },
    { "official", "official_account_open_http_svc", "get_subscriber_info", "list an account's subscribers",
      requires = FLAGSHIP, idempotent = true },
    { "official", "official_account_open_http_svc", "get_subscribed_official_account_list",
      "list the official accounts a user subscribes to", requires = FLAGSHIP, idempotent = true },
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
-- Every trait name an entry may carry (see the header); the specs and docs/generate.lua read this list.
_M.TRAITS = { "doc", "family", "ref", "rate", "idempotent", "dedup", "dedup_window", "dedup_key", "fill", "batch",
              "page", "regions", "requires", "per_object", "settle", "done_codes", "alias_of", "since", "note" }
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

-- Regional API domains, as every endpoint page lists them (e.g. 269/2566, 269/103785, trtc.io 78304; the 2026
-- pages 269/133874 and trtc.io/zh/document/34921 list Riyadh too). The
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

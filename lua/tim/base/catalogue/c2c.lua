-- tim.base.catalogue.c2c: One-to-one messages
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, READ_HISTORY = C.CN, C.INTL, C.TRTC, C.READ_HISTORY
-- admin_getroammsg (1047/35478): Complete = 1 when done, else ask again with MaxTime = LastMsgTime and LastMsgKey.
local PAGE_ROAMMSG = { items = "MsgList", carry = { MaxTime = "LastMsgTime", LastMsgKey = "LastMsgKey" },
                       stop = { Complete = 1 } }

return {
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
}

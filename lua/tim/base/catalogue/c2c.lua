-- tim.base.catalogue.c2c: One-to-one messages
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, READ_HISTORY = C.CN, C.INTL, C.TRTC, C.READ_HISTORY
-- admin_getroammsg (1047/35478): Complete = 1 when done, else ask again with MaxTime = LastMsgTime and LastMsgKey.
local PAGE_ROAMMSG = { items = "MsgList", carry = { MaxTime = "LastMsgTime", LastMsgKey = "LastMsgKey" },
                       stop = { Complete = 1 } }
-- A C2C message's members as sendmsg, importmsg and admin_getroammsg write them alike
local RECIPIENT = { "To_Account", "string", doc = "the recipient" }
local MSG_SEQ = { "MsgSeq", "integer", doc = "the message's sequence number" }
local MSG_RANDOM = { "MsgRandom", "integer", doc = "the message's random number" }
local MSG_TIME = { "MsgTimeStamp", "integer", doc = "the message's time, Unix seconds" }
local MSG_BODY = { "MsgBody", "MsgBody", doc = "the message elements" }
local CLOUD_DATA = { "CloudCustomData", "string", doc = "custom data stored with the message" }

return {
    -- 269/2282 (2026-02): the dedup key is sender + MsgSeq + MsgRandom + CRC32(content), valid 120 s.
    { "c2c", "openim", "sendmsg", "send a C2C message (as admin or as another sender)", ref = CN(2282),
      dedup = { "MsgRandom", "MsgSeq" }, dedup_window = 120,
      dedup_key = { "From_Account", "MsgSeq", "MsgRandom", "MsgBody (CRC32)" },
      settle = "resend within 120 s with the same MsgRandom and MsgSeq; later, " .. READ_HISTORY,
      -- the C2C codes name their fields (the IM error list behind tim.errors: 90002 MsgBody's format, 90003
      -- To_Account, 90005 MsgRandom, 90008 From_Account)
      invalid_fields = { MsgBody = 90002, To_Account = 90003, MsgRandom = 90005, From_Account = 90008 },
      note = "MsgSeq also orders messages sent in the same second; trial and dev editions: 1000 messages/day; "
          .. "friendship, blocklist and mute are not checked; SendMsgControl WithMuteNotifications makes it "
          .. "honour the recipient's do-not-disturb setting",
      -- cloud.tencent.com/document/api/269/2282 (compact): the opening and the first sample only; the field tables
      -- lie beyond what the copies show (the English 1047/34919 on trtc.io and its ja/ko copies stop at the URL
      -- table). The tree is the sample's members plus From_Account, which the page's text names
      -- (SyncOtherMachine 1 syncs the message to From_Account, 2 does not). MsgLifeTime, ForbidCallbackControl,
      -- SendMsgControl, OfflinePushInfo, IsNeedReadReceipt and the rest were not read: the check passes names it
      -- does not know.
      read = "2026-12-07", seen = "example",
      unread = "the request and answer field tables, the later samples, the error codes",
      request = {
          { "SyncOtherMachine", "integer", enum = { 1, 2 },
            doc = "1: also to the sender's devices and history, 2: not" },
          { "From_Account", "string", doc = "the sender shown (default: the admin)" },
          RECIPIENT,
          { "MsgSeq", "integer", doc = "the sender's sequence number (orders messages of the same second)" },
          { "MsgRandom", "integer", doc = "a random number (part of the dedup key)" },
          MSG_BODY,
          CLOUD_DATA,
          { "SupportMessageExtension", "integer", doc = "1: the message accepts extensions (the sample: 0)" },
      },
      example = { request = [[{"SyncOtherMachine":2,"To_Account":"lumotuwe2","MsgSeq":93847636,"MsgRandom":1287657,]]
                      .. [["MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],]]
                      .. [["CloudCustomData":"your cloud custom data","SupportMessageExtension":0}]] } },
    -- 269/1612 (2026-02-04, read 2026-12-07): at most 500 recipients per call, no callbacks; 200/s and 12 000
    -- messages/min counted per recipient.
    { "c2c", "openim", "batchsendmsg", "send one C2C message to up to 500 users (no callbacks)", ref = CN(1612),
      rate = "batchsendmsg", batch = { field = "To_Account", max = 500 }, fill = { "MsgRandom" },
      settle = READ_HISTORY .. "; resend only to the recipients that lack it",
      note = "no documented dedup: never resent after it may have been processed",
      -- cloud.tencent.com 269/1612 and tencentcloud.com/jp 1047/34920: the opening only (the first sample is cut).
      -- Named there: To_Account (an array), SyncOtherMachine, MsgSeq, MsgRandom, MsgBody, From_Account,
      -- SendMsgControl (WithMuteNotifications).
      read = "2026-12-07", seen = "opening", unread = "the samples (cut off), the field tables, the error codes",
      differs = "for a message that counts no unread and keeps no history, 269/1612 (2026-02-04) says set "
          .. "OnlineOnlyFlag to 1, tencentcloud.com/jp 1047/34920 says set MsgLifeTime to 0 and trtc.io/document/34920 "
          .. "says set MsgLifeTime to 1; no tree is written until the tables are read" },
    -- 269/2568 (2025-12): duplicates (same MsgSeq + MsgRandom + MsgTimeStamp in one conversation, whatever the
    -- content) are ignored and never overwrite the first import, so a resend is harmless.
    { "c2c", "openim", "importmsg", "import a historical C2C message", ref = CN(2568),
      dedup = { "MsgRandom" }, dedup_key = { "MsgSeq", "MsgRandom", "MsgTimeStamp" },
      note = "no callback; updates the conversation; SyncFromOldSystem 5 = real-time import during migration "
          .. "(counts unread, pushed)",
      -- tencentcloud.com/zh/document/product/1047/35014 (compact): both samples and the request table's first two
      -- rows (SyncFromOldSystem: required, only 2 or 5; From_Account: required); the other members come from the
      -- samples, so the check passes names it does not know.
      read = "2026-12-07", seen = "example",
      unread = "the request table after From_Account, the answer table and sample, the error codes",
      request = {
          { "SyncFromOldSystem", "integer", required = true, enum = { 2, 5 },
            doc = "2: history (no unread, no push), 5: real-time import during migration (unread, pushed)" },
          { "From_Account", "string", required = true, doc = "the sender" },
          RECIPIENT,
          MSG_SEQ,
          MSG_RANDOM,
          MSG_TIME,
          MSG_BODY,
          CLOUD_DATA,
      },
      example = { request = [[{"SyncFromOldSystem":5,"From_Account":"lumotuwe1","To_Account":"lumotuwe2",]]
                      .. [["MsgSeq":827092,"MsgRandom":1287657,"MsgTimeStamp":1556178721,"MsgBody":]]
                      .. [[[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi, beauty"}}],]]
                      .. [["CloudCustomData":"your cloud custom data"}]] } },
    { "c2c", "openim", "admin_getroammsg", "pull the C2C history between two users", ref = INTL(35478),
      idempotent = true, page = PAGE_ROAMMSG,
      -- tencentcloud.com/zh/document/product/1047/35478 (compact) and its ko/jp copies: the samples (first query,
      -- its answer, the continuation query); the field tables lie beyond what the copies show. The answer sample
      -- lists two of its twelve messages ("{ ... }" on the page) and carries comments; both are dropped here.
      read = "2026-12-07", seen = "example", unread = "the request and answer field tables, the error codes",
      request = {
          { "Operator_Account", "string", doc = "the user from whose side the history is read" },
          { "Peer_Account", "string", doc = "the other user" },
          { "MaxCnt", "integer", doc = "the most messages to return" },
          { "MinTime", "integer", doc = "the start of the time range, Unix seconds" },
          { "MaxTime", "integer", doc = "the end of the time range (next page: the answer's LastMsgTime)" },
          { "LastMsgKey", "string", doc = "next page: the answer's LastMsgKey" },
      },
      answer = {
          { "Complete", "integer", doc = "1: all messages of the range came, 0: ask again" },
          { "MsgCnt", "integer", doc = "messages in this answer" },
          { "LastMsgTime", "integer", doc = "the time of the last message returned" },
          { "LastMsgKey", "string", doc = "the MsgKey of the last message returned" },
          { "MsgList", "array", doc = "the messages", fields = {
              { "From_Account", "string", doc = "the sender" },
              RECIPIENT,
              MSG_SEQ,
              MSG_RANDOM,
              MSG_TIME,
              { "MsgFlagBits", "integer", doc = "flags: marks a recalled message" },
              { "IsPeerRead", "integer", doc = "1: the recipient sent a read receipt" },
              { "MsgKey", "string", doc = "the message's key" },
              MSG_BODY,
              CLOUD_DATA,
          } },
      },
      example = { request = [[{"Operator_Account":"user2","Peer_Account":"user1","MaxCnt":100,"MinTime":1584669600,]]
                      .. [["MaxTime":1584669680,"LastMsgKey":"549396494_2578554_1584669680"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"Complete":0,"MsgCnt":12,]]
                      .. [["LastMsgTime":1584669680,"LastMsgKey":"549396494_2578554_1584669680","MsgList":[]]
                      .. [[{"From_Account":"user1","To_Account":"user2","MsgSeq":549396494,"MsgRandom":2578554,]]
                      .. [["MsgTimeStamp":1584669680,"MsgFlagBits":0,"IsPeerRead":0,]]
                      .. [["MsgKey":"549396494_2578554_1584669680","MsgBody":[{"MsgType":"TIMTextElem",]]
                      .. [["MsgContent":{"Text":"msg 1"}}],"CloudCustomData":"your cloud custom data"},]]
                      .. [[{"From_Account":"user2","To_Account":"user1","MsgSeq":1054803289,"MsgRandom":7201,]]
                      .. [["MsgTimeStamp":1584669689,"MsgFlagBits":0,"IsPeerRead":0,]]
                      .. [["MsgKey":"1054803289_7201_1584669689","MsgBody":[{"MsgType":"TIMTextElem",]]
                      .. [["MsgContent":{"Text":"msg 2"}}],"CloudCustomData":"your cloud custom data"}]}]] } },
    -- 269/38980, 1047/35015: a message that does not exist answers 20022, one already recalled 20023 (so a
    -- repeat is harmless and says so). Recalls have no time limit while the message is in roaming storage.
    { "c2c", "openim", "admin_msgwithdraw", "recall a C2C message by MsgKey", ref = CN(38980),
      idempotent = true, done_codes = { 20023 },
      invalid_fields = { To_Account = 90003, From_Account = 90008, MsgKey = 90054 },
      -- tencentcloud.com/document/product/1047/35015 (compact copy): the request and answer tables, the samples;
      -- tencentcloud.com/zh 1047/35015: the error codes (90001 JSON unparsable, 90003 / 90008 To_Account /
      -- From_Account missing or unknown, 90009 not an admin, 90054 bad MsgKey, 91000 internal).
      read = "2026-12-07", seen = "fields",
      request = {
          { "From_Account", "string", required = true, doc = "the message's sender" },
          { "To_Account", "string", required = true, doc = "the message's recipient" },
          { "MsgKey", "string", required = true, doc = "the message to recall (from sendmsg, batchsendmsg answers)" },
      },
      answer = {},
      codes = { 20022, 20023, 90001, 90003, 90008, 90009, 90054, 91000 },
      invalid = 90001,
      example = { request = [[{"From_Account":"vinson","To_Account":"dramon","MsgKey":"31906_833502_1572869830"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/38996: 200 calls/s.
    { "c2c", "openim", "admin_set_msg_read", "mark a C2C conversation read", ref = TRTC("zh/document/38996"),
      idempotent = true,
      -- trtc.io/document/38996 and tencentcloud.com/jp/document/product/1047/38996 (compact): the tables, the
      -- samples and the codes specific to the endpoint.
      read = "2026-12-07", seen = "fields", unread = "the Chinese page (not found)",
      request = {
          { "Report_Account", "string", required = true, doc = "the user whose messages become read" },
          { "Peer_Account", "string", required = true, doc = "the other user of the conversation" },
          { "MsgReadTime", "string", doc = "Unix seconds: messages before it become read (default now); the page "
              .. "types it String" },
      },
      answer = {},
      codes = { 90001, 90003, 90008 },
      invalid = 90001,
      example = { request = [[{"Report_Account":"dramon1","Peer_Account":"dramon2"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/41046 (269/56043): Peer_Account holds at most 10 UserIDs; without it the answer is the total count.
    { "c2c", "openim", "get_c2c_unread_msg_num", "get C2C unread counts", ref = INTL(41046), ref_zh = CN(56043),
      idempotent = true, batch = { field = "Peer_Account", max = 10 },
      -- tencentcloud.com/ko/document/product/1047/41046 (compact English), its zh copy and cloud.tencent.cn
      -- 269/56043: the request table, the samples, the whole answer table and the first error code (90001, JSON
      -- unparsable). An ErrorList entry's ErrorCode 70107 means the peer account does not exist.
      read = "2026-12-07", seen = "fields", unread = "the error code table after 90001",
      request = {
          { "To_Account", "string", required = true, doc = "the user whose unread counts are read" },
          { "Peer_Account", "array", items = "string", max_items = 10,
            doc = "the other users of the conversations to count (else the total of all)" },
      },
      answer = {
          { "AllC2CUnreadMsgNum", "integer", doc = "unread messages over all C2C conversations" },
          { "C2CUnreadMsgNumList", "array", doc = "one entry per Peer_Account", fields = {
              { "Peer_Account", "string", doc = "the other user" },
              { "C2CUnreadMsgNum", "integer", doc = "unread messages in that conversation" },
          } },
          { "ErrorList", "array", doc = "the peers that could not be counted", fields = {
              { "Peer_Account", "string", doc = "the other user" },
              { "ErrorCode", "integer", doc = "why (70107: the account does not exist)" },
          } },
      },
      invalid = 90001,
      example = { request = [[{"To_Account":"dramon1","Peer_Account":["dramon2","teacher"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"C2CUnreadMsgNumList":]]
                      .. [[[{"Peer_Account":"dramon2","C2CUnreadMsgNum":12},]]
                      .. [[{"Peer_Account":"teacher","C2CUnreadMsgNum":12}]}]] } },
    -- 1047/47722 (269/74740): MsgBody, CloudCustomData or both replace the stored ones; 200 calls/s.
    { "c2c", "openim", "modify_c2c_msg", "modify a historical C2C message", ref = INTL(47722), ref_zh = CN(74740),
      idempotent = true, note = "a modified message cannot be restored; push-plugin messages cannot be modified",
      -- tencentcloud.com/document/product/1047/47722 (compact): the three samples and the request table up to
      -- MsgBody; CloudCustomData from the samples and the opening (only MsgBody and CloudCustomData change).
      read = "2026-12-07", seen = "fields",
      unread = "the request table after MsgBody, the answer table and sample, the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the message's sender" },
          { "To_Account", "string", required = true, doc = "the message's recipient" },
          { "MsgKey", "string", required = true, doc = "the message to modify" },
          { "MsgBody", "MsgBody", doc = "the new message elements" },
          { "CloudCustomData", "string", doc = "the new custom data" },
      },
      example = { request = [[{"From_Account":"dramon1","To_Account":"dramon2","MsgKey":"1_2_3","MsgBody":]]
                      .. [[[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello"}}],]]
                      .. [["CloudCustomData":"your cloud custom data"}]] } },
    -- 269/101439 (2025-12): at most 30 MsgKeys per call; only the operator's history loses them.
    { "c2c", "openim", "delete_c2c_msg_ramble", "delete C2C history one-way", ref_zh = CN(101439),
      idempotent = true, batch = { field = "MsgKeyList", max = 30 },
      read = "2026-12-07", seen = "fields", unread = "the answer table after ActionStatus, the error codes, the "
          .. "English page (not found)",
      request = {
          { "Operator_Account", "string", required = true, doc = "the user in whose history the messages go" },
          { "Peer_Account", "string", required = true, doc = "the other user of the conversation" },
          { "MsgKeyList", "array", items = "string", required = true, max_items = 30,
            doc = "the MsgKeys of the messages to delete" },
      },
      answer = {},
      example = { request = [[{"Operator_Account":"user0","Peer_Account":"user1","MsgKeyList":]]
                      .. [[["1472765512_1000001_1697790495","1085536171_2000001_1697790694"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 269/104121 (2025-12) and trtc.io/document/77776 (2026): Operator_Account, Peer_Account, C2CMsgInfo.
    { "c2c", "openim", "c2c_msg_read_receipt", "send C2C read receipts for given messages", ref = CN(104121),
      idempotent = true,
      -- trtc.io/ja/document/77776 and tencentcloud.com/jp/document/product/1047/77776 (English, 2026-02-24): the
      -- request table and the samples; cloud.tencent.com 269/104121 (2025-12-05): the same, the whole answer table
      -- (ErrorCode, ErrorInfo, ActionStatus only) and the first private codes (20001 bad request, 20002 ...).
      read = "2026-12-07", seen = "fields", unread = "the error code table after 20001",
      request = {
          { "Operator_Account", "string", required = true, doc = "the reader sending the receipts" },
          { "Peer_Account", "string", required = true, doc = "the other user (the messages' sender)" },
          { "C2CMsgInfo", "array", required = true, doc = "the messages read", fields = {
              { "From_Account", "string", required = true, doc = "the sender: equals Peer_Account" },
              { "To_Account", "string", required = true, doc = "the recipient: equals Operator_Account" },
              { "MsgKey", "string", required = true, doc = "the message" },
          } },
      },
      answer = {},
      example = { request = [[{"Operator_Account":"user1","Peer_Account":"user2","C2CMsgInfo":[{"From_Account":]]
                      .. [["user2","To_Account":"user1","MsgKey":"1467329515_5675354_1708676941"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 1047/47948 (269/74741, 2025-12-05): not for audio-video groups; 200 calls/s.
    { "c2c", "openim", "modify_group_msg", "modify a historical group message (served under openim)",
      ref = INTL(47948), ref_zh = CN(74741), idempotent = true,
      note = "audio-video (AVChatRoom) groups excluded; a modified message cannot be restored",
      -- cloud.tencent.com 269/74741 and tencentcloud.com 1047/47948 (compact): the samples and the request table
      -- up to CloudCustomData (GroupId and MsgSeq required); what follows it was not read, so the tree is checked
      -- as one taken from samples (unknown names pass).
      read = "2026-12-07", seen = "example",
      unread = "the request table after CloudCustomData, the answer table and sample, the error codes",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "MsgSeq", "integer", required = true, doc = "the message's sequence number in the group" },
          { "MsgBody", "MsgBody", doc = "the new message elements" },
          { "CloudCustomData", "string", doc = "the new custom data" },
      },
      example = { request = [[{"GroupId":"@TGS#1HYEP2SHC","MsgSeq":23,"MsgBody":[{"MsgType":"TIMTextElem",]]
                      .. [["MsgContent":{"Text":"hello"}}],"CloudCustomData":"your cloud custom data"}]] } },
}

-- tim.base.catalogue.msg_ext: Message extensions (Flagship or Enterprise, console switch)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, FLAGSHIP = C.CN, C.INTL, C.TRTC, C.FLAGSHIP

-- The extension list an answer carries (members from the samples: Key, Value, Seq).
local function ext_list(doc)
    return { "ExtensionList", "array", doc = doc, fields = {
        { "Key", "string", doc = "the key" },
        { "Value", "string", doc = "the value" },
        { "Seq", "integer", doc = "the key's version" },
    } }
end

-- The answer of get_key_values and group_get_key_values (the table's order: ExtensionList, CompleteFlag,
-- LatestSeq; ClearSeq from the samples).
local function get_answer()
    return {
        ext_list("the key-values sorted by Seq, at most 200 per answer"),
        { "CompleteFlag", "integer", enum = { 0, 1 }, doc = "1: every key-value came, 0: ask again with StartSeq" },
        { "LatestSeq", "integer", doc = "the newest Seq on the server" },
        { "ClearSeq", "integer", doc = "the Seq of the last clear (the samples: 0)" },
    }
end

-- The key-values a set request carries (269/82030 and tencentcloud.com/zh 1047/51195: Key and Value required, at
-- most 100 and 1000 bytes; Seq's row is cut after "非App", i.e. its condition was not read).
local function set_list(read_table)
    return { "ExtensionList", "array", max_items = read_table and 20 or nil,
        doc = "the key-values to set or delete (required for OperateType 1 and 2; at most 20)", fields = {
            { "Key", "string", required = read_table, max_bytes = read_table and 100 or nil, doc = "the key" },
            { "Value", "string", required = read_table, max_bytes = read_table and 1000 or nil,
              doc = "the value (empty when deleting)" },
            { "Seq", "integer", doc = "the key's version last seen (0 for a new key)" },
        } }
end

-- A C2C message as the C2C pages name it (269/82029, 269/82030), and the get pages' StartSeq
local SENDER = { "From_Account", "string", doc = "the message's sender" }
local RECIPIENT = { "To_Account", "string", required = true, doc = "the message's recipient" }
local MSG_KEY = { "MsgKey", "string", required = true, doc = "the C2C message" }
local START_SEQ = { "StartSeq", "integer", doc = "return the key-values whose Seq is at least this" }
-- what the two get pages say and what of them was read, alike
local GET_NOTE = "at most 200 key-values per answer: ask again with StartSeq; 300 key-values per message"
local GET_UNREAD = "the answer table after LatestSeq (ClearSeq and the list's members are from the sample), the codes"

return {
    -- 269/82029: at most 200 key-values per answer (ask again with StartSeq), CompleteFlag = 1 when all came.
    { "msg_ext", "openim_msg_ext_http_svc", "get_key_values", "get the extensions of a C2C message",
      ref = CN(82029), requires = FLAGSHIP, idempotent = true,
      note = GET_NOTE,
      -- cloud.tencent.com 269/82029 (2025-11-03): the request table and the samples; tencentcloud.com/zh
      -- 1047/51194 (compact): the same and the answer table up to LatestSeq.
      read = "2026-12-07", seen = "fields",
      unread = GET_UNREAD,
      request = {
          SENDER,
          RECIPIENT,
          MSG_KEY,
          START_SEQ,
      },
      answer = get_answer(),
      example = { request = [[{"From_Account":"62768","To_Account":"116400","MsgKey":"44739199_12_1665388280",]]
                      .. [["StartSeq":2}]],
                  answer = [[{"ErrorCode":0,"ErrorInfo":"","ActionStatus":"OK","CompleteFlag":1,"LatestSeq":2,]]
                      .. [["ClearSeq":0,"ExtensionList":[{"Key":"k1","Value":"v1","Seq":1},]]
                      .. [[{"Key":"k2","Value":"v2","Seq":1},{"Key":"k3","Value":"v3","Seq":2}]}]] } },
    -- trtc.io/document/51195 (269/82030): OperateType 1 set / 2 delete / 3 clear, each key carrying its Seq (a
    -- version); at most 20 key-values per request, key <= 100 bytes, value <= 1000 bytes.
    { "msg_ext", "openim_msg_ext_http_svc", "set_key_values", "set the extensions of a C2C message",
      ref = TRTC(51195), requires = FLAGSHIP,
      settle = "read the extensions with get_key_values: the Seq of each key tells whether the write landed",
      -- tencentcloud.com/zh/document/product/1047/51195 (compact): the three samples and the request tables up to
      -- ExtensionList[].Seq (cut); cloud.tencent.com 269/82030 (2025-11-03): the opening and the samples.
      read = "2026-12-07", seen = "fields",
      unread = "ExtensionList[].Seq's condition, the answer table and sample, the error codes",
      request = {
          SENDER,
          RECIPIENT,
          MSG_KEY,
          { "OperateType", "integer", required = true, enum = { 1, 2, 3 },
            doc = "1 set key-values, 2 delete them, 3 clear all" },
          set_list(true),
      },
      example = { request = [[{"From_Account":"62768","To_Account":"116400","MsgKey":"44739199_12_1665388280",]]
                      .. [["OperateType":1,"ExtensionList":[{"Key":"k1","Value":"v1","Seq":0},]]
                      .. [[{"Key":"k2","Value":"v2","Seq":0},{"Key":"k3","Value":"v3","Seq":0}]}]] } },
    -- 1047/52169 (269/82031): Private (Work), Public and ChatRoom (Meeting) groups, not AVChatRoom.
    { "msg_ext", "openim_msg_ext_http_svc", "group_get_key_values", "get the extensions of a group message",
      ref = INTL(52169), ref_zh = CN(82031), requires = FLAGSHIP, idempotent = true,
      note = GET_NOTE,
      -- cloud.tencent.com 269/82031 (2025-11-04): the group types, the request table and the samples;
      -- tencentcloud.com/zh 1047/52169 (compact): the same and the answer table up to LatestSeq.
      read = "2026-12-07", seen = "fields",
      unread = GET_UNREAD,
      differs = "Community groups: 269/82031 (2025-11-04) supports them, 1047/52169 (English and its zh copy) does "
          .. "not; the Chinese page is the newer",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "MsgSeq", "integer", required = true, doc = "the group message's sequence number" },
          START_SEQ,
      },
      answer = get_answer(),
      example = { request = [[{"GroupId":"@TGS#1YMVAB3IZ","MsgSeq":158,"StartSeq":2}]],
                  answer = [[{"ErrorCode":0,"ErrorInfo":"","ActionStatus":"OK","CompleteFlag":1,"LatestSeq":2,]]
                      .. [["ClearSeq":0,"ExtensionList":[{"Key":"key1","Value":"1","Seq":1},]]
                      .. [[{"Key":"key2","Value":"2","Seq":1},{"Key":"key3","Value":"3","Seq":2}]}]] } },
    -- 1047/52170 (269/82032): the same group types as group_get_key_values.
    { "msg_ext", "openim_msg_ext_http_svc", "group_set_key_values", "set the extensions of a group message",
      ref = INTL(52170), ref_zh = CN(82032), requires = FLAGSHIP,
      settle = "read the extensions with group_get_key_values: the Seq of each key tells whether the write "
            .. "landed",
      -- cloud.tencent.com 269/82032 (2025-11-03) and tencentcloud.com 1047/52170 (2025-10-23): the opening and
      -- the samples (the first has a stray comma after its last pair, dropped here); tencentcloud.com/jp
      -- 1047/52170 (docs index): the three samples (set, delete, clear with OperateType 3) and the request table's
      -- first row (GroupId, required). The rest of the table was not read, so the record stays lenient.
      read = "2026-12-07", seen = "example",
      unread = "the request table after GroupId, the answer table and sample, the error codes",
      differs = "Community groups: 269/82032 (2025-11-03) supports them, 1047/52170 (2025-10-23) does not; the "
          .. "Chinese page is the newer",
      request = {
          { "GroupId", "string", required = true, doc = "the group" },
          { "MsgSeq", "integer", doc = "the group message's sequence number" },
          { "OperateType", "integer", enum = { 1, 2, 3 },
            doc = "1 set key-values, 2 delete them, 3 clear all (the three samples)" },
          set_list(false),
      },
      example = { request = [[{"GroupId":"@TGS#1YMVAB3IZ","MsgSeq":158,"OperateType":1,"ExtensionList":[]]
                      .. [[{"Key":"key1","Value":"value1","Seq":0},{"Key":"key2","Value":"value2","Seq":0}]}]] } },
}

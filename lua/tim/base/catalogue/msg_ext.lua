-- tim.base.catalogue.msg_ext: Message extensions (Flagship or Enterprise, console switch)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, TRTC, FLAGSHIP = C.CN, C.TRTC, C.FLAGSHIP

return {
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
}

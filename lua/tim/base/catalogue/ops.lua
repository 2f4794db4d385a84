-- tim.base.catalogue.ops: Operations
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN = C.CN

return {
    { "ops", "openconfigsvr", "getappinfo", "get the app's operating statistics", idempotent = true },
    -- 269/1650: at most 10 calls/s.
    { "ops", "open_msg_svc", "get_history", "get download links of hourly message-record files",
      ref = CN(1650), rate = "history", idempotent = true },
    { "ops", "ConfigSvc", "GetIPList", "get the IM servers' egress IPs (callback allow-lists)",
      idempotent = true },
    { "ops", "im_cos_msg", "forbid_illegal_object", "ban a chat file", idempotent = true },
    { "ops", "im_cos_msg", "allow_banned_object", "lift the ban on a chat file", idempotent = true },
    { "ops", "im_cos_msg", "get_cos_sig", "get a signed URL for a chat file", idempotent = true },
}

-- tim.base.catalogue.official: Official accounts (IDs prefixed @TOA#_; Flagship or Enterprise)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, FLAGSHIP = C.CN, C.FLAGSHIP

return {
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

-- tim.base.catalogue.accounts: Accounts
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL

return {
    -- 1047/34953: "If the same account is imported to IM repeatedly, only one internal ID will be created."
    { "accounts", "im_open_login_svc", "account_import", "import one account (UserID, Nick, FaceUrl)",
      ref = INTL(34953), idempotent = true, note = "importing an existing account updates it",
      -- trtc.io/ja/document/34953 (the same page, whole): request and response field tables.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "UserID", "string", required = true, max_bytes = 32, doc = "user name, up to 32 bytes" },
          { "Nick", "string", doc = "nickname" },
          { "FaceUrl", "string", doc = "profile photo URL" },
      },
      answer = {},
      example = { request = [[{"UserID":"test","Nick":"test","FaceUrl":"http://www.qq.com"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
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
}

-- tim.base.catalogue.accounts: Accounts
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL

-- query_online_status and its legacy name share one shape (1047/35477).
local QUERY_ONLINE_REQUEST = {
    { "To_Account", "array", required = true, items = "string", max_items = 500,
      doc = "the UserIDs to query, at most 500" },
    { "IsNeedDetail", "integer", enum = { 0, 1 }, doc = "1: give each account's login platforms" },
}
local STATES = { "Online", "PushOnline", "Offline" }
local QUERY_ONLINE_ANSWER = {
    { "QueryResult", "array", doc = "one entry per imported account", fields = {
        { "To_Account", "string", doc = "the account" },
        { "State", "string", enum = STATES, doc = "Online, PushOnline (offline push only) or Offline" },
        { "Detail", "array", doc = "per platform, with IsNeedDetail = 1", fields = {
            { "Platform", "string", doc = "the login platform (IPhone, Web, ...)" },
            { "Status", "string", enum = STATES, doc = "the state on that platform" },
        } },
    } },
    { "ErrorList", "array", doc = "accounts that could not be queried", fields = {
        { "To_Account", "string", doc = "the account" },
        { "ErrorCode", "integer", doc = "why (70107: not imported)" },
    } },
}

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
    -- 1047/34954 (tencentcloud.com copy, 2026): up to 100 accounts per call, 100 calls/s; repeated import creates
    -- one internal ID; an existing account is updated with the new parameters. Two body forms: the older
    -- Accounts = { "UserID", ... } (plain strings) and the newer AccountList = { { UserID, Nick, FaceUrl }, ... },
    -- where each item's UserID is required (the older copies, trtc.io/ko and tencentcloud.com/zh, show only
    -- Accounts and say nicknames and photos cannot be imported).
    { "accounts", "im_open_login_svc", "multiaccount_import", "import up to 100 accounts",
      ref = INTL(34954), rate = "rate100", idempotent = true, batch = { field = "AccountList", max = 100 },
      note = "the older body form is Accounts = { \"UserID\", ... } (strings only, same limits); send one form",
      -- tencentcloud.com/document/product/1047/34954: both request tables, the answer table; the error table was
      -- cut off. The older tencentcloud.com/zh copy lists 70402 for an invalid parameter.
      read = "2026-12-07", seen = "fields", unread = "the error code table (only its first row, 40006)",
      invalid = 70402,
      request = {
          { "AccountList", "array", max_items = 100, doc = "accounts to import (newer form; send this or Accounts)",
            fields = {
                { "UserID", "string", required = true, max_bytes = 32, doc = "user name, up to 32 bytes" },
                { "Nick", "string", doc = "nickname" },
                { "FaceUrl", "string", doc = "profile photo URL" },
            } },
          { "Accounts", "array", items = "string", max_items = 100, max_bytes = 32,
            doc = "user names to import (older form), each up to 32 bytes" },
      },
      answer = {
          { "FailAccounts", "array", items = "string", doc = "accounts that failed to import" },
      },
      example = { request = [[{"AccountList":[{"UserID":"UserID_001","Nick":"Nick_001","FaceUrl":"http://www.qq.com"},]]
                      .. [[{"UserID":"UserID_002","Nick":"Nick_002","FaceUrl":"http://www.qq.com"},]]
                      .. [[{"UserID":"UserID_002","Nick":"Nick_001","FaceUrl":"http://www.qq.com"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","FailAccounts":["UserID_002",]]
                      .. [["UserID_003"]}]] } },
    -- 1047/34955: DeleteItem, up to 100 accounts per request. 269/36443 (read via its cloud.tencent.cn copy): at
    -- most 100 calls/s (the English page gives no rate).
    { "accounts", "im_open_login_svc", "account_delete", "delete up to 100 accounts (irrecoverable)",
      ref = INTL(34955), ref_zh = CN(36443), rate = "rate100", idempotent = true,
      batch = { field = "DeleteItem", max = 100 },
      -- tencentcloud.com/document/product/1047/34955 and the cloud.tencent.cn copy of 269/36443: the same tables.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "DeleteItem", "array", required = true, max_items = 100, doc = "accounts to delete", fields = {
              { "UserID", "string", required = true, doc = "the account to delete" },
          } },
      },
      answer = {
          { "ResultItem", "array", doc = "one result per account", fields = {
              { "ResultCode", "integer", doc = "0 deleted, else the error" },
              { "ResultInfo", "string", doc = "why the account was not deleted" },
              { "UserID", "string", doc = "the account" },
          } },
      },
      example = { request = [[{"DeleteItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"ResultCode":0,]]
                      .. [["ResultInfo":"","UserID":"UserID_1"},{"ResultCode":70107,]]
                      .. [["ResultInfo":"Err_TLS_PT_Open_Login_Account_Not_Exist","UserID":"UserID_2"}]}]] } },
    -- 1047/34956: CheckItem, up to 100 accounts; 100 times/second.
    { "accounts", "im_open_login_svc", "account_check", "check whether accounts are imported",
      ref = INTL(34956), rate = "rate100", idempotent = true, batch = { field = "CheckItem", max = 100 },
      -- trtc.io/document/34956: the request table; the answer table was cut off after ResultItem[].UserID (the
      -- rest from the sample).
      read = "2026-12-07", seen = "fields", unread = "the answer table past UserID, the error code table",
      request = {
          { "CheckItem", "array", required = true, max_items = 100, doc = "accounts to check", fields = {
              { "UserID", "string", required = true, doc = "the account to check" },
          } },
      },
      answer = {
          { "ResultItem", "array", doc = "one result per account", fields = {
              { "UserID", "string", doc = "the account" },
              { "ResultCode", "integer", doc = "0 checked, else the error" },
              { "ResultInfo", "string", doc = "why the check failed" },
              { "AccountStatus", "string", enum = { "Imported", "NotImported" }, doc = "whether it is imported" },
          } },
      },
      example = { request = [[{"CheckItem":[{"UserID":"UserID_1"},{"UserID":"UserID_2"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ResultItem":[{"UserID":"UserID_1",]]
                      .. [["ResultCode":0,"ResultInfo":"","AccountStatus":"Imported"},{"UserID":"UserID_2",]]
                      .. [["ResultCode":0,"ResultInfo":"","AccountStatus":"NotImported"}]}]] } },
    -- 1047/34957: one account per call; the user logs in again with a new UserSig; 200 calls/s. The 2020 copy
    -- (intl.cloud.tencent.com) named the field Identifier; the current one UserID.
    { "accounts", "im_open_login_svc", "kick", "invalidate one account's login state", ref = INTL(34957),
      idempotent = true,
      -- trtc.io/document/34957: the request table and the samples.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "UserID", "string", required = true, doc = "the account whose login state ends" },
      },
      answer = {},
      example = { request = [[{"UserID":"test"}]], answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 269/2566 (1047/35477): To_Account, at most 500 UserIDs per query; 200 calls/s.
    { "accounts", "openim", "query_online_status", "query online status (optionally per platform)",
      ref = CN(2566), idempotent = true, batch = { field = "To_Account", max = 500 },
      -- trtc.io/ko/document/35477 and tencentcloud.com/ko/document/product/1047/35477: the request table and the
      -- samples (the answer tree is from the samples, whose JSON lacks a comma and has trailing commas: fixed).
      read = "2026-12-07", seen = "fields", unread = "the answer field table, the error code table",
      request = QUERY_ONLINE_REQUEST, answer = QUERY_ONLINE_ANSWER,
      example = { request = [[{"IsNeedDetail":1,"To_Account":["id1","id2","id4"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"QueryResult":[{"To_Account":"id1",]]
                      .. [["State":"Online","Detail":[{"Platform":"IPhone","Status":"PushOnline"},{"Platform":"Web",]]
                      .. [["Status":"Online"}]},{"To_Account":"id2","State":"Offline"}],"ErrorList":[{"To_Account":]]
                      .. [["id4","ErrorCode":70107}]}]] } },
    { "accounts", "openim", "querystate", "legacy name of query_online_status", ref = CN(2566),
      idempotent = true, batch = { field = "To_Account", max = 500 }, alias_of = "openim/query_online_status",
      read = "2026-12-07", seen = "fields", request = QUERY_ONLINE_REQUEST, answer = QUERY_ONLINE_ANSWER },
}

-- tim.base.catalogue.mute: Global mute
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local INTL = C.INTL

local U32 = 4294967295

return {
    -- 1047/34923: C2C mute makes sends fail with 20012, group mute with 10017; 4294967295 mutes for good; 200
    -- calls/s.
    { "mute", "openconfigsvr", "setnospeaking", "set a user's global C2C/group mute", ref = INTL(34923),
      idempotent = true,
      -- intl.cloud.tencent.com/document/product/1047/34923: both tables (the page notes that the two times are
      -- optional but one of them must be given).
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "Set_Account", "string", required = true, doc = "the account to mute" },
          { "C2CmsgNospeakingTime", "integer", min = 0, max = U32,
            doc = "C2C mute in seconds (4294967295: for good); give this or GroupmsgNospeakingTime" },
          { "GroupmsgNospeakingTime", "integer", min = 0, max = U32,
            doc = "group mute in seconds (4294967295: for good); give this or C2CmsgNospeakingTime" },
      },
      answer = {},
      -- the page's sample has a // comment and a trailing comma: dropped.
      example = { request = [[{"Set_Account":"lumotuwe","C2CmsgNospeakingTime":4294967295,]]
                      .. [["GroupmsgNospeakingTime":7200}]],
                  answer = [[{"ErrorCode":0,"ErrorInfo":""}]] } },
    -- 1047/34924: 0 = not muted, 4294967295 = muted for good, else the seconds left.
    { "mute", "openconfigsvr", "getnospeaking", "get a user's global mute", ref = INTL(34924), idempotent = true,
      -- tencentcloud.com/document/product/1047/34924: both tables.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "Get_Account", "string", required = true, doc = "the account to query" },
      },
      answer = {
          { "C2CmsgNospeakingTime", "integer", min = 0, max = U32,
            doc = "C2C mute in seconds: 0 none, 4294967295 for good" },
          { "GroupmsgNospeakingTime", "integer", min = 0, max = U32,
            doc = "group mute in seconds: 0 none, 4294967295 for good" },
      },
      example = { request = [[{"Get_Account":"lumotuwe"}]],
                  answer = [[{"ErrorCode":0,"ErrorInfo":"","C2CmsgNospeakingTime":4294967295,]]
                      .. [["GroupmsgNospeakingTime":7196}]] } },
}

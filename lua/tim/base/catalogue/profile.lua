-- tim.base.catalogue.profile: Profiles
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL

-- A profile field: Tag names it (Tag_Profile_IM_Nick, Tag_Profile_IM_Gender, ... or Tag_Profile_Custom_*), Value
-- is a string or an integer depending on the tag (the page's type: "uint64_t/string/bytes").
local function profile_item(required)
    return {
        { "Tag", "string", required = required, doc = "the profile field (Tag_Profile_IM_* or Tag_Profile_Custom_*)" },
        { "Value", { "string", "integer" }, required = required, doc = "the field's value (its type depends on Tag)" },
    }
end

return {
    -- 1047/34916 (269/1640, 2025-12-15): 200 calls/s.
    { "profile", "profile", "portrait_set", "set profile fields (Tag_Profile_IM_*, Tag_Profile_Custom_*)",
      ref = INTL(34916), ref_zh = CN(1640), idempotent = true,
      -- trtc.io/document/34916: the request table and the samples (the only sample answer is a failure);
      -- cloud.tencent.com 269/1640 (docs index): the same, cut at the error code table's heading.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose profile is set" },
          { "ProfileItem", "array", required = true, doc = "the fields to set, Tag/Value pairs",
            fields = profile_item(true) },
      },
      answer = {},
      example = { request = [[{"From_Account":"id","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick",]]
                      .. [["Value":"MyNickName"}]}]],
                  answer = [[{"ActionStatus":"FAIL","ErrorCode":40001,"ErrorInfo":"Err_Profile_Comm_Decode_Fail",]]
                      .. [["ErrorDisplay":""}]] } },
    -- 1047/34917 (269/1639): no more than 100 users per call recommended; 200 calls/s; every account must be
    -- imported.
    { "profile", "profile", "portrait_get", "get profile fields of up to 100 users", ref = INTL(34917),
      ref_zh = CN(1639), idempotent = true, batch = { field = "To_Account", max = 100 },
      -- trtc.io/document/34917, trtc.io/zh/document/34917 and cloud.tencent.com 269/1639: the samples only;
      -- tencentcloud.com/jp 1047/34917 (docs index): the samples and the request table (To_Account and TagList,
      -- both required; cut inside TagList's description). The answer tree is the samples'.
      read = "2026-12-07", seen = "fields",
      unread = "the end of TagList's description, the answer table, the error code table",
      request = {
          { "To_Account", "array", required = true, items = "string", max_items = 100,
            doc = "the users to read (no more than 100 a call, lest the answer grow too large)" },
          { "TagList", "array", required = true, items = "string", doc = "the profile fields to read" },
      },
      answer = {
          { "UserProfileItem", "array", doc = "one entry per user", fields = {
              { "To_Account", "string", doc = "the user" },
              { "ProfileItem", "array", doc = "the fields read, Tag/Value pairs", fields = profile_item(false) },
              { "ResultCode", "integer", doc = "0 read, else the error" },
              { "ResultInfo", "string", doc = "why the user's profile was not read" },
          } },
      },
      example = { request = [[{"To_Account":["id1","id2","id3","id4"],"TagList":["Tag_Profile_IM_Nick",]]
                      .. [["Tag_Profile_IM_AllowType","Tag_Profile_IM_SelfSignature","Tag_Profile_Custom_Test"]}]],
                  answer = [[{"UserProfileItem":[{"To_Account":"id1","ProfileItem":[{"Tag":"Tag_Profile_IM_Nick",]]
                      .. [["Value":"NickNameTest1"}],"ResultCode":0,"ResultInfo":""}],"ActionStatus":"OK",]]
                      .. [["ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
}

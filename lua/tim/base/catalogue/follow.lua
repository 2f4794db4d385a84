-- tim.base.catalogue.follow: Follow (Flagship or Enterprise, console switch)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, FLAGSHIP = C.CN, C.INTL, C.TRTC, C.FLAGSHIP
-- follow_get (1047/70347): StartCursor "" first, then the previous answer's NextCursor; WantNum up to 1000.
local PAGE_FOLLOW = { items = "FollowItem", carry = { StartCursor = "NextCursor" }, stop = { NextCursor = "" } }

-- The English copies (tencentcloud.com/ko 1047/70347 and 70349, 2025-10-23) ask for the Pro, Pro Plus or
-- Enterprise edition; the Chinese 269/118909 (2025-12, newer) for the Flagship or Enterprise edition, which the
-- records follow.
local EDITIONS = "1047/70347 and 70349 (2025-10-23): Pro, Pro Plus or Enterprise edition; 269/118909 (2025-12, "
              .. "newer, followed): Flagship or Enterprise edition"

local USER = { "To_Account", "string", doc = "the user" }
local RESULT_ITEM = {
    USER,
    { "ResultCode", "integer", doc = "0 done, else the error" },
    { "ResultInfo", "string", doc = "why it failed (empty on success)" },
}
-- To_Account as the pages limit it (follow_delete, follow_get_info: 20; follow_check: 100)
local function users(max, doc)
    return { "To_Account", "array", required = true, items = "string", max_items = max, doc = doc }
end
-- follow_add and follow_delete: the same samples (two users, both done)
local TWO_USERS_SAMPLE = [[{"From_Account":"UserID_001","To_Account":["UserID_002","UserID_003"]}]]
local BOTH_DONE_SAMPLE = [[{"ResultItem":[{"To_Account":"UserID_002","ResultCode":0,"ResultInfo":""},]]
    .. [[{"To_Account":"UserID_003","ResultCode":0,"ResultInfo":""}],"ActionStatus":"OK",]]
    .. [["ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]]

return {
    -- 269/118909 (2025-12): FollowItem, at most 20 To_Account per request; results per item in ResultItem.
    -- 1047/70345 and its Chinese copy trtc.io/zh/document/70345: the same limit, 200 calls/s.
    { "follow", "follow", "follow_add", "follow up to 20 users", ref = INTL(70345), ref_zh = CN(118909),
      since = "2025", requires = FLAGSHIP, batch = { field = "FollowItem", max = 20 },
      settle = "read the relation with follow_check; each account's outcome is in ResultItem",
      -- tencentcloud.com/document/product/1047/70345 and trtc.io/zh/document/70345: both tables.
      read = "2026-12-07", seen = "fields", unread = "the error code table", differs = EDITIONS,
      request = {
          { "From_Account", "string", required = true, doc = "the user who follows" },
          { "FollowItem", "array", required = true, max_items = 20, doc = "the users to follow, at most 20",
            fields = {
                { "To_Account", "string", required = true, doc = "the user to follow" },
            } },
      },
      answer = {
          { "ResultItem", "array", doc = "one result per user", fields = RESULT_ITEM },
      },
      example = { request = [[{"From_Account":"UserID_001","FollowItem":[{"To_Account":"UserID_002"},]]
                      .. [[{"To_Account":"UserID_003"}]}]],
                  answer = BOTH_DONE_SAMPLE } },
    -- 1047/70346: To_Account, at most 20 per request.
    { "follow", "follow", "follow_delete", "unfollow users", ref = TRTC(70346), since = "2025",
      requires = FLAGSHIP, idempotent = true, batch = { field = "To_Account", max = 20 },
      -- www.tencentcloud.com/document/product/1047/70346: both tables.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user who unfollows" },
          users(20, "the users to unfollow, at most 20"),
      },
      answer = {
          { "ResultItem", "array", doc = "one result per user", fields = RESULT_ITEM },
      },
      example = { request = TWO_USERS_SAMPLE,
                  answer = BOTH_DONE_SAMPLE } },
    -- 269/118912 and 1047/70349: To_Account, at most 100 per request.
    { "follow", "follow", "follow_check", "check follow relations with up to 100 users", ref = INTL(70349),
      ref_zh = CN(118912), since = "2025", requires = FLAGSHIP, idempotent = true,
      batch = { field = "To_Account", max = 100 },
      -- trtc.io/ja/document/70349 (the English page): the request table and the answer sample.
      read = "2026-12-07", seen = "fields", unread = "the answer table (FollowType's values), the error codes",
      differs = EDITIONS,
      request = {
          { "From_Account", "string", required = true, doc = "the user whose relations are checked" },
          users(100, "the users to check, at most 100"),
      },
      answer = {
          { "ResultItem", "array", doc = "one result per user", fields = {
              USER,
              { "ResultCode", "integer", doc = "0 checked, else the error" },
              { "ResultInfo", "string", doc = "why the check failed" },
              { "FollowType", "integer", doc = "the follow relation between the two users" },
          } },
      },
      example = { request = TWO_USERS_SAMPLE } },
    -- 1047/70347: FollowType 1 fans, 2 follows, 3 mutual; WantNum default 100, at most 1000.
    { "follow", "follow", "follow_get", "list fans, follows or mutual follows, paged by cursor",
      ref = INTL(70347), since = "2025", requires = FLAGSHIP, idempotent = true, page = PAGE_FOLLOW,
      note = "WantNum: default 100, at most 1000 per page",
      -- trtc.io/document/70347 and trtc.io/zh/document/70347: the request table and the start of the answer
      -- sample (NextCursor is named by the request table).
      read = "2026-12-07", seen = "fields", unread = "the answer sample past its first item, the answer table",
      differs = EDITIONS,
      request = {
          { "From_Account", "string", required = true, doc = "the user whose list is pulled" },
          { "FollowType", "integer", required = true, enum = { 1, 2, 3 }, doc = "1 fans, 2 follows, 3 mutual" },
          { "StartCursor", "string", required = true, doc = "empty first, then the previous answer's NextCursor" },
          { "WantNum", "integer", required = true, max = 1000, doc = "entries per page (default 100, at most 1000)" },
      },
      answer = {
          { "FollowItem", "array", doc = "the users of the page", fields = {
              USER,
              { "FollowTime", "integer", doc = "when the follow began (Unix seconds)" },
              { "ProfileItem", "array", doc = "the user's profile fields", fields = {
                  { "Tag", "string", doc = "the profile field (Tag_Profile_IM_*, Tag_Profile_Custom_*)" },
                  { "Value", { "string", "integer" }, doc = "the field's value" },
              } },
              { "profile_sequence", "integer", doc = "the profile's sequence (spelled so on the page)" },
          } },
          { "NextCursor", "string", doc = "StartCursor of the next page (empty: done)" },
      },
      -- the page's sample request ends with a trailing comma: dropped.
      example = { request = [[{"From_Account":"UserID_001","FollowType":1,"StartCursor":"","WantNum":100}]] } },
    -- 1047/70350: To_Account, at most 20 per request.
    { "follow", "follow", "follow_get_info", "get follow counts", ref = INTL(70350), since = "2025",
      requires = FLAGSHIP, idempotent = true, batch = { field = "To_Account", max = 20 },
      -- trtc.io/ja/document/70350 (the English page): the request table and the answer sample.
      read = "2026-12-07", seen = "fields", unread = "the answer table, the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user who asks" },
          users(20, "the users to count, at most 20"),
      },
      answer = {
          { "FollowInfo", "array", doc = "one entry per user", fields = {
              USER,
              { "ResultCode", "integer", doc = "0 counted, else the error" },
              { "ResultInfo", "string", doc = "why the count failed" },
              { "FollowerCount", "integer", doc = "fans" },
              { "FollowingCount", "integer", doc = "users followed" },
              { "MutualFollowingCount", "integer", doc = "mutual follows" },
          } },
      },
      example = { request = [[{"From_Account":"UserID_001","To_Account":["UserID_001","UserID_002","UserID_003"]}]],
                  answer = [[{"FollowInfo":[{"To_Account":"UserID_001","ResultCode":0,"ResultInfo":"",]]
                      .. [["FollowerCount":0,"FollowingCount":2,"MutualFollowingCount":0},{"To_Account":"UserID_002",]]
                      .. [["ResultCode":0,"ResultInfo":"","FollowerCount":1,"FollowingCount":0,]]
                      .. [["MutualFollowingCount":0},{"To_Account":"UserID_003","ResultCode":0,"ResultInfo":"",]]
                      .. [["FollowerCount":1,"FollowingCount":0,"MutualFollowingCount":0}],"ActionStatus":"OK",]]
                      .. [["ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
}

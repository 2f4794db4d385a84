-- tim.base.catalogue.search: Cloud search (plugin; China and Singapore only; 2 requests/s)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, CN_SGP = C.CN, C.CN_SGP
-- Cloud search (269/114548, 269/114549): Cursor in, Cursor and IsFinish out.
local PAGE_SEARCH_GROUPS = { items = "Groups", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
local PAGE_SEARCH_MEMBERS = { items = "GroupMembers", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }

return {
    -- 269/114547, 269/114550 and the get_no_visibility page were not found among the stored copies (searched
    -- 2026-12-07 by command name and title, in English and Chinese): no trees, so nothing is checked.
    { "search", "user_search", "search", "search users by nickname or exact UserID", ref = CN(114547),
      rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin" },
    -- 269/114549 (2025-11): Count at most 100.
    { "search", "group_search", "search", "search groups by name or exact GroupID", ref = CN(114549),
      rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_GROUPS,
      requires = "cloud search plugin",
      -- cloud.tencent.com/document/product/269/114549: the request table and both samples; the answer table was cut
      -- after ErrorCode, so the answer tree is the sample's.
      read = "2026-12-07", seen = "fields", unread = "the answer table (the answer tree is from the sample), the "
          .. "error code table",
      request = {
          { "GroupType", "array", items = "string", enum = { "Private", "Public", "ChatRoom", "Community" },
            doc = "group types to search (empty: all)" },
          { "KeywordMatchType", "integer", enum = { 0, 1 }, doc = "1 all keywords (and), 0 any (or, the default)" },
          { "Keywords", "array", required = true, items = "string", doc = "keywords: fuzzy on names, exact on IDs" },
          { "Count", "integer", required = true, min = 1,
            doc = "results per page, up to 100 (more is taken as 100)" },
          { "Cursor", "string", doc = "the previous answer's Cursor; empty on the first request" },
      },
      answer = {
          { "IsFinish", "boolean", doc = "true when no more results follow" },
          { "TotalCount", "integer", doc = "number of matches" },
          { "Groups", "array", doc = "the matching groups", fields = {
              { "GroupType", "string", doc = "group type" },
              { "GroupID", "string", doc = "group ID" },
              { "GroupName", "string", doc = "group name" },
              { "GroupMemberNum", "integer", doc = "member count" },
              { "GroupFaceUrl", "string", doc = "group photo URL" },
              { "GroupIntroduction", "string", doc = "introduction" },
              { "GroupOwnerUserID", "string", doc = "owner's UserID" },
              { "GroupOwnerTinyID", "integer", doc = "owner's internal numeric ID" },
              { "GroupOwnerUserName", "string", doc = "owner's nickname" },
          } },
          { "Cursor", "string", doc = "pass back to continue" },
      },
      example = { request = [[{"Count":100,"GroupType":[],"KeywordMatchType":1,"Keywords":["啊"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"IsFinish":false,"TotalCount":6,]]
                      .. [["Groups":[{"GroupType":"Public","GroupID":"@TGS#2BZNQWAG2","GroupName":"咯好无辜啊、IM助手",]]
                      .. [["GroupMemberNum":2,"GroupFaceUrl":"","GroupIntroduction":"","GroupOwnerUserID":"wangkun",]]
                      .. [["GroupOwnerTinyID":144115214578713345,"GroupOwnerUserName":"咯好无辜啊"}],]]
                      .. [["Cursor":"sTTW6iNKGz2TuqprgdJuJflhmwLr2_kZrvRFWpjrkww"}]] } },
    { "search", "group_member_search", "search", "search group members by name card, nickname or UserID",
      ref = CN(114548), rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_MEMBERS,
      requires = "cloud search plugin",
      -- cloud.tencent.com/document/product/269/114548: the request table and both samples; the answer table was cut
      -- after ErrorCode, so the answer tree is the sample's.
      read = "2026-12-07", seen = "fields", unread = "the answer table (the answer tree is from the sample), the "
          .. "error code table",
      request = {
          { "GroupType", "array", items = "string", doc = "group types to search (empty: all)" },
          { "GroupIdList", "array", items = "string", doc = "only these groups (empty: all)" },
          { "KeywordMatchType", "integer", enum = { 0, 1 }, doc = "1 all keywords (and), 0 any (or, the default)" },
          { "Keywords", "array", required = true, items = "string", doc = "keywords: fuzzy on names, exact on IDs" },
          { "Count", "integer", required = true, min = 1,
            doc = "results per page, up to 100 (more is taken as 100)" },
          { "Cursor", "string", doc = "the previous answer's Cursor; empty on the first request" },
      },
      answer = {
          { "IsFinish", "boolean", doc = "true when no more results follow" },
          { "TotalCount", "integer", doc = "number of matches" },
          { "GroupMembers", "array", doc = "the matching members", fields = {
              { "GroupType", "string", doc = "group type" },
              { "GroupID", "string", doc = "group ID" },
              { "GroupName", "string", doc = "group name" },
              { "GroupMemberUserID", "string", doc = "member's UserID" },
              { "GroupMemberTinyID", "integer", doc = "member's internal numeric ID" },
              { "GroupMemberUserName", "string", doc = "member's nickname" },
              { "GroupMemberNameCard", "string", doc = "member's name card" },
          } },
          { "Cursor", "string", doc = "pass back to continue" },
      },
      example = { request = [[{"GroupType":[],"GroupIdList":[],"KeywordMatchType":1,"Keywords":["发"],"Count":1}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"IsFinish":false,"TotalCount":1,]]
                      .. [["GroupMembers":[{"GroupType":"Public","GroupID":"@TGS#2F6UQRAG3","GroupName":"测试测试测试",]]
                      .. [["GroupMemberUserID":"wwwwwwww","GroupMemberTinyID":144115214509753268,]]
                      .. [["GroupMemberUserName":"发货那就","GroupMemberNameCard":""}],]]
                      .. [["Cursor":"182MQ8Z_bi4h6TVgJzpDyKWQ4YTVG2L7_HrnyVIYIzM"}]] } },
    { "search", "im_open_search", "get_no_visibility", "list objects hidden from search", rate = "search",
      idempotent = true, regions = CN_SGP, requires = "cloud search plugin",
      note = "name per README section 2.15 and the doocs SDK" },
    -- 269/114550 "隐藏搜索对象": the setter is set_visibility (IsDisable = true hides the object).
    { "search", "im_open_search", "set_visibility", "hide or show a user, group or member in search",
      ref = CN(114550), rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin" },
}

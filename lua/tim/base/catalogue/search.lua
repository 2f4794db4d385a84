-- tim.base.catalogue.search: Cloud search (plugin; China and Singapore only; 2 requests/s)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, CN_SGP = C.CN, C.CN_SGP
-- Cloud search (269/114547, 269/114548, 269/114549, 269/114551): Cursor in, Cursor and IsFinish out.
local PAGE_SEARCH_USERS = { items = "Users", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
local PAGE_SEARCH_GROUPS = { items = "Groups", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
local PAGE_SEARCH_MEMBERS = { items = "GroupMembers", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
local PAGE_HIDDEN = { items = "NoVisibleData", carry = { Cursor = "Cursor" }, stop = { IsFinish = true } }
-- The visibility pages (269/114550, whole) list these private codes: 27003 bad request parameter, 27004 internal
-- error, 60018 too frequent, 60020 the cloud search plan expired or that search is not enabled.
local VISIBILITY_CODES = { 27003, 27004, 60018, 60020 }
local SET_TYPE = { "SetType", "integer", required = true, enum = { 1, 2, 3 },
                   doc = "what is hidden: 1 users, 2 groups, 3 group members" }
-- The members the search pages (269/114547, 269/114548, 269/114549) write alike, once each.
local KEYWORD_MATCH = { "KeywordMatchType", "integer", enum = { 0, 1 },
                        doc = "1 all keywords (and), 0 any (or, the default)" }
local KEYWORDS_NAMES = { "Keywords", "array", required = true, items = "string",
                         doc = "keywords: fuzzy on names, exact on IDs" }
local COUNT = { "Count", "integer", required = true, min = 1,
                doc = "results per page, up to 100 (more is taken as 100)" }
local CURSOR_IN = { "Cursor", "string", doc = "the previous answer's Cursor; empty on the first request" }
local IS_FINISH = { "IsFinish", "boolean", doc = "true when no more results follow" }
local TOTAL_COUNT = { "TotalCount", "integer", doc = "number of matches" }
local CURSOR_OUT = { "Cursor", "string", doc = "pass back to continue" }
-- a matching group's or member's group, as the group and member search samples give it
local GROUP_TYPE = { "GroupType", "string", doc = "group type" }
local GROUP_ID = { "GroupID", "string", doc = "group ID" }
local GROUP_NAME = { "GroupName", "string", doc = "group name" }

local function append(list, more)
    for _, f in ipairs(more) do list[#list + 1] = f end
    return list
end
-- the group and member search requests: their own filters, then the keywords, Count and Cursor
local function by_names(filters)
    return append(filters, { KEYWORD_MATCH, KEYWORDS_NAMES, COUNT, CURSOR_IN })
end
-- a search answer: IsFinish, TotalCount, the list of hits, Cursor
local function hits(list) return { IS_FINISH, TOTAL_COUNT, list, CURSOR_OUT } end
-- a group hit's members: the group's type, ID and name, then its own
local function in_group(more) return append({ GROUP_TYPE, GROUP_ID, GROUP_NAME }, more) end

return {
    -- 269/114547 (2025-11-12): China and Singapore only, 2/s; the plugin and the console's user-search switch.
    { "search", "user_search", "search", "search users by nickname or exact UserID", ref = CN(114547),
      rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_USERS,
      requires = "cloud search plugin (user search switched on in the console)",
      -- cloud.tencent.com/document/product/269/114547 (docs index): the request table and the answer sample to the
      -- second ProfileItems entry (cut there); the answer tree is that sample's (Users items open), and Cursor is
      -- the member the request table says the answer brings back.
      read = "2026-12-07", seen = "fields",
      unread = "the answer sample past Users[0].ProfileItems[1], the answer table, the error code table",
      request = {
          { "UserGenderType", "string", enum = { "Gender_Type_Female", "Gender_Type_Male" },
            doc = "only this gender (absent: any)" },
          { "UserBirthStart", "integer", doc = "birth date from (an integer whose meaning the app chooses)" },
          { "UserBirthEnd", "integer", doc = "birth date to (greater than UserBirthStart)" },
          KEYWORD_MATCH,
          { "Keywords", "array", required = true, items = "string",
            doc = "keywords: fuzzy on nicknames, exact on IDs" },
          COUNT,
          CURSOR_IN,
      },
      answer = hits({ "Users", "array", open = true, doc = "the matching users (members read from the sample)",
          fields = {
              { "UserID", "string", doc = "the user" },
              { "ProfileItems", "array", open = true, doc = "profile fields: Tag and its value (StrValue, ...)",
                fields = {
                    { "Tag", "string", doc = "the profile field (Tag_Profile_IM_Nick, Tag_Profile_IM_Gender, ...)" },
                    { "StrValue", "string", doc = "a string value" },
                } },
          } }),
      example = { request = [[{"Count":1,"UserGenderType":"Gender_Type_Female","KeywordMatchType":1,]]
                      .. [["UserBirthStart":0,"UserBirthEnd":1730774469,"Keywords":["abcd"],"Cursor":""}]] } },
    -- 269/114549 (2025-11): Count at most 100.
    { "search", "group_search", "search", "search groups by name or exact GroupID", ref = CN(114549),
      rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_GROUPS,
      requires = "cloud search plugin",
      -- cloud.tencent.com/document/product/269/114549: the request table and both samples; the answer table was cut
      -- after ErrorCode, so the answer tree is the sample's.
      read = "2026-12-07", seen = "fields", unread = "the answer table (the answer tree is from the sample), the "
          .. "error code table",
      request = by_names({
          { "GroupType", "array", items = "string", enum = { "Private", "Public", "ChatRoom", "Community" },
            doc = "group types to search (empty: all)" },
      }),
      answer = hits({ "Groups", "array", doc = "the matching groups", fields = in_group({
          { "GroupMemberNum", "integer", doc = "member count" },
          { "GroupFaceUrl", "string", doc = "group photo URL" },
          { "GroupIntroduction", "string", doc = "introduction" },
          { "GroupOwnerUserID", "string", doc = "owner's UserID" },
          { "GroupOwnerTinyID", "integer", doc = "owner's internal numeric ID" },
          { "GroupOwnerUserName", "string", doc = "owner's nickname" },
      }) }),
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
      request = by_names({
          { "GroupType", "array", items = "string", doc = "group types to search (empty: all)" },
          { "GroupIdList", "array", items = "string", doc = "only these groups (empty: all)" },
      }),
      answer = hits({ "GroupMembers", "array", doc = "the matching members", fields = in_group({
          { "GroupMemberUserID", "string", doc = "member's UserID" },
          { "GroupMemberTinyID", "integer", doc = "member's internal numeric ID" },
          { "GroupMemberUserName", "string", doc = "member's nickname" },
          { "GroupMemberNameCard", "string", doc = "member's name card" },
      }) }),
      example = { request = [[{"GroupType":[],"GroupIdList":[],"KeywordMatchType":1,"Keywords":["发"],"Count":1}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"IsFinish":false,"TotalCount":1,]]
                      .. [["GroupMembers":[{"GroupType":"Public","GroupID":"@TGS#2F6UQRAG3","GroupName":"测试测试测试",]]
                      .. [["GroupMemberUserID":"wwwwwwww","GroupMemberTinyID":144115214509753268,]]
                      .. [["GroupMemberUserName":"发货那就","GroupMemberNameCard":""}],]]
                      .. [["Cursor":"182MQ8Z_bi4h6TVgJzpDyKWQ4YTVG2L7_HrnyVIYIzM"}]] } },
    -- 269/114551 "查询隐藏搜索对象" (2025-11-12): China and Singapore only, 2/s.
    { "search", "im_open_search", "get_no_visibility", "list objects hidden from search", ref = CN(114551),
      rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin", page = PAGE_HIDDEN,
      -- cloud.tencent.com/document/product/269/114551 (docs index): the request table, both samples, the answer
      -- table; the error code table was cut after its opening sentence.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      differs = "the answer table types Cursor Integer, the answer sample sends a string (\"\") and the request "
          .. "table types it String; the tree accepts both",
      request = {
          SET_TYPE,
          { "Count", "integer", doc = "objects per answer" },
          CURSOR_IN,
      },
      answer = {
          { "IsFinish", "boolean", doc = "true when no more objects follow" },
          { "TotalCount", "integer", doc = "number of hidden objects" },
          { "NoVisibleData", "array", doc = "the hidden objects", fields = {
              { "UserID", "string", doc = "the hidden user or group member" },
              { "GroupID", "string", doc = "the hidden group, or the hidden member's group" },
          } },
          { "Cursor", { "string", "integer" }, doc = "pass back to continue" },
      },
      example = { request = [[{"SetType":1,"Count":10,"Cursor":"xxxx"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"IsFinish":true,"TotalCount":1,]]
                      .. [["NoVisibleData":[{"UserID":"test"}],"Cursor":""}]] } },
    -- 269/114550 "隐藏搜索对象" (2025-11-12): China and Singapore only, 2/s; IsDisable = true hides the object.
    { "search", "im_open_search", "set_visibility", "hide or show a user, group or member in search",
      ref = CN(114550), rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin",
      -- cloud.tencent.com/document/product/269/114550 (docs index), whole.
      read = "2026-12-07", seen = "fields",
      codes = VISIBILITY_CODES, invalid = 27003,
      request = {
          SET_TYPE,
          -- the page: UserID "needed when SetType is 1 or 3", GroupID "needed when SetType is 1 or 2" (sic)
          { "UserID", "string", doc = "the user to hide (SetType 1 and 3)" },
          { "GroupID", "string", doc = "the group to hide (the page: SetType 1 and 2)" },
          { "IsDisable", "boolean", doc = "true hides the object, false (the default) shows it" },
      },
      answer = {},
      example = { request = [[{"SetType":1,"UserID":"test","IsDisable":true}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
}

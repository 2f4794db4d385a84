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
    { "search", "user_search", "search", "search users by nickname or exact UserID", ref = CN(114547),
      rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin" },
    -- 269/114549 (2025-11): Count at most 100.
    { "search", "group_search", "search", "search groups by name or exact GroupID", ref = CN(114549),
      rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_GROUPS,
      requires = "cloud search plugin" },
    { "search", "group_member_search", "search", "search group members by name card, nickname or UserID",
      ref = CN(114548), rate = "search", idempotent = true, regions = CN_SGP, page = PAGE_SEARCH_MEMBERS,
      requires = "cloud search plugin" },
    { "search", "im_open_search", "get_no_visibility", "list objects hidden from search", rate = "search",
      idempotent = true, regions = CN_SGP, requires = "cloud search plugin",
      note = "name per README section 2.15 and the doocs SDK" },
    -- 269/114550 "隐藏搜索对象": the setter is set_visibility (IsDisable = true hides the object).
    { "search", "im_open_search", "set_visibility", "hide or show a user, group or member in search",
      ref = CN(114550), rate = "search", idempotent = true, regions = CN_SGP, requires = "cloud search plugin" },
}

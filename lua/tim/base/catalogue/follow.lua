-- tim.base.catalogue.follow: Follow (Flagship or Enterprise, console switch)
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, FLAGSHIP = C.CN, C.INTL, C.TRTC, C.FLAGSHIP
-- follow_get (1047/70347): StartCursor "" first, then the previous answer's NextCursor; WantNum up to 1000.
local PAGE_FOLLOW = { items = "FollowItem", carry = { StartCursor = "NextCursor" }, stop = { NextCursor = "" } }

return {
    -- 269/118909 (2025-12): FollowItem, at most 20 To_Account per request; results per item in ResultItem.
    { "follow", "follow", "follow_add", "follow up to 20 users", ref = CN(118909), since = "2025",
      requires = FLAGSHIP, batch = { field = "FollowItem", max = 20 },
      settle = "read the relation with follow_check; each account's outcome is in ResultItem" },
    -- trtc.io/document/70346; the client pages give 20 accounts per unfollow (trtc.io/document/66035).
    { "follow", "follow", "follow_delete", "unfollow users", ref = TRTC(70346), since = "2025",
      requires = FLAGSHIP, idempotent = true, batch = { field = "To_Account", max = 20 } },
    -- 269/118912: To_Account, at most 100 per request.
    { "follow", "follow", "follow_check", "check follow relations with up to 100 users", ref = CN(118912),
      since = "2025", requires = FLAGSHIP, idempotent = true, batch = { field = "To_Account", max = 100 } },
    { "follow", "follow", "follow_get", "list fans, follows or mutual follows, paged by cursor",
      ref = INTL(70347), since = "2025", requires = FLAGSHIP, idempotent = true, page = PAGE_FOLLOW,
      note = "WantNum: default 100, at most 1000 per page" },
    { "follow", "follow", "follow_get_info", "get follow counts", since = "2025", requires = FLAGSHIP,
      idempotent = true },
}

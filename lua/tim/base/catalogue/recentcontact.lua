-- tim.base.catalogue.recentcontact: Conversations
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC = C.CN, C.INTL, C.TRTC
-- recentcontact/get_list (269/62118, 2025-12): the answer carries the next TimeStamp/StartIndex/TopTimeStamp/
-- TopStartIndex and CompleteFlag = 1 on the last page.
local PAGE_SESSIONS = { items = "SessionItem",
                        carry = { TimeStamp = "TimeStamp", StartIndex = "StartIndex",
                                  TopTimeStamp = "TopTimeStamp", TopStartIndex = "TopStartIndex" },
                        stop = { CompleteFlag = 1 } }

return {
    { "recentcontact", "recentcontact", "get_list", "pull a user's conversation list, paged", ref = CN(62118),
      idempotent = true, page = PAGE_SESSIONS },
    { "recentcontact", "recentcontact", "delete", "delete a conversation", idempotent = true },
    -- trtc.io/document/78304 (2026): pin/unpin, 200/s.
    { "recentcontact", "recentcontact", "top", "pin or unpin conversations", ref = TRTC(78304),
      idempotent = true, since = "2026" },
    -- 1047/53437: one conversation group per request.
    { "recentcontact", "recentcontact", "create_contact_group", "create a conversation group",
      ref = INTL(53437), settle = "list the groups with get_contact_group before creating again" },
    { "recentcontact", "recentcontact", "del_contact_group", "delete conversation groups", idempotent = true },
    { "recentcontact", "recentcontact", "update_contact_group", "rename or edit conversation groups",
      idempotent = true },
    { "recentcontact", "recentcontact", "search_contact_group", "find conversations in conversation groups",
      idempotent = true },
    { "recentcontact", "recentcontact", "mark_contact", "set or clear conversation marks", idempotent = true },
    { "recentcontact", "recentcontact", "get_contact_group", "list conversation groups", idempotent = true },
}

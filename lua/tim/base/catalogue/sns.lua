-- tim.base.catalogue.sns: Relationship chain
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL
-- friend_get (1047/34908): request StartIndex/StandardSequence/CustomSequence; the answer gives NextStartIndex and
-- the sequences, CompleteFlag = 1 on the last page.
local PAGE_FRIENDS = { items = "UserDataItem",
                       carry = { StartIndex = "NextStartIndex", StandardSequence = "StandardSequence",
                                 CustomSequence = "CustomSequence" },
                       stop = { CompleteFlag = 1 } }
-- black_list_get (1047/34914): the answer's StartIndex is the next start (0 = done); the sequence comes back
-- spelled "CurruentSequence" in the official examples.
local PAGE_BLACKLIST = { items = "BlackListItem",
                         carry = { StartIndex = "StartIndex", LastSequence = "CurruentSequence" },
                         stop = { StartIndex = 0 } }

return {
    { "sns", "sns", "friend_add", "add friends (one or both ways)", ref = CN(1643),
      settle = "read the relation with friend_check before adding again; an existing friend is reported per "
            .. "item in ResultItem" },
    -- 269/8301: import one user's friends in batches, not concurrently, to avoid write conflicts (30008).
    { "sns", "sns", "friend_import", "import friends in bulk, without verification", ref = CN(8301),
      settle = "read the relation with friend_check; an already imported friend is reported per item in "
            .. "ResultItem" },
    { "sns", "sns", "friend_update", "update friend data (remark, lists, custom fields)", idempotent = true },
    -- 1047/34905: To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "friend_delete", "delete friends (one or both ways)", ref = INTL(34905),
      idempotent = true, batch = { field = "To_Account", max = 1000 } },
    { "sns", "sns", "friend_delete_all", "delete all friends of a user", idempotent = true },
    { "sns", "sns", "friend_check", "check friendship with a list of users", idempotent = true },
    { "sns", "sns", "friend_get", "pull a user's whole friend list, paged", ref = INTL(34908),
      idempotent = true, page = PAGE_FRIENDS },
    { "sns", "sns", "friend_get_list", "get the data of specified friends", idempotent = true },
    { "sns", "sns", "black_list_add", "add users to a blocklist", idempotent = true },
    { "sns", "sns", "black_list_delete", "remove users from a blocklist", idempotent = true },
    { "sns", "sns", "black_list_get", "pull a blocklist, paged (MaxLimited per page)", ref = INTL(34914),
      idempotent = true, page = PAGE_BLACKLIST },
    { "sns", "sns", "black_list_check", "check blocklist relations", idempotent = true },
    { "sns", "sns", "group_add", "create friend lists (and put friends in them)",
      settle = "read the lists with sns/group_get before creating them again" },
    { "sns", "sns", "group_delete", "delete friend lists", idempotent = true },
    { "sns", "sns", "group_get", "get friend lists", idempotent = true },
}

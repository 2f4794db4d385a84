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
-- recentcontact/get_contact_group (1047/53440): StartIndex 0 first, then the NextStartIndex answered last time;
-- CompleteFlag = 1 on the last page.
local PAGE_CONTACT_GROUPS = { items = "ContactItem", carry = { StartIndex = "NextStartIndex" },
                              stop = { CompleteFlag = 1 } }

-- A conversation object as the conversation-group pages give it (Type 1 one-to-one with To_Account, Type 2 group
-- with ToGroupId).
local function contact_item(required_type)
    return {
        { "Type", "integer", required = required_type, enum = { 1, 2 }, doc = "1 one-to-one, 2 group" },
        { "ToGroupId", "string", doc = "the group's ID (group conversations)" },
        { "To_Account", "string", doc = "the peer's UserID (one-to-one conversations)" },
    }
end

-- A conversation's marks and groups (get_list, search_contact_group, get_contact_group)
local STANDARD_MARK = { "StandardMark", "string", doc = "standard mark bits" }
local CUSTOM_MARK = { "CustomMark", "string", doc = "custom mark" }
local CONTACT_GROUP_ID = { "ContactGroupId", "array", items = "integer", doc = "conversation groups it belongs to" }
local TO_GROUP_ID = { "ToGroupId", "string", doc = "the group ID" }
local PEER = { "To_Account", "string", doc = "the peer's UserID" }
-- a conversation with its marks and groups, as search_contact_group and get_contact_group answer it
local MARKED_CONTACT = {
    { "Type", "integer", doc = "1 one-to-one, 2 group" },
    TO_GROUP_ID,
    PEER,
    { "Timestamp", "integer", doc = "last update of its group data" },
    STANDARD_MARK,
    CUSTOM_MARK,
    CONTACT_GROUP_ID,
}
-- a conversation group as the conversation-group pages answer it
local GROUP_ITEM = {
    { "GroupName", "string", doc = "its name" },
    { "GroupId", "integer", doc = "its ID" },
}

return {
    -- www-sg.tencentcloud.com/jp/document/product/1047/43087 (the newer copy: AssistFlags 63) and trtc.io/document/
    -- 43087: request fields and the opening of the sample answer.
    { "recentcontact", "recentcontact", "get_list", "pull a user's conversation list, paged", ref = INTL(43087),
      ref_zh = CN(62118), idempotent = true, page = PAGE_SESSIONS,
      note = "the newer page asks for AssistFlags = 63 (complete conversation data)",
      read = "2026-12-07", seen = "fields",
      unread = "the answer field table and the sample answer past TimeStamp (TopTimeStamp/TopStartIndex from "
            .. "269/62118 as the paging comment gives them); the error code table",
      differs = "the older English copies (trtc.io, 2024-02-07) describe AssistFlags bits 0-2 with sample 7; the "
             .. "newer copy (2026-03-26) says to send 63; the record follows the newer",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose conversations are pulled" },
          { "TimeStamp", "integer", required = true, doc = "start time of ordinary conversations; 0 first" },
          { "StartIndex", "integer", required = true, doc = "start index of ordinary conversations; 0 first" },
          { "TopTimeStamp", "integer", required = true, doc = "start time of pinned conversations; 0 first" },
          { "TopStartIndex", "integer", required = true, doc = "start index of pinned conversations; 0 first" },
          { "AssistFlags", "integer", required = true, doc = "conversation flag bits; the newer page says 63" },
      },
      answer = {
          { "SessionItem", "array", doc = "the conversations of this page", fields = {
              { "Type", "integer", enum = { 1, 2 }, doc = "1 one-to-one, 2 group" },
              { "To_Account", "string", doc = "the peer (one-to-one)" },
              { "GroupId", "string", doc = "the group (group conversations)" },
              { "MsgTime", "integer", doc = "time of the latest message" },
              { "TopFlag", "integer", enum = { 0, 1 }, doc = "1 pinned" },
              STANDARD_MARK,
              CUSTOM_MARK,
              CONTACT_GROUP_ID,
          } },
          { "CompleteFlag", "integer", doc = "1 on the last page" },
          { "TimeStamp", "integer", doc = "send back as TimeStamp for the next page" },
          { "StartIndex", "integer", doc = "send back as StartIndex for the next page" },
          { "TopTimeStamp", "integer", doc = "send back as TopTimeStamp for the next page" },
          { "TopStartIndex", "integer", doc = "send back as TopStartIndex for the next page" },
      },
      example = { request = [[{"From_Account":"user_0001","TimeStamp":0,"StartIndex":0,"TopTimeStamp":0,]]
                         .. [["TopStartIndex":0,"AssistFlags":63}]] } },
    -- tencentcloud.com/document/product/1047/43088 (compact copy): request and answer tables, the opening of the
    -- error code table.
    { "recentcontact", "recentcontact", "delete", "delete a conversation", ref = INTL(43088), idempotent = true,
      read = "2026-12-07", seen = "fields", unread = "the error code table past 50001",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose conversation is deleted" },
          { "Type", "integer", required = true, enum = { 1, 2 }, doc = "1 one-to-one, 2 group" },
          { "To_Account", "string", doc = "the peer (one-to-one only)" },
          { "ToGroupid", "string", doc = "the group ID (group only; this spelling on the page)" },
          { "ClearRamble", "integer", enum = { 0, 1 }, doc = "1 also clears the roaming messages" },
      },
      answer = {},
      example = { request = [[{"From_Account":"id1","Type":1,"To_Account":"id2","ClearRamble":1}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- trtc.io/document/78304 (2026): pin/unpin, 200/s.
    -- trtc.io/ko/document/78304 (the same page, compact): request and answer samples and tables.
    { "recentcontact", "recentcontact", "top", "pin or unpin conversations", ref = TRTC(78304),
      idempotent = true, since = "2026",
      read = "2026-12-07", seen = "fields", unread = "the answer table past ErrorCode; the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose conversations are pinned" },
          { "OperationType", "integer", required = true, enum = { 1, 2 }, doc = "1 pin, 2 unpin" },
          { "RecentContactItem", "array", required = true, doc = "the conversations", fields = {
              { "Type", "integer", required = true, enum = { 1, 2 }, doc = "1 one-to-one, 2 group" },
              -- the table says Required, meaning for one-to-one conversations (the sample's group item has none)
              { "To_Account", "string", doc = "the peer (one-to-one)" },
              { "GroupId", "string", doc = "the group (group conversations)" },
          } },
      },
      answer = {},
      example = { request = [[{"From_Account":"user_0001","OperationType":1,"RecentContactItem":[{"Type":1,]]
                         .. [["To_Account":"user_0002"},{"Type":2,"GroupId":"@TGS#1B2AUI7RZ"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- 1047/53437: one conversation group per request.
    -- www.tencentcloud.com/document/product/1047/53437 and tencentcloud.com/zh/document/product/1047/53437
    -- (compact copies): request table, answer sample and the answer table's opening.
    { "recentcontact", "recentcontact", "create_contact_group", "create a conversation group",
      ref = INTL(53437), settle = "list the groups with get_contact_group before creating again",
      read = "2026-12-07", seen = "fields", unread = "the answer table past ResultItem.ContactItem; the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the user who gets the conversation group" },
          { "GroupContactItem", "array", required = true, max_items = 1, doc = "the group to add (one at a time)",
            fields = {
              { "GroupName", "string", required = true, max_bytes = 32, doc = "the group's name" },
              { "ContactItem", "array", required = true, doc = "the conversations to put in it",
                fields = contact_item(true) },
          } },
      },
      answer = {
          { "GroupResultItem", "array", doc = "the result per group", fields = {
              { "GroupItem", "object", doc = "the group created", fields = GROUP_ITEM },
              { "ResultItem", "array", doc = "the result per conversation", fields = {
                  -- typed Integer in the table; an object in the sample
                  { "ContactItem", "object", doc = "the conversation", fields = contact_item() },
                  { "ResultCode", "integer", doc = "0 on success" },
                  { "ResultInfo", "string", doc = "the error's description" },
              } },
          } },
      },
      example = { request = [[{"From_Account":"user15","GroupContactItem":[{"GroupName":"test0","ContactItem":]]
                         .. [[[{"Type":1,"To_Account":"user0"}]}]}]],
                  answer = [[{"GroupResultItem":[{"GroupItem":{"GroupName":"test2","GroupId":2},"ResultItem":]]
                        .. [[[{"ContactItem":{"Type":1,"To_Account":"user1"},"ResultCode":0,"ResultInfo":""}]}],]]
                        .. [["ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- 1047/53441: one conversation group per request.
    -- www-sg.tencentcloud.com/jp/document/product/1047/53441 (2026-04-14) and tencentcloud.com/document/product/
    -- 1047/53441 (compact copies): request and answer tables, the opening of the error code table.
    { "recentcontact", "recentcontact", "del_contact_group", "delete a conversation group", ref = INTL(53441),
      idempotent = true,
      read = "2026-12-07", seen = "fields", unread = "the error code table past 50004",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose group is deleted" },
          { "GroupName", "array", required = true, items = "string", max_items = 1,
            doc = "the group to delete (one at a time)" },
      },
      answer = {
          { "GroupItem", "array", doc = "the groups deleted", fields = GROUP_ITEM },
      },
      example = { request = [[{"From_Account":"user_0001","GroupName":["group_0001"]}]],
                  answer = [[{"GroupItem":[{"GroupName":"group_0001","GroupId":1}],"ActionStatus":"OK",]]
                        .. [["ErrorCode":0,"ErrorInfo":""}]] } },
    -- www-sg.tencentcloud.com/jp/document/product/1047/53439 (2026-04-14) and intl.cloud.tencent.com/zh/document/
    -- product/1047/53439 (the same, Chinese): request table; tencentcloud.com/jp/document/product/1047/53439
    -- (older): request table and the opening of the sample answer.
    { "recentcontact", "recentcontact", "update_contact_group", "rename a conversation group or edit its members",
      ref = INTL(53439), idempotent = true,
      read = "2026-12-07", seen = "fields",
      unread = "the answer field table and the sample answer past UpdateGroupResult (its members); the error codes",
      differs = "the older English copy marks UpdateGroup, UpdateGroupType and OldGroupName required and gives "
             .. "NewGroupName up to 32 bytes; the newer English and Chinese copies (2026-04-14) mark them optional "
             .. "and give 64 bytes; the record follows the newer",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose group is updated" },
          { "UpdateType", "integer", required = true, enum = { 1 }, doc = "1 update a group's name or members" },
          { "UpdateGroup", "object", doc = "the group update", fields = {
              { "UpdateGroupType", "integer", enum = { 1, 2 }, doc = "1 rename, 2 edit its conversations" },
              { "OldGroupName", "string", doc = "the group to update" },
              { "NewGroupName", "string", max_bytes = 64, doc = "the new name (rename)" },
              { "ContactUpdateItem", "array", doc = "the conversations to add or remove", fields = {
                  { "ContactOptType", "integer", required = true, enum = { 1, 2 }, doc = "1 add, 2 remove" },
                  { "ContactItem", "object", required = true, doc = "the conversation",
                    fields = contact_item(true) },
              } },
          } },
      },
      answer = {
          { "UpdateType", "integer", doc = "the request's UpdateType" },
          { "UpdateGroupResult", "object", open = true, doc = "the update's result (members not read)" },
      },
      example = { request = [[{"From_Account":"user_0001","UpdateType":1,"UpdateGroup":{"UpdateGroupType":2,]]
                         .. [["OldGroupName":"group_0001","ContactUpdateItem":[{"ContactOptType":1,"ContactItem":]]
                         .. [[{"Type":1,"To_Account":"user_0002"}},{"ContactOptType":2,"ContactItem":{"Type":2,]]
                         .. [["ToGroupId":"@TGS#1B2AUI7RZ"}}]}}]] } },
    -- tencentcloud.com/document/product/1047/53442 (compact copy): request table, answer sample, answer table's
    -- opening.
    { "recentcontact", "recentcontact", "search_contact_group", "look up the groups and marks of conversations",
      ref = INTL(53442), idempotent = true,
      read = "2026-12-07", seen = "fields", unread = "the answer table past Timestamp; the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose conversations are looked up" },
          { "ContactItem", "array", max_items = 300, doc = "the conversations (up to 300)", fields = {
              -- typed String in the table; the sample sends a number
              { "Type", { "integer", "string" }, doc = "1 one-to-one, 2 group" },
              TO_GROUP_ID,
              PEER,
          } },
      },
      answer = {
          -- the answer table names it ContactItem (typed Integer); the sample answers ContactResultItem
          { "ContactResultItem", "array", doc = "the result per conversation", fields = MARKED_CONTACT },
          { "GroupItem", "array", doc = "the conversation groups named", fields = GROUP_ITEM },
      },
      example = { request = [[{"From_Account":"yahaha","ContactItem":[{"Type":1,"To_Account":"xixi"}]}]],
                  answer = [[{"ContactResultItem":[{"Type":1,"To_Account":"xixi","StandardMark":"11111110",]]
                        .. [["CustomMark":"xxyyyzzzfffffffxxx111111","ContactGroupId":[1,2],"Timestamp":1673500546}],]]
                        .. [["GroupItem":[{"GroupName":"test1x","GroupId":1},{"GroupName":"test10","GroupId":2}],]]
                        .. [["ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- tencentcloud.com/document/product/1047/53438 (compact copy): request table (MarkItem up to 100; CustomMark up
    -- to 256 bytes).
    { "recentcontact", "recentcontact", "mark_contact", "set or clear conversation marks", ref = INTL(53438),
      idempotent = true,
      read = "2026-12-07", seen = "fields", unread = "the answer sample and table; the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose conversations are marked" },
          { "MarkItem", "array", required = true, max_items = 100, doc = "the marks to set (up to 100)", fields = {
              { "OptType", "integer", required = true, enum = { 1, 2, 3 },
                doc = "1 standard marks, 2 custom mark, 3 both" },
              { "ContactItem", "object", required = true, doc = "the conversation", fields = contact_item(true) },
              { "ClearMark", "array", items = "integer", doc = "standard mark bits to clear" },
              { "SetMark", "array", items = "integer", doc = "standard mark bits to set" },
              { "CustomMark", "string", max_bytes = 256, doc = "the custom mark" },
          } },
      },
      example = { request = [[{"From_Account":"user0","MarkItem":[{"OptType":3,"ContactItem":{"Type":1,]]
                         .. [["To_Account":"user1"},"SetMark":[1,2,3],"CustomMark":"abcd"}]}]] } },
    -- www-sg.tencentcloud.com/jp/document/product/1047/53440 (2026-04-14) and tencentcloud.com/document/product/
    -- 1047/53440 (compact copies): request table, answer sample, the answer table's opening.
    { "recentcontact", "recentcontact", "get_contact_group", "list conversation groups and marked conversations",
      ref = INTL(53440), idempotent = true, page = PAGE_CONTACT_GROUPS,
      read = "2026-12-07", seen = "fields", unread = "the answer table past StandardMark; the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose groups and marks are pulled" },
          { "StartIndex", "integer", required = true, doc = "0 first, then the NextStartIndex answered" },
      },
      answer = {
          -- typed Integer in the table; an array of conversation objects in the sample
          { "ContactItem", "array", doc = "the grouped or marked conversations", fields = MARKED_CONTACT },
          { "GroupItem", "array", doc = "the user's conversation groups", fields = GROUP_ITEM },
          { "CompleteFlag", "integer", doc = "1 on the last page" },
          { "NextStartIndex", "integer", doc = "StartIndex of the next page" },
      },
      example = { request = [[{"From_Account":"user_0001","StartIndex":0}]],
                  answer = [[{"ContactItem":[{"Type":1,"To_Account":"user_0002","StandardMark":"111001",]]
                        .. [["ContactGroupId":[1,2],"Timestamp":1670843110},{"Type":2,"ToGroupId":"@TGS#1B2AUI7RZ",]]
                        .. [["StandardMark":"111001","CustomMark":"abcd","Timestamp":1672998266}],"GroupItem":]]
                        .. [[[{"GroupName":"group_0001","GroupId":1},{"GroupName":"group_0002","GroupId":2}],]]
                        .. [["CompleteFlag":1,"NextStartIndex":0,"ActionStatus":"OK","ErrorCode":0,]]
                        .. [["ErrorInfo":""}]] } },
}

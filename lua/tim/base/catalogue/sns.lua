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

-- A relationship field as the pages' samples give it: Tag names it (Tag_SNS_IM_Remark, Tag_SNS_IM_Group,
-- Tag_SNS_IM_AddSource, Tag_SNS_IM_AddWording, Tag_SNS_IM_AddTime, Tag_SNS_Custom_*; friend_get_list also
-- Tag_Profile_*), Value is a string, an integer (Tag_SNS_IM_AddTime, numeric custom fields) or an array of strings
-- (Tag_SNS_IM_Group).
local function tag_value(required)
    return {
        { "Tag", "string", required = required, doc = "the field (Tag_SNS_IM_*, Tag_SNS_Custom_*)" },
        { "Value", { "string", "integer", "array" }, required = required,
          doc = "the value: a string, an integer, or the list names of Tag_SNS_IM_Group" },
    }
end

-- One result per account (friend_delete, black_list_add, black_list_delete, group_add).
local RESULT_ITEM = {
    { "To_Account", "string", doc = "the account" },
    { "ResultCode", "integer", doc = "0 done, else the error" },
    { "ResultInfo", "string", doc = "why it failed (empty on success)" },
}
local FAIL_ACCOUNT = { "Fail_Account", "array", items = "string", doc = "the accounts that failed" }
-- black_list_add and black_list_delete answer alike: a result per user, then the users that failed.
local RESULT_PER_USER = {
    { "ResultItem", "array", doc = "one result per user", fields = RESULT_ITEM },
    FAIL_ACCOUNT,
}
-- To_Account on the pages that take at most 1000 users (friend_delete, friend_check, black_list_*).
local function to_1000(doc)
    return { "To_Account", "array", required = true, items = "string", max_items = 1000, doc = doc }
end
-- friend_check and black_list_check answer alike but for the list's name and the Relation values.
local function relations(list, relation_doc)
    return {
        { list, "array", doc = "one result per user", fields = {
            { "To_Account", "string", doc = "the user" },
            { "Relation", "string", doc = relation_doc },
            { "ResultCode", "integer", doc = "0 checked, else the error" },
            { "ResultInfo", "string", doc = "why the check failed" },
        } },
        FAIL_ACCOUNT,
    }
end

-- The page's samples write "GroupName":"Classmates", // comment inside the JSON: the comments are dropped.
local FRIEND_ADD_EXAMPLE = [[{"From_Account":"id","AddFriendItem":[{"To_Account":"id1","Remark":"remark1",]]
    .. [["GroupName":"Classmates","AddSource":"AddSource_Type_XXXXXXXX","AddWording":"I'm Test1"}],]]
    .. [["AddType":"Add_Type_Both","ForceAddFlags":1}]]

return {
    -- 1047/34902 (269/1643): 200 calls/s.
    { "sns", "sns", "friend_add", "add friends (one or both ways)", ref = INTL(34902), ref_zh = CN(1643),
      settle = "read the relation with friend_check before adding again; an existing friend is reported per "
            .. "item in ResultItem",
      -- trtc.io/document/34902 (samples) and the cloud.tencent.com.cn copy of 269/1643 (2024-09-24): the samples
      -- and the first two rows of the request table; tencentcloud.com/zh 1047/34902 (docs index): the table to
      -- AddFriendItem[].GroupName (To_Account required, Remark and GroupName optional). The rows after GroupName
      -- were not read, so the record stays lenient (seen = "example") with the required marks the rows read give.
      read = "2026-12-07", seen = "example",
      unread = "the request table past AddFriendItem[].GroupName (AddSource, AddWording, AddType, ForceAddFlags and "
          .. "the item limit), the answer sample and table, the error codes",
      request = {
          { "From_Account", "string", required = true, doc = "the user who adds friends" },
          { "AddFriendItem", "array", required = true, doc = "the friends to add", fields = {
              { "To_Account", "string", required = true, doc = "the friend" },
              { "Remark", "string", doc = "remark for the friend" },
              { "GroupName", "string", doc = "the one friend list to put the friend in" },
              { "AddSource", "string", doc = "where the request came from (AddSource_Type_*)" },
              { "AddWording", "string", doc = "the request's message" },
          } },
          { "AddType", "string", doc = "Add_Type_Both (the sample) or one-way" },
          { "ForceAddFlags", "integer", doc = "1: add without the target's confirmation" },
      },
      example = { request = FRIEND_ADD_EXAMPLE } },
    -- 269/8301: import one user's friends in batches, not concurrently, to avoid write conflicts (30008).
    -- 1047/34903: imports one-way friends in batches; 200 calls/s.
    { "sns", "sns", "friend_import", "import friends in bulk, without verification", ref = CN(8301),
      settle = "read the relation with friend_check; an already imported friend is reported per item in "
            .. "ResultItem",
      -- trtc.io/document/34903 and intl.cloud.tencent.com/document/product/1047/34903: the request samples only;
      -- the docs-index copies (tencentcloud.com/ko 1047/34903, cloud.tencent.com 269/8301 of 2025-12-15) also stop
      -- inside the samples.
      read = "2026-12-07", seen = "example", unread = "the field tables, the answer sample, the error codes",
      request = {
          { "From_Account", "string", doc = "the user who imports friends" },
          { "AddFriendItem", "array", doc = "the friends to import", fields = {
              { "To_Account", "string", doc = "the friend" },
              { "Remark", "string", doc = "remark for the friend" },
              { "RemarkTime", "integer", doc = "when the remark was set (Unix seconds)" },
              { "GroupName", "array", items = "string", doc = "the friend lists to put the friend in" },
              { "AddSource", "string", doc = "where the friend came from (AddSource_Type_*)" },
              { "AddWording", "string", doc = "the request's message" },
              { "AddTime", "integer", doc = "when the friend was added (Unix seconds)" },
              { "CustomItem", "array", doc = "custom relationship fields (Tag_SNS_Custom_*)",
                fields = tag_value(false) },
          } },
      },
      example = { request = [[{"From_Account":"id","AddFriendItem":[{"To_Account":"id1","Remark":"remark1",]]
                      .. [["RemarkTime":1420000001,"GroupName":["Friends"],"AddSource":"AddSource_Type_XXXXXXXX",]]
                      .. [["AddWording":"I'm Test1","AddTime":1420000001,"CustomItem":[{"Tag":"Tag_SNS_Custom_XXXX",]]
                      .. [["Value":"Test"},{"Tag":"Tag_SNS_Custom_YYYY","Value":0}]}]}]] } },
    -- 1047/34904 (2024-09-25): UpdateItem, at most 1000 friends per request; 200 calls/s; update one user's
    -- friends in one call rather than concurrently.
    { "sns", "sns", "friend_update", "update friend data (remark, lists, custom fields)", ref = INTL(34904),
      idempotent = true, batch = { field = "UpdateItem", max = 1000 },
      -- tencentcloud.com/document/product/1047/34904: the request table down to SnsItem[].Tag (cut there).
      read = "2026-12-07", seen = "fields", unread = "the request rows past Tag, the answer sample and table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose friend data is updated" },
          { "UpdateItem", "array", required = true, max_items = 1000, doc = "the friends to update", fields = {
              { "To_Account", "string", required = true, doc = "the friend" },
              { "SnsItem", "array", required = true, doc = "the fields to set: remark, lists or custom fields",
                fields = tag_value(true) },
          } },
      },
      example = { request = [[{"From_Account":"id","UpdateItem":[{"To_Account":"id1","SnsItem":[{"Tag":]]
                      .. [["Tag_SNS_IM_Remark","Value":"remark1"},{"Tag":"Tag_SNS_IM_Group","Value":["group1",]]
                      .. [["group2"]},{"Tag":"Tag_SNS_Custom_Test","Value":"test"}]}]}]] } },
    -- 1047/34905 (269/1644): To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "friend_delete", "delete friends (one or both ways)", ref = INTL(34905), ref_zh = CN(1644),
      idempotent = true, batch = { field = "To_Account", max = 1000 },
      -- tencentcloud.com/document/product/1047/34905: both tables (the samples give the two DeleteType values).
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user who deletes friends" },
          to_1000("the friends to delete, at most 1000"),
          { "DeleteType", "string", enum = { "Delete_Type_Single", "Delete_Type_Both" },
            doc = "one-way or two-way deletion" },
      },
      answer = {
          { "ResultItem", "array", doc = "one result per friend", fields = RESULT_ITEM },
      },
      example = { request = [[{"From_Account":"id","To_Account":["id1","id2","id3"],"DeleteType":"Delete_Type_Both"}]],
                  answer = [[{"ResultItem":[{"To_Account":"id1","ResultCode":0,"ResultInfo":""},{"To_Account":]]
                      .. [["id2","ResultCode":0,"ResultInfo":""},{"To_Account":"id3","ResultCode":0,]]
                      .. [["ResultInfo":""}],"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"0","ErrorDisplay":""}]] } },
    -- 1047/34906: deletes the user's standard and custom friend data; one-way by default. 269/1645 (2025-12-15):
    -- triggers no callback.
    { "sns", "sns", "friend_delete_all", "delete all friends of a user", ref = INTL(34906), ref_zh = CN(1645),
      idempotent = true, note = "triggers no callback (269/1645)",
      -- trtc.io/document/34906: both tables; tencentcloud.com/zh 1047/34906 and cloud.tencent.com 269/1645 (docs
      -- index): the same tables and the error codes (30001 bad parameter, 30003 no such account, 30004 admin
      -- needed, 30006 internal, 30007 timeout, 30008 write conflict: batch the writes).
      read = "2026-12-07", seen = "fields",
      codes = { 30001, 30003, 30004, 30006, 30007, 30008 }, invalid = 30001,
      request = {
          { "From_Account", "string", required = true, doc = "the user whose friends are deleted" },
          { "DeleteType", "string", enum = { "Delete_Type_Single", "Delete_Type_Both" },
            doc = "one-way (default) or two-way deletion" },
      },
      answer = {},
      example = { request = [[{"From_Account":"id","DeleteType":"Delete_Type_Both"}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- 1047/34907: To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "friend_check", "check friendship with a list of users", ref = INTL(34907),
      idempotent = true, batch = { field = "To_Account", max = 1000 },
      -- tencentcloud.com/document/product/1047/34907: the request table, the sample, the answer table to Relation.
      read = "2026-12-07", seen = "fields", unread = "the answer table past Relation, the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose relations are checked" },
          to_1000("the users to check, at most 1000"),
          { "CheckType", "string", required = true, doc = "one-way or two-way check (CheckResult_Type_Both, ...)" },
      },
      answer = relations("InfoItem", "CheckResult_Type_BothWay, CheckResult_Type_AWithB, CheckResult_Type_BWithA or "
                                     .. "CheckResult_Type_NoRelation"),
      example = { request = [[{"From_Account":"id","To_Account":["id1","id2","id3","id4","id5"],]]
                      .. [["CheckType":"CheckResult_Type_Both"}]],
                  answer = [[{"InfoItem":[{"To_Account":"id1","Relation":"CheckResult_Type_BothWay","ResultCode":0,]]
                      .. [["ResultInfo":""},{"To_Account":"id2","Relation":"CheckResult_Type_AWithB","ResultCode":0,]]
                      .. [["ResultInfo":""},{"To_Account":"id3","Relation":"CheckResult_Type_BWithA","ResultCode":0,]]
                      .. [["ResultInfo":""},{"To_Account":"id4","Relation":"CheckResult_Type_NoRelation",]]
                      .. [["ResultCode":0,"ResultInfo":""},{"To_Account":"id5","Relation":]]
                      .. [["CheckResult_Type_NoRelation","ResultCode":30006,"ResultInfo":]]
                      .. [["Err_SNS_FriendCheck_Check_Relation_Exec_Task_Fail"}],"Fail_Account":["id5"],]]
                      .. [["ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- 1047/34908 (2026-03-20 copy): at most 500 friends a page. 269/1647 lists no CustomSequence.
    { "sns", "sns", "friend_get", "pull a user's whole friend list, paged", ref = INTL(34908),
      ref_zh = CN(1647), idempotent = true, page = PAGE_FRIENDS,
      -- trtc.io/document/34908 and tencentcloud.com/ko/document/product/1047/34908: the request table and the
      -- answer sample up to StandardSequence; CustomSequence, FriendNum, NextStartIndex and CompleteFlag are the
      -- answer members the catalogue's paging note (above) and the page's later rows name, not read today.
      read = "2026-12-07", seen = "fields",
      unread = "the answer sample past StandardSequence and the answer table, the error code table",
      differs = "the English page (1047/34908) and trtc.io/zh list CustomSequence in the request; cloud.tencent.com "
             .. "269/1647 lists only From_Account, StartIndex and StandardSequence; the record keeps CustomSequence "
             .. "(optional)",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose friends are pulled" },
          { "StartIndex", "integer", required = true, doc = "where the page starts (0 first)" },
          { "StandardSequence", "integer", doc = "the previous answer's StandardSequence (same: no standard data)" },
          { "CustomSequence", "integer", doc = "the previous answer's CustomSequence (same: no custom data)" },
      },
      answer = {
          { "UserDataItem", "array", doc = "one entry per friend", fields = {
              { "To_Account", "string", doc = "the friend" },
              { "ValueItem", "array", doc = "the friend's fields, Tag_SNS_IM_* and Tag_SNS_Custom_*",
                fields = tag_value(false) },
          } },
          { "StandardSequence", "integer", doc = "sequence of the standard friend data" },
          { "CustomSequence", "integer", doc = "sequence of the custom friend data" },
          { "FriendNum", "integer", doc = "the number of friends" },
          { "CompleteFlag", "integer", doc = "1 on the last page" },
          { "NextStartIndex", "integer", doc = "StartIndex of the next page" },
      },
      example = { request = [[{"From_Account":"id","StartIndex":0,"StandardSequence":0,"CustomSequence":0}]] } },
    -- 1047/34910 (269/8609): pull no more than 100 friends per call (recommended); 200 calls/s.
    { "sns", "sns", "friend_get_list", "get the data of specified friends", ref = INTL(34910), ref_zh = CN(8609),
      idempotent = true, batch = { field = "To_Account", max = 100 },
      -- tencentcloud.com/jp/document/product/1047/34910 and cloud.tencent.com 269/8609: the request table and the
      -- answer sample.
      read = "2026-12-07", seen = "fields", unread = "the answer table, the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose friends are read" },
          { "To_Account", "array", required = true, items = "string", max_items = 100,
            doc = "the friends to read (100 recommended)" },
          { "TagList", "array", required = true, items = "string",
            doc = "the profile (Tag_Profile_*) and friend (Tag_SNS_*) fields to read" },
      },
      answer = {
          { "InfoItem", "array", doc = "one entry per friend", fields = {
              { "To_Account", "string", doc = "the friend" },
              { "SnsProfileItem", "array", doc = "the fields read", fields = tag_value(false) },
              { "ResultCode", "integer", doc = "0 read, else the error" },
              { "ResultInfo", "string", doc = "why the friend was not read" },
          } },
      },
      example = { request = [[{"From_Account":"UserID_1","To_Account":["UserID_2"],"TagList":[]]
                      .. [["Tag_Profile_Custom_Test","Tag_Profile_IM_Image","Tag_Profile_IM_Nick",]]
                      .. [["Tag_SNS_Custom_Test","Tag_SNS_IM_Remark","Tag_SNS_IM_Group"]}]],
                  answer = [[{"InfoItem":[{"To_Account":"UserID_2","SnsProfileItem":[{"Tag":"Tag_SNS_IM_Remark",]]
                      .. [["Value":"remark_2"},{"Tag":"Tag_SNS_IM_Group","Value":["group1","group2"]},{"Tag":]]
                      .. [["Tag_Profile_IM_Nick","Value":"nick_2"},{"Tag":"Tag_SNS_Custom_Test","Value":]]
                      .. [["custom_sns_2"},{"Tag":"Tag_Profile_Custom_Test","Value":"custom_profile_2"}],]]
                      .. [["ResultCode":0,"ResultInfo":""}],"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",]]
                      .. [["ErrorDisplay":""}]] } },
    -- 1047/34911 (269/3718, 2025-12-15): To_Account, at most 1000 UserIDs per request; blocking ends a friendship
    -- both ways.
    { "sns", "sns", "black_list_add", "add users to a blocklist", ref = INTL(34911), ref_zh = CN(3718),
      idempotent = true,
      batch = { field = "To_Account", max = 1000 },
      -- tencentcloud.com/document/product/1047/34911: both tables.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user who blocks" },
          to_1000("the users to block, at most 1000"),
      },
      answer = RESULT_PER_USER,
      example = { request = [[{"From_Account":"id","To_Account":["id1","id2","id3"]}]],
                  answer = [[{"ResultItem":[{"To_Account":"id1","ResultCode":0,"ResultInfo":""},{"To_Account":]]
                      .. [["id2","ResultCode":30001,"ResultInfo":"Err_SNS_BlackListAdd_Already_Exist"},]]
                      .. [[{"To_Account":"id3","ResultCode":30002,"ResultInfo":]]
                      .. [["Err_SNS_BlackListAdd_SdkAppId_Illegal"}],"Fail_Account":["id2","id3"],]]
                      .. [["ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}]] } },
    -- 1047/34912: To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "black_list_delete", "remove users from a blocklist", ref = INTL(34912), idempotent = true,
      batch = { field = "To_Account", max = 1000 },
      -- intl.cloud.tencent.com/document/product/1047/34912: both tables (the answer table to Fail_Account);
      -- tencentcloud.com/zh 1047/34912 and cloud.tencent.com 269/3719 (2025-12-15), in the docs index: the whole
      -- answer table (Fail_Account only when some user failed), cut before the error codes.
      read = "2026-12-07", seen = "fields", unread = "the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose blocklist changes" },
          to_1000("the users to unblock, at most 1000"),
      },
      answer = RESULT_PER_USER,
      example = { request = [[{"From_Account":"id","To_Account":["id1","id2","id3"]}]],
                  answer = [[{"ResultItem":[{"To_Account":"id1","ResultCode":0,"ResultInfo":""},{"To_Account":]]
                      .. [["id2","ResultCode":0,"ResultInfo":""},{"To_Account":"id3","ResultCode":30006,]]
                      .. [["ResultInfo":"Err_SNS_BlackListCheck_Check_Reverse_BlackList_Fail"}],]]
                      .. [["Fail_Account":["id3"],"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",]]
                      .. [["ErrorDisplay":""}]] } },
    -- 1047/34914: MaxLimited at most 1000 (a blocklist holds at most 1000 users); LastSequence 0 on the first
    -- pull.
    { "sns", "sns", "black_list_get", "pull a blocklist, paged (MaxLimited per page)", ref = INTL(34914),
      ref_zh = CN(3722), idempotent = true, page = PAGE_BLACKLIST,
      -- trtc.io/document/34914: the request table and the answer sample. Docs index: tencentcloud.com 1047/34914
      -- (its Chinese text, 2025-10-23) and cloud.tencent.com 269/3722 (2025-12-15): the same tables, cut inside
      -- the answer table. Both say a REST API pull fills LastSequence with 0.
      read = "2026-12-07", seen = "fields", unread = "the answer table past AddBlackTimeStamp, the error codes",
      differs = "the answer sample spells the sequence CurruentSequence on 1047/34914 (2025-10-23) and "
          .. "CurrentSequence on 269/3722 (2025-12-15); the answer tree has both, the paging carry keeps "
          .. "CurruentSequence (and the pages tell REST callers to send LastSequence 0 anyway)",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose blocklist is pulled" },
          { "StartIndex", "integer", required = true, doc = "where the page starts" },
          { "MaxLimited", "integer", required = true, max = 1000, doc = "users per page, at most 1000" },
          { "LastSequence", "integer", required = true,
            doc = "the previous pull's sequence, 0 the first time (the pages: REST API pulls send 0)" },
      },
      answer = {
          { "BlackListItem", "array", doc = "the blocked users", fields = {
              { "To_Account", "string", doc = "the blocked user" },
              { "AddBlackTimeStamp", "integer", doc = "when the user was blocked (Unix seconds)" },
          } },
          { "StartIndex", "integer", doc = "the next page's StartIndex (0: done)" },
          { "CurruentSequence", "integer", doc = "the blocklist's sequence (spelled so on 1047/34914)" },
          { "CurrentSequence", "integer", doc = "the blocklist's sequence (spelled so on 269/3722)" },
      },
      example = { request = [[{"From_Account":"id","StartIndex":0,"MaxLimited":30,"LastSequence":12}]],
                  answer = [[{"BlackListItem":[{"To_Account":"id1","AddBlackTimeStamp":1430000001},]]
                      .. [[{"To_Account":"id2","AddBlackTimeStamp":1430000002}],"StartIndex":0,]]
                      .. [["CurruentSequence":13,"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",]]
                      .. [["ErrorDisplay":""}]] } },
    -- 1047/34913: To_Account, at most 1000 UserIDs per request.
    { "sns", "sns", "black_list_check", "check blocklist relations", ref = INTL(34913), idempotent = true,
      batch = { field = "To_Account", max = 1000 },
      -- tencentcloud.com/document/product/1047/34913: the request table, the sample, the answer table to Relation.
      read = "2026-12-07", seen = "fields", unread = "the answer table past Relation, the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose blocklist is checked" },
          to_1000("the users to check, at most 1000"),
          { "CheckType", "string", required = true,
            doc = "one-way or two-way check (BlackCheckResult_Type_Both, ...)" },
      },
      answer = relations("BlackListCheckItem",
                         "BlackCheckResult_Type_BothWay, _AWithB, _BWithA or BlackCheckResult_Type_NO"),
      example = { request = [[{"From_Account":"id","To_Account":["id1","id2","id3","id4","id5"],]]
                      .. [["CheckType":"BlackCheckResult_Type_Both"}]],
                  answer = [[{"BlackListCheckItem":[{"To_Account":"id1","Relation":"BlackCheckResult_Type_BothWay",]]
                      .. [["ResultCode":0,"ResultInfo":""},{"To_Account":"id2","Relation":]]
                      .. [["BlackCheckResult_Type_AWithB","ResultCode":0,"ResultInfo":""},{"To_Account":"id3",]]
                      .. [["Relation":"BlackCheckResult_Type_BWithA","ResultCode":0,"ResultInfo":""},]]
                      .. [[{"To_Account":"id4","Relation":"BlackCheckResult_Type_NO","ResultCode":0,"ResultInfo":""},]]
                      .. [[{"To_Account":"id5","Relation":"BlackCheckResult_Type_NO","ResultCode":30007,]]
                      .. [["ResultInfo":"Err_SNS_BlackListCheck_Check_Reverse_BlackList_Fail"}],]]
                      .. [["Fail_Account":["id5"],"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",]]
                      .. [["ErrorDisplay":""}]] } },
    -- 1047/34950: at most 32 lists a user, so at most 32 GroupName per request; To_Account at most 1000.
    { "sns", "sns", "group_add", "create friend lists (and put friends in them)", ref = INTL(34950),
      settle = "read the lists with sns/group_get before creating them again",
      -- tencentcloud.com/document/product/1047/34950: the request table, both answer samples, the answer table
      -- to ResultItem[].ResultCode.
      read = "2026-12-07", seen = "fields", unread = "the answer table past ResultCode, the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user who gets the new lists" },
          { "GroupName", "array", required = true, items = "string", max_items = 32,
            doc = "the new lists, at most 32" },
          { "To_Account", "array", items = "string", max_items = 1000,
            doc = "friends to put in the new lists, at most 1000" },
      },
      answer = {
          { "ResultItem", "array", doc = "one result per friend (when To_Account was sent)", fields = RESULT_ITEM },
          FAIL_ACCOUNT,
          { "CurrentSequence", "integer", doc = "the lists' sequence after the change" },
      },
      example = { request = [[{"From_Account":"id","GroupName":["group1","group2","group3"],]]
                      .. [["To_Account":["id1","id2","id3"]}]],
                  answer = [[{"ResultItem":[{"To_Account":"id1","ResultCode":0,"ResultInfo":""},{"To_Account":]]
                      .. [["id2","ResultCode":32216,"ResultInfo":"Err_SNS_GroupAdd_ToTinyId_Not_Friend"},]]
                      .. [[{"To_Account":"id3","ResultCode":30002,"ResultInfo":"ERR_SDKAPPID_ILLEGAL"}],]]
                      .. [["Fail_Account":["id2","id3"],"CurrentSequence":3,"ActionStatus":"OK","ErrorCode":0,]]
                      .. [["ErrorInfo":"","ErrorDisplay":""}]] } },
    -- 1047/34926: at most 32 GroupName per request (a user has at most 32 lists). The 2020 copy gives 30001 for
    -- a wrong request parameter.
    { "sns", "sns", "group_delete", "delete friend lists", ref = INTL(34926), idempotent = true,
      -- trtc.io/ko/document/34926 (both tables) and intl.cloud.tencent.com/document/product/1047/34926 (2020:
      -- the first error codes); trtc.io/zh/document/34926 and cloud.tencent.com/document/api/269/10108 (docs
      -- index): whole, with the error codes.
      read = "2026-12-07", seen = "fields", ref_zh = CN(10108),
      codes = { 30001, 30003, 30004, 30006, 30007, 30008 }, invalid = 30001,
      request = {
          { "From_Account", "string", required = true, doc = "the user whose lists are deleted" },
          { "GroupName", "array", required = true, items = "string", max_items = 32,
            doc = "the lists to delete, at most 32" },
      },
      answer = {
          { "CurrentSequence", "integer", doc = "the lists' sequence after the change" },
      },
      example = { request = [[{"From_Account":"id","GroupName":["group1","group2","group3"]}]],
                  answer = [[{"CurrentSequence":4,"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"0",]]
                      .. [["ErrorDisplay":""}]] } },
    -- 1047/40123: NeedFriend applies only when GroupName is absent. The 2021 copy also had LastSequence
    -- (required then); the current page does not list it.
    { "sns", "sns", "group_get", "get friend lists", ref = INTL(40123), idempotent = true,
      -- trtc.io/document/40123: the request table; the answer sample is cut after its first item.
      read = "2026-12-07", seen = "fields", unread = "the answer sample and table, the error code table",
      request = {
          { "From_Account", "string", required = true, doc = "the user whose lists are pulled" },
          { "NeedFriend", "string", enum = { "Need_Friend_Type_Yes" },
            doc = "Need_Friend_Type_Yes: include the lists' friends (only without GroupName)" },
          { "GroupName", "array", items = "string", doc = "the lists to pull" },
          { "LastSequence", "integer", doc = "older pages (2021): the previous pull's sequence, 0 the first time" },
      },
      example = { request = [[{"From_Account":"id","NeedFriend":"Need_Friend_Type_Yes","GroupName":["group1"]}]] } },
}

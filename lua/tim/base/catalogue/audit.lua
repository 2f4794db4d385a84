-- tim.base.catalogue.audit: Content moderation
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
-- The keyword-library pages (1047/77829-77832, 2026-03-09) list these codes: 2001 internal error, 2002 command not
-- supported, 2003 invalid request parameters, 2004 no permission, 2015 moderation not enabled, 2016 too many
-- keywords added in one request (read whole on 77831).
local C = require "tim.base.catalogue.common"

local CN, INTL, TRTC, SGP = C.CN, C.INTL, C.TRTC, C.SGP

local AUDIT_CODES = { 2001, 2002, 2003, 2004, 2015, 2016 }
local LABELS = { "Normal", "Illegal", "Abuse", "Polity", "Ad", "Porn", "Sexy", "Terror", "Composite" }
-- The members the moderation and keyword pages write alike
local AUDIT_NAME = { "AuditName", "string", required = true,
                     doc = "moderation configuration: C2C, Group, UserInfo, GroupInfo, GroupMemberInfo, RelationChain "
                         .. "or a custom configuration ID from the console" }
local SDK_APP_ID = { "SdkAppId", "integer", required = true, doc = "the app's SDKAppID" }
local OFFSET = { "Offset", "integer", required = true, min = 0, doc = "where the page starts" }
local LIB_ID = { "LibID", "string", required = true, doc = "the library's ID (get_cloud_audit_keywords_ids)" }
local CREATE_TIME = { "CreateTime", "string", doc = "creation time, as text (from the sample)" }

return {
    -- trtc.io/document/77827: "Currently, only Singapore is supported."
    { "audit", "im_msg_audit", "content_moderation", "moderate one text, image, audio or video item",
      ref = TRTC(77827), idempotent = true, regions = SGP,
      note = "text and image answered at once, audio and video by webhook (ContentCallback.ResultNotify)",
      -- tencentcloud.com/document/product/1047/77827 and trtc.io/ko/document/77827 (2026-03-09): the request table
      -- (cut inside ExtReceiver's description); the answer lies past what the copies show.
      read = "2026-12-07", seen = "fields", unread = "the answer sample and table, the error code table",
      request = {
          AUDIT_NAME,
          { "ContentType", "string", required = true, enum = { "Text", "Image", "Audio", "Video" },
            doc = "kind of content" },
          { "Content", "string", required = true, max_bytes = 8192,
            doc = "the text, or the file's URL (up to 8 KB; an image up to 5 MB)" },
          { "ExtSender", "string", doc = "sender tag for the console's statistics (a UserID or your own ID)" },
          { "ExtReceiver", "string", doc = "receiver tag for the console's statistics (a UserID/GroupID or your own)" },
      },
      example = { request = [[{"AuditName":"C2C","ContentType":"Text","Content":"abc","ExtSender":"sender_xx",]]
                      .. [["ExtReceiver":"receiver_yy"}]] } },
    -- 269/100243 (2025-11, China site): China, Singapore and Seoul, at most 10 items; the international page
    -- (trtc.io/document/77828, 2026-03-09) names Singapore only.
    { "audit", "im_msg_audit", "batch_content_moderation", "moderate up to 10 texts and images",
      ref = TRTC(77828), ref_zh = CN(100243), idempotent = true, regions = { "cn", "sgp", "kr" },
      batch = { field = "Contents", max = 10 },
      note = "trtc.io/document/77828 (international) lists Singapore only",
      -- trtc.io/ja/document/77828, tencentcloud.com/document/product/1047/77828 and its Chinese copy
      -- (tencentcloud.website/zh, 2026-03-09): the request table to Contents[].Content; ExtSender and ExtReceiver
      -- come from the sample (the same fields as 77827).
      read = "2026-12-07", seen = "fields",
      unread = "the request table past Contents[].Content, the answer sample and table, the error code table",
      differs = "the international page 1047/77828 (2026-03-09, English and its Chinese copy) serves Singapore "
          .. "only; the China-site page 269/100243 (2025-11, read earlier) names China, Singapore and Seoul. The "
          .. "regions follow the China-site page, which speaks for China-site apps; the fields are the same.",
      request = {
          AUDIT_NAME,
          { "Contents", "array", required = true, max_items = 10, doc = "the items, up to 10", fields = {
              { "ContentId", "integer", required = true, doc = "the item's ID, distinct within the request" },
              { "ContentType", "string", required = true, enum = { "Text", "Image" }, doc = "Text or Image" },
              { "Content", "string", required = true, max_bytes = 8192,
                doc = "the text, or the image's URL (up to 8 KB)" },
          } },
          { "ExtSender", "string", doc = "sender tag for the console's statistics (from the sample)" },
          { "ExtReceiver", "string", doc = "receiver tag for the console's statistics (from the sample)" },
      },
      example = { request = [[{"AuditName":"Group","Contents":[{"ContentId":0,"ContentType":"Text",]]
                      .. [["Content":"abc123"},{"ContentId":1,"ContentType":"Text","Content":"abc1234"},]]
                      .. [[{"ContentId":2,"ContentType":"Image","Content":"https://www.simple.com/1.jpg"},]]
                      .. [[{"ContentId":3,"ContentType":"Text","Content":"tttcccc"}],"ExtSender":"sender_xx",]]
                      .. [["ExtReceiver":"receiver_yy"}]] } },
    -- The local keyword pages were not found among the stored copies (searched 2026-12-07 by command name, in
    -- English and Chinese, in the pages and the docs index): no trees, so nothing is checked. Their field names
    -- (LocalAuditWords, ...) are unverified.
    { "audit", "im_msg_audit_mgr", "add_local_audit_keywords", "add local moderation keywords",
      settle = "list the keywords with get_local_audit_keywords before adding again",
      note = "local moderation is announced as no longer maintained" },
    { "audit", "im_msg_audit_mgr", "delete_local_audit_keywords", "delete local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_local_audit_keywords", "list local moderation keywords",
      idempotent = true },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords_ids", "list cloud keyword library IDs",
      ref = INTL(77829), idempotent = true, regions = SGP,
      -- tencentcloud.com/document/product/1047/77829 and its /jp copy (2026-03-09): the request table; the answer
      -- table was cut after Infos[].LibName (the rest, and TotalCount, from the sample).
      read = "2026-12-07", seen = "fields", unread = "the answer table past Infos[].LibName, the error code table",
      codes = AUDIT_CODES, invalid = 2003,
      request = {
          SDK_APP_ID,
          OFFSET,
          { "Limit", "integer", required = true, max = 100, doc = "libraries per page, up to 100" },
      },
      answer = {
          { "Infos", "array", doc = "the keyword libraries", fields = {
              { "ID", "string", doc = "the library's ID (LibID in the keyword calls)" },
              { "LibName", "string", doc = "the library's name" },
              { "Describe", "string", doc = "description (from the sample)" },
              CREATE_TIME,
              { "Suggestion", "string", doc = "the library's verdict, e.g. Block (from the sample)" },
          } },
          { "TotalCount", "integer", doc = "number of libraries (from the sample)" },
      },
      example = { request = [[{"SdkAppId":1400187352,"Offset":0,"Limit":3}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"RequestId":"","TotalCount":3,]]
                      .. [["Infos":[{"ID":"e77ff172-40f5-404c-8055-20f34504de82","LibName":"4_7_1400187352_1",]]
                      .. [["Describe":"","CreateTime":"2023-02-20 13:53:44 +0800 CST","Suggestion":"Block"},]]
                      .. [[{"ID":"71325721-5303-4c41-af15-00937658918e","LibName":"4_7_1400187352_1",]]
                      .. [["Describe":"","CreateTime":"2023-02-20 13:51:49 +0800 CST","Suggestion":"Block"},]]
                      .. [[{"ID":"7ad18f39-65cf-4b71-913b-e11d051789d3","LibName":"4_7_1400187352_1",]]
                      .. [["Describe":"","CreateTime":"2023-02-20 13:51:38 +0800 CST","Suggestion":"Block"}]}]] } },
    { "audit", "im_msg_audit_mgr", "get_cloud_audit_keywords", "list cloud moderation keywords",
      ref = INTL(77830), idempotent = true, regions = SGP,
      -- tencentcloud.com/document/product/1047/77830 and trtc.io/ja/document/77830 (2026-03-09): the request table;
      -- the answer table was cut inside Infos[].Content, so an item may carry more members (open).
      read = "2026-12-07", seen = "fields", unread = "the answer table past Infos[].Content, the error code table",
      codes = AUDIT_CODES, invalid = 2003,
      request = {
          SDK_APP_ID,
          OFFSET,
          { "Limit", "integer", required = true, max = 100, doc = "keywords per page, up to 100" },
          LIB_ID,
          { "Content", "string", doc = "fuzzy filter; empty pages through every keyword" },
      },
      answer = {
          { "TotalCount", "integer", doc = "number of keywords" },
          { "Infos", "array", open = true, doc = "the keywords", fields = {
              { "ID", "string", doc = "the keyword's ID" },
              { "Content", "string", doc = "the keyword" },
              CREATE_TIME,
          } },
      },
      example = { request = [[{"SdkAppId":1400187352,"Offset":0,"Limit":10,]]
                      .. [["LibID":"1cd0d0ed-0e2c-4d35-ae86-2a1a8697706d","Content":"test123456xyz1"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                      .. [["RequestId":"a2b6ab9c-ac0d-4627-b9fd-d3c7525048f9","TotalCount":1,]]
                      .. [["Infos":[{"ID":"10756913","Content":"test123456xyz1","CreateTime":"2023-06-24 23:45:04"}]}]]
      } },
    -- 1047/77831 does not give the per-request maximum behind 2016. 269/94303 (China site, 2025-11-12): China,
    -- Singapore and Seoul; 200 calls/s.
    { "audit", "im_msg_audit_mgr", "add_cloud_audit_keywords", "add cloud moderation keywords",
      ref = INTL(77831), ref_zh = CN(94303), regions = { "cn", "sgp", "kr" },
      settle = "list the keywords with get_cloud_audit_keywords before adding again",
      -- tencentcloud.com/document/product/1047/77831 and its Chinese copy (tencentcloud.website/zh), whole;
      -- cloud.tencent.com 269/94303 (docs index): the same tables, cut at the private error codes.
      read = "2026-12-07", seen = "fields",
      differs = "the international page 1047/77831 (2026-03-09) serves Singapore only; the China-site page "
          .. "269/94303 (2025-11-12) names China, Singapore and Seoul. The regions follow the China-site page, as "
          .. "batch_content_moderation does; the fields are the same",
      codes = AUDIT_CODES, invalid = 2003,
      request = {
          SDK_APP_ID,
          LIB_ID,
          { "UserKeywords", "array", required = true, doc = "the keywords to add", fields = {
              { "Content", "string", required = true, doc = "the keyword" },
              { "Label", "string", enum = LABELS, doc = "the keyword's category" },
          } },
      },
      answer = {},
      example = { request = [[{"SdkAppId":1400187352,"LibID":"1cd0d0ed-0e2c-4d35-ae86-2a1a8697706d",]]
                      .. [["UserKeywords":[{"Content":"xyz123456test1","Label":"Ad"}]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                      .. [["RequestId":"321ea546-46bd-45ae-b0e0-321c8ac6a3b0"}]] } },
    -- 1047/77832: up to 10 keywords per request.
    { "audit", "im_msg_audit_mgr", "delete_cloud_audit_keywords", "delete up to 10 cloud moderation keywords",
      ref = INTL(77832), idempotent = true, regions = SGP, batch = { field = "Keywords", max = 10 },
      -- trtc.io/ja/document/77832 and tencentcloud.com/jp/document/product/1047/77832: the request table; the answer
      -- table was cut after Details[].Keyword (Deleted, ErrorInfo and Count from the sample).
      read = "2026-12-07", seen = "fields", unread = "the answer table past Details[].Keyword, the error code table",
      codes = AUDIT_CODES, invalid = 2003,
      request = {
          SDK_APP_ID,
          LIB_ID,
          { "Keywords", "array", required = true, items = "string", max_items = 10,
            doc = "the keywords to delete, up to 10" },
      },
      answer = {
          { "Details", "array", doc = "one result per keyword", fields = {
              { "KeywordID", "string", doc = "the deleted keyword's ID" },
              { "Keyword", "string", doc = "the keyword" },
              { "Deleted", "boolean", doc = "whether it was deleted (from the sample)" },
              { "ErrorInfo", "string", doc = "why not (from the sample)" },
          } },
          { "Count", "integer", doc = "number deleted (from the sample)" },
      },
      example = { request = [[{"SdkAppId":1400187352,"LibID":"1cd0d0ed-0e2c-4d35-ae86-2a1a8697706d",]]
                      .. [["Keywords":["test123456xyz2"]}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                      .. [["RequestId":"0874e3f7-c30a-49c0-953d-867e9243ff53","Details":[{"KeywordID":"10756914",]]
                      .. [["Keyword":"test123456xyz2","Deleted":true,"ErrorInfo":""}],"Count":1}]] } },
}

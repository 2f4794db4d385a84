-- tim.base.catalogue.ops: Operations
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL

-- getappinfo's daily row: the members of the page's full sample (1047/34886), in its order. Every value is a
-- string there ("84"), counts included. The table that explains them (the operations fields that RequestField
-- may name) was not readable, so the row stays open to members the sample does not show.
local function day_field(name, doc) return { name, "string", doc = doc } end
local APP_DAY = {
    day_field("APNSMsgNum", "APNs pushes"),
    day_field("ActiveUserNum", "active users"),
    day_field("AppId", "the app's ID"),
    day_field("AppName", "the app's name"),
    day_field("C2CAPNSMsgNum", "APNs pushes of C2C messages"),
    day_field("C2CDownMsgNum", "C2C messages delivered"),
    day_field("C2CSendMsgUserNum", "users who sent C2C messages"),
    day_field("C2CUpMsgNum", "C2C messages sent"),
    day_field("CallBackReq", "webhook requests"),
    day_field("CallBackRsp", "webhook answers"),
    day_field("ChainDecrease", "relationship-chain pairs removed"),
    day_field("ChainIncrease", "relationship-chain pairs added"),
    day_field("Company", "the app's company"),
    day_field("Date", "the day of the row, YYYYMMDD"),
    day_field("DownMsgNum", "messages delivered"),
    day_field("GroupAPNSMsgNum", "APNs pushes of group messages"),
    day_field("GroupAllGroupNum", "groups in all"),
    day_field("GroupDestroyGroupNum", "groups disbanded"),
    day_field("GroupDownMsgNum", "group messages delivered"),
    day_field("GroupJoinGroupTimes", "group joins"),
    day_field("GroupNewGroupNum", "groups created"),
    day_field("GroupQuitGroupTimes", "group exits"),
    day_field("GroupSendMsgGroupNum", "groups with messages sent"),
    day_field("GroupSendMsgUserNum", "users who sent group messages"),
    day_field("GroupUpMsgNum", "group messages sent"),
    day_field("LoginTimes", "logins"),
    day_field("LoginUserNum", "users who logged in"),
    day_field("MaxOnlineNum", "peak users online"),
    day_field("RegistUserNumOneDay", "accounts registered that day"),
    day_field("RegistUserNumTotal", "accounts registered in all"),
    day_field("SendMsgUserNum", "users who sent messages"),
    day_field("UpMsgNum", "messages sent"),
}

-- forbid_illegal_object and allow_banned_object (269/74775, 74776): the same note, request and answer
local COS_NOTE = "only files the IM SDK uploaded; the page's URL names console.tim.qq.com only"
local RAW_URL = {
    { "RawURL", "string", required = true, doc = "the file's URL (the URL field of the rich-media message)" },
}
local COS_ANSWER = [[{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}]]

return {
    -- 1047/34886 (trtc.io and tencentcloud.com copies; 269/4193 per the team's issue): the operations data of
    -- the last 30 days, one Result row a day with its Date; RequestField names the fields to pull (all when
    -- absent); 200 calls/s.
    { "ops", "openconfigsvr", "getappinfo", "get the app's operating statistics (last 30 days, a row a day)",
      ref = INTL(34886), idempotent = true,
      -- tencentcloud.com/document/product/1047/34886: the request table and the full sample answer (without
      -- RequestField); the sample with RequestField is cut after its first member.
      read = "2026-12-07", seen = "fields",
      unread = "the answer table and the table of pullable fields, the sample answer with RequestField, 269/4193",
      request = {
          { "RequestField", "array", items = "string", doc = "the operations fields to pull (all when absent)" },
      },
      answer = {
          { "Result", "array", open = true, doc = "one row a day for the last 30 days, each with its Date",
            fields = APP_DAY },
      },
      -- the page's sample ends the row with a trailing comma: dropped.
      example = { request = [[{"RequestField":["ChainIncrease","ChainDecrease"]}]],
                  answer = [[{"ErrorCode":0,"ErrorInfo":"OK","Result":[{"APNSMsgNum":"84","ActiveUserNum":"2014",]]
                      .. [["AppId":"1104620500","AppName":"Real-Time Communication Scenario Developer edition",]]
                      .. [["C2CAPNSMsgNum":"84","C2CDownMsgNum":"11040","C2CSendMsgUserNum":"9",]]
                      .. [["C2CUpMsgNum":"52209","CallBackReq":"73069","CallBackRsp":"72902","ChainDecrease":"16",]]
                      .. [["ChainIncrease":"18","Company":"Linye","Date":"20160607","DownMsgNum":"11869",]]
                      .. [["GroupAPNSMsgNum":"0","GroupAllGroupNum":"41913","GroupDestroyGroupNum":"35019",]]
                      .. [["GroupDownMsgNum":"829","GroupJoinGroupTimes":"121438","GroupNewGroupNum":"35904",]]
                      .. [["GroupQuitGroupTimes":"108292","GroupSendMsgGroupNum":"5189","GroupSendMsgUserNum":"12",]]
                      .. [["GroupUpMsgNum":"8433","LoginTimes":"13708","LoginUserNum":"2094","MaxOnlineNum":"62",]]
                      .. [["RegistUserNumOneDay":"1052","RegistUserNumTotal":"53091","SendMsgUserNum":"19",]]
                      .. [["UpMsgNum":"60642"}]}]] } },
    -- 269/1650: at most 10 calls/s (not re-read 2026-12-07: the copies read were cut before the rate).
    -- 1047/34885: record files per Beijing-time hour, kept 7 days; the download URL expires.
    { "ops", "open_msg_svc", "get_history", "get download links of hourly message-record files",
      ref = INTL(34885), ref_zh = CN(1650), rate = "history", idempotent = true,
      -- tencentcloud.com/document/product/1047/34885: both tables (the answer table to File[].URL) and the samples.
      read = "2026-12-07", seen = "fields",
      unread = "the answer table past URL, the error codes, the rate line (10/s kept from 269/1650)",
      request = {
          { "ChatType", "string", required = true, enum = { "C2C", "Group" }, doc = "C2C or group records" },
          { "MsgTime", "string", required = true, doc = "the Beijing-time hour, YYYYMMDDHH" },
      },
      answer = {
          { "File", "array", doc = "the record files of the hour", fields = {
              { "URL", "string", doc = "download address (expires)" },
              { "ExpireTime", "string", doc = "when the address expires, \"YYYY-MM-DD hh:mm:ss\"" },
              { "FileSize", "integer", doc = "size before compression, bytes" },
              { "FileMD5", "string", doc = "MD5 before compression" },
              { "GzipSize", "integer", doc = "size of the gzip file, bytes" },
              { "GzipMD5", "string", doc = "MD5 of the gzip file" },
          } },
      },
      example = { request = [[{"ChatType":"C2C","MsgTime":"2015120121"}]],
                  answer = [[{"File":[{"URL":"https://download.tim.qq.com/msg_history/2/]]
                      .. [[9b8f8f063b73f61698ce11e58207e89ade40.gz","ExpireTime":"2015-12-02 16:45:23",]]
                      .. [["FileSize":65207,"FileMD5":"cceece008bb7f469a47cf8c4b7acb84e","GzipSize":1815,]]
                      .. [["GzipMD5":"c3a0269dde393fd7a8bb18bfdeaeee2e"}],"ActionStatus":"OK","ErrorInfo":"",]]
                      .. [["ErrorCode":0}]] } },
    -- 1047/36742: the body is {}; the list's kind is the URL parameter nettype (0 all; 1/2 native SDK inside /
    -- outside China; 3/4 web SDK; 5/6 webhook egress addresses inside / outside China), not a body field.
    { "ops", "ConfigSvc", "GetIPList", "get the IM servers' egress IPs (callback allow-lists)", ref = INTL(36742),
      ref_zh = CN(45438), idempotent = true,
      note = "nettype (URL query parameter, 0-6) picks the list; 5 or 6: the webhook egress IPs",
      -- trtc.io/document/36742 and tencentcloud.com/jp/document/product/1047/36742: the parameters, the answer
      -- table; tencentcloud.com/zh 1047/36742 (docs index), whole: no private error code table. cloud.tencent.com
      -- 269/45438 (2026-01-16): the same, 200 calls/s, cut at its error code heading.
      read = "2026-12-07", seen = "fields",
      request = {},
      answer = {
          { "IPList", "array", items = "string", doc = "server IP addresses or ranges (CIDR)" },
      },
      example = { request = [[{}]],
                  answer = [[{"ActionStatus":"OK","ErrorCode":0,"IPList":["127.0.0.2","183.192.202.0/25"]}]] } },
    -- 269/74775, 74776, 74777 (Chinese pages only, 2023-07-26): files uploaded by the IM SDK in rich-media messages
    -- (terminal SDK 4.9.x or later, Web SDK v2.0.0 or later). Their request URLs name console.tim.qq.com only (no
    -- per-region domain table).
    { "ops", "im_cos_msg", "forbid_illegal_object", "ban a chat file", idempotent = true, ref = CN(74775),
      note = COS_NOTE,
      -- cloud.tencent.com/document/product/269/74775, whole (no error code table on the page).
      read = "2026-12-07", seen = "fields",
      request = RAW_URL,
      answer = {},
      example = { request = [[{"RawURL":"https://cos.ap-shanghai.myqcloud.com/005f-shanghai-360-shared-01-1256635546/]]
                      .. [[76aa-1400152839/2f3b-2273451635034382/699eb4ee5ffa9aeb70627958766f2927-142072.jpg"}]],
                  answer = COS_ANSWER } },
    { "ops", "im_cos_msg", "allow_banned_object", "lift the ban on a chat file", idempotent = true, ref = CN(74776),
      note = COS_NOTE,
      -- cloud.tencent.com/document/product/269/74776, whole (no error code table on the page).
      read = "2026-12-07", seen = "fields",
      request = RAW_URL,
      answer = {},
      example = { request = [[{"RawURL":"https://cos.ap-shanghai.myqcloud.com/]]
                      .. [[98ec-shanghai-007-privatev2-01-1256635546/0345-1400187352/0612-yyy/]]
                      .. [[9a0f4c42d208ccfb5aa47c29284aefc6.png"}]],
                  answer = COS_ANSWER } },
    -- 269/74777: a FULL_CONTROL signed URL (valid 15 minutes by default) and the file's state, so an admin can see a
    -- banned file.
    { "ops", "im_cos_msg", "get_cos_sig", "get a signed URL for a chat file", idempotent = true, ref = CN(74777),
      note = "the signed URL is valid 15 minutes by default; the page's URL names console.tim.qq.com only",
      -- cloud.tencent.com/document/product/269/74777: the request table and the answer sample up to the first
      -- PreSigURL (cut); the answer tree is that sample's, its items open. The request sample lacks the comma
      -- between its two items (added here).
      read = "2026-12-07", seen = "fields", unread = "the answer sample past PreSigURLs[].PreSigURL, the answer table",
      request = {
          { "RawURLs", "array", required = true, doc = "the files to sign (URL fields of rich-media messages)",
            fields = {
                { "ResourceID", "integer", required = true, doc = "your ID for the file within the request" },
                { "RawURL", "string", required = true, doc = "the file's URL" },
            } },
      },
      answer = {
          { "PreSigURLs", "array", open = true, doc = "one result per file (members read from the sample)", fields = {
              { "Code", "integer", doc = "0 signed, else the error (the sample: 0)" },
              { "Desc", "string", doc = "why not (the sample: empty)" },
              { "ResourceID", "integer", doc = "the request's ResourceID" },
              { "PreSigURL", "string", doc = "the signed URL" },
          } },
      },
      example = { request = [[{"RawURLs":[{"ResourceID":1,"RawURL":"https://cos.ap-shanghai.myqcloud.com/]]
                      .. [[98ec-shanghai-007-privatev2-01-1256635546/0345-1400187352/0612-yyy/]]
                      .. [[9a0f4c42d208ccfb5aa47c29284aefc6.png"},{"ResourceID":2,"RawURL":]]
                      .. [["https://cos.ap-shanghai.myqcloud.com/98ec-shanghai-007-privatev2-01-1256635546/]]
                      .. [[0345-1400187352/0612-yyy/9a0f4c42d208ccfb5aa47c29284aefc7.png"}]}]] } },
}

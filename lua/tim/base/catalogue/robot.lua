-- tim.base.catalogue.robot: Robots
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
-- ErrorCode 10008 on these pages is an invalid request, not a signature failure: 1047/55280 "Invalid request. For
-- example, the request requires app admin permissions or the number of created chatbots reaches the upper limit."
-- and 1047/55282 (tencentcloud.com/zh) "非法请求,需要 App 管理员权限、创建的机器人已达上限等".
local C = require "tim.base.catalogue.common"

local CN, INTL = C.CN, C.INTL

return {
    -- 269/89991 (2025-12): "同一个机器人账号 UserID 重复创建仅会创建1个机器人" (creating the same robot UserID
    -- again creates one robot); at most 20 robots per IM account. 1047/55281 says the same ("Repeatedly calling this
    -- API with the same chatbot userid will create only one chatbot account. Each Chat account can create up to 20").
    { "robot", "openim_robot_http_svc", "create_robot", "create a robot (UserID starts with @RBT#)",
      ref = INTL(55281), ref_zh = CN(89991), idempotent = true, note = "at most 20 robots per account",
      -- trtc.io/ja/document/55281 and tencentcloud.com/document/product/1047/55281 (2024-07-16): the request and
      -- answer tables; the error table was cut after 10004.
      read = "2026-12-07", seen = "fields", unread = "the error code table past 10004 (the sibling pages add 10008)",
      codes = { 10002, 10004 }, invalid = 10004,
      request = {
          { "UserID", "string", required = true, max_bytes = 32,
            doc = "the robot's UserID, up to 32 bytes, starting with @RBT#" },
          { "Nick", "string", doc = "nickname" },
          { "FaceUrl", "string", doc = "profile photo URL" },
          { "SelfSignature", "string", max_bytes = 500, doc = "status line, up to 500 bytes" },
      },
      answer = {},
      example = { request = [[{"UserID":"@RBT#001","Nick":"Jarvis","FaceUrl":"www.example.com/head.jpg",]]
                      .. [["SelfSignature":"hello, world"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    -- 269/89992: one Robot_Account per call; the robot becomes invalid, its UserID is not deleted.
    { "robot", "openim_robot_http_svc", "delete_robot", "make a robot invalid", ref = INTL(55282), ref_zh = CN(89992),
      idempotent = true,
      -- tencentcloud.com/zh/document/product/1047/55282 (the Chinese copy of the international page), whole.
      read = "2026-12-07", seen = "fields",
      codes = { 10002, 10004, 10008 }, invalid = 10004,
      request = {
          { "Robot_Account", "string", required = true, max_bytes = 32,
            doc = "the robot's UserID, up to 32 bytes, starting with @RBT#" },
      },
      answer = {},
      example = { request = [[{"Robot_Account":"@RBT#001"}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}]] } },
    { "robot", "openim_robot_http_svc", "get_all_robots", "list the app's robots", ref = INTL(55280),
      ref_zh = CN(89993), idempotent = true,
      -- tencentcloud.com/document/product/1047/55280 and trtc.io/document/55280, whole: the request is {}.
      read = "2026-12-07", seen = "fields",
      codes = { 10002, 10008 },
      request = {},
      answer = {
          { "Robot_Account", "array", items = "string", doc = "the robots' UserIDs" },
      },
      example = { request = [[{}]],
                  answer = [[{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,]]
                      .. [["Robot_Account":["@RBT#001","@RBT#002","@RBT#003"]}]] } },
}

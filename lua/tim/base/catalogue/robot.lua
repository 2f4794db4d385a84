-- tim.base.catalogue.robot: Robots
--
-- One record per endpoint: { family, service, command, doc, traits..., request =, answer =, codes =, example = }.
-- The traits are described in tim.api, the request and answer trees in tim.base.schema.
local C = require "tim.base.catalogue.common"

local CN = C.CN

return {
    -- 269/89991 (2025-12): "同一个机器人账号 UserID 重复创建仅会创建1个机器人" (creating the same robot UserID
    -- again creates one robot); at most 20 robots per IM account.
    { "robot", "openim_robot_http_svc", "create_robot", "create a robot (UserID starts with @RBT#)",
      ref = CN(89991), idempotent = true, note = "at most 20 robots per account" },
    -- 269/89992: one Robot_Account per call; the robot becomes invalid, its UserID is not deleted.
    { "robot", "openim_robot_http_svc", "delete_robot", "make a robot invalid", ref = CN(89992),
      idempotent = true },
    { "robot", "openim_robot_http_svc", "get_all_robots", "list the app's robots", ref = CN(89993),
      idempotent = true },
}

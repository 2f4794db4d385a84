-- The callback (webhook) command catalogue as data: every CallbackCommand Tencent IM can POST to the app.
--
--   kind = "before": IM waits for the answer and acts on it (ErrorCode 0 = go on, non-zero = refuse);
--          "after":  a notification, IM ignores the answer (reply quickly with allow()).
--   drop = true:     ErrorCode 2 silently discards the message (the sender still sees success).
--   modify = { ... }: reply fields IM takes over from an allowing answer (the changed message).
--   doc:  the page in the official documentation (tencentcloud.com/document/product/1047/<id>) where known.
--
-- Only names confirmed in the official pages or in the shared API notes are listed. Left out on purpose:
-- the separate products that use the same mechanism (Call.CallbackAfterStartCall/EndCall/MemberChanged,
-- TUILiveKit and TUIRoomKit callbacks) and anything not seen in an official page. An unlisted command is still
-- handled: it reaches the handler's on_unknown default.
local pairs, sort = pairs, table.sort

local _M = { _VERSION = require "tim.version" }

local MSG_MODIFY = { "MsgBody", "CloudCustomData" }

local function before(family, doc, extra)
    local t = { kind = "before", family = family, doc = doc }
    for k, v in pairs(extra or {}) do t[k] = v end
    return t
end

local function after(family, doc)
    return { kind = "after", family = family, doc = doc }
end

_M.commands = {
    -- operations
    ["Alert.RequestOverLimit"]                  = after("operations"),
    -- online status
    ["State.StateChange"]                       = after("state"),
    -- profile and relationship chain
    ["Profile.CallbackPortraitSet"]             = after("sns"),
    ["Sns.CallbackPrevFriendAdd"]               = before("sns"),
    ["Sns.CallbackPrevFriendResponse"]          = before("sns"),
    ["Sns.CallbackFriendAdd"]                   = after("sns"),
    ["Sns.CallbackFriendDelete"]                = after("sns"),
    ["Sns.CallbackBlackListAdd"]                = after("sns"),
    ["Sns.CallbackBlackListDelete"]             = after("sns"),
    -- follow
    ["Follow.CallbackAfterFollowAdd"]           = after("follow", 70355),
    ["Follow.CallbackAfterFollowDelete"]        = after("follow", 70356),
    -- one-to-one messages
    ["C2C.CallbackBeforeSendMsg"]               = before("c2c", 34364, { drop = true, modify = MSG_MODIFY }),
    ["C2C.CallbackAfterSendMsg"]                = after("c2c"),
    ["C2C.CallbackAfterMsgReport"]              = after("c2c"),
    ["C2C.CallbackAfterMsgWithDraw"]            = after("c2c"),
    ["C2C.CallbackAfterC2CMsgExtension"]        = after("c2c", 76006),
    -- groups
    ["Group.CallbackBeforeCreateGroup"]         = before("group"),
    ["Group.CallbackAfterCreateGroup"]          = after("group"),
    ["Group.CallbackBeforeApplyJoinGroup"]      = before("group"),
    ["Group.CallbackBeforeInviteJoinGroup"]     = before("group"),
    ["Group.CallbackAfterNewMemberJoin"]        = after("group"),
    ["Group.CallbackAfterMemberExit"]           = after("group"),
    ["Group.CallbackBeforeSendMsg"]             = before("group", 34374, { drop = true, modify = MSG_MODIFY }),
    ["Group.CallbackAfterSendMsg"]              = after("group"),
    ["Group.CallbackAfterGroupFull"]            = after("group"),
    ["Group.CallbackAfterGroupDestroyed"]       = after("group"),
    ["Group.CallbackAfterGroupInfoChanged"]     = after("group"),
    ["Group.CallbackOnMemberStateChange"]       = after("group"),
    ["Group.CallbackSendMsgException"]          = after("group"),
    ["Group.CallbackAfterRecallMsg"]            = after("group"),
    ["Group.CallbackBeforeCreateTopic"]         = before("group"),
    ["Group.CallbackAfterCreateTopic"]          = after("group"),
    ["Group.CallbackAfterTopicDestroyed"]       = after("group"),
    ["Group.CallbackAfterTopicInfoChanged"]     = after("group"),
    ["Group.CallbackAfterMemberFieldChanged"]   = after("group"),
    ["Group.CallbackAfterGroupAttrChanged"]     = after("group"),
    ["Group.CallbackAfterReadReceipt"]          = after("group"),
    ["Group.CallbackAfterChangeGroupOwner"]     = after("group"),
    ["Group.CallbackOnDailyGroupQuotaAlarm"]    = after("group"),
    ["Group.CallbackAfterGroupMsgExtension"]    = after("group", 76007),
    -- content moderation
    ["ContentCallback.ResultNotify"]            = after("moderation"),
    -- robots and AI: the event is the message to the robot; the app answers through the REST API
    ["Bot.OnC2CMessage"]                        = after("robot"),
    ["Bot.OnGroupMessage"]                      = after("robot"),
    ["Chatbot.OnC2CSignalMessage"]              = after("robot"),
    -- official accounts
    ["OfficialAccount.CallbackBeforeCreateOfficialAccount"] = before("official_account"),
    ["OfficialAccount.CallbackAfterCreateOfficialAccount"]  = after("official_account"),
    ["OfficialAccount.CallbackAfterOfficialAccountInfoChanged"] = after("official_account"),
    ["OfficialAccount.CallbackAfterOfficialAccountDestroyed"]   = after("official_account"),
    ["OfficialAccount.CallbackBeforeAddSubscriber"]         = before("official_account", 60799),
    ["OfficialAccount.CallbackAfterAddSubscriber"]          = after("official_account", 60800),
    ["OfficialAccount.CallbackAfterOfficialAccountFull"]    = after("official_account", 60801),
    ["OfficialAccount.CallbackAfterDeleteSubscriber"]       = after("official_account"),
    ["OfficialAccount.CallbackBeforeSendMsg"]               = before("official_account"),
    ["OfficialAccount.CallbackAfterSendMsg"]                = after("official_account", 60804),
    ["OfficialAccount.CallbackAfterMsgWithDraw"]            = after("official_account"),
    -- push plugin reports
    ["Push.OfflinePush"]                        = after("push"),
    ["Push.AllMemberPush"]                      = after("push"),
}

-- lookup(name) -> traits | nil
function _M.lookup(name)
    return _M.commands[name]
end

-- each() -> iterator of (name, traits), sorted by name
function _M.each()
    local names = {}
    for name in pairs(_M.commands) do names[#names + 1] = name end
    sort(names)
    local i = 0
    return function()
        i = i + 1
        local name = names[i]
        if name then return name, _M.commands[name] end
    end
end

return _M

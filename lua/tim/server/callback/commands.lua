-- The callback (webhook) command catalogue as data: every CallbackCommand Tencent IM can POST to the app.
--
--   kind = "before": IM waits for the answer and acts on it (ErrorCode 0 = go on, non-zero = refuse);
--          "after":  a notification, IM ignores the answer (reply quickly with allow()).
--   drop = true:     ErrorCode 2 silently discards the message (the sender still sees success).
--   modify = { ... }: reply fields IM takes over from an allowing answer (the changed message).
--   timeout:         seconds IM waits for a before-callback's answer, where the page gives it.
--   doc:  the page number in tencentcloud.com/document/product/1047/<id> where known (kept for tim.callback);
--   page: the URL of the command's own page (cloud.tencent.com/document/product/269, trtc.io or 1047).
--   family: grouping (as on the callback list pages 269/1523, 269/1618, 269/1631).
--
-- Only names confirmed in the official pages are listed. Left out on purpose: the separate products that use the
-- same mechanism (Call.CallbackAfterStartCall/EndCall/MemberChanged, TUILiveKit and TUIRoomKit callbacks). An
-- unlisted command is still handled: it reaches the handler's on_unknown default.
local pairs, sort = pairs, table.sort

local _M = { _VERSION = require "tim.version" }

-- 1047/34364, 1047/34374: an allowing answer may carry the changed MsgBody and CloudCustomData; ErrorCode 1
-- refuses the message, 2 drops it silently. Message before-callbacks time out after 2 s, not adjustable
-- (269/1632, 269/1619, 269/102323).
local MSG_MODIFY = { "MsgBody", "CloudCustomData" }

local function CN(n) return "https://cloud.tencent.com/document/product/269/" .. n end
local function INTL(n) return "https://www.tencentcloud.com/document/product/1047/" .. n end

local function before(family, doc, extra, page)
    local t = { kind = "before", family = family, doc = doc, page = page }
    for k, v in pairs(extra or {}) do t[k] = v end
    return t
end

local function after(family, doc, page)
    return { kind = "after", family = family, doc = doc, page = page }
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
    -- one-to-one messages (list: 269/1631)
    ["C2C.CallbackBeforeSendMsg"]               = before("c2c", 34364, { drop = true, modify = MSG_MODIFY,
                                                                         timeout = 2 }, CN(1632)),
    ["C2C.CallbackAfterSendMsg"]                = after("c2c"),
    -- triggered by a client read report or by REST admin_set_msg_read (269/61696)
    ["C2C.CallbackAfterMsgReport"]              = after("c2c", 43465, CN(61696)),
    ["C2C.CallbackAfterMsgWithDraw"]            = after("c2c"),
    ["C2C.CallbackAfterC2CMsgExtension"]        = after("c2c", 76006),
    -- a single-message read receipt, from a client or REST c2c_msg_read_receipt (269/128223, 2026)
    ["C2C.CallbackAfterMsgReadReceipt"]         = after("c2c", nil, CN(128223)),
    -- a C2C message edited by a client or by REST modify_c2c_msg (269/128224, 2026)
    ["C2C.CallbackAfterModifyMsg"]              = after("c2c", nil, CN(128224)),
    -- a client cleared all unread messages, one-to-one and group (269/128225, 2026)
    ["C2C.CallbackAfterMsgReadAll"]             = after("c2c", nil, CN(128225)),
    -- groups (list: 269/1618)
    ["Group.CallbackBeforeCreateGroup"]         = before("group"),
    ["Group.CallbackAfterCreateGroup"]          = after("group"),
    ["Group.CallbackBeforeApplyJoinGroup"]      = before("group"),
    ["Group.CallbackBeforeInviteJoinGroup"]     = before("group"),
    ["Group.CallbackAfterNewMemberJoin"]        = after("group"),
    ["Group.CallbackAfterMemberExit"]           = after("group"),
    ["Group.CallbackBeforeSendMsg"]             = before("group", 34374, { drop = true, modify = MSG_MODIFY,
                                                                           timeout = 2 }, CN(1619)),
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
    ["Group.CallbackAfterReadReceipt"]          = after("group", 60395, INTL(60395)),
    ["Group.CallbackAfterChangeGroupOwner"]     = after("group", 60396, CN(105356)),
    -- the day's net new groups passed 70% of the daily quota (269/90841)
    ["Group.CallbackOnDailyGroupQuotaAlarm"]    = after("group", 57455, CN(90841)),
    ["Group.CallbackAfterGroupMsgExtension"]    = after("group", 76007),
    -- a group message edited by a client or by REST modify_group_msg (269/129193, 2026)
    ["Group.CallbackAfterModifyMsg"]            = after("group", nil, CN(129193)),
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
    -- 269/102323 (2025-08): can block a broadcast; 2 s timeout; enabled by a ticket after the URL is set. The
    -- page's reply section (drop, modify) was not seen, so neither is claimed.
    ["OfficialAccount.CallbackBeforeSendMsg"]               = before("official_account", 60803, { timeout = 2 },
                                                                     CN(102323)),
    ["OfficialAccount.CallbackAfterSendMsg"]                = after("official_account", 60804),
    ["OfficialAccount.CallbackAfterMsgWithDraw"]            = after("official_account"),
    -- push plugin reports (1047/67551: default 1000 callbacks/s)
    ["Push.OfflinePush"]                        = after("push"),
    ["Push.AllMemberPush"]                      = after("push", 67551, INTL(67551)),
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

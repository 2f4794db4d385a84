-- openim/*: C2C messages. sendmsg (dedup on sender + MsgRandom + MsgSeq + content within 120 s), batchsendmsg,
-- importmsg, admin_getroammsg (paged backwards with LastMsgTime/LastMsgKey), admin_msgwithdraw,
-- admin_set_msg_read, get_c2c_unread_msg_num. Callbacks: C2C.CallbackBeforeSendMsg / CallbackAfterSendMsg.
local util = require "tim.emulator.util"
local json = require "tim.json"

local ipairs, pairs, type, tostring, random = ipairs, pairs, type, tostring, math.random
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local DEDUP_SECONDS = 120

-- forget dedup keys older than the window, now and then, so a long run does not grow without bound
local function prune(st, now)
    st.dedup_sends = (st.dedup_sends or 0) + 1
    if st.dedup_sends % 1000 ~= 0 then return end
    for k, v in pairs(st.dedup) do
        if now - v.at > DEDUP_SECONDS then st.dedup[k] = nil end
    end
end

local function unread_add(st, to, from, n)
    local u = st.unread[to]
    if not u then u = {}; st.unread[to] = u end
    u[from] = (u[from] or 0) + n
end

-- store one C2C message; returns it
local function store(st, m)
    local conv = st:conversation(m.From_Account, m.To_Account)
    conv[#conv + 1] = m
    st.c2c_by_key[m.MsgKey] = m
    st.stats.messages = st.stats.messages + 1
    return m
end

-- The REST sends check neither the blacklist nor the sender's global mute (the sendmsg and batchsendmsg pages:
-- "该接口不会检查发送者和接收者的好友关系（包括黑名单），同时不会检查发送者是否被禁言"); those apply to client sends.
local function check_send(ctx, body, to)
    local st = ctx.st
    local from = body.From_Account or ctx.admin
    if not util.is_id(from) then return nil, 90001, "From_Account must be a UserID" end
    if not util.is_uint32(body.MsgRandom) then
        return nil, 90001, "MsgRandom must be an integer in 0..4294967295"
    end
    if body.MsgSeq ~= nil and not util.is_uint32(body.MsgSeq) then
        return nil, 90001, "MsgSeq must be an integer in 0..4294967295"
    end
    if body.SyncOtherMachine ~= nil and body.SyncOtherMachine ~= 1 and body.SyncOtherMachine ~= 2 then
        return nil, 90031, "SyncOtherMachine must be 1 or 2"
    end
    local ok, why = util.check_msgbody(body.MsgBody)
    if not ok then return nil, 90002, why end
    if not st:account(from) then return nil, 20003, "sender " .. from .. " not imported" end
    if to and not st:account(to) then return nil, 20003, "receiver " .. tostring(to) .. " not imported" end
    return from
end

-- sendmsg { From_Account?, To_Account, MsgRandom, MsgSeq?, MsgBody, CloudCustomData?, SyncOtherMachine?,
--           ForbidCallbackControl?, SendMsgControl? } -> MsgTime, MsgKey
function _M.sendmsg(ctx, body)
    local st = ctx.st
    local to = body.To_Account
    if not util.is_id(to) then return nil, 90001, "To_Account must be a UserID" end
    local from, code, info = check_send(ctx, body, to)
    if not from then return nil, code, info end

    local now = st:now()
    local content = json.encode(body.MsgBody) .. "\0" .. tostring(body.CloudCustomData or "")
    local dkey = from .. "\0" .. to .. "\0" .. tostring(body.MsgRandom) .. "\0" .. tostring(body.MsgSeq or "")
                 .. "\0" .. content
    local seen = st.dedup[dkey]
    if seen and now - seen.at <= DEDUP_SECONDS then
        return { MsgTime = seen.MsgTime, MsgKey = seen.MsgKey }
    end

    local seq = body.MsgSeq or random(1, 2147483647)
    local m = { From_Account = from, To_Account = to, MsgSeq = seq, MsgRandom = body.MsgRandom,
                MsgTimeStamp = now, MsgBody = body.MsgBody, CloudCustomData = body.CloudCustomData,
                MsgFlagBits = 0, IsPeerRead = 0, SyncOtherMachine = body.SyncOtherMachine or 1,
                order = st:next_seq() }
    m.MsgKey = st:msg_key(m.order, m.MsgRandom, now)

    local forbid = body.ForbidCallbackControl
    if not util.has(forbid, "ForbidBeforeSendMsgCallback") then
        local verdict, reply = util.before(ctx, "C2C.CallbackBeforeSendMsg", {
            From_Account = from, To_Account = to, MsgSeq = seq, MsgRandom = m.MsgRandom, MsgTime = now,
            MsgKey = m.MsgKey, OnlineOnlyFlag = 0, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData })
        if verdict == "reject" then return nil, 20006, "message blocked by the app's callback" end
        if verdict == "drop" then return { MsgTime = now, MsgKey = m.MsgKey } end
        if reply then
            if type(reply.MsgBody) == "table" and util.check_msgbody(reply.MsgBody) then m.MsgBody = reply.MsgBody end
            if type(reply.CloudCustomData) == "string" then m.CloudCustomData = reply.CloudCustomData end
        end
    end

    store(st, m)
    prune(st, now)
    st.dedup[dkey] = { at = now, MsgTime = now, MsgKey = m.MsgKey }
    local control = body.SendMsgControl
    if not util.has(control, "NoUnread") then unread_add(st, to, from, 1) end
    if not util.has(control, "NoLastMsg") then
        st:touch_recent(to, 1, from, now)
        if m.SyncOtherMachine == 1 then st:touch_recent(from, 1, to, now) end
    end
    if not util.has(forbid, "ForbidAfterSendMsgCallback") then
        util.after(ctx, "C2C.CallbackAfterSendMsg", {
            From_Account = from, To_Account = to, MsgSeq = seq, MsgRandom = m.MsgRandom, MsgTime = now,
            MsgKey = m.MsgKey, OnlineOnlyFlag = 0, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData,
            SendMsgResult = 0, ErrorInfo = "send msg succeed", UnreadMsgNum = (st.unread[to] or {})[from] or 0 })
    end
    return { MsgTime = now, MsgKey = m.MsgKey }
end

-- batchsendmsg { From_Account?, To_Account = { … ≤500 }, MsgRandom, MsgBody, … } -> MsgKey, ErrorList
-- (no callbacks, as documented)
function _M.batchsendmsg(ctx, body)
    local st = ctx.st
    if not util.string_list(body.To_Account) then return nil, 90001, "To_Account must be a non-empty array" end
    if #body.To_Account > 500 then return nil, 90011, "To_Account holds more than 500 UserIDs" end
    local from, code, info = check_send(ctx, body)
    if not from then return nil, code, info end
    local now = st:now()
    local errs, key = array(), nil
    for _, to in ipairs(body.To_Account) do
        if not st:account(to) then
            errs[#errs + 1] = { To_Account = to, ErrorCode = 20003 }
        else
            local m = { From_Account = from, To_Account = to, MsgSeq = body.MsgSeq or random(1, 2147483647),
                        MsgRandom = body.MsgRandom, MsgTimeStamp = now, MsgBody = body.MsgBody,
                        CloudCustomData = body.CloudCustomData, MsgFlagBits = 0, IsPeerRead = 0,
                        SyncOtherMachine = body.SyncOtherMachine or 2, order = st:next_seq() }
            m.MsgKey = st:msg_key(m.order, m.MsgRandom, now)
            key = key or m.MsgKey
            store(st, m)
            unread_add(st, to, from, 1)
            st:touch_recent(to, 1, from, now)
        end
    end
    return { MsgKey = key or "", ErrorList = errs }
end

-- importmsg { SyncFromOldSystem = 1|2, From_Account, To_Account, MsgSeq?, MsgRandom, MsgTimeStamp, MsgBody }
function _M.importmsg(ctx, body)
    local st = ctx.st
    if body.SyncFromOldSystem ~= 1 and body.SyncFromOldSystem ~= 2 then
        return nil, 90001, "SyncFromOldSystem must be 1 or 2"
    end
    if not util.is_id(body.From_Account) then return nil, 90001, "From_Account must be a UserID" end
    if not util.is_id(body.To_Account) then return nil, 90001, "To_Account must be a UserID" end
    if not util.is_int(body.MsgTimeStamp, 0) then return nil, 90001, "MsgTimeStamp must be a Unix time" end
    local from, code, info = check_send(ctx, body, body.To_Account)
    if not from then return nil, code, info end
    local m = { From_Account = from, To_Account = body.To_Account, MsgSeq = body.MsgSeq or random(1, 2147483647),
                MsgRandom = body.MsgRandom, MsgTimeStamp = body.MsgTimeStamp, MsgBody = body.MsgBody,
                CloudCustomData = body.CloudCustomData, MsgFlagBits = 0, IsPeerRead = 0, SyncOtherMachine = 1,
                order = st:next_seq() }
    m.MsgKey = st:msg_key(m.order, m.MsgRandom, m.MsgTimeStamp)
    store(st, m)
    if body.SyncFromOldSystem == 2 then unread_add(st, m.To_Account, from, 1) end
    return {}
end

local function visible(m, operator)
    return not (m.From_Account == operator and m.SyncOtherMachine == 2)
end

local function before(a, b)
    if a.MsgTimeStamp ~= b.MsgTimeStamp then return a.MsgTimeStamp < b.MsgTimeStamp end
    return a.order < b.order
end

local function out(m)
    local recalled = m.MsgFlagBits == 1
    return { From_Account = m.From_Account, To_Account = m.To_Account, MsgSeq = m.MsgSeq,
             MsgRandom = m.MsgRandom, MsgTimeStamp = m.MsgTimeStamp, MsgFlagBits = m.MsgFlagBits,
             IsPeerRead = m.IsPeerRead, MsgKey = m.MsgKey,
             MsgBody = recalled and array() or m.MsgBody, CloudCustomData = m.CloudCustomData }
end

-- admin_getroammsg { Operator_Account, Peer_Account, MaxCnt, MinTime, MaxTime, LastMsgKey? }
--   -> Complete, MsgCnt, LastMsgTime, LastMsgKey, MsgList (oldest first; next page: MaxTime = LastMsgTime,
--      LastMsgKey = LastMsgKey, until Complete = 1)
function _M.admin_getroammsg(ctx, body)
    local st = ctx.st
    local op, peer = body.Operator_Account, body.Peer_Account
    if not util.is_id(op) or not util.is_id(peer) then
        return nil, 90001, "Operator_Account and Peer_Account must be UserIDs"
    end
    if not util.is_int(body.MaxCnt, 1) then return nil, 90001, "MaxCnt must be a positive integer" end
    if not util.is_int(body.MinTime, 0) or not util.is_int(body.MaxTime, 0) then
        return nil, 90001, "MinTime and MaxTime must be Unix times"
    end
    if not st:account(op) then return nil, 20003, "Operator_Account " .. op .. " not imported" end
    local conv = st.c2c[st:conv_key(op, peer)] or {}
    local sel = {}
    for _, m in ipairs(conv) do
        if m.MsgTimeStamp >= body.MinTime and m.MsgTimeStamp <= body.MaxTime and visible(m, op) then
            sel[#sel + 1] = m
        end
    end
    sort(sel, before)
    local last = #sel
    if type(body.LastMsgKey) == "string" and body.LastMsgKey ~= "" then
        local found
        for i, m in ipairs(sel) do if m.MsgKey == body.LastMsgKey then found = i; break end end
        if not found then return nil, 90054, "LastMsgKey is not a message of this conversation" end
        last = found - 1
    end
    local first = last - body.MaxCnt + 1
    if first < 1 then first = 1 end
    local list = array()
    for i = first, last do list[#list + 1] = out(sel[i]) end
    local res = { Complete = first == 1 and 1 or 0, MsgCnt = #list, MsgList = list }
    if #list > 0 then res.LastMsgTime, res.LastMsgKey = list[1].MsgTimeStamp, list[1].MsgKey
    else res.LastMsgTime, res.LastMsgKey = 0, "" end
    return res
end

-- admin_msgwithdraw { From_Account, To_Account, MsgKey }
function _M.admin_msgwithdraw(ctx, body)
    if not util.is_id(body.From_Account) or not util.is_id(body.To_Account) then
        return nil, 90001, "From_Account and To_Account must be UserIDs"
    end
    if type(body.MsgKey) ~= "string" or body.MsgKey == "" then return nil, 90054, "MsgKey must be a string" end
    local m = ctx.st.c2c_by_key[body.MsgKey]
    if not m or m.From_Account ~= body.From_Account or m.To_Account ~= body.To_Account then
        return nil, 90054, "no message with this MsgKey from " .. body.From_Account .. " to " .. body.To_Account
    end
    if m.MsgFlagBits == 1 then return nil, 20016, "message already recalled" end
    m.MsgFlagBits = 1
    util.after(ctx, "C2C.CallbackAfterMsgWithDraw", { From_Account = m.From_Account, To_Account = m.To_Account,
                                                     MsgKey = m.MsgKey, UnreadMsgNum = 0 })
    return {}
end

-- admin_set_msg_read { Report_Account, Peer_Account, MsgReadTime? }
function _M.admin_set_msg_read(ctx, body)
    local st = ctx.st
    local me, peer = body.Report_Account, body.Peer_Account
    if not util.is_id(me) or not util.is_id(peer) then
        return nil, 90001, "Report_Account and Peer_Account must be UserIDs"
    end
    if not st:account(me) then return nil, 20003, "Report_Account " .. me .. " not imported" end
    local upto = util.is_int(body.MsgReadTime, 0) and body.MsgReadTime or st:now()
    local left = 0
    for _, m in ipairs(st.c2c[st:conv_key(me, peer)] or {}) do
        if m.From_Account == peer and m.To_Account == me then
            if m.MsgTimeStamp <= upto then m.IsPeerRead = 1 else left = left + 1 end
        end
    end
    if st.unread[me] then st.unread[me][peer] = left > 0 and left or nil end
    return {}
end

-- get_c2c_unread_msg_num { To_Account, Peer_Account? = { … } } -> AllC2CUnreadMsgNum, C2CUnreadMsgNumList
function _M.get_c2c_unread_msg_num(ctx, body)
    local st = ctx.st
    local me = body.To_Account
    if not util.is_id(me) then return nil, 90001, "To_Account must be a UserID" end
    if not st:account(me) then return nil, 20003, "To_Account " .. me .. " not imported" end
    local u = st.unread[me] or {}
    local total = 0
    for _, n in pairs(u) do total = total + n end
    local res = { AllC2CUnreadMsgNum = total }
    if body.Peer_Account ~= nil then
        if not util.string_list(body.Peer_Account, 10) then
            return nil, 90001, "Peer_Account must be a non-empty array of at most 10 UserIDs"
        end
        local list, errs = array(), array()
        for _, p in ipairs(body.Peer_Account) do
            if st:account(p) then list[#list + 1] = { Peer_Account = p, C2CUnreadMsgNum = u[p] or 0 }
            else errs[#errs + 1] = { Peer_Account = p, ErrorCode = 70107 } end
        end
        res.C2CUnreadMsgNumList, res.ErrorList = list, errs
    end
    return res
end

_M.routes = {
    ["openim/sendmsg"] = _M.sendmsg,
    ["openim/batchsendmsg"] = _M.batchsendmsg,
    ["openim/importmsg"] = _M.importmsg,
    ["openim/admin_getroammsg"] = _M.admin_getroammsg,
    ["openim/admin_msgwithdraw"] = _M.admin_msgwithdraw,
    ["openim/admin_set_msg_read"] = _M.admin_set_msg_read,
    ["openim/get_c2c_unread_msg_num"] = _M.get_c2c_unread_msg_num,
}

return _M

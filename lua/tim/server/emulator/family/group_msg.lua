-- Group messages: send_group_msg (dedup: the same Random within 5 minutes is one message, 1047/34959; TopicId
-- sends into a community topic), send_group_system_notification, group_msg_recall, import_group_msg,
-- delete_group_msg_by_sender, group_msg_get_simple, send_broadcast_msg (every AVChatRoom; Random dedup 5 min),
-- clear_group_msg, set_unread_msg_num, read receipts (group_msg_receipt, get_group_msg_receipt,
-- get_group_msg_receipt_detail) and openim/modify_group_msg.
-- Callbacks: Group.CallbackBeforeSendMsg, CallbackAfterSendMsg, CallbackAfterRecallMsg, CallbackAfterModifyMsg,
-- CallbackAfterReadReceipt.
--
-- A channel (a group or a topic) keeps msgs in MsgSeq order and a MsgSeq index, so a recall, a receipt or a
-- modify is a hash lookup; history walks down from a MsgSeq and stops after the page.
--
-- Requests are checked against their pages' trees before a handler runs (tim.server.emulator), limits included
-- (import_group_msg 7 messages, group_msg_receipt 50, send_group_system_notification 50 recipients); a command
-- whose page was not read far enough for a tree (send_group_msg) checks its fields here, and one whose tree comes
-- from samples (group_msg_get_simple, send_broadcast_msg: nothing marked required) checks that the fields it
-- needs are there. Read receipts are refused on AVChatRoom and Community groups (1047/49438, 49439).
local util = require "tim.server.emulator.util"
local json = require "tim.base.json"
local group = require "tim.server.emulator.family.group"
local config = require "tim.server.emulator.family.config"

local ipairs, type, tostring, tonumber = ipairs, type, tostring, tonumber
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PRIORITIES = { High = true, Normal = true, Low = true, Lowest = true }

-- whether id may not speak in the channel ch of g: muted in the group, in the topic (forbid_send_msg with
-- TopicId), or everywhere (openconfigsvr/setnospeaking)
local function muted(st, g, ch, id)
    local now = st:now()
    local m = g.members[id]
    if m and m.MuteUntil > now then return true end
    if g.muted_outside and (g.muted_outside[id] or 0) > now then return true end
    if ch ~= g and ch.muted and (ch.muted[id] or 0) > now then return true end
    local n = config.no_speaking(st, id)
    return n and n.group and n.group > now
end

local channel_of = group.channel_of
_M.channel_of = channel_of

-- on_kept_channel(no_av, fn): the handler fn(ctx, body, g, ch) of a request naming a group (body.GroupId) and
-- perhaps one of its topics (body.TopicId): ch is the topic, else the group. no_av: the refusal (10007) for an
-- AVChatRoom, which keeps no messages, for the commands that refuse one; on_channel(fn): none refused
local function on_kept_channel(no_av, fn)
    return group.on_group(function(ctx, body, g)
        if no_av and g.Type == "AVChatRoom" then return nil, 10007, no_av end
        local ch, code, info = channel_of(g, body.TopicId)
        if not ch then return nil, code, info end
        return fn(ctx, body, g, ch)
    end)
end
local function on_channel(fn) return on_kept_channel(nil, fn) end

local function store(st, g, ch, m)
    m.MsgSeq = ch.next_seq
    ch.next_seq = ch.next_seq + 1
    ch.msgs[#ch.msgs + 1] = m
    ch._by_seq[m.MsgSeq] = m
    ch.LastMsgTime = m.MsgTimeStamp
    g.LastMsgTime = m.MsgTimeStamp
    st.stats.messages = st.stats.messages + 1
end

local function body_checks(body, code)
    if not util.is_uint32(body.Random) then return nil, code, "Random must be an integer in 0..4294967295" end
    local ok, why = util.check_msgbody(body.MsgBody)
    if not ok then return nil, code, why end
    if body.MsgPriority ~= nil and not PRIORITIES[body.MsgPriority] then
        return nil, code, "MsgPriority must be High, Normal, Low or Lowest"
    end
    if body.CloudCustomData ~= nil and type(body.CloudCustomData) ~= "string" then
        return nil, code, "CloudCustomData must be a string"
    end
    return true
end

-- send_group_msg { GroupId, TopicId?, From_Account?, Random, MsgBody, CloudCustomData?, MsgPriority?,
--                  OnlineOnlyFlag?, ForbidCallbackControl?, SendMsgControl?, NeedReadReceipt? } -> MsgTime, MsgSeq
_M.send_group_msg = on_channel(function(ctx, body, g, ch)
    local st = ctx.st
    local ok, code, info = body_checks(body, 10004)
    if not ok then return nil, code, info end
    local from = body.From_Account or ctx.admin
    if not util.is_id(from) then return nil, 10004, "From_Account must be a UserID" end
    if not st:account(from) then return nil, 10019, "From_Account " .. from .. " not imported" end
    if from ~= ctx.admin and not g.members[from] and g.Type ~= "AVChatRoom" then
        return nil, 10007, from .. " is not a member of " .. g.GroupId
    end
    if from ~= ctx.admin and muted(st, g, ch, from) then return nil, 10017, from .. " is muted in " .. g.GroupId end
    if (g.MuteAllMember == "On" or (ch ~= g and ch.MuteAllMember == "On")) and from ~= ctx.admin then
        local m = g.members[from]
        if not m or m.Role == "Member" then
            return nil, 10017, ch ~= g and "the whole topic is muted" or "the whole group is muted"
        end
    end
    local now = st:now()
    -- Random first: the varying part at the start of the key
    local dkey = tostring(body.Random) .. "\0" .. g.GroupId .. "\0" .. tostring(body.TopicId or "")
    local seen = group.dedup(st):get(dkey, now)
    if seen then return { MsgTime = seen.MsgTime, MsgSeq = seen.MsgSeq } end

    local forbid = body.ForbidCallbackControl
    local m = { From_Account = from, Random = body.Random, MsgBody = body.MsgBody,
                CloudCustomData = body.CloudCustomData, MsgPriority = body.MsgPriority or "Normal",
                MsgTimeStamp = now, need_receipt = body.NeedReadReceipt == 1 or nil }
    if ctx.fire and not util.has(forbid, "ForbidBeforeSendMsgCallback") then      -- no callback URL: no event
        local verdict, reply = util.before(ctx, "Group.CallbackBeforeSendMsg", {
            GroupId = g.GroupId, Type = g.Type, From_Account = from, Operator_Account = ctx.admin,
            Random = m.Random, OnlineOnlyFlag = body.OnlineOnlyFlag or 0, MsgBody = m.MsgBody,
            CloudCustomData = m.CloudCustomData, TopicId = body.TopicId })
        if verdict == "reject" then return nil, 10016, "message blocked by the app's callback" end
        if verdict == "drop" then return { MsgTime = now, MsgSeq = 0 } end
        if reply then
            if type(reply.MsgBody) == "table" and util.check_msgbody(reply.MsgBody) then m.MsgBody = reply.MsgBody end
            if type(reply.CloudCustomData) == "string" then m.CloudCustomData = reply.CloudCustomData end
        end
    end
    if g.members[from] then g.members[from].LastSendMsgTime = now end
    if g.Type == "AVChatRoom" or body.OnlineOnlyFlag == 1 then
        -- delivered to who is online, kept nowhere: a MsgSeq is still drawn
        m.MsgSeq = ch.next_seq
        ch.next_seq = ch.next_seq + 1
        g.LastMsgTime = now
    else
        store(st, g, ch, m)
        if util.has(body.SendMsgControl, "NoLastMsg") then m.no_last = true end
    end
    group.dedup(st):put(dkey, { MsgTime = now, MsgSeq = m.MsgSeq }, now)
    if ctx.fire and not util.has(forbid, "ForbidAfterSendMsgCallback") then      -- no callback URL: no event
        util.after(ctx, "Group.CallbackAfterSendMsg", { GroupId = g.GroupId, Type = g.Type, From_Account = from,
            Operator_Account = ctx.admin, Random = m.Random, MsgSeq = m.MsgSeq, MsgTime = now,
            OnlineOnlyFlag = body.OnlineOnlyFlag or 0, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData,
            TopicId = body.TopicId })
    end
    return { MsgTime = now, MsgSeq = m.MsgSeq }
end)

-- send_group_system_notification { GroupId, Content, ToMembers_Account? = { … ≤50 }, TopicId? }: everyone when
-- ToMembers_Account is empty or absent (1047/34958; at most 50 recipients: the tree, after the newer copies); an
-- AVChatRoom's goes to everyone; TopicId names a topic of a topic-enabled community
_M.send_group_system_notification = on_channel(function(_, body, g)
    if body.Content == "" then return nil, 10004, "Content must not be empty" end
    local to = body.ToMembers_Account
    if to ~= nil and #to > 0 then
        if g.Type == "AVChatRoom" then return nil, 10004, "an AVChatRoom notification goes to everyone" end
        for _, id in ipairs(to) do
            if not g.members[id] then return nil, 10007, id .. " is not a member of " .. g.GroupId end
        end
    end
    g.notifications = (g.notifications or 0) + 1
    return {}
end)

local function find(ch, seq) return ch._by_seq[seq] end

-- group_msg_recall { GroupId, TopicId?, MsgSeqList = { { MsgSeq } }, Reason? } -> RecallRetList
-- (per message RetCode: 0 recalled, 10030 not found or recalled already)
_M.group_msg_recall = on_channel(function(ctx, body, g, ch)
    local res, done = array(), array()
    for _, it in ipairs(body.MsgSeqList) do          -- at most 10: the tree (1047/34965, 269/12341)
        local seq = it.MsgSeq
        local m = find(ch, seq)
        if m and not m.deleted and not m.recalled then
            m.recalled = true
            res[#res + 1] = { MsgSeq = seq, RetCode = 0 }
            done[#done + 1] = { MsgSeq = seq }
        else
            res[#res + 1] = { MsgSeq = seq, RetCode = 10030 }
        end
    end
    if #done > 0 then
        util.after(ctx, "Group.CallbackAfterRecallMsg", { GroupId = g.GroupId, Type = g.Type,
            Operator_Account = ctx.admin, MsgSeqList = done, TopicId = body.TopicId })
    end
    return { RecallRetList = res }
end)

-- import_group_msg { GroupId, TopicId?, RecentContactFlag?, MsgList = { { From_Account, SendTime, Random?,
--                    MsgBody, CloudCustomData? } ≤7 } } -> ImportMsgResult = { { MsgSeq, MsgTime, Result } }
-- SendTime must not go backwards against the group's last message (10004 otherwise).
_M.import_group_msg = on_kept_channel("AVChatRoom groups keep no messages to import", function(ctx, body, g, ch)
    local st = ctx.st
    local list = body.MsgList
    if type(list) ~= "table" or #list == 0 or #list > 7 then
        return nil, 10004, "MsgList must be a non-empty array of at most 7 messages"
    end
    local last = ch.LastMsgTime or 0
    for i, it in ipairs(list) do
        if type(it) ~= "table" or not util.is_id(it.From_Account) or not util.is_int(it.SendTime, 0) then
            return nil, 10004, "MsgList[" .. i .. "] needs From_Account and SendTime"
        end
        if (it.Random ~= nil and not util.is_uint32(it.Random))
           or (it.CloudCustomData ~= nil and type(it.CloudCustomData) ~= "string") then
            return nil, 10004, "MsgList[" .. i .. "]: Random is an integer in 0..4294967295, CloudCustomData a string"
        end
        local ok, why = util.check_msgbody(it.MsgBody)
        if not ok then return nil, 10004, "MsgList[" .. i .. "]: " .. why end
        if it.SendTime < last then
            return nil, 10004, "MsgList[" .. i .. "].SendTime is earlier than the messages already there"
        end
        last = it.SendTime
    end
    local res = array()
    for _, it in ipairs(list) do
        local m = { From_Account = it.From_Account, Random = it.Random or 0, MsgBody = it.MsgBody,
                    CloudCustomData = it.CloudCustomData, MsgPriority = "Normal", MsgTimeStamp = it.SendTime,
                    imported = true }
        store(st, g, ch, m)
        res[#res + 1] = { MsgSeq = m.MsgSeq, MsgTime = m.MsgTimeStamp, Result = 0 }
    end
    return { ImportMsgResult = res }
end)

-- delete_group_msg_by_sender { GroupId, Sender_Account, TopicId? }: the sender's messages leave the history (of
-- the topic, with TopicId; an AVChatRoom keeps none, so nothing happens there, without an error: 1047/34970)
_M.delete_group_msg_by_sender = on_channel(function(_, body, _, ch)
    for _, m in ipairs(ch.msgs) do
        if m.From_Account == body.Sender_Account then m.deleted = true end
    end
    return {}
end)

-- clear_group_msg { GroupId, MsgSeq? }: messages up to MsgSeq (default all) leave the history; not for Community
-- groups (1047/65970)
_M.clear_group_msg = on_channel(function(_, body, g, ch)
    if g.Type == "Community" then return nil, 10007, "clear_group_msg does not apply to Community groups" end
    local upto = body.MsgSeq or (ch.next_seq - 1)
    local keep = {}
    for _, m in ipairs(ch.msgs) do
        if m.MsgSeq > upto then keep[#keep + 1] = m else ch._by_seq[m.MsgSeq] = nil end
    end
    ch.msgs = keep
    return {}
end)

local function msg_out(m, recalled_ok)
    if m.recalled then
        if not recalled_ok then return nil end
        return { From_Account = m.From_Account, IsPlaceMsg = 2, MsgBody = array(), MsgPriority = 1,
                 MsgRandom = m.Random, MsgSeq = m.MsgSeq, MsgTimeStamp = m.MsgTimeStamp }
    end
    return { From_Account = m.From_Account, IsPlaceMsg = 0, MsgBody = m.MsgBody, MsgPriority = 1,
             MsgRandom = m.Random, MsgSeq = m.MsgSeq, MsgTimeStamp = m.MsgTimeStamp,
             CloudCustomData = m.CloudCustomData }
end

-- group_msg_get_simple { GroupId, TopicId?, ReqMsgNumber (1..20), ReqMsgSeq?, WithRecalledMsg? }
--   -> GroupId, IsFinished, RspMsgList (newest first, from ReqMsgSeq down; recalled messages only with
--      WithRecalledMsg = 1, as IsPlaceMsg = 2)
_M.group_msg_get_simple = on_kept_channel("AVChatRoom groups keep no message history", function(_, body, g, ch)
    if body.ReqMsgNumber == nil or body.ReqMsgNumber < 1 then       -- its type and maximum: the tree
        return nil, 10004, "ReqMsgNumber must be in 1..20"
    end
    local top = body.ReqMsgSeq
    if top ~= nil and top < 0 then return nil, 10004, "ReqMsgSeq must be a sequence number" end
    local last = ch.next_seq - 1
    if top == nil or top > last then top = last end
    local list = array()
    local seq = top
    local lowest = ch.msgs[1] and ch.msgs[1].MsgSeq or 1
    while seq >= lowest and #list < body.ReqMsgNumber do
        local m = ch._by_seq[seq]
        if m and not m.deleted then
            local o = msg_out(m, body.WithRecalledMsg == 1)
            if o then list[#list + 1] = o end
        end
        seq = seq - 1
    end
    local finished = 1
    while seq >= lowest do
        local m = ch._by_seq[seq]
        if m and not m.deleted and (not m.recalled or body.WithRecalledMsg == 1) then finished = 0; break end
        seq = seq - 1
    end
    return { GroupId = g.GroupId, IsFinished = finished, RspMsgList = list }
end)

-- openim/modify_group_msg { GroupId, TopicId?, MsgSeq, MsgBody?, CloudCustomData? } (the fields: the samples' tree,
-- 1047/47948; AVChatRoom groups are excluded there)
_M.modify_group_msg = on_kept_channel("AVChatRoom messages cannot be modified", function(ctx, body, g, ch)
    if body.MsgBody == nil and body.CloudCustomData == nil then
        return nil, 10004, "give MsgBody or CloudCustomData to modify"
    end
    local m = find(ch, body.MsgSeq)
    if not m or m.deleted then return nil, 10030, "no message with MsgSeq " .. body.MsgSeq end
    if m.recalled then return nil, 10030, "a recalled message cannot be modified" end
    if body.MsgBody ~= nil then m.MsgBody = body.MsgBody end
    if body.CloudCustomData ~= nil then m.CloudCustomData = body.CloudCustomData end
    util.after(ctx, "Group.CallbackAfterModifyMsg", { GroupId = g.GroupId, Type = g.Type, MsgSeq = m.MsgSeq,
        From_Account = m.From_Account, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData,
        TopicId = body.TopicId })
    return {}
end)

-- send_broadcast_msg { From_Account?, Random, MsgBody, CloudCustomData? }: one message to every AVChatRoom of the
-- app (kept nowhere, as AVChatRooms keep no history); the same Random within 5 minutes is one broadcast
function _M.send_broadcast_msg(ctx, body)
    local st = ctx.st
    local ok, code, info = body_checks(body, 10004)
    if not ok then return nil, code, info end
    local from = body.From_Account or ctx.admin
    if not st:account(from) then return nil, 10019, "From_Account " .. tostring(from) .. " not imported" end
    local now = st:now()
    local dkey = tostring(body.Random) .. "\0broadcast"
    if group.dedup(st):get(dkey, now) then return {} end
    local n = 0
    for _, g in group.each(st) do
        if g.Type == "AVChatRoom" then
            g.next_seq = g.next_seq + 1
            g.LastMsgTime = now
            n = n + 1
        end
    end
    group.broadcast_sent(st)
    group.dedup(st):put(dkey, { groups = n }, now)
    return {}
end

-- set_unread_msg_num { GroupId, Member_Account, UnreadMsgNum }
_M.set_unread_msg_num = group.on_group(function(_, body, g)
    if g.Type == "AVChatRoom" then return nil, 10007, "AVChatRoom groups keep no unread counts" end
    local m = g.members[body.Member_Account]
    if not m then return nil, 10007, body.Member_Account .. " is not a member of " .. g.GroupId end
    if body.UnreadMsgNum < 0 then return nil, 10004, "UnreadMsgNum must not be negative" end
    local last = g.next_seq - 1
    local n = body.UnreadMsgNum
    if n > last then n = last end
    m.read_seq = last - n
    return {}
end)

-- read receipts: not for AVChatRoom or Community groups (1047/49438, 49439) -> g | nil, code, info
local receipt_group = group.group_lookup(function(g)
    if g.Type == "AVChatRoom" or g.Type == "Community" then
        return "read receipts are not available in " .. g.Type .. " groups"
    end
end)

-- group_msg_receipt { GroupId, From_Account, MsgSeqList = { { MsgSeq } } } (269/107478): the member read these
--   messages -> the common members, and ErrorList only when some message could not take a receipt (not on the
--   page's sample)
_M.group_msg_receipt = util.given(receipt_group, function(ctx, body, g)
    local st = ctx.st
    local who = body.From_Account
    if not g.members[who] then
        return nil, 10007, tostring(who) .. " is not a member of " .. g.GroupId
    end
    local list = body.MsgSeqList
    if #list == 0 then return nil, 10004, "MsgSeqList is empty" end
    local errs, done = array(), array()
    for _, it in ipairs(list) do
        local seq = type(it) == "table" and it.MsgSeq or nil
        local m = util.is_int(seq, 1) and find(g, seq)
        if not m or m.deleted or m.recalled then errs[#errs + 1] = { MsgSeq = seq, ErrorCode = 10030 }
        else
            m.readers = m.readers or {}
            m.readers[who] = m.readers[who] or st:now()
            done[#done + 1] = { MsgSeq = seq }
        end
    end
    if #done > 0 then
        util.after(ctx, "Group.CallbackAfterReadReceipt", { GroupId = g.GroupId, Type = g.Type,
            Report_Account = who, MsgSeqList = done })
    end
    return #errs > 0 and { ErrorList = errs } or {}
end)

local function readers_of(g, m)
    local read, unread = {}, {}
    for _, id in ipairs(group.members_in_order(g)) do
        if id ~= m.From_Account then
            if m.readers and m.readers[id] then read[#read + 1] = id else unread[#unread + 1] = id end
        end
    end
    return read, unread
end

-- get_group_msg_receipt { GroupId, MsgSeqList = { { MsgSeq } } } -> GroupMsgReceiptList = { { MsgSeq, ReadNum,
--   UnreadNum, Code } } (Code 10030 for a message that is not there)
_M.get_group_msg_receipt = util.given(receipt_group, function(_, body, g)
    local res = array()
    for _, it in ipairs(body.MsgSeqList) do
        local seq = it.MsgSeq
        local m = find(g, seq)
        if not m or m.deleted then
            res[#res + 1] = { MsgSeq = seq, ReadNum = 0, UnreadNum = 0, Code = 10030 }
        else
            local read, unread = readers_of(g, m)
            res[#res + 1] = { MsgSeq = seq, ReadNum = #read, UnreadNum = #unread, Code = 0 }
        end
    end
    return { GroupMsgReceiptList = res }
end)

-- get_group_msg_receipt_detail { GroupId, MsgSeq, Filter (0 read, 1 unread), Count? (≤200), Cursor? ("" first) }
--   -> ReadList (Filter 0) or UnreadList (Filter 1) = { { Member_Account } } (at most Count long), Cursor ("" at
--   the end), IsFinish (1 at the end). 1047/49438 and 269/77693: Filter picks the list; "You can use the Cursor
--   and Count fields to control the pulling-by-page mode", Count at most 200 (the tree bounds it). The cursor is
--   the emulator's own (an offset in the list).
local MAX_DETAIL = 200
_M.get_group_msg_receipt_detail = util.given(receipt_group, function(_, body, g)
    if body.MsgSeq < 1 then return nil, 10004, "MsgSeq must be a sequence number" end
    local count = body.Count == nil and MAX_DETAIL or body.Count
    local cursor = body.Cursor == nil and "" or body.Cursor
    local from = 0
    if cursor ~= "" then
        from = cursor:match("^%d+$") and tonumber(cursor)
        if not from then return nil, 10004, "Cursor must be \"\" or the last answer's Cursor" end
    end
    local m = find(g, body.MsgSeq)
    if not m or m.deleted then return nil, 10030, "no message with MsgSeq " .. body.MsgSeq end
    local read, unread = readers_of(g, m)
    local list, name = unread, "UnreadList"
    if body.Filter == 0 then
        sort(read)
        list, name = read, "ReadList"
    end
    local out = array()
    local upto = math.min(#list, from + count)
    for i = from + 1, upto do out[#out + 1] = { Member_Account = list[i] } end
    local done = upto >= #list
    return { [name] = out, Cursor = done and "" or tostring(upto), IsFinish = done and 1 or 0 }
end)

_M.routes = util.routes("group_open_http_svc/", _M, {
    "send_group_msg", "send_group_system_notification", "group_msg_recall", "import_group_msg",
    "delete_group_msg_by_sender", "clear_group_msg", "group_msg_get_simple", "send_broadcast_msg",
    "set_unread_msg_num", "group_msg_receipt", "get_group_msg_receipt", "get_group_msg_receipt_detail"
})
_M.routes["openim/modify_group_msg"] = _M.modify_group_msg

return _M

-- openim/*: C2C messages. sendmsg (dedup on sender + receiver + MsgRandom + MsgSeq + content within 120 s: the
-- sendmsg page, 1047/34919), batchsendmsg, importmsg (SyncFromOldSystem 2 history or 5 real-time, duplicates on
-- MsgSeq + MsgRandom + MsgTimeStamp ignored: 269/2568), admin_getroammsg (paged backwards with
-- LastMsgTime/LastMsgKey: 1047/35478), admin_msgwithdraw (90008 / 90003 unknown sender / recipient, 90054 a MsgKey
-- that is not one, 20022 unknown MsgKey, 20023 already recalled), admin_set_msg_read, get_c2c_unread_msg_num,
-- modify_c2c_msg, delete_c2c_msg_ramble (one-way delete, at most 30 MsgKeys), c2c_msg_read_receipt.
-- Callbacks: C2C.CallbackBeforeSendMsg / CallbackAfterSendMsg / CallbackAfterMsgWithDraw / CallbackAfterModifyMsg
-- / CallbackAfterMsgReadReceipt.
--
-- Requests are checked against the endpoints' records before a handler runs (tim.base.catalogue.c2c: fields, types,
-- enums, list limits; the record's `invalid` code or 90001). The handlers keep what a tree cannot say (whether the
-- accounts and messages exist, rules across fields) and, where a record comes mostly from the page's samples
-- (sendmsg, admin_getroammsg: no field known to be required; importmsg: only SyncFromOldSystem and From_Account)
-- or has no tree (batchsendmsg), their own checks of the fields they need.
--
-- Storage: a conversation is an array kept sorted by (MsgTimeStamp, order); sends append (their time is "now"),
-- imports of older messages insert by binary search. MsgKey -> message is an index in chunks (util.msg_index);
-- paging binary-searches. Dedup entries live in time buckets (util.window), so no operation rescans what is
-- stored, and no table grows with the store into one that pauses everything to rehash.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local recent = require "tim.server.emulator.family.recentcontact"

local ipairs, pairs, type, tostring, tonumber, random, error = ipairs, pairs, type, tostring, tonumber, math.random,
    error
local match = string.match
local insert, floor = table.insert, math.floor
local array = json.array

local _M = { _VERSION = require "tim.version" }

local DEDUP_SECONDS = 120
local MAX_LIFETIME = 604800      -- MsgLifeTime: at most 7 days (0 = online only)

---------------------------------------------------------------------------------------------------------------
-- State

local function conv_key(a, b)
    if a < b then return a .. "\0" .. b end
    return b .. "\0" .. a
end
_M.conv_key = conv_key

-- recentcontact/delete with ClearRamble = 1: `id` no longer sees its history with `peer`
recent.on_clear_ramble(function(st, id, peer)
    for _, m in ipairs(st.c2c and st.c2c[conv_key(id, peer)] or {}) do
        m.deleted_by = m.deleted_by or {}
        m.deleted_by[id] = true
    end
end)

local function before(a, b)
    if a.MsgTimeStamp ~= b.MsgTimeStamp then return a.MsgTimeStamp < b.MsgTimeStamp end
    return a.order < b.order
end

-- index of the first message of conv that does not sort before m (binary search)
local function lower_bound(conv, m)
    local lo, hi = 1, #conv + 1
    while lo < hi do
        local mid = floor((lo + hi) / 2)
        if before(conv[mid], m) then lo = mid + 1 else hi = mid end
    end
    return lo
end

local function conversation(st, a, b)
    local k = conv_key(a, b)
    local c = st.c2c[k]
    if not c then c = {}; st.c2c[k] = c end
    return c
end

local function unread_add(st, to, from, n)
    local u = st.unread[to]
    if not u then u = {}; st.unread[to] = u end
    u[from] = (u[from] or 0) + n
end

-- store one C2C message in its conversation (sorted) and the MsgKey index; keyed: its MsgKey was made from its
-- order (st:msg_key), as for every message but a snapshot's
local function store(st, m, keyed)
    local conv = conversation(st, m.From_Account, m.To_Account)
    local n = #conv
    if n == 0 or not before(m, conv[n]) then conv[n + 1] = m
    else insert(conv, lower_bound(conv, m), m) end
    st.c2c_by_key:put(m, keyed and m.order or nil)
    st.stats.messages = st.stats.messages + 1
    return m
end

-- recentcontact keeps the conversation lists; C2C tells it
local function touch_recent(st, owner, peer, t)
    recent.touch(st, owner, 1, peer, t)
end

local function reset(st)
    st.c2c, st.c2c_by_key, st.unread = {}, util.msg_index(), {}
    st.c2c_dedup = util.window(DEDUP_SECONDS)
    st.c2c_import_seen = {}
end

local MSG_FIELDS = { "From_Account", "To_Account", "MsgSeq", "MsgRandom", "MsgTimeStamp", "MsgBody",
                     "CloudCustomData", "MsgFlagBits", "IsPeerRead", "SyncOtherMachine", "MsgKey", "order",
                     "deleted_by", "read_receipt", "modified" }

local function export(st)
    local msgs = {}
    for _, conv in pairs(st.c2c) do
        for _, m in ipairs(conv) do
            local o = {}
            for _, f in ipairs(MSG_FIELDS) do o[f] = m[f] end
            msgs[#msgs + 1] = o
        end
    end
    table.sort(msgs, function(a, b) return a.order < b.order end)
    local unread = {}
    for to, u in pairs(st.unread) do
        for from, n in pairs(u) do unread[#unread + 1] = { To_Account = to, Peer_Account = from, Count = n } end
    end
    -- pairs() order depends on insertion history: sort so that a reloaded state exports the same document
    table.sort(unread, function(a, b)
        if a.To_Account ~= b.To_Account then return a.To_Account < b.To_Account end
        return a.Peer_Account < b.Peer_Account
    end)
    local dedup = {}
    for _, it in ipairs(st.c2c_dedup:export(st:now())) do
        dedup[#dedup + 1] = { key = it.key, at = it.entry.at, MsgTime = it.entry.MsgTime, MsgKey = it.entry.MsgKey }
    end
    return { messages = msgs, unread = unread, dedup = dedup }
end

local function import(st, t)
    for i, m in ipairs(t.messages or {}) do
        if type(m) ~= "table" or not util.is_id(m.From_Account) or not util.is_id(m.To_Account)
           or type(m.MsgKey) ~= "string" or not util.is_int(m.MsgTimeStamp, 0) or not util.is_int(m.order, 0)
           or type(m.MsgBody) ~= "table" then
            error("messages[" .. i .. "] needs From_Account, To_Account, MsgKey, MsgTimeStamp, order, MsgBody", 0)
        end
        local c = {}
        for _, f in ipairs(MSG_FIELDS) do c[f] = m[f] end
        c.MsgBody = array(c.MsgBody)
        c.MsgSeq, c.MsgRandom = c.MsgSeq or 0, c.MsgRandom or 0
        c.MsgFlagBits, c.IsPeerRead, c.SyncOtherMachine = c.MsgFlagBits or 0, c.IsPeerRead or 0,
                                                           c.SyncOtherMachine or 1
        store(st, c)
        st.stats.messages = st.stats.messages - 1     -- the core's counter came with the snapshot
    end
    for i, u in ipairs(t.unread or {}) do
        if type(u) ~= "table" or not util.is_id(u.To_Account) or not util.is_id(u.Peer_Account)
           or not util.is_int(u.Count, 0) then
            error("unread[" .. i .. "] needs To_Account, Peer_Account, Count", 0)
        end
        unread_add(st, u.To_Account, u.Peer_Account, u.Count)
    end
    for i, d in ipairs(t.dedup or {}) do
        if type(d) ~= "table" or type(d.key) ~= "string" or type(d.at) ~= "number" then
            error("dedup[" .. i .. "] needs key and at", 0)
        end
        st.c2c_dedup:put(d.key, { MsgTime = d.MsgTime, MsgKey = d.MsgKey }, d.at)
    end
end

local forget = util.forget_in("unread")

-- the types of export's table (tim.server.emulator.shape)
local SHAPE = T.object{
    messages = T.array(T.object{
        From_Account = T.required(T.string), To_Account = T.required(T.string), MsgKey = T.required(T.string),
        MsgTimeStamp = T.required(T.integer), order = T.required(T.integer), MsgBody = T.required(T.msg_body),
        MsgSeq = T.integer, MsgRandom = T.integer, CloudCustomData = T.string, MsgFlagBits = T.integer,
        IsPeerRead = T.integer, SyncOtherMachine = T.integer, deleted_by = T.map(T.boolean),
        read_receipt = T.integer, modified = T.integer,
    }),
    unread = T.array(T.object{ To_Account = T.required(T.string), Peer_Account = T.required(T.string),
                               Count = T.required(T.integer) }),
    dedup = T.array(T.object{ key = T.required(T.string), at = T.required(T.number), MsgTime = T.integer,
                              MsgKey = T.string }),
}

_M.state = { reset = reset, export = export, import = import, forget = forget, shape = SHAPE }

---------------------------------------------------------------------------------------------------------------
-- Sends

-- a send that is kept: stored, counted unread (unless SendMsgControl has NoUnread), and on the receiver's recent
-- contacts (unless NoLastMsg), the sender's too with SyncOtherMachine 1
local function deliver(st, m, from, to, control, now)
    store(st, m, true)
    if not util.has(control, "NoUnread") then unread_add(st, to, from, 1) end
    if not util.has(control, "NoLastMsg") then
        touch_recent(st, to, from, now)
        if m.SyncOtherMachine == 1 then touch_recent(st, from, to, now) end
    end
end

-- The REST sends check neither the blacklist nor the sender's global mute (the sendmsg and batchsendmsg pages:
-- "This API does not check whether the sender and the recipients are friends or blocklisted by either party or
-- whether the senders are muted"); those apply to client sends.
local function check_send(ctx, body, to)
    local st = ctx.st
    local from = body.From_Account or ctx.admin
    if not util.is_id(from) then return nil, 90001, "From_Account must be a UserID" end
    if not util.is_uint32(body.MsgRandom) then
        return nil, 90005, "MsgRandom is missing or not an integer in 0..4294967295"
    end
    local sane, code, info = util.check_seq_sync(body)
    if not sane then return nil, code, info end
    if body.MsgLifeTime ~= nil and not util.is_int(body.MsgLifeTime, 0, MAX_LIFETIME) then
        return nil, 90026, "MsgLifeTime must be 0..604800 seconds"
    end
    if body.CloudCustomData ~= nil and type(body.CloudCustomData) ~= "string" then
        return nil, 90001, "CloudCustomData must be a string"
    end
    local ok, why = util.check_msgbody(body.MsgBody)
    if not ok then return nil, 90002, why end
    if not st:account(from) then return nil, 20003, "sender " .. from .. " not imported" end
    if to and not st:account(to) then return nil, 20003, "receiver " .. tostring(to) .. " not imported" end
    return from
end

local function new_message(st, from, to, body, now, sync)
    local m = { From_Account = from, To_Account = to, MsgSeq = body.MsgSeq or random(1, 2147483647),
                MsgRandom = body.MsgRandom, MsgTimeStamp = now, MsgBody = body.MsgBody,
                CloudCustomData = body.CloudCustomData, MsgFlagBits = 0, IsPeerRead = 0,
                SyncOtherMachine = sync, order = st:next_seq() }
    m.MsgKey = st:msg_key(m.order, m.MsgRandom, now)
    return m
end

-- the dedup key: the varying MsgRandom first and MsgSeq last, so that LuaJIT's sampled string hash sees them
local function dedup_key(from, to, body)
    return tostring(body.MsgRandom) .. "\0" .. from .. "\0" .. to .. "\0" .. util.fingerprint(body.MsgBody) .. "\0"
           .. tostring(body.CloudCustomData or "") .. "\0" .. tostring(body.MsgSeq or "")
end

-- sendmsg { From_Account?, To_Account, MsgRandom, MsgSeq?, MsgLifeTime?, MsgBody, CloudCustomData?,
--           SyncOtherMachine?, ForbidCallbackControl?, SendMsgControl?, IsNeedReadReceipt? } -> MsgTime, MsgKey
function _M.sendmsg(ctx, body)
    local st = ctx.st
    local to = body.To_Account
    if not util.is_id(to) then return nil, 90001, "To_Account must be a UserID" end
    local from, code, info = check_send(ctx, body, to)
    if not from then return nil, code, info end

    local now = st:now()
    local dkey = dedup_key(from, to, body)
    local seen = st.c2c_dedup:get(dkey, now)
    if seen then return { MsgTime = seen.MsgTime, MsgKey = seen.MsgKey } end

    local m = new_message(st, from, to, body, now, body.SyncOtherMachine or 1)
    local seq = m.MsgSeq
    local forbid = body.ForbidCallbackControl
    if ctx.fire and not util.has(forbid, "ForbidBeforeSendMsgCallback") then      -- no callback URL: no event
        local verdict, reply = util.before(ctx, "C2C.CallbackBeforeSendMsg", {
            From_Account = from, To_Account = to, MsgSeq = seq, MsgRandom = m.MsgRandom, MsgTime = now,
            MsgKey = m.MsgKey, OnlineOnlyFlag = body.MsgLifeTime == 0 and 1 or 0, MsgBody = m.MsgBody,
            CloudCustomData = m.CloudCustomData })
        if verdict == "reject" then return nil, 20006, "message blocked by the app's callback" end
        if verdict == "drop" then return { MsgTime = now, MsgKey = m.MsgKey } end
        if reply then
            if type(reply.MsgBody) == "table" and util.check_msgbody(reply.MsgBody) then m.MsgBody = reply.MsgBody end
            if type(reply.CloudCustomData) == "string" then m.CloudCustomData = reply.CloudCustomData end
        end
    end

    -- MsgLifeTime = 0: delivered to online devices only, never stored (the sendmsg page)
    local online_only = body.MsgLifeTime == 0
    local control = body.SendMsgControl
    if not online_only then
        m.need_receipt = body.IsNeedReadReceipt == 1 or nil
        deliver(st, m, from, to, control, now)
    end
    st.c2c_dedup:put(dkey, { MsgTime = now, MsgKey = m.MsgKey }, now)
    if ctx.fire and not util.has(forbid, "ForbidAfterSendMsgCallback") then      -- no callback URL: no event
        util.after(ctx, "C2C.CallbackAfterSendMsg", {
            From_Account = from, To_Account = to, MsgSeq = seq, MsgRandom = m.MsgRandom, MsgTime = now,
            MsgKey = m.MsgKey, OnlineOnlyFlag = online_only and 1 or 0, MsgBody = m.MsgBody,
            CloudCustomData = m.CloudCustomData, SendMsgResult = 0, ErrorInfo = "send msg succeed",
            UnreadMsgNum = (st.unread[to] or {})[from] or 0 })
    end
    return { MsgTime = now, MsgKey = m.MsgKey }
end

-- batchsendmsg { From_Account?, To_Account = { … ≤500 }, MsgRandom, MsgBody, … } -> MsgKey, ErrorList
-- (no callbacks, as documented; the answer's MsgKey is the first recipient's, each ErrorList item names a
-- recipient that did not get it)
function _M.batchsendmsg(ctx, body)
    local st = ctx.st
    if type(body.To_Account) ~= "table" or #body.To_Account == 0 then
        return nil, 90001, "To_Account must be a non-empty array"
    end
    if #body.To_Account > 500 then return nil, 90011, "To_Account holds more than 500 UserIDs" end
    if not util.string_list(body.To_Account) then return nil, 90001, "To_Account items must be UserIDs" end
    local from, code, info = check_send(ctx, body)
    if not from then return nil, code, info end
    local now = st:now()
    local errs, key = array(), nil
    local control = body.SendMsgControl
    for _, to in ipairs(body.To_Account) do
        if not st:account(to) then
            errs[#errs + 1] = { To_Account = to, ErrorCode = 20003 }
        else
            local m = new_message(st, from, to, body, now, body.SyncOtherMachine or 2)
            key = key or m.MsgKey
            if body.MsgLifeTime ~= 0 then
                deliver(st, m, from, to, control, now)
            end
        end
    end
    return { MsgKey = key or "", ErrorList = errs }
end

-- importmsg { SyncFromOldSystem = 2 (history: no unread, no conversation change) | 5 (real-time import during a
--             migration: counts as unread, like a send), From_Account, To_Account, MsgSeq, MsgRandom,
--             MsgTimeStamp, MsgBody, CloudCustomData? } (269/2568: only 2 or 5)
-- The same MsgSeq + MsgRandom + MsgTimeStamp in one conversation is one message (269/2568): a repeat is
-- accepted and not stored again.
function _M.importmsg(ctx, body)
    local st = ctx.st
    if not util.is_id(body.To_Account) then return nil, 90003, "To_Account must be a UserID" end
    if not util.is_int(body.MsgTimeStamp, 0) then return nil, 90006, "MsgTimeStamp must be a Unix time" end
    local from, code, info = check_send(ctx, body, body.To_Account)
    if not from then return nil, code, info end
    local seq = body.MsgSeq or 0
    local seen_key = conv_key(from, body.To_Account) .. "\0" .. seq .. "\0" .. body.MsgRandom .. "\0"
                     .. body.MsgTimeStamp
    if st.c2c_import_seen[seen_key] then return {} end
    local m = { From_Account = from, To_Account = body.To_Account, MsgSeq = seq,
                MsgRandom = body.MsgRandom, MsgTimeStamp = body.MsgTimeStamp, MsgBody = body.MsgBody,
                CloudCustomData = body.CloudCustomData, MsgFlagBits = 0, IsPeerRead = 0, SyncOtherMachine = 1,
                order = st:next_seq() }
    m.MsgKey = st:msg_key(m.order, m.MsgRandom, m.MsgTimeStamp)
    store(st, m, true)
    st.c2c_import_seen[seen_key] = m.MsgKey
    if body.SyncFromOldSystem == 5 then
        unread_add(st, m.To_Account, from, 1)
        touch_recent(st, m.To_Account, from, m.MsgTimeStamp)
        touch_recent(st, from, m.To_Account, m.MsgTimeStamp)
    end
    return {}
end

---------------------------------------------------------------------------------------------------------------
-- History

local function visible(m, operator)
    if m.deleted_by and m.deleted_by[operator] then return false end
    return not (m.From_Account == operator and m.SyncOtherMachine == 2)
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
    local conv = st.c2c[conv_key(op, peer)] or {}
    -- the newest message to consider: just before LastMsgKey, or the last one at or before MaxTime
    local last
    if type(body.LastMsgKey) == "string" and body.LastMsgKey ~= "" then
        local lm = st.c2c_by_key:get(body.LastMsgKey)
        if not lm or conv_key(lm.From_Account, lm.To_Account) ~= conv_key(op, peer) then
            return nil, 90001, "LastMsgKey is not a message of this conversation"
        end
        last = lower_bound(conv, lm) - 1
    else
        last = lower_bound(conv, { MsgTimeStamp = body.MaxTime + 1, order = -1 }) - 1
    end
    local list = {}
    local i = last
    while i >= 1 and #list < body.MaxCnt do
        local m = conv[i]
        if m.MsgTimeStamp < body.MinTime then break end
        if m.MsgTimeStamp <= body.MaxTime and visible(m, op) then list[#list + 1] = m end
        i = i - 1
    end
    -- anything older still in range?
    local complete = 1
    while i >= 1 do
        local m = conv[i]
        if m.MsgTimeStamp < body.MinTime then break end
        if visible(m, op) then complete = 0; break end
        i = i - 1
    end
    local msgs = array()
    for j = #list, 1, -1 do msgs[#msgs + 1] = out(list[j]) end
    local res = { Complete = complete, MsgCnt = #msgs, MsgList = msgs }
    if #msgs > 0 then res.LastMsgTime, res.LastMsgKey = msgs[1].MsgTimeStamp, msgs[1].MsgKey
    else res.LastMsgTime, res.LastMsgKey = 0, "" end
    return res
end

local function message_of(st, from, to, key)
    local m = st.c2c_by_key:get(key)
    if not m or m.From_Account ~= from or m.To_Account ~= to then return nil end
    return m
end

-- admin_msgwithdraw { From_Account, To_Account, MsgKey } (269/38980, 1047/35015): 90008 / 90003 when the sender /
-- the recipient does not exist, 90054 for a MsgKey that is not one (not seq_random_time), 20022 for a MsgKey that
-- names no message of this pair, 20023 when it was recalled already
function _M.admin_msgwithdraw(ctx, body)
    local st = ctx.st
    local from, to = body.From_Account, body.To_Account
    if not st:account(from) then return nil, 90008, "From_Account " .. from .. " not imported" end
    if not st:account(to) then return nil, 90003, "To_Account " .. to .. " not imported" end
    if not match(body.MsgKey, "^%d+_%d+_%d+$") then
        return nil, 90054, "MsgKey " .. body.MsgKey .. " is not a MsgKey (seq_random_time)"
    end
    local m = message_of(st, from, to, body.MsgKey)
    if not m then return nil, 20022, "no message with this MsgKey from " .. from .. " to " .. to end
    if m.MsgFlagBits == 1 then return nil, 20023, "the message was already recalled" end
    m.MsgFlagBits = 1
    local u = st.unread[m.To_Account]
    if m.IsPeerRead == 0 and u and u[m.From_Account] and u[m.From_Account] > 0 then
        u[m.From_Account] = u[m.From_Account] - 1
    end
    util.after(ctx, "C2C.CallbackAfterMsgWithDraw", { From_Account = m.From_Account, To_Account = m.To_Account,
                                                     MsgKey = m.MsgKey,
                                                     UnreadMsgNum = u and u[m.From_Account] or 0 })
    return {}
end

-- modify_c2c_msg { From_Account, To_Account, MsgKey, MsgBody?, CloudCustomData? } (one of the last two)
function _M.modify_c2c_msg(ctx, body)
    if body.MsgBody == nil and body.CloudCustomData == nil then
        return nil, 90001, "give MsgBody or CloudCustomData to modify"
    end
    if body.MsgBody ~= nil then
        -- the Message Formats tree lists no member as required: a text element's Text is the emulator's need
        local ok, why = util.check_msgbody(body.MsgBody)
        if not ok then return nil, 90002, why end
    end
    local m = message_of(ctx.st, body.From_Account, body.To_Account, body.MsgKey)
    if not m then return nil, 20022, "no message with this MsgKey between these accounts" end
    if m.MsgFlagBits == 1 then return nil, 20023, "a recalled message cannot be modified" end
    if body.MsgBody ~= nil then m.MsgBody = body.MsgBody end
    if body.CloudCustomData ~= nil then m.CloudCustomData = body.CloudCustomData end
    m.modified = (m.modified or 0) + 1
    util.after(ctx, "C2C.CallbackAfterModifyMsg", { From_Account = m.From_Account, To_Account = m.To_Account,
        MsgSeq = m.MsgSeq, MsgRandom = m.MsgRandom, MsgTime = m.MsgTimeStamp, MsgKey = m.MsgKey,
        MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData })
    return {}
end

-- the lookup of util.given for the operator's calls: the imported account Operator_Account names
local operator = util.imported("Operator_Account", 20003)

-- delete_c2c_msg_ramble { Operator_Account, Peer_Account, MsgKeyList = { … ≤30 } } (269/101439): the messages
-- leave the operator's history only; the peer keeps them
_M.delete_c2c_msg_ramble = util.given(operator, function(ctx, body, op)
    local st = ctx.st
    local peer = body.Peer_Account
    if #body.MsgKeyList == 0 then return nil, 90001, "MsgKeyList is empty" end
    local ck = conv_key(op, peer)
    for _, key in ipairs(body.MsgKeyList) do
        local m = st.c2c_by_key:get(key)
        if m and conv_key(m.From_Account, m.To_Account) == ck then
            m.deleted_by = m.deleted_by or {}
            m.deleted_by[op] = true
        end
    end
    return {}
end)

-- admin_set_msg_read { Report_Account, Peer_Account, MsgReadTime? }: the peer's messages up to MsgReadTime
-- (Unix seconds as a string, the page's type; default now) are read. The page's codes (1047/38996): 90001, 90008
-- and 90003, here for a Report_Account and a Peer_Account that do not exist.
function _M.admin_set_msg_read(ctx, body)
    local st = ctx.st
    local me, peer = body.Report_Account, body.Peer_Account
    local upto = st:now()
    if body.MsgReadTime ~= nil then
        upto = match(body.MsgReadTime, "^%d+$") and #body.MsgReadTime <= 15 and tonumber(body.MsgReadTime)
        if not upto then return nil, 90001, "MsgReadTime must be Unix seconds (a string of digits)" end
    end
    if not st:account(me) then return nil, 90008, "Report_Account " .. me .. " not imported" end
    if not st:account(peer) then return nil, 90003, "Peer_Account " .. peer .. " not imported" end
    local conv = st.c2c[conv_key(me, peer)] or {}
    local left = 0
    -- from the newest backwards: messages after upto stay unread, then stop at the first already-read one
    for i = #conv, 1, -1 do
        local m = conv[i]
        if m.From_Account == peer and m.To_Account == me and m.MsgFlagBits ~= 1 then
            if m.MsgTimeStamp > upto then
                if m.IsPeerRead == 0 then left = left + 1 end
            elseif m.IsPeerRead == 1 then
                break
            else
                m.IsPeerRead = 1
            end
        end
    end
    if st.unread[me] then st.unread[me][peer] = left > 0 and left or nil end
    util.after(ctx, "C2C.CallbackAfterMsgReport", { Report_Account = me, Peer_Account = peer,
                                                   LastReadTime = upto, UnreadMsgNum = left })
    return {}
end

-- c2c_msg_read_receipt { Operator_Account (the reader), Peer_Account (the sender),
--                        C2CMsgInfo = { { From_Account = peer, To_Account = operator, MsgKey }, … } }
--   -> {} (269/104121, 1047/77776: the answer is ActionStatus, ErrorCode and ErrorInfo only). The request is taken
--   whole or refused whole: 20001 (the page's "invalid request packet") when an item's From_Account / To_Account
--   is not Peer_Account / Operator_Account or its MsgKey names no message from the one to the other.
_M.c2c_msg_read_receipt = util.given(operator, function(ctx, body, reader)
    local st = ctx.st
    local sender = body.Peer_Account
    local list = body.C2CMsgInfo
    if #list == 0 then return nil, 20001, "C2CMsgInfo is empty" end
    local msgs, done = {}, array()
    for i, it in ipairs(list) do
        if it.From_Account ~= sender or it.To_Account ~= reader then
            return nil, 20001, "C2CMsgInfo[" .. i .. "]: From_Account must be Peer_Account and To_Account "
                               .. "Operator_Account"
        end
        local m = message_of(st, sender, reader, it.MsgKey)
        if not m then
            return nil, 20001, "C2CMsgInfo[" .. i .. "].MsgKey names no message from " .. sender .. " to " .. reader
        end
        msgs[i] = m
    end
    for i, m in ipairs(msgs) do
        m.read_receipt = 1
        done[i] = { From_Account = sender, To_Account = reader, MsgKey = m.MsgKey }
    end
    util.after(ctx, "C2C.CallbackAfterMsgReadReceipt", { Operator_Account = reader, Peer_Account = sender,
                                                        C2CMsgInfo = done, ReceiptTime = st:now() })
    return {}
end)

-- get_c2c_unread_msg_num { To_Account, Peer_Account? = { … ≤10 } } -> AllC2CUnreadMsgNum,
--   C2CUnreadMsgNumList, ErrorList
_M.get_c2c_unread_msg_num = util.given(util.imported("To_Account", 20003), function(ctx, body, me)
    local st = ctx.st
    local u = st.unread[me] or {}
    local total = 0
    for _, n in pairs(u) do total = total + n end
    local res = { AllC2CUnreadMsgNum = total }
    if body.Peer_Account ~= nil then
        if #body.Peer_Account == 0 then return nil, 90001, "Peer_Account is empty" end
        local list, errs = array(), array()
        for _, p in ipairs(body.Peer_Account) do
            if st:account(p) then list[#list + 1] = { Peer_Account = p, C2CUnreadMsgNum = u[p] or 0 }
            else errs[#errs + 1] = { Peer_Account = p, ErrorCode = 70107 } end
        end
        res.C2CUnreadMsgNumList, res.ErrorList = list, errs
    end
    return res
end)

_M.routes = util.routes("openim/", _M, {
    "sendmsg", "batchsendmsg", "importmsg", "admin_getroammsg", "admin_msgwithdraw", "admin_set_msg_read",
    "get_c2c_unread_msg_num", "modify_c2c_msg", "delete_c2c_msg_ramble", "c2c_msg_read_receipt"
})

---------------------------------------------------------------------------------------------------------------
-- The C2C slices are this family's: st.c2c (conv_key -> the conversation's messages in (time, order) order),
-- st.c2c_by_key (the MsgKey index), st.unread, st.c2c_dedup and st.c2c_import_seen. The other modules reach
-- them through these.
_M.SLICES = { "c2c", "c2c_by_key", "unread", "c2c_dedup", "c2c_import_seen" }

-- message_by_key(st, key) -> the C2C message with this MsgKey | nil
function _M.message_by_key(st, key) return st.c2c_by_key:get(key) end

-- each_conversation(st) -> an iterator over conv_key, messages (oldest first; read them), in no order
function _M.each_conversation(st) return pairs(st.c2c) end

-- store(st, m, keyed) and add_unread(st, to, from, n), as this family's sends keep a message and its unread
-- count (tim.server.emulator.messages keeps the messages other families originate with them)
_M.store, _M.add_unread = store, unread_add

return _M

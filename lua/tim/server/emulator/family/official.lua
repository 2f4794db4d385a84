-- Official accounts (official_account_open_http_svc/*): accounts, subscribers, broadcasts, recall and
-- history. Pages: 1047/60755 (create), 60756 (destroy), 60757 (modify), 60758 (get info), 60759 (subscribers),
-- 60760 (add subscribers), 60761 (delete subscribers), 60763 (subscribed list), 60810 (send), 60811 (recall),
-- 60812 (history), 60813 (the fields). IDs start with @TOA#_ (generated when the request gives none).
--
-- The requests are checked against the records of tim.base.catalogue.official before a handler runs (tim.emulator
-- check_body: presence, types, byte limits, list sizes, unknown fields), answering the record's `invalid` code
-- (6017 on destroy and delete_subscriber) or the family's 10004. A handler checks what a tree cannot say (empty
-- names, which of delete_subscriber's two forms, a continuation value no answer gave) and the state, with the
-- codes of the pages:
--   account pages (create, destroy, modify, get info, subscribers; the table of 60756): 130004 no such official
--   account (or destroyed), 130007 a malformed official account ID, 130008 the ID is in use; a bad parameter
--   answers the record's `invalid` code, else 10004 as check_body does;
--   message pages (send, recall, history; the table of 60811): 10004 bad parameter, 10010 no such official
--   account, RetCode 10030 no such message.
-- Not on any page read: 10019 for an Owner_Account or subscriber that is not imported, 10007 for modifying
-- someone who does not subscribe (the group family's codes, kept). Sending: identical content within 5 minutes is
-- a duplicate (the first message's MsgSeq/MsgKey come back, nothing is stored twice); the 1 message/s and
-- 2 broadcasts/hour per official account are --rate-limits documented (tim.server.emulator.limits). A MsgKey is
-- "Seq_1_ServerTime" (60812). Callbacks: OfficialAccount.Callback*. modify_subscriber_info sets CustomString only
-- (269/102310: Official_Account, Subscriber_Account, CustomString, all required); a subscriber's MsgFlag
-- (AcceptAndNotify by default, answered by the reads) is the subscriber's own setting, which no REST call changes.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local api = require "tim.base.catalogue"

local ipairs, pairs, type, tostring, tonumber = ipairs, pairs, type, tostring, tonumber
local fmt = string.format
local array = json.array

local _M = { _VERSION = require "tim.version" }

local SERVICE = "official_account_open_http_svc"
local PREFIX, MAX_ID = "@TOA#_", 48                 -- 269/102302: the prefix, at most 48 bytes
local DEFAULT_MAX_SUBS, DEFAULT_LIST_LIMIT = 100000, 200
local DEDUP_SECONDS = 300
-- a before-callback's refusal: 20006 (269/102315, the create page; the other before-callbacks read the same)
local REFUSED = 20006
-- a subscriber's receive options (1047/60813): no REST call sets one; a snapshot may (import)
local FLAGS = { AcceptAndNotify = true, AcceptNotNotify = true, Discard = true }
local INFO_FIELDS = { "CreateTime", "Name", "Owner_Account", "LastMsgTime", "SubscriberNum", "Introduction",
                      "FaceUrl", "Organization", "CustomString", "MaxSubscriberNum" }
-- the pages whose codes are the message family's (60811); every other page is an account page (60756)
local MESSAGE_PAGES = { send_official_account_msg = true, official_account_msg_recall = true,
                        official_account_msg_get_simple = true }
local NO_ACCOUNT, BAD_ID, ID_USED = 130004, 130007, 130008

-- BAD[command]: the code of a malformed request on that page, the same one check_body answers
local BAD = setmetatable({}, { __index = function(t, command)
    local r = api.lookup(SERVICE, command)
    local code = r and r.invalid or 10004
    t[command] = code
    return code
end })

local function fresh() return { accounts = {}, order = {}, serial = 0 } end

local S, reset = util.state_of("official", fresh)

local function well_formed(id)
    return type(id) == "string" and id:sub(1, #PREFIX) == PREFIX and #id > #PREFIX and #id <= MAX_ID
end

-- the code and text for an ID that names no account, on command's page
local function missing(id, command)
    if MESSAGE_PAGES[command] then return 10010, "official account " .. tostring(id) .. " does not exist" end
    if not well_formed(id) then
        return BAD_ID, "Official_Account " .. tostring(id) .. " is not an official account ID (" .. PREFIX .. "...)"
    end
    return NO_ACCOUNT, "official account " .. id .. " does not exist or was destroyed"
end

local function account_or_err(st, id, command)
    if type(id) ~= "string" or id == "" then
        return nil, BAD[command], "Official_Account must be an official account ID"
    end
    local a = S(st).accounts[id]
    if not a then return nil, missing(id, command) end
    return a
end

-- the UserID body[field] names on cmd's page: not empty (the page's code) and imported (10019)
local function user_or_err(st, body, field, cmd)
    local id = body[field]
    if id == "" then return nil, BAD[cmd], field .. " must be a UserID" end
    if not st:account(id) then return nil, 10019, field .. " " .. id .. " not imported" end
    return id
end

-- on_account(cmd, fn): cmd's handler, for the account body.Official_Account names: fn(ctx, body, a, bad), bad the
-- page's code for a malformed request; the page's code for an ID that names none
local function on_account(cmd, fn)
    return util.given(function(ctx, body) return account_or_err(ctx.st, body.Official_Account, cmd) end,
                      function(ctx, body, a) return fn(ctx, body, a, BAD[cmd]) end)
end

local function sub_count(a) return #a.sub_order end

-- the after-callback of subscribers added or removed, when there are any
local function after_subscribers(ctx, command, a, list)
    if #list > 0 then
        util.after(ctx, command, { Official_Account = a.id, Operator_Account = ctx.admin,
                                   SubscribeAccountList = list })
    end
end

local function info_of(a)
    return { Official_Account = a.id, CreateTime = a.CreateTime, Name = a.Name, Owner_Account = a.Owner_Account,
             LastMsgTime = a.LastMsgTime, SubscriberNum = sub_count(a), Introduction = a.Introduction,
             FaceUrl = a.FaceUrl, Organization = a.Organization, CustomString = a.CustomString,
             MaxSubscriberNum = a.MaxSubscriberNum }
end

-- create_official_account { Owner_Account, OfficialAccountUserID?, Name, Introduction?, FaceUrl?,
--                           MaxSubscriberNum?, Organization?, CustomString? } -> OfficialAccountUserID
function _M.create_official_account(ctx, body)
    local cmd = "create_official_account"
    local st = ctx.st
    local owner, code, info = user_or_err(st, body, "Owner_Account", cmd)
    if not owner then return nil, code, info end
    if body.Name == "" then return nil, BAD[cmd], "Name must not be empty" end
    local s = S(st)
    local id = body.OfficialAccountUserID
    if id ~= nil then
        if not well_formed(id) then
            return nil, BAD_ID, "OfficialAccountUserID must start with " .. PREFIX .. " (at most " .. MAX_ID
                .. " bytes)"
        end
        if s.accounts[id] then return nil, ID_USED, "official account ID " .. id .. " is already used" end
    else
        repeat
            s.serial = s.serial + 1
            id = fmt("%s%08X", PREFIX, s.serial)
        until not s.accounts[id]
    end
    -- 269/102315: the before-callback sees Operator_Account, Owner_Account, Name; a refusal answers 20006
    local verdict = util.before(ctx, "OfficialAccount.CallbackBeforeCreateOfficialAccount", {
        Operator_Account = ctx.admin, Owner_Account = owner, Name = body.Name })
    if verdict ~= "allow" then return nil, REFUSED, "creation refused by the app's callback" end
    local now = st:now()
    local a = { id = id, Owner_Account = owner, Name = body.Name, Introduction = body.Introduction or "",
                FaceUrl = body.FaceUrl or "", Organization = body.Organization or "",
                CustomString = body.CustomString or "", MaxSubscriberNum = body.MaxSubscriberNum or DEFAULT_MAX_SUBS,
                CreateTime = now, LastMsgTime = 0, subs = {}, sub_order = {}, msgs = {}, next_seq = 1,
                dedup = {} }
    s.accounts[id] = a
    s.order[#s.order + 1] = id
    util.after(ctx, "OfficialAccount.CallbackAfterCreateOfficialAccount", {
        Official_Account = id, Operator_Account = ctx.admin, Owner_Account = owner, Name = body.Name })
    return { OfficialAccountUserID = id }
end

-- destroy_official_account { Official_Account }
_M.destroy_official_account = on_account("destroy_official_account", function(ctx, _, a)
    local st = ctx.st
    local s = S(st)
    s.accounts[a.id] = nil
    for i, v in ipairs(s.order) do if v == a.id then table.remove(s.order, i); break end end
    util.after(ctx, "OfficialAccount.CallbackAfterOfficialAccountDestroyed", {
        Official_Account = a.id, Owner_Account = a.Owner_Account, Name = a.Name })
    return {}
end)

-- modify_official_account_base_info { Official_Account, Name?, Introduction?, FaceUrl?, Organization?,
--                                     CustomString?, MaxSubscriberNum? }
_M.modify_official_account_base_info = on_account("modify_official_account_base_info", function(ctx, body, a, bad)
    if body.Name == "" then return nil, bad, "Name must not be empty" end
    local changed = {}
    for _, f in ipairs{ "Name", "Introduction", "FaceUrl", "Organization", "CustomString", "MaxSubscriberNum" } do
        if body[f] ~= nil then a[f] = body[f]; changed[f] = body[f] end
    end
    util.after(ctx, "OfficialAccount.CallbackAfterOfficialAccountInfoChanged", {
        Official_Account = a.id, Owner_Account = a.Owner_Account, Changed = changed })
    return {}
end)

local function filter_info(a, filter)
    local full = info_of(a)
    if type(filter) ~= "table" or #filter == 0 then return full end
    local out = { Official_Account = a.id }
    for _, f in ipairs(filter) do out[f] = full[f] end
    return out
end

-- get_official_account_info { OfficialAccountIdList = { { Official_Account } ≤50 }, ResponseFilter? }
--   -> OfficialAccountInfoList = { { Official_Account, ErrorCode, ErrorInfo, fields... } } (the list's name as
--   integrations read it; the page's answer was not in our reading)
function _M.get_official_account_info(ctx, body)
    local cmd = "get_official_account_info"
    local st = ctx.st
    local list = body.OfficialAccountIdList
    if #list == 0 then return nil, BAD[cmd], "OfficialAccountIdList must name at least one account" end
    local filter = body.ResponseFilter and body.ResponseFilter.OfficialAccountBaseInfoFilter
    local out = array()
    for _, it in ipairs(list) do
        local id = it.Official_Account
        local a = S(st).accounts[id]
        if a then
            local row = filter_info(a, filter)
            row.ErrorCode, row.ErrorInfo = 0, ""
            out[#out + 1] = row
        else
            local code, info = missing(id, cmd)
            out[#out + 1] = { Official_Account = id, ErrorCode = code, ErrorInfo = info }
        end
    end
    return { OfficialAccountInfoList = out }
end

-- add_subscriber { Official_Account, SubscriberList = { { Subscriber_Account } ≤100 } }
--   -> SubscriberList = { { Subscriber_Account, Result = 0 failed | 1 added | 2 already } } (269/102308)
-- OfficialAccount.CallbackBeforeAddSubscriber sees the whole list first (269/102319): an ErrorCode refuses all,
-- RefusedMembers_Account refuses those named; CallbackAfterAddSubscriber gets the added (269/102320).
_M.add_subscriber = on_account("add_subscriber", function(ctx, body, a, bad)
    local st = ctx.st
    if #body.SubscriberList == 0 then return nil, bad, "SubscriberList must name at least one subscriber" end
    local ids = {}
    for i, it in ipairs(body.SubscriberList) do ids[i] = it.Subscriber_Account end
    local candidates = array()
    for _, id in ipairs(ids) do
        if st:account(id) and not a.subs[id] then candidates[#candidates + 1] = { Subscriber_Account = id } end
    end
    local refused = {}
    if #candidates > 0 then
        local verdict, reply = util.before(ctx, "OfficialAccount.CallbackBeforeAddSubscriber", {
            Official_Account = a.id, Operator_Account = ctx.admin, SubscribeAccountList = candidates })
        if verdict ~= "allow" then return nil, REFUSED, "subscription refused by the app's callback" end
        for _, r in ipairs(reply and type(reply.RefusedMembers_Account) == "table" and reply.RefusedMembers_Account
                           or {}) do
            refused[r] = true
        end
    end
    local now = st:now()
    local res, added, full = array(), array(), false
    for _, id in ipairs(ids) do
        local result = 0
        if a.subs[id] then result = 2
        elseif st:account(id) and not refused[id] then
            if sub_count(a) >= a.MaxSubscriberNum then full = true
            else
                a.subs[id] = { SubscribeTime = now, CustomString = "", MsgFlag = "AcceptAndNotify",
                               LastSendMsgTime = 0 }
                a.sub_order[#a.sub_order + 1] = id
                added[#added + 1] = { Subscriber_Account = id }
                result = 1
            end
        end
        res[#res + 1] = { Subscriber_Account = id, Result = result }
    end
    after_subscribers(ctx, "OfficialAccount.CallbackAfterAddSubscriber", a, added)
    if full then
        util.after(ctx, "OfficialAccount.CallbackAfterOfficialAccountFull", { Official_Account = a.id })
    end
    return { SubscriberList = res }
end)

-- delete_subscriber { Official_Account, SubscriberList = { { Subscriber_Account } } (the page's table)
--                     | SubscriberToDel_Account = { UserID, ... } (the page's sample) }
--   -> SubscriberList = { { Subscriber_Account, Result = 1 removed | 2 was not subscribed } } (0 failed: not here)
_M.delete_subscriber = on_account("delete_subscriber", function(ctx, body, a, bad)
    local table_form, sample_form = body.SubscriberList, body.SubscriberToDel_Account
    if (table_form == nil) == (sample_form == nil) then
        return nil, bad, "send one of SubscriberList and SubscriberToDel_Account"
    end
    local ids = {}
    if table_form then
        for i, it in ipairs(table_form) do ids[i] = it.Subscriber_Account end
    else
        for i, id in ipairs(sample_form) do ids[i] = id end
    end
    if #ids == 0 then return nil, bad, "name at least one subscriber to remove" end
    local removed, res = array(), array()
    for _, id in ipairs(ids) do
        local result = 2
        if a.subs[id] then
            a.subs[id] = nil
            for i, v in ipairs(a.sub_order) do if v == id then table.remove(a.sub_order, i); break end end
            removed[#removed + 1] = { Subscriber_Account = id }
            result = 1
        end
        res[#res + 1] = { Subscriber_Account = id, Result = result }
    end
    after_subscribers(ctx, "OfficialAccount.CallbackAfterDeleteSubscriber", a, removed)
    return { SubscriberList = res }
end)

-- modify_subscriber_info { Official_Account, Subscriber_Account, CustomString } (269/102310, its record's tree;
-- the 3000-byte limit of CustomString is 1047/60813's)
_M.modify_subscriber_info = on_account("modify_subscriber_info", function(_, body, a, bad)
    local sub = util.is_id(body.Subscriber_Account) and a.subs[body.Subscriber_Account]
    if not sub then return nil, 10007, tostring(body.Subscriber_Account) .. " does not subscribe to " .. a.id end
    if #body.CustomString > 3000 then
        return nil, bad, "CustomString must be a string of at most 3000 bytes"
    end
    sub.CustomString = body.CustomString
    return {}
end)

-- get_subscriber_info { Official_Account, Limit? ≤200, Next ("" first) } -> Next, SubscriberNum, SubscriberList
_M.get_subscriber_info = on_account("get_subscriber_info", function(_, body, a, bad)
    local start = 0
    if body.Next ~= "" then
        start = tonumber((body.Next:match("^n(%d+)$")))
        if not start then return nil, bad, "Next is not a value this API returned" end
    end
    local limit = body.Limit
    local stop = limit and math.min(#a.sub_order, start + limit) or #a.sub_order
    local list = array()
    for i = start + 1, stop do
        local id = a.sub_order[i]
        local sub = a.subs[id]
        list[#list + 1] = { Subscriber_Account = id, SubscribeTime = sub.SubscribeTime,
                            CustomString = sub.CustomString, MsgFlag = sub.MsgFlag,
                            LastSendMsgTime = sub.LastSendMsgTime }
    end
    return { Next = stop < #a.sub_order and ("n" .. stop) or "", SubscriberNum = sub_count(a),
             SubscriberList = list }
end)

-- get_subscribed_official_account_list { Subscriber_Account, Limit? ≤200, Offset?, ResponseFilter? }
--   -> TotalCount, OfficialAccountInfoList = { { Official_Account, fields..., SelfInfo } }
function _M.get_subscribed_official_account_list(ctx, body)
    local cmd = "get_subscribed_official_account_list"
    local st = ctx.st
    local id, code, info = user_or_err(st, body, "Subscriber_Account", cmd)
    if not id then return nil, code, info end
    local limit = body.Limit == nil and DEFAULT_LIST_LIMIT or body.Limit
    local offset = body.Offset == nil and 0 or body.Offset
    local filter = body.ResponseFilter or {}
    local all = {}
    for _, oid in ipairs(S(st).order) do
        local a = S(st).accounts[oid]
        if a.subs[id] then all[#all + 1] = a end
    end
    local list = array()
    for i = offset + 1, math.min(#all, offset + limit) do
        local a = all[i]
        local row = filter_info(a, filter.OfficialAccountBaseInfoFilter)
        local sub = a.subs[id]
        local self_info = { SubscribeTime = sub.SubscribeTime, CustomString = sub.CustomString,
                            MsgFlag = sub.MsgFlag }
        if type(filter.SelfInfoFilter) == "table" and #filter.SelfInfoFilter > 0 then
            local f = {}
            for _, k in ipairs(filter.SelfInfoFilter) do f[k] = self_info[k] end
            self_info = f
        end
        row.SelfInfo = self_info
        list[#list + 1] = row
    end
    return { TotalCount = #all, OfficialAccountInfoList = list }
end

-- send_official_account_msg { Official_Account, Random, MsgBody, SendMsgControl?, CloudCustomData?,
--                             OfflinePushInfo? } -> MsgSeq, MsgTime, MsgKey
-- (the tree is the samples', nothing marked required: the three the service needs are checked here)
_M.send_official_account_msg = on_account("send_official_account_msg", function(ctx, body, a, bad)
    local st = ctx.st
    if body.Random == nil then return nil, bad, "Random is required (an integer in 0..4294967295)" end
    if body.MsgBody == nil then return nil, bad, "MsgBody is required" end
    local now = st:now()
    local content = util.fingerprint(body.MsgBody) .. "\0" .. tostring(body.CloudCustomData or "")
    local seen = a.dedup[content]
    if seen and now - seen.at <= DEDUP_SECONDS then
        return { MsgSeq = seen.MsgSeq, MsgTime = seen.MsgTime, MsgKey = seen.MsgKey }
    end
    local m = { MsgSeq = a.next_seq, Random = body.Random, MsgBody = body.MsgBody,
                CloudCustomData = body.CloudCustomData, MsgTimeStamp = now, From_Account = a.id }
    local verdict, reply = util.before(ctx, "OfficialAccount.CallbackBeforeSendMsg", {
        Official_Account = a.id, Random = m.Random, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData })
    if verdict == "reject" then return nil, REFUSED, "message blocked by the app's callback" end
    if verdict == "drop" then return { MsgSeq = 0, MsgTime = now, MsgKey = "" } end
    if reply and type(reply.MsgBody) == "table" and util.check_msgbody(reply.MsgBody) then m.MsgBody = reply.MsgBody end
    a.next_seq = a.next_seq + 1
    -- 1047/60812: "Chat generates a MsgKey for each Official Account message, in the format of Seq_1_ServerTime"
    m.MsgKey = fmt("%d_1_%d", m.MsgSeq, now)
    a.msgs[#a.msgs + 1] = m
    a.LastMsgTime = now
    if st.stats then st.stats.messages = st.stats.messages + 1 end
    for k, v in pairs(a.dedup) do if now - v.at > DEDUP_SECONDS then a.dedup[k] = nil end end
    a.dedup[content] = { at = now, MsgSeq = m.MsgSeq, MsgTime = now, MsgKey = m.MsgKey }
    util.after(ctx, "OfficialAccount.CallbackAfterSendMsg", {
        Official_Account = a.id, MsgSeq = m.MsgSeq, MsgKey = m.MsgKey, MsgTime = now, Random = m.Random,
        MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData })
    return { MsgSeq = m.MsgSeq, MsgTime = now, MsgKey = m.MsgKey }
end)

-- official_account_msg_recall { Official_Account, MsgKeyList = { ≤10 keys }, Reason? }
--   -> RecallRetList = { { MsgKey, RetCode } }
_M.official_account_msg_recall = on_account("official_account_msg_recall", function(ctx, body, a, bad)
    local keys = body.MsgKeyList
    if #keys == 0 then return nil, bad, "MsgKeyList must name at least one message" end
    local res = array()
    for _, key in ipairs(keys) do
        local found
        for _, m in ipairs(a.msgs) do if m.MsgKey == key then found = m; break end end
        if not found then res[#res + 1] = { MsgKey = key, RetCode = 10030 }
        elseif found.recalled then res[#res + 1] = { MsgKey = key, RetCode = 10030 }
        else
            found.recalled = true
            res[#res + 1] = { MsgKey = key, RetCode = 0 }
            util.after(ctx, "OfficialAccount.CallbackAfterMsgWithDraw", { Official_Account = a.id,
                                                                          MsgKey = key, MsgSeq = found.MsgSeq })
        end
    end
    return { RecallRetList = res }
end)

-- official_account_msg_get_simple { Official_Account, LastMsgKey?, ReqMsgNumber?, WithRecalledMsg? }
--   -> Official_Account, IsFinished, LastMsgKey, RspMsgList = { { From_Account, IsPlaceMsg, MsgBody, MsgSeq,
--      MsgKey, MsgTimeStamp } } (1047/60812): the newest ReqMsgNumber messages (every one when absent; the page
--   sets no maximum), older than LastMsgKey's when it is given; the answer's LastMsgKey continues. A recalled
--   message comes only with WithRecalledMsg = 1, as a placeholder (IsPlaceMsg 1, the page's only other value,
--   "expired, failed to store or deleted", with an empty MsgBody).
_M.official_account_msg_get_simple = on_account("official_account_msg_get_simple", function(_, body, a, bad)
    local below = math.huge
    if body.LastMsgKey ~= nil and body.LastMsgKey ~= "" then
        below = tonumber((body.LastMsgKey:match("^(%d+)_")))
        if not below then return nil, bad, "LastMsgKey is not a MsgKey (Seq_1_ServerTime)" end
    end
    local want = body.ReqMsgNumber
    local list, last = array(), nil
    for i = #a.msgs, 1, -1 do
        local m = a.msgs[i]
        if m.MsgSeq < below then
            if want and #list >= want then break end
            last = m
            if not m.recalled then
                list[#list + 1] = { From_Account = a.id, IsPlaceMsg = 0, MsgBody = m.MsgBody, MsgSeq = m.MsgSeq,
                                    MsgKey = m.MsgKey, MsgTimeStamp = m.MsgTimeStamp,
                                    CloudCustomData = m.CloudCustomData }
            elseif body.WithRecalledMsg == 1 then
                list[#list + 1] = { From_Account = a.id, IsPlaceMsg = 1, MsgBody = array(), MsgSeq = m.MsgSeq,
                                    MsgKey = m.MsgKey, MsgTimeStamp = m.MsgTimeStamp }
            end
        end
    end
    local floor_seq = last and last.MsgSeq or below
    local finished = 1
    for _, m in ipairs(a.msgs) do if m.MsgSeq < floor_seq then finished = 0; break end end
    return { Official_Account = a.id, IsFinished = finished,
             LastMsgKey = last and last.MsgKey or body.LastMsgKey or "", RspMsgList = list }
end)

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{
        serial = T.integer,
        accounts = T.array(T.object{
            Official_Account = T.string, Owner_Account = T.string, Name = T.string, Introduction = T.string,
            FaceUrl = T.string, Organization = T.string, CustomString = T.string, MaxSubscriberNum = T.integer,
            CreateTime = T.integer, LastMsgTime = T.integer, NextMsgSeq = T.integer, SubscriberNum = T.integer,
            Subscribers = T.array(T.object{ Subscriber_Account = T.string, SubscribeTime = T.integer,
                                            CustomString = T.string, MsgFlag = T.string }),
            Messages = T.array(T.object{ MsgSeq = T.integer, MsgKey = T.string, Random = T.integer,
                                         MsgBody = T.msg_body, CloudCustomData = T.string, MsgTimeStamp = T.integer,
                                         Recalled = T.boolean }),
        }),
    },
    reset = reset,
    export = function(st)
        local s = S(st)
        local rows = array()
        for _, id in ipairs(s.order) do
            local a = s.accounts[id]
            local info = info_of(a)
            info.NextMsgSeq = a.next_seq
            local subs = array()
            for _, uid in ipairs(a.sub_order) do
                local sub = a.subs[uid]
                subs[#subs + 1] = { Subscriber_Account = uid, SubscribeTime = sub.SubscribeTime,
                                    CustomString = sub.CustomString, MsgFlag = sub.MsgFlag }
            end
            local msgs = array()
            for _, m in ipairs(a.msgs) do
                msgs[#msgs + 1] = { MsgSeq = m.MsgSeq, MsgKey = m.MsgKey, Random = m.Random, MsgBody = m.MsgBody,
                                    CloudCustomData = m.CloudCustomData, MsgTimeStamp = m.MsgTimeStamp,
                                    Recalled = m.recalled or nil }
            end
            info.Subscribers, info.Messages = subs, msgs
            rows[#rows + 1] = info
        end
        return { accounts = rows, serial = s.serial }
    end,
    import = function(st, t)
        t = type(t) == "table" and t or {}
        local s = fresh()
        s.serial = tonumber(t.serial) or 0
        for _, x in ipairs(type(t.accounts) == "table" and t.accounts or {}) do
            if type(x) == "table" and type(x.Official_Account) == "string" then
                local a = { id = x.Official_Account, Owner_Account = x.Owner_Account, Name = x.Name or "",
                            Introduction = x.Introduction or "", FaceUrl = x.FaceUrl or "",
                            Organization = x.Organization or "", CustomString = x.CustomString or "",
                            MaxSubscriberNum = x.MaxSubscriberNum or DEFAULT_MAX_SUBS,
                            CreateTime = x.CreateTime or 0, LastMsgTime = x.LastMsgTime or 0, subs = {},
                            sub_order = {}, msgs = {}, next_seq = tonumber(x.NextMsgSeq) or 1, dedup = {} }
                for _, sub in ipairs(type(x.Subscribers) == "table" and x.Subscribers or {}) do
                    if type(sub) == "table" and util.is_id(sub.Subscriber_Account) then
                        a.subs[sub.Subscriber_Account] = { SubscribeTime = sub.SubscribeTime or 0,
                                                           CustomString = sub.CustomString or "",
                                                           MsgFlag = FLAGS[sub.MsgFlag] and sub.MsgFlag
                                                               or "AcceptAndNotify",
                                                           LastSendMsgTime = 0 }
                        a.sub_order[#a.sub_order + 1] = sub.Subscriber_Account
                    end
                end
                for _, m in ipairs(type(x.Messages) == "table" and x.Messages or {}) do
                    if type(m) == "table" and util.is_int(m.MsgSeq, 1) then
                        a.msgs[#a.msgs + 1] = { MsgSeq = m.MsgSeq, MsgKey = m.MsgKey, Random = m.Random,
                                                MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData,
                                                MsgTimeStamp = m.MsgTimeStamp, From_Account = a.id,
                                                recalled = m.Recalled == true or nil }
                        if m.MsgSeq >= a.next_seq then a.next_seq = m.MsgSeq + 1 end
                    end
                end
                s.accounts[a.id] = a
                s.order[#s.order + 1] = a.id
            end
        end
        st.official = s
    end,
}

_M.INFO_FIELDS = INFO_FIELDS

_M.routes = util.routes("official_account_open_http_svc/", _M, {
    "create_official_account", "destroy_official_account", "modify_official_account_base_info",
    "get_official_account_info", "send_official_account_msg", "official_account_msg_recall",
    "official_account_msg_get_simple", "add_subscriber", "delete_subscriber", "modify_subscriber_info",
    "get_subscriber_info", "get_subscribed_official_account_list"
})

-- The official slice (st.official) is this family's.
_M.SLICES = { "official" }

-- count(st) -> how many official accounts the app has
function _M.count(st) return #S(st).order end

return _M

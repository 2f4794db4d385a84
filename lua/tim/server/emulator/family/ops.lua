-- Operations: openconfigsvr/getappinfo (1047/34886), open_msg_svc/get_history (1047/34885),
-- ConfigSvc/GetIPList (269/45438), im_cos_msg/forbid_illegal_object, allow_banned_object (269/74775, 74776),
-- get_cos_sig (269/74777).
--
-- getappinfo answers the last 30 days (1047/34886, 269/4193: one Result row a day, by Beijing date, each with its
-- Date "YYYYMMDD", every value a string as in the page's sample), newest first, with or without RequestField. The
-- rows come from what the emulator holds: messages, accounts and groups by their time; what it only counts since
-- start or the last reset (logins, callbacks) goes to today's row. GetIPList answers loopback: the emulator's
-- callbacks come from 127.0.0.1.
-- get_history: record files are per hour of Beijing time (MsgTime "YYYYMMDDHH"); the emulator serves an hour's
-- messages itself, as JSON lines at <endpoint>/_emulator/history?ChatType=..&MsgTime=.. (not gzip, no MD5:
-- FileMD5/GzipMD5 are empty); an hour with no messages has no file (File = []).
-- im_cos_msg: the emulator keeps the banned RawURLs (its state; the snapshot lists them); get_cos_sig signs nothing
-- real, it answers each { ResourceID, RawURL } with the record's PreSigURLs item { Code 0, Desc "", ResourceID,
-- PreSigURL }: the RawURL with a sign and expiry parameter (15 minutes, as the page says), banned or not (the
-- page: the signed URL lets an admin see a banned file).
--
-- Requests are checked against the endpoints' records before a handler runs (tim.base.catalogue.ops; 90001 for a
-- malformed request). Left here: RequestField names the emulator does not count, MsgTime's YYYYMMDDHH form, an
-- empty RawURLs, and a RawURL that is not an http(s) URL (forbid_illegal_object, allow_banned_object).
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local c2c = require "tim.server.emulator.family.c2c"
local group = require "tim.server.emulator.family.group"

local ipairs, pairs, type, tostring, floor = ipairs, pairs, type, tostring, math.floor
local date, fmt, concat = os.date, string.format, table.concat
local array = json.array

local _M = { _VERSION = require "tim.version" }

local BEIJING = 8 * 3600
local SIG_SECONDS = 15 * 60

local function fresh() return { banned = {} } end

local S, reset = util.state_of("ops", fresh)

local function c2c_messages(st)
    local list = {}
    for _, conv in c2c.each_conversation(st) do
        for _, m in ipairs(conv) do list[#list + 1] = m end
    end
    return list
end

local function group_messages(st)
    local list = {}
    for gid, g in group.each(st) do
        for _, m in ipairs(g.msgs or {}) do list[#list + 1] = { gid, m } end
    end
    return list
end

local DAY, DAYS = 86400, 30

-- the Beijing day number of a Unix time
local function day_of(t) return floor((t + BEIJING) / DAY) end

-- the last DAYS days' rows, newest first: { { name = "value", ... }, ... }
local function daily_rows(ctx)
    local st, emu = ctx.st, ctx.emulator
    local now = st:now()
    local today = day_of(now)
    local rows = {}
    for i = 1, DAYS do
        local d = today - i + 1
        rows[i] = { day = d, senders = {}, c2c_senders = {}, group_senders = {}, active_groups = {}, c2c = 0,
                    group = 0, new_accounts = 0, new_groups = 0 }
    end
    -- the row of day d, or nil outside the 30 days
    local function row(d) local i = today - d + 1 if i >= 1 and i <= DAYS then return rows[i] end end
    for _, m in ipairs(c2c_messages(st)) do
        local r = row(day_of(m.MsgTimeStamp))
        if r then
            r.c2c = r.c2c + 1
            r.senders[m.From_Account], r.c2c_senders[m.From_Account] = true, true
        end
    end
    for _, gm in ipairs(group_messages(st)) do
        local r = row(day_of(gm[2].MsgTimeStamp))
        if r then
            r.group = r.group + 1
            r.senders[gm[2].From_Account], r.group_senders[gm[2].From_Account] = true, true
            r.active_groups[gm[1]] = true
        end
    end
    -- totals: what existed by the end of each day. since[i]: created on row i's day (i = DAYS: on it or before);
    -- a row's total is the sum of since[] from its own index to the oldest
    local since_acc, since_grp = {}, {}
    for i = 1, DAYS do since_acc[i], since_grp[i] = 0, 0 end
    local function tally(t, since, new_field)
        local d = day_of(t or now)
        local r = row(d)
        if r then r[new_field] = r[new_field] + 1 end
        local i = today - d + 1
        if i > DAYS then i = DAYS end
        if i >= 1 then since[i] = since[i] + 1 end
    end
    local online = 0
    for id in st:each_account() do
        local a = st.accounts[id]
        tally(a.created, since_acc, "new_accounts")
        if a.status == "Online" then online = online + 1 end
    end
    for _, g in group.each(st) do tally(g.CreateTime, since_grp, "new_groups") end
    local acc, grp = 0, 0
    for i = DAYS, 1, -1 do
        acc, grp = acc + since_acc[i], grp + since_grp[i]
        rows[i].accounts, rows[i].groups = acc, grp
    end
    local callbacks = st.stats and st.stats.callbacks or 0
    local answered = emu and emu.journal and emu.journal:answered_callbacks(st.stats) or 0
    local function n(t) local k = 0 for _ in pairs(t) do k = k + 1 end return k end
    local out = {}
    for i, r in ipairs(rows) do
        local is_today = i == 1
        local v = {
            AppId = tostring(emu and emu.sdkappid or 0), AppName = "tim emulator", Company = "",
            Date = date("!%Y%m%d", r.day * DAY),
            ActiveUserNum = n(r.senders), RegistUserNumOneDay = r.new_accounts, RegistUserNumTotal = r.accounts,
            LoginTimes = is_today and online or 0, LoginUserNum = is_today and online or 0,
            MaxOnlineNum = is_today and online or 0,
            UpMsgNum = r.c2c + r.group, DownMsgNum = r.c2c + r.group, SendMsgUserNum = n(r.senders),
            APNSMsgNum = 0, C2CAPNSMsgNum = 0, GroupAPNSMsgNum = 0,
            C2CUpMsgNum = r.c2c, C2CDownMsgNum = r.c2c, C2CSendMsgUserNum = n(r.c2c_senders),
            GroupUpMsgNum = r.group, GroupDownMsgNum = r.group, GroupSendMsgUserNum = n(r.group_senders),
            GroupSendMsgGroupNum = n(r.active_groups), GroupAllGroupNum = r.groups, GroupNewGroupNum = r.new_groups,
            GroupDestroyGroupNum = 0, GroupJoinGroupTimes = 0, GroupQuitGroupTimes = 0,
            CallBackReq = is_today and callbacks or 0, CallBackRsp = is_today and answered or 0,
            ChainIncrease = 0, ChainDecrease = 0,
        }
        for k, x in pairs(v) do v[k] = tostring(x) end
        out[i] = v
    end
    return out
end

-- getappinfo { RequestField? = { names } } -> Result = { { Date = "YYYYMMDD", name = "value", ... } × 30 }
function _M.getappinfo(ctx, body)
    local rf = body.RequestField
    local rows = daily_rows(ctx)
    if rf and #rf > 0 then
        for _, name in ipairs(rf) do
            if rows[1][name] == nil then return nil, 90001, "RequestField " .. name .. " is not an operations field" end
        end
        for i, all in ipairs(rows) do
            local row = { Date = all.Date }
            for _, name in ipairs(rf) do row[name] = all[name] end
            rows[i] = row
        end
    end
    return { Result = array(rows) }
end

-- the messages of one Beijing-time hour "YYYYMMDDHH" -> list of plain records
local function hour_records(st, chat, hour)
    local out = {}
    local function in_hour(t) return date("!%Y%m%d%H", t + BEIJING) == hour end
    if chat == "C2C" then
        for _, m in ipairs(c2c_messages(st)) do
            if in_hour(m.MsgTimeStamp) then
                out[#out + 1] = { ChatType = "C2C", MsgTimestamp = m.MsgTimeStamp, From_Account = m.From_Account,
                                  To_Account = m.To_Account, MsgSeq = m.MsgSeq, MsgRandom = m.MsgRandom,
                                  MsgKey = m.MsgKey, MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData }
            end
        end
    else
        for _, gm in ipairs(group_messages(st)) do
            local m = gm[2]
            if in_hour(m.MsgTimeStamp) then
                out[#out + 1] = { ChatType = "Group", MsgTimestamp = m.MsgTimeStamp, GroupId = gm[1],
                                  From_Account = m.From_Account, MsgSeq = m.MsgSeq, MsgRandom = m.Random,
                                  MsgBody = m.MsgBody, CloudCustomData = m.CloudCustomData }
            end
        end
    end
    table.sort(out, function(a, b)
        if a.MsgTimestamp ~= b.MsgTimestamp then return a.MsgTimestamp < b.MsgTimestamp end
        return (a.MsgSeq or 0) < (b.MsgSeq or 0)
    end)
    return out
end

-- the body of a record file: one JSON object per line
function _M.history_file(st, chat, hour)
    local lines = {}
    for _, r in ipairs(hour_records(st, chat, hour)) do lines[#lines + 1] = json.encode(r) end
    return concat(lines, "\n") .. (#lines > 0 and "\n" or ""), #lines
end

local function valid_hour(s)
    if type(s) ~= "string" or not s:match("^%d%d%d%d%d%d%d%d%d%d$") then return false end
    local mo, d, h = tonumber(s:sub(5, 6)), tonumber(s:sub(7, 8)), tonumber(s:sub(9, 10))
    return mo >= 1 and mo <= 12 and d >= 1 and d <= 31 and h <= 23
end

-- get_history { ChatType = "C2C" | "Group", MsgTime = "YYYYMMDDHH" } -> File
function _M.get_history(ctx, body)
    local st = ctx.st
    if not valid_hour(body.MsgTime) then return nil, 90001, "MsgTime must be YYYYMMDDHH (Beijing time)" end
    local content, n = _M.history_file(st, body.ChatType, body.MsgTime)
    local files = array()
    if n > 0 then
        local endpoint = ctx.emulator and ctx.emulator.endpoint or "http://127.0.0.1"
        files[1] = { URL = endpoint .. "/_emulator/history?ChatType=" .. body.ChatType .. "&MsgTime=" .. body.MsgTime,
                     ExpireTime = date("!%Y-%m-%d %H:%M:%S", st:now() + BEIJING + 86400),
                     FileSize = #content, FileMD5 = "", GzipSize = #content, GzipMD5 = "" }
    end
    return { File = files }
end

-- GetIPList {} -> IPList
function _M.GetIPList()
    return { IPList = array{ "127.0.0.1" } }
end

-- RawURL: its record requires a string; that it be an http(s) URL is the emulator's own check, and 90001 (the
-- family's invalid-parameter code) the emulator's own choice: 269/74775 and 74776 give no error codes
local function raw_url(body)
    if not body.RawURL:match("^https?://") then
        return nil, 90001, "RawURL must be the http(s) URL of a chat file"
    end
    return body.RawURL
end

-- forbid_illegal_object { RawURL }
function _M.forbid_illegal_object(ctx, body)
    local url, code, info = raw_url(body)
    if not url then return nil, code, info end
    S(ctx.st).banned[url] = ctx.st:now()
    return {}
end

-- allow_banned_object { RawURL }
function _M.allow_banned_object(ctx, body)
    local url, code, info = raw_url(body)
    if not url then return nil, code, info end
    S(ctx.st).banned[url] = nil
    return {}
end

-- get_cos_sig { RawURLs = { { ResourceID, RawURL } } } -> PreSigURLs = { { Code, Desc, ResourceID, PreSigURL } }
function _M.get_cos_sig(ctx, body)
    local list = body.RawURLs
    if #list == 0 then return nil, 90001, "RawURLs must not be empty" end
    local now = ctx.st:now()
    local out = array()
    for _, it in ipairs(list) do
        local sep = it.RawURL:find("?", 1, true) and "&" or "?"
        out[#out + 1] = { Code = 0, Desc = "", ResourceID = it.ResourceID,
                          PreSigURL = it.RawURL .. sep .. fmt("sign=emulator&expires=%d", floor(now + SIG_SECONDS)) }
    end
    return { PreSigURLs = out }
end

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ banned = T.array(T.string) },
    reset = reset,
    export = function(st)
        local urls = array()
        for url in pairs(S(st).banned) do urls[#urls + 1] = url end
        table.sort(urls)
        return { banned = urls }
    end,
    import = function(st, t)
        local s = fresh()
        for _, url in ipairs(type(t) == "table" and type(t.banned) == "table" and t.banned or {}) do
            if type(url) == "string" then s.banned[url] = 0 end
        end
        st.ops = s
    end,
}

_M.routes = {
    ["openconfigsvr/getappinfo"] = _M.getappinfo,
    ["open_msg_svc/get_history"] = _M.get_history,
    ["ConfigSvc/GetIPList"] = _M.GetIPList,
    ["im_cos_msg/forbid_illegal_object"] = _M.forbid_illegal_object,
    ["im_cos_msg/allow_banned_object"] = _M.allow_banned_object,
    ["im_cos_msg/get_cos_sig"] = _M.get_cos_sig,
}

-- The ops slice (st.ops) is this family's.
_M.SLICES = { "ops" }

return _M

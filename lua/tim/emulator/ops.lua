-- Operations: openconfigsvr/getappinfo (1047/34886), open_msg_svc/get_history (1047/34885),
-- ConfigSvc/GetIPList (269/45438), im_cos_msg/forbid_illegal_object, allow_banned_object (269/74775, 74776),
-- get_cos_sig (269/74777).
--
-- getappinfo answers from the emulator's own counters (since start or the last reset), one Result row for today,
-- every value a string as on the page. GetIPList answers loopback: the emulator's callbacks come from 127.0.0.1.
-- get_history: record files are per hour of Beijing time (MsgTime "YYYYMMDDHH"); the emulator serves an hour's
-- messages itself, as JSON lines at <endpoint>/_emulator/history?ChatType=..&MsgTime=.. (not gzip, no MD5:
-- FileMD5/GzipMD5 are empty); an hour with no messages has no file (File = []).
-- im_cos_msg: the emulator keeps the banned RawURLs; get_cos_sig signs nothing real, it answers the RawURL with a
-- sign and expiry parameter (15 minutes, as the page says) and Code 0.
local util = require "tim.emulator.util"
local T = require "tim.emulator.shape"
local json = require "tim.json"

local ipairs, pairs, type, tostring, floor = ipairs, pairs, type, tostring, math.floor
local date, fmt, concat = os.date, string.format, table.concat
local array = json.array

local _M = { _VERSION = require "tim.version" }

local BEIJING = 8 * 3600
local SIG_SECONDS = 15 * 60

local function fresh() return { banned = {} } end

local function S(st)
    local s = st.ops
    if not s then s = fresh(); st.ops = s end
    return s
end

local function c2c_messages(st)
    local list = {}
    for _, conv in pairs(st.c2c or {}) do
        for _, m in ipairs(conv) do list[#list + 1] = m end
    end
    return list
end

local function group_messages(st)
    local list = {}
    for gid, g in pairs(st.groups or {}) do
        for _, m in ipairs(g.msgs or {}) do list[#list + 1] = { gid, m } end
    end
    return list
end

local function counters(ctx)
    local st, emu = ctx.st, ctx.emulator
    local now = st:now()
    local today = date("!%Y%m%d", now + BEIJING)
    local c2c = c2c_messages(st)
    local groups = group_messages(st)
    local senders, c2c_senders, group_senders, active_groups = {}, {}, {}, {}
    for _, m in ipairs(c2c) do senders[m.From_Account] = true; c2c_senders[m.From_Account] = true end
    for _, gm in ipairs(groups) do
        senders[gm[2].From_Account] = true
        group_senders[gm[2].From_Account] = true
        active_groups[gm[1]] = true
    end
    local function n(t) local k = 0 for _ in pairs(t) do k = k + 1 end return k end
    local accounts, new_today, online = 0, 0, 0
    for id in st:each_account() do
        local a = st.accounts[id]
        accounts = accounts + 1
        if a.created and date("!%Y%m%d", a.created + BEIJING) == today then new_today = new_today + 1 end
        if a.status == "Online" then online = online + 1 end
    end
    local group_count = n(st.groups or {})
    local callbacks = st.stats and st.stats.callbacks or 0
    local answered = emu and emu.journal and emu.journal:answered_callbacks(st.stats) or 0
    local v = {
        AppId = tostring(emu and emu.sdkappid or 0), AppName = "tim emulator", Company = "", Date = today,
        ActiveUserNum = n(senders), RegistUserNumOneDay = new_today, RegistUserNumTotal = accounts,
        LoginTimes = online, LoginUserNum = online, MaxOnlineNum = online,
        UpMsgNum = #c2c + #groups, DownMsgNum = #c2c + #groups, SendMsgUserNum = n(senders),
        APNSMsgNum = 0, C2CAPNSMsgNum = 0, GroupAPNSMsgNum = 0,
        C2CUpMsgNum = #c2c, C2CDownMsgNum = #c2c, C2CSendMsgUserNum = n(c2c_senders),
        GroupUpMsgNum = #groups, GroupDownMsgNum = #groups, GroupSendMsgUserNum = n(group_senders),
        GroupSendMsgGroupNum = n(active_groups), GroupAllGroupNum = group_count, GroupNewGroupNum = group_count,
        GroupDestroyGroupNum = 0, GroupJoinGroupTimes = 0, GroupQuitGroupTimes = 0,
        CallBackReq = callbacks, CallBackRsp = answered,
        ChainIncrease = 0, ChainDecrease = 0,
    }
    for k, x in pairs(v) do v[k] = tostring(x) end
    return v
end

-- getappinfo { RequestField? = { names } } -> Result = { { name = "value", ... } }
function _M.getappinfo(ctx, body)
    local rf = body.RequestField
    if rf ~= nil and (type(rf) ~= "table" or (#rf > 0 and not util.string_list(rf))) then
        return nil, 90001, "RequestField must be an array of field names"
    end
    local all = counters(ctx)
    local row = all
    if rf and #rf > 0 then
        row = {}
        for _, name in ipairs(rf) do
            if all[name] == nil then return nil, 90001, "RequestField " .. name .. " is not an operations field" end
            row[name] = all[name]
        end
    end
    return { Result = array{ row } }
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
    if body.ChatType ~= "C2C" and body.ChatType ~= "Group" then
        return nil, 90001, "ChatType must be C2C or Group"
    end
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

local function raw_url(body)
    if type(body.RawURL) ~= "string" or not body.RawURL:match("^https?://") then
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
    if type(list) ~= "table" or #list == 0 then return nil, 90001, "RawURLs must be a non-empty array" end
    local s, now = S(ctx.st), ctx.st:now()
    local out = array()
    for i, it in ipairs(list) do
        if type(it) ~= "table" or not util.is_int(it.ResourceID) or type(it.RawURL) ~= "string" then
            return nil, 90001, "RawURLs[" .. i .. "] must be { ResourceID, RawURL }"
        end
        local sep = it.RawURL:find("?", 1, true) and "&" or "?"
        out[#out + 1] = { Code = 0, Desc = "", ResourceID = it.ResourceID, Banned = s.banned[it.RawURL] and 1 or 0,
                          PreSigURL = it.RawURL .. sep .. fmt("sign=emulator&expires=%d", floor(now + SIG_SECONDS)) }
    end
    return { PreSigURLs = out }
end

_M.state = {
    -- the types of export's table (tim.emulator.shape)
    shape = T.object{ banned = T.array(T.string) },
    reset = function(st) st.ops = fresh() end,
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

return _M

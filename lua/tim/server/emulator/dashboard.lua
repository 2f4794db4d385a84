-- tim.server.emulator.dashboard: the emulator seen in a browser, and the small JSON endpoint it polls.
--
--   GET  /_emulator/ui                          one self-contained page (tim.server.emulator.dashboard_page)
--   GET  /_emulator/journal?since=N             { seq, requests, callbacks (newer than N), state = view }
--   POST /_emulator/journal {"clear":true}      forget the logged requests and callbacks
--   GET  /_emulator/history?ChatType=&MsgTime=  the message-record file open_msg_svc/get_history points at
--
-- Like every /_emulator/ path, only for the developer's own tools: tim.emulator runs tim.server.emulator.guard first (a
-- loopback Host, the emulator's own Origin, the methods below, JSON for a POST). The view is built from the state
-- on each poll, capped so a large state stays a small answer; it never holds the key or a UserSig (the state has
-- neither, the journal keeps paths without their query).
local core = require "tim.core"
local json = require "tim.base.json"
local journal = require "tim.server.emulator.journal"
local guard = require "tim.server.emulator.guard"
local limits = require "tim.server.emulator.limits"
local profile = require "tim.server.emulator.family.profile"
local group = require "tim.server.emulator.family.group"
local c2c = require "tim.server.emulator.family.c2c"
local robot = require "tim.server.emulator.family.robot"
local official = require "tim.server.emulator.family.official"
local push = require "tim.server.emulator.family.push"

local type, ipairs, tonumber, tostring, pcall, require = type, ipairs, tonumber, tostring, pcall, require
local sort, concat, min = table.sort, table.concat, math.min
local gsub, match = string.gsub, string.match
local array = json.array

local _M = { _VERSION = require "tim.version" }

local MAX_ACCOUNTS, MAX_GROUPS, MAX_MEMBERS, MAX_CONVS, MAX_MSGS = 500, 200, 200, 200, 50

local TEXT = { ["Content-Type"] = "text/plain; charset=utf-8" }
local JSON = { ["Content-Type"] = "application/json; charset=utf-8", ["Cache-Control"] = "no-store" }

local function query(q)
    return (core.parse_query(q or ""))
end

-- one line of text for a MsgBody
local function summary(body)
    local parts = {}
    for _, e in ipairs(type(body) == "table" and body or {}) do
        local c = type(e) == "table" and e.MsgContent or {}
        local t = type(e) == "table" and e.MsgType or "?"
        if t == "TIMTextElem" then parts[#parts + 1] = tostring(c.Text or "")
        elseif t == "TIMCustomElem" then parts[#parts + 1] = "[custom] " .. tostring(c.Data or c.Desc or "")
        elseif t == "TIMStreamElem" then
            local s = {}
            for _, ch in ipairs(type(c.Chunks) == "table" and c.Chunks or {}) do
                s[#s + 1] = tostring(ch.Markdown or "")
            end
            parts[#parts + 1] = "[stream] " .. concat(s)
        elseif t == "TIMFaceElem" then parts[#parts + 1] = "[face " .. tostring(c.Index or "") .. "]"
        elseif t == "TIMLocationElem" then parts[#parts + 1] = "[location] " .. tostring(c.Desc or "")
        else parts[#parts + 1] = "[" .. tostring(t):gsub("^TIM", ""):gsub("Elem$", "") .. "]" end
    end
    return concat(parts, " ")
end
_M.summary = summary

local function nick(st, id)
    local p = profile.get(st, id)
    return p and p.Tag_Profile_IM_Nick or nil
end

-- view(st) -> accounts, groups with members and messages, conversations with messages, family counts
function _M.view(st)
    local accounts, n_accounts = array(), 0
    if st.each_account then
        for id, a in st:each_account() do
            n_accounts = n_accounts + 1
            if #accounts < MAX_ACCOUNTS then
                accounts[#accounts + 1] = { UserID = id, Nick = nick(st, id), Status = a.status or "Offline",
                                            Created = a.created }
            end
        end
    end
    local glist = {}
    for _, g in group.each(st) do glist[#glist + 1] = g end
    sort(glist, function(a, b) return (a.serial or 0) < (b.serial or 0) end)
    local groups = array()
    for i = 1, min(#glist, MAX_GROUPS) do
        local g = glist[i]
        local members = array()
        for j, id in ipairs(g.order or {}) do
            if j > MAX_MEMBERS then break end
            local m = g.members and g.members[id] or {}
            members[#members + 1] = { UserID = id, Role = m.Role, NameCard = m.NameCard ~= "" and m.NameCard or nil }
        end
        local msgs = array()
        local list = g.msgs or {}
        for j = math.max(1, #list - MAX_MSGS + 1), #list do
            local m = list[j]
            msgs[#msgs + 1] = { MsgSeq = m.MsgSeq, From = m.From_Account, Time = m.MsgTimeStamp,
                                Text = summary(m.MsgBody), Recalled = m.recalled and true or nil }
        end
        groups[#groups + 1] = { GroupId = g.GroupId, Type = g.Type, Name = g.Name, Owner = g.Owner_Account,
                                MemberCount = g.order and #g.order or 0, Members = members,
                                MessageCount = #list, Messages = msgs }
    end
    local convs = {}
    for key, conv in c2c.each_conversation(st) do
        local a, b = match(key, "^(.-)%z(.*)$")
        if a and #conv > 0 then convs[#convs + 1] = { a = a, b = b, conv = conv } end
    end
    sort(convs, function(x, y)
        local mx, my = x.conv[#x.conv], y.conv[#y.conv]
        if mx.MsgTimeStamp ~= my.MsgTimeStamp then return mx.MsgTimeStamp > my.MsgTimeStamp end
        return (mx.order or 0) > (my.order or 0)
    end)
    local conversations = array()
    for i = 1, min(#convs, MAX_CONVS) do
        local c = convs[i]
        local msgs = array()
        for j = math.max(1, #c.conv - MAX_MSGS + 1), #c.conv do
            local m = c.conv[j]
            msgs[#msgs + 1] = { MsgKey = m.MsgKey, From = m.From_Account, To = m.To_Account, Time = m.MsgTimeStamp,
                                Text = summary(m.MsgBody), Recalled = m.MsgFlagBits == 1 or nil }
        end
        conversations[#conversations + 1] = { A = c.a, B = c.b, MessageCount = #c.conv, Messages = msgs }
    end
    local families = {}
    families.robots, families.official_accounts, families.push_tasks = robot.count(st), official.count(st),
        push.task_count(st)
    return { accounts = accounts, account_count = n_accounts, groups = groups, group_count = #glist,
             conversations = conversations, conversation_count = #convs, families = families,
             stats = { calls = st.stats and st.stats.calls or 0, messages = st.stats and st.stats.messages or 0,
                       callbacks = st.stats and st.stats.callbacks or 0 },
             now = st:now() }
end

local function page(emu)
    local html = require "tim.server.emulator.dashboard_page"
    return 200, { ["Content-Type"] = "text/html; charset=utf-8", ["Cache-Control"] = "no-store",
                  ["X-Content-Type-Options"] = "nosniff",
                  ["Content-Security-Policy"] = "default-src 'none'; script-src 'unsafe-inline'; "
                      .. "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:" },
           (gsub(html, "{{SDKAPPID}}", tostring(emu.sdkappid)))
end

local function poll(emu, req)
    if not emu.journal then emu.journal = journal.new() end
    if req.method == "POST" then
        local body = req.body and req.body ~= "" and json.decode(req.body) or {}
        if type(body) ~= "table" then return 400, TEXT, "tim emulator: bad JSON" end
        if body.clear then emu.journal:clear() end
        return 200, JSON, json.encode({ ok = true, seq = emu.journal.seq })
    end
    local q = query(req.query)
    local since = tonumber(q.since) or 0
    if q.client == "ui" then emu.ui_polls = (emu.ui_polls or 0) + 1 end
    local out = emu.journal:since(since)
    out.ui_polls = emu.ui_polls or 0
    if q.state ~= "0" then
        local ok, v = pcall(_M.view, emu.st)
        out.state = ok and v or { error = tostring(v) }
    end
    out.rate_limits = limits.mode(emu)
    local text, err = json.encode(out)
    if not text then return 500, TEXT, "tim emulator: cannot encode the journal: " .. tostring(err) end
    return 200, JSON, text
end

local function history(emu, req)
    local q = query(req.query)
    if q.ChatType ~= "C2C" and q.ChatType ~= "Group" then return 400, TEXT, "ChatType must be C2C or Group" end
    if not match(q.MsgTime or "", "^%d%d%d%d%d%d%d%d%d%d$") then return 400, TEXT, "MsgTime must be YYYYMMDDHH" end
    local body = require("tim.server.emulator.family.ops").history_file(emu.st, q.ChatType, q.MsgTime)
    return 200, { ["Content-Type"] = "application/x-ndjson; charset=utf-8" }, body
end

-- path -> fn(emulator, req) -> status, headers, body; called once tim.server.emulator.guard let the request through
_M.paths = { ["/_emulator/ui"] = page, ["/_emulator/journal"] = poll, ["/_emulator/history"] = history }
-- the methods each path takes (GET reads, POST changes: clearing the journal)
_M.methods = { ["/_emulator/ui"] = guard.methods("GET"), ["/_emulator/journal"] = guard.methods("GET POST"),
               ["/_emulator/history"] = guard.methods("GET") }

return _M

-- Streaming messages: stream_msg/send_c2c_stream_msg, stream_msg/send_group_stream_msg (a TIMStreamElem whose
-- Chunks arrive over several calls; the first answers a StreamMsgID that every later call carries) and
-- openim_robot_http_svc/send_stream_msg (a robot's streamed text: the first call answers a MsgKey, later calls
-- carry it, Finish = 1 ends it; trtc.io/document/71131, 269/104537). Pages: 269/128596 (C2C), 269/128597 (group).
--
-- The message is stored at the first call, like any C2C or group message (history, conversations, the
-- dashboard), and grows with each chunk. Rules per stream from the catalogue (tim.api, class "stream"): at most
-- 15 s between chunks, under 128 KB in total, nothing after the last chunk; the 5 chunks/s budget is applied
-- with --rate-limits documented (tim.server.emulator.limits). Chunk Index starts at 1 and increases strictly. The pages
-- list no codes and no answer fields: bad requests answer the C2C/group family codes (90001, 90002, 10004), an
-- unknown or closed stream 20001 (C2C) or 10004 (group); the answer carries StreamMsgID (as SDKs read it).
--
-- The records of the two stream_msg endpoints have no field tree yet (only their pages' openings were read), so
-- their handlers check every field they use. send_stream_msg's record has one (1047/71131): its fields and types
-- are checked before the handler runs (10004, the record's code); the handler keeps the robot, the accounts, the
-- stream's state and Finish's two values.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local messages = require "tim.server.emulator.messages"
local json = require "tim.base.json"
local c2c = require "tim.server.emulator.family.c2c"
local group = require "tim.server.emulator.family.group"

local ipairs, pairs, type, tostring, tonumber, random = ipairs, pairs, type, tostring, tonumber, math.random
local concat, fmt = table.concat, string.format
local array = json.array

local _M = { _VERSION = require "tim.version" }

local GAP_SECONDS, MAX_BYTES = 15, 128 * 1024

local function fresh() return { streams = {}, serial = 0 } end

local S, reset = util.state_of("stream", fresh)

-- the TIMStreamElem of a request -> content | nil, why
local function stream_elem(body)
    local mb = body.MsgBody
    if type(mb) ~= "table" or #mb ~= 1 or type(mb[1]) ~= "table" or mb[1].MsgType ~= "TIMStreamElem"
        or type(mb[1].MsgContent) ~= "table" then
        return nil, "MsgBody must hold exactly one TIMStreamElem"
    end
    local c = mb[1].MsgContent
    if type(c.Chunks) ~= "table" then return nil, "MsgContent.Chunks must be an array" end
    for i, ch in ipairs(c.Chunks) do
        -- 269/128596: Index starts at 1 and increases strictly
        if type(ch) ~= "table" or not util.is_int(ch.Index, 1) then
            return nil, "Chunks[" .. i .. "].Index must be a positive integer"
        end
        if ch.Markdown ~= nil and type(ch.Markdown) ~= "string" then
            return nil, "Chunks[" .. i .. "].Markdown must be a string"
        end
    end
    if c.CompatibleText ~= nil and type(c.CompatibleText) ~= "string" then
        return nil, "MsgContent.CompatibleText must be a string"
    end
    if c.StreamMsgID ~= nil and (type(c.StreamMsgID) ~= "string") then
        return nil, "MsgContent.StreamMsgID must be a string"
    end
    return c
end

local function bytes_of(chunks)
    local n = 0
    for _, ch in ipairs(chunks) do n = n + #(ch.Markdown or "") end
    return n
end

-- apply a continuation to stream x (content c) at time now -> true | nil, why
local function extend(x, c, now)
    if x.finished then return nil, "stream " .. x.id .. " is finished" end
    if now - x.last > GAP_SECONDS then
        x.finished = true
        return nil, "stream " .. x.id .. " expired: more than " .. GAP_SECONDS .. " s since its last chunk"
    end
    for _, ch in ipairs(c.Chunks) do
        if ch.Index <= x.last_index then
            return nil, "chunk Index " .. ch.Index .. " is not after " .. x.last_index
        end
    end
    if x.bytes + bytes_of(c.Chunks) >= MAX_BYTES then
        return nil, "stream " .. x.id .. " would reach 128 KB"
    end
    return true
end

-- record the chunks of c into stream x and its stored message
local function append(x, c, now)
    local content = x.msg.MsgBody[1].MsgContent
    for _, ch in ipairs(c.Chunks) do
        content.Chunks[#content.Chunks + 1] = { EventType = ch.EventType or "data", Index = ch.Index,
                                                Markdown = ch.Markdown or "", IsLast = ch.IsLast == true }
        x.last_index = ch.Index
        x.bytes = x.bytes + #(ch.Markdown or "")
        if ch.IsLast == true then x.finished = true end
    end
    if c.CompatibleText then content.CompatibleText = c.CompatibleText end
    content.IsFinished = x.finished and 1 or 0
    x.last = now
end

local function new_stream(st, kind, msg, now)
    local s = S(st)
    s.serial = s.serial + 1
    local id = fmt("%s_%d_%d_%08x", kind, now, s.serial, random(0, 0x7fffffff))
    local x = { id = id, kind = kind, msg = msg, last = now, last_index = 0, bytes = 0, finished = false }
    s.streams[id] = x
    return x
end

local function stream_body(c, id)
    return { { MsgType = "TIMStreamElem", MsgContent = { Chunks = array(), CompatibleText = c.CompatibleText or "",
                                                         StreamMsgID = id, IsFinished = 0 } } }
end

-- send_chunks(st, kind, c, stream_code, size_code, stranger, start) -> the stream a stream_msg send's chunks (c)
-- went to | nil, code, info. c.StreamMsgID names the stream it continues: stranger(x) -> why x (nil when there is
-- no such stream) is not this sender's, or nil; stream_code answers that and what extend refuses. Without it the
-- send starts a stream of kind (size_code when its first chunks reach 128 KB) and start(x) stores its message as
-- x.msg.
local function send_chunks(st, kind, c, stream_code, size_code, stranger, start)
    local now = st:now()
    local x
    if c.StreamMsgID and c.StreamMsgID ~= "" then
        x = S(st).streams[c.StreamMsgID]
        local why = stranger(x)
        if why then return nil, stream_code, why end
        local ok, err = extend(x, c, now)
        if not ok then return nil, stream_code, err end
    else
        if bytes_of(c.Chunks) >= MAX_BYTES then return nil, size_code, "a stream is under 128 KB" end
        x = new_stream(st, kind, nil, now)
        start(x)
    end
    append(x, c, now)
    return x
end

-- send_c2c_stream_msg { From_Account?, To_Account, MsgSeq?, MsgRandom, SyncOtherMachine?, MsgBody = { TIMStreamElem },
--                       CloudCustomData? } (269/128596) -> StreamMsgID, MsgKey, MsgTime
function _M.send_c2c_stream_msg(ctx, body)
    local st = ctx.st
    local from = body.From_Account or ctx.admin
    if not util.is_id(from) then return nil, 90001, "From_Account must be a UserID" end
    if not util.is_id(body.To_Account) then return nil, 90001, "To_Account must be a UserID" end
    if body.MsgRandom ~= nil and not util.is_uint32(body.MsgRandom) then
        return nil, 90001, "MsgRandom must be an integer in 0..4294967295"
    end
    local sane, code, info = util.check_seq_sync(body)
    if not sane then return nil, code, info end
    if body.CloudCustomData ~= nil and type(body.CloudCustomData) ~= "string" then
        return nil, 90001, "CloudCustomData must be a string"
    end
    local c, why = stream_elem(body)
    if not c then return nil, 90002, why end
    if not st:account(from) then return nil, 20003, "sender " .. from .. " not imported" end
    if not st:account(body.To_Account) then return nil, 20003, "receiver " .. body.To_Account .. " not imported" end
    local x
    x, code, info = send_chunks(st, "c2c", c, 20001, 90002, function(old)
        if not old or old.kind ~= "c2c" or old.msg.To_Account ~= body.To_Account or old.msg.From_Account ~= from then
            return "no C2C stream " .. c.StreamMsgID .. " from " .. from .. " to " .. body.To_Account
        end
    end, function(new)
        new.msg = messages.c2c_message(st, from, body.To_Account, { MsgRandom = body.MsgRandom, MsgSeq = body.MsgSeq,
                                       MsgBody = stream_body(c, new.id), SyncOtherMachine = body.SyncOtherMachine,
                                       CloudCustomData = body.CloudCustomData })
    end)
    if not x then return nil, code, info end
    return { StreamMsgID = x.id, MsgKey = x.msg.MsgKey, MsgTime = x.msg.MsgTimeStamp }
end

-- send_group_stream_msg { GroupId, From_Account?, MsgRandom, MsgBody = { TIMStreamElem }, CloudCustomData? }
--   (269/128597; Random is taken too, the group sends' name) -> StreamMsgID, MsgSeq, MsgTime
function _M.send_group_stream_msg(ctx, body)
    local st = ctx.st
    local g = type(body.GroupId) == "string" and group.get(st, body.GroupId)
    if not g then return nil, 10010, "group " .. tostring(body.GroupId) .. " does not exist" end
    local from = body.From_Account or ctx.admin
    if not util.is_id(from) then return nil, 10004, "From_Account must be a UserID" end
    local r = body.MsgRandom
    if r == nil then r = body.Random end
    if r ~= nil and not util.is_uint32(r) then
        return nil, 10004, "MsgRandom must be an integer in 0..4294967295"
    end
    if body.CloudCustomData ~= nil and type(body.CloudCustomData) ~= "string" then
        return nil, 10004, "CloudCustomData must be a string"
    end
    local c, why = stream_elem(body)
    if not c then return nil, 10004, why end
    if not st:account(from) then return nil, 10019, "From_Account " .. from .. " not imported" end
    if from ~= ctx.admin and not (g.members and g.members[from]) then
        return nil, 10007, from .. " is not a member of " .. g.GroupId
    end
    local x, code, info = send_chunks(st, "group", c, 10004, 10004, function(old)
        if not old or old.kind ~= "group" or old.group ~= g.GroupId then
            return "no group stream " .. c.StreamMsgID .. " in " .. g.GroupId
        end
    end, function(new)
        new.group = g.GroupId
        new.msg = messages.group_message(st, g, { From_Account = from, Random = r, MsgBody = stream_body(c, new.id),
                                                   CloudCustomData = body.CloudCustomData })
    end)
    if not x then return nil, code, info end
    return { StreamMsgID = x.id, MsgSeq = x.msg.MsgSeq, MsgTime = x.msg.MsgTimeStamp }
end

-- openim_robot_http_svc/send_stream_msg { From_Account = robot, To_Account, Chunk, MsgKey?, Finish? } -> MsgKey
-- The stored message is a TIMTextElem holding the text so far.
function _M.send_stream_msg(ctx, body)
    local st = ctx.st
    local robot = require "tim.server.emulator.family.robot"
    local from, to = body.From_Account, body.To_Account
    if not robot.is_robot_id(from) then return nil, 10004, "From_Account must be a robot (@RBT#...)" end
    if not robot.exists(st, from) then return nil, 10004, "no robot " .. from end
    if not st:account(to) then return nil, 10004, "To_Account " .. to .. " not imported" end
    if body.Finish ~= nil and body.Finish ~= 0 and body.Finish ~= 1 then
        return nil, 10004, "Finish must be 0 or 1"
    end
    local now = st:now()
    local s = S(st)
    local x
    if body.MsgKey ~= nil and body.MsgKey ~= "" then
        x = s.streams["robot:" .. body.MsgKey]
        if not x or x.msg.From_Account ~= from or x.msg.To_Account ~= to then
            return nil, 10004, "no robot stream " .. body.MsgKey .. " from " .. from .. " to " .. to
        end
        if x.finished then return nil, 10004, "stream " .. body.MsgKey .. " is finished" end
        if now - x.last > GAP_SECONDS then
            x.finished = true
            return nil, 10004, "stream " .. body.MsgKey .. " expired: more than " .. GAP_SECONDS .. " s since "
                .. "its last chunk"
        end
        if x.bytes + #body.Chunk >= MAX_BYTES then return nil, 10004, "the stream would reach 128 KB" end
    else
        local m = messages.c2c_message(st, from, to, {
            MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "" } } } })
        x = { id = m.MsgKey, kind = "robot", msg = m, last = now, bytes = 0, finished = false, parts = {} }
        s.streams["robot:" .. m.MsgKey] = x
    end
    x.parts[#x.parts + 1] = body.Chunk
    x.bytes = x.bytes + #body.Chunk
    x.last = now
    x.msg.MsgBody[1].MsgContent.Text = concat(x.parts)
    if body.Finish == 1 then x.finished = true end
    return { MsgKey = x.msg.MsgKey }
end

-- Snapshot protocol: the messages live in the C2C and group state (imported before this family, FAMILIES order);
-- here is each open stream's bookkeeping, pointing at its message by MsgKey (C2C, robot) or GroupId + MsgSeq.
_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{
        serial = T.integer,
        streams = T.array(T.object{
            Key = T.required(T.string), Kind = T.required(T.string), Id = T.string, Finished = T.boolean,
            Last = T.number, LastIndex = T.integer, Bytes = T.integer, Parts = T.array(T.string), MsgKey = T.string,
            GroupId = T.string, MsgSeq = T.integer,
        }),
    },
    reset = reset,
    export = function(st)
        local s, rows = S(st), array()
        for key, x in pairs(s.streams) do
            rows[#rows + 1] = { Key = key, Id = x.id, Kind = x.kind, Finished = x.finished, Last = x.last,
                                LastIndex = x.last_index, Bytes = x.bytes, Parts = x.parts and array(x.parts),
                                MsgKey = x.kind ~= "group" and x.msg.MsgKey or nil, GroupId = x.group,
                                MsgSeq = x.group and x.msg.MsgSeq or nil }
        end
        table.sort(rows, function(a, b) return a.Key < b.Key end)
        return { serial = s.serial, streams = rows }
    end,
    import = function(st, t)
        local s = fresh()
        st.stream = s
        if type(t.serial) == "number" then s.serial = t.serial end
        for i, r in ipairs(type(t.streams) == "table" and t.streams or {}) do
            if type(r) ~= "table" or type(r.Key) ~= "string" or type(r.Kind) ~= "string" then
                error("streams[" .. i .. "] needs Key and Kind", 0)
            end
            local msg
            if r.Kind == "group" then
                local g = group.get(st, r.GroupId)
                msg = g and g._by_seq and g._by_seq[r.MsgSeq]
            else
                msg = c2c.message_by_key(st, r.MsgKey)
            end
            -- a stream whose message is not in the snapshot (an AVChatRoom's, or a hand-edited file) is dropped
            if msg then
                s.streams[r.Key] = { id = r.Id or r.Key, kind = r.Kind, msg = msg, group = r.GroupId,
                                     finished = r.Finished == true, last = tonumber(r.Last) or 0,
                                     last_index = tonumber(r.LastIndex) or (r.Kind ~= "robot" and 0 or nil),
                                     bytes = tonumber(r.Bytes) or 0,
                                     parts = type(r.Parts) == "table" and r.Parts or nil }
            end
        end
    end,
}

_M.routes = {
    ["stream_msg/send_c2c_stream_msg"] = _M.send_c2c_stream_msg,
    ["stream_msg/send_group_stream_msg"] = _M.send_group_stream_msg,
    ["openim_robot_http_svc/send_stream_msg"] = _M.send_stream_msg,
}

-- The stream slice (st.stream) is this family's.
_M.SLICES = { "stream" }

return _M

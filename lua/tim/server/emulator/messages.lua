-- Storing messages that other families originate (streams, pushes) in the C2C and group state, exactly as
-- the c2c and group families store their own sends: conversations stay sorted by (time, order),
-- the MsgKey index, unread counts and the recent-contact lists are kept, and the snapshot of those families
-- carries the messages (their export reads the same tables). The C2C slices are written through the c2c
-- family's functions (store, add_unread); a group message goes into the group g the caller got from the group
-- family, as the group sub-families do.
local c2c = require "tim.server.emulator.family.c2c"
local recent = require "tim.server.emulator.family.recentcontact"

local random = math.random

local _M = { _VERSION = require "tim.version" }

-- c2c_message(st, from, to, fields) -> the stored message. fields: MsgRandom?, MsgBody, SyncOtherMachine?,
-- CloudCustomData?, unread (default true), recent (default true)
function _M.c2c_message(st, from, to, f)
    local now = st:now()
    local m = { From_Account = from, To_Account = to, MsgSeq = f.MsgSeq or random(1, 2147483647),
                MsgRandom = f.MsgRandom or random(0, 2147483647), MsgTimeStamp = now, MsgBody = f.MsgBody,
                CloudCustomData = f.CloudCustomData, MsgFlagBits = 0, IsPeerRead = 0,
                SyncOtherMachine = f.SyncOtherMachine or 1, order = st:next_seq() }
    m.MsgKey = st:msg_key(m.order, m.MsgRandom, now)
    c2c.store(st, m, true)       -- its MsgKey was made from its order
    if f.unread ~= false then c2c.add_unread(st, to, from, 1) end
    if f.recent ~= false then
        recent.touch(st, to, 1, from, now)
        if m.SyncOtherMachine == 1 then recent.touch(st, from, 1, to, now) end
    end
    return m
end

-- group_message(st, g, fields) -> the stored message (AVChatRoom groups keep none: it is returned, not stored).
-- Stored as tim.server.emulator.family.group_msg stores a send: msgs in MsgSeq order, the _by_seq index, LastMsgTime.
function _M.group_message(st, g, f)
    local now = st:now()
    local r = f.Random or random(0, 2147483647)
    local m = { From_Account = f.From_Account, Random = r, MsgRandom = r, MsgBody = f.MsgBody,
                CloudCustomData = f.CloudCustomData, MsgPriority = "Normal", MsgTimeStamp = now,
                MsgSeq = g.next_seq }
    g.next_seq = g.next_seq + 1
    g.LastMsgTime = now
    if g.members and g.members[f.From_Account] then g.members[f.From_Account].LastSendMsgTime = now end
    if g.Type ~= "AVChatRoom" then
        g.msgs[#g.msgs + 1] = m
        if g._by_seq then g._by_seq[m.MsgSeq] = m end
        g.LastMsgTime = now
        st.stats.messages = st.stats.messages + 1
    end
    return m
end

return _M

-- The emulator's in-memory state: accounts, profiles, C2C messages, groups, friends, blacklists, recent contacts,
-- global mute. Plain tables; the handlers (one file per service family) read and change them.
local pairs, type, tostring, setmetatable = pairs, type, tostring, setmetatable
local fmt, time = string.format, os.time

local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

-- new{ admin = "administrator", clock = function() return seconds end } -> state
function _M.new(opts)
    opts = opts or {}
    local st = setmetatable({ admin = opts.admin or "administrator", clock_offset = 0,
                              clock = opts.clock or time }, mt)
    st:reset()
    return st
end

function _M.reset(st)
    st.accounts, st.account_order = {}, {}
    st.profiles = {}
    st.c2c, st.c2c_by_key, st.dedup, st.unread, st.read_time = {}, {}, {}, {}, {}
    st.groups, st.group_serial, st.group_auto, st.joined = {}, 0, 0, {}
    st.friends, st.black = {}, {}
    st.recent = {}
    st.nospeaking = {}
    st.seq = 0
    st.stats = { calls = 0, messages = 0 }
    -- the app admin exists from the start, as it does in the console
    st:import_account(st.admin, {})
end

-- seconds since the epoch, shifted by POST /_emulator/clock (tests of the 120 s dedup window, expired sigs)
function _M.now(st)
    return st.clock() + st.clock_offset
end

function _M.next_seq(st)
    st.seq = st.seq + 1
    return st.seq
end

function _M.account(st, id)
    if type(id) ~= "string" then return nil end
    return st.accounts[id]
end

function _M.import_account(st, id, fields)
    local a = st.accounts[id]
    if not a then
        a = { UserID = id, created = st:now(), status = "Offline" }
        st.accounts[id] = a
        st.account_order[#st.account_order + 1] = id
        st.profiles[id] = {}
    end
    if fields.Nick ~= nil then st.profiles[id].Tag_Profile_IM_Nick = fields.Nick end
    if fields.FaceUrl ~= nil then st.profiles[id].Tag_Profile_IM_Image = fields.FaceUrl end
    return a
end

function _M.delete_account(st, id)
    if not st.accounts[id] then return false end
    st.accounts[id] = nil
    for i, v in pairs(st.account_order) do
        if v == id then table.remove(st.account_order, i); break end
    end
    st.profiles[id], st.friends[id], st.black[id], st.recent[id], st.unread[id] = nil, nil, nil, nil, nil
    return true
end

-- the C2C conversation between a and b (one list, whoever sent)
function _M.conv_key(_, a, b)
    if a < b then return a .. "\0" .. b end
    return b .. "\0" .. a
end

function _M.conversation(st, a, b)
    local k = st:conv_key(a, b)
    local c = st.c2c[k]
    if not c then c = {}; st.c2c[k] = c end
    return c
end

function _M.msg_key(_, seq, random, t)
    return fmt("%d_%d_%d", seq, random, t)
end

-- recent contacts: owner's session with a user (kind 1) or a group (kind 2)
function _M.touch_recent(st, owner, kind, peer, t)
    local r = st.recent[owner]
    if not r then r = {}; st.recent[owner] = r end
    local key = tostring(kind) .. ":" .. peer
    local s = r[key]
    if not s then
        s = { Type = kind, TopFlag = 0 }
        if kind == 1 then s.To_Account = peer else s.GroupId = peer end
        r[key] = s
    end
    s.MsgTime = t
    st.recent_serial = (st.recent_serial or 0) + 1
    s.serial = st.recent_serial
end

function _M.is_blacklisted(st, owner, other)
    local b = st.black[owner]
    return b ~= nil and b[other] ~= nil
end

function _M.member(_, g, id)
    return g.members[id]
end

return _M

-- The emulator's in-memory state: the core (clock, sequence counter, accounts and their profiles, counters) kept
-- here, and one slice per family, each kept by its own module. A family owns the slices it lists in _M.SLICES
-- (the tables its reset creates): only it reads or writes them, the others go through its functions
-- (spec/09b-emulator_slices_spec.lua checks this). The profiles are the profile family's slice; the core keeps
-- them in step with the accounts through that family's functions.
--
-- Family state registry. A family module listed in init.lua's FAMILIES may export
--
--     _M.state = {
--         reset  = function(st) end,           -- create the family's tables in st, empty (st.<name> = {} ...)
--         export = function(st) return t end,  -- a plain table for JSON: string keys or sequences, no functions,
--                                              -- no shared references, no indexes that import can rebuild
--         import = function(st, t) end,        -- rebuild the family's tables from export's table, after reset;
--                                              -- error("why") refuses the snapshot (nothing is loaded then)
--         forget = function(st, id) end,       -- optional: account `id` was deleted; drop what it owned
--         shape = T.object{ … },               -- the types of export's table (emulator.shape): every field a
--                                              -- handler reads, so that no loaded value can break one
--     }
--
-- st:reset() resets the core, then calls every registered reset in FAMILIES order. st:snapshot() builds
--
--     { format = "tim-emulator-state", version = 1, exported_at = <unix s>,
--       core = { clock_offset, seq, accounts = { { UserID, created, status, platform?, profile = {…} }, … } },
--       families = { <name> = export(st), … } }
--
-- and state.load(opts, snapshot) builds a NEW state from one (a family missing from it starts empty; an unknown
-- format, version or family, a value of the wrong type anywhere (checked against the shapes before any import,
-- refused with its path), or an import that raises, refuses the whole snapshot), which st:replace(new) then swaps
-- in: a snapshot is loaded whole or not at all.
--
-- Cost: every write here is O(1) in what is stored (account deletion leaves a hole in the order list that is
-- compacted when holes outnumber accounts), so a long run does not slow down.
local T = require "tim.server.emulator.shape"
local profile = require "tim.server.emulator.family.profile"

local pairs, ipairs, type, tostring, setmetatable, pcall, error = pairs, ipairs, type, tostring, setmetatable,
    pcall, error
local fmt, time, match = string.format, os.time, string.match

local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

_M.FORMAT = "tim-emulator-state"
_M.VERSION = 1

-- new{ admin = "administrator", clock = function() return seconds end, families = { { name, hooks }, … } }
--   -> state
function _M.new(opts)
    opts = opts or {}
    local st = setmetatable({ admin = opts.admin or "administrator", clock_offset = 0,
                              clock = opts.clock or time, families = opts.families or {} }, mt)
    st:reset()
    return st
end

local function reset_core(st)
    st.accounts, st.account_order, st.account_holes = {}, {}, 0
    st.account_count = 0
    profile.reset(st)
    st.seq = 0
    st.stats = { calls = 0, messages = 0 }
end

function _M.reset(st)
    reset_core(st)
    for _, f in ipairs(st.families) do
        if f.hooks.reset then f.hooks.reset(st) end
    end
    -- the app admin exists from the start, as it does in the console
    st:import_account(st.admin, {})
end

-- seconds since the epoch, shifted by POST /_emulator/clock (tests of the dedup windows, expired sigs)
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
        st.account_count = st.account_count + 1
        profile.create(st, id)
    end
    if fields.Nick ~= nil then profile.set(st, id, "Tag_Profile_IM_Nick", fields.Nick) end
    if fields.FaceUrl ~= nil then profile.set(st, id, "Tag_Profile_IM_Image", fields.FaceUrl) end
    return a
end

-- accounts in import order (holes of deleted accounts skipped)
function _M.each_account(st)
    local order, i = st.account_order, 0
    return function()
        while true do
            i = i + 1
            local id = order[i]
            if id == nil then return nil end
            if id and st.accounts[id] then return id, st.accounts[id] end
        end
    end
end

local function compact(st)
    local o, n = {}, 0
    for _, id in ipairs(st.account_order) do
        if id and st.accounts[id] then n = n + 1; o[n] = id end
    end
    st.account_order, st.account_holes = o, 0
end

function _M.delete_account(st, id)
    if not st.accounts[id] then return false end
    st.accounts[id] = nil
    profile.drop(st, id)
    st.account_count = st.account_count - 1
    -- the order entry stays as a hole (each_account skips it) until holes outnumber the live accounts
    st.account_holes = st.account_holes + 1
    if st.account_holes > st.account_count + 64 then compact(st) end
    for _, f in ipairs(st.families) do
        if f.hooks.forget then f.hooks.forget(st, id) end
    end
    return true
end

function _M.msg_key(_, seq, random, t)
    return fmt("%d_%d_%d", seq, random, t)
end

---------------------------------------------------------------------------------------------------------------
-- Snapshots

local function export_core(st)
    local accounts = {}
    for id, a in st:each_account() do
        accounts[#accounts + 1] = { UserID = id, created = a.created, status = a.status, platform = a.platform,
                                    profile = profile.get(st, id) }
    end
    return { clock_offset = st.clock_offset, seq = st.seq, accounts = accounts,
             stats = { calls = st.stats.calls, messages = st.stats.messages, callbacks = st.stats.callbacks } }
end

function _M.snapshot(st)
    local families = {}
    for _, f in ipairs(st.families) do
        if f.hooks.export then families[f.name] = f.hooks.export(st) end
    end
    return { format = _M.FORMAT, version = _M.VERSION, exported_at = st:now(), admin = st.admin,
             core = export_core(st), families = families }
end

local is_int = require("tim.base.checks").is_integer

-- a profile: the standard tags with their types (tim.server.emulator.family.profile), custom tags strings or numbers
local PROFILE_FIELDS = {}
for tag, t in pairs(profile.STANDARD) do PROFILE_FIELDS[tag] = T[t] end

-- The snapshot outside the families (they declare their own shapes)
_M.SHAPE = T.object{
    format = T.string, version = T.integer, exported_at = T.number, admin = T.string,
    core = T.object{
        clock_offset = T.integer, seq = T.integer,
        accounts = T.array(T.object{
            UserID = T.required(T.string), created = T.integer, status = T.string, platform = T.string,
            profile = T.object(PROFILE_FIELDS, T.either(T.string, T.number)),
        }),
        stats = T.object{ calls = T.integer, messages = T.integer, callbacks = T.integer },
    },
    families = T.map(T.object{}),
}

local function import_core(st, c)
    if type(c) ~= "table" then error("core must be an object") end
    if c.clock_offset ~= nil then
        if type(c.clock_offset) ~= "number" then error("core.clock_offset must be a number") end
        st.clock_offset = c.clock_offset
    end
    if c.seq ~= nil then
        if not is_int(c.seq) or c.seq < 0 then error("core.seq must be a non-negative integer") end
        st.seq = c.seq
    end
    local accounts = c.accounts
    if accounts == nil then accounts = {} end
    if type(accounts) ~= "table" then error("core.accounts must be an array") end
    for i, a in ipairs(accounts) do
        if type(a) ~= "table" or type(a.UserID) ~= "string" or a.UserID == "" or #a.UserID > 32 then
            error(fmt("core.accounts[%d].UserID must be a string of 1..32 bytes", i))
        end
        if a.profile ~= nil and type(a.profile) ~= "table" then
            error(fmt("core.accounts[%d].profile must be an object", i))
        end
        local acc = st:import_account(a.UserID, {})
        if is_int(a.created) then acc.created = a.created end
        if a.status == "Online" or a.status == "PushOnline" or a.status == "Offline" then acc.status = a.status end
        if type(a.platform) == "string" then acc.platform = a.platform end
        for tag, v in pairs(a.profile or {}) do
            if type(tag) ~= "string" then error(fmt("core.accounts[%d].profile keys must be tags", i)) end
            profile.set(st, a.UserID, tag, v)
        end
    end
    if type(c.stats) == "table" then
        if is_int(c.stats.calls) then st.stats.calls = c.stats.calls end
        if is_int(c.stats.messages) then st.stats.messages = c.stats.messages end
        if is_int(c.stats.callbacks) then st.stats.callbacks = c.stats.callbacks end
    end
end

-- load(opts, snapshot) -> a new state built from it | nil, err (opts as for new; the snapshot is not changed)
function _M.load(opts, snap)
    if type(snap) ~= "table" then return nil, "the snapshot is not a JSON object" end
    if snap.format ~= _M.FORMAT then
        return nil, fmt("not a tim emulator snapshot (format must be %q, got %s)", _M.FORMAT,
                        type(snap.format) == "string" and fmt("%q", snap.format) or tostring(snap.format))
    end
    if snap.version ~= _M.VERSION then
        return nil, fmt("snapshot version %s is not supported (this emulator reads version %d)",
                        tostring(snap.version), _M.VERSION)
    end
    local st = _M.new(opts)
    local known = {}
    for _, f in ipairs(st.families) do known[f.name] = f end
    -- the types first, every slice, before anything is imported: a value a handler would trip over later
    local bad = T.check(snap, _M.SHAPE, "")
    local families = snap.families or {}
    for _, f in ipairs(st.families) do
        if bad then break end
        if families[f.name] ~= nil and f.hooks.shape then
            bad = T.check(families[f.name], f.hooks.shape, ".families." .. f.name)
        end
    end
    if bad then return nil, "snapshot refused: " .. bad:gsub("^%.", "") end
    for name in pairs(families) do
        if type(name) ~= "string" or not known[name] then
            return nil, "snapshot holds an unknown family " .. tostring(name)
        end
    end
    local ok, err = pcall(import_core, st, snap.core or {})
    if not ok then return nil, "snapshot refused: " .. tostring(err):gsub("^[^:]*:%d+: ", "") end
    for _, f in ipairs(st.families) do
        local t = families[f.name]
        if t ~= nil and f.hooks.import then
            if type(t) ~= "table" then return nil, "families." .. f.name .. " must be an object" end
            ok, err = pcall(f.hooks.import, st, t)
            if not ok then
                return nil, "snapshot refused: families." .. f.name .. ": "
                            .. tostring(err):gsub("^[^:]*:%d+: ", "")
            end
        end
    end
    return st
end

-- replace(other): take over other's content, keeping this table (handlers and tools that hold st see the new state)
function _M.replace(st, other)
    for k in pairs(st) do st[k] = nil end
    for k, v in pairs(other) do st[k] = v end
    return st
end

-- Small helpers the families share for their import checks.
function _M.check(cond, what, ...)
    if not cond then error(fmt(what, ...), 0) end
end

function _M.is_name(s) return type(s) == "string" and match(s, "^.+$") ~= nil end

return _M

-- follow/*: follow lists, fans and mutual follows (tencentcloud.com/document/product/1047/70345..70350).
-- follow_add takes FollowItem (at most 20 To_Account), follow_delete and follow_get_info at most 20 To_Account,
-- follow_check at most 100; follow_get pages with StartCursor/NextCursor, WantNum at most 1000 (FollowType,
-- StartCursor and WantNum required). Per-account results carry ResultCode/ResultInfo; the request fails as a whole
-- only when it is malformed. The pages give no error table: the relationship chain's codes (30001 bad parameter,
-- 30003 account not imported) are used, as for sns/*. Callbacks: Follow.CallbackAfterFollowAdd /
-- CallbackAfterFollowDelete.
--
-- The request's fields, types, enums and list limits are checked before a handler runs, against the endpoint's
-- record (tim.base.catalogue.follow; 30001 for a malformed request). Left here: whether the accounts exist, empty
-- lists, WantNum below 1, and a StartCursor this API did not give.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local profile = require "tim.server.emulator.family.profile"

local ipairs, pairs, type, tostring, tonumber = ipairs, pairs, type, tostring, tonumber
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local FANS, MUTUAL = 1, 3

-- st.follow = { out = { [a] = { [b] = time } } (a follows b), inn = { [b] = { [a] = time } }, serial }
local function fresh() return { out = {}, inn = {}, serial = 0 } end

local function S(st)
    local s = st.follow
    if not s then s = fresh(); st.follow = s end
    return s
end

local function edges(s, tbl, id)
    local e = s[tbl][id]
    if not e then e = {}; s[tbl][id] = e end
    return e
end

local function count(t)
    local n = 0
    for _ in pairs(t or {}) do n = n + 1 end
    return n
end

local function check_from(st, body)
    local id = body.From_Account
    if not st:account(id) then return nil, 30003, "From_Account " .. id .. " not imported" end
    return id
end

-- a list the record requires (its type and length checked already): not empty
local function nonempty(t, field)
    if #t == 0 then return nil, 30001, field .. " is empty" end
    return t
end

-- follow_add { From_Account, FollowItem = { { To_Account } ≤20 } } -> ResultItem
function _M.follow_add(ctx, body)
    local st = ctx.st
    local from, code, info = check_from(st, body)
    if not from then return nil, code, info end
    local items, lcode, linfo = nonempty(body.FollowItem, "FollowItem")
    if not items then return nil, lcode, linfo end
    local s, now = S(st), st:now()
    local res, added = array(), array()
    for _, it in ipairs(items) do
        local to = it.To_Account
        local rc, ri = 0, ""
        if not st:account(to) then rc, ri = 30003, "To_Account " .. to .. " not imported"
        elseif to == from then rc, ri = 30001, "an account cannot follow itself"
        else
            local out = edges(s, "out", from)
            if not out[to] then
                out[to] = now
                edges(s, "inn", to)[from] = now
                added[#added + 1] = to
            end
        end
        res[#res + 1] = { To_Account = to, ResultCode = rc, ResultInfo = ri }
    end
    if #added > 0 then
        util.after(ctx, "Follow.CallbackAfterFollowAdd", { From_Account = from, To_Account = added })
    end
    return { ResultItem = res }
end

-- follow_delete { From_Account, To_Account = { ≤20 } } -> ResultItem
function _M.follow_delete(ctx, body)
    local st = ctx.st
    local from, code, info = check_from(st, body)
    if not from then return nil, code, info end
    local list, lcode, linfo = nonempty(body.To_Account, "To_Account")
    if not list then return nil, lcode, linfo end
    local s = S(st)
    local res, removed = array(), array()
    for _, to in ipairs(list) do
        local rc, ri = 0, ""
        if not st:account(to) then rc, ri = 30003, "To_Account " .. to .. " not imported"
        else
            local out = s.out[from]
            if out and out[to] then
                out[to] = nil
                if s.inn[to] then s.inn[to][from] = nil end
                removed[#removed + 1] = to
            end
        end
        res[#res + 1] = { To_Account = to, ResultCode = rc, ResultInfo = ri }
    end
    if #removed > 0 then
        util.after(ctx, "Follow.CallbackAfterFollowDelete", { From_Account = from, To_Account = removed })
    end
    return { ResultItem = res }
end

-- FollowType as the page numbers it: 0 none, 1 only To follows From, 2 only From follows To, 3 both
local function relation(s, a, b)
    local ab = s.out[a] and s.out[a][b]
    local ba = s.out[b] and s.out[b][a]
    if ab and ba then return 3 elseif ab then return 2 elseif ba then return 1 end
    return 0
end
_M.relation = relation

-- follow_check { From_Account, To_Account = { ≤100 } } -> ResultItem { To_Account, ResultCode, FollowType }
function _M.follow_check(ctx, body)
    local st = ctx.st
    local from, code, info = check_from(st, body)
    if not from then return nil, code, info end
    local list, lcode, linfo = nonempty(body.To_Account, "To_Account")
    if not list then return nil, lcode, linfo end
    local s = S(st)
    local res = array()
    for _, to in ipairs(list) do
        if not st:account(to) then
            res[#res + 1] = { To_Account = to, ResultCode = 30003, ResultInfo = "To_Account not imported",
                              FollowType = 0 }
        else
            res[#res + 1] = { To_Account = to, ResultCode = 0, ResultInfo = "", FollowType = relation(s, from, to) }
        end
    end
    return { ResultItem = res }
end

local function profile_items(st, id)
    local items = array()
    local p = profile.get(st, id) or {}
    local tags = {}
    for tag in pairs(p) do tags[#tags + 1] = tag end
    sort(tags)
    for _, tag in ipairs(tags) do items[#items + 1] = { Tag = tag, Value = p[tag] } end
    return items
end

-- follow_get { From_Account, FollowType = 1 fans | 2 following | 3 mutual, StartCursor = "" first, WantNum ≤1000 }
--   -> FollowItem { To_Account, FollowTime, ProfileItem, profile_sequence }, NextCursor ("" when done)
-- The cursor is the offset into the list ordered by follow time (newest first), as an opaque string.
function _M.follow_get(ctx, body)
    local st = ctx.st
    local from, code, info = check_from(st, body)
    if not from then return nil, code, info end
    local kind, want, cursor = body.FollowType, body.WantNum, body.StartCursor
    if want < 1 then return nil, 30001, "WantNum must be at least 1" end
    local start = 0
    if cursor ~= "" then
        start = tonumber((cursor:match("^c(%d+)$")))
        if not start then return nil, 30001, "StartCursor is not a cursor this API returned" end
    end
    local s = S(st)
    local all = {}
    local src = kind == FANS and s.inn[from] or s.out[from]
    for other, t in pairs(src or {}) do
        if kind ~= MUTUAL or (s.inn[from] and s.inn[from][other]) then all[#all + 1] = { other, t } end
    end
    sort(all, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] end return a[1] < b[1] end)
    local items = array()
    for i = start + 1, math.min(#all, start + want) do
        local other = all[i][1]
        items[#items + 1] = { To_Account = other, FollowTime = all[i][2], ProfileItem = profile_items(st, other),
                              profile_sequence = profile.sequence(st, other) }
    end
    local next_cursor = start + want < #all and ("c" .. tostring(start + want)) or ""
    return { FollowItem = items, NextCursor = next_cursor }
end

-- follow_get_info { From_Account, To_Account = { ≤20 } } -> FollowInfo { To_Account, FollowerCount,
--   FollowingCount, MutualFollowingCount, ResultCode, ResultInfo }
function _M.follow_get_info(ctx, body)
    local st = ctx.st
    local from, code, info = check_from(st, body)
    if not from then return nil, code, info end
    local list, lcode, linfo = nonempty(body.To_Account, "To_Account")
    if not list then return nil, lcode, linfo end
    local s = S(st)
    local res = array()
    for _, id in ipairs(list) do
        if not st:account(id) then
            res[#res + 1] = { To_Account = id, ResultCode = 30003, ResultInfo = "To_Account not imported",
                              FollowerCount = 0, FollowingCount = 0, MutualFollowingCount = 0 }
        else
            local mutual = 0
            for other in pairs(s.out[id] or {}) do
                if s.inn[id] and s.inn[id][other] then mutual = mutual + 1 end
            end
            res[#res + 1] = { To_Account = id, ResultCode = 0, ResultInfo = "", FollowerCount = count(s.inn[id]),
                              FollowingCount = count(s.out[id]), MutualFollowingCount = mutual }
        end
    end
    return { FollowInfo = res }
end

-- Snapshot protocol (tim.server.emulator.state): the follow edges as { { From, To, Time } } rows.
_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ edges = T.array(T.object{ From = T.string, To = T.string, Time = T.integer }) },
    reset = function(st) st.follow = fresh() end,
    export = function(st)
        local rows = array()
        for a, outs in pairs(S(st).out) do
            for b, t in pairs(outs) do rows[#rows + 1] = { From = a, To = b, Time = t } end
        end
        sort(rows, function(x, y) if x.From ~= y.From then return x.From < y.From end return x.To < y.To end)
        return { edges = rows }
    end,
    import = function(st, t)
        local s = fresh()
        for _, r in ipairs(type(t) == "table" and t.edges or {}) do
            if type(r) == "table" and util.is_id(r.From) and util.is_id(r.To) then
                local time = tonumber(r.Time) or 0
                edges(s, "out", r.From)[r.To] = time
                edges(s, "inn", r.To)[r.From] = time
            end
        end
        st.follow = s
    end,
}

_M.routes = {}
for _, name in ipairs{ "follow_add", "follow_delete", "follow_check", "follow_get", "follow_get_info" } do
    _M.routes["follow/" .. name] = _M[name]
end

-- The follow slice (st.follow) is this family's.
_M.SLICES = { "follow" }

return _M

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

local S, reset = util.state_of("follow", fresh)

local edges = util.entry

local function count(t)
    local n = 0
    for _ in pairs(t or {}) do n = n + 1 end
    return n
end

-- The lookups of util.given: from_account, the imported account From_Account names; to_list, that, and a
-- To_Account list the record requires (its type and length checked already) that is not empty
local function from_account(ctx, body)
    local id = body.From_Account
    if not ctx.st:account(id) then return nil, 30003, "From_Account " .. id .. " not imported" end
    return id
end
local to_list = util.with_nonempty(from_account, "To_Account", 30001)

-- follow_add and follow_delete: a ResultItem for each account of ids (30003 when it is not imported, else what
-- change(to) answers: ResultCode, ResultInfo, and true when the edge changed); command, the after-callback, hears of
-- the accounts whose edge changed
local function each_target(ctx, from, ids, change, command)
    local res, changed = array(), array()
    for _, to in ipairs(ids) do
        local rc, ri, done
        if ctx.st:account(to) then rc, ri, done = change(to)
        else rc, ri = 30003, "To_Account " .. to .. " not imported" end
        if done then changed[#changed + 1] = to end
        res[#res + 1] = { To_Account = to, ResultCode = rc, ResultInfo = ri }
    end
    if #changed > 0 then
        util.after(ctx, command, { From_Account = from, To_Account = changed })
    end
    return { ResultItem = res }
end

-- follow_add { From_Account, FollowItem = { { To_Account } ≤20 } } -> ResultItem
_M.follow_add = util.given(util.with_nonempty(from_account, "FollowItem", 30001), function(ctx, _, from, items)
    local st = ctx.st
    local s, now = S(st), st:now()
    local ids = {}
    for i, it in ipairs(items) do ids[i] = it.To_Account end
    return each_target(ctx, from, ids, function(to)
        if to == from then return 30001, "an account cannot follow itself" end
        local out = edges(s, "out", from)
        if out[to] then return 0, "" end
        out[to] = now
        edges(s, "inn", to)[from] = now
        return 0, "", true
    end, "Follow.CallbackAfterFollowAdd")
end)

-- follow_delete { From_Account, To_Account = { ≤20 } } -> ResultItem
_M.follow_delete = util.given(to_list, function(ctx, _, from, list)
    local s = S(ctx.st)
    return each_target(ctx, from, list, function(to)
        local out = s.out[from]
        if not (out and out[to]) then return 0, "" end
        out[to] = nil
        if s.inn[to] then s.inn[to][from] = nil end
        return 0, "", true
    end, "Follow.CallbackAfterFollowDelete")
end)

-- FollowType as the page numbers it: 0 none, 1 only To follows From, 2 only From follows To, 3 both
local function relation(s, a, b)
    local ab = s.out[a] and s.out[a][b]
    local ba = s.out[b] and s.out[b][a]
    if ab and ba then return 3 elseif ab then return 2 elseif ba then return 1 end
    return 0
end
_M.relation = relation

-- follow_check and follow_get_info: the answer's item for each account of list, imported(id) for one that is
-- imported, else not_imported(id) (its ResultCode 30003)
local function per_account(st, list, imported, not_imported)
    local res = array()
    for _, id in ipairs(list) do
        if st:account(id) then res[#res + 1] = imported(id) else res[#res + 1] = not_imported(id) end
    end
    return res
end

-- follow_check { From_Account, To_Account = { ≤100 } } -> ResultItem { To_Account, ResultCode, FollowType }
_M.follow_check = util.given(to_list, function(ctx, _, from, list)
    local s = S(ctx.st)
    return { ResultItem = per_account(ctx.st, list, function(to)
        return { To_Account = to, ResultCode = 0, ResultInfo = "", FollowType = relation(s, from, to) }
    end, function(to)
        return { To_Account = to, ResultCode = 30003, ResultInfo = "To_Account not imported", FollowType = 0 }
    end) }
end)

-- all the account's profile tags, by name
local function profile_items(st, id)
    local p = profile.get(st, id) or {}
    local tags = {}
    for tag in pairs(p) do tags[#tags + 1] = tag end
    sort(tags)
    return profile.items(p, tags)
end

-- follow_get { From_Account, FollowType = 1 fans | 2 following | 3 mutual, StartCursor = "" first, WantNum ≤1000 }
--   -> FollowItem { To_Account, FollowTime, ProfileItem, profile_sequence }, NextCursor ("" when done)
-- The cursor is the offset into the list ordered by follow time (newest first), as an opaque string.
_M.follow_get = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
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
end)

-- follow_get_info { From_Account, To_Account = { ≤20 } } -> FollowInfo { To_Account, FollowerCount,
--   FollowingCount, MutualFollowingCount, ResultCode, ResultInfo }
_M.follow_get_info = util.given(to_list, function(ctx, _, _, list)
    local s = S(ctx.st)
    return { FollowInfo = per_account(ctx.st, list, function(id)
        local mutual = 0
        for other in pairs(s.out[id] or {}) do
            if s.inn[id] and s.inn[id][other] then mutual = mutual + 1 end
        end
        return { To_Account = id, ResultCode = 0, ResultInfo = "", FollowerCount = count(s.inn[id]),
                 FollowingCount = count(s.out[id]), MutualFollowingCount = mutual }
    end, function(id)
        return { To_Account = id, ResultCode = 30003, ResultInfo = "To_Account not imported",
                 FollowerCount = 0, FollowingCount = 0, MutualFollowingCount = 0 }
    end) }
end)

-- Snapshot protocol (tim.server.emulator.state): the follow edges as { { From, To, Time } } rows.
_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ edges = T.array(T.object{ From = T.string, To = T.string, Time = T.integer }) },
    reset = reset,
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

_M.routes = util.routes("follow/", _M, {
    "follow_add", "follow_delete", "follow_check", "follow_get", "follow_get_info"
})

-- The follow slice (st.follow) is this family's.
_M.SLICES = { "follow" }

return _M

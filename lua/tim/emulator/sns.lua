-- sns/*: friends and blacklists. friend_add honours the target's Tag_Profile_IM_AllowType unless ForceAddFlags = 1
-- (NeedConfirm is IM's default: the request waits, ResultCode 30539); blacklisting ends a friendship.
local util = require "tim.emulator.util"
local json = require "tim.json"

local ipairs, pairs, type = ipairs, pairs, type
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PAGE = 100

local function rel(st, tbl, a)
    local r = st[tbl][a]
    if not r then r = {}; st[tbl][a] = r end
    return r
end

local function owner_or_err(st, body)
    local id = body.From_Account
    if not util.is_id(id) then return nil, 30001, "From_Account must be a UserID" end
    if not st:account(id) then return nil, 30003, "From_Account " .. id .. " not imported" end
    return id
end

local function result(to, code, info)
    return { To_Account = to, ResultCode = code, ResultInfo = info or "" }
end

local function make_friend(st, a, b, item, now)
    rel(st, "friends", a)[b] = { To_Account = b, AddSource = item.AddSource or "AddSource_Type_RESTAPI",
                                 Remark = item.Remark or "", GroupName = item.GroupName,
                                 AddWording = item.AddWording or "", AddTime = item.AddTime or now }
end

local function add_items(st, from, body, each)
    local items = body.AddFriendItem
    if type(items) ~= "table" or #items == 0 or #items > 100 then
        return nil, 30001, "AddFriendItem must be a non-empty array of at most 100 items"
    end
    local res, fail = array(), array()
    for _, it in ipairs(items) do
        local to = type(it) == "table" and it.To_Account or nil
        local code, info
        if not util.is_id(to) or not st:account(to) then code, info = 30003, "account not imported"
        elseif to == from then code, info = 30001, "cannot add oneself"
        else code, info = each(to, it) end
        res[#res + 1] = result(to, code, info)
        if code ~= 0 then fail[#fail + 1] = to end
    end
    return { ResultItem = res, Fail_Account = fail }
end

-- friend_add { From_Account, AddFriendItem = { { To_Account, AddSource, Remark?, GroupName?, AddWording? } },
--              AddType? = Add_Type_Both | Add_Type_Single, ForceAddFlags? } -> ResultItem, Fail_Account
function _M.friend_add(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    local both = body.AddType == nil or body.AddType == "Add_Type_Both"
    local now = st:now()
    return add_items(st, from, body, function(to, it)
        if st:is_blacklisted(from, to) then return 30515, "the target is in your blacklist" end
        if st:is_blacklisted(to, from) then return 30525, "you are in the target's blacklist" end
        if rel(st, "friends", from)[to] then return 30010, "already friends" end
        if body.ForceAddFlags ~= 1 then
            local allow = st.profiles[to].Tag_Profile_IM_AllowType or "AllowType_Type_NeedConfirm"
            if allow == "AllowType_Type_DenyAny" then return 30516, "the target accepts no friend requests" end
            if allow ~= "AllowType_Type_AllowAny" then return 30539, "waiting for the target to confirm" end
        end
        make_friend(st, from, to, it, now)
        if both then make_friend(st, to, from, { AddSource = it.AddSource }, now) end
        return 0
    end)
end

-- friend_import { From_Account, AddFriendItem = { { To_Account, AddSource, Remark?, GroupName?, AddTime? } } }
-- (one-way, no checks of the target's settings)
function _M.friend_import(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    local now = st:now()
    return add_items(st, from, body, function(to, it)
        if rel(st, "friends", from)[to] then return 30010, "already friends" end
        make_friend(st, from, to, it, now)
        return 0
    end)
end

-- friend_delete { From_Account, To_Account = { … }, DeleteType? = Delete_Type_Single | Delete_Type_Both }
function _M.friend_delete(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    if not util.string_list(body.To_Account, 100) then
        return nil, 30001, "To_Account must be a non-empty array of at most 100 UserIDs"
    end
    local both = body.DeleteType == "Delete_Type_Both"
    local res, fail = array(), array()
    for _, to in ipairs(body.To_Account) do
        local mine = rel(st, "friends", from)
        if mine[to] then
            mine[to] = nil
            if both then rel(st, "friends", to)[from] = nil end
            res[#res + 1] = result(to, 0)
        else
            res[#res + 1] = result(to, 31704, "not a friend")
            fail[#fail + 1] = to
        end
    end
    return { ResultItem = res, Fail_Account = fail }
end

local function sorted_keys(t, field)
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    sort(keys, function(a, b)
        local x, y = t[a][field] or 0, t[b][field] or 0
        if x ~= y then return x < y end
        return a < b
    end)
    return keys
end

-- friend_get { From_Account, StartIndex, StandardSequence?, CustomSequence? } -> UserDataItem, FriendNum,
--   NextStartIndex, CompleteFlag
function _M.friend_get(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    local start = body.StartIndex == nil and 0 or body.StartIndex
    if not util.is_int(start, 0) then return nil, 30001, "StartIndex must be a non-negative integer" end
    local mine = rel(st, "friends", from)
    local keys = sorted_keys(mine, "AddTime")
    local items = array()
    for i = start + 1, math.min(#keys, start + PAGE) do
        local f = mine[keys[i]]
        local v = array{ { Tag = "Tag_SNS_IM_AddSource", Value = f.AddSource },
                         { Tag = "Tag_SNS_IM_Remark", Value = f.Remark },
                         { Tag = "Tag_SNS_IM_AddWording", Value = f.AddWording },
                         { Tag = "Tag_SNS_IM_AddTime", Value = f.AddTime } }
        if f.GroupName then v[#v + 1] = { Tag = "Tag_SNS_IM_Group", Value = f.GroupName } end
        items[#items + 1] = { To_Account = keys[i], ValueItem = v }
    end
    local done = start + PAGE >= #keys
    return { UserDataItem = items, FriendNum = #keys, StandardSequence = 0, CustomSequence = 0,
             NextStartIndex = done and 0 or start + PAGE, CompleteFlag = done and 1 or 0 }
end

-- friend_check { From_Account, To_Account = { … }, CheckType = CheckResult_Type_Both | _Single } -> InfoItem
function _M.friend_check(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    if not util.string_list(body.To_Account, 1000) then return nil, 30001, "To_Account must be a non-empty array" end
    local both = body.CheckType ~= "CheckResult_Type_Single"
    local res, fail = array(), array()
    for _, to in ipairs(body.To_Account) do
        local a = rel(st, "friends", from)[to] ~= nil
        local b = both and rel(st, "friends", to)[from] ~= nil
        local r
        if a and b then r = "CheckResult_Type_BothWay"
        elseif a then r = "CheckResult_Type_AWithB"
        elseif b then r = "CheckResult_Type_BWithA"
        else r = "CheckResult_Type_NoRelation" end
        res[#res + 1] = { To_Account = to, Relation = r, ResultCode = 0, ResultInfo = "" }
    end
    return { InfoItem = res, Fail_Account = fail }
end

-- black_list_add { From_Account, To_Account = { … } } -> ResultItem, Fail_Account
function _M.black_list_add(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    if not util.string_list(body.To_Account, 1000) then return nil, 30001, "To_Account must be a non-empty array" end
    local now = st:now()
    local res, fail = array(), array()
    for _, to in ipairs(body.To_Account) do
        if not st:account(to) then
            res[#res + 1] = result(to, 30003, "account not imported"); fail[#fail + 1] = to
        elseif to == from then
            res[#res + 1] = result(to, 30001, "cannot blacklist oneself"); fail[#fail + 1] = to
        else
            rel(st, "black", from)[to] = { To_Account = to, AddBlackTimeStamp = now }
            rel(st, "friends", from)[to] = nil
            rel(st, "friends", to)[from] = nil
            res[#res + 1] = result(to, 0)
        end
    end
    return { ResultItem = res, Fail_Account = fail }
end

-- black_list_delete { From_Account, To_Account = { … } }
function _M.black_list_delete(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    if not util.string_list(body.To_Account, 1000) then return nil, 30001, "To_Account must be a non-empty array" end
    local res, fail = array(), array()
    local mine = rel(st, "black", from)
    for _, to in ipairs(body.To_Account) do
        if mine[to] then mine[to] = nil; res[#res + 1] = result(to, 0)
        else res[#res + 1] = result(to, 31704, "not in the blacklist"); fail[#fail + 1] = to end
    end
    return { ResultItem = res, Fail_Account = fail }
end

-- black_list_get { From_Account, StartIndex, MaxLimited, LastSequence? } -> BlackListItem, StartIndex (0 = done)
function _M.black_list_get(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    local start = body.StartIndex == nil and 0 or body.StartIndex
    local max = body.MaxLimited == nil and 100 or body.MaxLimited
    if not util.is_int(start, 0) or not util.is_int(max, 1) then
        return nil, 30001, "StartIndex and MaxLimited must be integers"
    end
    local mine = rel(st, "black", from)
    local keys = sorted_keys(mine, "AddBlackTimeStamp")
    local items = array()
    for i = start + 1, math.min(#keys, start + max) do items[#items + 1] = mine[keys[i]] end
    local done = start + max >= #keys
    return { BlackListItem = items, StartIndex = done and 0 or start + max, CurruentSequence = #keys }
end

-- black_list_check { From_Account, To_Account = { … }, CheckType = BlackCheckResult_Type_Both | _Single }
function _M.black_list_check(ctx, body)
    local st = ctx.st
    local from, code, info = owner_or_err(st, body)
    if not from then return nil, code, info end
    if not util.string_list(body.To_Account, 1000) then return nil, 30001, "To_Account must be a non-empty array" end
    local both = body.CheckType ~= "BlackCheckResult_Type_Single"
    local res = array()
    for _, to in ipairs(body.To_Account) do
        local a = st:is_blacklisted(from, to)
        local b = both and st:is_blacklisted(to, from)
        local r
        if a and b then r = "BlackCheckResult_Type_BothWay"
        elseif a then r = "BlackCheckResult_Type_AWithB"
        elseif b then r = "BlackCheckResult_Type_BWithA"
        else r = "BlackCheckResult_Type_NO" end
        res[#res + 1] = { To_Account = to, Relation = r, ResultCode = 0, ResultInfo = "" }
    end
    return { BlackListCheckItem = res, Fail_Account = array() }
end

_M.routes = {}
for _, name in ipairs{ "friend_add", "friend_import", "friend_delete", "friend_get", "friend_check",
                       "black_list_add", "black_list_delete", "black_list_get", "black_list_check" } do
    _M.routes["sns/" .. name] = _M[name]
end

return _M

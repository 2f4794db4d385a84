-- sns/*: friends, friend lists (groups) and blacklists, all 15 commands. friend_add honours the target's
-- Tag_Profile_IM_AllowType unless ForceAddFlags = 1 (NeedConfirm is IM's default: the request waits, ResultCode
-- 30539); blacklisting ends a friendship. friend_delete, friend_check and the blacklist calls take up to 1,000
-- accounts (1047/34907 and neighbours), friend_get_list 100, group_add 32 list names (a user has at most 32 lists:
-- 30011 beyond).
--
-- The request's fields, types, enums and list limits are checked before a handler runs, against the endpoint's
-- record (tim.base.catalogue.sns; 30001 for a malformed request). Left here: whether the accounts exist, each
-- tag's own value type, empty lists, and the fields of the endpoints whose records come from the pages' samples
-- (friend_add, friend_import: nothing is known to be required there). The answers carry the members of each
-- record's answer tree: Fail_Account only where the page's answer has it (not friend_delete, friend_get_list).
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local profile = require "tim.server.emulator.family.profile"

local ipairs, pairs, type, error = ipairs, pairs, type, error
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PAGE = 100
local MAX_LISTS = 32        -- friend lists a user has at most (1047/34950)

local rel = util.entry

-- The lookups of util.given. from_account: From_Account, present (friend_import's record, from the samples,
-- does not say it is required) and imported. to_list, names_list: that, and the list field the record requires
-- (the schema checked its type and length) is not empty.
local function from_account(ctx, body)
    local id = body.From_Account
    if type(id) ~= "string" or id == "" then return nil, 30001, "From_Account must be a UserID" end
    if not ctx.st:account(id) then return nil, 30003, "From_Account " .. id .. " not imported" end
    return id
end
local to_list = util.with_nonempty(from_account, "To_Account", 30001)
local names_list = util.with_nonempty(from_account, "GroupName", 30001)

local function result(to, code, info)
    return { To_Account = to, ResultCode = code, ResultInfo = info or "" }
end

-- the items of a check (friend_check, black_list_check): each account of list with its Relation to from, named
-- prefix .. BothWay, AWithB (from has it), BWithA (it has from; looked at when both) or none; has(a, b): a has b
local function check_items(list, from, both, has, prefix, none)
    local res = array()
    for _, to in ipairs(list) do
        local a = has(from, to)
        local b = both and has(to, from)
        local r = a and b and "BothWay" or a and "AWithB" or b and "BWithA"
        res[#res + 1] = { To_Account = to, Relation = r and prefix .. r or none, ResultCode = 0, ResultInfo = "" }
    end
    return res
end

-- item: friend_add's AddFriendItem (GroupName: one list name) or friend_import's (GroupName: a list of names, and
-- CustomItem: Tag_SNS_Custom_* fields), as the two pages' samples give them
local function make_friend(st, a, b, item, now)
    local groups, names = {}, item.GroupName
    if type(names) == "string" then names = { names } end
    if type(names) == "table" and #names > 0 then
        local sg = st.sns_groups[a] or { seq = 0, names = {} }
        st.sns_groups[a] = sg
        for _, name in ipairs(names) do
            if type(name) == "string" and name ~= "" and not util.has(groups, name) then
                groups[#groups + 1] = name
                if not util.has(sg.names, name) then sg.names[#sg.names + 1] = name end
            end
        end
        sg.seq = sg.seq + 1
    end
    local custom = {}
    for _, c in ipairs(type(item.CustomItem) == "table" and item.CustomItem or {}) do
        if type(c) == "table" and type(c.Tag) == "string" then custom[c.Tag] = c.Value end
    end
    rel(st, "friends", a)[b] = { To_Account = b, AddSource = item.AddSource or "AddSource_Type_RESTAPI",
                                 Remark = item.Remark or "", groups = groups, custom = custom,
                                 AddWording = item.AddWording or "", AddTime = item.AddTime or now }
    st.friend_serial = st.friend_serial + 1
    rel(st, "friends", a)[b].serial = st.friend_serial
end

---------------------------------------------------------------------------------------------------------------
-- State

local function reset(st)
    st.friends, st.black, st.sns_groups, st.friend_serial = {}, {}, {}, 0
end

local function export(st)
    local friends, black, groups = {}, {}, {}
    for owner, fs in pairs(st.friends) do
        for _, f in pairs(fs) do
            local custom = {}
            for k, v in pairs(f.custom or {}) do custom[#custom + 1] = { Tag = k, Value = v } end
            sort(custom, function(a, b) return a.Tag < b.Tag end)
            friends[#friends + 1] = { owner = owner, To_Account = f.To_Account, AddSource = f.AddSource,
                                      Remark = f.Remark, Group = f.groups, AddWording = f.AddWording,
                                      AddTime = f.AddTime, serial = f.serial, custom = custom }
        end
    end
    sort(friends, function(a, b) return (a.serial or 0) < (b.serial or 0) end)
    for owner, bs in pairs(st.black) do
        for _, b in pairs(bs) do
            black[#black + 1] = { owner = owner, To_Account = b.To_Account, AddBlackTimeStamp = b.AddBlackTimeStamp }
        end
    end
    sort(black, function(a, b)
        if a.owner ~= b.owner then return a.owner < b.owner end
        return a.To_Account < b.To_Account
    end)
    for owner, sg in pairs(st.sns_groups) do
        groups[#groups + 1] = { owner = owner, seq = sg.seq, names = sg.names }
    end
    sort(groups, function(a, b) return a.owner < b.owner end)
    return { friends = friends, blacklist = black, friend_groups = groups, serial = st.friend_serial }
end

local function import(st, t)
    st.friend_serial = util.is_int(t.serial, 0) and t.serial or 0
    for i, f in ipairs(t.friends or {}) do
        if type(f) ~= "table" or not util.is_id(f.owner) or not util.is_id(f.To_Account) then
            error("friends[" .. i .. "] needs owner and To_Account", 0)
        end
        local custom = {}
        for _, c in ipairs(f.custom or {}) do custom[c.Tag] = c.Value end
        rel(st, "friends", f.owner)[f.To_Account] = {
            To_Account = f.To_Account, AddSource = f.AddSource or "AddSource_Type_RESTAPI", Remark = f.Remark or "",
            groups = f.Group or {}, AddWording = f.AddWording or "", AddTime = f.AddTime or 0,
            serial = f.serial or 0, custom = custom }
    end
    for i, b in ipairs(t.blacklist or {}) do
        if type(b) ~= "table" or not util.is_id(b.owner) or not util.is_id(b.To_Account) then
            error("blacklist[" .. i .. "] needs owner and To_Account", 0)
        end
        rel(st, "black", b.owner)[b.To_Account] = { To_Account = b.To_Account,
                                                   AddBlackTimeStamp = b.AddBlackTimeStamp or 0 }
    end
    for i, g in ipairs(t.friend_groups or {}) do
        if type(g) ~= "table" or not util.is_id(g.owner) or type(g.names) ~= "table" then
            error("friend_groups[" .. i .. "] needs owner and names", 0)
        end
        st.sns_groups[g.owner] = { seq = g.seq or 0, names = g.names }
    end
end

local forget = util.forget_in("friends", "black", "sns_groups")

-- the types of export's table (tim.server.emulator.shape)
local SHAPE = T.object{
    serial = T.integer,
    friends = T.array(T.object{
        owner = T.required(T.string), To_Account = T.required(T.string), AddSource = T.string, Remark = T.string,
        Group = T.array(T.string), AddWording = T.string, AddTime = T.integer, serial = T.integer,
        custom = T.array(T.object{ Tag = T.required(T.string), Value = T.either(T.string, T.number) }),
    }),
    blacklist = T.array(T.object{ owner = T.required(T.string), To_Account = T.required(T.string),
                                  AddBlackTimeStamp = T.integer }),
    friend_groups = T.array(T.object{ owner = T.required(T.string), seq = T.integer,
                                      names = T.required(T.array(T.string)) }),
}

_M.state = { reset = reset, export = export, import = import, forget = forget, shape = SHAPE }

function _M.is_blacklisted(st, owner, other)
    local b = st.black[owner]
    return b ~= nil and b[other] ~= nil
end

-- the fields a friend keeps as given: their types as the pages give them (the state and its snapshot rely on it).
-- GroupName is one list name in friend_add's record and a list of names in friend_import's (imported = true),
-- which also takes CustomItem: Tag_SNS_Custom_* fields with a string or an integer value (its sample).
local function item_fields_ok(it, imported)
    for _, f in ipairs{ "AddSource", "Remark", "AddWording" } do
        if it[f] ~= nil and type(it[f]) ~= "string" then return false end
    end
    local names = it.GroupName
    if imported then
        if names ~= nil then
            if type(names) ~= "table" then return false end
            for _, n in ipairs(names) do if type(n) ~= "string" then return false end end
        end
        for _, c in ipairs(type(it.CustomItem) == "table" and it.CustomItem or {}) do
            local v = type(c) == "table" and type(c.Value) or nil
            if type(c) ~= "table" or type(c.Tag) ~= "string" or c.Tag:sub(1, 15) ~= "Tag_SNS_Custom_"
                or (v ~= "string" and v ~= "number") then
                return false
            end
        end
    elseif names ~= nil and type(names) ~= "string" then
        return false
    end
    return it.AddTime == nil or util.is_int(it.AddTime, 0)
end
local ITEM_TYPES = {
    [false] = "AddSource, Remark, GroupName and AddWording are strings, AddTime an integer",
    [true] = "AddSource, Remark and AddWording are strings, GroupName a list of names, AddTime an integer, "
        .. "CustomItem Tag_SNS_Custom_* fields with a string or an integer value",
}

local function add_items(st, from, body, each, imported)
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
        elseif not item_fields_ok(it, imported) then
            code, info = 30001, ITEM_TYPES[imported == true]
        else code, info = each(to, it) end
        res[#res + 1] = result(to, code, info)
        if code ~= 0 then fail[#fail + 1] = to end
    end
    return { ResultItem = res, Fail_Account = fail }
end

-- friend_add { From_Account, AddFriendItem = { { To_Account, AddSource, Remark?, GroupName?, AddWording? } },
--              AddType? = Add_Type_Both | Add_Type_Single, ForceAddFlags? } -> ResultItem, Fail_Account
_M.friend_add = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
    local both = body.AddType == nil or body.AddType == "Add_Type_Both"
    local now = st:now()
    return add_items(st, from, body, function(to, it)
        if _M.is_blacklisted(st, from, to) then return 30515, "the target is in your blacklist" end
        if _M.is_blacklisted(st, to, from) then return 30525, "you are in the target's blacklist" end
        if rel(st, "friends", from)[to] then return 30010, "already friends" end
        if body.ForceAddFlags ~= 1 then
            local allow = profile.get(st, to).Tag_Profile_IM_AllowType or "AllowType_Type_NeedConfirm"
            if allow == "AllowType_Type_DenyAny" then return 30516, "the target accepts no friend requests" end
            if allow ~= "AllowType_Type_AllowAny" then return 30539, "waiting for the target to confirm" end
        end
        make_friend(st, from, to, it, now)
        if both then make_friend(st, to, from, { AddSource = it.AddSource }, now) end
        return 0
    end)
end)

-- friend_import { From_Account, AddFriendItem = { { To_Account, AddSource, Remark?, GroupName? = { names },
--                 AddTime?, CustomItem? = { { Tag, Value } } } } } (one-way, no checks of the target's settings)
_M.friend_import = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
    local now = st:now()
    return add_items(st, from, body, function(to, it)
        if rel(st, "friends", from)[to] then return 30010, "already friends" end
        make_friend(st, from, to, it, now)
        return 0
    end, true)
end)

-- friend_delete { From_Account, To_Account = { … }, DeleteType? = Delete_Type_Single | Delete_Type_Both }
--   -> ResultItem (31704 for an account that is not a friend)
_M.friend_delete = util.given(to_list, function(ctx, body, from, list)
    local st = ctx.st
    local both = body.DeleteType == "Delete_Type_Both"
    local res = array()
    for _, to in ipairs(list) do
        local mine = rel(st, "friends", from)
        if mine[to] then
            mine[to] = nil
            if both then rel(st, "friends", to)[from] = nil end
            res[#res + 1] = result(to, 0)
        else
            res[#res + 1] = result(to, 31704, "not a friend")
        end
    end
    return { ResultItem = res }
end)

-- a friend's relationship tags as { { Tag, Value }, … }
function _M.sns_items(f, only)
    local v = array()
    local function add(tag, value)
        if only == nil or only[tag] then v[#v + 1] = { Tag = tag, Value = value } end
    end
    add("Tag_SNS_IM_AddSource", f.AddSource)
    add("Tag_SNS_IM_Remark", f.Remark)
    add("Tag_SNS_IM_AddWording", f.AddWording)
    add("Tag_SNS_IM_AddTime", f.AddTime)
    if #f.groups > 0 then add("Tag_SNS_IM_Group", array(util.copy(f.groups))) end
    local custom = {}
    for k in pairs(f.custom or {}) do custom[#custom + 1] = k end
    sort(custom)
    for _, k in ipairs(custom) do add(k, f.custom[k]) end
    return v
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
_M.friend_get = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
    local start = body.StartIndex
    if start < 0 then return nil, 30001, "StartIndex must not be negative" end
    local mine = rel(st, "friends", from)
    local keys = sorted_keys(mine, "serial")
    local items = array()
    for i = start + 1, math.min(#keys, start + PAGE) do
        local f = mine[keys[i]]
        items[#items + 1] = { To_Account = keys[i], ValueItem = _M.sns_items(f) }
    end
    local done = start + PAGE >= #keys
    return { UserDataItem = items, FriendNum = #keys, StandardSequence = 0, CustomSequence = 0,
             NextStartIndex = done and 0 or start + PAGE, CompleteFlag = done and 1 or 0 }
end)

-- friend_check { From_Account, To_Account = { … }, CheckType = CheckResult_Type_Both | _Single } -> InfoItem
_M.friend_check = util.given(to_list, function(ctx, body, from, list)
    local st = ctx.st
    local both = body.CheckType ~= "CheckResult_Type_Single"
    local res = check_items(list, from, both, function(a, b) return rel(st, "friends", a)[b] ~= nil end,
                            "CheckResult_Type_", "CheckResult_Type_NoRelation")
    return { InfoItem = res, Fail_Account = array() }
end)

-- black_list_add { From_Account, To_Account = { … } } -> ResultItem, Fail_Account
_M.black_list_add = util.given(to_list, function(ctx, _, from, list)
    local st = ctx.st
    local now = st:now()
    local res, fail = array(), array()
    for _, to in ipairs(list) do
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
end)

-- black_list_delete { From_Account, To_Account = { … } }
_M.black_list_delete = util.given(to_list, function(ctx, _, from, list)
    local st = ctx.st
    local res, fail = array(), array()
    local mine = rel(st, "black", from)
    for _, to in ipairs(list) do
        if mine[to] then mine[to] = nil; res[#res + 1] = result(to, 0)
        else res[#res + 1] = result(to, 31704, "not in the blacklist"); fail[#fail + 1] = to end
    end
    return { ResultItem = res, Fail_Account = fail }
end)

-- black_list_get { From_Account, StartIndex, MaxLimited (≤1000), LastSequence } -> BlackListItem, StartIndex
--   (0 = done) and the sequence under both of its spellings, as the record's answer tree has them:
--   CurruentSequence (1047/34914's sample, which the paging carry reads) and CurrentSequence (269/3722's)
_M.black_list_get = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
    local start, max = body.StartIndex, body.MaxLimited
    if start < 0 or max < 1 then
        return nil, 30001, "StartIndex must not be negative and MaxLimited must be at least 1"
    end
    local mine = rel(st, "black", from)
    local keys = sorted_keys(mine, "AddBlackTimeStamp")
    local items = array()
    for i = start + 1, math.min(#keys, start + max) do items[#items + 1] = mine[keys[i]] end
    local done = start + max >= #keys
    return { BlackListItem = items, StartIndex = done and 0 or start + max, CurruentSequence = #keys,
             CurrentSequence = #keys }
end)

-- black_list_check { From_Account, To_Account = { … }, CheckType = BlackCheckResult_Type_Both | _Single }
_M.black_list_check = util.given(to_list, function(ctx, body, from, list)
    local st = ctx.st
    local both = body.CheckType ~= "BlackCheckResult_Type_Single"
    local res = check_items(list, from, both, function(a, b) return _M.is_blacklisted(st, a, b) end,
                            "BlackCheckResult_Type_", "BlackCheckResult_Type_NO")
    return { BlackListCheckItem = res, Fail_Account = array() }
end)

-- friend_update { From_Account, UpdateItem = { { To_Account, SnsItem = { { Tag, Value } } } } ≤1000 }
--   -> ResultItem, Fail_Account. Tags: Tag_SNS_IM_Remark (string), Tag_SNS_IM_Group (array of list names),
--   Tag_SNS_IM_AddWording, Tag_SNS_Custom_* (a string or an integer, as friend_import's sample shows).
_M.friend_update = util.given(util.with_nonempty(from_account, "UpdateItem", 30001), function(ctx, _, from, items)
    local st = ctx.st
    local mine = rel(st, "friends", from)
    local res, fail = array(), array()
    for i, it in ipairs(items) do
        if #it.SnsItem == 0 then return nil, 30001, "UpdateItem[" .. i .. "].SnsItem is empty" end
        for j, t in ipairs(it.SnsItem) do
            local v = type(t.Value)
            local ok = ((t.Tag == "Tag_SNS_IM_Remark" or t.Tag == "Tag_SNS_IM_AddWording") and v == "string")
                or (t.Tag == "Tag_SNS_IM_Group" and v == "table")
                or (t.Tag:sub(1, 15) == "Tag_SNS_Custom_" and (v == "string" or v == "number"))
            if not ok then
                return nil, 30001, "UpdateItem[" .. i .. "].SnsItem[" .. j .. "]: unknown tag or wrong value type"
            end
        end
    end
    for _, it in ipairs(items) do
        local f = mine[it.To_Account]
        if not f then
            res[#res + 1] = result(it.To_Account, 30001, "not a friend"); fail[#fail + 1] = it.To_Account
        else
            for _, t in ipairs(it.SnsItem) do
                if t.Tag == "Tag_SNS_IM_Remark" then f.Remark = t.Value
                elseif t.Tag == "Tag_SNS_IM_AddWording" then f.AddWording = t.Value
                elseif t.Tag == "Tag_SNS_IM_Group" then
                    local sg = st.sns_groups[from] or { seq = 0, names = {} }
                    st.sns_groups[from] = sg
                    f.groups = {}
                    for _, g in ipairs(t.Value) do
                        if type(g) == "string" and g ~= "" then
                            f.groups[#f.groups + 1] = g
                            if not util.has(sg.names, g) then sg.names[#sg.names + 1] = g end
                        end
                    end
                    sg.seq = sg.seq + 1
                else
                    f.custom = f.custom or {}
                    f.custom[t.Tag] = t.Value
                end
            end
            res[#res + 1] = result(it.To_Account, 0)
        end
    end
    return { ResultItem = res, Fail_Account = fail }
end)

-- friend_delete_all { From_Account, DeleteType? = Delete_Type_Single | Delete_Type_Both }
_M.friend_delete_all = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
    local mine = rel(st, "friends", from)
    if body.DeleteType == "Delete_Type_Both" then
        for to in pairs(mine) do rel(st, "friends", to)[from] = nil end
    end
    st.friends[from] = {}
    return {}
end)

-- friend_get_list { From_Account, To_Account = { … ≤100 }, TagList = { … } }
--   -> InfoItem = { { To_Account, SnsProfileItem = { { Tag, Value } }, ResultCode, ResultInfo } } (1047/34910: no
--   list of failed accounts; a non-friend's item carries its ResultCode). TagList may name Tag_SNS_* relationship
--   tags and Tag_Profile_* profile tags.
_M.friend_get_list = util.given(util.with_nonempty(to_list, "TagList", 30001), function(ctx, body, from)
    local st = ctx.st
    local only, profile_tags = {}, {}
    for _, t in ipairs(body.TagList) do
        only[t] = true
        if t:sub(1, 12) == "Tag_Profile_" then profile_tags[#profile_tags + 1] = t end
    end
    local mine = rel(st, "friends", from)
    local res = array()
    for _, to in ipairs(body.To_Account) do
        local f = mine[to]
        if f then
            local items = profile.items(profile.get(st, to), profile_tags, _M.sns_items(f, only))
            res[#res + 1] = { To_Account = to, SnsProfileItem = items, ResultCode = 0, ResultInfo = "" }
        else
            res[#res + 1] = { To_Account = to, SnsProfileItem = array(), ResultCode = 30001,
                              ResultInfo = "not a friend" }
        end
    end
    return { InfoItem = res }
end)

local function sns_group(st, owner)
    local sg = st.sns_groups[owner]
    if not sg then sg = { seq = 0, names = {} }; st.sns_groups[owner] = sg end
    return sg
end

-- group_add { From_Account, GroupName = { … ≤32 }, To_Account? = { … ≤1000 } } -> ResultItem (for To_Account:
--   32216 Err_SNS_GroupAdd_ToTinyId_Not_Friend for a non-friend, as the page's sample), Fail_Account,
--   CurrentSequence. A user has at most 32 lists (1047/34950): 30011 beyond.
_M.group_add = util.given(names_list, function(ctx, body, from)
    local st = ctx.st
    if body.To_Account ~= nil and #body.To_Account == 0 then return nil, 30001, "To_Account is empty" end
    local sg = sns_group(st, from)
    for _, name in ipairs(body.GroupName) do
        if name == "" or #name > 30 then return nil, 30001, "friend list names are 1..30 bytes" end
        if util.has(sg.names, name) then return nil, 30001, "friend list " .. name .. " already exists" end
    end
    if #sg.names + #body.GroupName > MAX_LISTS then
        return nil, 30011, "a user has at most " .. MAX_LISTS .. " friend lists"
    end
    for _, name in ipairs(body.GroupName) do sg.names[#sg.names + 1] = name end
    local res, fail = array(), array()
    local mine = rel(st, "friends", from)
    for _, to in ipairs(body.To_Account or {}) do
        local f = mine[to]
        if f then
            for _, name in ipairs(body.GroupName) do
                if not util.has(f.groups, name) then f.groups[#f.groups + 1] = name end
            end
            res[#res + 1] = result(to, 0)
        else
            res[#res + 1] = result(to, 32216, "Err_SNS_GroupAdd_ToTinyId_Not_Friend"); fail[#fail + 1] = to
        end
    end
    sg.seq = sg.seq + 1
    local out = { CurrentSequence = sg.seq, Fail_Account = fail }
    if body.To_Account ~= nil then out.ResultItem = res end
    return out
end)

-- group_delete { From_Account, GroupName = { … } } -> CurrentSequence (friends stay, leaving the lists)
_M.group_delete = util.given(names_list, function(ctx, body, from)
    local st = ctx.st
    local sg = sns_group(st, from)
    for _, name in ipairs(body.GroupName) do
        if not util.has(sg.names, name) then return nil, 32207, "no friend list named " .. name end
    end
    local drop = {}
    for _, name in ipairs(body.GroupName) do drop[name] = true end
    local keep = {}
    for _, n in ipairs(sg.names) do if not drop[n] then keep[#keep + 1] = n end end
    sg.names = keep
    for _, f in pairs(rel(st, "friends", from)) do
        local g = {}
        for _, n in ipairs(f.groups) do if not drop[n] then g[#g + 1] = n end end
        f.groups = g
    end
    sg.seq = sg.seq + 1
    return { CurrentSequence = sg.seq }
end)

-- group_get { From_Account, NeedFriend? = Need_Friend_Type_Yes, LastSequence?, GroupName? = { … } }
--   -> ResultItem = { { GroupName, FriendNumber, To_Account? } }, CurrentSequence
_M.group_get = util.given(from_account, function(ctx, body, from)
    local st = ctx.st
    if body.GroupName ~= nil and #body.GroupName == 0 then return nil, 30001, "GroupName is empty" end
    local sg = sns_group(st, from)
    local want = body.GroupName or sg.names
    local res = array()
    if body.LastSequence == nil or body.LastSequence ~= sg.seq then
        local mine = rel(st, "friends", from)
        for _, name in ipairs(want) do
            if util.has(sg.names, name) then
                local members = array()
                for _, to in ipairs(sorted_keys(mine, "serial")) do
                    if util.has(mine[to].groups, name) then members[#members + 1] = to end
                end
                local item = { GroupName = name, FriendNumber = #members }
                if body.NeedFriend == "Need_Friend_Type_Yes" then item.To_Account = members end
                res[#res + 1] = item
            end
        end
    end
    return { ResultItem = res, CurrentSequence = sg.seq }
end)

_M.routes = util.routes("sns/", _M, {
    "friend_add", "friend_import", "friend_update", "friend_delete", "friend_delete_all", "friend_get",
    "friend_get_list", "friend_check", "black_list_add", "black_list_delete", "black_list_get", "black_list_check",
    "group_add", "group_delete", "group_get"
})

-- The relationship slices are this family's.
_M.SLICES = { "friends", "black", "sns_groups", "friend_serial" }

return _M

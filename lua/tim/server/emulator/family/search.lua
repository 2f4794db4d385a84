-- Cloud search (a paid plugin; China and Singapore): user_search/search (269/114547), group_search/search (269/114549),
-- group_member_search/search (269/114548), im_open_search/set_visibility (269/114550) and get_no_visibility
-- (269/114551).
--
-- Matching follows the pages: keywords match names fuzzily (a case-insensitive substring of the nickname, the
-- group name, the member's name card or nickname) and IDs exactly; KeywordMatchType 1 = all keywords (and),
-- 0 = any (or, the default); Count is at most 100 (more counts as 100); Cursor continues a search (opaque, in
-- the answer until IsFinish). AVChatRoom groups are not searchable. Objects hidden with set_visibility
-- (SetType 1 user / 2 group / 3 member, IsDisable = true; 269/114550) are left out until shown again.
-- get_no_visibility (269/114551) takes SetType (required), Count? and Cursor?, and answers NoVisibleData =
-- { { UserID?, GroupID? } } with IsFinish, TotalCount and Cursor. Codes: 27003 invalid parameter.
--
-- Every endpoint here has a request tree (tim.base.catalogue.search, from 269/114547, 114548, 114549, 114550 and
-- 114551), checked before its handler runs (tim.emulator check_body, 27003 for a malformed request): presence,
-- types and the enums (KeywordMatchType, UserGenderType, SetType) are the trees'. The handlers check what a tree
-- cannot say: an empty keyword list, a Cursor no search returned, UserBirthEnd below UserBirthStart, the objects
-- set_visibility names. The REST pages set no limit on Keywords; user search keeps the 5 keywords of the SDK's
-- page of the same search (1047/67679, searchCloudUsers: "keywordList ... support up to 5 keywords"), which is
-- the emulator's own reading.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"
local group = require "tim.server.emulator.family.group"
local profiles = require "tim.server.emulator.family.profile"

local ipairs, pairs, type, tostring, tonumber = ipairs, pairs, type, tostring, tonumber
local lower, find, sort = string.lower, string.find, table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local MAX_COUNT, MAX_KEYWORDS, BAD = 100, 5, 27003
local SEARCHABLE = { Private = true, Public = true, ChatRoom = true, Community = true, Work = true,
                     Meeting = true }

local function fresh() return { hidden = { User = {}, Group = {}, GroupMember = {} } } end

local S, reset = util.state_of("search", fresh)

local function tiny_id(id)
    -- a stable number per ID, standing in for the service's internal TinyID
    local h = 5381
    for i = 1, #id do h = (h * 33 + id:byte(i)) % 4294967296 end
    return 144115200000000000 + h
end

-- the offset a Cursor this family answered stands for ("s<offset>") | nil
local function offset_of(cursor)
    return tonumber((cursor:match("^s(%d+)$")))
end

-- the common request, its types checked against the record's tree: Keywords, KeywordMatchType, Count, Cursor
-- -> spec | nil, code, info. max_keywords: user search's limit (see the header).
local function request(body, max_keywords)
    local kws = body.Keywords
    if not util.string_list(kws, max_keywords) then
        return nil, BAD, max_keywords and "Keywords must hold 1 to " .. max_keywords .. " keywords"
            or "Keywords must hold at least one keyword"
    end
    local count = body.Count > MAX_COUNT and MAX_COUNT or body.Count
    local cursor = body.Cursor == nil and "" or body.Cursor
    local offset = 0
    if cursor ~= "" then
        offset = offset_of(cursor)
        if not offset then return nil, BAD, "Cursor is not one a search returned" end
    end
    local low = {}
    for i, k in ipairs(kws) do low[i] = lower(k) end
    return { keywords = kws, low = low, all = body.KeywordMatchType == 1, count = count, offset = offset }
end

-- searching(max_keywords) -> the lookup of util.given for a search: its request (above) -> spec | nil, code, info
local function searching(max_keywords)
    return function(_, body) return request(body, max_keywords) end
end

-- does one keyword match: an exact ID, or a substring of any name?
local function hit(k, lk, id, names)
    if id == k then return true end
    for _, n in ipairs(names) do
        if type(n) == "string" and n ~= "" and find(lower(n), lk, 1, true) then return true end
    end
    return false
end

local function matches(spec, id, names)
    for i, k in ipairs(spec.keywords) do
        local h = hit(k, spec.low[i], id, names)
        if spec.all and not h then return false end
        if not spec.all and h then return true end
    end
    return spec.all
end

local function page(spec, rows, field)
    local out = array()
    for i = spec.offset + 1, math.min(#rows, spec.offset + spec.count) do out[#out + 1] = rows[i] end
    local done = spec.offset + spec.count >= #rows
    return { IsFinish = done, TotalCount = #rows, [field] = out,
             Cursor = done and "" or ("s" .. tostring(spec.offset + spec.count)) }
end

local function type_filter(t)
    if t == nil or #t == 0 then return nil end
    local set = {}
    for _, v in ipairs(t) do set[v] = true end
    return set
end

local function profile(st, id)
    return profiles.get(st, id) or {}
end

-- the profile tags a user search answers, with the value field their type takes (269/114547 shows StrValue)
local USER_TAGS = { { "Tag_Profile_IM_Nick", "StrValue" }, { "Tag_Profile_IM_Gender", "StrValue" },
                    { "Tag_Profile_IM_BirthDay", "IntValue" }, { "Tag_Profile_IM_Image", "StrValue" },
                    { "Tag_Profile_IM_SelfSignature", "StrValue" } }

-- user_search/search { Keywords, KeywordMatchType?, Count, Cursor?, UserGenderType?, UserBirthStart?,
--                      UserBirthEnd? } (269/114547)
--   -> IsFinish, TotalCount, Users = { { UserID, ProfileItems = { { Tag, StrValue | IntValue } } } }, Cursor
_M.user_search = util.given(searching(MAX_KEYWORDS), function(ctx, body, spec)
    local st = ctx.st
    local gender = body.UserGenderType
    if body.UserBirthStart and body.UserBirthEnd and body.UserBirthEnd < body.UserBirthStart then
        return nil, BAD, "UserBirthEnd must not be below UserBirthStart"
    end
    local hidden = S(st).hidden.User
    local rows = {}
    for id in st:each_account() do
        local p = profile(st, id)
        local birthday = tonumber(p.Tag_Profile_IM_BirthDay) or 0
        if not hidden[id] and matches(spec, id, { p.Tag_Profile_IM_Nick })
            and (not gender or p.Tag_Profile_IM_Gender == gender)
            and (not body.UserBirthStart or birthday >= body.UserBirthStart)
            and (not body.UserBirthEnd or birthday <= body.UserBirthEnd) then
            local items = array()
            for _, t in ipairs(USER_TAGS) do
                local v = p[t[1]]
                if v ~= nil then items[#items + 1] = { Tag = t[1], [t[2]] = v } end
            end
            rows[#rows + 1] = { UserID = id, ProfileItems = items }
        end
    end
    return page(spec, rows, "Users")
end)

-- the groups a group or member search looks in, in creation order: of a searchable type, not hidden, and of the
-- types group_types names (any when it names none)
local function groups_searched(st, group_types)
    local all = {}
    for _, g in group.each(st) do all[#all + 1] = g end
    sort(all, function(a, b) return (a.serial or 0) < (b.serial or 0) end)
    local types, hidden = type_filter(group_types), S(st).hidden.Group
    local list = {}
    for _, g in ipairs(all) do
        if SEARCHABLE[g.Type] and not hidden[g.GroupId] and (not types or types[g.Type]) then list[#list + 1] = g end
    end
    return list
end

local function member_count(g)
    return g.order and #g.order or 0
end

-- group_search/search { GroupType?, KeywordMatchType?, Keywords, Count, Cursor? } -> IsFinish, TotalCount, Groups,
--   Cursor (269/114549)
_M.group_search = util.given(searching(), function(ctx, body, spec)
    local st = ctx.st
    local rows = {}
    for _, g in ipairs(groups_searched(st, body.GroupType)) do
        if matches(spec, g.GroupId, { g.Name }) then
            local owner = g.Owner_Account or ""
            rows[#rows + 1] = { GroupType = g.Type, GroupID = g.GroupId, GroupName = g.Name,
                                GroupMemberNum = member_count(g), GroupFaceUrl = g.FaceUrl or "",
                                GroupIntroduction = g.Introduction or "", GroupOwnerUserID = owner,
                                GroupOwnerTinyID = owner ~= "" and tiny_id(owner) or 0,
                                GroupOwnerUserName = profile(st, owner).Tag_Profile_IM_Nick or "" }
        end
    end
    return page(spec, rows, "Groups")
end)

-- group_member_search/search { GroupType?, GroupIdList?, KeywordMatchType?, Keywords, Count, Cursor? }
--   -> IsFinish, TotalCount, GroupMembers, Cursor (269/114548)
_M.group_member_search = util.given(searching(), function(ctx, body, spec)
    local st = ctx.st
    local only = type_filter(body.GroupIdList)
    local h = S(st).hidden
    local rows = {}
    for _, g in ipairs(groups_searched(st, body.GroupType)) do
        if not only or only[g.GroupId] then
            for _, uid in ipairs(g.order or {}) do
                local m = g.members[uid] or {}
                local nick = profile(st, uid).Tag_Profile_IM_Nick or ""
                if not h.User[uid] and not h.GroupMember[g.GroupId .. "\0" .. uid]
                    and matches(spec, uid, { m.NameCard, nick }) then
                    rows[#rows + 1] = { GroupType = g.Type, GroupID = g.GroupId, GroupName = g.Name,
                                        GroupMemberUserID = uid, GroupMemberTinyID = tiny_id(uid),
                                        GroupMemberUserName = nick, GroupMemberNameCard = m.NameCard or "" }
                end
            end
        end
    end
    return page(spec, rows, "GroupMembers")
end)

-- SetType (269/114550): 1 user, 2 group, 3 group member
local KINDS = { [1] = "User", [2] = "Group", [3] = "GroupMember" }
local SET_TYPE = { User = 1, Group = 2, GroupMember = 3 }

-- set_visibility { SetType = 1 | 2 | 3, UserID? (1, 3), GroupID? (2, 3), IsDisable? = false }
function _M.set_visibility(ctx, body)
    local st = ctx.st
    local kind = KINDS[body.SetType]                -- the tree's enum: 1, 2 or 3
    local disable = body.IsDisable == true
    local key
    if kind == "User" then
        if not util.is_id(body.UserID) then return nil, BAD, "UserID must be a UserID" end
        if not st:account(body.UserID) then return nil, BAD, "UserID " .. body.UserID .. " not imported" end
        key = body.UserID
    else
        local g = type(body.GroupID) == "string" and group.get(st, body.GroupID)
        if not g then return nil, BAD, "GroupID " .. tostring(body.GroupID) .. " does not exist" end
        key = body.GroupID
        if kind == "GroupMember" then
            if not (util.is_id(body.UserID) and g.members[body.UserID]) then
                return nil, BAD, "UserID must be a member of " .. body.GroupID
            end
            key = body.GroupID .. "\0" .. body.UserID
        end
    end
    S(st).hidden[kind][key] = disable or nil
    return {}
end

-- get_no_visibility { SetType, Count?, Cursor? } -> IsFinish, TotalCount, NoVisibleData = { { UserID?, GroupID? } },
--   Cursor (269/114551: a hidden user has UserID, a hidden group GroupID, a hidden member both)
function _M.get_no_visibility(ctx, body)
    local s = S(ctx.st)
    local n = body.SetType
    local count = body.Count == nil and MAX_COUNT or body.Count
    if count < 1 then return nil, BAD, "Count must be a positive integer" end
    local spec = { count = count > MAX_COUNT and MAX_COUNT or count, offset = 0 }
    if body.Cursor ~= nil and body.Cursor ~= "" then
        spec.offset = offset_of(body.Cursor)
        if not spec.offset then return nil, BAD, "Cursor is not one a search returned" end
    end
    local keys = {}
    for k in pairs(s.hidden[KINDS[n]]) do keys[#keys + 1] = k end
    sort(keys)
    local rows = {}
    for _, k in ipairs(keys) do
        if n == 1 then rows[#rows + 1] = { UserID = k }
        elseif n == 2 then rows[#rows + 1] = { GroupID = k }
        else
            local gid, uid = k:match("^(.-)%z(.*)$")
            rows[#rows + 1] = { GroupID = gid, UserID = uid }
        end
    end
    return page(spec, rows, "NoVisibleData")
end

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{ hidden = T.array(T.object{ Type = T.string, Key = T.string }) },
    reset = reset,
    export = function(st)
        local all = array()
        local s = S(st)
        for _, kind in ipairs{ "User", "Group", "GroupMember" } do
            for k in pairs(s.hidden[kind]) do all[#all + 1] = { Type = kind, Key = (k:gsub("%z", "/")) } end
        end
        sort(all, function(a, b) if a.Type ~= b.Type then return a.Type < b.Type end return a.Key < b.Key end)
        return { hidden = all }
    end,
    import = function(st, t)
        local s = fresh()
        for _, h in ipairs(type(t) == "table" and type(t.hidden) == "table" and t.hidden or {}) do
            if type(h) == "table" and SET_TYPE[h.Type] and type(h.Key) == "string" then
                s.hidden[h.Type][h.Type == "GroupMember" and (h.Key:gsub("/", "\0", 1)) or h.Key] = true
            end
        end
        st.search = s
    end,
}

_M.routes = {
    ["user_search/search"] = _M.user_search,
    ["group_search/search"] = _M.group_search,
    ["group_member_search/search"] = _M.group_member_search,
    ["im_open_search/set_visibility"] = _M.set_visibility,
    ["im_open_search/get_no_visibility"] = _M.get_no_visibility,
}

-- The search slice (st.search) is this family's.
_M.SLICES = { "search" }

return _M

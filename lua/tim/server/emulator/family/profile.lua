-- profile/portrait_set and profile/portrait_get: standard Tag_Profile_IM_* tags and Tag_Profile_Custom_* tags.
--
-- The request's fields and types are checked before a handler runs, against the endpoint's record
-- (tim.base.catalogue.profile; 40001 for a malformed request). Left here: whether the accounts exist, each tag's
-- own value type, and an empty list (portrait_get's To_Account and TagList are required by its record, 1047/34917,
-- so check_body answers their absence; an empty one is the handler's 40001).
local util = require "tim.server.emulator.util"
local json = require "tim.base.json"

local ipairs, type, sub = ipairs, type, string.sub
local array = json.array

local _M = { _VERSION = require "tim.version" }

local STANDARD = {
    Tag_Profile_IM_Nick = "string", Tag_Profile_IM_Gender = "string", Tag_Profile_IM_BirthDay = "number",
    Tag_Profile_IM_Location = "string", Tag_Profile_IM_SelfSignature = "string",
    Tag_Profile_IM_AllowType = "string", Tag_Profile_IM_Language = "number", Tag_Profile_IM_Image = "string",
    Tag_Profile_IM_MsgSettings = "number", Tag_Profile_IM_AdminForbidType = "string",
    Tag_Profile_IM_Level = "number", Tag_Profile_IM_Role = "number",
}
_M.STANDARD = STANDARD

local function tag_ok(tag, value)
    if type(tag) ~= "string" then return nil, "Tag must be a string" end
    local want = STANDARD[tag]
    if want then
        if type(value) ~= want then return nil, tag .. " must be a " .. want end
        return true
    end
    if sub(tag, 1, 19) == "Tag_Profile_Custom_" then
        if type(value) ~= "string" and type(value) ~= "number" then
            return nil, tag .. " must be a string or a number"
        end
        return true
    end
    return nil, "unknown profile tag " .. tag
end

-- changed(st, id): the account's profile changed (portrait_set, an import with Nick or FaceUrl). Its sequence
-- (follow_get's profile_sequence) counts the changes the emulator saw; snapshots do not keep it.
function _M.changed(st, id)
    local a = st:account(id)
    if a then a.profile_seq = (a.profile_seq or 0) + 1 end
end

function _M.sequence(st, id)
    local a = st:account(id)
    return a and a.profile_seq or 0
end

-- items(p, tags [, into]) -> into (a new array without it) with { Tag, Value } for each of tags that the profile p
-- (get's answer, or nil) holds, in the order of tags: the ProfileItem lists of portrait_get, sns's friend_get_list
-- and follow_get
function _M.items(p, tags, into)
    into = into or array()
    for _, tag in ipairs(p and tags or {}) do
        if p[tag] ~= nil then into[#into + 1] = { Tag = tag, Value = p[tag] } end
    end
    return into
end

-- portrait_set { From_Account, ProfileItem = { { Tag, Value }, … } }
function _M.portrait_set(ctx, body)
    local id = body.From_Account
    if #body.ProfileItem == 0 then return nil, 40001, "ProfileItem is empty" end
    if not ctx.st:account(id) then return nil, 40003, "account " .. id .. " not imported" end
    for _, it in ipairs(body.ProfileItem) do
        local ok, why = tag_ok(it.Tag, it.Value)
        if not ok then return nil, 40001, why end
    end
    local p = ctx.st.profiles[id]
    for _, it in ipairs(body.ProfileItem) do p[it.Tag] = it.Value end
    _M.changed(ctx.st, id)
    util.after(ctx, "Profile.CallbackPortraitSet", { Operator_Account = ctx.admin, From_Account = id,
                                                      ProfileItem = body.ProfileItem })
    return {}
end

-- portrait_get { To_Account = { … }, TagList = { … } } -> UserProfileItem = { { To_Account, ProfileItem,
--   ResultCode, ResultInfo } } (1047/34917: an account that was not imported has ResultCode 40003; the page's
--   answer has no list of failed accounts)
function _M.portrait_get(ctx, body)
    if #body.To_Account == 0 then return nil, 40001, "To_Account must be a non-empty array of UserIDs" end
    if #body.TagList == 0 then return nil, 40001, "TagList must be a non-empty array of tags" end
    local items = array()
    for _, id in ipairs(body.To_Account) do
        local p = ctx.st.profiles[id]
        if p then
            items[#items + 1] = { To_Account = id, ProfileItem = _M.items(p, body.TagList), ResultCode = 0,
                                  ResultInfo = "" }
        else
            items[#items + 1] = { To_Account = id, ProfileItem = array(), ResultCode = 40003,
                                  ResultInfo = "account not imported" }
        end
    end
    return { UserProfileItem = items }
end

_M.routes = {
    ["profile/portrait_set"] = _M.portrait_set,
    ["profile/portrait_get"] = _M.portrait_get,
}

---------------------------------------------------------------------------------------------------------------
-- The profiles slice, st.profiles: UserID -> { tag -> value }, one per account. This family is its only
-- writer: the core (tim.server.emulator.state) creates, drops and snapshots an account's profile with the
-- account through these, and every other family reads one with get (and writes a tag with set).
_M.SLICES = { "profiles" }

function _M.reset(st) st.profiles = {} end
function _M.create(st, id) st.profiles[id] = {} end
function _M.drop(st, id) st.profiles[id] = nil end

-- get(st, id) -> the account's profile (tag -> value; read it, do not keep or change it) | nil
function _M.get(st, id) return st.profiles[id] end

-- set(st, id, tag, value): one tag of an existing profile, unchecked (portrait_set checks what it is given) and
-- not counted as a change (changed does that)
function _M.set(st, id, tag, value) st.profiles[id][tag] = value end

return _M

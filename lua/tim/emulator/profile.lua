-- profile/portrait_set and profile/portrait_get: standard Tag_Profile_IM_* tags and Tag_Profile_Custom_* tags.
local util = require "tim.emulator.util"
local json = require "tim.json"

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

-- portrait_set { From_Account, ProfileItem = { { Tag, Value }, … } }
function _M.portrait_set(ctx, body)
    local id = body.From_Account
    if not util.is_id(id) then return nil, 40001, "From_Account must be a UserID" end
    if type(body.ProfileItem) ~= "table" or #body.ProfileItem == 0 then
        return nil, 40001, "ProfileItem must be a non-empty array"
    end
    if not ctx.st:account(id) then return nil, 40003, "account " .. id .. " not imported" end
    for _, it in ipairs(body.ProfileItem) do
        if type(it) ~= "table" then return nil, 40001, "ProfileItem items must be objects" end
        local ok, why = tag_ok(it.Tag, it.Value)
        if not ok then return nil, 40001, why end
    end
    local p = ctx.st.profiles[id]
    for _, it in ipairs(body.ProfileItem) do p[it.Tag] = it.Value end
    util.after(ctx, "Profile.CallbackPortraitSet", { Operator_Account = ctx.admin, From_Account = id,
                                                      ProfileItem = body.ProfileItem })
    return {}
end

-- portrait_get { To_Account = { … }, TagList = { … } } -> UserProfileItem, FailAccount
function _M.portrait_get(ctx, body)
    if not util.string_list(body.To_Account, 100) then
        return nil, 40001, "To_Account must be a non-empty array of at most 100 UserIDs"
    end
    if not util.string_list(body.TagList) then return nil, 40001, "TagList must be a non-empty array of tags" end
    local items, fail = array(), array()
    for _, id in ipairs(body.To_Account) do
        local p = ctx.st.profiles[id]
        if p then
            local pi = array()
            for _, tag in ipairs(body.TagList) do
                if p[tag] ~= nil then pi[#pi + 1] = { Tag = tag, Value = p[tag] } end
            end
            items[#items + 1] = { To_Account = id, ProfileItem = pi, ResultCode = 0, ResultInfo = "" }
        else
            fail[#fail + 1] = id
            items[#items + 1] = { To_Account = id, ProfileItem = array(), ResultCode = 40003,
                                  ResultInfo = "account not imported" }
        end
    end
    return { UserProfileItem = items, FailAccount = fail }
end

_M.routes = {
    ["profile/portrait_set"] = _M.portrait_set,
    ["profile/portrait_get"] = _M.portrait_get,
}

return _M

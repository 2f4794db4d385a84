-- im_open_login_svc/* and openim/query_online_status: import, delete, check, kick, online status.
local util = require "tim.emulator.util"
local json = require "tim.json"

local ipairs, type, tostring = ipairs, type, tostring
local array = json.array

local _M = { _VERSION = require "tim.version" }

-- Nick and FaceUrl become the profile's Tag_Profile_IM_Nick and _Image: strings, as portrait_set requires
local function profile_fields_ok(it)
    return (it.Nick == nil or type(it.Nick) == "string") and (it.FaceUrl == nil or type(it.FaceUrl) == "string")
end

-- account_import { UserID, Nick?, FaceUrl? } (old name of UserID: Identifier)
function _M.account_import(ctx, body)
    local id = body.UserID or body.Identifier
    if not util.is_id(id) then return nil, 70402, "UserID must be a string of 1..32 bytes" end
    if not profile_fields_ok(body) then return nil, 70402, "Nick and FaceUrl must be strings" end
    ctx.st:import_account(id, body)
    return {}
end

-- multiaccount_import { Accounts = { id, … } } or the newer { AccountList = { { UserID, Nick?, FaceUrl? }, … } }
-- (at most 100) -> FailAccounts
function _M.multiaccount_import(ctx, body)
    local field = body.AccountList ~= nil and "AccountList" or "Accounts"
    local list = body[field]
    if type(list) ~= "table" or #list == 0 then return nil, 70402, field .. " must be a non-empty array" end
    if #list > 100 then return nil, 70402, field .. " holds more than 100 accounts" end
    local fail = array()
    for _, it in ipairs(list) do
        local id, fields = it, {}
        if type(it) == "table" then id, fields = it.UserID, it end
        if util.is_id(id) and profile_fields_ok(fields) then ctx.st:import_account(id, fields)
        else fail[#fail + 1] = tostring(id) end
    end
    return { FailAccounts = fail }
end

local function items(list, what)
    if type(list) ~= "table" or #list == 0 then return nil, what .. " must be a non-empty array" end
    if #list > 100 then return nil, what .. " holds more than 100 items" end
    for _, it in ipairs(list) do
        if type(it) ~= "table" or not util.is_id(it.UserID) then
            return nil, what .. " items must be objects with a UserID"
        end
    end
    return true
end

-- account_delete { DeleteItem = { { UserID }, … } } -> ResultItem
function _M.account_delete(ctx, body)
    local ok, why = items(body.DeleteItem, "DeleteItem")
    if not ok then return nil, 70402, why end
    local res = array()
    for _, it in ipairs(body.DeleteItem) do
        if it.UserID ~= ctx.st.admin and ctx.st:delete_account(it.UserID) then
            res[#res + 1] = { UserID = it.UserID, ResultCode = 0, ResultInfo = "" }
        else
            res[#res + 1] = { UserID = it.UserID, ResultCode = 70107, ResultInfo = "account not imported" }
        end
    end
    return { ResultItem = res }
end

-- account_check { CheckItem = { { UserID }, … } } -> ResultItem with AccountStatus Imported | NotImported
function _M.account_check(ctx, body)
    local ok, why = items(body.CheckItem, "CheckItem")
    if not ok then return nil, 70402, why end
    local res = array()
    for _, it in ipairs(body.CheckItem) do
        res[#res + 1] = { UserID = it.UserID, ResultCode = 0, ResultInfo = "",
                          AccountStatus = ctx.st:account(it.UserID) and "Imported" or "NotImported" }
    end
    return { ResultItem = res }
end

-- kick { UserID }: the account's login state ends
function _M.kick(ctx, body)
    local id = body.UserID or body.Identifier
    if not util.is_id(id) then return nil, 70402, "UserID must be a string of 1..32 bytes" end
    local a = ctx.st:account(id)
    if not a then return nil, 70107, "account " .. id .. " not imported" end
    a.status, a.platform = "Offline", nil
    return {}
end

-- query_online_status { To_Account = { … }, IsNeedDetail = 0|1 } -> QueryResult, ErrorList
function _M.query_online_status(ctx, body)
    local list = body.To_Account
    if not util.string_list(list, 500) then
        return nil, 70402, "To_Account must be a non-empty array of at most 500 UserIDs"
    end
    local res, errs = array(), array()
    for _, id in ipairs(list) do
        local a = ctx.st:account(id)
        if a then
            local r = { To_Account = id, Status = a.status }
            if body.IsNeedDetail == 1 then
                r.Detail = array()
                if a.platform then r.Detail[1] = { Platform = a.platform, Status = a.status } end
            end
            res[#res + 1] = r
        else
            errs[#errs + 1] = { To_Account = id, ErrorCode = 70107 }
        end
    end
    return { QueryResult = res, ErrorList = errs }
end

_M.routes = {
    ["im_open_login_svc/account_import"] = _M.account_import,
    ["im_open_login_svc/multiaccount_import"] = _M.multiaccount_import,
    ["im_open_login_svc/account_delete"] = _M.account_delete,
    ["im_open_login_svc/account_check"] = _M.account_check,
    ["im_open_login_svc/kick"] = _M.kick,
    ["openim/query_online_status"] = _M.query_online_status,
    ["openim/querystate"] = _M.query_online_status,
}

return _M

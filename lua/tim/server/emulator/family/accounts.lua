-- im_open_login_svc/* and openim/query_online_status: import, delete, check, kick, online status.
--
-- The request's fields, types and list limits are checked before a handler runs, against the endpoint's record
-- (tim.base.catalogue.accounts, the emulator's check_body: 70402 for a malformed request). What is left here is
-- what a tree cannot say: whether an account exists, which of the two multiaccount_import forms was sent, and an
-- empty UserID or list.
local json = require "tim.base.json"
local profile = require "tim.server.emulator.family.profile"

local ipairs = ipairs
local array = json.array

local _M = { _VERSION = require "tim.version" }

-- an import that sets Nick or FaceUrl changes the profile (its sequence, tim.server.emulator.family.profile)
local function import(st, id, fields)
    st:import_account(id, fields)
    if fields.Nick ~= nil or fields.FaceUrl ~= nil then profile.changed(st, id) end
end

-- account_import { UserID, Nick?, FaceUrl? } (1047/34953; the 2020 name Identifier is not on the current page)
function _M.account_import(ctx, body)
    if body.UserID == "" then return nil, 70402, "UserID is empty" end
    import(ctx.st, body.UserID, body)
    return {}
end

-- multiaccount_import: the newer { AccountList = { { UserID, Nick?, FaceUrl? }, … } } or the older
-- { Accounts = { "UserID", … } } (1047/34954: one form per request, at most 100) -> FailAccounts (the UserIDs that
-- were not imported: an empty one)
function _M.multiaccount_import(ctx, body)
    local list, older = body.AccountList, body.Accounts
    if list ~= nil and older ~= nil then return nil, 70402, "send AccountList or Accounts, not both" end
    if list == nil and older == nil then return nil, 70402, "AccountList (or the older Accounts) is required" end
    local field = list ~= nil and "AccountList" or "Accounts"
    list = list or older
    if #list == 0 then return nil, 70402, field .. " is empty" end
    local fail = array()
    for _, it in ipairs(list) do
        local id, fields = it, {}
        if field == "AccountList" then id, fields = it.UserID, it end
        if id == "" then fail[#fail + 1] = id else import(ctx.st, id, fields) end
    end
    return { FailAccounts = fail }
end

-- account_delete { DeleteItem = { { UserID }, … } } -> ResultItem (70107: not imported; the admin stays)
function _M.account_delete(ctx, body)
    if #body.DeleteItem == 0 then return nil, 70402, "DeleteItem is empty" end
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
    if #body.CheckItem == 0 then return nil, 70402, "CheckItem is empty" end
    local res = array()
    for _, it in ipairs(body.CheckItem) do
        res[#res + 1] = { UserID = it.UserID, ResultCode = 0, ResultInfo = "",
                          AccountStatus = ctx.st:account(it.UserID) and "Imported" or "NotImported" }
    end
    return { ResultItem = res }
end

-- kick { UserID }: the account's login state ends (1047/34957; the 2020 name Identifier is not on the current
-- page)
function _M.kick(ctx, body)
    local a = ctx.st:account(body.UserID)
    if not a then return nil, 70107, "account " .. body.UserID .. " not imported" end
    a.status, a.platform = "Offline", nil
    return {}
end

-- query_online_status { To_Account = { … }, IsNeedDetail = 0|1 } -> QueryResult = { { To_Account, State,
--   Detail = { { Platform, Status } } } }, ErrorList = { { To_Account, ErrorCode = 70107 } } (1047/35477)
function _M.query_online_status(ctx, body)
    local list = body.To_Account
    if #list == 0 then return nil, 70402, "To_Account is empty" end
    local res, errs = array(), array()
    for _, id in ipairs(list) do
        local a = ctx.st:account(id)
        if a then
            local r = { To_Account = id, State = a.status }
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

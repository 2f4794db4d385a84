-- recentcontact/get_list and recentcontact/delete: sessions kept by C2C and group sends.
local util = require "tim.emulator.util"
local json = require "tim.json"

local pairs, type = pairs, type
local sort = table.sort
local array = json.array

local _M = { _VERSION = require "tim.version" }

local PAGE = 100

-- get_list { From_Account, TimeStamp?, StartIndex?, TopTimeStamp?, TopStartIndex?, AssistFlags? }
--   -> SessionItem (newest first), CompleteFlag, TimeStamp, StartIndex, TopTimeStamp, TopStartIndex
function _M.get_list(ctx, body)
    local st = ctx.st
    local id = body.From_Account
    if not util.is_id(id) then return nil, 50002, "From_Account must be a UserID" end
    if not st:account(id) then return nil, 50001, "From_Account " .. id .. " not imported" end
    local start = body.StartIndex == nil and 0 or body.StartIndex
    if not util.is_int(start, 0) then return nil, 50002, "StartIndex must be a non-negative integer" end
    local all = {}
    for _, s in pairs(st.recent[id] or {}) do all[#all + 1] = s end
    sort(all, function(a, b)
        if a.MsgTime ~= b.MsgTime then return a.MsgTime > b.MsgTime end
        return a.serial > b.serial
    end)
    local items = array()
    for i = start + 1, math.min(#all, start + PAGE) do
        local s = all[i]
        items[#items + 1] = { Type = s.Type, To_Account = s.To_Account, GroupId = s.GroupId, MsgTime = s.MsgTime,
                              TopFlag = s.TopFlag }
    end
    local done = start + PAGE >= #all
    return { SessionItem = items, CompleteFlag = done and 1 or 0, TimeStamp = st:now(),
             StartIndex = done and 0 or start + PAGE, TopTimeStamp = 0, TopStartIndex = 0 }
end

-- delete { From_Account, Type = 1 (C2C) | 2 (group), To_Account | ToGroupid, ClearRamble? }
function _M.delete(ctx, body)
    local st = ctx.st
    local id = body.From_Account
    if not util.is_id(id) then return nil, 50002, "From_Account must be a UserID" end
    if not st:account(id) then return nil, 50001, "From_Account " .. id .. " not imported" end
    local peer
    if body.Type == 1 then peer = body.To_Account
    elseif body.Type == 2 then peer = body.ToGroupid or body.GroupId
    else return nil, 50002, "Type must be 1 (C2C) or 2 (group)" end
    if type(peer) ~= "string" or peer == "" then
        return nil, 50002, body.Type == 1 and "To_Account must be a UserID" or "ToGroupid must be a GroupId"
    end
    local r = st.recent[id]
    if r then r[body.Type .. ":" .. peer] = nil end
    return {}
end

_M.routes = {
    ["recentcontact/get_list"] = _M.get_list,
    ["recentcontact/delete"] = _M.delete,
}

return _M

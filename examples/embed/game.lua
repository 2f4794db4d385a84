-- The Lua side of the embedding example: what a game server's scripting layer would keep. The C host calls these
-- functions; each returns (result, err) like lua-tim itself, so C can check both.
-- luacheck: read globals host_log
local tim = require "tim"

local _M = {}
local im

-- connect(endpoint, sdkappid, key) -> true | nil, err
function _M.connect(endpoint, sdkappid, key)
    local err
    im, err = tim.new{ endpoint = endpoint, sdkappid = sdkappid, key = key, timeout = 5 }
    if not im then return nil, err end
    return true
end

-- import_player(id, nick) -> res | nil, err
function _M.import_player(id, nick)
    return im.im_open_login_svc.account_import{ UserID = id, Nick = nick }
end

-- send_message(from, to, text) -> res (with MsgKey) | nil, err
function _M.send_message(from, to, text)
    host_log(string.format("send %s -> %s (%d bytes)", from, to, #text))   -- a C function the host registered
    return im.openim.sendmsg{ From_Account = from, To_Account = to,
                              MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = text } } } }
end

-- history_count(a, b) -> number of messages between a and b | nil, err
function _M.history_count(a, b)
    local res, err = im.openim.admin_getroammsg{ Operator_Account = a, Peer_Account = b, MaxCnt = 100,
                                                 MinTime = 0, MaxTime = 4294967295 }
    if not res then return nil, err end
    return res.MsgCnt
end

return _M

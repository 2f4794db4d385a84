-- The Lua side of the embedding example: what a game server's scripting layer would keep. The C host calls these
-- functions; each returns (result, err) like lua-tim itself, so C can check both.
--
-- Two ways to call IM from a game server:
--   * at start-up, before the frame loop runs, a plain client may block (import_player, send_message, ...);
--   * once frames run, nothing may block a frame: calls go through a tim.loop (start_burst), and the host calls
--     frame(budget) once per frame, which runs what is ready and returns within about `budget` seconds. The
--     transport, the retries' back-offs and the rate limiter's waits all yield to the loop.
-- luacheck: read globals host_log
local tim = require "tim"
local tloop = require "tim.loop"
local json = require "tim.json"
local socket = require "socket"

local _M = {}
local im                   -- blocking: start-up only
local loop, lim            -- the frame loop's dispatcher and its client
local endpoint
local burst                -- what the calls in flight have done so far

-- connect(endpoint, sdkappid, key) -> true | nil, err
function _M.connect(url, sdkappid, key)
    local err
    endpoint = url
    im, err = tim.new{ endpoint = url, sdkappid = sdkappid, key = key, timeout = 5 }
    if not im then return nil, err end
    loop = tloop.new()
    lim, err = tim.new{
        endpoint = url, sdkappid = sdkappid, key = key, loop = loop, timeout = 5, deadline = 20, retries = 4,
        -- a tighter budget than the service's 200/s, so that a burst waits for tokens (and the waits yield)
        ratelimit = { default = { rate = 150, burst = 30 } },
        on_response = function(r)
            if burst then
                burst.attempts = burst.attempts + 1
                if r.status == 502 then burst.http502 = burst.http502 + 1 end
            end
        end,
        on_request = function(r)
            -- hooks run in the calling task: its first send came late when it waited for a token
            local b = burst
            local started = b and r.attempt == 1 and b.started[coroutine.running()]
            if started and socket.gettime() - started > 0.005 then
                b.waited = b.waited + 1
            end
        end,
    }
    if not lim then return nil, err end
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

-- The raising idioms, for code that would rather not check each answer: both raise when the call fails, and the
-- host's message handler (host.c, msghandler) prints either readably.
-- strict_send: plain assert raises the error object itself (a table; C reads it through its __tostring)
function _M.strict_send(from, to, text)
    return assert(im.openim.sendmsg{ From_Account = from, To_Account = to,
                                     MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = text } } } })
end

-- checked_send: tim.assert raises the error's one line, a string (readable by any reader, nginx's log too)
function _M.checked_send(from, to, text)
    return tim.assert(im.openim.sendmsg{ From_Account = from, To_Account = to,
                                         MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = text } } } })
end

-- history_count(a, b) -> number of messages between a and b | nil, err
function _M.history_count(a, b)
    local res, err = im.openim.admin_getroammsg{ Operator_Account = a, Peer_Account = b, MaxCnt = 100,
                                                 MinTime = 0, MaxTime = 4294967295 }
    if not res then return nil, err end
    return res.MsgCnt
end

-- POST /_emulator/faults through the loop's own transport (a task: it yields like everything else)
local function inject_502s(count)
    local host, port = endpoint:match("^http://([%d%.]+):(%d+)$")
    local t = loop:transport()
    local resp, err = t:request{ method = "POST", scheme = "http", host = host, port = tonumber(port),
                                 path = "/_emulator/faults", timeout = 2,
                                 headers = { ["Content-Type"] = "application/json" },
                                 body = json.encode{ status = 502, count = count } }
    t:close()
    return resp and resp.status == 200, err
end

-- start_burst(calls, faults) -> true: from now on, `calls` messages are in flight, the first `faults` requests
-- answered 502 by the emulator (each one retried by the client after a back-off).
function _M.start_burst(calls, faults)
    burst = { calls = calls, ok = 0, failed = 0, attempts = 0, http502 = 0, waited = 0, finished = 0,
              last_error = nil, started = setmetatable({}, { __mode = "k" }) }
    local b = burst
    loop:spawn(function()
        if faults > 0 then
            local ok, err = inject_502s(faults)
            if not ok then host_log("could not inject faults: " .. tostring(err)) end
        end
        for i = 1, calls do
            loop:spawn(function()
                b.started[coroutine.running()] = socket.gettime()
                local res, err = lim.openim.sendmsg{
                    From_Account = i % 2 == 0 and "knight" or "wizard", To_Account = i % 2 == 0 and "wizard" or
                    "knight", MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "frame msg " .. i } } } }
                if res then
                    b.ok = b.ok + 1
                else
                    b.failed = b.failed + 1
                    b.last_error = tostring(err)
                end
                b.finished = b.finished + 1
            end)
        end
    end)
    return true
end

-- frame(budget) -> calls still in flight. Runs what is ready; returns within about `budget` seconds.
function _M.frame(budget)
    loop:step(budget)
    return burst and (burst.calls - burst.finished) or 0
end

-- burst_stats() -> { calls, ok, failed, attempts, http502, waited, last_error }
function _M.burst_stats()
    return burst
end

return _M

-- A scripted transport for the client specs: a queue of answers, and a record of every request it was given.
--
--   local fake = require "support.fake_transport"
--   local t = fake.new()
--   t:ok{ MsgTime = 1 }                          -- 200, {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"",...}
--   t:api(60007, "over limit")                   -- 200, ActionStatus FAIL with that ErrorCode
--   t:status(502, "<html>bad gateway</html>")    -- another HTTP status
--   t:raw(200, "not json")                       -- any body
--   t:fail("timeout", true)                      -- a transport error (kind, sent)
--   t:push(function(req) return resp, err end)   -- computed
--   im = tim.new{ ..., transport = t }
--   t.requests[1].path, t:body(1) (decoded), t:query(1) (the query parameters), #t.queue (answers left)
-- An empty queue answers a network error whose message says so, and counts it in t.unexpected.
local json = require "tim.json"

local _M = {}
local mt = { __index = _M }

function _M.new()
    return setmetatable({ queue = {}, requests = {}, unexpected = 0 }, mt)
end

function _M:push(answer)
    self.queue[#self.queue + 1] = answer
    return self
end

function _M:raw(status, body, headers)
    return self:push({ status = status, body = body, headers = headers or { ["content-type"] = "application/json" } })
end

function _M:ok(fields)
    local t = { ActionStatus = "OK", ErrorCode = 0, ErrorInfo = "" }
    for k, v in pairs(fields or {}) do
        t[k] = v
    end
    return self:raw(200, assert(json.encode(t)))
end

function _M:api(code, info, fields)
    local t = { ActionStatus = "FAIL", ErrorCode = code, ErrorInfo = info or "" }
    for k, v in pairs(fields or {}) do
        t[k] = v
    end
    return self:raw(200, assert(json.encode(t)))
end

function _M:status(code, body)
    return self:raw(code, body or "", { ["content-type"] = "text/html" })
end

function _M:fail(kind, sent, message)
    return self:push({ fail = { kind = kind, sent = sent, message = message or ("fake " .. kind) } })
end

function _M:request(req)
    local _ = req.path      -- made when first read (tim.call): read it before copying with pairs()
    local copy = {}
    for k, v in pairs(req) do
        copy[k] = v
    end
    self.requests[#self.requests + 1] = copy
    local answer = table.remove(self.queue, 1)
    if answer == nil then
        self.unexpected = self.unexpected + 1
        return nil, { kind = "network", sent = false, message = "fake_transport: no scripted answer left" }
    end
    if type(answer) == "function" then
        return answer(req)
    end
    if answer.fail then
        return nil, answer.fail
    end
    return answer
end

-- the decoded JSON body of request i
function _M:body(i)
    return assert(json.decode(self.requests[i].body))
end

-- the query parameters of a request path, decoded
function _M.params(path)
    local q = {}
    local query = path:match("%?(.*)$") or ""
    for k, v in query:gmatch("([^&=]+)=([^&]*)") do
        q[k] = v:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end)
    end
    return q
end

-- the query parameters of request i
function _M:query(i)
    return _M.params(self.requests[i].path)
end

--- A fake clock: now() returns t.time, sleep(s) advances it and records s.
function _M.clock(start)
    local c = { time = start or 1700000000, sleeps = {} }
    c.now = function()
        return c.time
    end
    c.sleep = function(s)
        c.sleeps[#c.sleeps + 1] = s
        c.time = c.time + s
    end
    return c
end

_M.KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"    -- a made-up test key
_M.SDKAPPID = 1400000000

--- A client on a fake transport and a fake clock, rate limits off unless `extra` says otherwise
--- (`extra.x = false` removes option x, except ratelimit). Returns im, transport, clock.
function _M.client(extra)
    local tim = require "tim"
    local t, c = _M.new(), _M.clock()
    local opts = { sdkappid = _M.SDKAPPID, key = _M.KEY, endpoint = "https://im.example.test", transport = t,
                   now = c.now, sleep = c.sleep, ratelimit = false }
    for k, v in pairs(extra or {}) do
        if v == false and k ~= "ratelimit" and k ~= "validate" and k ~= "on_drift" then
            opts[k] = nil
        else
            opts[k] = v
        end
    end
    local im = assert(tim.new(opts))
    return im, t, c
end

return _M

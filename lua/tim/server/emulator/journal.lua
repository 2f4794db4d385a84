-- tim.server.emulator.journal: the request log and the callback log the dashboard shows (and GET /_emulator/journal
-- returns). Two rings of the last 1,000 plain records, numbered by one sequence, so a reader asks "what is new
-- since N".
--
-- What is kept: for a /v4 request the path (never the query, which holds the UserSig), the HTTP status, the
-- ErrorCode/ErrorInfo answered, the time it took and the start of the request and answer bodies; for a callback
-- the command, the event sent and the app's reply or the failure. Neither ever holds the key: the key is not in
-- a request, and callback failures are scrubbed of the Sign query parameter.
local json = require "tim.base.json"

local setmetatable, type = setmetatable, type
local sub, floor = string.sub, math.floor
local gettime = require("socket").gettime

local _M = { _VERSION = require "tim.version" }
local mt = { __index = _M }

local DEFAULT_MAX = 1000
local MAX_TEXT = 4096

local function clip(s)
    if type(s) ~= "string" then return s end
    if #s > MAX_TEXT then return sub(s, 1, MAX_TEXT) .. "…" end
    return s
end

-- the UserSig and the callback Sign, also in a URL quoted percent-encoded ("Sign%3D...", once or twice): the one
-- redactor (tim.errors)
local scrub = require("tim.base.errors").redact_pairs
_M.scrub = scrub

-- A ring of the last max records: r[1..max] are its slots, r.first holds the oldest. take() gives the slot of a
-- new record: the next free one, or the oldest one's once the ring is full.
local function ring(max) return { first = 1, n = 0, max = max } end

local function take(r)
    if r.n < r.max then
        r.n = r.n + 1
        return (r.first + r.n - 2) % r.max + 1
    end
    local slot = r.first
    r.first = slot % r.max + 1
    return slot
end

-- new{ max = 1000 } -> journal
function _M.new(opts)
    opts = opts or {}
    local max = opts.max or DEFAULT_MAX
    -- answered callbacks per counters table of the state (st.stats), which a reset replaces: counts since reset
    return setmetatable({ max = max, seq = 0, requests = ring(max), callbacks = ring(max),
                          answered = setmetatable({}, { __mode = "k" }) }, mt)
end

-- request(path, status, code, info, seconds, req_body, answer_body)
-- This runs on every request: it keeps the record as given (the service and command are split, and long texts
-- clipped, when the dashboard reads it: request_view), in the table of the record it replaces once the ring is
-- full (a request record is read only through its view; a table not made per request is one the collector need
-- not sweep).
function _M.request(self, path, status, code, info, seconds, req_body, answer)
    local r = self.requests
    local slot = take(r)
    local rec = r[slot]
    if not rec then rec = {}; r[slot] = rec end
    self.seq = self.seq + 1
    rec.seq, rec.time, rec.path, rec.status, rec.code = self.seq, gettime(), path, status, code
    rec.info, rec.ms = (info and info ~= "") and scrub(info) or nil, floor(seconds * 1000 + 0.5)
    rec.request, rec.answer = req_body, answer
end

--- request_view(rec) -> the record as the dashboard shows it (service, command, clipped texts)
function _M.request_view(rec)
    local service, command = rec.path:match("^/v4/([^/]+)/([^/]+)$")
    return { seq = rec.seq, time = rec.time, path = rec.path, service = service, command = command,
             status = rec.status, code = rec.code, info = rec.info, ms = rec.ms, request = clip(rec.request),
             answer = clip(rec.answer) }
end

-- callback(command, event_table, reply_table | nil, err | nil, seconds, stats_table?)
function _M.callback(self, command, event, reply, err, seconds, stats)
    if reply ~= nil and stats then self.answered[stats] = (self.answered[stats] or 0) + 1 end
    local ev = json.encode(event)
    local rp = reply ~= nil and json.encode(reply) or nil
    local r = self.callbacks
    self.seq = self.seq + 1
    -- a new table each time: since() hands callback records out as they are
    r[take(r)] = { seq = self.seq, time = gettime(), command = command, event = clip(ev), reply = clip(rp),
                   error = err ~= nil and scrub(err) or nil, ok = reply ~= nil,
                   ms = floor((seconds or 0) * 1000 + 0.5) }
end

-- answered_callbacks(st.stats) -> callbacks that got an answer since that counters table was made (the last reset)
function _M.answered_callbacks(self, stats) return self.answered[stats] or 0 end

-- since(n) -> { seq = latest, requests = { newer than n }, callbacks = { newer than n } }, oldest first
function _M.since(self, n)
    n = n or 0
    local function newer(r, view)
        local out = json.array()
        for i = 0, r.n - 1 do
            local rec = r[(r.first + i - 1) % r.max + 1]
            if rec.seq > n then out[#out + 1] = view and view(rec) or rec end
        end
        return out
    end
    return { seq = self.seq, requests = newer(self.requests, _M.request_view), callbacks = newer(self.callbacks) }
end

function _M.clear(self)
    self.requests, self.callbacks = ring(self.max), ring(self.max)
end

return _M

-- tim.server.emulator.journal: the request log and the callback log the dashboard shows (and GET /_emulator/journal
-- returns). Two bounded rings of plain records, numbered by one sequence, so a reader asks "what is new since N".
--
-- What is kept: for a /v4 request the path (never the query, which holds the UserSig), the HTTP status, the
-- ErrorCode/ErrorInfo answered, the time it took and the start of the request and answer bodies; for a callback
-- the command, the event sent and the app's reply or the failure. Neither ever holds the key: the key is not in
-- a request, and callback failures are scrubbed of the Sign query parameter.
local json = require "tim.base.json"

local setmetatable, type, ipairs = setmetatable, type, ipairs
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

-- new{ max = 1000 } -> journal
function _M.new(opts)
    opts = opts or {}
    -- answered callbacks per counters table of the state (st.stats), which a reset replaces: counts since reset
    return setmetatable({ max = opts.max or DEFAULT_MAX, seq = 0, requests = {}, callbacks = {},
                          answered = setmetatable({}, { __mode = "k" }) }, mt)
end

local function push(self, ring, rec)
    self.seq = self.seq + 1
    rec.seq = self.seq
    ring[#ring + 1] = rec
    -- drop the oldest quarter at once: amortised O(1) per record, the ring never exceeds max
    if #ring > self.max then
        local keep, n = {}, 0
        for i = #ring - floor(self.max * 3 / 4) + 1, #ring do n = n + 1; keep[n] = ring[i] end
        for i = 1, #ring do ring[i] = keep[i] end
    end
end

-- request(path, status, code, info, seconds, req_body, answer_body)
-- This runs on every request: it keeps the record as given (the service and command are split, and long texts
-- clipped, when the dashboard reads it: request_view).
function _M.request(self, path, status, code, info, seconds, req_body, answer)
    push(self, self.requests, { time = gettime(), path = path, status = status, code = code,
                                info = (info and info ~= "") and scrub(info) or nil,
                                ms = floor(seconds * 1000 + 0.5), request = req_body, answer = answer })
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
    push(self, self.callbacks, { time = gettime(), command = command, event = clip(ev), reply = clip(rp),
                                 error = err ~= nil and scrub(err) or nil, ok = reply ~= nil,
                                 ms = floor((seconds or 0) * 1000 + 0.5) })
end

-- answered_callbacks(st.stats) -> callbacks that got an answer since that counters table was made (the last reset)
function _M.answered_callbacks(self, stats) return self.answered[stats] or 0 end

-- since(n) -> { seq = latest, requests = { newer than n }, callbacks = { newer than n } }
function _M.since(self, n)
    n = n or 0
    local function newer(ring, view)
        local out = json.array()
        for _, r in ipairs(ring) do if r.seq > n then out[#out + 1] = view and view(r) or r end end
        return out
    end
    return { seq = self.seq, requests = newer(self.requests, _M.request_view), callbacks = newer(self.callbacks) }
end

function _M.clear(self)
    self.requests, self.callbacks = {}, {}
end

return _M

-- tim.client.outcome: what one attempt's result says happened, and whether the call may send the request again.
--
-- This is the one place that decides a resend (the client's pipeline asks, nothing below it resends):
--
--   local res, fields, class = outcome.judge(resp, terr)     -- res: the decoded answer, or nil
--   local again = outcome.may_resend(class, safe)           -- safe: idempotent or deduplicated command
--
-- Classes, from what the service can have done with the request:
--   ratelimit  refused before processing (60007 and friends, HTTP 429): resend after a back-off
--   unsent     no byte of the request reached the server (connect refused, nothing written): resend
--   retry      the service answered that it did not carry the request out and asks for a retry: resend
--   doubt      it may have carried it out (timeout, reset or close after writing, a 5xx, an unreadable answer,
--              a transient ErrorCode): resend only a command that is safe to repeat
--   sig        the admin UserSig was refused: the pipeline renews it once (never a blind resend)
--   fatal      it did not carry it out and trying again will not help (bad request, TLS failure, no transport)
-- `in_doubt` on the error object is true exactly for the class doubt.
local type = type
local tostring = tostring
local tonumber = tonumber

local json = require "tim.base.json"
local errors = require "tim.base.errors"

local json_decode = json.decode
local is_array = json.is_array

local _M = { _VERSION = require "tim.version" }

-- A transport's report -> fields and class. Custom transports may give only { kind, message, sent }.
local function transport_failure(terr)
    if type(terr) ~= "table" then
        -- a bare string: nothing says what was written, so the worst is assumed
        return { kind = "network", message = tostring(terr or "transport error") }, "doubt"
    end
    local kind = terr.kind
    local msg = terr.message or tostring(kind or "transport error")
    if kind ~= "timeout" and kind ~= "tls" then
        kind = "network"
    end
    local fields = { kind = kind, message = msg }
    if terr.setup or kind == "tls" then
        return fields, "fatal"          -- certificates and a missing transport do not heal; nothing was written
    end
    local written = terr.written
    if written == nil and terr.sent == false then
        written = 0
    end
    if written == 0 then
        if terr.kind == "protocol" then
            return fields, "fatal"      -- our own request could not be written: the same bytes would fail again
        end
        return fields, "unsent"
    end
    return fields, "doubt"
end

local function http_failure(resp)
    local status = resp.status
    local decoded = json_decode(resp.body or "")
    local fields = { kind = "http", http_status = status, message = "HTTP status " .. tostring(status),
                     body = type(decoded) == "table" and decoded or nil }
    if status >= 500 then
        return fields, "doubt"          -- a gateway's 502/504 may come after the backend acted
    elseif status == 429 then
        return fields, "ratelimit"
    elseif status == 408 then
        return fields, "unsent"         -- the server gave up waiting for the request: it did not act
    end
    return fields, "fatal"              -- refused before reaching the service (3xx, 4xx)
end

--- judge(resp, terr [, service]) -> res | nil, fields, class
-- resp: the transport's { status, body } or nil; terr: its error when resp is nil; service: the servicename, for
-- the codes some pages read differently (10008 on the robot pages).
-- fields: the error object's fields (kind, code, message, http_status, body); class: see the header.
function _M.judge(resp, terr, service)
    if not resp then
        return nil, transport_failure(terr)
    end
    if resp.status ~= 200 then
        return nil, http_failure(resp)
    end
    local res, derr = json_decode(resp.body or "")
    if type(res) ~= "table" or res[1] ~= nil or is_array(res) then
        -- the service answered 200 and we cannot read what it said: it may well have acted
        return nil, { kind = "decode", http_status = 200,
                      message = "the response is not a JSON object: " .. tostring(derr or "got " .. type(res)) },
               "doubt"
    end
    local code = res.ErrorCode
    if (code == nil or code == 0) and res.ActionStatus ~= "FAIL" then
        return res
    end
    local info = res.ErrorInfo
    local fields = { kind = "api", code = code, http_status = 200, body = res,
                     message = type(info) == "string" and info or "" }
    code = tonumber(code)
    if not code then
        return nil, fields, "fatal"
    end
    local class = _M.class_of_code(code, service)
    if class == "ratelimit" then
        fields.kind = "api"             -- the service's own limit: kind api, code 60007...
    end
    return nil, fields, class
end

--- in_doubt(class) -> bool
function _M.in_doubt(class)
    return class == "doubt"
end

--- may_resend(class, safe) -> bool: may the request be sent again? `safe`: the command is idempotent or carries
-- a dedup key filled once for the whole call. (The UserSig class is the pipeline's: it renews the sig first.)
function _M.may_resend(class, safe)
    if class == "ratelimit" or class == "unsent" or class == "retry" then
        return true
    end
    if class == "doubt" then
        return safe == true
    end
    return false
end

--- class_of_code(code [, service]) -> the class of an answer's ErrorCode (what judge gives an answer carrying it)
function _M.class_of_code(code, service)
    local class = errors.class(code, service)
    if class == "transient" then
        return errors.in_doubt(code, service) and "doubt" or "retry"
    end
    return class
end

--- item_may_resend(code, safe [, service]) -> may an item a batch's answer reported failed with this ErrorCode be
-- sent again? The same rule as a call's (a sig refusal included: the next call renews the sig).
function _M.item_may_resend(code, safe, service)
    local class = _M.class_of_code(code, service)
    return class == "sig" or _M.may_resend(class, safe)
end

--- copies(resp, terr) -> 1 when the attempt put (or may have put) the request on the wire, else 0.
function _M.copies(resp, terr)
    if resp then
        return 1
    end
    if type(terr) == "table" then
        if terr.written == 0 or (terr.written == nil and terr.sent == false) then
            return 0
        end
    end
    return 1
end

return _M

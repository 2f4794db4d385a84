-- tim.transport.common: what the built-in transports share, so that both speak the transport contract the same
-- way: the error object, the checks of a request, and how a failure of the tim.http codec becomes an error.

local setmetatable = setmetatable
local tostring = tostring
local type = type
local format = string.format
local find = string.find
local gsub = string.gsub
local sub = string.sub
local error = error

local _M = { _VERSION = require "tim.version" }

local err_mt = { __tostring = function(e) return e.message end }
err_mt.__concat = function(a, b)
    return (type(a) == "table" and a.message or tostring(a)) .. (type(b) == "table" and b.message or tostring(b))
end

--- errors(mod) -> new_error(kind, message, sent [, setup]): error objects { kind, message, sent, setup } whose
-- message starts with the module's name. sent = false only when no byte can have reached the server; setup = true
-- when the request cannot be made from here at all (trying again will not help).
function _M.errors(mod)
    local prefix = mod .. ": "
    return function(kind, message, sent, setup)
        return setmetatable({ kind = kind, message = prefix .. message, sent = sent and true or false,
                              setup = setup or nil }, err_mt)
    end
end

function _M.is_ip(host)
    return find(host, "^%d+%.%d+%.%d+%.%d+$") ~= nil or find(host, ":", 1, true) ~= nil
end

--- check(mod, req, new_error) -> scheme | nil, err
-- A malformed request is the caller's bug: raised, naming the field. A request to turn verification off without
-- the loudly named option is refused as an error of kind tls.
function _M.check(mod, req, new_error)
    if type(req) ~= "table" then
        error(mod .. ".request: req must be a table", 3)
    end
    if type(req.host) ~= "string" or req.host == "" then
        error(mod .. ".request: req.host must be a non-empty string", 3)
    end
    if type(req.path) ~= "string" or sub(req.path, 1, 1) ~= "/" then
        error(mod .. ".request: req.path must be a string starting with '/'", 3)
    end
    local scheme = req.scheme or "http"
    if scheme ~= "http" and scheme ~= "https" then
        error(mod .. ".request: req.scheme must be \"http\" or \"https\"", 3)
    end
    local tls = req.tls
    if tls and tls.verify == false and not tls.insecure_skip_verify then
        return nil, new_error("tls", "tls.verify = false is refused: certificate checks stay on unless "
                              .. "tls.insecure_skip_verify = true is set", false)
    end
    return scheme
end

-- tim.http failure kinds -> transport error kinds
local KIND = { timeout = "timeout", network = "network", closed = "network", protocol = "protocol",
               limit = "protocol" }

--- http_error(new_error, req, detail, message, sent) -> err, kind: a codec failure as a transport error. The
-- message names the request by method, host, port and path: never the query, which carries the UserSig.
function _M.http_error(new_error, req, detail, message, sent)
    local kind = KIND[detail.kind] or "protocol"
    local where = format(" (%s %s:%s%s)", req.method or "GET", req.host, tostring(req.port or ""),
                         (gsub(req.path, "%?.*", "")))
    return new_error(kind, (gsub(message, "^tim%.http%.", "", 1)) .. where, sent), kind
end

return _M

-- tim.net.transport.common: what the built-in transports share, so that both speak the transport contract the same
-- way: the error report, the checks of a request, the one certificate-name rule, and how a failure of the
-- tim.net.http codec becomes an error.
--
-- The report. A transport never sends a request twice: the client decides resends, from what the transport
-- says happened. A failed request() returns nil, err with
--   err.kind      "network" | "timeout" | "tls" | "protocol"
--   err.message   one line, starting with the module's name, never with the query (it carries the UserSig)
--   err.written   bytes of the request that left (0: none; nil: some may have, the driver cannot tell)
--   err.complete  true when the whole request left
--   err.reused    true when the connection had carried an earlier exchange
--   err.received  true when any byte of an answer came back (a 1xx included)
--   err.sent      false only when no byte can have reached the server (= written == 0), for older callers
--   err.setup     true when the request cannot be made from here at all (trying again will not help)

local setmetatable, tostring, type, error = setmetatable, tostring, type, error
local format, find, gsub, lower, sub = string.format, string.find, string.gsub, string.lower, string.sub

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

local err_mt = { __tostring = function(e) return e.message end }
err_mt.__concat = function(a, b)
    return (type(a) == "table" and a.message or tostring(a)) .. (type(b) == "table" and b.message or tostring(b))
end

--- errors(mod) -> new_error(kind, message, report?): error objects whose message starts with the module's name.
-- report = { written = n, written_unknown = bool, complete =, reused =, received =, setup = } (missing: nothing
-- written, nothing received).
function _M.errors(mod)
    local prefix = mod .. ": "
    return function(kind, message, report)
        local e = { kind = kind, message = prefix .. message, written = 0, complete = false, reused = false,
                    received = false }
        if report then
            if report.written_unknown then
                e.written = nil                 -- some bytes may have left: the driver cannot tell
            elseif report.written then
                e.written = report.written
            end
            e.complete = report.complete == true
            e.reused = report.reused == true
            e.received = report.received == true
            e.setup = report.setup or nil
        end
        e.sent = e.written ~= 0
        return setmetatable(e, err_mt)
    end
end

--- new_options(mod, opts, numbers) -> opts: a transport's new() options, a table (or nil: {}) whose keys listed
--- in `numbers` are nil or non-negative numbers; misuse raises at new()'s caller ("<mod>.new: opts.k ...").
function _M.new_options(mod, opts, numbers)
    opts = opts or {}
    if type(opts) ~= "table" then
        error(bad_argument(1, mod .. ".new", "opts must be a table"), 3)
    end
    for _, k in ipairs(numbers) do
        if opts[k] ~= nil and (type(opts[k]) ~= "number" or opts[k] < 0) then
            error(bad_argument(1, mod .. ".new", "opts." .. k .. " must be a non-negative number"), 3)
        end
    end
    return opts
end

--- host_port_key(cache, prefix, host, port) -> prefix .. host .. "|" .. port, made once per host and port and
--- kept in `cache` (host -> port -> key): a plain-http pool key costs no string per request.
function _M.host_port_key(cache, prefix, host, port)
    local by_port = cache[host]
    local key = by_port and by_port[port]
    if not key then
        if not by_port then
            by_port = {}
            cache[host] = by_port
        end
        key = prefix .. host .. "|" .. string.format("%d", port)
        by_port[port] = key
    end
    return key
end

function _M.is_ip(host)
    return find(host, "^%d+%.%d+%.%d+%.%d+$") ~= nil or find(host, ":", 1, true) ~= nil
end
local is_ip = _M.is_ip

--- check(mod, req, new_error) -> scheme | nil, err
-- A malformed request is the caller's bug: raised, naming the field. Turning certificate checks off takes
-- tls.insecure_skip_verify = true exactly: any other value ("false", 0, "yes") is refused, so that a setting read
-- from a config file as a string can never switch verification off by accident.
function _M.check(mod, req, new_error)
    if type(req) ~= "table" then
        error(bad_argument(1, mod .. ".request", "req must be a table"), 3)
    end
    if type(req.host) ~= "string" or req.host == "" then
        error(bad_argument(1, mod .. ".request", "req.host must be a non-empty string"), 3)
    end
    if req.target == nil and (type(req.path) ~= "string" or sub(req.path, 1, 1) ~= "/") then
        error(bad_argument(1, mod .. ".request", "req.path must be a string starting with '/'"), 3)
    end
    local scheme = req.scheme or "http"
    if scheme ~= "http" and scheme ~= "https" then
        error(bad_argument(1, mod .. ".request", "req.scheme must be \"http\" or \"https\""), 3)
    end
    local tls = req.tls
    if tls ~= nil then
        if type(tls) ~= "table" then
            error(bad_argument(1, mod .. ".request", "req.tls must be a table"), 3)
        end
        local skip = tls.insecure_skip_verify
        if skip ~= nil and skip ~= true then
            error(bad_argument(1, mod .. ".request", "req.tls.insecure_skip_verify must be true or absent, got "
                               .. type(skip) .. " " .. tostring(skip)), 3)
        end
        if tls.verify ~= nil and type(tls.verify) ~= "boolean" then
            error(bad_argument(1, mod .. ".request", "req.tls.verify must be a boolean"), 3)
        end
        if tls.verify == false and skip ~= true then
            return nil, new_error("tls", "tls.verify = false is refused: certificate checks stay on unless "
                                  .. "tls.insecure_skip_verify = true is set")
        end
    end
    return scheme
end

--- name_matches(pattern, host) -> bool: the one certificate-name rule of both transports (RFC 6125 6.4, as Go
-- and browsers apply it): case-insensitive; a wildcard only as the whole left-most label ("*.example.com"), which
-- matches exactly one label ("a.example.com", not "example.com" nor "a.b.example.com"), never with fewer than
-- two labels after it ("*.com" matches nothing), never for an IP address. "f*.example.com" matches nothing.
function _M.name_matches(pattern, host)
    pattern, host = lower(pattern), lower(host)
    if sub(pattern, -1) == "." then
        pattern = sub(pattern, 1, -2)
    end
    if sub(host, -1) == "." then
        host = sub(host, 1, -2)
    end
    if not find(pattern, "*", 1, true) then
        return pattern == host and pattern ~= ""
    end
    if sub(pattern, 1, 2) ~= "*." or find(pattern, "*", 2, true) or is_ip(host) then
        return false
    end
    local suffix = sub(pattern, 2)                  -- ".example.com"
    if not find(suffix, "^%.[^.]+%.[^.]+") then      -- at least two labels after the wildcard
        return false
    end
    local dot = find(host, ".", 1, true)
    return dot ~= nil and dot > 1 and sub(host, dot) == suffix
end

-- tim.net.http failure kinds -> transport error kinds
local KIND = { timeout = "timeout", network = "network", protocol = "protocol", limit = "protocol" }

--- http_error(new_error, req, detail, message, report) -> err: a codec failure as a transport error. The
-- message names the request by method, host, port and path: never the query, which carries the UserSig.
function _M.http_error(new_error, req, detail, message, report)
    local kind = KIND[detail.kind] or "protocol"
    local path = req.path or (req.target and req.target[1]) or "/"
    local where = format(" (%s %s:%s%s)", req.method or "GET", req.host, tostring(req.port or ""),
                         (gsub(path, "%?.*", "")))
    return new_error(kind, (gsub(message, "^tim%.http%.", "", 1)) .. where, report)
end

return _M

-- A custom transport: any object with a request(self, req) method can carry lua-tim's calls (docs/transports.md).
-- This one wraps the built-in transport and traces every exchange: method, path (without the query, which
-- carries the UserSig), status or error, time. It shows the contract both ways:
--   req  = { method, scheme, host, port, path, headers, body, timeout, tls }
--   resp = { status, headers, body }   or   nil, err = { kind, message, written, complete, reused, received }
-- The report in err is what the client's resend rule reads: say `written = 0` only when no byte can have reached
-- the server, or the client may send a command twice.
--
--   local trace = require("custom_transport").new{ log = print }
--   local im = assert(tim.new{ ..., transport = trace })
local socket = require "socket"

local _M = {}
local mt = { __index = _M }

--- new{ inner = transport?, log = function(line)? } -> transport
function _M.new(opts)
    opts = opts or {}
    return setmetatable({ inner = opts.inner or require("tim.net.transport").new(), log = opts.log or print,
                          count = 0 }, mt)
end

function _M:request(req)
    local started = socket.gettime()
    local resp, err = self.inner:request(req)
    self.count = self.count + 1
    local path = (req.path or ""):gsub("%?.*$", "")
    self.log(("%s %s -> %s in %.1f ms"):format(req.method, path,
             resp and tostring(resp.status) or ((err and err.kind or "error")
                 .. (err and err.written == 0 and " (nothing sent)" or "")),
             (socket.gettime() - started) * 1000))
    return resp, err
end

return _M

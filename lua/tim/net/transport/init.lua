-- tim.net.transport: picks the built-in transport for the environment.
--
--   local transport = require("tim.net.transport").new(opts)   -- opts go to the chosen module's new()
--
-- Inside OpenResty (an `ngx` with cosockets) it is tim.net.transport.ngx, even when made in init_by_lua: LuaSocket
-- would block the whole nginx worker, and a request from a phase without cosockets gets a clear error instead.
-- Everywhere else it is tim.net.transport.socket. Any object with a `request(self, req)` method can stand in for it.

local type = type

local _M = { _VERSION = require "tim.version" }

--- name() -> "ngx" | "socket": the transport new() would pick here.
function _M.name()
    if type(ngx) == "table" and type(ngx.socket) == "table" and type(ngx.socket.tcp) == "function"
       and type(ngx.get_phase) == "function" then
        return "ngx"
    end
    return "socket"
end

function _M.new(opts)
    return require("tim.net.transport." .. _M.name()).new(opts)
end

return _M

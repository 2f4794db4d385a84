-- Start the emulator as a separate process (lua5.4 bin/tim emulator) for specs of any part.
--
--   local emu = require("support.emulator").start{ latency = 0, callback_url = …, tls = { cert =, key = } }
--   emu.endpoint, emu.port, emu.sdkappid, emu.key, emu.admin
--   local im = emu:client{ retries = 0 }              -- a tim client pointed at it (any extra tim.new options)
--   emu:control("faults", { status = 502, count = 1 }) -- POST /_emulator/<name> -> decoded answer
--   emu:reset()                                         -- empty state, no faults
--   emu:stop()                                          -- always, in teardown/finally
--
-- The process runs under `timeout`, so it cannot outlive a crashed spec run by more than `max_seconds`.
local socket = require "socket"

local _M = {}
local mt = { __index = _M }

local ROOT = os.getenv("LUA_TIM_ROOT") or "."
_M.ROOT = ROOT
_M.SDKAPPID = 1400000000
_M.KEY = "spec-emulator-key-" .. string.rep("ab", 16)
_M.ADMIN = "administrator"

local shell = require "support.shell"
local sh_quote = shell.q

_M.sh_quote = sh_quote

-- start{ sdkappid, key, admin, tls = { cert, key }, callback_url, callback_token, latency, max_seconds,
--        stderr = path } -> emu
function _M.start(opts)
    opts = opts or {}
    local sdkappid = opts.sdkappid or _M.SDKAPPID
    local key = opts.key or _M.KEY
    local admin = opts.admin or _M.ADMIN
    local keyfile = os.tmpname()
    local f = assert(io.open(keyfile, "wb"))
    f:write(key)
    f:close()
    local args = { "--port", "0", "--sdkappid", tostring(sdkappid), "--key-file", keyfile, "--admin", admin }
    if opts.tls then
        args[#args + 1] = "--tls-cert"; args[#args + 1] = opts.tls.cert
        args[#args + 1] = "--tls-key"; args[#args + 1] = opts.tls.key
    end
    if opts.callback_url then args[#args + 1] = "--callback-url"; args[#args + 1] = opts.callback_url end
    if opts.callback_token then args[#args + 1] = "--callback-token"; args[#args + 1] = opts.callback_token end
    if opts.latency then args[#args + 1] = "--latency"; args[#args + 1] = tostring(opts.latency) end
    for i, a in ipairs(args) do args[i] = sh_quote(a) end
    local cmd = string.format("cd %s && echo $$ && exec timeout %d lua5.4 bin/tim emulator %s --quiet 2>%s",
                              sh_quote(ROOT), opts.max_seconds or 600, table.concat(args, " "),
                              sh_quote(opts.stderr or "/dev/null"))
    local p = assert(io.popen(cmd, "r"))
    local pid = p:read("*l")
    local line = p:read("*l")
    os.remove(keyfile)
    local scheme, host, port = (line or ""):match("^tim emulator listening on (https?)://([%d%.]+):(%d+)$")
    if not port then
        if pid then os.execute("kill " .. pid .. " 2>/dev/null") end
        p:close()
        error("support.emulator: the emulator did not start (first line: " .. tostring(line) .. ")", 2)
    end
    return setmetatable({ pipe = p, pid = pid, scheme = scheme, host = host, port = tonumber(port),
                          endpoint = scheme .. "://" .. host .. ":" .. port, sdkappid = sdkappid, key = key,
                          admin = admin }, mt)
end

-- a tim client for this emulator
function _M.client(self, extra)
    local tim = require "tim"
    local o = { endpoint = self.endpoint, sdkappid = self.sdkappid, key = self.key, admin = self.admin }
    for k, v in pairs(extra or {}) do o[k] = v end
    return assert(tim.new(o))
end

-- one raw HTTP exchange on a fresh connection (plain HTTP only): -> status, body
function _M.raw(self, method, path, body, headers)
    local c = assert(socket.connect(self.host, self.port))
    c:settimeout(10)
    local lines = { method .. " " .. path .. " HTTP/1.1", "Host: " .. self.host .. ":" .. self.port,
                    "Connection: close" }
    for k, v in pairs(headers or {}) do lines[#lines + 1] = k .. ": " .. v end
    if body then lines[#lines + 1] = "Content-Length: " .. #body end
    c:send(table.concat(lines, "\r\n") .. "\r\n\r\n" .. (body or ""))
    local data, err, partial = c:receive("*a")
    c:close()
    data = data or partial or ""
    local status = tonumber(data:match("^HTTP/1%.%d (%d+)"))
    return status, data:match("\r\n\r\n(.*)$") or "", err
end

-- POST /_emulator/<name> with a JSON body -> decoded answer
function _M.control(self, name, body)
    local cjson = require "cjson"
    local status, text = self:raw("POST", "/_emulator/" .. name, cjson.encode(body or {}),
                                  { ["Content-Type"] = "application/json" })
    if status ~= 200 then
        error("support.emulator: control " .. name .. " -> " .. tostring(status) .. " " .. text, 2)
    end
    return cjson.decode(text)
end

function _M.reset(self)
    return self:control("reset", {})
end

function _M.stop(self)
    if self.pipe then
        os.execute("kill " .. self.pid .. " 2>/dev/null")
        self.pipe:close()
        self.pipe = nil
    end
end

return _M

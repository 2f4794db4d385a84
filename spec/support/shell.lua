-- Shell helpers for specs that run commands, the same under Lua 5.4 and LuaJIT (whose os.execute returns the
-- raw wait status instead of true/false, "exit", code).
--   local shell = require "support.shell"
--   local code, output = shell.run("make -s install PREFIX=/tmp/x")     -- stdout and stderr together
--   shell.q("it's")  -> a single-quoted shell word
local _M = {}

function _M.q(s)
    return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

--- exit_code(os.execute(...)) -> the command's exit status (128 + n for a signal)
function _M.exit_code(a, b, c)
    if type(a) == "number" then                     -- LuaJIT / Lua 5.1: the wait status
        if a >= 256 then return math.floor(a / 256) end
        return a == 0 and 0 or 128 + a
    end
    if a == true then return 0 end
    if b == "signal" then return 128 + (c or 0) end
    return c or 1
end

--- run(cmd) -> exit status, what the command wrote on stdout and stderr
function _M.run(cmd)
    local out = os.tmpname()
    local code = _M.exit_code(os.execute("(" .. cmd .. ") >" .. _M.q(out) .. " 2>&1"))
    local f = io.open(out, "rb")
    local s = f and f:read("*a") or ""
    if f then f:close() end
    os.remove(out)
    return code, s
end

return _M

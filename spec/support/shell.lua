-- Shell helpers for specs that run commands, the same under Lua 5.4 and LuaJIT (whose os.execute returns the
-- raw wait status instead of true/false, "exit", code), and the file reads and writes around them.
--   local shell = require "support.shell"
--   local code, output = shell.run("make -s install PREFIX=/tmp/x")     -- stdout and stderr together
--   shell.ok("kill -0 123")  -> true when the command exits 0
--   shell.q("it's")  -> a single-quoted shell word
--   shell.read(path) -> the file's bytes | nil, err;  shell.write(path, data) (raises on failure)
--   shell.rss_kib(pid) -> a process's resident memory in KiB | nil (gone)
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

function _M.read(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local s = f:read("*a")
    f:close()
    return s
end

function _M.write(path, data)
    local f = assert(io.open(path, "wb"))
    assert(f:write(data))
    f:close()
end

function _M.rss_kib(pid)
    local s = _M.read("/proc/" .. pid .. "/status")
    return s and tonumber(s:match("VmRSS:%s*(%d+)"))
end

--- ok(cmd) -> true when the command exits 0
function _M.ok(cmd)
    return _M.exit_code(os.execute(cmd)) == 0
end

--- run(cmd) -> exit status, what the command wrote on stdout and stderr
function _M.run(cmd)
    local out = os.tmpname()
    local code = _M.exit_code(os.execute("(" .. cmd .. ") >" .. _M.q(out) .. " 2>&1"))
    local s = _M.read(out) or ""
    os.remove(out)
    return code, s
end

return _M

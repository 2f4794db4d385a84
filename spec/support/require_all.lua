-- Loads every module of an installed lua-tim tree (make install / luarocks) to prove the install is whole.
-- Usage: lua5.4 spec/support/require_all.lua <dir holding tim/*.lua>
local root = assert(arg[1], "usage: require_all.lua <luadir>")
local failed, count = 0, 0
local p = assert(io.popen('cd "' .. root .. '" && find tim -name "*.lua" | sort'))
for file in p:lines() do
    local name = file:gsub("%.lua$", ""):gsub("/init$", ""):gsub("/", ".")
    -- OpenResty-only modules need the ngx API at load time by design.
    if not name:match("%.ngx$") then
        count = count + 1
        local ok, err = pcall(require, name)
        if not ok then
            failed = failed + 1
            io.stderr:write("require ", name, " failed: ", tostring(err), "\n")
        end
    end
end
p:close()
local core = require "tim.core"
assert(type(core.usersig) == "function", "tim.core lacks usersig")
print(("required %d modules, %d failed"):format(count, failed))
os.exit(failed == 0 and count > 0 and 0 or 1)

-- Loads a module file afresh in its own environment whose `require` only lets through what `allow(name)`
-- accepts (raising otherwise), so a spec can prove what a module needs. Works on Lua 5.4 and LuaJIT.
--   local api = require("support.isolated").load("lua/tim/api.lua", function(name) return name ~= "tim.core" end)
local _M = {}

function _M.load(path, allow)
    local env = setmetatable({}, { __index = _G })
    env.require = function(name)
        if not (allow and allow(name)) then
            error("unexpected require of " .. name .. " by " .. path)
        end
        return require(name)
    end
    local chunk, err
    if setfenv then
        chunk, err = loadfile(path)
        if chunk then
            setfenv(chunk, env)
        end
    else
        chunk, err = loadfile(path, "t", env)
    end
    assert(chunk, err)
    return chunk()
end

return _M

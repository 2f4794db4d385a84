-- The Lua sources of lua/tim as a reader sees them, for the specs that check the tree's rules (09, 09b):
-- which files there are, and each one's code with its comments blanked (newlines kept, so line numbers hold).
local ROOT = os.getenv("LUA_TIM_ROOT") or "."

local _M = {}

--- files(dir) -> the .lua files under lua/<dir>, as paths relative to it, sorted
function _M.files(dir)
    local out = {}
    local p = io.popen("cd " .. ROOT .. "/lua/" .. dir .. " && find . -name '*.lua' | sort")
    for path in p:lines() do out[#out + 1] = (path:gsub("^%./", "")) end
    p:close()
    return out
end

--- modules() -> { [module name] = file path } for every module of lua/tim
function _M.modules()
    local mods = {}
    for _, path in ipairs(_M.files("tim")) do
        local mod = ("tim/" .. path):gsub("%.lua$", ""):gsub("/init$", ""):gsub("/", ".")
        mods[mod] = ROOT .. "/lua/tim/" .. path
    end
    return mods
end

--- code(file) -> the file's text with every comment blanked (a comment's examples are not code)
function _M.code(file)
    local f = assert(io.open(file))
    local src = f:read("*a")
    f:close()
    local function blank(s) return (s:gsub("[^\n]", "")) end
    return (src:gsub("%-%-%[(=*)%[.-%]%1%]", blank):gsub("%-%-[^\n]*", ""))
end

--- none(findings): the spec's list of what broke a rule must be empty (sorted, so a failure reads well)
function _M.none(findings)
    table.sort(findings)
    require("luassert").same({}, findings)
end

return _M

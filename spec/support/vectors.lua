-- The UserSig vectors (spec/fixtures/usersig.json, copied from the shared notes; see spec/fixtures/README.md),
-- decoded with lua-cjson, with every integral number turned into a Lua integer under Lua 5.4
-- (lua-cjson 2.1.0 decodes all numbers as floats; LuaJIT has only doubles anyway).
-- a private instance: no setting of it can leak into another spec's cjson
local cjson = require("cjson").new()

local getenv = os.getenv
local io_open = io.open
local floor = math.floor
local pairs = pairs
local type = type
local error = error
local tointeger = math.tointeger -- nil under LuaJIT: numbers stay (exact) doubles there

local _M = { _VERSION = "0.1.0" }

local function repo_root()
    local root = getenv("LUA_TIM_ROOT")
    if root and root ~= "" then
        return root
    end
    -- spec/support/vectors.lua -> the repository root is two levels up
    local src = debug.getinfo(1, "S").source
    local dir = src:match("^@(.*)/spec/support/[^/]+$")
    return dir or "."
end

local function integers(v)
    if type(v) == "table" then
        for k, x in pairs(v) do
            v[k] = integers(x)
        end
        return v
    end
    if type(v) == "number" and tointeger and v == floor(v) then
        return tointeger(v) or v
    end
    return v
end

function _M.path()
    return repo_root() .. "/spec/fixtures/usersig.json"
end

local cache

-- Returns { meta = …, valid = { … }, bad = { … }, compat = { … } } (JSON null becomes nil).
function _M.load()
    if cache then
        return cache
    end
    local path = _M.path()
    local f, err = io_open(path, "rb")
    if not f then
        error("support.vectors: cannot open " .. path .. ": " .. tostring(err), 2)
    end
    local text = f:read("*a")
    f:close()
    local ok, data = pcall(cjson.decode, text)
    if not ok then
        error("support.vectors: " .. path .. ": " .. tostring(data), 2)
    end
    -- cjson.null (a lightuserdata) stands for JSON null: make it nil so `v.userbuf_b64 == nil` works
    local null = cjson.null
    local function strip(t)
        for k, x in pairs(t) do
            if x == null then
                t[k] = nil
            elseif type(x) == "table" then
                strip(x)
            end
        end
    end
    strip(data)
    cache = integers(data)
    return cache
end

-- Hex string -> bytes.
function _M.unhex(s)
    return (s:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end))
end

-- Bytes -> lower-case hex.
function _M.hex(s)
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

return _M

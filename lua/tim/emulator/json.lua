-- JSON for the emulator and the CLI: lua-cjson for decoding (numbers normalised to integers where integral),
-- a small encoder of our own so that integers stay integers, empty arrays stay arrays and output is stable.
local cjson = require "cjson.safe"

local type, pairs, ipairs, next, tostring = type, pairs, ipairs, next, tostring
local setmetatable, getmetatable = setmetatable, getmetatable
local floor, huge = math.floor, math.huge
local fmt, byte, gsub, concat, sort, rep = string.format, string.byte, string.gsub, table.concat, table.sort, string.rep
local tointeger = math.tointeger or function(x) return x end

local _M = { _VERSION = "0.1.0" }

local array_mt = { __name = "tim.emulator.json.array" }
_M.null = cjson.null

-- Mark t (or a new table) as a JSON array, so that it encodes as [] when empty.
function _M.array(t)
    return setmetatable(t or {}, array_mt)
end

local function normalise(v, depth)
    if depth > 64 then return v end
    local tv = type(v)
    if tv == "number" then
        if v == floor(v) and v > -2^53 and v < 2^53 then return tointeger(v) or v end
        return v
    elseif tv == "table" then
        local is_array = #v > 0 or next(v) == nil
        for k, x in pairs(v) do v[k] = normalise(x, depth + 1) end
        if is_array and #v > 0 then setmetatable(v, array_mt) end
        return v
    end
    return v
end

function _M.is_array(t)
    return getmetatable(t) == array_mt
end

-- decode(s) -> value | nil, err. Integral numbers come back as Lua integers under 5.4.
function _M.decode(s)
    if type(s) ~= "string" then return nil, "tim.emulator.json.decode: not a string" end
    local v, err = cjson.decode(s)
    if v == nil and err then return nil, "tim.emulator.json.decode: " .. tostring(err) end
    return normalise(v, 0)
end

local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n',
                  ['\r'] = '\\r', ['\t'] = '\\t' }
local function escape_char(c)
    return escapes[c] or fmt("\\u%04x", byte(c))
end

local function quote(s)
    return '"' .. gsub(s, '[%c"\\]', escape_char) .. '"'
end

local function is_array(t)
    if getmetatable(t) == array_mt then return true end
    local n = #t
    if n == 0 then return false end
    local count = 0
    for _ in pairs(t) do count = count + 1 end
    return count == n
end

local function number(v)
    if v ~= v or v == huge or v == -huge then return "null" end
    if v == floor(v) and v > -2^63 and v < 2^63 then
        local i = tointeger(v)
        if i then return fmt("%d", i) end
        return fmt("%.0f", v)
    end
    return fmt("%.17g", v)
end

local encode_value
encode_value = function(v, indent, level, out)
    local tv = type(v)
    if v == nil or v == cjson.null then out[#out + 1] = "null"
    elseif tv == "boolean" then out[#out + 1] = v and "true" or "false"
    elseif tv == "number" then out[#out + 1] = number(v)
    elseif tv == "string" then out[#out + 1] = quote(v)
    elseif tv == "table" then
        if level > 100 then error("tim.emulator.json.encode: nesting too deep", 0) end
        local nl, pad, pad_in, colon = "", "", "", ":"
        if indent then
            nl = "\n"; pad = rep(indent, level); pad_in = rep(indent, level + 1); colon = ": "
        end
        if is_array(v) then
            if #v == 0 then out[#out + 1] = "[]"; return end
            out[#out + 1] = "[" .. nl
            for i, x in ipairs(v) do
                out[#out + 1] = pad_in
                encode_value(x, indent, level + 1, out)
                if i < #v then out[#out + 1] = "," end
                out[#out + 1] = nl
            end
            out[#out + 1] = pad .. "]"
        else
            local keys = {}
            for k in pairs(v) do keys[#keys + 1] = tostring(k) end
            if #keys == 0 then out[#out + 1] = "{}"; return end
            sort(keys)
            out[#out + 1] = "{" .. nl
            for i, k in ipairs(keys) do
                local x = v[k]
                if x == nil then x = v[tonumber(k)] end
                out[#out + 1] = pad_in .. quote(k) .. colon
                encode_value(x, indent, level + 1, out)
                if i < #keys then out[#out + 1] = "," end
                out[#out + 1] = nl
            end
            out[#out + 1] = pad .. "}"
        end
    else
        error("tim.emulator.json.encode: cannot encode a " .. tv, 0)
    end
end

-- encode(v [, indent]) -> string | nil, err. Keys sorted; indent (e.g. "  ") pretty-prints.
function _M.encode(v, indent)
    local out = {}
    local ok, err = pcall(encode_value, v, indent, 0, out)
    if not ok then return nil, err end
    return concat(out)
end

return _M

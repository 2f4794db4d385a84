-- tim.json: JSON for Tencent IM bodies, the same on Lua 5.4 and LuaJIT, on Debian's lua-cjson 2.1.0 and on
-- OpenResty's fork.
--
-- Rules (DESIGN section 4):
--   * a Lua sequence encodes as an array, any other non-empty table as an object, an empty table as `{}`;
--     `json.array(t)` / `json.empty_array` mark arrays that may be empty (they encode as `[]`);
--   * integers are written exactly (Lua 5.4 integers, LuaJIT int64_t/uint64_t cdata); integral floats are
--     written without exponent or fraction; other floats with the shortest of 14 or 17 digits that round-trips;
--   * integral numbers decode as Lua 5.4 integers (exactly, up to 2^63-1); under LuaJIT, integers beyond 2^53
--     decode as int64_t (or uint64_t) cdata so that they survive a round trip;
--   * JSON null <-> `json.null` (cjson's null, the same lightuserdata as ngx.null);
--   * a decoded empty array carries the array mark, so it encodes back as `[]`;
--   * raw control characters inside strings are accepted, as cjson accepts them;
--   * neither function throws: failures return nil, "tim.json.encode: ..." / "tim.json.decode: ...".
-- cjson does the work where it is exact, our own Lua code where it is not. Encoding: cjson when a quick check
-- finds only what it writes right (sequences, string-keyed objects, integers it prints in full, strings), else
-- our encoder (cjson 2.1.0 prints 14 significant digits and cannot mark empty arrays), which still borrows
-- cjson's C string escaper. Decoding: cjson unless the text may hold an empty array (cjson 2.1.0 would lose the
-- mark) or cjson's result holds a number of 2^53 or more (which it may have rounded): then our own decoder.
-- Without cjson everything is our own code.
local type = type
local pairs = pairs
local next = next
local load = load
local pcall = pcall
local error = error
local tostring = tostring
local tonumber = tonumber
local setmetatable = setmetatable
local getmetatable = getmetatable
local rawget = rawget
local string_find = string.find
local string_sub = string.sub
local string_byte = string.byte
local string_char = string.char
local string_format = string.format
local string_gsub = string.gsub
local table_concat = table.concat
local table_sort = table.sort
local string_rep = string.rep
local math_floor = math.floor
local math_huge = math.huge
local math_type = math.type            -- nil under LuaJIT
local math_tointeger = math.tointeger  -- nil under LuaJIT

local TWO53 = 9007199254740992         -- doubles hold every integer below this exactly

local _M = { _VERSION = require "tim.version" }

local has_cjson, cjson = pcall(require, "cjson")
if not has_cjson then
    cjson = nil
end

-- Our own cjson instance: configuring the shared module would change it for the rest of the application.
local cj = cjson and (cjson.new and cjson.new() or cjson) or nil
local cj_decode = cj and cj.decode
local fork_arrays = false
if cj then
    if cj.decode_invalid_numbers then
        cj.decode_invalid_numbers(false)    -- no NaN, Infinity or hex
    end
    if cjson.array_mt and cj.decode_array_with_array_mt then
        cj.decode_array_with_array_mt(true)
        fork_arrays = true
    end
end

-- With OpenResty's fork we share its markers, so a table marked by us encodes as an array with plain
-- cjson.encode and the other way round.
local array_mt = cjson and cjson.array_mt or { __name = "tim.json.array" }
local empty_array_mt = cjson and cjson.empty_array_mt or nil
local cjson_empty_array = cjson and cjson.empty_array or nil     -- lightuserdata in the fork
local null = cjson and cjson.null or setmetatable({}, {
    __tostring = function() return "null" end,
    __newindex = function() error("tim.json.null is read-only", 2) end,
})

-- tim.empty_array: read-only, so no one fills the shared value by accident.
local empty_array = setmetatable({}, {
    __name = "tim.json.empty_array",
    __newindex = function() error("tim.json.empty_array is read-only: use tim.array({})", 2) end,
    __tostring = function() return "[]" end,
})

_M.null = null
_M.empty_array = empty_array
_M.array_mt = array_mt

--- Mark `t` (or a new table) as a JSON array, so that it encodes as `[]` even when empty.
function _M.array(t)
    if t == nil then
        return setmetatable({}, array_mt)
    end
    if type(t) ~= "table" then
        error("tim.array: expected a table, got " .. type(t), 2)
    end
    return setmetatable(t, array_mt)
end

function _M.is_array(t)
    if t == empty_array or (cjson_empty_array ~= nil and t == cjson_empty_array) then
        return true
    end
    if type(t) ~= "table" then
        return false
    end
    local mt = getmetatable(t)
    return mt == array_mt or (mt ~= nil and mt == empty_array_mt)
end

-- LuaJIT: 64-bit integer cdata, for values beyond 2^53.
local ffi, int64_t, uint64_t
if not math_type then
    local ok, f = pcall(require, "ffi")
    if ok then
        ffi = f
        int64_t = ffi.typeof("int64_t")
        uint64_t = ffi.typeof("uint64_t")
    end
end
_M.int64 = ffi ~= nil       -- whether big integers decode as cdata

---------------------------------------------------------------------------------------------------------------
-- Encoding

local MAX_DEPTH = 100

local escapes = {
    ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r',
    ['\t'] = '\\t', ['\127'] = '\\u007f',
}
for i = 0, 31 do
    local c = string_char(i)
    if not escapes[c] then
        escapes[c] = string_format("\\u%04x", i)
    end
end

local function fail(msg)
    error({ tim_json = msg }, 0)
end

-- cjson's encoder is one C pass (Lua patterns cost a lot per byte). It writes "/" as "\/": valid, but noisy in
-- logs, so we undo it. That is safe: cjson escapes every "/", so each backslash it writes before a "/" belongs to
-- such an escape (an escaped backslash is "\\", and the "/" after it gets its own "\/"). OpenResty's fork
-- can be told not to.
local cj_encode = cj and cj.encode
if cj and cj.encode_escape_forward_slash then
    cj.encode_escape_forward_slash(false)
end

local function unslash(text)
    if string_find(text, "\\/", 1, true) then
        return (string_gsub(text, "\\/", "/"))
    end
    return text
end

local function encode_string(s)
    if cj_encode then
        return unslash(cj_encode(s))
    end
    if string_find(s, '[%c"\\]') then
        s = string_gsub(s, '[%c"\\]', escapes)
    end
    return '"' .. s .. '"'
end

-- object keys come from a small vocabulary (From_Account, MsgBody, ...): remember their encoded form
local key_cache, key_cache_n = {}, 0

local function encode_key(k)
    local v = encode_string(k) .. ":"
    if key_cache_n < 4096 then
        key_cache_n = key_cache_n + 1
        key_cache[k] = v
    end
    return v
end

local function encode_number(v)
    if math_type and math_type(v) == "integer" then
        return string_format("%d", v)
    end
    if v ~= v or v == math_huge or v == -math_huge then
        fail("cannot encode NaN or infinity")
    end
    if math_floor(v) == v and v > -1e21 and v < 1e21 then
        return string_format("%.0f", v)
    end
    local s = string_format("%.14g", v)
    if tonumber(s) ~= v then
        s = string_format("%.17g", v)
    end
    return s
end

local function encode_cdata(v)
    if ffi and (ffi.istype(int64_t, v) or ffi.istype(uint64_t, v)) then
        return (string_gsub(tostring(v), "U?LL$", ""))
    end
    fail("cannot encode cdata " .. tostring(ffi and ffi.typeof(v) or "value"))
end

local encode_value

-- Whether `t` encodes as an array (marked, or a sequence: exactly the keys 1..#t), and its length.
local function as_array(t)
    local mt = getmetatable(t)
    local len = #t
    if mt == array_mt or t == empty_array or (mt ~= nil and mt == empty_array_mt) then
        return true, len
    end
    if len == 0 then
        return false, 0
    end
    local count = 0
    for k in pairs(t) do
        count = count + 1
        if type(k) ~= "number" or k < 1 or k > len or math_floor(k) ~= k then
            return false, len
        end
    end
    return count == len, len
end

local function encode_table(t, buf, n, depth)
    if depth > MAX_DEPTH then
        fail("nesting deeper than " .. MAX_DEPTH .. " (a cycle?)")
    end
    local is_array, len = as_array(t)
    if is_array then
        if len == 0 then
            n = n + 1
            buf[n] = "[]"
            return n
        end
        n = n + 1
        buf[n] = "["
        for i = 1, len do
            if i > 1 then
                n = n + 1
                buf[n] = ","
            end
            n = encode_value(rawget(t, i), buf, n, depth)
        end
        n = n + 1
        buf[n] = "]"
        return n
    end
    if next(t) == nil then
        n = n + 1
        buf[n] = "{}"
        return n
    end
    local first = true
    n = n + 1
    buf[n] = "{"
    for k, v in pairs(t) do
        local key = key_cache[k]
        if not key then
            local tk = type(k)
            if tk == "string" then
                key = encode_key(k)
            elseif tk == "number" then
                key = '"' .. encode_number(k) .. '":'
            else
                fail("cannot encode a table key of type " .. tk)
            end
        end
        n = n + 1
        if first then
            first = false
            buf[n] = key
        else
            buf[n] = "," .. key
        end
        n = encode_value(v, buf, n, depth)
    end
    n = n + 1
    buf[n] = "}"
    return n
end

encode_value = function(v, buf, n, depth)
    local tv = type(v)
    local s
    if tv == "string" then
        s = encode_string(v)
    elseif tv == "number" then
        s = encode_number(v)
    elseif tv == "table" then
        if v == null then
            s = "null"
        else
            return encode_table(v, buf, n, depth + 1)
        end
    elseif tv == "boolean" then
        s = v and "true" or "false"
    elseif v == nil or v == null then
        s = "null"
    elseif cjson_empty_array ~= nil and v == cjson_empty_array then
        s = "[]"
    elseif tv == "cdata" then
        s = encode_cdata(v)
    else
        fail("cannot encode a value of type " .. tv)
    end
    n = n + 1
    buf[n] = s
    return n
end

local function encode(v)
    local buf = {}
    local n = encode_value(v, buf, 0, 0)
    return table_concat(buf, "", 1, n)
end

-- Whether cjson would write `t` exactly as our rules say: tables that are either empty and unmarked, perfect
-- sequences, or objects with string keys; numbers that are integers below 1e14 (cjson prints 14 significant
-- digits); strings, booleans and null. Anything else (marked empty arrays, big or fractional numbers, sparse
-- tables, cdata, deep nesting) goes to our own encoder. Checking is cheaper than building the text in Lua.
local SAFE_INT = 1e14
if cj and cj.encode_number_precision and pcall(cj.encode_number_precision, 16) then
    SAFE_INT = TWO53          -- OpenResty's fork prints 16 digits: every integer a double holds exactly
end

local function cjson_safe(t, depth)
    if depth > 20 then
        return false
    end
    local first = next(t)
    if first == nil then
        return getmetatable(t) == nil
    end
    local mt = getmetatable(t)
    if mt ~= nil and mt ~= array_mt and mt ~= empty_array_mt then
        return false
    end
    local seq = first == 1 or rawget(t, 1) ~= nil
    local count = 0
    for k, v in pairs(t) do
        if seq then
            count = count + 1
        elseif type(k) ~= "string" then
            return false
        end
        local tv = type(v)
        if tv == "table" then
            if v == empty_array or not cjson_safe(v, depth + 1) then
                return false
            end
        elseif tv == "number" then
            if v % 1 ~= 0 or v >= SAFE_INT or v <= -SAFE_INT then
                return false
            end
        elseif tv ~= "string" and tv ~= "boolean" and v ~= null then
            return false
        end
    end
    return not seq or count == #t
end

--- Encode a Lua value as JSON text. Returns the text, or nil and an error string.
function _M.encode(v)
    if cj_encode and type(v) == "table" and cjson_safe(v, 0) then
        return unslash(cj_encode(v))
    end
    local ok, res = pcall(encode, v)
    if ok then
        return res
    end
    if type(res) == "table" and res.tim_json then
        return nil, "tim.json.encode: " .. res.tim_json
    end
    return nil, "tim.json.encode: " .. tostring(res)
end

-- For people (the CLI, logs): the same values as encode, keys sorted, one member per line.
local function key_order(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then
        return ta == "number"
    end
    return a < b
end

local function pretty_value(v, buf, n, depth, indent)
    if type(v) ~= "table" or v == null then
        return encode_value(v, buf, n, depth)
    end
    if depth >= MAX_DEPTH then
        fail("nesting deeper than " .. MAX_DEPTH .. " (a cycle?)")
    end
    local pad = "\n" .. string_rep(indent, depth)
    local pad_in = pad .. indent
    local is_array, len = as_array(v)
    if is_array then
        n = n + 1
        if len == 0 then
            buf[n] = "[]"
            return n
        end
        buf[n] = "["
        for i = 1, len do
            n = n + 1
            buf[n] = i > 1 and "," .. pad_in or pad_in
            n = pretty_value(rawget(v, i), buf, n, depth + 1, indent)
        end
        n = n + 1
        buf[n] = pad .. "]"
        return n
    end
    local keys, nk = {}, 0
    for k in pairs(v) do
        local tk = type(k)
        if tk ~= "string" and tk ~= "number" then
            fail("cannot encode a table key of type " .. tk)
        end
        nk = nk + 1
        keys[nk] = k
    end
    n = n + 1
    if nk == 0 then
        buf[n] = "{}"
        return n
    end
    table_sort(keys, key_order)
    buf[n] = "{"
    for i = 1, nk do
        local k = keys[i]
        local key = type(k) == "string" and encode_string(k) or '"' .. encode_number(k) .. '"'
        n = n + 1
        buf[n] = (i > 1 and "," .. pad_in or pad_in) .. key .. ": "
        n = pretty_value(v[k], buf, n, depth + 1, indent)
    end
    n = n + 1
    buf[n] = pad .. "}"
    return n
end

--- Encode for reading: object keys sorted, nested values indented by `indent` (default two spaces).
function _M.pretty(v, indent)
    if indent ~= nil and type(indent) ~= "string" then
        error("tim.json.pretty: indent must be a string", 2)
    end
    local buf = {}
    local ok, res = pcall(pretty_value, v, buf, 0, 0, indent or "  ")
    if ok then
        return table_concat(buf, "", 1, res)
    end
    if type(res) == "table" and res.tim_json then
        return nil, "tim.json.pretty: " .. res.tim_json
    end
    return nil, "tim.json.pretty: " .. tostring(res)
end

---------------------------------------------------------------------------------------------------------------
-- Decoding: our own decoder (exact integers, array marks, never throws under pcall)

local MAX_DECODE_DEPTH = 1000

local unescapes = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

local function utf8_char(cp)
    if cp < 0x80 then
        return string_char(cp)
    elseif cp < 0x800 then
        return string_char(0xC0 + math_floor(cp / 0x40), 0x80 + cp % 0x40)
    elseif cp < 0x10000 then
        return string_char(0xE0 + math_floor(cp / 0x1000), 0x80 + math_floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
    end
    return string_char(0xF0 + math_floor(cp / 0x40000), 0x80 + math_floor(cp / 0x1000) % 0x40,
                       0x80 + math_floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

local function dfail(msg, pos)
    error({ tim_json = msg .. " at character " .. pos }, 0)
end

local function parse_string_slow(s, i)
    local buf, n = {}, 0
    while true do
        local j = string_find(s, '["\\]', i)
        if not j then
            dfail("unterminated string", i)
        end
        local c = string_byte(s, j)
        if c == 34 then             -- "
            n = n + 1
            buf[n] = string_sub(s, i, j - 1)
            return table_concat(buf, "", 1, n), j + 1
        else                        -- backslash
            n = n + 1
            buf[n] = string_sub(s, i, j - 1)
            local e = string_sub(s, j + 1, j + 1)
            if e == "u" then
                local hex = string_sub(s, j + 2, j + 5)
                if not string_find(hex, "^%x%x%x%x$") then
                    dfail("bad \\u escape", j)
                end
                local cp = tonumber(hex, 16)
                i = j + 6
                if cp >= 0xD800 and cp <= 0xDBFF then
                    local low = string_find(s, "^\\u[dD][c-fC-F]%x%x", i) and tonumber(string_sub(s, i + 2, i + 5), 16)
                    if low then
                        cp = 0x10000 + (cp - 0xD800) * 0x400 + (low - 0xDC00)
                        i = i + 6
                    else
                        cp = 0xFFFD
                    end
                elseif cp >= 0xDC00 and cp <= 0xDFFF then
                    cp = 0xFFFD
                end
                n = n + 1
                buf[n] = utf8_char(cp)
            else
                local u = unescapes[e]
                if not u then
                    dfail("bad escape", j)
                end
                n = n + 1
                buf[n] = u
                i = j + 2
            end
        end
    end
end

-- The next backslash at or after the current string, found with a plain search once and moved forward only
-- when passed: strings without escapes then cost two plain searches at most, O(n) over the whole text.
-- (Module state is safe: decoding never yields.)
local next_backslash = 0

local function parse_string(s, pos)
    local i = pos + 1
    local j = string_find(s, '"', i, true)
    if not j then
        dfail("unterminated string", pos)
    end
    if next_backslash < i then
        next_backslash = string_find(s, "\\", i, true) or math_huge
    end
    if next_backslash > j then
        return string_sub(s, i, j - 1), j + 1
    end
    return parse_string_slow(s, i)
end

local function big_integer(lit)
    -- LuaJIT only: exact 64-bit value for an integer literal beyond 2^53, when it fits in 64 bits
    local neg = string_byte(lit, 1) == 45
    local digits = neg and string_sub(lit, 2) or lit
    local d = #digits
    if d > 20 or (d == 20 and digits > "18446744073709551615") then
        return nil
    end
    local suffix = "LL"
    if d == 19 and digits > "9223372036854775807" or d == 20 then
        if neg then
            if digits ~= "9223372036854775808" then
                return nil
            end
        else
            suffix = "ULL"
        end
    end
    local src = "return " .. lit .. suffix
    if neg and digits == "9223372036854775808" then
        src = "return -9223372036854775807LL - 1"
    end
    local chunk = load(src)     -- LuaJIT parses 64-bit literals; lit is a validated integer literal
    return chunk and chunk()
end

local function parse_number(s, pos)
    local _, e = string_find(s, "^-?%d+", pos)
    if not e then
        dfail("unexpected character", pos)
    end
    local first = string_byte(s, pos) == 45 and pos + 1 or pos
    if e > first and string_byte(s, first) == 48 then
        dfail("leading zero in number", pos)
    end
    local integral = true
    local c = string_byte(s, e + 1)
    if c == 46 then             -- .
        local _, fe = string_find(s, "^%.%d+", e + 1)
        if not fe then
            dfail("bad fraction", e + 1)
        end
        e = fe
        integral = false
        c = string_byte(s, e + 1)
    end
    if c == 101 or c == 69 then -- e E
        local _, ee = string_find(s, "^[eE][-+]?%d+", e + 1)
        if not ee then
            dfail("bad exponent", e + 1)
        end
        e = ee
        integral = false
    end
    local lit = string_sub(s, pos, e)
    local v = tonumber(lit)
    if math_tointeger then
        if not integral or math_type(v) == "float" then
            v = math_tointeger(v) or v      -- integral floats (2.0, 1e3) become integers
        end
    elseif integral and ffi and (v >= TWO53 or v <= -TWO53) then
        v = big_integer(lit) or v
    end
    return v, e + 1
end

local parse_value

local function skip(s, pos)
    local c = string_byte(s, pos)
    if c and c > 32 then
        return pos      -- compact JSON: no pattern matching
    end
    return string_find(s, "[^ \t\n\r]", pos) or #s + 1
end

local function parse_array(s, pos, depth)
    local arr = setmetatable({}, array_mt)
    local n = 0
    pos = skip(s, pos + 1)
    if string_byte(s, pos) == 93 then
        return arr, pos + 1
    end
    while true do
        local v
        v, pos = parse_value(s, pos, depth)
        n = n + 1
        arr[n] = v
        pos = skip(s, pos)
        local c = string_byte(s, pos)
        if c == 93 then
            return arr, pos + 1
        elseif c ~= 44 then
            dfail("expected ',' or ']'", pos)
        end
        pos = skip(s, pos + 1)
    end
end

local function parse_object(s, pos, depth)
    local obj = {}
    pos = skip(s, pos + 1)
    if string_byte(s, pos) == 125 then
        return obj, pos + 1
    end
    while true do
        if string_byte(s, pos) ~= 34 then
            dfail("expected a string key", pos)
        end
        local k, v
        k, pos = parse_string(s, pos)
        pos = skip(s, pos)
        if string_byte(s, pos) ~= 58 then
            dfail("expected ':'", pos)
        end
        v, pos = parse_value(s, skip(s, pos + 1), depth)
        obj[k] = v
        pos = skip(s, pos)
        local c = string_byte(s, pos)
        if c == 125 then
            return obj, pos + 1
        elseif c ~= 44 then
            dfail("expected ',' or '}'", pos)
        end
        pos = skip(s, pos + 1)
    end
end

parse_value = function(s, pos, depth)
    local c = string_byte(s, pos)
    if c == 34 then
        return parse_string(s, pos)
    elseif c == 123 then
        if depth >= MAX_DECODE_DEPTH then
            dfail("nesting too deep", pos)
        end
        return parse_object(s, pos, depth + 1)
    elseif c == 91 then
        if depth >= MAX_DECODE_DEPTH then
            dfail("nesting too deep", pos)
        end
        return parse_array(s, pos, depth + 1)
    elseif c == 116 and string_sub(s, pos, pos + 3) == "true" then
        return true, pos + 4
    elseif c == 102 and string_sub(s, pos, pos + 4) == "false" then
        return false, pos + 5
    elseif c == 110 and string_sub(s, pos, pos + 3) == "null" then
        return null, pos + 4
    elseif c == nil then
        dfail("unexpected end of text", pos)
    end
    return parse_number(s, pos)
end

local function decode_own(s)
    next_backslash = 0
    local v, pos = parse_value(s, skip(s, 1), 0)
    pos = skip(s, pos)
    if pos <= #s then
        dfail("trailing garbage", pos)
    end
    return v
end

-- After cjson: under Lua 5.4 make integral floats integers. Either way report a number at or beyond 2^53, which
-- cjson may have rounded (a double holds every integer below 2^53 exactly): the caller then decodes again with
-- our own decoder.
local function walk(t, depth)
    if depth > MAX_DECODE_DEPTH then
        return false
    end
    local big = false
    for k, v in pairs(t) do
        local tv = type(v)
        if tv == "number" then
            if v >= TWO53 or v <= -TWO53 then
                big = true
            elseif math_tointeger then
                local i = math_tointeger(v)
                if i then
                    t[k] = i
                end
            end
        elseif tv == "table" then
            big = walk(v, depth + 1) or big
        end
    end
    return big
end

-- whether the text may hold an empty array (cjson 2.1.0 would return it as a plain empty table)
local function may_have_empty_array(s)
    if string_find(s, "[]", 1, true) then
        return true
    end
    local i = string_find(s, "[", 1, true)
    return i ~= nil and string_find(s, "%[%s+%]", i) ~= nil
end

local function decode_error(res)
    if type(res) == "table" and res.tim_json then
        return nil, "tim.json.decode: " .. res.tim_json
    end
    -- cjson's message ("Expected value but found invalid token at character 1"), never the text
    return nil, "tim.json.decode: " .. string_gsub(tostring(res), "^.-:%d+: ", "")
end

--- Decode JSON text. Returns the value, or nil and an error string (never throws).
function _M.decode(s)
    if type(s) ~= "string" then
        return nil, "tim.json.decode: expected a string, got " .. type(s)
    end
    local ok, res
    if cj_decode and (fork_arrays or not may_have_empty_array(s)) then
        ok, res = pcall(cj_decode, s)
        if not ok then
            return decode_error(res)
        end
        local tv = type(res)
        if tv == "table" then
            if not walk(res, 0) then
                return res
            end
        elseif tv ~= "number" or (res < TWO53 and res > -TWO53) then
            if tv == "number" and math_tointeger then
                res = math_tointeger(res) or res
            end
            return res
        end
    end
    ok, res = pcall(decode_own, s)
    if ok then
        return res
    end
    return decode_error(res)
end

--- Our own decoder only (exposed for the specs and for the bench: the result is the same as decode's).
function _M.decode_lua(s)
    if type(s) ~= "string" then
        return nil, "tim.json.decode: expected a string, got " .. type(s)
    end
    local ok, res = pcall(decode_own, s)
    if ok then
        return res
    end
    return nil, "tim.json.decode: " .. (type(res) == "table" and res.tim_json or tostring(res))
end

_M.cjson = cjson ~= nil           -- whether lua-cjson is loaded
_M.cjson_fork = fork_arrays       -- whether it is OpenResty's fork (array marks)

return _M

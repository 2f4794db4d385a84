-- tim.json: JSON for Tencent IM bodies, the same on Lua 5.4, LuaJIT and Lua 5.1, on Debian's lua-cjson 2.1.0
-- and on OpenResty's fork.
--
-- Rules (DESIGN section 4; docs/json.md has the full table):
--   * a Lua sequence encodes as an array, any other non-empty table as an object, an empty table as `{}`;
--     `json.array(t)` / `json.empty_array` mark arrays that may be empty (they encode as `[]`);
--   * integers are written exactly (Lua 5.4 integers, LuaJIT int64_t/uint64_t cdata); integral floats are
--     written exactly (their full decimal expansion, with ".0" from 2^63 on so that they read back as floats);
--     other floats with the shortest of 14 or 17 digits that round-trips;
--   * decoding is strict RFC 8259, one grammar whichever decoder runs: nothing but whitespace after the value,
--     strings of valid UTF-8 without raw control characters, paired surrogates only, nesting up to 1000,
--     texts up to 64 MiB;
--   * numbers decode exactly or not at all: an integral value in the integer range this Lua holds exactly
--     decodes as an integer (Lua 5.4: int64 integers, so 2.0 and 1e3 are integers; LuaJIT: numbers up to
--     2^53, int64_t/uint64_t cdata beyond), an integer literal outside that range is an error, an integral
--     value written with a fraction or exponent outside it is a float when a double holds it exactly and an
--     error otherwise (1e23), anything beyond the doubles (1e400) is an error, other values are the nearest
--     double;
--   * JSON null <-> `json.null` (cjson's null, the same lightuserdata as ngx.null);
--   * a decoded array carries the array mark (`json.array_mt`), so an empty one encodes back as `[]`;
--   * neither function throws: failures return nil, "tim.json.encode: ..." / "tim.json.decode: ... at
--     character N".
-- Both run in C: tim.core.json_decode (csrc/json.c), the one JSON decoder of lua-tim, and an encoder from
-- tim.core.json_encoder (one walk of the value driving csrc/json_enc.c's writer). A table whose metatable has
-- __len or __pairs goes to the Lua encoder below, which writes the same text: cjson when a quick check finds
-- only what it writes right (sequences, string-keyed objects, integers it prints in full, strings), else our
-- encoder (cjson 2.1.0 prints 14 significant digits and cannot mark empty arrays), which still borrows cjson's
-- C string escaper.
local type, pairs, next, pcall, error, tostring, tonumber = type, pairs, next, pcall, error, tostring, tonumber
local setmetatable, getmetatable, rawget = setmetatable, getmetatable, rawget
local string_find, string_sub, string_byte, string_char = string.find, string.sub, string.byte, string.char
local string_format, string_gsub, string_rep = string.format, string.gsub, string.rep
local table_concat, table_sort = table.concat, table.sort
local math_floor, math_huge = math.floor, math.huge
local math_type = math.type            -- nil under LuaJIT

local TWO53 = 9007199254740992         -- doubles hold every integer below this exactly
local TWO63 = 9223372036854775808.0

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

local core = require "tim.core"

local has_cjson, cjson = pcall(require, "cjson")
if not has_cjson then
    cjson = nil
end

-- Our own cjson instance: configuring the shared module would change it for the rest of the application.
local cj = cjson and (cjson.new and cjson.new() or cjson) or nil
local fork_arrays = cjson ~= nil and cjson.array_mt ~= nil    -- OpenResty's fork

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
        error(bad_argument(1, "tim.json.array", "table expected, got " .. type(t)), 2)
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

-- above the decoder's MAX_DECODE_DEPTH (1000): whatever was decoded encodes and prints, even inside a batch report
-- (issue 21: a report was lost to a pretty-printer stricter than the decoder)
local MAX_DEPTH = 1100

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
    if math_floor(v) == v then
        -- exact: the decoder refuses an integral number it cannot hold exactly, so no rounded form will do;
        -- from 2^63 on a fraction keeps it a float (an integer literal there is out of range)
        if v >= TWO63 or v <= -TWO63 then
            return string_format("%.0f.0", v)
        end
        return string_format("%.0f", v)
    end
    local s = string_format("%.14g", v)
    if tonumber(s) ~= v then
        s = string_format("%.17g", v)
    end
    return s
end

-- A cdata's digits (int64_t/uint64_t), or nil and why not. tim.core's encoder asks this too: only Lua can ask
-- the FFI what a cdata is.
local function cdata_digits(v)
    if ffi and (ffi.istype(int64_t, v) or ffi.istype(uint64_t, v)) then
        return (string_gsub(tostring(v), "U?LL$", ""))
    end
    return nil, "cannot encode cdata " .. tostring(ffi and ffi.typeof(v) or "value")
end

local function encode_cdata(v)
    local s, err = cdata_digits(v)
    if not s then
        fail(err)
    end
    return s
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
    if mt ~= nil and not seq then
        return false        -- marked, yet with other keys: an array all the same (cjson 2.1.0 would write an object)
    end
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

-- The members of `extra` (name, value, ...) as JSON text, for the end of an object.
local function encode_members(extra)
    local buf, n = {}, 0
    for i = 1, #extra, 2 do
        n = n + 1
        buf[n] = i > 1 and "," .. encode_key(extra[i]) or encode_key(extra[i])
        n = encode_value(extra[i + 1], buf, n, 1)
    end
    return table_concat(buf, "", 1, n)
end

local function check_extra(extra)
    local n = #extra
    for i = 1, n, 2 do
        if type(extra[i]) ~= "string" or extra[i + 1] == nil then
            n = 1
        end
    end
    if n % 2 ~= 0 then
        error(bad_argument(2, "tim.json.encode", "extra must list names (strings) and values in pairs"), 3)
    end
end

local function encode_lua(v, extra)
    local ok, res
    if extra ~= nil then
        check_extra(extra)
    end
    if cj_encode and type(v) == "table" and cjson_safe(v, 0) then
        ok, res = true, unslash(cj_encode(v))
    else
        ok, res = pcall(encode, v)
    end
    if ok and extra ~= nil and extra[1] ~= nil and string_byte(res, 1) == 123 then     -- an object
        local members
        ok, members = pcall(encode_members, extra)
        if ok then
            res = res == "{}" and "{" .. members .. "}" or string_sub(res, 1, -2) .. "," .. members .. "}"
        else
            res = members
        end
    end
    if ok then
        return res
    end
    if type(res) == "table" and res.tim_json then
        return nil, "tim.json.encode: " .. res.tim_json
    end
    return nil, "tim.json.encode: " .. tostring(res)
end

--- encoder() -> encode(v) -> text | nil, err: the same text as encode, from an encoder that keeps the text of every
-- table and string it wrote, for a document written again and again with most of its parts unchanged (a batch
-- report at each checkpoint, where the items and the finished chunks stay as they were): each part is encoded
-- once, and a new document costs the joining of its parts' texts. A table must not change once encoded (its
-- old text would be written again); tables made anew are encoded anew. The texts live as long as the encoder.
function _M.encoder()
    local tables = setmetatable({}, { __mode = "k" })
    local strings = {}
    local value
    local function object(v, depth)
        local parts, n = {}, 0
        for k, x in pairs(v) do
            local key = key_cache[k]
            if not key then
                local tk = type(k)
                if tk == "string" then key = encode_key(k)
                elseif tk == "number" then key = '"' .. encode_number(k) .. '":'
                else fail("cannot encode a table key of type " .. tk) end
            end
            n = n + 1
            parts[n] = key .. value(x, depth)
        end
        return n == 0 and "{}" or "{" .. table_concat(parts, ",", 1, n) .. "}"
    end
    value = function(v, depth)
        local tv = type(v)
        if tv == "string" then
            local s = strings[v]
            if not s then
                s = encode_string(v)
                strings[v] = s
            end
            return s
        elseif tv ~= "table" or v == null then
            local buf = {}
            return table_concat(buf, "", 1, encode_value(v, buf, 0, depth))
        end
        local s = tables[v]
        if s then return s end
        if depth >= MAX_DEPTH then
            fail("nesting deeper than " .. MAX_DEPTH .. " (a cycle?)")
        end
        local is_array, len = as_array(v)
        if is_array then
            local parts = {}
            for i = 1, len do parts[i] = value(rawget(v, i), depth + 1) end
            s = "[" .. table_concat(parts, ",", 1, len) .. "]"
        else
            s = object(v, depth + 1)
        end
        tables[v] = s
        return s
    end
    return function(v)
        local ok, res = pcall(value, v, 0)
        if ok then return res end
        return nil, "tim.json.encode: " .. (type(res) == "table" and res.tim_json or tostring(res))
    end
end

--- The Lua encoder only (what encode does for a table whose metatable has __len or __pairs, which only it
--- follows; the specs and the bench compare it with tim.core's).
_M.encode_lua = encode_lua

-- tim.core's encoder with our marks, read once (tim.core.json_encode would look them up on every call)
local core_encode = core.json_encoder({
    null = null, array_mt = array_mt, empty_array = empty_array, empty_array_mt = empty_array_mt,
    cjson_empty_array = cjson_empty_array, cdata = ffi and cdata_digits or nil,
})

--- Encode a Lua value as JSON text. Returns the text, or nil and an error string. `extra` (optional): a list of
--- names and values, { name, value, ... }, written as members at the end of the top-level object (nothing is
--- added when `v` is not written as an object): tim.client.call's dedup fields, so the body's last bytes differ.
function _M.encode(v, extra)
    local text, err = core_encode(v, extra)
    if text then
        return text
    elseif text == nil then
        return nil, "tim.json.encode: " .. err
    end
    -- false: a metatable with __len, __pairs or __eq, which only the Lua encoder follows
    return encode_lua(v, extra)
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
        error(bad_argument(2, "tim.json.pretty", "indent must be a string"), 2)
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
-- Decoding: one strict RFC 8259 grammar, one answer per text (docs/json.md has the rules and a table), by
-- tim.core's C parser (csrc/json.c): the one JSON decoder of lua-tim.

local MAX_DECODE_DEPTH = 1000
local MAX_DECODE_SIZE = 64 * 1024 * 1024
_M.MAX_DECODE_DEPTH = MAX_DECODE_DEPTH
_M.MAX_DECODE_SIZE = MAX_DECODE_SIZE

local core_decode = core.json_decode

-- LuaJIT: the C parser leaves integers beyond 2^53 as false and lists them in `side` (container, key, high and
-- low 32 bits, unsigned); they become int64_t/uint64_t cdata here, exactly.
local TWO32 = 4294967296

local function fill_big(v, side)
    for i = 1, #side, 5 do
        local t, k, hi, lo = side[i], side[i + 1], side[i + 2], side[i + 3]
        local x
        if side[i + 4] then
            x = uint64_t(hi) * TWO32 + lo
        else
            x = ffi.cast(int64_t, uint64_t(hi) * TWO32 + lo)
        end
        if t then
            t[k] = x
        else
            v = x
        end
    end
    return v
end

local want_big = ffi ~= nil or nil

--- Decode JSON text. Returns the value, or nil and an error string (never throws).
function _M.decode(s)
    if type(s) ~= "string" then
        return nil, "tim.json.decode: expected a string, got " .. type(s)
    end
    local v, side = core_decode(s, null, array_mt, want_big)
    if v == nil then
        return nil, "tim.json.decode: " .. side
    end
    if side then
        return fill_big(v, side)
    end
    return v
end

_M.core = true                    -- decode runs in C (tim.core), always since 0.2
_M.core_encode = true             -- and so does encode

_M.cjson = cjson ~= nil           -- whether lua-cjson is loaded
_M.cjson_fork = fork_arrays       -- whether it is OpenResty's fork (array marks)

return _M

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
-- Both run in C when tim.core is there: tim.core.json_decode (csrc/json.c) and an encoder from
-- tim.core.json_encoder (one walk of the value driving csrc/json_enc.c's writer). Without tim.core, the Lua
-- decoder below gives the same answers, and the Lua encoder the same text: cjson when a quick check finds only
-- what it writes right (sequences, string-keyed objects, integers it prints in full, strings), else our encoder
-- (cjson 2.1.0 prints 14 significant digits and cannot mark empty arrays), which still borrows cjson's C string
-- escaper.
local type = type
local pairs = pairs
local next = next
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
local TWO63 = 9223372036854775808.0

local _M = { _VERSION = require "tim.version" }

local has_core, core = pcall(require, "tim.core")
if not has_core or type(core) ~= "table" then
    core = nil
end

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
        error("tim.json.encode: extra must list names (strings) and values in pairs", 3)
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

--- The Lua encoder only (what encode does without tim.core; for the specs and the bench).
_M.encode_lua = encode_lua

-- tim.core's encoder with our marks, read once (tim.core.json_encode would look them up on every call)
local core_encode = core and core.json_encoder and core.json_encoder({
    null = null, array_mt = array_mt, empty_array = empty_array, empty_array_mt = empty_array_mt,
    cjson_empty_array = cjson_empty_array, cdata = ffi and cdata_digits or nil,
}) or nil

--- Encode a Lua value as JSON text. Returns the text, or nil and an error string. `extra` (optional): a list of
--- names and values, { name, value, ... }, written as members at the end of the top-level object (nothing is
--- added when `v` is not written as an object): tim.call's dedup fields, so the body's last bytes differ.
function _M.encode(v, extra)
    if core_encode then
        local text, err = core_encode(v, extra)
        if text then
            return text
        elseif text == nil then
            return nil, "tim.json.encode: " .. err
        end
        -- false: a metatable with __len, __pairs or __eq, which only the Lua encoder follows
    end
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
-- Decoding: one strict RFC 8259 grammar, one answer per text (docs/json.md has the rules and a table).
-- tim.core's C parser (csrc/json.c) does the work; the Lua decoder below is for a tree without tim.core
-- and gives the same value or the same error, word for word (spec/10-json_spec.lua checks a corpus).

local MAX_DECODE_DEPTH = 1000
local MAX_DECODE_SIZE = 64 * 1024 * 1024
_M.MAX_DECODE_DEPTH = MAX_DECODE_DEPTH
_M.MAX_DECODE_SIZE = MAX_DECODE_SIZE

local core_decode = core and core.json_decode or nil

-- the C parser's words (csrc/json.c), so that both decoders say the same
local E_END = "unexpected end of text"
local E_CHAR = "unexpected character"
local E_LITERAL = "invalid literal"
local E_TRAILING = "unexpected character after the value"
local E_ARRAY = "expected ',' or ']'"
local E_OBJECT = "expected ',' or '}'"
local E_KEY = "expected a string key"
local E_COLON = "expected ':'"
local E_NUMBER = "invalid number"
local E_NUMLEN = "number too long"
local E_INTRANGE = "integer out of range"
local E_RANGE = "number out of range"
local E_INEXACT = "integral number not exactly representable"
local E_UNTERMINATED = "unterminated string"
local E_CONTROL = "control character in string"
local E_UTF8 = "invalid UTF-8 in string"
local E_ESCAPE = "invalid escape"
local E_UESCAPE = "invalid \\u escape"
local E_SURROGATE = "unpaired surrogate in \\u escape"
local E_DEPTH = "nesting too deep"
local E_SIZE = "text too large"

local MAX_NUMBER_LEN = 320         -- the exact decimal of -DBL_MAX with ".0" is 312 characters

local unescapes = { [34] = '"', [92] = '\\', [47] = '/', [98] = '\b', [102] = '\f', [110] = '\n', [114] = '\r',
                    [116] = '\t' }

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

-- The next byte >= 0x80 at or after the current string, found once and moved on only when passed: a find
-- from each string would scan ahead to the next non-ASCII byte every time, O(n^2) over ASCII-heavy text.
-- (Module state is safe: decoding never yields.)
local next_high = 0

-- One UTF-8 sequence at s[i] ending by j (RFC 3629: no overlong forms, no surrogates, nothing above
-- U+10FFFF): its length, or nil.
local function utf8_seq(s, i, j)
    local c, c1 = string_byte(s, i, i + 1)
    local len
    local lo, hi = 0x80, 0xBF
    if c >= 0xC2 and c <= 0xDF then
        len = 2
    elseif c >= 0xE0 and c <= 0xEF then
        len = 3
        if c == 0xE0 then lo = 0xA0 elseif c == 0xED then hi = 0x9F end
    elseif c >= 0xF0 and c <= 0xF4 then
        len = 4
        if c == 0xF0 then lo = 0x90 elseif c == 0xF4 then hi = 0x8F end
    else
        return nil
    end
    if i + len - 1 > j or c1 < lo or c1 > hi then
        return nil
    end
    for k = i + 2, i + len - 1 do
        local ck = string_byte(s, k)
        if ck < 0x80 or ck > 0xBF then
            return nil
        end
    end
    return len
end

-- Lua 5.3+: utf8.len (strict mode) checks the same in C and says where it fails; a sequence that starts in
-- s[i..j] runs into the ASCII byte after j (or the string's terminating NUL), so it cannot end beyond j.
local utf8_len = utf8 and utf8.len

-- The first byte of an invalid UTF-8 sequence in s[i..j], or nil.
local function utf8_bad(s, i, j)
    if next_high < i then
        next_high = string_find(s, "[\128-\255]", i) or math_huge
    end
    local k = next_high
    if k > j then
        return nil
    end
    if utf8_len then
        local n, bad = utf8_len(s, k, j)
        if not n then
            return bad
        end
        return nil
    end
    while true do
        local len = utf8_seq(s, k, j)
        if not len then
            return k
        end
        k = string_find(s, "[\128-\255]", k + len)
        if not k or k > j then
            next_high = k or math_huge
            return nil
        end
    end
end

local STRING_STOP = '["\\%z\1-\31]'

-- The string whose opening quote is at s[pos]: its value and the position after the closing quote.
local function parse_string(s, pos)
    local i = pos + 1
    local buf, n
    while true do
        local j = string_find(s, STRING_STOP, i)
        if not j then
            j = #s + 1
        end
        local bad = utf8_bad(s, i, j - 1)
        if bad then
            dfail(E_UTF8, bad)
        end
        if j > #s then
            dfail(E_UNTERMINATED, pos)
        end
        local c = string_byte(s, j)
        if c == 34 then
            if not buf then
                return string_sub(s, i, j - 1), j + 1
            end
            n = n + 1
            buf[n] = string_sub(s, i, j - 1)
            return table_concat(buf, "", 1, n), j + 1
        elseif c < 32 then
            dfail(E_CONTROL, j)
        end
        -- a backslash
        if not buf then
            buf, n = {}, 0
        end
        n = n + 1
        buf[n] = string_sub(s, i, j - 1)
        local e = string_byte(s, j + 1)
        if not e then
            dfail(E_UNTERMINATED, pos)
        end
        if e == 117 then            -- u
            local hex = string_sub(s, j + 2, j + 5)
            if not string_find(hex, "^%x%x%x%x$") then
                dfail(E_UESCAPE, j)
            end
            local cp = tonumber(hex, 16)
            i = j + 6
            if cp >= 0xDC00 and cp <= 0xDFFF then
                dfail(E_SURROGATE, j)
            elseif cp >= 0xD800 and cp <= 0xDBFF then
                local low = string_sub(s, j + 6, j + 11)
                local lo = string_find(low, "^\\u%x%x%x%x$") and tonumber(string_sub(low, 3), 16)
                if not lo or lo < 0xDC00 or lo > 0xDFFF then
                    dfail(E_SURROGATE, j)
                end
                cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
                i = j + 12
            end
            n = n + 1
            buf[n] = utf8_char(cp)
        else
            local u = unescapes[e]
            if not u then
                dfail(E_ESCAPE, j)
            end
            n = n + 1
            buf[n] = u
            i = j + 2
        end
    end
end

-- Integers: what this Lua holds exactly. Lua 5.3+: int64 integers. LuaJIT with the FFI: numbers up to 2^53,
-- int64_t/uint64_t cdata beyond. Otherwise (PUC 5.1, LuaJIT without FFI): doubles, exact or an error.
local INT64_MAX_DIGITS = "9223372036854775807"
local INT64_MIN_DIGITS = "9223372036854775808"
local UINT64_MAX_DIGITS = "18446744073709551615"

-- whether the decimal digits a (no leading zeros) are at most b (no leading zeros)
local function digits_le(a, b)
    if #a ~= #b then
        return #a < #b
    end
    return a <= b
end

local function cdata_integer(digits, neg, unsigned)
    local acc = uint64_t(0)
    for k = 1, #digits do
        acc = acc * 10 + (string_byte(digits, k) - 48)
    end
    if unsigned then
        return acc
    end
    return ffi.cast(int64_t, neg and uint64_t(0) - acc or acc)
end

-- The integer value of the decimal `digits` (no leading zeros), negated with `neg`, or nil when it is not in
-- the range this Lua holds exactly; false when it is in the 64-bit range but not exact here (PUC 5.1).
local function integer_value(digits, neg)
    local limit = neg and INT64_MIN_DIGITS or INT64_MAX_DIGITS
    local signed = digits_le(digits, limit)
    if not signed and (neg or not ffi or not digits_le(digits, UINT64_MAX_DIGITS)) then
        return nil
    end
    local text = neg and "-" .. digits or digits
    if math_tointeger then
        return math_tointeger(tonumber(text))
    end
    if #digits < 16 or digits_le(digits, "9007199254740992") then
        return tonumber(text)
    end
    if ffi then
        return cdata_integer(digits, neg, not signed)
    end
    local d = tonumber(text)
    if string_format("%.0f", d) ~= text then
        return false
    end
    return d
end

local function parse_number(s, pos)
    -- the common case: a short integer literal, which every Lua reads exactly
    local _, e0 = string_find(s, "^-?[1-9]%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?", pos)
    if e0 then
        local c = string_byte(s, e0 + 1)
        if not c or (c ~= 46 and c ~= 101 and c ~= 69 and (c < 48 or c > 57)) then
            return tonumber(string_sub(s, pos, e0)), e0 + 1
        end
    end
    local i = pos
    local neg = string_byte(s, i) == 45
    if neg then
        i = i + 1
    end
    local _, e = string_find(s, "^%d+", i)
    if not e then
        dfail(E_NUMBER, i)
    end
    if e > i and string_byte(s, i) == 48 then
        dfail(E_NUMBER, i + 1)     -- a digit after a leading 0
    end
    local int_digits = string_sub(s, i, e)
    local frac_digits = ""
    local plain = true
    local exp = 0
    i = e + 1
    if string_byte(s, i) == 46 then     -- .
        plain = false
        _, e = string_find(s, "^%d+", i + 1)
        if not e then
            dfail(E_NUMBER, i + 1)
        end
        frac_digits = string_sub(s, i + 1, e)
        i = e + 1
    end
    local c = string_byte(s, i)
    if c == 101 or c == 69 then         -- e E
        plain = false
        local j = i + 1
        local sign = string_byte(s, j)
        if sign == 43 or sign == 45 then
            j = j + 1
        end
        _, e = string_find(s, "^%d+", j)
        if not e then
            dfail(E_NUMBER, j)
        end
        exp = tonumber(string_sub(s, j, e))
        if exp > 100000 then
            exp = 100000                -- the value is 0 or beyond DBL_MAX either way
        end
        if sign == 45 then
            exp = -exp
        end
        i = e + 1
    end
    if i - pos > MAX_NUMBER_LEN then
        dfail(E_NUMLEN, pos)
    end

    -- the significant digits and the decimal exponent of the last one
    local all = int_digits .. frac_digits
    local first = string_find(all, "[1-9]")
    if not first then
        return 0, i                     -- zero, whatever its sign or form
    end
    local last = string_find(all, "0*$")
    local digits = string_sub(all, first, last - 1)
    local ex = exp - #frac_digits + (#all - last + 1)
    if ex >= 0 then
        local v
        if #digits + ex <= 20 then
            v = integer_value(digits .. string_rep("0", ex), neg)
            if v == false then
                dfail(E_INEXACT, pos)
            end
        end
        if v then
            return v, i
        end
        if plain then
            dfail(E_INTRANGE, pos)
        end
        if #digits + ex > 309 then
            dfail(E_RANGE, pos)
        end
        -- the plain integer form (at most 309 digits): LuaJIT 2.1.0-beta3 misreads "9223372036854775808e18"
        local full = digits .. string_rep("0", ex)
        local d = tonumber(full)
        if d == math_huge then
            dfail(E_RANGE, pos)
        end
        if string_format("%.0f", d) ~= full then
            dfail(E_INEXACT, pos)
        end
        return neg and -d or d, i
    end
    local d = tonumber(digits .. "e" .. ex)
    if d == math_huge then
        dfail(E_RANGE, pos)
    end
    return neg and -d or d, i
end

local parse_value

local function skip(s, pos)
    local c = string_byte(s, pos)
    if c and c > 32 then
        return pos      -- compact JSON: no pattern matching
    end
    local _, e = string_find(s, "^[ \t\n\r]*", pos)
    return e + 1
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
        elseif c == 44 then
            pos = pos + 1
        elseif c == nil then
            dfail(E_END, pos)
        else
            dfail(E_ARRAY, pos)
        end
    end
end

local function parse_object(s, pos, depth)
    local obj = {}
    pos = skip(s, pos + 1)
    if string_byte(s, pos) == 125 then
        return obj, pos + 1
    end
    while true do
        pos = skip(s, pos)
        local c = string_byte(s, pos)
        if c ~= 34 then
            dfail(c == nil and E_END or E_KEY, pos)
        end
        local k, v
        k, pos = parse_string(s, pos)
        pos = skip(s, pos)
        c = string_byte(s, pos)
        if c ~= 58 then
            dfail(c == nil and E_END or E_COLON, pos)
        end
        v, pos = parse_value(s, pos + 1, depth)
        obj[k] = v
        pos = skip(s, pos)
        c = string_byte(s, pos)
        if c == 125 then
            return obj, pos + 1
        elseif c == nil then
            dfail(E_END, pos)
        elseif c ~= 44 then
            dfail(E_OBJECT, pos)
        end
        pos = pos + 1
    end
end

parse_value = function(s, pos, depth)
    pos = skip(s, pos)
    local c = string_byte(s, pos)
    if c == 34 then
        return parse_string(s, pos)
    elseif c == 123 or c == 91 then
        if depth >= MAX_DECODE_DEPTH then
            dfail(E_DEPTH, pos)
        end
        if c == 123 then
            return parse_object(s, pos, depth + 1)
        end
        return parse_array(s, pos, depth + 1)
    elseif c == 116 or c == 102 or c == 110 then
        if c == 116 and string_sub(s, pos, pos + 3) == "true" then
            return true, pos + 4
        elseif c == 102 and string_sub(s, pos, pos + 4) == "false" then
            return false, pos + 5
        elseif c == 110 and string_sub(s, pos, pos + 3) == "null" then
            return null, pos + 4
        end
        dfail(E_LITERAL, pos)
    elseif c == 45 or (c and c >= 48 and c <= 57) then
        return parse_number(s, pos)
    elseif c == nil then
        dfail(E_END, pos)
    end
    dfail(E_CHAR, pos)
end

local function decode_own(s)
    next_high = 0
    if #s > MAX_DECODE_SIZE then
        dfail(E_SIZE, 1)
    end
    local v, pos = parse_value(s, 1, 0)
    pos = skip(s, pos)
    if pos <= #s then
        dfail(E_TRAILING, pos)
    end
    return v
end

--- Our own Lua decoder only (for the specs and the bench: same value or same error as decode).
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
    if not core_decode then
        return _M.decode_lua(s)
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

_M.core = core_decode ~= nil      -- whether decode runs in C (tim.core)
_M.core_encode = core_encode ~= nil   -- whether encode does

_M.cjson = cjson ~= nil           -- whether lua-cjson is loaded
_M.cjson_fork = fork_arrays       -- whether it is OpenResty's fork (array marks)

return _M

-- tim.json: arrays vs objects, exact integers, null, unicode, errors as values; the same under Lua 5.4, LuaJIT
-- and Lua 5.1. Decoding: one strict grammar, in one decoder (tim.core's, csrc/json.c): the documented answer on
-- the tricky texts, a value or an error in the documented form on every mutation of spec/support/json_corpus.lua,
-- and what it decodes encodes back to text that decodes to the same value.
local json = require "tim.json"
local tim = require "tim"
local corpus = require "support.json_corpus"
local isolated = require "support.isolated"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local LUA54 = math.type ~= nil
local LUAJIT = jit ~= nil
local PUC51 = not LUA54 and not LUAJIT

-- tim.json loaded again without lua-cjson, with tim.core: its null is a table of its own, its Lua encoder escapes
-- strings itself
local json_nocj = isolated.load(ROOT .. "/lua/tim/base/json.lua",
                                function(name) return name ~= "cjson" end)

local function enc(v)
    return assert(json.encode(v))
end

-- %q differs between Lua versions: escape control bytes, quotes and backslashes as \ddd everywhere
local function quote(v)
    return '"' .. v:gsub('[%c"\\]', function(c) return string.format("\\%03d", c:byte()) end) .. '"'
end

-- A text that tells every value apart: integer or float (Lua 5.4), cdata, array mark, keys sorted. `by_value`:
-- numbers by their value only (the encoder writes an integral float as an integer, and -0.0 as 0).
local function dump(v, by_value)
    local t = type(v)
    if t == "number" then
        if by_value and v == math.floor(v) and v > -2^63 and v < 2^63 then
            return v == 0 and "n0" or string.format("n%.17g", v)     -- -0.0 is written 0
        elseif math.type and math.type(v) == "integer" then
            return string.format("i%d", v)
        end
        return string.format("f%.17g", v)
    elseif t == "cdata" then
        return "c" .. tostring(v)
    elseif t == "string" then
        return quote(v)
    elseif v == json.null then
        return "null"
    elseif t == "table" then
        local parts = {}
        local mt = getmetatable(v)
        if mt ~= nil and (mt == json.array_mt or mt == json_nocj.array_mt) then
            for i = 1, #v do
                parts[i] = dump(v[i], by_value)
            end
            return "A[" .. table.concat(parts, ",") .. "]"
        end
        local keys = {}
        for k in pairs(v) do
            keys[#keys + 1] = k
        end
        table.sort(keys)
        for i, k in ipairs(keys) do
            parts[i] = quote(k) .. "=" .. dump(v[k], by_value)
        end
        return "{" .. table.concat(parts, ",") .. "}"
    end
    return tostring(v)
end

-- what a decoder answers, as one string: the value's dump, or "error: <message>"
local function answer(decode, text, by_value)
    local v, err = decode(text)
    if v == nil then
        return "error: " .. tostring(err)
    end
    return dump(v, by_value)
end

-- decode, and insist that the value encodes back to text that decodes to the same value
local function both(text)
    local v = json.decode(text)
    if v ~= nil then
        local back = assert(json.encode(v))
        assert.are.equal(answer(json.decode, text, true), answer(json.decode, back, true))
    end
    return v
end

describe("tim.json.encode", function()
    it("encodes a Lua sequence as an array and a table with string keys as an object", function()
        assert.are.equal('[1,2,3]', enc({ 1, 2, 3 }))
        assert.are.equal('{"a":1}', enc({ a = 1 }))
        assert.are.equal('[{"To_Account":"b"}]', enc({ { To_Account = "b" } }))
    end)

    it("encodes an empty plain table as an object and a marked one as an array", function()
        assert.are.equal('{}', enc({}))
        assert.are.equal('[]', enc(tim.array({})))
        assert.are.equal('[]', enc(tim.array()))
        assert.are.equal('[]', enc(tim.empty_array))
        local s = enc({ MsgBody = tim.empty_array, x = {} })
        assert.is_truthy(s == '{"MsgBody":[],"x":{}}' or s == '{"x":{},"MsgBody":[]}', s)
    end)

    it("keeps tim.empty_array read-only", function()
        assert.has_error(function() tim.empty_array[1] = 1 end)
    end)

    it("encodes a marked array that has elements as an array", function()
        assert.are.equal('["a","b"]', enc(tim.array({ "a", "b" })))
    end)

    it("encodes a marked table as an array whatever other keys it holds, alone or beside other values", function()
        -- cjson 2.1.0 knows no marks: a marked table with string keys once went to it as an object
        assert.are.equal("[]", enc(tim.array({ a = 1 })))
        assert.are.equal("[[],[]]", enc({ tim.array({ a = 1 }), tim.empty_array }))
        assert.are.equal('{"x":[]}', enc({ x = tim.array({ a = 1 }) }))
        assert.are.equal("[1,2]", enc(tim.array({ 1, 2, x = 1 })))
    end)

    it("encodes a table that is not a sequence as an object with string keys", function()
        local s = enc({ [1] = "a", [3] = "c" })
        assert.is_truthy(s == '{"1":"a","3":"c"}' or s == '{"3":"c","1":"a"}')
    end)

    it("writes uint32 values exactly", function()
        assert.are.equal('{"MsgRandom":4294967295}', enc({ MsgRandom = 4294967295 }))
        assert.are.equal('[0,1,2147483648]', enc({ 0, 1, 2147483648 }))
    end)

    it("writes integral floats without exponent or fraction", function()
        assert.are.equal('[3,1000000,9007199254740992]', enc({ 3.0, 1e6, 2 ^ 53 }))
    end)

    it("writes integral floats exactly, so that the strict decoder reads them back (as floats from 2^63 on)", function()
        for _, v in ipairs({ 1e21, 1e22, 1e300, 2 ^ 63, -2 ^ 63, 2 ^ 64, 2 ^ 53 + 2, -1.7976931348623157e308 }) do
            local text = enc({ v })
            local back, err = json.decode(text)
            assert.is_table(back, err)
            assert.is_true(back[1] == v, text)
            if LUA54 and (v >= 2 ^ 63 or v < -2 ^ 63) then
                assert.are.equal("float", math.type(back[1]))
            end
        end
        assert.are.equal("[1e+22]", enc({ 1e22 }):gsub("^%[10000000000000000000000%.0%]$", "[1e+22]"))
        assert.are.equal("[-0]", enc({ -0.0 }))
        assert.are.equal(0, json.decode("-0"))
    end)

    it("writes other floats so that they read back the same", function()
        assert.are.equal('[0.1,2.5,-1.25]', enc({ 0.1, 2.5, -1.25 }))
        local third = 1 / 3
        assert.are.equal(third, json.decode(enc({ third }))[1])
    end)

    if LUA54 then
        it("writes 64-bit integers exactly under Lua 5.4 (up to 2^63-1)", function()
            local max = math.maxinteger
            assert.are.equal('{"Tag_Profile_Custom_Big":9223372036854775807}',
                             enc({ Tag_Profile_Custom_Big = max }))
            assert.are.equal('[-9223372036854775808,9007199254740993]', enc({ math.mininteger, 9007199254740993 }))
        end)
    elseif LUAJIT then
        it("writes int64/uint64 cdata exactly under LuaJIT", function()
            local v = assert(load("return 9223372036854775807LL"))()
            local u = assert(load("return 18446744073709551615ULL"))()
            assert.are.equal('[9223372036854775807,18446744073709551615]', enc({ v, u }))
        end)
    end

    it("passes UTF-8 through unchanged and escapes only what JSON requires", function()
        assert.are.equal('"héllo 世界 😀"', enc("héllo 世界 😀"))
        assert.are.equal('"a\\"b\\\\c\\n\\t\\u0001"', enc('a"b\\c\n\t\1'))
    end)

    it("writes / unescaped and keeps a backslash before a slash intact", function()
        assert.are.equal('{"FaceUrl":"https://x.example/a.png"}', enc({ FaceUrl = "https://x.example/a.png" }))
        assert.are.equal([["a\\/b"]], enc([[a\/b]]))
        for _, v in ipairs({ "a\\/b", "\\\\//", "/\\" }) do
            assert.are.equal(v, json.decode(enc({ v }))[1])
            assert.are.equal(v, json.decode(enc({ v, tim.array({}) }))[1])     -- our own encoder too
        end
    end)

    it("encodes tim.null (and ngx.null's value) as null", function()
        assert.are.equal('{"a":null}', enc({ a = tim.null }))
        assert.are.equal('null', enc(tim.null))
    end)

    it("encodes booleans", function()
        assert.are.equal('[true,false]', enc({ true, false }))
    end)

    it("returns nil and an error, never throws, for values JSON cannot hold", function()
        local cases = { { f = print }, { 0 / 0 }, { math.huge }, { [true] = 1 }, coroutine.create(function() end) }
        for _, v in ipairs(cases) do
            local s, err = json.encode(v)
            assert.is_nil(s)
            assert.matches("^tim.json.encode: ", err)
        end
    end)

    it("refuses a cycle with an error instead of overflowing the stack", function()
        local t = {}
        t.self = t
        local s, err = json.encode(t)
        assert.is_nil(s)
        assert.matches("nesting deeper", err)
    end)
end)

describe("tim.json.encode in C and in Lua", function()
    it("runs in C, also without lua-cjson", function()
        assert.is_true(json.core_encode)
        assert.is_true(json_nocj.core_encode)
        assert.is_false(json_nocj.cjson)
    end)

    -- json.encode (tim.core) and json.encode_lua (cjson or our Lua encoder, as before tim.core encoded) on
    -- `count` generated values: the same text, byte for byte (objects' keys in the order `pairs` gives, both
    -- walks follow it), or the same error, word for word
    local function differential(j, seed, count)
        local gen = corpus.values(seed, { null = j.null, array = j.array, empty_array = j.empty_array })
        local differ, refused, written, texts = {}, 0, 0, 0
        for _ = 1, count do
            local v = gen()
            local a, aerr = j.encode(v)
            local b, berr = j.encode_lua(v)
            if a ~= b or aerr ~= berr then
                if #differ < 5 then
                    differ[#differ + 1] = string.format("C %s / Lua %s", tostring(a or aerr), tostring(b or berr))
                end
            elseif a then
                written = written + 1
                texts = texts + #a
            else
                refused = refused + 1
            end
        end
        assert.are.same({}, differ)
        -- the generator reaches both outcomes, and big enough texts
        assert.is_true(refused > count / 100 and written > count * 0.8 and texts / written > 20,
                       string.format("%d written, %d refused", written, refused))
    end

    it("writes what the Lua encoder writes, byte for byte, or refuses in the same words: 5,000 values", function()
        differential(json, 20261207, 5000)
    end)

    it("does the same with a tim.null of its own when lua-cjson is not there: 2,000 values", function()
        differential(json_nocj, 20261208, 2000)
    end)

    it("writes a sequence however Lua stores it, and a table that only starts like one", function()
        -- 1..7 put in the free slots of a hash part: Lua 5.4's pairs gives 7 first
        local back = { a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8 }
        for _, k in ipairs({ "a", "b", "c", "d", "e", "f", "g", "h" }) do back[k] = nil end
        for i = 1, 7 do back[i] = i end
        local cases = { back, { 1, 2, x = 1 }, { 1, 2, [4] = 4 }, { [1] = 1, [2] = 2, [2.5] = 3 },
                        { 1, 0 / 0, x = 1 }, { 1, { 2, 0 / 0 }, [true] = 1 }, { "a", { "b", {} }, { c = 1 } } }
        local mixed = { 1, 2, 3 }
        mixed[5] = 5
        mixed[4] = 4                                      -- 1..5 present, 4 and 5 maybe in the hash part
        cases[#cases + 1] = mixed
        for _, v in ipairs(cases) do
            local a, aerr = json.encode(v)
            local b, berr = json.encode_lua(v)
            assert.are.equal(b, a)
            assert.are.equal(berr, aerr)
        end
        assert.are.equal("[" .. table.concat(back, ",") .. "]", json.encode(back))
        assert.are.equal("[1,2,3,4,5]", json.encode(mixed))
    end)

    it("appends extra members to an object, in C and in Lua alike", function()
        for _, j in ipairs({ json, json_nocj }) do
            assert.are.equal('{"MsgRandom":7}', j.encode({}, { "MsgRandom", 7 }))
            assert.are.equal('{"a":1,"MsgRandom":7,"MsgSeq":4294967295}',
                             j.encode({ a = 1 }, { "MsgRandom", 7, "MsgSeq", 4294967295 }))
            assert.are.equal('{"a":1}', j.encode({ a = 1 }, {}))
            assert.are.equal("[1]", j.encode({ 1 }, { "MsgRandom", 7 }))        -- not an object: nothing added
            assert.are.equal('"s"', j.encode("s", { "MsgRandom", 7 }))
            local s, err = j.encode({ a = 0 / 0 }, { "MsgRandom", 7 })
            assert.is_nil(s)
            assert.are.equal("tim.json.encode: cannot encode NaN or infinity", err)
            assert.has_error(function() j.encode({}, { "MsgRandom" }) end)
            assert.has_error(function() j.encode({}, { 1, 2 }) end)
        end
    end)

    it("leaves a table whose metatable has __len or __pairs to the Lua encoder", function()
        local core = require "tim.core"
        local t = setmetatable({ 1, 2 }, { __len = function() return 1 end })
        local r, why = core.json_encode(t)
        assert.is_false(r)
        assert.is_string(why)
        assert.are.equal(json.encode_lua(t), json.encode(t))
        local u = setmetatable({ a = 1 }, { __index = { b = 2 } })       -- followed by neither walk
        assert.are.equal('{"a":1}', core.json_encode(u))
        assert.are.equal('{"a":1}', json.encode(u))
    end)

    it("checks tim.core.json_encode's own arguments and writes NULL lightuserdata as null without opts", function()
        local core = require "tim.core"
        assert.has_error(function() core.json_encode({}, 1) end,
                         "bad argument #2 to 'tim.core.json_encode' (opts must be a table or nil, got number)")
        assert.has_error(function() core.json_encode({}, { cdata = 1 }) end)
        assert.has_error(function() core.json_encode({}, { append = "x" }) end)
        assert.are.equal("[null,true]", core.json_encode({ json.null, true }))
        assert.are.equal("[{}]", core.json_encode({ json.array({}) }))           -- no marks given: an object
        local emt = {}                                     -- OpenResty cjson's second mark, and a table of ours
        local ours = setmetatable({}, { __newindex = error })
        assert.are.equal("[[],[],{}]", core.json_encode({ setmetatable({}, emt), ours, {} },
                                                         { empty_array_mt = emt, empty_array = ours }))
        local s, err = core.json_encode({ f = print })
        assert.is_nil(s)
        assert.are.equal("cannot encode a value of type function", err)
    end)

    it("makes encoders with their marks read once, that take the members to append per call", function()
        local core = require "tim.core"
        local null, mt = {}, {}
        local encoder = core.json_encoder({ null = null, array_mt = mt })
        local v = { a = { 1, null }, b = setmetatable({}, mt) }
        assert.are.equal(core.json_encode(v, { null = null, array_mt = mt }), encoder(v))
        assert.are.equal('{"x":1,"R":2}', encoder({ x = 1 }, { "R", 2 }))
        assert.are.equal("[null]", core.json_encoder()({ json.null }))
        assert.has_error(function() encoder({}, { 1, 2 }) end,
                         "bad argument #2 to a tim.core.json_encoder encode (append must list names (strings) and "
                         .. "values in pairs)")
        assert.has_error(function() encoder({}, "x") end)
        assert.has_error(function() core.json_encoder(1) end,
                         "bad argument #1 to 'tim.core.json_encoder' (opts must be a table or nil, got number)")
        assert.has_error(function() core.json_encoder({ append = {} }) end)
        assert.has_error(function() core.json_encoder({ cdata = true }) end)
    end)

    if LUAJIT then
        it("asks Lua what a cdata is, and says what the hook says", function()
            local core = require "tim.core"
            local big = assert(load("return 18446744073709551615ULL"))()
            assert.are.equal("[18446744073709551615]", json.encode({ big }))
            assert.are.equal("[-5]", core.json_encode({ big }, { cdata = function() return "-5" end }))
            local s, err = core.json_encode({ big }, { cdata = function() return nil, "no" end })
            assert.is_nil(s)
            assert.are.equal("no", err)
            for _, bad in ipairs({ "", "-", "1.5", "1e3", " 1" }) do
                assert.is_nil(core.json_encode({ big }, { cdata = function() return bad end }))
            end
            s, err = core.json_encode({ big }, { cdata = function() error("boom", 0) end })
            assert.is_nil(s)
            assert.are.equal("boom", err)
            s, err = core.json_encode({ big })
            assert.is_nil(s)
            assert.are.equal("cannot encode a value of type cdata", err)
            -- a hook that encodes again gets a buffer of its own
            local inner
            assert.are.equal('[7,"x"]', core.json_encode({ big, "x" }, { cdata = function()
                inner = core.json_encode({ 1, { a = "b" } })
                return "7"
            end }))
            assert.are.equal('[1,{"a":"b"}]', inner)
        end)
    end
end)

describe("tim.json.decode", function()
    it("decodes objects, arrays, strings, booleans and null", function()
        local v = both('{"a":[1,"x",true,false,null],"b":{"c":"d"}}')
        assert.are.equal(1, v.a[1])
        assert.are.equal("x", v.a[2])
        assert.is_true(v.a[3])
        assert.is_false(v.a[4])
        assert.are.equal(tim.null, v.a[5])
        assert.are.equal("d", v.b.c)
    end)

    it("answers every text of the corpus with a value that encodes back to itself, or a documented error", function()
        local texts = {}
        for i, text in ipairs(corpus.tricky) do
            texts[i] = text
        end
        texts[#texts + 1] = corpus.sendmsg()
        texts[#texts + 1] = corpus.group_members(100)
        texts[#texts + 1] = corpus.history(20000)
        local values, errors = 0, 0
        for _, text in ipairs(texts) do
            local a = answer(json.decode, text)
            if a:find("^error: ") then
                assert.matches("^error: tim.json.decode: .* at character %d+$", a)
                errors = errors + 1
            else
                both(text)
                values = values + 1
            end
        end
        assert.is_true(values > 10 and errors > 10, values .. " values, " .. errors .. " errors")
    end)

    it("answers 20,000 mutations of the corpus with a value that round-trips or a documented error", function()
        local bytes = { 0, 1, 9, 10, 13, 32, 34, 43, 44, 45, 46, 48, 49, 57, 58, 69, 91, 92, 93, 101, 102, 110, 116,
                        117, 123, 125, 127, 128, 191, 192, 194, 224, 237, 240, 244, 255 }
        local texts = { corpus.sendmsg(), corpus.group_members(2), '{"a":[1.5e3,-0,"\\ud83d\\ude00",null]}' }
        for _, text in ipairs(corpus.tricky) do
            if #text < 200 then
                texts[#texts + 1] = text
            end
        end
        -- a private generator (Park-Miller, exact in doubles): reseeding math.random would make every later spec
        -- in this process draw the same "random" numbers
        local seed = 20261201
        local function random(n)
            seed = seed * 16807 % 2147483647
            return seed % n + 1
        end
        local differ, values = {}, { [true] = 0, [false] = 0 }
        for _ = 1, 20000 do
            local t = texts[random(#texts)]
            for _ = 1, random(3) do
                local at = random(#t + 1)
                local op = random(4)
                local b = string.char(bytes[random(#bytes)])
                if op == 1 then
                    t = t:sub(1, at - 1) .. b .. t:sub(at + 1)
                elseif op == 2 then
                    t = t:sub(1, at - 1) .. b .. t:sub(at)
                elseif op == 3 then
                    t = t:sub(1, at - 1) .. t:sub(at + 1)
                else
                    t = t:sub(1, at - 1)
                end
            end
            local a = answer(json.decode, t)
            local b
            if a:find("^error: ") then
                b = a:find("^error: tim.json.decode: .* at character %d+$") and a or "an error not in the form"
                values[false] = values[false] + 1
            else
                a = answer(json.decode, t, true)
                b = answer(json.decode, assert(json.encode((json.decode(t)))), true)
                values[true] = values[true] + 1
            end
            if a ~= b and #differ < 5 then
                differ[#differ + 1] = string.format("%q: %s, then %s", t, a, b)
            end
        end
        assert.are.same({}, differ)
        assert.is_true(values[true] > 1000 and values[false] > 1000,
                       values[true] .. " values, " .. values[false] .. " errors")
    end)

    -- text -> answer under Lua 5.4, LuaJIT, PUC Lua 5.1 (one string: the same everywhere)
    local rules = {
        { "1.", "error: tim.json.decode: invalid number at character 3" },
        { "-.5", "error: tim.json.decode: invalid number at character 2" },
        { ".5", "error: tim.json.decode: unexpected character at character 1" },
        { "01", "error: tim.json.decode: invalid number at character 2" },
        { '"a\0b"', "error: tim.json.decode: control character in string at character 3" },
        { "{}\0", "error: tim.json.decode: unexpected character after the value at character 3" },
        { '{"a":1} x', "error: tim.json.decode: unexpected character after the value at character 9" },
        { "[1,]", "error: tim.json.decode: unexpected character at character 4" },
        { "-9223372036854775809", "error: tim.json.decode: integer out of range at character 1" },
        { "1e400", "error: tim.json.decode: number out of range at character 1" },
        { "-1e400", "error: tim.json.decode: number out of range at character 1" },
        { "1e23", "error: tim.json.decode: integral number not exactly representable at character 1" },
        { "[0,1.5e308]", "error: tim.json.decode: integral number not exactly representable at character 4" },
        { "0." .. string.rep("1", 319), "error: tim.json.decode: number too long at character 1" },
        { "1e22", "f1e+22" },
        { "1e20", "f1e+20" },
        { "0.1", "f0.10000000000000001" },
        { "-2.5", "f-2.5" },
        { "1e-400", "f0" },
        { "123.456e-7", "f1.2345599999999999e-05" },
        { '"\\u00e9\\ud83d\\ude00"', '"\195\169\240\159\152\128"' },
        { '"\\u0000"', '"\\000"' },
        { '"\\ud800"', "error: tim.json.decode: unpaired surrogate in \\u escape at character 2" },
        { '"\\udc00x"', "error: tim.json.decode: unpaired surrogate in \\u escape at character 2" },
        { '"\\ud800\\u0041"', "error: tim.json.decode: unpaired surrogate in \\u escape at character 2" },
        { '"\255"', "error: tim.json.decode: invalid UTF-8 in string at character 2" },
        { '"\192\175"', "error: tim.json.decode: invalid UTF-8 in string at character 2" },
        { '"\237\160\128"', "error: tim.json.decode: invalid UTF-8 in string at character 2" },
        { '"a\228\184"', "error: tim.json.decode: invalid UTF-8 in string at character 3" },
        { '"\\x"', "error: tim.json.decode: invalid escape at character 2" },
        { '"abc', "error: tim.json.decode: unterminated string at character 1" },
        { "\239\187\191{}", "error: tim.json.decode: unexpected character at character 1" },
        { "tru", "error: tim.json.decode: invalid literal at character 1" },
        { "", "error: tim.json.decode: unexpected end of text at character 1" },
        { "[1", "error: tim.json.decode: unexpected end of text at character 3" },
        { '{"a" 1}', "error: tim.json.decode: expected ':' at character 6" },
        { '{"a":1,}', "error: tim.json.decode: expected a string key at character 8" },
        { "[1 2]", "error: tim.json.decode: expected ',' or ']' at character 4" },
        { '{"a":1 "b":2}', "error: tim.json.decode: expected ',' or '}' at character 8" },
        { string.rep("[", 1001) .. string.rep("]", 1001),
          "error: tim.json.decode: nesting too deep at character 1001" },
    }
    local by_lua = {
        -- text, Lua 5.4, LuaJIT, PUC Lua 5.1
        { "2.0", "i2", "f2", "f2" },
        { "1e3", "i1000", "f1000", "f1000" },
        { "-0.0", "i0", "f0", "f0" },
        { "100e-2", "i1", "f1", "f1" },
        { "9007199254740993",
          "i9007199254740993", "c9007199254740993LL",
          "error: tim.json.decode: integral number not exactly representable at character 1" },
        { "9007199254740993.0",
          "i9007199254740993", "c9007199254740993LL",
          "error: tim.json.decode: integral number not exactly representable at character 1" },
        { "1152921504606846976", "i1152921504606846976", "c1152921504606846976LL", "f1.152921504606847e+18" },
        { "-9223372036854775808", "i-9223372036854775808", "c-9223372036854775808LL", "f-9.2233720368547758e+18" },
        { "18446744073709551615",
          "error: tim.json.decode: integer out of range at character 1", "c18446744073709551615ULL",
          "error: tim.json.decode: integer out of range at character 1" },
        { "9.223372036854775808e18", "f9.2233720368547758e+18", "c9223372036854775808ULL",
          "f9.2233720368547758e+18" },
    }

    it("follows the documented rules on the tricky texts", function()
        for _, case in ipairs(rules) do
            assert.are.equal(case[2], answer(json.decode, case[1]), case[1])
        end
        local col = LUA54 and 2 or LUAJIT and 3 or 4
        for _, case in ipairs(by_lua) do
            assert.are.equal(case[col], answer(json.decode, case[1]), case[1])
        end
    end)

    if LUA54 then
        it("decodes integral numbers as Lua 5.4 integers", function()
            local v = both('{"ErrorCode":0,"MsgTime":1700000000,"MsgSeq":4294967295,"f":2.5,"e":1e3}')
            assert.are.equal("integer", math.type(v.ErrorCode))
            assert.are.equal("integer", math.type(v.MsgTime))
            assert.are.equal(4294967295, v.MsgSeq)
            assert.are.equal("float", math.type(v.f))
            assert.are.equal("integer", math.type(v.e))
        end)

        it("decodes integers up to 2^63-1 exactly under Lua 5.4", function()
            local v = both('{"big":9223372036854775807,"neg":-9223372036854775808,"n":9007199254740993}')
            assert.are.equal(math.maxinteger, v.big)
            assert.are.equal(math.mininteger, v.neg)
            assert.are.equal(9007199254740993, v.n)
            assert.are.equal("integer", math.type(v.n))
        end)
    elseif LUAJIT then
        it("decodes integers beyond 2^53 as exact 64-bit cdata under LuaJIT, wherever they are", function()
            local v = both('{"big":9223372036854775807,"u":18446744073709551615,"small":42,'
                .. '"list":[1,-9007199254740993,{"x":[9007199254740994]}]}')
            assert.are.equal("cdata", type(v.big))
            assert.are.equal("9223372036854775807LL", tostring(v.big))
            assert.are.equal("18446744073709551615ULL", tostring(v.u))
            assert.are.equal("number", type(v.small))
            assert.are.equal("-9007199254740993LL", tostring(v.list[2]))
            assert.are.equal("9007199254740994LL", tostring(v.list[3].x[1]))
            assert.are.equal("number", type(json.decode("9007199254740992")))
            assert.are.equal("-9223372036854775808LL", tostring(json.decode("-9223372036854775808")))
        end)
    end

    it("round-trips a 64-bit custom field exactly (or refuses it where this Lua cannot hold it)", function()
        for _, text in ipairs({ '{"Value":9223372036854775807}', '{"Value":1234567890123456789}' }) do
            local v, err = json.decode(text)
            if PUC51 then
                assert.is_nil(v)
                assert.matches("not exactly representable", err)
            else
                assert.are.equal(text, enc(v))
            end
        end
    end)

    it("decodes \\u escapes, surrogate pairs included, to UTF-8, and raw UTF-8 as it is", function()
        local v = both('["\\u00e9\\u4e16\\ud83d\\ude00","raw é 世 😀 \127"]')
        assert.are.equal("é世😀", v[1])
        assert.are.equal("raw é 世 😀 \127", v[2])
        assert.are.equal("a\0b", both('"a\\u0000b"'))
    end)

    it("marks decoded arrays, empty ones included, so they encode back as []", function()
        local v = both('{"ErrorList":[],"Obj":{},"L":[[],{}]}')
        assert.are.equal('[]', enc(v.ErrorList))
        assert.are.equal('{}', enc(v.Obj))
        assert.are.equal('[[],{}]', enc(v.L))
        assert.are.equal(json.array_mt, getmetatable(v.ErrorList))
        assert.is_nil(getmetatable(v.Obj))
        assert.is_true(json.is_array(both("[]")))
    end)

    it("lets the last of duplicate keys win, in both decoders", function()
        assert.are.equal(2, both('{"a":1,"a":2}').a)
    end)

    it("decodes the answers it will meet: sendmsg, a group's members, a C2C history", function()
        local v = both(corpus.sendmsg())
        assert.are.equal("OK", v.ActionStatus)
        assert.are.equal(1700000000, v.MsgTime)
        v = both(corpus.group_members(100))
        assert.are.equal(100, #v.MemberList)
        assert.are.equal("名片 100", v.MemberList[100].NameCard)
        v = both(corpus.history(50000))
        assert.are.equal(v.MsgCnt, #v.MsgList)
        assert.are.equal('hello "quoted" line\nnext 你好', v.MsgList[3].MsgBody[1].MsgContent.Text)
    end)

    it("takes 1000 levels of nesting and refuses 1001, without overflowing any stack", function()
        local ok = both(string.rep("[", 1000) .. string.rep("]", 1000))
        assert.is_true(json.is_array(ok))
        local v, err = json.decode(string.rep('{"a":', 1001) .. "1" .. string.rep("}", 1001))
        assert.is_nil(v)
        assert.are.equal("tim.json.decode: nesting too deep at character 5001", err)
    end)

    it("refuses a text larger than json.MAX_DECODE_SIZE", function()
        -- in a child process of this interpreter: 128 MiB of strings in this one would slow every later spec
        -- (a bigger heap postpones LuaJIT's GC; see issue 13)
        assert.are.equal(64 * 1024 * 1024, json.MAX_DECODE_SIZE)
        local interp = jit and "luajit" or (_VERSION == "Lua 5.1" and "lua5.1") or "lua5.4"
        local script = os.tmpname()
        finally(function() os.remove(script) end)
        local f = assert(io.open(script, "w"))
        f:write([[
            local json = require "tim.json"
            local big = "[" .. string.rep(" ", json.MAX_DECODE_SIZE - 2) .. "]"
            print(json.is_array(json.decode(big)))
            big = big .. " "
            print(select(2, json.decode(big)))
        ]])
        f:close()
        local p = assert(io.popen(interp .. " " .. script .. " " .. ROOT))
        local out = p:read("*a")
        p:close()
        assert.are.equal("true\ntim.json.decode: text too large at character 1\n", out)
    end)

    it("returns nil and an error, never throws, on invalid text or a non-string", function()
        local cases = { "", "{", '{"a":1} x', "[1,2", '"\\u12"', "NaN", "0x10", "01", "{'a':1}", '{"a":"x',
                        string.rep("[", 5000) }
        for _, text in ipairs(cases) do
            local v, err = json.decode(text)
            assert.is_nil(v)
            assert.matches("^tim.json.decode: .* at character %d+$", err)
        end
        for _, bad in ipairs({ nil, 1, {}, true }) do
            local v, err = json.decode(bad)
            assert.is_nil(v)
            assert.matches("expected a string", err)
        end
    end)

    it("accepts top-level scalars and surrounding whitespace, and only JSON's four whitespace bytes", function()
        assert.are.equal(5, both(" 5 "))
        assert.are.equal("x", both('\n"x"\t\r'))
        assert.is_nil(json.decode("\f5"))
        assert.is_nil(json.decode("5\v"))
    end)

    it("checks tim.core.json_decode's own arguments", function()
        local core = require "tim.core"
        assert.has_error(function() core.json_decode(5) end,
            "bad argument #1 to 'tim.core.json_decode' (text must be a string, got number)")
        assert.has_error(function() core.json_decode("[]", nil, 5) end,
            "bad argument #3 to 'tim.core.json_decode' (array_mt must be a table or nil, got number)")
        assert.are.equal("N", core.json_decode("null", "N"))
        assert.is_nil(getmetatable(core.json_decode("[]")))
    end)
end)

describe("tim.json.pretty", function()
    it("writes the same values as encode, keys sorted, one member per line", function()
        local text = json.pretty({ b = { 1, "x/y" }, a = json.empty_array, c = {}, n = 4294967295, z = json.null })
        assert.are.equal('{\n  "a": [],\n  "b": [\n    1,\n    "x/y"\n  ],\n  "c": {},\n  "n": 4294967295,\n'
                         .. '  "z": null\n}', text)
        assert.are.same(json.decode(json.encode({ k = { 1, 2 } })), json.decode(json.pretty({ k = { 1, 2 } })))
    end)

    it("takes another indent, and returns nil and an error for what JSON cannot hold", function()
        assert.are.equal('[\n\t1\n]', json.pretty({ 1 }, "\t"))
        local v, err = json.pretty({ f = print })
        assert.is_nil(v)
        assert.matches("^tim.json.pretty: ", err)
        assert.has_error(function() json.pretty({}, 2) end,
            "bad argument #2 to 'tim.json.pretty' (indent must be a string)")
    end)
end)

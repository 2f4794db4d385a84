-- tim.json: arrays vs objects, exact integers, null, unicode, errors as values; the same under Lua 5.4 and LuaJIT.
local json = require "tim.json"
local tim = require "tim"

local LUA54 = math.type ~= nil

local function enc(v)
    return assert(json.encode(v))
end

-- decode with both decoders (cjson fast path and our own) and insist they agree
local function both(text)
    local a, ea = json.decode(text)
    local b, eb = json.decode_lua(text)
    assert(a ~= nil, ea)
    assert(b ~= nil, eb)
    assert.are.equal(enc(a), enc(b))
    return a, b
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
    else
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
        local cases = { { f = print }, { 0 / 0 }, { math.huge }, { [true] = 1 }, coroutine.create(print) }
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

    if LUA54 then
        it("decodes integral numbers as Lua 5.4 integers", function()
            local v = both('{"ErrorCode":0,"MsgTime":1700000000,"MsgSeq":4294967295,"f":2.5}')
            assert.are.equal("integer", math.type(v.ErrorCode))
            assert.are.equal("integer", math.type(v.MsgTime))
            assert.are.equal(4294967295, v.MsgSeq)
            assert.are.equal("float", math.type(v.f))
        end)

        it("decodes integers up to 2^63-1 exactly under Lua 5.4", function()
            local v = both('{"big":9223372036854775807,"neg":-9223372036854775808,"n":9007199254740993}')
            assert.are.equal(math.maxinteger, v.big)
            assert.are.equal(math.mininteger, v.neg)
            assert.are.equal(9007199254740993, v.n)
            assert.are.equal("integer", math.type(v.n))
        end)
    else
        it("decodes integers beyond 2^53 as exact 64-bit cdata under LuaJIT", function()
            local v = both('{"big":9223372036854775807,"u":18446744073709551615,"small":42}')
            assert.are.equal("cdata", type(v.big))
            assert.are.equal("9223372036854775807LL", tostring(v.big))
            assert.are.equal("18446744073709551615ULL", tostring(v.u))
            assert.are.equal("number", type(v.small))
        end)
    end

    it("round-trips a 64-bit custom field exactly", function()
        local text = '{"Value":9223372036854775807}'
        assert.are.equal(text, enc(json.decode(text)))
        text = '{"Value":1234567890123456789}'
        assert.are.equal(text, enc(json.decode(text)))
    end)

    it("decodes \\u escapes, surrogate pairs included, to UTF-8", function()
        local v = both('["\\u00e9\\u4e16\\ud83d\\ude00","raw é 世"]')
        assert.are.equal("é世😀", v[1])
        assert.are.equal("raw é 世", v[2])
    end)

    it("marks decoded empty arrays so they encode back as []", function()
        local v = json.decode('{"ErrorList":[],"Obj":{}}')
        assert.are.equal('[]', enc(v.ErrorList))
        assert.are.equal('{}', enc(v.Obj))
    end)

    it("returns nil and an error, never throws, on invalid text", function()
        local cases = { "", "{", '{"a":1} x', "[1,2", '"\\u12"', "NaN", "0x10", "01", "{'a':1}", '{"a":"x',
                        string.rep("[", 5000) }
        for _, text in ipairs(cases) do
            for _, decode in ipairs({ json.decode, json.decode_lua }) do
                local v, err = decode(text)
                assert.is_nil(v)
                assert.matches("^tim.json.decode: ", err)
            end
        end
        local v, err = json.decode(nil)
        assert.is_nil(v)
        assert.matches("expected a string", err)
    end)

    it("accepts top-level scalars and surrounding whitespace", function()
        assert.are.equal(5, json.decode(" 5 "))
        assert.are.equal("x", json.decode_lua('\n"x"\t'))
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
        assert.has_error(function() json.pretty({}, 2) end, "tim.json.pretty: indent must be a string")
    end)
end)

-- JSON texts for spec/10-json_spec.lua (both decoders must give the same answer on each), the libFuzzer
-- seeds (spec/support/fuzz_seeds.lua), the valgrind gate and bench/json.lua: tricky texts around every rule
-- of tim.json.decode, and answers shaped like Tencent IM's (sendmsg, a group's members, C2C history).
-- And Lua values for the encoders (values()): both must write the same text, or refuse with the same words.
local _M = {}

local concat, format, rep = table.concat, string.format, string.rep

-- Around the grammar, the numbers, the strings and the limits: valid and invalid alike.
_M.tricky = {
    -- values and structure
    '{"a":[1,"x",true,false,null],"b":{"c":"d"}}', "[]", "{}", "[[]]", '[{},[],{"a":[]}]', " [ 1 , 2 ] ",
    '{"a":1,"a":2}', '{"":""}', "5", '"x"', "true", "false", "null", " \t\r\n5\n", "",
    "   ", "[", "]", "{", "}", "[1,]", "[,1]", '{"a":1,}', '{,"a":1}', '{"a" 1}', '{"a":}', '{"a"}', "[1 2]",
    '{"a":1 "b":2}', "{'a':1}", "{a:1}", "[1]]", "[1]x", '{"a":1} x', "{}\0", "[1]\f", "\239\187\191{}",
    "tru", "fals", "nul", "True", "NULL", "truex", "[true false]", "nulll",
    -- numbers
    "0", "-0", "0.0", "-0.0", "0e5", "0E-5", "1.", "-.5", ".5", "+1", "01", "-01", "00", "1e", "1e+", "1e-",
    "1.e3", "1.5.3", "0x10", "NaN", "-NaN", "Infinity", "-Infinity", "1_000", "1,5", "- 1", "2.0", "1e3",
    "1E+2", "100e-2", "1.5e3", "12.5e-1", "0.1", "-2.5", "1e-400", "-1e-400", "123.456e-7",
    "9007199254740992", "9007199254740993", "-9007199254740993", "9007199254740993.0", "9007199254740993e3",
    "9007199254740993e5", "1152921504606846976", "9223372036854775807", "-9223372036854775808",
    "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
    "9.223372036854775808e18", "9223372036854775808.0", "1e19", "-1e19", "1e20", "1e22", "1e23", "1.5e308",
    "1.7976931348623157e308", "2e308", "1e400", "-1e400", "1e99999999999999999999", "1e-99999999999999999999",
    "18446744073709551616.0", "18446744073709551617.0", "4294967295", "[4294967295,1700000000,0]",
    "0." .. rep("1", 318), "0." .. rep("1", 319), "1" .. rep("0", 300) .. ".0",
    -- strings
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u00e9\\u4E16\\ud83d\\ude00"', '"\\u0000x"', '"a\0b"', '"a\1b"', '"a\nb"',
    '"\31"', '"\127"', '"\\x"', '"\\u12"', '"\\u12', '"\\uZZZZ"', '"\\ud800"', '"\\udc00"', '"\\ud800\\u0041"',
    '"\\ud800\\udc00"', '"\\udbff\\udfff"', '"\\ud83d"x', '"abc', '"\\', '["a\\', '"\195\169\228\184\150"',
    '"\240\159\152\128"', '"\255"', '"\192\175"', '"\224\128\175"', '"\237\160\128"', '"\244\144\128\128"',
    '"a\228\184"', '"\128"', '"\248\136\128\128\128"', '"\239\191\191"', '"\244\143\191\191"',
    '{"k\\u00e9y":"v","\\ud83d\\ude00":1}', '{"a\0":1}', '"' .. rep("x", 600) .. '\\n"',
    -- depth
    rep("[", 1000) .. rep("]", 1000), rep("[", 1001) .. rep("]", 1001), rep('{"a":', 1000) .. "1" .. rep("}", 1000),
    rep("[", 5000),
}

-- A sendmsg answer.
function _M.sendmsg()
    return '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MsgTime":1700000000,'
        .. '"MsgKey":"89541_2574206_1700000000","MsgId":"144115233406643804-1700000000-2574206"}'
end

-- A get_group_member_info answer with n members.
function _M.group_members(n)
    local members = {}
    for i = 1, n do
        members[i] = format('{"Member_Account":"user_%04d","Role":"%s","JoinTime":%d,"MsgSeq":%d,'
            .. '"MsgFlag":"AcceptAndNotify","LastSendMsgTime":%d,"ShutUpUntil":0,"NameCard":"名片 %d",'
            .. '"AppMemberDefinedData":[{"Key":"Level","Value":"%d"}]}',
            i, i == 1 and "Owner" or "Member", 1700000000 + i, 1000 + i, 1700001000 + i, i, i % 7)
    end
    return '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"MemberNum":' .. n .. ',"MemberList":['
        .. concat(members, ",") .. "]}"
end

-- An admin_getroammsg answer of about `bytes` bytes (C2C history: text messages, some with escapes).
function _M.history(bytes)
    local msgs, size, i = {}, 0, 0
    while size < bytes do
        i = i + 1
        local text = i % 3 == 0 and "hello \\\"quoted\\\" line\\nnext \\u4f60\\u597d"
            or i % 3 == 1 and "你好, 世界! 😀 message number " .. i or "plain ascii text for message " .. i
        local m = format('{"From_Account":"user_%d","To_Account":"user_%d","MsgSeq":%d,"MsgRandom":%d,'
            .. '"MsgTimeStamp":%d,"MsgFlagBits":0,"IsPeerRead":%d,"MsgKey":"%d_%d_%d",'
            .. '"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"%s"}}],"CloudCustomData":""}',
            i % 2, (i + 1) % 2, i, (i * 2654435761) % 4294967296, 1700000000 + i, i % 2, i, i * 7, 1700000000 + i,
            text)
        msgs[i] = m
        size = size + #m + 1
    end
    return '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0,"Complete":1,"MsgCnt":' .. i
        .. ',"LastMsgTime":' .. (1700000000 + i) .. ',"LastMsgKey":"k","MsgList":[' .. concat(msgs, ",") .. "]}"
end

-- A generator of Lua values around every rule of tim.json.encode: sequences, objects, marked and sparse arrays,
-- number keys, empty tables, null, strings with every kind of byte, integers and floats near every limit, and
-- now and then what JSON cannot hold (NaN, a function, a boolean key, a cycle, nesting past 100, cdata that is
-- not an integer). `marks` = { null =, array = function(t) end, empty_array = } of the json module the values
-- are for. Deterministic: Park-Miller from `seed` (math.random is left alone).
function _M.values(seed, marks)
    local lua54 = math.type ~= nil
    local ffi = not lua54 and jit and require("ffi") or nil
    local state = seed
    local function random(n)
        state = state * 16807 % 2147483647
        return state % n + 1
    end
    local function pick(list)
        return list[random(#list)]
    end

    local pieces = { "a", "Z", "0", " ", "MsgBody", '"', "\\", "/", "\\/", "\0", "\1", "\8", "\9", "\10", "\13",
                     "\27", "\31", "\127", "\195\169", "\228\184\150", "\240\159\152\128", "\255", "\128", "\192",
                     "\237\160\128", "u0041", "\226\128\168" }
    local function str()
        local parts = {}
        for i = 1, random(8) - 1 do
            parts[i] = pick(pieces)
        end
        return table.concat(parts)
    end

    local ints = { 0, 1, -1, 7, 4294967295, 2147483648, -2147483648, 1e14 - 1, 2 ^ 53 - 1, -(2 ^ 53) }
    if lua54 then
        for _, v in ipairs({ math.maxinteger, math.mininteger, 9007199254740993, -9007199254740993,
                             1700000000000, 0x7fffffff00000000 }) do
            ints[#ints + 1] = v
        end
    end
    local floats = { 0.1, -0.0, 0.5, 2.5, -1.25, 1 / 3, 2 / 3, 1e-7, 1.5e-7, 123.456, 3.0, 1e15, 2 ^ 53, 2 ^ 53 + 2,
                     1e21, 1e22, 2 ^ 63, -2 ^ 63, 2 ^ 64, 1e300, 1.7976931348623157e308, -1.7976931348623157e308,
                     5e-324, 2.2250738585072014e-308, 1e-300, 123456789.125, 0.30000000000000004, 100.0 }
    local function number()
        local r = random(10)
        if r <= 3 then
            return pick(ints)
        elseif r <= 6 then
            return pick(floats)
        elseif r <= 8 then
            return (random(2000001) - 1000001) / pick({ 1, 3, 7, 10, 100, 1024, 1e6, 1e-6 })
        elseif r == 9 then
            return (random(1000000) / 1000003) * 10 ^ (random(600) - 300)
        end
        return random(100000) - 50000
    end

    local value
    local keys = { "a", "b", "MsgRandom", "To_Account", "", " ", "1", "k\"q", "\\", "\195\169", "\0", "x/y" }
    local function key()
        local r = random(20)
        if r <= 12 then
            return pick(keys)
        elseif r <= 16 then
            return str()
        elseif r <= 18 then
            return random(10) - 3          -- integer keys, 0 and negatives too
        end
        return pick({ 1.5, -2.25, 1e20, 2 ^ 63, 0.1, 1e300 })
    end

    local function tbl(depth)
        local kind = random(12)
        local n = random(5) - 1
        local t = {}
        if kind <= 3 then                       -- a sequence ({} when n is 0)
            for i = 1, n do t[i] = value(depth + 1) end
        elseif kind <= 6 then                   -- an object
            for _ = 1, n + 1 do t[key()] = value(depth + 1) end
        elseif kind == 7 then                   -- marked: plain, with a hole, or with other keys too
            for i = 1, n do t[i] = value(depth + 1) end
            local how = random(3)
            if how == 2 and n >= 3 then t[2] = nil elseif how == 3 then t.x = 1 end
            t = marks.array(t)
        elseif kind == 8 then                   -- sparse, or a sequence with a name beside
            t[1] = value(depth + 1)
            t[random(4) + 1] = value(depth + 1)
            if random(2) == 1 then t.name = "x" end
        elseif kind == 9 then
            return marks.empty_array
        elseif kind == 10 then                  -- keys of every kind
            for _ = 1, n + 1 do t[key()] = value(depth + 1) end
            t[random(3)] = value(depth + 1)
        elseif kind == 11 then                  -- a metatable: one the C walk follows, or one it leaves to Lua
            for i = 1, n do t[i] = value(depth + 1) end
            local mt = pick({ { __index = { a = 1 } }, { __tostring = function() return "t" end },
                              { __len = function() return 1 end }, { __pairs = function(x) return next, x end } })
            t = setmetatable(t, mt)
        else
            t[key()] = value(depth + 1)
        end
        return t
    end

    local rare = {
        function() return 0 / 0 end,
        function() return math.huge end,
        function() return -math.huge end,
        function() return print end,
        function() return { [true] = 1 } end,
        function() return coroutine.create(function() end) end,
        function() local t = {} t.self = t return t end,
        function(depth)                          -- 100 tables deep in all, or 101
            local t = {}
            for _ = 1, 98 + random(2) - depth do t = { t } end
            return t
        end,
    }
    if ffi then
        rare[#rare + 1] = function() return ffi.new("int32_t", 1) end
        for _, v in ipairs({ "9223372036854775807LL", "-9223372036854775808LL", "18446744073709551615ULL",
                             "9007199254740993LL", "0ULL", "-1LL" }) do
            local x = assert(load("return " .. v))()
            rare[#rare + 1] = function() return x end
        end
    end

    value = function(depth)
        local r = random(40)
        if depth >= 4 then
            r = random(16)
        end
        if r <= 5 then
            return str()
        elseif r <= 12 then
            return number()
        elseif r <= 14 then
            return random(2) == 1
        elseif r <= 16 then
            return marks.null
        elseif r <= 38 then
            return tbl(depth)
        elseif r == 39 and random(4) == 1 then
            return pick(rare)(depth)
        end
        return { value(depth + 1) }
    end

    return function()
        return value(0)
    end
end

return _M

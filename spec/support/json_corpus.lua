-- JSON texts for spec/10-json_spec.lua (both decoders must give the same answer on each), the libFuzzer
-- seeds (spec/support/fuzz_seeds.lua), the valgrind gate and bench/json.lua: tricky texts around every rule
-- of tim.json.decode, and answers shaped like Tencent IM's (sendmsg, a group's members, C2C history).
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

return _M

-- tim.core over the UserSig vectors (spec/fixtures/usersig.json): generation byte for byte,
-- verification at both ends of the validity window, expiry one second later, the bad vectors'
-- reasons, the other libraries' dialects, privilege maps, decode.
local core = require "tim.core"
local vectors = require "support.vectors"

local data = vectors.load()

-- LuaJIT cannot hold integers above 2^53 exactly; the vectors stay below that.
local function userbuf_of(v)
    if v.userbuf_b64 == nil then
        return nil
    end
    return assert(core.b64decode(v.userbuf_b64))
end

local function bad(id)
    for _, v in ipairs(data.bad) do
        if v.id == id then
            return v
        end
    end
    error("no bad vector " .. id)
end

local function room_of(v)
    if v.roomstr ~= nil then
        return v.roomstr
    end
    return v.roomid
end

describe("tim.core vectors file", function()
    it("holds 80 valid (20 privmap), 9 bad and 12 compat vectors", function()
        local privmaps = 0
        for _, v in ipairs(data.valid) do
            if v.kind == "privmap" then
                privmaps = privmaps + 1
            end
        end
        assert.are.equal(80, #data.valid)
        assert.are.equal(20, privmaps)
        assert.are.equal(9, #data.bad)
        assert.are.equal(12, #data.compat)
    end)
end)

describe("tim.core.usersig over the valid vectors", function()
    for _, v in ipairs(data.valid) do
        it(v.id .. " (" .. v.kind .. ") is reproduced byte for byte", function()
            local sig = core.usersig(v.sdkappid, v.key, v.identifier, v.expire, userbuf_of(v), v.time)
            assert.are.equal(v.usersig, sig)
        end)
    end
end)

describe("tim.core.verify over the valid vectors", function()
    for _, v in ipairs(data.valid) do
        it(v.id .. " verifies at valid_at[1] and valid_at[2] and is expired at expired_at", function()
            local first, last = v.valid_at[1], v.valid_at[2]
            local t, err = core.verify(v.usersig, v.sdkappid, v.key, v.identifier, first)
            assert.is_nil(err)
            assert.is_table(t)
            t, err = core.verify(v.usersig, v.sdkappid, v.key, v.identifier, last)
            assert.is_nil(err)
            assert.is_table(t)
            local none, reason = core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.expired_at)
            assert.is_nil(none)
            assert.are.equal("expired", reason)
        end)

        it(v.id .. " verifies without an expected identifier", function()
            local t = core.verify(v.usersig, v.sdkappid, v.key, nil, v.time)
            assert.is_table(t)
            assert.are.equal(v.identifier, t.identifier)
        end)

        it(v.id .. " decodes to its fields", function()
            local t, err = core.decode(v.usersig)
            assert.is_nil(err)
            assert.are.equal("2.0", t.ver)
            assert.are.equal(v.identifier, t.identifier)
            assert.are.equal(v.sdkappid, t.sdkappid)
            assert.are.equal(v.expire, t.expire)
            assert.are.equal(v.time, t.time)
            assert.are.equal(v.sig_field, t.sig)
            assert.are.equal(userbuf_of(v), t.userbuf)
        end)

        it(v.id .. " is rejected with the wrong key, appid or identifier", function()
            local _, reason = core.verify(v.usersig, v.sdkappid, v.key .. "x", v.identifier, v.time)
            assert.are.equal("bad_hmac", reason)
            _, reason = core.verify(v.usersig, v.sdkappid + 1, v.key, v.identifier, v.time)
            assert.are.equal("wrong_sdkappid", reason)
            _, reason = core.verify(v.usersig, v.sdkappid, v.key, v.identifier .. "\0", v.time)
            assert.are.equal("wrong_identifier", reason)
        end)
    end
end)

describe("tim.core.privmap over the privmap vectors", function()
    for _, v in ipairs(data.valid) do
        if v.kind == "privmap" then
            it(v.id .. " lays out privmap_userbuf_hex and signs to the vector's sig", function()
                local buf, now = core.privmap(v.sdkappid, v.identifier, room_of(v), v.expire, v.privilege, v.time)
                assert.are.equal(v.privmap_userbuf_hex, vectors.hex(buf))
                assert.are.equal(v.time, now)
                assert.are.equal(v.userbuf_b64, core.b64encode(buf))
                assert.are.equal(v.usersig, core.usersig(v.sdkappid, v.key, v.identifier, v.expire, buf, now))
            end)
        end
    end
end)

describe("tim.core.verify over the bad vectors", function()
    for _, v in ipairs(data.bad) do
        it(v.id .. " (" .. v.note .. ") is rejected as " .. v.expect, function()
            local t, reason = core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.now)
            assert.is_nil(t)
            assert.are.equal(v.expect, reason)
        end)
    end
end)

describe("tim.core.verify over the compat vectors", function()
    for _, v in ipairs(data.compat) do
        it(v.id .. " (" .. v.producer .. ") is accepted", function()
            local t, err = core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.now)
            assert.is_nil(err)
            assert.are.equal(v.identifier, t.identifier)
            assert.are.equal(v.sdkappid, t.sdkappid)
            assert.are.equal(v.expire, t.expire)
        end)
    end
end)

describe("tim.core.parse_query", function()
    it("decodes names and values, keeps the first of a repeated name and says so", function()
        local t, parts, repeated = core.parse_query("sdkappid=1400000000&identifier=a%40b&usersig=x*y-z_&random=7"
                                                    .. "&contenttype=json")
        assert.same({ sdkappid = "1400000000", identifier = "a@b", usersig = "x*y-z_", random = "7",
                      contenttype = "json" }, t)
        assert.equal(5, parts)
        assert.is_false(repeated)
        t, parts, repeated = core.parse_query("a=1&&a=2&b&c=x+y%2B%zz&=v&")
        assert.same({ a = "1", b = "", c = "x y+%zz", [""] = "v" }, t)
        assert.equal(5, parts)
        assert.is_true(repeated)
        assert.same({}, (core.parse_query("")))
        local long = ("k"):rep(600)
        assert.equal(long, core.parse_query("x=" .. long .. "&" .. long .. "=1").x)   -- past the stack buffer
        assert.has_error(function() core.parse_query(nil) end,
                         "bad argument #1 to 'tim.core.parse_query' (q must be a string, got nil)")
    end)
end)

describe("tim.core edge cases", function()
    local key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"

    it("emits and signs an empty userbuf (TLS.userbuf \"\")", function()
        local sig = core.usersig(1400000000, key, "alice", 60, "", 1700000000)
        local t = assert(core.verify(sig, 1400000000, key, "alice", 1700000000))
        assert.are.equal("", t.userbuf)
        local plain = assert(core.verify(core.usersig(1400000000, key, "alice", 60, nil, 1700000000),
            1400000000, key, "alice", 1700000000))
        assert.is_nil(plain.userbuf)
    end)

    it("accepts expire 0: valid at time, expired one second later", function()
        local sig = core.usersig(1400000000, key, "alice", 0, nil, 1700000000)
        assert.is_table(core.verify(sig, 1400000000, key, "alice", 1700000000))
        assert.are.equal("expired", select(2, core.verify(sig, 1400000000, key, "alice", 1700000001)))
    end)

    it("keeps NUL, LF and astral characters of an identifier intact", function()
        local id = "a\0b\n\240\157\132\158\127"
        local sig = core.usersig(1, key, id, 100, nil, 1000)
        local t = assert(core.verify(sig, 1, key, id, 1000))
        assert.are.equal(id, t.identifier)
        assert.are.equal("wrong_identifier", select(2, core.verify(sig, 1, key, "a", 1000)))
    end)

    it("signs an empty identifier and verifies it", function()
        local sig = core.usersig(1, key, "", 100, nil, 1000)
        assert.are.equal("", assert(core.verify(sig, 1, key, "", 1000)).identifier)
    end)

    it("round-trips a long identifier and a large userbuf", function()
        local id = string.rep("\228\184\173", 1365) -- 4095 bytes of U+4E2D, escaped as \u4e2d each
        local buf = string.rep("\0\255", 8192)
        local sig = core.usersig(4294967295, key, id, 86400, buf, 2000000000)
        local t = assert(core.verify(sig, 4294967295, key, id, 2000000000))
        assert.are.equal(buf, t.userbuf)
    end)

    it("compresses at any zlib level on request, level 6 by default, and verifies each", function()
        local default = core.usersig(1400000000, key, "xiaojun", 86400, nil, 1700000000)
        assert.are.equal(default, core.usersig(1400000000, key, "xiaojun", 86400, nil, 1700000000, 6))
        for level = 0, 9 do
            local sig = core.usersig(1400000000, key, "xiaojun", 86400, "buf", 1700000000, level)
            local t = assert(core.verify(sig, 1400000000, key, "xiaojun", 1700000000))
            assert.are.equal("buf", t.userbuf)
        end
        -- level 0 is stored blocks: zlib header 78 01, and longer than level 6
        local stored = core.usersig(1400000000, key, "xiaojun", 86400, nil, 1700000000, 0)
        assert.are.equal("eAE", stored:sub(1, 3))
        assert.is_true(#stored > #default)
        -- switching back gives the byte-identical level 6 sig again
        assert.are.equal(default, core.usersig(1400000000, key, "xiaojun", 86400, nil, 1700000000))
    end)

    it("uses the current time when now is omitted", function()
        local before = os.time()
        local t = assert(core.decode(core.usersig(1, key, "a", 100)))
        assert.is_true(t.time >= before and t.time <= os.time())
        assert.is_table(core.verify(core.usersig(1, key, "a", 100), 1, key, "a"))
    end)

    it("decode reports the version it found without judging it", function()
        local t = assert(core.decode(bad("b24").usersig)) -- version 1.0
        assert.are.equal("1.0", t.ver)
    end)

    it("decode reports the early reasons", function()
        assert.are.equal("bad_base64", select(2, core.decode("")))
        assert.are.equal("bad_base64", select(2, core.decode("abc!")))
        assert.are.equal("not_zlib", select(2, core.decode("AAAA")))
        assert.are.equal("bad_json", select(2, core.decode(bad("b14").usersig)))
    end)

    it("never puts the key or the sig into a reason", function()
        for _, v in ipairs(data.bad) do
            local _, reason = core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.now)
            assert.is_nil(reason:find(v.key, 1, true))
            assert.is_true(#v.usersig == 0 or reason:find(v.usersig, 1, true) == nil)
            assert.is_truthy(reason:match("^[a-z][a-z0-9_]*$"))
        end
    end)
end)

-- Hand-made documents: a zlib stream of stored blocks built here (no zlib binding in Lua needed),
-- with the MAC computed through tim.core.hmac_sha256 over the exact decimal text.
describe("tim.core.verify over crafted documents", function()
    local key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
    local floor, char = math.floor, string.char

    local function adler32(s)
        local a, b = 1, 0
        for i = 1, #s do
            a = (a + s:byte(i)) % 65521
            b = (b + a) % 65521
        end
        return b * 65536 + a
    end

    local function be32(n)
        return char(floor(n / 16777216) % 256, floor(n / 65536) % 256, floor(n / 256) % 256, n % 256)
    end

    -- zlib wrapper (78 01) around stored deflate blocks of at most 65535 bytes each
    local function zlib_stored(s, trailer)
        local parts, pos = { "\120\1" }, 1
        repeat
            local chunk = s:sub(pos, pos + 65534)
            pos = pos + #chunk
            local last = pos > #s and 1 or 0
            local len, nlen = #chunk, 65535 - #chunk
            parts[#parts + 1] = char(last, len % 256, floor(len / 256), nlen % 256, floor(nlen / 256)) .. chunk
        until pos > #s
        parts[#parts + 1] = trailer or be32(adler32(s))
        return table.concat(parts)
    end

    local function sigify(bytes)
        return (core.b64encode(bytes):gsub("[+/=]", { ["+"] = "*", ["/"] = "-", ["="] = "_" }))
    end

    local function mac(id, appid, time, expire, userbuf)
        local text = "TLS.identifier:" .. id .. "\nTLS.sdkappid:" .. appid .. "\nTLS.time:" .. time ..
            "\nTLS.expire:" .. expire .. "\n"
        if userbuf then
            text = text .. "TLS.userbuf:" .. userbuf .. "\n"
        end
        return core.b64encode(core.hmac_sha256(key, text))
    end

    -- A document from a template: $SIG is replaced by the MAC of the given values.
    local function make(template, id, appid, time, expire, userbuf)
        local doc = template:gsub("%$SIG", (mac(id, appid, time, expire, userbuf):gsub("%%", "%%%%")))
        return sigify(zlib_stored(doc))
    end

    local std = '{"TLS.ver":"2.0","TLS.identifier":"alice","TLS.sdkappid":1400000000,' ..
        '"TLS.expire":86400,"TLS.time":1700000000,"TLS.sig":"$SIG"}'

    local function sub(s, pattern, replacement)
        return (s:gsub(pattern, replacement))
    end

    local function verify(sig, id, now)
        return core.verify(sig, 1400000000, key, id == nil and "alice" or id, now or 1700000000)
    end

    it("accepts a well-formed stored-block document (the helper is right)", function()
        assert.is_table(verify(make(std, "alice", "1400000000", "1700000000", "86400")))
    end)

    it("accepts any key order and JSON whitespace", function()
        local doc = ' \n{ "TLS.sig" : "$SIG" ,\r\n\t"TLS.time" : 1700000000 , "TLS.expire":86400,' ..
            '"TLS.sdkappid" : 1400000000, "TLS.identifier":"alice" , "TLS.ver" : "2.0" }\n '
        assert.is_table(verify(make(doc, "alice", "1400000000", "1700000000", "86400")))
    end)

    it("unescapes \\/, \\uXXXX in values and in member names", function()
        local doc = '{"TLS.ver":"2.0","TLS\\u002eidentifier":"\\u0061l\\/ice","TLS.sdkappid":1400000000,' ..
            '"TLS.expire":86400,"TLS.time":1700000000,"TLS.sig":"$SIG"}'
        local sig = make(doc, "al/ice", "1400000000", "1700000000", "86400")
        assert.are.equal("al/ice", assert(verify(sig, "al/ice")).identifier)
    end)

    it("joins surrogate pairs and keeps \\u0000 as a NUL byte", function()
        local doc = sub(std, '"alice"', '"a\\u0000\\ud834\\uDD1Eb"')
        local id = "a\0\240\157\132\158b"
        local sig = make(doc, id, "1400000000", "1700000000", "86400")
        assert.are.equal(id, assert(verify(sig, id)).identifier)
        assert.are.equal("wrong_identifier", select(2, verify(sig, "a")))
    end)

    it("rejects lone surrogates, raw invalid UTF-8 and raw control characters as bad_json", function()
        for _, bad_id in ipairs({ '"\\ud800x"', '"\\udc00"', '"\\ud800\\u0041"', '"a\255"', '"\192\175"',
                                  '"a\1b"', '"\237\160\128"' }) do
            local sig = make(sub(std, '"alice"', bad_id), "alice", "1400000000", "1700000000", "86400")
            assert.are.equal("bad_json", select(2, verify(sig)))
        end
    end)

    it("rejects duplicate TLS members, trailing text, non-objects and deep nesting as bad_json", function()
        local docs = {
            sub(std, "}$", ',"TLS.sig":"$SIG"}'),
            std .. " x",
            "[" .. std .. "]",
            '"TLS.ver"',
            "",
            sub(std, "}$", ',"x":' .. string.rep("[", 100) .. string.rep("]", 100) .. "}"),
            sub(std, ",", ",,", 1),
            sub(std, "86400", "0x10"),
            sub(std, "86400", "086400"),
        }
        for _, doc in ipairs(docs) do
            assert.are.equal("bad_json", select(2, verify(make(doc, "alice", "1400000000", "1700000000", "86400"))))
        end
    end)

    it("ignores unknown members of any type", function()
        local doc = sub(std, "}$", ',"x":{"a":[1,2.5e3,true,false,null,{"b":"c"}]},"TLS.other":-1}')
        assert.is_table(verify(make(doc, "alice", "1400000000", "1700000000", "86400")))
    end)

    it("reports wrong_version for an absent, numeric or other TLS.ver", function()
        for _, doc in ipairs({ sub(std, '"TLS.ver":"2.0",', ""), sub(std, '"2.0"', "2.0"),
                               sub(std, '"2.0"', '"3.0"'), sub(std, '"2.0"', '"2.0 "') }) do
            assert.are.equal("wrong_version", select(2, verify(make(doc, "alice", "1400000000", "1700000000",
                "86400"))))
        end
    end)

    it("reports missing_field for absent or mistyped members (strings, floats, exponents, overflow)", function()
        local docs = {
            sub(std, '"TLS.expire":86400,', ""),                -- Go omitempty with expire 0
            sub(std, '"TLS.identifier":"alice",', ""),
            sub(std, "1700000000", '"1700000000"'),             -- PHP-style string number
            sub(std, "86400", "86400.0"),
            sub(std, "86400", "8.64e4"),
            sub(std, "1400000000", "18446744073709551616"),
            sub(std, '"alice"', "null"),
            sub(std, '"TLS.sig":"%$SIG"', '"TLS.sig":1'),
            sub(std, "}$", ',"TLS.userbuf":5}'),
        }
        for _, doc in ipairs(docs) do
            assert.are.equal("missing_field", select(2, verify(make(doc, "alice", "1400000000", "1700000000",
                "86400"))))
        end
    end)

    it("requires TLS.userbuf to be base64 and MACs it verbatim", function()
        local with = sub(std, "}$", ',"TLS.userbuf":"AAEC"}')
        local t = assert(verify(make(with, "alice", "1400000000", "1700000000", "86400", "AAEC")))
        assert.are.equal("\0\1\2", t.userbuf)
        assert.are.equal("bad_hmac", select(2, verify(make(with, "alice", "1400000000", "1700000000", "86400"))))
        local bad_b64 = sub(std, "}$", ',"TLS.userbuf":"A!"}')
        assert.are.equal("missing_field", select(2, verify(make(bad_b64, "alice", "1400000000", "1700000000",
            "86400", "A!"))))
    end)

    it("compares sdkappid at full width (no 32-bit truncation)", function()
        local doc = sub(std, "1400000000", "5694967296") -- 1400000000 + 2^32
        assert.are.equal("wrong_sdkappid", select(2, verify(make(doc, "alice", "5694967296", "1700000000",
            "86400"))))
    end)

    it("parses 64-bit integers exactly and computes time + expire without overflow", function()
        local doc = sub(std, "1700000000", "9223372036854775797")
        local sig = make(doc, "alice", "1400000000", "9223372036854775797", "86400")
        -- time + expire exceeds INT64_MAX: never expired, and the MAC used the exact digits
        assert.is_table(verify(sig, "alice", 9007199254740992))
        local t = assert(core.decode(sig))
        if math.tointeger then
            assert.are.equal(math.tointeger(9223372036854775797), t.time)
        end
        local huge = sub(std, "86400", "9223372036854775807")
        assert.is_table(verify(make(huge, "alice", "1400000000", "1700000000", "9223372036854775807"), "alice",
            9007199254740992))
    end)

    it("treats a negative TLS.expire as already expired", function()
        local doc = sub(std, "86400", "-1")
        local sig = make(doc, "alice", "1400000000", "1700000000", "-1")
        assert.are.equal("expired", select(2, verify(sig, "alice", 1700000000)))
        assert.is_table(verify(sig, "alice", 1699999999))
    end)

    it("rejects a TLS.sig that is not 32 bytes of base64 as bad_hmac", function()
        for _, s in ipairs({ "", "AAAA", "not base64!", string.rep("A", 100) }) do
            local doc = sub(std, "%$SIG", s)
            assert.are.equal("bad_hmac", select(2, verify(sigify(zlib_stored(doc)))))
        end
    end)

    it("checks the Adler-32, the size cap and trailing bytes (not_zlib)", function()
        local doc = sub(std, "%$SIG", mac("alice", "1400000000", "1700000000", "86400"))
        assert.are.equal("not_zlib", select(2, verify(sigify(zlib_stored(doc, "\0\0\0\0")))))
        assert.are.equal("not_zlib", select(2, verify(sigify(zlib_stored(doc) .. "\0"))))
        assert.are.equal("not_zlib", select(2, verify(sigify("\31\139\8\0" .. zlib_stored(doc)))))
        local big = doc:gsub("}$", ',"pad":"' .. string.rep(" ", 70000) .. '"}')
        assert.are.equal("not_zlib", select(2, verify(sigify(zlib_stored(big)))))
        local fits = doc:gsub("}$", ',"pad":"' .. string.rep(" ", 60000) .. '"}')
        assert.is_table(verify(sigify(zlib_stored(fits))))
    end)

    it("reads the UserSig base64 strictly: padding optional, no other alphabet, no whitespace", function()
        local sig = make(std, "alice", "1400000000", "1700000000", "86400")
        local unpadded = sig:gsub("_+$", "")
        assert.is_table(verify(unpadded))
        assert.are.equal("bad_base64", select(2, verify("+" .. sig:sub(2))))
        assert.are.equal("bad_base64", select(2, verify("/" .. sig:sub(2))))
        assert.are.equal("bad_base64", select(2, verify(" " .. sig)))
        assert.are.equal("bad_base64", select(2, verify(sig .. "\n")))
        assert.are.equal("bad_base64", select(2, verify(sig .. "_")))
        assert.are.equal("bad_base64", select(2, verify(sig .. "AAAAA")))
        assert.are.equal("bad_base64", select(2, verify("A" .. sig)))
    end)
end)

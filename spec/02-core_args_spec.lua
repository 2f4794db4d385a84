-- tim.core argument checking and the small helpers: misuse raises a Lua error that names the function
-- and the argument (never a crash), runtime input problems return nil, reason; query layout,
-- percent-encoding, random32, equal, base64, SHA-256 and HMAC known answers.
local core = require "tim.core"

local KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
local NOW = 1700000000

-- Calls fn(...) and returns its error message (failing the test when it does not raise).
local function raises(fn, ...)
    local ok, err = pcall(fn, ...)
    assert.is_false(ok, "expected an error")
    assert.is_string(err)
    return err
end

local function assert_arg_error(pattern, fn, ...)
    local err = raises(fn, ...)
    assert.is_truthy(err:find(pattern), "error '" .. err .. "' does not match '" .. pattern .. "'")
    return err
end

local function unhex(s)
    return (s:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end))
end

describe("tim.core module", function()
    it("has a version and every documented function", function()
        assert.are.equal(require("tim.version"), core._VERSION)
        for _, name in ipairs({ "usersig", "decode", "verify", "privmap", "random32", "query", "urlencode",
                                "parse_query", "sha256_hex", "hmac_sha256", "equal", "b64encode", "b64decode",
                                "json_decode", "no_fastbins" }) do
            assert.is_function(core[name], name)
        end
    end)
end)

describe("tim.core.usersig arguments", function()
    it("names each argument of the wrong type", function()
        assert_arg_error("#1 to 'tim.core.usersig' %(sdkappid must be an integer, got string%)",
            core.usersig, "1400000000", KEY, "a", 60)
        assert_arg_error("#2 to 'tim.core.usersig' %(key must be a string, got nil%)", core.usersig, 1, nil, "a", 60)
        assert_arg_error("#3 .*identifier must be a string, got number", core.usersig, 1, KEY, 42, 60)
        assert_arg_error("#4 .*expire must be an integer, got no value", core.usersig, 1, KEY, "a")
        assert_arg_error("#5 .*userbuf must be a string, got table", core.usersig, 1, KEY, "a", 60, {})
        assert_arg_error("#6 .*now must be an integer, got string", core.usersig, 1, KEY, "a", 60, nil, "now")
        assert_arg_error("#6 .*now must be an integer, got boolean", core.usersig, 1, KEY, "a", 60, nil, true)
    end)

    it("takes a zlib level in 0..9 as the seventh argument", function()
        assert.is_string(core.usersig(1, KEY, "a", 60, nil, NOW, 0))
        assert.is_string(core.usersig(1, KEY, "a", 60, nil, nil, 9))
        assert_arg_error("#7 to 'tim.core.usersig' %(level must be between 0 and 9%)",
            core.usersig, 1, KEY, "a", 60, nil, NOW, 10)
        assert_arg_error("#7 .*level must not be negative", core.usersig, 1, KEY, "a", 60, nil, NOW, -1)
        assert_arg_error("#7 .*level must be an integer, got string", core.usersig, 1, KEY, "a", 60, nil, NOW, "6")
    end)

    it("refuses negative numbers", function()
        assert_arg_error("sdkappid must not be negative", core.usersig, -1, KEY, "a", 60)
        assert_arg_error("expire must not be negative", core.usersig, 1, KEY, "a", -60)
        assert_arg_error("now must not be negative", core.usersig, 1, KEY, "a", 60, nil, -1)
    end)

    it("refuses non-integral, infinite and NaN numbers", function()
        assert_arg_error("sdkappid must be an integer", core.usersig, 1.5, KEY, "a", 60)
        assert_arg_error("expire must be an integer", core.usersig, 1, KEY, "a", 0.25)
        assert_arg_error("expire must be an integer", core.usersig, 1, KEY, "a", math.huge)
        assert_arg_error("now must be an integer", core.usersig, 1, KEY, "a", 60, nil, -math.huge)
        assert_arg_error("sdkappid must be an integer", core.usersig, 0 / 0, KEY, "a", 60)
    end)

    it("accepts integral floats as integers", function()
        assert.are.equal(core.usersig(1400000000, KEY, "a", 60, nil, NOW),
            core.usersig(1400000000.0, KEY, "a", 60.0, nil, NOW + 0.0))
    end)

    it("refuses an empty or absurdly long key, identifier or userbuf", function()
        assert_arg_error("key must not be empty", core.usersig, 1, "", "a", 60)
        assert_arg_error("key is longer than 4096 bytes", core.usersig, 1, string.rep("k", 4097), "a", 60)
        assert_arg_error("identifier is longer than 4096 bytes", core.usersig, 1, KEY, string.rep("a", 4097), 60)
        assert_arg_error("userbuf is longer than 16384 bytes", core.usersig, 1, KEY, "a", 60, string.rep("u", 16385))
        assert.is_string(core.usersig(1, string.rep("k", 4096), string.rep("a", 4096), 60, string.rep("u", 16384)))
    end)

    it("refuses an identifier that is not valid UTF-8", function()
        for _, id in ipairs({ "\255", "a\192\175", "\237\160\128", "\244\144\128\128", "\226\130" }) do
            assert_arg_error("#3 .*identifier must be valid UTF%-8", core.usersig, 1, KEY, id, 60)
        end
    end)

    it("takes NUL bytes in the key, the identifier and the userbuf", function()
        local sig = core.usersig(1, "k\0ey", "a\0b", 60, "\0\0", NOW)
        local t = assert(core.verify(sig, 1, "k\0ey", "a\0b", NOW))
        assert.are.equal("\0\0", t.userbuf)
        assert.are.equal("bad_hmac", select(2, core.verify(sig, 1, "k", "a\0b", NOW)))
    end)

    it("never shows the key in an error message", function()
        local err = raises(core.usersig, 1, KEY, "\255", 60)
        assert.is_nil(err:find(KEY, 1, true))
        err = raises(core.verify, "x", 1, KEY, 5)
        assert.is_nil(err:find(KEY, 1, true))
    end)
end)

describe("tim.core.verify and decode arguments", function()
    it("names each argument of the wrong type", function()
        assert_arg_error("#1 to 'tim.core.verify' %(sig must be a string, got nil%)", core.verify, nil, 1, KEY)
        assert_arg_error("#2 .*sdkappid must be an integer, got string", core.verify, "x", "1", KEY)
        assert_arg_error("#3 .*key must be a string, got number", core.verify, "x", 1, 5)
        assert_arg_error("#3 .*key must not be empty", core.verify, "x", 1, "")
        assert_arg_error("#4 .*identifier must be a string, got number", core.verify, "x", 1, KEY, 5)
        assert_arg_error("#5 .*now must not be negative", core.verify, "x", 1, KEY, "a", -1)
        assert_arg_error("#1 to 'tim.core.decode' %(sig must be a string, got table%)", core.decode, {})
    end)

    it("answers nil, reason for junk, huge and NUL-laden input instead of failing", function()
        assert.are.equal("bad_base64", select(2, core.verify("", 1, KEY)))
        assert.are.equal("bad_base64", select(2, core.verify("\0", 1, KEY)))
        assert.are.equal("bad_base64", select(2, core.verify("eJ\0w", 1, KEY)))
        assert.are.equal("bad_base64", select(2, core.verify(string.rep("A", 1048577), 1, KEY)))
        assert.are.equal("not_zlib", select(2, core.verify(string.rep("A", 1048576), 1, KEY)))
        assert.are.equal("not_zlib", select(2, core.decode(string.rep("eJw", 1000))))
        assert.are.equal("bad_base64", select(2, core.decode(string.rep("\255", 100))))
    end)

    it("does not require the expected identifier to be UTF-8", function()
        local sig = core.usersig(1, KEY, "a", 60, nil, NOW)
        assert.are.equal("wrong_identifier", select(2, core.verify(sig, 1, KEY, "\255", NOW)))
    end)
end)

describe("tim.core.privmap arguments", function()
    it("returns the userbuf and the time it used", function()
        local buf, now = core.privmap(1400000000, "xiaojun", 10000, 86400, 255, NOW)
        assert.are.equal(unhex("0000077869616f6a756e53724e000000271065554280000000ff00000000"), buf)
        assert.are.equal(NOW, now)
        local _, clock = core.privmap(1, "a", 1, 1, 1)
        assert.is_true(math.abs(clock - os.time()) <= 1)
    end)

    it("lays out a string room with version 1 and an empty one as a numeric room 0", function()
        local buf = core.privmap(1400000000, "xiaojun", "room-1", 86400, 255, NOW)
        assert.are.equal(unhex("0100077869616f6a756e53724e000000000065554280000000ff000000000006726f6f6d2d31"), buf)
        local empty = core.privmap(1400000000, "xiaojun", "", 86400, 255, NOW)
        assert.are.equal(core.privmap(1400000000, "xiaojun", 0, 86400, 255, NOW), empty)
    end)

    it("writes UTF-8 account bytes and wraps the 32-bit fields", function()
        local buf = core.privmap(4294967296 + 7, "\228\184\173", 1, 4294967295, 0, 2)
        -- sdkappid mod 2^32 = 7, expiry (2 + 4294967295) mod 2^32 = 1
        local want = "000003e4b8ad" .. "00000007" .. "00000001" .. "00000001" .. "00000000" .. "00000000"
        assert.are.equal(unhex(want), buf)
    end)

    it("names each bad argument", function()
        assert_arg_error("#1 to 'tim.core.privmap' %(sdkappid must not be negative%)", core.privmap, -1, "a", 1, 1, 1)
        assert_arg_error("#2 .*identifier must be valid UTF%-8", core.privmap, 1, "\255", 1, 1, 1)
        assert_arg_error("#3 .*room must be an integer room id or a string room id, got table",
            core.privmap, 1, "a", {}, 1, 1)
        assert_arg_error("#3 .*room must be between 0 and 4294967295", core.privmap, 1, "a", 4294967296, 1, 1)
        assert_arg_error("#3 .*room must not be negative", core.privmap, 1, "a", -1, 1, 1)
        assert_arg_error("#3 .*room is longer than 65535 bytes", core.privmap, 1, "a", string.rep("r", 65536), 1, 1)
        assert_arg_error("#4 .*expire must not be negative", core.privmap, 1, "a", 1, -1, 1)
        assert_arg_error("#5 .*privileges must be between 0 and 4294967295", core.privmap, 1, "a", 1, 1, 4294967296)
        assert_arg_error("#5 .*privileges must be an integer", core.privmap, 1, "a", 1, 1, 2.5)
        assert_arg_error("#6 .*now must be an integer, got string", core.privmap, 1, "a", 1, 1, 1, "x")
    end)
end)

describe("tim.core.query and urlencode", function()
    it("lays out the documented parameters in order with contenttype=json last", function()
        assert.are.equal("sdkappid=1400000000&identifier=administrator&usersig=eJw*-_&random=99999999"
            .. "&contenttype=json", core.query(1400000000, "administrator", "eJw*-_", 99999999))
    end)

    it("percent-encodes the identifier and anything unusual in the usersig", function()
        assert.are.equal("sdkappid=1&identifier=a%20b%2Fc%26d%3De%C3%BC%00&usersig=x%2By%3D&random=0"
            .. "&contenttype=json", core.query(1, "a b/c&d=e\195\188\0", "x+y=", 0))
    end)

    it("accepts random in 0..4294967295 only", function()
        assert.is_truthy(core.query(1, "a", "s", 4294967295):find("&random=4294967295&", 1, true))
        assert_arg_error("#4 to 'tim.core.query' %(random must be between 0 and 4294967295%)",
            core.query, 1, "a", "s", 4294967296)
        assert_arg_error("#4 .*random must not be negative", core.query, 1, "a", "s", -1)
        assert_arg_error("#4 .*random must be an integer", core.query, 1, "a", "s", 0.5)
        assert_arg_error("#1 .*sdkappid must be an integer, got nil", core.query, nil, "a", "s", 1)
        assert_arg_error("#2 .*identifier must be a string, got number", core.query, 1, 2, "s", 1)
        assert_arg_error("#3 .*usersig must be a string, got nil", core.query, 1, "a", nil, 1)
    end)

    it("keeps only RFC 3986 unreserved characters in urlencode", function()
        assert.are.equal("AZaz09-._~", core.urlencode("AZaz09-._~"))
        assert.are.equal("%20%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25%00%FF",
            core.urlencode(" !*'();:@&=+$,/?#[]%\0\255"))
        assert.are.equal("", core.urlencode(""))
        local big = string.rep("\0", 100000)
        assert.are.equal(string.rep("%00", 100000), core.urlencode(big))
        assert_arg_error("#1 to 'tim.core.urlencode' %(s must be a string, got number%)", core.urlencode, 5)
    end)
end)

describe("tim.core.random32", function()
    it("returns integers in 0..4294967295 that vary", function()
        local seen, high, distinct = {}, false, 0
        for _ = 1, 1000 do
            local r = core.random32()
            assert.is_number(r)
            assert.are.equal(math.floor(r), r)
            assert.is_true(r >= 0 and r <= 4294967295)
            if r >= 2147483648 then
                high = true
            end
            if not seen[r] then
                seen[r] = true
                distinct = distinct + 1
            end
        end
        assert.is_true(high)
        assert.is_true(distinct > 990)
        if math.type then
            assert.are.equal("integer", math.type(core.random32()))
        end
    end)

    -- LuaJIT can fork the very process that holds the Lua state (the C unit test does the same for the C
    -- function under every interpreter): the child must not hand out the parent's buffered numbers.
    if jit then
        it("never gives a forked child the parent's numbers (LuaJIT, fork through the FFI)", function()
            local ffi = require "ffi"
            pcall(ffi.cdef, [[
                int fork(void);
                int pipe(int fd[2]);
                long write(int fd, const void *buf, unsigned long n);
                long read(int fd, void *buf, unsigned long n);
                int close(int fd);
                void _exit(int status);
                int waitpid(int pid, int *status, int options);
            ]])
            local C = ffi.C
            core.random32()                         -- a partly used buffer, as in a real worker
            local fds = ffi.new("int[2]")
            assert.are.equal(0, C.pipe(fds))
            io.stdout:flush()
            local pid = C.fork()
            assert.is_true(pid >= 0)
            if pid == 0 then
                local v = ffi.new("uint32_t[64]")
                for k = 0, 63 do
                    v[k] = core.random32()
                end
                C.close(fds[0])
                local ok = C.write(fds[1], v, 256) == 256
                C._exit(ok and 0 or 1)
            end
            C.close(fds[1])
            local mine = {}
            for k = 0, 63 do
                mine[k] = core.random32()
            end
            local child = ffi.new("uint32_t[64]")
            local got = tonumber(C.read(fds[0], child, 256))
            C.close(fds[0])
            local status = ffi.new("int[1]")
            assert.are.equal(pid, C.waitpid(pid, status, 0))
            assert.are.equal(0, status[0])
            assert.are.equal(256, got)
            -- a copied buffer would give both the same sequence from the same offset
            local same = 0
            for k = 0, 63 do
                if mine[k] == tonumber(child[k]) then
                    same = same + 1
                end
            end
            assert.are.equal(0, same)
        end)
    end
end)

describe("tim.core.equal", function()
    it("compares strings byte for byte, NUL bytes included", function()
        assert.is_true(core.equal("", ""))
        assert.is_true(core.equal("abc", "abc"))
        assert.is_false(core.equal("abc", "abd"))
        assert.is_false(core.equal("abc", "abcd"))
        assert.is_false(core.equal("a\0b", "a\0c"))
        assert.is_true(core.equal("a\0b", "a\0b"))
    end)

    it("refuses non-strings", function()
        assert_arg_error("#1 to 'tim.core.equal' %(a must be a string, got nil%)", core.equal, nil, "a")
        assert_arg_error("#2 .*b must be a string, got number", core.equal, "1", 1)
    end)
end)

describe("tim.core hashes", function()
    it("sha256_hex gives the FIPS 180-2 answers", function()
        assert.are.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", core.sha256_hex("abc"))
        assert.are.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", core.sha256_hex(""))
        assert.are.equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            core.sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        assert_arg_error("#1 to 'tim.core.sha256_hex' %(s must be a string, got no value%)", core.sha256_hex)
    end)

    it("hmac_sha256 gives the RFC 4231 answers, raw or hex", function()
        local cases = {
            { string.rep("\11", 20), "Hi There",
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
            { "Jefe", "what do ya want for nothing?",
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
            { string.rep("\170", 131), "Test Using Larger Than Block-Size Key - Hash Key First",
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        }
        for _, c in ipairs(cases) do
            assert.are.equal(c[3], core.hmac_sha256(c[1], c[2], "hex"))
            assert.are.equal(unhex(c[3]), core.hmac_sha256(c[1], c[2]))
        end
        -- the key cache must not confuse keys that share a prefix or differ in length
        assert.are_not.equal(core.hmac_sha256("Jefe", "m"), core.hmac_sha256("Jef", "m"))
        assert.are.equal(32, #core.hmac_sha256("", ""))
    end)

    it("hmac_sha256 names its bad arguments", function()
        assert_arg_error("#1 to 'tim.core.hmac_sha256' %(key must be a string, got nil%)", core.hmac_sha256, nil, "m")
        assert_arg_error("#2 .*msg must be a string, got number", core.hmac_sha256, "k", 1)
        assert_arg_error("#3 .*format must be \"hex\" or nil", core.hmac_sha256, "k", "m", "HEX")
        assert_arg_error("#1 .*key is longer than 4096 bytes", core.hmac_sha256, string.rep("k", 4097), "m")
    end)
end)

describe("tim.core base64 helpers", function()
    it("encode and decode the RFC 4648 vectors", function()
        local v = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==", fooba = "Zm9vYmE=",
                    foobar = "Zm9vYmFy" }
        for plain, enc in pairs(v) do
            assert.are.equal(enc, core.b64encode(plain))
            assert.are.equal(plain, core.b64decode(enc))
            assert.are.equal(plain, core.b64decode((enc:gsub("=", ""))))
        end
        assert.are.equal("+/8=", core.b64encode("\251\255"))
        assert.are.equal("\0\255\0", core.b64decode("AP8A"))
    end)

    it("refuses non-base64 with nil, message", function()
        for _, bad in ipairs({ "Zg=", "Z", "Zg==Zg==", "Zm9v\n", "Zm 9v", "Zh==", "*-__", "Zg===" }) do
            local r, err = core.b64decode(bad)
            assert.is_nil(r, bad)
            assert.are.equal("tim.core.b64decode: invalid base64", err)
        end
        assert_arg_error("#1 to 'tim.core.b64encode' %(s must be a string, got no value%)", core.b64encode)
        assert_arg_error("#1 to 'tim.core.b64decode' %(s must be a string, got boolean%)", core.b64decode, false)
    end)
end)

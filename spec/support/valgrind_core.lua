-- Run by `make test` under valgrind (the core-valgrind gate): every tim.core function over the
-- vectors and over bad arguments (through pcall), so that valgrind sees every C path, the error paths
-- included. Plain Lua 5.4, no busted. Exits 0 only when every check matched.
local core = require "tim.core"
local vectors = require "support.vectors"

local checks, failed = 0, 0

local function check(cond, what)
    checks = checks + 1
    if not cond then
        failed = failed + 1
        io.stderr:write("valgrind_core: FAILED: ", what, "\n")
    end
end

-- fn(...) must raise an error that mentions `name` (the argument)
local function misuse(name, fn, ...)
    local ok, err = pcall(fn, ...)
    check(not ok and type(err) == "string" and err:find(name, 1, true) ~= nil,
        "misuse of " .. name .. " raised " .. tostring(err))
end

local data = vectors.load()

for _, v in ipairs(data.valid) do
    local userbuf = v.userbuf_b64 and core.b64decode(v.userbuf_b64) or nil
    check(core.usersig(v.sdkappid, v.key, v.identifier, v.expire, userbuf, v.time) == v.usersig, v.id .. " generate")
    check(core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.valid_at[2]) ~= nil, v.id .. " verify")
    check(select(2, core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.expired_at)) == "expired",
        v.id .. " expired")
    local t = core.decode(v.usersig)
    check(t ~= nil and t.identifier == v.identifier and t.time == v.time, v.id .. " decode")
    if v.kind == "privmap" then
        local room = v.roomstr or v.roomid
        local buf = core.privmap(v.sdkappid, v.identifier, room, v.expire, v.privilege, v.time)
        check(vectors.hex(buf) == v.privmap_userbuf_hex, v.id .. " privmap")
    end
end

for _, v in ipairs(data.bad) do
    check(select(2, core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.now)) == v.expect, v.id .. " bad")
    core.decode(v.usersig)
end

for _, v in ipairs(data.compat) do
    check(core.verify(v.usersig, v.sdkappid, v.key, v.identifier, v.now) ~= nil, v.id .. " compat")
end

-- runtime failures: nil, reason
local key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
check(select(2, core.verify(string.rep("A", 1048577), 1, key)) == "bad_base64", "huge sig")
check(select(2, core.verify(string.rep("A", 1048576), 1, key)) == "not_zlib", "1 MiB of zero bytes")
check(select(2, core.decode("eJ\0w")) == "bad_base64", "NUL in a sig")
check(core.b64decode("Zg=") == nil, "b64decode refuses")

-- the helpers
check(core.query(1, "a b", "s*", 7) == "sdkappid=1&identifier=a%20b&usersig=s*&random=7&contenttype=json", "query")
check(core.urlencode("\0/") == "%00%2F", "urlencode")
check(core.sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256_hex")
check(core.hmac_sha256("Jefe", "what do ya want for nothing?", "hex") ==
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "hmac_sha256 hex")
check(#core.hmac_sha256(string.rep("k", 200), "m") == 32, "hmac_sha256 long key")
check(core.equal("a\0b", "a\0b") and not core.equal("a", "b"), "equal")
check(core.b64encode("foobar") == "Zm9vYmFy" and core.b64decode("Zm9vYg") == "foob", "base64")
local r = core.random32()
check(r >= 0 and r <= 4294967295, "random32")
check(#core.usersig(1, key, string.rep("\228\184\173", 1365), 60, string.rep("u", 16384)) > 0, "largest sig")
for level = 0, 9 do
    local sig = core.usersig(1, key, "lvl", 60, "b", 5, level)
    check(core.verify(sig, 1, key, "lvl", 5) ~= nil, "level " .. level)
end

-- misuse: every argument check raises, nothing leaks
misuse("sdkappid", core.usersig, "1", key, "a", 60)
misuse("key", core.usersig, 1, "", "a", 60)
misuse("key", core.usersig, 1, string.rep("k", 4097), "a", 60)
misuse("identifier", core.usersig, 1, key, "\255", 60)
misuse("identifier", core.usersig, 1, key, string.rep("a", 4097), 60)
misuse("expire", core.usersig, 1, key, "a", -1)
misuse("expire", core.usersig, 1, key, "a", 1.5)
misuse("userbuf", core.usersig, 1, key, "a", 60, string.rep("u", 16385))
misuse("now", core.usersig, 1, key, "a", 60, nil, -1)
misuse("level", core.usersig, 1, key, "a", 60, nil, 1, 10)
misuse("sig", core.verify, nil, 1, key)
misuse("identifier", core.verify, "x", 1, key, 1)
misuse("sig", core.decode, 1)
misuse("room", core.privmap, 1, "a", {}, 1, 1)
misuse("room", core.privmap, 1, "a", string.rep("r", 65536), 1, 1)
misuse("privileges", core.privmap, 1, "a", 1, 1, 4294967296)
misuse("random", core.query, 1, "a", "s", -1)
misuse("s", core.urlencode, nil)
misuse("s", core.sha256_hex, {})
misuse("format", core.hmac_sha256, "k", "m", "raw")
misuse("b", core.equal, "a")
misuse("s", core.b64encode, nil)
misuse("s", core.b64decode, 1)

-- tim.core.json_decode: every path of the binding (tables, marks, null, escapes short and long, errors at
-- every depth, the side list for big integers) over the JSON corpus
local corpus = require "support.json_corpus"
local mt = { __name = "array" }
local texts = {}
for i, text in ipairs(corpus.tricky) do
    texts[i] = text
end
texts[#texts + 1] = corpus.sendmsg()
texts[#texts + 1] = corpus.group_members(100)
texts[#texts + 1] = corpus.history(100000)
texts[#texts + 1] = '["' .. string.rep("\\u00e9", 400) .. '"]'       -- an escaped string past the stack buffer
local decoded, refused = 0, 0
for _, text in ipairs(texts) do
    for _, big in ipairs({ false, true }) do
        local v, err = core.json_decode(text, "NULL", mt, big)
        if v ~= nil then
            decoded = decoded + 1
        else
            refused = refused + 1
            check(type(err) == "string" and err:find(" at character %d+$") ~= nil, "json error " .. tostring(err))
        end
    end
end
check(decoded > 0 and refused > 0, "json corpus: both outcomes")
local v = core.json_decode('{"a":[1,{"b":null}],"c":"\\u00e9"}', "NULL", mt)
check(v and getmetatable(v.a) == mt and v.a[2].b == "NULL" and v.c == "\195\169", "json_decode values")
check(core.json_decode(string.rep("[", 1000) .. string.rep("]", 1000)) ~= nil, "json depth 1000")
check(core.json_decode(string.rep('{"k":[', 600)) == nil, "json truncated deep text")
misuse("text", core.json_decode, nil)
misuse("array_mt", core.json_decode, "[]", nil, 1)

-- tim.core.json_encode: every path of the walk (marks, null, sequences and objects, number keys, escapes,
-- every number form, appended members, errors at every depth, the Lua fallback) over generated values, a
-- buffer grown past what is kept between calls, and encode(decode(text)) over the corpus
do
    local null = setmetatable({}, { __name = "null" })
    local function array(t) return setmetatable(t, mt) end
    local empty = setmetatable({}, { __name = "empty" })
    local opts = { null = null, array_mt = mt, empty_array = empty }
    local gen = corpus.values(20261209, { null = null, array = array, empty_array = empty })
    local written, failed_enc, fallback = 0, 0, 0
    for _ = 1, 3000 do
        local text, err = core.json_encode(gen(), opts)
        if text then
            written = written + 1
        elseif text == false then
            fallback = fallback + 1
        else
            failed_enc = failed_enc + 1
            check(type(err) == "string", "json_encode reason " .. tostring(err))
        end
    end
    check(written > 0 and failed_enc > 0 and fallback > 0, "json_encode: every outcome")
    local long = string.rep("\1\"x", 100000)
    check(core.json_encode({ long }, opts) == '["' .. string.rep('\\u0001\\"x', 100000) .. '"]', "json_encode long")
    check(core.json_encode({ a = 1 }, opts) == '{"a":1}', "json_encode after the big buffer was let go")
    opts.append = { "MsgRandom", 4294967295, "MsgSeq", 1 }
    check(core.json_encode({}, opts) == '{"MsgRandom":4294967295,"MsgSeq":1}', "json_encode append")
    opts.append = nil
    local valid, back = 0, 0
    for _, text in ipairs(texts) do
        local value = core.json_decode(text, null, mt)
        if value ~= nil then
            valid = valid + 1
            local again, err = core.json_encode(value, opts)
            if again and core.json_decode(again, null, mt) ~= nil or err == "nesting deeper than 100 (a cycle?)" then
                back = back + 1         -- read back, or (1000 levels) refused by the encoder's limit
            end
        end
    end
    check(valid > 50 and back == valid, "json_decode(json_encode(json_decode(text))) over the corpus")
    local enc = core.json_encoder({ null = null, array_mt = mt, empty_array = empty })
    local same = 0
    gen = corpus.values(20261210, { null = null, array = array, empty_array = empty })
    for _ = 1, 500 do
        local x = gen()
        local a, aerr = enc(x)
        local b, berr = core.json_encode(x, opts)
        if a == b and aerr == berr then
            same = same + 1
        end
    end
    check(same == 500 and enc({}, { "R", 1 }) == '{"R":1}', "json_encoder: the same as json_encode")
    misuse("append", enc, {}, { 1 })
    misuse("opts", core.json_encoder, 1)
    misuse("opts", core.json_encode, {}, 1)
    misuse("opts.cdata", core.json_encode, {}, { cdata = 1 })
    misuse("opts.append", core.json_encode, {}, { append = { 1, 2 } })
    misuse("opts.append", core.json_encode, {}, { append = { "a" } })
end

-- descriptor I/O (fdio.c) over a loopback pair: every outcome and every argument check
do
    local socket = require "socket"
    local srv = assert(socket.bind("127.0.0.1", 0))
    local _, port = srv:getsockname()
    local c = assert(socket.connect("127.0.0.1", port))
    local s = assert(srv:accept())
    srv:close()
    s:settimeout(1)
    local fd = c:getfd()
    check(core.fd_idle(fd) == true, "fd_idle on an idle connection")
    local rout, wout, many = {}, {}, {}
    for i = 1, 100 do many[i] = fd end
    check(core.fd_poll({ fd }, {}, 0.01, rout, wout) == 0, "fd_poll: nothing to read")
    local kr, kw = core.fd_poll({ fd, -1 }, many, 1, rout, wout)
    check(kr == 0 and kw == 100 and wout[100] == 100, "fd_poll: 100 writable (past the stack array)")
    check(not pcall(core.fd_poll, { "x" }, {}, 1, rout, wout), "fd_poll: a bad descriptor raises")
    check(core.fd_send(fd, { "ab", "", "cd" }, 1) == 4 and s:receive(4) == "abcd", "fd_send a list")
    check(core.fd_send(fd, "ef", 1) == 2 and s:receive(2) == "ef", "fd_send a string")
    s:send("0123456789")
    socket.sleep(0.02)
    check(select(2, core.fd_idle(fd)) == "data", "fd_idle with bytes waiting")
    check(core.fd_recv(fd, 4, 1) == "0123", "fd_recv up to max")
    check(core.fd_recv_exact(fd, 6, 1) == "456789", "fd_recv_exact")
    check(select(2, core.fd_recv(fd, 10, 0.01)) == "timeout", "fd_recv timeout")
    local none, err, partial = core.fd_recv_exact(fd, 10, 0.01)
    check(none == nil and err == "timeout" and partial == "", "fd_recv_exact timeout")
    s:send("xyz")
    s:close()
    none, err, partial = core.fd_recv_exact(fd, 10, 1)
    check(none == nil and err == "closed" and partial == "xyz", "fd_recv_exact closed, partial")
    check(select(2, core.fd_recv(fd, 10, 1)) == "closed", "fd_recv closed")
    check(select(2, core.fd_idle(fd)) == "closed", "fd_idle closed")
    local sent_err
    for _ = 1, 50 do
        local ok, e = core.fd_send(fd, { string.rep("y", 65536) }, 1)
        if not ok then sent_err = e break end
        socket.sleep(0.005)
    end
    check(sent_err == "closed", "fd_send to a closed peer: " .. tostring(sent_err))
    c:close()
    check(select(2, core.fd_recv(-1, 10, 1)) == "closed", "fd_recv on -1")
    check(select(2, core.fd_recv_exact(-1, 10, 1)) == "closed", "fd_recv_exact on -1")
    check(select(2, core.fd_send(-1, "a", 1)) == "closed", "fd_send on -1")
    check(select(2, core.fd_idle(-1)) == "closed", "fd_idle on -1")
    misuse("fd", core.fd_recv, "x", 1, 1)
    misuse("max", core.fd_recv, 0, 0, 1)
    misuse("timeout", core.fd_recv, 0, 1, nil)
    misuse("n", core.fd_recv_exact, 0, 0, 1)
    misuse("data", core.fd_send, 0, true, 1)
    misuse("data[1]", core.fd_send, 0, { 1 }, 1)
    misuse("fd", core.fd_idle, {})
    local q, parts, repeated = core.parse_query("a=1&b=%41+&a=2&" .. string.rep("z", 700) .. "=%4")
    check(q.a == "1" and q.b == "A " and q[string.rep("z", 700)] == "%4" and parts == 4 and repeated,
          "parse_query")
    misuse("q", core.parse_query, 5)
    check(core.http_target_ok("/v4/a?", "x=1", "9") == true, "http_target_ok")
    check(select(2, core.http_target_ok("/v4/a?", "x 1")) == 2, "http_target_ok refuses a space")
    check(select(2, core.http_target_ok("a", 5)) == 2, "http_target_ok refuses a non-string")
end

print(string.format("valgrind_core: %d checks, %d failed", checks, failed))
-- close the state (true): every Lua object and the tim.core context are freed, so valgrind sees no leak
os.exit(failed == 0 and 0 or 1, true)

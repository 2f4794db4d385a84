-- bench/json.lua (make bench): decoding typical Tencent IM answers (a sendmsg answer, a 100-member group
-- list, a 1 MB C2C history) with tim.json.decode (the C parser in tim.core), next to lua-cjson's own
-- decode (which is not strict and, on Debian's 2.1.0, returns floats and unmarked arrays); then encoding
-- request bodies and the decoded answers with tim.json.encode
-- (one C walk in tim.core), json.encode_lua (what ran before: a Lua check of the whole value, then lua-cjson,
-- or our Lua encoder) and lua-cjson's own encode (no marks, 14 digits: a reference for speed only).
-- Process CPU time, best of ROUNDS rounds, same process.
--   TIM_BENCH_ROUNDS=5 make bench
-- To compare another tim.json (say the one before the C decoder or encoder), give its file:
--   TIM_BENCH_JSON_OLD=/tmp/old_json.lua lua5.4 bench/json.lua
local json = require "tim.json"
local corpus = require "support.json_corpus"

local clock = os.clock
local format = string.format
local getenv = os.getenv

local ROUNDS = tonumber(getenv("TIM_BENCH_ROUNDS") or "") or 3

local has_cjson, cjson = pcall(require, "cjson")
local old
if getenv("TIM_BENCH_JSON_OLD") then
    old = assert(loadfile(getenv("TIM_BENCH_JSON_OLD")))()
end

local cases = {
    { "sendmsg answer", corpus.sendmsg(), 200000 },
    { "group list, 100 members", corpus.group_members(100), 2000 },
    { "C2C history, 1 MB", corpus.history(1024 * 1024), 20 },
}

-- best time per decode (seconds) of fn over text, n decodes a round
local function measure(fn, text, n)
    assert(fn(text), "bench/json.lua: the decoder refused the text")
    local best = math.huge
    for _ = 1, ROUNDS do
        collectgarbage("collect")
        local t0 = clock()
        for _ = 1, n do
            fn(text)
        end
        local dt = (clock() - t0) / n
        if dt < best then best = dt end
    end
    return best
end

local decoders = {
    { "tim.json.decode (C)", json.decode },
    { "cjson.decode", has_cjson and cjson.decode or nil },      -- measured first: the reference
    { "TIM_BENCH_JSON_OLD decode", old and old.decode or nil },
}

print(format("tim.json decode under %s (tim.core: %s, lua-cjson: %s); best of %d rounds, process CPU time",
    (jit and jit.version) or _VERSION, tostring(json.core), has_cjson and (cjson._VERSION or "yes") or "absent",
    ROUNDS))
print(format("%-26s %-26s %12s %10s %9s", "answer", "decoder", "us/decode", "MB/s", "vs cjson"))
for _, case in ipairs(cases) do
    local label, text, n = case[1], case[2], case[3]
    local cj = has_cjson and measure(cjson.decode, text, n) or nil
    for _, d in ipairs(decoders) do
        if d[2] then
            local t = cj
            if d[2] ~= cjson.decode then
                local runs = n
                if d[2] == (old and old.decode) then
                    runs = math.max(1, math.floor(n / 4))
                end
                t = measure(d[2], text, runs)
            end
            print(format("%-26s %-26s %12.2f %10.1f %9s", label, d[1], t * 1e6, #text / t / 1e6,
                cj and format("%.2f", t / cj) or "-"))
        end
    end
end

-- Encoding: request bodies as the client sends them, and the answers above decoded (marked arrays, many keys)
local sendmsg_body = {
    SyncOtherMachine = 2, From_Account = "alice", To_Account = "bob", MsgLifeTime = 604800,
    MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "hello, 世界" } } },
    CloudCustomData = "{\"k\":1}",
}
local batch_body = { SyncOtherMachine = 2, From_Account = "alice", To_Account = {}, MsgRandom = 4294967295,
                     MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "a \"quoted\" line\nand 世界" } } } }
for i = 1, 100 do
    batch_body.To_Account[i] = format("user_%04d", i)
end
local encode_cases = {
    { "sendmsg body", sendmsg_body, 200000 },
    { "batchsendmsg, 100 To_Account", batch_body, 20000 },
    { "group list, 100 members", assert(json.decode(corpus.group_members(100))), 2000 },
    { "C2C history, 1 MB", assert(json.decode(corpus.history(1024 * 1024))), 10 },
}
local encoders = {
    { "tim.json.encode (C)", json.encode },
    { "json.encode_lua (before)", json.encode_lua },
    { "cjson.encode", has_cjson and cjson.encode or nil },
    { "TIM_BENCH_JSON_OLD encode", old and old.encode or nil },
}

print()
print(format("tim.json encode (tim.core encode: %s); best of %d rounds, process CPU time", tostring(json.core_encode),
    ROUNDS))
print(format("%-30s %-26s %12s %10s %9s", "value", "encoder", "us/encode", "MB/s", "vs C"))
for _, case in ipairs(encode_cases) do
    local label, v, n = case[1], case[2], case[3]
    local size = #assert(json.encode(v))
    local c = measure(json.encode, v, n)
    for _, e in ipairs(encoders) do
        if e[2] then
            local t = e[2] == json.encode and c or measure(e[2], v, n)
            print(format("%-30s %-26s %12.2f %10.1f %9.2f", label, e[1], t * 1e6, size / t / 1e6, t / c))
        end
    end
end

-- bench/json.lua (make bench): decoding typical Tencent IM answers (a sendmsg answer, a 100-member group
-- list, a 1 MB C2C history) with tim.json.decode (the C parser in tim.core), next to lua-cjson's own
-- decode (which is not strict and, on Debian's 2.1.0, returns floats and unmarked arrays) and the Lua decoder
-- tim.json uses without tim.core. Process CPU time, best of ROUNDS rounds, same process.
--   TIM_BENCH_ROUNDS=5 make bench
-- To compare another tim.json (say the one before the C decoder), give its file:
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
    { "tim.json Lua decoder", json.decode_lua },
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
                if d[2] == json.decode_lua or d[2] == (old and old.decode) then
                    runs = math.max(1, math.floor(n / 4))
                end
                t = measure(d[2], text, runs)
            end
            print(format("%-26s %-26s %12.2f %10.1f %9s", label, d[1], t * 1e6, #text / t / 1e6,
                cj and format("%.2f", t / cj) or "-"))
        end
    end
end

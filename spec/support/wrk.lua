-- support/wrk.lua: wrk's figures for the benches (bench/emulator_p99.lua, bench/heap_openresty.lua). A wrk script
-- ends with DONE, which prints one machine-readable line from wrk's own latency distribution (the figures
-- `wrk --latency` prints, corrected for coordinated omission); parse() reads it back. median() and range() are how
-- those benches summarise rounds.
local _M = {}

-- wrk's done() hook: requests, duration (us), p50, p99, max (us), errors (connect, read, write, non-2xx, timeout)
_M.DONE = [[
done = function(summary, latency)
    local e = summary.errors
    io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
        latency:percentile(50), latency:percentile(99), latency.max,
        e.connect + e.read + e.write + e.status + e.timeout))
end
]]

-- parse(wrk's output) -> { rps, p50, p99, max (ms), errors } or nil when the RESULT line is missing
function _M.parse(out)
    local req, dur, p50, p99, max, errs = out:match("RESULT (%d+) (%d+) (%d+) (%d+) (%d+) (%d+)")
    if not req then return nil end
    return { rps = tonumber(req) / (tonumber(dur) / 1e6), p50 = tonumber(p50) / 1000, p99 = tonumber(p99) / 1000,
             max = tonumber(max) / 1000, errors = tonumber(errs) }
end

function _M.median(t)
    local s = {}
    for i, v in ipairs(t) do s[i] = v end
    table.sort(s)
    local n = #s
    if n == 0 then return 0 end
    return n % 2 == 1 and s[(n + 1) / 2] or (s[n / 2] + s[n / 2 + 1]) / 2
end

function _M.range(t)
    local lo, hi = math.huge, -math.huge
    for _, v in ipairs(t) do lo, hi = math.min(lo, v), math.max(hi, v) end
    return lo, hi
end

return _M

-- tim.base.bucket: GCRA (the generic cell rate algorithm, a token bucket kept as one number), the one bucket of
-- the client's limits (tim.client.ratelimit) and the emulator's documented limits. A bucket is its theoretical arrival
-- time (tat): the time at which it would be full again. Times are whole microseconds: a timestamp near 1.7e9 s
-- carries ~2e-7 s of rounding in a double, which a burst of 200 additions turns into a wait of 2e-5 s for the last
-- token of the burst; integers below 2^53 add exactly, in Lua 5.4 and LuaJIT alike.
local floor = math.floor

local _M = { US = 1e6 }

-- us(seconds) -> whole microseconds
function _M.us(seconds)
    return floor(seconds * 1e6 + 0.5)
end

-- next_tat(tat, now, cost) -> the bucket's tat after taking `cost` (µs of its emission interval) at `now`
function _M.next_tat(tat, now, cost)
    if tat == nil or tat < now then tat = now end
    return tat + cost
end

-- wait(tat, now, window) -> µs to wait before a request that brought the bucket to `tat` may go (0: now);
-- window = burst x interval
function _M.wait(tat, now, window)
    local w = tat - window - now
    return w > 0 and w or 0
end

return _M

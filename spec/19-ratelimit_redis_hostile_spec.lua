-- tim.ratelimit against whatever answers at the Redis address (issue 19): answers the script cannot give.
local rredis = require "tim.ratelimit.redis"

describe("tim.ratelimit.redis's answer check", function()
    -- max_us: the max_wait the script was given (nil: any)
    it("takes only what the script can answer", function()
        local judge = rredis.judge
        assert.are.same({ 0.25 }, { judge(250000, 1000000) })
        assert.are.same({ 1 }, { judge(1000000, 1000000) })        -- a wait of exactly max_wait is granted
        assert.are.same({ 864000 }, { judge(864000000000, nil) })    -- no max_wait: any wait
        assert.are.same({ nil, 2 }, { judge(-1 - 2000000, 1000000) })  -- refused: needed over max_wait
        for _, bad in ipairs({ { 999999999999, 1000000 }, { -5, 1000000 }, { -1, 0 }, { -1 - 2000000, nil },
                               { 1.5, 1000000 }, { "12", 1000000 }, { 0 / 0, nil }, { math.huge, nil },
                               { 2 ^ 53, nil }, { { 1, 2 }, 1000000 } }) do
            local wait, needed, why = judge(bad[1], bad[2])
            assert.is_nil(wait)
            assert.is_nil(needed)
            assert.matches("an answer the script cannot give", why, 1, true)
        end
    end)
end)

-- The emulator's store under growth: the MsgKey index and the dedup windows answer exactly as one plain table
-- would, while no table inside them grows with the store (a big table's rehash, or its revisit by the collector's
-- atomic phase, is a pause for every connection); tim.emulator.tune_collector's settings.
local util = require "tim.server.emulator.util"
local emulator = require "tim.emulator"
local core = require "tim.core"

local function largest_table(t, seen, depth)
    seen = seen or {}
    if type(t) ~= "table" or seen[t] or (depth or 0) > 3 then return 0 end
    seen[t] = true
    local n, biggest = 0, 0
    for _, v in pairs(t) do
        n = n + 1
        local b = largest_table(v, seen, (depth or 0) + 1)
        if b > biggest then biggest = b end
    end
    return math.max(n, biggest)
end

describe("util.msg_index", function()
    it("finds every message by the key it was put under, as a plain table would", function()
        local ix, model = util.msg_index(), {}
        local keys = {}
        math.randomseed(23)
        for i = 1, 20000 do
            local key
            local r = math.random(10)
            if r <= 6 then key = string.format("%d_%d_%d", i, math.random(0, 4294967295), 1700000000 + i)
            elseif r == 7 then key = keys[math.random(#keys)] or "1_1_1"          -- the same key again: replaced
            elseif r == 8 then key = string.format("%d_%d_%d", math.random(i), i, 5)  -- a seq another key holds
            elseif r == 9 then key = "imported-" .. i                               -- no leading number
            else key = string.rep("9", 30) .. "_1_1" end                            -- beyond exact integers
            keys[#keys + 1] = key
            local m = { MsgKey = key, n = i }
            ix:put(m)
            model[key] = m
        end
        for _, key in ipairs(keys) do assert.are.equal(model[key], ix:get(key), key) end
        for _, key in ipairs{ "", "0_0_0", "12", "12_", "x_1_2", "99999999_1_1" } do
            assert.are.equal(model[key], ix:get(key), key)
        end
        assert.is_nil(ix:get(nil))
        assert.is_nil(ix:get(12))
    end)

    it("keeps no table bigger than a chunk while a million keys go in", function()
        local ix = util.msg_index()
        for i = 1, 1000000, 7 do ix:put{ MsgKey = i .. "_1_1700000000" } end
        assert.is_true(largest_table(ix) <= 4096, tostring(largest_table(ix)))
    end)
end)

describe("util.window", function()
    it("answers within its span and forgets after, keys with and without a leading number", function()
        local w = util.window(120)
        local keys = { "17\0a\0b", "4294967295\0a\0b", "nil\0x", "\0broadcast", "12345678901234567890123\0z" }
        for i, k in ipairs(keys) do w:put(k, { n = i }, 1000 + i) end
        for i, k in ipairs(keys) do assert.are.equal(i, w:get(k, 1100).n, k) end
        assert.is_nil(w:get("18\0a\0b", 1100))
        assert.is_nil(w:get(keys[1], 1000 + 1 + 121))
        local out = w:export(1100)
        assert.are.equal(#keys, #out)
        for i = 2, #out do assert.is_true(out[i - 1].entry.at <= out[i].entry.at) end
    end)

    it("keeps a key put again under its new entry when the old one's time slot leaves", function()
        local w = util.window(120)
        local first = w:put("5\0k", { n = 1 }, 1000)
        w:put("5\0k", { n = 2 }, 1100)
        assert.are.equal(2, w:get("5\0k", 1110).n)
        w:put("6\0other", {}, 1130)                     -- 1000's slot has left the window: it is expired now
        assert.are.equal(2, w:get("5\0k", 1130).n)
        assert.is_nil(w:get("5\0k", 1221))
        assert.are_not.equal(first, w:get("5\0k", 1130))
    end)

    it("spreads a busy bucket over small tables, Randoms drawn at random or counted", function()
        for _, random in ipairs{ function(i) return i * 2654435761 % 4294967296 end,
                                 function(i) return 10000000 + i end } do
            local w = util.window(120)
            for i = 1, 200000 do w:put(tostring(random(i)) .. "\0a\0b", {}, 5000 + math.floor(i / 2000)) end
            assert.is_true(largest_table(w.buckets) < 10000, tostring(largest_table(w.buckets)))
            assert.is_not_nil(w:get(tostring(random(77)) .. "\0a\0b", 5100))
        end
    end)
end)

describe("tim.server.emulator.journal", function()
    local journal = require "tim.server.emulator.journal"

    it("keeps the last max requests and callbacks, oldest first, numbered by one sequence", function()
        local j = journal.new{ max = 5 }
        for i = 1, 12 do j:request("/v4/a/b" .. i, 200, 0, "", 0.001, "req" .. i, "ans" .. i) end
        j:callback("C.One", { n = 1 }, { ActionStatus = "OK" }, nil, 0.001)
        local got = j:since(0)
        assert.are.equal(13, got.seq)
        assert.are.equal(5, #got.requests)
        for k, r in ipairs(got.requests) do
            assert.are.equal(7 + k, r.seq)
            assert.are.equal("/v4/a/b" .. (7 + k), r.path)
            assert.are.equal("req" .. (7 + k), r.request)
        end
        assert.are.equal(1, #got.callbacks)
        -- a view handed out stays as it was while later requests take the slots of older ones
        local view = got.requests[1]
        for _ = 13, 20 do j:request("/v4/x/y", 200, 70001, "expired", 0.002, "r", "a") end
        assert.are.equal("/v4/a/b8", view.path)
        local later = j:since(got.seq)
        assert.are.equal(5, #later.requests)
        assert.are.equal(70001, later.requests[5].code)
        assert.are.equal(0, #j:since(j.seq).requests)
        j:clear()
        assert.are.equal(0, #j:since(0).requests)
    end)
end)

describe("tim.emulator.tune_collector", function()
    it("turns Lua 5.4 incremental with short steps, and leaves LuaJIT alone", function()
        local tuned = emulator.tune_collector()
        if _VERSION == "Lua 5.4" and not rawget(_G, "jit") then
            assert.is_true(tuned)
            assert.are.equal("incremental", collectgarbage("incremental"))
        else
            assert.is_false(tuned)
        end
        assert.is_boolean(core.no_fastbins())
    end)
end)

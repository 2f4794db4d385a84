-- Fidelity: the catalogue against the facts transcribed from the official pages (spec/fixtures/facts/push.lua),
-- one test per fact, each naming its page. Needs no tim.core.
local facts = require "support.facts"
local api = require "tim.api"
local schema = require "tim.base.schema"

describe("fidelity: push", function() facts.cases("push", it) end)

-- The answer shapes the emulator follows (spec/73 checks its answers against these trees).
describe("fidelity: push answer shapes", function()
    local INTL = "https://www.tencentcloud.com/document/product/1047/"

    local function answer(path, name)
        local t = assert(api.lookup(path), path)
        return schema.find(assert(t.answer, path .. " has an answer tree"), name)
    end

    it("timpush/normal_push_statistics answers its counts at the top level (" .. INTL .. "71897)", function()
        for _, f in ipairs{ "TotalCount", "SentCount", "DeliveredCount", "ClickCount", "PlatformStatistics" } do
            assert.is_table(answer("timpush/normal_push_statistics", f), f)
        end
        assert.is_nil(answer("timpush/normal_push_statistics", "Results"))
    end)

    it("timpush/get_attr_name answers AttrTypes, all_member_push/im_get_attr_name does not "
       .. "(https://trtc.io/zh/document/67815)", function()
        assert.is_table(answer("timpush/get_attr_name", "AttrTypes"))
        assert.is_nil(answer("all_member_push/im_get_attr_name", "AttrTypes"))
    end)

    it("only timpush/set_attr answers ErrorList (https://trtc.io/ko/document/60565)", function()
        assert.is_table(answer("timpush/set_attr", "ErrorList[].To_Account"))
        for _, p in ipairs{ "all_member_push/im_set_attr", "timpush/add_tag", "timpush/remove_tag",
                            "timpush/remove_attr", "timpush/clear_all_tags" } do
            assert.is_nil(answer(p, "ErrorList"), p)
        end
    end)
end)

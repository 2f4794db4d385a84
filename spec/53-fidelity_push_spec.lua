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

    -- a partial success answers ErrorList: set_attr (https://trtc.io/ko/document/60565), get_attr
    -- (https://cloud.tencent.com/document/product/269/100637), get_tag (269/100640), clear_all_tags (269/100643,
    -- https://trtc.io/document/67823); the other per-user pages and the legacy all_member_push pages show none
    it("timpush/set_attr, get_attr, get_tag and clear_all_tags answer ErrorList; the other per-user calls do not",
       function()
        for _, p in ipairs{ "timpush/set_attr", "timpush/get_attr", "timpush/get_tag", "timpush/clear_all_tags" } do
            assert.is_table(answer(p, "ErrorList[].To_Account"), p)
            assert.is_table(answer(p, "ErrorList[].ErrorCode"), p)
        end
        for _, p in ipairs{ "all_member_push/im_set_attr", "all_member_push/im_get_attr", "all_member_push/im_get_tag",
                            "all_member_push/im_remove_all_tags", "timpush/add_tag", "timpush/remove_tag",
                            "timpush/remove_attr" } do
            assert.is_nil(answer(p, "ErrorList"), p)
        end
    end)
end)

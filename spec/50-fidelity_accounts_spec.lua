-- Fidelity: the catalogue against the facts transcribed from the official pages (spec/fixtures/facts/accounts.lua),
-- one test per fact, each naming its page. Needs no tim.core.
local facts = require "support.facts"
local list = require "fixtures.facts.accounts"

describe("fidelity: accounts", function()
    it("has facts, each naming an official page", function()
        assert.is_true(#list >= 5)
        for _, f in ipairs(list) do
            assert.truthy(f.url:find("^https://[%w.]*[%w]+%.[%a]+/"), facts.label(f))
        end
    end)

    for _, f in ipairs(list) do
        it(facts.label(f), function()
            facts.check(f)
        end)
    end
end)

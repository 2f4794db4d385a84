-- Fidelity: the catalogue against the facts transcribed from the official pages (spec/fixtures/facts/push.lua),
-- one test per fact, each naming its page. Needs no tim.core.
local facts = require "support.facts"

describe("fidelity: push", function() facts.cases("push", it) end)

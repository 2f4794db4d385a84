-- Fidelity: the catalogue against the facts transcribed from the official pages (spec/fixtures/facts/accounts.lua),
-- one test per fact, each naming its page. Needs no tim.core.
local facts = require "support.facts"

describe("fidelity: accounts", function() facts.cases("accounts", it) end)

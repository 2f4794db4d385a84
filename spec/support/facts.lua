-- support.facts: checks the catalogues (tim.api, tim.errors, tim.callback.commands) against facts transcribed
-- from the official pages (spec/fixtures/facts/<family>.lua). A fact names its page; the checks compare the
-- catalogue with the fact, never the catalogue with itself.
--
--   local facts = require "support.facts"
--   describe("fidelity: groups", function() facts.cases("groups", it) end)     -- one test per fact
--
-- Fact shapes (every field but the key and url optional):
--   endpoint: { path = "svc/cmd", url, own = true (url is the endpoint's own page: ref or ref_zh must be it),
--               rate = per second, per_day, per_minute, batch = { field, max }, dedup = { fields },
--               dedup_window = s | false (no expiry), idempotent = true | false, fill = { fields },
--               regions = { codes }, page_items, page_carry = { req = resp }, page_stop = { f = v },
--               done_codes = { codes }, requires = true, per_object = { key, rate, per_hour } }
--   code:     { code = n, url, class, in_doubt = true | false, meaning = "substring" }
--   callback: { callback = "Name", url, kind, drop = bool, modify = { fields }, timeout = s }
local assert = require "luassert"    -- busted's assert, for a module loaded with require
local api = require "tim.api"
local errors = require "tim.errors"
local commands = require "tim.server.callback.commands"

local _M = {}

local function set_of(list)
    local s = {}
    for _, v in ipairs(list or {}) do s[v] = true end
    return s
end

local function sorted(list)
    local l = {}
    for i, v in ipairs(list or {}) do l[i] = v end
    table.sort(l, function(a, b) return tostring(a) < tostring(b) end)
    return l
end

local function check_url(f, id)
    assert.is_string(f.url, id .. ": every fact names its page")
    assert.truthy(f.url:find("^https://"), id .. ": page is a URL")
end

function _M.check_endpoint(f)
    local id = f.path
    check_url(f, id)
    local t = api.lookup(f.path)
    assert.is_table(t, id .. ": documented on " .. f.url .. " but missing from the catalogue")
    assert.is_nil(t.alias_of, id .. ": a documented name is a canonical entry")
    if f.own then
        -- the endpoint's page on either site: ref, or ref_zh where ref names the other site's copy
        assert.is_true(f.url == t.ref or f.url == t.ref_zh, id .. ": ref or ref_zh is the endpoint's page "
            .. f.url .. " (ref " .. tostring(t.ref) .. ", ref_zh " .. tostring(t.ref_zh) .. ")")
    end
    local rc = api.rate_classes[t.rate or "default"]
    if f.rate then
        assert.equal(f.rate, rc.rate, id .. ": documented rate " .. f.rate .. "/s (" .. f.url .. ")")
    end
    if f.per_day then
        assert.equal(f.per_day, rc.per_day, id .. ": documented daily budget")
    end
    if f.per_minute then
        assert.equal(f.per_minute, rc.per_minute, id .. ": documented per-minute budget")
    end
    if f.batch then
        assert.is_table(t.batch, id .. ": documented batch limit")
        assert.same({ f.batch[1], f.batch[2] }, { t.batch.field, t.batch.max }, id .. ": batch field and maximum")
    end
    if f.dedup then
        assert.same(f.dedup, t.dedup, id .. ": dedup fields")
    end
    if f.dedup_window ~= nil then
        if f.dedup_window == false then
            assert.is_nil(t.dedup_window, id .. ": the page gives the dedup no expiry")
        else
            assert.equal(f.dedup_window, t.dedup_window, id .. ": dedup window")
        end
    end
    if f.fill then
        assert.same(f.fill, t.fill, id .. ": filled fields")
    end
    if f.idempotent == true then
        assert.is_true(t.idempotent == true or t.dedup ~= nil, id .. ": the page documents a repeat as harmless")
    elseif f.idempotent == false then
        assert.is_nil(t.idempotent, id .. ": the page gives no reason a repeat is harmless")
        assert.is_nil(t.dedup, id)
        assert.is_string(t.settle, id .. ": a command that is not safe to resend says how to settle it")
    end
    if f.regions then
        assert.same(sorted(f.regions), sorted(t.regions), id .. ": regions")
    end
    if f.page_items then
        assert.is_table(t.page, id .. ": documented paging")
        assert.equal(f.page_items, t.page.items, id .. ": paged items")
    end
    if f.page_carry then
        assert.same(f.page_carry, t.page.carry, id .. ": cursor pairs")
    end
    if f.page_stop then
        assert.same(f.page_stop, t.page.stop, id .. ": last-page marker")
    end
    if f.done_codes then
        local have = set_of(t.done_codes)
        for _, c in ipairs(f.done_codes) do
            assert.is_true(have[c] == true, id .. ": a resend answering " .. c .. " means done")
            assert.is_table(errors.codes[c], id .. ": done code " .. c .. " is in tim.errors")
        end
    end
    if f.requires then
        assert.is_string(t.requires, id .. ": the page requires an edition or plugin")
    end
    if f.per_object then
        assert.is_table(t.per_object, id .. ": per-object budget")
        for k, v in pairs(f.per_object) do
            assert.equal(v, t.per_object[k], id .. ": per_object." .. k)
        end
    end
end

function _M.check_code(f)
    local id = "ErrorCode " .. f.code
    check_url(f, id)
    local c = errors.codes[f.code]
    assert.is_table(c, id .. ": documented on " .. f.url .. " but missing from tim.errors")
    if f.class then
        assert.equal(f.class, c.class, id .. ": class")
        assert.equal(f.class, errors.class(f.code), id .. ": errors.class")
    end
    if f.in_doubt ~= nil then
        assert.equal(f.in_doubt, c.in_doubt == true, id .. ": in_doubt")
    end
    if f.meaning then
        local text = c.meaning
        for _, a in ipairs(c.also or {}) do text = text .. " / " .. a.meaning end
        -- a service's own reading of the code (tim.errors by_service: 10008 on the robot pages)
        for _, b in pairs(c.by_service or {}) do text = text .. " / " .. b.meaning end
        assert.truthy(text:lower():find(f.meaning:lower(), 1, true), id .. ": meaning mentions '" .. f.meaning .. "'")
    end
    if f.retry_safe ~= nil then
        assert.equal(f.retry_safe, errors.retryable(f.code, true), id .. ": retried for a safe command")
    end
end

function _M.check_callback(f)
    local id = f.callback
    check_url(f, id)
    local t = commands.lookup(f.callback)
    assert.is_table(t, id .. ": documented on " .. f.url .. " but missing from tim.callback.commands")
    if f.kind then
        assert.equal(f.kind, t.kind, id .. ": kind")
    end
    if f.drop ~= nil then
        assert.equal(f.drop, t.drop == true, id .. ": ErrorCode 2 drops")
    end
    if f.modify then
        assert.same(f.modify, t.modify, id .. ": reply fields that change the message")
    end
    if f.timeout then
        assert.equal(f.timeout, t.timeout, id .. ": timeout")
    end
end

-- label(f) -> a test name: the fact's key and its page.
function _M.label(f)
    local key = f.path or (f.code and ("ErrorCode " .. f.code)) or f.callback or "?"
    return key .. " matches " .. tostring(f.url)
end

-- check(f): the check for the fact's kind.
function _M.check(f)
    if f.path then
        return _M.check_endpoint(f)
    elseif f.code then
        return _M.check_code(f)
    elseif f.callback then
        return _M.check_callback(f)
    end
    error("a fact names an endpoint (path), a code or a callback")
end

-- cases(family, it): the tests of one family's facts (spec/fixtures/facts/<family>.lua): that there are facts and
-- each names an official page, then one test per fact. `it` is busted's (a required module does not see it).
function _M.cases(family, it)
    local list = require("fixtures.facts." .. family)
    it("has facts, each naming an official page", function()
        assert.is_true(#list >= 5)
        for _, f in ipairs(list) do
            assert.truthy(f.url:find("^https://[%w.]*[%w]+%.[%a]+/"), _M.label(f))
        end
    end)
    for _, f in ipairs(list) do
        it(_M.label(f), function()
            _M.check(f)
        end)
    end
end

return _M

-- tim.client.check: the call pipeline's check stage. Before anything is sent (no rate-limit token, no sig), a
-- command the catalogue lacks and a body its page calls malformed come back as usage errors naming the field,
-- the reason and the closest documented name; after a success, an answer the page does not describe is reported
-- as drift (never an error).
local api = require "tim.base.catalogue"
local schema = require "tim.base.schema"

local type, pairs, ipairs, tostring, pcall = type, pairs, ipairs, tostring, pcall

local log = require "tim.base.log"
local _M = {}

local endpoint_names    -- every "service/command", for suggestions
local function names()
    if not endpoint_names then
        endpoint_names = {}
        for service, command in api.each() do endpoint_names[#endpoint_names + 1] = service .. "/" .. command end
    end
    return endpoint_names
end

-- unknown(service, command) -> fields of a usage error for a command the catalogue lacks
function _M.unknown(service, command)
    local path = service .. "/" .. command
    local suggestion = schema.closest_in(path, names())
    if not suggestion and api.services[service] then
        local cmds = {}
        for c in pairs(api.services[service]) do cmds[#cmds + 1] = c end
        table.sort(cmds)
        local c = schema.closest_in(command, cmds)
        suggestion = c and service .. "/" .. c
    end
    return { reason = "unknown_endpoint", field = path, suggestion = suggestion,
             message = "unknown endpoint " .. path .. " (not in the catalogue; validate = false, or tim call "
                 .. "--no-validate, sends it anyway)" }
end

-- the dedup and fill fields the client draws itself: a body may leave them out
local exempt_of = setmetatable({}, { __mode = "k" })
local function exempt(traits)
    local e = exempt_of[traits]
    if e == nil then
        e = false
        for _, list in ipairs{ traits.dedup or {}, traits.fill or {} } do
            for _, f in ipairs(list) do
                e = e or {}
                e[f] = true
            end
        end
        exempt_of[traits] = e
    end
    return e or nil
end

-- the checker's options for an endpoint: constant per record, made once
local opts_of = setmetatable({}, { __mode = "k" })
local function opts(traits)
    local o = opts_of[traits]
    if not o then
        o = { lenient = traits.seen ~= "fields", exempt = exempt(traits) }
        opts_of[traits] = o
    end
    return o
end

local function canonical(traits)
    if not traits.request and traits.alias_of then
        return api.lookup(traits.alias_of) or traits
    end
    return traits
end

local function fields_of(p)
    local what = p.reason == "unknown_field" and "unknown field " .. p.field .. " (not on the endpoint's page)"
        or p.reason == "missing" and "missing field " .. p.field
        or p.field .. ": " .. tostring(p.detail)
    return { reason = p.reason, field = p.field, suggestion = p.suggestion, message = what }
end

-- body(traits, body) -> nil | fields of a usage error (reason, field, suggestion, message)
function _M.body(traits, body)
    traits = canonical(traits)
    local tree = traits.request
    if not tree or type(body) ~= "table" then return nil end
    local p = schema.check(tree, body, opts(traits))
    return p and fields_of(p) or nil
end

-- items(traits, field, list) -> nil | fields of a usage error, with item = the index of the first bad item
function _M.items(traits, field, list)
    traits = canonical(traits)
    local tree = traits.request
    if not tree or type(list) ~= "table" then return nil end
    local p, i = schema.check_items(tree, field, list, opts(traits))
    if not p then return nil end
    local f = fields_of(p)
    f.item = i
    return f
end

---------------------------------------------------------------------------------------------------------------
-- drift: the first SAMPLE_FIRST answers of each endpoint are compared with its page's answer tree, then one in
-- SAMPLE_EVERY; each endpoint and path is reported once per process

local SAMPLE_FIRST, SAMPLE_EVERY = 20, 100
local MAX_REPORTED = 1000          -- paths remembered: a hostile answer cannot grow this without bound
local counts = setmetatable({}, { __mode = "k" })      -- traits -> answers seen
local reported, nreported = {}, 0

local function default_report(endpoint, side, path, detail)
    local line = "tim: drift: " .. endpoint .. " " .. side .. " " .. path .. ": " .. detail
        .. " (the service may have changed; report it to lua-tim)"
    log.warn(line)
end
_M.default_report = default_report

-- drift(on_drift, traits, service, command, res): on_drift false turns reports off, a function receives them
function _M.drift(on_drift, traits, service, command, res)
    local tree = traits.answer
    if not tree or on_drift == false or type(res) ~= "table" then return end
    local n = (counts[traits] or 0) + 1
    counts[traits] = n
    if n > SAMPLE_FIRST and n % SAMPLE_EVERY ~= 0 then return end
    local fn = on_drift or default_report
    local endpoint = service .. "/" .. command
    schema.drift(tree, res, function(path, detail)
        local key = endpoint .. " " .. path
        if reported[key] or nreported >= MAX_REPORTED then return end
        reported[key] = true
        nreported = nreported + 1
        pcall(fn, endpoint, "answer", path, detail)       -- a failing report never fails the call
    end)
end

-- for the specs: forget what was sampled and reported
function _M.reset()
    counts, reported, nreported = setmetatable({}, { __mode = "k" }), {}, 0
end

return _M

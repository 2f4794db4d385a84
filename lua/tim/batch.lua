-- tim.batch: helpers on the client for commands whose limits the catalogue knows.
--
--   im:batch("im_open_login_svc/multiaccount_import", { AccountList = ids }, { on_progress = fn })
--       splits the catalogue's batch.field into chunks of batch.max, one call per chunk, and merges the
--       results: array members (FailAccounts, ResultItem, ErrorList, ...) are concatenated.
--   for page, err in im:pages("group_open_http_svc/get_appid_group_list", { Limit = 1000 }) do ... end
--   for item, err in im:items("group_open_http_svc/get_appid_group_list", { Limit = 1000 }) do ... end
--       follow the catalogue's page spec (cursor carry/stop, or offset/limit). On a failure the loop gets
--       `false, err` once and then ends.
-- Each chunk and each page is its own logical call (its own URL random, its own retries and dedup keys).
local type = type
local pairs = pairs
local tostring = tostring
local setmetatable = setmetatable
local getmetatable = getmetatable
local math_floor = math.floor
local string_match = string.match

local api = require "tim.api"
local json = require "tim.json"
local errors = require "tim.errors"

local _M = { _VERSION = require "tim.version" }

local function copy(t)
    local c = {}
    if t then
        for k, v in pairs(t) do
            c[k] = v
        end
    end
    return setmetatable(c, getmetatable(t or c))
end

-- split our own keys off the per-call options
local function split_opts(opts, own)
    if opts == nil then
        return nil, {}
    end
    local rest, mine, any = {}, {}, false
    for k, v in pairs(opts) do
        if own[k] then
            mine[k] = v
        else
            rest[k] = v
            any = true
        end
    end
    return any and rest or nil, mine
end

local function usage(path, message)
    local service, command = string_match(tostring(path), "^([^/]*)/?(.*)$")
    return errors.new{ kind = "usage", service = service, command = command ~= "" and command or nil,
                       message = message, attempts = 0 }
end

local function is_list(v)
    return type(v) == "table" and (v[1] ~= nil or json.is_array(v))
end

-- merge `res` into `acc`: arrays concatenated, other members kept from the first result that had them
local function merge(acc, res)
    for k, v in pairs(res) do
        local cur = acc[k]
        if is_list(v) then
            if not is_list(cur) then
                cur = json.array({})
                acc[k] = cur
            end
            local n = #cur
            for i = 1, #v do
                cur[n + i] = v[i]
            end
        elseif cur == nil then
            acc[k] = v
        end
    end
    return acc
end

local BATCH_OPTS = { max = true, field = true, on_progress = true }

--- im:batch(path, body [, opts]) -> merged result | nil, err (err.batch = { done, total, result })
function _M.batch(im, path, body, opts)
    local call_opts, own = split_opts(opts, BATCH_OPTS)
    local traits = type(path) == "string" and api.lookup(path) or nil
    local spec = traits and traits.batch
    local field = own.field or (spec and spec.field)
    local max = own.max or (spec and spec.max)
    if not field or not max then
        return nil, usage(path, "im:batch: no batch limits known for this command: give opts.field and opts.max")
    end
    if type(max) ~= "number" or max < 1 or math_floor(max) ~= max then
        return nil, usage(path, "im:batch: opts.max must be a positive integer")
    end
    if type(body) ~= "table" then
        return nil, usage(path, "im:batch: body must be a table")
    end
    local list = body[field]
    if type(list) ~= "table" then
        return nil, usage(path, "im:batch: body." .. field .. " must be an array")
    end
    local total = #list
    local on_progress = own.on_progress
    local acc = {}
    local done = 0
    repeat
        local chunk = json.array({})
        local n = 0
        for i = done + 1, done + max < total and done + max or total do
            n = n + 1
            chunk[n] = list[i]
        end
        local b = copy(body)
        b[field] = chunk
        local res, err = im:call(path, b, call_opts)
        if not res then
            err.batch = { done = done, total = total, result = acc }
            return nil, err
        end
        merge(acc, res)
        done = done + n
        if on_progress then
            on_progress(done, total)
        end
    until done >= total
    return acc
end

local PAGE_OPTS = { page = true, max_pages = true }

local function pager(im, path, body, opts)
    local call_opts, own = split_opts(opts, PAGE_OPTS)
    local traits = type(path) == "string" and api.lookup(path) or nil
    local spec = own.page or (traits and traits.page)
    local failed
    if not spec then
        failed = usage(path, "im:pages: no paging spec known for this command: give opts.page")
    elseif body ~= nil and type(body) ~= "table" then
        failed = usage(path, "im:pages: body must be a table")
    end
    if failed then
        return function()
            local e = failed
            failed = nil
            if e then
                return false, e
            end
        end, spec
    end
    local req = copy(body)
    local done, pages = false, 0
    local max_pages = own.max_pages
    return function()
        if done then
            return nil
        end
        local res, err = im:call(path, req, call_opts)
        if not res then
            done = true
            return false, err
        end
        pages = pages + 1
        local items = res[spec.items]
        local n = type(items) == "table" and #items or 0
        local nreq = copy(req)
        if n == 0 then
            done = true
        end
        if spec.offset then
            local limit = spec.limit and req[spec.limit]
            if type(limit) == "number" and n < limit then
                done = true
            end
            nreq[spec.offset] = (req[spec.offset] or 0) + n
        else
            for k, v in pairs(spec.stop or {}) do
                if res[k] == v then
                    done = true
                end
            end
            local moved = false
            for k, v in pairs(spec.carry or {}) do
                local value = res[v]
                if value == nil then
                    done = true         -- nothing to continue from
                elseif value ~= req[k] then
                    moved = true
                end
                nreq[k] = value
            end
            if not moved then
                done = true             -- the cursor did not move: stop rather than loop
            end
        end
        if max_pages and pages >= max_pages then
            done = true
        end
        req = nreq
        return res
    end, spec
end

--- for page, err in im:pages(path, body [, opts]) do ... end  (page == false, err on a failure)
function _M.pages(im, path, body, opts)
    return (pager(im, path, body, opts))
end

--- for item, err in im:items(path, body [, opts]) do ... end  (item == false, err on a failure)
function _M.items(im, path, body, opts)
    local next_page, spec = pager(im, path, body, opts)
    local list, i = nil, 0
    return function()
        while true do
            if list then
                i = i + 1
                local v = list[i]
                if v ~= nil then
                    return v
                end
                list = nil
            end
            local page, err = next_page()
            if page == nil then
                return nil
            elseif page == false then
                return false, err
            end
            list, i = page[spec.items] or {}, 0
        end
    end
end

return _M

-- tim.client.call: the call pipeline behind every im.<service>.<command>(body, opts). It reads as its stages:
--
--   prepare   options, the JSON body (dedup fields filled once, before the first attempt), the deadline
--   admit     the client-side limiter: a token now, a wait that leaves time for an attempt, or a refusal
--   sign      the admin UserSig (cached) and the request target
--   attempt   one request through the transport
--   judge     what happened (tim.client.outcome): a result, or an error with its class and in_doubt
--   decide    send again or not (tim.client.outcome.may_resend), and the back-off, inside the deadline
--
-- Only `decide` sends a request a second time. A command that is not idempotent or deduplicated is never resent
-- once any byte of it may have reached the server; its error says in_doubt = true instead. Every wait (a
-- limiter token, a back-off) must leave time for one attempt of min(timeout, MIN_ATTEMPT = 1 s, deadline / 2),
-- else the call ends at once: a call never starts an attempt its deadline cannot finish.
local type, pairs, pcall, tostring, setmetatable, rawset = type, pairs, pcall, tostring, setmetatable, rawset
local tonumber = tonumber
local string_byte, string_sub, string_format = string.byte, string.sub, string.format
local math_min = math.min
local os_date = os.date

local json = require "tim.base.json"
local api = require "tim.base.catalogue"
local errors = require "tim.base.errors"
local outcome = require "tim.client.outcome"
local check = require "tim.client.check"

local json_encode = json.encode
local errors_new = errors.new
local redact_secrets = errors.redact_secrets

local _M = { _VERSION = require "tim.version" }

-- What the pipeline reads of the client's settings (`st`, made by tim.client.new and never written here): the
-- target, the defaults, the hooks, the clock, the UserSig cache, the limiter and the transport. Its own per-client
-- state is `st.calls` (state() below). spec 09 holds call.lua to this list.
_M.READS = {
    "sdkappid", "admin", "base", "origin", "scheme", "host", "port", "tls", "headers",       -- the target
    "timeout", "deadline", "retries", "validate",                                          -- defaults
    "on_request", "on_response", "on_drift",                                               -- hooks
    "now", "sleep", "loop", "sig", "limiter", "pick_transport", "builtin",                  -- what it uses
}

--- state() -> the pipeline's own state for one client: reused call states, and the query prefix of the
--- current UserSig
function _M.state()
    return { pool = {}, prefix = false, prefix_sig = false }
end

local BACKOFF_BASE = 0.2         -- first retry waits up to 0.2 s, then 0.4, 0.8 ... (full jitter)
local BACKOFF_CAP = 4
_M.MIN_ATTEMPT = 1               -- seconds: no attempt starts with less left (or less than its timeout)


local core = require "tim.core"

local is_integer = require("tim.base.checks").is_integer

local function usage(c, message)
    return errors_new{ kind = "usage", service = c.service, command = c.command, message = message,
                       attempts = 0, retryable = false, in_doubt = false }
end

-- secrets must not reach errors or hooks: a server that quotes the sig back (in ErrorInfo, say), raw or
-- percent-encoded, must not hand it to the caller in err.body (tim.errors finds it in either form)
local function scrub_body(t, secrets, depth)
    for k, v in pairs(t) do
        if type(v) == "string" then
            t[k] = redact_secrets(v, secrets)
        elseif type(v) == "table" and depth < 20 then
            scrub_body(v, secrets, depth + 1)
        end
    end
end

local redact = errors.redact_pairs

local function call_hook(fn, payload)
    pcall(fn, payload)      -- a failing hook must not fail the call
end

---------------------------------------------------------------------------------------------------------------
-- prepare

-- The dedup (or fill) fields the caller left out, drawn now, once per logical call, as names and values in
-- `extra` (MsgRandom, 123, ...): the encoder writes them at the end of the body's object rather than on the
-- caller's table, for the caller may send the same table again, and that must be a new message. Returns how
-- many entries it set (extra is left empty on failure).
local function dedup_members(body, fields, random32, extra)
    local n = 0
    for i = 1, #fields do
        local f = fields[i]
        if body[f] == nil then
            local v, err = random32()
            if not v then
                for k = 1, n do
                    extra[k] = nil
                end
                return nil, err
            end
            extra[n + 1], extra[n + 2] = f, v
            n = n + 2
        end
    end
    return n
end

-- One list for every call: prepare fills it, the encoder reads it, prepare empties it; nothing in between yields.
local EXTRA = {}

local NO_BODY = {}
local CALL_OPTS = { timeout = true, deadline = true, retries = true, random = true, idempotent = true,
                    validate = true }

-- -> call state c | nil, err
-- -> call state c | nil, err. The state is made in one table constructor at the end: a table grown field by field
-- rehashes (and leaves the old parts as garbage) four times on the way to 16 fields, on every call.
-- A call's options over the client's: timeout, deadline, retries, random, idempotent, or nil, err (usage).
local function call_options(st, service, command, opts)
    local timeout, deadline, retries = st.timeout, st.deadline, st.retries
    if opts == nil then
        return timeout, deadline, retries
    end
    local who = { service = service, command = command }
    if type(opts) ~= "table" then
        return nil, usage(who, "opts must be a table")
    end
    for k in pairs(opts) do
        if not CALL_OPTS[k] then
            return nil, usage(who, "unknown call option opts." .. tostring(k))
        end
    end
    timeout = opts.timeout or timeout
    deadline = opts.deadline or deadline
    retries = opts.retries or retries
    local random, idempotent = opts.random, opts.idempotent
    if random ~= nil and (not is_integer(random) or random < 0 or random > 4294967295) then
        return nil, usage(who, "opts.random must be an integer in 0..4294967295")
    end
    if idempotent ~= nil and type(idempotent) ~= "boolean" then
        return nil, usage(who, "opts.idempotent must be a boolean")
    end
    if opts.validate ~= nil and type(opts.validate) ~= "boolean" then
        return nil, usage(who, "opts.validate must be a boolean")
    end
    if type(timeout) ~= "number" or timeout <= 0 or type(deadline) ~= "number" or deadline <= 0
       or not is_integer(retries) or retries < 0 then
        return nil, usage(who, "opts.timeout and opts.deadline must be positive numbers, opts.retries an "
                          .. "integer >= 0")
    end
    return timeout, deadline, retries, random, idempotent
end

-- The body's text: the same on every attempt (dedup fields filled once, before the first). Dedup fields make a
-- resend the same message; fill fields are required randoms with no such promise. They are written at the
-- end of the object, so the body's last bytes differ from call to call (LuaJIT's string hash, above).
-- Returns the text, or nil, err (usage).
local function body_text(service, command, body, traits, random32)
    local tb = type(body)
    if tb == "string" then
        return body         -- JSON text given as is (no dedup filling)
    elseif tb ~= "table" and body ~= nil then
        return nil, usage({ service = service, command = command },
                          "body must be a table (or JSON text), got " .. tb)
    end
    local fields = traits and (traits.dedup or traits.fill)
    local nextra = 0
    if fields then
        local rerr
        nextra, rerr = dedup_members(body or NO_BODY, fields, random32, EXTRA)
        if not nextra then
            return nil, usage({ service = service, command = command }, tostring(rerr))
        end
    end
    if nextra == 0 and body == nil then
        return "{}"
    end
    local text, err = json_encode(body or NO_BODY, nextra > 0 and EXTRA or nil)
    for k = 1, nextra do
        EXTRA[k] = nil
    end
    if not text then
        return nil, usage({ service = service, command = command }, "cannot encode the body: " .. err)
    end
    return text
end

local function prepare(c, st, service, command, body, opts, traits, path_head)
    local timeout, deadline, retries, random, idempotent = call_options(st, service, command, opts)
    if not timeout then
        return nil, deadline
    end
    -- check: an unknown command or a body its page calls malformed costs nothing (no token, no sig, no byte)
    local validate = st.validate
    if opts ~= nil and opts.validate ~= nil then
        validate = opts.validate
    end
    if validate then
        local bad = not traits and check.unknown(service, command) or (traits.request or traits.alias_of)
            and check.body(traits, body)
        if bad then
            return nil, errors_new{ kind = "usage", service = service, command = command, message = bad.message,
                                    reason = bad.reason, field = bad.field, suggestion = bad.suggestion,
                                    attempts = 0, retryable = false, in_doubt = false }
        end
    end
    local random32 = core.random32
    if not random then
        local rerr
        random, rerr = random32()
        if not random then
            return nil, usage({ service = service, command = command }, tostring(rerr))   -- the CSPRNG failed
        end
    end
    local text, terr = body_text(service, command, body, traits, random32)
    if not text then
        return nil, terr
    end
    local items = 1
    if traits then
        if traits.dedup and idempotent == nil and type(body) ~= "string" and string_byte(text, 1) == 123 then
            idempotent = true                                                                 -- an object
        end
        -- budgets counted per item (batchsendmsg: per recipient) charge #body[cost_field]
        local rc = type(body) == "table" and api.rate_classes[traits.rate or "default"]
        local list = rc and rc.cost_field and body[rc.cost_field]
        if type(list) == "table" then
            items = #list
        end
    end
    if idempotent == nil then
        idempotent = traits and traits.idempotent == true or false
    end
    c.service, c.command, c.timeout, c.retries, c.traits = service, command, timeout, retries, traits
    c.random = string_format("%d", random)         -- a short, distinct string: the only per-call part of the URL
    c.text, c.safe, c.items, c.rate_class = text, idempotent, items, traits and traits.rate or "default"
    c.path_head = path_head or (st.base .. "/v4/" .. service .. "/" .. command .. "?")
    c.deadline_at = st.now() + deadline
    -- the least time an attempt is started with: min(timeout, 1 s), and never more than half the deadline
    c.min_attempt = math_min(timeout, _M.MIN_ATTEMPT, deadline / 2)
    c.attempts, c.retried, c.sig_renewed, c.doubt = 0, 0, false, false
    return c
end

-- Call states are kept per client and used again (a few: as many as calls run at once, up to POOL): a call
-- then makes no table of its own but its answer. Each holds the request our own transports are given (theirs
-- never keep it past the call); a transport of the application's gets a new request every time.
local POOL = 16

local function take(st)
    local pool = st.calls.pool
    local n = #pool
    if n > 0 then
        local c = pool[n]
        pool[n] = nil
        return c
    end
    return {
        service = false, command = false, timeout = 0, retries = 0, random = false, text = false, safe = false,
        items = 0, rate_class = false, path_head = false, deadline_at = 0, min_attempt = 0, attempts = 0,
        retried = 0, sig_renewed = false, doubt = false, traits = false,
        req = { method = "POST", scheme = st.scheme, host = st.host, port = st.port, target = { false, false, false },
                headers = st.headers, body = false, timeout = 0, tls = st.tls },
    }
end

local function give(st, c)
    local pool = st.calls.pool
    if #pool < POOL then
        c.text, c.random = false, false         -- nothing of the call outlives it in the pool
        local req = c.req
        req.body, req.target[2], req.target[3] = false, false, false
        pool[#pool + 1] = c
    end
end

---------------------------------------------------------------------------------------------------------------
-- admit: the limiter never reserves a token for an attempt the deadline cannot finish

local function refused(c, message)
    return errors_new{ kind = "ratelimit", service = c.service, command = c.command, attempts = c.attempts,
                       retryable = true, in_doubt = false, message = message }
end

local function admit(st, c)
    local limiter = st.limiter
    if not limiter then
        return true
    end
    local budget = c.deadline_at - st.now() - c.min_attempt
    if budget < 0 then
        return nil, refused(c, string_format("client-side rate limit (class %s): no time left for an attempt",
                                             c.rate_class))
    end
    local ok, wait, needed, lerr = pcall(limiter.acquire, limiter, c.rate_class, c.items, budget,
                                         c.service .. "/" .. c.command)
    if not ok then
        return nil, refused(c, "client-side rate limit (class " .. c.rate_class .. "): " .. tostring(wait))
    end
    if not wait then
        if lerr then
            return nil, refused(c, "client-side rate limit (class " .. c.rate_class .. "): " .. tostring(lerr))
        end
        return nil, refused(c, string_format("client-side rate limit (class %s): the next token comes in %.3f s; "
                                             .. "the call's deadline leaves %.3f s for the wait and an attempt",
                                             c.rate_class, needed or 0, budget + c.min_attempt))
    end
    if wait > 0 then
        local sok, serr = pcall(st.sleep, wait)     -- ngx.sleep is refused in some phases
        if not sok then
            return nil, refused(c, "cannot wait for a rate-limit token here: " .. tostring(serr))
        end
    end
    return true
end

---------------------------------------------------------------------------------------------------------------
-- sign: the URL's query. Only `random` changes from call to call: the rest (sdkappid, identifier, usersig,
-- contenttype) is one string per sig, kept. `random` goes last, after contenttype=json (the service reads the
-- parameters by name), so that the one per-call string a transport may join, the path, differs in its last
-- bytes: LuaJIT interns every string and hashes a long one by a few sampled bytes (luajit2: the first, middle and
-- last, then the first and last 8 on a collision chain); long strings that differ only in the middle pile up in
-- one hash chain, and a call's cost then grows with the heap (measured: 0.6 us vs 780 us per string with a
-- million live tables, bench/heap.lua).

local QUERY_HEAD_TAIL = "random=0&contenttype=json"

local function query_prefix(st, sig)
    local own = st.calls
    if own.prefix_sig ~= sig then
        local q = core.query(st.sdkappid, st.admin, sig, 0)
        -- "sdkappid=..&identifier=..&usersig=..&" .. "contenttype=json&random="
        own.prefix = string_sub(q, 1, -(#QUERY_HEAD_TAIL + 1)) .. "contenttype=json&random="
        own.prefix_sig = sig
    end
    return own.prefix
end

local function target_of(req)
    local t = req.target
    return t[1] .. t[2] .. t[3]
end

-- req.path, for transports other than ours, is made when first read (a transport that never reads it, or reads
-- req.target instead, costs the call no long string). Copy a request with pairs() only after reading req.path.
local req_mt = { __index = function(req, k)
    if k == "path" then
        local p = target_of(req)
        rawset(req, "path", p)
        return p
    end
end }

---------------------------------------------------------------------------------------------------------------
-- attempt

local function attempt(st, c, sig)
    local remaining = c.deadline_at - st.now()
    local transport, perr = st.pick_transport(st)
    if not transport then
        return nil, { kind = "network", message = perr, written = 0, setup = true }
    end
    local req
    if st.builtin then
        req = c.req
        local target = req.target
        target[1], target[2], target[3] = c.path_head, query_prefix(st, sig), c.random
        req.body, req.timeout = c.text, math_min(c.timeout, remaining)
    else
        -- the transport contract's request, new each time; its path is made when first read
        req = setmetatable({
            method = "POST", scheme = st.scheme, host = st.host, port = st.port,
            target = { c.path_head, query_prefix(st, sig), c.random },
            headers = st.headers, body = c.text, timeout = math_min(c.timeout, remaining), tls = st.tls,
        }, req_mt)
    end
    local ok, resp, terr = pcall(transport.request, transport, req)
    if not ok then
        return nil, { kind = "network", message = "the transport raised an error: " .. tostring(resp) }
    end
    return resp, terr, req
end

---------------------------------------------------------------------------------------------------------------
-- the sig: renewed once when the service refuses it, and only when renewing can help

local function sig_verdict(st, c, sig, code)
    if c.sig_renewed then
        return false
    end
    c.sig_renewed = true
    if code == 70001 then
        -- "expired": if our clock says it is not, a new sig made by the same clock will not convince the service
        local fields = core.decode(sig)
        local t, e = fields and tonumber(fields.time), fields and tonumber(fields.expire)
        if t and e and st.now() < t + e then
            return false, "the service's clock differs from ours: it calls the UserSig expired, but by this "
                          .. "machine's clock it is valid until " .. os_date("!%Y-%m-%d %H:%M:%S UTC", t + e)
                          .. " (check the time on this machine)"
        end
    end
    st.sig:invalidate()
    local fresh = st.sig:get()
    if not fresh or fresh == sig then
        return false, "a new UserSig would be the same as the refused one"
    end
    return true
end

---------------------------------------------------------------------------------------------------------------
-- decide: send again? then how long to wait first

local function backoff(st, c)
    c.retried = c.retried + 1
    -- jitter from the CSPRNG: LuaJIT's math.random starts from the same seed in every nginx worker
    local jitter = (core.random32() or 0) / 4294967296
    local pause = math.max(0.001, jitter * math_min(BACKOFF_CAP, BACKOFF_BASE * 2 ^ (c.retried - 1)))  -- sleep(0) warns
    if st.now() + pause + c.min_attempt > c.deadline_at then
        return false        -- the wait would leave no time for the attempt
    end
    if pause > 0 and not pcall(st.sleep, pause) then
        return false        -- cannot sleep in this context: no retry
    end
    return true
end

---------------------------------------------------------------------------------------------------------------

local drive

--- run(st, service, command, body, opts, traits, path_head) -> res | nil, err
function _M.run(st, service, command, body, opts, traits, path_head)
    if traits == nil then
        traits = api.lookup(service, command) or false
    end
    if st.loop and not st.loop:inside() then
        -- a loop's client never blocks: outside the loop's tasks it could only block (or fail mid-way)
        return nil, usage({ service = service, command = command }, "this client runs on a tim.loop: call it "
                          .. "from a task of that loop (loop:spawn(fn)), not from outside")
    end
    local c = take(st)
    local ok, perr = prepare(c, st, service, command, body, opts, traits, path_head)
    if not ok then
        give(st, c)
        return nil, perr
    end
    local res, err = drive(st, c)
    give(st, c)
    return res, err
end

-- A failed attempt's error, whether the call may send again, and whether it waits (backs off) first. Only
-- tim.client.outcome says what may be resent; a sig refusal is sig_verdict's (a new sig, at once).
local function failure(st, c, sig, fields, class)
    local again, pause, note = false, true, nil
    if class == "sig" then
        again, note = sig_verdict(st, c, sig, fields.code)
        pause = false
    elseif c.retried < c.retries then
        again = outcome.may_resend(class, c.safe)
    end
    if note then
        fields.message = (fields.message ~= "" and fields.message .. ": " or "") .. note
    end
    fields.service, fields.command, fields.attempts = c.service, c.command, c.attempts
    -- once one copy may have been carried out, the call's outcome stays in doubt, whatever came after
    c.doubt = c.doubt or outcome.in_doubt(class)
    fields.in_doubt = c.doubt
    fields.retryable = (class ~= "sig" and outcome.may_resend(class, c.safe)) or (class == "sig" and again)
    local secrets = { sig }
    if fields.body then
        scrub_body(fields.body, secrets, 0)
    end
    return errors_new(fields, secrets), again, pause
end

-- The attempts of one call, until a result, an error that may not be resent, or the deadline.
function drive(st, c)
    local service, command = c.service, c.command
    local on_request, on_response = st.on_request, st.on_response
    local last
    while true do
        local ok, aerr = admit(st, c)
        if not ok then
            if last then        -- a resend the limiter cannot admit in time: the call ends with what happened
                aerr.message = aerr.message .. "; the previous attempt: " .. last.message
                aerr.in_doubt, aerr.code, aerr.http_status = c.doubt, last.code, last.http_status
            end
            return nil, aerr
        end
        local sig, serr = st.sig:get()
        if not sig then
            return nil, usage(c, serr)     -- errors.new scrubs secrets from messages
        end
        if c.deadline_at - st.now() <= 0 then
            return nil, last or errors_new{ kind = "timeout", service = service, command = command,
                                           attempts = c.attempts, retryable = true, in_doubt = false,
                                           message = "the call's deadline passed before it could be sent" }
        end
        local started = st.now()
        local url
        if on_request or on_response then
            url = redact(st.origin .. c.path_head .. query_prefix(st, sig) .. c.random)
        end
        if on_request then
            call_hook(on_request, { service = service, command = command, attempt = c.attempts + 1, url = url,
                                    body_size = #c.text })
        end
        local resp, terr = attempt(st, c, sig)
        c.attempts = c.attempts + outcome.copies(resp, terr)

        local res, fields, class = outcome.judge(resp, terr, service)
        local err, again, pause
        if not res then
            err, again, pause = failure(st, c, sig, fields, class)
        end
        if on_response then
            call_hook(on_response, { service = service, command = command, attempt = c.attempts, url = url,
                                     status = resp and resp.status, code = err and err.code or (res and res.ErrorCode),
                                     elapsed = st.now() - started, err = err })
        end
        if not err then
            local traits = c.traits
            if traits and traits.answer then
                check.drift(st.on_drift, traits, service, command, res)
            end
            return res
        end
        if not again then
            return nil, err
        end
        if pause and not backoff(st, c) then
            return nil, err
        end
        last = err
    end
end

return _M

-- tim.client: the client object. Generated methods (`im.<service>.<command>(body [, opts])`, made on first
-- access and cached, the lua-resty-redis way), `im:call("service/command", body, opts)`, and the call pipeline:
-- admin UserSig (cached), URL, JSON body, send through a transport, decode, classify, retry inside a deadline.
--
-- The object itself holds only the cached service tables; its settings live in a private table reached
-- through a weak map, so no service name can collide with a field, and dumping `im` shows no secret.
local type = type
local pairs = pairs
local pcall = pcall
local tonumber = tonumber
local rawset = rawset
local tostring = tostring
local setmetatable = setmetatable
local string_byte = string.byte
local string_find = string.find
local string_sub = string.sub
local string_format = string.format
local string_gsub = string.gsub
local string_match = string.match
local string_lower = string.lower
local math_floor = math.floor
local math_min = math.min
local math_huge = math.huge

local json = require "tim.json"
local api = require "tim.api"
local errors = require "tim.errors"
local ratelimit = require "tim.ratelimit"
local usersig = require "tim.usersig"
local batch = require "tim.batch"

local json_encode = json.encode
local json_decode = json.decode
local errors_new = errors.new

local core     -- tim.core, loaded on first use so that tim.json and friends load without the C module
local function load_core()
    core = require "tim.core"
    return core
end

local _M = { _VERSION = require "tim.version" }

local USER_AGENT = "lua-tim/" .. _M._VERSION
local DEFAULTS = {
    admin = "administrator",
    timeout = 5,                 -- per attempt; above the service's own 3 s
    deadline = 15,               -- the whole call, retries and waits included
    retries = 2,
    usersig_expire = 7 * 86400,  -- the admin sig's lifetime; renewed when less than a day is left
}
local BACKOFF_BASE = 0.2         -- first retry waits up to 0.2 s, then 0.4, 0.8 ... (full jitter)
local BACKOFF_CAP = 4

local states = setmetatable({}, { __mode = "k" })   -- im -> private state
local methods = {}      -- im:call, im:batch, im:pages, im:items: these names are never services

---------------------------------------------------------------------------------------------------------------
-- helpers

local function usage(message)
    return errors_new{ kind = "usage", message = message, retryable = false, attempts = 0 }
end

local function call_usage(service, command, message)
    return errors_new{ kind = "usage", service = service, command = command, message = message,
                       attempts = 0, retryable = false }
end

local function is_integer(v)
    return type(v) == "number" and v == math_floor(v) and v > -math_huge and v < math_huge     -- not inf/NaN
end

local function is_loopback(host)
    host = string_lower(host)
    return host == "localhost" or host == "::1" or host == "[::1]"
        or string_find(host, "^127%.%d+%.%d+%.%d+$") ~= nil
end

-- "https://host[:port][/base]" -> scheme, host, port, base (no trailing slash) | nil, reason
local function parse_endpoint(url)
    local scheme, rest = string_match(url, "^(%a+)://(.+)$")
    if not scheme then
        return nil, "must look like https://host[:port]"
    end
    scheme = string_lower(scheme)
    if scheme ~= "https" and scheme ~= "http" then
        return nil, "must use https (http only for a loopback host)"
    end
    local hostport, base = string_match(rest, "^([^/]+)(.*)$")
    if not hostport or string_find(base, "[?#]") then
        return nil, "must not carry a query or a fragment"
    end
    local host, port = string_match(hostport, "^%[([%x:]+)%]:?(%d*)$")
    if not host then
        host, port = string_match(hostport, "^([%w%.%-_]+):?(%d*)$")
    end
    if not host or host == "" then
        return nil, "has no valid host"
    end
    if port == "" then
        port = scheme == "https" and 443 or 80
    else
        port = math_floor(tonumber(port))
        if port < 1 or port > 65535 then
            return nil, "has a port out of range"
        end
    end
    if scheme == "http" and not is_loopback(host) then
        return nil, "may use http:// only for a loopback host (127.0.0.0/8, ::1, localhost); use https"
    end
    base = string_gsub(base, "/+$", "")
    return scheme, host, port, base
end

local function default_clock()
    if ngx then
        return function()
            ngx.update_time()
            return ngx.now()
        end, ngx.sleep
    end
    local socket = require "socket"
    return socket.gettime, socket.sleep
end

-- secrets must not reach errors or hooks: a transport's message might quote the path
-- a server that quotes the sig back (in ErrorInfo, say) must not hand it to the caller in err.body
local function scrub_body(t, sig, depth)
    for k, v in pairs(t) do
        if type(v) == "string" then
            if string_find(v, sig, 1, true) then
                local out, pos = {}, 1
                while true do
                    local i, j = string_find(v, sig, pos, true)
                    if not i then
                        break
                    end
                    out[#out + 1] = v:sub(pos, i - 1) .. "<redacted>"
                    pos = j + 1
                end
                out[#out + 1] = v:sub(pos)
                t[k] = table.concat(out)
            end
        elseif type(v) == "table" and depth < 20 then
            scrub_body(v, sig, depth + 1)
        end
    end
end

local function redact(s)
    return (string_gsub(tostring(s), "([uU][sS][eE][rR][sS][iI][gG]=)[^&%s\"']*", "%1***"))
end

---------------------------------------------------------------------------------------------------------------
-- options

local KNOWN = {
    sdkappid = true, key = true, usersig = true, admin = true, region = true, endpoint = true, timeout = true,
    deadline = true, retries = true, transport = true, transport_options = true, tls = true, ratelimit = true,
    on_request = true,
    on_response = true, now = true, sleep = true, usersig_expire = true, standby = true,
}

local function check_positive(opts, name)
    local v = opts[name]
    if v ~= nil and (type(v) ~= "number" or v ~= v or v <= 0 or v == math_huge) then
        return "tim.new: opts." .. name .. " must be a positive number of seconds"
    end
end

local function validate(opts)
    if type(opts) ~= "table" then
        return "tim.new: opts must be a table"
    end
    for k in pairs(opts) do
        if not KNOWN[k] then
            return "tim.new: unknown option opts." .. tostring(k)
        end
    end
    local sdkappid = opts.sdkappid
    if not is_integer(sdkappid) or sdkappid <= 0 or sdkappid > 4294967295 then
        return "tim.new: opts.sdkappid must be a positive integer (the SDKAppID)"
    end
    if opts.key ~= nil and opts.usersig ~= nil then
        return "tim.new: give opts.key or opts.usersig, not both"
    end
    if opts.usersig ~= nil then
        if type(opts.usersig) ~= "function" then
            return "tim.new: opts.usersig must be a function returning sig, expires_at"
        end
    elseif type(opts.key) ~= "string" or opts.key == "" then
        return "tim.new: opts.key must be a non-empty string (or give opts.usersig)"
    end
    if opts.admin ~= nil and (type(opts.admin) ~= "string" or opts.admin == "") then
        return "tim.new: opts.admin must be a non-empty string"
    end
    if opts.region ~= nil and opts.endpoint ~= nil then
        return "tim.new: give opts.region or opts.endpoint, not both"
    end
    if opts.region == nil and opts.endpoint == nil then
        return "tim.new: opts.region (e.g. \"sgp\") or opts.endpoint (https://...) is required"
    end
    if opts.standby ~= nil and (type(opts.standby) ~= "boolean" or opts.region == nil) then
        return "tim.new: opts.standby must be a boolean, with opts.region"
    end
    if opts.region ~= nil and type(opts.region) ~= "string" then
        return "tim.new: opts.region must be a string such as \"sgp\""
    end
    if opts.endpoint ~= nil and type(opts.endpoint) ~= "string" then
        return "tim.new: opts.endpoint must be a string such as \"https://adminapisgp.im.qcloud.com\""
    end
    local err = check_positive(opts, "timeout") or check_positive(opts, "deadline")
        or check_positive(opts, "usersig_expire")
    if err then
        return err
    end
    if opts.retries ~= nil and (not is_integer(opts.retries) or opts.retries < 0) then
        return "tim.new: opts.retries must be an integer >= 0"
    end
    local t = opts.transport
    if t ~= nil then
        local ok, req = pcall(function() return t.request end)
        if (type(t) ~= "table" and type(t) ~= "userdata") or not ok or type(req) ~= "function" then
            return "tim.new: opts.transport must be an object with a :request(req) method"
        end
    end
    local topts = opts.transport_options
    if topts ~= nil then
        if type(topts) ~= "table" then
            return "tim.new: opts.transport_options must be a table (pool_size =, idle_timeout =, ...)"
        elseif t ~= nil then
            return "tim.new: opts.transport_options configure the built-in transport: not with opts.transport"
        end
    end
    local tls = opts.tls
    if tls ~= nil then
        if type(tls) ~= "table" then
            return "tim.new: opts.tls must be a table { cafile =, verify =, insecure_skip_verify = }"
        end
        for k in pairs(tls) do
            if k ~= "cafile" and k ~= "verify" and k ~= "insecure_skip_verify" then
                return "tim.new: unknown option opts.tls." .. tostring(k)
            end
        end
        if tls.cafile ~= nil and type(tls.cafile) ~= "string" then
            return "tim.new: opts.tls.cafile must be a path"
        end
        if tls.verify ~= nil and type(tls.verify) ~= "boolean" then
            return "tim.new: opts.tls.verify must be a boolean"
        end
        if tls.insecure_skip_verify ~= nil and type(tls.insecure_skip_verify) ~= "boolean" then
            return "tim.new: opts.tls.insecure_skip_verify must be a boolean"
        end
        if tls.verify == false and not tls.insecure_skip_verify then
            return "tim.new: opts.tls.verify = false alone is refused; to turn certificate checks off set "
                .. "opts.tls.insecure_skip_verify = true"
        end
    end
    err = ratelimit.check(opts.ratelimit)
    if err then
        return "tim.new: " .. err
    end
    for _, name in pairs({ "on_request", "on_response", "now", "sleep" }) do
        if opts[name] ~= nil and type(opts[name]) ~= "function" then
            return "tim.new: opts." .. name .. " must be a function"
        end
    end
end

---------------------------------------------------------------------------------------------------------------
-- the call pipeline

-- The built-in transport, made on the first call: tim.transport picks cosockets inside OpenResty (a phase
-- without them gets a clear error, never a worker blocked by LuaSocket), LuaSocket + LuaSec elsewhere.
local function pick_transport(st)
    local t = st.transport
    if t then
        return t
    end
    local ok, mod = pcall(require, "tim.transport")
    if not ok then
        return nil, "tim.client: cannot load tim.transport: " .. tostring(mod)
    end
    local err
    ok, t, err = pcall(mod.new, st.transport_options)
    if not ok or not t then
        return nil, "tim.client: tim.transport." .. mod.name() .. ".new failed: " .. tostring(ok and err or t)
    end
    st.transport = t
    return t
end

-- The dedup (or fill) fields the caller left out, as JSON members drawn now, once per logical call
-- ("MsgRandom":123,...).
-- They are spliced into the encoded body rather than set on the caller's table: the caller may send the same
-- table again, and that must be a new message.
local function dedup_members(body, fields, random32)
    local extra
    for i = 1, #fields do
        local f = fields[i]
        if body[f] == nil then
            local v, err = random32()
            if not v then
                return nil, err
            end
            local m = '"' .. f .. '":' .. string_format("%d", v)
            extra = extra and extra .. "," .. m or m
        end
    end
    return extra
end

local NO_BODY = {}

local function call_hook(fn, payload)
    pcall(fn, payload)      -- a failing hook must not fail the call
end

local CALL_OPTS = { timeout = true, deadline = true, retries = true, random = true, idempotent = true }

local function request(st, service, command, body, opts, traits)
    if traits == nil then
        traits = api.lookup(service, command) or false
    end
    local timeout, deadline, retries = st.timeout, st.deadline, st.retries
    local random, idempotent
    if opts ~= nil then
        if type(opts) ~= "table" then
            return nil, call_usage(service, command, "opts must be a table")
        end
        for k in pairs(opts) do
            if not CALL_OPTS[k] then
                return nil, call_usage(service, command, "unknown call option opts." .. tostring(k))
            end
        end
        timeout = opts.timeout or timeout
        deadline = opts.deadline or deadline
        retries = opts.retries or retries
        random = opts.random
        idempotent = opts.idempotent
        if random ~= nil and (not is_integer(random) or random < 0 or random > 4294967295) then
            return nil, call_usage(service, command, "opts.random must be an integer in 0..4294967295")
        end
        if type(timeout) ~= "number" or timeout <= 0 or type(deadline) ~= "number" or deadline <= 0
           or not is_integer(retries) or retries < 0 then
            return nil, call_usage(service, command, "opts.timeout and opts.deadline must be positive "
                                   .. "numbers, opts.retries an integer >= 0")
        end
    end
    local c = core or load_core()
    local random32 = c.random32
    if not random then
        local rerr
        random, rerr = random32()
        if not random then
            return nil, call_usage(service, command, tostring(rerr))   -- the OS CSPRNG failed
        end
    end

    -- body: the same text on every attempt (dedup fields filled once, before the first)
    local text
    local items = 1
    local tb = type(body)
    if body == nil then
        text = "{}"
    elseif tb == "table" then
        local err
        text, err = json_encode(body)
        if not text then
            return nil, call_usage(service, command, "cannot encode the body: " .. err)
        end
    elseif tb == "string" then
        text = body         -- JSON text given as is (no dedup filling)
    else
        return nil, call_usage(service, command, "body must be a table (or JSON text), got " .. tb)
    end
    if traits then
        -- dedup fields make a resend the same message; fill fields are required randoms with no such promise
        local dedup = traits.dedup
        local fields = dedup or traits.fill
        if fields and tb ~= "string" and string_byte(text, 1) == 123 then      -- an object
            local extra, rerr = dedup_members(body or NO_BODY, fields, random32)
            if rerr then
                return nil, call_usage(service, command, tostring(rerr))
            end
            if extra then
                text = text == "{}" and "{" .. extra .. "}" or string_sub(text, 1, -2) .. "," .. extra .. "}"
            end
            if dedup and idempotent == nil then
                idempotent = true
            end
        end
        -- budgets counted per item (batchsendmsg: per recipient) charge #body[cost_field]
        local rc = tb == "table" and api.rate_classes[traits.rate or "default"]
        local list = rc and rc.cost_field and body[rc.cost_field]
        if type(list) == "table" then
            items = #list
        end
    end
    if idempotent == nil then
        idempotent = traits and traits.idempotent == true or false
    end

    local now, sleep = st.now, st.sleep
    local deadline_at = now() + deadline
    local rate_class = traits and traits.rate or "default"
    local path_head = st.base .. "/v4/" .. service .. "/" .. command .. "?"
    local on_request, on_response = st.on_request, st.on_response
    local attempt, retried, sig_renewed = 0, 0, false
    local err

    while true do
        -- client-side token bucket: wait for a token if it comes before the deadline
        if st.limiter then
            local wait, needed, lerr = st.limiter:acquire(rate_class, items, deadline_at - now())
            if not wait then
                return nil, errors_new{
                    kind = "ratelimit", service = service, command = command, attempts = attempt,
                    retryable = true,
                    message = needed and string_format("client-side rate limit (class %s): the next token comes"
                                                       .. " in %.3f s, after the call's deadline", rate_class, needed)
                              or "client-side rate limit (class " .. rate_class .. "): " .. tostring(lerr),
                }
            end
            if wait > 0 then
                local ok, serr = pcall(sleep, wait)     -- ngx.sleep is refused in some phases
                if not ok then
                    return nil, errors_new{ kind = "ratelimit", service = service, command = command,
                                            attempts = attempt, retryable = true,
                                            message = "cannot wait for a rate-limit token here: " .. tostring(serr) }
                end
            end
        end
        local sig, serr = st.sig:get()
        if not sig then
            return nil, call_usage(service, command, serr)     -- errors.new scrubs secrets from messages
        end
        local remaining = deadline_at - now()
        if remaining <= 0 then
            return nil, err or errors_new{ kind = "timeout", service = service, command = command,
                                          attempts = attempt, retryable = true,
                                          message = "the call's deadline passed before it could be sent" }
        end
        attempt = attempt + 1
        local path = path_head .. c.query(st.sdkappid, st.admin, sig, random)
        local url
        if on_request or on_response then
            url = redact(st.origin .. path)
        end
        if on_request then
            call_hook(on_request, { service = service, command = command, attempt = attempt, url = url,
                                    body_size = #text })
        end
        local req = {
            method = "POST", scheme = st.scheme, host = st.host, port = st.port, path = path,
            headers = { ["Content-Type"] = "application/json", ["User-Agent"] = USER_AGENT },
            body = text, timeout = math_min(timeout, remaining), tls = st.tls,
        }
        local started = now()
        local resp, terr
        local transport, perr = pick_transport(st)
        if transport then
            local ok
            ok, resp, terr = pcall(transport.request, transport, req)
            if not ok then
                terr = { kind = "network", message = "the transport raised an error: " .. tostring(resp),
                         sent = true }
                resp = nil
            end
        else
            terr = { kind = "network", message = perr, sent = false, setup = true }
        end

        -- classify: result, or err + class (ratelimit | transient | sig | fatal | unsent)
        local class, res, code
        if not resp then
            terr = type(terr) == "table" and terr or { kind = "network", message = tostring(terr), sent = true }
            local kind = terr.kind
            if kind ~= "timeout" and kind ~= "tls" then
                kind = "network"
            end
            if kind == "tls" or terr.setup then     -- certificates and a missing transport do not heal
                class = "fatal"
            elseif terr.sent == false then
                class = "unsent"
            else
                class = "transient"
            end
            err = { kind = kind, message = terr.message or "transport error" }
        elseif resp.status ~= 200 then
            class = "transient"
            local decoded = json_decode(resp.body or "")
            err = { kind = "http", http_status = resp.status,
                    message = "HTTP status " .. tostring(resp.status),
                    body = type(decoded) == "table" and decoded or nil }
        else
            local derr
            res, derr = json_decode(resp.body or "")
            if type(res) ~= "table" or res[1] ~= nil or json.is_array(res) then
                class = "transient"
                err = { kind = "decode", http_status = 200,
                        message = "the response is not a JSON object: " .. tostring(derr or "got " .. type(res)) }
                res = nil
            else
                code = res.ErrorCode
                if (code == nil or code == 0) and res.ActionStatus ~= "FAIL" then
                    err = nil
                else
                    class = type(code) == "number" and errors.class(code) or "fatal"
                    local info = res.ErrorInfo
                    err = { kind = "api", code = code, http_status = 200, body = res,
                            message = type(info) == "string" and info or "" }
                    res = nil
                end
            end
        end

        -- decide
        local retry, backoff = false, true
        if err then
            if class == "sig" and not sig_renewed then
                sig_renewed = true
                st.sig:invalidate()
                retry, backoff = true, false
            elseif class == "ratelimit" or class == "unsent" or (class == "transient" and idempotent) then
                retry = retried < retries
                err.retryable = true
            else
                err.retryable = false
            end
            err.service, err.command, err.attempts = service, command, attempt
            if err.body then
                scrub_body(err.body, sig, 0)
            end
            err = errors_new(err, { sig })
        end
        if on_response then
            call_hook(on_response, { service = service, command = command, attempt = attempt, url = url,
                                     status = resp and resp.status, code = code, elapsed = now() - started,
                                     err = err })
        end
        if not err then
            return res
        end
        if not retry then
            return nil, err
        end
        if backoff then
            retried = retried + 1
            -- jitter from the CSPRNG: LuaJIT's math.random starts from the same seed in every nginx worker
            local pause = (random32() or 0) / 4294967296 * math_min(BACKOFF_CAP, BACKOFF_BASE * 2 ^ (retried - 1))
            if now() + pause >= deadline_at then
                return nil, err
            end
            if pause > 0 and not pcall(sleep, pause) then
                return nil, err         -- cannot sleep in this context: no retry
            end
        end
    end
end

---------------------------------------------------------------------------------------------------------------
-- the object

local function make_service(st, service)
    local svc = {}
    setmetatable(svc, {
        __index = function(t, command)
            if type(command) ~= "string" or command == "" or string_byte(command, 1) == 95 then
                return nil
            end
            local traits = api.lookup(service, command) or false      -- looked up once per command
            local f = function(body, opts)
                if body == t then
                    return nil, call_usage(service, command, "call it with a dot: im."
                                      .. service .. "." .. command .. "(body)")
                end
                return request(st, service, command, body, opts, traits)
            end
            rawset(t, command, f)
            return f
        end,
        __tostring = function()
            return "tim service " .. service
        end,
    })
    return svc
end

local client_mt = { __name = "tim.client" }

client_mt.__index = function(im, name)
    local m = methods[name]
    if m then
        return m
    end
    -- services start with a letter; "_x"/"__x" lookups (inspectors, serialisers) are not services
    if type(name) ~= "string" or name == "" or string_byte(name, 1) == 95 then
        return nil
    end
    local st = states[im]
    if not st then
        return nil
    end
    local svc = make_service(st, name)
    rawset(im, name, svc)
    return svc
end

client_mt.__tostring = function(im)
    local st = states[im]
    return string_format("tim.client (sdkappid %s, admin %s, endpoint %s)", tostring(st.sdkappid),
                         st.admin, st.origin .. st.base)
end

--- `im:call("service/command" [, body [, opts]])`
function methods.call(im, path, body, opts)
    local st = states[im]
    if not st then
        error("tim: call it as im:call(\"service/command\", body)", 2)
    end
    local service, command
    if type(path) == "string" then
        service, command = string_match(path, "^/?v?4?/?([%w_%.%-]+)/([%w_%.%-]+)$")
        if service == "v4" then
            service = nil
        end
    end
    if not service then
        return nil, usage("im:call: the path must be \"service/command\", got " .. tostring(path))
    end
    return request(st, service, command, body, opts)
end

function _M.new(opts)
    local msg = validate(opts)
    if msg then
        return nil, usage(msg)
    end
    local scheme, host, port, base
    if opts.region then
        local h, herr = api.region_host(opts.region, opts.standby)
        if not h then
            return nil, usage("tim.new: opts.region: " .. tostring(herr or "unknown region " .. opts.region))
        end
        scheme, host, port, base = "https", h, 443, ""
    else
        local s, h, p, b = parse_endpoint(opts.endpoint)
        if not s then
            return nil, usage("tim.new: opts.endpoint " .. h)
        end
        scheme, host, port, base = s, h, p, b
    end
    local now, sleep = opts.now, opts.sleep
    if not now or not sleep then
        local dnow, dsleep = default_clock()
        now, sleep = now or dnow, sleep or dsleep
    end
    local admin = opts.admin or DEFAULTS.admin
    local tls
    if scheme == "https" then
        local o = opts.tls or {}
        tls = { verify = not o.insecure_skip_verify, cafile = o.cafile, server_name = host,
                insecure_skip_verify = o.insecure_skip_verify == true }
    end
    local default_port = scheme == "https" and 443 or 80
    local shown_host = string_find(host, ":", 1, true) and "[" .. host .. "]" or host
    local st = {
        sdkappid = opts.sdkappid, admin = admin,
        scheme = scheme, host = host, port = port, base = base, tls = tls,
        origin = scheme .. "://" .. shown_host .. (port ~= default_port and ":" .. port or ""),
        timeout = opts.timeout or DEFAULTS.timeout,
        deadline = opts.deadline or DEFAULTS.deadline,
        retries = opts.retries or DEFAULTS.retries,
        transport = opts.transport, transport_options = opts.transport_options or {},
        on_request = opts.on_request, on_response = opts.on_response,
        now = now, sleep = sleep,
    }
    st.sig = usersig.new{
        sdkappid = opts.sdkappid, identifier = admin, key = opts.key, provider = opts.usersig,
        expire = opts.usersig_expire or DEFAULTS.usersig_expire, now = now,
        sign = opts.usersig == nil and function(...) return (core or load_core()).usersig(...) end or nil,
    }
    local lerr
    st.limiter, lerr = ratelimit.from_options(opts.ratelimit, { classes = api.rate_classes, now = now,
                                                                prefix = "tim:rl:" .. tostring(opts.sdkappid) .. ":" })
    if lerr then
        return nil, usage("tim.new: " .. lerr)
    end
    local im = setmetatable({}, client_mt)
    states[im] = st
    return im
end

-- the helpers of tim.batch: im:batch, im:pages, im:items
methods.batch = batch.batch
methods.pages = batch.pages
methods.items = batch.items

return _M

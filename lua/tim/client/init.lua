-- tim.client: the client object. Generated methods (`im.<service>.<command>(body [, opts])`, made on first
-- access and cached, the lua-resty-redis way), `im:call("service/command", body, opts)`, and the options. The call
-- pipeline itself (limiter, sig, transport, judging the outcome, resends) is tim.client.call.
--
-- The object itself holds only the cached service tables; its settings live in a private table reached
-- through a weak map, so no service name can collide with a field, and dumping `im` shows no secret.
local type, pairs, pcall, tonumber, rawset, tostring = type, pairs, pcall, tonumber, rawset, tostring
local setmetatable = setmetatable
local string_byte, string_find, string_format, string_gsub = string.byte, string.find, string.format, string.gsub
local string_match, string_lower = string.match, string.lower
local math_floor, math_huge = math.floor, math.huge

local api = require "tim.base.catalogue"
local checks = require "tim.base.checks"
local errors = require "tim.base.errors"
local ratelimit = require "tim.client.ratelimit"
local usersig = require "tim.client.usersig"
local batch = require "tim.client.batch"
local call = require "tim.client.call"
local http = require "tim.net.http"

local errors_new = errors.new
local call_run = call.run

local core = require "tim.core"

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

local USER_AGENT = "lua-tim/" .. _M._VERSION
local DEFAULTS = {
    admin = "administrator",
    timeout = 5,                 -- per attempt; above the service's own 3 s
    deadline = 15,               -- the whole call, retries and waits included
    retries = 2,
    usersig_expire = 7 * 86400,  -- the admin sig's lifetime; renewed when less than a day is left
}

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

local is_integer = checks.is_integer
local is_loopback = checks.is_loopback_host

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

---------------------------------------------------------------------------------------------------------------
-- options

local KNOWN = {
    sdkappid = true, key = true, usersig = true, admin = true, region = true, endpoint = true, timeout = true,
    deadline = true, retries = true, transport = true, transport_options = true, tls = true, ratelimit = true,
    on_request = true,
    on_response = true, now = true, sleep = true, usersig_expire = true, standby = true, loop = true,
    validate = true, on_drift = true,
}

local function check_positive(opts, name)
    local v = opts[name]
    if v ~= nil and (type(v) ~= "number" or v ~= v or v <= 0 or v == math_huge) then
        return "tim.new: opts." .. name .. " must be a positive number of seconds"
    end
end

-- the app and where it lives: sdkappid, key or usersig, admin, region or endpoint
local function validate_app(opts)
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
end

-- times, retries, the checks' switches and the hooks
local function validate_behaviour(opts)
    local err = check_positive(opts, "timeout") or check_positive(opts, "deadline")
        or check_positive(opts, "usersig_expire")
    if err then
        return err
    end
    if opts.retries ~= nil and (not is_integer(opts.retries) or opts.retries < 0) then
        return "tim.new: opts.retries must be an integer >= 0"
    end
    if opts.validate ~= nil and type(opts.validate) ~= "boolean" then
        return "tim.new: opts.validate must be a boolean"
    end
    if opts.on_drift ~= nil and opts.on_drift ~= false and type(opts.on_drift) ~= "function" then
        return "tim.new: opts.on_drift must be a function(endpoint, side, path, detail) or false"
    end
    err = ratelimit.check(opts.ratelimit)
    if err then
        return "tim.new: " .. err
    end
    local loop = opts.loop
    if loop ~= nil then
        local ok, inside = pcall(function() return loop.inside, loop.sleep, loop.transport end)
        if (type(loop) ~= "table") or not ok or type(inside) ~= "function" then
            return "tim.new: opts.loop must be a tim.loop (require(\"tim.loop\").new())"
        end
        if opts.sleep ~= nil then
            return "tim.new: opts.sleep and opts.loop: the loop sleeps (its waits yield); give one of them"
        end
    end
    for _, name in pairs({ "on_request", "on_response", "now", "sleep" }) do
        if opts[name] ~= nil and type(opts[name]) ~= "function" then
            return "tim.new: opts." .. name .. " must be a function"
        end
    end
end

local function validate_tls(tls)
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
    if tls.insecure_skip_verify ~= nil and tls.insecure_skip_verify ~= true then
        return "tim.new: opts.tls.insecure_skip_verify must be true or absent (got "
            .. type(tls.insecure_skip_verify) .. " " .. tostring(tls.insecure_skip_verify)
            .. "): certificate checks go off only when asked for with exactly true"
    end
    if tls.verify == false and not tls.insecure_skip_verify then
        return "tim.new: opts.tls.verify = false alone is refused; to turn certificate checks off set "
            .. "opts.tls.insecure_skip_verify = true"
    end
end

-- the transport: a custom one, or the built-in one's options; TLS
local function validate_transport(opts)
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
    if opts.tls ~= nil then
        return validate_tls(opts.tls)
    end
end

-- validate(opts) -> nil | the first thing wrong, as "tim.new: ..." (names the option, never its value if secret)
local function validate(opts)
    if type(opts) ~= "table" then
        return "tim.new: opts must be a table"
    end
    for k in pairs(opts) do
        if not KNOWN[k] then
            return "tim.new: unknown option opts." .. tostring(k)
        end
    end
    return validate_app(opts) or validate_behaviour(opts) or validate_transport(opts)
end

---------------------------------------------------------------------------------------------------------------
-- the transport

-- The built-in transport, made on the first call: tim.net.transport picks cosockets inside OpenResty (a phase
-- without them gets a clear error, never a worker blocked by LuaSocket), LuaSocket + LuaSec elsewhere.
local function pick_transport(st)
    local t = st.transport
    if t then
        return t
    end
    if st.loop then
        local ok, lt = pcall(require("tim.net.transport.socket").on_loop, st.loop, st.transport_options)
        if not ok then
            return nil, "tim.client: a transport on the loop failed: " .. tostring(lt)
        end
        st.transport, st.builtin = lt, true
        return lt
    end
    local transport = require "tim.net.transport"      -- at the first call: what it picks depends on the phase
    local ok, err
    ok, t, err = pcall(transport.new, st.transport_options)
    if not ok or not t then
        return nil, "tim.client: tim.net.transport." .. transport.name() .. ".new failed: " .. tostring(ok and err or t)
    end
    st.transport, st.builtin = t, true
    return t
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
            local path_head = st.base .. "/v4/" .. service .. "/" .. command .. "?"
            local f = function(body, opts)
                if body == t then
                    return nil, call_usage(service, command, "call it with a dot: im."
                                      .. service .. "." .. command .. "(body)")
                end
                return call_run(st, service, command, body, opts, traits, path_head)
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
        error("calling 'call' on bad self (call it as im:call(\"service/command\", body))", 2)
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
    return call_run(st, service, command, body, opts)
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
    local loop = opts.loop
    if loop then
        sleep = function(seconds) loop:sleep(seconds) end
    end
    if not now or not sleep then
        local dnow, dsleep = default_clock()
        now, sleep = now or dnow, sleep or dsleep
    end
    local admin = opts.admin or DEFAULTS.admin
    local tls
    if scheme == "https" then
        local o = opts.tls or {}
        tls = { verify = o.insecure_skip_verify ~= true, cafile = o.cafile, server_name = host,
                insecure_skip_verify = o.insecure_skip_verify == true or nil }
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
        transport = opts.transport, transport_options = opts.transport_options or {}, loop = loop,
        on_request = opts.on_request, on_response = opts.on_response,
        validate = opts.validate ~= false, on_drift = opts.on_drift,
        now = now, sleep = sleep, pick_transport = pick_transport, calls = call.state(),
        -- checked and formatted once for every request of this client
        headers = http.headers{ ["Content-Type"] = "application/json", ["User-Agent"] = USER_AGENT },
    }
    st.sig = usersig.new{
        sdkappid = opts.sdkappid, identifier = admin, key = opts.key, provider = opts.usersig,
        expire = opts.usersig_expire or DEFAULTS.usersig_expire, now = now,
        sign = opts.usersig == nil and core.usersig or nil,
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

--- im:validates() -> true when this client checks requests against the catalogue's schemas (validate ~= false)
function methods.validates(im)
    local st = states[im]
    return st ~= nil and st.validate == true
end

--- im:loop() -> the tim.loop this client runs on, or nil
function methods.loop(im)
    local st = states[im]
    return st and st.loop or nil
end

--- im:with_loop(loop [, transport_options]) -> a client on `loop` with this client's settings. It shares the
-- rate-limit buckets (the rate classes hold across both) and the admin UserSig; it has a transport of its own
-- on the loop (a custom opts.transport is shared as it is: it must not block). transport_options are merged over
-- the client's (max_per_host = n, say).
function methods.with_loop(im, loop, transport_options)
    local st = states[im]
    if not st then
        error("calling 'with_loop' on bad self (call it as im:with_loop(loop))", 2)
    end
    local ok, inside = pcall(function() return loop.inside, loop.sleep, loop.transport end)
    if type(loop) ~= "table" or not ok or type(inside) ~= "function" then
        error(bad_argument(1, "im:with_loop", "loop must be a tim.loop (require(\"tim.loop\").new())"), 2)
    end
    if transport_options ~= nil and type(transport_options) ~= "table" then
        error(bad_argument(2, "im:with_loop", "transport_options must be a table"), 2)
    end
    if st.loop == loop and transport_options == nil then
        return im
    end
    local nst = {}
    for k, v in pairs(st) do
        nst[k] = v
    end
    nst.loop = loop
    nst.sleep = function(seconds) loop:sleep(seconds) end
    nst.calls = call.state()            -- call states of its own (they hold requests for its transport)
    if st.builtin then
        nst.transport, nst.builtin = nil, nil       -- made on first use, on this loop
    end
    local topts = {}
    for k, v in pairs(st.transport_options) do topts[k] = v end
    for k, v in pairs(transport_options or {}) do topts[k] = v end
    nst.transport_options = topts
    local c = setmetatable({}, client_mt)
    states[c] = nst
    return c
end

--- im:close(): closes the idle connections of the client's built-in transport (a custom one is left alone).
function methods.close(im)
    local st = states[im]
    if st and st.builtin and st.transport and st.transport.close then
        st.transport:close()
    end
end

--- im:admin() -> the admin identifier the client calls as (the sender a message without From_Account shows)
function methods.admin(im)
    local st = states[im]
    return st and st.admin or nil
end

-- tim.client.batch's helpers: im:batch, im:pages, im:items; im:settle (tim.client.settle) for a report's in-doubt items
methods.batch = batch.batch
methods.pages = batch.pages
methods.items = batch.items
function methods.settle(im, report, opts)
    return require("tim.client.settle").settle(im, report, opts)
end

return _M

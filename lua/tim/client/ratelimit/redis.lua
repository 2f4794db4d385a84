-- tim.client.ratelimit.redis: the rate classes' GCRA buckets kept in Redis, so every host and worker of a fleet draws
-- from one app-wide budget. Built by tim.client.ratelimit.from_options; see docs/ratelimit.md for the set-up.
--
--   rl:acquire(class, items, max_wait) ->
--       wait               seconds to sleep before sending; the token is reserved (in Redis, or in the
--                          local fallback bucket when Redis failed and fail = "open")
--       nil, needed        the next token comes `needed` seconds from now, later than max_wait: nothing was
--                          reserved (nil max_wait: any wait is accepted)
--       nil, nil, errmsg   fail = "closed" and Redis did not answer within the time given: the call must not
--                          be sent (the client reports kind = "ratelimit", in_doubt = false, retryable = true).
--                          If the script ran before the answer was lost, it charged a token: that errs on the
--                          side of the service's limit
--
-- One acquisition is one atomic script (EVALSHA, then EVAL once when Redis answers NOSCRIPT): GCRA over every
-- budget of the class, with Redis's own TIME as the clock, each key set with an expiry at its bucket's refill
-- time (a full bucket and a missing key are the same state, so nothing accumulates). Keys are
-- <prefix>{<class>:<service/command>}:s|m|d (the client's calls: each endpoint has its own budget, as the service
-- limits each API on its own) or <prefix>{<class>}:s|m|d without a scope; the braces keep one budget's keys in
-- one Redis Cluster slot.
--
-- One acquisition costs at most min(timeout, max_wait) (at least 10 ms) of Redis I/O, and at most
-- tim.client.ratelimit.resp.MAX_REPLY bytes of answer per command: the SDK reads the script's answer itself, on its own
-- connections (redis = { host =, port = }) or on the socket of a redis-lua or lua-resty-redis connection, with
-- one deadline for the whole exchange; on a tim.loop the exchange yields. Any other object with eval and evalsha
-- is called as it is, its socket timeout set to what is left before each command (when it has one the SDK
-- knows), and an answer that comes after the acquisition's time is not used. An answer the script cannot give
-- (not a whole number, a wait longer than max_wait, a refusal within it) is Redis being unavailable. After a
-- failure the limiter does not ask Redis again for `recheck` seconds.
local type, pairs, pcall, tostring, setmetatable, tonumber = type, pairs, pcall, tostring, setmetatable, tonumber
local string_format, string_match, string_find, string_sub = string.format, string.match, string.find, string.sub
local math_max, math_min, math_floor = math.max, math.min, math.floor
local unpack = table.unpack or unpack      -- luacheck: ignore 143

local resp = require "tim.client.ratelimit.resp"

local log = require "tim.base.log"
local _M = { _VERSION = require "tim.version" }

-- ARGV[1]: the longest wait the caller accepts in microseconds ("" = any); then per key: the interval between
-- tokens (whole us), the burst (tokens) and this request's cost (tokens). Returns the wait in us (>= 0) with
-- every bucket charged, or -1 - needed (us) with nothing charged. Times are whole microseconds, as in
-- tim.client.ratelimit.local, so the same arithmetic gives the same answers; they are written with %.17g because
-- Redis would write a number with 14 digits, fewer than a microsecond timestamp has.
_M.SCRIPT = [[
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local max_wait = tonumber(ARGV[1])
local wait, tats = 0, {}
for i = 1, #KEYS do
    local interval, burst, cost = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1])
    local tat = tonumber(redis.call('GET', KEYS[i]) or '') or now
    if tat < now then tat = now end
    tat = tat + math.floor(cost * interval + 0.5)
    tats[i] = tat
    local w = tat - math.floor(burst * interval + 0.5) - now
    if w > wait then wait = w end
end
if max_wait and wait > max_wait then return -1 - wait end
for i = 1, #KEYS do
    redis.call('SET', KEYS[i], string.format('%.17g', tats[i]), 'PX', math.ceil((tats[i] - now) / 1000) + 1)
end
return wait
]]

-- SHA-1 of SCRIPT, as Redis computes it (spec/17 checks it against SCRIPT LOAD): EVALSHA needs it and the SDK
-- has no SHA-1 of its own.
_M.SHA1 = "f8e2eedf6acb514ffe1dd5931bebc5e8d0bf1222"

local MIN_IO = 0.01       -- an exchange with a Redis nearby takes well under a millisecond; a busy host, more
local LIMIT = 2 ^ 53        -- microseconds beyond are not exact in a double (LuaJIT), nor a wait the script gives

local Limiter = {}
local mt = { __index = Limiter, __name = "tim.client.ratelimit.redis" }

local default_log = log.warn

-- one readable line out of a client library's error: no "file:line:" prefix, no unbounded text
local function clean(msg)
    msg = tostring(msg)
    msg = string_match(msg, "^[^%s:]+:%d+: (.*)$") or msg
    if #msg > 200 then
        msg = string_sub(msg, 1, 200) .. "..."
    end
    return msg
end

-- For a connection object called through its methods: bounds its next socket operation where it has a way the
-- SDK knows (set_timeout in ms, as lua-resty-redis; a redis-lua-like network.socket, in seconds).
-- lua-resty-redis makes a command method for any unknown name, so redis-lua is recognised by its table.
local function set_timeout(conn, seconds)
    local f = conn.set_timeout
    if type(f) == "function" then
        f(conn, math_max(1, math_floor(seconds * 1000)))
        return
    end
    local net = conn.network
    if type(net) == "table" and net.socket and net.socket.settimeout then
        net.socket:settimeout(seconds)
    end
end

local function close(conn)
    local net = conn.network
    if type(net) == "table" and net.socket and net.socket.close then
        pcall(net.socket.close, net.socket)
    elseif type(conn.close) == "function" then
        pcall(conn.close, conn)
    end
end

-- conn:method(...) through both libraries' shapes -> reply | nil, message, healthy (the connection can be kept)
--   lua-resty-redis returns nil, err on I/O failure and false, err on an error reply;
--   redis-lua raises "redis error: ..." on an error reply and "connection error: ..." (and others) on I/O.
local function call(conn, method, ...)
    local ok, res, err = pcall(conn[method], conn, ...)
    if not ok then
        local msg = clean(res)
        local reply = string_match(msg, "redis error: (.*)$")
        if reply then
            return nil, reply, true
        end
        return nil, msg, false
    end
    if res == nil then
        return nil, clean(err or "no answer"), false
    end
    if res == false then
        return nil, clean(err or "error reply"), true
    end
    return res
end

--- opts: buckets (class -> list of { key, interval, burst, items }), prefix, conn (an object with eval and
--- evalsha), connect (function(seconds) -> conn | nil, err) with release (function(conn, healthy)), or server
--- ({ host =, port =, password =, username =, db = }: the SDK's own connections), fail
--- ("open" | "closed"), timeout, recheck, log (function(msg)), now, fallback (a tim.client.ratelimit.local).
function _M.new(opts)
    local classes = {}
    for name, list in pairs(opts.buckets) do
        if list and #list > 0 then
            -- the argument vector of EVALSHA, built once: only max_wait and the costs change per call
            local args = { _M.SHA1, #list }
            for i = 1, #list do
                args[2 + i] = opts.prefix .. "{" .. name .. "}:" .. list[i].suffix
            end
            local base = 2 + #list
            args[base + 1] = ""
            for i = 1, #list do
                args[base + 3 * i - 1] = string_format("%.0f", math_floor(list[i].interval * 1e6 + 0.5))
                args[base + 3 * i] = string_format("%.17g", list[i].burst)
                args[base + 3 * i + 1] = "1"
            end
            classes[name] = { list = list, args = args, base = base, name = name, scoped = {} }
        else
            classes[name] = false
        end
    end
    return setmetatable({
        classes = classes,
        prefix = opts.prefix,
        conn = opts.conn,
        connect = opts.connect,
        client = opts.server and resp.new(opts.server) or nil,
        release = opts.release,
        fail = opts.fail or "open",
        timeout = opts.timeout or 0.2,
        recheck = opts.recheck or 1,
        log = opts.log or default_log,
        now = opts.now,
        fallback = opts.fallback,
        hosts = opts.hosts or 1,
        down_until = nil,
        logged_down = false,
    }, mt)
end

-- Redis failed (or is still considered down): log the first failure of an outage, then follow `fail`.
function Limiter:_unavailable(class, items, max_wait, reason, started, scope)
    local t = self.now()
    if not self.down_until then
        self.logged_down = true
        self.log(string_format("tim.ratelimit: Redis unavailable (%s); %s", reason,
            self.fail == "closed" and "calls are refused until it answers (fail = \"closed\")"
            or string_format("using local buckets at 1/%s of the rates until it answers", tostring(self.hosts))))
    end
    if not self.down_until or t >= self.down_until then
        self.down_until = t + self.recheck
        self.down_reason = reason
    end
    if self.fail == "closed" then
        return nil, nil, "the shared rate limit (Redis) is unavailable: " .. reason
    end
    local left = max_wait and max_wait - (t - started)
    if left and left < 0 and left > -MIN_IO then
        left = 0        -- Redis took all the time it had (max_wait): a token that is there now still goes
    end
    return self.fallback:acquire(class, items, left, scope)
end

function Limiter:_recovered()
    self.down_until = nil
    if self.logged_down then
        self.logged_down = false
        self.log("tim.ratelimit: Redis answers again; the shared buckets are back in use")
    end
end

-- The argument vector of one endpoint (scope) of a class: its own keys, made once per endpoint.
local function args_of(self, c, scope)
    if not scope then
        return c.args
    end
    local args = c.scoped[scope]
    if not args then
        args = {}
        for i = 1, #c.args do args[i] = c.args[i] end
        for i = 1, #c.list do
            args[2 + i] = self.prefix .. "{" .. c.name .. ":" .. scope .. "}:" .. c.list[i].suffix
        end
        c.scoped[scope] = args
    end
    return args
end

---------------------------------------------------------------------------------------------------------------
-- Reaching Redis: a link is one connection for one acquisition, with call(name, args) -> reply | nil, message,
-- healthy and done(healthy). tim.client.ratelimit.resp makes them for the SDK's own connections and for the socket of a
-- redis-lua or lua-resty-redis connection; any other object gets a method link.

local Method = {}
local method_mt = { __index = Method }

function Method:call(name, args)
    local left = self.io_until - self.now()
    if left <= 0 then
        return nil, "timeout", true
    end
    set_timeout(self.conn, left)
    local res, err, healthy = call(self.conn, name == "EVAL" and "eval" or "evalsha", unpack(args))
    if self.now() > self.io_until then
        -- its socket was not ours to bound: whatever it answered, it answered too late to be used
        return nil, "timeout (the connection object answered after the acquisition's time)", healthy
    end
    return res, err, healthy
end

function Method:done(healthy)
    if not healthy then
        close(self.conn)
    end
end

-- The link of one acquisition with `seconds` to spend, or nil, why.
local function open(self, seconds, io_until)
    if self.client then
        return self.client:open(seconds)
    end
    local conn = self.conn
    if self.connect then
        local ok, got, cerr = pcall(self.connect, seconds)
        if not ok or not got then
            return nil, "no connection: " .. clean(ok and (cerr or "the connection function returned nil") or got)
        end
        conn = got
    end
    local link, err = resp.borrow(conn, seconds, self.timeout)
    if not link and not err then
        link = setmetatable({ conn = conn, now = self.now, io_until = io_until }, method_mt)
    end
    if self.release then
        if not link then
            pcall(self.release, conn, true)     -- never used
            return nil, err
        end
        local done = link.done
        link.done = function(l, healthy)
            done(l, healthy)
            pcall(self.release, conn, healthy)
        end
    end
    return link, err
end

-- What the script can answer: a whole number of microseconds, either a wait (>= 0, reserved) of at most the
-- max_wait it was given (max_us, nil for any), or -1 - needed (nothing reserved) with needed over max_us.
-- -> wait | nil, needed | nil, nil, why (anything else: not the script's answer)
local function judge(res, max_us)
    if type(res) ~= "number" or res ~= math_floor(res) or res <= -LIMIT or res >= LIMIT then
        return nil, nil, "an answer the script cannot give: " .. clean(res)
    end
    if res >= 0 then
        if max_us and res > max_us then
            return nil, nil, string_format("an answer the script cannot give: a wait of %.6f s, longer than the"
                                           .. " %.6f s it was allowed", res / 1e6, max_us / 1e6)
        end
        return res / 1e6
    end
    local needed = -1 - res
    if not max_us or needed <= max_us then
        return nil, nil, string_format("an answer the script cannot give: a refusal (next token in %.6f s)"
                                       .. " within the %s s it was allowed", needed / 1e6,
                                       max_us and string_format("%.6f", max_us / 1e6) or "unlimited")
    end
    return nil, needed / 1e6
end
_M.judge = judge

-- EVALSHA, then EVAL once if the script is not cached (a restart, SCRIPT FLUSH).
-- -> reply, message, healthy, max_us (the max_wait the last command carried, in us)
local function run_script(self, link, args, base, started, max_wait)
    local res, err, healthy, sent
    for round = 1, 2 do
        sent = max_wait and string_format("%.0f", math_max(0, (max_wait - (self.now() - started)) * 1e6))
        args[base + 1] = sent or ""     -- "": any wait (the arguments are kept from call to call)
        if round == 1 then
            res, err, healthy = link:call("EVALSHA", args)
        else
            args[1] = _M.SCRIPT
            res, err, healthy = link:call("EVAL", args)
            args[1] = _M.SHA1
        end
        if res ~= nil or not healthy or not string_find(err, "NOSCRIPT", 1, true) then
            break
        end
    end
    return res, err, healthy, sent and tonumber(sent)
end

--- `scope` (optional): the endpoint ("service/command"), whose buckets are its own (the service's limits are
--- per API); keys <prefix>{<class>:<scope>}:s|m|d.
function Limiter:acquire(class, items, max_wait, scope)
    local c = self.classes[class]
    if c == nil then
        class = "default"
        c = self.classes.default
    end
    if not c then
        return 0
    end
    if max_wait and max_wait < 0 then
        return nil, 0       -- no time left at all: nothing to ask Redis
    end
    local started = self.now()
    if self.down_until and started < self.down_until then
        return self:_unavailable(class, items, max_wait, self.down_reason, started, scope)
    end
    local io_until = started + math_max(math_min(self.timeout, max_wait or self.timeout), MIN_IO)
    local link, lerr = open(self, io_until - started, io_until)
    if not link then
        return self:_unavailable(class, items, max_wait, lerr, started, scope)
    end

    local list, args, base = c.list, args_of(self, c, scope), c.base
    for i = 1, #list do
        local b = list[i]
        args[base + 3 * i + 1] = b.items and string_format("%.17g", math_min(math_max(items or 1, 1), b.burst))
                                 or "1"
    end
    local ok, res, err, healthy, max_us = pcall(run_script, self, link, args, base, started, max_wait)
    if not ok then
        res, err, healthy = nil, clean(res), false      -- the link is given back whatever happened
    end
    local wait, needed, why = nil, nil, err
    if res ~= nil then
        wait, needed, why = judge(res, max_us)
        if why then
            healthy = false     -- whatever answers there is not the script: do not keep talking to it
        end
    end
    link:done(healthy ~= false)
    if why then
        return self:_unavailable(class, items, max_wait, why, started, scope)
    end
    if self.down_until then
        self:_recovered()
    end
    return wait, needed
end

return _M

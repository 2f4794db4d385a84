-- tim.cli: the command-line tool behind bin/tim.
--
--   tim usersig <id> [--expire s] [--userbuf text]     the admin/user UserSig (alone on the last line)
--   tim verify <sig> [--identifier id]                 exit 0 only when the sig is valid for this app
--   tim decode <sig>                                   the fields inside a sig (no key needed)
--   tim call <service>/<command> [json|-]              call the REST API, pretty JSON out
--   tim endpoints [filter]                             the endpoint catalogue
--   tim emulator [--port n] [--tls-cert f --tls-key f] the local emulator
--
-- Exit codes: 0 ok, 1 API error (ErrorCode != 0) or invalid sig, 2 usage/config, 3 network/timeout/TLS,
-- 4 HTTP or protocol error (non-200, undecodable answer), 5 rate limited after retries.
-- The key is never printed; a UserSig only by `tim usersig`.
local json = require "tim.json"

local type, tostring, tonumber, pcall, require, ipairs = type, tostring, tonumber, pcall,
    require, ipairs
local fmt, match, find = string.format, string.match, string.find
local concat = table.concat
local floor = math.floor

local _M = { _VERSION = require "tim.version" }

local EXIT = { ok = 0, api = 1, usage = 2, network = 3, http = 4, ratelimit = 5 }
_M.EXIT = EXIT

local KIND_EXIT = { api = EXIT.api, usage = EXIT.usage, network = EXIT.network, timeout = EXIT.network,
                    tls = EXIT.network, http = EXIT.http, decode = EXIT.http, protocol = EXIT.http,
                    ratelimit = EXIT.ratelimit }

local GLOBAL_FLAGS = [[
Configuration (flags win over the environment):
  --sdkappid N        or TIM_SDKAPPID
  --key-file PATH     the app key, read from a file (or TIM_KEY; --key K works too but shows in `ps`)
  --admin ID          or TIM_ADMIN (default administrator)
  --region NAME       or TIM_REGION (]] .. concat(require("tim.api").REGION_CODES, " ") .. [[)
  --endpoint URL      or TIM_ENDPOINT (http:// only for loopback, e.g. the emulator)
With a loopback --endpoint and no SDKAppID/key, the emulator's defaults are used.
]]

local HELP = {
    main = [[
Usage: tim <command> [args] [flags]

Commands:
  usersig <id>               generate a UserSig (the sig alone on the last line)
  verify <sig>               check a UserSig against this app's key (exit 0 only when valid)
  decode <sig>               show the fields of a UserSig (no key needed, no signature check)
  call <service>/<command>   call the REST API with a JSON body (argument, or - for stdin)
  endpoints [filter]         list the endpoint catalogue
  emulator                   run the local IM emulator

`tim <command> --help` for details. Exit codes: 0 ok, 1 API error / invalid sig, 2 usage or config,
3 network/timeout/TLS, 4 HTTP or protocol error, 5 rate limited.
]] .. GLOBAL_FLAGS,
    usersig = [[
Usage: tim usersig <identifier> [--expire SECONDS] [--userbuf TEXT]

Generates a TLSSigAPIv2 UserSig for <identifier> with this app's key (TIM_SDKAPPID, TIM_KEY).
--expire defaults to 86400 (one day). The sig is printed alone on the last line of stdout.
]] .. GLOBAL_FLAGS,
    verify = [[
Usage: tim verify <sig> [--identifier ID]

Checks the sig's signature, SDKAppID, expiry (and identifier, when given) with this app's key.
Exit 0 and "valid: …" when good; exit 1 and "invalid: <reason>" otherwise. Reasons: bad_base64 not_zlib
bad_json wrong_version missing_field wrong_sdkappid wrong_identifier bad_hmac expired.
]] .. GLOBAL_FLAGS,
    decode = [[
Usage: tim decode <sig>

Prints the fields inside a UserSig as JSON (identifier, sdkappid, time, expire, expires_at, userbuf) without
checking the signature; the HMAC itself is not shown. Exit 1 when the sig cannot be decoded.
]],
    call = [[
Usage: tim call <service>/<command> [JSON | -] [--timeout S] [--retries N]

Calls the REST API and prints the answer as pretty JSON on stdout. The body is the JSON argument, stdin with -,
or {} when absent. A request array larger than the endpoint allows (e.g. batchsendmsg To_Account > 500) is sent
in chunks, with a progress line on stderr; array fields of the answers are concatenated.
Exit codes: 0 ok, 1 API error (the answer is still printed), 2 usage/config, 3 network/timeout/TLS,
4 HTTP or protocol error, 5 rate limited after retries.
]] .. GLOBAL_FLAGS,
    endpoints = [[
Usage: tim endpoints [FILTER] [--json]

Lists service/command, rate class and traits from the catalogue (tim.api); FILTER keeps lines containing it.
]],
    emulator = [[
Usage: tim emulator [--port N] [--host 127.0.0.1] [--sdkappid N] [--key-file PATH | --key K] [--admin ID]
                    [--tls-cert FILE --tls-key FILE] [--callback-url URL]
                    [--callback-token-file PATH | --callback-token T] [--callback-cafile FILE]
                    [--latency MS] [--import FILE] [--export-on-exit FILE]
                    [--rate-limits documented|off] [--moderation-keywords WORD,WORD] [--quiet]

Serves the IM REST API on loopback from memory. First stdout line: "tim emulator listening on URL".
Defaults: port 0 (a free one), SDKAppID 1400000000, admin "administrator", the built-in emulator key
(or TIM_SDKAPPID / TIM_KEY / TIM_ADMIN). Control endpoints: POST /_emulator/reset, /_emulator/faults,
/_emulator/config, /_emulator/clock, /_emulator/login, /_emulator/stop, GET /_emulator/stats,
GET and POST /_emulator/state (the snapshot). Dashboard: http://127.0.0.1:PORT/_emulator/ui.
--rate-limits documented answers 60007 (or the family's own code) above each endpoint's documented rate
(default off; also POST /_emulator/config {"rate_limits":"documented"}); --moderation-keywords lists the words
the content moderation endpoints block (also {"moderation_keywords":[...]}).
--import FILE starts from a snapshot (refused whole if its format or version is unknown or it is malformed);
--export-on-exit FILE writes the snapshot when the emulator stops: on Ctrl-C (SIGINT), POST /_emulator/stop,
and SIGTERM where lua-posix is available to the interpreter (LuaJIT on Debian; Debian's Lua 5.4 has no signal
module, so SIGTERM ends it without an export there: use SIGINT, e.g. `timeout -s INT`). Stop it with Ctrl-C.
]],
}

local BOOL_FLAGS = { help = true, json = true, quiet = true, h = true }

-- parse(argv) -> positional, flags | nil, err
local function parse(argv)
    local pos, flags = {}, {}
    local i = 1
    while i <= #argv do
        local a = argv[i]
        if a == "--" then
            for j = i + 1, #argv do pos[#pos + 1] = argv[j] end
            break
        end
        local name, value = match(a, "^%-%-([%w%-]+)=(.*)$")
        if not name then name = match(a, "^%-%-([%w%-]+)$") or (a == "-h" and "help" or nil) end
        if name then
            name = name:gsub("%-", "_")
            if BOOL_FLAGS[name] then
                flags[name] = true
            elseif value == nil then
                if argv[i + 1] == nil then return nil, "--" .. name:gsub("_", "-") .. " needs a value" end
                flags[name] = argv[i + 1]
                i = i + 1
            else
                flags[name] = value
            end
        else
            pos[#pos + 1] = a
        end
        i = i + 1
    end
    return pos, flags
end
_M.parse = parse

local function read_file(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local s = f:read("*a")
    f:close()
    return (s:gsub("%s+$", ""))
end

-- config(flags, env) -> { sdkappid, key, admin, region, endpoint } | nil, err
local function config(flags, getenv, loopback_defaults)
    local c = {}
    local appid = flags.sdkappid or getenv("TIM_SDKAPPID")
    if appid and appid ~= "" then
        c.sdkappid = tonumber(appid)
        if not c.sdkappid or c.sdkappid ~= floor(c.sdkappid) or c.sdkappid <= 0 then
            return nil, "the SDKAppID must be a positive integer"
        end
        c.sdkappid = math.tointeger and math.tointeger(c.sdkappid) or c.sdkappid
    end
    if flags.key_file then
        local k, err = read_file(flags.key_file)
        if not k then return nil, "cannot read --key-file: " .. tostring(err) end
        c.key = k
    elseif flags.key then
        c.key = flags.key
    else
        local k = getenv("TIM_KEY")
        if k and k ~= "" then c.key = k end
    end
    c.admin = flags.admin or getenv("TIM_ADMIN")
    if c.admin == "" then c.admin = nil end
    c.endpoint = flags.endpoint or (not flags.region and getenv("TIM_ENDPOINT")) or nil
    c.region = not c.endpoint and (flags.region or getenv("TIM_REGION")) or nil
    if c.endpoint == "" then c.endpoint = nil end
    if c.region == "" then c.region = nil end
    local loopback = c.endpoint and (match(c.endpoint, "^https?://127%.") or match(c.endpoint, "^https?://%[::1%]")
                                     or match(c.endpoint, "^https?://localhost[:/]") or
                                     match(c.endpoint, "^https?://localhost$"))
    if loopback_defaults and loopback then
        local emu = require "tim.emulator.defaults"
        if not c.sdkappid and not c.key then c.sdkappid, c.key = emu.sdkappid, emu.key end
        c.admin = c.admin or emu.admin
    end
    return c
end
_M.config = config

local function need_app(c)
    if not c.sdkappid then return nil, "no SDKAppID: give --sdkappid or set TIM_SDKAPPID" end
    if not c.key then return nil, "no key: give --key-file or set TIM_KEY" end
    return true
end

local function core_module()
    local ok, core = pcall(require, "tim.core")
    if not ok then return nil, "tim.core (the C module) is not built: run `make`" end
    return core
end

local function iso(t)
    return os.date("!%Y-%m-%dT%H:%M:%SZ", floor(t))
end

---------------------------------------------------------------------------------------------------------------
local CMD = {}

function CMD.usersig(io_, pos, flags, getenv)
    local id = pos[1]
    if not id or pos[2] then return EXIT.usage, "usage: tim usersig <identifier> [--expire s] [--userbuf text]" end
    local c, err = config(flags, getenv)
    if not c then return EXIT.usage, err end
    local ok, why = need_app(c)
    if not ok then return EXIT.usage, why end
    local expire = tonumber(flags.expire or "86400")
    if not expire or expire <= 0 or expire ~= floor(expire) then
        return EXIT.usage, "--expire must be a positive number of seconds"
    end
    expire = math.tointeger and math.tointeger(expire) or expire
    local core, cerr = core_module()
    if not core then return EXIT.usage, cerr end
    local sok, sig = pcall(core.usersig, c.sdkappid, c.key, id, expire, flags.userbuf)
    if not sok then return EXIT.usage, "cannot generate: " .. tostring(sig):gsub("^.-: ", "") end
    io_.out(sig .. "\n")
    return EXIT.ok
end

function CMD.verify(io_, pos, flags, getenv)
    local sig = pos[1]
    if not sig or pos[2] then return EXIT.usage, "usage: tim verify <sig> [--identifier id]" end
    local c, err = config(flags, getenv)
    if not c then return EXIT.usage, err end
    local ok, why = need_app(c)
    if not ok then return EXIT.usage, why end
    local core, cerr = core_module()
    if not core then return EXIT.usage, cerr end
    local t, reason = core.verify(sig, c.sdkappid, c.key, flags.identifier)
    if not t then
        io_.out("invalid: " .. tostring(reason) .. "\n")
        return EXIT.api
    end
    local expires = t.time + t.expire
    io_.out(fmt("valid: identifier=%s sdkappid=%s expires %s (in %d s)\n", t.identifier, tostring(t.sdkappid),
                iso(expires), floor(expires - os.time())))
    return EXIT.ok
end

local function hex(s)
    return (s:gsub(".", function(ch) return fmt("%02x", ch:byte()) end))
end

function CMD.decode(io_, pos)
    local sig = pos[1]
    if not sig or pos[2] then return EXIT.usage, "usage: tim decode <sig>" end
    local core, cerr = core_module()
    if not core then return EXIT.usage, cerr end
    local t, reason = core.decode(sig)
    if not t then
        io_.out("undecodable: " .. tostring(reason) .. "\n")
        return EXIT.api
    end
    local out = { version = t.ver, identifier = t.identifier, sdkappid = t.sdkappid, time = t.time,
                  expire = t.expire, issued_at = iso(t.time), expires_at = iso(t.time + t.expire),
                  expired = (t.time + t.expire) < os.time() }
    if t.userbuf then out.userbuf_hex = hex(t.userbuf); out.userbuf_bytes = #t.userbuf end
    io_.out(json.pretty(out) .. "\n")
    return EXIT.ok
end

function CMD.call(io_, pos, flags, getenv)
    local path, arg = pos[1], pos[2]
    if not path or pos[3] or not match(path, "^[%w_]+/[%w_]+$") then
        return EXIT.usage, "usage: tim call <service>/<command> [json | -]"
    end
    local text = arg or "{}"
    if arg == "-" then text = io_.stdin() end
    local body = json.decode(text)
    if type(body) ~= "table" then return EXIT.usage, "the body is not a JSON object" end
    local c, err = config(flags, getenv, true)
    if not c then return EXIT.usage, err end
    local ok, why = need_app(c)
    if not ok then return EXIT.usage, why end
    if not c.endpoint and not c.region then return EXIT.usage, "no target: give --region/--endpoint or set "
        .. "TIM_REGION/TIM_ENDPOINT" end
    local tim = require "tim"
    local opts = { sdkappid = c.sdkappid, key = c.key, admin = c.admin, region = c.region, endpoint = c.endpoint,
                   timeout = tonumber(flags.timeout), retries = tonumber(flags.retries) }
    local im, ierr = tim.new(opts)
    if not im then return EXIT.usage, tostring(ierr) end

    local service, command = match(path, "^([%w_]+)/([%w_]+)$")
    local aok, api = pcall(require, "tim.api")
    local traits = aok and api.lookup(service, command) or nil
    local b = traits and traits.batch
    local res, cerr
    if b and type(body[b.field]) == "table" and #body[b.field] > b.max and im.batch then
        local chunks = math.ceil(#body[b.field] / b.max)
        res, cerr = im:batch(path, body, { on_progress = function(done, total)
            io_.err(fmt("tim call %s: chunk %d/%d, %d/%d items\n", path, math.ceil(done / b.max), chunks, done,
                        total))
        end })
    else
        res, cerr = im:call(path, body)
    end
    if not res then
        if type(cerr) == "table" and cerr.body then io_.out(json.pretty(cerr.body) .. "\n") end
        io_.err("tim call: " .. tostring(cerr) .. "\n")
        local kind = type(cerr) == "table" and cerr.kind or "network"
        if kind == "api" and cerr.code then
            local eok, errors = pcall(require, "tim.errors")
            if eok and errors.class(cerr.code) == "ratelimit" then kind = "ratelimit" end
        end
        return KIND_EXIT[kind] or EXIT.api
    end
    io_.out(json.pretty(res) .. "\n")
    return EXIT.ok
end

function CMD.endpoints(io_, pos, flags)
    local filter = pos[1]
    local ok, api = pcall(require, "tim.api")
    if not ok then return EXIT.usage, "tim.api is not available" end
    local rows = {}
    for service, command, t in api.each() do
        local name = service .. "/" .. command
        local traits = {}
        if t.idempotent then traits[#traits + 1] = "idempotent" end
        if t.dedup then traits[#traits + 1] = "dedup:" .. concat(t.dedup, "+") end
        if t.batch then traits[#traits + 1] = fmt("batch:%s<=%d", t.batch.field, t.batch.max) end
        if t.page then traits[#traits + 1] = "paged" end
        if t.regions then traits[#traits + 1] = "regions:" .. concat(t.regions, ",") end
        if t.alias_of then traits[#traits + 1] = "alias:" .. t.alias_of end
        local line = fmt("%-58s %-13s %s", name, t.rate or "default", t.doc or "")
        if #traits > 0 then line = line .. "  [" .. concat(traits, " ") .. "]" end
        if not filter or find(line, filter, 1, true) then
            rows[#rows + 1] = flags.json and { endpoint = name, rate = t.rate, doc = t.doc, traits = traits } or line
        end
    end
    if flags.json then
        io_.out(json.pretty(json.array(rows)) .. "\n")
    else
        if #rows > 0 then io_.out(concat(rows, "\n") .. "\n") end
        io_.err(fmt("%d endpoint%s\n", #rows, #rows == 1 and "" or "s"))
    end
    return EXIT.ok
end

function CMD.emulator(io_, pos, flags, getenv)
    if pos[1] then return EXIT.usage, "usage: tim emulator [--port n] [flags]; see tim emulator --help" end
    local c, err = config(flags, getenv)
    if not c then return EXIT.usage, err end
    local emulator = require "tim.emulator"
    -- a long-lived store: Lua 5.4's generational collector keeps the per-call cost flat as it grows
    -- (bench/emulator.lua); LuaJIT has no such mode
    if not rawget(_G, "jit") then pcall(collectgarbage, "generational") end
    local token = flags.callback_token
    if flags.callback_token_file then
        local t, terr = read_file(flags.callback_token_file)
        if not t then return EXIT.usage, "cannot read --callback-token-file: " .. tostring(terr) end
        token = t
    end
    local port = tonumber(flags.port or "0")
    if not port or port < 0 or port > 65535 then return EXIT.usage, "--port must be 0..65535" end
    if (flags.tls_cert == nil) ~= (flags.tls_key == nil) then
        return EXIT.usage, "--tls-cert and --tls-key go together"
    end
    if flags.import then
        local f = io.open(flags.import, "rb")
        if not f then return EXIT.usage, "cannot read --import " .. flags.import end
        f:close()
    end
    local export_to = flags.export_on_exit
    if export_to then
        -- fail now, not at exit, when the file cannot be written
        local f, ferr = io.open(export_to .. ".tmp", "wb")
        if not f then return EXIT.usage, "cannot write --export-on-exit " .. export_to .. ": " .. tostring(ferr) end
        f:close()
        os.remove(export_to .. ".tmp")
    end
    if flags.rate_limits ~= nil and flags.rate_limits ~= "documented" and flags.rate_limits ~= "off" then
        return EXIT.usage, "--rate-limits must be documented or off"
    end
    local ok, emu, eerr = pcall(emulator.new, {
        host = flags.host, port = math.tointeger and math.tointeger(port) or port, sdkappid = c.sdkappid,
        key = c.key, admin = c.admin, tls_cert = flags.tls_cert, tls_key = flags.tls_key,
        callback_url = flags.callback_url, callback_token = token, callback_cafile = flags.callback_cafile,
        latency_ms = tonumber(flags.latency), import = flags.import,
        rate_limits = flags.rate_limits, moderation_keywords = flags.moderation_keywords,
        log = not flags.quiet and function(msg) io_.err("tim emulator: " .. msg .. "\n") end or nil })
    if not ok then return EXIT.usage, tostring(emu):gsub("^[^:]*:%d+: ", "") end
    if not emu then
        -- a refused snapshot is the user's input, not the network
        local refused = flags.import and find(tostring(eerr), flags.import, 1, true)
        return refused and EXIT.usage or EXIT.network, tostring(eerr)
    end
    io_.out("tim emulator listening on " .. emu.endpoint .. "\n")
    io_.flush()
    if not flags.quiet then
        io_.err(fmt("tim emulator: sdkappid %s, admin %s, key %s%s\n", tostring(emu.sdkappid), emu.admin,
                    c.key and "from your configuration" or "the built-in emulator key",
                    flags.callback_url and ", callbacks on" or ""))
    end
    -- SIGTERM (and SIGHUP) stop the loop where a signal module exists; SIGINT raises "interrupted!" in the loop
    -- under the standard interpreters, which the pcall below turns into a stop
    local stop_signal
    if export_to then
        local sok, signal = pcall(require, "posix.signal")
        if sok and type(signal) == "table" and signal.signal then
            for _, name in ipairs{ "SIGTERM", "SIGHUP" } do
                if signal[name] then signal.signal(signal[name], function() stop_signal = name end) end
            end
        end
    end
    local sok, serr = pcall(emu.serve, emu, function() return stop_signal ~= nil end)
    if not sok and not find(tostring(serr), "interrupted", 1, true) then
        io_.err("tim emulator: " .. tostring(serr) .. "\n")
    end
    pcall(emu.close, emu)
    if export_to then
        local eok, xerr = emu:export_file(export_to)
        if not eok then
            io_.err("tim emulator: --export-on-exit: " .. tostring(xerr) .. "\n")
            return EXIT.usage
        end
        if not flags.quiet then io_.err("tim emulator: state written to " .. export_to .. "\n") end
    end
    return EXIT.ok
end

---------------------------------------------------------------------------------------------------------------

local function std_io()
    return {
        out = function(s) io.stdout:write(s) end,
        err = function(s) io.stderr:write(s) end,
        flush = function() io.stdout:flush() end,
        stdin = function() return io.stdin:read("*a") end,
    }
end

-- main(argv [, io_ [, getenv]]) -> exit code
function _M.main(argv, io_, getenv)
    io_ = io_ or std_io()
    getenv = getenv or os.getenv
    local name = argv[1]
    if name == nil or name == "help" or name == "--help" or name == "-h" then
        local topic = name == "help" and argv[2] or nil
        io_.out(HELP[topic] or HELP.main)
        return name == nil and EXIT.usage or EXIT.ok
    end
    if name == "--version" or name == "version" then
        io_.out("tim " .. _M._VERSION .. "\n")
        return EXIT.ok
    end
    local fn = CMD[name]
    if not fn then
        io_.err("tim: unknown command " .. tostring(name) .. " (try tim --help)\n")
        return EXIT.usage
    end
    local rest = {}
    for i = 2, #argv do rest[#rest + 1] = argv[i] end
    local pos, flags = parse(rest)
    if not pos then
        io_.err("tim " .. name .. ": " .. flags .. "\n")
        return EXIT.usage
    end
    if flags.help then
        io_.out(HELP[name])
        return EXIT.ok
    end
    local ok, code, msg = pcall(fn, io_, pos, flags, getenv)
    if not ok then
        io_.err("tim " .. name .. ": internal error: " .. tostring(code) .. "\n")
        return EXIT.usage
    end
    if msg then io_.err("tim " .. name .. ": " .. msg .. "\n") end
    return code
end

_M.HELP = HELP
return _M

-- tim.cli: the command-line tool behind bin/tim.
--
--   tim usersig <id> [--expire s] [--userbuf text]     the admin/user UserSig (alone on the last line)
--   tim verify <sig> [--identifier id]                 exit 0 only when the sig is valid for this app
--   tim decode <sig>                                   the fields inside a sig (no key needed)
--   tim call <service>/<command> [json|-] [flags]      call the REST API, pretty JSON out; batches in chunks
--                                                      (--csv, --ndjson, --concurrency, --resume, --report),
--                                                      pages (--all); SIGINT/SIGTERM stop a batch cleanly
--   tim settle <report>                                resolve a batch report's in-doubt items (tim.client.settle)
--   tim endpoints [filter]                             the endpoint catalogue
--   tim emulator [--port n] [--tls-cert f --tls-key f] the local emulator
--
-- Flags are data (FLAGS below: one line per flag, with its type); a flag the command does not take, a value its
-- type refuses or a flag given twice is a usage error (exit 2) before anything is sent.
-- Exit codes: 0 ok, 1 API error (ErrorCode != 0, or items of a batch the service refused) or invalid sig,
-- 2 usage/config, 3 network/timeout/TLS, 4 HTTP or protocol error (non-200, undecodable answer), 5 rate limited
-- after retries, 130/143 a batch stopped by SIGINT/SIGTERM (tim.cli.exit). The key is never printed; a UserSig
-- only by `tim usersig`. Batches and settling live in tim.cli.batch.
local core = require "tim.core"
local json = require "tim.base.json"
local exit = require "tim.cli.exit"
local cli_batch = require "tim.cli.batch"

local type, tostring, tonumber, pcall, require, ipairs = type, tostring, tonumber, pcall, require, ipairs
local fmt, match, find, sub, gsub = string.format, string.match, string.find, string.sub, string.gsub
local concat = table.concat
local floor, huge = math.floor, math.huge

local _M = { _VERSION = require "tim.version" }

local EXIT = exit.EXIT
_M.EXIT = EXIT
local error_exit = exit.of

---------------------------------------------------------------------------------------------------------------
-- Value types of flags: check(text) -> value | nil, why. `bool` flags take no value.

local function to_int(n)
    return math.tointeger and math.tointeger(n) or n
end

local function int(min, max)
    local what = max and fmt("an integer in %d..%d", min, max) or fmt("an integer >= %d", min)
    return { check = function(v)
        local n = match(v, "^%d+$") and tonumber(v)
        if not n or n < min or (max and n > max) then return nil, "must be " .. what end
        return to_int(n)
    end }
end

local function positive_number(what)
    return { check = function(v)
        local n = match(v, "^%d*%.?%d+$") and tonumber(v)
        if not n or n <= 0 or n == huge then return nil, "must be a positive number of " .. what end
        return n
    end }
end

local function enum(values)
    local set = {}
    for _, v in ipairs(values) do set[v] = true end
    local said = #values == 1 and values[1] or concat(values, ", ", 1, #values - 1) .. " or " .. values[#values]
    return { check = function(v)
        if not set[v] then return nil, "must be " .. said end
        return v
    end }
end

local T = {
    bool = { bool = true },
    string = { check = function(v)
        if v == "" then return nil, "must not be empty" end
        return v
    end },
    -- a file we can read (checked now, so that a typo costs nothing); the system's reason names the file once
    file = { check = function(v)
        local f, oerr = io.open(v, "rb")
        if not f then return nil, "cannot read " .. tostring(oerr), true end
        local data, err = f:read(0)       -- a directory opens, and then fails to read
        f:close()
        if data == nil and err then return nil, "cannot read " .. v .. ": " .. tostring(err), true end
        return v
    end },
    -- a file we will write: its directory must exist
    newfile = { check = function(v)
        local dir = match(v, "^(.*)/[^/]*$") or "."
        if dir == "" then dir = "/" end
        local f = io.open(dir .. "/.", "rb")
        if not f then return nil, "no directory " .. dir end
        f:close()
        return v
    end },
    -- comma-separated words
    list = { check = function(v)
        local l = {}
        for w in v:gmatch("[^,]+") do
            w = match(w, "^%s*(.-)%s*$")
            if w ~= "" then l[#l + 1] = w end
        end
        if #l == 0 then return nil, "must list at least one value" end
        return l
    end },
    sdkappid = { check = function(v)
        local n = match(v, "^%d+$") and tonumber(v)
        if not n or n <= 0 or n > 4294967295 then return nil, "must be a positive integer (the SDKAppID)" end
        return to_int(n)
    end },
    region = { check = function(v)
        local api = require "tim.base.catalogue"
        if not api.regions[v:lower()] then
            return nil, "unknown region (known: " .. concat(api.REGION_CODES, " ") .. ")"
        end
        return v
    end },
    seconds = positive_number("seconds"),
    -- seconds, 0 allowed
    grace = { check = function(v)
        local n = match(v, "^%d*%.?%d+$") and tonumber(v)
        if not n or n == huge then return nil, "must be a number of seconds >= 0" end
        return n
    end },
    ms = { check = function(v)
        local n = match(v, "^%d*%.?%d+$") and tonumber(v)
        if not n or n == huge then return nil, "must be a number of milliseconds >= 0" end
        return n
    end },
    count = int(0),
    port = int(0, 65535),
    concurrency = int(1, 256),
    enum = enum,
    int = int,
}
_M.TYPES = T

-- { name, type, metavar, help [, secret = true] }: one line per flag
local CONFIG_APP = {
    { "sdkappid", T.sdkappid, "N", "the SDKAppID (or TIM_SDKAPPID)" },
    { "key-file", T.file, "PATH", "the app key, read from a file (or TIM_KEY)" },
    { "key", T.string, "K", "the app key itself (it shows in `ps`: prefer --key-file)", secret = true },
}
local CONFIG_TARGET = {
    { "admin", T.string, "ID", "the admin identifier (or TIM_ADMIN; default administrator)" },
    { "region", T.region, "NAME",
      "the data centre: " .. concat(require("tim.base.catalogue").REGION_CODES, " ") .. " (or TIM_REGION)" },
    { "endpoint", T.string, "URL", "the API's origin, e.g. the emulator's (or TIM_ENDPOINT; http:// only for "
      .. "loopback)" },
}

local function flags_of(...)
    local l = {}
    for _, group in ipairs{ ... } do
        for _, f in ipairs(group) do l[#l + 1] = f end
    end
    return l
end

local FLAGS = {
    usersig = flags_of(CONFIG_APP, {
        { "expire", T.seconds, "S", "lifetime in seconds (default 86400)" },
        { "userbuf", T.string, "TEXT", "the userbuf to sign in (privilege maps)" },
    }),
    verify = flags_of(CONFIG_APP, {
        { "identifier", T.string, "ID", "also check that the sig is for this identifier" },
    }),
    decode = {},
    call = flags_of(CONFIG_APP, CONFIG_TARGET, {
        { "timeout", T.seconds, "S", "per attempt (default 5)" },
        { "deadline", T.seconds, "S", "per call, retries and waits included (default 15)" },
        { "retries", T.count, "N", "resends of a failed call where a resend is safe (default 2)" },
        { "concurrency", T.concurrency, "N", "chunks of a batch in flight at once (default 1)" },
        { "csv", T.file, "FILE", "the batch's items from CSV; the header row names the fields" },
        { "ndjson", T.file, "FILE", "the batch's items from NDJSON: one JSON value a line" },
        { "field", T.string, "NAME", "the body member the items go into (default: the catalogue's, e.g. "
          .. "AccountList; Accounts for the older import form)" },
        { "max", T.int(1), "N", "items per call (default and at most the catalogue's: 100 for multiaccount_import)" },
        { "resume", T.file, "FILE", "a report of an earlier run: send only what is left of it" },
        { "report", T.newfile, "FILE", "keep the report in FILE (FILE.tmp renamed) before each chunk and after each: "
          .. "what --resume reads after any stop, kill -9 included" },
        { "each", T.bool, nil, "one call per item, the item as --field's value (sendmsg to each To_Account, "
          .. "create_group for each GroupId)" },
        { "grace", T.grace, "S", "after SIGINT/SIGTERM, seconds the chunks in flight get before they are left in "
          .. "doubt (default 5)" },
        { "resend-in-doubt", T.bool, nil, "with --resume: send the in-doubt items again too (settle them first)" },
        { "resend-failed", T.bool, nil, "with --resume: send every failed item again, retryable or not" },
        { "all", T.bool, nil, "follow a paged command to its end; prints one answer with every item" },
        { "progress", T.bool, nil, "a progress line on stderr even when it is not a terminal" },
        { "no-progress", T.bool, nil, "no progress line, even on a terminal" },
        { "no-validate", T.bool, nil, "send the body unchecked (an endpoint or a field newer than the catalogue)" },
    }),
    settle = flags_of(CONFIG_APP, CONFIG_TARGET, {
        { "timeout", T.seconds, "S", "per attempt (default 5)" },
        { "deadline", T.seconds, "S", "per call, retries and waits included (default 15)" },
        { "retries", T.count, "N", "resends of a failed read (default 2)" },
        { "report", T.newfile, "FILE", "also write the settled report to FILE (FILE.tmp renamed; may be REPORT)" },
        { "min-age", T.grace, "S", "read a chunk no sooner than S seconds after it ended (default 10)" },
    }),
    describe = {
        { "json", T.bool, nil, "JSON out: the endpoint's record (traits and fields)" },
    },
    endpoints = {
        { "json", T.bool, nil, "JSON out" },
    },
    -- the emulator's flags: add one line here (with emulator.new's option in CMD.emulator)
    emulator = flags_of({
        { "port", T.port, "N", "port to listen on (default 0: a free one)" },
        { "host", T.string, "ADDR", "loopback address to listen on (default 127.0.0.1)" },
    }, CONFIG_APP, {
        { "admin", T.string, "ID", "the admin identifier (default administrator)" },
        { "tls-cert", T.file, "FILE", "serve https with this certificate (with --tls-key)" },
        { "tls-key", T.file, "FILE", "the certificate's private key" },
        { "callback-url", T.string, "URL", "fire callbacks (webhooks) at this URL" },
        { "callback-token", T.string, "T", "the callback token (signs callbacks)", secret = true },
        { "callback-token-file", T.file, "PATH", "the callback token, read from a file" },
        { "callback-cafile", T.file, "FILE", "the CA of an https callback receiver the system bundle lacks" },
        { "latency", T.ms, "MS", "answer every call this many milliseconds late" },
        { "import", T.file, "FILE", "start from a snapshot (refused whole if unknown or malformed)" },
        { "export-on-exit", T.newfile, "FILE", "write the snapshot when the emulator stops" },
        { "rate-limits", T.enum{ "documented", "off" }, "MODE", "documented: answer 60007 (or the family's code) "
          .. "above each endpoint's documented rate; off (default)" },
        { "moderation-keywords", T.list, "WORD,WORD", "the words the content moderation endpoints block" },
        { "quiet", T.bool, nil, "no log lines on stderr" },
        { "nginx", T.bool, nil, "serve from nginx with the Lua module, one worker (faster; see below)" },
    }),
}
_M.FLAGS = FLAGS

local function flag_help(list)
    local lines = {}
    for _, f in ipairs(list) do
        local left = "--" .. f[1] .. (f[3] and " " .. f[3] or "")
        lines[#lines + 1] = fmt("  %-26s %s", left, f[4])
    end
    lines[#lines + 1] = fmt("  %-26s %s", "-h, --help", "this help")
    return concat(lines, "\n") .. "\n"
end

-- edit distance, for "did you mean"
local function distance(a, b)
    local prev = {}
    for j = 0, #b do prev[j] = j end
    for i = 1, #a do
        local cur = { [0] = i }
        for j = 1, #b do
            local cost = sub(a, i, i) == sub(b, j, j) and 0 or 1
            cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        end
        prev = cur
    end
    return prev[#b]
end

local function suggest(name, list)
    local best, bd
    for _, f in ipairs(list) do
        local d = distance(name, f[1])
        if d <= 2 and (not bd or d < bd) then best, bd = f[1], d end
    end
    return best and " (did you mean --" .. best .. "?)" or ""
end

-- parse(argv, flag list) -> positional, flags | nil, message. flags are keyed with underscores (key_file).
local function parse(argv, list)
    local by_name = {}
    for _, f in ipairs(list) do by_name[f[1]] = f end
    local pos, flags = {}, {}
    local i = 1
    while i <= #argv do
        local a = argv[i]
        if a == "--" then
            for j = i + 1, #argv do pos[#pos + 1] = argv[j] end
            break
        elseif a == "-h" or a == "--help" then
            flags.help = true
        elseif sub(a, 1, 2) == "--" then
            local name, value = match(a, "^%-%-([^=]*)=(.*)$")
            name = name or sub(a, 3)
            local f = by_name[name]
            if not f then
                return nil, "unknown flag --" .. name .. suggest(name, list)
            end
            local key = gsub(name, "%-", "_")
            if flags[key] ~= nil then
                return nil, "--" .. name .. " is given twice"
            end
            local ty = f[2]
            if ty.bool then
                if value ~= nil then return nil, "--" .. name .. " takes no value" end
                flags[key] = true
            else
                if value == nil then
                    value = argv[i + 1]
                    if value == nil or sub(value, 1, 2) == "--" then
                        return nil, "--" .. name .. " needs a value (" .. (f[3] or "a value") .. ")"
                    end
                    i = i + 1
                end
                local v, why, named = ty.check(value)
                if v == nil then
                    return nil, "--" .. name .. " " .. why .. ((f.secret or named) and "" or " (got " .. value .. ")")
                end
                flags[key] = v
            end
        elseif #a > 1 and sub(a, 1, 1) == "-" then
            return nil, "unknown flag " .. a
        else
            pos[#pos + 1] = a
        end
        i = i + 1
    end
    return pos, flags
end
_M.parse = parse

local CONFIG_TEXT = [[
Configuration comes from flags or the environment (flags win): TIM_SDKAPPID, TIM_KEY, TIM_ADMIN, TIM_REGION,
TIM_ENDPOINT. With a loopback --endpoint and no SDKAppID/key, the emulator's defaults are used.
]]

local EXIT_TEXT = [[
Exit codes: 0 ok, 1 API error (or items of a batch the service refused) / invalid sig, 2 usage or config
(nothing was sent), 3 network/timeout/TLS, 4 HTTP or protocol error, 5 rate limited, 130/143 a batch stopped by
SIGINT/SIGTERM (its report printed).
]]

local HELP_HEAD = {
    main = [[
Usage: tim <command> [args] [flags]

Commands:
  usersig <id>               generate a UserSig (the sig alone on the last line)
  verify <sig>               check a UserSig against this app's key (exit 0 only when valid)
  decode <sig>               show the fields of a UserSig (no key needed, no signature check)
  call <service>/<command>   call the REST API with a JSON body (argument, or - for stdin); batches, pages
  settle <report>            find out what became of a batch report's in-doubt items
  endpoints [filter]         list the endpoint catalogue
  describe <service>/<cmd>   an endpoint's fields, limits, error codes and page
  emulator                   run the local IM emulator

`tim <command> --help` for its flags.
]] .. EXIT_TEXT .. CONFIG_TEXT .. "The configuration flags (every command that calls or signs takes them):\n"
       .. flag_help(CONFIG_APP):gsub("  %-h, %-%-help[^\n]*\n", "")
       .. flag_help(CONFIG_TARGET):gsub("  %-h, %-%-help[^\n]*\n", ""),
    usersig = [[
Usage: tim usersig <identifier> [--expire SECONDS] [--userbuf TEXT]

Generates a TLSSigAPIv2 UserSig for <identifier> with this app's key (TIM_SDKAPPID, TIM_KEY).
The sig is printed alone on the last line of stdout.
]],
    verify = [[
Usage: tim verify <sig> [--identifier ID]

Checks the sig's signature, SDKAppID, expiry (and identifier, when given) with this app's key.
Exit 0 and "valid: ..." when good; exit 1 and "invalid: <reason>" otherwise. Reasons: bad_base64 not_zlib
bad_json wrong_version missing_field wrong_sdkappid wrong_identifier bad_hmac expired.
]],
    decode = [[
Usage: tim decode <sig>

Prints the fields inside a UserSig as JSON (identifier, sdkappid, time, expire, expires_at, userbuf) without
checking the signature; the HMAC itself is not shown. Exit 1 when the sig cannot be decoded.
]],
    call = [[
Usage: tim call <service>/<command> [JSON | -] [flags]
       tim call <service>/<command> [JSON | -] --csv FILE | --ndjson FILE [--concurrency N]
       tim call [<service>/<command>] --resume REPORT [--resend-in-doubt]
       tim call <service>/<command> [JSON | -] --all

Calls the REST API and prints the answer as pretty JSON on stdout. The body is the JSON argument, stdin with -,
or {} when absent.
Batches: for a command with batch limits in the catalogue (multiaccount_import: AccountList or Accounts, 100;
batchsendmsg: To_Account, 500; ...), the items come from the body, --csv or --ndjson, and go out in chunks,
--concurrency at a time. stdout then holds the batch's report (JSON, format tim.batch.report/1): every chunk's
answer and the items done, failed, in doubt and not sent. Save it (> report.json); --resume report.json sends
only what is left (never the in-doubt items without --resend-in-doubt). A progress line (count, rate over the
last 10 s, ETA) goes to stderr when it is a terminal, or with --progress.
Stopping: SIGINT (Ctrl-C) or SIGTERM starts no new chunk; the chunks in flight get --grace seconds (default 5),
then they are left in doubt; the report is printed as usual and the exit code is 130 (SIGINT) or 143 (SIGTERM).
A second signal stops at once, still printing the report. --report FILE keeps the report in FILE, rewritten
(FILE.tmp, then renamed) before each chunk is sent (that chunk in doubt) and after each one: after any death,
kill -9 included, --resume FILE sends what is left and nothing twice. Items in doubt: `tim settle FILE` first.
Each item its own call: --each --field NAME (sendmsg to each To_Account of a one-column CSV, create_group for
each GroupId).
Pages: --all follows a paged command (get_appid_group_list, get_group_member_info, ...) to its end.
]] .. EXIT_TEXT .. CONFIG_TEXT,
    settle = [[
Usage: tim settle REPORT [--report FILE] [--min-age S]

Reads what the service holds for each item a batch report (tim call's stdout, or --report FILE) left in doubt,
and moves it to done (the service has it) or not sent (it has not): openim/batchsendmsg and sendmsg --each
(the recipient's history, admin_getroammsg, for the chunk's MsgRandom in its time window), multiaccount_import
and account_import (account_check), add_group_member and import_group_member (get_role_in_group), create_group
--each --field GroupId (get_group_info). Other commands stay in doubt (docs/batch.md lists them). It waits until
each chunk in doubt ended at least --min-age seconds ago (default 10). The settled report goes to stdout (and
to --report FILE); `tim call --resume` with it sends the items not sent, once, without --resend-in-doubt.
Exit 0 when nothing is left in doubt, 1 when some items stay in doubt, 2 for a damaged report.
]] .. CONFIG_TEXT,
    describe = [[
Usage: tim describe <service>/<command> [--json]

Prints what the catalogue knows of one endpoint: what it does, its page (and the date it was read), its rate
class and traits, every request and answer field (path, type, required, limits, what it is), the error codes its
page lists and the page's sample request. An unknown name exits 2 with the closest one.
]],
    endpoints = [[
Usage: tim endpoints [FILTER] [--json]

Lists service/command, rate class and traits from the catalogue (tim.api); FILTER keeps lines containing it.
]],
    emulator = [[
Usage: tim emulator [flags]

Serves the IM REST API on loopback from memory. First stdout line: "tim emulator listening on URL".
Defaults: port 0 (a free one), SDKAppID 1400000000, admin "administrator", the built-in emulator key
(or TIM_SDKAPPID / TIM_KEY / TIM_ADMIN). Control endpoints: POST /_emulator/reset, /_emulator/faults,
/_emulator/config, /_emulator/clock, /_emulator/login, /_emulator/stop, GET /_emulator/stats,
GET and POST /_emulator/state (the snapshot). Dashboard: http://127.0.0.1:PORT/_emulator/ui.
Every /_emulator/ request needs a loopback Host with the port (127.0.0.1:PORT, localhost:PORT, [::1]:PORT) and,
when it carries an Origin, the emulator's own; a POST needs Content-Type: application/json, e.g.
  curl -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:PORT/_emulator/reset
--rate-limits documented answers 60007 (or the family's own code) above each endpoint's documented rate
(default off; also POST /_emulator/config {"rate_limits":"documented"}); --moderation-keywords lists the words
the content moderation endpoints block (also {"moderation_keywords":[...]}).
--import FILE starts from a snapshot (refused whole if its format or version is unknown or it is malformed);
--export-on-exit FILE writes the snapshot when the emulator stops: on SIGINT (Ctrl-C), SIGTERM (docker, systemd,
CI), SIGHUP or POST /_emulator/stop, under Lua 5.4 and LuaJIT alike (tim.core's signal handler).
--nginx serves the same emulator from nginx with the Lua module and one worker (OpenResty, or Debian's nginx and
libnginx-mod-http-lua; tim.core built for LuaJIT): nginx does HTTP, the emulator's Lua handles each request (for
load tests: docs/performance.md). tim emulator writes nginx's prefix in a temporary directory, runs it, and stops
it (and removes the directory) on the same signals; its log is that directory's logs/error.log.
]],
}

local HELP = setmetatable({}, { __index = function(_, name)
    local head = HELP_HEAD[name]
    if not head then return nil end
    if name == "main" then return head end
    local list = FLAGS[name]
    return head .. "\nFlags:\n" .. flag_help(list)
end })

local function read_file(path)
    local f, err = io.open(path, "rb")
    if not f then return nil, err end
    local s = f:read("*a")
    f:close()
    return (s:gsub("%s+$", ""))
end

-- config(flags, getenv) -> { sdkappid, key, admin, region, endpoint } | nil, err: the flags over what tim.env
-- reads from the environment (the one reader of TIM_*), and its rule for a loopback endpoint with no app given
local function config(flags, getenv)
    local env = require "tim.client.env"
    local c = env.read(getenv)
    if flags.sdkappid then c.sdkappid = flags.sdkappid end
    if type(c.sdkappid) == "string" then return nil, "the SDKAppID must be a positive integer" end
    if flags.key_file then
        local k, err = read_file(flags.key_file)
        if not k then return nil, "cannot read --key-file: " .. tostring(err) end
        c.key = k
    elseif flags.key then
        c.key = flags.key
    end
    c.admin = flags.admin or c.admin
    if flags.endpoint then
        c.endpoint, c.region = flags.endpoint, nil
    elseif flags.region then
        c.region, c.endpoint = flags.region, nil
    end
    return env.emulator_identity(c)
end
_M.config = config

-- app_config(flags, getenv) -> config with an SDKAppID and a key | nil, err: what signing needs
local function app_config(flags, getenv)
    local c, err = config(flags, getenv)
    if not c then return nil, err end
    if not c.sdkappid then return nil, "no SDKAppID: give --sdkappid or set TIM_SDKAPPID" end
    if not c.key then return nil, "no key: give --key-file or set TIM_KEY" end
    return c
end


local function iso(t)
    return os.date("!%Y-%m-%dT%H:%M:%SZ", floor(t))
end

---------------------------------------------------------------------------------------------------------------
local CMD = {}

function CMD.usersig(io_, pos, flags, getenv)
    local id = pos[1]
    if not id or pos[2] then return EXIT.usage, "usage: tim usersig <identifier> [--expire s] [--userbuf text]" end
    local c, err = app_config(flags, getenv)
    if not c then return EXIT.usage, err end
    local expire = flags.expire or 86400
    if expire ~= floor(expire) then return EXIT.usage, "--expire must be a whole number of seconds" end
    expire = to_int(expire)
    local sok, sig = pcall(core.usersig, c.sdkappid, c.key, id, expire, flags.userbuf)
    if not sok then return EXIT.usage, "cannot generate: " .. tostring(sig):gsub("^.-: ", "") end
    io_.out(sig .. "\n")
    return EXIT.ok
end

function CMD.verify(io_, pos, flags, getenv)
    local sig = pos[1]
    if not sig or pos[2] then return EXIT.usage, "usage: tim verify <sig> [--identifier id]" end
    local c, err = app_config(flags, getenv)
    if not c then return EXIT.usage, err end
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

local function client(flags, getenv)
    local c, err = app_config(flags, getenv)
    if not c then return nil, err end
    if not c.endpoint and not c.region then
        return nil, "no target: give --region/--endpoint or set TIM_REGION/TIM_ENDPOINT"
    end
    local im, ierr = require("tim.client").new{ sdkappid = c.sdkappid, key = c.key, admin = c.admin, region = c.region,
                                                endpoint = c.endpoint, timeout = flags.timeout,
                                                deadline = flags.deadline, retries = flags.retries,
                                                validate = not flags.no_validate }
    if not im then return nil, tostring(ierr) end
    return im
end

local function run_all(io_, im, path, body, spec, flags)
    local batch = require "tim.client.batch"
    local p = cli_batch.progress(io_, flags, "tim call " .. path)
    local acc, pages, n = {}, 0, 0
    for page, err in im:pages(path, body) do
        if not page then
            if p then p.done() end
            if pages > 0 then io_.out(json.pretty(acc) .. "\n") end
            io_.err(fmt("tim call %s: stopped after %d page%s (%d items): %s\n", path, pages, pages == 1 and "" or "s",
                        n, tostring(err)))
            return error_exit(err)
        end
        pages = pages + 1
        n = n + (type(page[spec.items]) == "table" and #page[spec.items] or 0)
        batch.merge(acc, page)
        if p then p.update(n, nil, fmt(", %d page%s", pages, pages == 1 and "" or "s")) end
    end
    if p then
        p.update(n, nil, fmt(", %d page%s", pages, pages == 1 and "" or "s"), true)
        p.done()
    end
    if not acc[spec.items] then acc[spec.items] = json.array({}) end
    io_.out(json.pretty(acc) .. "\n")
    return EXIT.ok
end

-- tim call's positional arguments and flag combinations -> path, arg | nil, message
local function call_args(pos, flags)
    local path, arg = pos[1], pos[2]
    if path and not match(path, "^[%w_]+/[%w_]+$") and flags.resume and not arg then
        path, arg = nil, path          -- tim call --resume r.json '{...}': the path comes from the report
    end
    if pos[3] or (path and not match(path, "^[%w_]+/[%w_]+$")) or (not path and not flags.resume) then
        return nil, "usage: tim call <service>/<command> [json | -] [flags] (see tim call --help)"
    end
    local file_items = flags.csv or flags.ndjson
    local why = flags.csv and flags.ndjson and "give --csv or --ndjson, not both"
        or flags.resume and file_items and "--resume takes the items from the report: not with --csv/--ndjson"
        or (flags.resend_in_doubt or flags.resend_failed) and not flags.resume
            and "--resend-in-doubt and --resend-failed go with --resume"
        or flags.all and (file_items or flags.resume or flags.concurrency or flags.report or flags.each)
            and "--all follows pages: not with --csv, --ndjson, --resume, --report, --each or --concurrency"
        or flags.progress and flags.no_progress and "give --progress or --no-progress"
        or flags.each and not flags.field and not flags.resume and "--each needs --field (the member each item fills)"
        or flags.each and flags.resume and "--resume takes --each from the report"
    if why then return nil, why end
    return path or false, arg
end

local function call_body(io_, arg)
    if not arg then return {} end
    local body = json.decode(arg == "-" and io_.stdin() or arg)
    if type(body) ~= "table" or body[1] ~= nil or json.is_array(body) then
        return nil, "the body is not a JSON object"
    end
    return body
end

-- what kind of call: a batch (and its field), pages, or one call -> plan | nil, message
local function call_plan(path, body, flags)
    local api = require "tim.base.catalogue"
    local traits = api.lookup(path)
    local spec = traits and traits.batch
    local field = flags.field or (spec and spec.field)
    if spec and not flags.field and body[field] == nil then
        for _, alt in ipairs(require("tim.client.batch").ALT_FIELDS[path] or {}) do
            if body[alt] ~= nil then field = alt end
        end
    end
    local file_items = flags.csv or flags.ndjson
    local batch_mode = flags.resume ~= nil or file_items ~= nil or flags.concurrency ~= nil or flags.each ~= nil
        or flags.report ~= nil or flags.max ~= nil
    if batch_mode and not spec and not flags.resume and not flags.each then
        return nil, path .. " has no batch limits in the catalogue: --csv, --ndjson, --concurrency and --report "
            .. "are for batch commands (tim endpoints batch: lists them), or --each --field NAME for one call an item"
    end
    if flags.field and not spec and not flags.each then return nil, "--field is for batch commands (or --each)" end
    if flags.max and (flags.each or flags.resume or not spec or flags.max > spec.max) then
        return nil, "--max is for a new batch of a command with batch limits, at most " .. tostring(spec and spec.max)
    end
    if file_items and body[field] ~= nil then
        return nil, "the items come from " .. file_items .. ": the body must not hold " .. field .. " too"
    end
    if spec and not batch_mode and type(body[field]) == "table" and #body[field] > spec.max then
        batch_mode = true
    end
    if flags.all and not (traits and traits.page) then
        return nil, path .. " is not a paged command (tim endpoints paged lists them)"
    end
    return { batch = batch_mode, field = field, page = traits and traits.page }
end

function CMD.call(io_, pos, flags, getenv)
    local path, arg = call_args(pos, flags)
    if path == nil then return EXIT.usage, arg end
    path = path or nil
    local body, berr = call_body(io_, arg)
    if not body then return EXIT.usage, berr end
    local resume
    if flags.resume then
        local rerr
        resume, rerr = cli_batch.load_resume(flags.resume, path)
        if not resume then return EXIT.usage, rerr end
        path = resume.path
    end
    local plan, perr = call_plan(path, body, flags)
    if not plan then return EXIT.usage, perr end
    if flags.csv or flags.ndjson then
        local items, ierr = cli_batch.read_items(flags, plan.field)
        if not items then return EXIT.usage, ierr end
        body[plan.field] = items
    end
    local im, cerr = client(flags, getenv)
    if not im then return EXIT.usage, cerr end
    if plan.batch then
        return cli_batch.run(io_, im, path, arg and body or (not flags.resume and body) or nil, flags, plan.field,
                             resume)
    end
    if flags.all then
        return run_all(io_, im, path, body, plan.page, flags)
    end
    local res, err = im:call(path, body)
    if not res then
        if type(err) == "table" and err.body then io_.out(cli_batch.printable(err.body) .. "\n") end
        io_.err("tim call: " .. exit.words(tostring(err)) .. "\n")
        return error_exit(err)
    end
    io_.out(cli_batch.printable(res) .. "\n")
    return EXIT.ok
end

function CMD.settle(io_, pos, flags, getenv)
    local file = pos[1]
    if not file or pos[2] then return EXIT.usage, "usage: tim settle REPORT [--report FILE] (see tim settle --help)" end
    local im, cerr = client(flags, getenv)
    if not im then return EXIT.usage, cerr end
    return cli_batch.settle(io_, im, file, flags)
end

function CMD.endpoints(io_, pos, flags)
    local filter = pos[1]
    if pos[2] then return EXIT.usage, "usage: tim endpoints [filter] [--json]" end
    local api = require "tim.base.catalogue"
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

-- the lines of one side's fields: path, type, required, limits, what it is
local function field_lines(api, endpoint, side)
    local paths = api.fields(endpoint, side)
    if not paths then return { "  (not transcribed from the page yet: nothing is checked)" } end
    local lines = {}
    for _, p in ipairs(paths) do
        local d = api.field(endpoint, side, p)
        local limits = {}
        if d.max_bytes then limits[#limits + 1] = "<= " .. d.max_bytes .. " bytes" end
        if d.min_items then limits[#limits + 1] = ">= " .. d.min_items .. " items" end
        if d.max_items then limits[#limits + 1] = "<= " .. d.max_items .. " items" end
        if d.min or d.max then limits[#limits + 1] = tostring(d.min or "") .. ".." .. tostring(d.max or "") end
        if d.enum then
            local vals = {}
            for i, v in ipairs(d.enum) do vals[i] = tostring(v) end
            limits[#limits + 1] = "one of " .. concat(vals, ", ")
        end
        local ty = d.type .. (d.items and "<" .. d.items .. ">" or "") .. (d.shared and " (" .. d.shared .. ")" or "")
        lines[#lines + 1] = fmt("  %-44s %-22s %-8s %s%s", p, ty, d.required and "required" or "",
                                d.doc or "", #limits > 0 and " [" .. concat(limits, "; ") .. "]" or "")
    end
    return lines
end

function CMD.describe(io_, pos, flags)
    local path = pos[1]
    if not path or pos[2] then return EXIT.usage, "usage: tim describe <service>/<command> [--json]" end
    local api = require "tim.base.catalogue"
    local t = api.lookup(path)
    if not t then
        local bad = require("tim.client.check").unknown(match(path, "^([^/]*)/?(.*)$"))
        return EXIT.usage, "unknown endpoint " .. path .. (bad.suggestion and " (did you mean " .. bad.suggestion
            .. "?)" or "")
    end
    if flags.json then
        local rec = {}
        for k, v in pairs(t) do rec[k] = v end
        rec.endpoint = path
        io_.out(json.pretty(rec) .. "\n")
        return EXIT.ok
    end
    local out = { path .. ": " .. (t.doc or "") }
    if t.alias_of then out[#out + 1] = "an older name of " .. t.alias_of end
    out[#out + 1] = "page: " .. tostring(t.ref or "(none recorded)") .. (t.ref_zh and "  " .. t.ref_zh or "")
        .. (t.read and ", read " .. t.read or "") .. (t.seen and " (" .. t.seen .. ")" or "")
    if t.unread then out[#out + 1] = "not read on the page: " .. t.unread end
    if t.differs then out[#out + 1] = "the pages differ: " .. t.differs end
    local rc = api.rate_classes[t.rate or "default"]
    out[#out + 1] = fmt("rate: %s (%s/s)%s", t.rate or "default", tostring(rc and rc.rate), t.idempotent
        and ", idempotent" or (t.dedup and ", deduplicated by " .. concat(t.dedup, "+") or ""))
    if t.batch then out[#out + 1] = fmt("batch: %s, at most %d per call", t.batch.field, t.batch.max) end
    if t.requires then out[#out + 1] = "requires: " .. t.requires end
    if t.regions then out[#out + 1] = "regions: " .. concat(t.regions, ", ") end
    if t.settle then out[#out + 1] = "settle a doubtful outcome: " .. t.settle end
    if t.note then out[#out + 1] = "note: " .. t.note end
    out[#out + 1] = "request:"
    for _, l in ipairs(field_lines(api, path, "request")) do out[#out + 1] = l end
    out[#out + 1] = "answer:"
    for _, l in ipairs(field_lines(api, path, "answer")) do out[#out + 1] = l end
    if t.codes then
        local codes = {}
        for i, c in ipairs(t.codes) do codes[i] = tostring(c) end
        out[#out + 1] = "error codes: " .. concat(codes, ", ")
    end
    if t.example and t.example.request then out[#out + 1] = "sample request: " .. t.example.request end
    io_.out(concat(out, "\n") .. "\n")
    return EXIT.ok
end

-- SIGINT, SIGTERM and SIGHUP end the serving loop cleanly (the export follows), through tim.core's handler: it
-- counts them and its self-pipe ends the loop's poll at once, under Lua 5.4 (which has no signal module in Debian)
-- as under LuaJIT
local function serve_until_signal(io_, emu, flags)
    local watched = core.signal_watch("INT", "TERM", "HUP")
    local function total()
        return core.signal_count("INT") + core.signal_count("TERM") + core.signal_count("HUP")
    end
    local base = total()
    local sok, serr = pcall(emu.serve, emu, function() return watched and total() > base end)
    if not sok and not find(tostring(serr), "interrupted", 1, true) then
        io_.err("tim emulator: " .. exit.words(serr) .. "\n")
    end
    pcall(emu.close, emu)
    if watched then core.signal_unwatch("INT", "TERM", "HUP") end
    if not flags.quiet and total() > base then
        io_.err("tim emulator: stopped by SIG" .. tostring(core.signal_last()) .. "\n")
    end
end

-- --nginx: the emulator in an nginx worker (tim.server.emulator.openresty), this process watching it until a signal, a
-- POST /_emulator/stop or nginx's end; then the export (read from the worker) and nginx's stop
local function serve_nginx(io_, flags, opts, export_to)
    local openresty = require "tim.server.emulator.openresty"
    opts.quiet = flags.quiet
    local run, err = openresty.start(opts)
    if not run then
        local refused = flags.import and find(tostring(err), flags.import, 1, true)
        return refused and EXIT.usage or EXIT.network, "tim emulator --nginx: " .. tostring(err)
    end
    io_.out("tim emulator listening on " .. run.endpoint .. "\n")
    io_.flush()
    if not flags.quiet then
        io_.err(fmt("tim emulator: sdkappid %s, admin %s, served by nginx (pid %d, log %s/logs/error.log)\n",
                    tostring(opts.sdkappid or require("tim.server.emulator").DEFAULT_SDKAPPID),
                    opts.admin or "administrator", run.pid, run.prefix))
    end
    local watched = core.signal_watch("INT", "TERM", "HUP")
    local function total()
        return core.signal_count("INT") + core.signal_count("TERM") + core.signal_count("HUP")
    end
    local base = total()
    while run:alive() and not run:stop_requested() and not (watched and total() > base) do
        require("socket").sleep(0.1)
    end
    if watched then core.signal_unwatch("INT", "TERM", "HUP") end
    if not run:alive() then
        -- nginx went away by itself: what its log says is all there is to tell (the prefix goes with stop())
        local log = run:file("logs/error.log") or ""
        run:stop()
        return EXIT.network, "tim emulator --nginx: nginx stopped on its own: " .. (match(log, "([^\n]*)\n?$") or "")
    end
    if not flags.quiet and watched and total() > base then
        io_.err("tim emulator: stopped by SIG" .. tostring(core.signal_last()) .. "\n")
    end
    local code, why = EXIT.ok, nil
    if export_to then
        local ok, xerr = run:export_file(export_to)
        if ok and not flags.quiet then io_.err("tim emulator: state written to " .. export_to .. "\n") end
        if not ok then code, why = EXIT.usage, "tim emulator: --export-on-exit: " .. tostring(xerr) end
    end
    run:stop()
    return code, why
end

function CMD.emulator(io_, pos, flags, getenv)
    if pos[1] then return EXIT.usage, "usage: tim emulator [--port n] [flags]; see tim emulator --help" end
    local c, err = config(flags, getenv)
    if not c then return EXIT.usage, err end
    local emulator = require "tim.server.emulator"
    -- a long-lived store that grows: short collector steps, no pause that grows with it (bench/emulator_p99.lua)
    emulator.tune_collector()
    local token = flags.callback_token
    if flags.callback_token_file then
        local t, terr = read_file(flags.callback_token_file)
        if not t then return EXIT.usage, "cannot read --callback-token-file: " .. tostring(terr) end
        token = t
    end
    if (flags.tls_cert == nil) ~= (flags.tls_key == nil) then
        return EXIT.usage, "--tls-cert and --tls-key go together"
    end
    if flags.import then
        local f, ferr = io.open(flags.import, "rb")
        if not f then return EXIT.usage, "cannot read --import " .. tostring(ferr) end
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
    local opts = {
        host = flags.host, port = flags.port or 0, sdkappid = c.sdkappid,
        key = c.key, admin = c.admin, tls_cert = flags.tls_cert, tls_key = flags.tls_key,
        callback_url = flags.callback_url, callback_token = token, callback_cafile = flags.callback_cafile,
        latency_ms = flags.latency, import = flags.import,
        rate_limits = flags.rate_limits, moderation_keywords = flags.moderation_keywords,
        log = not flags.quiet and function(msg) io_.err("tim emulator: " .. msg .. "\n") end or nil }
    if flags.nginx then
        local host = flags.host or "127.0.0.1"
        if host ~= "127.0.0.1" and host ~= "::1" and host ~= "localhost" then
            return EXIT.usage, "--host must be a loopback address (127.0.0.1, ::1, localhost)"
        end
        opts.log = nil
        return serve_nginx(io_, flags, opts, export_to)
    end
    local ok, emu, eerr = pcall(emulator.new, opts)
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
        -- to paste: a loopback TIM_ENDPOINT alone means the emulator's identity (tim.env's rule, everywhere)
        io_.err("tim emulator: export TIM_ENDPOINT=" .. emu.endpoint .. ((c.key or c.sdkappid) and
                "  # with the TIM_SDKAPPID and TIM_KEY it was started with" or "") .. "\n")
    end
    serve_until_signal(io_, emu, flags)
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

local function stderr_is_tty()
    local r = os.execute("[ -t 2 ]")
    return r == true or r == 0
end

local function std_io()
    local tty
    local socket_ok, socket = pcall(require, "socket")
    return {
        out = function(s) io.stdout:write(s) end,
        err = function(s) io.stderr:write(s) end,
        flush = function() io.stdout:flush() end,
        stdin = function() return io.stdin:read("*a") end,
        tty = function()
            if tty == nil then tty = stderr_is_tty() end
            return tty
        end,
        now = socket_ok and socket.gettime or os.time,
    }
end

-- main(argv [, io_ [, getenv]]) -> exit code
function _M.main(argv, io_, getenv)
    io_ = io_ or std_io()
    io_.tty = io_.tty or function() return false end
    io_.now = io_.now or os.time
    getenv = getenv or os.getenv
    local name = argv[1]
    if name == nil or name == "help" or name == "--help" or name == "-h" then
        local topic = name == "help" and argv[2] or nil
        io_.out(HELP[topic or "main"] or HELP.main)
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
    local pos, flags = parse(rest, FLAGS[name])
    if not pos then
        io_.err("tim " .. name .. ": " .. flags .. " (tim " .. name .. " --help lists the flags)\n")
        return EXIT.usage
    end
    if flags.help then
        io_.out(HELP[name])
        return EXIT.ok
    end
    local ok, code, msg = pcall(fn, io_, pos, flags, getenv)
    if not ok then
        if find(tostring(code), "interrupted!$") then
            -- Ctrl-C outside a batch (lua.c's own handler): a batch watches the signal and prints its report
            io_.err("tim " .. name .. ": interrupted\n")
            return exit.SIGNAL.INT
        end
        -- our bug, not the user's: its words, without our file paths (a batch prints its report itself first)
        io_.err("tim " .. name .. ": internal error: " .. exit.words(code) .. "\n")
        return EXIT.usage
    end
    if msg then io_.err("tim " .. name .. ": " .. exit.words(msg) .. "\n") end
    return code
end

_M.HELP = HELP
return _M

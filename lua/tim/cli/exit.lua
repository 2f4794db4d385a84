-- tim.cli.exit: bin/tim's exit codes, and the one place that turns an error into one (and into words a user reads:
-- without the library's own file paths).
local type, require = type, require

local _M = {}

local EXIT = { ok = 0, api = 1, usage = 2, network = 3, http = 4, ratelimit = 5 }
_M.EXIT = EXIT

_M.KIND = { api = EXIT.api, usage = EXIT.usage, network = EXIT.network, timeout = EXIT.network,
            tls = EXIT.network, http = EXIT.http, decode = EXIT.http, protocol = EXIT.http,
            ratelimit = EXIT.ratelimit }

-- a batch stopped by a signal exits as a shell reports a process the signal ended: 128 + its number
_M.SIGNAL = { HUP = 129, INT = 130, TERM = 143 }

--- of(err) -> the exit code for an error object (an API error with a rate-limit code is "rate limited")
function _M.of(err)
    local kind = type(err) == "table" and err.kind or "network"
    if kind == "api" and err.code then
        if require("tim.base.errors").class(err.code) == "ratelimit" then kind = "ratelimit" end
    end
    return _M.KIND[kind] or EXIT.api
end

--- words(s) -> s without a traceback and without Lua source positions (tim.client.batch.report.words)
function _M.words(s)
    return require("tim.client.batch.report").words(s) or ""
end

return _M

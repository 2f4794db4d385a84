-- Run bin/tim as a subprocess for the CLI specs.
--
--   local cli = require "support.cli"
--   local out, err, code = cli.run("call im_open_login_svc/account_check -", { TIM_ENDPOINT = url }, stdin)
--   local dir = cli.tmpdir()   -- a private directory (cli.rmdir(dir) in teardown)
--   cli.write(dir .. "/a.csv", text)
-- TIM_* variables of the spec's own environment never leak into the command; the interpreter is lua5.4 unless
-- opts.lua says otherwise.
local support = require "support.emulator"

local _M = {}
local q = support.sh_quote
_M.q = q

local function slurp(p)
    local h = io.open(p, "rb")
    local s = h and h:read("*a") or ""
    if h then h:close() end
    os.remove(p)
    return s
end

function _M.run(args, env, stdin, opts)
    local out, err, rc, inp = os.tmpname(), os.tmpname(), os.tmpname(), os.tmpname()
    local f = assert(io.open(inp, "wb")); f:write(stdin or ""); f:close()
    local envs = { "env", "-u", "TIM_SDKAPPID", "-u", "TIM_KEY", "-u", "TIM_ADMIN", "-u", "TIM_REGION", "-u",
                   "TIM_ENDPOINT" }
    for k, v in pairs(env or {}) do envs[#envs + 1] = q(k .. "=" .. v) end
    local cmd = string.format("cd %s && %s timeout 120 %s bin/tim %s <%s >%s 2>%s; echo $? >%s", q(support.ROOT),
                              table.concat(envs, " "), (opts and opts.lua) or "lua5.4", args, inp, out, err, rc)
    os.execute(cmd)
    os.remove(inp)
    local o, e, c = slurp(out), slurp(err), tonumber(slurp(rc))
    return o, e, c
end

function _M.tmpdir()
    local p = io.popen("mktemp -d")
    local d = p:read("*l")
    p:close()
    return d
end

function _M.rmdir(d)
    if d and d:match("^/tmp/") then os.execute("rm -rf " .. q(d)) end
end

function _M.write(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
    return path
end

function _M.read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

return _M

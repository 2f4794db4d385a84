-- tim.server.emulator.openresty: `tim emulator --nginx`, the emulator served by nginx with the Lua module and one
-- worker (nginx does HTTP; tim.server.emulator.ngx hands each request to the emulator's handle()). It writes a
-- private prefix under a new temporary directory (conf/nginx.conf, conf/emulator.json with the options, logs/,
-- temp/), starts nginx there, and stops it (QUIT, then KILL) and removes the prefix when asked.
--
--   local run = assert(openresty.start{ host, port, sdkappid, key, admin, tls_cert, tls_key, callback_url,
--                                       callback_token, callback_cafile, latency_ms, import, rate_limits,
--                                       moderation_keywords, quiet, nginx = path? })
--   run.endpoint, run.pid, run.prefix
--   run:alive(), run:stop_requested() (POST /_emulator/stop came), run:export_file(path), run:stop()
--
-- nginx: OpenResty's binary if there is one, else Debian's nginx with libnginx-mod-http-lua (its modules loaded
-- by absolute path from `nginx -V`'s --modules-path). tim.core must be built for LuaJIT (nginx's Lua): found
-- beside the one this process loaded (build/luajit/ for build/lua5.4/, lib/lua/5.1/ for lib/lua/5.4/).
-- A shell watchdog stops the nginx if this process goes away without stop() (kill -9).
local socket = require "socket"
local json = require "tim.base.json"

local io, os, ipairs, tonumber, tostring, setmetatable = io, os, ipairs, tonumber, tostring, setmetatable
local fmt, gsub, match, find = string.format, string.gsub, string.match, string.find

local _M = { _VERSION = require "tim.version" }
local Run = {}
local run_mt = { __index = Run, __name = "tim.server.emulator.openresty.run" }

local function q(s) return "'" .. gsub(tostring(s), "'", "'\\''") .. "'" end

local function sh(cmd)
    local a, _, c = os.execute(cmd)
    return a == true or a == 0 or (a == nil and c == 0)
end

local function read_line(cmd)
    local p = io.popen(cmd)
    if not p then return nil end
    local out = p:read("*a")
    p:close()
    return out
end

local function write(path, text)
    local f, err = io.open(path, "wb")
    if not f then return nil, err end
    local ok, werr = f:write(text)
    f:close()
    if not ok then return nil, werr end
    return true
end

local function exists(path)
    local f = io.open(path, "rb")
    if f then f:close() end
    return f ~= nil
end

-- the nginx binary and the load_module lines it needs -> path, lines | nil, err
local function find_nginx(given)
    local candidates = given and { given } or { "openresty", "/usr/local/openresty/bin/openresty",
                                                "/usr/sbin/nginx", "nginx" }
    for _, n in ipairs(candidates) do
        local path = match(read_line("command -v " .. q(n) .. " 2>/dev/null") or "", "^(%S+)")
        if path then
            local version = read_line(q(path) .. " -V 2>&1") or ""
            if find(version, "openresty", 1, true) then return path, "" end
            local mods = match(version, "%-%-modules%-path=(%S+)") or "/usr/lib/nginx/modules"
            local lines = ""
            for _, m in ipairs{ "ndk_http_module.so", "ngx_http_lua_module.so" } do
                if not exists(mods .. "/" .. m) then
                    return nil, path .. " has no Lua module (" .. mods .. "/" .. m .. " is missing: apt-get install "
                                .. "libnginx-mod-http-lua, or use OpenResty)"
                end
                lines = lines .. "load_module " .. mods .. "/" .. m .. ";\n"
            end
            return path, lines
        end
    end
    return nil, "no nginx found (install OpenResty, or nginx and libnginx-mod-http-lua)"
end

-- lua_package_path and lua_package_cpath for nginx's LuaJIT: this lua-tim's modules, and its tim.core built for
-- the 5.1 ABI -> path, cpath | nil, err
local function lua_paths()
    local here = package.searchpath("tim.server.emulator.ngx", package.path)
    local core = package.searchpath("tim.core", package.cpath)
    if not (here and core) then return nil, "cannot tell where lua-tim is installed" end
    local root = match(here, "^(.*)tim/server/emulator/ngx%.lua$")
    local dir = match(core, "^(.*)tim/core%.so$")
    local jit = rawget(_G, "jit") ~= nil
    -- under LuaJIT the same one; under Lua 5.4 its LuaJIT twin, in a checkout or an install tree
    for _, d in ipairs{ jit and dir or "", (gsub(dir, "/build/lua5%.4/$", "/build/luajit/")),
                        (gsub(dir, "/lua/5%.4/$", "/lua/5.1/")) } do
        if d ~= "" and (d ~= dir or jit) and exists(d .. "tim/core.so") then
            return root .. "?.lua;" .. root .. "?/init.lua;;", d .. "?.so;;"
        end
    end
    return nil, "tim.core for LuaJIT (nginx's Lua) is not built: make LUA=luajit (or make install LUA=luajit)"
end

local CONF = [[
# written by `tim emulator --nginx`: one worker, whose Lua VM holds the emulator's state
daemon on;
master_process on;
worker_processes 1;
%spid logs/nginx.pid;
error_log logs/error.log warn;
%s
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path temp/client_body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    lua_package_path "%s";
    lua_package_cpath "%s";
    lua_socket_log_errors off;
    lua_ssl_trusted_certificate %s;
    lua_ssl_verify_depth 5;
    # the limits of tim.server.emulator.server: keep-alive without a request cap, 30 s idle, 10 s for a head or a body,
    # 32 KB of head, 8 MB of body (kept in memory)
    keepalive_requests 100000000;
    keepalive_timeout 30s;
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 30s;
    large_client_header_buffers 4 32k;
    client_max_body_size 8m;
    client_body_buffer_size 8m;
    init_worker_by_lua_block { require("tim.server.emulator.ngx").init("%s/conf/emulator.json") }
    server {
        listen %s:%d%s;
%s        location / { content_by_lua_block { require("tim.server.emulator.ngx").serve() } }
    }
}
]]

local function is_root()
    return match(read_line("id -u") or "", "^0") ~= nil
end

local function conf_text(o, prefix, port, modules, path, cpath)
    local tls = ""
    if o.tls_cert then
        tls = fmt("        ssl_certificate %s;\n        ssl_certificate_key %s;\n", o.tls_cert, o.tls_key)
    end
    local listen = o.host == "::1" and "[::1]" or (o.host or "127.0.0.1")
    -- as root, the worker would run as nobody, which may not read lua-tim's files or the prefix (0700)
    return fmt(CONF, is_root() and "user root root;\n" or "", modules, path, cpath,
               o.callback_cafile or "/etc/ssl/certs/ca-certificates.crt", prefix, listen, port,
               o.tls_cert and " ssl" or "", tls)
end

local function free_port(host)
    local s = socket.bind(host, 0)
    if not s then return nil end
    local _, port = s:getsockname()
    s:close()
    return tonumber(port)
end

-- GET path on the control plane (a loopback Host with the port) -> status, body | nil, err. Over TLS when nginx
-- serves https: our own nginx on loopback, its certificate whatever the user gave (not verified here).
local function control_get(host, port, path, timeout, tls)
    local c = socket.tcp()
    c:settimeout(timeout or 10)
    local ok, err = c:connect(host, port)
    if not ok then c:close(); return nil, err end
    if tls then
        local ssl = require "ssl"
        local wrapped, werr = ssl.wrap(c, { mode = "client", protocol = "any", verify = "none",
                                            options = { "all", "no_sslv2", "no_sslv3" } })
        if not wrapped then c:close(); return nil, werr end
        c = wrapped
        c:settimeout(timeout or 10)
        local hok, herr = c:dohandshake()
        if not hok then c:close(); return nil, herr end
    end
    local authority = (host == "::1" and "[::1]" or host) .. ":" .. port
    c:send("GET " .. path .. " HTTP/1.1\r\nHost: " .. authority .. "\r\nConnection: close\r\n\r\n")
    local text, rerr, partial = c:receive("*a")
    c:close()
    text = text or partial
    local status, body = match(text or "", "^HTTP/1%.1 (%d+) .-\r\n\r\n(.*)$")
    if not status then return nil, "no answer (" .. tostring(rerr) .. ")" end
    return tonumber(status), body
end

-- The options the worker reads (tim.server.emulator.ngx.init); the file is in the private prefix (mode 0700).
local function write_config(o, prefix, port)
    return write(prefix .. "/conf/emulator.json", json.encode{
        host = o.host, port = port, scheme = o.tls_cert and "https" or "http", sdkappid = o.sdkappid, key = o.key,
        admin = o.admin, callback_url = o.callback_url, callback_token = o.callback_token,
        callback_cafile = o.callback_cafile, latency_ms = o.latency_ms, import = o.import,
        rate_limits = o.rate_limits, moderation_keywords = o.moderation_keywords, quiet = o.quiet or nil,
        stop_file = prefix .. "/logs/stop" })
end

local function make_prefix()
    local prefix = match(read_line("mktemp -d \"${TMPDIR:-/tmp}/tim-emulator-nginx.XXXXXX\"") or "", "^(%S+)")
    if not prefix then return nil, "cannot make a temporary directory" end
    if not sh("mkdir -p " .. q(prefix .. "/conf") .. " " .. q(prefix .. "/logs") .. " " .. q(prefix .. "/temp")) then
        return nil, "cannot make " .. prefix
    end
    return prefix
end

-- one attempt on one port -> run | nil, err, retry (the port was taken meanwhile)
local function try_start(o, nginx, modules, path, cpath, port)
    local prefix, perr = make_prefix()
    if not prefix then return nil, perr end
    local run = setmetatable({ prefix = prefix, host = o.host or "127.0.0.1", port = port, tls = o.tls_cert ~= nil },
                             run_mt)
    local ok, err = write(prefix .. "/conf/nginx.conf", conf_text(o, prefix, port, modules, path, cpath))
    if ok then ok, err = write_config(o, prefix, port) end
    if not ok then run:stop(); return nil, "cannot write the nginx prefix: " .. tostring(err) end
    if not sh(q(nginx) .. " -p " .. q(prefix) .. " -c conf/nginx.conf -e logs/error.log >"
              .. q(prefix .. "/logs/start.out") .. " 2>&1") then
        local why = (run:file("logs/start.out") or "") .. (run:file("logs/error.log") or "")
        run:stop()
        return nil, "nginx did not start: " .. why, find(why, "Address already in use", 1, true) ~= nil
    end
    run.pid = tonumber(match(run:file("logs/nginx.pid") or "", "%d+"))
    -- ready once the worker answers (its init may have refused the options: an unreadable snapshot)
    local status, body
    for _ = 1, 100 do
        status, body = control_get(run.host, port, "/_emulator/stats", 2, run.tls)
        if status then break end
        socket.sleep(0.05)
    end
    if status ~= 200 then
        run:stop()
        return nil, tostring(body or "nginx did not answer"):gsub("^tim emulator: not started: ", "")
    end
    return run
end

--- start(opts) -> run | nil, err
function _M.start(o)
    local nginx, modules = find_nginx(o.nginx)
    if not nginx then return nil, modules end
    local path, cpath = lua_paths()
    if not path then return nil, cpath end
    local host = o.host or "127.0.0.1"
    local last
    for _ = 1, (o.port or 0) == 0 and 3 or 1 do     -- a free port may be taken before nginx binds it
        local port = (o.port or 0) ~= 0 and o.port or free_port(host)
        if not port then return nil, "cannot find a free port on " .. host end
        local run, err, retry = try_start(o, nginx, modules, path, cpath, port)
        if run then
            local shown = host == "::1" and "[::1]" or host
            run.endpoint = (o.tls_cert and "https" or "http") .. "://" .. shown .. ":" .. port
            run:watchdog()
            return run
        end
        last = err
        if not retry then break end
    end
    return nil, last
end

function Run.file(self, name)
    local f = io.open(self.prefix .. "/" .. name, "rb")
    if not f then return nil end
    local s = f:read("*a")
    f:close()
    return s
end

-- nginx runs as a daemon, whose parent is init: an exited master can stay a zombie until init reaps it (a
-- second, on some machines), which kill -0 cannot tell from a live one; /proc can
function Run.alive(self)
    if not self.pid then return false end
    local f = io.open("/proc/" .. self.pid .. "/stat", "rb")
    if f then
        local stat = f:read("*a") or ""
        f:close()
        return match(stat, "^%d+ %b() (%a)") ~= "Z"
    end
    return sh("kill -0 " .. self.pid .. " 2>/dev/null")
end

function Run.stop_requested(self)
    return exists(self.prefix .. "/logs/stop")
end

-- A background shell that sends nginx QUIT once this process is gone (a run killed with -9 leaves no nginx).
function Run.watchdog(self)
    local me = tonumber(match(read_line("echo $PPID") or "", "%d+"))
    if not (me and self.pid) then return end
    sh(fmt("(while kill -0 %d 2>/dev/null && kill -0 %d 2>/dev/null; do sleep 1; done; kill -QUIT %d 2>/dev/null; "
           .. "sleep 3; rm -rf %s) >/dev/null 2>&1 </dev/null &", me, self.pid, self.pid, q(self.prefix)))
end

-- export_file(path) -> true | nil, err: the worker's snapshot (GET /_emulator/state), written to path.tmp then
-- renamed, as tim.emulator's export_file does
function Run.export_file(self, path)
    local status, body = control_get(self.host, self.port, "/_emulator/state", 60, self.tls)
    if status ~= 200 then return nil, "cannot read the state: " .. tostring(body) end
    local tmp = path .. ".tmp"
    local ok, err = write(tmp, body .. "\n")
    if not ok then os.remove(tmp); return nil, "cannot write " .. tmp .. ": " .. tostring(err) end
    local rok, rerr = os.rename(tmp, path)
    if not rok then os.remove(tmp); return nil, "cannot rename " .. tmp .. ": " .. tostring(rerr) end
    return true
end

--- stop(): TERM (nginx's fast shutdown: the state is kept or given up by then), KILL after 5 s, then the prefix is
-- removed.
function Run.stop(self)
    if self.pid and self:alive() then
        sh("kill -TERM " .. self.pid .. " 2>/dev/null")
        local until_t = socket.gettime() + 5
        while self:alive() and socket.gettime() < until_t do socket.sleep(0.02) end
        if self:alive() then
            sh("for w in $(ps -o pid= --ppid " .. self.pid .. "); do kill -KILL $w; done 2>/dev/null; kill -KILL "
               .. self.pid .. " 2>/dev/null")
        end
    end
    if self.prefix and match(self.prefix, "/tim%-emulator%-nginx%.%w+$") and os.getenv("TIM_KEEP_NGINX") ~= "1" then
        sh("rm -rf " .. q(self.prefix))
    end
    self.pid = nil
end

return _M

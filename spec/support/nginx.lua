-- A private nginx (Debian's, with libnginx-mod-http-lua) for tests and benchmarks, on free loopback ports.
--
--   local nginx = require "support.nginx"
--   local srv = assert(nginx.start{
--       server = [[ location /x { return 200 "ok"; } ]],   -- the body of the one server{} block
--       http = [[ keepalive_timeout 1s; ]],                  -- more http{} directives (optional)
--       main = [[ env FOO; ]],                               -- more main-context directives (optional)
--       ssl = { cert = path, key = path },                   -- also listen with TLS on srv.ssl_port (optional)
--       lua = true,                                          -- load ndk + ngx_http_lua (default true)
--       worker_processes = 1,                                -- default 1 ($connection is then unique)
--       port = n,                                            -- a fixed HTTP port (default: a free one)
--   })
--   srv.port, srv.ssl_port, srv.url ("http://127.0.0.1:port"), srv.ssl_url, srv.prefix (temp dir)
--   srv:access_log() -> { lines }   each line: "$connection $connection_requests $request_method $uri $status"
--   srv:connections([uri_pattern]) -> number of distinct $connection values in the access log
--   srv:wait_log(uri_pattern, n [, timeout]) -> matching lines, once there are n (nginx logs after answering)
--   srv:call(args) -> decoded JSON of /_call (needs nginx.CALL_LOCATION in the server block)
--   srv:error_log() -> string
--   srv:stop()       stops nginx (QUIT, then KILL) and removes the prefix (set TIM_KEEP_NGINX=1 to keep it)
--   nginx.free_port(), nginx.CALL_LOCATION (a /_call location making requests through tim.net.transport.ngx)
-- A watchdog shell stops the nginx if this Lua process goes away without srv:stop() (a crashed or killed run).
--
-- Lua code in the server sees the repo: lua_package_path = <root>/lua/?.lua;<root>/lua/?/init.lua;
-- <root>/spec/?.lua;;  lua_package_cpath = <root>/build/luajit/?.so;;  (<root> = $LUA_TIM_ROOT or the cwd).

local socket = require "socket"

local _M = {}

local NGINX = "/usr/sbin/nginx"
local MODULES = "/usr/share/nginx/modules/"

local shell = require "support.shell"
local q, read_file, write_file, sh = shell.q, shell.read, shell.write, shell.ok

local function repo_root()
    local root = os.getenv("LUA_TIM_ROOT")
    if root and root ~= "" then
        return root
    end
    local p = io.popen("pwd")
    root = p:read("*l")
    p:close()
    return root
end
_M.root = repo_root

--- A port that was free a moment ago (bind 127.0.0.1:0, read it, close), and not one this process was given
--- before: the kernel may hand the same port out again once it is closed, and two servers of one nginx.conf on
--- one port are virtual hosts of each other (the first answers for both, TLS or not: a spec talking to the
--- wrong one sees a valid certificate where it expects an expired one).
local given = {}
function _M.free_port()
    for _ = 1, 100 do
        local s = assert(socket.bind("127.0.0.1", 0))
        local _, port = s:getsockname()
        s:close()
        port = tonumber(port)
        if not given[port] then
            given[port] = true
            return port
        end
    end
    error("support.nginx.free_port: the kernel keeps handing out ports this process already holds")
end

local is_root
function _M.is_root()
    if is_root == nil then
        local p = io.popen("id -u")
        is_root = p:read("*l") == "0"
        p:close()
    end
    return is_root
end

local CONF = [[
daemon on;
master_process on;
worker_processes %d;
%s
pid logs/nginx.pid;
error_log logs/error.log %s;
%s
%s
events {
    worker_connections 1024;
}
http {
    log_format tim_conn '$connection $connection_requests $request_method $uri $status';
    access_log logs/access.log tim_conn;
    client_body_temp_path temp/client_body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    default_type application/octet-stream;
%s
%s
    server {
        listen 127.0.0.1:%d;
%s
        server_name localhost;
%s
    }
}
]]

-- A location for OpenResty end-to-end specs: one nginx request makes `n` requests through tim.net.transport.ngx.
--   GET /_call?host=127.0.0.1&port=N&path=/v4/x&scheme=http|https&n=1&timeout=2&method=POST&body=...
--              &server_name=..&insecure=1&cafile=..&trusted=..&pool_size=..&idle=..&bodysize=N (a body of N "x")
-- answers JSON { ok = true, status, body, calls } or { ok = false, kind, message, sent, calls, written, complete,
-- reused, received } (the transport's report), plus elapsed.
_M.CALL_LOCATION = [[
        location = /_call {
            content_by_lua_block {
                local cjson = require "cjson"
                local args = ngx.req.get_uri_args()
                local t = require("tim.net.transport.ngx").new{
                    pool_size = tonumber(args.pool_size) or 8,
                    idle_timeout = tonumber(args.idle) or 60,
                    trusted_certificate = args.trusted,
                }
                local tls
                if args.scheme == "https" then
                    tls = { server_name = args.server_name, insecure_skip_verify = args.insecure == "1" or nil,
                            cafile = args.cafile, verify = args.verify ~= "0" }
                end
                ngx.update_time()
                local started = ngx.now()
                local out = {}
                for i = 1, tonumber(args.n) or 1 do
                    local resp, err = t:request{
                        method = args.method or "POST", scheme = args.scheme or "http",
                        host = args.host or "127.0.0.1", port = tonumber(args.port), path = args.path or "/",
                        headers = { ["Content-Type"] = "application/json" },
                        body = args.bodysize and string.rep("x", tonumber(args.bodysize)) or args.body or "{}",
                        timeout = tonumber(args.timeout) or 2, tls = tls,
                    }
                    if not resp then
                        out = { ok = false, kind = err.kind, message = err.message, sent = err.sent, calls = i,
                                written = err.written or cjson.null, complete = err.complete,
                                reused = err.reused, received = err.received }
                        break
                    end
                    out = { ok = true, status = resp.status, body = resp.body, calls = i }
                    if args.sleep then ngx.sleep(tonumber(args.sleep)) end
                end
                ngx.update_time()
                out.elapsed = ngx.now() - started
                ngx.header["Content-Type"] = "application/json"
                ngx.say(cjson.encode(out))
            }
        }
]]

--- srv:call(args) -> decoded JSON of GET /_call?args (needs CALL_LOCATION in the server), or nil, err.
function _M.call(srv, args, timeout)
    local cjson = require "cjson"
    local parts = {}
    for k, v in pairs(args) do
        parts[#parts + 1] = k .. "=" .. tostring(v):gsub("[^%w%-%._~/]", function(c)
            return string.format("%%%02X", c:byte())
        end)
    end
    table.sort(parts)
    local http = require "tim.net.http"
    local c = socket.tcp()
    c:settimeout(timeout or 10, "t")
    local ok, err = c:connect("127.0.0.1", srv.port)
    if not ok then
        return nil, err
    end
    http.write_request(c, { method = "GET", host = "localhost", path = "/_call?" .. table.concat(parts, "&"),
                            headers = { Connection = "close" } })
    local resp, rerr = http.read_response(c)
    c:close()
    if not resp then
        return nil, rerr
    end
    local body = resp.body
    local okj, decoded = pcall(cjson.decode, body or "")
    if not okj then
        return nil, "bad /_call answer: " .. tostring(body)
    end
    return decoded
end

local Server = {}
Server.__index = Server

local function wait_port(port, seconds)
    local until_t = socket.gettime() + seconds
    while socket.gettime() < until_t do
        local c = socket.tcp()
        c:settimeout(0.2)
        local ok = c:connect("127.0.0.1", port)
        c:close()
        if ok then
            return true
        end
        socket.sleep(0.02)
    end
    return false
end

local function pid_alive(pid)
    return sh("kill -0 " .. pid .. " 2>/dev/null")
end

-- The pid of this Lua process (the parent of the shell io.popen starts).
local my_pid
function _M.my_pid()
    if not my_pid then
        local p = io.popen("echo $PPID")
        my_pid = tonumber(p:read("*l"))
        p:close()
    end
    return my_pid
end

--- watchdog(pid [, signal]): sends `signal` (default TERM) to `pid` once this Lua process is gone, so a test run
-- that dies (or is killed) does not leave daemons behind. A background shell polling once a second.
function _M.watchdog(pid, signal)
    local me = _M.my_pid()
    if not (me and pid) then
        return
    end
    sh(("(while kill -0 %d 2>/dev/null && kill -0 %d 2>/dev/null; do sleep 1; done; kill -%s %d 2>/dev/null)"
        .. " >/dev/null 2>&1 </dev/null &"):format(me, pid, signal or "TERM", pid))
end

function _M.start(opts)
    opts = opts or {}
    local lua = opts.lua ~= false
    local root = repo_root()
    local last_err
    for _ = 1, 3 do     -- a free port can be taken between our probe and nginx's bind: try again
        local p = io.popen("mktemp -d /tmp/lua-tim-nginx.XXXXXX")
        local prefix = p:read("*l")
        p:close()
        assert(prefix and prefix ~= "", "support.nginx: mktemp failed")
        assert(sh("mkdir -p " .. q(prefix .. "/conf") .. " " .. q(prefix .. "/logs") .. " " .. q(prefix .. "/temp")))
        local port = opts.port or _M.free_port()
        local ssl_port = opts.ssl and _M.free_port() or nil
        local ssl_listen = ""
        if ssl_port then
            ssl_listen = ("        listen 127.0.0.1:%d ssl;\n        ssl_certificate %s;\n"
                          .. "        ssl_certificate_key %s;\n"):format(ssl_port, opts.ssl.cert, opts.ssl.key)
        end
        local lua_paths = ""
        if lua then
            lua_paths = ('    lua_package_path "%s/lua/?.lua;%s/lua/?/init.lua;%s/spec/?.lua;;";\n'
                         .. '    lua_package_cpath "%s/build/luajit/?.so;;";'):format(root, root, root, root)
        end
        local conf = CONF:format(
            opts.worker_processes or 1,
            -- as root, workers would run as nobody and could not read the repo or the temp dir
            _M.is_root() and "user root root;" or "",
            opts.error_level or "info",
            lua and ("load_module " .. MODULES .. "ndk_http_module.so;\nload_module " .. MODULES
                     .. "ngx_http_lua_module.so;") or "",
            opts.main or "",
            lua_paths,
            opts.http or "",
            port, ssl_listen, opts.server or "")
        write_file(prefix .. "/conf/nginx.conf", conf)
        local ok = sh(NGINX .. " -p " .. q(prefix) .. " -c conf/nginx.conf -e logs/error.log"
                      .. " >" .. q(prefix .. "/logs/start.out") .. " 2>&1")
        local srv = setmetatable({ prefix = prefix, port = port, ssl_port = ssl_port,
                                   url = "http://127.0.0.1:" .. port,
                                   ssl_url = ssl_port and ("https://127.0.0.1:" .. ssl_port) or nil }, Server)
        if ok and wait_port(port, 5) and (not ssl_port or wait_port(ssl_port, 5)) then
            _M.watchdog(srv:pid(), "QUIT")
            return srv
        end
        last_err = "support.nginx: nginx did not start: " .. (read_file(prefix .. "/logs/start.out") or "")
                   .. (read_file(prefix .. "/logs/error.log") or "")
        srv:stop()
        if not last_err:find("Address already in use", 1, true) then
            break
        end
    end
    return nil, last_err
end

function Server:call(args, timeout)
    return _M.call(self, args, timeout)
end

function Server:pid()
    local s = read_file(self.prefix .. "/logs/nginx.pid")
    return s and tonumber(s:match("%d+"))
end

function Server:access_log()
    local lines = {}
    local data = read_file(self.prefix .. "/logs/access.log") or ""
    for line in data:gmatch("[^\n]+") do
        lines[#lines + 1] = line
    end
    return lines
end

--- Distinct $connection values in the access log, optionally only for lines whose URI matches `uri_pattern`.
function Server:connections(uri_pattern)
    local seen, n = {}, 0
    for _, line in ipairs(self:access_log()) do
        local conn, uri = line:match("^(%d+) %d+ %S+ (%S+)")
        if conn and (not uri_pattern or uri:find(uri_pattern)) and not seen[conn] then
            seen[conn] = true
            n = n + 1
        end
    end
    return n
end

--- Access-log lines whose URI matches `uri_pattern`, waiting (up to `timeout` s, default 3) until there are at
-- least `n`: nginx writes a log line after the response went out, so a client can be a little ahead of it.
function Server:wait_log(uri_pattern, n, timeout)
    local until_t = socket.gettime() + (timeout or 3)
    while true do
        local found = {}
        for _, line in ipairs(self:access_log()) do
            local uri = line:match("^%d+ %d+ %S+ (%S+)")
            if uri and uri:find(uri_pattern) then
                found[#found + 1] = line
            end
        end
        if #found >= n or socket.gettime() > until_t then
            return found
        end
        socket.sleep(0.01)
    end
end

function Server:error_log()
    return read_file(self.prefix .. "/logs/error.log") or ""
end

function Server:stop()
    if self.stopped then
        return
    end
    self.stopped = true
    local pid = self:pid()
    if pid and pid_alive(pid) then
        sh("kill -QUIT " .. pid .. " 2>/dev/null")
        local until_t = socket.gettime() + 3
        while pid_alive(pid) and socket.gettime() < until_t do
            socket.sleep(0.02)
        end
        if pid_alive(pid) then
            -- workers may hold a stalled connection: take down the whole process group
            -- the workers first (by their parent's pid), then the master
            sh("for w in $(ps -o pid= --ppid " .. pid .. "); do kill -KILL $w; done 2>/dev/null; kill -KILL "
               .. pid .. " 2>/dev/null")
        end
    end
    if os.getenv("TIM_KEEP_NGINX") ~= "1" and self.prefix:match("^/tmp/lua%-tim%-nginx%.[%w]+$") then
        sh("rm -rf " .. q(self.prefix))
    end
end

-- bare_location(name, port, path, body) -> an nginx `location = /<name>` that sends one prebuilt POST of `body` to
-- `path` on 127.0.0.1:port over a bare pooled cosocket, reads the answer by its Content-Length and prints its
-- body: the yardstick the benches hold the SDK's OpenResty handlers against (same bytes, same pool size). The
-- request itself is package.loaded.bench_bare_call (a function -> body or nil, err), made by the first request,
-- so that a bench can also call it N times inside one handler (bench/heap_openresty.lua's bytes per call).
function _M.bare_location(name, port, path, body)
    return ([[
        location = /%s {
            content_by_lua_block {
                local call = package.loaded.bench_bare_call
                if not call then
                    local bytes = require("tim.net.http").build_request{ method = "POST", host = "127.0.0.1",
                        port = %d, path = %q, headers = { ["Content-Type"] = "application/json" }, body = %q }
                    call = function()
                        local sock = ngx.socket.tcp()
                        sock:settimeouts(5000, 5000, 5000)
                        local ok, err = sock:connect("127.0.0.1", %d, { pool = "bare", pool_size = 64 })
                        if not ok then return nil, err end
                        sock:send(bytes)
                        sock:receive("*l")
                        local len
                        while true do
                            local l = sock:receive("*l")
                            if not l or l == "" then break end
                            local v = l:match("^[Cc]ontent%%-[Ll]ength:%%s*(%%d+)")
                            if v then len = tonumber(v) end
                        end
                        local answer = sock:receive(len)
                        sock:setkeepalive(60000, 64)
                        return answer
                    end
                    package.loaded.bench_bare_call = call
                end
                local answer, err = call()
                if not answer then ngx.status = 502 ngx.say(err) return end
                ngx.print(answer)
            }
        }
]]):format(name, port, path, body, port)
end

_M.q = q        -- shell quoting, for specs that build commands

return _M

-- A private Redis (Debian's redis-server) for the rate-limit specs: loopback, a free port, a temp dir, no
-- persistence (a restart starts empty, as a fresh or failed-over Redis does).
--
--   local redis = require "support.redis"
--   local srv = assert(redis.start())          -- or redis.start{ port = n }
--   srv.port, srv.dir
--   srv:cmd("GET", "k")                        -- one command through redis-lua; raises on an error reply
--   srv:stop([signal])                         -- SIGTERM (or `signal`, "KILL" for a crash), then KILL; keeps
--                                                 the dir so that srv:start() restarts
--   srv:start()                                -- (again) on the same port
--   srv:remove()                               -- stop and remove the dir
--   redis.lib()                                -- redis-lua (Debian installs it for 5.1-5.3 only: the path is
--                                                 extended for Lua 5.4, where it works unchanged)
-- A watchdog (support.nginx's) stops the server if the Lua process goes away first.
local socket = require "socket"
local nginx = require "support.nginx"

local _M = {}

local Server = {}
Server.__index = Server

local shell = require "support.shell"
local sh, read_file = shell.ok, shell.read

local lib
function _M.lib()
    if not lib then
        local ok, r = pcall(require, "redis")
        if not ok then
            package.path = package.path .. ";/usr/share/lua/5.1/?.lua"
            r = require "redis"
        end
        lib = r
    end
    return lib
end

function _M.start(opts)
    opts = opts or {}
    local p = io.popen("mktemp -d /tmp/lua-tim-redis.XXXXXX")
    local dir = p:read("*l")
    p:close()
    assert(dir and dir ~= "", "support.redis: mktemp failed")
    local srv = setmetatable({ dir = dir, port = opts.port }, Server)
    local ok, err
    for _ = 1, 3 do     -- a free port can be taken between the probe and redis-server's bind
        srv.port = opts.port or nginx.free_port()
        ok, err = srv:start()
        if ok or opts.port then
            break
        end
    end
    if not ok then
        srv:remove()
        return nil, err
    end
    return srv
end

function Server:pid()
    local s = read_file(self.dir .. "/redis.pid")
    return s and tonumber(s:match("%d+"))
end

function Server:start()
    os.remove(self.dir .. "/redis.pid")
    local cmd = ("redis-server --port %d --bind 127.0.0.1 --save '' --appendonly no --dir %s --daemonize yes"
                 .. " --pidfile %s/redis.pid --logfile %s/redis.log"):format(self.port, self.dir, self.dir, self.dir)
    if not sh(cmd .. " >/dev/null 2>&1") then
        return nil, "support.redis: redis-server did not start"
    end
    local until_t = socket.gettime() + 5
    while socket.gettime() < until_t do
        local c = socket.tcp()
        c:settimeout(0.2)
        if c:connect("127.0.0.1", self.port) then
            c:send("PING\r\n")
            local line = c:receive("*l")
            c:close()
            if line == "+PONG" and self:pid() then
                nginx.watchdog(self:pid(), "KILL")
                self.running = true
                return true
            end
        else
            c:close()
        end
        socket.sleep(0.02)
    end
    local pid = self:pid()
    if pid then
        sh("kill -KILL " .. pid .. " 2>/dev/null")
    end
    return nil, "support.redis: redis-server not answering: " .. (read_file(self.dir .. "/redis.log") or "")
end

function Server:cmd(...)
    local c = _M.lib().connect{ host = "127.0.0.1", port = self.port, timeout = 2 }
    local args = { ... }
    local name = string.lower(table.remove(args, 1))
    local ok, res = pcall(c[name], c, (table.unpack or unpack)(args))  -- luacheck: ignore 143
    pcall(c.quit, c)
    if not ok then
        error(res, 2)
    end
    return res
end

function Server:stop(signal)
    local pid = self:pid()
    self.running = false
    if not pid then
        return
    end
    sh("kill -" .. (signal or "TERM") .. " " .. pid .. " 2>/dev/null")
    local until_t = socket.gettime() + 3
    while sh("kill -0 " .. pid .. " 2>/dev/null") and socket.gettime() < until_t do
        socket.sleep(0.02)
    end
    if sh("kill -0 " .. pid .. " 2>/dev/null") then
        sh("kill -KILL " .. pid .. " 2>/dev/null")
    end
    os.remove(self.dir .. "/redis.pid")
end

function Server:remove()
    self:stop()
    if self.dir:match("^/tmp/lua%-tim%-redis%.[%w]+$") then
        sh("rm -rf '" .. self.dir .. "'")
    end
end

return _M

-- A misbehaving HTTP server for the transport fault specs (not a spec itself: busted runs *_spec.lua only).
--
--   local faults = require "29-support_faults"
--   local srv = faults.start()        -- a child process (lua5.4 + LuaSocket) on 127.0.0.1:srv.port
--   ... requests to http://127.0.0.1:srv.port/<fault> ...
--   srv:stop()
--
-- Paths (the request is read in full first, with tim.http.read_request):
--   /ok                  200 JSON, keep-alive
--   /stall               never answers
--   /stall_headers       half a header block, then nothing
--   /stall_body          headers (Content-Length 100) and 10 body bytes, then nothing
--   /drip                a header byte every 0.2 s, forever (no single read ever waits long)
--   /reset_body          headers (Content-Length 100), 10 body bytes, then a TCP reset
--   /502                 502 with an HTML body, Connection: close
--   /truncated_chunked   a chunked body cut off mid-chunk (connection closed)
--   /big_headers         a 100 KiB header field
--   /invalid_json        200 with a body that is not JSON
--   /close_second        answers the first request on a connection; closes the connection on the next one
--                        without a byte (the keep-alive race)
--   /partial_second      answers the first request; on the next one sends "HTTP/1.1 200" and closes
--   /close_now           closes the connection without a byte
--   /count               200 with the number of connections accepted so far as the body

local _M = {}

local HERE = debug.getinfo(1, "S").source:match("^@(.*)$")

function _M.start(lua)
    local socket = require "socket"
    lua = lua or "lua5.4"
    local portfile = os.tmpname()
    os.remove(portfile)
    local root = os.getenv("LUA_TIM_ROOT") or "."
    local cmd = ("LUA_PATH='%s/lua/?.lua;%s/lua/?/init.lua;;' %s %s serve %s >/dev/null 2>&1 & echo $!")
        :format(root, root, lua, HERE, portfile)
    local p = io.popen(cmd)
    local pid = tonumber(p:read("*l"))
    p:close()
    local port
    local until_t = socket.gettime() + 5
    while socket.gettime() < until_t do
        local f = io.open(portfile, "r")
        if f then
            port = tonumber(f:read("*l"))
            f:close()
            if port then break end
        end
        socket.sleep(0.02)
    end
    os.remove(portfile)
    local srv = { pid = pid, port = port }
    require("support.nginx").watchdog(pid, "KILL")    -- gone with this process, whatever happens
    function srv.stop()
        if pid then
            os.execute("kill -KILL " .. pid .. " 2>/dev/null")
            pid = nil
        end
    end
    assert(port, "29-support_faults: the fault server did not start")
    return srv
end

---------------------------------------------------------------------------------------------------------------
-- The server (runs in the child)

local function serve(portfile)
    local socket = require "socket"
    local http = require "tim.http"
    local server = assert(socket.bind("127.0.0.1", 0, 64))
    server:settimeout(0)
    local _, port = server:getsockname()
    local tmp = portfile .. ".tmp"
    local f = assert(io.open(tmp, "w"))
    f:write(port, "\n")
    f:close()
    os.rename(tmp, portfile)

    local active = {}       -- sockets we read requests from: sock -> { requests = n }
    local held = {}         -- sockets kept open and ignored
    local drips = {}        -- { sock, next_t }
    local accepted = 0

    local function hold(c)
        active[c] = nil
        held[#held + 1] = c
    end
    local function close(c)
        active[c] = nil
        c:close()
    end
    local function json(c, body, extra)
        local h = { ["Content-Type"] = "application/json" }
        for k, v in pairs(extra or {}) do h[k] = v end
        http.write_response(c, 200, h, body)
    end

    local handlers = {
        ["/ok"] = function(c) json(c, '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}') end,
        ["/count"] = function(c) json(c, tostring(accepted)) end,
        ["/stall"] = function(c) hold(c) end,
        ["/stall_headers"] = function(c)
            c:send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-")
            hold(c)
        end,
        ["/stall_body"] = function(c)
            c:send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
            hold(c)
        end,
        ["/drip"] = function(c)
            c:send("HTTP/1.1 200 OK\r\n")
            active[c] = nil
            drips[#drips + 1] = { sock = c, next_t = socket.gettime() + 0.2 }
        end,
        ["/reset_body"] = function(c)
            c:send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
            socket.sleep(0.05)
            c:setoption("linger", { on = true, timeout = 0 })
            close(c)
        end,
        ["/502"] = function(c)
            http.write_response(c, 502, { ["Content-Type"] = "text/html", Connection = "close" },
                                "<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>")
            close(c)
        end,
        ["/truncated_chunked"] = function(c)
            c:send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"ErrorCode\":0,")
            socket.sleep(0.05)
            close(c)
        end,
        ["/big_headers"] = function(c)
            c:send("HTTP/1.1 200 OK\r\nX-Big: " .. string.rep("b", 100 * 1024) .. "\r\nContent-Length: 2\r\n\r\n{}")
        end,
        ["/invalid_json"] = function(c) json(c, "{this is not json") end,
        ["/close_now"] = function(c) close(c) end,
        ["/close_second"] = function(c, st)
            if st.requests == 1 then
                json(c, '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}')
            else
                close(c)
            end
        end,
        ["/partial_second"] = function(c, st)
            if st.requests == 1 then
                json(c, '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}')
            else
                c:send("HTTP/1.1 200")
                socket.sleep(0.05)
                close(c)
            end
        end,
    }

    local stop_at = socket.gettime() + 900     -- a safety net: never outlive a test run by much
    while socket.gettime() < stop_at do
        local list = { server }
        for c in pairs(active) do list[#list + 1] = c end
        local readable = socket.select(list, nil, 0.05)
        for _, s in ipairs(readable or {}) do
            if s == server then
                local c = server:accept()
                if c then
                    accepted = accepted + 1
                    c:setoption("tcp-nodelay", true)
                    active[c] = { requests = 0 }
                end
            elseif active[s] then
                local st = active[s]
                s:settimeout(1)
                local req = http.read_request(s)
                if not req then
                    close(s)
                else
                    st.requests = st.requests + 1
                    local h = handlers[req.path]
                    if h then
                        h(s, st)
                    else
                        http.write_response(s, 404, { ["Content-Type"] = "text/plain" }, "no such fault")
                    end
                end
            end
        end
        local now = socket.gettime()
        for _, d in ipairs(drips) do
            if now >= d.next_t then
                d.sock:send("X")
                d.next_t = now + 0.2
            end
        end
        if #held > 200 then
            for i = 1, 100 do held[i]:close() end
            table.move(held, 101, #held, 1)
            for i = #held - 99, #held do held[i] = nil end
        end
    end
end

if arg and arg[1] == "serve" and arg[0] and arg[0]:match("29%-support_faults%.lua$") then
    serve(arg[2])
end

return _M

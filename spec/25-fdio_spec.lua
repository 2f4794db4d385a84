-- tim.core's descriptor I/O (csrc/fdio.c) and tim.stream's descriptor driver, the one the socket transport uses
-- for plain http: over real loopback socket pairs, against a peer that stalls, closes, floods or sends a byte
-- while the connection is idle.
local core = require "tim.core"
local stream = require "tim.net.stream"
local http = require "tim.net.http"
local socket = require "socket"

local function pair()
    local srv = assert(socket.bind("127.0.0.1", 0))
    local _, port = srv:getsockname()
    local c = assert(socket.connect("127.0.0.1", port))
    local s = assert(srv:accept())
    srv:close()
    s:settimeout(2)
    return c, s
end

describe("tim.core descriptor I/O", function()
    it("fd_recv takes what is there, up to max, and says timeout when nothing comes", function()
        local c, s = pair()
        finally(function() c:close() s:close() end)
        assert(s:send("hello world"))
        socket.sleep(0.05)
        assert.equal("hello", core.fd_recv(c:getfd(), 5, 1))
        assert.equal(" world", core.fd_recv(c:getfd(), 16384, 1))
        local data, err = core.fd_recv(c:getfd(), 100, 0.05)
        assert.is_nil(data)
        assert.equal("timeout", err)
    end)

    it("fd_recv says closed at the end of the stream, and for a closed socket's descriptor", function()
        local c, s = pair()
        s:close()
        local data, err = core.fd_recv(c:getfd(), 100, 1)
        assert.is_nil(data)
        assert.equal("closed", err)
        c:close()
        assert.same({ nil, "closed" }, { core.fd_recv(c:getfd(), 100, 1) })   -- getfd() of a closed socket: -1
    end)

    it("fd_recv_exact gathers n bytes over many reads and returns the part that came before a close", function()
        local c, s = pair()
        finally(function() c:close() end)
        local chunk = ("0123456789"):rep(1000)
        local co = coroutine.wrap(function()
            for _ = 1, 20 do
                assert(s:send(chunk))
                coroutine.yield()
            end
        end)
        co()
        for _ = 2, 20 do co() end
        local data = assert(core.fd_recv_exact(c:getfd(), 20 * #chunk, 5))
        assert.equal(chunk:rep(20), data)
        assert(s:send("abc"))
        s:close()
        local none, err, partial = core.fd_recv_exact(c:getfd(), 10, 2)
        assert.is_nil(none)
        assert.equal("closed", err)
        assert.equal("abc", partial)
    end)

    it("fd_send writes a list of strings in order, in one call, and says how many bytes", function()
        local c, s = pair()
        finally(function() c:close() s:close() end)
        local pieces = { "POST ", "/v4/a/b?", "x=1", "", " HTTP/1.1\r\n", "\r\n" }
        assert.equal(#table.concat(pieces), core.fd_send(c:getfd(), pieces, 1))
        assert.equal(table.concat(pieces), s:receive(#table.concat(pieces)))
        assert.equal(5, core.fd_send(c:getfd(), "hello", 1))
        assert.equal("hello", s:receive(5))
        local many = {}
        for i = 1, 200 do many[i] = string.char(65 + i % 26) end    -- more pieces than one sendmsg takes
        assert.equal(200, core.fd_send(c:getfd(), many, 1))
        assert.equal(table.concat(many), s:receive(200))
    end)

    it("fd_send stops at its time limit against a peer that never reads, saying how much left", function()
        local c, s = pair()
        finally(function() c:close() s:close() end)
        local block = ("x"):rep(1024 * 1024)
        local ok, err, sent = core.fd_send(c:getfd(), { block, block, block, block, block, block, block, block,
                                                         block, block, block, block, block, block, block, block }, 0.2)
        assert.is_nil(ok)
        assert.equal("timeout", err)
        assert.is_true(sent > 0 and sent < 16 * #block, "sent " .. tostring(sent))
    end)

    it("fd_send to a peer that has gone says closed and never raises SIGPIPE", function()
        local c, s = pair()
        finally(function() c:close() end)
        s:close()
        socket.sleep(0.05)
        local err
        for _ = 1, 50 do          -- the first write may still be accepted; a later one meets the reset
            local ok, e = core.fd_send(c:getfd(), ("y"):rep(65536), 1)
            if not ok then
                err = e
                break
            end
            socket.sleep(0.01)
        end
        assert.equal("closed", err)
    end)

    it("fd_idle tells an idle connection from one with bytes waiting or at its end, and reads nothing", function()
        local c, s = pair()
        finally(function() c:close() s:close() end)
        assert.is_true(core.fd_idle(c:getfd()))
        assert(s:send("!"))
        socket.sleep(0.05)
        assert.same({ false, "data" }, { core.fd_idle(c:getfd()) })
        assert.same({ false, "data" }, { core.fd_idle(c:getfd()) })     -- peeked, not taken
        assert.equal("!", core.fd_recv(c:getfd(), 10, 1))
        s:close()
        socket.sleep(0.05)
        assert.same({ false, "closed" }, { core.fd_idle(c:getfd()) })
    end)

    it("fd_poll says which descriptors are ready to read or write, in their lists' positions", function()
        local a1, a2 = pair()
        local b1, b2 = pair()
        finally(function() a1:close() a2:close() b1:close() b2:close() end)
        local rout, wout = { 99, 99, 99 }, {}
        -- nothing to read: the time passes (a negative descriptor, a closed socket's, is left out)
        assert.same({ 0, 0 }, { core.fd_poll({ a1:getfd(), -1, b1:getfd() }, {}, 0.01, rout, wout) })
        assert(b2:send("x"))
        assert.same({ 1, 0 }, { core.fd_poll({ a1:getfd(), -1, b1:getfd() }, {}, 1, rout, wout) })
        assert.equal(3, rout[1])                        -- b1, the third entry
        -- an idle connection can be written; a read and a write wait in one call
        assert.same({ 1, 2 }, { core.fd_poll({ b1:getfd() }, { a1:getfd(), b1:getfd() }, 1, rout, wout) })
        assert.same({ 1, 1, 2 }, { rout[1], wout[1], wout[2] })
        -- the end of the stream counts as ready: the next read reports it
        a2:close()
        assert.same({ 1, 0 }, { core.fd_poll({ a1:getfd() }, {}, 1, rout, wout) })
        assert.same({ nil, "closed" }, { core.fd_recv(a1:getfd(), 10, 1) })
        -- more descriptors than fit on the stack, the same one many times
        local many = {}
        for i = 1, 300 do many[i] = b1:getfd() end
        assert.same({ 300, 0 }, { core.fd_poll(many, {}, 1, rout, wout) })
        assert.equal(300, rout[300])
        -- with no descriptor at all it is a sleep
        assert.same({ 0, 0 }, { core.fd_poll({}, {}, 0.01, rout, wout) })
    end)

    it("raises an error naming the argument for a wrong type or range", function()
        local c, s = pair()
        finally(function() c:close() s:close() end)
        local fd = c:getfd()
        for _, case in ipairs{
            { "fd must be", core.fd_recv, "3", 10, 1 },
            { "fd must be", core.fd_recv, 1.5, 10, 1 },
            { "max must be", core.fd_recv, fd, 0, 1 },
            { "max must be", core.fd_recv, fd, 16385, 1 },
            { "timeout must be", core.fd_recv, fd, 10, "1" },
            { "timeout must be", core.fd_recv, fd, 10, 0 / 0 },
            { "n must be", core.fd_recv_exact, fd, 0, 1 },
            { "data must be", core.fd_send, fd, 42, 1 },
            { "data[2] must be a string", core.fd_send, fd, { "a", 2 }, 1 },
            { "fd must be", core.fd_idle, nil },
            { "rfds must be a list", core.fd_poll, nil, {}, 1, {}, {} },
            { "wfds must be a list", core.fd_poll, {}, 7, 1, {}, {} },
            { "timeout must be", core.fd_poll, {}, {}, nil, {}, {} },
            { "rout must be a table", core.fd_poll, {}, {}, 1, nil, {} },
            { "wout must be a table", core.fd_poll, {}, {}, 1, {}, "x" },
            { "rfds[2] must be a descriptor number", core.fd_poll, { fd, "3" }, {}, 1, {}, {} },
            { "wfds[1] must be a descriptor number", core.fd_poll, {}, { 0.5 }, 1, {}, {} },
        } do
            local ok, err = pcall(case[2], table.unpack(case, 3, 7))
            assert.is_false(ok)
            assert.matches(case[1], err, 1, true)
        end
        -- a bad piece is found before any byte leaves
        pcall(core.fd_send, fd, { "sent?", {} }, 1)
        s:settimeout(0.05)
        local data, err = s:receive(1)
        assert.is_nil(data)
        assert.equal("timeout", err)
    end)
end)

describe("tim.net.stream's descriptor driver", function()
    it("is what the socket transport reads plain http with: a large body, sent slowly, arrives whole", function()
        local srv = assert(socket.bind("127.0.0.1", 0))
        local _, port = srv:getsockname()
        -- the peer: another process that answers with a 3 MiB body in 64 KiB pieces, pausing between them
        local peer = io.popen(([[lua5.4 -e '
            local socket = require "socket"
            local c = assert(socket.connect("127.0.0.1", %d))
            local piece = ("z"):rep(65536)
            c:send("HTTP/1.1 200 OK\r\nContent-Length: " .. (48 * #piece + 7) .. "\r\n\r\n")
            for i = 1, 48 do c:send(piece) if i %% 8 == 0 then socket.sleep(0.01) end end
            c:send("1234567")
            c:receive(1)
            c:close()' 2>&1]]):format(port))
        local c = assert(srv:accept())
        srv:close()
        finally(function() c:close() peer:close() end)
        local st = stream.new(c, stream.blocking.plain)
        assert.equal(stream.fd, st.driver)
        local resp = assert(http.read_response(st, socket.gettime() + 10))
        assert.equal(200, resp.status)
        assert.equal(48 * 65536 + 7, #resp.body)
        assert.is_true(resp.body == ("z"):rep(48 * 65536) .. "1234567")
        assert.is_true(resp.keepalive)
    end)

    it("checks an idle pooled connection without reading it: a byte that came while idle closes it", function()
        local c, s = pair()
        finally(function() c:close() s:close() end)
        assert.is_true(stream.fd.alive(c))
        assert(s:send("unsolicited"))
        socket.sleep(0.05)
        assert.is_false(stream.fd.alive(c))
        assert.is_false(stream.blocking.alive(c))     -- the LuaSocket/LuaSec driver's check agrees
        assert.equal("unsolicited", core.fd_recv(c:getfd(), 100, 1))
        assert.is_true(stream.blocking.alive(c))
    end)
end)

-- tim.loop: a small dispatcher for coroutines over non-blocking LuaSocket/LuaSec sockets, with timers.
--
--   local loop = require("tim.net.loop").new()
--   local im = assert(tim.new{ ..., loop = loop })      -- every wait of this client yields to the loop
--   loop:spawn(function() local res, err = im.openim.sendmsg{ ... } end)
--   loop:run()                  -- scripts: until nothing is left
--   loop:step(0.002)            -- a host's frame loop: runs what is ready, returns within about 2 ms
--
-- A task is a coroutine started by spawn(). When it would block (a socket not ready, a sleep, a busy connection
-- slot), it yields to the loop with what it waits for and a deadline; step() resumes it when poll() says the
-- socket is ready, its time has come, or the deadline passed. The loop also provides a tim.net.stream driver
-- (loop.driver: the same codec and transport code as the blocking path, only waiting differently), a transport
-- (loop:transport()), listening sockets (loop:listen(), for the emulator), and per-key connection slots.
--
-- Every read and write of the loop's drivers checks the clock against its deadline before it touches the socket,
-- so a peer that keeps bytes arriving cannot outlive a deadline (only a wait could time out before), and a task
-- that has run for SLICE since it was resumed lets the others run before its next read or write (a connection
-- whose socket is always ready must not hold the loop). step() wakes a task whose deadline passed with false
-- even when its socket is ready.
--
-- Limits: a step polls every waiting socket once (tim.core.fd_poll, any descriptor number): hundreds to a few
-- thousand sockets per loop, not tens of thousands.
-- A task that yields for its own purposes (a coroutine.yield not made by the loop) is an error: nest your own
-- coroutines inside a task, not around the loop's waits.
local socket = require "socket"
local core = require "tim.core"
local stream = require "tim.net.stream"

local setmetatable = setmetatable
local create, resume, yield, running, status =
    coroutine.create, coroutine.resume, coroutine.yield, coroutine.running, coroutine.status
local gettime = socket.gettime
local pairs, ipairs, type, tostring, tonumber, error, pcall, select =
    pairs, ipairs, type, tostring, tonumber, error, pcall, select
local floor = math.floor
local unpack = table.unpack or unpack      -- luacheck: ignore 143 (LuaJIT has only the global)
local traceback = debug.traceback
local sub = string.sub
local fd_recv, fd_recv_exact, fd_send, fd_poll = core.fd_recv, core.fd_recv_exact, core.fd_send, core.fd_poll
local READ_BLOCK = stream.READ_BLOCK
local pieces = stream.pieces

local bad_argument = require("tim.base.errors").bad_argument
local log = require "tim.base.log"
local _M = { _VERSION = require "tim.version" }

-- Seconds a task may run since it was resumed before its next read or write first lets every other ready task
-- (and the next poll) run: what one busy connection can add to everyone else's wait, per turn.
_M.SLICE = 0.002

local Loop = {}
local mt = { __index = Loop, __name = "tim.net.loop" }

local WAIT = {}          -- the token a task yields with: anything else is not ours
local SIGNAL = {}        -- stands for tim.core's signal descriptor in step()'s poll list
local owners = setmetatable({}, { __mode = "k" })    -- coroutine -> its loop (for tim.loop.current())

---------------------------------------------------------------------------------------------------------------
-- timers: a binary heap of { at, task }. A task has at most one live entry (task.entry), at or before its current
-- deadline (task.deadline): a new wait with a later deadline reuses it, and when it comes due early the task is
-- pushed again at its real deadline. A connection's waits (a new deadline each time, seconds away) then cost a
-- heap operation every few seconds instead of one each, and stale entries do not pile up in the heap.

local function heap_push(h, e)
    local n = #h + 1
    h[n] = e
    while n > 1 do
        local p = floor(n / 2)
        if h[p].at <= e.at then break end
        h[n], h[p] = h[p], e
        n = p
    end
end

local function heap_pop(h)
    local n = #h
    local top = h[1]
    local last = h[n]
    h[n] = nil
    n = n - 1
    if n > 0 then
        local i = 1
        h[1] = last
        while true do
            local l, r = i * 2, i * 2 + 1
            local m = i
            if l <= n and h[l].at < h[m].at then m = l end
            if r <= n and h[r].at < h[m].at then m = r end
            if m == i then break end
            h[i], h[m] = h[m], h[i]
            i = m
        end
    end
    return top
end

---------------------------------------------------------------------------------------------------------------

--- new([opts]) -> loop. opts.on_error(task, message): a task that raised (default: written to stderr).
function _M.new(opts)
    opts = opts or {}
    if type(opts) ~= "table" then
        error(bad_argument(1, "tim.loop.new", "opts must be a table"), 2)
    end
    local self = setmetatable({
        tasks = {},          -- co -> task
        count = 0,
        ready = {},          -- tasks to resume on the next step, in order
        readers = {},        -- sock -> task
        writers = {},        -- sock -> task
        timers = {},
        slots = {},          -- key -> { used = n, waiting = { task... } }
        rs = {}, ws = {}, rfds = {}, wfds = {}, rout = {}, wout = {},     -- step()'s poll lists
        on_error = opts.on_error,
        signal_handlers = {},   -- on_signal's functions: while there is one, the signal descriptor is polled
        resumed_at = 0,      -- when the running task was resumed (its slice began)
    }, mt)
    self.driver = _M.driver(self)
    return self
end

--- spawn(fn, ...) -> task: runs fn(...) as a task, from the next step on.
function Loop:spawn(fn, ...)
    if type(fn) ~= "function" then
        error(bad_argument(1, "loop:spawn", "function expected, got " .. type(fn)), 2)
    end
    local args = { n = select("#", ...), ... }
    local co = create(function() return fn(unpack(args, 1, args.n)) end)
    local task = { co = co, loop = self }
    self.tasks[co] = task
    owners[co] = self
    self.count = self.count + 1
    self.ready[#self.ready + 1] = task
    return task
end

--- inside() -> the running task of this loop, or nil when called from elsewhere (the main thread, another loop).
function Loop:inside()
    local co = running()
    return co and self.tasks[co] or nil
end

--- current() -> the loop whose task is running, or nil.
function _M.current()
    local co = running()
    local l = co and owners[co]
    return l and l.tasks[co] and l or nil
end

--- alive() -> number of tasks not finished
function Loop:alive()
    return self.count
end

-- Inside a task: yield until woken (I/O, timer, slot). Returns true when woken for what it waited on, false when
-- the deadline passed (a sleep's "deadline" is its wake time: it returns true then).
local function park(self, task, deadline, at_deadline)
    task.at_deadline = at_deadline or false
    task.parked = true
    task.deadline = deadline
    if deadline then
        local e = task.entry
        if not e or e.at > deadline then
            e = { at = deadline, task = task }
            task.entry = e
            heap_push(self.timers, e)
        end
    end
    return yield(WAIT)
end

local function current(self, what)
    local task = self:inside()
    if not task then
        error("tim.loop: " .. what .. " must be called from a task of this loop (loop:spawn(fn))", 3)
    end
    return task
end

--- sleep(seconds): inside a task, let others run for that long.
function Loop:sleep(seconds)
    local task = current(self, "sleep")
    park(self, task, gettime() + (seconds > 0 and seconds or 0), true)
end

--- pass(): inside a task, let every other task that is ready, and the loop's next poll, run before this one goes
-- on (it runs again on the next step).
function Loop:pass()
    local task = current(self, "pass")
    task.value = true
    self.ready[#self.ready + 1] = task
    yield(WAIT)
end

--- wait(sock, "r" | "w", deadline) -> true | false (deadline passed): inside a task. sock: anything with
-- getfd() (LuaSocket, LuaSec); bytes already in its buffer (dirty()) make a read wait return at once.
function Loop:wait(sock, mode, deadline)
    local task = current(self, "wait")
    local set = mode == "w" and self.writers or self.readers
    if mode ~= "w" and sock.dirty and sock:dirty() then
        return true
    end
    set[sock] = task
    task.sock, task.mode, task.fd = sock, mode, sock:getfd()
    local woke = park(self, task, deadline)
    if set[sock] == task then
        set[sock] = nil
    end
    task.sock, task.mode = nil, nil
    return woke
end

--- acquire(key, limit, deadline) -> true | false: a slot among `limit` for `key` (connections per host).
function Loop:acquire(key, limit, deadline)
    local s = self.slots[key]
    if not s then
        s = { used = 0, waiting = {} }
        self.slots[key] = s
    end
    if s.used < limit then
        s.used = s.used + 1
        return true
    end
    local task = current(self, "acquire")
    s.waiting[#s.waiting + 1] = task
    local got = park(self, task, deadline)
    if not got then
        for i, t in pairs(s.waiting) do
            if t == task then
                table.remove(s.waiting, i)
                break
            end
        end
        return false
    end
    return true             -- release() handed its slot over
end

--- release(key): give a slot back (to the first task waiting for one, if any).
function Loop:release(key)
    local s = self.slots[key]
    if not s then
        return
    end
    local task = table.remove(s.waiting, 1)
    if task then
        self:wake(task, true)       -- the slot passes to it: `used` stays the same
    else
        s.used = s.used - 1
        if s.used <= 0 then
            self.slots[key] = nil
        end
    end
end

--- interrupt(task): wake a parked task as if its deadline had passed (its wait returns false).
function Loop:interrupt(task)
    if not self.tasks[task.co] or not task.parked then
        return
    end
    if task.sock then
        if self.readers[task.sock] == task then self.readers[task.sock] = nil end
        if self.writers[task.sock] == task then self.writers[task.sock] = nil end
    end
    for _, s in pairs(self.slots) do
        for i, t in ipairs(s.waiting) do
            if t == task then
                table.remove(s.waiting, i)
                break
            end
        end
    end
    self:wake(task, false)
end

-- Make a parked task ready (value: what park() returns to it).
function Loop:wake(task, value)
    if not task.parked then
        return                  -- already woken (ready to run) or running
    end
    task.parked = false
    task.deadline = nil         -- its timer entry, if any, stays: it fires as a no-op or is reused
    task.value = value
    self.ready[#self.ready + 1] = task
end

local function finish(self, task, ok, err)
    self.tasks[task.co] = nil
    self.count = self.count - 1
    if task.sock then
        self.readers[task.sock], self.writers[task.sock] = nil, nil
    end
    if not ok then
        local msg = traceback(task.co, tostring(err))
        if self.on_error then
            pcall(self.on_error, task, msg)
        else
            log.write("error", "tim.loop: a task failed: " .. msg)
        end
    end
end

local function run_task(self, task, value)
    self.resumed_at = gettime()
    local ok, what = resume(task.co, value)
    if status(task.co) == "dead" then
        finish(self, task, ok, what)
    elseif what ~= WAIT then
        finish(self, task, false, "the task yielded outside the loop's waits (coroutine.yield in a task: "
                                  .. "nest your own coroutines inside the task instead)")
    end
end

-- How long step()'s poll may wait: not past the next timer or the step's end, not at all when tasks are ready.
local function poll_time(self, started, stop_at)
    if #self.ready > 0 then
        return 0
    end
    local timers = self.timers
    while timers[1] and (timers[1].task.entry ~= timers[1] or not timers[1].task.deadline) do
        local e = heap_pop(timers)      -- stale, or its task is not waiting for a deadline now
        if e.task.entry == e then e.task.entry = nil end
    end
    local until_t = stop_at
    if timers[1] and timers[1].at < until_t then
        until_t = timers[1].at
    end
    local wait_for = until_t - started
    return wait_for > 0 and wait_for or 0
end

-- The tasks of the ready entries of one poll list (sockets `socks`, positions `out[1..k]`) wake: true, or false
-- when their deadline has passed (a peer that keeps a socket ready must not carry a task past its deadline).
-- -> true when the signal descriptor was among them
local function wake_polled(self, set, socks, out, k, now)
    local signalled = false
    for i = 1, k do
        local sock = socks[out[i]]
        local task = set[sock]
        if task then
            set[sock] = nil
            self:wake(task, not task.deadline or task.deadline > now)
        elseif sock == SIGNAL then
            signalled = true
        end
    end
    return signalled
end

-- A signal came (tim.core's self-pipe was readable): empty the pipe, then tell every on_signal handler.
local function signal_came(self)
    core.signal_drain()
    local name = core.signal_last()
    for _, fn in ipairs(self.signal_handlers) do
        local ok, err = pcall(fn, name)
        if not ok then
            log.write("error", "tim.loop: a signal handler failed: " .. tostring(err))
        end
    end
end

-- One poll() over the descriptors of every waiting task (with none, a sleep of wait_for); the lists are the
-- loop's own, refilled each step.
local function poll_sockets(self, wait_for)
    local rs, ws, rfds, wfds, rout, wout = self.rs, self.ws, self.rfds, self.wfds, self.rout, self.wout
    local nr, nw = 0, 0
    for sock, task in pairs(self.readers) do
        nr = nr + 1
        rs[nr], rfds[nr] = sock, task.fd
    end
    for sock, task in pairs(self.writers) do
        nw = nw + 1
        ws[nw], wfds[nw] = sock, task.fd
    end
    local sfd = #self.signal_handlers > 0 and core.signal_fd() or nil
    if sfd then
        nr = nr + 1
        rs[nr], rfds[nr] = SIGNAL, sfd          -- a signal wakes the poll at once (the handler writes the pipe)
    end
    for i = nr + 1, #rfds do rs[i], rfds[i] = nil, nil end
    for i = nw + 1, #wfds do ws[i], wfds[i] = nil, nil end
    if nr > 0 or nw > 0 or wait_for > 0 then
        local kr, kw = fd_poll(rfds, wfds, wait_for, rout, wout)
        if not kr then
            error("tim.loop: poll() failed: " .. tostring(kw))
        end
        local now = gettime()
        local signalled = wake_polled(self, self.readers, rs, rout, kr, now)
        wake_polled(self, self.writers, ws, wout, kw, now)
        if signalled then
            signal_came(self)
        end
    end
end

-- Timers that are due: their tasks wake with false (an I/O deadline) or true (a sleep).
local function fire_timers(self)
    local now = gettime()
    local timers = self.timers
    while timers[1] and timers[1].at <= now do
        local e = heap_pop(timers)
        local task = e.task
        if task.entry == e then
            task.entry = nil
            local deadline = task.deadline
            if deadline and task.parked and self.tasks[task.co] then
                if deadline <= now then
                    if task.sock then
                        if self.readers[task.sock] == task then self.readers[task.sock] = nil end
                        if self.writers[task.sock] == task then self.writers[task.sock] = nil end
                    end
                    self:wake(task, task.at_deadline)
                else
                    e.at = deadline                 -- came due early (reused): again at the real deadline
                    task.entry = e
                    heap_push(timers, e)
                end
            end
        end
    end
end

-- Runs what is ready, in order; what a task readies while we run waits for the next step, and so does the rest
-- once the step's time is up.
local function run_ready(self, stop_at, max_seconds)
    local ready = self.ready
    self.ready = {}
    for i = 1, #ready do
        local task = ready[i]
        if self.tasks[task.co] then
            if i > 1 and gettime() > stop_at and max_seconds > 0 then
                for j = i, #ready do
                    self.ready[#self.ready + 1] = ready[j]
                end
                break
            end
            local value = task.value
            task.value = nil
            run_task(self, task, value)
        end
    end
end

--- step([max_seconds]) -> number of tasks left. Runs every task that is ready, waiting up to max_seconds
-- (default 0) for sockets or timers when none is; returns within about max_seconds (a task's own work between
-- two waits cannot be cut short).
function Loop:step(max_seconds)
    max_seconds = max_seconds or 0
    local started = gettime()
    local stop_at = started + max_seconds
    poll_sockets(self, poll_time(self, started, stop_at))
    fire_timers(self)
    run_ready(self, stop_at, max_seconds)
    return self.count
end

--- on_signal(fn) -> fn: while registered, step()'s poll also waits on tim.core's signal descriptor, so a signal
-- the process watches (core.signal_watch("INT", "TERM")) wakes the loop at once; fn(name) is then called from
-- step(), outside any task ("INT", "TERM" or "HUP": the last one to come). It must not wait; it may wake tasks
-- (loop:interrupt). A loop that watches nothing does not poll the descriptor.
function Loop:on_signal(fn)
    if type(fn) ~= "function" then
        error(bad_argument(1, "on_signal", "function expected, got " .. type(fn)), 2)
    end
    local list = self.signal_handlers
    list[#list + 1] = fn
    return fn
end

--- off_signal(fn): forget a function given to on_signal (the descriptor is no longer polled for it).
function Loop:off_signal(fn)
    local list = self.signal_handlers
    for i = #list, 1, -1 do
        if list[i] == fn then
            table.remove(list, i)
        end
    end
end

--- run([until_fn]) -> runs until no task is left (or until_fn() returns true after a step).
function Loop:run(until_fn)
    while self.count > 0 do
        self:step(1)
        if until_fn and until_fn() then
            break
        end
    end
end

---------------------------------------------------------------------------------------------------------------
-- The tim.net.stream driver of a loop: non-blocking sockets; where a blocking call would wait, the task yields.

-- turn(loop, deadline) -> true | false (the deadline has passed): before every read or write of a driver. A task
-- past its slice first lets the others run (a socket that is always ready must not hold the loop); then the
-- clock is compared with the deadline whatever the socket holds (bytes that keep arriving must not outlive it).
local function turn(self, deadline)
    local now = gettime()
    if now - self.resumed_at >= _M.SLICE and self:inside() then
        self:pass()
        now = gettime()
    end
    return deadline == nil or now < deadline
end

-- The driver's reads: LuaSocket's (or LuaSec's) receive without waiting; where it would wait, the task yields.
local function socket_reads(self, d)
    local function wait_for(sock, err, deadline)
        if err == "wantwrite" then
            return self:wait(sock, "w", deadline)
        end
        return self:wait(sock, "r", deadline)
    end

    function d.read(sock, max, deadline)
        sock:settimeout(0)
        while true do
            if not turn(self, deadline) then
                return nil, "timeout"
            end
            local data, err, partial = sock:receive(max)
            if data then
                return data
            end
            if partial and partial ~= "" then
                return partial
            end
            if err ~= "timeout" and err ~= "wantread" and err ~= "wantwrite" then
                return nil, err
            end
            if not wait_for(sock, err, deadline) then
                return nil, "timeout"
            end
        end
    end

    function d.read_exact(sock, n, deadline)
        sock:settimeout(0)
        local parts = pieces()
        while true do
            if not turn(self, deadline) then
                return nil, "timeout", parts:join()
            end
            local data, err, partial = sock:receive(n - parts.bytes)
            data = data or partial
            if data and data ~= "" then
                parts:add(data)
            end
            if parts.bytes >= n then
                return parts:join()
            end
            if err ~= "timeout" and err ~= "wantread" and err ~= "wantwrite" then
                return nil, err, parts:join()
            end
            if not wait_for(sock, err, deadline) then
                return nil, "timeout", parts:join()
            end
        end
    end
end

-- The driver's writes: every piece of a request or an answer, in order.
local function socket_writes(self, d)
    local function send_one(sock, data, deadline)
        local i = 1
        while true do
            if not turn(self, deadline) then
                return nil, "timeout", i - 1
            end
            local last, err, sent = sock:send(data, i)
            if last then
                return true
            end
            sent = floor(sent or (i - 1))
            if sent >= i then
                i = sent + 1
            end
            if err ~= "timeout" and err ~= "wantwrite" and err ~= "wantread" then
                return nil, err, i - 1
            end
            local ok
            if err == "wantread" then
                ok = self:wait(sock, "r", deadline)
            else
                ok = self:wait(sock, "w", deadline)
            end
            if not ok then
                return nil, "timeout", i - 1
            end
        end
    end

    -- data: a string, or a list of strings sent in order, never joined (tim.net.stream's driver contract)
    function d.write(sock, data, deadline)
        sock:settimeout(0)
        return stream.send_all(send_one, sock, data, deadline)
    end
end

-- The driver's connect and TLS handshake, each within its deadline.
local function socket_connects(self, d)
    function d.connect(ip, port, family, deadline)
        local tcp, err = stream.tcp(family)
        if not tcp then
            return nil, err
        end
        tcp:settimeout(0)
        local ok, cerr = tcp:connect(ip, port)
        if ok then
            return tcp
        end
        if cerr ~= "timeout" and cerr ~= "Operation already in progress" then
            tcp:close()
            return nil, cerr
        end
        if not self:wait(tcp, "w", deadline) then
            tcp:close()
            return nil, "timeout"
        end
        ok, cerr = tcp:connect(ip, port)
        if ok or cerr == "already connected" then
            return tcp
        end
        tcp:close()
        return nil, cerr
    end

    function d.handshake(conn, deadline)
        conn:settimeout(0)
        while true do
            if not turn(self, deadline) then
                return nil, "timeout"
            end
            local ok, err = conn:dohandshake()
            if ok then
                return true
            end
            if err == "wantread" or err == "timeout" then
                if not self:wait(conn, "r", deadline) then
                    return nil, "timeout"
                end
            elseif err == "wantwrite" then
                if not self:wait(conn, "w", deadline) then
                    return nil, "timeout"
                end
            else
                return nil, err
            end
        end
    end
end

function _M.driver(self)
    local d = { loop = self, buffered = true }     -- LuaSocket's buffer: tim.net.stream asks for what it expects

    function d.now()
        return gettime()
    end

    socket_reads(self, d)
    socket_writes(self, d)
    socket_connects(self, d)

    -- the same check as the blocking driver's: it never waits
    d.alive = stream.blocking.alive

    function d.acquire(key, limit, deadline)
        return self:acquire(key, limit, deadline)
    end

    function d.release(key)
        return self:release(key)
    end

    d.plain = _M.plain_driver(self, d)
    return d
end

-- what is left of `data` (a string or a list of strings) once its first `sent` bytes are gone: a list
local function unsent(data, sent)
    if type(data) == "string" then
        return { sub(data, sent + 1) }
    end
    local rest, k = {}, 0
    for i = 1, #data do
        local piece = data[i]
        if sent >= #piece then
            sent = sent - #piece
        else
            k = k + 1
            rest[k] = sent > 0 and sub(piece, sent + 1) or piece
            sent = 0
        end
    end
    return rest
end

-- The loop's twin of tim.net.stream's descriptor driver, for plain-TCP sockets: tim.core reads and writes the
-- descriptor without waiting (one recv per read, one sendmsg of every piece), and where it would wait the task
-- yields until poll() says the socket is ready. LuaSocket still makes, connects and closes the socket and
-- nothing else may read it (its buffer would hold bytes this driver never sees). The emulator's server and
-- tim.net.transport.socket use it for plain http on a loop (the driver's .plain).
function _M.plain_driver(self, d)
    local p = { loop = self, pieces = true, now = d.now, connect = d.connect, acquire = d.acquire,
                release = d.release, alive = stream.fd.alive }

    function p.read(sock, max, deadline)
        local fd = sock:getfd()
        if max > READ_BLOCK then max = READ_BLOCK elseif max < 1 then max = 1 end
        while true do
            if not turn(self, deadline) then
                return nil, "timeout"
            end
            local data, err = fd_recv(fd, max, 0)
            if data then
                return data
            end
            if err ~= "timeout" then
                return nil, err
            end
            if not self:wait(sock, "r", deadline) then
                return nil, "timeout"
            end
        end
    end

    function p.read_exact(sock, n, deadline)
        local fd = sock:getfd()
        local parts = pieces()
        while true do
            if not turn(self, deadline) then
                return nil, "timeout", parts:join()
            end
            local data, err, partial = fd_recv_exact(fd, n - parts.bytes, 0)
            data = data or partial
            if data ~= "" then
                parts:add(data)
            end
            if parts.bytes >= n then
                return parts:join()
            end
            if err ~= "timeout" then
                return nil, err, parts:join()
            end
            if not self:wait(sock, "r", deadline) then
                return nil, "timeout", parts:join()
            end
        end
    end

    -- -> bytes written | nil, err, written (the descriptor driver's contract)
    function p.write(sock, data, deadline)
        local fd = sock:getfd()
        local written = 0
        while true do
            if not turn(self, deadline) then
                return nil, "timeout", written
            end
            local n, err, sent = fd_send(fd, data, 0)
            if n then
                return written + n
            end
            written = written + sent
            if err ~= "timeout" then
                return nil, err, written
            end
            if sent > 0 then
                data = unsent(data, sent)
            end
            if not self:wait(sock, "w", deadline) then
                return nil, "timeout", written
            end
        end
    end

    return p
end

---------------------------------------------------------------------------------------------------------------

--- transport([opts]) -> a tim.net.transport.socket on this loop: tim.net.transport.socket.on_loop(loop, opts), for
-- users who hold the loop (the loop only dispatches; the transport knows how to sit on it).
function Loop:transport(opts)
    return require("tim.net.transport.socket").on_loop(self, opts)
end

-- Seconds the listener stops accepting after accept() failed (EMFILE, ENFILE: no descriptor left), doubling up
-- to the second value while it keeps failing.
_M.ACCEPT_BACKOFF = { 0.01, 0.5 }

-- The listener's task: accepts while connections are waiting (yielding its turn like any reader), waits for the
-- next one, and backs off while accept() fails: the refused connection stays in the backlog and the socket
-- stays readable, so waiting for readability would retry at once, at 100 % CPU, for as long as descriptors
-- are exhausted.
local function accept_loop(self, listener, on_connection)
    local srv = listener.sock
    local backoff = 0
    while not listener.closed do
        local client, err = srv:accept()
        if client then
            backoff = 0
            client:settimeout(0)
            client:setoption("tcp-nodelay", true)
            self:spawn(on_connection, client, (client:getpeername()))
            turn(self)
        elseif listener.closed then
            break
        elseif err == "timeout" then
            self:wait(srv, "r")
        else
            backoff = backoff == 0 and _M.ACCEPT_BACKOFF[1] or backoff * 2
            if backoff > _M.ACCEPT_BACKOFF[2] then backoff = _M.ACCEPT_BACKOFF[2] end
            listener.backoffs = listener.backoffs + 1
            self:sleep(backoff)
        end
    end
end

--- listen(host, port, on_connection [, opts]) -> listener | nil, err
-- Accepts connections and runs on_connection(sock, peer_ip) as a task for each (sock non-blocking). opts.backlog.
-- listener.port is the bound port; listener:close() stops accepting. While accept() fails (no descriptor left),
-- the listener stops accepting for ACCEPT_BACKOFF[1] seconds, doubling up to ACCEPT_BACKOFF[2] while it keeps
-- failing (listener.backoffs counts those pauses).
function Loop:listen(host, port, on_connection, opts)
    local srv, err = socket.bind(host, port, opts and opts.backlog or 128)
    if not srv then
        return nil, err
    end
    srv:settimeout(0)
    local _, bound = srv:getsockname()
    local listener = { sock = srv, port = tonumber(bound), closed = false, backoffs = 0 }
    function listener.close(l)
        if not l.closed then
            l.closed = true
            srv:close()
            self:interrupt(l.task)
        end
    end
    listener.task = self:spawn(accept_loop, self, listener, on_connection)
    return listener
end

return _M

-- Drive headless Chromium (Debian's `chromium`) over the DevTools protocol, for specs of pages the emulator
-- serves. A minimal WebSocket client over LuaSocket: enough for request/answer JSON messages.
--
--   local cdp = require "support.cdp"
--   local b = cdp.launch{ width = 1440, height = 900 }     -- a fresh profile in a temp dir
--   b:navigate("http://127.0.0.1:PORT/_emulator/ui")
--   local v = b:eval("document.title")                      -- returnByValue
--   assert(b:wait_js("document.body.innerText.includes('x')", 10))
--   b:screenshot("build/page.png")
--   b:close()                                               -- always (finally/teardown)
--
-- The browser runs under `timeout`, so it cannot outlive a crashed spec by more than max_seconds.
local socket = require "socket"
local cjson = require "cjson"
local core = require "tim.core"

local _M = {}
local mt = { __index = _M }

local FLAGS = { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio" }

local shell = require "support.shell"
local sh_quote, read_file = shell.q, shell.read

-- one HTTP GET on loopback -> body
local function http_get(port, path)
    local c = assert(socket.connect("127.0.0.1", port))
    c:settimeout(10)
    c:send("GET " .. path .. " HTTP/1.1\r\nHost: 127.0.0.1:" .. port .. "\r\nConnection: close\r\n\r\n")
    local data, _, partial = c:receive("*a")
    c:close()
    data = data or partial or ""
    return data:match("\r\n\r\n(.*)$") or ""
end

local function ws_connect(port, path)
    local c = assert(socket.connect("127.0.0.1", port))
    c:settimeout(30)
    local key = core.b64encode("tim-emulator-cdp")
    c:send("GET " .. path .. " HTTP/1.1\r\nHost: 127.0.0.1:" .. port .. "\r\nUpgrade: websocket\r\n"
           .. "Connection: Upgrade\r\nSec-WebSocket-Key: " .. key .. "\r\nSec-WebSocket-Version: 13\r\n\r\n")
    local status = assert(c:receive("*l"))
    assert(status:match("^HTTP/1%.1 101"), "cdp: WebSocket upgrade refused: " .. status)
    repeat local h = assert(c:receive("*l")) until h == ""
    return c
end

-- a masked text frame; the mask is zero bytes, which RFC 6455 permits (the payload is then sent as is)
local function ws_send(c, text)
    local n = #text
    local head
    if n < 126 then head = string.char(0x81, 0x80 + n)
    elseif n < 65536 then head = string.char(0x81, 0x80 + 126, math.floor(n / 256), n % 256)
    else
        local b = {}
        for i = 8, 1, -1 do b[i] = n % 256; n = math.floor(n / 256) end
        head = string.char(0x81, 0x80 + 127, b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8])
    end
    assert(c:send(head .. "\0\0\0\0" .. text))
end

local function ws_receive(c)
    local parts = {}
    while true do
        local h = assert(c:receive(2))
        local b1, b2 = h:byte(1, 2)
        local fin, opcode = b1 >= 128, b1 % 16
        local len = b2 % 128
        if len == 126 then
            local x = assert(c:receive(2))
            len = x:byte(1) * 256 + x:byte(2)
        elseif len == 127 then
            local x = assert(c:receive(8))
            len = 0
            for i = 1, 8 do len = len * 256 + x:byte(i) end
        end
        local mask = b2 >= 128 and assert(c:receive(4)) or nil
        assert(not mask, "cdp: the browser masked a frame")
        local payload = len > 0 and assert(c:receive(len)) or ""
        if opcode == 8 then error("cdp: the browser closed the connection") end
        if opcode == 1 or opcode == 0 then
            parts[#parts + 1] = payload
            if fin then return table.concat(parts) end
        end
        -- ping/pong frames carry nothing we need
    end
end

-- launch{ width, height, max_seconds } -> browser
function _M.launch(opts)
    opts = opts or {}
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir -p " .. sh_quote(dir)))
    local args = {}
    for i, f in ipairs(FLAGS) do args[i] = f end
    args[#args + 1] = "--user-data-dir=" .. dir
    args[#args + 1] = "--remote-debugging-port=0"
    args[#args + 1] = string.format("--window-size=%d,%d", opts.width or 1440, opts.height or 900)
    args[#args + 1] = "about:blank"
    for i, a in ipairs(args) do args[i] = sh_quote(a) end
    local p = assert(io.popen(string.format("echo $$; exec timeout %d chromium %s >/dev/null 2>&1",
                                            opts.max_seconds or 120, table.concat(args, " ")), "r"))
    local pid = p:read("*l")
    local self = setmetatable({ pipe = p, pid = pid, dir = dir, id = 0 }, mt)
    local deadline = socket.gettime() + 30
    local port_file
    repeat
        port_file = read_file(dir .. "/DevToolsActivePort")
        if not (port_file and port_file:match("^%d+\n")) then socket.sleep(0.1) end
    until (port_file and port_file:match("^%d+\n")) or socket.gettime() > deadline
    if not (port_file and port_file:match("^%d+\n")) then
        self:close()
        error("cdp: chromium did not start (no DevToolsActivePort in " .. dir .. ")", 2)
    end
    self.port = tonumber(port_file:match("^(%d+)"))
    local targets = cjson.decode(http_get(self.port, "/json/list"))
    local ws
    for _, t in ipairs(targets) do
        if t.type == "page" then ws = t.webSocketDebuggerUrl; break end
    end
    if not ws then self:close(); error("cdp: no page target", 2) end
    self.conn = ws_connect(self.port, ws:match("^ws://[^/]+(/.*)$"))
    self:call("Page.enable")
    self:call("Runtime.enable")
    self:call("Emulation.setDeviceMetricsOverride", { width = opts.width or 1440, height = opts.height or 900,
                                                       deviceScaleFactor = 1, mobile = false })
    return self
end

-- call(method, params) -> result (events that arrive meanwhile are dropped)
function _M.call(self, method, params)
    self.id = self.id + 1
    local id = self.id
    local msg = { id = id, method = method }
    if params then msg.params = params end
    ws_send(self.conn, cjson.encode(msg))
    while true do
        local m = cjson.decode(ws_receive(self.conn))
        if m.id == id then
            if m.error then error("cdp: " .. method .. ": " .. tostring(m.error.message), 2) end
            return m.result
        end
    end
end

function _M.navigate(self, url)
    return self:call("Page.navigate", { url = url })
end

-- eval(expression) -> its value (JSON-serialisable), or error on a JavaScript exception
function _M.eval(self, expr)
    local r = self:call("Runtime.evaluate", { expression = expr, returnByValue = true, awaitPromise = true })
    if r.exceptionDetails then
        error("cdp: " .. expr .. ": " .. tostring(r.exceptionDetails.text or "exception"), 2)
    end
    return r.result.value
end

-- wait(fn, seconds) -> fn's first truthy value, or nil after the deadline
function _M.wait(_, fn, seconds)
    local deadline = socket.gettime() + (seconds or 10)
    repeat
        local v = fn()
        if v then return v end
        socket.sleep(0.1)
    until socket.gettime() > deadline
    return nil
end

-- wait_js(expression, seconds) -> its first truthy value; the expression may throw while the page is loading
function _M.wait_js(self, expr, seconds)
    local wrapped = "(function(){ try { return (" .. expr .. "); } catch (e) { return false; } })()"
    return self:wait(function() return self:eval(wrapped) end, seconds)
end

-- screenshot(path) -> the PNG's size in bytes
function _M.screenshot(self, path)
    local r = self:call("Page.captureScreenshot", { format = "png" })
    local png = assert(core.b64decode(r.data))
    local f = assert(io.open(path, "wb"))
    f:write(png)
    f:close()
    return #png
end

function _M.close(self)
    if self.conn then pcall(function() self.conn:close() end); self.conn = nil end
    if self.pipe then
        os.execute("kill " .. self.pid .. " 2>/dev/null")
        self.pipe:close()
        self.pipe = nil
    end
    if self.dir then os.execute("rm -rf " .. sh_quote(self.dir)); self.dir = nil end
end

return _M

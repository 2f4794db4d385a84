-- spec/support/doc_examples.lua: runs the Lua examples of the documentation (the docs-lua5.4/docs-luajit gates).
--
--   lua5.4 spec/support/doc_examples.lua [--lua lua5.4|luajit] [--list] FILE.md...
--
-- Every block fenced ```lua is run on its own, in a fresh `--lua` process started in the repository's root, with
-- the repository's modules and tim.core on the path and TIM_SDKAPPID, TIM_KEY, TIM_ADMIN and TIM_ENDPOINT
-- naming a local emulator (one per file, reset before each block, so each block sees an empty IM). A block fenced
-- ```lua compile-only is compiled by the same interpreter and not run. A block fails on a Lua error, a non-zero
-- exit, after 60 s, or when it tries to reach an address off this machine (spec/support/loopback_only says
-- which). Other fences (```sh, ```nginx, ...) are not Lua and are left alone.
-- Output is TAP, one line per block: "ok 3 - docs/client.md:57 (lua5.4)"; a failure is followed by what the
-- block printed, as "# " lines, and its error names the Markdown file and line (docs/client.md:61: ...).
-- Exit status 0 only when every block passed and there was at least one.
local socket = require "socket"

local BLOCK_TIMEOUT = 60
local SDKAPPID = 1400000000
local KEY = "doc-examples-key-7f3a9c2e51d84b06a1c3e5f7092b4d6e8fa1c3e5f709"   -- local only, not the emulator's
local ADMIN = "administrator"

local interp = "lua5.4"
local list_only = false
local files = {}
do
    local i = 1
    while i <= #arg do
        local a = arg[i]
        if a == "--lua" then
            interp = arg[i + 1]
            i = i + 1
        elseif a == "--list" then
            list_only = true
        else
            files[#files + 1] = a
        end
        i = i + 1
    end
end
if interp ~= "lua5.4" and interp ~= "luajit" then
    io.stderr:write("doc_examples: --lua must be lua5.4 or luajit\n")
    os.exit(2)
end
if #files == 0 then
    io.stderr:write("usage: doc_examples.lua [--lua lua5.4|luajit] [--list] FILE.md...\n")
    os.exit(2)
end

local shell = require "support.shell"
local shell_quote, read, write = shell.q, shell.read, shell.write

--- blocks(path) -> { { file, line (of the first code line), mode = "run" | "compile", code } } | nil, err
local function blocks(path)
    local text, err = read(path)
    if not text then return nil, err end
    text = text:gsub("\r\n", "\n")
    if text:sub(-1) ~= "\n" then text = text .. "\n" end
    local out, fence, n = {}, nil, 0
    for line in text:gmatch("([^\n]*)\n") do
        n = n + 1
        if fence then
            if line:match("^%s*```%s*$") then
                if fence.mode then
                    fence.code = table.concat(fence.lines, "\n") .. "\n"
                    fence.lines = nil
                    out[#out + 1] = fence
                end
                fence = nil
            elseif fence.mode then
                fence.lines[#fence.lines + 1] = line
            end
        else
            local info = line:match("^%s*```(.*)$")
            if info then
                local lang, rest = info:match("^(%S*)%s*(.-)%s*$")
                fence = { file = path, line = n + 1, lines = {} }
                if lang == "lua" then
                    if rest == "" then
                        fence.mode = "run"
                    elseif rest == "compile-only" then
                        fence.mode = "compile"
                    else
                        return nil, ("%s:%d: unknown lua fence option '%s' (want ```lua or ```lua compile-only)")
                            :format(path, n, rest)
                    end
                end
            end
        end
    end
    if fence then return nil, ("%s:%d: unterminated ``` block"):format(path, fence.line - 1) end
    return out
end

---------------------------------------------------------------------------------------------------------------
-- The emulator: one per file, on a free loopback port; reset before each block.

local root = assert(io.popen("pwd")):read("*l")
local tmp = assert(io.popen("mktemp -d")):read("*l")
assert(tmp and tmp ~= "", "mktemp -d failed")

local function lua_env(which)
    local cdir = which == "luajit" and "luajit" or "lua5.4"
    return ("LUA_PATH=%s LUA_CPATH=%s"):format(
        shell_quote(root .. "/lua/?.lua;" .. root .. "/lua/?/init.lua;;"),
        shell_quote(root .. "/build/" .. cdir .. "/?.so;;"))
end

-- Every TIM_* variable of the caller is dropped: the blocks see the emulator and nothing else.
local function clean_env()
    local names = {}
    local p = io.popen("env")
    for line in p:lines() do
        local name = line:match("^(TIM_[%w_]*)=")
        if name then names[#names + 1] = "-u " .. name end
    end
    p:close()
    return "env " .. table.concat(names, " ")
end
local CLEAN = clean_env()

local emulators = 0
local function start_emulator()
    emulators = emulators + 1
    local out = ("%s/emulator%d.out"):format(tmp, emulators)     -- its own file: no stale line from the last one
    local keyfile = tmp .. "/key"
    write(keyfile, KEY)
    local cmd = ("%s %s timeout 900 lua5.4 bin/tim emulator --port 0 --quiet --sdkappid %d --key-file %s "
                 .. "--admin %s > %s 2>&1 & echo $!"):format(CLEAN, lua_env("lua5.4"), SDKAPPID,
                 shell_quote(keyfile), ADMIN, shell_quote(out))
    local pid = assert(io.popen(cmd)):read("*l")
    local url
    for _ = 1, 200 do
        local s = read(out) or ""
        url = s:match("tim emulator listening on (%S+)")
        if url then break end
        socket.sleep(0.025)
    end
    if not url then
        os.execute("kill " .. pid .. " 2>/dev/null")
        return nil, "the emulator did not start: " .. (read(out) or "")
    end
    return { pid = pid, url = url, port = tonumber(url:match(":(%d+)$")) }
end

local function stop_emulator(emu)
    if emu then os.execute("kill " .. emu.pid .. " 2>/dev/null; wait " .. emu.pid .. " 2>/dev/null") end
end

local function reset(emu)
    local c = socket.tcp()
    c:settimeout(5)
    local ok, err = c:connect("127.0.0.1", emu.port)
    if not ok then return nil, "emulator reset: " .. tostring(err) end
    c:send("POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1:" .. emu.port .. "\r\nContent-Type: application/json\r\n"
           .. "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
    local status = c:receive("*l")
    c:close()
    if not status or not status:match("^HTTP/1%.1 200") then
        return nil, "emulator reset answered " .. tostring(status)
    end
    return true
end

---------------------------------------------------------------------------------------------------------------

local function run_block(b, emu, n)
    -- The block's text at its own line numbers, so its errors name the Markdown file and line.
    local src = string.rep("\n", b.line - 1) .. b.code
    local path = ("%s/block%03d.lua"):format(tmp, n)
    write(path, src)
    local log = path .. ".out"
    local env = lua_env(interp)
    if b.mode == "run" then
        env = env .. (" TIM_SDKAPPID=%d TIM_KEY=%s TIM_ADMIN=%s TIM_ENDPOINT=%s"):format(SDKAPPID,
            shell_quote(KEY), ADMIN, shell_quote(emu.url))
    end
    -- under loopback_only: a block that tries to reach anything off this machine fails, and says where
    local cmd = ("cd %s && %s %s spec/support/loopback_only -- timeout %d %s spec/support/doc_block.lua %s %s %s "
                 .. "> %s 2>&1"):format(
        shell_quote(root), CLEAN, env, BLOCK_TIMEOUT, interp, b.mode, shell_quote(path), shell_quote(b.file),
        shell_quote(log))
    local r1, _, r3 = os.execute(cmd)
    local ok = (r1 == true or r1 == 0) and (r3 == nil or r3 == 0)
    return ok, read(log) or ""
end

local all = {}
for _, f in ipairs(files) do
    local bs, err = blocks(f)
    if not bs then
        io.stderr:write("doc_examples: ", tostring(err), "\n")
        os.execute("rm -rf " .. shell_quote(tmp))
        os.exit(1)
    end
    all[#all + 1] = { file = f, blocks = bs }
end

local total = 0
for _, f in ipairs(all) do total = total + #f.blocks end

if list_only then
    for _, f in ipairs(all) do
        for _, b in ipairs(f.blocks) do print(("%s:%d %s"):format(b.file, b.line, b.mode)) end
    end
    os.execute("rm -rf " .. shell_quote(tmp))
    os.exit(0)
end

print("1.." .. math.max(total, 1))
local n, failed = 0, 0
for _, f in ipairs(all) do
    local emu, eerr
    local needs = false
    for _, b in ipairs(f.blocks) do if b.mode == "run" then needs = true end end
    if needs then emu, eerr = start_emulator() end
    for _, b in ipairs(f.blocks) do
        n = n + 1
        local where = ("%s:%d (%s%s)"):format(b.file, b.line, interp, b.mode == "compile" and ", compile-only" or "")
        local ok, out = false
        if b.mode == "run" and not emu then
            out = eerr
        else
            local rok, rerr = true, nil
            if b.mode == "run" then rok, rerr = reset(emu) end
            if rok then ok, out = run_block(b, emu, n) else out = rerr end
        end
        if ok then
            print(("ok %d - %s"):format(n, where))
        else
            failed = failed + 1
            print(("not ok %d - %s"):format(n, where))
            for line in (out or ""):gmatch("[^\n]+") do print("# " .. line) end
        end
    end
    stop_emulator(emu)
end
if total == 0 then print("not ok 1 - no ```lua block found in " .. table.concat(files, " ")) failed = 1 end
os.execute("rm -rf " .. shell_quote(tmp))
io.stderr:write(("doc_examples: %d blocks under %s, %d failed\n"):format(total, interp, failed))
os.exit(failed == 0 and 0 or 1)

-- The doc-example runner (spec/support/doc_examples.lua, the docs-lua5.4 and docs-luajit gates) on Markdown made
-- to break it: a failing assert, an error, a non-zero exit, a syntax error, a block leaving loopback, a compile-only
-- block (compiled, not run), other fences (left alone), a bad fence; each reported with its file and line. And
-- the documentation itself: every ```lua block of README.md and docs/ is one the runner takes.
local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local LUA = jit and "luajit" or "lua5.4"

local shell = require "support.shell"
local q, read, write = shell.q, shell.read, shell.write

-- run(markdown text [, env]) -> exit code, TAP output (stdout), stderr
local function run(text, env)
    local dir = assert(io.popen("mktemp -d /tmp/lua-tim-spec92.XXXXXX")):read("*l")
    write(dir .. "/doc.md", text)
    local out, err = dir .. "/out", dir .. "/err"
    local code = require("support.shell").exit_code(os.execute(
        ("cd %s && %s lua5.4 spec/support/doc_examples.lua --lua %s %s >%s 2>%s")
        :format(q(ROOT), env or "", LUA, q(dir .. "/doc.md"), q(out), q(err))))
    local o, e = read(out) or "", read(err) or ""
    os.execute("rm -rf " .. q(dir))
    return code, o, e
end

local function tap_lines(o)
    local t = {}
    for line in o:gmatch("[^\n]+") do
        if line:match("^ok ") or line:match("^not ok ") then t[#t + 1] = line end
    end
    return t
end

local fence = "```"
local function block(code, info) return fence .. (info or "lua") .. "\n" .. code .. "\n" .. fence .. "\n" end

describe("the doc-example runner", function()
    it("runs each block alone against a fresh emulator named by TIM_*, and passes blocks that succeed", function()
        local md = "# Title\n\ntext\n\n" .. block([[
local tim = require "tim"
local im = assert(tim.new(assert(tim.env())))
assert(im.im_open_login_svc.account_import{ UserID = "alice" })
assert(os.getenv("TIM_ENDPOINT"):match("^http://127%.0%.0%.1:%d+$"))
_G.shared_with_the_next_block = true]]) .. "\nmore text\n\n" .. block([[
assert(_G.shared_with_the_next_block == nil, "blocks must not share a process")
local tim = require "tim"
local im = assert(tim.new(assert(tim.env())))
local res = assert(im.im_open_login_svc.account_check{ CheckItem = { { UserID = "alice" } } })
assert(res.ResultItem[1].AccountStatus == "NotImported", "the emulator is reset between blocks")]])
        local code, o = run(md)
        assert.equal(0, code, o)
        local t = tap_lines(o)
        assert.equal(2, #t)
        assert.matches("^ok 1 %- .*doc%.md:6 %(" .. LUA .. "%)$", t[1])
        assert.matches("^ok 2 %- .*doc%.md:16 %(" .. LUA .. "%)$", t[2])
    end)

    it("fails a block on an assert, an error or a non-zero exit, naming the Markdown file and line", function()
        local md = "intro\n\n" .. block("local x = 1\nassert(x == 2, 'x is not 2')") .. "\n"
            .. block("error({ code = 1 })") .. "\n" .. block("os.exit(3)") .. "\n" .. block("print('fine')")
        local code, o = run(md)
        assert.is_not.equal(0, code)
        local t = tap_lines(o)
        assert.equal(4, #t)
        assert.matches("^not ok 1 %- .*doc%.md:4 ", t[1])
        assert.matches("doc%.md:5: x is not 2", o)                       -- the line inside the block
        assert.matches("^not ok 2 %- .*doc%.md:9 ", t[2])
        assert.matches("^not ok 3 %- .*doc%.md:13 ", t[3])
        assert.matches("^ok 4 ", t[4])
    end)

    it("fails a block that tries to reach anything off this machine, and says where it went", function()
        local md = block([[
local socket = require "socket"
local u = socket.udp()
u:sendto("x", "192.0.2.1", 9)        -- TEST-NET-1: nothing answers, but it would leave the machine
print("sent")]])
        local code, o = run(md)
        assert.is_not.equal(0, code)
        assert.matches("^not ok 1 ", tap_lines(o)[1])
        assert.matches("192.0.2.1", o, 1, true)
        assert.matches("off this machine", o, 1, true)
    end)

    it("only compiles a compile-only block, and fails it when it does not compile", function()
        local md = block("ngx.say(require('no.such.module'))", "lua compile-only") .. "\n"
            .. block("local x = = 1", "lua compile-only")
        local code, o = run(md)
        assert.is_not.equal(0, code)
        local t = tap_lines(o)
        assert.matches("^ok 1 %- .*doc%.md:2 %(" .. LUA .. ", compile%-only%)$", t[1])
        assert.matches("^not ok 2 %- .*doc%.md:6 ", t[2])
        assert.matches("doc%.md:6:", o)
    end)

    it("leaves other fences alone and refuses an unknown lua fence option", function()
        local code, o = run(block("exit 1", "sh") .. block("error('not lua')", "") .. block("print(1)"))
        assert.equal(0, code, o)
        assert.equal(1, #tap_lines(o))
        code, o = run(block("print(1)", "lua norun"))
        assert.is_not.equal(0, code)
        assert.equal(0, #tap_lines(o))
    end)

    it("fails when a file has no lua block at all", function()
        local code, o = run("# nothing to run\n\n" .. block("echo hi", "sh"))
        assert.is_not.equal(0, code)
        assert.matches("not ok 1 %- no ```lua block", o)
    end)

    it("gives the blocks the emulator, never the caller's TIM_* (a real app, a region)", function()
        local md = block([[
assert(os.getenv("TIM_REGION") == nil, "TIM_REGION leaked")
assert(os.getenv("TIM_SDKAPPID") == "1400000000" and os.getenv("TIM_KEY") ~= "real-key")
assert(os.getenv("TIM_ENDPOINT"):match("^http://127%.0%.0%.1:"))]])
        local code, o = run(md, "env TIM_SDKAPPID=1400999999 TIM_KEY=real-key TIM_REGION=sgp "
                               .. "TIM_ENDPOINT=https://adminapisgp.im.qcloud.com")
        assert.equal(0, code, o)
    end)
end)

describe("the documentation", function()
    it("has Lua blocks only as ```lua or ```lua compile-only, and compile-only ones say why", function()
        local p = assert(io.popen("cd " .. q(ROOT) .. " && ls README.md docs/*.md"))
        local files = {}
        for f in p:lines() do files[#files + 1] = f end
        p:close()
        local runs = 0
        for _, f in ipairs(files) do
            local text = assert(read(ROOT .. "/" .. f))
            local n, in_fence = 0, false
            local prev = {}
            for line in text:gmatch("([^\n]*)\n") do
                n = n + 1
                local info = line:match("^%s*```(.*)$")
                if info and not in_fence then
                    in_fence = true
                    local lang, rest = info:match("^(%S*)%s*(.-)%s*$")
                    if lang == "lua" then
                        assert.is_true(rest == "" or rest == "compile-only", f .. ":" .. n .. ": " .. line)
                        if rest == "" then runs = runs + 1 end
                        if rest == "compile-only" then
                            -- the reason is in the text just above or in the block's first comment lines
                            local near = table.concat(prev, "\n", math.max(1, #prev - 3))
                            local first = text:match("```lua compile%-only\n(.-)\n```", (text:find(line, 1, true)))
                            local around = (near .. "\n" .. (first or ""):sub(1, 400)):lower()
                            local said = false
                            local reasons = { "nginx", "openresty", "only compile", "compiles it", "not run",
                                              "schematic" }
                            for _, why in ipairs(reasons) do
                                if around:find(why, 1, true) then said = true end
                            end
                            assert.is_true(said, f .. ":" .. n .. ": a compile-only block must say why it is not run")
                        end
                    end
                elseif info and in_fence then
                    in_fence = false
                end
                prev[#prev + 1] = line
            end
        end
        assert.is_true(runs >= 50, "fewer runnable examples than expected: " .. runs)
    end)
end)

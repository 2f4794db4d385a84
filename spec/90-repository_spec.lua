-- The repository stands alone and agrees with itself: nothing reads the shared notes beside a checkout, one
-- version everywhere (tim.version, every module, tim.core, the rockspec, CHANGELOG.md, tim --version, the
-- User-Agent), and docs whose links and anchors resolve.
local VERSION = require "tim.version"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."

local shell = require "support.shell"
local read, q = shell.read, shell.q

local function lines_of(cmd)
    local p = assert(io.popen(cmd))
    local t = {}
    for l in p:lines() do t[#t + 1] = l end
    p:close()
    return t
end

-- every file git knows (tracked, or new and not ignored), relative to ROOT
local function repo_files()
    return lines_of("cd " .. q(ROOT) .. " && git ls-files --cached --others --exclude-standard")
end

describe("the repository", function()
    it("has nothing in make test, demo, bench or CI that reads ../shared (the project's notes)", function()
        local offenders = {}
        for _, f in ipairs(repo_files()) do
            local runs = f == "Makefile" or f:match("^%.ci/") or f:match("^spec/") or f:match("^bench/")
                or f:match("^examples/") or f:match("^bin/") or f:match("^lua/") or f:match("%.rockspec$")
            local s = runs and read(ROOT .. "/" .. f)
            if s and f ~= "spec/90-repository_spec.lua" then
                local n = 0
                for line in s:gmatch("[^\n]*") do
                    n = n + 1
                    -- comments may name where data came from; code must not open it
                    local code = line:gsub("^%s*%-%-.*", ""):gsub("^%s*#.*", "")
                    if code:find("%.%./shared") or code:find("/work/shared", 1, true) then
                        offenders[#offenders + 1] = f .. ":" .. n .. ": " .. line
                    end
                end
            end
        end
        assert.same({}, offenders)
        -- and the data the tests need is in the repository, each file with its origin
        local readme = assert(read(ROOT .. "/spec/fixtures/README.md"))
        for _, f in ipairs(lines_of("cd " .. q(ROOT .. "/spec/fixtures") .. " && find . -type f | sed 's|^./||'")) do
            if f ~= "README.md" then assert.matches("`" .. f .. "`", readme, 1, true) end
        end
    end)

    it("has one version: tim.version, tim.VERSION, every module's _VERSION and tim.core's", function()
        assert.matches("^%d+%.%d+%.%d+$", VERSION)
        local tim = require "tim"
        assert.equal(VERSION, tim.VERSION)
        assert.equal(VERSION, tim._VERSION)
        assert.equal(VERSION, require("tim.core")._VERSION)
        local checked = 0
        for _, f in ipairs(lines_of("cd " .. q(ROOT .. "/lua") .. " && find tim -name '*.lua' | sort")) do
            local name = f:gsub("%.lua$", ""):gsub("/init$", ""):gsub("/", ".")
            if name ~= "tim.version" then
                local src = assert(read(ROOT .. "/lua/" .. f))
                -- no module writes a number of its own
                assert.is_nil(src:match('_VERSION%s*=%s*"'), f .. " writes its own _VERSION")
                if not name:match("%.ngx$") then            -- those need nginx to load
                    local m = require(name)
                    if type(m) == "table" and m._VERSION ~= nil then
                        assert.equal(VERSION, m._VERSION, name)
                        checked = checked + 1
                    end
                end
            end
        end
        assert.is_true(checked >= 20)
        assert.equal("lua-tim/" .. VERSION, require("tim.net.http").USER_AGENT)
    end)

    it("has a rockspec and a CHANGELOG entry for that version, and an scm rockspec", function()
        local rockspec = read(ROOT .. "/lua-tim-" .. VERSION .. "-1.rockspec")
        assert.is_string(rockspec, "no lua-tim-" .. VERSION .. "-1.rockspec")
        assert.matches('\nversion = "' .. VERSION:gsub("%.", "%%.") .. '%-1"', rockspec)
        assert.matches("lua%-tim%-" .. VERSION:gsub("%.", "%%.") .. "%.tar%.gz", rockspec)
        assert.matches('dir = "lua%-tim%-' .. VERSION:gsub("%.", "%%.") .. '"', rockspec)
        assert.matches('\nversion = "scm%-1"', assert(read(ROOT .. "/lua-tim-scm-1.rockspec")))
        -- the newest versioned rockspec is this one
        for _, f in ipairs(lines_of("cd " .. q(ROOT) .. " && ls lua-tim-*-1.rockspec")) do
            local v = f:match("^lua%-tim%-(%d+%.%d+%.%d+)%-1%.rockspec$")
            if v then
                local a, b = {}, {}
                for n in v:gmatch("%d+") do a[#a + 1] = tonumber(n) end
                for n in VERSION:gmatch("%d+") do b[#b + 1] = tonumber(n) end
                local newer = a[1] > b[1] or (a[1] == b[1] and (a[2] > b[2] or (a[2] == b[2] and a[3] > b[3])))
                assert.is_false(newer, f .. " is newer than tim.version " .. VERSION)
            end
        end
        -- both rockspecs build the same way and install the same files
        local scm = read(ROOT .. "/lua-tim-scm-1.rockspec")
        assert.equal(scm:match("\nbuild = %b{}"), rockspec:match("\nbuild = %b{}"))
        assert.equal(scm:match("\ndependencies = %b{}"), rockspec:match("\ndependencies = %b{}"))
        local changelog = assert(read(ROOT .. "/CHANGELOG.md"))
        assert.equal(VERSION, changelog:match("\n## (%d+%.%d+%.%d+)"), "the newest CHANGELOG entry")
        assert.matches("\n## 0%.1%.0\n", changelog)
    end)

    it("says its version on the command line", function()
        local out = lines_of("cd " .. q(ROOT) .. " && " .. (jit and "luajit" or "lua5.4") .. " bin/tim --version")
        assert.same({ "tim " .. VERSION }, out)
    end)

    it("keeps README.md a door and the reference in docs/, with links and anchors that resolve", function()
        local readme = assert(read(ROOT .. "/README.md"))
        for _, section in ipairs{ "## Two commands", "## Synopsis", "## A short tour", "## The docs" } do
            assert.matches("\n" .. section, readme, 1, true)
        end
        assert.matches("make demo", readme, 1, true)
        assert.matches("make test", readme, 1, true)
        for _, topic in ipairs{ "client", "errors", "json", "transports", "openresty", "callbacks", "emulator",
                                "cli", "core", "performance", "ratelimit", "endpoints", "loop" } do
            assert.matches("(docs/" .. topic .. ".md)", readme, 1, true)
        end

        -- GitHub's heading anchors: lower case, punctuation but - and _ dropped, spaces to -
        local function slug(h)
            return (h:lower():gsub("[^%w%s%-_]", ""):gsub("%s", "-"))
        end
        local docs = { "README.md" }
        for _, f in ipairs(lines_of("cd " .. q(ROOT) .. " && ls docs/*.md")) do docs[#docs + 1] = f end
        local anchors = {}
        for _, f in ipairs(docs) do
            local set, fence = {}, false
            for line in assert(read(ROOT .. "/" .. f)):gmatch("[^\n]*") do
                if line:match("^```") then fence = not fence end
                local h = not fence and line:match("^#+%s+(.-)%s*$")
                if h then set[slug(h)] = true end
            end
            anchors[f] = set
        end
        -- links into files that other work brings (generated by make docs; tim.loop) may wait for it
        local later = { ["docs/endpoints.md"] = true, ["docs/loop.md"] = true }
        local broken = {}
        for _, f in ipairs(docs) do
            local dir = f:match("^(.*)/") or ""
            local text = assert(read(ROOT .. "/" .. f)):gsub("\n```.-\n```", "")
            for target in text:gmatch("%]%(([^)%s]+)%)") do
                if not target:match("^%a+://") and not target:match("^mailto:") then
                    local file, anchor = target:match("^([^#]*)#?(.*)$")
                    local path = file == "" and f or (dir ~= "" and dir .. "/" .. file or file)
                    path = path:gsub("[^/]+/%.%./", "")
                    if not read(ROOT .. "/" .. path) then
                        if not later[path] then broken[#broken + 1] = f .. ": " .. target end
                    elseif anchor ~= "" and anchors[path] and not anchors[path][anchor] then
                        broken[#broken + 1] = f .. ": " .. target .. " (no such heading)"
                    end
                end
            end
        end
        assert.same({}, broken)
    end)

    it("refers to no CONTRACTS.md, which the repository does not have", function()
        local found = {}
        for _, f in ipairs(repo_files()) do
            if (f:match("%.md$") or f:match("^spec/")) and f ~= "spec/90-repository_spec.lua" then
                local s = read(ROOT .. "/" .. f) or ""
                if s:find("CONTRACTS", 1, true) then found[#found + 1] = f end
            end
        end
        assert.same({}, found)
    end)
end)

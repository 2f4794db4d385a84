-- The floors of lua/tim (docs/architecture.md): base < net < client < server < cli, the public faces above
-- them. A module requires only from its own floor or below (tim.version and tim.core are below every floor),
-- never a face (the faces are for users), and no require cycle exists. Read from the sources, the way a reader
-- sees them.
local sources = require "support.sources"

local FLOORS = { base = 1, net = 2, client = 3, server = 4, cli = 5 }
local BELOW_ALL = { ["tim.version"] = true, ["tim.core"] = true }

local function floor_of(mod)
    local f = mod:match("^tim%.([%w_]+)%.")
    if f and FLOORS[f] then return FLOORS[f] end
    if mod == "tim.client" or mod == "tim.cli" then return FLOORS[mod:match("^tim%.(.*)$")] end
    return nil      -- a face (tim, tim.loop, tim.json, ...) or tim.version
end

-- requires(file) -> the literal module names it requires, and the prefixes of its dynamic ones ("a.b." .. x)
local function requires(file)
    local src = sources.code(file)
    local out = {}
    for q, name in src:gmatch("require%s*%(?%s*([\"'])(tim[%w_%.]*)%1") do
        out[#out + 1] = { name = name, dynamic = name:sub(-1) == "." }
        local _ = q
    end
    return out
end

describe("the floors of lua/tim", function()
    local mods = sources.modules()

    it("has every module on a floor or as a public face", function()
        local faces = {}
        for mod in pairs(mods) do
            if not floor_of(mod) and not BELOW_ALL[mod] then faces[#faces + 1] = mod end
        end
        table.sort(faces)
        assert.same({ "tim", "tim.api", "tim.callback", "tim.callback.ngx", "tim.emulator", "tim.errors",
                      "tim.json", "tim.loop", "tim.msg" }, faces)
    end)

    it("lets a module require only its own floor or below, and never a face", function()
        local bad = {}
        for mod, file in pairs(mods) do
            local own = floor_of(mod)
            if own then
                for _, r in ipairs(requires(file)) do
                    local target = r.name:gsub("%.$", "")
                    if not BELOW_ALL[target] then
                        local tf = floor_of(target .. (r.dynamic and ".x" or ""))
                        if not tf then
                            bad[#bad + 1] = mod .. " requires the face " .. r.name
                        elseif tf > own then
                            bad[#bad + 1] = mod .. " requires " .. r.name .. ", a floor above it"
                        end
                    end
                end
            end
        end
        sources.none(bad)
    end)

    it("has no require cycle", function()
        local graph = {}
        for mod, file in pairs(mods) do
            graph[mod] = {}
            for _, r in ipairs(requires(file)) do
                if not r.dynamic and mods[r.name] then graph[mod][#graph[mod] + 1] = r.name end
            end
        end
        local state, cycle = {}, nil
        local function visit(m, path)
            if cycle then return end
            if state[m] == "open" then
                cycle = table.concat(path, " -> ") .. " -> " .. m
                return
            end
            if state[m] == "done" then return end
            state[m] = "open"
            path[#path + 1] = m
            for _, n in ipairs(graph[m]) do visit(n, path) end
            path[#path] = nil
            state[m] = "done"
        end
        local names = {}
        for m in pairs(graph) do names[#names + 1] = m end
        table.sort(names)
        for _, m in ipairs(names) do visit(m, {}) end
        assert.is_nil(cycle)
    end)

    it("keeps every public name a user requires", function()
        for _, name in ipairs{ "tim", "tim.loop", "tim.callback", "tim.callback.ngx", "tim.emulator", "tim.json",
                               "tim.api", "tim.errors", "tim.msg" } do
            assert.is_string(mods[name], name)
        end
    end)
end)

-- The conventions docs/architecture.md states, where a reader of the sources can check them.
describe("the conventions of lua/tim", function()
    local mods = sources.modules()
    local source = sources.code

    it("loads the rock's own modules with a plain require: pcall(require) only for optional libraries", function()
        local bad = {}
        for mod, file in pairs(mods) do
            for name in source(file):gmatch("pcall%s*%(%s*require%s*,%s*[\"']([^\"']+)") do
                if name:match("^tim%.") or name == "tim" then bad[#bad + 1] = mod .. ": " .. name end
            end
        end
        sources.none(bad)
    end)

    -- misuse raises "bad argument #n to 'name' (...)" at the user's line: each case runs on a line of its own
    -- (not as a tail call, which would hide the caller), and the message must start with this file and that line
    it("raises misuse as bad argument #n at the caller's line, for every public function that takes options", function()
        local tim = require "tim"
        local callback, emulator, loop_mod = require "tim.callback", require "tim.emulator", require "tim.loop"
        local api, msg = require "tim.api", require "tim.msg"
        local here = "09%-floors_spec%.lua:"
        local im0 = assert(tim.new{ sdkappid = 1400000000, key = "k", endpoint = "http://127.0.0.1:9" })
        local cases = {
            { "tim.callback.new", 1, function() local r = callback.new(5); return r end },
            { "tim.callback.verify", 1, function() local r = callback.verify(5, {}); return r end },
            { "tim.callback.verify", 2, function() local r = callback.verify({}, { token = "" }); return r end },
            { "tim.callback.parse", 3, function() local r = callback.parse("", "{}", 5); return r end },
            { "tim.callback.sign", 1, function() local r = callback.sign(nil, 1); return r end },
            { "tim.callback.reject", 1, function() local r = callback.reject(2); return r end },
            { "tim.callback.modify", 1, function() local r = callback.modify{ To_Account = "x" }; return r end },
            { "tim.emulator.new", 1, function() local r = emulator.new{ host = "10.0.0.1" }; return r end },
            { "tim.loop.new", 1, function() local r = loop_mod.new(5); return r end },
            { "loop:spawn", 1, function() local r = loop_mod.new():spawn(5); return r end },
            { "on_signal", 1, function() local r = loop_mod.new():on_signal(5); return r end },
            { "tim.env", 1, function() local r = tim.env(5); return r end },
            { "tim.api.fields", 1, function() local r = api.fields(42, "request"); return r end },
            { "tim.msg.text", 1, function() local r = msg.text(5); return r end },
            { "tim.msg.body", 1, function() local r = msg.body(); return r end },
            { "tim.api.region", 1, function() local r = api.region(1); return r end },
            { "tim.json.array", 1, function() local r = require("tim.json").array(5); return r end },
            { "tim.errors.new", 1, function() local r = require("tim.errors").new{ kind = "x" }; return r end },
            { "im:with_loop", 1, function() local r = im0:with_loop(5); return r end },
        }
        for _, c in ipairs(cases) do
            local line = debug.getinfo(c[3], "S").linedefined
            local ok, err = pcall(c[3])
            assert.is_false(ok, c[1])
            local where = tostring(err):match(here .. ".*") or tostring(err)
            assert.truthy(where:find("^" .. here .. line .. ": bad argument #" .. c[2] .. " to '"
                                     .. c[1]:gsub("%p", "%%%0") .. "' %("), where)
        end
    end)

    -- above the network floor a failure is a value a program reads: nil (or false in a loop), and a tim.errors
    -- object with its kind. A closed loopback port makes every call fail at once (connection refused).
    it("returns a tim.errors object from every client function a user calls, when it fails", function()
        local tim, errors = require "tim", require "tim.errors"
        local socket = require "socket"
        local srv = assert(socket.bind("127.0.0.1", 0))
        local _, port = srv:getsockname()
        srv:close()
        local im = assert(tim.new{ sdkappid = 1400000000, key = "k", endpoint = "http://127.0.0.1:" .. port,
                                   retries = 0, timeout = 0.5 })
        local function second(_, e) return e end
        local report = select(2, im:batch("im_open_login_svc/multiaccount_import", { Accounts = { "a", "b" } }))
        local cases = {
            { "tim.new", second(tim.new{ sdkappid = "x" }) },
            { "tim.env", second(tim.env(nil, function() return nil end)) },
            { "im.<service>.<command>", second(im.openim.sendmsg{ From_Account = "a" }) },
            { "im:call", second(im:call("openim/sendmsg", {})) },
            { "im:call (no such path)", second(im:call("nope", {})) },
            { "im:batch", report },
            { "im:pages", second(im:pages("group_open_http_svc/get_appid_group_list", {})()) },
            { "im:items", second(im:items("group_open_http_svc/get_appid_group_list", {})()) },
            { "im:settle (a damaged report)", second(im:settle({ path = "openim/sendmsg" })) },
        }
        for _, c in ipairs(cases) do
            assert.is_true(errors.is(c[2]), c[1] .. " gave " .. tostring(c[2]))
            assert.is_string(c[2].kind, c[1])
        end
        im:close()
    end)

    -- no reach-ins: the call pipeline reads the client's settings through the fields call.READS names, and
    -- writes none of them (its own state is st.calls)
    it("keeps the call pipeline to its view of the client", function()
        local call = require "tim.client.call"
        local allowed = { calls = true }
        for _, name in ipairs(call.READS) do allowed[name] = true end
        local code = sources.code(mods["tim.client.call"])
        local bad = {}
        for name in code:gmatch("%f[%w_]st%.([%a_][%w_]*)") do
            if not allowed[name] then bad[#bad + 1] = "reads st." .. name end
        end
        for name in code:gmatch("%f[%w_]st%.([%a_][%w_]*)%s*=[^=]") do bad[#bad + 1] = "writes st." .. name end
        sources.none(bad)
    end)
end)

-- No reach-ins (issue 22): the emulator's state is one table st, cut into slices. The core's (st.accounts,
-- st.stats, st.seq, ... and the methods of tim.server.emulator.state) are everyone's; every other slice belongs to
-- the one family that lists it in its SLICES (the tables its reset creates), and only that family's file names
-- it: the others, and the emulator's other modules (messages, dashboard, init, ...), go through the owner's
-- functions (group.get, c2c.message_by_key, profile.get, ...). Read from the sources, the way a reader sees them:
-- every st.<name> and st["<name>"] outside comments. (A family that aliased st under another name would escape
-- this reading; none does.)
local ROOT = os.getenv("LUA_TIM_ROOT") or "."
local state = require "tim.server.emulator.state"
local sources = require "support.sources"

local function list_files() return sources.files("tim/server/emulator") end

local function code_of(path) return sources.code(ROOT .. "/lua/tim/server/emulator/" .. path) end

-- the slices a file names: { { name, line }, ... }
local function slices_named(code)
    local out, n = {}, 0
    for line in (code .. "\n"):gmatch("([^\n]*)\n") do
        n = n + 1
        for name in line:gmatch("%f[%w_]st%.([%a_][%w_]*)") do out[#out + 1] = { name, n } end
        for _, name in line:gmatch("%f[%w_]st%s*%[%s*([\"'])([%a_][%w_]*)%1%s*%]") do out[#out + 1] = { name, n } end
    end
    return out
end

local function family_of(path) return path:match("^family/([%w_]+)%.lua$") end

describe("the emulator's state slices", function()
    local files = list_files()
    local owner, families = {}, {}          -- slice -> family; family name -> module
    local twice = {}
    for _, path in ipairs(files) do
        local name = family_of(path)
        if name then
            local mod = require("tim.server.emulator.family." .. name)
            families[name] = mod
            for _, slice in ipairs(mod.SLICES or {}) do
                if owner[slice] then twice[#twice + 1] = slice .. ": " .. owner[slice] .. " and " .. name end
                owner[slice] = owner[slice] or name
            end
        end
    end
    -- the core: what a state without families holds (minus the slices a family owns: the core makes the
    -- profiles through the profile family) and the state's methods
    local core = {}
    for k in pairs(state.new{ families = {} }) do if not owner[k] then core[k] = true end end
    for k, v in pairs(state) do if type(v) == "function" then core[k] = true end end

    it("gives every family slice one owner, and no family a core slice", function()
        local bad = {}
        for _, t in ipairs(twice) do bad[#bad + 1] = "listed twice: " .. t end
        for slice, name in pairs(owner) do
            if core[slice] then bad[#bad + 1] = name .. " lists the core's " .. slice end
        end
        sources.none(bad)
    end)

    it("has each family's reset create only the slices the family lists", function()
        local bad = {}
        for name, mod in pairs(families) do
            local reset = mod.state and mod.state.reset or mod.reset     -- the profile family's: the core calls it
            if reset then
                local probe = setmetatable({}, { __index = state })
                reset(probe)
                local mine = {}
                for _, slice in ipairs(mod.SLICES or {}) do mine[slice] = true end
                for k in pairs(probe) do
                    if not mine[k] then bad[#bad + 1] = name .. "'s reset creates st." .. k .. ", not in SLICES" end
                end
            end
        end
        sources.none(bad)
    end)

    it("lets a module name only the core's slices and its own family's", function()
        local bad, named = {}, {}
        for _, path in ipairs(files) do
            local mine = family_of(path)
            for _, hit in ipairs(slices_named(code_of(path))) do
                local slice, line = hit[1], hit[2]
                local o = owner[slice]
                if o and o == mine then named[slice] = true end
                if not core[slice] and o ~= mine then
                    bad[#bad + 1] = o and string.format("%s:%d names st.%s, the %s family's: use its functions",
                                                        path, line, slice, o)
                                      or string.format("%s:%d names st.%s, which no family lists in SLICES",
                                                       path, line, slice)
                end
            end
        end
        -- and the reading sees them: every listed slice is named in its own family's file
        for slice, o in pairs(owner) do
            if not named[slice] then bad[#bad + 1] = o .. " lists st." .. slice .. " but its file never names it" end
        end
        sources.none(bad)
    end)
end)

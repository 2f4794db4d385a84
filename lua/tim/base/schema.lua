-- tim.base.schema: the one checker of request and answer bodies against an endpoint's fields, as its page gives
-- them. The client (before sending), the CLI (before the first call of a batch), the message builders and the
-- emulator (for its request checks) all call check(); the client's drift reports call drift().
--
-- A tree is a list of fields in the page's table order; a field is
--   { name, type, required = true, enum = {...}, min =, max =, max_bytes =, min_items =, max_items =,
--     fields = {...}, items = type, open = true, doc = "..." }
-- where type is "string", "integer", "number", "boolean", "object", "array", "any", a list of these (a value of
-- any listed type), or the name of a shared type in tim.base.catalogue.types ("MsgBody", "OfflinePushInfo", ...).
--   fields     an object's members, or (on an array) the members of each item, which is then an object
--   items      an array's item type when the items are not objects (enum, min, max and max_bytes then apply to
--              each item)
--   open       an object whose members the page does not list (or a map with caller-chosen keys): any member
--   required   request: the page calls the field required; answer: the page says it is always there
--   max_bytes  a string's limit in bytes (UTF-8), as the pages count
-- Field paths are written A.B for an object's member and A[].B for an array item's member; check() reports the
-- concrete path (MsgBody[1].MsgContent.Text).
--
-- A shared type (tim.base.catalogue.types) is a field without a name, or a union:
--   { union = "MsgType", content = "MsgContent", variants = { TIMTextElem = tree, ... } }
-- an object whose `union` member (a string) picks the tree its `content` member is checked against.
local type, pairs, ipairs, tostring, setmetatable, next = type, pairs, ipairs, tostring, setmetatable, next
local floor, huge = math.floor, math.huge
local lower, byte, concat, sort = string.lower, string.byte, table.concat, table.sort
local min = math.min
local getmetatable = getmetatable
local json_is_array = require("tim.base.json").is_array

local _M = {}

-- The members every answer may carry (RESTful API overview: ActionStatus, ErrorCode, ErrorInfo; the newer
-- pages add ErrorDisplay and RequestId).
_M.COMMON_ANSWER = {
    { "ActionStatus", "string", required = true, enum = { "OK", "FAIL" }, doc = "OK or FAIL" },
    { "ErrorCode", "integer", required = true, doc = "0 on success" },
    { "ErrorInfo", "string", doc = "the error's description" },
    { "ErrorDisplay", "string", doc = "a message fit to show users (newer pages)" },
    { "RequestId", "string", doc = "the request's ID for support (newer pages)" },
}

local SCALARS = { string = true, integer = true, number = true, boolean = true, object = true, array = true,
                  any = true }

local types_mod       -- tim.base.catalogue.types, loaded on the first named type
local function named(name)
    types_mod = types_mod or require "tim.base.catalogue.types"
    local t = types_mod[name]
    if not t then error("tim.base.schema: unknown type '" .. tostring(name) .. "'", 0) end
    return t
end

---------------------------------------------------------------------------------------------------------------
-- compiling: a tree becomes a node { kind, members = { name = node }, lower = { lowercase = name }, ... }, once
-- per tree table (weak cache), so a check is a walk over hash lookups.

local compiled = setmetatable({}, { __mode = "k" })
local compile_field, compile_tree

local function lower_map(members)
    local m = {}
    for name in pairs(members) do
        local l = lower(name)
        if m[l] == nil then m[l] = name else m[l] = false end      -- ambiguous: no case-only suggestion
    end
    return m
end

function compile_tree(tree, open)
    local node = compiled[tree]
    if node then return node end
    node = { kind = "object", members = {}, order = {}, required = {}, open = open, unknown = {}, nunknown = 0 }
    compiled[tree] = node
    for _, f in ipairs(tree) do
        local name = f[1]
        node.members[name] = compile_field(f)
        node.order[#node.order + 1] = name
        if f.required then node.required[#node.required + 1] = name end
    end
    node.lower = lower_map(node.members)
    return node
end

local function set_of(list)
    if not list then return nil end
    local s = {}
    for _, v in ipairs(list) do s[v] = true end
    return s
end

-- a type (string, list or shared name) plus the constraints of f -> node
local function compile_type(t, f)
    if type(t) == "table" then
        local alts = {}
        for i, a in ipairs(t) do alts[i] = compile_type(a, {}) end
        return { kind = "alt", alts = alts, f = f }
    end
    if SCALARS[t] then
        local node = { kind = t, f = f, enum = set_of(f.enum), min = f.min, max = f.max, max_bytes = f.max_bytes,
                       min_items = f.min_items, max_items = f.max_items }
        if t == "object" then
            node.obj = compile_tree(f.fields or {}, f.open or not f.fields)
        elseif t == "array" then
            if f.fields then
                node.item = { kind = "object", f = {}, obj = compile_tree(f.fields, f.open) }
            elseif f.items then
                node.item = compile_type(f.items, { enum = f.enum, min = f.min, max = f.max,
                                                    max_bytes = f.max_bytes })
                node.enum, node.min, node.max, node.max_bytes = nil, nil, nil, nil
            else
                node.item = { kind = "any", f = {} }
            end
        end
        return node
    end
    local shared = named(t)
    local cached = compiled[shared]
    if not cached then
        if shared.union then
            cached = { kind = "union", f = shared, tag = shared.union, content = shared.content, variants = {} }
            compiled[shared] = cached
            -- a variant whose fields the page does not list is open (tree.open)
            for tag, tree in pairs(shared.variants) do cached.variants[tag] = compile_tree(tree, tree.open) end
            cached.tags = {}
            for tag in pairs(shared.variants) do cached.tags[#cached.tags + 1] = tag end
            sort(cached.tags)
        else
            cached = { kind = "pending" }
            compiled[shared] = cached
            local real = compile_type(shared[2] or shared.type, shared)
            for k, v in pairs(real) do cached[k] = v end
        end
    end
    if f == shared or (f.min_items == nil and f.max_items == nil) then return cached end
    -- a use of a shared type with limits of its own (max_items on this use): wrap it
    return { kind = "ref", f = f, target = cached, min_items = f.min_items, max_items = f.max_items }
end

function compile_field(f)
    return compile_type(f[2], f)
end

_M.compile = function(tree, open) return compile_tree(tree, open) end

---------------------------------------------------------------------------------------------------------------
-- closest(name, candidates) -> the documented name a mistyped one most likely meant, or nil

local function distance(a, b, limit)
    local la, lb = #a, #b
    if la - lb > limit or lb - la > limit then return limit + 1 end
    local prev, cur = {}, {}
    for j = 0, lb do prev[j] = j end
    for i = 1, la do
        cur[0] = i
        local best = i
        local ca = byte(a, i)
        for j = 1, lb do
            local cost = (ca == byte(b, j)) and 0 or 1
            local v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            cur[j] = v
            if v < best then best = v end
        end
        if best > limit then return limit + 1 end
        prev, cur = cur, prev
    end
    return prev[lb]
end

local function closest(name, node)
    local exact = node.lower[lower(name)]
    if exact then return exact end
    local l = lower(name)
    local limit = #name <= 4 and 1 or (#name <= 10 and 2 or 3)
    local best, best_d = nil, limit + 1
    for _, cand in ipairs(node.order) do
        local d = distance(l, lower(cand), limit)
        if d < best_d or (d == best_d and best and cand < best) then best, best_d = cand, d end
    end
    return best
end
_M.closest_in = function(name, names)
    local node = { order = names, lower = {} }
    for _, n in ipairs(names) do node.lower[lower(n)] = n end
    return closest(name, node)
end

---------------------------------------------------------------------------------------------------------------
-- checking: walk(node, value, path) -> nil | problem { reason, field, suggestion, detail }
-- reasons: "unknown_field", "missing", "type", "enum", "limit"

local math_type = math.type     -- Lua 5.3+: an integer is an integer at once
local function is_int(v)
    if math_type and math_type(v) == "integer" then return true end
    if type(v) == "cdata" then return true end          -- LuaJIT's 64-bit integers, which tim.json writes exactly
    return type(v) == "number" and v == floor(v) and v > -huge and v < huge
end

-- an array as tim.json writes it: a marked table (tim.array, tim.empty_array, a decoded array) or a non-empty
-- sequence; an empty plain table is written as {} and so is an object here
local function is_array(v)
    if type(v) ~= "table" then return false end
    if getmetatable(v) ~= nil then return json_is_array(v) end
    local n = #v
    if n == 0 then return false end
    local count = 0
    for _ in pairs(v) do count = count + 1 end
    return count == n
end

-- A problem carries the segments of its path innermost first (a member's name, an item's index), added as the
-- walk unwinds: a body that fits costs no string at all; the path is written once, at the top (path_of).
local function problem(reason, detail, suggestion)
    return { reason = reason, detail = detail, suggestion = suggestion, segs = {} }
end

local function at(p, seg)
    local segs = p.segs
    segs[#segs + 1] = seg
    return p
end

local function path_of(p, prefix)
    local out, segs = { prefix }, p.segs
    for i = #segs, 1, -1 do
        local seg = segs[i]
        if type(seg) == "number" then
            out[#out + 1] = "[" .. seg .. "]"
        else
            out[#out + 1] = (#out == 1 and (prefix == nil or prefix == "") and "" or ".") .. seg
        end
    end
    p.field, p.segs = concat(out), nil
    return p
end

local function typename(v)
    local t = type(v)
    if t == "number" then return is_int(v) and "integer" or "number" end
    if t == "cdata" then return "integer" end          -- LuaJIT's 64-bit integers
    if t == "table" then return is_array(v) and "array" or "object" end
    return t
end

local function enum_text(set)
    local vals = {}
    for v in pairs(set) do vals[#vals + 1] = tostring(v) end
    sort(vals)
    return concat(vals, ", ")
end

local walk
-- the mode of the check under way (check() does not yield, so one at a time): lenient refuses an unknown member
-- only when it differs from a documented one in case alone (a tree taken from a page's sample, not its table);
-- exempt: top-level members the caller fills later (the client's dedup fields), never "missing"
local lenient, exempt = false, nil

local function walk_object(obj, v, top)
    -- an array shows as a numeric key below (no is_array call per object: calls are what a check costs)
    if type(v) ~= "table" then
        return problem("type", "an object expected, got " .. typename(v))
    end
    local members = obj.members
    for k, child in next, v do
        local spec = members[k]
        if spec then
            local err = walk(spec, child)
            if err then return at(err, k) end
        elseif type(k) == "number" then
            return problem("type", "an object expected, got " .. typename(v))
        elseif not obj.open then
            if not lenient then
                local s = type(k) == "string" and closest(k, obj) or nil
                return at(problem("unknown_field", "not a documented field", s), tostring(k))
            end
            -- lenient: only a case-only twin of a documented name is refused; the answer for a name is kept
            -- (a few dozen per object at most: a body's own names, not its values)
            local s = obj.unknown[k]
            if s == nil then
                s = type(k) == "string" and obj.lower[lower(k)] or false
                if obj.nunknown < 64 then
                    obj.unknown[k], obj.nunknown = s, obj.nunknown + 1
                end
            end
            if s then return at(problem("unknown_field", "not a documented field", s), tostring(k)) end
        end
    end
    local required = obj.required
    for i = 1, #required do
        local name = required[i]
        if v[name] == nil and not (top and exempt and exempt[name]) then
            return at(problem("missing", "required"), name)
        end
    end
    return nil
end

local function check_items(node, v)
    local n = #v
    if node.min_items and n < node.min_items then
        return problem("limit", "at least " .. node.min_items .. " item(s), got " .. n)
    end
    if node.max_items and n > node.max_items then
        return problem("limit", "at most " .. node.max_items .. " items, got " .. n)
    end
end

local function range_text(node, v)
    return "between " .. tostring(node.min or "-inf") .. " and " .. tostring(node.max or "inf") .. ", got "
        .. tostring(v)
end

local function walk_scalar(node, v, kind)
    if kind == "string" then
        if type(v) ~= "string" then return problem("type", "a string expected, got " .. typename(v)) end
        if node.max_bytes and #v > node.max_bytes then
            return problem("limit", "at most " .. node.max_bytes .. " bytes, got " .. #v)
        end
    elseif kind == "integer" then
        if not is_int(v) then return problem("type", "an integer expected, got " .. typename(v)) end
        if type(v) == "number" and ((node.min and v < node.min) or (node.max and v > node.max)) then
            return problem("limit", range_text(node, v))
        end
    elseif kind == "number" then
        if type(v) ~= "number" then return problem("type", "a number expected, got " .. typename(v)) end
        if (node.min and v < node.min) or (node.max and v > node.max) then
            return problem("limit", range_text(node, v))
        end
    elseif kind == "boolean" then
        if type(v) ~= "boolean" then return problem("type", "a boolean expected, got " .. typename(v)) end
    end
    if node.enum and not node.enum[v] then
        local s
        if type(v) == "string" then
            local l = {}
            for e in pairs(node.enum) do if type(e) == "string" then l[#l + 1] = e end end
            sort(l)
            s = _M.closest_in(v, l)
        end
        return problem("enum", "one of " .. enum_text(node.enum), s)
    end
    return nil
end

local function walk_array(node, v)
    -- a non-empty sequence, or a marked empty array (what tim.json writes as [])
    local n = type(v) == "table" and #v or 0
    if n == 0 and not is_array(v) then
        if type(v) == "table" and next(v) == nil then
            return problem("type", "an array expected, got an empty table, which is sent as {} "
                .. "(use tim.empty_array)")
        end
        return problem("type", "an array expected, got " .. typename(v))
    end
    if (node.min_items and n < node.min_items) or (node.max_items and n > node.max_items) then
        return check_items(node, v)
    end
    local item = node.item
    for i = 1, n do
        local err = walk(item, v[i])
        if err then return at(err, i) end
    end
    return nil
end

local function walk_union(node, v)
    if type(v) ~= "table" or v[1] ~= nil then
        return problem("type", "an object expected, got " .. typename(v))
    end
    local tag = v[node.tag]
    if tag == nil then return at(problem("missing", "required"), node.tag) end
    local content = type(tag) == "string" and node.variants[tag]
    if not content then
        local s = type(tag) == "string" and _M.closest_in(tag, node.tags) or nil
        return at(problem("enum", "one of " .. concat(node.tags, ", "), s), node.tag)
    end
    for k in next, v do
        if k ~= node.tag and k ~= node.content then
            local s = type(k) == "string" and _M.closest_in(k, { node.tag, node.content }) or nil
            return at(problem("unknown_field", "not a documented field", s), tostring(k))
        end
    end
    local c = v[node.content]
    if c == nil then return at(problem("missing", "required"), node.content) end
    local err = walk_object(content, c)
    return err and at(err, node.content) or nil
end

function walk(node, v)
    local kind = node.kind
    if kind == "object" then
        return walk_object(node.obj, v)
    elseif kind == "array" then
        return walk_array(node, v)
    elseif kind == "union" then
        return walk_union(node, v)
    elseif kind == "ref" then
        if is_array(v) then
            local err = check_items(node, v)
            if err then return err end
        end
        return walk(node.target, v)
    elseif kind == "any" then
        return nil
    elseif kind == "alt" then
        for _, a in ipairs(node.alts) do
            if not walk(a, v) then return nil end
        end
        local names = {}
        for i, a in ipairs(node.alts) do names[i] = a.kind end
        return problem("type", concat(names, " or ") .. " expected, got " .. typename(v))
    end
    return walk_scalar(node, v, kind)
end

---------------------------------------------------------------------------------------------------------------
-- The fast path: each tree, on its first check, becomes one generated Lua chunk of straight-line tests (a
-- member's name compared with the documented ones, its type and limits inline), which only says yes or no. A
-- body it accepts costs a few comparisons per member instead of the walk's calls; a body it refuses is walked
-- again by the interpreter above, which says where and why. The two read the same compiled nodes, and the fast
-- path only ever accepts what the walk accepts (it refuses whatever it is unsure of, e.g. an undocumented member
-- the lenient walk has not seen yet).

local function lua_string(str)
    return string.format("%q", str)
end

-- the generator's state: K (constants the chunk reads), F (its functions), code (their text), ids (node -> F index)
local gen_test, gen_fn

local function gen_const(g, v)
    g.K[#g.K + 1] = v
    return "K[" .. #g.K .. "]"
end

-- an expression that is true when the value in `c` fits node
function gen_test(g, node, c)
    local kind = node.kind
    local e
    if kind == "string" then
        e = "type(" .. c .. ") == \"string\""
        if node.max_bytes then e = e .. " and #" .. c .. " <= " .. node.max_bytes end
    elseif kind == "integer" or kind == "number" then
        e = "type(" .. c .. ") == \"number\""
        if kind == "integer" then e = e .. " and " .. c .. " % 1 == 0" end
        if node.min then e = e .. " and " .. c .. " >= " .. string.format("%.17g", node.min) end
        if node.max then e = e .. " and " .. c .. " <= " .. string.format("%.17g", node.max) end
        if kind == "integer" and not node.enum then
            e = e .. " or type(" .. c .. ") == \"cdata\""     -- LuaJIT's 64-bit integers (tim.json)
        end
    elseif kind == "boolean" then
        e = "type(" .. c .. ") == \"boolean\""
    elseif kind == "any" then
        return "true"
    else
        return gen_fn(g, node) .. "(" .. c .. ", lenient)"
    end
    if node.enum then e = e .. " and " .. gen_const(g, node.enum) .. "[" .. c .. "]" end
    return "(" .. e .. ")"
end

local function gen_object(g, obj, top)
    local lines = { "if type(v) ~= \"table\" then return false end", "for k, c in next, v do" }
    local first = true
    for _, name in ipairs(obj.order) do
        lines[#lines + 1] = (first and "  if" or "  elseif") .. " k == " .. lua_string(name)
            .. " then if not " .. gen_test(g, obj.members[name], "c") .. " then return false end"
        first = false
    end
    local unknown
    if obj.open then
        unknown = "  if type(k) == \"number\" then return false end"
    else
        -- a number key is an array where an object goes; a name the lenient walk has seen is known harmless
        unknown = "  if type(k) == \"number\" or not lenient or " .. gen_const(g, obj.unknown)
            .. "[k] ~= false then return false end"
    end
    if first then
        lines[#lines + 1] = unknown
    else
        lines[#lines + 1] = "  else"
        lines[#lines + 1] = unknown
        lines[#lines + 1] = "  end"
    end
    lines[#lines + 1] = "end"
    for _, name in ipairs(obj.required) do
        lines[#lines + 1] = "if v[" .. lua_string(name) .. "] == nil"
            .. (top and " and not (exempt and exempt[" .. lua_string(name) .. "])" or "")
            .. " then return false end"
    end
    lines[#lines + 1] = "return true"
    return table.concat(lines, "\n")
end

local function gen_items(node, lines, n)
    if node.min_items then lines[#lines + 1] = "if " .. n .. " < " .. node.min_items .. " then return false end" end
    if node.max_items then lines[#lines + 1] = "if " .. n .. " > " .. node.max_items .. " then return false end" end
end

local function gen_union(g, node)
    local map = {}
    local m = gen_const(g, map)        -- tag -> { fn = the content object's function }, set after the load
    for tag, content in pairs(node.variants) do
        map[tag] = { id = gen_fn(g, { kind = "object", obj = content }) }
    end
    return table.concat({
        "if type(v) ~= \"table\" or v[1] ~= nil then return false end",
        "local e = " .. m .. "[v[" .. lua_string(node.tag) .. "]]",
        "if not e then return false end",
        "for k in next, v do if k ~= " .. lua_string(node.tag) .. " and k ~= " .. lua_string(node.content)
            .. " then return false end end",
        "local c = v[" .. lua_string(node.content) .. "]",
        "if c == nil then return false end",
        "return e.fn(c, lenient)" }, "\n")
end

local function gen_body(g, node)
    local kind = node.kind
    if kind == "object" then return gen_object(g, node.obj) end
    if kind == "union" then return gen_union(g, node) end
    local lines = {}
    if kind == "array" then
        lines = { "if type(v) ~= \"table\" then return false end", "local n = #v" }
        gen_items(node, lines, "n")
        lines[#lines + 1] = "if n == 0 then return is_array(v) end"
        lines[#lines + 1] = "for i = 1, n do local c = v[i] if not " .. gen_test(g, node.item, "c")
            .. " then return false end end"
        lines[#lines + 1] = "return true"
    elseif kind == "ref" then
        if node.min_items or node.max_items then
            lines[#lines + 1] = "if type(v) == \"table\" then"
            gen_items(node, lines, "#v")
            lines[#lines + 1] = "end"
        end
        lines[#lines + 1] = "return " .. gen_test(g, node.target, "v")
    elseif kind == "alt" then
        local alts = {}
        for i, a in ipairs(node.alts) do alts[i] = gen_test(g, a, "v") end
        lines[1] = "return " .. table.concat(alts, " or ")
    else
        lines[1] = "return " .. gen_test(g, node, "v")
    end
    return table.concat(lines, "\n")
end

-- the name of the generated function that checks node (made on first use)
function gen_fn(g, node)
    local id = g.ids[node]
    if not id then
        id = #g.F + 1
        g.ids[node] = id
        g.F[id] = true
        g.code[#g.code + 1] = false
        local slot = #g.code
        g.code[slot] = "F[" .. id .. "] = function(v, lenient)\n" .. gen_body(g, node) .. "\nend"
    end
    return "F[" .. id .. "]"
end

local function generate(root)
    local g = { K = {}, F = {}, code = {}, ids = {} }
    local root_code = "return function(v, lenient, exempt)\n" .. gen_object(g, root, true) .. "\nend"
    local chunk = "local K, F, next, type, is_array = ...\n" .. table.concat(g.code, "\n") .. "\n" .. root_code
    local loader = loadstring or load                     -- luacheck: ignore 113 (5.1's loadstring)
    local fn = assert(loader(chunk, "=tim.base.schema(generated)"))
    local root_fn = fn(g.K, g.F, next, type, is_array)
    -- the union maps point at their variants' functions
    for _, k in ipairs(g.K) do
        if type(k) == "table" then
            for _, e in pairs(k) do
                if type(e) == "table" and e.id then e.fn = g.F[tonumber(e.id:match("%d+"))] end
            end
        end
    end
    return root_fn
end

local fast_of = setmetatable({}, { __mode = "k" })

-- explain(tree, body [, opts]): check() without the fast path (the specs hold the two to the same answers)
function _M.explain(tree, body, opts)
    lenient, exempt = opts and opts.lenient or false, opts and opts.exempt
    local p = walk_object(compiled[tree] or compile_tree(tree), body, true)
    lenient, exempt = false, nil
    return p and path_of(p, "") or nil
end

-- check(tree, body [, opts]) -> nil when body fits, else a problem { reason, field, detail, suggestion }
-- opts.lenient: the tree comes from a sample, not the page's table (see above); opts.exempt: a set of top-level
-- names that may be missing
function _M.check(tree, body, opts)
    local obj = compiled[tree] or compile_tree(tree)
    local fast = fast_of[tree]
    if not fast then
        fast = generate(obj)
        fast_of[tree] = fast
    end
    local len, ex = opts and opts.lenient or false, opts and opts.exempt
    if fast(body, len, ex) then return nil end
    lenient, exempt = len, ex
    local p = walk_object(obj, body, true)
    lenient, exempt = false, nil
    return p and path_of(p, "") or nil
end

-- check_node(node, value [, path]) -> the same for a compiled node
function _M.check_node(node, v, path)
    local p = walk(node, v)
    return p and path_of(p, path or "") or nil
end

-- check_items(tree, field, list [, opts]) -> nil | problem, index: each item of a batch list against the item
-- type of the tree's top-level array `field`, one at a time (a batch refuses a bad item before its first chunk)
function _M.check_items(tree, field, list, opts)
    local node = compile_tree(tree).members[field]
    if node and node.kind == "ref" then node = node.target end
    local item = node and node.kind == "array" and node.item
    if not item then return nil end
    lenient = opts and opts.lenient or false
    for i = 1, #list do
        local p = walk(item, list[i])
        if p then
            lenient = false
            return path_of(at(p, i), field), i
        end
    end
    lenient = false
    return nil
end

---------------------------------------------------------------------------------------------------------------
-- drift(tree, answer, report): every member of an answer the tree does not know, and every always-present one
-- that is missing, as report(path, detail) with paths in the A[].B form. Never stops at the first.

local common_node
local function drift_object(obj, v, path, report)
    if type(v) ~= "table" then return end
    for k, child in pairs(v) do
        local p = path == "" and tostring(k) or path .. "." .. tostring(k)
        local spec = type(k) == "string" and obj.members[k]
        if spec then
            _M.drift_node(spec, child, p, report)
        elseif not obj.open and not (path == "" and common_node.members[k]) then
            report(p, "not documented")
        end
    end
    for _, name in ipairs(obj.required) do
        if v[name] == nil then
            report(path == "" and name or path .. "." .. name, "documented as always present, missing")
        end
    end
end

function _M.drift_node(node, v, path, report)
    local kind = node.kind
    if kind == "ref" then return _M.drift_node(node.target, v, path, report) end
    if kind == "object" then return drift_object(node.obj, v, path, report) end
    if kind == "array" and type(v) == "table" then
        local seen = false
        for i = 1, #v do
            if seen then break end
            local before = true
            _M.drift_node(node.item, v[i], path .. "[]", function(p, d) before = false report(p, d) end)
            seen = not before
        end
        return
    end
    if kind == "union" and type(v) == "table" then
        local content = node.variants[v[node.tag]]
        if content then drift_object(content, v[node.content], path .. "." .. node.content, report) end
        return
    end
    local t = typename(v)
    if kind ~= "any" and kind ~= "alt" and kind ~= t and not (kind == "number" and t == "integer") then
        report(path, kind .. " documented, got " .. t)
    end
end

function _M.drift(tree, answer, report)
    common_node = common_node or compile_tree(_M.COMMON_ANSWER)
    drift_object(compile_tree(tree), answer, "", report)
end

---------------------------------------------------------------------------------------------------------------
-- introspection: paths(tree) -> every path in the A.B / A[].B form, in page order; find(tree, path) -> field

local function walk_paths(tree, prefix, out, depth)
    if depth > 8 then return end
    for _, f in ipairs(tree) do
        local p = prefix == "" and f[1] or prefix .. "." .. f[1]
        out[#out + 1] = p
        local t = f[2]
        local sub_tree = f.fields
        if type(t) == "string" and not SCALARS[t] then
            local shared = named(t)
            if shared.fields then sub_tree = shared.fields end
            if (shared[2] or shared.type) == "array" then p = p .. "[]" end
        elseif t == "array" then
            p = p .. "[]"
        end
        if sub_tree then walk_paths(sub_tree, p, out, depth + 1) end
    end
    return out
end

function _M.paths(tree)
    return walk_paths(tree or {}, "", {}, 0)
end

-- find(tree, "A[].B") -> the field's descriptor table, or nil
function _M.find(tree, path)
    local cur = tree
    local field
    for part in path:gmatch("[^.]+") do
        local name = part:gsub("%[%]$", "")
        if not cur then return nil end
        field = nil
        for _, f in ipairs(cur) do
            if f[1] == name then field = f break end
        end
        if not field then return nil end
        cur = field.fields
        local t = field[2]
        if type(t) == "string" and not SCALARS[t] then
            local shared = named(t)
            cur = shared.fields or cur
        end
    end
    return field
end

-- describe(field) -> a plain descriptor { name, type, required, enum, min, max, max_bytes, min_items,
-- max_items, doc, items, open }
function _M.describe(field)
    if not field then return nil end
    local t = field[2]
    local d = { name = field[1], type = type(t) == "table" and concat(t, "|") or t, required = field.required == true,
                enum = field.enum, min = field.min, max = field.max, max_bytes = field.max_bytes,
                min_items = field.min_items, max_items = field.max_items, doc = field.doc,
                items = type(field.items) == "table" and concat(field.items, "|") or field.items,
                open = field.open == true }
    if type(t) == "string" and not SCALARS[t] then
        local shared = named(t)
        d.shared = t
        d.type = shared.union and "object" or (shared[2] or shared.type)
        d.doc = d.doc or shared.doc
    end
    return d
end

---------------------------------------------------------------------------------------------------------------
-- lint(tree, where) -> list of problems in the tree itself (for the catalogue's spec): names, types, keys

local FIELD_KEYS = { required = true, enum = true, min = true, max = true, max_bytes = true, min_items = true,
                     max_items = true, fields = true, items = true, open = true, doc = true,
                     page = true, page_zh = true, read = true }     -- the last three: a shared type's source

local function lint_type(t, where, out)
    if type(t) == "table" then
        for _, a in ipairs(t) do lint_type(a, where, out) end
        return
    end
    if type(t) ~= "string" then
        out[#out + 1] = where .. ": type must be a string, got " .. type(t)
    elseif not SCALARS[t] then
        types_mod = types_mod or require "tim.base.catalogue.types"
        if not types_mod[t] then out[#out + 1] = where .. ": unknown type " .. t end
    end
end

local function lint_tree(tree, where, out)
    if type(tree) ~= "table" then
        out[#out + 1] = where .. ": a tree must be a list of fields"
        return out
    end
    local seen = {}
    for i, f in ipairs(tree) do
        local name = type(f) == "table" and f[1]
        local w = where .. "." .. tostring(name or ("#" .. i))
        if type(name) ~= "string" or name == "" then
            out[#out + 1] = w .. ": a field starts with its name"
        elseif seen[name] then
            out[#out + 1] = w .. ": listed twice"
        else
            seen[name] = true
            lint_type(f[2], w, out)
            for k in pairs(f) do
                if type(k) == "string" and not FIELD_KEYS[k] then out[#out + 1] = w .. ": unknown key " .. k end
            end
            if f.fields then
                if f[2] ~= "object" and f[2] ~= "array" then
                    out[#out + 1] = w .. ": fields belong to an object or an array"
                end
                lint_tree(f.fields, w, out)
            end
            if f.items then
                if f[2] ~= "array" then out[#out + 1] = w .. ": items belong to an array" end
                if f.fields then out[#out + 1] = w .. ": items or fields, not both" end
                lint_type(f.items, w .. "[]", out)
            end
            if f.enum ~= nil and (type(f.enum) ~= "table" or #f.enum == 0) then
                out[#out + 1] = w .. ": enum is a non-empty list"
            end
            for _, k in ipairs{ "min", "max", "max_bytes", "min_items", "max_items" } do
                if f[k] ~= nil and type(f[k]) ~= "number" then out[#out + 1] = w .. ": " .. k .. " is a number" end
            end
            if f.doc ~= nil and type(f.doc) ~= "string" then out[#out + 1] = w .. ": doc is a string" end
        end
    end
    return out
end

function _M.lint(tree, where)
    return lint_tree(tree, where or "", {})
end

_M.is_array = is_array
_M.typename = typename
return _M

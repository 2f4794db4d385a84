-- tim.server.emulator.shape: the types of a snapshot, as data, and the one checker that walks a snapshot against them.
--
-- A family's import takes what its export wrote; a hand-edited or damaged snapshot can hold a number where a
-- handler compares strings, and the state would then break a later request (a 500) instead of the import. So
-- tim.server.emulator.state checks each slice against its shape (the core's, and each family's `state.shape`) before
-- anything is imported, and refuses the snapshot whole with the path of the first bad value:
--
--     families.group.groups[3].members[2].Role: string expected, got number
--
--   local T = require "tim.server.emulator.shape"
--   T.string, T.integer, T.number, T.boolean, T.any
--   T.array(item)                    a JSON array (an empty object too: an empty Lua table exports as {})
--   T.map(value)                     an object whose every member is a value
--   T.object({ field = shape }, other)  an object; its listed fields typed, any other member typed `other`
--                                    (nil: not checked; the importers read only the fields they know)
--   T.required(shape)                inside T.object: the field must be there
--   T.either(a, b)                   one or the other
--   T.msg_body                       a stored MsgBody
--   T.check(value, shape, path) -> nil | "path: what expected, got what"
--
-- Every field a handler reads belongs in its shape: JSON null is refused wherever a type is expected (a handler
-- reads it as a value, not as absent).
local json = require "tim.base.json"

local type, pairs, next, tostring, floor, huge = type, pairs, next, tostring, math.floor, math.huge
local fmt, match = string.format, string.match
local is_array, null = json.is_array, json.null

local _M = { _VERSION = require "tim.version" }

local function leaf(name) return { kind = "leaf", name = name } end
_M.string, _M.integer, _M.number, _M.boolean = leaf("string"), leaf("integer"), leaf("number"), leaf("boolean")
_M.any = { kind = "any" }

function _M.array(item) return { kind = "array", item = item } end
function _M.map(value) return { kind = "object", fields = {}, other = value } end
function _M.object(fields, other) return { kind = "object", fields = fields, other = other } end
function _M.required(shape) return { kind = "required", shape = shape } end
function _M.either(a, b) return { kind = "either", a, b } end

-- what a JSON value is: string, integer, number, boolean, null, array, object (an empty table: "empty")
local function what(v)
    local tv = type(v)
    if tv == "number" then
        if v ~= v or v == huge or v == -huge then return "number" end
        return v == floor(v) and "integer" or "number"
    end
    if tv ~= "table" then
        if v == null then return "null" end
        return tv
    end
    if is_array(v) then return "array" end
    if next(v) == nil then return "empty" end
    local n = #v
    if n == 0 then return "object" end
    for k in pairs(v) do
        if type(k) ~= "number" or k < 1 or k > n or k ~= floor(k) then return "object" end
    end
    return "array"
end

local LEAF_OK = { string = { string = true }, integer = { integer = true }, number = { integer = true, number = true },
                  boolean = { boolean = true } }

local function expected(shape)
    if shape.kind == "leaf" then return shape.name end
    if shape.kind == "array" then return "array" end
    if shape.kind == "object" then return "object" end
    if shape.kind == "either" then return expected(shape[1]) .. " or " .. expected(shape[2]) end
    return "value"
end

local function key_path(path, k)
    if type(k) == "string" and match(k, "^[%a_][%w_]*$") then return path .. "." .. k end
    return path .. "[" .. fmt("%q", tostring(k)) .. "]"
end

local check

local function check_object(v, shape, path)
    for name, f in pairs(shape.fields) do
        local fv = v[name]
        if f.kind == "required" then
            if fv == nil then return key_path(path, name) .. ": " .. expected(f.shape) .. " expected, got nothing" end
            f = f.shape
        end
        if fv ~= nil then
            local bad = check(fv, f, key_path(path, name))
            if bad then return bad end
        end
    end
    local other = shape.other
    if other then
        for k, x in pairs(v) do
            if shape.fields[k] == nil then
                local bad = check(x, other, key_path(path, k))
                if bad then return bad end
            end
        end
    end
    return nil
end

function check(v, shape, path)
    local kind = shape.kind
    if kind == "any" then return nil end
    if kind == "required" then return check(v, shape.shape, path) end
    local is = what(v)
    if kind == "leaf" then
        if LEAF_OK[shape.name][is] then return nil end
    elseif kind == "either" then
        if not check(v, shape[1], path) or not check(v, shape[2], path) then return nil end
    elseif kind == "array" then
        if is == "array" or is == "empty" then
            for i = 1, #v do
                local bad = check(v[i], shape.item, path .. "[" .. i .. "]")
                if bad then return bad end
            end
            return nil
        end
    elseif is == "object" or is == "empty" then
        return check_object(v, shape, path)
    end
    return path .. ": " .. expected(shape) .. " expected, got " .. (is == "empty" and "object" or is)
end

-- check(value, shape, path) -> nil when value has the shape, else "path: X expected, got Y" (the first found)
function _M.check(value, shape, path)
    return check(value, shape, path or "")
end

-- The message body every family stores as it was sent (C2C, group, topic and official-account messages): the
-- element fields the handlers read are typed (text, stream chunks), the rest of MsgContent is the sender's.
local T = _M
_M.msg_body = T.array(T.object{
    MsgType = T.required(T.string),
    MsgContent = T.required(T.object{
        Text = T.string, StreamMsgID = T.string, CompatibleText = T.string, IsFinished = T.integer,
        Chunks = T.array(T.object{ Index = T.integer, Markdown = T.string, EventType = T.string,
                                   IsLast = T.boolean }),
    }),
})

return _M

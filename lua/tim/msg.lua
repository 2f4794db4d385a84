-- tim.msg: message elements, built and checked against the "Message Formats" page (the catalogue's shared types)
-- instead of written by hand in every call.
--
--   local msg = require "tim.msg"
--   im.openim.sendmsg{ From_Account = "a", To_Account = "b", MsgBody = msg.body(msg.text("hi")) }
--   msg.custom{ Data = '{"kind":"order"}', Desc = "new order" }
--   msg.fields("TIMImageElem")   --> { "UUID", "ImageFormat", "ImageInfoArray", "ImageInfoArray[].Type", ... }
--
-- A builder checks its fields when it is called: a mistyped or mistyped-case name, a wrong type or a missing
-- required field raises a Lua error naming the field and the closest documented name (a caller's mistake, found
-- where it is made, not after a round trip).
local schema = require "tim.base.schema"
local types = require "tim.base.catalogue.types"
local json = require "tim.base.json"

local type, pairs, error, tostring, select = type, pairs, error, tostring, select

local _M = { _VERSION = require "tim.version" }

local variants = types.MsgElem.variants

-- Named values of the documented enumerations (Message Formats, 1047/33527).
_M.IMAGE_FORMAT = { JPG = 1, GIF = 2, PNG = 3, BMP = 4, OTHER = 255 }
_M.IMAGE_TYPE = { ORIGINAL = 1, LARGE = 2, THUMBNAIL = 3 }
-- sendmsg's SyncOtherMachine (269/2282): 1 also to the sender's other devices, 2 not
_M.SYNC = { TO_SENDER = 1, NOT_TO_SENDER = 2 }
-- OfflinePushInfo.PushFlag: 0 push when offline, 1 do not
_M.PUSH = { ON = 0, OFF = 1 }

local function fail(fn, p)
    local where = p.field ~= "" and p.field or "the element"
    local line = "tim.msg." .. fn .. ": field " .. where .. ": "
    if p.reason == "unknown_field" then
        line = line .. "not a documented field"
    elseif p.reason == "missing" then
        line = line .. "required"
    else
        line = line .. tostring(p.detail)
    end
    if p.suggestion then line = line .. " (did you mean " .. p.suggestion .. "?)" end
    error(line, 3)
end

-- element(MsgType, content) -> { MsgType = ..., MsgContent = content }, checked
function _M.element(msg_type, content)
    local tree = variants[msg_type]
    if not tree then
        local names = {}
        for k in pairs(variants) do names[#names + 1] = k end
        table.sort(names)
        local s = type(msg_type) == "string" and schema.closest_in(msg_type, names)
        error("bad argument #1 to 'tim.msg.element' (a documented MsgType expected, got " .. tostring(msg_type)
              .. (s and "; did you mean " .. s .. "?" or "") .. ")", 2)
    end
    if type(content) ~= "table" then
        error("bad argument #2 to 'tim.msg.element' (a table of MsgContent fields expected, got "
              .. type(content) .. ")", 2)
    end
    local p = schema.check(tree, content)
    if p then fail("element", p) end
    return { MsgType = msg_type, MsgContent = content }
end

local function builder(name, msg_type)
    return function(content)
        if type(content) ~= "table" then
            error("bad argument #1 to 'tim.msg." .. name .. "' (a table of " .. msg_type
                  .. " fields expected, got " .. type(content) .. ")", 2)
        end
        local p = schema.check(variants[msg_type], content)
        if p then fail(name, p) end
        return { MsgType = msg_type, MsgContent = content }
    end
end

_M.custom = builder("custom", "TIMCustomElem")
_M.face = builder("face", "TIMFaceElem")
_M.location = builder("location", "TIMLocationElem")
_M.image = builder("image", "TIMImageElem")
_M.sound = builder("sound", "TIMSoundElem")
_M.file = builder("file", "TIMFileElem")
_M.video = builder("video", "TIMVideoFileElem")

-- text(s) -> a TIMTextElem
function _M.text(s)
    if type(s) ~= "string" then
        error("bad argument #1 to 'tim.msg.text' (string expected, got " .. type(s) .. ")", 2)
    end
    return { MsgType = "TIMTextElem", MsgContent = { Text = s } }
end

-- body(elem, ...) -> the MsgBody array (marked, so it is written as a JSON array)
function _M.body(...)
    local n = select("#", ...)
    if n == 0 then error("bad argument #1 to 'tim.msg.body' (at least one element expected)", 2) end
    local t = json.array({ ... })
    for i = 1, n do
        local e = t[i]
        if type(e) ~= "table" or type(e.MsgType) ~= "string" or variants[e.MsgType] == nil then
            error("bad argument #" .. i .. " to 'tim.msg.body' (a message element expected: use tim.msg.text, "
                  .. "tim.msg.custom, ...)", 2)
        end
    end
    return t
end

-- fields(MsgType) -> the element's MsgContent paths (A.B, A[].B), or nil for an unknown MsgType
function _M.fields(msg_type)
    local tree = variants[msg_type]
    return tree and schema.paths(tree) or nil
end

-- types() -> the documented MsgType names, sorted
function _M.types()
    local names = {}
    for k in pairs(variants) do names[#names + 1] = k end
    table.sort(names)
    return names
end

return _M

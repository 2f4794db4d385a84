-- The callbacks the emulator fired, read from its journal (GET /_emulator/journal): a spec can check the events
-- it sent without running a receiver (point callback_url at a closed port: an unreachable app lets every action
-- through, as IM does, and the journal still keeps each event).
--
--   local journal = require "support.emulator_journal"
--   journal.dead_callbacks(emu)                 -- callbacks on, to nobody
--   ... calls ...
--   local ev = journal.events(emu, "Follow.CallbackAfterFollowAdd")   -- { event tables }, oldest first
local cjson = require "cjson"
local socket = require "socket"

local _M = {}

function _M.dead_callbacks(emu)
    local s = assert(socket.bind("127.0.0.1", 0))
    local _, port = s:getsockname()
    s:close()
    emu:raw("POST", "/_emulator/journal", '{"clear":true}', { ["Content-Type"] = "application/json" })
    emu:control("config", { callback_url = "http://127.0.0.1:" .. port .. "/cb" })
end

function _M.off(emu)
    emu:control("config", { callback_url = false })
end

function _M.events(emu, command)
    local status, body = emu:raw("GET", "/_emulator/journal?since=0&state=0")
    assert(status == 200, "journal: HTTP " .. tostring(status))
    local out = {}
    for _, c in ipairs(cjson.decode(body).callbacks) do
        if c.command == command then out[#out + 1] = cjson.decode(c.event) end
    end
    return out
end

return _M

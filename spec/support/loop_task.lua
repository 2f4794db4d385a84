-- What the batch specs on a loop share (81, 87, 88): one task run to its end on a loop that also serves an emulator,
-- and accounts u1..un.
local socket = require "socket"

local _M = {}

--- run(loop, emu, fn, ...): runs fn(...) as a task of `loop`, steps the loop until it ends (60 s at most), closes
--- `emu`, then raises what the task raised, or that it did not finish.
function _M.run(loop, emu, fn, ...)
    local args, n = { ... }, select("#", ...)
    local done, failure = false, nil
    loop:spawn(function()
        local ok, e = pcall(fn, (table.unpack or unpack)(args, 1, n))
        if not ok then failure = e end
        done = true
    end)
    local until_t = socket.gettime() + 60
    while not done and socket.gettime() < until_t do loop:step(0.05) end
    emu:close()
    if failure then error(failure, 0) end
    assert(done, "the spec's task did not finish in time")
end

--- ids(from, to) -> { "u<from>", ..., "u<to>" }
function _M.ids(from, to)
    local t = {}
    for i = from, to do t[#t + 1] = "u" .. i end
    return t
end

--- import(im, n): imports accounts u1..un through im:batch
function _M.import(im, n)
    local list = {}
    for i = 1, n do list[i] = { UserID = "u" .. i } end
    assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = list }))
end

return _M

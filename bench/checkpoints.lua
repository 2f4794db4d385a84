-- bench/checkpoints.lua (make bench): what a batch's checkpoints cost (issue 21): the same import of
-- BENCH_CHECKPOINT_ITEMS accounts (default 12,000) in chunks of 100 over a transport that answers at once, without
-- checkpoints, with on_checkpoint taking the report (tim call keeps it in memory), and with the report encoded as
-- `tim call --report FILE` writes it (tim.json.encoder: the parts that do not change are encoded once).
--   env LUA_PATH="lua/?.lua;lua/?/init.lua;spec/?.lua;;" LUA_CPATH="build/lua5.4/?.so;;" lua5.4 bench/checkpoints.lua
local fake = require "support.fake_transport"
local json = require "tim.json"
local socket = require "socket"

local N = tonumber(os.getenv("BENCH_CHECKPOINT_ITEMS")) or 12000
local MAX = 100
local list = {}
for i = 1, N do list[i] = { UserID = "user" .. i, Nick = "Player " .. i } end
local chunks = math.ceil(N / MAX)

local function run(mode)
    local im, t = fake.client{ validate = false }
    for _ = 1, chunks do t:ok({ FailAccounts = {} }) end
    local enc = json.encoder()
    local writes, bytes = 0, 0
    local opts = {}
    if mode ~= "none" then
        opts.on_checkpoint = function(r)
            writes = writes + 1
            if mode == "encoded" then bytes = bytes + #enc(r) end
        end
    end
    local t0 = socket.gettime()
    assert(im:batch("im_open_login_svc/multiaccount_import", { AccountList = list }, opts))
    return socket.gettime() - t0, writes, bytes
end

print(string.format("%d items, %d chunks (%s)", N, chunks, jit and jit.version or _VERSION))
for _, mode in ipairs{ "none", "report", "encoded" } do
    local s, writes, bytes = run(mode)
    print(string.format("  %-8s %7.2f s  %4d checkpoints  %6.1f MB encoded  %6.2f ms a checkpoint", mode, s, writes,
                        bytes / 1e6, writes > 0 and s * 1000 / writes or 0))
end

-- spec/support/doc_block.lua MODE FILE NAME: runs (MODE "run") or only compiles (MODE "compile") one example
-- block extracted by doc_examples.lua. The chunk is named after its Markdown file, and FILE keeps the block at
-- its own line numbers, so an error reads "docs/client.md:61: ...". Exit 1 on any error, after printing it.
local mode, file, name = arg[1], arg[2], arg[3]
local f = assert(io.open(file, "rb"))
local src = f:read("*a")
f:close()
local chunk, err = (loadstring or load)(src, "@" .. name)
if not chunk then
    io.stderr:write("does not compile: ", err, "\n")
    os.exit(1)
end
if mode == "compile" then os.exit(0) end
_G.arg = { [0] = name }       -- the block sees itself as the script
local ok, e = xpcall(chunk, debug.traceback)
if not ok then
    io.stderr:write(tostring(e), "\n")
    os.exit(1)
end
os.exit(0)

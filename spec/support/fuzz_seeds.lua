-- Writes libFuzzer seeds for build/fuzz/fuzz_verify from the UserSig vectors (used by `make fuzz`), and with a
-- second directory the seeds of build/fuzz/fuzz_json (the JSON corpus of spec/10, plain texts):
--   lua5.4 spec/support/fuzz_seeds.lua <corpus dir> [<json corpus dir>]
-- Each seed starts with a mode byte (see csrc/test/fuzz_verify.c): "\0" + a UserSig, or an odd byte
-- (zlib level in the upper bits) + a JSON document that the target compresses itself.
local vectors = require "support.vectors"

local dir = arg and arg[1]
if not dir or dir == "" then
    io.stderr:write("usage: fuzz_seeds.lua <corpus dir>\n")
    os.exit(2)
end

local count = 0

local function write(name, bytes, into)
    local path = (into or dir) .. "/seed-" .. name
    local f = assert(io.open(path, "wb"))
    assert(f:write(bytes))
    f:close()
    count = count + 1
end

local data = vectors.load()
for _, set in ipairs({ "valid", "bad", "compat" }) do
    for _, v in ipairs(data[set]) do
        write(v.id .. "-sig", "\0" .. v.usersig)
        if v.doc_json then
            write(v.id .. "-doc", string.char(2 * 6 + 1) .. v.doc_json)
        end
    end
end
-- a few hand-made documents around the parser's corners
write("doc-escapes", "\13" .. '{"TLS.ver":"2.0","TLS.identifier":"\\u0000\\ud834\\udd1e\\/","TLS.sdkappid":1,'
    .. '"TLS.expire":9223372036854775807,"TLS.time":-9223372036854775808,"TLS.sig":"","x":[{},[],null,1e5]}')
write("doc-empty", "\1{}")

print(string.format("fuzz_seeds: wrote %d seeds to %s", count, dir))

local json_dir = arg[2]
if json_dir and json_dir ~= "" then
    local corpus = require "support.json_corpus"
    count = 0
    for i, text in ipairs(corpus.tricky) do
        write(string.format("tricky-%03d", i), text, json_dir)
    end
    write("sendmsg", corpus.sendmsg(), json_dir)
    write("members-3", corpus.group_members(3), json_dir)
    write("history-2k", corpus.history(2000), json_dir)
    print(string.format("fuzz_seeds: wrote %d seeds to %s", count, json_dir))
end

-- tim.records: a batch's items read from CSV or NDJSON text (what `tim call --csv FILE / --ndjson FILE` sends).
--
--   local records = require "tim.cli.records"
--   local items, err = records.csv("UserID,Nick\nu1,Alice\n")          -- { { UserID = "u1", Nick = "Alice" } }
--   local ids, err = records.csv("UserID\nu1\nu2\n", { scalar = true })  -- { "u1", "u2" }
--   local items, err = records.ndjson('{"UserID":"u1"}\n"u2"\n')        -- any JSON value a line
--   local items, err = records.read("accounts.csv")                     -- by the file's extension, or give "csv"
--
-- CSV (RFC 4180): the first row names the fields; a field may be quoted ("a, b", "say ""hi"""), a quoted field
-- may hold commas and line breaks; records end with CRLF or LF; a UTF-8 byte order mark is skipped, and so are
-- empty lines. Every value is a string; an empty cell leaves its field out of the item. NDJSON: one JSON value a
-- line (an object, a string or a number), empty lines skipped. Errors name the file (opts.name) and the line:
-- "accounts.csv:7: 4 fields, the header has 3".
local type, tostring, ipairs = type, tostring, ipairs
local find, sub, byte, gsub, match, format = string.find, string.sub, string.byte, string.gsub, string.match,
    string.format

local json = require "tim.base.json"

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

local BOM = "\239\187\191"
local QUOTE, COMMA, CR, LF = 34, 44, 13, 10

local function where(opts, line)
    return format("%s:%d: ", (opts and opts.name) or "input", line)
end

local function strip_bom(text)
    if sub(text, 1, 3) == BOM then
        return sub(text, 4)
    end
    return text
end

-- Reads one CSV record starting at byte i: -> fields, next i, lines consumed | nil, message
local function csv_record(text, i, n)
    local fields, k = {}, 0
    local lines = 1
    while true do
        local c = byte(text, i)
        local value
        if c == QUOTE then
            -- quoted: up to the quote that is not doubled
            local parts, p = {}, 0
            local j = i + 1
            while true do
                local q = find(text, '"', j, true)
                if not q then
                    return nil, "a quoted field is not closed (it opens on this line)"
                end
                p = p + 1
                parts[p] = sub(text, j, q - 1)
                if byte(text, q + 1) == QUOTE then
                    p = p + 1
                    parts[p] = '"'
                    j = q + 2
                else
                    i = q + 1
                    break
                end
            end
            value = table.concat(parts, "", 1, p)
            local _, breaks = gsub(value, "\n", "")
            lines = lines + breaks
            c = byte(text, i)
            if c ~= nil and c ~= COMMA and c ~= LF and not (c == CR and byte(text, i + 1) == LF) then
                return nil, "characters after the closing quote of a field"
            end
        else
            local j = i
            while j <= n do
                local d = byte(text, j)
                if d == COMMA or d == LF or (d == CR and byte(text, j + 1) == LF) then
                    break
                end
                if d == QUOTE then
                    return nil, "a quote inside an unquoted field (quote the whole field and double the quote)"
                end
                if d == CR then
                    return nil, "a carriage return inside an unquoted field"
                end
                j = j + 1
            end
            value = sub(text, i, j - 1)
            i = j
            c = byte(text, i)
        end
        k = k + 1
        fields[k] = value
        if c == COMMA then
            i = i + 1
        elseif c == CR then
            return fields, i + 2, lines
        elseif c == LF then
            return fields, i + 1, lines
        else
            return fields, n + 1, lines     -- the end of the text
        end
    end
end

--- csv(text [, opts]) -> items | nil, err. opts.name (for messages), opts.scalar (a one-column file gives the
-- values themselves rather than objects).
function _M.csv(text, opts)
    if type(text) ~= "string" then
        error(bad_argument(1, "tim.cli.records.csv", "text must be a string"), 2)
    end
    text = strip_bom(text)
    local n = #text
    local i, line = 1, 1
    local header
    local items = json.array({})
    while i <= n do
        -- empty (or blank) lines between records
        local blank_end = match(text, "^[ \t]*\r?\n()", i)
        if blank_end then
            i = blank_end
            line = line + 1
        elseif match(text, "^[ \t]*$", i) then
            break
        else
            local fields, ni, lines = csv_record(text, i, n)
            if not fields then
                return nil, where(opts, line) .. ni
            end
            if not header then
                header = {}
                local seen = {}
                for c, name in ipairs(fields) do
                    name = match(name, "^%s*(.-)%s*$")
                    if name == "" then
                        return nil, where(opts, line) .. "the header's field " .. c .. " has no name"
                    end
                    if seen[name] then
                        return nil, where(opts, line) .. "the header names " .. name .. " twice"
                    end
                    seen[name] = true
                    header[c] = name
                end
            else
                if #fields ~= #header then
                    return nil, where(opts, line) .. format("%d field%s, the header has %d", #fields,
                                                            #fields == 1 and "" or "s", #header)
                end
                if opts and opts.scalar and #header == 1 then
                    if fields[1] == "" then
                        return nil, where(opts, line) .. "an empty value"
                    end
                    items[#items + 1] = fields[1]
                else
                    local item, any = {}, false
                    for c, name in ipairs(header) do
                        if fields[c] ~= "" then
                            item[name] = fields[c]
                            any = true
                        end
                    end
                    if not any then
                        return nil, where(opts, line) .. "every field of this row is empty"
                    end
                    items[#items + 1] = item
                end
            end
            i = ni
            line = line + lines
        end
    end
    if not header then
        return nil, where(opts, line) .. "no header row (the first row names the fields, e.g. UserID,Nick,FaceUrl)"
    end
    return items, nil, header
end

--- ndjson(text [, opts]) -> items | nil, err: one JSON value a line (objects, strings, numbers).
function _M.ndjson(text, opts)
    if type(text) ~= "string" then
        error(bad_argument(1, "tim.cli.records.ndjson", "text must be a string"), 2)
    end
    text = strip_bom(text)
    local items = json.array({})
    local line = 0
    for l in (text .. "\n"):gmatch("([^\n]*)\n") do
        line = line + 1
        if not match(l, "^%s*$") then
            local v, err = json.decode(l)
            if v == nil then
                return nil, where(opts, line) .. "not a JSON value: " .. tostring(err)
            end
            local t = type(v)
            if v == json.null or (t ~= "table" and t ~= "string" and t ~= "number") then
                return nil, where(opts, line) .. "an item must be an object, a string or a number, not " .. l
            end
            if t == "table" and (v[1] ~= nil or json.is_array(v)) then
                return nil, where(opts, line) .. "an item must be an object, a string or a number, not an array"
            end
            items[#items + 1] = v
        end
    end
    return items
end

--- read(path [, format [, opts]]) -> items | nil, err. format "csv" or "ndjson" (default: from the extension:
-- .ndjson and .jsonl are NDJSON, anything else CSV).
function _M.read(path, fmt, opts)
    if type(path) ~= "string" then
        error(bad_argument(1, "tim.cli.records.read", "path must be a string"), 2)
    end
    fmt = fmt or (match(path, "%.ndjson$") or match(path, "%.jsonl$")) and "ndjson" or "csv"
    if fmt ~= "csv" and fmt ~= "ndjson" then
        error(bad_argument(2, "tim.cli.records.read", "format must be \"csv\" or \"ndjson\""), 2)
    end
    local f, err = io.open(path, "rb")
    if not f then
        return nil, "cannot read " .. tostring(err)
    end
    local text = f:read("*a")
    f:close()
    local o = { name = path, scalar = opts and opts.scalar }
    if fmt == "ndjson" then
        return _M.ndjson(text, o)
    end
    return _M.csv(text, o)
end

return _M

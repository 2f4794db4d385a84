-- tim.records: a batch's items from CSV (RFC 4180 quoting, a header row, BOM, CRLF, empty lines) and NDJSON, with
-- errors that name the line.
local records = require "tim.cli.records"
local json = require "tim.json"

local function csv(text, opts)
    return records.csv(text, opts)
end

describe("tim.cli.records.csv", function()
    it("makes one object per row, keyed by the header", function()
        local items = assert(csv("UserID,Nick,FaceUrl\nu1,Alice,http://x/a.png\nu2,Bob,http://x/b.png\n"))
        assert.same({ { UserID = "u1", Nick = "Alice", FaceUrl = "http://x/a.png" },
                      { UserID = "u2", Nick = "Bob", FaceUrl = "http://x/b.png" } }, items)
        assert.is_true(json.is_array(items))
    end)

    it("reads quoted fields: commas, doubled quotes, line breaks, empty quoted values", function()
        local items = assert(csv('UserID,Nick\r\n"u,1","say ""hi"""\r\nu2,"two\r\nlines"\r\nu3,""\r\n'))
        assert.same({ UserID = "u,1", Nick = 'say "hi"' }, items[1])
        assert.same({ UserID = "u2", Nick = "two\r\nlines" }, items[2])
        assert.same({ UserID = "u3" }, items[3])       -- an empty cell leaves its field out
    end)

    it("skips a byte order mark, empty and blank lines, and takes a last line without a line break", function()
        local items = assert(csv("\239\187\191UserID,Nick\n\nu1,A\n   \n\r\nu2,B"))
        assert.same({ { UserID = "u1", Nick = "A" }, { UserID = "u2", Nick = "B" } }, items)
    end)

    it("trims the header's names and keeps the values as they are", function()
        local items = assert(csv(" UserID , Nick \nu1, with spaces \n"))
        assert.same({ { UserID = "u1", Nick = " with spaces " } }, items)
    end)

    it("gives plain values for a one-column file in scalar mode", function()
        assert.same({ "u1", "u2" }, assert(csv("To_Account\nu1\nu2\n", { scalar = true })))
        assert.same({ { To_Account = "u1" } }, assert(csv("To_Account\nu1\n")))
    end)

    it("names the line of a bad row", function()
        local cases = {
            { "UserID,Nick\nu1,A\nu2,B,C\n", "f.csv:3: 3 fields, the header has 2" },
            { "UserID,Nick\nu1\n", "f.csv:2: 1 field, the header has 2" },
            { 'UserID,Nick\nu1,"A\nB"\nu2,b"c\n', "f.csv:4: a quote inside an unquoted field" },
            { 'UserID,Nick\n\nu1,"never closed\nu2,B\n', "f.csv:3: a quoted field is not closed" },
            { 'UserID,Nick\nu1,"A"B\n', "f.csv:2: characters after the closing quote" },
            { "UserID,Nick\nu1,A\rB\n", "f.csv:2: a carriage return inside an unquoted field" },
            { "UserID,Nick\n,\n", "f.csv:2: every field of this row is empty" },
            { "UserID,,Nick\n", "f.csv:1: the header's field 2 has no name" },
            { "UserID,UserID\n", "f.csv:1: the header names UserID twice" },
            { "", "f.csv:1: no header row" },
            { "\n\n", "f.csv:3: no header row" },
            { "To_Account\nu1\n\"\"\n", "f.csv:3: an empty value", { scalar = true } },
        }
        for _, c in ipairs(cases) do
            local o = c[3] or {}
            o.name = "f.csv"
            local items, err = csv(c[1], o)
            assert.is_nil(items, c[1])
            assert.matches(c[2], err, 1, true)
        end
    end)

    it("raises for a text that is not a string", function()
        assert.has_error(function() records.csv(nil) end,
            "bad argument #1 to 'tim.cli.records.csv' (text must be a string)")
    end)
end)

describe("tim.cli.records.ndjson", function()
    it("reads one JSON value a line, skipping empty lines and a byte order mark", function()
        local items = assert(records.ndjson('\239\187\191{"UserID":"u1","Nick":"A"}\r\n\n"u2"\n  \n7\n'))
        assert.same({ { UserID = "u1", Nick = "A" }, "u2", 7 }, items)
    end)

    it("names the line of a bad one", function()
        local cases = {
            { '{"UserID":"u1"}\n{"UserID":\n', "x.ndjson:2: not a JSON value" },
            { '\n\n[1,2]\n', "x.ndjson:3: an item must be an object, a string or a number, not an array" },
            { 'null\n', "x.ndjson:1: an item must be an object" },
            { 'true\n', "x.ndjson:1: an item must be an object" },
            { '{"a":1} {"b":2}\n', "x.ndjson:1: not a JSON value" },
        }
        for _, c in ipairs(cases) do
            local items, err = records.ndjson(c[1], { name = "x.ndjson" })
            assert.is_nil(items, c[1])
            assert.matches(c[2], err, 1, true)
        end
    end)
end)

describe("tim.cli.records.read", function()
    it("picks the format by the extension and names the file in errors", function()
        local dir = os.tmpname()
        os.remove(dir)
        assert(os.execute("mkdir " .. dir))
        finally(function() os.execute("rm -rf " .. dir) end)
        local function write(name, text)
            local f = assert(io.open(dir .. "/" .. name, "wb")); f:write(text); f:close()
            return dir .. "/" .. name
        end
        assert.same({ { UserID = "a" } }, assert(records.read(write("a.csv", "UserID\na\n"))))
        assert.same({ "a" }, assert(records.read(write("a.ndjson", '"a"\n'))))
        assert.same({ "a" }, assert(records.read(write("a.jsonl", '"a"\n'))))
        assert.same({ "a" }, assert(records.read(write("a.txt", '"a"\n'), "ndjson")))
        local _, err = records.read(write("b.csv", "UserID\n\"open\n"))
        assert.matches("b.csv:2: a quoted field is not closed", err, 1, true)
        _, err = records.read(dir .. "/missing.csv")
        assert.matches("cannot read", err, 1, true)
        assert.has_error(function() records.read(dir .. "/a.csv", "xml") end)
    end)
end)

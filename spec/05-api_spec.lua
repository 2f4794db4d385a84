-- tim.api: the endpoint catalogue (shape, counts, lookups, regions). Needs no tim.core.
local isolated = require "support.isolated"
local api = require "tim.api"

local ROOT = os.getenv("LUA_TIM_ROOT") or "."

-- Families and counts: the 168 endpoints of version 0.1 plus the 18 the fidelity pass found on the official pages
-- (11 community permission-group calls 1047/61232-61242, 3 pinned-message calls 269/133874, 134119, 134120,
-- 4 Push trace/statistics calls 1047/71893, 71894, 71896, 71897). The spec/5N-fidelity_* specs check each
-- family against facts transcribed from the pages.
local TALLY = {
    accounts = 6, profile = 2, sns = 15, follow = 5, c2c = 11, msg_ext = 4, stream = 3, group = 68,
    recentcontact = 9, push = 28, mute = 2, ops = 6, robot = 3, audit = 9, search = 5, official = 12,
}
local TOTAL = 188

-- Every servicename of the catalogue (the Desk, LiveKit and RoomKit products that share the URL scheme excluded).
local SERVICES = {
    "im_open_login_svc", "openim", "profile", "sns", "follow", "openim_msg_ext_http_svc", "stream_msg",
    "openim_robot_http_svc", "group_open_http_svc", "group_open_attr_http_svc", "group_open_avchatroom_http_svc",
    "million_group_open_http_svc", "recentcontact", "all_member_push", "timpush", "openconfigsvr", "open_msg_svc",
    "ConfigSvc", "im_cos_msg", "im_msg_audit", "im_msg_audit_mgr", "user_search", "group_search",
    "group_member_search", "im_open_search", "official_account_open_http_svc",
}

-- The regional domains every endpoint page lists (e.g. 1047/34620, 269/2566).
local REGION_TABLE = {
    cn  = { "console.tim.qq.com", "adminapi.my-imcloud.com" },
    sgp = { "adminapisgp.im.qcloud.com", "adminapisgp.my-imcloud.com" },
    kr  = { "adminapikr.im.qcloud.com", "adminapikr.my-imcloud.com" },
    jpn = { "adminapijpn.im.qcloud.com", "adminapijpn.my-imcloud.com" },
    ger = { "adminapiger.im.qcloud.com", "adminapiger.my-imcloud.com" },
    ind = { "adminapiind.im.qcloud.com", "adminapiind.my-imcloud.com" },
    usa = { "adminapiusa.im.qcloud.com", "adminapiusa.my-imcloud.com" },
    idn = { "adminapiidn.im.qcloud.com", "adminapiidn.my-imcloud.com" },
}

local KNOWN_TRAITS = { doc = true, family = true, ref = true, rate = true, idempotent = true, dedup = true,
                       dedup_window = true, dedup_key = true, fill = true, batch = true, page = true, regions = true,
                       requires = true, per_object = true, settle = true, done_codes = true, alias_of = true,
                       since = true, note = true, request = true, answer = true, codes = true, invalid = true,
                       example = true, ref_zh = true, read = true, seen = true, unread = true, differs = true,
                       invalid_fields = true }

local function is_int(n)
    return type(n) == "number" and n == n and n % 1 == 0
end

local function entries()
    local list = {}
    for service, command, traits in api.each() do
        list[#list + 1] = { service = service, command = command, traits = traits }
    end
    return list
end

describe("tim.api catalogue", function()
    it("loads on its own, without tim.core", function()
        local fresh = isolated.load(ROOT .. "/lua/tim/base/catalogue/init.lua",
                                    function(name) return name ~= "tim.core" end)
        assert.equal(TOTAL, fresh.count)
        assert.is_table(fresh.services.openim.sendmsg)
    end)

    it("holds the 188 documented endpoints plus 2 legacy aliases", function()
        assert.equal(TOTAL, api.count)
        assert.equal(2, api.alias_count)
        assert.equal(TOTAL + 2, #entries())
    end)

    it("has per-family counts equal to the README tally", function()
        local seen = {}
        for _, f in ipairs(api.FAMILIES) do
            seen[f.name] = true
            assert.is_string(f.title)
            assert.equal(TALLY[f.name], api.family_counts[f.name], "family " .. f.name)
        end
        for name in pairs(TALLY) do
            assert.is_true(seen[name], "family missing from api.FAMILIES: " .. name)
        end
        local sum = 0
        for _, n in pairs(api.family_counts) do
            sum = sum + n
        end
        assert.equal(TOTAL, sum)
    end)

    it("has every documented service and no other", function()
        local expected = {}
        for _, s in ipairs(SERVICES) do
            expected[s] = true
            assert.is_table(api.services[s], "missing service " .. s)
            assert.is_not_nil(next(api.services[s]), "empty service " .. s)
        end
        for s in pairs(api.services) do
            assert.is_true(expected[s] == true, "unexpected service " .. s)
        end
    end)

    it("gives every entry valid traits", function()
        local families = {}
        for _, f in ipairs(api.FAMILIES) do
            families[f.name] = true
        end
        for _, e in ipairs(entries()) do
            local t, id = e.traits, e.service .. "/" .. e.command
            for k in pairs(t) do
                assert.is_true(KNOWN_TRAITS[k] == true, id .. ": unknown trait " .. tostring(k))
            end
            assert.is_string(t.doc, id)
            assert.is_true(#t.doc > 0 and #t.doc <= 100 and not t.doc:find("\n"), id .. ": doc must be one line")
            assert.is_true(families[t.family] == true, id .. ": unknown family " .. tostring(t.family))
            assert.is_table(api.rate_classes[t.rate], id .. ": unknown rate class " .. tostring(t.rate))
            assert.is_true(t.idempotent == nil or t.idempotent == true, id .. ": idempotent is true or nil")
            for _, fields in ipairs{ t.dedup or false, t.fill or false } do
                if fields then
                    assert.is_true(#fields > 0, id)
                    for _, f in ipairs(fields) do
                        assert.is_string(f, id .. ": dedup/fill fields are strings")
                        assert.is_true(#f > 0, id)
                    end
                end
            end
            if t.batch then
                assert.is_string(t.batch.field, id)
                assert.is_true(is_int(t.batch.max) and t.batch.max > 0, id .. ": batch.max positive integer")
            end
            if t.page then
                local p = t.page
                assert.is_string(p.items, id .. ": page.items")
                local cursor = p.carry ~= nil
                local offset = p.offset ~= nil
                assert.is_true(cursor ~= offset, id .. ": page is either cursor (carry/stop) or offset")
                if cursor then
                    assert.is_not_nil(next(p.carry), id)
                    for k, v in pairs(p.carry) do
                        assert.is_string(k, id)
                        assert.is_string(v, id)
                    end
                    assert.is_table(p.stop, id .. ": cursor paging needs a stop pair")
                    assert.is_not_nil(next(p.stop), id)
                    for k in pairs(p.stop) do
                        assert.is_string(k, id)
                    end
                else
                    assert.is_string(p.offset, id)
                    assert.is_string(p.limit, id)
                    assert.is_nil(p.stop, id)
                end
            end
            if t.regions then
                assert.is_true(#t.regions > 0, id)
                for _, r in ipairs(t.regions) do
                    assert.is_string(api.region_host(r), id .. ": unknown region " .. tostring(r))
                end
            end
            if t.alias_of then
                local target = api.lookup(t.alias_of)
                assert.is_table(target, id .. ": alias_of must name an entry")
                assert.is_nil(target.alias_of, id .. ": alias_of must name a canonical entry")
                assert.equal(target.family, t.family, id)
            end
            assert.is_true(t.since == nil or type(t.since) == "string", id)
            assert.is_true(t.note == nil or type(t.note) == "string", id)
            assert.is_true(t.ref == nil or (type(t.ref) == "string" and t.ref:find("^https://") ~= nil), id)
            assert.is_true(t.requires == nil or type(t.requires) == "string", id)
            if t.settle ~= nil then
                assert.is_string(t.settle, id)
                assert.is_true(#t.settle > 0 and #t.settle <= 200 and not t.settle:find("\n"),
                    id .. ": settle is one short sentence")
            end
            assert.is_true(t.dedup_window == nil or (is_int(t.dedup_window) and t.dedup_window > 0), id)
            for _, list in ipairs{ t.dedup_key or false, t.done_codes or false } do
                if list then
                    assert.is_true(#list > 0, id)
                end
            end
            for _, code in ipairs(t.done_codes or {}) do
                assert.is_true(is_int(code) and code > 0, id .. ": done_codes are ErrorCodes")
            end
            if t.per_object then
                assert.is_string(t.per_object.key, id)
                assert.is_true(t.per_object.rate == nil or t.per_object.rate > 0, id)
            end
        end
    end)

    it("declares every trait it uses in api.TRAITS, and no other", function()
        local declared = {}
        for _, name in ipairs(api.TRAITS) do
            declared[name] = true
            assert.is_true(KNOWN_TRAITS[name], "api.TRAITS names an unknown trait " .. name)
        end
        for name in pairs(KNOWN_TRAITS) do
            assert.is_true(declared[name], "api.TRAITS misses " .. name)
        end
    end)

    it("says how to settle a doubtful outcome for every command that is not safe to resend", function()
        local n = 0
        for _, e in ipairs(entries()) do
            local t = e.traits
            if not t.idempotent and not t.dedup then
                n = n + 1
                assert.is_string(t.settle, e.service .. "/" .. e.command .. " needs a settle trait")
            end
        end
        assert.is_true(n >= 30)
    end)

    it("has well-formed rate classes with the documented budgets", function()
        for name, rc in pairs(api.rate_classes) do
            assert.is_true(type(rc.rate) == "number" and rc.rate > 0, name)
            assert.is_true(is_int(rc.burst) and rc.burst >= 1, name)
            for _, k in ipairs({ "per_minute", "per_day", "per_message_rate" }) do
                assert.is_true(rc[k] == nil or (type(rc[k]) == "number" and rc[k] > 0), name .. "." .. k)
            end
        end
        assert.same({ 200, 200 }, { api.rate_classes.default.rate, api.rate_classes.default.burst })
        assert.equal(12000, api.rate_classes.batchsendmsg.per_minute)
        assert.equal("To_Account", api.rate_classes.batchsendmsg.cost_field)
        assert.equal(2, api.rate_classes.search.rate)
        assert.equal(100, api.rate_classes.push.per_day)
        assert.equal(1, api.rate_classes.push.rate)
        assert.equal(5, api.rate_classes.stream.per_message_rate)
    end)

    it("marks the documented dedup keys and their windows", function()
        assert.same({ "MsgRandom", "MsgSeq" }, api.lookup("openim", "sendmsg").dedup)
        assert.equal(120, api.lookup("openim", "sendmsg").dedup_window)
        assert.same({ "Random" }, api.lookup("group_open_http_svc", "send_group_msg").dedup)
        assert.equal(300, api.lookup("group_open_http_svc", "send_group_msg").dedup_window)
        assert.same({ "Random" }, api.lookup("group_open_http_svc", "send_broadcast_msg").dedup)
        -- importmsg ignores a copy with the same MsgSeq + MsgRandom + MsgTimeStamp, with no expiry (269/2568)
        local im = api.lookup("openim", "importmsg")
        assert.same({ "MsgRandom" }, im.dedup)
        assert.is_nil(im.dedup_window)
        assert.same({ "MsgSeq", "MsgRandom", "MsgTimeStamp" }, im.dedup_key)
    end)

    it("has the client fill required randoms that carry no dedup promise", function()
        for _, path in ipairs{ "openim/batchsendmsg", "timpush/batch", "timpush/push" } do
            local t = api.lookup(path)
            assert.same({ "MsgRandom" }, t.fill, path)
            assert.is_nil(t.dedup, path)
            assert.is_nil(t.idempotent, path)
        end
    end)

    it("never marks a create, import or send without a dedup key as safe to resend, bar the documented ones",
        function()
        -- pages that document a repeat as harmless: one internal ID per UserID (1047/34954), one robot per
        -- UserID (269/89991), the same official-account content within 5 minutes is dropped (269/102298)
        local DOCUMENTED = { ["im_open_login_svc/multiaccount_import"] = true,
                             ["openim_robot_http_svc/create_robot"] = true,
                             ["official_account_open_http_svc/send_official_account_msg"] = true }
        local checked = 0
        for _, e in ipairs(entries()) do
            local c, t = e.command, e.traits
            local path = e.service .. "/" .. c
            if c:find("^create") or c:find("^import") or c:find("^send") or c:find("^multiaccount")
                or c == "batchsendmsg" or c == "push" or c == "im_push" or c == "batch" or c == "friend_add"
                or c == "add_group_member" or c == "update_group_counter" then
                checked = checked + 1
                if not DOCUMENTED[path] then
                    assert.is_true(t.dedup ~= nil or t.idempotent == nil, path)
                end
            end
        end
        assert.is_true(checked >= 25)
        for path in pairs(DOCUMENTED) do
            assert.is_true(api.lookup(path).idempotent, path)
        end
    end)

    it("marks reads as safe to resend", function()
        for _, path in ipairs({ "openim/query_online_status", "profile/portrait_get", "sns/friend_get",
                                "group_open_http_svc/get_group_info", "openim/admin_getroammsg",
                                "recentcontact/get_list", "im_open_login_svc/account_check" }) do
            assert.is_true(api.lookup(path).idempotent, path)
        end
    end)

    it("carries the documented batch limits", function()
        local want = {
            ["im_open_login_svc/multiaccount_import"] = { "AccountList", 100 },
            ["im_open_login_svc/account_delete"] = { "DeleteItem", 100 },
            ["im_open_login_svc/account_check"] = { "CheckItem", 100 },
            ["openim/query_online_status"] = { "To_Account", 500 },
            ["openim/batchsendmsg"] = { "To_Account", 500 },
            ["profile/portrait_get"] = { "To_Account", 100 },
            ["sns/friend_delete"] = { "To_Account", 1000 },
            ["group_open_http_svc/get_group_info"] = { "GroupIdList", 50 },
            ["group_open_http_svc/delete_group_member"] = { "MemberToDel_Account", 100 },
            ["group_open_http_svc/add_group_member"] = { "MemberList", 20 },
            ["timpush/batch"] = { "To_Account", 500 },
        }
        for path, fm in pairs(want) do
            local b = api.lookup(path).batch
            assert.is_table(b, path)
            assert.same(fm, { b.field, b.max }, path)
        end
        assert.equal("batchsendmsg", api.lookup("openim/batchsendmsg").rate)
        assert.equal("rate100", api.lookup("im_open_login_svc/account_check").rate)
        assert.equal("push_batch", api.lookup("timpush/batch").rate)
        assert.equal("broadcast", api.lookup("group_open_http_svc/send_broadcast_msg").rate)
    end)

    it("describes the documented paging shapes", function()
        assert.same({ items = "GroupIdList", carry = { Next = "Next" }, stop = { Next = 0 } },
            api.lookup("group_open_http_svc/get_appid_group_list").page)
        local fg = api.lookup("sns/friend_get").page
        assert.equal("NextStartIndex", fg.carry.StartIndex)
        assert.equal("StandardSequence", fg.carry.StandardSequence)
        assert.same({ CompleteFlag = 1 }, fg.stop)
        assert.same({ items = "MemberList", offset = "Offset", limit = "Limit" },
            api.lookup("group_open_http_svc/get_group_member_info").page)
        assert.equal("CurruentSequence", api.lookup("sns/black_list_get").page.carry.LastSequence)
        assert.same({ Complete = 1 }, api.lookup("openim/admin_getroammsg").page.stop)
        assert.same({ CompleteFlag = 1 }, api.lookup("recentcontact/get_list").page.stop)
        assert.same({ IsFinish = true }, api.lookup("group_search/search").page.stop)
    end)

    it("restricts the region-bound features", function()
        for _, path in ipairs({ "user_search/search", "group_search/search", "group_member_search/search",
                                "im_open_search/get_no_visibility", "im_open_search/set_visibility" }) do
            local t = api.lookup(path)
            assert.same({ "cn", "sgp" }, t.regions, path)
            assert.equal("search", t.rate, path)
        end
        assert.same({ "sgp" }, api.lookup("im_msg_audit/content_moderation").regions)
        assert.equal("push", api.lookup("all_member_push/im_push").rate)
        assert.equal("push", api.lookup("timpush/push").rate)
    end)

    it("keeps the names confirmed in the docs and leaves the unconfirmed guess out", function()
        assert.is_table(api.lookup("group_open_avchatroom_http_svc", "add_robots"))
        assert.is_table(api.lookup("im_open_search", "set_visibility"))
        assert.is_nil(api.lookup("im_open_search", "set_no_visibility"))
    end)

    it("looks entries up by (service, command) and by path", function()
        local t = api.lookup("openim", "sendmsg")
        assert.is_table(t)
        assert.equal(t, api.lookup("openim/sendmsg"))
        assert.is_nil(api.lookup("openim", "nope"))
        assert.is_nil(api.lookup("nope", "sendmsg"))
        assert.is_nil(api.lookup("openim"))
        assert.is_nil(api.lookup(nil))
        assert.is_nil(api.lookup(42))
    end)

    it("resolves legacy aliases to their canonical names", function()
        assert.equal("openim/query_online_status", api.lookup("openim/querystate").alias_of)
        assert.equal("group_open_http_svc/get_group_muted_account",
            api.lookup("group_open_http_svc/get_group_shutted_uin").alias_of)
        assert.equal("openim/query_online_status", api.canonical("openim", "querystate"))
        assert.equal("openim/sendmsg", api.canonical("openim", "sendmsg"))
        assert.is_nil(api.canonical("openim", "nope"))
    end)

    it("iterates in sorted order, every entry once, with the same traits as lookup", function()
        local prev, n, seen = nil, 0, {}
        for service, command, traits in api.each() do
            local key = service .. "\0" .. command
            if prev then
                assert.is_true(prev < key, "not sorted at " .. service .. "/" .. command)
            end
            assert.is_nil(seen[key])
            seen[key], prev, n = true, key, n + 1
            assert.equal(api.lookup(service, command), traits)
        end
        assert.equal(api.count + api.alias_count, n)
        -- a second iteration gives the same sequence
        local again = 0
        for _ in api.each() do
            again = again + 1
        end
        assert.equal(n, again)
    end)
end)

describe("tim.api regions", function()
    it("has the eight documented data centres with primary and standby domains", function()
        for code, hosts in pairs(REGION_TABLE) do
            assert.equal(hosts[1], api.region_host(code), code)
            assert.equal(hosts[2], api.region_host(code, true), code)
            assert.is_string(api.regions[code].name, code)
            assert.equal(code, api.regions[code].code)
        end
        assert.same({ "cn", "sgp", "kr", "jpn", "ger", "ind", "usa", "idn", "ksa" }, api.REGION_CODES)
    end)

    it("has Riyadh (confirmed on trtc.io) without a standby domain", function()
        assert.equal("adminapiksa.im.qcloud.com", api.region_host("ksa"))
        local host, err = api.region_host("ksa", true)
        assert.is_nil(host)
        assert.matches("tim.api.region_host: no standby domain", err, 1, true)
    end)

    it("accepts friendly aliases in any case", function()
        local want = { china = "cn", singapore = "sgp", seoul = "kr", tokyo = "jpn", frankfurt = "ger",
                       mumbai = "ind", siliconvalley = "usa", usa = "usa", us = "usa", jakarta = "idn",
                       riyadh = "ksa" }
        for alias, code in pairs(want) do
            assert.equal(api.region_host(code), api.region_host(alias), alias)
            assert.equal(api.regions[code], api.regions[alias], alias)
        end
        assert.equal("adminapisgp.im.qcloud.com", api.region_host("Singapore"))
        assert.equal("adminapisgp.im.qcloud.com", api.region_host("SGP"))
        assert.equal("console.tim.qq.com", api.region_host("China"))
        assert.equal("sgp", api.region("singapore").code)
    end)

    it("returns nil and a message naming the region for an unknown one", function()
        local host, err = api.region_host("atlantis")
        assert.is_nil(host)
        assert.matches("^tim%.api%.region_host: unknown region 'atlantis'", err)
        assert.matches("sgp", err, 1, true)
        local r, err2 = api.region("atlantis")
        assert.is_nil(r)
        assert.matches("^tim%.api%.region: unknown region", err2)
    end)

    it("raises on a non-string region name (caller misuse)", function()
        assert.has_error(function() api.region_host(nil) end,
            "bad argument #1 to 'tim.api.region_host' (name must be a string)")
        assert.has_error(function() api.region(1) end, "bad argument #1 to 'tim.api.region' (name must be a string)")
    end)
end)

describe("tim.api's lazy catalogue", function()
    it("knows, for every service, every file that holds its commands", function()
        for _, name in ipairs(api.FILES) do
            for _, rec in ipairs(require("tim.base.catalogue." .. name)) do
                local files = api.FILES_OF[rec[2]]
                assert.is_table(files, rec[2])
                local found = false
                for _, f in ipairs(files) do found = found or f == name end
                assert.is_true(found, rec[2] .. "/" .. rec[3] .. " is in " .. name .. ".lua")
            end
        end
    end)

    it("finds every record whatever the order of the first lookups (a file holds several services)", function()
        local recs = {}
        for _, name in ipairs(api.FILES) do
            for _, rec in ipairs(require("tim.base.catalogue." .. name)) do recs[#recs + 1] = rec end
        end
        for _, order in ipairs{ 1, -1 } do
            local fresh = isolated.load(ROOT .. "/lua/tim/base/catalogue/init.lua",
                                    function(name) return name ~= "tim.core" end)
            local first, last = order == 1 and 1 or #recs, order == 1 and #recs or 1
            for i = first, last, order do
                local rec = recs[i]
                assert.is_table(fresh.lookup(rec[2], rec[3]), rec[2] .. "/" .. rec[3])
            end
        end
    end)

    it("loads a service's files on its first lookup, not before", function()
        local fresh = isolated.load(ROOT .. "/lua/tim/base/catalogue/init.lua",
                                    function(name) return name ~= "tim.core" end)
        assert.is_table(fresh.lookup("profile/portrait_get"))
        assert.is_table(fresh.services.sns.friend_add)
        assert.is_nil(fresh.lookup("no_such_service/x"))
        assert.equal(188, fresh.count)
    end)
end)

-- A snapshot the emulator loads must not break a later request. Its types are checked on import, every slice
-- of the format (tim.emulator.shape; the core's and each family's `state.shape`): a value of the wrong type is
-- refused whole, with its path. Proved by mutation: a rich state (spec/support/rich_state.lua) is exported, then
-- every value in it, one at a time, is swapped for each other JSON type or removed; each mutant is either refused
-- naming the path, or, once loaded, every endpoint exercised afterwards (the scenario again, reads of every
-- group, account and conversation, a probe of every route, the dashboard's view, the snapshot, the history file)
-- answers without a 500. Then seeded random mutants with several changes at once.
local json = require "tim.json"
local rich = require "support.rich_state"
local dashboard = require "tim.server.emulator.dashboard"

local SEED = 19

-- a path as the checker writes it: families.group.groups[3].members[2].Role, perm_groups["@PMG#_01"]
local function render(path)
    local out = {}
    for i, k in ipairs(path) do
        if type(k) == "number" then out[#out + 1] = "[" .. k .. "]"
        elseif k:match("^[%a_][%w_]*$") then out[#out + 1] = (i > 1 and "." or "") .. k
        else out[#out + 1] = "[" .. string.format("%q", k) .. "]" end
    end
    return table.concat(out)
end

-- every path to every value of a decoded document, containers included, in a stable order
local function paths_of(doc)
    local list = {}
    local function walk(v, path)
        if #path > 0 then list[#list + 1] = path end
        if type(v) ~= "table" then return end
        local keys = {}
        for k in pairs(v) do keys[#keys + 1] = k end
        table.sort(keys, function(a, b)
            if type(a) ~= type(b) then return type(a) == "number" end
            return a < b
        end)
        for _, k in ipairs(keys) do
            local p = { (table.unpack or unpack)(path) }
            p[#p + 1] = k
            walk(v[k], p)
        end
    end
    walk(doc, {})
    return list
end

-- one of each JSON type, as the decoder gives them
local function value_of(kind)
    if kind == "string" then return "7" end
    if kind == "integer" then return 7 end
    if kind == "number" then return 0.5 end
    if kind == "boolean" then return true end
    if kind == "null" then return json.null end
    if kind == "array" then return json.array{ 1, "x" } end
    if kind == "object" then return { x = 1 } end
    return nil       -- "missing": the member removed
end
local KINDS = { "string", "integer", "number", "boolean", "null", "array", "object", "missing" }

local function kind_of(v)
    if v == json.null then return "null" end
    if type(v) == "number" then return v == math.floor(v) and "integer" or "number" end
    if type(v) == "table" then return (json.is_array(v) or v[1] ~= nil) and "array" or "object" end
    return type(v)
end

local function get(doc, path)
    local t = doc
    for _, k in ipairs(path) do t = t[k] end
    return t
end

local function set(doc, path, value)
    local t = doc
    for i = 1, #path - 1 do t = t[path[i]] end
    t[path[#path]] = value
end

describe("tim.emulator snapshot types #slow", function()
    local emu, text, ctx, paths

    setup(function()
        emu = rich.new()
        local failed
        failed, ctx = rich.build(emu)
        assert(#failed == 0, "the scenario did not run clean: " .. table.concat(failed, "; "))
        text = assert(json.encode(emu:snapshot()))
        paths = paths_of(json.decode(text))
    end)
    teardown(function() if emu then emu:close() end end)

    -- reads that touch every group, account and conversation of the rich state, and a probe of every route
    local GROUPS = { "rich_pub", "rich_priv", "rich_chat", "rich_live", "@TGS#_richcomm", "rich_imp" }
    local USERS = { "alice", "bob", "carol", "dave", "erin", "@RBT#helper" }
    local function reads()
        local r = {}
        local function add(path, body) r[#r + 1] = { path, body } end
        for _, g in ipairs(GROUPS) do
            add("group_open_http_svc/get_group_info", { GroupIdList = { g } })
            add("group_open_http_svc/get_group_member_info", { GroupId = g, Limit = 100, Offset = 0 })
            add("group_open_http_svc/group_msg_get_simple", { GroupId = g, ReqMsgNumber = 20, WithRecalledMsg = 1 })
            add("group_open_http_svc/send_group_msg", { GroupId = g, From_Account = "alice", Random = 99,
                                                        MsgBody = rich.text("again") })
            add("group_open_http_svc/get_group_muted_account", { GroupId = g })
            add("group_open_http_svc/get_group_ban_member", { GroupId = g })
            add("group_open_attr_http_svc/get_group_attr", { GroupId = g })
            add("group_open_http_svc/get_group_counter", { GroupId = g })
            add("group_open_avchatroom_http_svc/get_members", { GroupId = g, Timestamp = 0 })
            add("million_group_open_http_svc/get_topic", { GroupId = g })
            add("group_open_http_svc/get_permission_group_info", { GroupId = g })
            add("group_open_http_svc/get_role_in_group", { GroupId = g, User_Account = USERS })
            add("group_open_http_svc/get_specified_group_member_info", { GroupId = g, Member_List_Account = USERS })
            add("group_open_http_svc/get_group_msg_receipt", { GroupId = g, MsgSeqList = { { MsgSeq = 1 } } })
            add("group_open_http_svc/delete_group_member", { GroupId = g, MemberToDel_Account = { "carol" } })
        end
        for _, u in ipairs(USERS) do
            add("group_open_http_svc/get_joined_group_list", { Member_Account = u })
            add("recentcontact/get_list", { From_Account = u, TimeStamp = 0, StartIndex = 0, TopTimeStamp = 0,
                                            TopStartIndex = 0, AssistFlags = 15 })
            add("recentcontact/get_contact_group", { From_Account = u, StartIndex = 0 })
            add("sns/friend_get", { From_Account = u, StartIndex = 0 })
            add("sns/black_list_get", { From_Account = u, StartIndex = 0, MaxLimited = 10, LastSequence = 0 })
            add("sns/group_get", { From_Account = u })
            add("follow/follow_get", { From_Account = u, FollowType = 3, StartCursor = "" })
            add("openim/get_c2c_unread_msg_num", { To_Account = u })
            add("profile/portrait_get", { To_Account = { u }, TagList = { "Tag_Profile_IM_Nick",
                                                                           "Tag_Profile_IM_Gender" } })
            add("openconfigsvr/getnospeaking", { Get_Account = u })
            add("timpush/get_attr", { To_Account = { u } })
            add("timpush/get_tag", { To_Account = { u } })
            add("official_account_open_http_svc/get_subscribed_official_account_list", { Member_Account = u })
            for _, v in ipairs(USERS) do
                add("openim/admin_getroammsg", { Operator_Account = u, Peer_Account = v, MaxCnt = 100, MinTime = 0,
                                                 MaxTime = 4294967295 })
            end
            add("im_open_login_svc/account_delete", { DeleteItem = { { UserID = u } } })
        end
        add("openim_msg_ext_http_svc/get_key_values", { From_Account = "alice", To_Account = "bob",
                                                        MsgKey = ctx.key1 })
        add("openim_msg_ext_http_svc/group_get_key_values", { GroupId = "rich_pub", MsgSeq = ctx.seq1 })
        add("stream_msg/send_c2c_stream_msg", { From_Account = "alice", To_Account = "bob", MsgBody = {
            { MsgType = "TIMStreamElem", MsgContent = { StreamMsgID = ctx.stream or "", Chunks = {
                { Index = 2, Markdown = " two" } } } } } })
        add("openim_robot_http_svc/send_stream_msg", { From_Account = "@RBT#helper", To_Account = "alice",
                                                       Chunk = " more", Finish = 1 })
        add("official_account_open_http_svc/get_subscriber_info", { Official_Account = "@TOA#_richnews", Next = "" })
        add("official_account_open_http_svc/official_account_msg_get_simple", { Official_Account = "@TOA#_richnews",
                                                                                 ReqMsgNumber = 20 })
        add("timpush/all_member_push_statistics", {})
        add("im_msg_audit_mgr/get_local_audit_keywords", { Offset = 0, Limit = 100 })
        add("im_msg_audit_mgr/get_cloud_audit_keywords", { SdkAppId = rich.SDKAPPID, LibID = "emulator-keywords-0001",
                                                           Offset = 0, Limit = 100 })
        add("im_open_search/get_no_visibility", {})
        add("group_member_search/search", { Keywords = { "b" }, Count = 10 })
        add("open_msg_svc/get_history", { ChatType = "C2C", MsgTime = os.date("!%Y%m%d%H") })
        -- every route once, with a body naming the rich state's objects (most refuse it: none may break)
        local probe = { From_Account = "alice", To_Account = "bob", Operator_Account = "alice", Peer_Account = "bob",
                        GroupId = "rich_pub", Member_Account = "bob", Owner_Account = "alice",
                        Official_Account = "@TOA#_richnews", MsgKey = ctx.key1, MsgSeq = ctx.seq1,
                        MsgBody = rich.text("probe"), Random = 5, MsgRandom = 5 }
        local routes = {}
        for path in pairs(require("tim.emulator").routes) do routes[#routes + 1] = path end
        table.sort(routes)
        for _, path in ipairs(routes) do add(path, probe) end
        return r
    end

    -- after a load: every step, read and probe, the dashboard's view, the export and a history file -> nil | why
    local function exercise()
        for _, list in ipairs{ rich.STEPS, reads() } do
            for _, s in ipairs(list) do
                local body = type(s[2]) == "function" and s[2](ctx) or s[2]
                local ok, status, res = pcall(rich.call, emu, s[1], body)
                if not ok then return s[1] .. " raised: " .. tostring(status) end
                if status == 500 then return s[1] .. " answered 500: " .. tostring(res) end
            end
        end
        local ok, err = pcall(dashboard.view, emu.st)
        if not ok then return "the dashboard's view raised: " .. tostring(err) end
        local eok, exported = pcall(json.encode, emu:snapshot())
        if not eok or not exported then return "the export failed: " .. tostring(exported) end
        for _, kind in ipairs{ "C2C", "Group" } do
            local ops = require "tim.server.emulator.family.ops"
            local hok, herr = pcall(ops.history_file, emu.st, kind, os.date("!%Y%m%d%H"))
            if not hok then return "the history file raised: " .. tostring(herr) end
        end
        return nil
    end

    -- load the mutant -> "refused" | "loaded"; a refusal must name `path` (when given); a load must leave a state
    -- every exercised endpoint answers
    local function judge(doc, path, what)
        local ok, err = emu:load(doc)
        if not ok then
            assert.matches("^snapshot refused: ", err, nil, false, what)
            if path then assert.truthy(err:find(render(path), 1, true), what .. " -> " .. err) end
            return "refused"
        end
        local broke = exercise()
        assert(broke == nil, what .. " loaded, then broke a request: " .. tostring(broke))
        return "loaded"
    end

    it("loads the rich state's own export, and every exercised endpoint answers it", function()
        assert(emu:load(json.decode(text)))
        assert.is_nil(exercise())
    end)

    it("refuses or survives every value swapped for each other type, and every member removed", function()
        local counts = { refused = 0, loaded = 0 }
        local base = json.decode(text)
        for _, path in ipairs(paths) do
            -- format and version have their own refusals ("not a tim emulator snapshot", "version … is not
            -- supported"), checked by spec 60
            if path[1] ~= "format" and path[1] ~= "version" then
                local original = kind_of(get(base, path))
                for _, kind in ipairs(KINDS) do
                    local same = kind == original or (kind == "integer" and original == "number")
                    if not same then
                        local doc = json.decode(text)
                        set(doc, path, value_of(kind))
                        local verdict = judge(doc, kind ~= "missing" and path or nil,
                                              render(path) .. " -> " .. kind)
                        counts[verdict] = counts[verdict] + 1
                    end
                end
            end
        end
        -- most swaps are refused; what loads are swaps into free-form places and removed optional members
        assert.is_true(counts.refused > counts.loaded, counts.refused .. " refused, " .. counts.loaded .. " loaded")
    end)

    it("refuses or survives seeded random mutants with several changes at once", function()
        local seed = SEED
        local function rand(n)          -- a small LCG: the same mutants under every interpreter
            seed = (seed * 1103515245 + 12345) % 2147483648
            return seed % n + 1
        end
        for m = 1, 165 do
            local doc = json.decode(text)
            local changes = {}
            for _ = 1, rand(4) do
                local path = paths[rand(#paths)]
                if path[1] ~= "format" and path[1] ~= "version" then
                    local ok = pcall(set, doc, path, value_of(KINDS[rand(#KINDS)]))
                    if ok then changes[#changes + 1] = render(path) end
                end
            end
            judge(doc, nil, "mutant " .. m .. " (" .. table.concat(changes, ", ") .. ")")
        end
    end)

    it("refuses the requests that would store a value of another type than its snapshot promises", function()
        assert(emu:load(json.decode(text)))
        local function code(path, body)
            local status, res = rich.call(emu, path, body)
            assert.equal(200, status)
            return res.ErrorCode, res
        end
        assert.equal(70402, code("im_open_login_svc/account_import", { UserID = "typed1", Nick = 5 }))
        -- a FaceUrl that is not a string: the page's fields refuse the whole request (nothing stored)
        assert.equal(70402, code("im_open_login_svc/multiaccount_import",
                                 { AccountList = { { UserID = "typed2", FaceUrl = {} } } }))
        -- friend items of the wrong types: refused whole by the page's fields too
        assert.equal(30001, code("sns/friend_import", { From_Account = "alice", AddFriendItem = {
            { To_Account = "erin", AddSource = "AddSource_Type_Web", AddTime = "yesterday" } } }))
        assert.equal(30001, code("sns/friend_import", { From_Account = "alice", AddFriendItem = {
            { To_Account = "dave", AddSource = "AddSource_Type_Web", Remark = 7 } } }))
        assert.equal(10004, code("group_open_http_svc/create_group", { Owner_Account = "alice", Type = "Public",
                                                                       Name = "typed", InviteJoinOption = 1 }))
        assert.equal(10004, code("group_open_http_svc/modify_group_base_info", { GroupId = "rich_pub",
                                                                                 InviteJoinOption = true }))
        assert.equal(10004, code("group_open_http_svc/import_group_msg", { GroupId = "rich_imp", MsgList = {
            { From_Account = "erin", SendTime = 4000000000, Random = "r", MsgBody = rich.text("x") } } }))
        -- and what the requests that passed stored exports as a snapshot that loads again
        assert(emu:load(json.decode(assert(json.encode(emu:snapshot())))))
    end)

    it("moves the clock by whole seconds only, so that what it exports stays loadable", function()
        local function clock(advance)
            local status, _, body = emu:handle({ method = "POST", path = "/_emulator/clock", body = advance,
                headers = { host = "127.0.0.1:" .. emu.port, ["content-type"] = "application/json" } },
                { peer = "127.0.0.1" })
            return status, json.decode(body)
        end
        local before = emu.st.clock_offset
        local status, answer = clock('{"advance":1.5}')
        assert.equal(400, status)
        assert.equal("advance must be a whole number of seconds", answer.error)
        assert.equal(before, emu.st.clock_offset)
        assert.equal(200, (clock('{"advance":2}')))
        assert(emu:load(json.decode(assert(json.encode(emu:snapshot())))))
        assert.equal(before + 2, emu.st.clock_offset)
    end)

    it("names the path of the bad value in a nested slice", function()
        local doc = json.decode(text)
        local groups = doc.families.group.groups
        local i
        for j, g in ipairs(groups) do if #g.members >= 2 then i = j; break end end
        groups[i].members[2].Role = 3
        local ok, err = emu:load(doc)
        assert.is_nil(ok)
        assert.equal("snapshot refused: families.group.groups[" .. i .. "].members[2].Role: string expected, got "
                     .. "integer", err)
        -- nothing was loaded: the state is the one before
        assert(emu:load(json.decode(text)))
    end)
end)

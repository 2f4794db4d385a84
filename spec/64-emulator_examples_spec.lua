-- Every endpoint the emulator serves whose record carries its page's sample request (example.request):
--   (a) the sample, sent as the page prints it, succeeds (ErrorCode 0), and every member of the answer is one the
--       record's answer tree documents, with its type (tim.base.schema.drift: nothing reported);
--   (b) bad requests built from the record's request tree (a required member dropped, a member of the wrong type,
--       an undocumented member) get the code the record gives for a malformed request (invalid_fields[field], else
--       invalid, else the family's code, as the emulator's check_body chooses), one of the page's `codes` first
--       where the record lists them.
-- The samples name accounts, groups, topics and messages that must exist first: a generic seeding step creates
-- them in a fresh emulator per case (SEEDS below adds what it cannot know, one entry per endpoint). Requests go
-- through emu:handle in-process: no socket is used.
local api = require "tim.api"
local core = require "tim.core"
local emulator = require "tim.emulator"
local json = require "tim.json"
local schema = require "tim.base.schema"

local KEY = "examples-spec-key-" .. string.rep("ef", 12)
local SDKAPPID = 1400000964
local CONN = { peer = "127.0.0.1" }
local ADMIN = "administrator"
local OWNER = "seed_owner"          -- owns a group whose sample names no sender (the owner cannot be removed, banned)

-- The code the emulator answers to a malformed request when the record gives none (check_body's table).
local FAMILY_INVALID = { accounts = 70402, profile = 40001, sns = 30001, follow = 30001, c2c = 90001,
                         msg_ext = 90001, stream = 90001, group = 10004, recentcontact = 50002, push = 90001,
                         mute = 90001, ops = 90001, robot = 10004, audit = 2003, search = 27003, official = 10004 }

-- Samples that cannot succeed in the emulator, for a documented reason: path = { code = what it answers, why }.
local EXCEPTIONS = {
    -- the sample's Cursor "xxxx" stands for one an earlier answer gave (269/114551): no search made it
    ["im_open_search/get_no_visibility"] = { code = 27003, why = "the sample's Cursor is a placeholder" },
}

-- What the generic step cannot know, one entry per endpoint, each with the reason:
--   skip    the sample's objects the command itself creates (they must not exist first): "topics",
--           "permission groups", "robots", "subscribers"
--   create  fields for the group the sample names (a CreateTime imports it, as a migration would)
--   join    false: the AVChatRoom's accounts stay offline
--   steps   requests run after the generic step: { path, body [, rename = { answer field = the sample's value }] }
--   rename  { the emulator's value = the sample's }: state the API cannot name, renamed through a snapshot
local LIB = "1cd0d0ed-0e2c-4d35-ae86-2a1a8697706d"       -- the keyword library of the moderation samples
local SEEDS = {
    -- the command creates what the sample names
    ["million_group_open_http_svc/create_topic"] = { skip = "topics" },
    ["group_open_http_svc/create_permission_group"] = { skip = "permission groups" },
    ["openim_robot_http_svc/create_robot"] = { skip = "robots" },
    ["official_account_open_http_svc/add_subscriber"] = { skip = "subscribers" },
    -- JoinTime (2015) must lie between the group's creation and now (1047/34969): the group is an imported one
    ["group_open_http_svc/import_group_member"] = { create = { CreateTime = 1448000000 } },
    -- del_robots removes robots: the sample's accounts are added as robots, not joined as clients
    ["group_open_avchatroom_http_svc/del_robots"] = { join = false, steps = {
        { "group_open_avchatroom_http_svc/add_robots", { GroupId = "@TGS#a6I4ZUUGO", Member_Account = { "bot1",
                                                                                                      "bot2" } } } } },
    -- state the sample reads, so that its answer has items whose members the drift check sees
    ["group_open_attr_http_svc/get_group_attr"] = { steps = { { "group_open_http_svc/set_group_attr", {
        GroupId = "@TGS#aC5SZEAEF", GroupAttr = { { key = "attr_key1", value = "attr_val1" } } } } } },
    ["group_open_http_svc/get_group_counter"] = { steps = { { "group_open_http_svc/update_group_counter", {
        GroupId = "@TGS#aC5SZEAEF", GroupCounter = { { Key = "like", Value = 5 } } } } } },
    ["group_open_http_svc/get_group_ban_member"] = { steps = {
        { "im_open_login_svc/account_import", { UserID = "brennanli1" } },
        { "group_open_http_svc/ban_group_member", { GroupId = "@TGS#aJRGC4MH6", Members_Account = { "brennanli1" },
                                                    Duration = 3600 } } } },
    ["group_open_avchatroom_http_svc/get_admin_list"] = { steps = { { "group_open_avchatroom_http_svc/modify_admin", {
        GroupId = "@TGS#a6I4ZUUGO", CommandType = 1, Admin_Account = { OWNER } } } } },
    ["group_open_avchatroom_http_svc/get_members"] = { steps = {      -- online with the sample's Mark 1000
        { "group_open_avchatroom_http_svc/add_robots", { GroupId = "@TGS#a6I4ZUUGO", Member_Account = { OWNER } } },
        { "group_open_avchatroom_http_svc/modify_user_info", { GroupId = "@TGS#a6I4ZUUGO", CommandType = 1,
                                                               MemberList = { { Member_Account = OWNER,
                                                                                Marks = { 1000 } } } } } } },
    -- attributes are named with set_attr_name before users get values or pushes select on them (1047/60563)
    ["all_member_push/im_set_attr"] = { steps = {
        { "all_member_push/im_set_attr_name", { AttrNames = { ["0"] = "sex", ["1"] = "city" } } } } },
    ["timpush/set_attr"] = { steps = {
        { "timpush/set_attr_name", { AttrNames = { ["0"] = "sex", ["1"] = "city" } } } } },
    ["timpush/push"] = { steps = {
        { "timpush/set_attr_name", { AttrNames = { ["0"] = "Membership Level", ["1"] = "city" } } } } },
    -- the sample recalls a push task by the TaskId a push answered
    ["timpush/revoke"] = { steps = {
        { "timpush/batch", { From_Account = ADMIN, To_Account = { OWNER }, MsgRandom = 1, OfflinePushInfo = {
            PushFlag = 0, Title = "t", Desc = "d" } },
          rename = { TaskId = "660cc447_537ed82a_200000cd7ee17f5_84035729_bc614e" } } } },
    -- the samples' keyword library is made in the console: the emulator's one library takes its ID
    ["im_msg_audit_mgr/add_cloud_audit_keywords"] = { rename = { ["emulator-keywords-0001"] = LIB } },
    ["im_msg_audit_mgr/delete_cloud_audit_keywords"] = { rename = { ["emulator-keywords-0001"] = LIB } },
    ["im_msg_audit_mgr/get_cloud_audit_keywords"] = { rename = { ["emulator-keywords-0001"] = LIB } },
    -- the conversation group and the friend lists the samples change exist first
    ["recentcontact/del_contact_group"] = { steps = {
        { "recentcontact/create_contact_group", { From_Account = "user_0001", GroupContactItem = {
            { GroupName = "group_0001", ContactItem = { { Type = 1, To_Account = OWNER } } } } } } } },
    ["recentcontact/update_contact_group"] = { steps = {
        { "recentcontact/create_contact_group", { From_Account = "user_0001", GroupContactItem = {
            { GroupName = "group_0001", ContactItem = { { Type = 2, ToGroupId = "@TGS#1B2AUI7RZ" } } } } } } } },
    ["sns/group_delete"] = { steps = {
        { "sns/group_add", { From_Account = "id", GroupName = { "group1", "group2", "group3" } } } } },
    -- the sample continues a robot's stream by the MsgKey its first chunk answered
    ["openim_robot_http_svc/send_stream_msg"] = { steps = {
        { "openim_robot_http_svc/send_stream_msg", { From_Account = "@RBT#my_bot", To_Account = "user01",
                                                     Chunk = "hello", Finish = 0 },
          rename = { MsgKey = "606781340_3986845397_1706000918" } } } },
}

---------------------------------------------------------------------------------------------------------------
-- calling the emulator in-process

local queries = {}
local function call(emu, path, body)
    local q = queries[emu.sdkappid]
    if not q then
        q = core.query(emu.sdkappid, ADMIN, core.usersig(emu.sdkappid, KEY, ADMIN, 86400 * 30), 7)
        queries[emu.sdkappid] = q
    end
    local text = type(body) == "string" and body or assert(json.encode(body))
    local status, _, answer = emu:handle({ method = "POST", path = "/v4/" .. path, query = q, headers = {},
                                           body = text, keepalive = true }, CONN)
    assert.equal(200, status, path .. " answered HTTP " .. tostring(status) .. ": " .. tostring(answer))
    local res = json.decode(answer)
    assert.is_table(res, path .. " answered JSON")
    return res
end

-- a seeding request that must succeed
local function seed(emu, path, body)
    local res = call(emu, path, body)
    assert.equal(0, res.ErrorCode, "seeding " .. path .. " " .. json.encode(body) .. ": " .. tostring(res.ErrorInfo))
    return res
end

---------------------------------------------------------------------------------------------------------------
-- the generic seeding step

-- every (key, value) pair of a decoded body, at any depth
local function each_pair(v, fn)
    if type(v) ~= "table" then return end
    for k, x in pairs(v) do
        if type(k) == "string" then fn(k, x) end
        each_pair(x, fn)
    end
end

-- the strings a value holds: itself, or the strings of a list
local function strings(x)
    if type(x) == "string" then return { x } end
    local out = {}
    if type(x) == "table" then
        for _, s in ipairs(x) do if type(s) == "string" then out[#out + 1] = s end end
    end
    return out
end

local function is_int(x) return type(x) == "number" and x == math.floor(x) end

local function add(list, seen, s)
    if not seen[s] then seen[s] = true; list[#list + 1] = s end
end

-- A custom group ID must not start with @TGS# (the service's own IDs do, their fifth character giving the type:
-- 1 Private, 2 Public, 3 ChatRoom, a AVChatRoom, _ Community); the type a command needs comes first.
local BY_PREFIX = { ["1"] = "Private", ["2"] = "Public", ["3"] = "ChatRoom", a = "AVChatRoom", _ = "Community" }
local BY_SERVICE = { group_open_avchatroom_http_svc = "AVChatRoom", million_group_open_http_svc = "Community" }
local BY_COMMAND = {
    ["group_open_http_svc/get_online_member_num"] = "AVChatRoom",     -- 1047/38521
    ["group_open_http_svc/ban_group_member"] = "AVChatRoom",          -- 1047/50295-50297
    ["group_open_http_svc/unban_group_member"] = "AVChatRoom",
    ["group_open_http_svc/get_group_ban_member"] = "AVChatRoom",
    ["group_open_http_svc/import_topic"] = "Community",               -- topics and permission groups: 1047/53448,
    ["group_open_http_svc/create_permission_group"] = "Community",    -- 61232-61242
    ["group_open_http_svc/destroy_permission_group"] = "Community",
    ["group_open_http_svc/modify_permission_group"] = "Community",
    ["group_open_http_svc/get_permission_group"] = "Community",
}
local function group_type(path, id)
    local service = path:match("^[^/]+")
    return BY_COMMAND[path] or BY_SERVICE[service] or (id:sub(1, 5) == "@TGS#" and BY_PREFIX[id:sub(6, 6)])
        or "Public"
end

-- every object (a table with string keys) of a decoded body, at any depth
local function each_object(v, fn)
    if type(v) ~= "table" then return end
    if next(v) ~= nil and v[1] == nil then fn(v) end
    for _, x in pairs(v) do each_object(x, fn) end
end

local function user(s) return type(s) == "string" and s ~= "" and s:sub(1, 1) ~= "@" end

-- what a sample names: accounts, robots (@RBT#), official accounts (@TOA#) and their subscribers, groups, topics,
-- permission groups, the highest group MsgSeq, and messages by MsgKey: C2C ones { from, to, key } (a MsgKey beside
-- From_Account and To_Account, a LastMsgKey or MsgKeyList beside Operator_Account and Peer_Account) and official
-- accounts' { official, key }
local function named(body)
    local n = { accounts = {}, robots = {}, officials = {}, subscribers = {}, groups = {}, topics = {}, perms = {},
                seq = 0, c2c = {}, official_msgs = {} }
    local seen = {}
    each_pair(body, function(k, x)
        if k:match("_Account$") or k == "UserID" then
            for _, s in ipairs(strings(x)) do
                if user(s) then add(n.accounts, seen, s)
                elseif s:sub(1, 5) == "@RBT#" then add(n.robots, seen, s)
                elseif s:sub(1, 5) == "@TOA#" and k == "Official_Account" then add(n.officials, seen, s) end
            end
            if k:match("^Subscriber") then
                for _, s in ipairs(strings(x)) do if user(s) then n.subscribers[#n.subscribers + 1] = s end end
            end
        elseif k == "GroupId" or k == "ToGroupId" or k == "GroupIdList" then
            for _, s in ipairs(strings(x)) do add(n.groups, seen, s) end
        elseif k == "TopicId" or k == "TopicIdList" then
            for _, s in ipairs(strings(x)) do add(n.topics, seen, s) end
        elseif k == "PermissionGroupId" or k == "PermissionGroupIdList" then
            for _, s in ipairs(strings(x)) do add(n.perms, seen, s) end
        elseif (k == "MsgSeq" or k == "ReqMsgSeq") and is_int(x) then
            if x > n.seq then n.seq = x end
        end
    end)
    each_object(body, function(t)
        local keys = {}
        for _, k in ipairs{ "MsgKey", "LastMsgKey", "MsgKeyList" } do
            for _, s in ipairs(strings(t[k])) do if s ~= "" then keys[#keys + 1] = s end end
        end
        if #keys == 0 then return end
        for _, key in ipairs(keys) do
            if type(t.Official_Account) == "string" then
                n.official_msgs[#n.official_msgs + 1] = { t.Official_Account, key }
            elseif user(t.From_Account) and user(t.To_Account) then
                n.c2c[#n.c2c + 1] = { t.From_Account, t.To_Account, key }
            elseif user(t.Operator_Account) and user(t.Peer_Account) then
                n.c2c[#n.c2c + 1] = { t.Peer_Account, t.Operator_Account, key }
            end
        end
    end)
    return n
end

local MAX_SEEDED_SEQ = 200     -- a sample's larger MsgSeq is left to the handlers (history starts lower)

-- the snapshot again, with each { from, to } pair's word replaced wherever it stands (IDs the API does not let a
-- caller choose, in the service's own forms)
local function rename(emu, pairs_)
    if #pairs_ == 0 then return end
    local snap = assert(json.encode(emu:snapshot()))
    for _, r in ipairs(pairs_) do
        local word = "%f[%w_]" .. r[1]:gsub("%p", "%%%0") .. "%f[^%w_]"
        local n
        snap, n = snap:gsub(word, (r[2]:gsub("%%", "%%%%")))
        assert.is_true(n > 0, "seeding: " .. r[1] .. " is in the state")
    end
    assert(emu:load(json.decode(snap)))
end

local function skips(extra, what) return extra.skip == what end

-- the state a sample needs, in emu: -> nothing (each seeding request asserts its own success)
local function seed_state(emu, path, body)
    local extra = SEEDS[path] or {}
    local n = named(body)
    local owner = user(body.From_Account) and body.From_Account or OWNER
    local accounts = { OWNER }
    for _, a in ipairs(n.accounts) do if a ~= OWNER then accounts[#accounts + 1] = a end end
    for i = 1, #accounts, 100 do
        local chunk = {}
        for j = i, math.min(#accounts, i + 99) do chunk[#chunk + 1] = accounts[j] end
        seed(emu, "im_open_login_svc/multiaccount_import", { Accounts = chunk })
    end
    if not skips(extra, "robots") then
        for _, r in ipairs(n.robots) do seed(emu, "openim_robot_http_svc/create_robot", { UserID = r }) end
    end

    -- groups, under a placeholder ID where the sample's starts with @TGS# (renamed through a snapshot)
    local renames, groups = {}, {}
    for i, id in ipairs(n.groups) do
        local gtype = group_type(path, id)
        local create = { Type = gtype, Name = "seeded " .. i, Owner_Account = owner, GroupId = id }
        if gtype == "Community" then create.SupportTopic = 1 end
        if gtype ~= "AVChatRoom" then
            local members = {}
            for _, a in ipairs(n.accounts) do
                if a ~= owner then members[#members + 1] = { Member_Account = a } end
            end
            if #members > 0 then create.MemberList = members end
        end
        if id:sub(1, 5) == "@TGS#" and gtype ~= "Community" then
            create.GroupId = "seedgroup" .. i .. "z"
            renames[#renames + 1] = { create.GroupId, id }
        end
        local how = "group_open_http_svc/create_group"
        for k, v in pairs(extra.create or {}) do create[k] = v end
        if create.CreateTime then how = "group_open_http_svc/import_group" end
        seed(emu, how, create)
        groups[#groups + 1] = { id = id, type = gtype }
    end
    rename(emu, renames)

    for _, g in ipairs(groups) do
        if g.type == "AVChatRoom" and extra.join ~= false then
            for _, a in ipairs(n.accounts) do
                local status = emu:control({ method = "POST", path = "/_emulator/join", body = json.encode{
                    GroupId = g.id, Member_Account = a } }, CONN, "join")
                assert.equal(200, status, "seeding: " .. a .. " joins " .. g.id)
            end
        end
        if g.type == "Community" then
            if not skips(extra, "topics") then
                for _, t in ipairs(n.topics) do
                    if t:sub(1, #g.id + 1) == g.id .. "@" then
                        seed(emu, "million_group_open_http_svc/create_topic", { GroupId = g.id, TopicId = t,
                                                                               TopicName = "seeded topic" })
                    end
                end
            end
            if not skips(extra, "permission groups") then
                for _, p in ipairs(n.perms) do
                    seed(emu, "group_open_http_svc/create_permission_group", { GroupId = g.id,
                        PermissionGroupId = p, PermissionGroupName = "seeded" })
                end
            end
        end
        -- the messages a MsgSeq names (an AVChatRoom keeps none); in the sample's topic when it names one
        if g.type ~= "AVChatRoom" and n.seq > 0 and n.seq <= MAX_SEEDED_SEQ then
            local topic = type(body.TopicId) == "string" and not skips(extra, "topics") and body.TopicId or nil
            for i = 1, n.seq do
                seed(emu, "group_open_http_svc/send_group_msg", { GroupId = g.id, TopicId = topic,
                    From_Account = owner, Random = i, MsgBody = { { MsgType = "TIMTextElem",
                                                                   MsgContent = { Text = "seeded " .. i } } } })
            end
        end
    end

    -- official accounts, their subscribers and messages
    renames = {}
    if path ~= "official_account_open_http_svc/create_official_account" then
        for _, id in ipairs(n.officials) do
            seed(emu, "official_account_open_http_svc/create_official_account", { OfficialAccountUserID = id,
                Owner_Account = OWNER, Name = "seeded" })
            if #n.subscribers > 0 and not skips(extra, "subscribers") then
                local list = {}
                for _, a in ipairs(n.subscribers) do list[#list + 1] = { Subscriber_Account = a } end
                seed(emu, "official_account_open_http_svc/add_subscriber", { Official_Account = id,
                                                                             SubscriberList = list })
            end
        end
    end
    for i, m in ipairs(n.official_msgs) do
        local res = seed(emu, "official_account_open_http_svc/send_official_account_msg", { Official_Account = m[1],
            Random = i, MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "seeded " .. i } } } })
        renames[#renames + 1] = { res.MsgKey, m[2] }
    end
    -- C2C messages by the MsgKey the sample gives
    for i, m in ipairs(n.c2c) do
        local res = seed(emu, "openim/sendmsg", { From_Account = m[1], To_Account = m[2], MsgRandom = i,
            MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = "seeded " .. i } } } })
        renames[#renames + 1] = { res.MsgKey, m[3] }
    end
    for _, step in ipairs(extra.steps or {}) do
        local res = seed(emu, step[1], step[2])
        for field, value in pairs(step.rename or {}) do renames[#renames + 1] = { res[field], value } end
    end
    for from, to in pairs(extra.rename or {}) do renames[#renames + 1] = { from, to } end
    rename(emu, renames)
end

-- a fresh emulator, seeded for the sample of path (the sample's SdkAppId, where it names one, is the app's)
local function seeded(path, body)
    local appid = is_int(body.SdkAppId) and body.SdkAppId or SDKAPPID
    local emu = assert(emulator.new{ port = 0, sdkappid = appid, key = KEY })
    local ok, err = pcall(seed_state, emu, path, body)
    if not ok then
        emu:close()
        error(err, 0)
    end
    return emu
end

---------------------------------------------------------------------------------------------------------------
-- bad requests from the request tree

local SCALAR = { string = true, integer = true, number = true, boolean = true, object = true, array = true }

-- a value that is none of the types a field allows (nil: any value fits)
local function wrong_value(f)
    local t = f[2]
    local kinds = {}
    if type(t) == "table" then
        for _, k in ipairs(t) do kinds[k] = true end
    elseif SCALAR[t] or t == "any" then
        kinds[t] = true
    else
        kinds.object, kinds.array = true, true           -- a shared type (MsgBody, OfflinePushInfo, ...)
    end
    if kinds.any then return nil end
    if kinds.number then kinds.integer = true end
    for _, v in ipairs{ { "string", "7" }, { "integer", 7 }, { "boolean", true }, { "object", { x = 1 } } } do
        if not kinds[v[1]] then return v[2] end
    end
    return nil
end

local function copy(t)
    local o = {}
    for k, v in pairs(t) do o[k] = v end
    return setmetatable(o, getmetatable(t))
end

-- every bad request the tree documents at the top level: { what, body, field, code }, the page's codes first
local function bad_requests(traits, example)
    local out = {}
    local family_code = traits.invalid or FAMILY_INVALID[traits.family] or 60003
    local function code_of(field)
        return traits.invalid_fields and traits.invalid_fields[field] or family_code
    end
    for _, f in ipairs(traits.request) do
        local name = f[1]
        if f.required and example[name] ~= nil then
            local b = copy(example)
            b[name] = nil
            out[#out + 1] = { what = "without " .. name, body = b, field = name, code = code_of(name) }
        end
        local v = wrong_value(f)
        if v ~= nil then
            local b = copy(example)
            b[name] = v
            out[#out + 1] = { what = name .. " = " .. json.encode(v), body = b, field = name, code = code_of(name) }
        end
    end
    -- an undocumented member: refused outright by a tree read from the page's tables; a tree taken from samples
    -- (lenient) refuses a member that differs from a documented one in case alone
    local first = traits.request[1]
    local b = copy(example)
    local name = traits.seen == "fields" and "NoSuchMember" or first and first[1]:lower()
    if name and (traits.seen == "fields" or name ~= first[1]) then
        b[name] = 1
        out[#out + 1] = { what = "with " .. name, body = b, field = name, code = code_of(name) }
    end
    if traits.codes then
        local listed = {}
        for _, c in ipairs(traits.codes) do listed[c] = true end
        table.sort(out, function(x, y) return (listed[x.code] and 1 or 0) > (listed[y.code] and 1 or 0) end)
    end
    return out
end

---------------------------------------------------------------------------------------------------------------

-- the served endpoints whose record has a sample request, in catalogue order (an alias shares its target's)
local function covered()
    local list = {}
    for service, command, t in api.each() do
        local path = service .. "/" .. command
        if emulator.routes[path] and not t.alias_of and t.example and t.example.request then
            list[#list + 1] = path
        end
    end
    return list
end

describe("tim.emulator answers every page's sample", function()
    local paths = covered()

    setup(function()
        local names = {}
        for path, e in pairs(EXCEPTIONS) do names[#names + 1] = path .. " (" .. e.code .. "): " .. e.why end
        table.sort(names)
        print(("\nspec/64: %d endpoints with a sample; %d exception(s)%s%s"):format(#paths, #names,
            #names > 0 and ":\n  " or "", table.concat(names, "\n  ")))
    end)

    it("covers the endpoints the emulator serves with a sample", function()
        assert.is_true(#paths >= 150, #paths .. " endpoints")
        for path in pairs(EXCEPTIONS) do assert.is_truthy(api.lookup(path), path) end
        for path in pairs(SEEDS) do assert.is_truthy(emulator.routes[path], path) end
    end)

    for _, path in ipairs(paths) do
        local traits = api.lookup(path)
        local text = traits.example.request
        local example = assert(json.decode(text), path)

        it(path .. ": the page's sample succeeds and its answer is documented", function()
            local emu = seeded(path, example)
            local res = call(emu, path, text)
            emu:close()
            local exc = EXCEPTIONS[path]
            if exc then
                assert.equal(exc.code, res.ErrorCode, path .. ": " .. tostring(res.ErrorInfo))
                return
            end
            assert.equal(0, res.ErrorCode, path .. ": " .. tostring(res.ErrorCode) .. " " .. tostring(res.ErrorInfo))
            assert.equal("OK", res.ActionStatus)
            if traits.answer then
                local drift = {}
                schema.drift(traits.answer, res, function(p, d) drift[#drift + 1] = p .. ": " .. d end)
                table.sort(drift)
                assert.same({}, drift, path .. " answers members its page does not document: " .. json.encode(res))
            end
        end)

        it(path .. ": bad requests get the documented code", function()
            local bad = bad_requests(traits, example)
            assert.is_true(#bad > 0, path .. ": no bad request could be built")
            if traits.codes and traits.invalid then
                local listed = false
                for _, c in ipairs(traits.codes) do listed = listed or c == traits.invalid end
                assert.is_true(listed, path .. ": its code for a malformed request is one of the page's codes")
            end
            local emu = seeded(path, example)
            local answers = {}
            for _, b in ipairs(bad) do
                answers[#answers + 1] = { b, call(emu, path, b.body) }
            end
            emu:close()
            for _, a in ipairs(answers) do
                local b, res = a[1], a[2]
                assert.equal(b.code, res.ErrorCode, path .. " " .. b.what .. ": " .. tostring(res.ErrorInfo))
                assert.equal("FAIL", res.ActionStatus)
            end
        end)
    end
end)

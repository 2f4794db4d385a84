-- All-member and tag push: the legacy all_member_push/* and the Push plugin's timpush/* (one feature, one state:
-- the app's attribute names, each user's attributes and tags, the push tasks).
--
-- Pages: trtc.io/document/60561 (timpush/push), 60563 (set_attr_name), 60565 (set_attr), 60571 (revoke),
-- 1047/67553 (batch), 71894 (all_member_push_statistics), 1047/74196 (the Push error codes), 1047/37168
-- (im_get_attr_name). Codes: 90001 bad JSON/field, 90005 MsgRandom, 90020 tag over 50 bytes, 90032 more than
-- 10 tags (in a push condition, or in one user's list of a timpush/add_tag without Replace or with Replace 0;
-- Replace 1 overwrites a user's tags with up to 100, which the tree bounds: 90001 beyond, as it answers for the
-- legacy im_add_tag's 10; trtc.io/zh/document/67821), 90022 a tag in both TagsAnd and
-- TagsOr, 90033 unknown attribute, 90039 attributes and tags together, 90040 empty tag, 90049 unknown TaskId,
-- 90050 already recalled, 90052 older than 24 h, 90053 recall without the OfflinePushInfo an offline push needs,
-- 90056 body over 10 KB. The per-second and per-day push budgets (90024, 90047, 90051) belong to --rate-limits
-- documented (tim.server.emulator.limits).
--
-- Requests are checked against their pages' trees before a handler runs (tim.server.emulator: 90001 for a
-- malformed one, so a list over its documented size is 90001 there, not 90018); the handlers check the state
-- and what the trees do not say (attribute slots and names, empty tags, the push condition, time windows).
-- Answers follow the records: timpush/set_attr, get_attr, get_tag and clear_all_tags report the accounts never
-- imported in ErrorList (70107; a partial success, 269/100637, 100640, 100643, trtc.io/ko/document/60565), and
-- get_attr and get_tag answer UserAttrs/UserTags for the others; the other attribute and tag calls, and all of
-- all_member_push's, answer the common fields alone and skip such accounts. timpush/get_attr_name
-- answers AttrTypes beside AttrNames (the legacy im_get_attr_name only AttrNames); normal_push_statistics answers
-- its counts at the top level.
--
-- Delivery cannot be real. The emulator answers as the service would: the recipients are the imported accounts
-- the condition selects (the sender excluded), a push with a MsgBody is stored as a C2C message from the sender
-- to each recipient unless OnlineOnlyFlag = 1 (the page: roaming as for ordinary messages), and the statistics
-- count every recipient as sent and the online ones (POST /_emulator/login) as delivered, no clicks.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local messages = require "tim.server.emulator.messages"
local json = require "tim.base.json"
local c2c = require "tim.server.emulator.family.c2c"

local ipairs, pairs, type, tostring, tonumber, random = ipairs, pairs, type, tostring, tonumber, math.random
local fmt = string.format
local array = json.array

local _M = { _VERSION = require "tim.version" }

local MAX_TAGS, MAX_REPLACE_TAGS, MAX_TAG_BYTES, MAX_ATTR_BYTES = 10, 100, 50, 50
local MAX_PUSH_BODY, REVOKE_SECONDS = 10 * 1024, 24 * 3600
local NOT_IMPORTED = 70107

local function fresh()
    return { attr_names = {}, attr_types = {}, attrs = {}, tags = {}, tasks = {}, task_order = {}, serial = 0 }
end

local S, reset = util.state_of("push", fresh)

-- attribute name -> its slot ("0".."9"), for the names the app has set
local function slot_of(s, name)
    for k, v in pairs(s.attr_names) do if v == name then return k end end
end

-- a slot "0".."9" -> true
local function is_slot(k)
    local n = type(k) == "string" and tonumber(k)
    return n and n == math.floor(n) and n >= 0 and n <= 9 and k == tostring(n)
end

-- set_attr_name { AttrNames = { ["0"] = "sex", ... }, AttrTypes? = { ["0"] = 0 | 1 } (timpush only; an
-- attribute's account type, 0 UserID or 1 RegistrationID, fixed once set: trtc.io/document/60563) }
local function set_attr_name(ctx, body)
    local s = S(ctx.st)
    local new = {}
    for k, v in pairs(s.attr_names) do new[k] = v end
    for k, v in pairs(body.AttrNames or {}) do
        if not is_slot(k) then return nil, 90033, "attribute slots are \"0\" to \"9\", not " .. tostring(k) end
        if type(v) ~= "string" or v == "" or #v > MAX_ATTR_BYTES then
            return nil, 90033, "attribute names are strings of 1.." .. MAX_ATTR_BYTES .. " bytes"
        end
        new[k] = v
    end
    local seen = {}
    for k, v in pairs(new) do
        if seen[v] then return nil, 90033, "attribute name " .. v .. " is used twice" end
        seen[v] = k
    end
    local types = {}
    for k, v in pairs(body.AttrTypes or {}) do
        if not is_slot(k) then return nil, 90033, "attribute slots are \"0\" to \"9\", not " .. tostring(k) end
        if v ~= 0 and v ~= 1 then return nil, 90001, "AttrTypes values are 0 (UserID) or 1 (RegistrationID)" end
        if s.attr_types[k] ~= nil and s.attr_types[k] ~= v then
            return nil, 90001, "the account type of attribute slot " .. k .. " is fixed once set"
        end
        types[k] = v
    end
    s.attr_names = new
    for k, v in pairs(types) do s.attr_types[k] = v end
    return {}
end
_M.set_attr_name = set_attr_name

-- get_attr_name {} -> AttrNames, AttrTypes (timpush; the Chinese page 67815) | AttrNames (all_member_push)
local function attr_names(ctx, with_types)
    local s = S(ctx.st)
    local names, types = {}, {}
    for k, v in pairs(s.attr_names) do
        names[k] = v
        types[k] = s.attr_types[k] or 0
    end
    if with_types then return { AttrNames = names, AttrTypes = types } end
    return { AttrNames = names }
end
function _M.get_attr_name(ctx) return attr_names(ctx, true) end
function _M.im_get_attr_name(ctx) return attr_names(ctx, false) end

-- an account never imported, as the ErrorList of the Push plugin's per-user calls gives it (To_Account,
-- ErrorCode, and ErrorInfo where the record has it: not on set_attr's)
local function not_imported(errs, id, with_info)
    errs[#errs + 1] = { To_Account = id, ErrorCode = NOT_IMPORTED,
                        ErrorInfo = with_info and ("account " .. id .. " not imported") or nil }
end

-- the answer res, with ErrorList when some accounts failed
local function partial(res, errs)
    if #errs > 0 then res.ErrorList = errs end
    return res
end

-- get_attr, get_tag: the answer { [field] = { item(s, id) for each To_Account } }; when report (timpush), an
-- account never imported goes to ErrorList instead (all_member_push answers it with an empty item)
local function each_account(ctx, body, report, field, item)
    local st = ctx.st
    local s = S(st)
    local out, errs = array(), array()
    for _, id in ipairs(body.To_Account) do
        if report and not st:account(id) then
            not_imported(errs, id, true)
        else
            out[#out + 1] = item(s, id)
        end
    end
    return partial({ [field] = out }, errs)
end

-- get_attr { To_Account = { ≤100 } } -> UserAttrs = { { To_Account, Attrs } }, ErrorList? (timpush: accounts
-- never imported; all_member_push/im_get_attr answers them with no attributes)
local function get_attr(ctx, body, report)
    return each_account(ctx, body, report, "UserAttrs", function(s, id)
        local attrs = {}
        for k, v in pairs(s.attrs[id] or {}) do attrs[k] = v end
        return { To_Account = id, Attrs = attrs }
    end)
end
function _M.get_attr(ctx, body) return get_attr(ctx, body, true) end
function _M.im_get_attr(ctx, body) return get_attr(ctx, body, false) end

-- set_attr { UserAttrs = { { To_Account, Attrs = { name = value } } ≤100 } }: an account never imported is
-- reported in ErrorList (timpush, partial success, trtc.io/ko/document/60565) or skipped (all_member_push, whose
-- page answers the common fields alone)
local function set_attr(ctx, body, report)
    local st = ctx.st
    local s = S(st)
    for _, it in ipairs(body.UserAttrs) do
        for name, v in pairs(it.Attrs) do
            if not slot_of(s, name) then
                return nil, 90033, "attribute " .. tostring(name) .. " has no name set by set_attr_name"
            end
            if type(v) ~= "string" or #v > MAX_ATTR_BYTES then
                return nil, 90033, "attribute values are strings of at most " .. MAX_ATTR_BYTES .. " bytes"
            end
        end
    end
    local errs = array()
    for _, it in ipairs(body.UserAttrs) do
        if not st:account(it.To_Account) then
            not_imported(errs, it.To_Account, false)
        else
            local a = s.attrs[it.To_Account] or {}
            s.attrs[it.To_Account] = a
            for name, v in pairs(it.Attrs) do a[name] = v end
        end
    end
    return report and partial({}, errs) or {}
end
function _M.set_attr(ctx, body) return set_attr(ctx, body, true) end
function _M.im_set_attr(ctx, body) return set_attr(ctx, body, false) end

-- remove_attr { UserAttrs = { { To_Account, Attrs = { "name", ... } } ≤100 } }
function _M.remove_attr(ctx, body)
    local s = S(ctx.st)
    for _, it in ipairs(body.UserAttrs) do
        local a = s.attrs[it.To_Account]
        if a then for _, name in ipairs(it.Attrs) do a[name] = nil end end
    end
    return {}
end

-- tags: the trees bound their size where the pages do (add_tag: 50 bytes) and add_tag's count per user to the
-- most any request may carry (100, with Replace 1; the legacy im_add_tag 10); an empty tag is 90040; the count a
-- request without Replace may carry (10), and in a push condition (no limits in its tree) the counts and sizes,
-- are checked here
local function check_tags(tags, max)
    if #tags > max then return nil, 90032, "at most " .. max .. " tags per request" end
    for _, t in ipairs(tags) do
        if type(t) ~= "string" or t == "" then return nil, 90040, "a tag is empty" end
        if #t > MAX_TAG_BYTES then return nil, 90020, "tag " .. t .. " is over " .. MAX_TAG_BYTES .. " bytes" end
    end
    return true
end

-- get_tag { To_Account = { ≤100 } } -> UserTags = { { To_Account, Tags } }, ErrorList? (timpush: accounts never
-- imported; all_member_push/im_get_tag answers them with no tags)
local function get_tag(ctx, body, report)
    return each_account(ctx, body, report, "UserTags", function(s, id)
        local tags = array()
        for _, t in ipairs(s.tags[id] or {}) do tags[#tags + 1] = t end
        return { To_Account = id, Tags = tags }
    end)
end
function _M.get_tag(ctx, body) return get_tag(ctx, body, true) end
function _M.im_get_tag(ctx, body) return get_tag(ctx, body, false) end

-- add_tag { Replace? = 0 | 1, UserTags = { { To_Account, Tags } ≤100 } }: Replace absent or 0 adds at most 10
-- tags per user, Replace 1 overwrites the user's tags with at most 100 (trtc.io/zh/document/67821; the legacy
-- im_add_tag has no Replace); accounts never imported are skipped
function _M.add_tag(ctx, body)
    local st = ctx.st
    local replace = body.Replace == 1
    for _, it in ipairs(body.UserTags) do
        local ok, c, i = check_tags(it.Tags, replace and MAX_REPLACE_TAGS or MAX_TAGS)
        if not ok then return nil, c, i end
    end
    local s = S(st)
    for _, it in ipairs(body.UserTags) do
        if st:account(it.To_Account) then
            local list = not replace and s.tags[it.To_Account] or {}
            s.tags[it.To_Account] = list
            for _, t in ipairs(it.Tags) do
                if not util.has(list, t) then list[#list + 1] = t end
            end
        end
    end
    return {}
end

-- remove_tag { UserTags = { { To_Account, Tags } ≤100 } }
function _M.remove_tag(ctx, body)
    local s = S(ctx.st)
    for _, it in ipairs(body.UserTags) do
        if s.tags[it.To_Account] then
            local keep = {}
            for _, t in ipairs(s.tags[it.To_Account]) do
                if not util.has(it.Tags, t) then keep[#keep + 1] = t end
            end
            s.tags[it.To_Account] = keep
        end
    end
    return {}
end

-- clear_all_tags / im_remove_all_tags { To_Account = { ≤100 } } -> ErrorList? (timpush: accounts never imported)
local function clear_all_tags(ctx, body, report)
    local st = ctx.st
    local s = S(st)
    local errs = array()
    for _, id in ipairs(body.To_Account) do
        if report and not st:account(id) then not_imported(errs, id, true) end
        s.tags[id] = nil
    end
    return partial({}, errs)
end
function _M.clear_all_tags(ctx, body) return clear_all_tags(ctx, body, true) end
function _M.im_remove_all_tags(ctx, body) return clear_all_tags(ctx, body, false) end

-- Condition { TagsAnd | TagsOr (+ TagsNot) | AttrsAnd | AttrsOr } -> predicate(user) | nil, code, info
local function condition(s, cond)
    if cond == nil then return function() return true end end
    local tags_and, tags_or, tags_not = cond.TagsAnd, cond.TagsOr, cond.TagsNot
    local attrs_and, attrs_or = cond.AttrsAnd, cond.AttrsOr
    local has_tags = tags_and ~= nil or tags_or ~= nil or tags_not ~= nil
    local has_attrs = attrs_and ~= nil or attrs_or ~= nil
    if has_tags and has_attrs then return nil, 90039, "push by attribute and by tag cannot be combined" end
    local n = 0
    for _, list in ipairs{ tags_and or {}, tags_or or {}, tags_not or {} } do
        if type(list) ~= "table" then return nil, 90001, "TagsAnd/TagsOr/TagsNot must be arrays" end
        local ok, c, i = check_tags(list, MAX_TAGS)
        if not ok then return nil, c, i end
        n = n + #list
    end
    if n > MAX_TAGS then return nil, 90032, "at most " .. MAX_TAGS .. " tags in a push condition" end
    for _, t in ipairs(tags_and or {}) do
        if util.has(tags_or, t) then return nil, 90022, "tag " .. t .. " is in both TagsAnd and TagsOr" end
    end
    for _, attrs in ipairs{ attrs_and or {}, attrs_or or {} } do
        if type(attrs) ~= "table" or json.is_array(attrs) and #attrs > 0 then
            return nil, 90001, "AttrsAnd/AttrsOr must be objects"
        end
        for name in pairs(attrs) do
            if not slot_of(s, name) then return nil, 90033, "attribute " .. tostring(name) .. " is not defined" end
        end
    end
    return function(id)
        local tags = s.tags[id] or {}
        if tags_and then for _, t in ipairs(tags_and) do if not util.has(tags, t) then return false end end end
        if tags_or and #tags_or > 0 then
            local any = false
            for _, t in ipairs(tags_or) do if util.has(tags, t) then any = true; break end end
            if not any then return false end
        end
        if tags_not and #tags_not > 0 then
            local all = true
            for _, t in ipairs(tags_not) do if not util.has(tags, t) then all = false; break end end
            if all then return false end
        end
        local a = s.attrs[id] or {}
        if attrs_and then for k, v in pairs(attrs_and) do if a[k] ~= v then return false end end end
        if attrs_or and next(attrs_or) then
            local any = false
            for k, v in pairs(attrs_or) do if a[k] == v then any = true; break end end
            if not any then return false end
        end
        return true
    end
end

-- what the push trees leave to the handler: the body's size (90056), the sender, MsgRandom's range (90005: the
-- push trees take it from samples, without bounds), the legacy push's MsgBody (its samples always carry one)
local function check_push_common(ctx, body, legacy)
    local st = ctx.st
    if #json.encode(body) > MAX_PUSH_BODY then return nil, 90056, "push request body over 10 KB" end
    local from = body.From_Account or ctx.admin
    if not st:account(from) then return nil, NOT_IMPORTED, "From_Account " .. tostring(from) .. " not imported" end
    if body.MsgRandom == nil or not util.is_uint32(body.MsgRandom) then
        return nil, 90005, "MsgRandom must be an integer in 0..4294967295"
    end
    if legacy and body.MsgBody == nil then return nil, 90001, "MsgBody is required" end
    if body.MsgLifeTime ~= nil and not util.is_int(body.MsgLifeTime, 0, 7 * 86400) then
        return nil, 90026, "MsgLifeTime must be 0..604800 seconds"
    end
    return from
end

-- record a push task and "deliver" it: stored C2C messages for a MsgBody, unless OnlineOnlyFlag = 1
local function deliver(ctx, s, kind, from, recipients, body)
    local st = ctx.st
    local now = st:now()
    s.serial = s.serial + 1
    local id = fmt("%s%08x_%08x_%d_%x", kind == "batch" and "batch_" or "", now, random(0, 0x7fffffff),
                   s.serial, body.MsgRandom)
    local t = { TaskId = id, Kind = kind, From_Account = from, CreateTime = now, Recipients = recipients,
                MsgRandom = body.MsgRandom, OnlineOnlyFlag = body.OnlineOnlyFlag == 1 and 1 or 0,
                OfflinePush = type(body.OfflinePushInfo) == "table" and body.OfflinePushInfo.PushFlag ~= 1,
                DataId = body.DataId, Revoked = false, keys = {} }
    local online = 0
    for _, to in ipairs(recipients) do
        local a = st:account(to)
        if a and a.status == "Online" then online = online + 1 end
        if body.MsgBody and t.OnlineOnlyFlag == 0 then
            local m = messages.c2c_message(st, from, to, { MsgRandom = body.MsgRandom, MsgBody = body.MsgBody,
                                                           SyncOtherMachine = 2 })
            t.keys[#t.keys + 1] = m.MsgKey
        end
    end
    t.Delivered = online
    s.tasks[id] = t
    s.task_order[#s.task_order + 1] = id
    return t
end

local function all_push(ctx, body, legacy)
    local st = ctx.st
    local from, code, info = check_push_common(ctx, body, legacy)
    if not from then return nil, code, info end
    local s = S(st)
    local pred, pcode, pinfo = condition(s, body.Condition)
    if not pred then return nil, pcode, pinfo end
    local recipients = {}
    for id in st:each_account() do
        if id ~= from and pred(id) then recipients[#recipients + 1] = id end
    end
    local t = deliver(ctx, s, "push", from, recipients, body)
    return { TaskId = t.TaskId }
end

-- timpush/push { From_Account?, MsgRandom, Condition?, MsgBody?, OfflinePushInfo?, OnlineOnlyFlag?, ... }
function _M.push(ctx, body) return all_push(ctx, body, false) end
-- all_member_push/im_push: the same with a MsgBody required
function _M.im_push(ctx, body) return all_push(ctx, body, true) end

-- timpush/batch { From_Account, To_Account = { 1..500 }, MsgRandom, OfflinePushInfo, DataId? } -> TaskId (an
-- offline push only: the page's tree has no MsgBody; 1047/67553)
function _M.batch(ctx, body)
    local st = ctx.st
    local from, code, info = check_push_common(ctx, body, false)
    if not from then return nil, code, info end
    local recipients = {}
    for _, id in ipairs(body.To_Account) do
        if st:account(id) and not util.has(recipients, id) then recipients[#recipients + 1] = id end
    end
    local t = deliver(ctx, S(st), "batch", from, recipients, body)
    return { TaskId = t.TaskId }
end

-- timpush/revoke { TaskId, OfflinePushInfo? }
function _M.revoke(ctx, body)
    local st = ctx.st
    local t = S(st).tasks[body.TaskId]
    if not t then return nil, 90049, "no push task " .. body.TaskId end
    if t.Revoked then return nil, 90050, "push task " .. body.TaskId .. " was already recalled" end
    if st:now() - t.CreateTime > REVOKE_SECONDS then
        return nil, 90052, "push task " .. body.TaskId .. " is older than 24 hours"
    end
    if t.OfflinePush and type(body.OfflinePushInfo) ~= "table" then
        return nil, 90053, "the push sent an offline notification: the recall must carry OfflinePushInfo"
    end
    t.Revoked = true
    for _, key in ipairs(t.keys) do
        local m = c2c.message_by_key(st, key)
        if m then m.MsgFlagBits = 1 end
    end
    return {}
end

-- StartTime..EndTime: in order, at most `days` apart -> true | nil, code, info
local function window(body, days)
    if body.EndTime < body.StartTime then return nil, 90001, "StartTime must not be after EndTime" end
    if body.EndTime - body.StartTime > days * 86400 then return nil, 90001, "at most " .. days .. " days per query" end
    return true
end

-- timpush/all_member_push_statistics { StartTime, EndTime, TaskID? = { ≤5 } } -> Results (none: overall)
function _M.all_member_push_statistics(ctx, body)
    local s = S(ctx.st)
    local ok, code, info = window(body, 30)
    if not ok then return nil, code, info end
    local ids = body.TaskID or {}
    local function stats(list, id)
        local total, delivered = 0, 0
        for _, t in ipairs(list) do total, delivered = total + #t.Recipients, delivered + t.Delivered end
        return { TaskID = id, TotalCount = total, SentCount = total, DeliveredCount = delivered, ClickCount = 0,
                 PlatformStatistics = array() }
    end
    local results = array()
    if #ids == 0 then
        local list = {}
        for _, id in ipairs(s.task_order) do
            local t = s.tasks[id]
            if t.Kind == "push" and t.CreateTime >= body.StartTime and t.CreateTime <= body.EndTime then
                list[#list + 1] = t
            end
        end
        results[1] = stats(list, "")
    else
        for _, id in ipairs(ids) do
            local t = s.tasks[id]
            results[#results + 1] = stats(t and { t } or {}, id)
        end
    end
    return { Results = results }
end

local function beijing(t) return os.date("!%Y-%m-%d %H:%M:%S", t + 8 * 3600) end

-- one delivery trace, the shape of the trace pages (trtc.io/document/71893, 71896), for a recipient at time t
local function instance(st, id, t, n)
    local a = st:account(id)
    local online = a and a.status == "Online"
    local ok = { PushStatus = 1, ErrorCode = 0, ErrorInfo = "success", EventTime = beijing(t) }
    return { InstanceId = tostring(10000000 + n), PushTime = beijing(t), DeviceModel = "", System = "Emulator",
             SystemVersion = "", EventType = 1, PushPlatform = 0, Token = "", CertId = "0", SdkVersion = "",
             PushVersion = "", NotificationStatus = 1, last_active_terminal = 1,
             IMCommitStat = { IMStat = ok },
             -- an online recipient gets the message online; an offline one through the (emulated) vendor channel
             OfflinePushStat = { OfflineStat = online and { PushStatus = 0, ErrorCode = 0, ErrorInfo = "online",
                                                            EventTime = beijing(t) } or ok } }
end

-- timpush/all_member_push_trace { TaskID, UserID } -> InstanceTrace (empty when the task did not reach UserID)
function _M.all_member_push_trace(ctx, body)
    local st = ctx.st
    local t = S(st).tasks[body.TaskID]
    local out = array()
    if t and st:now() - t.CreateTime <= 7 * 86400 then
        for i, id in ipairs(t.Recipients) do
            if id == body.UserID then out[1] = instance(st, id, t.CreateTime, i) end
        end
    end
    return { InstanceTrace = out }
end

-- timpush/normal_push_trace { PushID } -> InstanceTrace: a C2C message's offline push, by its MsgKey
function _M.normal_push_trace(ctx, body)
    local st = ctx.st
    local m = c2c.message_by_key(st, body.PushID)
    local out = array()
    if m and st:now() - m.MsgTimeStamp <= 7 * 86400 then out[1] = instance(st, m.To_Account, m.MsgTimeStamp, 1) end
    return { InstanceTrace = out }
end

-- timpush/normal_push_statistics { StartTime, EndTime } -> TotalCount, SentCount, DeliveredCount, ClickCount,
-- PlatformStatistics (at the top level, 1047/71897): the C2C messages of the window, each one push
function _M.normal_push_statistics(ctx, body)
    local st = ctx.st
    local ok, code, info = window(body, 30)
    if not ok then return nil, code, info end
    local total, delivered = 0, 0
    for _, conv in c2c.each_conversation(st) do
        for _, m in ipairs(conv) do
            if m.MsgTimeStamp >= body.StartTime and m.MsgTimeStamp <= body.EndTime then
                total = total + 1
                local a = st:account(m.To_Account)
                if a and a.status == "Online" then delivered = delivered + 1 end
            end
        end
    end
    return { TotalCount = total, SentCount = total, DeliveredCount = delivered, ClickCount = 0,
             PlatformStatistics = array() }
end

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{
        attr_names = T.map(T.string), attrs = T.map(T.map(T.string)), tags = T.map(T.array(T.string)),
        tasks = T.array(T.object{
            TaskId = T.required(T.string), Kind = T.string, From_Account = T.string, CreateTime = T.integer,
            Recipients = T.array(T.string), MsgRandom = T.integer, OnlineOnlyFlag = T.integer,
            OfflinePush = T.boolean, Delivered = T.integer, Revoked = T.boolean, MsgKeys = T.array(T.string),
            DataId = T.string,
        }),
    },
    reset = reset,
    export = function(st)
        local s = S(st)
        local tasks = array()
        for _, id in ipairs(s.task_order) do
            local t = s.tasks[id]
            tasks[#tasks + 1] = { TaskId = t.TaskId, Kind = t.Kind, From_Account = t.From_Account,
                                  CreateTime = t.CreateTime, Recipients = array(t.Recipients),
                                  MsgRandom = t.MsgRandom, OnlineOnlyFlag = t.OnlineOnlyFlag,
                                  OfflinePush = t.OfflinePush, Delivered = t.Delivered, Revoked = t.Revoked,
                                  MsgKeys = array(t.keys), DataId = t.DataId }
        end
        local tags = {}
        for id, list in pairs(s.tags) do tags[id] = array(list) end
        return { attr_names = s.attr_names, attr_types = s.attr_types, attrs = s.attrs, tags = tags, tasks = tasks }
    end,
    import = function(st, t)
        t = type(t) == "table" and t or {}
        local s = fresh()
        for k, v in pairs(type(t.attr_names) == "table" and t.attr_names or {}) do
            if type(v) == "string" then s.attr_names[tostring(k)] = v end
        end
        for k, v in pairs(type(t.attr_types) == "table" and t.attr_types or {}) do
            if v == 0 or v == 1 then s.attr_types[tostring(k)] = v end
        end
        for id, a in pairs(type(t.attrs) == "table" and t.attrs or {}) do
            if type(a) == "table" then s.attrs[id] = a end
        end
        for id, list in pairs(type(t.tags) == "table" and t.tags or {}) do
            if type(list) == "table" then s.tags[id] = list end
        end
        for _, x in ipairs(type(t.tasks) == "table" and t.tasks or {}) do
            if type(x) == "table" and type(x.TaskId) == "string" then
                s.tasks[x.TaskId] = { TaskId = x.TaskId, Kind = x.Kind or "push", From_Account = x.From_Account,
                                      CreateTime = tonumber(x.CreateTime) or 0, Recipients = x.Recipients or {},
                                      MsgRandom = x.MsgRandom, OnlineOnlyFlag = x.OnlineOnlyFlag or 0,
                                      OfflinePush = x.OfflinePush == true, Delivered = tonumber(x.Delivered) or 0,
                                      Revoked = x.Revoked == true, keys = x.MsgKeys or {}, DataId = x.DataId }
                s.task_order[#s.task_order + 1] = x.TaskId
            end
        end
        st.push = s
    end,
}

-- the legacy names map onto the same handlers
_M.routes = {
    ["all_member_push/im_push"] = _M.im_push,
    ["all_member_push/im_set_attr_name"] = _M.set_attr_name,
    ["all_member_push/im_get_attr_name"] = _M.im_get_attr_name,
    ["all_member_push/im_get_attr"] = _M.im_get_attr,
    ["all_member_push/im_set_attr"] = _M.im_set_attr,
    ["all_member_push/im_remove_attr"] = _M.remove_attr,
    ["all_member_push/im_get_tag"] = _M.im_get_tag,
    ["all_member_push/im_add_tag"] = _M.add_tag,
    ["all_member_push/im_remove_tag"] = _M.remove_tag,
    ["all_member_push/im_remove_all_tags"] = _M.im_remove_all_tags,
}
util.routes("timpush/", _M, {
    "push", "batch", "set_attr_name", "get_attr_name", "set_attr", "get_attr", "remove_attr", "add_tag", "get_tag",
    "remove_tag", "clear_all_tags", "revoke", "all_member_push_statistics", "all_member_push_trace",
    "normal_push_trace", "normal_push_statistics"
}, _M.routes)

-- The push slice (st.push) is this family's.
_M.SLICES = { "push" }

-- task_count(st) -> how many push tasks the app sent (recalled ones too)
function _M.task_count(st) return #S(st).task_order end

return _M

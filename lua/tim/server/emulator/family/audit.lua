-- Content moderation: im_msg_audit/content_moderation and batch_content_moderation (trtc.io/document/77827,
-- 77828), im_msg_audit_mgr/* local and cloud keyword libraries (1047/77829 library IDs, 77830 list, 77831 add,
-- 77832 delete). Codes from those pages: 2001 internal, 2002 unsupported command, 2003 invalid parameter,
-- 2004 no permission, 2015 moderation not enabled, 2016 too many keywords in one request.
--
-- The moderation model cannot be real. The emulator decides deterministically: a text is blocked when it
-- contains (case-insensitively) a keyword of the list you configure (`tim emulator --moderation-keywords a,b` or
-- POST /_emulator/config {"moderation_keywords":[...]}), of the local keyword list, or of a cloud keyword
-- library; an image, audio or video item is judged on its URL the same way. Text and image answer at once;
-- audio and video answer a RequestId and the verdict arrives as ContentCallback.ResultNotify, as on the page.
-- The answer fields (Suggestion Block/Pass, Label, Score 100/0, Keywords) follow the keyword pages' labels.
--
-- The request trees of tim.base.catalogue.audit (content_moderation, batch_content_moderation and the four cloud
-- keyword calls) are checked before a handler runs (tim.emulator check_body: 2003 with the field); a handler
-- checks what a tree cannot say: empty text, distinct ContentIds, the app's own SdkAppId, an existing library,
-- and 2016 past 100 keywords added at once (77831 gives the code, not the number). The local keyword pages were
-- not found: those three calls keep all their own checks.
local util = require "tim.server.emulator.util"
local T = require "tim.server.emulator.shape"
local json = require "tim.base.json"

local ipairs, type, tostring = ipairs, type, tostring
local lower, find, fmt, date = string.lower, string.find, string.format, os.date
local array = json.array

local _M = { _VERSION = require "tim.version" }

-- MAX_ADD: keywords added at once before 2016 (the emulator's figure; 77831 does not give one); MAX_LIMIT: the
-- local list's page (its page was not found; the cloud pages say up to 100)
local MAX_ADD, MAX_LIMIT = 100, 100
local AUDIT_NAMES = { C2C = true, Group = true, UserInfo = true, GroupInfo = true, GroupMemberInfo = true,
                      RelationChain = true }
local DEFAULT_LIB = "emulator-keywords-0001"

local function fresh()
    return { serial = 0, local_words = {}, libs = { { ID = DEFAULT_LIB, LibName = "tim_emulator_default",
                                                      Describe = "", CreateTime = 0, Suggestion = "Block",
                                                      words = {} } } }
end

local S, reset = util.state_of("audit", fresh)

local function stamp(t) return date("!%Y-%m-%d %H:%M:%S", t) end
-- a library's CreateTime, in the form of 77829's sample ("2023-02-20 13:53:44 +0800 CST")
local function lib_stamp(t) return date("!%Y-%m-%d %H:%M:%S +0000 UTC", t) end

local function request_id(s)
    s.serial = s.serial + 1
    return fmt("emulator-%08d", s.serial)
end

-- configure(emulator, cfg): cfg.moderation_keywords = { "word", ... } | false (clears)
function _M.configure(emu, cfg)
    local kw = cfg.moderation_keywords
    if kw == nil then return true end
    if kw == false or kw == json.null then emu.moderation_keywords = {}; return true end
    if type(kw) == "string" then
        local list = {}
        for w in kw:gmatch("[^,]+") do list[#list + 1] = w end
        kw = list
    end
    if type(kw) ~= "table" then return nil, "moderation_keywords must be an array of strings" end
    for _, w in ipairs(kw) do
        if type(w) ~= "string" or w == "" then return nil, "moderation_keywords must be non-empty strings" end
    end
    local copy = {}
    for i, w in ipairs(kw) do copy[i] = w end
    emu.moderation_keywords = copy
    return true
end

-- every keyword in force: { word, label }
local function keywords(ctx)
    local out = {}
    for _, w in ipairs(ctx.emulator and ctx.emulator.moderation_keywords or {}) do out[#out + 1] = { w, "Custom" } end
    local s = S(ctx.st)
    for _, w in ipairs(s.local_words) do out[#out + 1] = { w.Content, "Custom" } end
    for _, lib in ipairs(s.libs) do
        for _, w in ipairs(lib.words) do out[#out + 1] = { w.Content, w.Label or "Custom" } end
    end
    return out
end

-- the deterministic verdict on one item
local function judge(ctx, content)
    local hits, label = array(), nil
    local text = lower(content)
    for _, kw in ipairs(keywords(ctx)) do
        if find(text, lower(kw[1]), 1, true) and not util.has(hits, kw[1]) then
            hits[#hits + 1] = kw[1]
            label = label or kw[2]
        end
    end
    if #hits > 0 then return { Suggestion = "Block", Label = label, Score = 100, Keywords = hits } end
    return { Suggestion = "Pass", Label = "Normal", Score = 0, Keywords = array() }
end
_M.judge = judge

-- (the type, ContentType's values and the 8 KB are the tree's)
local function check_content(content)
    if content == "" then return nil, 2003, "Content must not be empty" end
    return true
end

local function check_audit_name(body)
    if body.AuditName == "" then
        return nil, 2003, "AuditName must be C2C, Group, UserInfo, GroupInfo, GroupMemberInfo, RelationChain or a "
            .. "custom configuration ID"
    end
    return true
end

-- content_moderation { AuditName, ContentType, Content, ExtSender?, ExtReceiver? }
function _M.content_moderation(ctx, body)
    local ok, code, info = check_audit_name(body)
    if not ok then return nil, code, info end
    ok, code, info = check_content(body.Content)
    if not ok then return nil, code, info end
    local s = S(ctx.st)
    local rid = request_id(s)
    local verdict = judge(ctx, body.Content)
    if body.ContentType == "Audio" or body.ContentType == "Video" then
        util.after(ctx, "ContentCallback.ResultNotify", {
            RequestId = rid, AuditName = body.AuditName, ContentType = body.ContentType, Content = body.Content,
            ExtSender = body.ExtSender, ExtReceiver = body.ExtReceiver, Suggestion = verdict.Suggestion,
            Label = verdict.Label, Score = verdict.Score, Keywords = verdict.Keywords })
        return { RequestId = rid }
    end
    verdict.RequestId = rid
    return verdict
end

-- batch_content_moderation { AuditName, Contents = { { ContentId, ContentType = Text|Image, Content } } }
function _M.batch_content_moderation(ctx, body)
    local ok, code, info = check_audit_name(body)
    if not ok then return nil, code, info end
    local list = body.Contents
    if #list == 0 then return nil, 2003, "Contents must hold at least one item" end
    local ids = {}
    for i, it in ipairs(list) do
        -- 77828: "the item's ID, distinct within the request"
        if ids[it.ContentId] then
            return nil, 2003, "Contents[" .. i .. "].ContentId " .. tostring(it.ContentId) .. " is used twice"
        end
        ids[it.ContentId] = true
        ok, code, info = check_content(it.Content)
        if not ok then return nil, code, "Contents[" .. i .. "]: " .. info end
    end
    local results = array()
    for _, it in ipairs(list) do
        local v = judge(ctx, it.Content)
        v.ContentId, v.ContentType = it.ContentId, it.ContentType
        results[#results + 1] = v
    end
    return { RequestId = request_id(S(ctx.st)), Results = results }
end

-- a keyword list: at least one, non-empty strings; max (the local calls, which have no tree) also bounds the count
local function word_list(t, max)
    if type(t) ~= "table" or #t == 0 then return nil, 2003, "Keywords must be a non-empty array of strings" end
    if max and #t > max then return nil, 2016, "at most " .. max .. " keywords per request" end
    for _, w in ipairs(t) do
        if type(w) ~= "string" or w == "" then return nil, 2003, "Keywords must be non-empty strings" end
    end
    return t
end

-- one page of list: Offset and Limit as the cloud records have them (required, checked before the handler); the
-- local list (no tree) defaults and checks them here
local function page(list, body, unchecked)
    local offset, limit = body.Offset, body.Limit
    if unchecked then
        offset, limit = offset == nil and 0 or offset, limit == nil and MAX_LIMIT or limit
        if not util.is_int(offset, 0) then return nil, 2003, "Offset must be a non-negative integer" end
        if not util.is_int(limit, 1, MAX_LIMIT) then return nil, 2003, "Limit must be in 1.." .. MAX_LIMIT end
    end
    local out = array()
    for i = offset + 1, math.min(#list, offset + limit) do out[#out + 1] = list[i] end
    return out
end

-- the answer of a keyword listing: one page of rows, their TotalCount and a RequestId
local function listing(s, rows, body, unchecked)
    local out, code, info = page(rows, body, unchecked)
    if not out then return nil, code, info end
    return { RequestId = request_id(s), TotalCount = #rows, Infos = out }
end

local function find_word(list, content)
    for i, w in ipairs(list) do if w.Content == content then return i end end
end

local function new_word(s, content, label, now)
    s.serial = s.serial + 1
    return { ID = tostring(10000000 + s.serial), Content = content, Label = label, CreateTime = stamp(now) }
end

-- the keywords of list leave words (the local list or a library's) -> the answer: Details (each one's outcome), Count
local function delete_words(s, words, list)
    local details, n = array(), 0
    for _, w in ipairs(list) do
        local i = find_word(words, w)
        if i then
            local x = table.remove(words, i)
            n = n + 1
            details[#details + 1] = { KeywordID = x.ID, Keyword = w, Deleted = true, ErrorInfo = "" }
        else
            details[#details + 1] = { KeywordID = "", Keyword = w, Deleted = false, ErrorInfo = "no such keyword" }
        end
    end
    return { RequestId = request_id(s), Details = details, Count = n }
end

-- add_local_audit_keywords { Keywords = { ... } }
function _M.add_local_audit_keywords(ctx, body)
    local list, code, info = word_list(body.Keywords, MAX_ADD)
    if not list then return nil, code, info end
    local s, now = S(ctx.st), ctx.st:now()
    for _, w in ipairs(list) do
        if not find_word(s.local_words, w) then s.local_words[#s.local_words + 1] = new_word(s, w, nil, now) end
    end
    return { RequestId = request_id(s) }
end

-- delete_local_audit_keywords { Keywords = { ... } } -> Details, Count
function _M.delete_local_audit_keywords(ctx, body)
    local list, code, info = word_list(body.Keywords, MAX_ADD)
    if not list then return nil, code, info end
    local s = S(ctx.st)
    return delete_words(s, s.local_words, list)
end

-- get_local_audit_keywords { Offset?, Limit? } -> TotalCount, Infos
function _M.get_local_audit_keywords(ctx, body)
    local s = S(ctx.st)
    return listing(s, s.local_words, body, true)
end

-- The lookups of util.given for the cloud calls. cloud: the request names this app (SdkAppId) -> the family's
-- state. library: that, and the keyword library LibID names -> the library, the state
local function cloud(ctx, body)
    if body.SdkAppId ~= (ctx.emulator and ctx.emulator.sdkappid) then
        return nil, 2003, "SdkAppId must be this app's SDKAppID"
    end
    return S(ctx.st)
end

local function library(ctx, body)
    local s, code, info = cloud(ctx, body)
    if not s then return nil, code, info end
    for _, lib in ipairs(s.libs) do if lib.ID == body.LibID then return lib, s end end
    return nil, 2003, "no keyword library " .. tostring(body.LibID)
end

-- get_cloud_audit_keywords_ids { SdkAppId, Offset, Limit } -> TotalCount, Infos
_M.get_cloud_audit_keywords_ids = util.given(cloud, function(_, body, s)
    local rows = {}
    for _, lib in ipairs(s.libs) do
        rows[#rows + 1] = { ID = lib.ID, LibName = lib.LibName, Describe = lib.Describe,
                            CreateTime = lib_stamp(lib.CreateTime), Suggestion = lib.Suggestion }
    end
    return listing(s, rows, body)
end)

-- get_cloud_audit_keywords { SdkAppId, Offset, Limit, LibID, Content? } -> TotalCount, Infos { ID, Content,
--   CreateTime }
_M.get_cloud_audit_keywords = util.given(library, function(_, body, lib, s)
    local rows = {}
    for _, w in ipairs(lib.words) do
        if not body.Content or body.Content == "" or find(w.Content, body.Content, 1, true) then
            -- the items of 77830's sample: ID, Content, CreateTime
            rows[#rows + 1] = { ID = w.ID, Content = w.Content, CreateTime = w.CreateTime }
        end
    end
    return listing(s, rows, body)
end)

-- add_cloud_audit_keywords { SdkAppId, LibID, UserKeywords = { { Content, Label? } } }
_M.add_cloud_audit_keywords = util.given(library, function(ctx, body, lib, s)
    local list = body.UserKeywords
    if #list == 0 then return nil, 2003, "UserKeywords must hold at least one keyword" end
    if #list > MAX_ADD then return nil, 2016, "at most " .. MAX_ADD .. " keywords per request" end
    for i, it in ipairs(list) do
        if it.Content == "" then return nil, 2003, "UserKeywords[" .. i .. "].Content must not be empty" end
    end
    local now = ctx.st:now()
    for _, it in ipairs(list) do
        if not find_word(lib.words, it.Content) then
            lib.words[#lib.words + 1] = new_word(s, it.Content, it.Label, now)
        end
    end
    return { RequestId = request_id(s) }
end)

-- delete_cloud_audit_keywords { SdkAppId, LibID, Keywords = { ≤10, the tree's } } -> Details, Count
_M.delete_cloud_audit_keywords = util.given(library, function(_, body, lib, s)
    local list, lcode, linfo = word_list(body.Keywords)
    if not list then return nil, lcode, linfo end
    return delete_words(s, lib.words, list)
end)

_M.state = {
    -- the types of export's table (tim.server.emulator.shape)
    shape = T.object{
        local_keywords = T.array(T.string),
        cloud_libraries = T.array(T.object{ ID = T.string, LibName = T.string, Suggestion = T.string,
                                            Keywords = T.array(T.object{ Content = T.string, Label = T.string }) }),
    },
    reset = reset,
    export = function(st)
        local s = S(st)
        local libs = array()
        for _, lib in ipairs(s.libs) do
            local words = array()
            for _, w in ipairs(lib.words) do words[#words + 1] = { Content = w.Content, Label = w.Label } end
            libs[#libs + 1] = { ID = lib.ID, LibName = lib.LibName, Suggestion = lib.Suggestion, Keywords = words }
        end
        local words = array()
        for _, w in ipairs(s.local_words) do words[#words + 1] = w.Content end
        return { local_keywords = words, cloud_libraries = libs }
    end,
    import = function(st, t)
        t = type(t) == "table" and t or {}
        local s = fresh()
        local now = st:now()
        for _, w in ipairs(type(t.local_keywords) == "table" and t.local_keywords or {}) do
            if type(w) == "string" then s.local_words[#s.local_words + 1] = new_word(s, w, nil, now) end
        end
        if type(t.cloud_libraries) == "table" and #t.cloud_libraries > 0 then
            s.libs = {}
            for _, lib in ipairs(t.cloud_libraries) do
                if type(lib) == "table" and type(lib.ID) == "string" then
                    local x = { ID = lib.ID, LibName = lib.LibName or lib.ID, Describe = "", CreateTime = now,
                                Suggestion = lib.Suggestion or "Block", words = {} }
                    for _, w in ipairs(type(lib.Keywords) == "table" and lib.Keywords or {}) do
                        if type(w) == "table" and type(w.Content) == "string" then
                            x.words[#x.words + 1] = new_word(s, w.Content, w.Label, now)
                        end
                    end
                    s.libs[#s.libs + 1] = x
                end
            end
        end
        st.audit = s
    end,
}

_M.AUDIT_NAMES = AUDIT_NAMES

_M.routes = {
    ["im_msg_audit/content_moderation"] = _M.content_moderation,
    ["im_msg_audit/batch_content_moderation"] = _M.batch_content_moderation,
}
util.routes("im_msg_audit_mgr/", _M, {
    "add_local_audit_keywords", "delete_local_audit_keywords", "get_local_audit_keywords",
    "get_cloud_audit_keywords_ids", "get_cloud_audit_keywords", "add_cloud_audit_keywords",
    "delete_cloud_audit_keywords"
}, _M.routes)

-- The audit slice (st.audit) is this family's.
_M.SLICES = { "audit" }

return _M

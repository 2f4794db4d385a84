-- tim.api: the Tencent Cloud IM REST API catalogue, as data.
--
-- api.services[service][command] = traits. The catalogue adds traits (rate class, safe-to-resend, dedup key, batch
-- and paging shapes, regions, how to settle a doubtful outcome), not permission: the client calls any name.
-- Sources are the official pages (cloud.tencent.com/document/product/269, tencentcloud.com/document/product/1047,
-- trtc.io/document); `ref` names the endpoint's own page and a comment names the page behind any other fact.
-- Where two editions of a page disagree, the newer or the more restrictive one is used and the other is noted.
--
-- Traits (every one optional except doc and family):
--   doc          one line: what the command does.
--   family       catalogue grouping (api.FAMILIES).
--   ref          URL of the endpoint's official page.
--   rate         a key of api.rate_classes ("default" when absent). A class is one client-side bucket shared by
--                all its endpoints, while the pages quote each limit per endpoint, so a shared class is stricter.
--   idempotent   true: sending the command again after a timeout, a reset or a 5xx cannot do harm. Reads, sets
--                (the same value written twice) and deletes by key are marked by their nature; other writes only
--                where the page named in the comment documents a repeat as harmless.
--   dedup        uint32 body fields the client fills once per logical call, so that every resend is the same
--                request and the service discards the copies (the client then resends safely).
--   dedup_window seconds the service remembers a dedup key (nil with dedup: no documented expiry). A resend
--                later than this is a new message.
--   dedup_key    the service's whole dedup key as the page gives it (informative; dedup lists the part the
--                client fills).
--   fill         uint32 body fields the service requires, filled once per logical call like dedup but with no
--                dedup promise (batchsendmsg, timpush/batch).
--   batch        { field = request array, max = items per call }: tim.client.batch splits a longer list.
--   page         paging shape for im:pages/im:items: cursor { items, carry = { req = resp }, stop = { f = v } }
--                or offset { items, offset, limit }.
--   regions      data centres that serve the command (any when absent).
--   requires     edition, plugin or console switch the page requires (informative).
--   per_object   a budget the page sets per object rather than per app: { key = request field, rate = per
--                second, per_hour = n, note } (not enforced by the client bucket; documented for callers).
--   settle       how a caller settles a doubtful outcome (did my call take effect?) for a command that is
--                neither idempotent nor deduplicated (and for some that are, where a page says more).
--   done_codes   ErrorCodes that, answered to a resend, mean an earlier copy already took effect.
--   alias_of     older name of another entry ("service/command").
--   since        year the command appeared in the pages (newest families).
--   note         anything else the page says that a caller should know.
-- The shape, read from the page (tim.base.schema describes the trees):
--   request      the request body's fields (a tree); absent: not yet transcribed, nothing is checked
--   answer       the answer's fields beyond ActionStatus/ErrorCode/ErrorInfo (a tree)
--   codes        the ErrorCodes the page lists for the endpoint
--   invalid      the code the page gives for a malformed request (the emulator answers it to a failed check)
--   invalid_fields  { top-level field = code }: where the page gives a code per field (sendmsg's 90002 for
--                MsgBody, 90003 for To_Account, ...), the code for a malformed request naming that field
--   example      { request = json text, answer = json text }: the page's samples
--   ref_zh       the Chinese site's page (ref is the other one)
--   read         the date the pages were read (YYYY-MM-DD)
--   seen         how much of the page could be read: "fields" (the field tables), "example" (only the samples:
--                the fields are taken from them, none marked required), "opening" (only the opening lines)
--   unread       what of the page could not be read (free text), so a reviewer knows what to check
--   differs      where the English and the Chinese pages disagree, and which one the record follows
local type, pairs, ipairs = type, pairs, ipairs
local sort, concat = table.sort, table.concat
local lower, find, sub = string.lower, string.find, string.sub
local error = error

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

-- Token-bucket defaults per endpoint class: rate (requests/s), burst, and where documented a second budget.
_M.rate_classes = {
    -- "最高调用频率 200次/秒": the default quoted on nearly every page; raisable in the console (paid).
    default      = { rate = 200, burst = 200 },
    -- account_check and multiaccount_import pages: 100 times/second (1047/34956, 1047/34954).
    rate100      = { rate = 100, burst = 100 },
    -- batchsendmsg (269/1612, 2026-02): 200/s and 12 000 messages/min where each recipient counts as one
    -- message. A bucket counts calls; the per-minute budget is charged per recipient (cost = #To_Account).
    batchsendmsg = { rate = 200, burst = 200, per_minute = 12000, cost_field = "To_Account",
                     note = "12000 messages per minute, counted per recipient" },
    -- send_broadcast_msg (269/77402, 2025-12): Flagship edition 1 message/s, Enterprise edition 5/s. The
    -- default is the Flagship figure; an Enterprise app overrides { broadcast = { rate = 5, burst = 5 } }.
    broadcast    = { rate = 1, burst = 1, note = "Flagship edition 1/s; Enterprise edition 5/s" },
    -- group_open_http_svc/get_appid_group_list (269/1614): 1 call/s, so paging over the app's groups is paced.
    group_list   = { rate = 1, burst = 1 },
    -- open_msg_svc/get_history (269/1650): 10 calls/s.
    history      = { rate = 10, burst = 10 },
    -- Cloud search plugin (269/114548, 269/114549, 269/114550): 2 requests/s.
    search       = { rate = 2, burst = 2 },
    -- All-member / tag push (timpush/push 1047/60561, all_member_push/im_push): 100 calls/day by default, more
    -- than 1 s apart (ErrorCode 90024 "push interval must be greater than 1 second", 90047 daily limit,
    -- 1047/74196).
    push         = { rate = 1, burst = 1, per_day = 100,
                     note = "100 calls per day by default (90047 beyond), more than 1 s apart (90024)" },
    -- timpush/batch (1047/67553): 30 calls/s.
    push_batch   = { rate = 30, burst = 30 },
    -- Push plugin attribute/tag commands (1047/60563): 100/s, at most 100 users per call.
    push_attr    = { rate = 100, burst = 100 },
    -- timpush/revoke (269/105123): 1 call/s (90051 "withdrawal too frequent, limit 1/s", 1047/74196).
    push_revoke  = { rate = 1, burst = 1 },
    -- timpush/webbatch (trtc.io/zh/document/80441): 500 recipients/s on the standard edition (30 on the trial),
    -- counted per recipient, at most 500 a call: one full call a second.
    webbatch     = { rate = 1, burst = 1, note = "500 recipients/s (trial edition 30/s), counted per recipient" },
    -- Push trace and statistics queries (1047/71893, 71894, 71896, 71897): 1 call/s each.
    push_stats   = { rate = 1, burst = 1 },
    -- Streaming messages (269/128596, 269/128597, 2026-04): each stream takes at most 5 continuation chunks
    -- per second, chunks at most 15 s apart, under 128 KB in total; the endpoint itself follows the default.
    stream       = { rate = 200, burst = 200, per_message_rate = 5,
                     note = "per message: at most 5 chunks/s, at most 15 s between chunks, under 128 KB total" },
}

-- Families in README order with a title; counts are computed below.
_M.FAMILIES = {
    { name = "accounts", title = "Accounts" },
    { name = "profile", title = "Profiles" },
    { name = "sns", title = "Relationship chain (friends, blocklist)" },
    { name = "follow", title = "Follow / followers" },
    { name = "c2c", title = "One-to-one (C2C) messages" },
    { name = "msg_ext", title = "Message extensions" },
    { name = "stream", title = "Streaming messages" },
    { name = "group", title = "Groups" },
    { name = "recentcontact", title = "Conversations" },
    { name = "push", title = "All-member / tag push" },
    { name = "mute", title = "Global mute" },
    { name = "ops", title = "Operations" },
    { name = "robot", title = "Robots" },
    { name = "audit", title = "Content moderation" },
    { name = "search", title = "Cloud search" },
    { name = "official", title = "Official accounts" },
}

-- The records, one file a family (tim.base.catalogue.<name>; groups take three), in README order. A file is loaded
-- when one of its services is first looked up (a client that calls a few commands reads a few files: the schemas
-- make the whole catalogue a few milliseconds to load); each(), the counts and the docs load them all.
local FILES = { "accounts", "profile", "sns", "follow", "c2c", "msg_ext", "stream", "group", "group_msg",
                "group_topic", "recentcontact", "push", "mute", "ops", "robot", "audit", "search", "official" }
-- service -> the files that hold its commands (spec 05 checks it against the files)
local FILES_OF = {
    im_open_login_svc = { "accounts" }, openim = { "accounts", "c2c" }, profile = { "profile" }, sns = { "sns" },
    follow = { "follow" }, openim_msg_ext_http_svc = { "msg_ext" }, stream_msg = { "stream" },
    openim_robot_http_svc = { "stream", "robot" }, group_open_http_svc = { "group", "group_msg", "group_topic" },
    group_open_avchatroom_http_svc = { "group" }, group_open_attr_http_svc = { "group_msg" },
    million_group_open_http_svc = { "group_topic" }, recentcontact = { "recentcontact" },
    all_member_push = { "push" }, timpush = { "push" }, openconfigsvr = { "mute", "ops" }, open_msg_svc = { "ops" },
    ConfigSvc = { "ops" }, im_cos_msg = { "ops" }, im_msg_audit = { "audit" }, im_msg_audit_mgr = { "audit" },
    user_search = { "search" }, group_search = { "search" }, group_member_search = { "search" },
    im_open_search = { "search" }, official_account_open_http_svc = { "official" },
}
_M.FILES, _M.FILES_OF = FILES, FILES_OF

local services = {}       -- complete service tables only (every file of the service loaded)
local partial = {}        -- service -> its table while being filled
local loaded = {}
local family_counts = {}
local count, alias_count = 0, 0

-- Each record's named fields become its traits table (the family modules' tables stay as written, so a second
-- load of tim.api sees them unchanged).
local function load_file(name)
    if loaded[name] then return end
    loaded[name] = true
    for _, rec in ipairs(require("tim.base.catalogue." .. name)) do
        local family, service, command = rec[1], rec[2], rec[3]
        local row = { doc = rec[4], family = family }
        for k, v in pairs(rec) do
            if type(k) == "string" then row[k] = v end
        end
        row.rate = row.rate or "default"
        local svc = partial[service]
        if not svc then
            svc = {}
            partial[service] = svc
        end
        svc[command] = row
        if row.alias_of then
            alias_count = alias_count + 1
        else
            count = count + 1
            family_counts[family] = (family_counts[family] or 0) + 1
        end
    end
end

-- publish(service): its files loaded, the service's table becomes visible in api.services
local function publish(service)
    local files = FILES_OF[service]
    if not files then return nil end
    for _, name in ipairs(files) do load_file(name) end
    local svc = partial[service]
    rawset(services, service, svc)
    return svc
end

local function load_all()
    for service in pairs(FILES_OF) do
        if rawget(services, service) == nil then publish(service) end
    end
end
_M.load_all = load_all

-- api.services[service][command] -> traits: a service's files load on its first lookup
setmetatable(services, { __index = function(_, service) return publish(service) end })

_M.services = services
-- Every trait name an entry may carry (see the header); the specs and docs/generate.lua read this list.
_M.TRAITS = { "doc", "family", "ref", "rate", "idempotent", "dedup", "dedup_window", "dedup_key", "fill", "batch",
              "page", "regions", "requires", "per_object", "settle", "done_codes", "alias_of", "since", "note",
              -- the endpoint's shape, from its page (tim.base.schema)
              "request", "answer", "codes", "invalid", "invalid_fields", "example", "ref_zh", "read", "seen",
              "unread", "differs" }
-- count (distinct endpoints, legacy aliases not counted), alias_count (legacy names kept as aliases) and
-- family_counts: read after the whole catalogue is loaded
local COUNTS = { count = true, alias_count = true, family_counts = true }
setmetatable(_M, { __index = function(_, k)
    if COUNTS[k] then
        load_all()
        if k == "count" then return count elseif k == "alias_count" then return alias_count end
        return family_counts
    end
end })

-- lookup("openim", "sendmsg") or lookup("openim/sendmsg") -> traits | nil
function _M.lookup(service, command)
    if type(service) ~= "string" then
        return nil
    end
    if command == nil then
        local slash = find(service, "/", 1, true)
        if not slash then
            return nil
        end
        service, command = sub(service, 1, slash - 1), sub(service, slash + 1)
    end
    local svc = services[service]
    return svc and svc[command] or nil
end

-- each() -> iterator of (service, command, traits), sorted by service then command.
local sorted
function _M.each()
    if not sorted then
        load_all()
        sorted = {}
        for service, cmds in pairs(services) do
            for command in pairs(cmds) do
                sorted[#sorted + 1] = { service, command }
            end
        end
        sort(sorted, function(a, b)
            if a[1] ~= b[1] then
                return a[1] < b[1]
            end
            return a[2] < b[2]
        end)
    end
    local i = 0
    return function()
        i = i + 1
        local e = sorted[i]
        if e then
            return e[1], e[2], services[e[1]][e[2]]
        end
    end
end

-- Regional API domains, as every endpoint page lists them (e.g. 269/2566, 269/103785, trtc.io 78304; the 2026
-- pages 269/133874 and trtc.io/zh/document/34921 list Riyadh too). The
-- SDKAppID belongs to one data centre; the wrong one answers 70016/70020. The standby domains are for when the
-- primary's DNS is hijacked.
local REGIONS = {
    cn  = { host = "console.tim.qq.com", standby = "adminapi.my-imcloud.com", name = "China" },
    sgp = { host = "adminapisgp.im.qcloud.com", standby = "adminapisgp.my-imcloud.com", name = "Singapore" },
    kr  = { host = "adminapikr.im.qcloud.com", standby = "adminapikr.my-imcloud.com", name = "Seoul" },
    jpn = { host = "adminapijpn.im.qcloud.com", standby = "adminapijpn.my-imcloud.com", name = "Tokyo" },
    ger = { host = "adminapiger.im.qcloud.com", standby = "adminapiger.my-imcloud.com", name = "Frankfurt" },
    ind = { host = "adminapiind.im.qcloud.com", standby = "adminapiind.my-imcloud.com", name = "Mumbai",
            note = "listed by older pages only; absent from the 2025 pages" },
    usa = { host = "adminapiusa.im.qcloud.com", standby = "adminapiusa.my-imcloud.com", name = "Silicon Valley" },
    idn = { host = "adminapiidn.im.qcloud.com", standby = "adminapiidn.my-imcloud.com", name = "Jakarta" },
    -- trtc.io/document/78304 (recentcontact/top, 2026) lists Riyadh; no standby domain is documented.
    ksa = { host = "adminapiksa.im.qcloud.com", name = "Riyadh", note = "no standby domain documented" },
}
_M.REGION_CODES = { "cn", "sgp", "kr", "jpn", "ger", "ind", "usa", "idn", "ksa" }

local ALIASES = {
    china = "cn", mainland = "cn", chn = "cn",
    singapore = "sgp", sg = "sgp",
    seoul = "kr", korea = "kr",
    tokyo = "jpn", japan = "jpn", jp = "jpn",
    frankfurt = "ger", germany = "ger", de = "ger",
    mumbai = "ind", india = "ind", ["in"] = "ind",
    siliconvalley = "usa", ["silicon_valley"] = "usa", ["silicon-valley"] = "usa", us = "usa",
    jakarta = "idn", indonesia = "idn", id = "idn",
    riyadh = "ksa", saudi = "ksa", sa = "ksa",
}

local regions = {}
for code, r in pairs(REGIONS) do
    r.code = code
    regions[code] = r
end
for alias, code in pairs(ALIASES) do
    regions[alias] = REGIONS[code]
end
_M.regions = regions          -- codes and friendly aliases; aliases share the code's table
_M.region_aliases = ALIASES

local function known_codes()
    return concat(_M.REGION_CODES, ", ")
end

-- region(name) -> region table | nil, err (name: a code or an alias, any case)
function _M.region(name)
    if type(name) ~= "string" then
        error(bad_argument(1, "tim.api.region", "name must be a string"), 2)
    end
    local r = regions[lower(name)]
    if not r then
        return nil, "tim.api.region: unknown region '" .. name .. "' (known: " .. known_codes() .. ")"
    end
    return r
end

-- region_host(name [, standby]) -> host | nil, err
function _M.region_host(name, standby)
    if type(name) ~= "string" then
        error(bad_argument(1, "tim.api.region_host", "name must be a string"), 2)
    end
    local r = regions[lower(name)]
    if not r then
        return nil, "tim.api.region_host: unknown region '" .. name .. "' (known: "
            .. known_codes() .. ")"
    end
    if standby then
        if not r.standby then
            return nil, "tim.api.region_host: no standby domain is documented for region '" .. r.code .. "'"
        end
        return r.standby
    end
    return r.host
end

---------------------------------------------------------------------------------------------------------------
-- Introspection of the endpoint schemas (tim.base.schema): paths are written A.B for an object's member and
-- A[].B for an array item's member.

local schema      -- loaded on first use: the catalogue itself does not need the checker
local SIDES = { request = true, answer = true }

local function tree_of(fn, endpoint, side)
    if type(endpoint) ~= "string" then
        error("bad argument #1 to 'tim.api." .. fn .. "' (\"service/command\" expected, got " .. type(endpoint)
              .. ")", 3)
    end
    if not SIDES[side] then
        error("bad argument #2 to 'tim.api." .. fn .. "' (\"request\" or \"answer\" expected, got "
              .. tostring(side) .. ")", 3)
    end
    local t = _M.lookup(endpoint)
    if t and t.alias_of and not t[side] then t = _M.lookup(t.alias_of) end
    schema = schema or require "tim.base.schema"
    return t and t[side], schema
end

-- fields(endpoint, side) -> the documented paths in the page's order (an answer's common members last), or nil
-- when the catalogue has no schema for that side of the endpoint
function _M.fields(endpoint, side)
    local tree, s = tree_of("fields", endpoint, side)
    if not tree then return nil end
    local paths = s.paths(tree)
    if side == "answer" then
        for _, p in ipairs(s.paths(s.COMMON_ANSWER)) do paths[#paths + 1] = p end
    end
    return paths
end

-- field(endpoint, side, path) -> a descriptor { name, type, required, enum, min, max, max_bytes, min_items,
-- max_items, doc, items, open, shared, page, read, seen } or nil
function _M.field(endpoint, side, path)
    local tree, s = tree_of("field", endpoint, side)
    if type(path) ~= "string" then
        error("bad argument #3 to 'tim.api.field' (a path such as \"MsgBody[].MsgType\" expected, got "
              .. type(path) .. ")", 2)
    end
    if not tree then return nil end
    local f = s.find(tree, path) or (side == "answer" and s.find(s.COMMON_ANSWER, path))
    local d = s.describe(f)
    if d then
        local t = _M.lookup(endpoint)
        if t and t.alias_of and not t[side] then t = _M.lookup(t.alias_of) end
        d.page, d.page_zh, d.read, d.seen = t.ref, t.ref_zh, t.read, t.seen
    end
    return d
end

-- For error messages and the CLI: "service/command" of an entry's canonical name.
function _M.canonical(service, command)
    local t = _M.lookup(service, command)
    if t and t.alias_of then
        return t.alias_of
    end
    if t then
        return command and (service .. "/" .. command) or service
    end
    return nil
end

return _M

-- tim.errors: the error object every lua-tim failure is, and the table of Tencent IM ErrorCodes with their retry
-- class. An error object never holds a secret: its message is scrubbed of URLs (scheme and host are kept),
-- key=value pairs whose name looks secret (usersig, sig, key, token, sign, secret, password), JSON members of the
-- same kind, long token-like runs, and any secret string the caller passes to errors.new, each also in its
-- percent-encoded forms (a URL quoted raw, escaped, or escaped inside another URL).
local type, tostring, tonumber, pairs, ipairs = type, tostring, tonumber, pairs, ipairs
local setmetatable, getmetatable, error = setmetatable, getmetatable, error
local find, sub, gsub, lower, format, byte = string.find, string.sub, string.gsub, string.lower, string.format,
    string.byte
local concat, sort = table.concat, table.sort

-- bad_argument(n, fn, msg) -> "bad argument #n to 'fn' (msg)": what a misuse raises, the way Lua's own functions
-- say it; the caller raises it at the level of the user's call (error(errors.bad_argument(...), 2))
local function bad_argument(n, fn, msg)
    return "bad argument #" .. n .. " to '" .. fn .. "' (" .. tostring(msg) .. ")"
end
local _M = { _VERSION = require "tim.version" }

_M.KINDS = { api = true, http = true, network = true, timeout = true, decode = true, ratelimit = true,
             usage = true, tls = true }

-- ratelimit: the request was not processed, always retry with backoff.
-- transient: an internal error; retry only idempotent or deduplicated commands.
-- sig: regenerate the admin UserSig once and retry.
-- fatal: never retry.
-- Each entry of _M.codes: class, meaning, hint (optional), page (the URL it was read on), family, in_doubt (true
-- when the page says the service timed out internally, so the request may have been carried out; absent means
-- false) and also (meanings other families' pages give the same code). docs/error-codes.md is generated from it.
_M.CLASSES = { ratelimit = true, transient = true, sig = true, fatal = true }

local HINT_IMPORT = "import the account first (im_open_login_svc/account_import)"
local HINT_REGION = "check region: the SDKAppID belongs to another data centre"
local HINT_SLOW = "slow down; the limit can be raised in the console (paid)"
local HINT_ADMIN = "identifier must be an App admin account"
local HINT_SETTLE = "the request may have been carried out: settle it (see the endpoint's settle trait) before "
    .. "sending it again"

-- Pages behind the codes. Every entry carries the page it was read on (`page`) and its family.
local P_COMMON = "https://cloud.tencent.com/document/product/679/131708"   -- REST API 公共错误码 (60000-79999)
local P_IM_CODES = "https://cloud.tencent.com/document/product/269/1671"   -- IM error codes (server section)
local P_WEB = "https://web.sdk.qcloud.com/im/download/error-message/v3/0.0.4/tim-error-message.txt"
local P_KICK = "https://www.tencentcloud.com/document/product/1047/34957"
local P_IMPORT = "https://www.tencentcloud.com/document/product/1047/34953"
local P_WITHDRAW = "https://cloud.tencent.com/document/product/269/38980"
local P_PUSH = "https://www.tencentcloud.com/document/product/1047/74196"
local P_PROFILE = "https://www.tencentcloud.com/document/product/1047/34916"
local P_SEARCH = "https://cloud.tencent.com/document/product/269/114549"
local P_ROBOT = "https://cloud.tencent.com/document/product/269/89993"
-- read 2026-12-07: the conversation pages' code table (recentcontact/delete) and the cloud keyword pages'
local P_CONTACT = "https://www.tencentcloud.com/zh/document/product/1047/43088"
local P_KEYWORDS = "https://www.tencentcloud.com/document/product/1047/77831"

-- Classes follow each page's advice: "请稍后重试 / retry later" for frequency limits is ratelimit (not
-- processed), "内部错误,请重试 / internal error, retry" is transient (retried only for commands that are safe to
-- repeat), an invalid or expired UserSig is sig, everything else fatal. `in_doubt = true` marks the codes whose
-- page says the service timed out internally, so that the request may have been carried out; an answer with any
-- other ErrorCode says the service did not act.
local codes = {}
local function def(page, family, list)
    for code, e in pairs(list) do
        e.page = e.page or page
        e.family = family
        codes[code] = e
    end
end

def(P_COMMON, "common", {
    [60002] = { class = "fatal", meaning = "HTTP request URL could not be parsed", hint = "check the request path" },
    [60003] = { class = "fatal", meaning = "request body is not valid JSON", hint = "check the request body" },
    [60004] = { class = "sig", meaning = "account or signature error in the request URL or body",
                hint = "check the admin identifier and the key" },
    [60005] = { class = "sig", meaning = "account or signature error in the request URL or body",
                hint = "check the admin identifier and the key" },
    [60006] = { class = "fatal", meaning = "SDKAppID is invalid", hint = "check sdkappid" },
    [60007] = { class = "ratelimit", meaning = "REST API call frequency over the limit for this API",
                hint = HINT_SLOW },
    [60008] = { class = "transient", in_doubt = true,
                meaning = "service request timed out or the HTTP request was malformed",
                hint = "check the request; " .. HINT_SETTLE },
    [60009] = { class = "fatal", meaning = "invalid resource address in the request" },
    [60010] = { class = "fatal", meaning = "the request needs App admin permissions", hint = HINT_ADMIN },
    [60011] = { class = "ratelimit", meaning = "call frequency over the limit for this SDKAppID",
                hint = HINT_SLOW },
    [60012] = { class = "fatal", meaning = "the request must carry the SDKAppID", hint = "check sdkappid" },
    [60013] = { class = "transient", in_doubt = true, meaning = "failed to parse the JSON of the HTTP response",
                hint = HINT_SETTLE },
    [60014] = { class = "transient", in_doubt = true, meaning = "account substitution timed out",
                hint = HINT_SETTLE },
    [60015] = { class = "fatal", meaning = "account type in the request body is wrong (must be a string)",
                hint = "UserIDs are strings" },
    [60016] = { class = "fatal", meaning = "the SDKAppID is disabled" },
    [60017] = { class = "fatal", meaning = "the request is disabled" },
    [60018] = { class = "ratelimit", meaning = "requests too frequent, retry later", hint = HINT_SLOW },
    [60019] = { class = "ratelimit", meaning = "requests too frequent, retry later", hint = HINT_SLOW },
    [60020] = { class = "fatal", meaning = "package expired or plugin not purchased (e.g. cloud search)",
                hint = "the plugin is not purchased or not enabled for this app: check the console" },
    [60021] = { class = "fatal", meaning = "the caller's IP is not allowed", hint = "check the IP allow-list" },
    [70001] = { class = "sig", meaning = "UserSig expired",
                hint = "generate a new UserSig (validity of at least 24 h is advised)" },
    [70003] = { class = "sig", meaning = "UserSig could not be parsed (truncated?)",
                hint = "generate a new UserSig" },
    [70009] = { class = "fatal", meaning = "UserSig verification failed",
                hint = "the key does not belong to this SDKAppID" },
    [70013] = { class = "fatal", meaning = "the identifier in the request does not match the UserSig",
                hint = "the UserSig was made for another identifier" },
    [70014] = { class = "fatal", meaning = "the SDKAppID in the request does not match the UserSig",
                hint = "the UserSig was made for another SDKAppID" },
    [70016] = { class = "fatal", meaning = "key not found for this SDKAppID", hint = HINT_REGION },
    [70020] = { class = "fatal", meaning = "SDKAppID not found", hint = HINT_REGION },
    [70050] = { class = "fatal", meaning = "UserSig verification failed too often; requests are refused",
                hint = "fix the key, then retry after 1 minute" },
    [70051] = { class = "fatal", meaning = "the account is blacklisted", hint = "remove it from the blacklist first" },
    [70107] = { class = "fatal", meaning = "the account is not imported", hint = HINT_IMPORT },
})

-- 60000-79999 codes the common page does not list, from the IM error list and the endpoint pages named.
def(P_IM_CODES, "common", {
    [70002] = { class = "sig", meaning = "UserSig is empty", hint = "generate a new UserSig", page = P_WEB },
    [70005] = { class = "sig", meaning = "UserSig is invalid", hint = "generate a new UserSig", page = P_WEB },
    [70052] = { class = "sig", meaning = "UserSig is no longer valid", hint = "generate a new UserSig",
                page = P_WEB },
    [70114] = { class = "transient", in_doubt = true, meaning = "internal server timeout, retry later",
                hint = HINT_SETTLE, page = P_WEB },
    -- 1047/34957 (kick): "An internal server timeout has occurred. Please try again later." The Web SDK's table
    -- reads 70169 as "account does not exist"; the endpoint page wins.
    [70169] = { class = "transient", in_doubt = true, meaning = "internal server timeout, retry later",
                hint = HINT_SETTLE, page = P_KICK },
    [70202] = { class = "transient", in_doubt = true, meaning = "internal server timeout, retry later",
                hint = HINT_SETTLE, page = P_WEB },
    [70206] = { class = "fatal", meaning = "invalid batch size in the request", hint = "check the batch limit",
                page = P_WEB },
    [70398] = { class = "fatal", meaning = "account count over the limit of the app's edition",
                hint = "upgrade the app's edition in the console", page = P_WEB },
    [70402] = { class = "fatal", meaning = "invalid parameter", hint = "check ErrorInfo for the field",
                page = P_KICK },
    [70403] = { class = "fatal", meaning = "the request needs App admin permissions", hint = HINT_ADMIN,
                page = P_KICK },
    [70500] = { class = "transient", meaning = "internal server error, retry", page = P_KICK },
    [71000] = { class = "fatal", meaning = "account deletion failed: only trial-edition accounts can be deleted",
                page = P_WEB },
})

def(P_WEB, "group", {
    [10002] = { class = "transient", meaning = "group service internal error, retry" },
    [10003] = { class = "fatal", meaning = "wrong API name in the request", hint = "check the request path" },
    [10004] = { class = "fatal", meaning = "invalid parameter", hint = "check ErrorInfo for the field" },
    [10005] = { class = "fatal", meaning = "too many accounts in the request body",
                hint = "split the request (see the batch limit)" },
    [10006] = { class = "ratelimit", meaning = "operation frequency over the limit", hint = "slow down" },
    [10007] = { class = "fatal", meaning = "insufficient permission for this operation",
                hint = "the operator must be the App admin, the group owner or an admin" },
    -- The robot pages (269/89991-89993, 1047/55280) read 10008 as "invalid request: needs App admin
    -- permissions, or the robot limit is reached": there it is a refusal, not a sig to renew.
    [10008] = { class = "sig", meaning = "invalid request: the signature in it failed verification",
                by_service = { openim_robot_http_svc = { class = "fatal", page = P_ROBOT,
                    meaning = "invalid request: App admin permissions needed or the robot limit reached",
                    hint = "call as the App admin, and delete robots before creating more (not a signature "
                        .. "problem: the sig is not renewed)" } } },
    [10009] = { class = "fatal", meaning = "the group owner may not leave this group" },
    [10010] = { class = "fatal", meaning = "the group does not exist or was disbanded" },
    [10011] = { class = "fatal", meaning = "request body JSON could not be parsed" },
    [10012] = { class = "fatal", meaning = "the operator's UserID is invalid" },
    [10013] = { class = "fatal", meaning = "the user is already a group member" },
    [10014] = { class = "fatal", meaning = "the group is full" },
    [10015] = { class = "fatal", meaning = "no group with this ID" },
    [10016] = { class = "fatal", meaning = "rejected by the app's before-callback" },
    [10017] = { class = "fatal", meaning = "the sender is muted in this group" },
    [10018] = { class = "fatal", meaning = "the answer would exceed 1 MB", hint = "ask for less data per request" },
    [10019] = { class = "fatal", meaning = "the UserID does not exist", hint = HINT_IMPORT },
    [10021] = { class = "fatal", meaning = "the group ID is already in use" },
    [10023] = { class = "ratelimit", meaning = "message frequency over the limit for this group",
                hint = "space the messages out" },
    [10024] = { class = "fatal", meaning = "this invitation or application was already handled" },
    [10025] = { class = "fatal", meaning = "the group ID is already in use, by this owner (use it directly)" },
    [10026] = { class = "fatal", meaning = "this command is disabled for the SDKAppID" },
    [10030] = { class = "fatal", meaning = "the message to recall does not exist" },
    [10031] = { class = "fatal", meaning = "the message can no longer be recalled (time limit, 2 minutes by default)" },
    [10032] = { class = "fatal", meaning = "this message does not support recall" },
    [10033] = { class = "fatal", meaning = "this group type does not support message recall" },
    [10034] = { class = "fatal", meaning = "this message type cannot be deleted" },
    [10035] = { class = "fatal", meaning = "AVChatRooms and online-broadcast groups do not support deleting messages" },
    [10036] = { class = "fatal", meaning = "AVChatRoom count over the limit of the app's package",
                hint = "buy the AVChatRoom package (269/11673)" },
    [10037] = { class = "fatal", meaning = "the user has created or joined the maximum number of groups" },
    [10038] = { class = "fatal", meaning = "the group's member count is at the edition's limit" },
    [10041] = { class = "fatal", meaning = "this SDKAppID is configured not to allow group message recall" },
    [10050] = { class = "fatal", meaning = "the group attribute key does not exist" },
    [10056] = { class = "fatal", meaning = "group attribute write conflict",
                hint = "read the attributes again (get_group_attr), then write" },
    [10059] = { class = "fatal", meaning = "not available below the Flagship edition" },
})

def(P_WEB, "c2c", {
    [20001] = { class = "fatal", meaning = "invalid request packet" },
    [20002] = { class = "sig", meaning = "UserSig or A2 invalid" },
    [20003] = { class = "fatal", meaning = "the sender's or the recipient's UserID is invalid or not imported",
                hint = HINT_IMPORT },
    [20004] = { class = "transient", meaning = "network error, retry" },
    [20005] = { class = "transient", meaning = "internal server error, retry" },
    [20006] = { class = "fatal", meaning = "rejected by the app's before-send callback" },
    [20007] = { class = "fatal", meaning = "the sender is on the recipient's blocklist" },
    [20009] = { class = "fatal", meaning = "the two users are not friends (friend check enabled)" },
    [20010] = { class = "fatal", meaning = "the sender is not the recipient's friend (one-way)" },
    [20011] = { class = "fatal", meaning = "the recipient is not the sender's friend (one-way)" },
    [20012] = { class = "fatal", meaning = "the sender is muted" },
    [20016] = { class = "fatal", meaning = "the message can no longer be recalled (time limit passed)" },
    -- 269/38980 (admin_msgwithdraw)
    [20022] = { class = "fatal", meaning = "the message to recall does not exist", page = P_WITHDRAW },
    [20023] = { class = "fatal", meaning = "the message was already recalled",
                hint = "an earlier recall took effect", page = P_WITHDRAW },
})

def(P_WEB, "sns", {
    [30001] = { class = "fatal", meaning = "invalid request parameter", hint = "check ErrorInfo for the field" },
    [30002] = { class = "fatal", meaning = "SDKAppID mismatch" },
    [30003] = { class = "fatal", meaning = "the account does not exist", hint = HINT_IMPORT },
    [30004] = { class = "fatal", meaning = "the request needs App admin permissions", hint = HINT_ADMIN },
    [30005] = { class = "fatal", meaning = "a relationship field contains a sensitive word" },
    [30006] = { class = "transient", meaning = "internal server error, retry" },
    [30007] = { class = "transient", in_doubt = true, meaning = "network timeout, retry later",
                hint = HINT_SETTLE },
    [30008] = { class = "transient", meaning = "write conflict from concurrent writes",
                hint = "write one user's relations in batches, not concurrently" },
    [30009] = { class = "fatal", meaning = "the user is barred from sending friend requests" },
    [30010] = { class = "fatal", meaning = "the user's friend count has reached the limit" },
    [30011] = { class = "fatal", meaning = "the friend-list count has reached the limit" },
    [30012] = { class = "fatal", meaning = "the pending-request count has reached the limit" },
    [30014] = { class = "fatal", meaning = "the other user's friend count has reached the limit" },
    [30515] = { class = "fatal", meaning = "the other user is on the requester's blocklist" },
    [30516] = { class = "fatal", meaning = "the other user accepts no friend requests" },
    [30525] = { class = "fatal", meaning = "the requester is on the other user's blocklist" },
    [30539] = { class = "fatal", meaning = "waiting for the other user to accept" },
})

def(P_PROFILE, "profile", {
    [40001] = { class = "fatal", meaning = "incorrect request parameter", hint = "check ErrorInfo for the field" },
    [40003] = { class = "fatal", meaning = "the requested account does not exist", hint = HINT_IMPORT },
    -- 1047/34953 (account_import): "The profile field contains sensitive ..."
    [40005] = { class = "fatal", meaning = "a profile field contains a sensitive word", page = P_IMPORT },
    [40006] = { class = "transient", meaning = "internal server error, retry", page = P_WEB },
})

def(P_CONTACT, "recentcontact", {
    [50001] = { class = "fatal", meaning = "the requested UserID is not imported", hint = HINT_IMPORT },
    [50002] = { class = "fatal", meaning = "invalid request parameter", hint = "check ErrorInfo for the field" },
    [50003] = { class = "fatal", meaning = "the request needs App admin permissions", hint = HINT_ADMIN },
    [50004] = { class = "transient", meaning = "conversation service internal error, retry" },
    [50005] = { class = "transient", in_doubt = true, meaning = "conversation service timed out, retry",
                hint = HINT_SETTLE },
})

-- The content moderation keyword pages (1047/77829-77832).
def(P_KEYWORDS, "audit", {
    [2001] = { class = "transient", meaning = "content moderation internal error, retry" },
    [2002] = { class = "fatal", meaning = "command not supported" },
    [2003] = { class = "fatal", meaning = "invalid request parameter", hint = "check ErrorInfo for the field" },
    [2004] = { class = "fatal", meaning = "no permission for this request" },
    [2015] = { class = "fatal", meaning = "content moderation is not enabled for this app",
               hint = "enable it in the console" },
    [2016] = { class = "fatal", meaning = "too many keywords in one request", hint = "split the request" },
})

def(P_WEB, "openim", {
    [90001] = { class = "fatal", meaning = "request JSON could not be parsed", page = P_WITHDRAW },
    [90002] = { class = "fatal", meaning = "MsgBody does not follow the message format or is not an array",
                hint = "MsgBody is an array of { MsgType, MsgContent }" },
    [90003] = { class = "fatal", meaning = "To_Account is missing or the account does not exist",
                hint = HINT_IMPORT, page = P_WITHDRAW },
    [90005] = { class = "fatal", meaning = "MsgRandom is missing or not an integer", page = P_PUSH },
    [90006] = { class = "fatal", meaning = "MsgTimeStamp is missing or not an integer" },
    [90007] = { class = "fatal", meaning = "MsgBody is not an array" },
    [90008] = { class = "fatal", meaning = "From_Account is missing or the account does not exist",
                hint = HINT_IMPORT, page = P_WITHDRAW },
    [90009] = { class = "fatal", meaning = "the request needs App admin permissions", hint = HINT_ADMIN,
                page = P_WITHDRAW },
    [90010] = { class = "fatal", meaning = "the message does not follow the message format" },
    [90011] = { class = "fatal", meaning = "more than 500 recipients in one batch send" },
    [90012] = { class = "fatal", meaning = "To_Account is not registered or does not exist", hint = HINT_IMPORT },
    [90026] = { class = "fatal", meaning = "invalid offline storage time (at most 7 days)", page = P_PUSH },
    [90048] = { class = "fatal", meaning = "the requested account does not exist", hint = HINT_IMPORT },
    [90054] = { class = "fatal", meaning = "invalid MsgKey in the recall request", page = P_WITHDRAW },
    [90992] = { class = "transient", meaning = "internal service error, retry",
                hint = "if every request fails so, check that the app's callback answers" },
    [90994] = { class = "transient", meaning = "internal service error, retry" },
    [90995] = { class = "transient", meaning = "internal service error, retry" },
    [91000] = { class = "transient", meaning = "internal service error, retry", page = P_WITHDRAW },
    [93000] = { class = "fatal", meaning = "the JSON payload is too long (keep message bodies under 8 KB)" },
})

-- Push plugin (1047/74196, 2026-03): the 90xxx range is shared with the C2C pages; these are the push meanings.
def(P_PUSH, "push", {
    [90018] = { class = "fatal", meaning = "too many accounts in the request", hint = "split the request" },
    [90020] = { class = "fatal", meaning = "a tag is longer than 50 bytes" },
    [90022] = { class = "fatal", meaning = "the same tag appears in TagsOr and TagsAnd" },
    [90024] = { class = "ratelimit", meaning = "pushes too frequent: the interval must be over 1 second",
                hint = "space all-member/tag pushes more than 1 s apart" },
    [90032] = { class = "fatal", meaning = "more than 10 tags in the push condition or in one add-tag request" },
    [90033] = { class = "fatal", meaning = "invalid attribute" },
    [90039] = { class = "fatal", meaning = "push by attribute and push by tag cannot be combined" },
    [90040] = { class = "fatal", meaning = "a push condition has an empty tag" },
    [90045] = { class = "fatal", meaning = "all-member/tag/single push is not enabled",
                hint = "enable the Push plugin feature in the console" },
    [90047] = { class = "fatal", meaning = "pushes over the daily limit (default 100)",
                hint = "the daily budget is spent: push again tomorrow or raise the limit" },
    [90049] = { class = "fatal", meaning = "invalid TaskId: no such push" },
    [90050] = { class = "fatal", meaning = "the push was already withdrawn",
                hint = "an earlier withdrawal took effect" },
    [90051] = { class = "ratelimit", meaning = "withdrawals too frequent: the limit is 1 per second",
                hint = "withdraw at most once a second" },
    [90052] = { class = "fatal", meaning = "the push is older than 24 hours and can no longer be withdrawn" },
    [90053] = { class = "fatal",
                meaning = "withdrawal needs OfflinePushInfo for a push not stored in roaming (OnlineOnlyFlag = 0)" },
    [90056] = { class = "fatal", meaning = "the all-member push body is over 10 KB" },
})

def(P_SEARCH, "search", {
    [27003] = { class = "fatal", meaning = "invalid search request parameter", hint = "check ErrorInfo" },
    [27004] = { class = "transient", meaning = "search service internal error, retry" },
})

_M.codes = codes

-- entry(code [, service]) -> a code's entry, as the service's pages read it where they read it differently
local function entry(code, service)
    local c = code and codes[tonumber(code) or code]
    local own = c and service and c.by_service and c.by_service[service]
    return own or c
end
_M.entry = entry

-- class(code [, service]) -> "ratelimit" | "transient" | "sig" | "fatal" ("fatal" for unknown codes and nil)
function _M.class(code, service)
    local c = entry(code, service)
    return c and c.class or "fatal"
end

function _M.hint(code, service)
    local c = entry(code, service)
    return c and c.hint or nil
end

-- retryable(code, safe) -> bool: may a failure with this ErrorCode be sent again? `safe` = the command is
-- idempotent or carries a dedup key. ratelimit always; transient only when safe; sig yes (the caller regenerates
-- the UserSig first, and only once); fatal and unknown codes never.
function _M.retryable(code, safe, service)
    local class = _M.class(code, service)
    if class == "ratelimit" or class == "sig" then
        return true
    end
    if class == "transient" then
        return safe == true
    end
    return false
end

-- Scrubbing ----------------------------------------------------------------------------------------------------
local REDACTED = "<redacted>"
local MAX_MESSAGE = 512

local SECRET_WORDS = { "sig", "key", "token", "secret", "sign", "password", "passwd", "auth" }

local function secret_name(name)
    local l = lower(name)
    for _, w in ipairs(SECRET_WORDS) do
        if find(l, w, 1, true) then
            return true
        end
    end
    return false
end

-- A secret is found in any form a message may carry it: as it is, or percent-encoded (any of its bytes, either
-- case of hex, once or twice: "*" as "%2A", "%2a" or "%252A"), since a URL quoting the UserSig holds it escaped
-- and a URL quoted inside another URL holds it escaped twice.
local function hex_byte(s, i)
    local h = sub(s, i, i + 1)
    if #h == 2 and find(h, "^%x%x$") then return tonumber(h, 16) end
    return nil
end

-- the end of secret `v` when s holds it (in any form) from position i, else nil
local function secret_end(s, i, v)
    for k = 1, #v do
        local want, c = byte(v, k), byte(s, i)
        if c == want then
            i = i + 1
        elseif c == 37 and hex_byte(s, i + 1) == want then              -- %XX
            i = i + 3
        elseif c == 37 and hex_byte(s, i + 1) == 37 and hex_byte(s, i + 3) == want then   -- %25XX
            i = i + 5
        else
            return nil
        end
    end
    return i - 1
end

local function remove_secret(s, v)
    local first = "[" .. gsub(sub(v, 1, 1), "%W", "%%%0") .. "%%]"
    local out, pos, from = {}, 1, 1
    while true do
        local i = find(s, first, from)
        if not i then break end
        local j = secret_end(s, i, v)
        if j then
            out[#out + 1] = sub(s, pos, i - 1)
            out[#out + 1] = REDACTED
            pos, from = j + 1, j + 1
        else
            from = i + 1
        end
    end
    if pos == 1 then return s end
    out[#out + 1] = sub(s, pos)
    return concat(out)
end

-- redact_secrets(s, secrets) -> s with every listed secret (strings of 4 bytes or more) replaced, whatever form
-- it takes there (see above). Longest first, so that a secret that contains another is removed whole.
function _M.redact_secrets(s, secrets)
    local list = {}
    for _, v in pairs(secrets) do
        if type(v) == "string" and #v >= 4 then list[#list + 1] = v end
    end
    sort(list, function(a, b) return #a > #b end)
    for _, v in ipairs(list) do s = remove_secret(s, v) end
    return s
end

-- name=value pairs whose name looks secret (query strings, form bodies)
local function secret_pairs(s)
    return (gsub(s, "([%w_.%-]+)(%s*=%s*)([^&%s\"',;]+)", function(name, sep, value)
        if secret_name(name) and value ~= REDACTED then
            return name .. sep .. REDACTED
        end
    end))
end

-- the same with "=" percent-encoded ("%3D", or "%253D" in a URL quoted inside a URL): a value then ends at an
-- encoded "&" ("%26", "%2526"), which no pattern can say, hence the scan
local function escaped_pairs(s, sep)
    local out, pos, from = {}, 1, 1
    while true do
        local i, j = find(s, sep, from)
        if not i then break end
        local start = i
        while start > 1 and find(sub(s, start - 1, start - 1), "^[%w_.%-]$") do start = start - 1 end
        local stop = find(s, "[&%s\"',;]", j + 1) or #s + 1
        for _, amp in ipairs{ "%26", "%2526" } do
            local k = find(s, amp, j + 1, true)
            if k and k < stop then stop = k end
        end
        if stop > j + 1 and secret_name(sub(s, start, i - 1)) then
            out[#out + 1] = sub(s, pos, j)
            out[#out + 1] = REDACTED
            pos = stop
        end
        from = stop > j and stop or j + 1
    end
    if pos == 1 then return s end
    out[#out + 1] = sub(s, pos)
    return concat(out)
end

-- redact_pairs(s) -> s with the value of every name=value pair whose name looks secret (usersig, Sign, key,
-- token ...) replaced by the one marker, whether "=" is written or percent-encoded (once or twice): a URL keeps its
-- path and the rest of its query (the hooks' and the journal's view of a request)
function _M.redact_pairs(s)
    s = secret_pairs(tostring(s))
    for _, sep in ipairs{ "%%3[dD]", "%%253[dD]" } do s = escaped_pairs(s, sep) end
    return s
end
_M.REDACTED = REDACTED

-- URLs keep scheme://host[:port] and lose path, query and fragment (the query carries the UserSig); a
-- percent-encoded URL (http%3A%2F%2F...) the same, in its own encoding
local function urls(s)
    s = gsub(s, "(%a[%w+.-]*://)([^%s\"'<>]+)", function(scheme, rest)
        local host = rest:match("^[^/?#]*")
        if #host < #rest then return scheme .. host .. "/" .. REDACTED end
        return scheme .. host
    end)
    return (gsub(s, "(%a[%w+.-]*%%3[aA]%%2[fF]%%2[fF])([^%s\"'<>]+)", function(scheme, rest)
        local stop = find(rest, "%%2[fF]") or find(rest, "%%3[fF]") or find(rest, "%%23")
        if stop then return scheme .. sub(rest, 1, stop - 1) .. "%2F" .. REDACTED end
        return scheme .. rest
    end))
end

local function scrub(s, secrets)
    s = urls(tostring(s))     -- first: a URL goes whole, not cut at a secret removed from its middle
    if secrets then s = _M.redact_secrets(s, secrets) end
    s = escaped_pairs(escaped_pairs(secret_pairs(s), "%%3[dD]"), "%%253[dD]")
    -- JSON members: "TLS.sig":"..." / "usersig": "..."
    s = gsub(s, "(\"([^\"]*)\"%s*:%s*\")([^\"]*)\"", function(head, name, value)
        if secret_name(name) and value ~= REDACTED then
            return head .. REDACTED .. "\""
        end
    end)
    -- long token-like runs (a UserSig, a key, a base64 blob), percent-escapes counted in: an escaped sig is one
    s = gsub(s, "[%w%*%-_=+/%%]+", function(tok)
        if #tok >= 56 then
            return REDACTED
        end
    end)
    -- one line, bounded
    s = gsub(s, "[%c]+", " ")
    if #s > MAX_MESSAGE then
        s = sub(s, 1, MAX_MESSAGE) .. "..."
    end
    return s
end
_M.scrub = scrub

-- The error object --------------------------------------------------------------------------------------------
local mt = {}

local function where(e)
    if e.service and e.command then
        return e.service .. "/" .. e.command .. ": "
    elseif e.service then
        return e.service .. ": "
    end
    return ""
end

local function render(e)
    local kind, msg = e.kind, e.message or ""
    local head
    if kind == "api" then
        head = e.code and format("api error %s: ", tostring(e.code)) or "api error: "
    elseif kind == "http" then
        head = e.http_status and format("http error %s: ", tostring(e.http_status)) or "http error: "
    elseif kind == "ratelimit" then
        head = e.code and format("rate limited (%s): ", tostring(e.code)) or "rate limited: "
    elseif kind == "timeout" then
        head = "timeout: "
    else
        head = kind .. " error: "
    end
    local parts = { "tim: ", where(e), head, msg }
    if e.suggestion then
        parts[#parts + 1] = " (did you mean " .. tostring(e.suggestion) .. "?)"
    end
    local hint = e.code and _M.hint(e.code, e.service)
    if hint then
        parts[#parts + 1] = " (hint: " .. hint .. ")"
    end
    local n = e.attempts
    if type(n) == "number" then
        local shown = (n % 1 == 0) and format("%d", n) or tostring(n)
        parts[#parts + 1] = " [" .. shown .. (n == 1 and " attempt" or " attempts")
                            .. (e.in_doubt and "; in doubt: it may have been carried out]" or "]")
    elseif e.in_doubt then
        parts[#parts + 1] = " [in doubt: it may have been carried out]"
    end
    return concat(parts)
end

mt.__tostring = render
mt.__concat = function(a, b)
    return tostring(a) .. tostring(b)
end

local KIND_LIST
local function kind_list()
    if not KIND_LIST then
        local l = {}
        for k in pairs(_M.KINDS) do
            l[#l + 1] = k
        end
        sort(l)
        KIND_LIST = concat(l, ", ")
    end
    return KIND_LIST
end

-- new(fields [, secrets]) -> err
-- fields: kind (required, one of KINDS), code, message, http_status, service, command, attempts, retryable,
-- in_doubt, body, reason, field, suggestion. in_doubt: false when the service cannot have acted on the request,
-- true when it may have.
-- secrets: optional list of strings (the key, a UserSig, a token) scrubbed from the message if present.
function _M.new(t, secrets)
    if type(t) ~= "table" then
        error(bad_argument(1, "tim.errors.new", "fields must be a table"), 2)
    end
    if not _M.KINDS[t.kind] then
        error(bad_argument(1, "tim.errors.new", "fields.kind must be one of " .. kind_list() .. ", got "
                           .. tostring(t.kind)), 2)
    end
    if secrets ~= nil and type(secrets) ~= "table" then
        error(bad_argument(2, "tim.errors.new", "secrets must be a list of strings"), 2)
    end
    local code = t.code
    if code ~= nil then
        code = tonumber(code) or code
    end
    local message = t.message
    if message == nil or message == "" then
        local c = entry(code, t.service)
        message = c and c.meaning or t.kind
    end
    local e = {
        kind = t.kind,
        code = code,
        message = scrub(message, secrets),
        http_status = t.http_status,
        service = t.service,
        command = t.command,
        attempts = t.attempts,
        retryable = t.retryable == true,
        in_doubt = t.in_doubt == true,
        body = t.body,
        -- a request the catalogue's schema refused (kind "usage"): why, where, and the closest documented name
        reason = t.reason,
        field = t.field,
        suggestion = t.suggestion,
    }
    if code ~= nil then
        e.class = _M.class(code, t.service)
    end
    return setmetatable(e, mt)
end

-- in_doubt(code) -> bool: may the service have carried out a request it answered with this ErrorCode? A code's
-- entry says so with in_doubt = true | false; without one, a transient code (the service's own internal error or
-- timeout) leaves the outcome in doubt, and every other code (refusals, limits, bad requests) does not.
function _M.in_doubt(code, service)
    local c = entry(code, service)
    if c and c.in_doubt ~= nil then
        return c.in_doubt == true
    end
    return _M.class(code, service) == "transient"
end

-- usage(fn, msg) -> err of kind "usage", message "fn: msg" (a caller's misuse reported as a value).
function _M.usage(fn, msg)
    return _M.new{ kind = "usage", message = tostring(fn) .. ": " .. tostring(msg) }
end

-- is(v) -> true when v is an error object made by this module
function _M.is(v)
    return getmetatable(v) == mt
end

_M.bad_argument = bad_argument

return _M

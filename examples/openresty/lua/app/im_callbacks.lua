-- app.im_callbacks: the application's answers to Tencent IM callbacks. Built once per nginx worker (require
-- caches it) and served by `require("tim.callback.ngx").serve(require("app.im_callbacks"))`.
--
-- Configuration comes from the environment (declare each variable with `env NAME;` in nginx.conf, or nginx
-- clears it): TIM_SDKAPPID, TIM_CALLBACK_TOKEN (the console's "callback authentication" token).
local callback = require "tim.callback"

local BLOCKED = { "forbidden" }  -- refuse the message (the sender gets an error)
local MASKED = { "darn" }         -- deliver the message with the word replaced by asterisks

local h = callback.new{
    -- a missing token is an error on purpose: set token = false only if the console has authentication off
    token = os.getenv("TIM_CALLBACK_TOKEN"),
    sdkappid = tonumber(os.getenv("TIM_SDKAPPID") or ""),
}

-- A case-insensitive Lua pattern for a plain word ("darn" -> "[dD][aA][rR][nN]").
local function nocase(word)
    return (word:gsub("%a", function(c) return "[" .. c:lower() .. c:upper() .. "]" end))
end

local function contains(text, words)
    local lower = text:lower()
    for _, w in ipairs(words) do
        if lower:find(w, 1, true) then return true end
    end
    return false
end

-- The moderation rule shared by one-to-one and group messages: reject, mask, or let it through (nil).
local function moderate(ev)
    local body = ev.body.MsgBody
    if type(body) ~= "table" then return nil end
    local changed = false
    local out = {}
    for i, elem in ipairs(body) do
        local text = elem.MsgType == "TIMTextElem" and type(elem.MsgContent) == "table" and elem.MsgContent.Text
        if type(text) == "string" then
            -- 120001..130000: IM passes this code and ErrorInfo on to the sending client
            if contains(text, BLOCKED) then return callback.reject(120001, "message blocked by moderation") end
            if contains(text, MASKED) then
                for _, w in ipairs(MASKED) do
                    text = text:gsub(nocase(w), string.rep("*", #w))
                end
                elem = { MsgType = "TIMTextElem", MsgContent = { Text = text } }
                changed = true
            end
        end
        out[i] = elem
    end
    if changed then return callback.modify{ MsgBody = out } end
    return nil   -- nil = allow()
end

h:on{
    ["C2C.CallbackBeforeSendMsg"] = moderate,
    ["Group.CallbackBeforeSendMsg"] = moderate,

    -- after-callbacks are notifications: record and answer at once (IM ignores the answer; reply within 2 s)
    ["C2C.CallbackAfterSendMsg"] = function(ev)
        ngx.log(ngx.INFO, "im: ", ev.body.From_Account, " -> ", ev.body.To_Account, " ", ev.body.MsgKey)
    end,
    ["State.StateChange"] = function(ev)
        local info = ev.body.Info or {}
        ngx.log(ngx.INFO, "im: ", info.To_Account, " ", info.Action, " (", ev.platform, ")")
    end,
}

return h

-- app.im_api: an HTTP endpoint of the application that calls the IM REST API through lua-tim. Inside nginx the
-- client picks the cosocket transport by itself (non-blocking: the worker keeps serving other requests,
-- including IM's callbacks, while it waits for Tencent).
--
--   POST /api/send  {"from":"alice","to":"bob","text":"hi"}  ->  {"ok":true,"MsgKey":"..."}
--                                                            or  {"ok":false,"code":20006,"error":"..."}
-- Environment (declare with `env NAME;`): TIM_SDKAPPID, TIM_KEY, TIM_ADMIN (default administrator), and
-- TIM_REGION (e.g. sgp) or TIM_ENDPOINT (e.g. the local emulator, http://127.0.0.1:PORT).
-- luacheck: globals ngx (sets ngx.status and ngx.header)
local tim = require "tim"
local json = require "tim.json"

local _M = {}

local im -- one client per worker: it keeps the admin UserSig and the keep-alive pool between requests

local function client()
    if im then return im end
    local endpoint = os.getenv("TIM_ENDPOINT")
    local c, err = tim.new{
        sdkappid = tonumber(os.getenv("TIM_SDKAPPID") or ""),
        key = os.getenv("TIM_KEY"),
        admin = os.getenv("TIM_ADMIN") or "administrator",
        endpoint = endpoint,
        region = not endpoint and (os.getenv("TIM_REGION") or "sgp") or nil,
        ratelimit = { dict = "tim_ratelimit" },     -- lua_shared_dict tim_ratelimit in nginx.conf
    }
    if not c then return nil, err end
    im = c
    return im
end

local function reply(status, t)
    ngx.status = status
    ngx.header["Content-Type"] = "application/json"
    ngx.print(json.encode(t))
    return ngx.exit(ngx.OK)
end

function _M.send()
    ngx.req.read_body()
    local req = json.decode(ngx.req.get_body_data() or "")
    if type(req) ~= "table" or type(req.from) ~= "string" or type(req.to) ~= "string"
            or type(req.text) ~= "string" then
        return reply(400, { ok = false, error = 'want {"from":..., "to":..., "text":...}' })
    end
    local c, cerr = client()
    if not c then
        ngx.log(ngx.ERR, "im client: ", tostring(cerr))   -- error objects never carry the key
        return reply(500, { ok = false, error = "IM client not configured" })
    end
    local res, err = c.openim.sendmsg{
        From_Account = req.from, To_Account = req.to, SyncOtherMachine = 1,
        MsgBody = { { MsgType = "TIMTextElem", MsgContent = { Text = req.text } } },
    }
    if not res then
        -- 422: IM refused it (err.code says why, e.g. 20006 = blocked by the callback); 502: IM unreachable
        return reply(err.kind == "api" and 422 or 502, { ok = false, code = err.code, error = tostring(err) })
    end
    return reply(200, { ok = true, MsgKey = res.MsgKey, MsgTime = res.MsgTime })
end

return _M

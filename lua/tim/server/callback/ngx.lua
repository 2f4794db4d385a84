-- tim.callback.ngx: serve Tencent IM callbacks from OpenResty in one call.
--
--   location = /im/callback {
--       content_by_lua_block { require("tim.server.callback.ngx").serve(require("app.im_callbacks")) }
--   }
--
-- Reads the body (also when nginx buffered it to a temporary file), verifies the Sign, dispatches to the
-- handler and answers with JSON: 200 with the handler's reply; 403 bad/missing/stale Sign or wrong SdkAppid
-- (or, with the handler's replay guard, a Sign+RequestTime already delivered); 400 unreadable input; 405 not a
-- POST; 413 body over the handler's max_body.
local callback = require "tim.server.callback"

local type, tonumber, tostring, pcall, error, io_open = type, tonumber, tostring, pcall, error, io.open
-- luacheck: globals ngx (this module sets ngx.status and ngx.header)
local ngx = ngx

local bad_argument = require("tim.base.errors").bad_argument
local _M = { _VERSION = require "tim.version" }

local function respond(status, reply)
    ngx.status = status
    ngx.header["Content-Type"] = "application/json; charset=utf-8"
    ngx.header["Cache-Control"] = "no-store"
    ngx.print(callback.encode(reply))
    return ngx.exit(ngx.OK)
end

local function fail(reason)
    return { ActionStatus = "FAIL", ErrorCode = 1, ErrorInfo = "tim.callback: " .. reason }
end

-- The request body as a string: from memory, or from the temporary file nginx wrote when the body was larger
-- than client_body_buffer_size. nil, "too_big" past max bytes.
local function read_body(max)
    ngx.req.read_body()
    local body = ngx.req.get_body_data()
    if body then
        if #body > max then return nil, "too_big" end
        return body
    end
    local file = ngx.req.get_body_file()
    if not file then return "" end
    local f = io_open(file, "rb")
    if not f then return nil, "bad_body" end
    body = f:read(max + 1) or ""
    f:close()
    if #body > max then return nil, "too_big" end
    return body
end

-- replay_guard(name) -> ngx.shared[name], for callback.new{ replay_guard = ... }: the signed queries already
-- delivered, seen by every worker (a table would be one worker's). nginx.conf needs `lua_shared_dict <name> 1m;`
-- (an entry per RequestTime second within the window: a few KB).
function _M.replay_guard(name)
    if type(name) ~= "string" or name == "" then
        error(bad_argument(1, "tim.callback.ngx.replay_guard", "name must be the name of a lua_shared_dict"), 2)
    end
    local dict = ngx.shared and ngx.shared[name]
    if not dict then
        error(bad_argument(1, "tim.callback.ngx.replay_guard", "no lua_shared_dict " .. name
                           .. " (add `lua_shared_dict " .. name .. " 1m;` to the http block)"), 2)
    end
    return dict
end

-- serve(handler [, opts]) -- for content_by_lua*. handler: a tim.callback.new{...} object.
-- opts.now: Unix seconds (tests only).
function _M.serve(h, opts)
    if type(h) ~= "table" or type(h.handle) ~= "function" then
        error(bad_argument(1, "tim.callback.ngx.serve", "handler must be a tim.callback.new{...} object"), 2)
    end
    if ngx.req.get_method() ~= "POST" then
        ngx.header["Allow"] = "POST"
        return respond(405, fail("method_not_allowed"))
    end
    local max = h.max_body or callback.DEFAULT_MAX_BODY
    -- refuse a declared oversize body before reading any of it
    local declared = tonumber(ngx.var.http_content_length or "")
    if declared and declared > max then return respond(413, fail("too_big")) end
    local body, reason = read_body(max)
    if not body then return respond(reason == "too_big" and 413 or 400, fail(reason)) end
    -- handle() does not raise on any input; the pcall keeps a broken custom handler object from turning
    -- into nginx's HTML 500 page
    local ok, status, reply = pcall(h.handle, h, ngx.var.args, body, opts)
    if not ok then
        ngx.log(ngx.ERR, "tim.callback.ngx: handle failed: ", tostring(status))
        return respond(500, fail("internal_error"))
    end
    return respond(status, reply)
end

return _M

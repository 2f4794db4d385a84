-- tim.base.log: where a library line goes when the application gave no hook of its own. Inside OpenResty it is
-- nginx's error log (ngx.ERR for "error", ngx.WARN otherwise), elsewhere standard error; one line each. A secret
-- must never reach it: callers write only redacted text.
local _M = {}

--- write(level, line): level "error" or "warn"
function _M.write(level, line)
    local ngx = rawget(_G, "ngx")
    if type(ngx) == "table" and ngx.log then
        ngx.log(level == "error" and ngx.ERR or ngx.WARN, line)
    else
        io.stderr:write(line, "\n")
    end
end

--- warn(line): write("warn", line)
function _M.warn(line)
    return _M.write("warn", line)
end

return _M

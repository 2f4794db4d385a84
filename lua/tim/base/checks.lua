-- tim.base.checks: the small checks every floor makes, once each (an integer, a loopback host).
local type, floor, huge = type, math.floor, math.huge
local lower, match, find = string.lower, string.match, string.find
local tonumber = tonumber

local _M = {}

-- is_integer(v [, lo [, hi]]) -> a finite number with no fraction, within lo..hi when given
function _M.is_integer(v, lo, hi)
    return type(v) == "number" and v == floor(v) and v > -huge and v < huge and (lo == nil or v >= lo)
        and (hi == nil or v <= hi)
end

local function ipv4_loopback(name)
    local a, b, c, d = match(name, "^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
    return a == "127" and tonumber(b) <= 255 and tonumber(c) <= 255 and tonumber(d) <= 255
end

-- is_loopback_host(host) -> true for localhost, 127.0.0.0/8 and ::1 (bracketed or not), any case
function _M.is_loopback_host(host)
    if type(host) ~= "string" then return false end
    host = lower(host)
    return host == "localhost" or host == "::1" or host == "[::1]" or ipv4_loopback(host)
end

-- url_host(url) -> the host of "scheme://host[:port]/..." (an IPv6 literal without its brackets), or nil
function _M.url_host(url)
    if type(url) ~= "string" then return nil end
    return match(url, "^%a[%w+.-]*://%[([%x:]+)%]") or match(url, "^%a[%w+.-]*://([^/:?#]+)")
end

-- is_loopback_url(url) -> the URL's host is a loopback one
function _M.is_loopback_url(url)
    local host = _M.url_host(url)
    return host ~= nil and _M.is_loopback_host(host)
end

-- is_loopback_peer(addr) -> a peer address as a listener reports it is a loopback one (IPv4-mapped too)
function _M.is_loopback_peer(peer)
    return type(peer) == "string" and (peer == "::1" or peer == "::ffff:127.0.0.1" or find(peer, "^127%.") ~= nil)
end

return _M

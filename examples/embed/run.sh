#!/bin/sh
# Start a private emulator, run the embedding host against it (and under valgrind when present), stop the emulator.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
host=${HOST:-$root/build/embed/host}
out=$(mktemp)
kf=$(mktemp)
key="embed-example-key-0123456789abcdef"
printf '%s' "$key" >"$kf"
cd "$root" || exit 1
LUA_PATH="$root/lua/?.lua;$root/lua/?/init.lua;;" LUA_CPATH="$root/build/lua5.4/?.so;;" \
    timeout 300 lua5.4 bin/tim emulator --port 0 --sdkappid 1400000777 --key-file "$kf" --latency "${EMBED_LATENCY_MS:-20}" --quiet >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out" "$kf"' EXIT INT TERM
for _ in $(seq 100); do grep -q '^tim emulator listening' "$out" && break; sleep 0.05; done
url=$(sed -n 's/^tim emulator listening on //p' "$out")
[ -n "$url" ] || { echo "embed: the emulator did not start"; cat "$out"; exit 1; }
timeout 60 "$host" "$root" "$url" 1400000777 "$key" || exit 1
if command -v valgrind >/dev/null 2>&1 && [ "${EMBED_VALGRIND:-1}" = 1 ]; then
    LUA_PATH="$root/lua/?.lua;;" timeout 300 lua5.4 -e "
        local s = require 'socket'; local port = ('$url'):match(':(%d+)$')
        local c = assert(s.connect('127.0.0.1', tonumber(port)))
        c:send('POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1:' .. port .. '\r\nContent-Type: application/json\r\n'
               .. 'Content-Length: 2\r\nConnection: close\r\n\r\n{}')
        local status = c:receive('*l'); c:close()
        assert(status and status:match('^HTTP/1%.1 200'), 'emulator reset: ' .. tostring(status))" || exit 1
    # fewer calls: valgrind runs the host some 30 times slower, and this run is about memory, not load
    echo "embed: again under valgrind (${EMBED_VALGRIND_CALLS:-60} calls)"
    vout=$(mktemp)
    timeout 300 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        "$host" "$root" "$url" 1400000777 "$key" "${EMBED_VALGRIND_CALLS:-60}" 6 >"$vout"
    rc=$?
    grep '^embed: frame' "$vout"
    if [ "$rc" -ne 0 ]; then
        cat "$vout"; rm -f "$vout"
        if [ "$rc" -eq 99 ]; then echo "embed: valgrind found errors"; else echo "embed: the host failed under valgrind (exit $rc)"; fi
        exit 1
    fi
    rm -f "$vout"
    echo "embed: valgrind clean"
fi

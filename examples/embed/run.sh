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
        local s = require 'socket'; local c = assert(s.connect('127.0.0.1', tonumber(('$url'):match(':(%d+)$'))))
        c:send('POST /_emulator/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
        c:receive('*a'); c:close()" || exit 1
    echo "embed: again under valgrind"
    timeout 300 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        "$host" "$root" "$url" 1400000777 "$key" >/dev/null || { echo "embed: valgrind found errors"; exit 1; }
    echo "embed: valgrind clean"
fi

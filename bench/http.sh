#!/usr/bin/env bash
# Loads a running parkos with wrk on loopback: the health check, the login page (anonymous) and the
# back-office home (signed in, so session lookup, guard and rendering are measured). Bounded: 10 s per URL.
#
#   bench/http.sh            # SQLite in a temporary data directory
#   PARKOS_DB=postgres://... bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
dur=${DURATION:-10s}
conns=${CONNECTIONS:-32}
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/parkos" ./cmd/parkos
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$tmp/parkos" demo --no-serve --data "$tmp/data" >/dev/null
"$tmp/parkos" serve --data "$tmp/data" --addr "127.0.0.1:$port" --log-level error 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.2; done

# Sign in as the demo system administrator through the login form.
pw=$(awk '$1=="sysadmin"{print $2}' "$tmp/data/demo-accounts.txt")
jar="$tmp/cookies"
token=$(curl -fs -c "$jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$jar" -c "$jar" -o /dev/null -H "Origin: $base" --data-urlencode "csrf_token=$token" \
  --data-urlencode "username=sysadmin" --data-urlencode "password=$pw" "$base/login"
cookie=$(awk '$6=="parkos_session"||$6=="parkos_csrf"{printf "%s=%s; ", $6, $7}' "$jar")

echo "parkos $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, wrk -t2 -c$conns -d$dur, ${PARKOS_DB:+PostgreSQL}${PARKOS_DB:-SQLite}"
printf '%-28s %12s %10s %10s\n' URL 'requests/s' 'p50' 'p99'
for target in "/healthz|" "/login|" "/admin|$cookie"; do
  path=${target%%|*}; ck=${target#*|}
  args=(-t2 -c"$conns" -d"$dur" --latency)
  [ -n "$ck" ] && args+=(-H "Cookie: $ck")
  out=$(wrk "${args[@]}" "$base$path")
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  printf '%-28s %12s %10s %10s %s\n' "$path${ck:+ (signed in)}" "$rps" "$p50" "$p99" "${non2xx:+non-2xx: $non2xx}"
done

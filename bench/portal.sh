#!/usr/bin/env bash
# Serves one published article with parkos (from its rendered-page cache) and the very same HTML as a static
# file with nginx, loads both with wrk on loopback, and prints requests per second, latency and the ratio
# parkos/nginx (target: at least 0.8). See bench/README.md for what is fair about it and the last figures.
#
#   bench/portal.sh                               # defaults below
#   ROUNDS=5 DURATION=20s CONNECTIONS=128 bench/portal.sh
#   CORES=2 bench/portal.sh                       # no pinning: servers and wrk share both cores
#   ACCESS_LOG=on bench/portal.sh                 # both servers write one access-log line per request
#   ACCEPT_ENCODING=gzip bench/portal.sh          # as browsers ask: parkos's gzipped copy, nginx gzip_static
#   GO_REFERENCE=1 bench/portal.sh                # also bench/gohttp: bare net/http, same bytes and headers
#
# Environment: ARTICLE (path, default /article/1), THREADS (wrk, 2), CONNECTIONS (64), DURATION (15s),
# ROUNDS (3: nginx and parkos alternate, the median is reported), CORES (cores each server may use, 1),
# ACCESS_LOG (off|on, off), ACCEPT_ENCODING (empty or gzip), GO_REFERENCE (1 to add bench/gohttp),
# PARKOS_BIN (a parkos binary to use instead of building this tree). Bounded: about ROUNDS x 2 x DURATION plus the build. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
NGINX=${NGINX:-/usr/sbin/nginx}
if [ ! -x "$NGINX" ]; then
  echo "installing nginx (Debian's) ..."
  apt-get install -y -qq nginx >/dev/null ||
    { echo "nginx is not installed and could not be installed (apt-get install nginx)"; exit 1; }
fi
article=${ARTICLE:-/article/1}
threads=${THREADS:-2}
conns=${CONNECTIONS:-64}
dur=${DURATION:-15s}
rounds=${ROUNDS:-3}
cores=${CORES:-1}
access_log=${ACCESS_LOG:-off}
encoding=${ACCEPT_ENCODING:-}
goref=${GO_REFERENCE:-}
ncpu=$(nproc)

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Fairness: each server may use the same number of cores. With fewer cores than the machine has, both servers
# are pinned to the last $cores CPUs and wrk to the others, so that the load generator does not take CPU time
# from the server it measures. nginx gets that many worker processes, parkos GOMAXPROCS.
srv_pin=() wrk_pin=()
if [ "$cores" -lt "$ncpu" ] && command -v taskset >/dev/null; then
  srv_pin=(taskset -c "$((ncpu - cores))-$((ncpu - 1))")
  wrk_pin=(taskset -c "0-$((ncpu - cores - 1))")
fi

if [ -n "${PARKOS_BIN:-}" ]; then cp "$PARKOS_BIN" "$tmp/parkos"; else go build -o "$tmp/parkos" ./cmd/parkos; fi
"$tmp/parkos" demo --no-serve --data "$tmp/data" >/dev/null 2>"$tmp/demo.log"

# Access logs: parkos writes one line per request at level info, nginx one per request with access_log. Both
# off by default (parkos at level warn: warnings and errors are still written), or both on, to files.
if [ "$access_log" = on ]; then
  level=info ngx_log="access_log $tmp/nginx/access.log;"
else
  level=warn ngx_log="access_log off;"
fi
pport=$(freeport)
pbase="http://127.0.0.1:$pport"
GOMAXPROCS=$cores "${srv_pin[@]}" "$tmp/parkos" serve --data "$tmp/data" --addr "127.0.0.1:$pport" \
  --log-level "$level" 2>"$tmp/parkos.log" &
pids+=($!)
for _ in $(seq 100); do curl -fs "$pbase/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# The same HTML, byte for byte, as a static file.
mkdir -p "$tmp/nginx/www$(dirname "$article")"
page="$tmp/nginx/www$article"
curl -fsS -o "$page" "$pbase$article"
ae=()
if [ -n "$encoding" ]; then
  # The compressed copy parkos serves, byte for byte, for nginx's gzip_static.
  ae=(-H "Accept-Encoding: $encoding")
  curl -fsS "${ae[@]}" -o "$page.gz" "$pbase$article"
  gzip -t <"$page.gz" || { echo "parkos did not answer with gzip"; exit 1; }
fi
chmod -R a+rX "$tmp"
nport=$(freeport)
nbase="http://127.0.0.1:$nport"
# The headers parkos sends with a cached page, as far as nginx can: the same security headers, caching
# headers and a request id ($request_id: 16 random bytes in hex); nginx adds its own ETag and Last-Modified.
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes $cores;
pid $tmp/nginx/nginx.pid;
daemon off;
events { worker_connections 4096; }
http {
  $ngx_log
  sendfile on;
  tcp_nopush on;
  server_tokens off;
  keepalive_requests 1000000;
  client_body_temp_path $tmp/nginx/tmp; proxy_temp_path $tmp/nginx/tmp; fastcgi_temp_path $tmp/nginx/tmp;
  uwsgi_temp_path $tmp/nginx/tmp; scgi_temp_path $tmp/nginx/tmp;
  server {
    listen 127.0.0.1:$nport;
    root $tmp/nginx/www;
    types { }
    default_type "text/html; charset=utf-8";
    gzip_static $([ -n "$encoding" ] && echo on || echo off);
    gzip_vary on;
    location / {
      add_header Content-Security-Policy "$(awk -F': ' 'tolower($1)=="content-security-policy"{sub(/\r$/,"",$2); print $2}' <(curl -fsSI "$pbase$article"))";
      add_header X-Content-Type-Options nosniff;
      add_header X-Frame-Options DENY;
      add_header Referrer-Policy strict-origin-when-cross-origin;
      add_header Permissions-Policy "camera=(), microphone=(), geolocation=()";
      add_header Cross-Origin-Opener-Policy same-origin;
      add_header Cache-Control "public, max-age=60";
      add_header Vary Cookie;
      add_header X-Request-Id \$request_id;
    }
  }
}
EOF
mkdir -p "$tmp/nginx/tmp"
"${srv_pin[@]}" "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
pids+=($!)
for _ in $(seq 50); do curl -fs -o /dev/null "$nbase$article" 2>/dev/null && break; sleep 0.1; done
cmp -s "$page${encoding:+.gz}" <(curl -fsS "${ae[@]}" "$nbase$article") || { echo "nginx does not serve the same bytes"; exit 1; }
if [ -n "$goref" ]; then
  # The reference: bare net/http with parkos's bytes and headers (see bench/gohttp).
  go build -o "$tmp/gohttp" ./bench/gohttp
  curl -fsS "${ae[@]}" -D "$tmp/page.headers" -o /dev/null "$pbase$article"
  gport=$(freeport)
  gbase="http://127.0.0.1:$gport"
  GOMAXPROCS=$cores "${srv_pin[@]}" "$tmp/gohttp" -addr "127.0.0.1:$gport" -body "$page${encoding:+.gz}" \
    -headers "$tmp/page.headers" 2>"$tmp/gohttp.log" &
  pids+=($!)
  for _ in $(seq 50); do curl -fs -o /dev/null "$gbase/" 2>/dev/null && break; sleep 0.1; done
fi

sizes() { curl -fsS "${ae[@]}" -o /dev/null -w '%{size_header}+%{size_download}' "$1"; }
echo "parkos $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- internal cmd 2>/dev/null || echo '+changes'), $(go env GOVERSION), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "page $article${encoding:+ ($encoding)}: parkos $(sizes "$pbase$article") bytes (headers+body), nginx $(sizes "$nbase$article")${goref:+, net/http $(sizes "$gbase$article")}"
echo "each server: $cores core(s)${srv_pin:+ (pinned; wrk on the other CPUs)}, access log $access_log; wrk -t$threads -c$conns -d$dur, $rounds rounds"

# CPU time (user+system, in clock ticks) of a server process and its children (nginx's workers).
ticks() {
  local p all=$1
  for p in $(cat /proc/"$1"/task/*/children 2>/dev/null); do all="$all $p"; done
  for p in $all; do awk '{print $14+$15}' /proc/"$p"/stat 2>/dev/null; done | awk '{s+=$1} END{print s+0}'
}
hz=$(getconf CLK_TCK)
run() { # pid url -> "rps p50 p99 cpu-us-per-request non2xx"
  local out t0 t1
  t0=$(ticks "$1")
  out=$("${wrk_pin[@]}" wrk -t"$threads" -c"$conns" -d"$dur" --latency "${ae[@]}" "$2")
  t1=$(ticks "$1")
  local rps n
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$rps $(echo "$out" | awk '$1=="50%"{print $2}') $(echo "$out" | awk '$1=="99%"{print $2}')" \
    "$(awk -v t=$((t1 - t0)) -v n="$n" -v hz="$hz" 'BEGIN{printf "%.1f", t / hz * 1e6 / n}')" \
    "$(echo "$out" | awk '/Non-2xx/{print $NF}')"
}
# Warm up both (Go's runtime and nginx's open-file state) for a moment.
"${wrk_pin[@]}" wrk -t"$threads" -c"$conns" -d2s "${ae[@]}" "$pbase$article" >/dev/null
"${wrk_pin[@]}" wrk -t"$threads" -c"$conns" -d2s "${ae[@]}" "$nbase$article" >/dev/null
[ -z "$goref" ] || "${wrk_pin[@]}" wrk -t"$threads" -c"$conns" -d2s "${ae[@]}" "$gbase$article" >/dev/null

# cpu/req: the server's CPU time per request, in microseconds; less sensitive than requests/s to other work
# on the machine. Ratios are parkos/nginx for requests/s and nginx/parkos for CPU per request.
printf '%-6s %-7s %12s %10s %10s %10s %8s %8s\n' round server 'requests/s' p50 p99 'cpu/req' ratio 'cpu ratio'
prps=() nrps=() ratios=() pcpu=() ncpus=() cratios=() gratios=() gcratios=()
for i in $(seq "$rounds"); do
  read -r nr n50 n99 nc nbad <<<"$(run "${pids[1]}" "$nbase$article")"
  if [ -n "$goref" ]; then
    read -r gr g50 g99 gc gbad <<<"$(run "${pids[2]}" "$gbase$article")"
    gratios+=("$(awk -v p="$gr" -v n="$nr" 'BEGIN{printf "%.2f", p/n}')")
    gcratios+=("$(awk -v p="$gc" -v n="$nc" 'BEGIN{printf "%.2f", n/p}')")
  fi
  read -r pr p50 p99 pc pbad <<<"$(run "${pids[0]}" "$pbase$article")"
  ratio=$(awk -v p="$pr" -v n="$nr" 'BEGIN{printf "%.2f", p/n}')
  cratio=$(awk -v p="$pc" -v n="$nc" 'BEGIN{printf "%.2f", n/p}')
  printf '%-6s %-7s %12s %10s %10s %8sus %8s %8s %s\n' "$i" nginx "$nr" "$n50" "$n99" "$nc" "" "" "${nbad:+non-2xx: $nbad}"
  [ -z "$goref" ] || printf '%-6s %-7s %12s %10s %10s %8sus %8s %8s %s\n' "$i" net/http "$gr" "$g50" "$g99" "$gc" \
    "${gratios[-1]}" "${gcratios[-1]}" "${gbad:+non-2xx: $gbad}"
  printf '%-6s %-7s %12s %10s %10s %8sus %8s %8s %s\n' "$i" parkos "$pr" "$p50" "$p99" "$pc" "$ratio" "$cratio" "${pbad:+non-2xx: $pbad}"
  nrps+=("$nr") prps+=("$pr") ratios+=("$ratio") ncpus+=("$nc") pcpu+=("$pc") cratios+=("$cratio")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median: nginx $(median "${nrps[@]}") requests/s, parkos $(median "${prps[@]}") requests/s," \
  "ratio parkos/nginx $(median "${ratios[@]}") (median of the rounds' ratios; target 0.80)"
echo "median CPU per request: nginx $(median "${ncpus[@]}")us, parkos $(median "${pcpu[@]}")us, ratio nginx/parkos $(median "${cratios[@]}")"
[ -z "$goref" ] || echo "bare net/http: ratio to nginx $(median "${gratios[@]}") (requests/s), $(median "${gcratios[@]}") (CPU per request)"
if [ "$access_log" = off ] && grep -q 'level=' "$tmp/parkos.log"; then echo "parkos logged:"; grep 'level=' "$tmp/parkos.log" | head -5; fi

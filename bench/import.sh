#!/usr/bin/env bash
# Times `parkos import enterprises` of a 10,000-row workbook (bench/importgen: every field filled, the same
# file every time) into a freshly migrated SQLite data directory, and, when PARKOS_BENCH_POSTGRES names a
# PostgreSQL database, into a fresh schema of it. The time is the whole command: start, open, read the
# workbook, check every row, write in one transaction. Target: under 5 s.
#
#   bench/import.sh
#   ROWS=50000 ROUNDS=5 bench/import.sh
#   PARKOS_BENCH_POSTGRES='postgres://postgres@127.0.0.1:5432/parkos?sslmode=disable' bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-10000}
rounds=${ROUNDS:-3}
tmp=$(mktemp -d)
schema=bench_import_$$
cleanup() {
  if [ -n "${PARKOS_BENCH_POSTGRES:-}" ]; then psql -q "$PARKOS_BENCH_POSTGRES" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
go build -o "$tmp/parkos" ./cmd/parkos
go run ./bench/importgen -rows "$rows" -out "$tmp/enterprises.xlsx"

echo "parkos $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, $rows rows ($(du -k "$tmp/enterprises.xlsx" | cut -f1) KB), $rounds rounds"
printf '%-12s %10s %12s %10s\n' database seconds 'rows/s' 'CPU s'
# The time is the median wall-clock time of the rounds; CPU is the command's user + system time in that
# round, which depends less on what else the machine is doing.
measure() { # name, then the database flags
  local name=$1; shift
  local lines=()
  TIMEFORMAT='%R %U %S'
  for r in $(seq "$rounds"); do
    "$tmp/parkos" migrate "$@" --data "$tmp/data-$name-$r" >/dev/null 2>&1
    { time "$tmp/parkos" import enterprises "$tmp/enterprises.xlsx" "$@" --data "$tmp/data-$name-$r" --log-level warn > "$tmp/out" ; } 2> "$tmp/time"
    grep -q "新增 $rows 家" "$tmp/out" || { cat "$tmp/out" "$tmp/time"; exit 1; }
    lines+=("$(tail -1 "$tmp/time")")
    if [ "$name" = PostgreSQL ]; then psql -q "$PARKOS_BENCH_POSTGRES" -c "DROP SCHEMA $schema CASCADE; CREATE SCHEMA $schema" >/dev/null 2>&1; fi
  done
  printf '%s\n' "${lines[@]}" | sort -n | awk -v n="$name" -v rows="$rows" '
    { wall[NR] = $1; cpu[NR] = $2 + $3; all = all (NR > 1 ? " " : "") $1 }
    END { m = int((NR + 1) / 2); printf "%-12s %10.2f %12.0f %10.2f   (rounds: %s s)\n", n, wall[m], rows / wall[m], cpu[m], all }'
}
measure SQLite
if [ -n "${PARKOS_BENCH_POSTGRES:-}" ]; then
  psql -q "$PARKOS_BENCH_POSTGRES" -c "CREATE SCHEMA $schema" >/dev/null
  sep='?'; case $PARKOS_BENCH_POSTGRES in *\?*) sep='&';; esac
  measure PostgreSQL --db "$PARKOS_BENCH_POSTGRES${sep}search_path=$schema"
fi

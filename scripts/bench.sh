#!/usr/bin/env bash
# make bench: seed a programme of BENCH_N challenges, run the load command against Jiebang and against the bare
# gin + gorm + SQLite server (cmd/benchbase) on the same rows in the same run, then on PostgreSQL with two
# Jiebang processes when JIEBANG_BENCH_POSTGRES_DSN is set, and write docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_N:-10000}
DUR=${BENCH_DURATION:-30s}
CONC=${BENCH_CONCURRENCY:-64}
OUT=bench-out
BIN=./bin/jiebang
rm -rf "$OUT"; mkdir -p "$OUT"
cut -d' ' -f1-3 /proc/loadavg > "$OUT/loadavg"
cp scripts/bench-notes.md "$OUT/notes.md"
go build -trimpath -o bin/benchbase ./cmd/benchbase

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
rss_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

echo "== seed --scale $N (SQLite)"
/usr/bin/time -f "%e" -o "$OUT/seed-seconds" $BIN seed --scale "$N" --seed 1 --data-dir "$OUT/data" > "$OUT/seed.txt"
cat "$OUT/seed.txt"
/usr/bin/time -f "%e" -o "$OUT/verify-seconds" $BIN audit verify --data-dir "$OUT/data" > "$OUT/verify.txt"
echo "== audit verification of 1,000,000 entries"
go test ./repository -run '^$' -bench AuditVerify1M -benchtime 1x | tee "$OUT/audit1m.txt"

JIEBANG_ADDR=127.0.0.1:18080 $BIN serve --data-dir "$OUT/data" > "$OUT/serve.log" 2>&1 & pids+=($!); JPID=$!
./bin/benchbase --db "$OUT/data/jiebang.db" --addr 127.0.0.1:18090 > "$OUT/benchbase.log" 2>&1 & pids+=($!)
wait_up http://127.0.0.1:18080/readyz || wait_up http://127.0.0.1:18080/api/v1/meta/fields
wait_up "http://127.0.0.1:18090/api/v1/challenges?page=1"

run() { # name url mix [concurrency]
  echo "== $1"
  $BIN load --url "$2" --duration "$DUR" --concurrency "${4:-$CONC}" --mix "$3" --json "$OUT/$1.json" | tee "$OUT/$1.txt"
}
for mix in list detail; do
  run "base-$mix" http://127.0.0.1:18090 "$mix"
  run "jiebang-$mix" http://127.0.0.1:18080 "$mix"
done
run jiebang-search http://127.0.0.1:18080 search
run jiebang-board http://127.0.0.1:18080 board
rss_kib "$JPID" VmRSS > "$OUT/rss-reads-kib"
run jiebang-read http://127.0.0.1:18080 read
run jiebang-write http://127.0.0.1:18080 write
DUR_MAIN=$DUR; DUR=${BENCH_CURVE_DURATION:-10s}
for c in 1 8 32 128; do run "curve-list-$c" http://127.0.0.1:18080 list "$c"; run "curve-base-list-$c" http://127.0.0.1:18090 list "$c"; done
DUR=$DUR_MAIN
rss_kib "$JPID" VmHWM > "$OUT/rss-kib"
kill "$JPID"; wait "$JPID" 2>/dev/null || true

if [ -n "${JIEBANG_BENCH_POSTGRES_DSN:-}" ]; then
  echo "== PostgreSQL: seed --scale $N, two servers"
  # A schema of its own: the bench never touches other data of that database.
  psql "$JIEBANG_BENCH_POSTGRES_DSN" -qc 'DROP SCHEMA IF EXISTS jiebang_bench CASCADE; CREATE SCHEMA jiebang_bench;' >/dev/null
  sep='?'; case "$JIEBANG_BENCH_POSTGRES_DSN" in *\?*) sep='&';; esac
  export JIEBANG_DATABASE_URL="${JIEBANG_BENCH_POSTGRES_DSN}${sep}search_path=jiebang_bench"
  PG_N=${BENCH_PG_N:-$N}
  /usr/bin/time -f "%e" -o "$OUT/pg-seed-seconds" $BIN seed --scale "$PG_N" --seed 1 --data-dir "$OUT/pgdata" > "$OUT/pg-seed.txt"
  JIEBANG_ADDR=127.0.0.1:18081 $BIN serve --data-dir "$OUT/pgdata" > "$OUT/pg-serve1.log" 2>&1 & pids+=($!)
  JIEBANG_ADDR=127.0.0.1:18082 $BIN serve --data-dir "$OUT/pgdata" > "$OUT/pg-serve2.log" 2>&1 & pids+=($!)
  wait_up http://127.0.0.1:18081/api/v1/meta/fields; wait_up http://127.0.0.1:18082/api/v1/meta/fields
  PG=http://127.0.0.1:18081,http://127.0.0.1:18082
  for mix in list detail search board read write; do run "pg-$mix" "$PG" "$mix"; done
  unset JIEBANG_DATABASE_URL
fi

go run ./cmd/benchbase/report --dir "$OUT" --n "$N" --pg-n "${BENCH_PG_N:-$N}" --duration "$DUR" --concurrency "$CONC" \
  --svg docs/performance-latency.svg > docs/performance.md
echo "== docs/performance.md written"

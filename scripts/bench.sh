#!/usr/bin/env bash
# make bench: for each N of BENCH_NS, seed a programme of N challenges, run the load command against Jiebang,
# against the bare gin + gorm + SQLite server and gin's hello-JSON (cmd/benchbase, same rows, same run), the
# logged-in pages, the writes, the latency curve, the memory and the deadline surge; then PostgreSQL with two
# Jiebang processes when JIEBANG_BENCH_POSTGRES_DSN is set; and write docs/performance.md from the outputs.
#
#   BENCH_NS             the scales, in order (default "10000 100000"; BENCH_N alone still works)
#   BENCH_DURATION       each public-board, read and write run (default 30s)
#   BENCH_PAGE_DURATION  each logged-in page mix (default 15s)
#   BENCH_CURVE_DURATION each point of the latency curve (default 10s)
#   BENCH_CONCURRENCY    clients (default 64)
#   BENCH_WRITE_NS       the scales the write mixes run at (default: the largest of BENCH_NS)
#   BENCH_SURGE_NS       the scales after whose runs the deadline surge runs (default: the largest of BENCH_NS);
#                        scripts/bench-surge.sh seeds a database of its own (SURGE_N, SURGE_TEAMS: see there)
#   BENCH_PG_N           the scale of the PostgreSQL part (default 10000)
#
# Outputs: bench-out/params, bench-out/n<N>/ for each N, bench-out/pg/ for PostgreSQL. A mix the load command
# does not know yet, or a step that fails, is recorded as <name>.notrun (the report says "not run") and the
# run goes on; a write run that reports a lost write fails `make bench` at the end, after the report is written.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${BENCH_NS:-${BENCH_N:-10000 100000}}
DUR=${BENCH_DURATION:-30s}
PAGE_DUR=${BENCH_PAGE_DURATION:-15s}
CURVE_DUR=${BENCH_CURVE_DURATION:-10s}
CONC=${BENCH_CONCURRENCY:-64}
LARGEST=$(tr ' ' '\n' <<<"$NS" | grep . | sort -n | tail -1)
WRITE_NS=${BENCH_WRITE_NS:-$LARGEST}
SURGE_NS=${BENCH_SURGE_NS:-$LARGEST}
PG_N=${BENCH_PG_N:-10000}
PAGE_MIXES="team-board my-bids ent-board my-challenges expert-board workbench bureau-board dashboard race-board notifications pages"
ROOT=bench-out
BIN=./bin/jiebang
T0=$(date +%s)
rm -rf "$ROOT"; mkdir -p "$ROOT"
cut -d' ' -f1-3 /proc/loadavg > "$ROOT/loadavg"
cp scripts/bench-notes.md "$ROOT/notes.md"
{
  echo "ns=$NS"; echo "duration=$DUR"; echo "page_duration=$PAGE_DUR"; echo "curve_duration=$CURVE_DUR"
  echo "concurrency=$CONC"; echo "write_ns=$WRITE_NS"; echo "surge_ns=$SURGE_NS"; echo "page_mixes=$PAGE_MIXES"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')"
} > "$ROOT/params"
go build -trimpath -o bin/benchbase ./cmd/benchbase

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_up() { for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
rss_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
# alive pid log: a server that exited (its port taken by another process, say) stops the bench: the load would
# measure whatever answers on that port.
alive() { kill -0 "$1" 2>/dev/null || { echo "server exited: $(tail -1 "$2")" >&2; exit 1; }; }
free() { for a in "$@"; do if curl -s -o /dev/null --max-time 2 "http://$a/"; then echo "$a is taken by another process" >&2; exit 1; fi; done; }
has() { case " $1 " in *" $2 "*) return 0;; esac; return 1; }
failed=()

# run name url mix [duration] [concurrency]: one load run into $OUT/name.json. A mix the load command does not
# know, or a run that writes no report, leaves $OUT/name.notrun with the reason; a report with a lost write is
# kept and remembered (make bench fails at the end).
run() { # name url mix [duration [clients [more flags of jiebang load]]]
  local name=$1 url=$2 mix=$3 d=${4:-$DUR} c=${5:-$CONC} rc=0
  echo "== $OUT_N: $name (mix $mix, $d, $c clients${6:+, ${*:6}})"
  $BIN load --url "$url" --duration "$d" --concurrency "$c" --mix "$mix" --json "$OUT/$name.json" "${@:6}" \
    2> "$OUT/$name.err" | tee "$OUT/$name.txt" || rc=$?
  if [ ! -s "$OUT/$name.json" ]; then
    if grep -q 'unknown --mix' "$OUT/$name.err" 2>/dev/null; then
      echo "mix unknown to this jiebang load" > "$OUT/$name.notrun"
    else
      echo "jiebang load exited $rc: $(tail -1 "$OUT/$name.err" 2>/dev/null)" > "$OUT/$name.notrun"
    fi
    echo "   not run: $(cat "$OUT/$name.notrun")"
  elif [ "$rc" -ne 0 ]; then
    failed+=("$OUT/$name (exit $rc)")
  fi
}
hello() { # name url: gin's hello-JSON through the same engine (benchbase load)
  echo "== $OUT_N: $1 (benchbase GET /hello, $DUR, $CONC clients)"
  ./bin/benchbase load --url "$2" --duration "$DUR" --concurrency "$CONC" --json "$OUT/$1.json" | tee "$OUT/$1.txt" ||
    echo "benchbase load failed" > "$OUT/$1.notrun"
}
timed() { # file command...: the command's wall time in seconds into file
  local s rc=0; s=$(date +%s.%N); "${@:2}" || rc=$?
  awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", e - s }' > "$1"; return "$rc"
}

echo "== audit verification of 1,000,000 entries"
go test ./repository -run '^$' -bench AuditVerify1M -benchtime 1x | tee "$ROOT/audit1m.txt" || echo "failed" > "$ROOT/audit1m.notrun"

for N in $NS; do
  OUT=$ROOT/n$N; OUT_N="N=$N"; mkdir -p "$OUT"
  echo "== $OUT_N: seed --scale $N (SQLite)"
  timed "$OUT/seed-seconds" $BIN seed --scale "$N" --seed 1 --data-dir "$OUT/data" > "$OUT/seed.txt"
  # The seed leaves gigabytes of the database in the page cache still to be written (8.6 GB at N = 100,000): the
  # kernel writing them back took the disk and CPU from the first runs measured after it (the list at 100,000
  # measured 5,539 req/s right after the seed and 18,092 twenty seconds later). Write them back first.
  sync
  cat "$OUT/seed.txt"
  timed "$OUT/verify-seconds" $BIN audit verify --data-dir "$OUT/data" > "$OUT/verify.txt" || true

  free 127.0.0.1:18080 127.0.0.1:18090
  JIEBANG_ADDR=127.0.0.1:18080 $BIN serve --data-dir "$OUT/data" > "$OUT/serve.log" 2>&1 & pids+=($!); JPID=$!
  ./bin/benchbase --db "$OUT/data/jiebang.db" --addr 127.0.0.1:18090 > "$OUT/benchbase.log" 2>&1 & pids+=($!); BPID=$!
  wait_up http://127.0.0.1:18080/readyz || wait_up http://127.0.0.1:18080/api/v1/meta/fields
  wait_up http://127.0.0.1:18090/hello
  alive "$JPID" "$OUT/serve.log"; alive "$BPID" "$OUT/benchbase.log"

  hello base-hello http://127.0.0.1:18090
  for mix in list detail; do
    run "base-$mix" http://127.0.0.1:18090 "$mix"
    run "jiebang-$mix" http://127.0.0.1:18080 "$mix"
    run "jiebang-$mix-plain" http://127.0.0.1:18080 "$mix" "$DUR" "$CONC" --no-gzip
  done
  run jiebang-search http://127.0.0.1:18080 search
  run jiebang-board http://127.0.0.1:18080 board
  rss_kib "$JPID" VmRSS > "$OUT/rss-reads-kib"
  run jiebang-read http://127.0.0.1:18080 read
  for mix in $PAGE_MIXES; do run "jiebang-$mix" http://127.0.0.1:18080 "$mix" "$PAGE_DUR"; done
  rss_kib "$JPID" VmRSS > "$OUT/rss-pages-kib"
  if has "$WRITE_NS" "$N"; then
    for mix in write score writes upload; do run "jiebang-$mix" http://127.0.0.1:18080 "$mix"; done
  else
    for mix in write score writes upload; do echo "BENCH_WRITE_NS=\"$WRITE_NS\" leaves N=$N out" > "$OUT/jiebang-$mix.notrun"; done
  fi
  for c in 1 8 32 128; do
    run "curve-list-$c" http://127.0.0.1:18080 list "$CURVE_DUR" "$c"
    run "curve-base-list-$c" http://127.0.0.1:18090 list "$CURVE_DUR" "$c"
  done
  rss_kib "$JPID" VmHWM > "$OUT/rss-kib"
  stop "$JPID"; stop "$BPID"

  if ! has "$SURGE_NS" "$N"; then
    echo "BENCH_SURGE_NS=\"$SURGE_NS\" leaves N=$N out" > "$OUT/surge.notrun"
  elif [ -f scripts/bench-surge.sh ]; then
    echo "== $OUT_N: deadline surge (scripts/bench-surge.sh)"
    [ -n "${JIEBANG_BENCH_POSTGRES_DSN:-}" ] || echo "JIEBANG_BENCH_POSTGRES_DSN not set" > "$OUT/surge-pg.notrun"
    rc=0; bash scripts/bench-surge.sh "$BIN" "$OUT" 2>&1 | tee "$OUT/surge.txt" || rc=$?
    [ "$rc" -eq 0 ] || failed+=("$OUT/surge (exit $rc)")
  else
    echo "scripts/bench-surge.sh not in this checkout" > "$OUT/surge.notrun"
  fi
done

PG=$ROOT/pg; mkdir -p "$PG"
if [ -n "${JIEBANG_BENCH_POSTGRES_DSN:-}" ]; then
  OUT=$PG; OUT_N="PostgreSQL N=$PG_N"
  echo "$PG_N" > "$PG/n"
  echo "== PostgreSQL: seed --scale $PG_N, two servers"
  # A schema of its own: the bench never touches other data of that database.
  psql "$JIEBANG_BENCH_POSTGRES_DSN" -qc 'DROP SCHEMA IF EXISTS jiebang_bench CASCADE; CREATE SCHEMA jiebang_bench;' >/dev/null
  sep='?'; case "$JIEBANG_BENCH_POSTGRES_DSN" in *\?*) sep='&';; esac
  export JIEBANG_DATABASE_URL="${JIEBANG_BENCH_POSTGRES_DSN}${sep}search_path=jiebang_bench"
  timed "$PG/seed-seconds" $BIN seed --scale "$PG_N" --seed 1 --data-dir "$PG/data" > "$PG/seed.txt"
  free 127.0.0.1:18081 127.0.0.1:18082
  JIEBANG_ADDR=127.0.0.1:18081 $BIN serve --data-dir "$PG/data" > "$PG/serve1.log" 2>&1 & pids+=($!); P1=$!
  JIEBANG_ADDR=127.0.0.1:18082 $BIN serve --data-dir "$PG/data" > "$PG/serve2.log" 2>&1 & pids+=($!); P2=$!
  wait_up http://127.0.0.1:18081/api/v1/meta/fields; wait_up http://127.0.0.1:18082/api/v1/meta/fields
  alive "$P1" "$PG/serve1.log"; alive "$P2" "$PG/serve2.log"
  for mix in list detail search board read write score writes upload; do
    run "jiebang-$mix" http://127.0.0.1:18081,http://127.0.0.1:18082 "$mix"
  done
  stop "$P1"; stop "$P2"
  unset JIEBANG_DATABASE_URL
else
  echo "JIEBANG_BENCH_POSTGRES_DSN not set" > "$PG/notrun"
fi

echo "total_seconds=$(( $(date +%s) - T0 ))" >> "$ROOT/params"
go run ./cmd/benchbase/report --dir "$ROOT" --svg docs/performance-latency.svg > docs/performance.md
echo "== docs/performance.md written; the whole run took $(( ($(date +%s) - T0) / 60 )) min $(( ($(date +%s) - T0) % 60 )) s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED (a lost write or a failed check; the report above says which): %s\n' "${failed[@]}" >&2
  exit 1
fi

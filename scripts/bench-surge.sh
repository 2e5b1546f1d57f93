#!/usr/bin/env bash
# bench-surge.sh BIN OUTDIR: the deadline surge (jiebang load --mix surge) on a database of its own: SQLite with one
# server, then, when JIEBANG_BENCH_POSTGRES_DSN is set, PostgreSQL (schema jiebang_surge) with two servers sharing
# the attachment directory. Writes OUTDIR/surge-sqlite.json and OUTDIR/surge-pg.json (the load command's --json),
# the text reports beside them, and the servers' peak RSS (VmHWM, KiB) to OUTDIR/surge-sqlite-rss-kib and
# OUTDIR/surge-pg-rss-kib (the larger of the two servers; each in surge-pg-rss-kib-each). The uploads (10 GiB a
# run at the defaults) are removed afterwards.
#
# Time is the test clock: the seed and the servers start at SURGE_CLOCK_START (default a fixed instant on the
# hour), the surge challenges close an hour after it, and the load command moves the servers' clocks to the last
# minute before the deadline. Nothing depends on today's date.
#
# SURGE_N (default 1000): challenges of the scale seed around the surge; SURGE_TEAMS (2000): surge teams;
# SURGE_CONCURRENCY (256): clients (one in eight reads, each every 100 ms); SURGE_DURATION (80s): the run (the window is 60 s).
# A lost write or a refused target exits 1 after both runs and the clean-up.
set -euo pipefail
BIN=$(realpath "${1:?usage: bench-surge.sh BIN OUTDIR}")
OUT=$(realpath -m "${2:?usage: bench-surge.sh BIN OUTDIR}")
mkdir -p "$OUT"
N=${SURGE_N:-1000}
TEAMS=${SURGE_TEAMS:-2000}
CONC=${SURGE_CONCURRENCY:-256}
DUR=${SURGE_DURATION:-80s}
export JIEBANG_TEST_CLOCK=1 JIEBANG_TEST_CLOCK_START=${SURGE_CLOCK_START:-2026-11-02T09:00:00+08:00}

pids=()
dirs=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for d in "${dirs[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT
wait_up() { for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "not up: $1" >&2; return 1; }
rss_kib() { awk '$1 == "VmHWM:" {print $2}' "/proc/$1/status"; }
status=0

surge() { # name urls
  echo "== surge $1: $TEAMS teams, $CONC clients, $DUR"
  cut -d' ' -f1-3 /proc/loadavg > "$OUT/surge-$1-loadavg"
  "$BIN" load --url "$2" --mix surge --duration "$DUR" --concurrency "$CONC" --surge-teams "$TEAMS" --json "$OUT/surge-$1.json" \
    > "$OUT/surge-$1.txt" 2> "$OUT/surge-$1.progress" || status=1
  cat "$OUT/surge-$1.txt"
}

echo "== seed --scale $N with $TEAMS surge teams (SQLite)"
DATA="$OUT/surge-data"; rm -rf "$DATA"; dirs+=("$DATA")
"$BIN" seed --scale "$N" --surge-teams "$TEAMS" --seed 1 --data-dir "$DATA" > "$OUT/surge-sqlite-seed.txt" 2>/dev/null
JIEBANG_ADDR=127.0.0.1:18180 "$BIN" serve --data-dir "$DATA" --metrics-addr 127.0.0.1:18190 > "$OUT/surge-sqlite-serve.log" 2>&1 &
pids+=($!); SPID=$!
wait_up http://127.0.0.1:18180/readyz
surge sqlite http://127.0.0.1:18180
rss_kib "$SPID" > "$OUT/surge-sqlite-rss-kib"
kill "$SPID"; wait "$SPID" 2>/dev/null || true
rm -rf "$DATA"

if [ -n "${JIEBANG_BENCH_POSTGRES_DSN:-}" ]; then
  echo "== PostgreSQL: seed --scale $N with $TEAMS surge teams, two servers"
  PGOPTIONS='-c client_min_messages=warning' psql "$JIEBANG_BENCH_POSTGRES_DSN" -qc 'DROP SCHEMA IF EXISTS jiebang_surge CASCADE; CREATE SCHEMA jiebang_surge;' >/dev/null
  sep='?'; case "$JIEBANG_BENCH_POSTGRES_DSN" in *\?*) sep='&';; esac
  export JIEBANG_DATABASE_URL="${JIEBANG_BENCH_POSTGRES_DSN}${sep}search_path=jiebang_surge"
  PGDATA_DIR="$OUT/surge-pgdata"; rm -rf "$PGDATA_DIR"; dirs+=("$PGDATA_DIR")
  "$BIN" seed --scale "$N" --surge-teams "$TEAMS" --seed 1 --data-dir "$PGDATA_DIR" > "$OUT/surge-pg-seed.txt" 2>/dev/null
  JIEBANG_ADDR=127.0.0.1:18181 "$BIN" serve --data-dir "$PGDATA_DIR" --metrics-addr 127.0.0.1:18191 > "$OUT/surge-pg-serve1.log" 2>&1 &
  pids+=($!); P1=$!
  JIEBANG_ADDR=127.0.0.1:18182 "$BIN" serve --data-dir "$PGDATA_DIR" --metrics-addr 127.0.0.1:18192 > "$OUT/surge-pg-serve2.log" 2>&1 &
  pids+=($!); P2=$!
  wait_up http://127.0.0.1:18181/api/v1/meta/fields; wait_up http://127.0.0.1:18182/api/v1/meta/fields
  surge pg http://127.0.0.1:18181,http://127.0.0.1:18182
  r1=$(rss_kib "$P1"); r2=$(rss_kib "$P2")
  echo "$r1 $r2" > "$OUT/surge-pg-rss-kib-each"
  echo $(( r1 > r2 ? r1 : r2 )) > "$OUT/surge-pg-rss-kib"
  kill "$P1" "$P2"; wait "$P1" "$P2" 2>/dev/null || true
  rm -rf "$PGDATA_DIR"
  PGOPTIONS='-c client_min_messages=warning' psql "$JIEBANG_BENCH_POSTGRES_DSN" -qc 'DROP SCHEMA IF EXISTS jiebang_surge CASCADE;' >/dev/null
  unset JIEBANG_DATABASE_URL
fi
exit "$status"

#!/usr/bin/env bash
# The commune search and the liveness check under wrk (50 connections, 10 s each), binary after
# binary in the same minutes, so that two builds compare on the same load: for each binary, a
# fresh database seeded by `binome bench-dashboard`, its server on loopback, wrk on /sante and
# four searches, then the server stops before the next one starts.
#
#   scripts/bench-search.sh                                   # target/release/binome (built)
#   scripts/bench-search.sh /work/bin/binome-before target/release/binome /work/bin/binome-before
#   BENCH_BACKEND=postgres scripts/bench-search.sh            # a new database on BENCH_PG
#
# Settings: BENCH_BACKEND (sqlite), BENCH_PG (local server), BENCH_PORT (18182),
# BENCH_DURATION (10s), BENCH_CONNECTIONS (50).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk est nécessaire : apt-get install -y wrk" >&2; exit 1; }
BACKEND="${BENCH_BACKEND:-sqlite}"
PORT="${BENCH_PORT:-18182}"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
ADMIN_URL="${BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
if [ $# -eq 0 ]; then
  cargo build --release --quiet
  set -- "${CARGO_TARGET_DIR:-target}/release/binome"
fi

WORK="$(mktemp -d)"
SERVER=""
PG_NAME=""
stop_server() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  SERVER=""
  if [ -n "$PG_NAME" ]; then psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" || true; fi
  PG_NAME=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT

cat > "$WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms ; %.0f requêtes par seconde ; erreurs : %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA

echo "Backend : $BACKEND ; $(nproc) cœurs ; wrk -t 2 -c $CONNECTIONS -d $DURATION"
run=0
for binary in "$@"; do
  run=$((run + 1))
  case "$BACKEND" in
    sqlite) DATABASE_URL="sqlite://$WORK/search-$run.db" ;;
    postgres)
      PG_NAME="binome_bench_search_$$_$run"
      psql "$ADMIN_URL" -qc "CREATE DATABASE $PG_NAME"
      DATABASE_URL="${ADMIN_URL%/*}/$PG_NAME" ;;
    *) echo "BENCH_BACKEND : sqlite ou postgres" >&2; exit 2 ;;
  esac
  export DATABASE_URL
  RUST_LOG=warn "$binary" bench-dashboard --password "essai-de-charge-2026" >/dev/null
  RUST_LOG=warn "$binary" serve --listen "127.0.0.1:$PORT" --mail-dir "$WORK/courriels" >/dev/null &
  SERVER=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/sante" && break; sleep 0.1; done
  # The first search builds the index: not part of the figures.
  curl -s -o /dev/null "http://127.0.0.1:$PORT/api/communes?q=sa"
  echo "== $binary"
  for path in /sante "/api/communes?q=sa" "/api/communes?q=e" "/api/communes?q=saint%20f" "/api/communes?q=151"; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    printf "%-28s charge %-15s " "$path" "$load"
    wrk -t 2 -c "$CONNECTIONS" -d "$DURATION" -s "$WORK/percentiles.lua" "http://127.0.0.1:$PORT$path" | tail -1
  done
  stop_server
done

#!/usr/bin/env bash
# Measures the coordinator's dashboard under load, as BENCHMARKS.md reports it: a fresh database
# with one team of 2,000 people and 500 binômes under way (`binome bench-dashboard`), the release
# server on loopback, a signed-in coordinator, then wrk with 50 connections for 20 s on
# /tableau-de-bord. Prints wrk's latency distribution and p50/p95/p99.
#
#   scripts/bench-dashboard.sh            # SQLite file in a temporary folder
#   scripts/bench-dashboard.sh postgres   # a new database on BENCH_PG (default: local server)
#
# Settings: BENCH_PEOPLE (2000), BENCH_PAIRINGS (500), BENCH_CONNECTIONS (50),
# BENCH_DURATION (20s), BENCH_THREADS (2), BENCH_PATH (/tableau-de-bord), BENCH_PORT (18181).
set -euo pipefail
cd "$(dirname "$0")/.."
PAGE="${BENCH_PATH:-/tableau-de-bord}"
# shellcheck source=scripts/bench-server.sh
source scripts/bench-server.sh "$@"
curl -s -H "Cookie: binome_session=$SESSION" "http://127.0.0.1:$PORT$PAGE" | grep -q "Binômes en cours" \
  || { echo "$PAGE ne montre pas le tableau de bord" >&2; exit 1; }

cat > "$WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms ; %d requêtes, %.0f par seconde ; erreurs : %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
echo "Backend : $BACKEND ; $(nproc) cœurs ; charge avant la mesure : $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t "${BENCH_THREADS:-2}" -c "${BENCH_CONNECTIONS:-50}" -d "${BENCH_DURATION:-20s}" --latency \
  -s "$WORK/percentiles.lua" -H "Cookie: binome_session=$SESSION" "http://127.0.0.1:$PORT$PAGE"

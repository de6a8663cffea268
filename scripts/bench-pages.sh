#!/usr/bin/env bash
# Measures a big team's staff pages and the commune search, as BENCHMARKS.md reports them:
# one team of 3,000 people and 800 binômes (`binome bench-dashboard`), the release server on
# loopback, a signed-in coordinator. Each staff page is read 30 times by one reader (median,
# p95, size of the HTML); then the anonymous commune search under wrk, 50 connections.
#
#   scripts/bench-pages.sh            # SQLite file in a temporary folder
#   scripts/bench-pages.sh postgres   # a new database on BENCH_PG (default: local server)
#
# Settings: BENCH_PEOPLE (3000), BENCH_PAIRINGS (800), BENCH_PORT (18181).
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_PEOPLE="${BENCH_PEOPLE:-3000}" BENCH_PAIRINGS="${BENCH_PAIRINGS:-800}"
# shellcheck source=scripts/bench-server.sh
source scripts/bench-server.sh "$@"
BASE="http://127.0.0.1:$PORT"
COOKIE="Cookie: binome_session=$SESSION"
SEARCH=$(curl -s -H "$COOKIE" "$BASE/propositions" | grep -o 'href="/personnes/[0-9]*/benevoles"' | head -1 \
  | sed 's/href="//; s/"$//')
[ -n "$SEARCH" ] || { echo "aucune personne sans proposition sur /propositions" >&2; exit 1; }

echo "Backend : $BACKEND ; $(nproc) cœurs ; $BENCH_PEOPLE personnes, $BENCH_PAIRINGS binômes ; charge : $(cut -d' ' -f1-3 /proc/loadavg)"
for page in /tableau-de-bord /personnes /propositions "$SEARCH" /indicateurs; do
  curl -s -o /dev/null -H "$COOKIE" "$BASE$page" # the first reading fills the caches
  for _ in $(seq 30); do
    curl -s -o /dev/null -H "$COOKIE" -w '%{http_code} %{time_total} %{size_download}\n' "$BASE$page"
  done | sort -k2 -n | awk -v page="$page" '
    { if ($1 != 200) bad++; t[NR] = $2 * 1000; size = $3 }
    END { printf "%-28s médiane %6.1f ms  p95 %6.1f ms  %4.0f Ko%s\n", page, t[int(NR / 2) + 1], t[int(NR * 0.95)], size / 1024,
          bad ? "  (" bad " réponses non 200)" : "" }'
done

cat > "$WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms ; %.0f requêtes par seconde ; erreurs : %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.timeout))
end
LUA
for q in e sa saint%20f 151; do
  printf "/api/communes?q=%-10s 50 connexions, 10 s : " "$q"
  wrk -t 2 -c 50 -d 10s -s "$WORK/percentiles.lua" "$BASE/api/communes?q=$q" | tail -1
done

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
BACKEND="${1:-sqlite}"
PORT="${BENCH_PORT:-18181}"
PASSWORD="essai-de-charge-2026"
PAGE="${BENCH_PATH:-/tableau-de-bord}"
command -v wrk >/dev/null || { echo "wrk est nécessaire : apt-get install -y wrk" >&2; exit 1; }

cargo build --release --quiet
BINOME="${CARGO_TARGET_DIR:-target}/release/binome"
WORK="$(mktemp -d)"
SERVER=""
PG_NAME=""
ADMIN_URL="${BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -n "$PG_NAME" ]; then psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

case "$BACKEND" in
  sqlite) DATABASE_URL="sqlite://$WORK/bench.db" ;;
  postgres)
    PG_NAME="binome_bench_$$"
    psql "$ADMIN_URL" -qc "CREATE DATABASE $PG_NAME"
    DATABASE_URL="${ADMIN_URL%/*}/$PG_NAME" ;;
  *) echo "usage : $0 [sqlite|postgres]" >&2; exit 2 ;;
esac
export DATABASE_URL

"$BINOME" bench-dashboard --people "${BENCH_PEOPLE:-2000}" --pairings "${BENCH_PAIRINGS:-500}" \
  --password "$PASSWORD"
RUST_LOG=warn "$BINOME" serve --listen "127.0.0.1:$PORT" --mail-dir "$WORK/courriels" &
SERVER=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

# Sign in as the team's coordinator: the sign-in form's anti-forgery token, then the session cookie.
JAR="$WORK/cookies"
TOKEN=$(curl -s -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/connexion" \
  | grep -o 'name="authenticity_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "authenticity_token=$TOKEN" \
  --data-urlencode "email=charge@binome.invalid" --data-urlencode "password=$PASSWORD" \
  "http://127.0.0.1:$PORT/connexion"
SESSION=$(awk '$6 == "binome_session" { print $7 }' "$JAR")
[ -n "$SESSION" ] || { echo "la connexion a échoué" >&2; exit 1; }
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

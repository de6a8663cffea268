# Shared by the bench-*.sh scripts (sourced, not run): builds the release binary, seeds a fresh
# database with one big team (`binome bench-dashboard`, BENCH_PEOPLE / BENCH_PAIRINGS), serves it
# on loopback and signs its coordinator in. Leaves BINOME, WORK, PORT, SESSION and BACKEND set;
# everything is removed on exit.
BACKEND="${1:-sqlite}"
PORT="${BENCH_PORT:-18181}"
PASSWORD="essai-de-charge-2026"
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

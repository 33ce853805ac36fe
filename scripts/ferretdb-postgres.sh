#!/usr/bin/env bash
# Runs FerretDB 1.24.2 with its PostgreSQL handler against this machine's PostgreSQL, in the
# foreground, for `npm run bench` on a database (README, Performance):
#   scripts/ferretdb-postgres.sh &
#   MONGODB_URI=mongodb://127.0.0.1:27027/bench npm run bench
# The binary is the one scripts/ferretdb-image.sh builds and caches. Creates the PostgreSQL
# database if it is missing; FERRETDB_FRESH=1 drops it first (every run then starts empty).
# Env knobs:
#   FERRETDB_PORT      where FerretDB listens on 127.0.0.1 (default 27027)
#   FERRETDB_PG_URL    PostgreSQL server (default postgres://postgres@127.0.0.1:5432, trust auth)
#   FERRETDB_PG_DB     database FerretDB keeps its data in (default ferretdb_bench)
#   FERRETDB_CACHE_DIR where the built binary is cached (default $HOME/.cache/ferretdb-1.24.2)
set -euo pipefail

PORT="${FERRETDB_PORT:-27027}"
PG_URL="${FERRETDB_PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_DB="${FERRETDB_PG_DB:-ferretdb_bench}"
BIN="${FERRETDB_CACHE_DIR:-${HOME:-/root}/.cache/ferretdb-1.24.2}/ferretdb"

[ -x "$BIN" ] || { echo "ferretdb-postgres: no binary at $BIN (run scripts/ferretdb-image.sh)" >&2; exit 1; }
command -v psql >/dev/null 2>&1 || { echo "ferretdb-postgres: psql not found" >&2; exit 1; }

if [ "${FERRETDB_FRESH:-0}" = 1 ]; then
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
fi
if [ -z "$(psql "$PG_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" ]; then
  psql "$PG_URL/postgres" -qc "CREATE DATABASE $PG_DB" >/dev/null
fi

# FerretDB keeps a small state file there; exec: stopping this script's process stops FerretDB.
STATE_DIR="${TMPDIR:-/tmp}/ferretdb-state-$PORT"
mkdir -p "$STATE_DIR"
echo "ferretdb-postgres: listening on 127.0.0.1:$PORT, data in PostgreSQL database $PG_DB" >&2
exec "$BIN" --handler=postgresql --postgresql-url="$PG_URL/$PG_DB" --listen-addr="127.0.0.1:$PORT" \
  --state-dir="$STATE_DIR" --telemetry=disable --debug-addr=- --log-level=warn

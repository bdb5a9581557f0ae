#!/usr/bin/env bash
# A throw-away PostgreSQL for trying relief-recon and for the test suite: initdb in a temp dir, start on a
# free port on 127.0.0.1 only, password authentication, and stop + delete everything at exit.
#
#   scripts/pg-local.sh                 start, print the settings, keep running until Ctrl-C
#   scripts/pg-local.sh npm test        start, run the command with the settings exported, stop
#
# PG_OPTS adds server settings, e.g. for a benchmark:
#   PG_OPTS='-c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=8GB' scripts/pg-local.sh …
# Exports RELIEF_TEST_PG_URL (postgres://relief@127.0.0.1:PORT/relief) and RELIEF_DB_PASSWORD for the command.
# Needs the PostgreSQL server binaries (Debian: apt-get install postgresql); as root the server runs as the
# `postgres` system user, since PostgreSQL refuses to run as root.
set -euo pipefail

BIN="${PG_BIN:-}"
if [ -z "$BIN" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && BIN="$d"; done
fi
if [ -z "$BIN" ] && command -v initdb >/dev/null; then BIN="$(dirname "$(command -v initdb)")"; fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "pg-local: PostgreSQL server binaries (initdb, pg_ctl) not found; install the 'postgresql' package or set PG_BIN" >&2
  exit 2
fi

DIR="$(mktemp -d -t relief-pg.XXXXXX)"
chmod 755 "$DIR"
AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi

PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
PASSWORD="$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")"
printf '%s\n' "$PASSWORD" > "$DIR/pw"
[ ${#AS[@]} -gt 0 ] && chown postgres "$DIR/pw"

stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U relief --pwfile="$DIR/pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
rm -f "$DIR/pw"
# Throw-away data: no fsync. Listen on loopback only; the socket stays in the temp dir.
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_OPTS:-}" start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
PGPASSWORD="$PASSWORD" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U relief relief

export RELIEF_TEST_PG_URL="postgres://relief@127.0.0.1:$PORT/relief"
export RELIEF_DB_PASSWORD="$PASSWORD"

if [ $# -gt 0 ]; then
  "$@"
else
  echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') is running (data in $DIR, removed at exit)."
  echo "  database: $RELIEF_TEST_PG_URL      # put this in the config's database:"
  echo "  export RELIEF_DB_PASSWORD='$PASSWORD'"
  echo "Press Ctrl-C to stop it."
  while true; do sleep 3600; done
fi

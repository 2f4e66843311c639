#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (if it is not running) and makes the test role and database.
# Needs root (or the postgres user's rights); prints the exact problem otherwise.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver "; then
  pg_createcluster "$ver" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$ver" main start
fi
for i in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
as_pg "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='kiosk'\"" | grep -q 1 \
  || as_pg "psql -qc \"CREATE ROLE kiosk LOGIN PASSWORD 'kiosk' CREATEDB\""
as_pg "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='kiosk_test'\"" | grep -q 1 \
  || as_pg "createdb -O kiosk kiosk_test"
echo "[test] PostgreSQL $ver on 127.0.0.1:5432 (database kiosk_test)"

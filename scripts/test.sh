#!/usr/bin/env bash
# The test command (README): system prerequisites, lint (with the layer rule), typecheck, build,
# then every test. Missing system packages are installed with apt when running as root; otherwise
# the script stops with the exact command to run. It never skips a suite silently.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v socat >/dev/null 2>&1 || need+=(socat)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# pdftotext reads back the text of the forms Chromium prints to PDF.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# openssl makes the certificate of the gateway's HTTPS test.
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[test] installing system packages: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "[test] missing system packages: ${need[*]}. Run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

# A real PostgreSQL server for the gateway's second storage (beside PGlite).
if [ -z "${KIOSK_TEST_PG_URL:-}" ]; then
  bash scripts/test-postgres.sh
  export KIOSK_TEST_PG_URL="postgresql://kiosk:kiosk@127.0.0.1:5432/kiosk_test"
fi

echo "[test] lint (includes the layer rule)"
npm run --silent lint
echo "[test] typecheck"
npm run --silent typecheck
echo "[test] build"
npm run --silent build >/dev/null
echo "[test] tests"
npx vitest run "$@"

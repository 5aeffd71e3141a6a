#!/usr/bin/env bash
# The whole test suite: `make test`. Unit tests, the end-to-end tests against
# real PostgreSQL (as infitah_app) and Redis, lints, and the browser tests in
# Debian's Chromium. Installs what it needs when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

tests/scripts/services.sh

# Test databases of earlier runs.
psql -h 127.0.0.1 -U postgres -d postgres -tAc \
  "select datname from pg_database where datname like 'infitah\_test\_%' or datname like 'infitah\_tpl\_%'" |
  while read -r db; do [ -n "$db" ] && psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists \"$db\" with (force)"; done

# The SMTP server the mail tests talk to (aiosmtpd, in a venv of the tests).
if ! tests/.venv/bin/python -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m venv tests/.venv 2>/dev/null || { sudo_apt=""; [ "$(id -u)" -ne 0 ] && sudo_apt="sudo"; $sudo_apt apt-get install -y -qq python3-venv >/dev/null; python3 -m venv tests/.venv; }
  tests/.venv/bin/pip install --quiet aiosmtpd==1.4.6 atpublic==9.0.0 attrs==26.1.0
fi

echo "== formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== unit and end-to-end tests"
cargo test --workspace --quiet

echo "== isolation through PgBouncer (transaction pooling)"
# (two lines, not `a && b`: under `set -e` a failing `a` would not stop the script)
tests/scripts/pgbouncer.sh
INFITAH_TEST_APP_PG=postgres://127.0.0.1:6432 cargo test --quiet -p infitah-tests --test e2e isolation

echo "== Helm chart: rendered, linted and validated without a cluster"
tests/chart/run.sh -q

echo "== browser tests"
tests/browser/run.sh
echo "all tests passed"

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

# The SMTP server the mail tests talk to (aiosmtpd), and Babel, the
# independent implementation of CLDR's plural rules the plural test compares
# with, in a venv of the tests. Debian's python3 has no venv module until
# python3-venv is installed.
if ! tests/.venv/bin/python -c 'import aiosmtpd, babel' 2>/dev/null; then
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    sudo_apt=""; [ "$(id -u)" -ne 0 ] && sudo_apt="sudo"
    echo "infitah: installing python3-venv with apt"
    $sudo_apt apt-get update -qq
    $sudo_apt env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  rm -rf tests/.venv
  python3 -m venv tests/.venv
  tests/.venv/bin/pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6 atpublic==9.0.0 attrs==26.1.0 babel==2.17.0
fi

echo "== set-up script on a fresh cluster's pg_hba.conf"
tests/scripts/services-test.sh

echo "== formatting and lints"
cargo fmt --all --check
# A first build compiles every dependency (about 10 minutes on 2 cores): then
# cargo prints each crate as it goes; later runs print only what is wrong.
quiet=--quiet
if [ ! -d target/debug/deps ]; then
  echo "infitah: first build of the workspace (about 10 minutes on 2 cores)"
  quiet=
fi
cargo clippy --workspace --all-targets $quiet -- -D warnings

echo "== unit and end-to-end tests"
cargo test --workspace --no-run $quiet
cargo test --workspace --quiet

echo "== isolation through PgBouncer (transaction pooling)"
# (two lines, not `a && b`: under `set -e` a failing `a` would not stop the script)
tests/scripts/pgbouncer.sh
INFITAH_TEST_APP_PG=postgres://127.0.0.1:6432 cargo test --quiet -p infitah-tests --test e2e isolation

echo "== Helm chart: rendered, linted and validated without a cluster"
tests/chart/run.sh

echo "== browser tests"
tests/browser/run.sh

echo "== container image: built from a local base, started, checked"
tests/image/run.sh
echo "all tests passed"

#!/usr/bin/env bash
# Checks tests/scripts/services.sh on a PostgreSQL cluster as a fresh Debian
# machine has it: a new cluster (pg_createcluster, Debian's own pg_hba.conf:
# scram for everyone over loopback) on a port of its own. services.sh must turn
# it into one where every infitah role connects from 127.0.0.1 without a
# password, and a second run must change nothing. The cluster is removed
# afterwards. Run by tests/scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
port=${INFITAH_HBA_TEST_PORT:-55439}
cluster=infitah_hba_test
version=$(ls /etc/postgresql | sort -V | tail -n 1)
fail() { echo "services-test: $*" >&2; exit 1; }

$SUDO pg_dropcluster --stop "$version" "$cluster" 2>/dev/null || true
trap '$SUDO pg_dropcluster --stop "$version" "$cluster" 2>/dev/null || true' EXIT
$SUDO pg_createcluster -q "$version" "$cluster" -p "$port" -- --auth-host=scram-sha-256 --auth-local=peer >/dev/null
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
grep -Eq '^host +all +all +127\.0\.0\.1/32 +scram-sha-256' "$hba" || fail "the new cluster does not ask for scram: $hba"

# Every role infitah logs in as, made as `infitah migrate` makes them (no password).
$SUDO runuser -u postgres -- psql -q -p "$port" -d postgres -v ON_ERROR_STOP=1 \
  -c 'create role infitah_app login' -c 'create role infitah_national login' \
  -c 'create role infitah_worker login' -c 'create role infitah_owner nologin'
for role in postgres infitah_app infitah_national infitah_worker; do
  if psql -w -h 127.0.0.1 -p "$port" -U "$role" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    fail "$role connects before services.sh ran: the test proves nothing"
  fi
done

run() { INFITAH_PG_PORT=$port INFITAH_PG_CLUSTER=$cluster tests/scripts/services.sh; }
first=$(run)
case $first in *"connect from 127.0.0.1 without a password"*) ;; *) fail "first run did not say what it changed: $first" ;; esac
for role in postgres infitah_app infitah_national infitah_worker; do
  got=$(psql -w -h 127.0.0.1 -p "$port" -U "$role" -d postgres -tAc 'select current_user' 2>&1) \
    || fail "$role cannot connect from 127.0.0.1 after services.sh: $got"
done
before=$(sha256sum "$hba")
second=$(run)
[ -z "$second" ] || fail "second run said something: $second"
[ "$(sha256sum "$hba")" = "$before" ] || fail "second run changed $hba"
[ "$(grep -c '# infitah development$' "$hba")" = 2 ] || fail "expected two infitah rules in $hba"

# An older set of rules (without infitah_worker, as services.sh wrote it
# before) is replaced, not added to.
$SUDO sed -i 's/,infitah_worker / /' "$hba"
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" reload
psql -w -h 127.0.0.1 -p "$port" -U infitah_worker -d postgres -tAc 'select 1' >/dev/null 2>&1 \
  && fail "the older rules still let infitah_worker in"
run >/dev/null
psql -w -h 127.0.0.1 -p "$port" -U infitah_worker -d postgres -tAc 'select 1' >/dev/null \
  || fail "infitah_worker cannot connect after the older rules were replaced"
[ "$(grep -c '# infitah development$' "$hba")" = 2 ] || fail "older rules were added to, not replaced"
echo "services.sh: a fresh cluster's pg_hba.conf lets every infitah role in; a second run changes nothing"

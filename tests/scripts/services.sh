#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are installed and running on this machine,
# installing them from Debian's packages when missing. Used by `make run` and
# `make test`; safe to run again (it changes nothing when all is in place).
#
# INFITAH_PG_PORT and INFITAH_PG_CLUSTER (default 5432 and main) name the
# Debian cluster it looks after; tests/scripts/services-test.sh uses them to
# try it on a cluster of its own.
set -euo pipefail

pg_port=${INFITAH_PG_PORT:-5432}
pg_cluster=${INFITAH_PG_CLUSTER:-main}
# Every role infitah connects as (services/platform/src/migrate.rs creates the
# infitah ones; tests/e2e/cli.rs checks that this list names them all).
roles=(postgres infitah_owner infitah_app infitah_national infitah_worker)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_install() {
  echo "infitah: installing $* with apt (a minute or two)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi

# PostgreSQL
version=$(pg_lsclusters -h 2>/dev/null | awk -v c="$pg_cluster" '$2 == c { print $1 }' | sort -V | tail -n 1)
[ -n "$version" ] || version=$(ls /etc/postgresql | sort -V | tail -n 1)
if ! pg_isready -q -h 127.0.0.1 -p "$pg_port"; then
  echo "infitah: starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$pg_cluster" start 2>/dev/null \
    || $SUDO service postgresql start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 1; done
fi

# infitah's roles connect over 127.0.0.1 without a password on a development
# machine. A fresh Debian cluster asks every one for a password (scram): let
# those of the list in from loopback only, in rules of their own at the top of
# pg_hba.conf (replaced as a whole when the list changes). Production uses
# passwords from Secrets instead.
asks_password() { # 0 when the server wants a password from role $1 over 127.0.0.1
  local out
  out=$(psql -w -h 127.0.0.1 -p "$pg_port" -U "$1" -d postgres -tAc 'select 1' 2>&1) && return 1
  case $out in *"no password supplied"* | *"password authentication failed"*) return 0 ;; esac
  return 1 # another refusal (a role not created yet under trust): not a password
}
asking=()
for role in "${roles[@]}"; do asks_password "$role" && asking+=("$role"); done
if [ ${#asking[@]} -gt 0 ]; then
  hba="/etc/postgresql/$version/$pg_cluster/pg_hba.conf"
  list=$(IFS=,; echo "${roles[*]}")
  echo "infitah: letting ${list//,/, } connect from 127.0.0.1 without a password (development only; $hba)"
  rules="host all $list 127.0.0.1/32 trust # infitah development
host all $list ::1/128 trust # infitah development"
  $SUDO sh -c "{ printf '%s\n' \"\$1\"; grep -v '# infitah development\$' '$hba'; } > '$hba.new' \
    && chown postgres:postgres '$hba.new' && chmod 640 '$hba.new' && mv '$hba.new' '$hba'" sh "$rules"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" "$pg_cluster" reload 2>/dev/null || $SUDO service postgresql reload
  for _ in $(seq 1 20); do asks_password postgres || break; sleep 0.25; done
fi
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc 'select 1' >/dev/null

# Redis: a cache only, so it keeps nothing on disk.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "infitah: starting Redis"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/infitah.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null

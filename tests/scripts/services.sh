#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are installed and running on this machine,
# installing them from Debian's packages when missing. Used by `make run` and
# `make test`; safe to run again (it changes nothing when all is in place).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_install() {
  echo "infitah: installing $* with apt"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi

# PostgreSQL
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "infitah: starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || $SUDO service postgresql start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# infitah's roles connect over 127.0.0.1 without a password on a development
# machine. A fresh Debian cluster asks for one (scram): let the four roles in
# from loopback only. Production uses passwords from Secrets instead.
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  echo "infitah: letting postgres and the infitah roles connect from 127.0.0.1 without a password ($hba)"
  rules="host all postgres,infitah_owner,infitah_app,infitah_national 127.0.0.1/32 trust # infitah development
host all postgres,infitah_owner,infitah_app,infitah_national ::1/128 trust # infitah development"
  $SUDO sh -c "{ printf '%s\n' \"\$1\"; cat '$hba'; } > '$hba.new' && mv '$hba.new' '$hba' && chown postgres:postgres '$hba'" sh "$rules"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || $SUDO service postgresql reload
  sleep 1
fi
psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null

# Redis: a cache only, so it keeps nothing on disk.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "infitah: starting Redis"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/infitah.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null

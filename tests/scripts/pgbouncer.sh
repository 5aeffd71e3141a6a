#!/usr/bin/env bash
# Starts a PgBouncer in transaction pooling mode on 127.0.0.1:6432 in front of
# the local PostgreSQL (127.0.0.1:5432), for the isolation tests run through it
# (`INFITAH_TEST_APP_PG=postgres://127.0.0.1:6432`, see tests/scripts/test.sh).
# Does nothing when a PgBouncer already answers on 6432. Development only:
# trust authentication, loopback.
#
# Its pool is deliberately tiny (2 server connections per database and role):
# the tests open more client connections than that, so transactions of
# different collectivities really follow each other on the same server
# connection, which is what shows that the tenant never outlives its
# transaction.
#
# sqlx always uses named prepared statements (even with its statement cache
# off), so PgBouncer must track them: 1.21 or later with
# max_prepared_statements. Debian 12 ships 1.18, so when the pgbouncer at hand
# (or apt's) is older, this builds Debian 13's source package (fetched with
# apt-get source) once into target/pgbouncer-<version>/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

port=6432
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

answers() {
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1
}

if answers; then
  exit 0
fi

# 0 when version $1 is at least 1.21.
recent_enough() {
  [ -n "$1" ] && [ "$(printf '%s\n1.21\n' "$1" | sort -V | head -n 1)" = "1.21" ]
}
version_of() {
  "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

bin=""
for candidate in "$(command -v pgbouncer || true)" /usr/sbin/pgbouncer "$root"/target/pgbouncer-*/pgbouncer; do
  if [ -x "$candidate" ] && recent_enough "$(version_of "$candidate")"; then
    bin=$candidate
    break
  fi
done

if [ -z "$bin" ]; then
  $SUDO apt-get update -qq
  apt_version=$(apt-cache policy pgbouncer | awk '/Candidate:/ { sub(/-.*/, "", $2); print $2 }')
  if recent_enough "$apt_version"; then
    echo "infitah: installing pgbouncer $apt_version with apt"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
    bin=/usr/sbin/pgbouncer
  else
    echo "infitah: apt offers pgbouncer ${apt_version:-(none)}, older than 1.21; building Debian 13's source package"
    need=()
    for pkg in gcc make pkg-config libevent-dev libssl-dev dpkg-dev xz-utils; do
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
    done
    if [ ${#need[@]} -gt 0 ]; then
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/infitah-pgbouncer-src.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    # A private apt configuration: the machine's own sources stay untouched.
    mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
    cat >"$work/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian trixie main
deb-src http://deb.debian.org/debian trixie-updates main
deb-src http://deb.debian.org/debian-security trixie-security main
EOF
    apt_private=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
      -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
      -o "APT::Sandbox::User=$(id -un)")
    apt-get "${apt_private[@]}" update -qq
    (cd "$work/src" && apt-get "${apt_private[@]}" source -qq --download-only pgbouncer >/dev/null)
    # apt-get checked the files against Debian's signed Sources index already.
    dpkg-source -x "$work"/src/pgbouncer_*.dsc "$work/build" >"$work/dpkg-source.log" 2>&1 ||
      { cat "$work/dpkg-source.log" >&2; exit 1; }
    (
      cd "$work/build"
      ./configure --prefix="$work/install" --without-cares --with-systemd=no >"$work/configure.log" 2>&1 ||
        { cat "$work/configure.log" >&2; exit 1; }
      make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -n 40 "$work/make.log" >&2; exit 1; }
    )
    built=$(version_of "$work/build/pgbouncer")
    recent_enough "$built" || { echo "infitah: built pgbouncer $built, still older than 1.21" >&2; exit 1; }
    mkdir -p "$root/target/pgbouncer-$built"
    install -m 0755 "$work/build/pgbouncer" "$root/target/pgbouncer-$built/pgbouncer"
    bin="$root/target/pgbouncer-$built/pgbouncer"
  fi
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/infitah-pgbouncer.XXXXXX")
chmod 0755 "$dir"
# A copy beside its configuration: the postgres user may not reach the original.
install -m 0755 "$bin" "$dir/pgbouncer"
cat >"$dir/userlist.txt" <<'EOF'
"infitah_app" ""
"infitah_owner" ""
"infitah_national" ""
"infitah_worker" ""
"postgres" ""
EOF
cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = 2
max_client_conn = 500
; every test has its own database, hence its own pool: let idle ones go soon
server_idle_timeout = 10
; sqlx's named prepared statements, as in the Helm chart
max_prepared_statements = 200
; sqlx sends extra_float_digits (and may send options, application_name)
ignore_startup_parameters = extra_float_digits,options,application_name
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
log_connections = 0
log_disconnections = 0
EOF

# PgBouncer refuses to run as root.
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres:postgres "$dir"
  runuser -u postgres -- "$dir/pgbouncer" -d "$dir/pgbouncer.ini"
else
  "$dir/pgbouncer" -d "$dir/pgbouncer.ini"
fi

for _ in $(seq 1 50); do
  if answers; then
    echo "infitah: PgBouncer $(version_of "$dir/pgbouncer") on 127.0.0.1:$port (transaction pooling; $dir)"
    exit 0
  fi
  sleep 0.2
done
echo "infitah: PgBouncer did not start; its log:" >&2
cat "$dir/pgbouncer.log" >&2 || true
exit 1

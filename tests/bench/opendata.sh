#!/usr/bin/env bash
# Open data benchmark: the full national CSV export (every dataset, through
# the national role) on national-scale data — time, size, and the server's
# peak memory (VmHWM of the serving process, before and after). Prints
# Markdown for docs/benchmarks.md ("Open data export"), with the date and
# the machine.
#
#   tests/bench/opendata.sh              release build (as `make bench`)
#   PROFILE=debug tests/bench/opendata.sh
#   KEEP_DB=1 …                          reuse an already loaded database
#   SKIP_BUILD=1 …                       use the binary already built
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
profile=${PROFILE:-release}
db=${BENCH_DB:-infitah_bench_opendata}
port=${PORT:-18191}

if [ -n "${SKIP_BUILD:-}" ]; then
  :
elif [ "$profile" = release ]; then
  cargo build --release --quiet --bin infitah
else
  cargo build --quiet --bin infitah
fi
bin="$root/target/$profile/infitah"

export INFITAH_ENV=production INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$db"
export INFITAH_DATABASE_NATIONAL_URL="postgres://infitah_national@127.0.0.1:5432/$db"
export INFITAH_DATABASE_WORKER_URL="postgres://infitah_worker@127.0.0.1:5432/$db"
export INFITAH_METRICS_LISTEN="127.0.0.1:0" INFITAH_BASE_DOMAIN=localhost INFITAH_LOG_FILTER=warn
export INFITAH_SECRET_KEY="benchmark-secret-key-0123456789abcdef"
export INFITAH_PUBLIC_SCHEME=http INFITAH_PUBLIC_PORT=0
export INFITAH_LISTEN="127.0.0.1:$port"

if [ -z "${KEEP_DB:-}" ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
  "$bin" migrate >/dev/null
  "$bin" tenant import --national >/dev/null
  "$bin" demo >/dev/null
  "$bin" demo --national-scale >/dev/null
fi

"$bin" serve --no-worker >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
mib() { printf '%.1f' "$(echo "$1 / 1048576" | bc -l)"; }
hwm() { awk '/VmHWM/ {print $2}' "/proc/$server/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

# Warm up: one small export, so the baseline includes pools, templates, caches.
curl -sf -H 'host: localhost' "http://127.0.0.1:$port/open-data/collectivities.csv" -o /dev/null
before_hwm=$(hwm)
before_rss=$(rss)

tmp=$(mktemp -d)
rows_total=0; bytes_total=0; secs_total=0
table=""
for d in collectivities programmes projects project_items activities indicators indicator_measurements progress_history evaluations; do
  t=$(curl -sf -H 'host: localhost' "http://127.0.0.1:$port/open-data/$d.csv" -o "$tmp/$d.csv" -w '%{time_total}')
  # Records, not lines (a note may hold line breaks): one per id at the start of a line.
  rows=$(grep -cE '^[0-9a-f]{8}-[0-9a-f]{4}-' "$tmp/$d.csv" || true)
  bytes=$(stat -c %s "$tmp/$d.csv")
  rows_total=$((rows_total + rows)); bytes_total=$((bytes_total + bytes))
  secs_total=$(echo "$secs_total + $t" | bc -l)
  table+="| \`$d.csv\` | $rows | $(mib "$bytes") MiB | $(printf '%.2f' "$t") s |"$'\n'
done
after_hwm=$(hwm)
# The largest file again, alone, to see that the peak does not move with size.
curl -sf -H 'host: localhost' "http://127.0.0.1:$port/open-data/progress_history.json" -o "$tmp/ph.json"
json_bytes=$(stat -c %s "$tmp/ph.json")
after_json_hwm=$(hwm)
rm -rf "$tmp"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
pg=$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'show server_version' | cut -d' ' -f1)
echo "## $(date -u +%F) — open data export, $(nproc) cores ($cpu), $mem, PostgreSQL $pg, $profile build"
echo
echo "National-scale data (\`infitah demo --national-scale\`), the national site's CSV files one after the other (curl on the same machine):"
echo
echo "| file | rows | size | time |"
echo "|---|---|---|---|"
printf '%s' "$table"
echo "| **all nine** | $rows_total | $(mib "$bytes_total") MiB | $(printf '%.2f' "$secs_total") s |"
echo
echo "Server memory (the serving process, /proc/PID/status): resident $((before_rss / 1024)) MiB and peak $((before_hwm / 1024)) MiB after a first small export;"
echo "peak $((after_hwm / 1024)) MiB after all nine CSV files; $((after_json_hwm / 1024)) MiB after \`progress_history.json\` ($(mib "$json_bytes") MiB) on top."

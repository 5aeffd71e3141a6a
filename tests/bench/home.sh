#!/usr/bin/env bash
# Benchmark of the foundation (run with `make bench`):
#  1. `infitah tenant import --national` into an empty database (1,598 rows), and again (nothing to change);
#  2. a collectivity's home page under wrk (64 connections), beside nginx serving the
#     byte-identical page on the same machine, in the same run.
# Prints a Markdown table to paste into docs/benchmarks.md, with date and machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/tests/bench/out"
mkdir -p "$out"

tests/scripts/services.sh
SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

cargo build --release --quiet --bin infitah
bin="$root/target/release/infitah"

db=infitah_bench
app_port=18181
ref_port=18182
duration=${BENCH_SECONDS:-20}
export INFITAH_ENV=production INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$db"
export INFITAH_DATABASE_NATIONAL_URL="postgres://infitah_national@127.0.0.1:5432/$db"
export INFITAH_DATABASE_WORKER_URL="postgres://infitah_worker@127.0.0.1:5432/$db"
export INFITAH_LISTEN="127.0.0.1:$app_port" INFITAH_METRICS_LISTEN="127.0.0.1:0"
export INFITAH_BASE_DOMAIN=localhost INFITAH_LOG_FILTER=warn

psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
"$bin" migrate >/dev/null
import_first=$("$bin" tenant import --national | sed -E 's/.* in ([0-9.]+)s.*/\1/')
import_again=$("$bin" tenant import --national | sed -E 's/.* in ([0-9.]+)s.*/\1/')
"$bin" demo >/dev/null

"$bin" serve > "$out/serve.log" 2>&1 &
server=$!
ngx_dir=$(mktemp -d)
cleanup() {
  kill "$server" 2>/dev/null || true
  [ -f "$ngx_dir/nginx.pid" ] && kill "$(cat "$ngx_dir/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$app_port/healthz" >/dev/null && break; sleep 0.2; done

# The reference: nginx serving the very bytes the app serves.
mkdir -p "$ngx_dir/html" "$ngx_dir/logs"
curl -sf -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/" -o "$ngx_dir/html/index.html"
bytes=$(wc -c < "$ngx_dir/html/index.html")
cat > "$ngx_dir/nginx.conf" <<NGX
worker_processes auto;
pid $ngx_dir/nginx.pid;
error_log $ngx_dir/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type "text/html; charset=utf-8";
  server {
    listen 127.0.0.1:$ref_port;
    root $ngx_dir/html;
    location = / { try_files /index.html =404; }
  }
}
NGX
"$NGINX" -c "$ngx_dir/nginx.conf" -p "$ngx_dir" -e "$ngx_dir/logs/error.log"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$ref_port/" >/dev/null && break; sleep 0.2; done
cmp <(curl -s -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/") <(curl -s "http://127.0.0.1:$ref_port/")

run_wrk() { # url → "rps p50 p99"
  wrk -t2 -c64 -d"${duration}s" --latency -H 'Host: kenitra.localhost' "$1" > "$out/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$out/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$out/wrk.txt")
  errors=$(grep -E 'Non-2xx|Socket errors' "$out/wrk.txt" || true)
  [ -z "$errors" ] || { echo "wrk reported errors: $errors" >&2; cat "$out/wrk.txt" >&2; exit 1; }
  echo "$rps $p50 $p99"
}
# Warm both up, then measure.
wrk -t2 -c64 -d3s -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/" >/dev/null
wrk -t2 -c64 -d3s "http://127.0.0.1:$ref_port/" >/dev/null
read -r app_rps app_p50 app_p99 < <(run_wrk "http://127.0.0.1:$app_port/")
read -r ref_rps ref_p50 ref_p99 < <(run_wrk "http://127.0.0.1:$ref_port/")
rss=$(ps -o rss= -p "$server" | awk '{printf "%.1f", $1/1024}')
ratio=$(awk -v a="$app_rps" -v r="$ref_rps" 'BEGIN {printf "%.2f", a/r}')

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "### Foundation — $(date -u +%Y-%m-%d), $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), $("$NGINX" -v 2>&1 | sed 's/.*\///')"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| \`tenant import --national\`, empty database (1,598 rows, one transaction) | ${import_first} s |"
  echo "| the same import again (all 1,598 unchanged) | ${import_again} s |"
  echo
  echo "Home page of \`kenitra.localhost\` ($bytes bytes), \`wrk -t2 -c64 -d${duration}s\`, client and server on the same 2 cores:"
  echo
  echo "| server | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| infitah (release build, warm cache) | $app_rps | $app_p50 | $app_p99 |"
  echo "| nginx, the same bytes from a file | $ref_rps | $ref_p50 | $ref_p99 |"
  echo "| **ratio infitah / nginx** | **$ratio** | | |"
  echo
  echo "infitah's resident memory after the run: ${rss} MiB."
} | tee "$out/home-$(date -u +%Y%m%d).md"

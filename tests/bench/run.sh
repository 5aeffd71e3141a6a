#!/usr/bin/env bash
# Benchmarks (`make bench`). Prints Markdown to paste into docs/benchmarks.md,
# with the date and the machine. Measures, in one run, against references
# served on the same machine:
#  1. `infitah tenant import --national` (1,598 rows) into an empty database, and again;
#  2. a collectivity's home page and Kénitra's project page under wrk (64
#     connections), warm, beside nginx serving the byte-identical HTML; the
#     project page uncached (a second server with no page cache and no Redis);
#  3. sign-ins per second (argon2id, 50 at once), and a public page's p99
#     while they run, beside the same page without them.
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
cold_port=18183
ref_port=18182
duration=${BENCH_SECONDS:-20}
export INFITAH_ENV=production INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$db"
export INFITAH_DATABASE_NATIONAL_URL="postgres://infitah_national@127.0.0.1:5432/$db"
export INFITAH_DATABASE_WORKER_URL="postgres://infitah_worker@127.0.0.1:5432/$db"
export INFITAH_METRICS_LISTEN="127.0.0.1:0" INFITAH_BASE_DOMAIN=localhost INFITAH_LOG_FILTER=warn
# Production config wants a real secret; any 32+ characters do for a benchmark.
export INFITAH_SECRET_KEY="benchmark-secret-key-0123456789abcdef"
# Plain http on loopback (production's https would make cookies Secure and __Host- prefixed).
export INFITAH_PUBLIC_SCHEME=http INFITAH_PUBLIC_PORT=0
# The sign-in benchmark comes from many addresses (X-Forwarded-For) to stay under the per-address throttle.
export INFITAH_TRUST_FORWARDED_HOST=true

psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
"$bin" migrate >/dev/null
import_first=$("$bin" tenant import --national | sed -E 's/.* in ([0-9.]+)s.*/\1/')
import_again=$("$bin" tenant import --national | sed -E 's/.* in ([0-9.]+)s.*/\1/')
"$bin" demo >/dev/null
# 500 verified citizens of Kénitra for the sign-in benchmark (one real argon2id hash, reused).
password='une phrase assez longue pour le banc'
echo "$password" | "$bin" user add --tenant kenitra --email bench0@example.ma --role editor --password-stdin >/dev/null
psql -h 127.0.0.1 -U postgres -d "$db" -qc "
  insert into accounts (tenant_id, id, email, display_name, password_hash, lang, email_verified_at)
  select a.tenant_id, gen_random_uuid(), 'bench' || g || '@example.ma', 'Bench ' || g, a.password_hash, 'ar', now()
    from accounts a, generate_series(1, 499) g where a.email = 'bench0@example.ma'"

pids=()
ngx_dir=$(mktemp -d)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$ngx_dir/nginx.pid" ] && kill "$(cat "$ngx_dir/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
INFITAH_LISTEN="127.0.0.1:$app_port" "$bin" serve --no-worker > "$out/serve.log" 2>&1 &
pids+=($!)
# The uncached server: no page cache, and a Redis that is not there.
INFITAH_LISTEN="127.0.0.1:$cold_port" INFITAH_PAGE_CACHE_ENTRIES=0 INFITAH_REDIS_URL="redis://127.0.0.1:1/0" \
  "$bin" serve --no-worker > "$out/serve-cold.log" 2>&1 &
pids+=($!)
server=${pids[0]}
for port in $app_port $cold_port; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done

project=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select p.id from projects p join tenants t on t.id = p.tenant_id where t.slug = 'kenitra' limit 1")

# The reference: nginx serving the very bytes the app serves.
mkdir -p "$ngx_dir/html" "$ngx_dir/logs"
curl -sf -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/" -o "$ngx_dir/html/home.html"
curl -sf -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/projects/$project" -o "$ngx_dir/html/project.html"
home_bytes=$(wc -c < "$ngx_dir/html/home.html")
project_bytes=$(wc -c < "$ngx_dir/html/project.html")
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
    location = / { try_files /home.html =404; }
    location = /projects/$project { try_files /project.html =404; }
  }
}
NGX
# nginx's workers run as an unprivileged user: let them read the files.
chmod -R a+rX "$ngx_dir"
"$NGINX" -c "$ngx_dir/nginx.conf" -p "$ngx_dir" -e "$ngx_dir/logs/error.log"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$ref_port/" >/dev/null && break; sleep 0.2; done
cmp <(curl -s -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/") "$ngx_dir/html/home.html"
cmp <(curl -s "http://127.0.0.1:$ref_port/") "$ngx_dir/html/home.html"
cmp <(curl -s "http://127.0.0.1:$ref_port/projects/$project") "$ngx_dir/html/project.html"

run_wrk() { # connections url [extra wrk args…] → "rps p50 p99"
  local c=$1 u=$2; shift 2
  wrk -t2 -c"$c" -d"${duration}s" --latency -H 'Host: kenitra.localhost' "$@" "$u" > "$out/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$out/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$out/wrk.txt")
  errors=$(grep -E 'Non-2xx|Socket errors' "$out/wrk.txt" || true)
  [ -z "$errors" ] || { echo "wrk reported errors on $u: $errors" >&2; cat "$out/wrk.txt" >&2; exit 1; }
  echo "$rps $p50 $p99"
}
warm() { wrk -t2 -c64 -d3s -H 'Host: kenitra.localhost' "$1" >/dev/null; }
warm "http://127.0.0.1:$app_port/"; warm "http://127.0.0.1:$app_port/projects/$project"; warm "http://127.0.0.1:$ref_port/"
read -r home_rps home_p50 home_p99 < <(run_wrk 64 "http://127.0.0.1:$app_port/")
read -r homeref_rps homeref_p50 homeref_p99 < <(run_wrk 64 "http://127.0.0.1:$ref_port/")
read -r proj_rps proj_p50 proj_p99 < <(run_wrk 64 "http://127.0.0.1:$app_port/projects/$project")
read -r projref_rps projref_p50 projref_p99 < <(run_wrk 64 "http://127.0.0.1:$ref_port/projects/$project")
read -r cold_rps cold_p50 cold_p99 < <(run_wrk 64 "http://127.0.0.1:$cold_port/projects/$project")
rss=$(ps -o rss= -p "$server" | awk '{printf "%.1f", $1/1024}')
ratio() { awk -v a="$1" -v r="$2" 'BEGIN {printf "%.2f", a/r}'; }

# Sign-ins: a pre-session cookie and its CSRF token, then 50 connections posting the form.
jar=$(mktemp)
token=$(curl -s -c "$jar" -H 'Host: kenitra.localhost' "http://127.0.0.1:$app_port/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
pre=$(awk '$6 == "infitah_pre" {print $7}' "$jar")
cat > "$out/signin.lua" <<LUA
local i = 0
request = function()
  i = i + 1
  local n = (i * 7919 + math.random(0, 100000)) % 500
  local body = "_csrf=$token&next=%2F&email=bench" .. n .. "%40example.ma&password=une+phrase+assez+longue+pour+le+banc"
  wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 250) .. "." .. math.random(0, 250) .. "." .. math.random(1, 250)
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Origin"] = "http://kenitra.localhost"
  wrk.headers["Cookie"] = "infitah_pre=$pre"
  return wrk.format("POST", "/sign-in", nil, body)
end
LUA
# bench0 is named "bench0@…" too; accounts 0..499 all share the password.
read -r page_alone_rps page_alone_p50 page_alone_p99 < <(run_wrk 8 "http://127.0.0.1:$app_port/projects/$project")
wrk -t2 -c50 -d"${duration}s" --latency -H 'Host: kenitra.localhost' -s "$out/signin.lua" "http://127.0.0.1:$app_port/sign-in" > "$out/signin.txt" &
signin_wrk=$!
sleep 1
read -r page_busy_rps page_busy_p50 page_busy_p99 < <(BENCH_SECONDS=$((duration - 2)) run_wrk 8 "http://127.0.0.1:$app_port/projects/$project")
wait $signin_wrk
signin_rps=$(awk '/Requests\/sec/ {print $2}' "$out/signin.txt")
signin_p50=$(awk '$1=="50%" {print $2}' "$out/signin.txt")
signin_p99=$(awk '$1=="99%" {print $2}' "$out/signin.txt")
signin_bad=$(grep -E 'Non-2xx' "$out/signin.txt" | awk '{print $NF}' || true)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "### $(date -u +%Y-%m-%d) — $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), release build; wrk and the servers share the same cores"
  echo
  echo "| registry | time |"
  echo "|---|---|"
  echo "| \`tenant import --national\` into an empty database (1,598 rows, one transaction) | ${import_first} s |"
  echo "| the same import again (all 1,598 unchanged) | ${import_again} s |"
  echo
  echo "Pages of \`kenitra.localhost\`, \`wrk -t2 -c64 -d${duration}s\`:"
  echo
  echo "| page | server | requests/s | p50 | p99 | ratio to nginx |"
  echo "|---|---|---|---|---|---|"
  echo "| home ($home_bytes bytes) | infitah, warm | $home_rps | $home_p50 | $home_p99 | **$(ratio "$home_rps" "$homeref_rps")** |"
  echo "| home | nginx, same bytes | $homeref_rps | $homeref_p50 | $homeref_p99 | 1 |"
  echo "| project card ($project_bytes bytes) | infitah, warm | $proj_rps | $proj_p50 | $proj_p99 | **$(ratio "$proj_rps" "$projref_rps")** |"
  echo "| project card | nginx, same bytes | $projref_rps | $projref_p50 | $projref_p99 | 1 |"
  echo "| project card | infitah, uncached (no page cache, no Redis) | $cold_rps | $cold_p50 | $cold_p99 | $(ratio "$cold_rps" "$projref_rps") |"
  echo
  echo "Sign-ins (argon2id m=19456 KiB, t=2, p=1; \`password_hash_concurrency\` = 2), 50 connections for ${duration}s:"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| sign-ins per second | $signin_rps (p50 $signin_p50, p99 $signin_p99${signin_bad:+, non-2xx answers: $signin_bad}) |"
  echo "| project page alone, 8 connections | $page_alone_rps req/s, p50 $page_alone_p50, p99 $page_alone_p99 |"
  echo "| project page during the 50 sign-ins | $page_busy_rps req/s, p50 $page_busy_p50, p99 $page_busy_p99 |"
  echo
  echo "infitah's resident memory after the page runs: ${rss} MiB."
} | tee "$out/bench-$(date -u +%Y%m%d).md"

#!/usr/bin/env bash
# The national view at the country's scale (`tests/bench/national.sh`).
# Prints Markdown to paste into docs/benchmarks.md, with the date and the
# machine. In one run, on a fresh database holding the national list and
# `infitah demo --national-scale` (every collectivity's programme):
#  1. the time the national-scale demo takes to generate and load;
#  2. the roll-up strategies, measured in PostgreSQL (server time, median of
#     several runs): computing the figures live from the raw tables, a full
#     recomputation (what refreshing a materialised view of everything
#     costs), reading the summaries the triggers maintain, and what those
#     triggers add to one change of progress;
#  3. the national dashboard (`/`) under wrk: p50/p95/p99 uncached (a server
#     with no page cache, no snapshot cache and no Redis: every request reads
#     the roll-ups through the national role and renders) and cached (warm),
#     beside nginx serving the byte-identical page.
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

db=infitah_bench_national
app_port=${BENCH_APP_PORT:-18281}
cold_port=${BENCH_COLD_PORT:-18283}
ref_port=${BENCH_REF_PORT:-18282}
duration=${BENCH_SECONDS:-20}
connections=${BENCH_CONNECTIONS:-32}
export INFITAH_ENV=production INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$db"
export INFITAH_DATABASE_NATIONAL_URL="postgres://infitah_national@127.0.0.1:5432/$db"
export INFITAH_DATABASE_WORKER_URL="postgres://infitah_worker@127.0.0.1:5432/$db"
export INFITAH_METRICS_LISTEN="127.0.0.1:0" INFITAH_BASE_DOMAIN=localhost INFITAH_LOG_FILTER=warn
export INFITAH_SECRET_KEY="benchmark-secret-key-0123456789abcdef"
export INFITAH_PUBLIC_SCHEME=http INFITAH_PUBLIC_PORT=0

psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
"$bin" migrate >/dev/null
"$bin" demo >/dev/null
start=$(date +%s.%N)
scale_report=$("$bin" demo --national-scale | tail -1)
scale_total=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
again_start=$(date +%s.%N)
"$bin" demo --national-scale >/dev/null
scale_again=$(awk -v s="$again_start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
psql -h 127.0.0.1 -U postgres -d "$db" -qc "vacuum analyze"
counts=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAF' ' -c "select (select count(*) from national_programmes), (select count(*) from projects), (select count(*) from activities), (select count(*) from progress_events), (select count(*) from tenants where kind <> 'nation')")
read -r n_programmes n_projects n_activities n_events n_collectivities <<<"$counts"

# --- 2. Roll-up strategies, timed inside PostgreSQL --------------------------
# median_ms ROLE SETUP BODY REPS: runs BODY (a statement) REPS times in one
# DO block after SETUP, and prints the median server time in milliseconds.
median_ms() {
  local role=$1 setup=$2 body=$3 reps=$4 output
  output=$(psql -h 127.0.0.1 -U "$role" -d "$db" -qAt -v ON_ERROR_STOP=1 2>&1 <<SQL
begin;
$setup
do \$\$
declare t0 timestamptz; times float8[] := '{}';
begin
  for i in 1..$reps loop
    t0 := clock_timestamp();
    $body
    times := times || extract(epoch from clock_timestamp() - t0) * 1000;
  end loop;
  raise notice 'MEDIAN %', (select round(percentile_cont(0.5) within group (order by x)::numeric, 2) from unnest(times) x);
end
\$\$;
rollback;
SQL
  ) || { echo "measuring as $role failed: $output" >&2; exit 1; }
  sed -n 's/.*MEDIAN \([0-9.]*\).*/\1/p' <<<"$output"
}
live_sql="select t.id, cur.id is not null as has_programme, round(avg(proj.progress)) as progress, count(proj.id) as projects,
       sum(proj.n) as activities, sum(proj.done) as done, sum(proj.late_acts) as late
  from tenants t
  left join (select distinct on (tenant_id) tenant_id, id from programmes where published order by tenant_id, period_start desc) cur on cur.tenant_id = t.id
  left join (
    select p.tenant_id, p.id,
           coalesce(round(sum(a.completion * w.m)::numeric / nullif(sum(w.m), 0)), 0) as progress,
           count(a.id) as n, count(a.id) filter (where a.completion = 100) as done,
           count(a.id) filter (where a.completion < 100 and a.end_month < date_trunc('month', now() at time zone 'Africa/Casablanca')::date) as late_acts
      from (select distinct on (tenant_id) tenant_id, id from programmes where published order by tenant_id, period_start desc) c
      join projects p on p.tenant_id = c.tenant_id and p.programme_id = c.id and p.published
      left join activities a on a.tenant_id = p.tenant_id and a.project_id = p.id
      left join lateral (select greatest(1, (extract(year from a.end_month)::int - extract(year from a.start_month)::int) * 12
                                         + extract(month from a.end_month)::int - extract(month from a.start_month)::int + 1) as m) w on true
     group by p.tenant_id, p.id) proj on proj.tenant_id = t.id
 where t.kind <> 'nation'
 group by t.id, cur.id"
live_ms=$(median_ms infitah_national "" "perform sum(coalesce(progress, 0) + projects + activities + done + late) from ($live_sql) x;" 10)
psql -h 127.0.0.1 -U postgres -d "$db" -qc "drop materialized view if exists bench_live_mv; create materialized view bench_live_mv as $live_sql"
mv_refresh_ms=$(median_ms postgres "" "refresh materialized view bench_live_mv;" 5)
mv_read_ms=$(median_ms postgres "" "perform sum(coalesce(progress, 0) + projects + activities + done + late) from bench_live_mv;" 10)
psql -h 127.0.0.1 -U postgres -d "$db" -qc "drop materialized view bench_live_mv"
view_ms=$(median_ms infitah_national "" "perform sum(coalesce(progress, 0) + projects + activities + activities_done + activities_late + projects_done + projects_late + projects_in_progress + projects_not_started + coalesce(length(stage), 0)) from national_collectivities;" 10)
months_ms=$(median_ms infitah_national "" "perform sum(cardinality(progress)) from national_months;" 10)
# One change of progress as the back-office writes it (update + history row), with the triggers and without.
kenitra=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select id from tenants where slug = 'kenitra'")
activity=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select a.id from activities a join projects p on p.id = a.project_id where a.tenant_id = '$kenitra' and p.published limit 1")
project=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select project_id from activities where id = '$activity'")
write_body="update activities set completion = (completion + 10) % 100, version = version + 1 where id = '$activity';
    insert into progress_events (tenant_id, id, project_id, activity_id, old_value, new_value) values ('$kenitra', gen_random_uuid(), '$project', '$activity', 0, 10);"
write_with_ms=$(median_ms infitah_app "select set_config('app.tenant_id', '$kenitra', true);" "$write_body" 30)
write_without_ms=$(median_ms infitah_app "select set_config('app.tenant_id', '$kenitra', true); select set_config('infitah.national_bulk', 'on', true);" "$write_body" 30)
full_refresh_ms=$(median_ms postgres "" "perform national_refresh(array(select id from tenants));" 3)
# The rolled-back measurements leave dead rows behind: clean up as autovacuum would.
psql -h 127.0.0.1 -U postgres -d "$db" -qc "vacuum analyze"

# --- 3. The dashboard under wrk -------------------------------------------------
pids=()
ngx_dir=$(mktemp -d)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$ngx_dir/nginx.pid" ] && kill "$(cat "$ngx_dir/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
INFITAH_LISTEN="127.0.0.1:$app_port" "$bin" serve --no-worker > "$out/national-serve.log" 2>&1 &
pids+=($!)
# The uncached server: no page cache, no snapshot cache, and a Redis that refuses at
# once (a 1 ms time-out, so that its reconnection attempt, once a second, costs nothing).
INFITAH_LISTEN="127.0.0.1:$cold_port" INFITAH_PAGE_CACHE_ENTRIES=0 INFITAH_REDIS_URL="redis://127.0.0.1:1/0" INFITAH_REDIS_TIMEOUT_MS=1 \
  "$bin" serve --no-worker > "$out/national-serve-cold.log" 2>&1 &
pids+=($!)
server=${pids[0]}
for port in $app_port $cold_port; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done
mkdir -p "$ngx_dir/html" "$ngx_dir/logs"
curl -sf -H 'Host: localhost' -H 'Accept-Language: ar' "http://127.0.0.1:$app_port/" -o "$ngx_dir/html/index.html"
page_bytes=$(wc -c < "$ngx_dir/html/index.html")
cat > "$ngx_dir/nginx.conf" <<NGX
worker_processes auto;
pid $ngx_dir/nginx.pid;
error_log $ngx_dir/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type "text/html; charset=utf-8";
  server { listen 127.0.0.1:$ref_port; root $ngx_dir/html; location = / { try_files /index.html =404; } }
}
NGX
chmod -R a+rX "$ngx_dir"
"$NGINX" -c "$ngx_dir/nginx.conf" -p "$ngx_dir" -e "$ngx_dir/logs/error.log"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$ref_port/" >/dev/null && break; sleep 0.2; done
cmp <(curl -s -H 'Host: localhost' -H 'Accept-Language: ar' "http://127.0.0.1:$app_port/") "$ngx_dir/html/index.html"
cmp <(curl -s "http://127.0.0.1:$ref_port/") "$ngx_dir/html/index.html"
cmp <(curl -s -H 'Host: localhost' -H 'Accept-Language: ar' "http://127.0.0.1:$cold_port/") "$ngx_dir/html/index.html"

cat > "$out/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("PCT %.3f %.3f %.3f %.1f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
LUA
run_wrk() { # connections url → "p50_ms p95_ms p99_ms rps"
  local c=$1 u=$2 t=2
  [ "$c" -ge 2 ] || t=1
  wrk -t"$t" -c"$c" -d"${duration}s" -H 'Host: localhost' -H 'Accept-Language: ar' -s "$out/percentiles.lua" "$u" > "$out/wrk-national.txt"
  local errors
  errors=$(grep -E 'Non-2xx|Socket errors' "$out/wrk-national.txt" || true)
  [ -z "$errors" ] || { echo "wrk reported errors on $u: $errors" >&2; cat "$out/wrk-national.txt" >&2; exit 1; }
  awk '$1 == "PCT" {print $2, $3, $4, $5}' "$out/wrk-national.txt"
}
warm() { wrk -t2 -c"$connections" -d3s -H 'Host: localhost' -H 'Accept-Language: ar' "$1" >/dev/null; }
warm "http://127.0.0.1:$app_port/"; warm "http://127.0.0.1:$ref_port/"; warm "http://127.0.0.1:$cold_port/"
read -r cached_p50 cached_p95 cached_p99 cached_rps < <(run_wrk "$connections" "http://127.0.0.1:$app_port/")
read -r cached8_p50 cached8_p95 cached8_p99 cached8_rps < <(run_wrk 8 "http://127.0.0.1:$app_port/")
read -r ref_p50 ref_p95 ref_p99 ref_rps < <(run_wrk "$connections" "http://127.0.0.1:$ref_port/")
# Uncached: one connection (the latency of a lone first reader), then under load.
read -r cold1_p50 cold1_p95 cold1_p99 cold1_rps < <(run_wrk 1 "http://127.0.0.1:$cold_port/")
read -r cold_p50 cold_p95 cold_p99 cold_rps < <(run_wrk 8 "http://127.0.0.1:$cold_port/")
# The other national pages, uncached, one connection.
read -r region_p50 region_p95 _ _ < <(run_wrk 1 "http://127.0.0.1:$cold_port/regions/region-rabat-sale-kenitra")
read -r province_p50 province_p95 _ _ < <(run_wrk 1 "http://127.0.0.1:$cold_port/provinces/province-kenitra")
read -r card_p50 card_p95 _ _ < <(run_wrk 1 "http://127.0.0.1:$cold_port/collectivities/kenitra")
rss=$(ps -o rss= -p "$server" | awk '{printf "%.1f", $1/1024}')
ratio() { awk -v a="$1" -v r="$2" 'BEGIN {printf "%.2f", a/r}'; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "### $(date -u +%Y-%m-%d) — national view at scale; $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), release build; wrk and the servers share the same cores"
  echo
  echo "Data: $n_collectivities collectivities, $n_programmes with a published programme, $n_projects projects, $n_activities activities, $n_events progress events."
  echo
  echo "| national-scale demo | time |"
  echo "|---|---|"
  echo "| \`infitah demo --national-scale\` on the national list (whole command) | ${scale_total} s |"
  echo "| the same again (idempotent: nothing written) | ${scale_again} s |"
  echo
  echo "> $scale_report"
  echo
  echo "Roll-up strategies, server time in PostgreSQL (median):"
  echo
  echo "| strategy | what is measured | ms |"
  echo "|---|---|---|"
  echo "| live | each collectivity's figures computed from the raw tables at read time (no months) | $live_ms |"
  echo "| materialised | \`refresh materialized view\` of that same query (what any change would cost) | $mv_refresh_ms |"
  echo "| materialised | reading the materialised view | $mv_read_ms |"
  echo "| full recomputation | \`national_refresh\` of every collectivity, months included | $full_refresh_ms |"
  echo "| **incremental (chosen)** | reading \`national_collectivities\` (every collectivity, late counts of this month) | **$view_ms** |"
  echo "| **incremental (chosen)** | reading every collectivity's months (one array each; the line is aggregated from them in the server) | **$months_ms** |"
  echo "| **incremental (chosen)** | one change of progress (update + history row) with the triggers | **$write_with_ms** |"
  echo "| incremental | the same change with the triggers skipped | $write_without_ms |"
  echo
  echo "The national dashboard \`/\` ($page_bytes bytes, Arabic), \`wrk -d${duration}s\` (two threads, one for a single connection):"
  echo
  echo "| server | connections | requests/s | p50 | p95 | p99 |"
  echo "|---|---|---|---|---|---|"
  echo "| infitah, cached (warm) | $connections | $cached_rps | ${cached_p50} ms | **${cached_p95} ms** | ${cached_p99} ms |"
  echo "| infitah, cached (warm) | 8 | $cached8_rps | ${cached8_p50} ms | **${cached8_p95} ms** | ${cached8_p99} ms |"
  echo "| nginx, same bytes | $connections | $ref_rps | ${ref_p50} ms | ${ref_p95} ms | ${ref_p99} ms |"
  echo "| infitah, uncached | 1 | $cold1_rps | ${cold1_p50} ms | **${cold1_p95} ms** | ${cold1_p99} ms |"
  echo "| infitah, uncached | 8 | $cold_rps | ${cold_p50} ms | ${cold_p95} ms | ${cold_p99} ms |"
  echo
  echo "Other national pages, uncached, one connection: region p50 ${region_p50} ms / p95 ${region_p95} ms; province p50 ${province_p50} ms / p95 ${province_p95} ms; a collectivity's card p50 ${card_p50} ms / p95 ${card_p95} ms."
  echo
  echo "Cached throughput is $(ratio "$cached_rps" "$ref_rps")× nginx's on the same bytes. infitah's resident memory after the runs: ${rss} MiB."
} | tee "$out/bench-national-$(date -u +%Y%m%d).md"

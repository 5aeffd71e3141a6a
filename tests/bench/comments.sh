#!/usr/bin/env bash
# Comments accepted per second through the whole path, and proof that none
# was lost. Prints Markdown to paste into docs/benchmarks.md.
#
# The path is the real one: HTTP form POST to /consultations/{id}/comments
# with a session cookie and its CSRF token, the session (one statement as
# infitah_app under row-level security) and CSRF checks, the per-address and
# per-account throttles (Redis), the checks of the post (the consultation's
# window, the catalogue check of profile and age bracket, the parent: one
# statement), its write (the author's lock and duplicate check, the insert,
# committed: one statement), the content-version bump after the commit and
# its NOTIFY, and the 303 back to the page.
#
# Each of BENCH_ACCOUNTS verified citizens (sessions made directly in the
# database: signing 15,000 people in through argon2 would measure argon2)
# posts at most a handful of times, from an address of its own, so the
# throttles let them through as they would let real citizens through; a
# second, short run makes one account post as fast as it can, to show the
# throttle holding. wrk counts each answer by status; afterwards the
# database's count of the benchmark's comments must equal the 303s.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out="$root/tests/bench/out"
mkdir -p "$out"

tests/scripts/services.sh
SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
command -v wrk >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

cargo build --release --quiet --bin infitah
bin="$root/target/release/infitah"

db=infitah_bench_comments
port=18191
duration=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
accounts=${BENCH_ACCOUNTS:-15000}
secret="benchmark-secret-key-0123456789abcdef"
export INFITAH_ENV=production INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$db"
export INFITAH_DATABASE_NATIONAL_URL="postgres://infitah_national@127.0.0.1:5432/$db"
export INFITAH_DATABASE_WORKER_URL="postgres://infitah_worker@127.0.0.1:5432/$db"
export INFITAH_METRICS_LISTEN="127.0.0.1:0" INFITAH_BASE_DOMAIN=localhost INFITAH_LOG_FILTER=warn
export INFITAH_SECRET_KEY="$secret" INFITAH_PUBLIC_SCHEME=http INFITAH_PUBLIC_PORT=0
# Each citizen posts from an address of its own (X-Forwarded-For, trusted as behind a proxy).
export INFITAH_TRUST_FORWARDED_HOST=true

psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
"$bin" migrate >/dev/null
"$bin" demo >/dev/null

# An open consultation on Kénitra's first project, and the citizens with their sessions.
tenant=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select id from tenants where slug = 'kenitra'")
consultation=$(psql -h 127.0.0.1 -U postgres -d "$db" -qtAc "
  insert into consultations (tenant_id, id, programme_id, project_id, title_fr, opens_at, closes_at)
  select p.tenant_id, gen_random_uuid(), p.programme_id, p.id, 'Banc d''essai', now() - interval '1 hour', now() + interval '1 day'
    from projects p where p.tenant_id = '$tenant' and p.published order by p.position limit 1
  returning id")
python3 - "$secret" "$tenant" "$accounts" "$out/citizens.txt" "$out/citizens.sql" <<'PY'
import base64, hashlib, hmac, os, sys, uuid
secret, tenant, n, lines_path, sql_path = sys.argv[1], uuid.UUID(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
with open(lines_path, "w") as lines, open(sql_path, "w") as sql:
    sql.write("copy accounts (tenant_id, id, email, display_name, lang, email_verified_at) from stdin;\n")
    people = []
    for i in range(n):
        acc = uuid.uuid4()
        token = b64(os.urandom(32))
        digest = hashlib.sha256(token.encode()).digest()
        csrf = b64(hmac.new(secret.encode(), b"infitah-csrf\0" + tenant.bytes + digest, hashlib.sha256).digest())
        people.append((acc, digest))
        sql.write(f"{tenant}\t{acc}\tbench{i}@example.ma\tCitoyen {i}\tar\tnow\n")
        lines.write(f"{token} {csrf}\n")
    sql.write("\\.\ncopy sessions (tenant_id, id, token_hash, account_id, expires_at) from stdin;\n")
    for acc, digest in people:
        sql.write(f"{tenant}\t{uuid.uuid4()}\t\\\\x{digest.hex()}\t{acc}\t2099-01-01\n")
    sql.write("\\.\n")
PY
psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -f "$out/citizens.sql"
# What autovacuum would do after such a load: without statistics the planner
# looks sessions up through the wrong index (measured: 6 ms a request instead of 0.05).
psql -h 127.0.0.1 -U postgres -d "$db" -qc "analyze"

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
INFITAH_LISTEN="127.0.0.1:$port" "$bin" serve --no-worker > "$out/serve-comments.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

# wrk: every request is the next citizen's next comment; answers are counted by status.
cat > "$out/comments.lua" <<LUA
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  people = {}
  for line in io.lines("$out/citizens.txt") do
    local token, csrf = line:match("(%S+) (%S+)")
    table.insert(people, { token = token, csrf = csrf })
  end
  single = args[1] == "single"
  n, accepted, throttled, other = 0, 0, 0, 0
end
function request()
  n = n + 1
  -- (wrk runs this script in each thread's own Lua state: two threads, told apart by tid)
  local k = single and 1 or (((n - 1) * 2 + tid) % #people) + 1
  local p = people[k]
  local body = "_csrf=" .. p.csrf .. "&profile=citizen&age_bracket=25_34&body=" ..
    "Proposition+" .. tid .. "-" .. n .. "+%D8%AA%D8%B9%D9%84%D9%8A%D9%82+pour+le+projet"
  wrk.headers["Cookie"] = "infitah_session=" .. p.token
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Origin"] = "http://kenitra.localhost"
  wrk.headers["X-Forwarded-For"] = "10." .. math.floor(k / 65536) % 256 .. "." .. math.floor(k / 256) % 256 .. "." .. k % 256
  return wrk.format("POST", "/consultations/$consultation/comments", nil, body)
end
function response(status, headers, body)
  if status == 303 then accepted = accepted + 1
  elseif status == 429 then throttled = throttled + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local a, t, o = 0, 0, 0
  for _, th in ipairs(threads) do
    a = a + th:get("accepted"); t = t + th:get("throttled"); o = o + th:get("other")
  end
  io.write(string.format("counted %d %d %d\n", a, t, o))
end
LUA

count() { psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select count(*) from comments where consultation_id = '$consultation'"; }
before=$(count)
wrk -t2 -c"$connections" -d"${duration}s" --latency -H 'Host: kenitra.localhost' -s "$out/comments.lua" \
  "http://127.0.0.1:$port/" > "$out/comments-wrk.txt"
after=$(count)
read -r accepted throttled other < <(awk '/^counted/ {print $2, $3, $4}' "$out/comments-wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$out/comments-wrk.txt")
p50=$(awk '$1=="50%" {print $2}' "$out/comments-wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$out/comments-wrk.txt")
saved=$((after - before))
accepted_rate=$(awk -v a="$accepted" -v d="$duration" 'BEGIN {printf "%.0f", a/d}')

# What autovacuum does within a minute of such a burst (migrations/0011):
# without it the planner still believes Kénitra has no comment, and each
# throttled answer (the page again) reads its threads the slow way.
psql -h 127.0.0.1 -U postgres -d "$db" -qc "analyze comments"

# One citizen posting as fast as 8 connections allow, for 3 seconds: the throttle must hold.
before_single=$(count)
wrk -t1 -c8 -d3s -H 'Host: kenitra.localhost' -s "$out/comments.lua" "http://127.0.0.1:$port/" -- single > "$out/comments-single.txt"
single_saved=$(( $(count) - before_single ))
read -r s_acc s_thr s_other < <(awk '/^counted/ {print $2, $3, $4}' "$out/comments-single.txt")

# The reference: PostgreSQL alone running the path's three statements (the
# session, the checks, the write), as infitah_app, with pgbench on the same
# cores in wrk's place and as many clients as the server has connections
# (database_max_connections, 16). Each transaction first picks a citizen
# (one more primary-key read). What the database can do here bounds what the
# whole path can.
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)
psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 <<SQL
create schema bench;
create table bench.people as
  select row_number() over (order by s.id) as k, s.account_id, s.token_hash
    from sessions s join accounts a on a.id = s.account_id where a.email like 'bench%';
alter table bench.people add primary key (k);
grant usage on schema bench to infitah_app;
grant select on bench.people to infitah_app;
SQL
cat > "$out/comments.pgbench" <<SQL
\set k random(1, $accounts)
select account_id as author, token_hash as th from bench.people where k = :k \gset
select * from session_live('$tenant', :th, 60);
select * from comment_check('$tenant', '$consultation', false, 'citizen', '25_34', null);
select comment_insert('$tenant', gen_random_uuid(), '$consultation', null, :author, 'citizen', '25_34', 'pgbench ' || random()::text, 10);
SQL
"$pgbench" -h 127.0.0.1 -U infitah_app -n -M prepared -c 16 -j 2 -T "$duration" -f "$out/comments.pgbench" "$db" > "$out/comments-pgbench.txt" 2>&1
pg_tps=$(awk '/^tps/ {printf "%.0f", $3}' "$out/comments-pgbench.txt")
ratio=$(awk -v a="$accepted_rate" -v b="$pg_tps" 'BEGIN {printf "%.2f", a/b}')

# Every 303 must be in the database. A few more may be: posts still in flight
# when wrk stopped, which the server committed but wrk never read (at most one
# per connection).
in_flight=$((saved - accepted))
lost="none"
if [ "$in_flight" -lt 0 ] || [ "$in_flight" -gt "$connections" ]; then lost="MISMATCH: $accepted accepted, $saved saved"; fi
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "### Comments — $(date -u +%Y-%m-%d) — $(nproc) cores ($cpu), PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), release build; wrk and the server share the cores"
  echo
  echo "\`wrk -t2 -c$connections -d${duration}s\`, $accounts verified citizens of Kénitra, each from its own address:"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| comments accepted (303) | $accepted, i.e. **$accepted_rate per second** (all answers: $rps/s, p50 $p50, p99 $p99) |"
  echo "| refused by a throttle (429) / other answers | $throttled / $other |"
  echo "| comments in the database afterwards | $saved ($in_flight still in flight when wrk stopped) — lost: **$lost** |"
  echo "| one citizen posting flat out for 3 s (8 connections) | $s_acc accepted, $s_thr throttled, $s_other other; $single_saved saved |"
  echo "| reference: PostgreSQL alone, the same three statements (pgbench, 16 clients) | **$pg_tps per second**; the whole path does **$ratio×** that |"
} | tee "$out/comments-$(date -u +%Y%m%d).md"
[ "$lost" = none ] && [ "$single_saved" -ge "$s_acc" ]

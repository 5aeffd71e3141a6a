#!/usr/bin/env bash
# Does a password reset tell, by its timing, whether an address has an
# account? Measures POST /password/forgot for BENCH_SAMPLES addresses with an
# account and as many without, interleaved, each with its own form token and
# from its own address (X-Forwarded-For, so that the per-address throttle lets
# every sample through), and prints both medians, their ratio and how often a
# known sample was slower than the unknown ones' 90th percentile. A
# measurement, not a test: the target is a ratio within 10 % (docs/security.md,
# "Account enumeration").
#
# BENCH_PROFILE=debug measures the debug binary (no release build needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

tests/scripts/services.sh
profile=${BENCH_PROFILE:-release}
if [ "$profile" = release ]; then
  cargo build --release --quiet --bin infitah
else
  cargo build --quiet --bin infitah
fi
bin="$root/target/$profile/infitah"

db=infitah_bench_reset
port=18193
samples=${BENCH_SAMPLES:-30}
export INFITAH_ENV=test INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_LISTEN="127.0.0.1:$port" INFITAH_METRICS_LISTEN="127.0.0.1:0" INFITAH_PUBLIC_PORT="$port"
export INFITAH_REDIS_URL="redis://127.0.0.1:6379/5" INFITAH_LOG_FILTER=warn
export INFITAH_TRUST_FORWARDED_HOST=true
redis-cli -n 5 flushdb >/dev/null

PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
"$bin" migrate >/dev/null
"$bin" demo >/dev/null
for i in $(seq 1 "$samples"); do
  echo 'une phrase assez longue pour la mesure' |
    "$bin" user add --tenant kenitra --email "known$i@example.ma" --role editor --password-stdin >/dev/null
done
"$bin" serve --no-worker >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

python3 - "$port" "$samples" <<'EOF'
import http.client, random, re, statistics, sys, time
from urllib.parse import urlencode

port, n = int(sys.argv[1]), int(sys.argv[2])

def sample(email, ip):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/password/forgot", headers={"Host": "kenitra.localhost", "X-Forwarded-For": ip})
    r = c.getresponse()
    body = r.read().decode()
    cookies = "; ".join(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie")
    token = re.search(r'name="_csrf" value="([^"]+)"', body).group(1)
    form = urlencode({"_csrf": token, "email": email})
    headers = {"Host": "kenitra.localhost", "X-Forwarded-For": ip, "Cookie": cookies,
               "Content-Type": "application/x-www-form-urlencoded"}
    start = time.perf_counter()
    c.request("POST", "/password/forgot", body=form, headers=headers)
    r = c.getresponse()
    r.read()
    took = (time.perf_counter() - start) * 1000
    assert r.status == 200, (email, r.status)
    c.close()
    # Spaced as an attacker would space them: each sample's work after its
    # answer (a known address's writes) is over before the next is measured.
    time.sleep(0.1)
    return took

# A few of each first, not counted (connections, caches).
for i in range(3):
    sample(f"warm{i}@example.ma", f"10.9.0.{i + 1}")
known, unknown = [], []
# Interleaved, in an order drawn afresh for each pair (seeded: repeatable).
rng = random.Random(2026)
for i in range(n):
    pair = [("k", f"known{i + 1}@example.ma", f"10.1.{i // 250}.{i % 250 + 1}"),
            ("u", f"nobody{i + 1}@example.ma", f"10.2.{i // 250}.{i % 250 + 1}")]
    rng.shuffle(pair)
    for kind, email, ip in pair:
        (known if kind == "k" else unknown).append(sample(email, ip))
mk, mu = statistics.median(known), statistics.median(unknown)
p90 = sorted(unknown)[int(0.9 * (len(unknown) - 1))]
slower = sum(k > p90 for k in known)
print(f"| samples | {n} known, {n} unknown, interleaved in random order |")
print(f"| median, address with an account | {mk:.2f} ms |")
print(f"| median, address without | {mu:.2f} ms |")
print(f"| ratio (with / without) | {mk / mu:.3f} |")
print(f"| known samples slower than the unknown ones' 90th percentile | {slower} of {n} |")
EOF
# The known addresses' links were queued after the answers.
sleep 1
queued=$(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select count(*) from outbox where kind = 'reset_password' and recipient like 'known%'")
echo "| reset mails queued for the known addresses (after the answers) | $queued of $samples |"

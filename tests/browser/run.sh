#!/usr/bin/env bash
# Browser tests: the real server on the demo data, driven by playwright-core
# in Debian's Chromium. Screenshots land in tests/browser/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
root=$(cd ../.. && pwd)

SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list :lang=ar 2>/dev/null | grep -q 'Noto Naskh Arabic' || need+=(fonts-noto-core)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "infitah: installing ${need[*]} with apt"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# playwright-core needs Node.js 20 or later: Debian 12's is 18 (see ../scripts/node.sh).
node=$("$root/tests/scripts/node.sh")
# The Nu HTML checker (vnu.jar, the npm registry's vnu-jar) runs on Debian's
# Java. Install scripts are not run: vnu-jar's would fetch a Java runtime
# from GitHub when none is installed yet (no package here needs one).
command -v java >/dev/null 2>&1 || { echo "infitah: installing default-jre-headless with apt"; $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
{ [ -d node_modules/playwright-core ] && [ -d node_modules/maildev ] && [ -d node_modules/axe-core ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ]; } || npm ci --ignore-scripts --no-audit --no-fund --silent

(cd "$root" && cargo build --quiet --bin infitah)
bin="$root/target/debug/infitah"

db=infitah_browser
port=${INFITAH_BROWSER_PORT:-18080}
export INFITAH_ENV=test
export INFITAH_CONFIG_DIR="$root/config"
export INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
export INFITAH_DATABASE_ADMIN_URL="postgres://postgres@127.0.0.1:5432/$db"
export INFITAH_DATABASE_NATIONAL_URL="postgres://infitah_national@127.0.0.1:5432/$db"
export INFITAH_DATABASE_WORKER_URL="postgres://infitah_worker@127.0.0.1:5432/$db"
export INFITAH_LISTEN="127.0.0.1:$port"
export INFITAH_METRICS_LISTEN="127.0.0.1:0"
export INFITAH_PUBLIC_PORT="$port"
# A Redis database of the tests' own, emptied: throttles counted by earlier
# runs (keyed by collectivity, and the nation's id is the same in every
# database) must not turn this run's sign-ins away.
export INFITAH_REDIS_URL="redis://127.0.0.1:6379/3"
redis-cli -n 3 flushdb >/dev/null
# Mail goes to a mail catcher of the tests' own, read through its API.
smtp_port=${INFITAH_BROWSER_SMTP_PORT:-11025}
mail_port=${INFITAH_BROWSER_MAIL_PORT:-11080}
export INFITAH_SMTP_URL="smtp://127.0.0.1:$smtp_port" INFITAH_WORKER_POLL_MS=100
node_modules/.bin/maildev --smtp "$smtp_port" --web "$mail_port" --ip 127.0.0.1 --web-ip 127.0.0.1 > "$here/maildev.log" 2>&1 &
catcher=$!
psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
"$bin" migrate >/dev/null
"$bin" demo >/dev/null
echo 'une phrase assez longue pour Kénitra' | "$bin" user add --tenant kenitra --email editrice@kenitra.ma --role editor --name 'سناء' --password-stdin >/dev/null
echo 'une phrase assez longue pour Kénitra' | "$bin" user add --tenant kenitra --email admin@kenitra.ma --role admin --name 'Amal' --password-stdin >/dev/null
echo 'une phrase assez longue pour Kénitra' | "$bin" user add --tenant kenitra --email moderation@kenitra.ma --role moderator --name 'Karim' --password-stdin >/dev/null
echo 'une phrase assez longue pour Kénitra' | "$bin" user add --tenant national --email gestion@infitah.ma --role national_manager --name 'Nadia' --password-stdin >/dev/null
# A collectivity whose colour is light (saffron, 1.64:1 on white): the
# accessibility test checks that its text still reads (#14 §5).
"$bin" tenant update chefchaouen --color '#f4c430' >/dev/null
"$bin" serve > "$here/server.log" 2>&1 &
server=$!
trap 'kill $server $catcher 2>/dev/null; wait $server $catcher 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

mkdir -p screenshots
rm -rf html && mkdir html
# (INFITAH_BROWSER_TESTS="accessibility" runs one file while working on it.)
files=(./*.test.mjs)
[ -n "${INFITAH_BROWSER_TESTS:-}" ] && files=("./$INFITAH_BROWSER_TESTS.test.mjs")
INFITAH_URL_PORT=$port INFITAH_MAIL_PORT=$mail_port "$node" --test --test-concurrency=1 "${files[@]}"

# The pages the accessibility test kept (html/): the Nu HTML checker, 0 errors.
if [ -z "${INFITAH_BROWSER_TESTS:-}" ] || [ "$INFITAH_BROWSER_TESTS" = accessibility ]; then
  pages=(html/*.html)
  [ ${#pages[@]} -ge 25 ] || { echo "infitah: only ${#pages[@]} pages kept for the HTML checker"; exit 1; }
  if ! java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only "${pages[@]}" > vnu.log 2>&1; then
    echo "infitah: the Nu HTML checker found errors:"; cat vnu.log; exit 1
  fi
  echo "# Nu HTML checker: ${#pages[@]} pages, 0 errors"
fi


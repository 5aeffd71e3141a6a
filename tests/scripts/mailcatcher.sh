#!/usr/bin/env bash
# Starts a local mail catcher (maildev, from npm) for `make run`, unless one
# already answers: SMTP on 127.0.0.1:1025 (the default smtp_url), and a web
# view of every message on http://127.0.0.1:1080.
set -euo pipefail
cd "$(dirname "$0")/../browser"

need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "infitah: installing ${need[*]} with apt"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if curl -sf http://127.0.0.1:1080/ >/dev/null 2>&1; then exit 0; fi
[ -d node_modules/maildev ] || npm ci --ignore-scripts --no-audit --no-fund --silent
nohup node_modules/.bin/maildev --smtp 1025 --web 1080 --ip 127.0.0.1 --web-ip 127.0.0.1 > maildev.log 2>&1 &
for _ in $(seq 1 30); do curl -sf http://127.0.0.1:1080/ >/dev/null 2>&1 && break; sleep 0.3; done
echo "infitah: mail catcher on http://127.0.0.1:1080 (SMTP 127.0.0.1:1025)"

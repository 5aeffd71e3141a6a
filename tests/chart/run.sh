#!/usr/bin/env bash
# The Helm chart's checks, without a cluster: renders and lints the chart with
# Helm's own library (helm-python-sdk), validates every object against the
# Kubernetes schemas (kubernetes-validate --strict) and the custom resources
# against their CRDs' schemas, and checks routing, hooks, security and the
# refusal of bad values. Installs what it needs into tests/chart/.venv and
# tests/chart/node_modules when missing. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "infitah: installing ${need[*]} with apt"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! cmp -s requirements.txt .venv/requirements.installed; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/requirements.installed
fi
if ! cmp -s package-lock.json node_modules/.package-lock.installed 2>/dev/null; then
  npm ci --no-audit --no-fund --silent
  cp package-lock.json node_modules/.package-lock.installed
fi

export PYTHONDONTWRITEBYTECODE=1
exec .venv/bin/python -m pytest -p no:cacheprovider -q test_chart.py "$@"

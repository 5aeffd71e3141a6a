#!/usr/bin/env bash
# Prints the path of a Node.js of at least version 20, which playwright-core
# needs (tests/browser). Debian 13's nodejs is 20; Debian 12's is 18, and then
# this installs Node 20 from the npm registry (the package node-linux-<arch>,
# the official build that the npm package `node` installs) into tests/.node,
# once. Installs Debian's nodejs and npm first when there is no node at all.
set -euo pipefail
cd "$(dirname "$0")/.."
version=20.20.2

major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "infitah: installing nodejs npm with apt" >&2
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ "$(major node)" -ge 20 ]; then command -v node; exit 0; fi

case $(uname -m) in
  x86_64) arch=x64 ;; aarch64) arch=arm64 ;; ppc64le) arch=ppc64le ;; s390x) arch=s390x ;;
  *) echo "infitah: no Node.js 20 package for $(uname -m) on the npm registry; install Node.js 20 or later" >&2; exit 1 ;;
esac
bin="$PWD/.node/node_modules/node-linux-$arch/bin/node"
if [ ! -x "$bin" ] || [ "$("$bin" --version)" != "v$version" ]; then
  echo "infitah: Node.js $(node --version) is older than playwright-core needs; installing Node.js $version from the npm registry (node-linux-$arch)" >&2
  mkdir -p .node
  npm install --prefix .node --no-save --no-package-lock --no-audit --no-fund --silent "node-linux-$arch@$version" >&2
fi
"$bin" --version >/dev/null
echo "$bin"

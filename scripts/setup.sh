#!/bin/bash
# Sets up a fresh Debian 12 machine (as root) for Vigil and its tests:
# Debian's keepalived is the reference the tests compare against, iproute2 builds
# the test networks, tcpdump watches the wire. Then the pinned npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/setup.sh: run as root (it installs Debian packages)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq keepalived iproute2 tcpdump >/dev/null
# keepalived's package starts a daemon; Vigil's tests only use the binary.
systemctl disable --now keepalived >/dev/null 2>&1 || true
npm ci --no-fund --no-audit
# bin/vigil runs the compiled dist/ (plain node starts much faster than tsx).
npm run build

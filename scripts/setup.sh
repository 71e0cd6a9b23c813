#!/bin/bash
# Sets up a fresh Debian 12 machine (as root) for Vigil and its tests:
# Debian's keepalived is the reference the tests compare against, iproute2 builds
# the test networks, ping is the split-brain guard's track_script, tcpdump watches
# the wire, openssl makes test certificates, user-mode-linux boots a kernel with
# ip_vs for the IPVS tests and ipvsadm reads its table back. Then the pinned npm
# dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/setup.sh: run as root (it installs Debian packages)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq keepalived iproute2 iputils-ping tcpdump build-essential python3 openssl ipvsadm user-mode-linux >/dev/null
# keepalived's package starts a daemon; Vigil's tests only use the binary.
systemctl disable --now keepalived >/dev/null 2>&1 || true
npm ci --no-fund --no-audit
# The raw-socket addon (native/netraw/README.md), against the installed Node's own headers:
# node-gyp must not try to download them.
npx node-gyp rebuild -C native/netraw --nodedir=/usr >/dev/null
# bin/vigil runs the compiled dist/ (plain node starts much faster than tsx).
npm run build

#!/usr/bin/env bash
# Installs what Orrery needs to build, run and test on Debian 12 (bookworm). Idempotent.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
PKGS=(cmake ninja-build g++ pkg-config dpkg-dev fakeroot
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev
  qt6-declarative-dev libjq-dev
  qt6-tools-dev qt6-l10n-tools qtkeychain-qt6-dev libqt6sql6-sqlite libqt6sql6-psql libxkbcommon-dev
  libhiredis-dev libsqlite3-dev libpq-dev postgresql redis-server xvfb xauth fonts-dejavu-core
  dbus gnome-keyring libsecret-1-0 procps curl wrk
  nodejs python3-socketio python3-engineio python3-websocket python3-aiohttp
  lintian appstream desktop-file-utils systemd man-db adduser)
# --test: also what only the test suite needs (Debian's chromium for the dashboard's end-to-end test;
# clang 14 and its libFuzzer/sanitizer runtimes for scripts/fuzz.sh).
if [ "${1:-}" = "--test" ]; then PKGS+=(chromium clang libclang-rt-14-dev); fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# npm installs the real third-party clients the integration tests use (into the build tree).
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

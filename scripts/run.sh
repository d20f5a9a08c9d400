#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Orrery: installs the packages, builds,
# and starts the main job. With a display that is the desktop console `orrery`; without
# one it is orreryd on the embedded SQLite store in the user's data directory, serving on
# 127.0.0.1:8080 with the demo workflows. Extra arguments go to the program (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DORRERY_BUILD_TESTS=OFF
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/orrery/orrery ]; then
  exec build/app/orrery/orrery "$@"
fi
exec build/app/orreryd/orreryd "$@"

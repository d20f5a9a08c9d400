#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the whole test suite: installs the packages,
# builds with tests, starts PostgreSQL (the local 15/main cluster) and Redis on loopback, and
# runs every registered test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
bash scripts/build.sh -DORRERY_BUILD_TESTS=ON
# Real third-party clients used by integration tests, installed into the build tree.
mkdir -p build/node
if [ ! -f build/node/node_modules/@io-orkes/conductor-javascript/package.json ]; then
  (cd build/node && npm install --no-audit --no-fund --legacy-peer-deps --loglevel=error \
     @io-orkes/conductor-javascript@4.0.0 >/dev/null)
fi
source scripts/test-services.sh
cd build
ctest --output-on-failure -j2 --timeout 900 "$@"

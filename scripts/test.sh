#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the whole test suite: installs the packages,
# builds with tests, starts PostgreSQL (the local 15/main cluster) and Redis on loopback, and
# runs every registered test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DORRERY_BUILD_TESTS=ON
source scripts/test-services.sh
cd build
ctest --output-on-failure -j2 --timeout 900 "$@"

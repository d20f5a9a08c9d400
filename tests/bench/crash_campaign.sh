#!/bin/sh
# The long crash campaign of issue 12 (docs/reliability-crash.md): the CTest variant's program
# (build/tests/reliability/crash/crash_campaign) with the long arguments, on SQLite and then on
# PostgreSQL (a throwaway server on a free port, or ORRERY_TEST_PG_URL). Prints one table per
# backend; exits non-zero when a check failed. ORRERY_TEST_BINARY_DIR=<dir> runs <dir>/app/orreryd/orreryd
# instead of the build's (a copy, so a rebuild during the run cannot swap the binary).
#   tests/bench/crash_campaign.sh [build-dir] [extra crash_campaign arguments…]
#   e.g. tests/bench/crash_campaign.sh build --seed 42     BACKENDS=sqlite tests/bench/crash_campaign.sh
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
prog="$build/tests/reliability/crash/crash_campaign"
[ -x "$prog" ] || { echo "build it first: ninja -C $build crash_campaign orreryd" >&2; exit 2; }
status=0
for backend in ${BACKENDS:-sqlite postgres}; do
  ORRERY_TEST_BINARY_DIR=${ORRERY_TEST_BINARY_DIR:-$(cd "$build" && pwd)} "$prog" --backend "$backend" --workflows "${WORKFLOWS:-6000}" \
    --kills "${KILLS:-50}" --mean-gap-ms "${MEAN_GAP_MS:-3000}" --quiesce-timeout 900 "$@" || status=$?
done
exit $status

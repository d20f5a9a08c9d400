#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang under ASan + UBSan (CMake preset "fuzz",
# build-fuzz/) and runs each for N seconds, starting from its seed corpus (tests/fuzz/corpus/<t>)
# and its dictionary (tests/fuzz/dict/<t>.dict). Fails on any crash, leak, UB report, timeout or
# out-of-memory; the input is left in build-fuzz/fuzz-artifacts/<t>/. Prints one line per target.
#   scripts/fuzz.sh [seconds-per-target (default 60)] [target...]   targets: cron socketio_packet
#       definitions parameter_resolver request_guard http_request (default: all)
# New inputs libFuzzer finds stay in build-fuzz/fuzz-corpus/<t> (reused by the next run); copy the
# interesting ones into tests/fuzz/corpus/<t> by hand. ORRERY_BUILD_LOCK (default
# /tmp/orrery-build.lock) is held while compiling; JOBS (2) compile jobs.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-60}
shift || true
ALL=(cron socketio_packet definitions parameter_resolver request_guard http_request)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")
for t in "${TARGETS[@]}"; do
  [[ " ${ALL[*]} " == *" $t "* ]] || { echo "unknown fuzz target '$t'; known: ${ALL[*]}" >&2; exit 2; }
done
if ! [[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || [ "$SECONDS_PER_TARGET" -lt 1 ]; then
  echo "seconds per target must be a positive integer, not '$SECONDS_PER_TARGET'" >&2; exit 2
fi
command -v clang++ >/dev/null || { echo "clang++ is missing: scripts/install-deps.sh --test installs clang and libclang-rt-14-dev" >&2; exit 2; }

LOCK=${ORRERY_BUILD_LOCK:-/tmp/orrery-build.lock}
export CCACHE_NOHASHDIR=1
export CCACHE_DIR=${ORRERY_FUZZ_CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ccache-fuzz}
cmake --preset fuzz >/dev/null || exit 2
# One target after the other: one that does not build is reported below, the others still run.
mkdir -p build-fuzz/fuzz-logs
rm -f build-fuzz/fuzz-logs/built
flock "$LOCK" bash -c 'for t; do
    if ninja -C build-fuzz -j"${JOBS:-2}" fuzz_$t >build-fuzz/fuzz-logs/build-$t.log 2>&1; then echo $t >>build-fuzz/fuzz-logs/built
    else grep -E -A12 "^FAILED:" build-fuzz/fuzz-logs/build-$t.log | head -40; fi
  done' _ "${TARGETS[@]}"

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan-suppressions.txt:print_suppressions=0"
export QT_QPA_PLATFORM=offscreen
failed=0
printf '%-20s %6s %12s %10s %8s %8s %8s %s\n' target seconds runs exec/s cov ft corpus result
for t in "${TARGETS[@]}"; do
  if ! grep -qx "$t" build-fuzz/fuzz-logs/built 2>/dev/null; then
    printf '%-20s %6s %12s %10s %8s %8s %8s %s\n' "$t" - - - - - - "FAILED (did not build: build-fuzz/fuzz-logs/build-$t.log)"
    failed=1
    continue
  fi
  work=build-fuzz/fuzz-corpus/$t
  artifacts=build-fuzz/fuzz-artifacts/$t
  log=build-fuzz/fuzz-logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dict=()
  [ -f tests/fuzz/dict/$t.dict ] && dict=(-dict=tests/fuzz/dict/$t.dict)
  start=$(date +%s)
  build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" \
    "$work" tests/fuzz/corpus/$t >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  if [ $rc -ne 0 ] || grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FUZZ_CHECK failed' "$log"; then
    result="FAILED (exit $rc; $log; input in $artifacts/)"
    failed=1
  fi
  printf '%-20s %6s %12s %10s %8s %8s %8s %s\n' "$t" "$took" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "${corpus:-?}" "$result"
done
if [ $failed -ne 0 ]; then
  echo "fuzzing found problems; the logs above name the inputs (add each to tests/fuzz/corpus/<target>/ and a regression test)" >&2
  exit 1
fi

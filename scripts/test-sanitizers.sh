#!/usr/bin/env bash
# The whole CTest suite under AddressSanitizer + UndefinedBehaviorSanitizer (issue 12): configures
# the CMake preset "asan-ubsan" (gcc, build-asan/), builds and runs ctest with the sanitizers set
# to stop at the first error. The README's plain build/ is not touched.
#   scripts/test-sanitizers.sh                          the whole suite, built and run slice by slice
#   scripts/test-sanitizers.sh [ctest arguments...]     e.g. -R test_cron: everything is built
#                                                       first, then one ctest run with these arguments
# Without arguments, the test executables are built six at a time and each slice's tests run
# right after it is built (while other builds have the lock), so findings show up early and a
# run cut short still has results; the tests whose name is not their executable's (the fuzz
# replays, crash campaigns, man pages, layering, web dashboard) run last. Every ctest output goes
# to build-asan/sanitizer-run.log and the script ends with the totals over all slices.
# Environment: ORRERY_BUILD_LOCK (default /tmp/orrery-build.lock) is held only while compiling,
# one slice of targets at a time, so other builds sharing the machine get their turn; JOBS (2).
set -euo pipefail
# The body is one function, read whole before it runs: the script may be edited during its hour-long
# run without the running copy reading the changed file at a shifted offset.
main() {
cd "$(dirname "$0")/.."
ROOT=$PWD
LOCK=${ORRERY_BUILD_LOCK:-/tmp/orrery-build.lock}
JOBS=${JOBS:-2}
export CCACHE_NOHASHDIR=1
# its own cache, so the sanitizer objects never evict those of the normal build
export CCACHE_DIR=${ORRERY_ASAN_CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ccache-asan}

# configuring runs the compiler checks and generates the ninja files: under the lock as well
flock "$LOCK" cmake --preset asan-ubsan >/dev/null
# Build in slices (the engine libraries two at a time, then the executables six at a time), so
# that the lock is never held for long. The benchmarks are not tests and are not built.
mapfile -t LIBS < <(ninja -C build-asan -t targets all | sed -n 's/^\(orrery_[a-z0-9_]*\): phony$/\1/p' \
  | grep -v -E '_autogen|_deps$|lupdate|lrelease|_files$|_node|node_clients' || true)
mapfile -t EXES < <(ninja -C build-asan -t targets all \
  | sed -n 's/^\(test_[a-z0-9_]*\): phony$/\1/p' | grep -v -E '_autogen|_deps$' || true)
mapfile -t OTHERS < <(ninja -C build-asan -t targets all \
  | sed -n 's/^\(fuzz_[a-z0-9_]*\|crash_campaign\|orrery\|orreryd\|orrery-cron\|orrery_[a-z0-9_]*node[a-z_]*\): phony$/\1/p' \
  | grep -v -E '_autogen|_deps$|^fuzz_targets$' || true)
# -k 0: a target that fails to compile does not stop the others; its tests then fail in ctest.
build_failed=0
slice() {
  local out rc=0
  out=$(flock "$LOCK" ninja -C build-asan -j"$JOBS" -k 0 "$@" 2>&1) || rc=$?
  if [ $rc != 0 ]; then
    build_failed=1
    grep -E -A20 '^FAILED:' <<<"$out" | head -100 || true
  fi
  sleep 1 # let the other builds waiting for the lock have it
}

# Tests that cannot run in this build, each with its reason. They are listed in
# build-asan/CTestCustom.cmake (CTEST_CUSTOM_TESTS_IGNORE), so a -E given on the command line still
# works, and a ctest run by hand in build-asan/ leaves them out too.
SKIPPED=(
  "test_debian_packages|packages build-asan/ with cpack and installs it system-wide (dpkg -i, /var/lib/orrery): an ASan build is no product to package, and it would collide with the same test of the normal build/"
)
{
  echo "# written by scripts/test-sanitizers.sh: tests that do not run under ASan + UBSan"
  printf 'set(CTEST_CUSTOM_TESTS_IGNORE'
  for entry in "${SKIPPED[@]}"; do printf ' %s' "${entry%%|*}"; done
  printf ')\n'
} >build-asan/CTestCustom.cmake
for entry in "${SKIPPED[@]}"; do
  echo "test-sanitizers: skipping ${entry%%|*}: ${entry#*|}"
done

# The Conductor JavaScript SDK test_conductor_sdk drives, installed into the build tree as
# scripts/test.sh does for build/ (npm, no global install).
mkdir -p build-asan/node
if [ ! -f build-asan/node/node_modules/@io-orkes/conductor-javascript/package.json ]; then
  (cd build-asan/node && npm install --no-audit --no-fund --legacy-peer-deps --loglevel=error \
     @io-orkes/conductor-javascript@4.0.0 >/dev/null)
fi

source scripts/test-services.sh
# halt at the first finding, with a stack; leaks of the system libraries listed (each with its
# reason) in scripts/lsan-suppressions.txt are suppressed, nothing of Orrery's.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_init_order=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan-suppressions.txt:print_suppressions=0"

for ((i = 0; i < ${#LIBS[@]}; i += 2)); do slice "${LIBS[@]:i:2}"; done
# orreryd and the npm clients first: many tests start them without depending on them in CMake
slice "${OTHERS[@]}"

local LOG=$ROOT/build-asan/sanitizer-run.log rc=0
if [ $# -gt 0 ]; then
  for ((i = 0; i < ${#EXES[@]}; i += 6)); do slice "${EXES[@]:i:6}"; done
  [ $build_failed = 0 ] || echo "test-sanitizers: some targets did not build (above); running the tests that did" >&2
  (cd build-asan && ctest --output-on-failure -j"$JOBS" --timeout 1800 "$@") 2>&1 | tee "$LOG" || rc=1
else
  : >"$LOG"
  local ran=() batch regex
  for ((i = 0; i < ${#EXES[@]}; i += 6)); do
    batch=("${EXES[@]:i:6}")
    slice "${batch[@]}"
    regex="^($(IFS='|'; echo "${batch[*]}"))\$"
    (cd build-asan && ctest --output-on-failure -j"$JOBS" --timeout 1800 -R "$regex") 2>&1 | tee -a "$LOG" || rc=1
    ran+=("${batch[@]}")
  done
  [ $build_failed = 0 ] || echo "test-sanitizers: some targets did not build (above); their tests failed" >&2
  # the rest: every test whose name is not one of the executables above
  regex="^($(IFS='|'; echo "${ran[*]}"))\$"
  (cd build-asan && ctest --output-on-failure -j"$JOBS" --timeout 1800 -E "$regex") 2>&1 | tee -a "$LOG" || rc=1
fi
local passed failed
passed=$(grep -c -E '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* +Passed +[0-9.]+ sec' "$LOG" || true)
failed=$(grep -E '^ *[0-9]+/[0-9]+ Test +#[0-9]+: ' "$LOG" | grep -v -E ' +Passed +[0-9.]+ sec' || true)
echo
echo "test-sanitizers: $passed passed, $(grep -c . <<<"$failed" || true) not passed; ${#SKIPPED[@]} skipped (above); $SECONDS s (build included)"
[ -z "$failed" ] || { echo "not passed:"; sed 's/^/  /' <<<"$failed"; }
return $rc
}
main "$@"
exit

#!/usr/bin/env bash
# The test command: installs dependencies if missing, configures, builds and runs ctest.
#   scripts/test.sh                 # Release build in build/, every test but the "slow" label
#   scripts/test.sh --all           # also the slow tests
#   BUILD_DIR=out scripts/test.sh   # another build directory
#   CREDCHAIN_FUZZ_SMOKE=OFF scripts/test.sh  # without the fuzzsmoke_ tests (CI fuzzes instead)
#   CREDCHAIN_BUILD_BENCH=OFF scripts/test.sh # without building the benchmarks (as CI does)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
CTEST_ARGS=(--output-on-failure -j "$JOBS" --timeout 900)
if [ "${1:-}" != "--all" ]; then
  CTEST_ARGS+=(-LE slow)
fi

scripts/install-deps.sh
# ccache (CMake uses it when installed): key compiles by paths relative to this checkout, so a
# fresh clone in another directory still hits the cache of an earlier run on this machine. Depend
# mode hashes the compiler's own dependency file instead of running the preprocessor first: a cache
# miss (every compile of a cold build) costs no more than compiling without ccache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1} \
  CCACHE_DEPEND=${CCACHE_DEPEND:-1}
# A unity build (one translation unit per target) is much faster from a cold
# cache; CREDCHAIN_UNITY=OFF scripts/test.sh builds file by file.
# CREDCHAIN_FUZZ_SMOKE=OFF leaves out the fuzzsmoke_ tests (each fuzz target replaying and
# mutating its corpus without libFuzzer); .ci/run does, as it runs the real fuzzer on each.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCREDCHAIN_UNITY="${CREDCHAIN_UNITY:-ON}" \
  -DCREDCHAIN_FUZZ_SMOKE="${CREDCHAIN_FUZZ_SMOKE:-ON}" -DCREDCHAIN_BUILD_BENCH="${CREDCHAIN_BUILD_BENCH:-ON}"
cmake --build "$BUILD_DIR" -j "$JOBS"
ctest --test-dir "$BUILD_DIR" "${CTEST_ARGS[@]}"

#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for SECONDS (default 30),
# starting from its seed corpus in tests/fuzz/corpus/<name>/. Fails on the first crash, leak or
# sanitizer report; the reproducer is left in $BUILD_DIR/fuzz-artifacts/.
#   scripts/fuzz.sh [SECONDS] [TARGET-NAME-SUBSTRING]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
FILTER=${2:-}
BUILD_DIR=${BUILD_DIR:-build-fuzz}

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCREDCHAIN_FUZZ=ON -DCREDCHAIN_BUILD_BENCH=OFF
fi
cmake --build "$BUILD_DIR" -j "$(nproc)"

mkdir -p "$BUILD_DIR/fuzz-artifacts"
shopt -s nullglob
targets=("$BUILD_DIR"/bin/fuzz_*)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets built" >&2; exit 1; }
for target in "${targets[@]}"; do
  name=$(basename "$target"); name=${name#fuzz_}
  [[ -z "$FILTER" || "$name" == *"$FILTER"* ]] || continue
  work=$(mktemp -d)
  seeds=tests/fuzz/corpus/$name
  [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/ 2>/dev/null || true
  echo "fuzz: $name for ${SECONDS_EACH}s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       "$target" -max_total_time="$SECONDS_EACH" -max_len=70000 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$BUILD_DIR/fuzz-artifacts/$name-" -print_final_stats=1 "$work" \
       >"$BUILD_DIR/fuzz-artifacts/$name.log" 2>&1; then
    tail -50 "$BUILD_DIR/fuzz-artifacts/$name.log" >&2
    echo "fuzz: $name FAILED (log and reproducer in $BUILD_DIR/fuzz-artifacts/)" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units" "$BUILD_DIR/fuzz-artifacts/$name.log" || true
  rm -rf "$work"
done
echo "fuzz: all targets ran clean"

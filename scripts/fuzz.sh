#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for SECONDS (default 30),
# starting from its seed corpus in tests/fuzz/corpus/<name>/. Targets run FUZZ_JOBS at a time
# (default: the number of cores); each still gets its full SECONDS. Fails if any target finds a
# crash, leak or sanitizer report; its log and reproducer are left in $BUILD_DIR/fuzz-artifacts/.
# A build directory configured by .ci/run compiles node, cli and contracts at -O0
# (CREDCHAIN_SANITIZER_O0_LIBS) for a faster CI build; for a campaign meant to find bugs, use a
# directory of its own, e.g. BUILD_DIR=build-fuzz-o1 scripts/fuzz.sh 600.
#   scripts/fuzz.sh [SECONDS] [TARGET-NAME-SUBSTRING]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
FILTER=${2:-}
BUILD_DIR=${BUILD_DIR:-build-fuzz}
FUZZ_JOBS=${FUZZ_JOBS:-$(nproc)}

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCREDCHAIN_FUZZ=ON -DCREDCHAIN_BUILD_BENCH=OFF
fi
mapfile -t fuzz_targets < <(ninja -C "$BUILD_DIR" -t targets all |
  sed -n 's/^\(fuzz_[a-z0-9_]*\): phony$/\1/p')
cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${fuzz_targets[@]}"

ARTIFACTS="$BUILD_DIR/fuzz-artifacts"
mkdir -p "$ARTIFACTS"
shopt -s nullglob
targets=()
for target in "$BUILD_DIR"/bin/fuzz_*; do
  name=$(basename "$target"); name=${name#fuzz_}
  [[ -z "$FILTER" || "$name" == *"$FILTER"* ]] && targets+=("$target")
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets built (filter '$FILTER')" >&2; exit 1; }

# Runs one target; prints one line; exit status 1 on a finding.
run_one() {
  local target=$1 name work seeds log
  name=$(basename "$target"); name=${name#fuzz_}
  work=$(mktemp -d)
  seeds=tests/fuzz/corpus/$name
  [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/ 2>/dev/null || true
  log="$ARTIFACTS/$name.log"
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$target" -max_total_time="$SECONDS_EACH" -max_len=70000 -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$ARTIFACTS/$name-" -print_final_stats=1 "$work" >"$log" 2>&1; then
    echo "fuzz: $name ok ($(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$') runs in ${SECONDS_EACH}s)"
    rm -rf "$work"
  else
    echo "fuzz: $name FAILED (log and reproducer in $ARTIFACTS/)"
    rm -rf "$work"
    return 1
  fi
}
export -f run_one
export SECONDS_EACH ARTIFACTS

echo "fuzz: ${#targets[@]} targets, ${SECONDS_EACH}s each, $FUZZ_JOBS at a time"
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$FUZZ_JOBS" -I{} bash -c 'run_one "$@"' _ {} || status=$?
if [ "$status" -ne 0 ]; then
  for log in "$ARTIFACTS"/*.log; do
    if ls "${log%.log}"-* >/dev/null 2>&1 || grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error' "$log"; then
      echo "---- $(basename "$log")" >&2; tail -50 "$log" >&2
    fi
  done
  echo "fuzz: a target failed" >&2
  exit 1
fi
echo "fuzz: all targets ran clean"

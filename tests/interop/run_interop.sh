#!/usr/bin/env bash
# SD-JWT interop test (CTest label "interop"): an independent implementation from the npm
# registry (@sd-jwt/*, exact versions in package-lock.json) verifies a credential credchain
# issued, and credchain's verifier accepts one the library issued.
#   run_interop.sh INTEROP_BINARY SOURCE_DIR WORK_DIR
# Exits 77 (CTest "skipped", never "passed") when node or npm is not installed.
set -euo pipefail
BIN=$1 SRC=$2 WORK=$3

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed; run scripts/install-deps.sh to enable the SD-JWT interop test"
    exit 77
  fi
done

mkdir -p "$WORK/data"
cp "$SRC/package.json" "$SRC/package-lock.json" "$SRC/sd_jwt_interop.mjs" "$WORK/"
# npm ci installs exactly the locked versions; the npm cache makes re-runs work offline.
(cd "$WORK" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)

"$BIN" issue "$WORK/data"
node "$WORK/sd_jwt_interop.mjs" verify-ours "$WORK/data"
node "$WORK/sd_jwt_interop.mjs" issue-theirs "$WORK/data"
"$BIN" verify "$WORK/data"
echo "interop: 2 passed, 0 failed"

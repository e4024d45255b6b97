#!/usr/bin/env bash
# The main job: installs what is missing, builds credchain and credchaind, starts a local
# 4-validator network and runs the end-to-end demo (testnet/demo.sh) against it.
#   scripts/demo.sh            run the demo, then stop the network (its data stays in testnet/.net)
#   KEEP_RUNNING=1 scripts/demo.sh   leave the network running afterwards (stop: testnet/down.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export BUILD_DIR=${BUILD_DIR:-$PWD/build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$BUILD_DIR" -j "$(nproc)" --target credchain credchaind
exec testnet/demo.sh

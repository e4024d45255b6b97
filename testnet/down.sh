#!/usr/bin/env bash
# Stops every validator of the local testnet (SIGTERM, then SIGKILL after 10 s) and its link
# proxy, if it has one.
#   testnet/down.sh            stop the nodes, keep their data
#   testnet/down.sh --clean    stop them and delete the testnet directory
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ -d "$TESTNET_DIR" ] || { say "no testnet at $TESTNET_DIR"; exit 0; }
for home in "$TESTNET_DIR"/node*; do
  i=${home##*node}
  if node_running "$i"; then say "stopping node$i"; fi
  stop_node "$i"
done
stop_linkproxy
if [ "${1:-}" = "--clean" ]; then rm -rf "$TESTNET_DIR"; say "removed $TESTNET_DIR"; fi

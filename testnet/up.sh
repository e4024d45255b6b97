#!/usr/bin/env bash
# Starts a local testnet of N validators on 127.0.0.1 (default 4), waits until they commit
# blocks, and prints the endpoints.
#   testnet/up.sh [-n N] [--fresh] [--link-proxy]
# Builds credchain/credchaind if needed. The first run creates $TESTNET_DIR (default
# testnet/.net) with `credchain testnet init`: one home per validator (keys, genesis, config),
# department account keys, and the passphrase file that protects the key files. Ports: P2P
# 26656+i and REST 8080+i when free (or from $P2P_BASE_PORT / $API_BASE_PORT), else a free block.
# --link-proxy (with a new testnet): every validator-to-validator link goes through
# testnet/linkproxy.py (python3), which testnet/chaos.sh uses to cut links (set_cuts, common.sh).
# Stop with testnet/down.sh (add --clean to delete the data).
set -euo pipefail
source "$(dirname "$0")/common.sh"

N=4
FRESH=""
LINK_PROXY=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) N=${2:?-n needs a number}; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    --link-proxy) LINK_PROXY=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] && [ "$N" -le 31 ] || die "-n must be 1..31"

ensure_built
if [ -n "$FRESH" ] && [ -d "$TESTNET_DIR" ]; then "$(dirname "$0")/down.sh" --clean; fi
if [ ! -d "$TESTNET_DIR" ]; then
  say "creating a $N-validator testnet in $TESTNET_DIR"
  mkdir -p "$TESTNET_DIR"; chmod 700 "$TESTNET_DIR"
  head -c 24 /dev/urandom | base64 >"$TESTNET_DIR/passphrase"; chmod 600 "$TESTNET_DIR/passphrase"
  read -r p2p_base api_base < <(pick_ports "$N")
  proxy=()
  if [ -n "$LINK_PROXY" ]; then
    lo=$((p2p_base < api_base ? p2p_base : api_base)); hi=$((p2p_base > api_base ? p2p_base : api_base))
    proxy=(--link-proxy-base-port "$(pick_proxy_ports $((N * N)) "$lo" $((hi + N - 1)))")
  fi
  "$CREDCHAIN" testnet init -n "$N" --dir "$TESTNET_DIR" --p2p-base-port "$p2p_base" \
    --api-base-port "$api_base" "${proxy[@]}" --passphrase-file "$TESTNET_DIR/passphrase" >/dev/null
elif [ -n "$LINK_PROXY" ] && ! has_links; then
  die "$TESTNET_DIR was created without --link-proxy (use --fresh)"
fi
[ "$(node_count)" -eq "$N" ] || die "$TESTNET_DIR holds $(node_count) nodes, not $N (use --fresh)"

if has_links; then start_linkproxy; say "link proxy up (log $TESTNET_DIR/linkproxy.log)"; fi
for i in $(seq 0 $((N - 1))); do start_node "$i"; done
say "waiting for the validators to commit blocks"
for i in $(seq 0 $((N - 1))); do wait_height "$i" 2 90 || die "node$i does not commit"; done

echo "testnet of $N validators is up:"
for i in $(seq 0 $((N - 1))); do
  echo "  node$i  REST http://$(node_api "$i")  height $(node_height "$i")  log $(node_home "$i")/credchaind.log"
done
echo "stop it with: testnet/down.sh   (add --clean to delete $TESTNET_DIR)"

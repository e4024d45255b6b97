#!/usr/bin/env bash
# CTest e2e: runs testnet/demo.sh on its own network (a temporary directory, free ports) and
# checks its key outcomes from the files the demo leaves, not only its exit code. Bounded by
# DEMO_TIMEOUT seconds (default 170); the network is stopped and deleted whatever happens.
#   tests/e2e/demo_e2e.sh BUILD_DIR
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export BUILD_DIR=${1:?usage: demo_e2e.sh BUILD_DIR}
export TESTNET_DIR; TESTNET_DIR=$(mktemp -d /tmp/credchain-demo-e2e.XXXXXX)/net
export KEEP_RUNNING=1  # the demo leaves the network up so the checks below can query it
unset DEMO_SKIP
cleanup() { "$ROOT/testnet/down.sh" >/dev/null 2>&1; rm -rf "$(dirname "$TESTNET_DIR")"; }
trap cleanup EXIT
fail() { echo "demo e2e FAILED: $*" >&2; exit 1; }

# The demo picks ports 8080.. only when free, so it never collides with a developer's network.
timeout --kill-after=10 "${DEMO_TIMEOUT:-170}" "$ROOT/testnet/demo.sh" >"$TESTNET_DIR.log" 2>&1
rc=$?
cat "$TESTNET_DIR.log"
[ "$rc" -ne 124 ] || fail "testnet/demo.sh did not finish within ${DEMO_TIMEOUT:-170} s"
[ "$rc" -eq 0 ] || fail "testnet/demo.sh exited with $rc"
grep -q "demo complete: every step passed" "$TESTNET_DIR.log" || fail "no completion line"

W=$TESTNET_DIR/demo
# Every transaction the demo submitted committed with receipt "none".
bad=$(jq -s '[.[] | select(.status != "committed")] | length' "$W/txs.jsonl")
[ "$bad" -eq 0 ] || fail "$bad demo transactions did not commit"
[ "$(wc -l <"$W/txs.jsonl")" -ge 18 ] || fail "fewer transactions than the story has"
# The new schema is served; the repaired penalty is not; the holder's wallet has 3 credentials.
api=$(jq -r '.nodes[2].api' "$TESTNET_DIR/testnet.json")
curl -fsS "$api/v1/schemas" | jq -e '.schemas[] | select(.schema.id == "social-insurance-compliance")' \
  >/dev/null || fail "the registered schema is not served"
[ "$(ls "$W"/*.cred.json | wc -l)" -eq 3 ] || fail "expected 3 issued credentials"
# The credit report counts the active list entry and the open letter, not the repaired penalty.
jq -e '.active_list_entries == 1 and .commitments_in_progress == 1 and .published_penalties_general == 0' \
  "$W/report.claims.json" >/dev/null || fail "the credit report's counts are not the story's"
# The bank's online and offline reports accepted the presentation; after revocation it fails
# exactly on not_revoked.
jq -e '.accepted == true' "$W/report-online.json" >/dev/null || fail "online verification did not accept"
jq -e '.accepted == true' "$W/report-offline.json" >/dev/null || fail "offline verification did not accept"
jq -e '.accepted == false and ([.checks[] | select(.result == "fail") | .name] | index("not_revoked") != null)' \
  "$W/report-revoked.json" >/dev/null || fail "the revoked credential was not reported revoked"
# After the restart every node serves the same block at the lowest height they all have.
apis=$(jq -r '.nodes[].api' "$TESTNET_DIR/testnet.json")
h=$(for a in $apis; do curl -fsS "$a/v1/status" | jq .height; done | sort -n | head -1)
ids=$(for a in $apis; do curl -fsS "$a/v1/blocks/$h" | jq -r .id; done | sort -u | wc -l)
[ "$ids" -eq 1 ] || fail "nodes serve different blocks at height $h"
echo "demo e2e passed: $(wc -l <"$W/txs.jsonl") transactions committed, all checks hold"

#!/usr/bin/env bash
# A throughput run against the local testnet: `credchain bench load` (open loop, pre-signed
# consent.grant transactions from generated holder keys) with a progress line every second, plus
# the peak resident memory of every node, the CPU time each node, each kind of node thread (summed
# over the nodes) and the generator spent per committed transaction (user + system, from /proc;
# comparable across runs on a shared machine, unlike wall-clock rates), the load average, and how
# many other credchaind processes ran on the machine (another testnet beside the load slows it).
#   testnet/load.sh [--rate TX_PER_S] [--txs N] [--connections C] [--holders K] [--batch B]
#                   [--batch-wait-ms W] [--retry-ms R] [--no-keep-alive] [--json]
# Defaults: 3000 tx/s, 30000 txs, 16 connections, 200 holders, one tx per POST (--batch B: up to B
# per batch body, those due within W ms of the first; W = 50), no resubmission (--retry-ms R: a
# tx refused for now, e.g. queue_full, goes again R ms later). Starts a 4-validator testnet
# (testnet/up.sh) if none is running; leaves it running. Exits non-zero when a transaction that was
# offered did not commit.
set -euo pipefail
source "$(dirname "$0")/common.sh"

RATE=3000 TXS=30000 CONNECTIONS=16 HOLDERS=200 BATCH=() RETRY=() JSON="" KEEP_ALIVE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=${2:?}; shift 2 ;;
    --txs) TXS=${2:?}; shift 2 ;;
    --connections) CONNECTIONS=${2:?}; shift 2 ;;
    --holders) HOLDERS=${2:?}; shift 2 ;;
    --batch) BATCH+=(--batch "${2:?}"); shift 2 ;;
    --batch-wait-ms) BATCH+=(--batch-wait-ms "${2:?}"); shift 2 ;;
    --retry-ms) RETRY=(--retry-ms "${2:?}"); shift 2 ;;
    --no-keep-alive) KEEP_ALIVE=(--no-keep-alive); shift ;;
    --json) JSON=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done

ensure_built
if ! node_running 0; then "$(dirname "$0")/up.sh" -n 4 >&2; fi
N=$(node_count)
nodes=()
for i in $(seq 0 $((N - 1))); do
  node_running "$i" || die "node$i is not running (testnet/up.sh starts the network)"
  nodes+=(--node "http://$(node_api "$i")")
done

# Peak resident memory is the kernel's high-water mark (VmHWM), reset to the current RSS right
# before the run by writing 5 to /proc/<pid>/clear_refs, and read right after it: exact, and
# nothing runs beside the load to measure it (sampling VmRSS twice a second from the shell took
# ~3 % of the two cores at 6,000 tx/s). Where the reset is refused, the peak is since the node
# started, and the report says so.
reset_peak_rss() {
  local i ok=true
  for i in $(seq 0 $((N - 1))); do
    echo 5 2>/dev/null >"/proc/$(cat "$(node_pid_file "$i")")/clear_refs" || ok=false
  done
  $ok
}
# Each node's VmHWM in KiB, one number per line.
peak_rss_kib() {
  local i
  for i in $(seq 0 $((N - 1))); do
    awk '/^VmHWM/ {print $2; found = 1} END {if (!found) print 0}' \
      "/proc/$(cat "$(node_pid_file "$i")")/status" 2>/dev/null || echo 0
  done
}

# CPU time (user + system, clock ticks) of every node, one number per line.
node_cpu_ticks() {
  local i
  for i in $(seq 0 $((N - 1))); do
    awk '{print $14 + $15}' "/proc/$(cat "$(node_pid_file "$i")")/stat" 2>/dev/null || echo 0
  done
}
# The same, summed over all nodes by thread name, as a JSON object: the verify-<n> workers count
# as "verify"; "leveldb" is LevelDB's flushes and compactions (ledger/leveldb_env.h).
thread_cpu_ticks() {
  local i pid t
  for i in $(seq 0 $((N - 1))); do
    pid=$(cat "$(node_pid_file "$i")")
    for t in /proc/"$pid"/task/*; do
      printf '%s %s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)"
    done
  done | awk 'NF == 2 {sub(/-[0-9]+$/, "", $1); a[$1] += $2} END {for (k in a) print k, a[k]}' |
    jq -R -s -c 'split("\n") | map(select(length > 0) | split(" ") | {(.[0]): (.[1] | tonumber)}) | add // {}'
}
TICKS_PER_S=$(getconf CLK_TCK)
GEN_TIME=$(mktemp)
trap 'rm -f "$GEN_TIME"' EXIT

# Other credchaind processes on the machine (another testnet, a test's nodes) share its cores and
# its disk: an idle testnet beside the load doubled p50 at 3,000 tx/s (docs/PERFORMANCE.md, stop
# 46), so the report says how many there were.
other_nodes() {
  local ours i
  ours=$(for i in $(seq 0 $((N - 1))); do cat "$(node_pid_file "$i")" 2>/dev/null; done)
  { pgrep -x credchaind || true; } | { grep -v -x -F "${ours:-none}" || true; } | wc -l
}
others_before=$(other_nodes)
if [ "$others_before" -gt 0 ]; then
  say "note: $others_before other credchaind process(es) running on this machine share its cores and disk"
fi
cpu_before=$(node_cpu_ticks | jq -s -c .)
threads_before=$(thread_cpu_ticks)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rss_since=run
reset_peak_rss || rss_since=start
say "offering $TXS tx at $RATE tx/s to $N validators ($CONNECTIONS connections, $HOLDERS holders${BATCH[1]:+, ${BATCH[1]} per POST})"
rc=0
report=$(/usr/bin/time -o "$GEN_TIME" -f '%U %S' "$CREDCHAIN" bench load "${nodes[@]}" --key "$TESTNET_DIR/keys/samr.json" --department samr \
  --passphrase-file "$TESTNET_DIR/passphrase" --txs "$TXS" --rate "$RATE" --connections "$CONNECTIONS" \
  --holders "$HOLDERS" "${BATCH[@]}" "${RETRY[@]}" --validators "$N" "${KEEP_ALIVE[@]}" --progress --json) || rc=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
others_after=$(other_nodes)
cpu_after=$(node_cpu_ticks | jq -s -c .)
threads_after=$(thread_cpu_ticks)
rss_json=$(peak_rss_kib | jq -s -c 'map(. / 1024 | floor)')
gen_cpu_s=$(tail -1 "$GEN_TIME" | awk '{print $1 + $2}')

[ -n "$report" ] || exit "${rc:-1}"
full=$(jq -c --argjson rss "$rss_json" --arg rss_since "$rss_since" --arg before "$load_before" --arg after "$load_after" \
  --arg cores "$(nproc)" --argjson c0 "$cpu_before" --argjson c1 "$cpu_after" \
  --argjson hz "$TICKS_PER_S" --argjson gen "${gen_cpu_s:-0}" \
  --argjson t0 "$threads_before" --argjson t1 "$threads_after" \
  --argjson o0 "$others_before" --argjson o1 "$others_after" \
  '. + {peak_rss_mib: $rss, peak_rss_since: $rss_since, loadavg_before: $before, loadavg_after: $after, nproc: ($cores | tonumber),
        other_credchaind_before: $o0, other_credchaind_after: $o1}
   | . as $r
   | . + {node_cpu_us_per_tx: (if $r.committed > 0
                               then [range($c0 | length) | ($c1[.] - $c0[.]) * 1e6 / $hz / $r.committed | round]
                               else [] end),
          node_thread_cpu_us_per_tx: (if $r.committed > 0
                                      then $t1 | with_entries(.value = ((.value - ($t0[.key] // 0)) * 1e6 / $hz / $r.committed | round))
                                      else {} end),
          generator_cpu_us_per_tx: (if $r.committed > 0 then ($gen * 1e6 / $r.committed | round) else 0 end)}' \
  <<<"$report")
if [ -n "$JSON" ]; then
  echo "$full"
else
  jq -r '"offered     \(.offered) tx at \(.offered_rate) tx/s over \(.send_seconds * 100 | round / 100) s, \(.batch // 1) per POST",
    "accepted    \(.accepted)\(if (.refused | length) > 0 then "  refused \(.refused)" else "" end)\(if (.resubmitted // 0) > 0 then "  resubmitted \(.resubmitted) (\(.retry_ms) ms after a refusal)" else "" end)",
    "committed   \(.committed) tx, \(.committed_tps | round) tx/s from the first send to the last commit\(if (.accepted_uncommitted // 0) > 0 then "; \(.accepted_uncommitted) accepted not committed, \(.behind_refused) of them behind a refused tx of their holder" else "" end)",
    "steady      \(.steady_committed_tps | round) tx/s committed from \(.steady_window_s[0] * 10 | round / 10) s to the last send at \(.steady_window_s[1] * 10 | round / 10) s; backlog then \(.backlog_at_send_end) tx",
    "latency     p50 \(.p50_commit_latency_ms | round) ms, p99 \(.p99_commit_latency_ms | round) ms (send -> block seen)",
    (.latency_stages as $s | "stages      mean (p50) ms: batch fill \($s.batch_fill.mean_ms | round) (\($s.batch_fill.p50_ms | round)), submit \($s.submit.mean_ms | round) (\($s.submit.p50_ms | round)), to proposal \($s.to_proposal.mean_ms | round) (\($s.to_proposal.p50_ms | round)), commit rounds \($s.commit_rounds.mean_ms | round) (\($s.commit_rounds.p50_ms | round)), to seen \($s.to_seen.mean_ms | round) (\($s.to_seen.p50_ms | round)); total \($s.total.mean_ms | round) (\($s.total.p50_ms | round)); a block every \($s.block_interval_ms | round) ms, \($s.txs_per_block | round) txs each"),
    "verify      \(.ed25519_verify_us * 10 | round / 10) us per Ed25519 verify\(if .ed25519_verify_us_after then " (of \(.ed25519_verify_us_before * 10 | round / 10) before the run, \(.ed25519_verify_us_after * 10 | round / 10) after)" else "" end): limit \(.verify_limit_tps | round) tx/s (\(.cores) cores / (\(.validators) validators x verify))",
    "CPU per tx  \(.node_cpu_us_per_tx | map("\(.) us") | join(", ")) per node (node0..), \(.node_cpu_us_per_tx | add) us all nodes; generator \(.generator_cpu_us_per_tx) us (incl. presigning)",
    "by thread   \(.node_thread_cpu_us_per_tx | to_entries | map(select(.value > 0)) | sort_by(-.value) | map("\(.key) \(.value) us") | join(", ")) (all nodes; leveldb = its flushes and compactions)",
    "peak RSS    \(.peak_rss_mib | map("\(.) MiB") | join(", ")) (node0..\(if .peak_rss_since == "start" then "; since each node started" else "" end))",
    "machine     \(.nproc) cores, load average \(.loadavg_before) before, \(.loadavg_after) after\(if (.other_credchaind_before + .other_credchaind_after) > 0 then "; other credchaind processes: \(.other_credchaind_before) before, \(.other_credchaind_after) after" else "" end)"' <<<"$full"
fi
exit "$rc"

#!/usr/bin/env bash
# Chaos run: a fresh 4-validator testnet under load, its validator-to-validator links routed
# through testnet/linkproxy.py, while validators are killed (SIGKILL), paused (SIGSTOP/SIGCONT)
# and restarted gracefully, and the network is partitioned for real (links cut at the proxy):
#   halves   2|2: no side has a quorum, so no node may commit until the links are restored;
#   isolate  one node cut off both ways: the other three keep committing, it may not;
#   oneway   one node's outgoing traffic is lost (it hears the others, nobody hears it).
# After each partition heals, every node must commit a new block within 30 s. Then it checks:
#   - no fork: all four nodes serve the same block id at every height 1..H;
#   - no acknowledged transaction lost: every tx a node confirmed as committed (?wait=commit) is
#     committed, at the same height, on all four nodes;
#   - convergence: all nodes reach the same height and keep committing;
#   - no validator exited on its own (only the faults stop them).
#   testnet/chaos.sh [DURATION_SECONDS]     (default 180; exits non-zero if a check fails)
# It fails only on those (and on a node committing without a quorum during a partition).
# Submissions refused or lost while a node is down, paused or cut off are expected: the report
# counts them by outcome instead — the background load's (accepted; each rejection code, HTTP
# error, timeout and connection failure; how many of its refusals fell while a fault was on)
# and the acknowledged-write loop's (committed, or why not).
# The faults rotate halves, oneway, kill, isolate, pause, restart (3 s apart). One rotation
# took 66-69 s on the shared 2-core machine (load average 5-13), so the default runs every kind
# at least twice; 60 s ended before pause and restart. The second-to-last line says how often
# each kind ran (and which a short DURATION left out); the lines before it, the outcomes.
# Uses $TESTNET_DIR (default testnet/.net, recreated); stops the network at the end unless
# KEEP_RUNNING=1. Background load: `credchain bench load` (samr's key) at $CHAOS_RATE tx/s
# (default 200) for DURATION seconds; the faults start once it sends, and its summary is read
# after the checks (it drains for up to 30 s). Acknowledged writes: a loop of `credchain tx
# evidence anchor` (tax's key) that waits for each commit, round-robin over the nodes.
set -euo pipefail
source "$(dirname "$0")/common.sh"

case "${1:-}" in
  -h|--help) sed -n '2,$p' "$0" | sed '/^set -euo/,$d; s/^# \{0,1\}//'; exit 0 ;;
esac
DURATION=${1:-180}
[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 10 ] || die "DURATION must be a number of seconds >= 10"
RATE=${CHAOS_RATE:-200}
N=4
WORK=$TESTNET_DIR/chaos
PIDS=()
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  set_cuts 2>/dev/null || true  # never leave a link cut
  for i in $(seq 0 $((N - 1))); do  # never leave a node paused
    [ -f "$(node_pid_file "$i")" ] && kill -CONT "$(cat "$(node_pid_file "$i")")" 2>/dev/null || true
  done
  if [ -z "${KEEP_RUNNING:-}" ]; then "$ROOT/testnet/down.sh" >/dev/null 2>&1 || true; fi
  [ "$rc" -eq 0 ] || say "chaos FAILED (logs: $TESTNET_DIR/node*/credchaind.log, $WORK)"
}
trap cleanup EXIT

"$ROOT/testnet/up.sh" -n "$N" --fresh --link-proxy >&2
mkdir -p "$WORK"; : >"$WORK/ack_failures"
api() { echo "http://$(node_api "$1")"; }

# Why a write was not acknowledged, from the CLI's error on stdin: the node's rejection code,
# "not_committed_within_5s" (accepted, no commit in time), "timeout", "connection_failed" or
# "other" (the message is kept in $WORK/ack_other.txt).
ack_failure() {
  local err code; err=$(cat)
  code=$(sed -n 's/.*the node refused tx [0-9a-f]*: \([a-z_]*\):.*/\1/p' <<<"$err" | head -1)
  if [ -n "$code" ]; then echo "$code"
  elif grep -q 'not committed within' <<<"$err"; then echo not_committed_within_5s
  elif grep -qi 'timed out' <<<"$err"; then echo timeout
  elif grep -qiE 'connect|connection|reset' <<<"$err"; then echo connection_failed
  else echo other; printf '%s\n' "$err" | tail -1 >"$WORK/ack_other.txt"
  fi
}
# Acknowledged writes: only a tx reported "committed" by a node counts as acknowledged (also
# one whose contract receipt is a rejection: it is on chain). $WORK/ack_failures says why each
# other write was not.
ack_writer() {
  local k=0 out status
  while :; do
    out=$("$CREDCHAIN" tx evidence anchor --node "$(api $((k % N)))" --key "$TESTNET_DIR/keys/tax.json" \
      --passphrase-file "$TESTNET_DIR/passphrase" --digest "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
      --document-type credit-commitment --wait-timeout-ms 5000 --json 2>"$WORK/ack.err") || true
    status=$(jq -r '.status // ""' <<<"$out" 2>/dev/null) || status=""
    if [ "$status" = committed ]; then
      jq -c '{tx_id, height}' <<<"$out" >>"$WORK/acked.jsonl"
    else
      ack_failure <"$WORK/ack.err" >>"$WORK/ack_failures"
    fi
    k=$((k + 1))
  done
}
nodes=(); for i in $(seq 0 $((N - 1))); do nodes+=(--node "$(api "$i")"); done
"$CREDCHAIN" bench load "${nodes[@]}" --key "$TESTNET_DIR/keys/samr.json" --department samr \
  --passphrase-file "$TESTNET_DIR/passphrase" --txs $((RATE * DURATION)) --rate "$RATE" --holders 16 \
  --connections 4 --progress --json >"$WORK/load.json" 2>"$WORK/load.err" &
LOAD_PID=$!; PIDS+=("$LOAD_PID")
# The load's setup (one commitment letter per holder, waited for) needs a healthy network: the
# faults start once it sends (its first progress line).
for _ in $(seq 600); do
  grep -q '^\[' "$WORK/load.err" 2>/dev/null && break
  kill -0 "$LOAD_PID" 2>/dev/null || die "the background load failed before sending: $(tail -1 "$WORK/load.err")"
  sleep 0.2
done
grep -q '^\[' "$WORK/load.err" || die "the background load did not start sending within 120 s"
ack_writer & ACK_PID=$!; PIDS+=("$ACK_PID")

pid_of() { cat "$(node_pid_file "$1")"; }
# "SENT REFUSED" from the load's latest progress line ("0 0" before the first).
load_counts() {
  grep '^\[' "$WORK/load.err" 2>/dev/null | tail -1 \
    | sed -n 's/.* sent \([0-9]*\)\/[0-9]* accepted [0-9]* refused \([0-9]*\).*/\1 \2/p' | grep . || echo "0 0"
}
# A validator that is not running although no fault stopped it exited on its own: recorded
# (the run fails at the end) and restarted so that the run can go on.
CRASHED=()
check_alive() {
  local i
  for i in $(seq 0 $((N - 1))); do
    node_running "$i" && continue
    say "       node$i is not running: it exited on its own (log: $(node_home "$i")/credchaind.log); restarting it"
    CRASHED+=("node$i@t+${SECONDS}s")
    start_node "$i"
  done
}
heights() { local i; for i in "$@"; do printf '%s ' "$(node_height "$i")"; done; }
max_of() { printf '%s\n' $1 | sort -n | tail -1; }
# cut_between "A B" "C D": both directions of every link between the two groups.
cut_between() {
  local a b cuts=()
  for a in $1; do for b in $2; do cuts+=("$a>$b" "$b>$a"); done; done
  set_cuts "${cuts[@]}"
}
# After a partition is healed: every node commits a block above the highest height seen.
expect_resume() {
  local top=0 h i start=$SECONDS
  for i in $(seq 0 $((N - 1))); do h=$(node_height "$i"); [ "$h" -gt "$top" ] && top=$h; done
  for i in $(seq 0 $((N - 1))); do
    wait_height "$i" $((top + 1)) 30 || die "node$i did not commit within 30 s of the heal (wanted $((top + 1)))"
  done
  say "       healed: every node committed past $top within $((SECONDS - start)) s"
}
partition() {  # kind: halves | isolate | oneway; node a is the isolated / muted one
  local a=$((RANDOM % N)) others=() side_a side_b before after i cut_at=$SECONDS
  for i in $(seq 0 $((N - 1))); do [ "$i" -ne "$a" ] && others+=("$i"); done
  case "$1" in
    halves)
      side_a="$a ${others[$((RANDOM % 3))]}"
      side_b=$(for i in $(seq 0 $((N - 1))); do [[ " $side_a " == *" $i "* ]] || printf '%s ' "$i"; done)
      say "fault: partition {${side_a}} | {${side_b% }} (no side has a quorum)"
      cut_between "$side_a" "$side_b"; sleep 1
      before=$(heights $(seq 0 $((N - 1)))); sleep 4; after=$(heights $(seq 0 $((N - 1))))
      say "       heights $before-> $after"
      # A node may still catch up to blocks certified before the cut, but none may go higher.
      [ "$(max_of "$after")" = "$(max_of "$before")" ] \
        || die "a node committed a new block without a quorum during the 2|2 partition: $before-> $after"
      ;;
    isolate)
      say "fault: node$a isolated (both ways)"
      cut_between "$a" "${others[*]}"; sleep 1
      before=$(heights "$a" "${others[@]}"); sleep 4; after=$(heights "$a" "${others[@]}")
      say "       heights (node$a first) $before-> $after"
      [ "${after%% *}" -le "$(max_of "$before")" ] || die "isolated node$a committed on its own: $before-> $after"
      ;;
    oneway)
      local cuts=()
      for i in "${others[@]}"; do cuts+=("$a>$i"); done
      say "fault: node$a's outgoing links cut (it still hears the others)"
      set_cuts "${cuts[@]}"; sleep 1
      before=$(heights "$a" "${others[@]}"); sleep 4; after=$(heights "$a" "${others[@]}")
      say "       heights (node$a first) $before-> $after"
      ;;
  esac
  set_cuts
  say "       links restored after $((SECONDS - cut_at)) s (reading heights is slow on a loaded machine)"
  expect_resume
}
fault() {  # kind: kill | pause | restart | halves | isolate | oneway
  local a=$((RANDOM % N))
  printf '[t+%ds] ' "$SECONDS" >&2
  case "$1" in
    kill) say "fault: kill -9 node$a, restart after 4 s"; kill_node "$a"; sleep 4; start_node "$a" ;;
    pause) say "fault: SIGSTOP node$a for 5 s"; kill -STOP "$(pid_of "$a")"; sleep 5; kill -CONT "$(pid_of "$a")" ;;
    restart) say "fault: SIGTERM node$a and restart"; stop_node "$a"; start_node "$a" ;;
    halves|isolate|oneway) partition "$1" ;;
  esac
}
kinds=(halves oneway kill isolate pause restart)
declare -A ran=()
end=$((SECONDS + DURATION)) round=0 sent_in_faults=0 refused_in_faults=0
while [ "$SECONDS" -lt "$end" ]; do
  kind=${kinds[$((round % ${#kinds[@]}))]}
  check_alive
  read -r sent0 refused0 < <(load_counts)
  fault "$kind"
  read -r sent1 refused1 < <(load_counts)
  sent_in_faults=$((sent_in_faults + sent1 - sent0)) refused_in_faults=$((refused_in_faults + refused1 - refused0))
  ran[$kind]=$((${ran[$kind]:-0} + 1))
  round=$((round + 1))
  sleep 3  # let the network recover between faults (at most one node faulty, except split)
done
kill "$ACK_PID" 2>/dev/null || true
wait "$ACK_PID" 2>/dev/null || true
check_alive

say "faults done ($round rounds); waiting for all nodes to converge"
H=0
for i in $(seq 0 $((N - 1))); do h=$(node_height "$i"); [ "$h" -gt "$H" ] && H=$h; done
for i in $(seq 0 $((N - 1))); do wait_height "$i" "$H" 120 || die "node$i did not catch up to $H"; done

say "checking blocks 1..$H on every node"
for i in $(seq 0 $((N - 1))); do
  curl -fsS --max-time 300 "$(api "$i")/v1/blocks/[1-$H]" | jq -r .id >"$WORK/ids.node$i"
  [ "$(wc -l <"$WORK/ids.node$i")" -eq "$H" ] || die "node$i served $(wc -l <"$WORK/ids.node$i") of $H blocks"
  fork=$(paste "$WORK/ids.node0" "$WORK/ids.node$i" | awk '$1 != $2 {print NR; exit}')
  [ -z "$fork" ] || die "FORK: node$i and node0 serve different blocks at height $fork"
done

acked=$(wc -l <"$WORK/acked.jsonl" 2>/dev/null || echo 0)
[ "$acked" -gt 0 ] || die "no transaction was acknowledged during the run"
say "checking $acked acknowledged transactions on every node"
for i in $(seq 0 $((N - 1))); do
  while read -r id height; do
    got=$(curl -fsS --max-time 5 "$(api "$i")/v1/txs/$id" | jq -r '"\(.status) \(.height)"') || got="missing"
    [ "$got" = "committed $height" ] || die "LOST: acknowledged tx $id (height $height) is '$got' on node$i"
  done < <(jq -r '"\(.tx_id) \(.height)"' "$WORK/acked.jsonl")
done

wait_height 0 $((H + 5)) 30 || die "the network stopped committing after the run"
[ ${#CRASHED[@]} -eq 0 ] || die "validators exited on their own during the run: ${CRASHED[*]}"

# The background load's own summary (bench load --json); it ends DURATION s after it started
# sending plus up to 30 s waiting for its accepted txs to commit.
for _ in $(seq 900); do kill -0 "$LOAD_PID" 2>/dev/null || break; sleep 0.2; done
kill "$LOAD_PID" 2>/dev/null && say "the background load had not finished; it was stopped"
wait "$LOAD_PID" 2>/dev/null || true
PIDS=()
if jq -e '.offered' "$WORK/load.json" >/dev/null 2>&1; then
  echo "background load (bench load): $(jq -r '"\(.offered) txs offered at \(.offered_rate) tx/s; \(.accepted) accepted (\(.committed) seen committed\(if .behind_refused then "; \(.behind_refused) of the rest behind a refused tx of their holder" else "" end)); \([.refused[]] | add // 0) refused" + (if (.refused | length) > 0 then ": " + ([.refused | to_entries[] | "\(.key) \(.value)"] | join(", ")) else "" end)' "$WORK/load.json")"
else
  echo "background load (bench load): no summary; its last progress line: $(grep '^\[' "$WORK/load.err" | tail -1)"
fi
echo "  while a fault was on (from its progress lines, +-1 s): $sent_in_faults sent, $refused_in_faults refused"
echo "acknowledged writes (tx evidence anchor, waiting for the commit): $acked committed; not acknowledged: $(sort "$WORK/ack_failures" | uniq -c | sort -rn | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1} END {if (NR == 0) printf "none"}')"
[ -f "$WORK/ack_other.txt" ] && echo "  last 'other' failure: $(cat "$WORK/ack_other.txt")"
echo "(refused or unacknowledged submissions while nodes are down, paused or cut off are expected; they do not fail the run)"
ran_line="" missed=""
for kind in "${kinds[@]}"; do
  ran_line+="${ran_line:+, }$kind ${ran[$kind]:-0}"
  [ -n "${ran[$kind]:-}" ] || missed+=" $kind"
done
echo "faults run: $ran_line${missed:+ (not reached in ${DURATION}s:$missed; a longer DURATION runs them)}"
echo "chaos passed: $round faults in ${DURATION}s; no fork in $H blocks on $N nodes; all $acked acknowledged txs committed on every node; nodes converged and still committing"

# Shared by the testnet scripts: paths, the build, node control and waiting on the REST API.
# Sourced, not run. Every function prints what it does on stderr and fails loudly.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
BIN=$BUILD_DIR/bin
TESTNET_DIR=${TESTNET_DIR:-$ROOT/testnet/.net}
CREDCHAIN=$BIN/credchain
CREDCHAIND=$BIN/credchaind

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Builds credchain and credchaind if they are missing or older than the sources.
ensure_built() {
  if [ -x "$CREDCHAIN" ] && [ -x "$CREDCHAIND" ] && [ -z "${REBUILD:-}" ]; then return 0; fi
  say "building credchain and credchaind in $BUILD_DIR (first run takes a while)"
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$BUILD_DIR" -j "$(nproc)" --target credchain credchaind >/dev/null
}

# True when something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints "P2P_BASE API_BASE" for N nodes: 26656.. and 8080.. when all are free (or the bases in
# $P2P_BASE_PORT / $API_BASE_PORT), else a random free block, so that two networks (a
# developer's and a test's) never collide.
pick_ports() {
  local n=$1 p2p=${P2P_BASE_PORT:-26656} api=${API_BASE_PORT:-8080} p ok
  for attempt in $(seq 50); do
    ok=1
    for p in $(seq "$p2p" $((p2p + n - 1))) $(seq "$api" $((api + n - 1))); do
      if port_in_use "$p"; then ok=""; break; fi
    done
    if [ -n "$ok" ]; then echo "$p2p $api"; return 0; fi
    if [ -n "${P2P_BASE_PORT:-}${API_BASE_PORT:-}" ]; then break; fi
    p2p=$((20000 + RANDOM % 10000)); api=$((p2p + n))  # below the kernel's ephemeral range
  done
  die "no free ports for $n nodes (tried $attempt blocks)"
}

node_home() { echo "$TESTNET_DIR/node$1"; }
node_api() { jq -r '.api.listen' "$(node_home "$1")/config/node.json"; }
node_pid_file() { echo "$(node_home "$1")/credchaind.pid"; }
node_count() { ls -d "$TESTNET_DIR"/node* 2>/dev/null | wc -l; }

node_running() {
  local pid_file; pid_file=$(node_pid_file "$1")
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start_node() {
  local i=$1 home; home=$(node_home "$i")
  node_running "$i" && return 0
  CREDCHAIN_PASSPHRASE_FILE="$TESTNET_DIR/passphrase" \
    nohup "$CREDCHAIND" --home "$home" start --passphrase-file "$TESTNET_DIR/passphrase" \
    >>"$home/credchaind.log" 2>&1 &
  echo $! >"$(node_pid_file "$i")"
  disown $!  # a script that later kills it must not wait for it or report its death
}

# kill -9: no shutdown path at all, as a power cut would.
kill_node() {
  local pid_file; pid_file=$(node_pid_file "$1")
  if node_running "$1"; then kill -9 "$(cat "$pid_file")"; fi
  rm -f "$pid_file"
}

stop_node() {
  local pid_file pid; pid_file=$(node_pid_file "$1")
  if node_running "$1"; then
    pid=$(cat "$pid_file"); kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pid_file"
}

# The committed height node i reports, or -1 when it does not answer.
node_height() {
  curl -fsS --max-time 2 "http://$(node_api "$1")/v1/status" 2>/dev/null | jq -r '.height // -1' \
    2>/dev/null || echo -1
}

# Waits until node i reports a committed height >= $2, for at most $3 seconds.
wait_height() {
  local i=$1 want=$2 limit=${3:-60} h
  for _ in $(seq $((limit * 5))); do
    h=$(node_height "$i")
    [ "$h" -ge "$want" ] 2>/dev/null && return 0
    sleep 0.2
  done
  say "node$i reached height $(node_height "$i"), wanted $want within ${limit}s; last log lines:"
  tail -20 "$(node_home "$i")/credchaind.log" >&2
  return 1
}

# The link proxy (testnet/linkproxy.py) of a testnet initialised with --link-proxy-base-port:
# every validator-to-validator link passes through it, and set_cuts cuts directions of them.
LINKPROXY_PID_FILE=$TESTNET_DIR/linkproxy.pid
CUT_FILE=$TESTNET_DIR/links.cut

has_links() { jq -e '(.links // []) | length > 0' "$TESTNET_DIR/testnet.json" >/dev/null 2>&1; }
linkproxy_running() { [ -f "$LINKPROXY_PID_FILE" ] && kill -0 "$(cat "$LINKPROXY_PID_FILE")" 2>/dev/null; }

# Prints the first port of a free block of $1 ports in 30000..32767 (below the kernel's ephemeral
# range) that avoids the ports $2..$3 (the network's own P2P/REST ports, not yet listening).
pick_proxy_ports() {
  local count=$1 avoid_lo=$2 avoid_hi=$3 base p ok
  for _ in $(seq 50); do
    base=$((30000 + RANDOM % (2768 - count))); ok=1
    if [ "$base" -le "$avoid_hi" ] && [ $((base + count - 1)) -ge "$avoid_lo" ]; then continue; fi
    for p in $(seq "$base" $((base + count - 1))); do
      if port_in_use "$p"; then ok=""; break; fi
    done
    if [ -n "$ok" ]; then echo "$base"; return 0; fi
  done
  die "no free block of $count ports for the link proxy"
}

start_linkproxy() {
  local links=() log=$TESTNET_DIR/linkproxy.log
  linkproxy_running && return 0
  command -v python3 >/dev/null || die "the link proxy needs python3 (scripts/install-deps.sh installs it)"
  mapfile -t links < <(jq -r '.links[] | "--link=\(.from):\(.to):\(.listen):\(.target)"' "$TESTNET_DIR/testnet.json")
  : >"$CUT_FILE"
  nohup python3 "$ROOT/testnet/linkproxy.py" --cut-file "$CUT_FILE" "${links[@]}" >>"$log" 2>&1 &
  echo $! >"$LINKPROXY_PID_FILE"
  disown $!
  for _ in $(seq 50); do
    grep -q "proxying ${#links[@]} links" "$log" 2>/dev/null && return 0
    linkproxy_running || break
    sleep 0.1
  done
  tail -5 "$log" >&2
  die "the link proxy did not start (log: $log)"
}

stop_linkproxy() {
  if linkproxy_running; then kill -TERM "$(cat "$LINKPROXY_PID_FILE")"; fi
  rm -f "$LINKPROXY_PID_FILE"
}

# set_cuts [FROM>TO ...]: exactly these directions are cut from now on (none: all healed).
set_cuts() {
  if [ $# -gt 0 ]; then printf '%s\n' "$@" >"$CUT_FILE.tmp"; else : >"$CUT_FILE.tmp"; fi
  mv "$CUT_FILE.tmp" "$CUT_FILE"
  sleep 0.3  # the proxy polls every 100 ms
}

"""A local credchaind network for end-to-end tests: real processes on 127.0.0.1.

Testnet(bin_dir, n).init() makes one home per validator with `credchaind init` (interactive
Argon2id cost: a throwaway network's keys, six times cheaper to write and open), then replaces
each node's single-validator genesis with one shared N-validator genesis (departments dept-0..,
each with its node key as validator key and a department account key held here) and points
every node's config at the others. outsider() adds a node that is not in the genesis (an
observer, a stranger) with the same genesis and peers. run(net, scenario) runs a test and
always stops every node, keeping the logs when it fails.

Waits are conditions polled until a deadline (Testnet.wait), never fixed sleeps; a timeout says
what was awaited and where every node stood (height, peers, or down) and how long it took.

Transactions are encoded here from docs/formats/tx.md (canonical codec) and signed with Ed25519,
so the tests do not depend on the CLI.
"""
import base64
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)
PASSPHRASE = "e2e passphrase, not secret"
KIND_EVIDENCE_ANCHOR = 25


def ephemeral_ports():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(x) for x in f.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999


_PORT_RNG = random.Random(os.getpid() ^ time.time_ns())


def free_port():
    """A port free now and outside the kernel's ephemeral range. A node binds it only once it
    starts, and a port from that range (what binding to port 0 gives) could meanwhile become the
    local end of some other test's outbound connection: a node then failed to listen ("Address
    already in use") and the network ran without it."""
    low, high = ephemeral_ports()
    candidates = [p for p in range(10000, 65536) if not low <= p <= high]
    for _ in range(200):
        port = _PORT_RNG.choice(candidates)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port outside the ephemeral range")


def encode_tx(chain_id, key, sequence, expires, kind, payload):
    sender = key.public_key().public_bytes(**RAW)
    cid = chain_id.encode()
    tx = (struct.pack(">H", 1) + struct.pack(">I", len(cid)) + cid + sender +
          struct.pack(">QQH", sequence, expires, kind) + struct.pack(">I", len(payload)) + payload)
    preimage = b"credchain/tx/v1" + struct.pack(">I", len(cid)) + cid + tx
    return tx + key.sign(preimage), hashlib.sha256(preimage).hexdigest()


def encode_string(text):
    """A canonical-codec string: u32 length, then UTF-8 bytes."""
    b = text.encode("utf-8")
    return struct.pack(">I", len(b)) + b


def tx_body(raw):
    """The POST /v1/txs body for an encoded signed transaction."""
    return {"tx": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}


class Node:
    def __init__(self, bin_dir, home, index):
        self.bin_dir, self.home, self.index = bin_dir, home, index
        self.proc = None
        self.key = None
        self.p2p_port = free_port()
        self.api_port = free_port()

    def credchaind(self, *args, **kwargs):
        cmd = [os.path.join(self.bin_dir, "credchaind"), "--home", self.home, *args]
        env = dict(os.environ, CREDCHAIN_PASSPHRASE=PASSPHRASE)
        return subprocess.run(cmd, env=env, capture_output=True, text=True, **kwargs)

    def start(self):
        log = open(os.path.join(self.home, "credchaind.log"), "a")
        env = dict(os.environ, CREDCHAIN_PASSPHRASE=PASSPHRASE)
        self.proc = subprocess.Popen(
            [os.path.join(self.bin_dir, "credchaind"), "--home", self.home, "start"],
            env=env, stdout=log, stderr=subprocess.STDOUT)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self, timeout=20):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.proc = None
        return code

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def request(self, method, path, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data,
                                     method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def metrics(self):
        """The node's unlabelled /metrics samples, name -> value."""
        url = f"http://127.0.0.1:{self.api_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as resp:
            text = resp.read().decode()
        samples = {}
        for line in text.splitlines():
            parts = line.split(" ")
            if line and not line.startswith("#") and len(parts) == 2 and "{" not in parts[0]:
                samples[parts[0]] = float(parts[1])
        return samples

    def status(self):
        try:
            code, body = self.request("GET", "/v1/status", timeout=2)
            return body if code == 200 else None
        except (OSError, ValueError):
            return None

    def height(self):
        s = self.status()
        return s["height"] if s else -1

    def log(self):
        with open(os.path.join(self.home, "credchaind.log"), errors="replace") as f:
            return f.read()

    def refusals(self, key_hex):
        """How often this node has refused a connection from `key_hex` by its allow-list."""
        return self.log().count(f"peer key {key_hex} is not in the allow-list")


class Testnet:
    def __init__(self, bin_dir, n, chain_id="credchain-e2e"):
        self.dir = tempfile.mkdtemp(prefix="credchain-e2e-")
        self.chain_id = chain_id
        self.nodes = [Node(bin_dir, os.path.join(self.dir, f"node{i}"), i) for i in range(n)]
        self.outsiders = []  # nodes not in the genesis (outsider())
        self.accounts = [Ed25519PrivateKey.generate() for _ in range(n)]
        self.started = time.time()

    def init(self):
        for node in self.nodes:
            out = node.credchaind("init", "--chain-id", self.chain_id, "--kdf", "interactive",
                              check=True).stdout
            node.key = next(l.split()[2] for l in out.splitlines() if l.startswith("node key:"))
        with open(os.path.join(self.nodes[0].home, "config", "genesis.json")) as f:
            genesis = json.load(f)
        template = genesis["departments"][0]
        genesis["departments"] = [
            dict(template, id=f"dept-{i}", name=f"部门{i}", validator_key=node.key,
                 account_keys=[self.accounts[i].public_key().public_bytes(**RAW).hex()])
            for i, node in enumerate(self.nodes)]
        for node in self.nodes:
            self._write(os.path.join(node.home, "config", "genesis.json"), genesis)
            self._configure(node)

    def outsider(self, name, index):
        """A node with its own key, not in the genesis: the network's genesis, dialing every
        validator (redials every 100-1000 ms). Not started; stopped by shutdown()."""
        node = Node(self.nodes[0].bin_dir, os.path.join(self.dir, name), index)
        out = node.credchaind("init", "--chain-id", self.chain_id, "--kdf", "interactive",
                              check=True).stdout
        node.key = next(l.split()[2] for l in out.splitlines() if l.startswith("node key:"))
        shutil.copy(os.path.join(self.nodes[0].home, "config", "genesis.json"),
                    os.path.join(node.home, "config", "genesis.json"))
        self._configure(node)
        self.outsiders.append(node)
        return node

    def _configure(self, node):
        path = os.path.join(node.home, "config", "node.json")
        with open(path) as f:
            config = json.load(f)
        config["p2p"]["listen"] = f"127.0.0.1:{node.p2p_port}"
        config["p2p"]["peers"] = [f"{o.key}@127.0.0.1:{o.p2p_port}"
                                  for o in self.nodes if o is not node]
        config["p2p"]["reconnect_min_ms"] = 100
        config["p2p"]["reconnect_max_ms"] = 1000
        config["api"]["listen"] = f"127.0.0.1:{node.api_port}"
        config["consensus"]["round_timeout_ms"] = 1000
        self._write(path, config)

    @staticmethod
    def _write(path, value):
        with open(path, "w") as f:
            json.dump(value, f, ensure_ascii=False, indent=2)
        os.chmod(path, 0o600)

    def start(self):
        for node in self.nodes:
            node.start()

    def shutdown(self):
        for node in [*self.nodes, *self.outsiders]:
            if node.running():
                node.kill9()

    def elapsed(self):
        return f"{time.time() - self.started:5.1f}s"

    def describe(self):
        """Where every node stands: 'node0 h=12 peers=3, node3 down, ...'."""
        parts = []
        for node in [*self.nodes, *self.outsiders]:
            status = node.status() if node.running() else None
            name = os.path.basename(node.home)
            parts.append(f"{name} h={status['height']} peers={status['peers']}" if status
                         else f"{name} {'not answering' if node.running() else 'down'}")
        return ", ".join(parts)

    def wait(self, condition, timeout, what):
        """Polls condition() every 0.2 s until it holds; AssertionError naming `what` (a string,
        or a function giving one then, to report state) and the nodes' state after `timeout`
        seconds. Returns the seconds it took."""
        start = time.time()
        deadline = start + timeout
        while time.time() < deadline:
            if condition():
                return time.time() - start
            time.sleep(0.2)
        what = what() if callable(what) else what
        raise AssertionError(f"timed out after {timeout}s waiting for {what} "
                             f"(at {self.elapsed()}: {self.describe()})")

    def submit(self, node, key, sequence, kind, payload, timeout_ms=20000):
        """Sends a transaction to `node` with ?wait=commit and returns GET /v1/txs/{id}'s answer
        once committed; AssertionError with the node's answer otherwise."""
        raw, tx_id = encode_tx(self.chain_id, key, sequence, 1_000_000, kind, payload)
        code, reply = node.request("POST", f"/v1/txs?wait=commit&timeout_ms={timeout_ms}",
                                   tx_body(raw), timeout=timeout_ms / 1000 + 10)
        assert code == 200 and reply.get("status") == "committed", \
            f"tx {tx_id} not committed: {code} {reply}"
        code, tx = node.request("GET", f"/v1/txs/{tx_id}")
        assert code == 200, f"GET /v1/txs/{tx_id}: {code} {tx}"
        return tx

    def ok(self, message):
        """Prints a passed step with the time since the network was created."""
        print(f"ok  [{self.elapsed()}] {message}", flush=True)

    def make_tx(self, payload=None):
        """A transaction from a fresh key (sequence 1), so any number can be sent at once. By
        default an evidence.anchor of a random digest (EvidenceAnchorPayload v1, docs/formats):
        the sender is no department, so it commits with receipt `unauthorized`, which is all
        a consensus test needs."""
        if payload is None:
            payload = struct.pack(">H", 1) + os.urandom(32) + encode_string("e2e-evidence")
        key = Ed25519PrivateKey.generate()
        return encode_tx(self.chain_id, key, 1, 1_000_000, KIND_EVIDENCE_ANCHOR, payload)

def run(net, scenario):
    """Runs scenario(net), then kills every node; removes the network's directory if it passed,
    else says where the logs are. Returns the exit code (0 iff the scenario passed)."""
    ok = False
    try:
        scenario(net)
        net.ok("all steps passed")
        ok = True
    finally:
        net.shutdown()
        if ok:
            shutil.rmtree(net.dir, ignore_errors=True)
        else:
            print(f"FAIL at {net.elapsed()}; logs kept in {net.dir}", flush=True)
    return 0 if ok else 1

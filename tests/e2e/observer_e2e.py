#!/usr/bin/env python3
"""End-to-end: an observer node admitted by on-chain registration (DESIGN.md §9, issue 8).

One validator (n = 1, so a governance proposal passes with the proposer's own vote) and one
observer node whose key is not a validator key. The observer dials the validator:
  1. before registration the validator refuses it (no peer on either side);
  2. governance add_observer commits: the validator's allow-list takes the key from state and
     the observer connects (no restart of either node); it then follows the chain: it verifies
     and executes the validator's blocks and serves them over REST, byte-identical, and reports
     that it does not vote;
  3. governance remove_observer commits: the validator disconnects it and keeps refusing it.
Usage: observer_e2e.py BIN_DIR   (BIN_DIR holds credchaind). Exit 0 iff all pass.
"""
import base64
import os
import shutil
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testnet import Node, Testnet, encode_tx  # noqa: E402

KIND_GOVERNANCE_PROPOSE = 1
ADD_OBSERVER, REMOVE_OBSERVER = 8, 9


def string(s):
    b = s.encode("utf-8")
    return struct.pack(">I", len(b)) + b


def observer_action(kind, key_hex, owner_name="中国工商银行成都分行", owner_code="icbc-cd"):
    """GovernanceProposePayload (docs/formats/state-layout.md "Governance")."""
    payload = struct.pack(">HB", 1, kind) + bytes.fromhex(key_hex)
    if kind == ADD_OBSERVER:
        payload += string(owner_name) + string(owner_code)
    return payload


def propose(net, sequence, payload):
    raw, tx_id = encode_tx(net.chain_id, net.accounts[0], sequence, 1_000_000,
                           KIND_GOVERNANCE_PROPOSE, payload)
    body = {"tx": base64.urlsafe_b64encode(raw).rstrip(b"=").decode()}
    code, reply = net.nodes[0].request("POST", "/v1/txs?wait=commit&timeout_ms=20000", body,
                                       timeout=30)
    assert code == 200 and reply.get("status") == "committed", (code, reply)
    code, tx = net.nodes[0].request("GET", f"/v1/txs/{tx_id}")
    assert code == 200, (code, tx)
    return tx


def peers(node):
    status = node.status()
    return status["peers"] if status else -1


def make_observer(net):
    observer = Node(net.nodes[0].bin_dir, os.path.join(net.dir, "observer"), 1)
    out = observer.credchaind("init", "--chain-id", net.chain_id, check=True).stdout
    observer.key = next(l.split()[2] for l in out.splitlines() if l.startswith("node key:"))
    shutil.copy(os.path.join(net.nodes[0].home, "config", "genesis.json"),
                os.path.join(observer.home, "config", "genesis.json"))
    net._configure(observer)  # dials the validator, redials every 100-1000 ms
    return observer


def main():
    net = Testnet(sys.argv[1], 1, chain_id="credchain-e2e-observer")
    observer = None
    ok = False
    try:
        net.init()
        validator = net.nodes[0]
        observer = make_observer(net)
        net.start()
        observer.start()
        net.wait(lambda: validator.height() >= 2 and observer.status() is not None, 60,
                 "the validator to commit and the observer to answer")
        time.sleep(3)  # many redials
        assert peers(validator) == 0 and peers(observer) == 0, "unregistered observer connected"
        print("ok  an unregistered observer is refused", flush=True)

        propose(net, 1, observer_action(ADD_OBSERVER, observer.key))
        net.wait(lambda: peers(validator) == 1 and peers(observer) == 1, 30,
                 "the registered observer to connect")
        print("ok  after observer-add commits, the observer connects (no restart)", flush=True)

        target = validator.height() + 3
        net.wait(lambda: observer.height() >= target, 60, "the observer to follow the chain")
        for h in (1, target - 1, target):
            mine, theirs = validator.request("GET", f"/v1/blocks/{h}"), \
                observer.request("GET", f"/v1/blocks/{h}")
            assert mine[0] == 200 and mine == theirs, f"block {h} differs: {mine} / {theirs}"
        assert observer.status()["validator"] is False, observer.status()
        assert validator.status()["validator"] is True, validator.status()
        print(f"ok  the observer follows: identical blocks up to height {target}, not voting",
              flush=True)

        propose(net, 2, observer_action(REMOVE_OBSERVER, observer.key))
        net.wait(lambda: peers(validator) == 0, 30, "the removed observer to be disconnected")
        time.sleep(3)
        assert peers(validator) == 0 and peers(observer) == 0, "removed observer reconnected"
        assert validator.running() and observer.running()
        print("ok  after observer-remove commits, the observer is disconnected and refused",
              flush=True)
        ok = True
    finally:
        for node in [*net.nodes, observer]:
            if node is not None and node.running():
                node.kill9()
        if ok:
            shutil.rmtree(net.dir, ignore_errors=True)
        else:
            print(f"logs kept in {net.dir}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

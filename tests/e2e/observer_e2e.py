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
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testnet import Testnet, encode_string, run  # noqa: E402

KIND_GOVERNANCE_PROPOSE = 1
ADD_OBSERVER, REMOVE_OBSERVER = 8, 9


def observer_action(kind, key_hex, owner_name="中国工商银行成都分行", owner_code="icbc-cd"):
    """GovernanceProposePayload (docs/formats/state-layout.md "Governance")."""
    payload = struct.pack(">HB", 1, kind) + bytes.fromhex(key_hex)
    if kind == ADD_OBSERVER:
        payload += encode_string(owner_name) + encode_string(owner_code)
    return payload


def propose(net, sequence, payload):
    """dept-0 proposes (with n = 1 its own vote passes it); the committed tx's answer."""
    return net.submit(net.nodes[0], net.accounts[0], sequence, KIND_GOVERNANCE_PROPOSE, payload)


def peers(node):
    status = node.status()
    return status["peers"] if status else -1


def make_observer(net):
    return net.outsider("observer", 1)  # dials the validator, redials every 100-1000 ms


def scenario(net):
    net.init()
    validator = net.nodes[0]
    observer = make_observer(net)
    net.start()
    observer.start()
    net.wait(lambda: validator.height() >= 2 and observer.status() is not None, 60,
             "the validator to commit and the observer to answer")
    net.wait(lambda: validator.refusals(observer.key) >= 2, 30,
             "the validator to refuse the unregistered observer's dials (allow-list)")
    assert peers(validator) == 0 and peers(observer) == 0, "unregistered observer connected"
    net.ok("an unregistered observer is refused")

    propose(net, 1, observer_action(ADD_OBSERVER, observer.key))
    net.wait(lambda: peers(validator) == 1 and peers(observer) == 1, 30,
             "the registered observer to connect")
    net.ok("after observer-add commits, the observer connects (no restart)")

    target = validator.height() + 3
    net.wait(lambda: observer.height() >= target, 60, "the observer to follow the chain")
    for h in (1, target - 1, target):
        mine, theirs = validator.request("GET", f"/v1/blocks/{h}"), \
            observer.request("GET", f"/v1/blocks/{h}")
        assert mine[0] == 200 and mine == theirs, f"block {h} differs: {mine} / {theirs}"
    assert observer.status()["validator"] is False, observer.status()
    assert validator.status()["validator"] is True, validator.status()
    net.ok(f"the observer follows: identical blocks up to height {target}, not voting")

    propose(net, 2, observer_action(REMOVE_OBSERVER, observer.key))
    net.wait(lambda: peers(validator) == 0, 30, "the removed observer to be disconnected")
    refused = validator.refusals(observer.key)
    net.wait(lambda: validator.refusals(observer.key) >= refused + 2, 30,
             "the validator to refuse the removed observer's redials (allow-list)")
    assert peers(validator) == 0 and peers(observer) == 0, "removed observer reconnected"
    assert validator.running() and observer.running()
    net.ok("after observer-remove commits, the observer is disconnected and refused")


def main():
    return run(Testnet(sys.argv[1], 1, chain_id="credchain-e2e-observer"), scenario)


if __name__ == "__main__":
    sys.exit(main())

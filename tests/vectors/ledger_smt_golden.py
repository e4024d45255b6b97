#!/usr/bin/env python3
"""Independent reference for docs/formats/state-tree.md: writes ledger_smt_golden.txt.

Computes sparse-Merkle hashes, roots and proof encodings with hashlib only (no credchain code),
so the C++ tests compare against a second implementation of the written spec.
"""
import hashlib

TAGS = dict(empty=b"credchain/smt/empty/v1", leaf=b"credchain/smt/leaf/v1",
            node=b"credchain/smt/node/v1")
SUITES = dict(sha256=1, sm3=2)


def h(suite, data):
    return hashlib.new(suite, data).digest()


def empty(suite):
    return h(suite, TAGS["empty"])


def leaf(suite, key, value):
    return h(suite, TAGS["leaf"] + key + h(suite, value))


def node(suite, left, right):
    return h(suite, TAGS["node"] + left + right)


def bit(key, i):
    return (key[i // 8] >> (7 - i % 8)) & 1


def root(suite, items, depth=0):
    """items: sorted list of (key, value)."""
    if not items:
        return empty(suite)
    if len(items) == 1:
        return leaf(suite, *items[0])
    left = [kv for kv in items if bit(kv[0], depth) == 0]
    right = [kv for kv in items if bit(kv[0], depth) == 1]
    return node(suite, root(suite, left, depth + 1), root(suite, right, depth + 1))


def encode_proof(suite, terminal, siblings):
    """terminal: None (empty) or (key, value)."""
    out = (1).to_bytes(2, "big") + bytes([SUITES[suite]])
    if terminal is None:
        out += b"\x00"
    else:
        out += b"\x01" + terminal[0] + h(suite, terminal[1])
    out += len(siblings).to_bytes(2, "big")
    bitmap = bytearray((len(siblings) + 7) // 8)
    for i, s in enumerate(siblings):
        if s == empty(suite):
            bitmap[i // 8] |= 1 << (i % 8)
    out += bytes(bitmap) + b"".join(s for s in siblings if s != empty(suite))
    return out


def key(first):
    return bytes([first]) + bytes(31)


def main():
    k1, k2, k3, k4 = key(0x00), key(0x80), key(0x40), key(0xC0)
    lines = [
        "# Sparse Merkle tree vectors (docs/formats/state-tree.md), computed by",
        "# tests/vectors/ledger_smt_golden.py with hashlib only. Keys: k1=00.., k2=80.., k3=40..,",
        "# k4=c0.. (first byte, then 31 zero bytes); values a, b, c (ASCII).",
    ]
    for suite in ("sha256", "sm3"):
        three = sorted([(k1, b"a"), (k2, b"b"), (k3, b"c")])
        two = sorted([(k1, b"a"), (k3, b"c")])
        l1, l2, l3 = leaf(suite, k1, b"a"), leaf(suite, k2, b"b"), leaf(suite, k3, b"c")
        vectors = {
            "empty": empty(suite),
            "leaf_k1_a": l1,
            "root_k1a_k2b_k3c": root(suite, three),
            "root_k1a_k3c": root(suite, two),
            # k3 present in the three-key tree: siblings root side first.
            "proof_k3_in_three": encode_proof(suite, (k3, b"c"), [l2, l1]),
            # k4 absent from the three-key tree: the search ends at k2's leaf.
            "proof_k4_absent_three": encode_proof(suite, (k2, b"b"), [node(suite, l1, l3)]),
            # k2 absent from the two-key tree: the search ends at an empty subtree.
            "proof_k2_absent_two": encode_proof(suite, None, [node(suite, l1, l3)]),
        }
        for name, value in vectors.items():
            lines.append(f"smt_{suite}_{name} {value.hex()}")
    with open(__file__.replace(".py", ".txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

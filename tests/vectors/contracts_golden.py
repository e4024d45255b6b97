#!/usr/bin/env python3
"""Independent encoder for the governance, schema and credential payloads and state keys
(docs/formats/state-layout.md "Governance", "Schemas", "Credentials"; docs/formats/tx.md).

Written from the format docs, not from the C++ code. Prints "<name> <hex>" lines that are
appended to tests/vectors/contracts_golden.txt and checked by
tests/unit/contracts/chain_golden_test.cpp. Inputs: digests are SHA-256 of the label; keys are
the Ed25519 public keys of seeds 0x01 x 32 and 0x02 x 32.
Run: python3 tests/vectors/contracts_golden.py   (needs the `cryptography` package)
"""
import hashlib
import struct

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def u8(v): return struct.pack(">B", v)
def u16(v): return struct.pack(">H", v)
def u32(v): return struct.pack(">I", v)
def u64(v): return struct.pack(">Q", v)
def string(s): b = s.encode("utf-8"); return u32(len(b)) + b
def boolean(v): return b"\x01" if v else b"\x00"
def digest(label): return hashlib.sha256(label.encode()).digest()


def key(seed):
    k = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    return k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def terms(schema, version, key_id, valid_until):
    return string(schema) + u32(version) + string(key_id) + u64(valid_until)


def parameters(max_block_txs=10000, max_block_bytes=16 * 1024 * 1024, window=86400000,
               lifetime=100000, max_bits=1 << 24):
    return u16(1) + u32(max_block_txs) + u32(max_block_bytes) + u64(window) + u64(lifetime) + \
        u32(max_bits)


def state_key(namespace, k):
    return hashlib.sha256(namespace.encode() + b"\x00" + k).digest()


def main():
    out = {}
    keys = sorted([key(1)])
    out["governance_propose_add_department_v1"] = (
        u16(1) + u8(0) + string("ndrc") + string("国家发展和改革委员会") + boolean(True) + key(2) +
        u32(len(keys)) + b"".join(keys))
    out["governance_propose_remove_department_v1"] = u16(1) + u8(1) + string("tax") + boolean(True)
    out["governance_propose_set_validator_key_v1"] = u16(1) + u8(2) + string("tax") + boolean(False)
    out["governance_propose_grant_v1"] = (
        u16(1) + u8(3) + string("tax") + string("electronic-licence"))
    out["governance_propose_parameters_v1"] = u16(1) + u8(5) + parameters(max_block_txs=777)
    out["governance_propose_set_status_v1"] = (
        u16(1) + u8(7) + u16(1) + string("samr") + u32(7) + u8(1) + u32(2) + u32(9) + u32(10))
    out["governance_vote_v1"] = u16(1) + u64(7) + boolean(False)
    claim = (string("grade") + u8(3) + boolean(True) + boolean(True) + boolean(True) +
             u32(4) + string("D") + string("C") + string("B") + string("A") + string(""))
    schema = (u16(1) + string("credit-grade-x") + u32(2) + string("信用等级") + u8(0) +
              string("") + u32(1) + claim)
    out["schema_register_v1"] = u16(1) + schema
    out["schema_deprecate_v1"] = u16(1) + string("electronic-licence") + u32(2)
    out["credential_anchor_v1"] = (
        u16(1) + digest("cred") + terms("electronic-licence", 1, "key-1", 1790000000000))
    out["credential_anchor_batch_v1"] = (
        u16(1) + digest("batch") + u32(5000) + terms("credit-grade-tax", 3, "key-2", 0))
    out["status_list_create_v1"] = u16(1) + u32(7) + u8(3) + u32(8192)
    out["status_set_v1"] = (u16(1) + string("samr") + u32(7) + u8(1) + u32(3) + u32(1) +
                            u32(4096) + u32(70000))
    out["issuer_key_rotate_v1"] = u16(1) + string("key-2") + key(1) + boolean(True) + string("key-1")
    out["evidence_anchor_v1"] = u16(1) + digest("licence.ofd") + string("electronic-licence")
    # Entry 5000 of list samr/7 lives in chunk 1 (4096 entries per chunk).
    out["status_entry_state_key_v1"] = state_key("cred.schunk", string("samr") + u32(7) + u32(1))
    for name, value in out.items():
        print(name, value.hex())


if __name__ == "__main__":
    main()

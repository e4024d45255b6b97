#!/usr/bin/env python3
"""Independent encoder for the governance, schema and credential payloads and state keys
(docs/formats/state-layout.md "Governance", "Schemas", "Credentials"; docs/formats/tx.md).

Written from the format docs, not from the C++ code. Prints "<name> <hex>" lines that are
appended to tests/vectors/contracts_golden.txt and checked by
tests/unit/contracts/chain_golden_test.cpp. Inputs: digests are SHA-256 of the label; keys are
the Ed25519 public keys of seeds 0x01 x 32 and 0x02 x 32.
Run: python3 tests/vectors/contracts_golden.py   (needs the `cryptography` package)
"""
import datetime
import hashlib
import json
import os
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
               lifetime=100000, max_bits=1 << 24, id_log_page_size=64, id_log_head=False):
    # Version 1 when the page size is 64 and the layout "pages" (as before either was a
    # parameter); version 2 with the page size appended for another size; version 3, layout
    # "head", with the page size and the layout byte (1) appended.
    body = u32(max_block_txs) + u32(max_block_bytes) + u64(window) + u64(lifetime) + u32(max_bits)
    if id_log_head:
        return u16(3) + body + u32(id_log_page_size) + u8(1)
    if id_log_page_size == 64:
        return u16(1) + body
    return u16(2) + body + u32(id_log_page_size)


def state_key(namespace, k):
    return hashlib.sha256(namespace.encode() + b"\x00" + k).digest()


CLAIM_TYPES = {"string": 0, "integer": 1, "date": 2, "enum": 3}


def schema_encoding(j):
    """ledger::Schema::EncodeTo of the JSON form (ledger/schema_json.h), defaults applied."""
    out = (u16(1) + string(j["id"]) + u32(j["schema_version"]) + string(j.get("title", "")) +
           u8(0) + string(j.get("publication_rule", "")) + u32(len(j["claims"])))
    for c in j["claims"]:
        out += (string(c["name"]) + u8(CLAIM_TYPES[c["type"]]) +
                boolean(c.get("required", False)) + boolean(c.get("sd", True)) +
                boolean(c.get("provable", False)) + u32(len(c.get("enum", []))) +
                b"".join(string(e) for e in c.get("enum", [])) + string(c.get("format", "")))
    return out


def civil_day(iso):
    return u32((datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days)


def rule_book_encoding(tables):
    """docs/formats/rule-table.md §4 from the JSON form (contracts/rule_table_json.h)."""
    out = u16(1) + u32(len(tables))
    for t in sorted(tables, key=lambda t: t["effective_from"]):
        out += u16(1) + string(t["id"]) + string(t["title"]) + civil_day(t["effective_from"])
        for tier in ("minor", "general", "serious"):
            r = t["tiers"][tier]
            out += boolean(r["published_by_default"]) + u16(r["min_months"]) + u16(r["max_months"])
        lists = sorted(t["lists"], key=lambda l: (len(l["code"].encode()), l["code"].encode()))
        out += u32(len(lists))
        for l in lists:
            out += (string(l["code"]) + string(l["title"]) + string(l["legal_basis"]) +
                    u16(l["duration_months"]) + u16(l["early_removal_after_months"]))
    return out


def genesis_hash(path):
    """docs/formats/genesis.md: the hash of tests/vectors/genesis_v1.json (sha256 suite and
    inline schemas only)."""
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    assert j["crypto_suite"] == "sha256"
    p = j.get("parameters", {})
    params = parameters(max_block_txs=p.get("max_block_txs", 10000),
                        max_block_bytes=p.get("max_block_bytes", 16 * 1024 * 1024),
                        window=p.get("status_proof_window_ms", 86400000),
                        lifetime=p.get("max_proposal_lifetime_blocks", 100000),
                        max_bits=p.get("max_status_list_bits", 1 << 24))
    depts = b""
    for d in sorted(j["departments"], key=lambda d: d["id"].encode()):
        depts += string(d["id"]) + string(d["name"]) + boolean("validator_key" in d)
        if "validator_key" in d:
            depts += bytes.fromhex(d["validator_key"])
        keys = sorted(bytes.fromhex(k) for k in d["account_keys"])
        auths = sorted(a.encode() for a in d.get("authorizations", []))
        depts += u32(len(keys)) + b"".join(keys)
        depts += u32(len(auths)) + b"".join(u32(len(a)) + a for a in auths)
    schemas = sorted(j["schemas"], key=lambda s: (s["id"].encode(), s["schema_version"]))
    body = (u16(1) + string(j["chain_id"]) + u8(1) + u64(j["genesis_time_ms"]) + params +
            u32(len(j["departments"])) + depts +
            u32(len(schemas)) + b"".join(schema_encoding(s) for s in schemas) +
            rule_book_encoding(j["rule_book"]))
    return hashlib.sha256(b"credchain/genesis/v1" + string(j["chain_id"]) + body).digest()


def main():
    out = {}
    out["genesis_hash_v1"] = genesis_hash(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "genesis_v1.json"))
    keys = sorted([key(1)])
    out["governance_propose_add_department_v1"] = (
        u16(1) + u8(0) + string("ndrc") + string("国家发展和改革委员会") + boolean(True) + key(2) +
        u32(len(keys)) + b"".join(keys))
    out["governance_propose_remove_department_v1"] = u16(1) + u8(1) + string("tax") + boolean(True)
    out["governance_propose_set_validator_key_v1"] = u16(1) + u8(2) + string("tax") + boolean(False)
    out["governance_propose_grant_v1"] = (
        u16(1) + u8(3) + string("tax") + string("electronic-licence"))
    out["governance_propose_parameters_v1"] = u16(1) + u8(5) + parameters(max_block_txs=777)
    out["governance_propose_parameters_v2"] = (
        u16(1) + u8(5) + parameters(max_block_txs=777, id_log_page_size=16))
    out["governance_propose_parameters_v3"] = (
        u16(1) + u8(5) + parameters(max_block_txs=777, id_log_page_size=16, id_log_head=True))
    out["governance_propose_set_status_v1"] = (
        u16(1) + u8(7) + u16(1) + string("samr") + u32(7) + u8(1) + u32(2) + u32(9) + u32(10))
    out["governance_vote_v1"] = u16(1) + u64(7) + boolean(False)
    owner = string("中国工商银行成都分行") + string("icbc-cd")
    out["governance_propose_add_observer_v1"] = u16(1) + u8(8) + key(2) + owner
    out["governance_propose_remove_observer_v1"] = u16(1) + u8(9) + key(2)
    out["observer_node_state_v1"] = u16(1) + key(2) + owner + u64(42)
    out["observer_node_state_key_v1"] = state_key("gov.observer", key(2))
    out["observer_index_state_v1"] = u16(1) + u32(2) + b"".join(sorted([key(1), key(2)]))
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

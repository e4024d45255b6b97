#!/usr/bin/env python3
"""Independent reference for tests/vectors/credentials_predicates.json.

Computes the credential-level parts of predicate proofs (docs/formats/sd-jwt-vc.md
"Commitments for predicate proofs", docs/formats/presentation.md "Predicate proofs") with
Python's datetime, struct and hashlib, and the range proofs with the textbook prover of
range_proof_reference.py. Shares no code with the C++ implementation.

Usage: python3 tests/vectors/credentials_predicates_reference.py > credentials_predicates.json
"""
import base64
import datetime
import hashlib
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import range_proof_reference as rp  # noqa: E402


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def days(iso: str) -> int:
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def committed(x: int) -> int:
    return (x + 2**63) % 2**64


def context(audience: bytes, nonce: bytes, binding: bytes, kind, bits, lower, upper, c, side):
    t = rp.Transcript(b"credchain/predicate/v1")
    t.append(b"audience", audience)
    t.append(b"nonce", nonce)
    t.append(b"binding", binding)
    t.append(b"predicate", struct.pack(">BBQQ", rp.KINDS[kind], bits, lower, upper))
    t.append(b"commitment", c)
    t.append(b"side", side)
    return t


def at_least_proof(audience, nonce, binding, bits, lower_x, x, r, seed):
    lower, v = committed(lower_x), committed(x)
    c = rp.commit(v, r)
    t = context(audience, nonce, binding, "at_least", bits, lower, 0, c, b"lower")
    proof = rp.prove(t, bits, [v - lower], [r], rp.test_random(seed, 64))
    shifted = rp.point_add(c, rp.point_neg(rp.base_mul(lower)))
    check = context(audience, nonce, binding, "at_least", bits, lower, 0, c, b"lower")
    assert rp.verify(check, bits, [shifted], proof)
    encoded = struct.pack(">HBBQQI", 1, rp.KINDS["at_least"], bits, lower, 0, 1)
    return c, encoded + struct.pack(">I", len(proof)) + proof


def ext_hash(entries) -> str:
    data = b"credchain/presentation-ext/v1" + struct.pack(">I", len(entries))
    for claim, proof in entries:
        data += rp.lp(claim.encode()) + rp.lp(proof)
    return b64url(hashlib.sha256(data).digest())


def main():
    out = {"dates": [[d, days(d)] for d in
                     ["1970-01-01", "1969-12-31", "2000-02-29", "2026-12-02", "1000-01-01",
                      "9999-12-31"]],
           "committed_values": [[x, "%016x" % committed(x)] for x in
                                [0, 1, -1, 20789, -2**63, 2**63 - 1]],
           "ext_hash_empty": ext_hash([])}
    claim, x, lower_x, bits = "valid_until", days("2027-03-11"), days("2026-12-02"), 16
    audience, nonce = b"did:credchain:nj:bank-a", b"nonce-42"
    credential_id = hashlib.sha256(b"credchain/test/credential").digest()
    binding = rp.lp(claim.encode()) + credential_id
    r = rp.golden_blinding(0)
    seed = bytes(range(32))
    c, proof = at_least_proof(audience, nonce, binding, bits, lower_x, x, r, seed)
    out["predicate"] = {
        "claim": claim, "x": x, "blinding": b64url(r.to_bytes(32, "little")),
        "commitment": b64url(c), "audience": audience.decode(), "nonce": nonce.decode(),
        "credential_id": credential_id.hex(), "binding": binding.hex(), "random_seed": seed.hex(),
        "entry": {"claim": claim, "kind": "at_least", "bits": bits, "lower": lower_x,
                  "proof": b64url(proof)},
        "ext_hash": ext_hash([(claim, proof)])}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

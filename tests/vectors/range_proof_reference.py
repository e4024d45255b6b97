#!/usr/bin/env python3
"""Independent reference for tests/vectors/range_proof_golden.txt (docs/formats/range-proof.md).

Recomputes the transcript and generator vectors with Python's hashlib and libsodium's
ristretto255 primitives through ctypes, without any credchain C++ code, and prints them in the
golden-file format. Usage: python3 tests/vectors/range_proof_reference.py
"""
import ctypes
import hashlib
import struct

L = 2**252 + 27742317777372353535851937790883648493
SODIUM = ctypes.CDLL("libsodium.so.23")
assert SODIUM.sodium_init() >= 0


def lp(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class Transcript:
    def __init__(self, domain: bytes):
        self.state = hashlib.sha512(lp(b"credchain/transcript/v1") + lp(domain)).digest()

    def append(self, label: bytes, message: bytes):
        self.state = hashlib.sha512(self.state + b"\x01" + lp(label) + lp(message)).digest()

    def append_u64(self, label: bytes, value: int):
        self.append(label, struct.pack(">Q", value))

    def challenge_bytes(self, label: bytes) -> bytes:
        self.state = hashlib.sha512(self.state + b"\x02" + lp(label)).digest()
        return hashlib.sha512(self.state + b"\x03").digest()

    def challenge_scalar(self, label: bytes) -> int:
        return int.from_bytes(self.challenge_bytes(label), "little") % L


def hash_to_group(label: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    assert SODIUM.crypto_core_ristretto255_from_hash(out, hashlib.sha512(label).digest()) == 0
    return out.raw


def scalar_hex(s: int) -> str:
    return (s % L).to_bytes(32, "little").hex()


def main():
    t = Transcript(b"credchain/test/v1")
    t.append(b"audience", b"bank.example")
    t.append_u64(b"n", 64)
    c1 = t.challenge_bytes(b"c1")
    print("transcript_c1_bytes", c1.hex())
    print("transcript_c1_scalar", scalar_hex(int.from_bytes(c1, "little")))
    print("transcript_c2_scalar", scalar_hex(t.challenge_scalar(b"c2")))
    print("pedersen_H", hash_to_group(b"credchain/pedersen/v1/H").hex())
    for i in (0, 1, 63, 64, 511):
        print(f"bulletproofs_G_{i}", hash_to_group(b"credchain/bulletproofs/v1/G/%d" % i).hex())
        print(f"bulletproofs_H_{i}", hash_to_group(b"credchain/bulletproofs/v1/H/%d" % i).hex())


if __name__ == "__main__":
    main()

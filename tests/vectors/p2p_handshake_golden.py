#!/usr/bin/env python3
"""Independent encoder for the P2P handshake golden vectors (docs/formats/p2p.md).

Rebuilds, from the prose spec and primitive implementations only (Python `cryptography` for
X25519, Ed25519 and ChaCha20-Poly1305; hashlib BLAKE2b; HChaCha20 written out below), every byte
two nodes exchange in a handshake with fixed keys, and one frame after it. Prints
tests/vectors/p2p_handshake_golden.txt:

    python3 tests/vectors/p2p_handshake_golden.py > tests/vectors/p2p_handshake_golden.txt
"""
import hashlib
import struct

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

CHAIN_ID = b"credchain-golden"
TAG = b"credchain/handshake/v1"
RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def string(b):
    return u32(len(b)) + b


def kx_seed_keypair(seed):
    # libsodium crypto_kx_seed_keypair: sk = BLAKE2b-256(seed), pk = X25519(sk, base point).
    sk = hashlib.blake2b(seed, digest_size=32).digest()
    pk = X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes(**RAW)
    return sk, pk


def kx_keys(own_sk, client_pk, server_pk, peer_pk):
    q = X25519PrivateKey.from_private_bytes(own_sk).exchange(
        X25519PublicKey.from_public_bytes(peer_pk))
    h = hashlib.blake2b(q + client_pk + server_pk, digest_size=64).digest()
    return h[:32], h[32:]  # client: (rx, tx); server: (tx, rx)


def rotl(v, n):
    return ((v << n) & 0xffffffff) | (v >> (32 - n))


def hchacha20(key, nonce16):
    s = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]
    s += list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))

    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def seal_record(key, counter, body):
    # XChaCha20-Poly1305 (IETF) with nonce = 16 zero bytes || u64 BE counter; AD = the header.
    nonce = bytes(16) + struct.pack(">Q", counter)
    header = u32(len(body) + 16)
    subkey = hchacha20(key, nonce[:16])
    sealed = ChaCha20Poly1305(subkey).encrypt(bytes(4) + nonce[16:], body, header)
    return header + sealed


def main():
    init_static = Ed25519PrivateKey.from_private_bytes(bytes([0x01]) * 32)
    resp_static = Ed25519PrivateKey.from_private_bytes(bytes([0x02]) * 32)
    init_static_pk = init_static.public_key().public_bytes(**RAW)
    resp_static_pk = resp_static.public_key().public_bytes(**RAW)
    init_sk, init_pk = kx_seed_keypair(bytes([0x11]) * 32)
    resp_sk, resp_pk = kx_seed_keypair(bytes([0x22]) * 32)

    def hello(pk):
        body = u16(1) + string(CHAIN_ID) + pk
        return u32(len(body)) + body

    init_rx, init_tx = kx_keys(init_sk, init_pk, resp_pk, resp_pk)
    resp_tx, resp_rx = kx_keys(resp_sk, init_pk, resp_pk, init_pk)
    assert init_tx == resp_rx and init_rx == resp_tx

    def transcript(role, signer_pk):
        return TAG + string(CHAIN_ID) + bytes([role]) + init_pk + resp_pk + signer_pk

    t_init = transcript(1, init_static_pk)
    t_resp = transcript(2, resp_static_pk)
    auth_init = u16(1) + init_static_pk + init_static.sign(t_init)
    auth_resp = u16(1) + resp_static_pk + resp_static.sign(t_resp)
    ping_body = bytes([1]) + struct.pack(">Q", 7)

    print("# P2P handshake golden vectors (docs/formats/p2p.md), from the independent encoder")
    print("# tests/vectors/p2p_handshake_golden.py. Chain id \"credchain-golden\"; static Ed25519")
    print("# seeds 0x01 x 32 (initiator) and 0x02 x 32 (responder); crypto_kx seeds 0x11 x 32")
    print("# (initiator) and 0x22 x 32 (responder). Format: <name> <hex>.")
    rows = [
        ("initiator_ephemeral", init_pk),
        ("responder_ephemeral", resp_pk),
        ("initiator_hello_frame", hello(init_pk)),
        ("responder_hello_frame", hello(resp_pk)),
        ("initiator_send_key", init_tx),
        ("responder_send_key", resp_tx),
        ("initiator_transcript", t_init),
        ("responder_transcript", t_resp),
        ("initiator_auth_record", seal_record(init_tx, 0, auth_init)),
        ("responder_auth_record", seal_record(resp_tx, 0, auth_resp)),
        ("initiator_ping7_record", seal_record(init_tx, 1, ping_body)),
    ]
    for name, value in rows:
        print(name, value.hex())


if __name__ == "__main__":
    main()

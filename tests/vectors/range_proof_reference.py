#!/usr/bin/env python3
"""Independent reference for tests/vectors/range_proof_golden.txt (docs/formats/range-proof.md).

A second, deliberately plain implementation of the spec: Python integers for scalars, libsodium's
ristretto255 group operations through ctypes, textbook Bulletproofs (generators folded
explicitly, no multi-scalar tricks). It shares no code with the C++ implementation. It prints
the transcript and generator vectors, proves the golden range proofs with the spec's
deterministic nonces, and verifies them with the plain (two-equation) verifier.

Usage: python3 tests/vectors/range_proof_reference.py            # print vectors
       python3 tests/vectors/range_proof_reference.py --check    # verify the frozen file
"""
import ctypes
import hashlib
import os
import struct
import sys

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


# --- group ---------------------------------------------------------------------------------

IDENTITY = bytes(32)


def point_add(p: bytes, q: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    assert SODIUM.crypto_core_ristretto255_add(out, p, q) == 0
    return out.raw


def point_neg(p: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    assert SODIUM.crypto_core_ristretto255_sub(out, IDENTITY, p) == 0
    return out.raw


def mul(k: int, p: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    if SODIUM.crypto_scalarmult_ristretto255(out, (k % L).to_bytes(32, "little"), p) != 0:
        return IDENTITY  # libsodium refuses to output the identity
    return out.raw


def base_mul(k: int) -> bytes:
    out = ctypes.create_string_buffer(32)
    if SODIUM.crypto_scalarmult_ristretto255_base(out, (k % L).to_bytes(32, "little")) != 0:
        return IDENTITY
    return out.raw


def msm(terms) -> bytes:
    acc = IDENTITY
    for k, p in terms:
        acc = point_add(acc, mul(k, p))
    return acc


def decode_point(b: bytes) -> bytes:
    assert len(b) == 32 and b[31] & 0x80 == 0
    assert SODIUM.crypto_core_ristretto255_is_valid_point(b) == 1
    return b


def decode_scalar(b: bytes) -> int:
    k = int.from_bytes(b, "little")
    assert len(b) == 32 and k < L
    return k


def inv(k: int) -> int:
    return pow(k, L - 2, L)


B = base_mul(1)
H = hash_to_group(b"credchain/pedersen/v1/H")


def gens(count):
    g = [hash_to_group(b"credchain/bulletproofs/v1/G/%d" % i) for i in range(count)]
    h = [hash_to_group(b"credchain/bulletproofs/v1/H/%d" % i) for i in range(count)]
    return g, h


def commit(v: int, r: int) -> bytes:
    return point_add(base_mul(v), mul(r, H))


# --- deterministic randomness and nonces -------------------------------------------------------


def test_random(seed: bytes, count: int) -> bytes:
    stream = b""
    block = 0
    while len(stream) < count:
        stream += hashlib.sha512(lp(b"credchain/test-random/v1") + seed + struct.pack(">Q", block)).digest()
        block += 1
    return stream[:count]


class Nonces:
    def __init__(self, state: bytes, values, blindings, fresh: bytes):
        data = lp(b"credchain/bulletproofs/v1/prover-nonce") + state
        for v, r in zip(values, blindings):
            data += struct.pack(">Q", v) + r.to_bytes(32, "little")
        self.seed = hashlib.sha512(data + fresh).digest()
        self.counter = 0

    def next(self) -> int:
        h = hashlib.sha512(self.seed + struct.pack(">Q", self.counter)).digest()
        self.counter += 1
        return int.from_bytes(h, "little") % L


# --- range proofs ------------------------------------------------------------------------------


def start(t: Transcript, n: int, commitments):
    t.append(b"protocol", b"credchain/bulletproofs/rangeproof/v1")
    t.append_u64(b"n", n)
    t.append_u64(b"m", len(commitments))
    for v in commitments:
        t.append(b"V", v)


def sc(k: int) -> bytes:
    return (k % L).to_bytes(32, "little")


def prove(t: Transcript, n: int, values, blindings, fresh: bytes) -> bytes:
    m, nm = len(values), n * len(values)
    start(t, n, [commit(v, r) for v, r in zip(values, blindings)])
    nonces = Nonces(t.state, values, blindings, fresh)
    alpha, rho = nonces.next(), nonces.next()
    s_l = [nonces.next() for _ in range(nm)]
    s_r = [nonces.next() for _ in range(nm)]
    tau1, tau2 = nonces.next(), nonces.next()
    g, h = gens(nm)
    a_l = [(values[i // n] >> (i % n)) & 1 for i in range(nm)]
    a_r = [b - 1 for b in a_l]
    A = point_add(mul(alpha, H), msm([(a_l[i], g[i]) for i in range(nm)] + [(a_r[i], h[i]) for i in range(nm)]))
    S = point_add(mul(rho, H), msm([(s_l[i], g[i]) for i in range(nm)] + [(s_r[i], h[i]) for i in range(nm)]))
    t.append(b"A", A)
    t.append(b"S", S)
    y, z = t.challenge_scalar(b"y"), t.challenge_scalar(b"z")
    l0 = [(a_l[i] - z) % L for i in range(nm)]
    r0 = [(pow(y, i, L) * (a_r[i] + z) + pow(z, 2 + i // n, L) * 2 ** (i % n)) % L for i in range(nm)]
    r1 = [pow(y, i, L) * s_r[i] % L for i in range(nm)]
    t1 = (sum(l0[i] * r1[i] + s_l[i] * r0[i] for i in range(nm))) % L
    t2 = sum(s_l[i] * r1[i] for i in range(nm)) % L
    T1, T2 = commit(t1, tau1), commit(t2, tau2)
    t.append(b"T1", T1)
    t.append(b"T2", T2)
    x = t.challenge_scalar(b"x")
    lv = [(l0[i] + s_l[i] * x) % L for i in range(nm)]
    rv = [(r0[i] + r1[i] * x) % L for i in range(nm)]
    t_x = sum(a * b for a, b in zip(lv, rv)) % L
    t_x_blinding = (tau2 * x * x + tau1 * x + sum(pow(z, 2 + j, L) * blindings[j] for j in range(m))) % L
    e_blinding = (alpha + rho * x) % L
    t.append(b"t_x", sc(t_x))
    t.append(b"t_x_blinding", sc(t_x_blinding))
    t.append(b"e_blinding", sc(e_blinding))
    w = t.challenge_scalar(b"w")
    out = A + S + T1 + T2 + sc(t_x) + sc(t_x_blinding) + sc(e_blinding)
    # Textbook inner-product argument with H'_i = y^-i H_i and Q = w B.
    hp = [mul(inv(pow(y, i, L)), h[i]) for i in range(nm)]
    Q = base_mul(w)
    a, b, G, Hh = lv, rv, g, hp
    t.append(b"protocol", b"credchain/bulletproofs/ipp/v1")
    t.append_u64(b"N", nm)
    while len(a) > 1:
        k = len(a) // 2
        c_l = sum(a[i] * b[k + i] for i in range(k)) % L
        c_r = sum(a[k + i] * b[i] for i in range(k)) % L
        Lp = msm([(a[i], G[k + i]) for i in range(k)] + [(b[k + i], Hh[i]) for i in range(k)] + [(c_l, Q)])
        Rp = msm([(a[k + i], G[i]) for i in range(k)] + [(b[i], Hh[k + i]) for i in range(k)] + [(c_r, Q)])
        t.append(b"L", Lp)
        t.append(b"R", Rp)
        u = t.challenge_scalar(b"u")
        ui = inv(u)
        out += Lp + Rp
        a = [(a[i] * u + a[k + i] * ui) % L for i in range(k)]
        b = [(b[i] * ui + b[k + i] * u) % L for i in range(k)]
        G = [point_add(mul(ui, G[i]), mul(u, G[k + i])) for i in range(k)]
        Hh = [point_add(mul(u, Hh[i]), mul(ui, Hh[k + i])) for i in range(k)]
    return out + sc(a[0]) + sc(b[0])


def verify(t: Transcript, n: int, commitments, proof: bytes) -> bool:
    """The two equations of the paper, checked separately (no combined weight)."""
    m, nm = len(commitments), n * len(commitments)
    k = nm.bit_length() - 1
    if len(proof) != 32 * (9 + 2 * k):
        return False
    el = [proof[32 * i:32 * i + 32] for i in range(9 + 2 * k)]
    A, S, T1, T2 = (decode_point(p) for p in el[:4])
    t_x, t_x_blinding, e_blinding = (decode_scalar(s) for s in el[4:7])
    Ls = [decode_point(el[7 + 2 * j]) for j in range(k)]
    Rs = [decode_point(el[8 + 2 * j]) for j in range(k)]
    a, b = decode_scalar(el[-2]), decode_scalar(el[-1])
    start(t, n, commitments)
    t.append(b"A", A)
    t.append(b"S", S)
    y, z = t.challenge_scalar(b"y"), t.challenge_scalar(b"z")
    t.append(b"T1", T1)
    t.append(b"T2", T2)
    x = t.challenge_scalar(b"x")
    t.append(b"t_x", sc(t_x))
    t.append(b"t_x_blinding", sc(t_x_blinding))
    t.append(b"e_blinding", sc(e_blinding))
    w = t.challenge_scalar(b"w")
    t.append(b"protocol", b"credchain/bulletproofs/ipp/v1")
    t.append_u64(b"N", nm)
    us = []
    for j in range(k):
        t.append(b"L", Ls[j])
        t.append(b"R", Rs[j])
        us.append(t.challenge_scalar(b"u"))
    # (1) t_x·B + t_x_blinding·H == sum z^{2+j} V_j + delta·B + x T1 + x^2 T2
    delta = ((z - z * z) * sum(pow(y, i, L) for i in range(nm))
             - sum(pow(z, 3 + j, L) * (2 ** n - 1) for j in range(m))) % L
    lhs = commit(t_x, t_x_blinding)
    rhs = msm([(pow(z, 2 + j, L), commitments[j]) for j in range(m)] + [(delta, B), (x, T1), (x * x, T2)])
    if lhs != rhs:
        return False
    # (2) P + t_x Q + sum(u^2 L + u^-2 R) == a <s,G> + b <1/s, H'> + ab Q
    g, h = gens(nm)
    hp = [mul(inv(pow(y, i, L)), h[i]) for i in range(nm)]
    P = msm([(1, A), (x, S), (-e_blinding, H)] + [(-z, gi) for gi in g]
            + [((z * pow(y, i, L) + pow(z, 2 + i // n, L) * 2 ** (i % n)) % L, hp[i]) for i in range(nm)])
    s = []
    for i in range(nm):
        v = 1
        for j in range(k):
            v = v * (us[j] if (i >> (k - 1 - j)) & 1 else inv(us[j])) % L
        s.append(v)
    Q = base_mul(w)
    left = msm([(1, P), (t_x, Q)] + [(u * u, Lj) for u, Lj in zip(us, Ls)] + [(inv(u * u), Rj) for u, Rj in zip(us, Rs)])
    right = msm([(a * s[i], g[i]) for i in range(nm)] + [(b * inv(s[i]), hp[i]) for i in range(nm)] + [(a * b, Q)])
    return left == right


# --- golden cases (tests/unit/crypto/range_proof_golden_test.cpp) ------------------------------

CASES = [("rp8", 8, [200]), ("rp64", 64, [0x0123456789ABCDEF]), ("rp16x2", 16, [0, 65535])]


def golden_context() -> Transcript:
    t = Transcript(b"credchain/test/rangeproof/v1")
    t.append(b"nonce", bytes(range(16)))
    t.append(b"audience", b"https://bank.example/verify")
    return t


def golden_blinding(j: int) -> int:
    return int.from_bytes(hashlib.sha512(b"credchain/test/blinding/%d" % j).digest(), "little") % L


def golden_fresh() -> bytes:
    return test_random(bytes(range(32)), 64)


# --- predicates (crypto/predicate.h) ----------------------------------------------------------

KINDS = {"at_least": 1, "at_most": 2, "in_range": 3}
PREDICATE_CASES = [
    # name, kind, bits, lower, upper, value, binding
    ("pred_at_least", "at_least", 16, 20788, 0, 20888, b"valid_until"),
    ("pred_in_range", "in_range", 8, 2, 4, 3, b"grade_ordinal"),
]


def encode_predicate(kind, bits, lower, upper) -> bytes:
    return struct.pack(">BBQQ", KINDS[kind], bits, lower, upper)


def predicate_context(kind, bits, lower, upper, commitment, binding, side) -> Transcript:
    t = Transcript(b"credchain/predicate/v1")
    t.append(b"audience", b"https://bank.example/verify")
    t.append(b"nonce", bytes(range(16)))
    t.append(b"binding", binding)
    t.append(b"predicate", encode_predicate(kind, bits, lower, upper))
    t.append(b"commitment", commitment)
    t.append(b"side", side)
    return t


def prove_predicate(kind, bits, lower, upper, value, blinding, binding) -> bytes:
    c = commit(value, blinding)
    sides = {"at_least": [b"lower"], "at_most": [b"upper"], "in_range": [b"lower", b"upper"]}[kind]
    stream = test_random(bytes(range(32)), 64 * len(sides))
    out = struct.pack(">H", 1) + encode_predicate(kind, bits, lower, upper) + struct.pack(">I", len(sides))
    for i, side in enumerate(sides):
        v, r = (value - lower, blinding) if side == b"lower" else (upper - value, -blinding % L)
        t = predicate_context(kind, bits, lower, upper, c, binding, side)
        proof = prove(t, bits, [v], [r], stream[64 * i:64 * i + 64])
        shifted = point_add(c, point_neg(base_mul(lower))) if side == b"lower" else point_add(base_mul(upper), point_neg(c))
        assert shifted == commit(v, r)
        assert verify(predicate_context(kind, bits, lower, upper, c, binding, side), bits, [shifted], proof)
        out += struct.pack(">I", len(proof)) + proof
    return out


def main():
    t = Transcript(b"credchain/test/v1")
    t.append(b"audience", b"bank.example")
    t.append_u64(b"n", 64)
    c1 = t.challenge_bytes(b"c1")
    print("transcript_c1_bytes", c1.hex())
    print("transcript_c1_scalar", scalar_hex(int.from_bytes(c1, "little")))
    print("transcript_c2_scalar", scalar_hex(t.challenge_scalar(b"c2")))
    print("pedersen_H", H.hex())
    for i in (0, 1, 63, 64, 511):
        print(f"bulletproofs_G_{i}", hash_to_group(b"credchain/bulletproofs/v1/G/%d" % i).hex())
        print(f"bulletproofs_H_{i}", hash_to_group(b"credchain/bulletproofs/v1/H/%d" % i).hex())
    for name, n, values in CASES:
        blindings = [golden_blinding(j) for j in range(len(values))]
        for j, (v, r) in enumerate(zip(values, blindings)):
            print(f"{name}_V{j}", commit(v, r).hex())
        proof = prove(golden_context(), n, values, blindings, golden_fresh())
        assert verify(golden_context(), n, [commit(v, r) for v, r in zip(values, blindings)], proof)
        print(f"{name}_proof", proof.hex())
    for name, kind, bits, lower, upper, value, binding in PREDICATE_CASES:
        print(f"{name}_C", commit(value, golden_blinding(0)).hex())
        print(f"{name}_proof", prove_predicate(kind, bits, lower, upper, value, golden_blinding(0), binding).hex())


def check():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "range_proof_golden.txt")
    vectors = dict(line.split() for line in open(path) if line.strip() and not line.startswith("#"))
    for name, n, values in CASES:
        commitments = [bytes.fromhex(vectors[f"{name}_V{j}"]) for j in range(len(values))]
        ok = verify(golden_context(), n, commitments, bytes.fromhex(vectors[f"{name}_proof"]))
        print(name, "verifies" if ok else "FAILS")
        assert ok
    for name, kind, bits, lower, upper, value, binding in PREDICATE_CASES:
        c = bytes.fromhex(vectors[f"{name}_C"])
        data = bytes.fromhex(vectors[f"{name}_proof"])
        assert data[:20] == struct.pack(">H", 1) + encode_predicate(kind, bits, lower, upper)
        count, at = struct.unpack(">I", data[20:24])[0], 24
        sides = [b"lower", b"upper"][:count] if kind == "in_range" else [b"lower" if kind == "at_least" else b"upper"]
        ok = count == len(sides)
        for side in sides:
            size = struct.unpack(">I", data[at:at + 4])[0]
            proof = data[at + 4:at + 4 + size]
            at += 4 + size
            shifted = point_add(c, point_neg(base_mul(lower))) if side == b"lower" else point_add(base_mul(upper), point_neg(c))
            ok = ok and verify(predicate_context(kind, bits, lower, upper, c, binding, side), bits, [shifted], proof)
        ok = ok and at == len(data)
        print(name, "verifies" if ok else "FAILS")
        assert ok


if __name__ == "__main__":
    check() if "--check" in sys.argv else main()

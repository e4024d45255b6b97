// Arithmetic modulo p = 2^255 - 19 in five 51-bit limbs, for the Ed25519 verification tables
// (crypto/ed25519_comb.h). Variable time: it only ever handles public values (keys, signatures,
// hashes of public messages). Internal to the crypto module.
//
// Every value these functions return is carried (each limb below 2^52), except AddNoCarry's and
// SubNoCarry's, whose limbs stay below 2^54 and which only Mul and Sq may take. Mul and Sq take
// limbs below 2^54: their column sums stay inside 128 bits (below 2^115) and the carry out of the
// top column, times 19, inside 64 bits (below 2^63.6). Sub's bias (4p) stays above any carried
// subtrahend.
#pragma once

#include <cstdint>
#include <cstring>

namespace credchain::crypto::fe25519 {

__extension__ typedef unsigned __int128 Wide;

struct Fe {
  uint64_t v[5];
};

inline constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

inline Fe Zero() { return Fe{{0, 0, 0, 0, 0}}; }
inline Fe One() { return Fe{{1, 0, 0, 0, 0}}; }
inline Fe Small(uint64_t n) { return Fe{{n, 0, 0, 0, 0}}; }  // n < 2^51

inline void Carry(Fe& f) {
  uint64_t c = f.v[0] >> 51;
  f.v[0] &= kMask51;
  for (int i = 1; i < 5; ++i) {
    f.v[i] += c;
    c = f.v[i] >> 51;
    f.v[i] &= kMask51;
  }
  f.v[0] += c * 19;
}

// a + b for carried a and b, not carried (each limb below 2^53): an operand for Mul or Sq only.
// A point addition takes six of these instead of Add and Sub (docs/PERFORMANCE.md, stop 45).
inline Fe AddNoCarry(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + b.v[i];
  return r;
}

// a - b, computed as a + 4p - b so that no limb goes negative, for carried b and a whose limbs
// are below 2^53 (carried, or from AddNoCarry); not carried (each limb below 2^54): an operand
// for Mul or Sq only.
inline Fe SubNoCarry(const Fe& a, const Fe& b) {
  constexpr uint64_t kFourP0 = (uint64_t{1} << 53) - 76;
  constexpr uint64_t kFourPi = (uint64_t{1} << 53) - 4;
  Fe r;
  r.v[0] = a.v[0] + kFourP0 - b.v[0];
  for (int i = 1; i < 5; ++i) r.v[i] = a.v[i] + kFourPi - b.v[i];
  return r;
}

inline Fe Add(const Fe& a, const Fe& b) {
  Fe r = AddNoCarry(a, b);
  Carry(r);
  return r;
}

// a - b for carried a and b.
inline Fe Sub(const Fe& a, const Fe& b) {
  Fe r = SubNoCarry(a, b);
  Carry(r);
  return r;
}

inline Fe Neg(const Fe& a) { return Sub(Zero(), a); }

// Reduces five 128-bit column sums to a carried value.
inline Fe CarryWide(Wide r0, Wide r1, Wide r2, Wide r3, Wide r4) {
  Fe f;
  r1 += static_cast<uint64_t>(r0 >> 51);
  f.v[0] = static_cast<uint64_t>(r0) & kMask51;
  r2 += static_cast<uint64_t>(r1 >> 51);
  f.v[1] = static_cast<uint64_t>(r1) & kMask51;
  r3 += static_cast<uint64_t>(r2 >> 51);
  f.v[2] = static_cast<uint64_t>(r2) & kMask51;
  r4 += static_cast<uint64_t>(r3 >> 51);
  f.v[3] = static_cast<uint64_t>(r3) & kMask51;
  const uint64_t c = static_cast<uint64_t>(r4 >> 51);
  f.v[4] = static_cast<uint64_t>(r4) & kMask51;
  f.v[0] += c * 19;  // c < 2^59.4 for limbs below 2^54
  f.v[1] += f.v[0] >> 51;
  f.v[0] &= kMask51;
  return f;
}

inline Fe Mul(const Fe& a, const Fe& b) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const uint64_t b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19, b4_19 = b4 * 19;
  const Wide r0 =
      Wide{a0} * b0 + Wide{a1} * b4_19 + Wide{a2} * b3_19 + Wide{a3} * b2_19 + Wide{a4} * b1_19;
  const Wide r1 =
      Wide{a0} * b1 + Wide{a1} * b0 + Wide{a2} * b4_19 + Wide{a3} * b3_19 + Wide{a4} * b2_19;
  const Wide r2 =
      Wide{a0} * b2 + Wide{a1} * b1 + Wide{a2} * b0 + Wide{a3} * b4_19 + Wide{a4} * b3_19;
  const Wide r3 = Wide{a0} * b3 + Wide{a1} * b2 + Wide{a2} * b1 + Wide{a3} * b0 + Wide{a4} * b4_19;
  const Wide r4 = Wide{a0} * b4 + Wide{a1} * b3 + Wide{a2} * b2 + Wide{a3} * b1 + Wide{a4} * b0;
  return CarryWide(r0, r1, r2, r3, r4);
}

inline Fe Sq(const Fe& a) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t d0 = a0 * 2, d1 = a1 * 2, d2 = a2 * 2;
  const uint64_t a3_19 = a3 * 19, a4_19 = a4 * 19;
  const Wide r0 = Wide{a0} * a0 + Wide{d1} * a4_19 + Wide{d2} * a3_19;
  const Wide r1 = Wide{d0} * a1 + Wide{d2} * a4_19 + Wide{a3} * a3_19;
  const Wide r2 = Wide{d0} * a2 + Wide{a1} * a1 + Wide{a3 * 2} * a4_19;
  const Wide r3 = Wide{d0} * a3 + Wide{d1} * a2 + Wide{a4} * a4_19;
  const Wide r4 = Wide{d0} * a4 + Wide{d1} * a3 + Wide{a2} * a2;
  return CarryWide(r0, r1, r2, r3, r4);
}

// a^(2^n)
inline Fe SqTimes(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = Sq(a);
  return a;
}

inline uint64_t Load64(const uint8_t* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);  // little-endian host (x86-64, aarch64)
  return x;
}

inline void Store64(uint8_t* p, uint64_t x) { std::memcpy(p, &x, 8); }

// The low 255 bits of `s` (the encoding's top bit is the caller's).
inline Fe FromBytes(const uint8_t* s) {
  Fe f;
  f.v[0] = Load64(s) & kMask51;
  f.v[1] = (Load64(s + 6) >> 3) & kMask51;
  f.v[2] = (Load64(s + 12) >> 6) & kMask51;
  f.v[3] = (Load64(s + 19) >> 1) & kMask51;
  f.v[4] = (Load64(s + 24) >> 12) & kMask51;
  return f;
}

// The canonical encoding (value mod p, little-endian, top bit 0).
inline void ToBytes(uint8_t* out, Fe f) {
  Carry(f);
  // q = 1 iff f >= p: the carry out of bit 255 of f + 19.
  uint64_t q = (f.v[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (f.v[i] + q) >> 51;
  f.v[0] += 19 * q;  // f - q·p = f + 19q - q·2^255
  for (int i = 0; i < 4; ++i) {
    f.v[i + 1] += f.v[i] >> 51;
    f.v[i] &= kMask51;
  }
  f.v[4] &= kMask51;
  Store64(out, f.v[0] | (f.v[1] << 51));
  Store64(out + 8, (f.v[1] >> 13) | (f.v[2] << 38));
  Store64(out + 16, (f.v[2] >> 26) | (f.v[3] << 25));
  Store64(out + 24, (f.v[3] >> 39) | (f.v[4] << 12));
}

inline bool IsNegative(const Fe& f) {
  uint8_t s[32];
  ToBytes(s, f);
  return s[0] & 1;
}

inline bool IsZero(const Fe& f) {
  uint8_t s[32];
  ToBytes(s, f);
  uint8_t any = 0;
  for (uint8_t b : s) any |= b;
  return any == 0;
}

inline bool Equal(const Fe& a, const Fe& b) { return IsZero(Sub(a, b)); }

// z^(2^250 - 1) and z^11, the shared part of Invert and PowP58.
inline Fe Pow2250Minus1(const Fe& z, Fe& z11) {
  const Fe z2 = Sq(z);
  const Fe z9 = Mul(SqTimes(z2, 2), z);
  z11 = Mul(z9, z2);
  const Fe z_5_0 = Mul(Sq(z11), z9);                   // 2^5 - 1
  const Fe z_10_0 = Mul(SqTimes(z_5_0, 5), z_5_0);     // 2^10 - 1
  const Fe z_20_0 = Mul(SqTimes(z_10_0, 10), z_10_0);  // 2^20 - 1
  const Fe z_40_0 = Mul(SqTimes(z_20_0, 20), z_20_0);  // 2^40 - 1
  const Fe z_50_0 = Mul(SqTimes(z_40_0, 10), z_10_0);  // 2^50 - 1
  const Fe z_100_0 = Mul(SqTimes(z_50_0, 50), z_50_0);
  const Fe z_200_0 = Mul(SqTimes(z_100_0, 100), z_100_0);
  return Mul(SqTimes(z_200_0, 50), z_50_0);  // 2^250 - 1
}

// z^(p - 2) = 1/z (0 for z = 0).
inline Fe Invert(const Fe& z) {
  Fe z11;
  const Fe t = Pow2250Minus1(z, z11);
  return Mul(SqTimes(t, 5), z11);  // 2^255 - 32 + 11
}

// z^((p - 5) / 8) = z^(2^252 - 3), for square roots.
inline Fe PowP58(const Fe& z) {
  Fe z11;
  const Fe t = Pow2250Minus1(z, z11);
  return Mul(SqTimes(t, 2), z);  // 2^252 - 4 + 1
}

}  // namespace credchain::crypto::fe25519

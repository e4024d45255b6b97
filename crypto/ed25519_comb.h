// Ed25519's verification equation with precomputed multiples of both points it multiplies
// (ADR 0023). Internal to the crypto module: crypto::Verify uses it for keys it has seen sign
// before (crypto/ed25519_key_tables.h) and ed25519-donna for the rest.
//
// A key's table holds (j + 1)·4096^i·P for i < 22, j < 32, in affine form (82.5 KiB). A
// 253-bit scalar in 43 signed base-64 digits then costs 43 mixed additions and 6 doublings
// (digit i adds an entry of row i / 2; the odd digits' sum is doubled six times). B, one per
// process, has a wider table (480 KiB, built on first use): 32 signed base-256 digits, 32
// additions. The equation [S]B - [h]A takes 75 additions, where the usual double-scalar
// multiplication takes ~253 doublings and the decompression of A. Building a key's table costs
// about five verifications (ADR 0023 says when a key gets one).
//
// Variable time: keys, signatures and messages are public.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "crypto/fe25519.h"

namespace credchain::crypto::ed25519_comb {

class CombTable {
 public:
  // The table of P, or of -P with `negate`, for P the point `encoded` names (y < p is the
  // caller's check). Null when `encoded` is no curve point (no x for its y).
  static std::unique_ptr<const CombTable> Build(const uint8_t* encoded, bool negate);

  // An affine point as mixed additions take it: y + x, y - x, 2d·x·y.
  struct Entry {
    fe25519::Fe y_plus_x, y_minus_x, xy2d;
  };
  const Entry& at(int i, int j) const { return entries_[i][j]; }

  static constexpr int kWindow = 6;                              // base-64 digits
  static constexpr int kDigits = (256 + kWindow - 1) / kWindow;  // 43
  static constexpr int kRows = (kDigits + 1) / 2;                // 4096^i = 2^(2·6·i), i < 22
  static constexpr int kCols = 1 << (kWindow - 1);               // (j + 1) for j < 32

 private:
  CombTable() = default;
  Entry entries_[kRows][kCols];
};

// True iff [s]B + [h]N encodes to `r` byte for byte, with `neg_a` the table of N = -A: the
// Ed25519 equation R = [S]B - [h]A. `s` and `h` are reduced scalars (< L), little-endian.
bool EquationHolds(const CombTable& neg_a, const uint8_t* r, const uint8_t* s, const uint8_t* h);

// One equation of EquationsHold: the arguments of EquationHolds.
struct Equation {
  const CombTable* neg_a;
  const uint8_t* r;
  const uint8_t* s;
  const uint8_t* h;
};

// holds[i] = EquationHolds(*eqs[i].neg_a, eqs[i].r, eqs[i].s, eqs[i].h) for every i, with one
// field inversion for all of them (Montgomery's trick) instead of one each: the inversion that
// encodes a result is ~13 % of an equation. `holds` has as many entries as `eqs`.
void EquationsHold(std::span<const Equation> eqs, std::span<uint8_t> holds);

// [s]B encoded, through B's table: for tests of the tables against libsodium.
void BaseMultiply(const uint8_t* s, uint8_t* out);

}  // namespace credchain::crypto::ed25519_comb

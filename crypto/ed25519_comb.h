// Ed25519's verification equation with precomputed multiples of both points it multiplies
// (ADR 0023). Internal to the crypto module: crypto::Verify uses it for keys it has seen sign
// before (crypto/ed25519_key_tables.h) and ed25519-donna for the rest.
//
// A key's table holds (j + 1)·256^i·P for i < 32, j < 8, in affine form (30 KiB). A 253-bit
// scalar in 64 signed base-16 digits then costs 64 mixed additions and 4 doublings. B, one
// per process, has a wider table (480 KiB, built on first use): 32 signed base-256 digits,
// 32 additions. The equation [S]B - [h]A takes 96 additions, where the usual double-scalar
// multiplication takes ~253 doublings and the decompression of A. Building a key's table costs
// about two verifications, so it pays from a key's third signature on.
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

  static constexpr int kRows = 32;  // 256^i for i < 32
  static constexpr int kCols = 8;   // (j + 1) for j < 8

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

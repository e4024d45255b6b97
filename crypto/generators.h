// The fixed group generators of credchain's Pedersen commitments and Bulletproofs, derived
// "nothing up my sleeve" by hashing to ristretto255 (docs/formats/range-proof.md §1):
//   G     = the ristretto255 base point B (values are committed on G)
//   H     = FromUniformBytes(SHA-512("credchain/pedersen/v1/H"))          (blindings)
//   G_i   = FromUniformBytes(SHA-512("credchain/bulletproofs/v1/G/" ‖ decimal(i)))
//   H_i   = FromUniformBytes(SHA-512("credchain/bulletproofs/v1/H/" ‖ decimal(i)))
// for i < kMaxVectorGenerators, where FromUniformBytes is RFC 9496's one-way map
// (crypto_core_ristretto255_from_hash). Nobody knows a discrete-log relation between any two
// of them, which is what makes the commitments binding.
//
// The points are computed once, on first use, in blocks of 64 (about 2 ms per block), and
// never change afterwards. All functions are thread-safe.
#pragma once

#include <array>
#include <span>

#include "crypto/ristretto.h"

namespace credchain::crypto {

// Enough for an aggregated proof of 8 values of 64 bits.
inline constexpr size_t kMaxVectorGenerators = 512;

// G: the ristretto255 base point.
const RistrettoPoint& PedersenValueGenerator();
// H: the blinding generator.
const RistrettoPoint& PedersenBlindingGenerator();

struct VectorGenerators {
  std::span<const RistrettoPoint> g;  // G_0 .. G_{count-1}
  std::span<const RistrettoPoint> h;  // H_0 .. H_{count-1}
};
// The first `count` vector generators; count <= kMaxVectorGenerators (CHECK).
VectorGenerators BulletproofGenerators(size_t count);

// For the range prover's bit commitment <a_L, G> + <a_L - 1, H>: entry [q][p] is
//   sum_{k<4} (bit k of p ? G_{4q+k} : -H_{4q+k}),
// so four bits cost one (constant-time selected) addition instead of four. Groups q < count/4;
// count must be a multiple of 4 (CHECK). Computed on first use, about 4 ms per 64 generators.
using BitPatterns = std::array<RistrettoPoint, 16>;
std::span<const BitPatterns> BitPatternTable(size_t count);

}  // namespace credchain::crypto

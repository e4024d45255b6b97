#include "crypto/generators.h"

#include <array>
#include <mutex>
#include <string>

#include "core/check.h"
#include "crypto/hash.h"

namespace credchain::crypto {
namespace {

constexpr size_t kBlockSize = 64;
constexpr size_t kBlocks = kMaxVectorGenerators / kBlockSize;

RistrettoPoint HashToGroup(const std::string& label) {
  const RistrettoPoint p = RistrettoPoint::FromUniformBytes(Sha512(core::AsBytes(label)));
  CHECK(!p.IsIdentity());
  return p;
}

// Immutable after each block's one-time initialisation (guarded by its once_flag).
struct GeneratorTable {
  std::array<RistrettoPoint, kMaxVectorGenerators> g;
  std::array<RistrettoPoint, kMaxVectorGenerators> h;
  std::array<std::once_flag, kBlocks> once;
  // The prover's bit-pattern sums (BitPatternTable), per group of 4 indices.
  std::array<BitPatterns, kMaxVectorGenerators / 4> patterns;
  std::array<std::once_flag, kBlocks> patterns_once;

  void EnsureBlock(size_t block) {
    std::call_once(once[block], [this, block] {
      for (size_t i = block * kBlockSize; i < (block + 1) * kBlockSize; ++i) {
        g[i] = HashToGroup("credchain/bulletproofs/v1/G/" + std::to_string(i));
        h[i] = HashToGroup("credchain/bulletproofs/v1/H/" + std::to_string(i));
      }
    });
  }

  void EnsurePatterns(size_t block) {
    EnsureBlock(block);
    std::call_once(patterns_once[block], [this, block] {
      for (size_t q = block * kBlockSize / 4; q < (block + 1) * kBlockSize / 4; ++q) {
        // patterns[q][0] = -(H_4q + ... + H_4q+3); setting bit k swaps -H_k for G_k, i.e.
        // adds G_k + H_k: one addition per pattern.
        BitPatterns& table = patterns[q];
        table[0] = -(h[4 * q] + h[4 * q + 1] + h[4 * q + 2] + h[4 * q + 3]);
        for (size_t k = 0; k < 4; ++k) {
          const RistrettoPoint swap = g[4 * q + k] + h[4 * q + k];
          for (size_t p = 0; p < (size_t(1) << k); ++p) table[p | (1u << k)] = table[p] + swap;
        }
      }
    });
  }
};

GeneratorTable& Table() {
  static GeneratorTable table;
  return table;
}

}  // namespace

const RistrettoPoint& PedersenValueGenerator() { return RistrettoPoint::Base(); }

const RistrettoPoint& PedersenBlindingGenerator() {
  static const RistrettoPoint h = HashToGroup("credchain/pedersen/v1/H");
  return h;
}

VectorGenerators BulletproofGenerators(size_t count) {
  CHECK(count <= kMaxVectorGenerators);
  GeneratorTable& table = Table();
  for (size_t block = 0; block * kBlockSize < count; ++block) table.EnsureBlock(block);
  return VectorGenerators{std::span<const RistrettoPoint>(table.g.data(), count),
                          std::span<const RistrettoPoint>(table.h.data(), count)};
}

std::span<const BitPatterns> BitPatternTable(size_t count) {
  CHECK(count <= kMaxVectorGenerators && count % 4 == 0);
  GeneratorTable& table = Table();
  for (size_t block = 0; block * kBlockSize < count; ++block) table.EnsurePatterns(block);
  return std::span<const BitPatterns>(table.patterns.data(), count / 4);
}

}  // namespace credchain::crypto

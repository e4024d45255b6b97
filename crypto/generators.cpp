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
  std::array<RistrettoPoint, kMaxVectorGenerators> minus_h;
  std::array<std::once_flag, kBlocks> once;

  void EnsureBlock(size_t block) {
    std::call_once(once[block], [this, block] {
      for (size_t i = block * kBlockSize; i < (block + 1) * kBlockSize; ++i) {
        g[i] = HashToGroup("credchain/bulletproofs/v1/G/" + std::to_string(i));
        h[i] = HashToGroup("credchain/bulletproofs/v1/H/" + std::to_string(i));
        minus_h[i] = -h[i];
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
                          std::span<const RistrettoPoint>(table.h.data(), count),
                          std::span<const RistrettoPoint>(table.minus_h.data(), count)};
}

}  // namespace credchain::crypto

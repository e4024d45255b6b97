#include "ledger/state_key_filter.h"

#include <bit>
#include <cstring>

#include "core/check.h"

namespace credchain::ledger {
namespace {

constexpr size_t kWordsPerBlock = 8;  // 512 bits, one cache line
constexpr size_t kBitsPerKey = 12;
constexpr int kProbes = 6;  // ~optimal for 12 bits per key; each takes 9 bits of the hash
constexpr size_t kKeysPerBlock = kWordsPerBlock * 64 / kBitsPerKey;

uint64_t Mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  x ^= x >> 33;
  return x;
}

using KeyHash = StateKeyFilter::KeyHash;

// Two independent 64-bit hashes of the key. State keys are hash outputs already, but tests and
// tools may use structured keys: mixing every word keeps those spread over the blocks too.
KeyHash HashOf(const core::Bytes32& key) {
  uint64_t w[4];
  std::memcpy(w, key.data(), sizeof(w));
  const uint64_t a = Mix(w[0] ^ Mix(w[1] ^ 0x9e3779b97f4a7c15ull));
  const uint64_t b = Mix(w[2] ^ Mix(w[3] ^ 0xc2b2ae3d27d4eb4full));
  return KeyHash{Mix(a ^ std::rotl(b, 17)), Mix(b ^ std::rotl(a, 41))};
}

// Probe i's bit within the key's block: 9 bits of the hash each.
unsigned ProbeBit(const KeyHash& h, int i) { return (h.bits >> (9 * i)) & 511; }

}  // namespace

StateKeyFilter::Layer::Layer(size_t blocks)
    : storage(blocks * kWordsPerBlock + kWordsPerBlock),
      block_mask(blocks - 1),
      capacity(blocks * kKeysPerBlock) {
  const auto address = reinterpret_cast<uintptr_t>(storage.data());
  const size_t skip = ((64 - address % 64) % 64) / sizeof(uint64_t);
  words = storage.data() + skip;
}

StateKeyFilter::StateKeyFilter(size_t initial_keys) {
  if (initial_keys == 0) return;
  initial_blocks_ = std::bit_ceil((initial_keys + kKeysPerBlock - 1) / kKeysPerBlock);
  AddLayer(initial_blocks_);
}

void StateKeyFilter::AddLayer(size_t blocks) {
  const size_t n = layer_count_.load(std::memory_order_relaxed);
  CHECK(n < kMaxLayers);
  layers_[n] = std::make_unique<Layer>(blocks);
  keys_in_newest_ = 0;
  layer_count_.store(n + 1, std::memory_order_release);
}

void StateKeyFilter::Add(const core::Bytes32& key) {
  if (!enabled()) return;
  const KeyHash h = HashOf(key);
  if (AnyLayerHas(h)) return;  // set bits stay set: "maybe" now is "maybe" forever
  const Layer* newest = layers_[layer_count_.load(std::memory_order_relaxed) - 1].get();
  if (keys_in_newest_ >= newest->capacity) {
    AddLayer((newest->block_mask + 1) * 2);
    newest = layers_[layer_count_.load(std::memory_order_relaxed) - 1].get();
  }
  std::atomic<uint64_t>* block = newest->words + (h.block & newest->block_mask) * kWordsPerBlock;
  for (int i = 0; i < kProbes; ++i) {
    const unsigned bit = ProbeBit(h, i);
    block[bit / 64].fetch_or(uint64_t{1} << (bit % 64), std::memory_order_relaxed);
  }
  ++keys_in_newest_;
}

bool StateKeyFilter::MayContain(const core::Bytes32& key) const {
  return !enabled() || AnyLayerHas(HashOf(key));
}

bool StateKeyFilter::AnyLayerHas(const KeyHash& h) const {
  const size_t n = layer_count_.load(std::memory_order_acquire);
  for (size_t l = 0; l < n; ++l) {
    const Layer& layer = *layers_[l];
    const std::atomic<uint64_t>* block =
        layer.words + (h.block & layer.block_mask) * kWordsPerBlock;
    bool all = true;
    for (int i = 0; i < kProbes && all; ++i) {
      const unsigned bit = ProbeBit(h, i);
      all = (block[bit / 64].load(std::memory_order_relaxed) >> (bit % 64)) & 1;
    }
    if (all) return true;
  }
  return false;
}

size_t StateKeyFilter::memory_bytes() const {
  size_t bytes = 0;
  const size_t n = layer_count();
  for (size_t l = 0; l < n; ++l) bytes += layers_[l]->storage.size() * sizeof(uint64_t);
  return bytes;
}

}  // namespace credchain::ledger

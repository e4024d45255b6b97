#include "crypto/table_hash.h"

#include <algorithm>
#include <unordered_set>

#include <gtest/gtest.h>

namespace credchain::crypto {
namespace table_hash_test {

// Ids alike in their first eight bytes (what a table hashed by those bytes alone looked at),
// different after them: ids a client could grind for.
core::Bytes32 GroundId(uint32_t i) {
  core::Bytes32 id{};
  std::fill(id.begin(), id.begin() + 8, uint8_t{0xab});
  id[8] = static_cast<uint8_t>(i);
  id[9] = static_cast<uint8_t>(i >> 8);
  id[31] = static_cast<uint8_t>(i >> 16);
  return id;
}

TEST(TableHashTest, SameBytesSameHash) {
  const core::Bytes32 id = GroundId(7);
  EXPECT_EQ(Bytes32TableHash{}(id), Bytes32TableHash{}(id));
  PublicKey key;
  key.bytes = id;
  EXPECT_EQ(PublicKeyTableHash{}(key), Bytes32TableHash{}(id));
  EXPECT_NE(Bytes32TableHash{}(GroundId(7)), Bytes32TableHash{}(GroundId(8)));
}

TEST(TableHashTest, EveryByteCounts) {
  const core::Bytes32 base = GroundId(0);
  std::unordered_set<size_t> hashes{Bytes32TableHash{}(base)};
  for (size_t i = 0; i < 32; ++i) {
    core::Bytes32 changed = base;
    changed[i] ^= 1;
    hashes.insert(Bytes32TableHash{}(changed));
  }
  EXPECT_EQ(hashes.size(), 33u);
}

TEST(TableHashTest, GroundIdsSpreadOverBuckets) {
  std::unordered_set<core::Bytes32, Bytes32TableHash> table;
  constexpr uint32_t kIds = 20'000;
  for (uint32_t i = 0; i < kIds; ++i) table.insert(GroundId(i));
  size_t longest = 0;
  for (size_t b = 0; b < table.bucket_count(); ++b)
    longest = std::max(longest, table.bucket_size(b));
  // Hashed by their first eight bytes these would all share one bucket; spread evenly, the
  // longest chain of 20,000 keys in >= 20,000 buckets is a handful.
  EXPECT_LE(longest, 12u);
}

}  // namespace table_hash_test
}  // namespace credchain::crypto

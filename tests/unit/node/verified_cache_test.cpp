#include "node/verified_cache.h"

#include <gtest/gtest.h>

namespace credchain::node {
namespace verified_cache_test {

core::Bytes32 TxId(uint8_t b) {
  core::Bytes32 id{};
  id.fill(b);
  return id;
}

crypto::Signature Sig(uint8_t b, uint8_t last = 0) {
  crypto::Signature s;
  s.bytes.fill(b);
  s.bytes[63] = last;
  return s;
}

TEST(VerifiedCacheTest, VouchesOnlyForTheExactPairAdded) {
  VerifiedCache cache(8);
  cache.Add(TxId(1), Sig(1));
  EXPECT_TRUE(cache.Contains(TxId(1), Sig(1)));
  EXPECT_FALSE(cache.Contains(TxId(2), Sig(1)));  // another tx
  // The same tx with another signature, differing in any byte (first, last): not vouched for.
  crypto::Signature first_byte = Sig(1);
  first_byte.bytes[0] ^= 0x80;
  EXPECT_FALSE(cache.Contains(TxId(1), first_byte));
  EXPECT_FALSE(cache.Contains(TxId(1), Sig(1, 1)));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(VerifiedCacheTest, AnotherSignatureOfTheSameTxReplacesTheFirst) {
  VerifiedCache cache(8);
  cache.Add(TxId(1), Sig(1));
  cache.Add(TxId(1), Sig(2));
  EXPECT_TRUE(cache.Contains(TxId(1), Sig(2)));
  EXPECT_FALSE(cache.Contains(TxId(1), Sig(1)));  // verified again if it comes back
  EXPECT_EQ(cache.size(), 1u);
  cache.Add(TxId(1), Sig(2));  // again: nothing changes
  EXPECT_EQ(cache.size(), 1u);
}

TEST(VerifiedCacheTest, EvictsTheOldestTxsBeyondCapacity) {
  VerifiedCache cache(3);
  for (uint8_t i = 1; i <= 3; ++i) cache.Add(TxId(i), Sig(i));
  cache.Add(TxId(1), Sig(9));  // a replacement does not make tx 1 newer, nor count twice
  EXPECT_EQ(cache.size(), 3u);
  cache.Add(TxId(4), Sig(4));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Contains(TxId(1), Sig(9)));
  for (uint8_t i = 2; i <= 4; ++i) EXPECT_TRUE(cache.Contains(TxId(i), Sig(i))) << int(i);
  cache.Add(TxId(5), Sig(5));
  EXPECT_FALSE(cache.Contains(TxId(2), Sig(2)));
  EXPECT_TRUE(cache.Contains(TxId(5), Sig(5)));
}

TEST(VerifiedCacheTest, CapacityZeroCachesNothing) {
  VerifiedCache cache(0);
  cache.Add(TxId(1), Sig(1));
  EXPECT_FALSE(cache.Contains(TxId(1), Sig(1)));
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace verified_cache_test
}  // namespace credchain::node

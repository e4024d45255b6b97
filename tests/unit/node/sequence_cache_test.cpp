#include "node/sequence_cache.h"

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

crypto::PublicKey SenderKey(uint8_t b) {
  crypto::PublicKey key;
  key.bytes.fill(b);
  return key;
}

TEST(SequenceCacheTest, ServesWhatWasStored) {
  SequenceCache cache(16);
  SequenceCache::Lookup miss = cache.Find(SenderKey(1));
  EXPECT_FALSE(miss.next.has_value());
  cache.Store(SenderKey(1), 5, miss.generation);
  EXPECT_EQ(cache.Find(SenderKey(1)).next, 5u);
  EXPECT_FALSE(cache.Find(SenderKey(2)).next.has_value());
}

TEST(SequenceCacheTest, CommitForgetsItsSendersOnly) {
  SequenceCache cache(16);
  cache.Store(SenderKey(1), 5, cache.Find(SenderKey(1)).generation);
  cache.Store(SenderKey(2), 9, cache.Find(SenderKey(2)).generation);
  cache.Invalidate({SenderKey(1)});
  EXPECT_FALSE(cache.Find(SenderKey(1)).next.has_value());
  EXPECT_EQ(cache.Find(SenderKey(2)).next, 9u);
}

// A value read from state before a commit finished must not be cached after it.
TEST(SequenceCacheTest, DropsAValueReadAcrossACommit) {
  SequenceCache cache(16);
  const SequenceCache::Lookup before = cache.Find(SenderKey(1));
  cache.Invalidate({SenderKey(3)});  // any commit, even of other senders
  cache.Store(SenderKey(1), 5, before.generation);
  EXPECT_FALSE(cache.Find(SenderKey(1)).next.has_value());
  cache.Store(SenderKey(1), 6, cache.Find(SenderKey(1)).generation);
  EXPECT_EQ(cache.Find(SenderKey(1)).next, 6u);
}

TEST(SequenceCacheTest, StaysWithinItsBound) {
  SequenceCache cache(4);
  for (uint8_t b = 0; b < 10; ++b)
    cache.Store(SenderKey(b), b, cache.Find(SenderKey(b)).generation);
  EXPECT_LE(cache.size(), 4u);
  EXPECT_EQ(cache.Find(SenderKey(9)).next, 9u);
}

}  // namespace
}  // namespace credchain::node

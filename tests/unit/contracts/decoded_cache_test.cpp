// DecodedCache: the same bytes decode once per thread and give the same value; other bytes,
// evicted bytes and undecodable bytes are decoded again; a failed decoding is never kept.
#include "contracts/decoded_cache.h"

#include <thread>

#include <gtest/gtest.h>

#include "core/codec.h"
#include "map_state.h"

namespace credchain::contracts {
namespace {
namespace decoded_cache_test {

// A record whose decodings are counted.
struct Counted {
  static inline int decodings = 0;
  uint64_t value = 0;

  void EncodeTo(core::Writer& w) const { w.PutU64(value); }
  static core::Result<Counted> DecodeFrom(core::Reader& r) {
    ++decodings;
    Counted c;
    ASSIGN_OR_RETURN(c.value, r.ReadU64());
    return c;
  }
};

core::Bytes Encoded(uint64_t v) { return core::EncodeToBytes(Counted{v}); }

TEST(DecodedCacheTest, SameBytesDecodeOnceAndShareTheValue) {
  Counted::decodings = 0;
  const core::Bytes raw = Encoded(1001);
  auto first = DecodedCache<Counted>::Decode(raw).value();
  auto second = DecodedCache<Counted>::Decode(Encoded(1001)).value();  // equal bytes, new buffer
  EXPECT_EQ(first->value, 1001u);
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(Counted::decodings, 1);
}

TEST(DecodedCacheTest, DifferentBytesGiveTheirOwnDecoding) {
  Counted::decodings = 0;
  auto a = DecodedCache<Counted>::Decode(Encoded(2001)).value();
  auto b = DecodedCache<Counted>::Decode(Encoded(2002)).value();
  EXPECT_EQ(a->value, 2001u);
  EXPECT_EQ(b->value, 2002u);
  EXPECT_EQ(DecodedCache<Counted>::Decode(Encoded(2001)).value()->value, 2001u);
  EXPECT_EQ(Counted::decodings, 2);
}

TEST(DecodedCacheTest, EvictedBytesAreDecodedAgain) {
  Counted::decodings = 0;
  for (uint64_t v = 0; v <= DecodedCache<Counted>::kSlots; ++v) {
    EXPECT_EQ(DecodedCache<Counted>::Decode(Encoded(3000 + v)).value()->value, 3000 + v);
  }
  const int before = Counted::decodings;
  EXPECT_EQ(DecodedCache<Counted>::Decode(Encoded(3000)).value()->value, 3000u);  // evicted
  EXPECT_EQ(Counted::decodings, before + 1);
}

TEST(DecodedCacheTest, BytesThatDoNotDecodeFailEveryTime) {
  core::Bytes trailing = Encoded(4001);
  trailing.push_back(0);  // DecodeExact refuses trailing bytes
  const core::Bytes short_value{1, 2, 3};
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(DecodedCache<Counted>::Decode(trailing).ok());
    EXPECT_FALSE(DecodedCache<Counted>::Decode(short_value).ok());
  }
  // The well-formed prefix of the trailing case still decodes to its own value.
  EXPECT_EQ(DecodedCache<Counted>::Decode(Encoded(4001)).value()->value, 4001u);
}

TEST(DecodedCacheTest, EachThreadHasItsOwnSlots) {
  Counted::decodings = 0;
  auto here = DecodedCache<Counted>::Decode(Encoded(5001)).value();
  std::shared_ptr<const Counted> there;
  std::thread t([&] { there = DecodedCache<Counted>::Decode(Encoded(5001)).value(); });
  t.join();
  EXPECT_EQ(there->value, 5001u);
  EXPECT_NE(here.get(), there.get());
  EXPECT_EQ(Counted::decodings, 2);
}

TEST(DecodedCacheTest, GetDecodedSharedReadsStateLikeGet) {
  testing::MapState empty;
  StateOverlay overlay(empty);
  ContractState state(crypto::HashSuite::kSha256, overlay);
  const core::Bytes key{7};
  EXPECT_EQ(GetDecodedShared<Counted>(state, "test.ns", key).value(), nullptr);  // absent
  state.Put("test.ns", key, Counted{6001});
  EXPECT_EQ(GetDecodedShared<Counted>(state, "test.ns", key).value()->value, 6001u);
  state.Put("test.ns", key, Counted{6002});  // a new value is read, not the cached one
  EXPECT_EQ(GetDecodedShared<Counted>(state, "test.ns", key).value()->value, 6002u);
  state.PutRaw("test.ns", key, core::Bytes{1, 2, 3});
  const auto corrupt = GetDecodedShared<Counted>(state, "test.ns", key);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.status().code(), core::StatusCode::kDataLoss);  // corrupt state, as Get<T>
  EXPECT_EQ(corrupt.status().code(), state.Get<Counted>("test.ns", key).status().code());
}

}  // namespace decoded_cache_test
}  // namespace
}  // namespace credchain::contracts

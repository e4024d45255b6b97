#include "contracts/key_codec.h"

#include <gtest/gtest.h>

#include "contracts/governance_state.h"

namespace credchain::contracts {
namespace {

// The identity point (y = 1): a canonical encoding of a small-order point.
crypto::PublicKey SmallOrderKey() {
  crypto::PublicKey key;
  key.bytes.fill(0);
  key.bytes[0] = 1;
  return key;
}

core::Bytes EncodeOneKey(const crypto::PublicKey& key) {
  core::Writer w;
  EncodeKey(w, key);
  return w.Take();
}

TEST(KeyCodecTest, UntrustedKeysMustBePrimeOrderPoints) {
  const core::Bytes bytes = EncodeOneKey(SmallOrderKey());
  core::Reader r(bytes);
  const auto key = DecodeKey(r, "committer_key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().reject_code(), core::RejectCode::kBadKey);
  EXPECT_NE(key.status().message().find("committer_key"), std::string::npos);
}

TEST(KeyCodecTest, StateRecordKeysSkipOnlyTheCurveCheck) {
  const core::Bytes bytes = EncodeOneKey(SmallOrderKey());
  core::Reader r(bytes);
  const auto key = DecodeKey(r, "grantor", KeySource::kStateRecord);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, SmallOrderKey());

  core::Reader truncated(core::ByteView(bytes).first(31));
  EXPECT_FALSE(DecodeKey(truncated, "grantor", KeySource::kStateRecord).ok());
}

TEST(KeyCodecTest, StateRecordKeySetsStillMustBeSortedAndUnique) {
  std::vector<crypto::PublicKey> keys = {crypto::SecretKey::Generate().public_key(),
                                         crypto::SecretKey::Generate().public_key()};
  SortKeys(keys);
  core::Writer w;
  w.PutCount(2);
  EncodeKey(w, keys[1]);
  EncodeKey(w, keys[0]);
  const core::Bytes unsorted = w.Take();
  core::Reader r(unsorted);
  const auto set = DecodeKeySet(r, 16, "subject.keys", KeySource::kStateRecord);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().reject_code(), core::RejectCode::kMalformed);
}

TEST(KeyCodecTest, DepartmentRecordRoundTripsWithoutTheCurveCheck) {
  Department d;
  d.id = "samr";
  d.name = "market regulation";
  d.validator_key = crypto::SecretKey::Generate().public_key();
  d.account_keys = {crypto::SecretKey::Generate().public_key(),
                    crypto::SecretKey::Generate().public_key()};
  SortKeys(d.account_keys);
  d.joined_height = 7;
  const core::Bytes bytes = core::EncodeToBytes(d);
  const auto decoded = core::DecodeExact<Department>(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, d);
  EXPECT_EQ(core::EncodeToBytes(*decoded), bytes);

  // A stored record is read as written (its keys were checked on the way in).
  d.validator_key = SmallOrderKey();
  EXPECT_TRUE(core::DecodeExact<Department>(core::EncodeToBytes(d)).ok());
}

}  // namespace
}  // namespace credchain::contracts

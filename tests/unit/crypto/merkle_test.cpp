#include "crypto/merkle.h"

#include <random>

#include <gtest/gtest.h>

#include "core/codec.h"

namespace credchain::crypto {
namespace {

// RFC 6962 §2.1 MTH, written recursively exactly as the RFC defines it.
core::Bytes32 ReferenceRoot(HashSuite suite, std::span<const core::Bytes32> items) {
  if (items.empty()) return Hash(suite, {});
  if (items.size() == 1) return MerkleLeafHash(suite, items[0]);
  size_t k = 1;
  while (k * 2 < items.size()) k *= 2;
  return MerkleNodeHash(suite, ReferenceRoot(suite, items.first(k)),
                        ReferenceRoot(suite, items.subspan(k)));
}

std::vector<core::Bytes32> Items(size_t n) {
  std::vector<core::Bytes32> items(n);
  for (size_t i = 0; i < n; ++i) items[i] = Sha256(core::AsBytes("item " + std::to_string(i)));
  return items;
}

TEST(MerkleTest, RootMatchesRfc6962DefinitionForEverySizeUpTo70) {
  for (HashSuite suite : {HashSuite::kSha256, HashSuite::kSm3}) {
    for (size_t n = 0; n <= 70; ++n) {
      const auto items = Items(n);
      EXPECT_EQ(MerkleRoot(suite, items), ReferenceRoot(suite, items)) << "n=" << n;
    }
  }
}

TEST(MerkleTest, LeafAndNodeHashesAreDomainSeparated) {
  const core::Bytes32 a = Items(1)[0];
  // A two-leaf root must differ from the leaf hash of the concatenation's hash, and a leaf hash
  // must differ from the plain hash of the item.
  EXPECT_NE(MerkleLeafHash(HashSuite::kSha256, a), Sha256(a));
  EXPECT_NE(MerkleNodeHash(HashSuite::kSha256, a, a), MerkleLeafHash(HashSuite::kSha256, a));
}

TEST(MerkleTest, EveryProofVerifiesAndRoundTrips) {
  for (size_t n = 1; n <= 33; ++n) {
    const auto items = Items(n);
    const core::Bytes32 root = MerkleRoot(HashSuite::kSha256, items);
    for (size_t i = 0; i < n; ++i) {
      const MerkleProof proof = MerkleProve(HashSuite::kSha256, items, i).value();
      ASSERT_TRUE(MerkleVerify(HashSuite::kSha256, items[i], proof, root).ok())
          << "n=" << n << " i=" << i;
      EXPECT_EQ(core::DecodeExact<MerkleProof>(core::EncodeToBytes(proof)).value(), proof);
    }
  }
}

TEST(MerkleTest, TamperedProofsAreRejected) {
  const auto items = Items(13);
  const core::Bytes32 root = MerkleRoot(HashSuite::kSha256, items);
  const MerkleProof good = MerkleProve(HashSuite::kSha256, items, 6).value();

  EXPECT_FALSE(MerkleVerify(HashSuite::kSha256, items[7], good, root).ok());  // other item
  EXPECT_FALSE(MerkleVerify(HashSuite::kSm3, items[6], good, root).ok());     // other suite
  for (size_t k = 0; k < good.path.size(); ++k) {
    MerkleProof bad = good;
    bad.path[k][0] ^= 1;
    EXPECT_EQ(MerkleVerify(HashSuite::kSha256, items[6], bad, root).reject_code(),
              core::RejectCode::kBadProof);
  }
  MerkleProof moved = good;
  moved.leaf_index = 7;
  EXPECT_FALSE(MerkleVerify(HashSuite::kSha256, items[6], moved, root).ok());
  // tree_size is trusted context (it comes from the anchor), but a size that changes the shape
  // around the leaf must fail: in a tree of 7, leaf 6 is the promoted last leaf.
  MerkleProof resized = good;
  resized.tree_size = 7;
  EXPECT_FALSE(MerkleVerify(HashSuite::kSha256, items[6], resized, root).ok());
  MerkleProof extended = good;
  extended.path.push_back(root);
  EXPECT_FALSE(MerkleVerify(HashSuite::kSha256, items[6], extended, root).ok());
  MerkleProof shortened = good;
  shortened.path.pop_back();
  EXPECT_FALSE(MerkleVerify(HashSuite::kSha256, items[6], shortened, root).ok());
  MerkleProof beyond = good;
  beyond.leaf_index = 13;
  EXPECT_FALSE(MerkleVerify(HashSuite::kSha256, items[6], beyond, root).ok());
}

TEST(MerkleTest, ProveRejectsOutOfRangeIndex) {
  const auto items = Items(3);
  EXPECT_FALSE(MerkleProve(HashSuite::kSha256, items, 3).ok());
  EXPECT_FALSE(MerkleProve(HashSuite::kSha256, {}, 0).ok());
}

}  // namespace
}  // namespace credchain::crypto

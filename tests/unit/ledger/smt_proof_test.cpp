// Sparse-Merkle proofs: golden vectors from an independent implementation, every tampering
// rejected, and the canonical decoder's rejections.
#include "ledger/smt_proof.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "unit/golden_file.h"
#include "unit/ledger/smt_model.h"

namespace credchain::ledger {
namespace {

using core::Bytes;
using core::Bytes32;
using core::HexEncode;

Bytes32 K(uint8_t first) {
  Bytes32 k{};
  k[0] = first;
  return k;
}

struct Built {
  MemKvStore store;
  std::unique_ptr<StateTree> tree;
  Bytes32 root;
};

std::unique_ptr<Built> BuildTree(crypto::HashSuite suite,
                                 const std::vector<std::pair<Bytes32, std::string>>& kvs) {
  auto b = std::make_unique<Built>();
  b->tree = std::move(StateTree::Open(&b->store, suite)).value();
  StateDelta d;
  for (const auto& [k, v] : kvs) d.Put(k, core::ToBytes(v));
  auto u = b->tree->PrepareUpdate(std::nullopt, d);
  CHECK(u.ok());
  CHECK(b->tree->Commit(*u, Durability::kSync).ok());
  b->root = u->root;
  return b;
}

class SmtGoldenTest : public ::testing::TestWithParam<crypto::HashSuite> {
 protected:
  std::string Golden(const std::string& name) {
    return golden_.at("smt_" + std::string(crypto::HashSuiteName(GetParam())) + "_" + name);
  }
  std::map<std::string, std::string> golden_ = testing::LoadGoldenFile("ledger_smt_golden.txt");
};

TEST_P(SmtGoldenTest, HashesRootsAndProofEncodingsMatchTheIndependentReference) {
  const crypto::HashSuite suite = GetParam();
  EXPECT_EQ(HexEncode(SmtEmptyHash(suite)), Golden("empty"));
  EXPECT_EQ(HexEncode(SmtLeafHash(suite, K(0x00), SmtValueHash(suite, core::AsBytes("a")))),
            Golden("leaf_k1_a"));

  auto three = BuildTree(suite, {{K(0x00), "a"}, {K(0x80), "b"}, {K(0x40), "c"}});
  EXPECT_EQ(HexEncode(three->root), Golden("root_k1a_k2b_k3c"));
  auto p3 = three->tree->Prove(K(0x40), 0);
  ASSERT_TRUE(p3.ok());
  EXPECT_EQ(HexEncode(core::EncodeToBytes(*p3)), Golden("proof_k3_in_three"));
  auto p4 = three->tree->Prove(K(0xc0), 0);
  ASSERT_TRUE(p4.ok());
  EXPECT_EQ(HexEncode(core::EncodeToBytes(*p4)), Golden("proof_k4_absent_three"));
  EXPECT_TRUE(VerifySmtExclusion(suite, three->root, K(0xc0), *p4).ok());

  auto two = BuildTree(suite, {{K(0x00), "a"}, {K(0x40), "c"}});
  EXPECT_EQ(HexEncode(two->root), Golden("root_k1a_k3c"));
  auto p2 = two->tree->Prove(K(0x80), 0);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(HexEncode(core::EncodeToBytes(*p2)), Golden("proof_k2_absent_two"));
  EXPECT_TRUE(VerifySmtExclusion(suite, two->root, K(0x80), *p2).ok());
}

INSTANTIATE_TEST_SUITE_P(Suites, SmtGoldenTest,
                         ::testing::Values(crypto::HashSuite::kSha256, crypto::HashSuite::kSm3));

// A tree with deep shared prefixes, and proofs for present and absent keys in it.
class SmtTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(11);
    pool_ = testing::KeyPool(rng, 300);
    std::vector<std::pair<Bytes32, std::string>> kvs;
    for (size_t i = 0; i < pool_.size(); i += 2)
      kvs.emplace_back(pool_[i], "v" + std::to_string(i));
    built_ = BuildTree(kSuite, kvs);
  }
  static constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;

  // Every single change to the proof, the key, the value or the root must be rejected.
  void ExpectEveryTamperRejected(const Bytes32& key, const std::optional<Bytes>& value) {
    auto got = built_->tree->Prove(key, 0);
    ASSERT_TRUE(got.ok());
    const SmtProof proof = *got;
    std::optional<core::ByteView> claim;
    if (value) claim = core::ByteView(*value);
    const Bytes32 root = built_->root;
    ASSERT_TRUE(VerifySmtProof(kSuite, root, key, claim, proof).ok());
    const auto rejected = [&](const SmtProof& p, const Bytes32& k,
                              const std::optional<core::ByteView>& c, const Bytes32& r) {
      const core::Status s = VerifySmtProof(kSuite, r, k, c, p);
      return !s.ok() && s.reject_code() == core::RejectCode::kBadProof;
    };
    for (size_t i = 0; i < proof.siblings.size(); ++i) {
      SmtProof p = proof;
      p.siblings[i][i % 32] ^= 0x01;
      EXPECT_TRUE(rejected(p, key, claim, root)) << "sibling " << i;
      p = proof;
      p.siblings[i] =
          p.siblings[i] == SmtEmptyHash(kSuite) ? testing::RandomKey(rng_) : SmtEmptyHash(kSuite);
      EXPECT_TRUE(rejected(p, key, claim, root)) << "sibling " << i << " emptiness";
    }
    SmtProof shorter = proof;
    if (!shorter.siblings.empty()) {
      shorter.siblings.pop_back();
      EXPECT_TRUE(rejected(shorter, key, claim, root));
      shorter = proof;
      shorter.siblings.erase(shorter.siblings.begin());
      EXPECT_TRUE(rejected(shorter, key, claim, root));
    }
    SmtProof longer = proof;
    longer.siblings.push_back(testing::RandomKey(rng_));
    EXPECT_TRUE(rejected(longer, key, claim, root));
    longer = proof;
    longer.siblings.insert(longer.siblings.begin(), testing::RandomKey(rng_));
    EXPECT_TRUE(rejected(longer, key, claim, root));
    // Another key: an inclusion proof never proves another key's value; an absence proof
    // covers exactly the keys that share its path (so flipping a bit on the path must fail).
    const size_t depth = proof.siblings.size();
    for (size_t bit : {size_t(0), depth / 2, depth == 0 ? size_t(0) : depth - 1, size_t(255)}) {
      Bytes32 other = key;
      other[bit / 8] ^= uint8_t(0x80 >> (bit % 8));
      if (value || bit < depth) {
        EXPECT_TRUE(rejected(proof, other, claim, root)) << "key bit " << bit;
      } else if (!proof.leaf || proof.leaf->key != other) {
        EXPECT_TRUE(VerifySmtProof(kSuite, root, other, std::nullopt, proof).ok());
      }
    }
    Bytes32 other_root = root;
    other_root[7] ^= 0x40;
    EXPECT_TRUE(rejected(proof, key, claim, other_root));
    const Bytes wrong_value{'x'};
    EXPECT_TRUE(rejected(proof, key, core::ByteView(wrong_value), root));
    if (value) {
      EXPECT_TRUE(rejected(proof, key, std::nullopt, root));  // present key claimed absent
      Bytes longer_value = *value;
      longer_value.push_back(0);
      EXPECT_TRUE(rejected(proof, key, core::ByteView(longer_value), root));
    }
    if (proof.leaf) {
      SmtProof p = proof;
      p.leaf->key[31] ^= 0x01;
      EXPECT_TRUE(rejected(p, key, claim, root));
      p = proof;
      p.leaf->value_hash[0] ^= 0x01;
      EXPECT_TRUE(rejected(p, key, claim, root));
      p = proof;
      p.leaf.reset();
      EXPECT_TRUE(rejected(p, key, claim, root));
    } else {
      SmtProof p = proof;
      p.leaf = SmtProofLeaf{key, SmtValueHash(kSuite, core::AsBytes("forged"))};
      EXPECT_TRUE(rejected(p, key, core::AsBytes("forged"), root));
    }
    SmtProof sm3 = proof;
    sm3.suite = crypto::HashSuite::kSm3;
    EXPECT_TRUE(rejected(sm3, key, claim, root));
  }

  std::mt19937_64 rng_{3};
  std::vector<Bytes32> pool_;
  std::unique_ptr<Built> built_;
};

TEST_F(SmtTamperTest, EveryTamperedInclusionProofIsRejected) {
  for (size_t i = 0; i < pool_.size(); i += 10) {
    ExpectEveryTamperRejected(pool_[i], core::ToBytes("v" + std::to_string(i)));
  }
}

TEST_F(SmtTamperTest, EveryTamperedExclusionProofIsRejected) {
  int ending_in_leaf = 0, ending_empty = 0;
  for (size_t i = 1; i < pool_.size(); i += 6) {
    auto p = built_->tree->Prove(pool_[i], 0);
    ASSERT_TRUE(p.ok());
    (p->leaf ? ending_in_leaf : ending_empty)++;
    ExpectEveryTamperRejected(pool_[i], std::nullopt);
  }
  EXPECT_GT(ending_in_leaf, 0);  // both kinds of absence proof were exercised
  EXPECT_GT(ending_empty, 0);
}

TEST(SmtProofTest, LeafFromAnotherBranchCannotProveAbsence) {
  auto b = BuildTree(crypto::HashSuite::kSha256, {{K(0x00), "a"}, {K(0x80), "b"}});
  auto p = b->tree->Prove(K(0x80), 0);  // inclusion of 0x80.. at depth 1
  ASSERT_TRUE(p.ok());
  // Reusing it as an absence proof for 0x00.. (a key on the other branch) must fail early.
  auto root = SmtProofRoot(*p, K(0x01));
  ASSERT_FALSE(root.ok());
  EXPECT_NE(root.status().message().find("not on the key's path"), std::string::npos);
}

// --- canonical decoding ---

Bytes ValidEncoding() {
  auto b = BuildTree(crypto::HashSuite::kSha256, {{K(0x00), "a"}, {K(0x80), "b"}, {K(0x40), "c"}});
  return core::EncodeToBytes(b->tree->Prove(K(0x40), 0).value());
}

TEST(SmtProofDecodeTest, RoundTripsAndRejectsTruncationAndTrailingBytes) {
  const Bytes enc = ValidEncoding();
  auto decoded = core::DecodeExact<SmtProof>(enc);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(core::EncodeToBytes(*decoded), enc);
  for (size_t n = 0; n < enc.size(); ++n) {
    auto r = core::DecodeExact<SmtProof>(core::ByteView(enc.data(), n));
    EXPECT_FALSE(r.ok()) << "truncated to " << n;
    EXPECT_EQ(r.status().reject_code(), core::RejectCode::kMalformed);
  }
  Bytes trailing = enc;
  trailing.push_back(0);
  EXPECT_EQ(core::DecodeExact<SmtProof>(trailing).status().reject_code(),
            core::RejectCode::kMalformed);
}

TEST(SmtProofDecodeTest, RejectsNonCanonicalAndOversizedFields) {
  const Bytes enc = ValidEncoding();  // 00 01 | 01 | 01 | key | vh | 00 02 | bitmap | 2 x 32
  const size_t count_at = 2 + 1 + 1 + 64;
  const auto code = [](const Bytes& b) { return core::DecodeExact<SmtProof>(b).status(); };

  Bytes v2 = enc;
  v2[1] = 2;
  EXPECT_EQ(code(v2).reject_code(), core::RejectCode::kUnsupportedVersion);
  Bytes suite = enc;
  suite[2] = 9;
  EXPECT_EQ(code(suite).reject_code(), core::RejectCode::kMalformed);
  Bytes terminal = enc;
  terminal[3] = 2;
  EXPECT_EQ(code(terminal).reject_code(), core::RejectCode::kMalformed);
  Bytes too_many = enc;
  too_many[count_at] = 0x01;
  too_many[count_at + 1] = 0x01;  // 257 siblings
  EXPECT_EQ(code(too_many).reject_code(), core::RejectCode::kTooLarge);
  Bytes stray_bit = enc;
  stray_bit[count_at + 2] = 0x04;  // bit 2 of a 2-sibling bitmap
  EXPECT_EQ(code(stray_bit).reject_code(), core::RejectCode::kMalformed);

  // An empty sibling spelled out instead of flagged in the bitmap.
  SmtProof p;
  p.siblings = {testing::RandomKey(*std::make_unique<std::mt19937_64>(1))};
  Bytes explicit_empty = core::EncodeToBytes(p);
  const Bytes32 empty = SmtEmptyHash(crypto::HashSuite::kSha256);
  std::copy(empty.begin(), empty.end(), explicit_empty.end() - 32);
  EXPECT_EQ(code(explicit_empty).reject_code(), core::RejectCode::kMalformed);

  // A hostile count is refused before anything is allocated for it.
  Bytes huge = enc;
  huge.resize(count_at + 2);
  huge[count_at] = 0xff;
  huge[count_at + 1] = 0xff;
  EXPECT_FALSE(code(huge).ok());
}

TEST(SmtProofDecodeTest, MaximalProofOf256SiblingsRoundTrips) {
  SmtProof p;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 256; ++i) {
    p.siblings.push_back(i % 3 == 0 ? SmtEmptyHash(p.suite) : testing::RandomKey(rng));
  }
  const Bytes enc = core::EncodeToBytes(p);
  auto d = core::DecodeExact<SmtProof>(enc);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, p);
}

}  // namespace
}  // namespace credchain::ledger

#include "credentials/wallet.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "core/base64url.h"
#include "core/hex.h"
#include "crypto/merkle.h"
#include "fixture.h"
#include "test_util.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;
using namespace testing;
namespace fs = std::filesystem;

class WalletTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("credchain_wallet_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    dir_ = root_ / "wallet";
  }
  void TearDown() override { fs::remove_all(root_); }

  static mode_t Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 0777;
  }

  fs::path root_, dir_;
  World world_;
};

TEST_F(WalletTest, ImportsListsAndShowsWithPrivateModes) {
  auto wallet = Wallet::Open(dir_);
  ASSERT_TRUE(wallet.ok()) << wallet.status();
  EXPECT_EQ(Mode(dir_), 0700u);
  const IssuedCredential c = world_.IssueAnchored();
  HeldCredential held{c.sd_jwt, AnchorProof{}, {}};
  auto id = wallet->Import(held.ToJson());
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, c.id);
  const fs::path file = dir_ / (core::HexEncode(c.id) + ".json");
  EXPECT_EQ(Mode(file), 0600u);
  EXPECT_EQ(wallet->Import(held.ToJson()).status().code(), core::StatusCode::kAlreadyExists);

  auto list = wallet->List();
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, core::HexEncode(c.id));
  EXPECT_EQ((*list)[0].issuer, kIssuerDid);
  EXPECT_EQ((*list)[0].vct, "urn:credchain:credit-grade:1");
  EXPECT_EQ((*list)[0].claim_names, (std::vector<std::string>{"decided_on", "fine_fen", "grade",
                                                              "listed", "name", "region", "uscc"}));
  auto shown = wallet->ShowJson(core::HexEncode(c.id).substr(0, 8));
  ASSERT_TRUE(shown.ok()) << shown.status();
  const json details = json::parse(*shown);
  EXPECT_EQ(details["claims"]["grade"], "A");
  EXPECT_EQ(details["anchor"]["type"], "single");

  auto got = wallet->Get(core::HexEncode(c.id));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sd_jwt, c.sd_jwt);
  // The held credential is what the holder presents from.
  auto p = CreatePresentation(got->sd_jwt, got->anchor, world_.Present(), world_.holder_key);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(VerifyPresentation(*p, world_.Verify(), world_.policy, world_.ledger).accepted());
}

TEST_F(WalletTest, KeepsBatchMerklePathsAndAcceptsBareSdJwt) {
  auto wallet = Wallet::Open(dir_).value();
  const IssuedCredential a = world_.IssueAnchored(1), b = world_.IssueAnchored(2);
  const std::vector<core::Bytes32> ids = {a.id, b.id};
  HeldCredential held{b.sd_jwt, AnchorProof{}, {}};
  held.anchor.kind = AnchorKind::kBatch;
  held.anchor.batch_root = crypto::MerkleRoot(crypto::HashSuite::kSha256, ids);
  held.anchor.path = crypto::MerkleProve(crypto::HashSuite::kSha256, ids, 1).value();
  ASSERT_TRUE(wallet.Store(held).ok());
  EXPECT_EQ(wallet.Get(core::HexEncode(b.id))->anchor, held.anchor);
  auto bare = wallet.Import("  " + a.sd_jwt + "\n");
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_EQ(wallet.Get(core::HexEncode(a.id))->anchor.kind, AnchorKind::kSingle);
  EXPECT_EQ(wallet.List()->size(), 2u);
}

TEST_F(WalletTest, RefusesBadInputAndChangesNothing) {
  auto wallet = Wallet::Open(dir_).value();
  const IssuedCredential c = world_.IssueAnchored();
  const Presentation presented =
      CreatePresentation(c.sd_jwt, AnchorProof{}, world_.Present(), world_.holder_key).value();
  for (const std::string& bad :
       {std::string(""), std::string("{}"), std::string("{\"format\":\"x\"}"),
        std::string("not-an-sd-jwt"), presented.sd_jwt,
        json{{"format", "credchain-credential"}, {"version", 2}, {"sd_jwt", c.sd_jwt}}.dump(),
        json{{"format", "credchain-credential"},
             {"version", 1},
             {"sd_jwt", c.sd_jwt},
             {"anchor", {{"type", "batch"}}}}
            .dump(),
        std::string(kMaxCredentialFileBytes + 1, '{')}) {
    EXPECT_FALSE(wallet.Import(bad).ok()) << bad.substr(0, 60);
  }
  EXPECT_TRUE(fs::is_empty(dir_));
  EXPECT_EQ(wallet.Get("1234").status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(wallet.Get("12345678").status().code(), core::StatusCode::kNotFound);
}

TEST_F(WalletTest, KeepsTheOpeningsAndRefusesOnesThatDoNotOpen) {
  auto wallet = Wallet::Open(dir_).value();
  const IssuedCredential c = world_.IssueAnchored();
  ASSERT_EQ(c.openings.size(), 1u);  // grade: the fixture's only provable claim
  HeldCredential held{c.sd_jwt, AnchorProof{}, c.openings};
  ASSERT_TRUE(wallet.Import(held.ToJson()).ok());
  auto got = wallet.Get(core::HexEncode(c.id));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->openings, c.openings);
  EXPECT_EQ((*wallet.List())[0].committed_claims, std::vector<std::string>{"grade"});
  const json shown = json::parse(wallet.ShowJson(core::HexEncode(c.id)).value());
  EXPECT_EQ(shown["committed"], json::array({"grade"}));
  EXPECT_FALSE(shown["claims"].contains("grade#commitment"));
  EXPECT_EQ(
      shown.dump().find(core::Base64UrlEncode(core::ByteView(c.openings[0].blinding.bytes()))),
      std::string::npos);  // show never prints the secret blinding

  const IssuedCredential other = world_.IssueAnchored(9);
  HeldCredential wrong{other.sd_jwt, AnchorProof{}, c.openings};  // another credential's opening
  EXPECT_FALSE(wallet.Import(wrong.ToJson()).ok());
  wrong.openings = other.openings;
  wrong.openings[0].value = 2;
  EXPECT_FALSE(wallet.Import(wrong.ToJson()).ok());
  json dup = json::parse(HeldCredential{other.sd_jwt, AnchorProof{}, other.openings}.ToJson());
  dup["openings"].push_back(dup["openings"][0]);
  EXPECT_FALSE(wallet.Import(dup.dump()).ok());
  dup["openings"] = json::array({{{"claim", "grade"}, {"value", 3}, {"blinding", "AA"}}});
  EXPECT_FALSE(wallet.Import(dup.dump()).ok());
  EXPECT_EQ(wallet.List()->size(), 1u);
}

TEST_F(WalletTest, RefusesAWalletOthersCanRead) {
  fs::create_directories(dir_);
  ::chmod(dir_.c_str(), 0755);
  EXPECT_EQ(Wallet::Open(dir_).status().code(), core::StatusCode::kFailedPrecondition);
  ::chmod(dir_.c_str(), 0700);
  EXPECT_TRUE(Wallet::Open(dir_).ok());
  const fs::path file = root_ / "plain";
  std::ofstream(file) << "x";
  EXPECT_FALSE(Wallet::Open(file).ok());
}

TEST_F(WalletTest, CorruptFileIsReportedAsDataLoss) {
  auto wallet = Wallet::Open(dir_).value();
  ASSERT_TRUE(wallet.Import(world_.IssueAnchored().sd_jwt).ok());
  std::ofstream(dir_ / "deadbeefdeadbeef.json") << "{\"format\":";
  EXPECT_EQ(wallet.List().status().code(), core::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace credchain::credentials

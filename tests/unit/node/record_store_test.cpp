// RecordStore: content encrypted at rest under a per-record key, and crypto-shredding — after
// Shred no file under the store (LevelDB logs and tables included) holds the key or the
// plaintext, so the content cannot be recovered from the disk files.
#include "node/record_store.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

namespace fs = std::filesystem;

core::Bytes32 RecordId(uint8_t b) {
  core::Bytes32 id{};
  id.fill(b);
  return id;
}

// The bytes of every regular file under `dir`, concatenated per file.
std::vector<std::string> AllFiles(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

bool AnyFileContains(const fs::path& dir, std::string_view needle) {
  for (const std::string& file : AllFiles(dir)) {
    if (file.find(needle) != std::string::npos) return true;
  }
  return false;
}

class RecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("credchain-records-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  StoredRecord Meta(uint8_t b) {
    StoredRecord r;
    r.record_id = RecordId(b);
    r.anchor_tx_id = RecordId(static_cast<uint8_t>(b + 100));
    r.anchor_expires_at_height = 77;
    r.stored_at_ms = 1234;
    return r;
  }

  fs::path dir_;
  const std::string secret_ = R"({"subject_name":"SECRET-MARKER-行政相对人","fine_fen":5000000})";
};

TEST_F(RecordStoreTest, StoresAndReadsBack) {
  auto store = RecordStore::Open(dir_).value();
  ASSERT_TRUE(store->Put(Meta(1), secret_).ok());
  ASSERT_TRUE(store->Put(Meta(2), "second").ok());
  EXPECT_EQ(store->Get(RecordId(1)).value(), secret_);
  EXPECT_EQ(store->Get(RecordId(2)).value(), "second");
  EXPECT_EQ(store->Get(RecordId(3)).value(), std::nullopt);
  EXPECT_EQ(store->Put(Meta(1), "again").code(), core::StatusCode::kAlreadyExists);
  EXPECT_EQ(store->Get(RecordId(1)).value(), secret_);
  const auto held = store->List().value();
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].record_id, RecordId(1));
  EXPECT_EQ(held[0].anchor_tx_id, RecordId(101));
  EXPECT_EQ(held[0].anchor_expires_at_height, 77u);
}

TEST_F(RecordStoreTest, ContentIsEncryptedAtRestAndKeysArePrivate) {
  {
    auto store = RecordStore::Open(dir_).value();
    ASSERT_TRUE(store->Put(Meta(1), secret_).ok());
    struct stat st {};
    ASSERT_EQ(::stat(store->KeyFilePath(RecordId(1)).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(::stat((dir_ / "keys").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
  }
  EXPECT_FALSE(AnyFileContains(dir_, "SECRET-MARKER"));
  EXPECT_FALSE(AnyFileContains(dir_, "fine_fen"));
  auto reopened = RecordStore::Open(dir_).value();
  EXPECT_EQ(reopened->Get(RecordId(1)).value(), secret_);
}

TEST_F(RecordStoreTest, ShreddingLeavesNothingRecoverableOnDisk) {
  std::string key_bytes;
  {
    auto store = RecordStore::Open(dir_).value();
    ASSERT_TRUE(store->Put(Meta(1), secret_).ok());
    ASSERT_TRUE(store->Put(Meta(2), "keep me").ok());
    std::ifstream in(store->KeyFilePath(RecordId(1)), std::ios::binary);
    key_bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ASSERT_EQ(key_bytes.size(), 32u);
    ASSERT_TRUE(AnyFileContains(dir_, key_bytes));  // the search can find a key

    ASSERT_TRUE(store->Shred(RecordId(1)).ok());
    EXPECT_EQ(store->Get(RecordId(1)).value(), std::nullopt);
    EXPECT_FALSE(fs::exists(store->KeyFilePath(RecordId(1))));
    EXPECT_TRUE(store->Shred(RecordId(1)).ok());  // idempotent
  }
  // The ciphertext may survive in LevelDB's log until compaction; the key does not exist in
  // any file, and the plaintext never did.
  EXPECT_FALSE(AnyFileContains(dir_, key_bytes));
  EXPECT_FALSE(AnyFileContains(dir_, "SECRET-MARKER"));
  auto reopened = RecordStore::Open(dir_).value();
  EXPECT_EQ(reopened->Get(RecordId(1)).value(), std::nullopt);
  EXPECT_EQ(reopened->Get(RecordId(2)).value(), "keep me");
  ASSERT_EQ(reopened->List().value().size(), 1u);
}

TEST_F(RecordStoreTest, ALostKeyMeansNoContent) {
  auto store = RecordStore::Open(dir_).value();
  ASSERT_TRUE(store->Put(Meta(1), secret_).ok());
  // A crash between destroying the key and deleting the content leaves unreadable content.
  fs::remove(store->KeyFilePath(RecordId(1)));
  EXPECT_EQ(store->Get(RecordId(1)).value(), std::nullopt);
  EXPECT_TRUE(store->Shred(RecordId(1)).ok());
  EXPECT_TRUE(store->List().value().empty());
}

TEST_F(RecordStoreTest, AKeyOfAnotherRecordDoesNotOpenTheContent) {
  auto store = RecordStore::Open(dir_).value();
  ASSERT_TRUE(store->Put(Meta(1), secret_).ok());
  ASSERT_TRUE(store->Put(Meta(2), "other").ok());
  fs::copy_file(store->KeyFilePath(RecordId(2)), store->KeyFilePath(RecordId(1)),
                fs::copy_options::overwrite_existing);
  EXPECT_EQ(store->Get(RecordId(1)).status().code(), core::StatusCode::kDataLoss);
}

TEST_F(RecordStoreTest, ASecondOpenOfTheDirectoryIsRefused) {
  auto store = RecordStore::Open(dir_).value();
  EXPECT_FALSE(RecordStore::Open(dir_).ok());
}

}  // namespace
}  // namespace credchain::node

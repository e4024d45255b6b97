#include "crypto/key_file.h"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "core/private_file.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::crypto {
namespace {

namespace fs = std::filesystem;

const KeyFileKdfParams kFast = KeyFileKdfParams::MinimumForTests();

std::string Encrypt(const SecretKey& key, std::string_view passphrase = "correct horse") {
  auto text = EncryptKeyFile(key, passphrase, kFast);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : std::string();
}

// Replaces the first occurrence of `from` in `text` (which must be present).
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(KeyFileTest, RoundTripsTheKey) {
  SecretKey key = SecretKey::Generate();
  const std::string text = Encrypt(key);
  auto info = ReadKeyFileInfo(text);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->public_key, key.public_key());
  EXPECT_EQ(info->params.ops_limit, kFast.ops_limit);
  EXPECT_EQ(info->params.mem_limit_bytes, kFast.mem_limit_bytes);
  auto loaded = DecryptKeyFile(text, "correct horse");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->seed(), key.seed());
  // The seed never appears in the file.
  EXPECT_EQ(text.find(core::HexEncode(key.seed())), std::string::npos);
}

// A version-1 file written when the format was frozen (passphrase "fuzz", seed 01 00 .. 00,
// minimum KDF cost): every later build must still open it.
TEST(KeyFileTest, DecryptsTheFrozenVersion1Vector) {
  auto read = core::ReadFileLimited(std::string(CREDCHAIN_VECTORS_DIR) + "/key_file_v1.json",
                                    kMaxKeyFileBytes);
  ASSERT_TRUE(read.ok()) << read.status();
  const std::string& text = *read;
  core::Bytes32 seed{};
  seed[0] = 1;
  auto key = DecryptKeyFile(text, "fuzz");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->seed(), seed);
  EXPECT_EQ(key->public_key().ToHex(),
            "cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df065d683bd4fc");
  EXPECT_EQ(DecryptKeyFile(text, "fuzZ").status().code(), core::StatusCode::kPermissionDenied);
}

TEST(KeyFileTest, FreshSaltAndNonceEachTime) {
  SecretKey key = SecretKey::Generate();
  EXPECT_NE(Encrypt(key), Encrypt(key));
}

TEST(KeyFileTest, WrongPassphraseIsAClearError) {
  const std::string text = Encrypt(SecretKey::Generate());
  for (std::string_view wrong : {"correct horsE", "", "correct horse "}) {
    auto loaded = DecryptKeyFile(text, wrong);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), core::StatusCode::kPermissionDenied);
    EXPECT_NE(loaded.status().message().find("wrong passphrase"), std::string::npos);
  }
}

TEST(KeyFileTest, AlteredHeaderOrCiphertextDoesNotDecrypt) {
  SecretKey key = SecretKey::Generate();
  const std::string text = Encrypt(key);
  const std::string pk = key.public_key().ToHex();
  std::string other_pk = SecretKey::Generate().public_key().ToHex();
  const std::string altered[] = {
      Replace(text, pk, other_pk),
      Replace(text, "\"ops_limit\": 1", "\"ops_limit\": 2"),
      Replace(text, "\"mem_limit_kib\": 8", "\"mem_limit_kib\": 9"),
  };
  for (size_t i = 0; i < std::size(altered); ++i) {
    auto loaded = DecryptKeyFile(altered[i], "correct horse");
    ASSERT_FALSE(loaded.ok()) << i;
    EXPECT_EQ(loaded.status().code(), core::StatusCode::kPermissionDenied) << i;
  }
  // Flip one hex digit of the ciphertext.
  const size_t at = text.find("\"ciphertext\": \"") + 15;
  std::string flipped = text;
  flipped[at] = flipped[at] == '0' ? '1' : '0';
  EXPECT_EQ(DecryptKeyFile(flipped, "correct horse").status().code(),
            core::StatusCode::kPermissionDenied);
}

TEST(KeyFileTest, MalformedFilesAreRejectedWithTheField) {
  const std::string text = Encrypt(SecretKey::Generate());
  struct Case {
    std::string text;
    core::RejectCode code;
    std::string mentions;
  };
  const Case cases[] = {
      {"", core::RejectCode::kBadJson, "JSON"},
      {"[]", core::RejectCode::kMalformed, "object"},
      {text.substr(0, text.size() / 2), core::RejectCode::kBadJson, "JSON"},
      {Replace(text, "\"version\": 1", "\"version\": 2"), core::RejectCode::kUnsupportedVersion,
       "version 2"},
      {Replace(text, "\"version\": 1", "\"version\": -1"), core::RejectCode::kMalformed, "version"},
      {Replace(text, "\"ed25519\"", "\"secp256k1\""), core::RejectCode::kInvalidField, "key_type"},
      {Replace(text, "\"format\"", "\"extra\": 1, \"format\""), core::RejectCode::kMalformed,
       "extra"},
      {Replace(text, "\"argon2id13\"", "\"scrypt\""), core::RejectCode::kInvalidField, "algorithm"},
      {Replace(text, "\"ops_limit\": 1", "\"ops_limit\": 1000"), core::RejectCode::kInvalidField,
       "ops_limit"},
      {Replace(text, "\"mem_limit_kib\": 8", "\"mem_limit_kib\": 99999999999"),
       core::RejectCode::kInvalidField, "memory"},
      {Replace(text, "\"nonce\": \"", "\"nonce\": \"zz"), core::RejectCode::kMalformed, "nonce"},
      {Replace(text, "\"kdf\"", "\"kdf2\""), core::RejectCode::kMalformed, "kdf2"},
  };
  for (const auto& c : cases) {
    auto info = ReadKeyFileInfo(c.text);
    ASSERT_FALSE(info.ok()) << c.mentions;
    EXPECT_EQ(info.status().reject_code(), c.code) << info.status();
    EXPECT_NE(info.status().message().find(c.mentions), std::string::npos) << info.status();
    EXPECT_FALSE(DecryptKeyFile(c.text, "correct horse").ok());
  }
  EXPECT_EQ(ReadKeyFileInfo(std::string(kMaxKeyFileBytes + 1, ' ')).status().reject_code(),
            core::RejectCode::kTooLarge);
}

TEST(KeyFileTest, RefusesEmptyPassphraseAndBadParameters) {
  SecretKey key = SecretKey::Generate();
  EXPECT_EQ(EncryptKeyFile(key, "", kFast).status().code(), core::StatusCode::kInvalidArgument);
  EXPECT_FALSE(EncryptKeyFile(key, "pw", {0, 8192}).ok());
  EXPECT_FALSE(EncryptKeyFile(key, "pw", {1, 1024}).ok());
  EXPECT_FALSE(EncryptKeyFile(key, "pw", {1, 8192 + 1}).ok());
  EXPECT_FALSE(EncryptKeyFile(key, "pw", {kMaxOpsLimit + 1, 8192}).ok());
}

class KeyFileOnDiskTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  fs::path path_ = dir_.Sub("node_key.json");
  SecretKey key_ = SecretKey::Generate();
};

TEST_F(KeyFileOnDiskTest, SavesWithMode0600AndLoads) {
  ASSERT_TRUE(SaveKeyFile(path_, key_, "pw", kFast, core::Overwrite::kNo).ok());
  struct stat st;
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = LoadKeyFile(path_, "pw");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->public_key(), key_.public_key());
  EXPECT_EQ(LoadKeyFileInfo(path_)->public_key, key_.public_key());
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 1);
}

TEST_F(KeyFileOnDiskTest, RefusesToOverwriteUnlessAsked) {
  ASSERT_TRUE(SaveKeyFile(path_, key_, "pw", kFast, core::Overwrite::kNo).ok());
  SecretKey other = SecretKey::Generate();
  EXPECT_EQ(SaveKeyFile(path_, other, "pw", kFast, core::Overwrite::kNo).code(),
            core::StatusCode::kAlreadyExists);
  EXPECT_EQ(LoadKeyFile(path_, "pw")->public_key(), key_.public_key());
  ASSERT_TRUE(SaveKeyFile(path_, other, "pw", kFast, core::Overwrite::kYes).ok());
  EXPECT_EQ(LoadKeyFile(path_, "pw")->public_key(), other.public_key());
}

TEST_F(KeyFileOnDiskTest, RefusesAFileOthersCanRead) {
  ASSERT_TRUE(SaveKeyFile(path_, key_, "pw", kFast, core::Overwrite::kNo).ok());
  for (mode_t mode : {0640, 0604, 0660, 0602}) {
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
    auto loaded = LoadKeyFile(path_, "pw");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), core::StatusCode::kPermissionDenied);
    EXPECT_NE(loaded.status().message().find("chmod 600"), std::string::npos) << loaded.status();
  }
  ASSERT_EQ(::chmod(path_.c_str(), 0400), 0);
  EXPECT_TRUE(LoadKeyFile(path_, "pw").ok());
}

TEST_F(KeyFileOnDiskTest, ErrorsNameThePath) {
  auto missing = LoadKeyFile(path_, "pw");
  EXPECT_EQ(missing.status().code(), core::StatusCode::kNotFound);
  ASSERT_TRUE(SaveKeyFile(path_, key_, "pw", kFast, core::Overwrite::kNo).ok());
  auto wrong = LoadKeyFile(path_, "not pw");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find(path_.string()), std::string::npos);
  EXPECT_NE(wrong.status().message().find("wrong passphrase"), std::string::npos);
}

TEST_F(KeyFileOnDiskTest, DefaultPresetsAreTheDocumentedOnes) {
  EXPECT_EQ(KeyFileKdfParams{}.ops_limit, KeyFileKdfParams::Moderate().ops_limit);
  EXPECT_EQ(KeyFileKdfParams::Moderate().mem_limit_bytes, 256u << 20);
  EXPECT_EQ(KeyFileKdfParams::Interactive().mem_limit_bytes, 64u << 20);
}

}  // namespace
}  // namespace credchain::crypto

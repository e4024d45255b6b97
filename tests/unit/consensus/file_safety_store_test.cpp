// FileSafetyStore: durable round trip, corruption detection, failure leaves the old state.
#include "consensus/file_safety_store.h"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "unit/consensus/committee.h"

namespace credchain::consensus {
namespace {

namespace fs = std::filesystem;

class FileSafetyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("credchain_safety_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "safety_state").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  SafetyState SampleState() {
    testing::Committee c = testing::MakeCommittee(4);
    core::Bytes32 id;
    id.fill(9);
    SafetyState s;
    s.epoch = 2;
    s.last_voted_round = 17;
    s.last_timeout_round = 16;
    s.last_proposed_round = 14;
    s.highest_qc = testing::SignQc(c, {0, 1, 2}, 2, 15, id);
    s.last_tc = testing::SignTc(c, {0, 1, 3}, 2, 16, {15, 14, 15}, s.highest_qc);
    return s;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(FileSafetyStoreTest, StoresAndLoadsTheState) {
  FileSafetyStore store(path_);
  auto missing = store.Load();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), core::StatusCode::kNotFound);

  const SafetyState s = SampleState();
  ASSERT_TRUE(store.Store(s).ok());
  auto loaded = FileSafetyStore(path_).Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(*loaded, s);
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  SafetyState next = s;
  next.last_voted_round = 18;
  ASSERT_TRUE(store.Store(next).ok());
  EXPECT_EQ(store.Load()->last_voted_round, 18u);
}

TEST_F(FileSafetyStoreTest, DamagedFilesAreDataLossNotTrusted) {
  FileSafetyStore store(path_);
  ASSERT_TRUE(store.Store(SampleState()).ok());
  std::string bytes(fs::file_size(path_), '\0');
  {
    std::ifstream in(path_, std::ios::binary);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  auto write = [&](const std::string& content) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << content;
  };
  for (size_t pos : {size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
    std::string flipped = bytes;
    flipped[pos] ^= 0x01;
    write(flipped);
    auto r = store.Load();
    ASSERT_FALSE(r.ok()) << pos;
    EXPECT_EQ(r.status().code(), core::StatusCode::kDataLoss) << pos;
  }
  write(bytes.substr(0, bytes.size() - 5));
  EXPECT_EQ(store.Load().status().code(), core::StatusCode::kDataLoss);
  write("");
  EXPECT_EQ(store.Load().status().code(), core::StatusCode::kDataLoss);
}

TEST_F(FileSafetyStoreTest, FailedStoreKeepsThePreviousState) {
  FileSafetyStore store(path_);
  const SafetyState s = SampleState();
  ASSERT_TRUE(store.Store(s).ok());
  // The temporary file cannot be created (a directory is in the way).
  fs::create_directory(path_ + ".tmp");
  SafetyState next = s;
  next.last_voted_round = 99;
  const core::Status st = store.Store(next);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), core::StatusCode::kIoError);
  EXPECT_EQ(*store.Load(), s);
  // A directory that does not exist.
  FileSafetyStore nowhere((dir_ / "missing" / "safety_state").string());
  EXPECT_EQ(nowhere.Store(s).code(), core::StatusCode::kIoError);
}

}  // namespace
}  // namespace credchain::consensus

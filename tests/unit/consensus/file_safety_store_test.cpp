// FileSafetyStore: durable round trip, corruption detection, failure leaves the old state; the
// same for stored blocks, and MemorySafetyStore's lost-write fault on blocks.
#include "consensus/file_safety_store.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "core/hex.h"
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

  // B1 (round 1, certified by the returned record's QC) and B2 on top of it, uncertified.
  std::pair<StoredBlock, StoredBlock> SampleBlocks() {
    testing::Committee c = testing::MakeCommittee(4);
    const ledger::Block genesis = testing::GenesisBlock(c);
    const ledger::Block b1 = testing::ChildBlock(c, genesis, testing::GenesisQc(genesis), 1, 1, 0);
    const auto qc1 = testing::SignQc(c, {0, 1, 2}, 0, 1, ledger::BlockId(b1.header));
    const ledger::Block b2 = testing::ChildBlock(c, b1, qc1, 2, 2, 0);
    return {StoredBlock{1, b1, qc1}, StoredBlock{1, b2, std::nullopt}};
  }

  static std::vector<StoredBlock> ByHeight(std::vector<StoredBlock> blocks) {
    std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
      return a.block.header.height < b.block.header.height;
    });
    return blocks;
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

TEST_F(FileSafetyStoreTest, StoresLoadsAndPrunesBlocks) {
  FileSafetyStore store(path_);
  auto none = store.LoadBlocks();
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(store.PruneBlocks(10).ok());

  auto [b1, b2] = SampleBlocks();
  ASSERT_TRUE(store.StoreBlock(b1).ok());
  ASSERT_TRUE(store.StoreBlock(b2).ok());
  struct stat st {};
  ASSERT_EQ(::stat(store.blocks_dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // Debris of an interrupted write and foreign files are not blocks.
  std::ofstream(store.blocks_dir() + "/00000000000000000001-abc.tmp") << "partial";
  std::ofstream(store.blocks_dir() + "/README") << "not a block";

  auto loaded = FileSafetyStore(path_).LoadBlocks();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(ByHeight(*loaded), (std::vector<StoredBlock>{b1, b2}));
  for (const auto& entry : fs::directory_iterator(store.blocks_dir())) {
    if (entry.path().filename().string().size() != 85) continue;
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }

  // Storing a block again (now with its QC) replaces it.
  StoredBlock certified = b2;
  certified.qc = b1.qc;
  certified.qc->round = 2;
  ASSERT_TRUE(store.StoreBlock(certified).ok());
  EXPECT_EQ(ByHeight(*store.LoadBlocks()), (std::vector<StoredBlock>{b1, certified}));

  ASSERT_TRUE(store.PruneBlocks(1).ok());
  EXPECT_EQ(*store.LoadBlocks(), std::vector<StoredBlock>{certified});
  ASSERT_TRUE(store.PruneBlocks(2).ok());
  EXPECT_TRUE(store.LoadBlocks()->empty());
}

TEST_F(FileSafetyStoreTest, DamagedBlockFilesAreDataLoss) {
  FileSafetyStore store(path_);
  auto [b1, b2] = SampleBlocks();
  ASSERT_TRUE(store.StoreBlock(b1).ok());
  fs::path file;
  for (const auto& entry : fs::directory_iterator(store.blocks_dir())) file = entry.path();
  const std::string name = file.filename().string();
  std::string bytes(fs::file_size(file), '\0');
  std::ifstream(file, std::ios::binary)
      .read(bytes.data(), static_cast<std::streamsize>(bytes.size()));

  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x01;
  std::ofstream(file, std::ios::binary | std::ios::trunc) << flipped;
  auto damaged = store.LoadBlocks();
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), core::StatusCode::kDataLoss);
  EXPECT_NE(damaged.status().message().find(name), std::string::npos) << damaged.status();

  // An intact record under another block's name is not trusted either.
  fs::remove(file);
  const ledger::BlockHeader& h2 = b2.block.header;
  std::ofstream(
      store.blocks_dir() + "/00000000000000000002-" + core::HexEncode(ledger::BlockId(h2)),
      std::ios::binary)
      << bytes;
  EXPECT_EQ(store.LoadBlocks().status().code(), core::StatusCode::kDataLoss);
}

TEST_F(FileSafetyStoreTest, AMemoryStoreThatLosesItsLastWriteLosesTheLastBlock) {
  auto [b1, b2] = SampleBlocks();
  MemorySafetyStore store;
  store.set_fault(MemorySafetyStore::Fault::kLoseLastWriteOnCrash);
  ASSERT_TRUE(store.StoreBlock(b1).ok());
  ASSERT_TRUE(store.StoreBlock(b2).ok());
  store.SimulateCrash();
  EXPECT_EQ(*store.LoadBlocks(), std::vector<StoredBlock>{b1});
  // A lost state write leaves the blocks alone.
  ASSERT_TRUE(store.Store(SampleState()).ok());
  store.SimulateCrash();
  EXPECT_EQ(store.Load().status().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(store.LoadBlocks()->size(), 1u);
  store.set_fault(MemorySafetyStore::Fault::kFailWrites);
  EXPECT_EQ(store.StoreBlock(b2).code(), core::StatusCode::kIoError);
}

}  // namespace
}  // namespace credchain::consensus

// LogSafetyStore (docs/adr/0008): round trip, one sync per vote, a torn last record cut at every
// byte opens with the previous state, damage anywhere else is DataLoss, compaction and its crash
// points, migration from the one-file-per-write layout (FileSafetyStore), file mode 0600.
#include "consensus/log_safety_store.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "consensus/file_safety_store.h"
#include "core/codec.h"
#include "core/hex.h"
#include "unit/consensus/committee.h"

namespace credchain::consensus {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::string bytes(fs::file_size(path), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

// A block at `height` (round = height) with a QC of three made-up signatures: the store checks
// no signature, it keeps bytes.
StoredBlock BlockAt(uint64_t height, size_t tx_count = 0) {
  StoredBlock stored;
  stored.block.header.chain_id = "test-chain";
  stored.block.header.height = height;
  stored.block.header.round = height;
  for (size_t i = 0; i < tx_count; ++i) {
    ledger::SignedTx tx;
    tx.tx.chain_id = "test-chain";
    tx.tx.sequence = i + 1;
    tx.tx.payload.assign(200, static_cast<uint8_t>(i));
    stored.block.txs.push_back(std::move(tx));
  }
  ledger::QuorumCert qc;
  qc.round = height;
  qc.block_id = ledger::BlockId(stored.block.header);
  qc.signer_bitmap = {0x07};
  for (uint8_t i = 0; i < 3; ++i) {
    crypto::Signature sig;
    sig.bytes.fill(i);
    qc.signatures.push_back(sig);
  }
  stored.qc = qc;
  return stored;
}

std::vector<StoredBlock> ByHeight(std::vector<StoredBlock> blocks) {
  std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
    return a.block.header.height < b.block.header.height;
  });
  return blocks;
}

class LogSafetyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeDir(fs::temp_directory_path(), "log"); }
  void TearDown() override { fs::remove_all(dir_); }

  // For tests that open the log hundreds of times: tmpfs when there is one (syncs are free).
  static fs::path FastBase() {
    return fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  }

  static fs::path MakeDir(const fs::path& base, const std::string& tag) {
    const fs::path dir =
        base / ("credchain_safety_" + tag + "_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
  }

  std::unique_ptr<LogSafetyStore> OpenOk(const fs::path& dir, LogSafetyStore::Options o = {}) {
    auto store = LogSafetyStore::Open(dir.string(), o);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static SafetyState StateAt(uint64_t round) {
    testing::Committee c = testing::MakeCommittee(4);
    core::Bytes32 id;
    id.fill(9);
    SafetyState s;
    s.epoch = 2;
    s.last_voted_round = round;
    s.last_timeout_round = round - 1;
    s.last_proposed_round = round - 3;
    s.highest_qc = testing::SignQc(c, {0, 1, 2}, 2, round - 2, id);
    s.last_tc = testing::SignTc(c, {0, 1, 3}, 2, round - 1, {round - 2, round - 3, round - 2},
                                s.highest_qc);
    return s;
  }

  fs::path log_path() const { return dir_ / LogSafetyStore::kLogFileName; }

  fs::path dir_;
};

// The record framing, byte for byte (computed independently with Python's hashlib):
// u32 length ‖ u8 type ‖ SHA-256(length ‖ type)[0..4) ‖ payload ‖ SHA-256(all before).
TEST(SafetyLogFormatTest, RecordFramingIsFixed) {
  EXPECT_EQ(
      core::HexEncode(FrameSafetyLogRecord(SafetyLogRecordType::kPrune, EncodeSafetyLogPrune(5))),
      "000000080265a07bed0000000000000005"
      "2b2bf5558ce4fc5ca3d7be7e2c3d2826b3ab7ad28b2b5692f8d568c85acd6083");
  EXPECT_EQ(core::HexEncode(FrameSafetyLogUpdate({}, nullptr)),
            "0000000501a49105020000000000"
            "977bcd0a0eff49478d2d5cbd5b4691f124f9bf1c4ffd5aaa1f6be012874e2055");
  EXPECT_EQ(kSafetyLogMagic, "credchain/safety-log/v1\n");
}

// An update framed in one buffer is the update payload (u32 count ‖ blocks ‖ bool has_state ‖
// [state]) framed as any record.
TEST(SafetyLogFormatTest, UpdateRecordIsItsPayloadFramed) {
  const core::Bytes first = {1, 2, 3};
  const core::Bytes second(300, 0xab);
  const core::Bytes state = {9, 8, 7, 6};
  const std::vector<core::ByteView> blocks = {first, second};
  for (const core::Bytes* with_state : {static_cast<const core::Bytes*>(nullptr), &state}) {
    core::Writer payload;
    payload.PutCount(blocks.size());
    for (const core::ByteView block : blocks) payload.PutRaw(block);
    payload.PutBool(with_state != nullptr);
    if (with_state != nullptr) payload.PutRaw(*with_state);
    EXPECT_EQ(FrameSafetyLogUpdate(blocks, with_state),
              FrameSafetyLogRecord(SafetyLogRecordType::kUpdate, payload.bytes()));
  }
}

TEST_F(LogSafetyStoreTest, StoresAndLoadsStateAndBlocks) {
  auto store = OpenOk(dir_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Load().status().code(), core::StatusCode::kNotFound);
  ASSERT_TRUE(store->LoadBlocks().ok());
  EXPECT_TRUE(store->LoadBlocks()->empty());

  const StoredBlock b1 = BlockAt(1, 3);
  StoredBlock b2 = BlockAt(2);
  const SafetyState s = StateAt(10);
  const std::vector<StoredBlock> voted = {b1, b2};
  ASSERT_TRUE(store->StoreVote(voted, s).ok());
  b2.qc.reset();  // the same id again replaces the first
  ASSERT_TRUE(store->StoreBlock(b2).ok());
  SafetyState next = s;
  next.last_proposed_round = 11;
  ASSERT_TRUE(store->Store(next).ok());
  EXPECT_EQ(*store->Load(), next);

  auto reopened = OpenOk(dir_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->Load(), next);
  auto blocks = reopened->LoadBlocks();
  ASSERT_TRUE(blocks.ok()) << blocks.status();
  EXPECT_EQ(ByHeight(*blocks), (std::vector<StoredBlock>{b1, b2}));
}

TEST_F(LogSafetyStoreTest, AVoteIsOneAppendAndOneSync) {
  auto store = OpenOk(dir_);
  ASSERT_NE(store, nullptr);
  const uint64_t before = store->log_bytes();
  const std::vector<StoredBlock> voted = {BlockAt(1), BlockAt(2)};
  ASSERT_TRUE(store->StoreVote(voted, StateAt(5)).ok());
  EXPECT_EQ(store->syncs(), 1u);
  EXPECT_EQ(fs::file_size(log_path()), store->log_bytes());
  auto scan = ScanSafetyLog(core::AsBytes(ReadFile(log_path())));
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records, 1u);
  EXPECT_GT(store->log_bytes(), before);
}

TEST_F(LogSafetyStoreTest, FileIsPrivate) {
  auto store = OpenOk(dir_);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Store(StateAt(4)).ok());
  struct stat st {};
  ASSERT_EQ(::stat(log_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// A crash during the last append leaves any prefix of its record (or zeros where its pages were
// never written): the log opens with the state before it, cut where the intact records end, and
// the next write follows them. On tmpfs when there is one: this opens the log a few hundred
// times, and each open with a torn tail syncs its truncation.
TEST_F(LogSafetyStoreTest, TornLastRecordAtEveryByteOpensWithThePreviousState) {
  const fs::path dir = MakeDir(FastBase(), "torn");
  const SafetyState previous = StateAt(7);
  std::string intact, full;
  {
    auto store = OpenOk(dir);
    ASSERT_NE(store, nullptr);
    const std::vector<StoredBlock> voted = {BlockAt(1)};
    ASSERT_TRUE(store->StoreVote(voted, previous).ok());
    intact = ReadFile(dir / LogSafetyStore::kLogFileName);
    ASSERT_TRUE(store->StoreVote(std::vector<StoredBlock>{BlockAt(2)}, StateAt(8)).ok());
    full = ReadFile(dir / LogSafetyStore::kLogFileName);
  }
  ASSERT_GT(full.size(), intact.size());
  const fs::path log = dir / LogSafetyStore::kLogFileName;
  auto opens_with_previous = [&](const std::string& content, const std::string& what) {
    WriteFile(log, content);
    auto store = LogSafetyStore::Open(dir.string());
    ASSERT_TRUE(store.ok()) << what << ": " << store.status();
    ASSERT_EQ((*store)->Load().value(), previous) << what;
    ASSERT_EQ((*store)->LoadBlocks()->size(), 1u) << what;
    ASSERT_EQ(fs::file_size(log), intact.size()) << what;
  };
  for (size_t cut = intact.size(); cut < full.size(); ++cut) {
    opens_with_previous(full.substr(0, cut), "cut at " + std::to_string(cut));
  }
  // Pages of the last append never written read as zeros, after the intact records.
  opens_with_previous(intact + std::string(full.size() - intact.size(), '\0'), "zero tail");
  // A record whose pages came out but whose last bytes did not.
  std::string torn_middle = full;
  std::fill(torn_middle.begin() + static_cast<std::ptrdiff_t>(intact.size() + 40),
            torn_middle.end(), '\0');
  opens_with_previous(torn_middle, "zeros inside the last record");

  // After the cut the store appends after the intact records.
  WriteFile(log, full.substr(0, full.size() - 1));
  {
    auto store = OpenOk(dir);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Store(StateAt(9)).ok());
  }
  auto again = OpenOk(dir);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->Load()->last_voted_round, 9u);
  fs::remove_all(dir);
}

// Any byte of a record that is not the last one, altered: DataLoss, never a shorter log.
TEST_F(LogSafetyStoreTest, DamageBeforeTheLastRecordIsDataLoss) {
  fs::remove_all(dir_);
  dir_ = MakeDir(FastBase(), "damage");
  std::string first, full;
  {
    auto store = OpenOk(dir_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->StoreVote(std::vector<StoredBlock>{BlockAt(1)}, StateAt(7)).ok());
    first = ReadFile(log_path());
    ASSERT_TRUE(store->Store(StateAt(8)).ok());
    full = ReadFile(log_path());
  }
  const size_t record_start = kSafetyLogMagic.size();
  for (size_t pos = 0; pos < first.size(); ++pos) {
    std::string damaged = full;
    damaged[pos] = static_cast<char>(damaged[pos] ^ (pos % 2 == 0 ? 0x01 : 0x80));
    WriteFile(log_path(), damaged);
    auto store = LogSafetyStore::Open(dir_.string());
    ASSERT_FALSE(store.ok()) << "byte " << pos;
    ASSERT_EQ(store.status().code(), core::StatusCode::kDataLoss) << "byte " << pos;
    if (pos >= record_start) {
      ASSERT_EQ(ReadFile(log_path()), damaged) << "byte " << pos;  // nothing cut off
    }
  }
  // The header of the last record damaged (its length can no longer be trusted): DataLoss too.
  for (size_t pos = first.size(); pos < first.size() + kSafetyLogRecordHeaderBytes; ++pos) {
    std::string damaged = full;
    damaged[pos] = static_cast<char>(damaged[pos] ^ 0x04);
    WriteFile(log_path(), damaged);
    EXPECT_EQ(LogSafetyStore::Open(dir_.string()).status().code(), core::StatusCode::kDataLoss)
        << "byte " << pos;
  }
  WriteFile(log_path(), "");
  EXPECT_EQ(LogSafetyStore::Open(dir_.string()).status().code(), core::StatusCode::kDataLoss);
}

TEST_F(LogSafetyStoreTest, PruneForgetsBlocksAndCompactionKeepsTheRest) {
  LogSafetyStore::Options options;
  options.compact_bytes = 8 << 10;
  auto store = OpenOk(dir_, options);
  ASSERT_NE(store, nullptr);
  for (uint64_t h = 1; h <= 20; ++h) {
    ASSERT_TRUE(store->StoreVote(std::vector<StoredBlock>{BlockAt(h, 2)}, StateAt(h + 5)).ok());
  }
  const uint64_t grown = store->log_bytes();
  ASSERT_GT(grown, options.compact_bytes);
  ASSERT_TRUE(store->PruneBlocks(17).ok());
  EXPECT_EQ(store->compactions(), 1u);
  EXPECT_LT(store->log_bytes(), grown / 2);
  EXPECT_EQ(fs::file_size(log_path()), store->log_bytes());
  EXPECT_FALSE(fs::exists(dir_.string() + "/safety.log.tmp"));
  struct stat st {};
  ASSERT_EQ(::stat(log_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_TRUE(store->Store(StateAt(30)).ok());  // appends to the new log

  auto reopened = OpenOk(dir_, options);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->Load(), StateAt(30));
  auto blocks = reopened->LoadBlocks();
  ASSERT_TRUE(blocks.ok());
  EXPECT_EQ(ByHeight(*blocks),
            (std::vector<StoredBlock>{BlockAt(18, 2), BlockAt(19, 2), BlockAt(20, 2)}));
  // A prune below the compaction bound is a record of its own, kept across a restart.
  ASSERT_TRUE(reopened->PruneBlocks(18).ok());
  EXPECT_EQ(reopened->compactions(), 0u);
  EXPECT_EQ(OpenOk(dir_, options)->LoadBlocks()->size(), 2u);
}

// A crash during compaction leaves the old log and a temp file (before the rename) or the new
// log (after it; with a temp file too if the crash came before the old one was cleaned up): the
// store opens with the same state and blocks either way and removes the temp file.
TEST_F(LogSafetyStoreTest, CompactionCrashLeavesTheOldOrTheNewLog) {
  LogSafetyStore::Options options;
  options.compact_bytes = 4 << 10;
  const fs::path tmp = dir_.string() + "/safety.log.tmp";
  std::string old_log, new_log;
  {
    auto store = OpenOk(dir_, options);
    ASSERT_NE(store, nullptr);
    for (uint64_t h = 1; h <= 12; ++h) {
      ASSERT_TRUE(store->StoreVote(std::vector<StoredBlock>{BlockAt(h, 1)}, StateAt(h + 5)).ok());
    }
    old_log = ReadFile(log_path());
    ASSERT_TRUE(store->PruneBlocks(10).ok());
    ASSERT_EQ(store->compactions(), 1u);
    new_log = ReadFile(log_path());
  }
  ASSERT_LT(new_log.size(), old_log.size());
  const std::vector<StoredBlock> unpruned = {BlockAt(11, 1), BlockAt(12, 1)};
  // Before the rename: old log (without the prune record, which was never synced) + a partial
  // temp file. The pruned blocks come back; they are below the restart point.
  WriteFile(log_path(), old_log);
  WriteFile(tmp, new_log.substr(0, new_log.size() / 2));
  {
    auto store = OpenOk(dir_, options);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->Load(), StateAt(17));
    EXPECT_EQ(store->LoadBlocks()->size(), 12u);
    EXPECT_FALSE(fs::exists(tmp));
  }
  // After the rename: the new log, and a stray complete temp file.
  WriteFile(log_path(), new_log);
  WriteFile(tmp, new_log);
  auto store = OpenOk(dir_, options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Load(), StateAt(17));
  EXPECT_EQ(ByHeight(*store->LoadBlocks()), unpruned);
  EXPECT_FALSE(fs::exists(tmp));
}

// A home written by the one-file-per-write store opens with its state and blocks; the old files
// are removed once the log is durable, and a crash before their removal changes nothing.
TEST_F(LogSafetyStoreTest, MigratesTheEarlierLayout) {
  const std::string legacy = (dir_ / LogSafetyStore::kLegacyStateFileName).string();
  const SafetyState s = StateAt(12);
  {
    FileSafetyStore old(legacy);
    ASSERT_TRUE(old.Store(s).ok());
    ASSERT_TRUE(old.StoreBlock(BlockAt(3, 2)).ok());
    ASSERT_TRUE(old.StoreBlock(BlockAt(4)).ok());
  }
  const std::string state_file = ReadFile(legacy);
  auto store = OpenOk(dir_);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->Load(), s);
  EXPECT_EQ(ByHeight(*store->LoadBlocks()), (std::vector<StoredBlock>{BlockAt(3, 2), BlockAt(4)}));
  EXPECT_TRUE(fs::exists(log_path()));
  EXPECT_FALSE(fs::exists(legacy));
  EXPECT_FALSE(fs::exists(legacy + ".blocks"));
  ASSERT_TRUE(store->Store(StateAt(13)).ok());
  store.reset();

  // The old state file is back (a crash before its removal was durable): the log wins.
  WriteFile(legacy, state_file);
  auto reopened = OpenOk(dir_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->Load()->last_voted_round, 13u);
  EXPECT_FALSE(fs::exists(legacy));
}

TEST_F(LogSafetyStoreTest, DamagedEarlierLayoutIsDataLossAndKept) {
  const std::string legacy = (dir_ / LogSafetyStore::kLegacyStateFileName).string();
  ASSERT_TRUE(FileSafetyStore(legacy).Store(StateAt(12)).ok());
  std::string bytes = ReadFile(legacy);
  bytes[bytes.size() / 2] ^= 0x10;
  WriteFile(legacy, bytes);
  auto store = LogSafetyStore::Open(dir_.string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::StatusCode::kDataLoss);
  EXPECT_TRUE(fs::exists(legacy));
  EXPECT_FALSE(fs::exists(log_path()));
}

TEST_F(LogSafetyStoreTest, MissingDirectoryIsAnIoError) {
  auto store = LogSafetyStore::Open((dir_ / "missing").string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::StatusCode::kIoError);
}

TEST(MemorySafetyStoreTest, LostVoteWriteLosesItsBlocksAndStateTogether) {
  MemorySafetyStore store;
  store.set_fault(MemorySafetyStore::Fault::kLoseLastWriteOnCrash);
  SafetyState s;
  s.last_voted_round = 4;
  ASSERT_TRUE(store.StoreVote(std::vector<StoredBlock>{BlockAt(1)}, s).ok());
  SafetyState next = s;
  next.last_voted_round = 5;
  ASSERT_TRUE(store.StoreVote(std::vector<StoredBlock>{BlockAt(2), BlockAt(3)}, next).ok());
  EXPECT_EQ(store.syncs(), 2u);
  store.SimulateCrash();
  EXPECT_EQ(store.Load()->last_voted_round, 4u);
  ASSERT_EQ(store.LoadBlocks()->size(), 1u);
  EXPECT_EQ(store.LoadBlocks()->front(), BlockAt(1));
}

}  // namespace
}  // namespace credchain::consensus

// KvStore contract, run against every implementation: point reads, atomic batches, ordered and
// bounded scans, snapshots. Plus what only LevelDB has (persistence, the directory lock,
// paranoid checks) and the fault-injection store's power-loss model.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sys/wait.h>
#include <thread>

#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/split_kv_store.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace {

using core::Bytes;
using core::ToBytes;

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<KvStore>(const std::string& dir)> open;
};

// A SplitKvStore over two in-memory stores, with the keys starting with `prefix` on the side.
// The prefixes below put some of each test's keys on each side (b, k and t are keys the tests
// use; 0x01 is the PrefixScanHandlesFfBytes prefix).
StoreFactory SplitFactory(std::string name, uint8_t prefix) {
  return StoreFactory{std::move(name), [prefix](const std::string&) {
                        auto s = OpenSplitKvStore(std::make_unique<MemKvStore>(),
                                                  std::make_unique<MemKvStore>(), prefix);
                        CHECK(s.ok());
                        return std::move(s).value();
                      }};
}

std::vector<std::pair<std::string, std::string>> ScanAll(const KvReader& r, const KeyRange& range) {
  std::vector<std::pair<std::string, std::string>> out;
  EXPECT_TRUE(r.Scan(range, [&](core::ByteView k, core::ByteView v) {
                 out.emplace_back(core::ToString(k), core::ToString(v));
                 return true;
               }).ok());
  return out;
}

std::optional<std::string> GetString(const KvReader& r, std::string_view key) {
  auto got = r.Get(core::AsBytes(key));
  EXPECT_TRUE(got.ok()) << got.status();
  if (!got.ok() || !got->has_value()) return std::nullopt;
  return core::ToString(**got);
}

void PutAll(KvStore& store, std::initializer_list<std::pair<std::string, std::string>> kvs) {
  WriteBatch b;
  for (const auto& [k, v] : kvs) b.Put(core::AsBytes(k), core::AsBytes(v));
  ASSERT_TRUE(store.Write(b, Durability::kSync).ok());
}

// A batch of `ops` puts and deletes over the keys `key_of` draws from a linear congruential
// sequence started at `seed` (a delete when bits delete_shift.. of the draw are 0 mod 4, so a
// quarter of the ops), and the value each key ends with (nullopt: deleted).
using BatchModel = std::map<std::string, std::optional<std::string>>;
template <typename KeyOf>
std::pair<WriteBatch, BatchModel> InterleavedBatch(uint32_t seed, int ops, int delete_shift,
                                                   KeyOf key_of) {
  WriteBatch b;
  BatchModel model;
  uint32_t x = seed;
  for (int i = 0; i < ops; ++i) {
    x = x * 1103515245u + 12345u;
    const std::string key = key_of(x);
    if ((x >> delete_shift) % 4 == 0) {
      b.Delete(core::AsBytes(key));
      model[key] = std::nullopt;
    } else {
      const std::string value = "v" + std::to_string(i);
      b.Put(core::AsBytes(key), core::AsBytes(value));
      model[key] = value;
    }
  }
  return {std::move(b), std::move(model)};
}

class KvStoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam().open(dir_.Sub("db")); }
  testing::TempDir dir_;
  std::unique_ptr<KvStore> store_;
};

TEST_P(KvStoreContractTest, GetReturnsWhatWasPutAndNulloptForAbsent) {
  EXPECT_EQ(GetString(*store_, "a"), std::nullopt);
  PutAll(*store_, {{"a", "1"}, {"b", ""}});
  EXPECT_EQ(GetString(*store_, "a"), "1");
  EXPECT_EQ(GetString(*store_, "b"), "");  // empty value is present, not absent
  EXPECT_EQ(GetString(*store_, "c"), std::nullopt);
}

TEST_P(KvStoreContractTest, BatchAppliesInOrderLaterOpsWin) {
  PutAll(*store_, {{"k", "old"}, {"gone", "x"}});
  WriteBatch b;
  b.Put(core::AsBytes("k"), core::AsBytes("v1"));
  b.Delete(core::AsBytes("k"));
  b.Put(core::AsBytes("k"), core::AsBytes("v2"));
  b.Delete(core::AsBytes("gone"));
  b.Put(core::AsBytes("new"), core::AsBytes("n"));
  b.Delete(core::AsBytes("new"));
  ASSERT_TRUE(store_->Write(b, Durability::kNoSync).ok());
  EXPECT_EQ(GetString(*store_, "k"), "v2");
  EXPECT_EQ(GetString(*store_, "gone"), std::nullopt);
  EXPECT_EQ(GetString(*store_, "new"), std::nullopt);
}

// WriteParts is Write of the parts' concatenation: in order across parts, later ops win.
TEST_P(KvStoreContractTest, WritePartsAppliesThePartsInOrderAsOneBatch) {
  PutAll(*store_, {{"k", "old"}, {"gone", "x"}});
  WriteBatch first, empty, last;
  first.Put(core::AsBytes("k"), core::AsBytes("v1"));
  first.Put(core::AsBytes("new"), core::AsBytes("n"));
  first.Delete(core::AsBytes("gone"));
  last.Put(core::AsBytes("k"), core::AsBytes("v2"));
  last.Delete(core::AsBytes("new"));
  last.Put(core::AsBytes("gone"), core::AsBytes("back"));
  const WriteBatch* parts[] = {&first, &empty, &last};
  ASSERT_TRUE(store_->WriteParts(parts, Durability::kSync).ok());
  EXPECT_EQ(GetString(*store_, "k"), "v2");
  EXPECT_EQ(GetString(*store_, "new"), std::nullopt);
  EXPECT_EQ(GetString(*store_, "gone"), "back");
}

// Many keys, each put and deleted several times in one batch, interleaved with the others: each
// ends as its last operation in the batch left it (a store that applied a batch's operations
// grouped or sorted by key must still keep each key's own order).
TEST_P(KvStoreContractTest, ManyKeysInterleavedEndAsTheBatchOrderLeavesThem) {
  // Keys of different lengths sharing prefixes: "k3" sorts before "k30".
  auto [b, model] = InterleavedBatch(12345, 2000, /*delete_shift=*/20, [](uint32_t x) {
    return "k" + std::to_string((x >> 8) % 60);
  });
  ASSERT_TRUE(store_->Write(b, Durability::kNoSync).ok());
  for (const auto& [key, value] : model) EXPECT_EQ(GetString(*store_, key), value) << key;
}

// Keys longer than eight bytes that share their first eight (as the store's hashed keys share a
// prefix byte and the tree's share a version), differing further on, in length, and in zero
// bytes: each ends as its last operation left it, and a scan returns them in byte order. A store
// that reorders a batch by key (stop 49 tried one) must compare past the shared head and keep
// equal keys in batch order.
TEST_P(KvStoreContractTest, LongKeysSharingTheirHeadEndAsTheBatchOrderLeavesThem) {
  auto [b, model] = InterleavedBatch(777, 3000, /*delete_shift=*/24, [](uint32_t x) {
    std::string key("V\0\0\0\0\0\0", 7);
    key += std::string((x >> 8) % 4, '\0');                   // 7 to 10 bytes before the tail
    key += std::string(1, static_cast<char>((x >> 12) % 3));  // 0, 1 or 2
    if ((x >> 16) % 2 == 0) key += std::string((x >> 18) % 30, 'z');
    return key;
  });
  ASSERT_TRUE(store_->Write(b, Durability::kNoSync).ok());
  std::vector<std::pair<std::string, std::string>> expected;
  for (const auto& [key, value] : model) {
    EXPECT_EQ(GetString(*store_, key), value) << ::testing::PrintToString(key);
    if (value) expected.emplace_back(key, *value);
  }
  EXPECT_EQ(ScanAll(*store_, KeyRange{}), expected);
}

TEST_P(KvStoreContractTest, ScanIsOrderedBoundedAndStoppable) {
  PutAll(*store_, {{"b2", "4"}, {"a", "1"}, {"b", "2"}, {"b1", "3"}, {"c", "5"}});
  KeyRange range{ToBytes("b"), ToBytes("c")};
  const auto got = ScanAll(*store_, range);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].first, "b");
  EXPECT_EQ(got[1].first, "b1");
  EXPECT_EQ(got[2].first, "b2");
  EXPECT_EQ(ScanAll(*store_, KeyRange{}).size(), 5u);  // empty range = everything

  int visited = 0;
  ASSERT_TRUE(
      store_->Scan(KeyRange{}, [&](core::ByteView, core::ByteView) { return ++visited < 2; }).ok());
  EXPECT_EQ(visited, 2);
}

TEST_P(KvStoreContractTest, PrefixScanHandlesFfBytes) {
  WriteBatch b;
  b.Put(Bytes{0x01, 0xff}, Bytes{1});
  b.Put(Bytes{0x01, 0xff, 0x00}, Bytes{2});
  b.Put(Bytes{0x01, 0xff, 0xff}, Bytes{3});
  b.Put(Bytes{0x02}, Bytes{4});
  b.Put(Bytes{0x01}, Bytes{5});
  ASSERT_TRUE(store_->Write(b, Durability::kSync).ok());
  EXPECT_EQ(ScanAll(*store_, KeyRange::Prefix(Bytes{0x01, 0xff})).size(), 3u);
  EXPECT_EQ(ScanAll(*store_, KeyRange::Prefix(Bytes{0x01})).size(), 4u);
  EXPECT_EQ(ScanAll(*store_, KeyRange::Prefix(Bytes{0xff})).size(), 0u);
}

TEST_P(KvStoreContractTest, SnapshotDoesNotSeeLaterWrites) {
  PutAll(*store_, {{"a", "1"}, {"b", "2"}});
  std::unique_ptr<KvReader> snap = store_->NewSnapshot();
  WriteBatch b;
  b.Put(core::AsBytes("a"), core::AsBytes("changed"));
  b.Delete(core::AsBytes("b"));
  b.Put(core::AsBytes("c"), core::AsBytes("3"));
  ASSERT_TRUE(store_->Write(b, Durability::kSync).ok());
  EXPECT_EQ(GetString(*snap, "a"), "1");
  EXPECT_EQ(GetString(*snap, "b"), "2");
  EXPECT_EQ(GetString(*snap, "c"), std::nullopt);
  EXPECT_EQ(ScanAll(*snap, KeyRange{}).size(), 2u);
  EXPECT_EQ(GetString(*store_, "a"), "changed");
}

TEST_P(KvStoreContractTest, ScanVisitorMayWriteToTheStore) {
  PutAll(*store_, {{"a", "1"}, {"b", "2"}});
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->Scan(KeyRange{},
                         [&](core::ByteView k, core::ByteView) {
                           seen.push_back(core::ToString(k));
                           WriteBatch b;
                           b.Put(core::AsBytes("z" + core::ToString(k)), core::AsBytes("x"));
                           EXPECT_TRUE(store_->Write(b, Durability::kNoSync).ok());
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(GetString(*store_, "za"), "x");
}

// Write reuses one native batch between calls; concurrent writers must still each commit
// exactly their own batch, and a small batch after a large one carries nothing over.
TEST_P(KvStoreContractTest, ConcurrentWritersEachCommitTheirOwnBatches) {
  constexpr int kThreads = 4;
  constexpr int kBatches = 60;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([this, t] {
      for (int b = 0; b < kBatches; ++b) {
        WriteBatch batch;
        const int keys = 1 + (b * 37) % 50;  // sizes go up and down
        for (int k = 0; k < keys; ++k) {
          const std::string key =
              "t" + std::to_string(t) + "/" + std::to_string(b) + "/" + std::to_string(k);
          batch.Put(core::AsBytes(key), core::AsBytes(std::string(64, char('a' + t))));
        }
        batch.Delete(core::AsBytes("t" + std::to_string(t) + "/" + std::to_string(b) + "/0"));
        ASSERT_TRUE(store_->Write(batch, Durability::kNoSync).ok());
      }
    });
  }
  for (auto& w : writers) w.join();
  size_t expected = 0;
  for (int b = 0; b < kBatches; ++b) expected += (b * 37) % 50;  // keys - 1 (key 0 deleted)
  const auto all = ScanAll(*store_, KeyRange::Prefix(core::AsBytes("t")));
  EXPECT_EQ(all.size(), kThreads * expected);
  for (const auto& [k, v] : all) {
    EXPECT_EQ(v, std::string(64, char('a' + (k[1] - '0')))) << k;
    EXPECT_NE(k.substr(k.size() - 2), "/0") << k;
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllStores, KvStoreContractTest,
    ::testing::Values(
        StoreFactory{"mem", [](const std::string&) { return std::make_unique<MemKvStore>(); }},
        StoreFactory{"fault",
                     [](const std::string&) { return std::make_unique<FaultInjectionKvStore>(); }},
        StoreFactory{"leveldb",
                     [](const std::string& dir) {
                       auto s = OpenLevelDbKvStore(dir);
                       CHECK(s.ok());
                       return std::move(s).value();
                     }},
        SplitFactory("split_b", 'b'), SplitFactory("split_k", 'k'), SplitFactory("split_t", 't'),
        SplitFactory("split_01", 0x01)),
    [](const auto& test_info) { return test_info.param.name; });

TEST(KeyRangeTest, PrefixBoundsAndContains) {
  const KeyRange r = KeyRange::Prefix(Bytes{0x10, 0xff});
  EXPECT_EQ(r.begin, (Bytes{0x10, 0xff}));
  EXPECT_EQ(r.end, (Bytes{0x11}));
  EXPECT_TRUE(r.Contains(Bytes{0x10, 0xff}));
  EXPECT_TRUE(r.Contains(Bytes{0x10, 0xff, 0xff, 0xff}));
  EXPECT_FALSE(r.Contains(Bytes{0x11}));
  EXPECT_FALSE(r.Contains(Bytes{0x10, 0xfe, 0xff}));
  EXPECT_TRUE(KeyRange::Prefix(Bytes{0xff, 0xff}).end.empty());
}

TEST(KeyEncodingTest, BigEndianIntegersSortNumerically) {
  Bytes a, b;
  AppendU64Key(a, 255);
  AppendU64Key(b, 256);
  EXPECT_TRUE(BytesLess()(a, b));
  EXPECT_EQ(ReadU64Key(b, 0), 256u);
  EXPECT_EQ(ReadU64Key(Bytes(7), 0), std::nullopt);
  Bytes c;
  AppendU32Key(c, 0x01020304);
  EXPECT_EQ(c, (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(ReadU32Key(c, 0), 0x01020304u);
  EXPECT_EQ(ReadU32Key(c, 1), std::nullopt);
}

// --- LevelDB specifics ---

TEST(LevelDbKvStoreTest, DataSurvivesReopen) {
  testing::TempDir dir;
  {
    auto store = OpenLevelDbKvStore(dir.Sub("db"));
    ASSERT_TRUE(store.ok()) << store.status();
    PutAll(**store, {{"height", "42"}});
  }
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(GetString(**store, "height"), "42");
}

// MemoryBytes is LevelDB's own count: a memtable grows with what is written to it; a split store
// counts both of its stores.
TEST(LevelDbKvStoreTest, MemoryBytesCountTheMemtableAsItFills) {
  testing::TempDir dir;
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok()) << store.status();
  const uint64_t empty = (*store)->MemoryBytes();
  EXPECT_GT(empty, 0u);  // the memtable's first arena block
  WriteBatch b;
  for (int i = 0; i < 4096; ++i) {
    b.Put(core::AsBytes("key" + std::to_string(i)), core::Bytes(1024, uint8_t(i)));
  }
  ASSERT_TRUE((*store)->Write(b, Durability::kNoSync).ok());
  const uint64_t filled = (*store)->MemoryBytes();
  EXPECT_GE(filled, empty + 4096 * 1024);
  EXPECT_LT(filled, empty + 8 * 4096 * 1024);

  auto side = OpenLevelDbKvStore(dir.Sub("side"));
  ASSERT_TRUE(side.ok()) << side.status();
  const uint64_t side_bytes = (*side)->MemoryBytes();
  auto split = OpenSplitKvStore(std::move(*store), std::move(*side), 't');
  ASSERT_TRUE(split.ok()) << split.status();
  EXPECT_EQ((*split)->MemoryBytes(), filled + side_bytes);
}

// How many of this process's memory mappings are of files under `dir`.
size_t MappingsUnder(const std::string& dir) {
  std::ifstream maps("/proc/self/maps");
  size_t n = 0;
  for (std::string line; std::getline(maps, line);) n += line.find(dir) != std::string::npos;
  return n;
}

// Table files are read with pread by default (ADR 0015): reading a store's tables maps none of
// them into the process. LevelDB's own mapped reads, asked for, do.
TEST(LevelDbKvStoreTest, TablesAreReadWithoutMappingsUnlessAskedFor) {
  for (const bool mmap_reads : {false, true}) {
    SCOPED_TRACE(mmap_reads ? "mmap_reads" : "pread");
    testing::TempDir dir;
    const std::string path = dir.Sub("db");
    {
      auto store = OpenLevelDbKvStore(path);
      ASSERT_TRUE(store.ok()) << store.status();
      WriteBatch b;
      for (int i = 0; i < 2000; ++i) {
        b.Put(core::AsBytes("key" + std::to_string(i)), core::Bytes(512, uint8_t(i)));
      }
      ASSERT_TRUE((*store)->Write(b, Durability::kSync).ok());
    }
    LevelDbOptions options;
    options.mmap_reads = mmap_reads;
    auto store = OpenLevelDbKvStore(path, options);  // the reopen turned the log into a table
    ASSERT_TRUE(store.ok()) << store.status();
    for (int i = 0; i < 2000; i += 97) {
      auto value = (*store)->Get(core::AsBytes("key" + std::to_string(i)));
      ASSERT_TRUE(value.ok() && value->has_value()) << i;
      EXPECT_EQ(**value, core::Bytes(512, uint8_t(i)));
    }
    if (mmap_reads) {
      EXPECT_GT(MappingsUnder(path), 0u);
    } else {
      EXPECT_EQ(MappingsUnder(path), 0u);
    }
  }
}

TEST(LevelDbKvStoreTest, SecondOpenInSameProcessIsRefusedClearly) {
  testing::TempDir dir;
  auto first = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(first.ok());
  auto second = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("in use by another process"), std::string::npos);
  // The first handle still works.
  PutAll(**first, {{"a", "1"}});
  EXPECT_EQ(GetString(**first, "a"), "1");
}

TEST(LevelDbKvStoreTest, DirectoryLockedByAnotherProcessIsRefusedClearly) {
  testing::TempDir dir;
  const std::string path = dir.Sub("db");
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The other process: open the database, report, hold it until told to exit.
    auto store = OpenLevelDbKvStore(path);
    const char ok = store.ok() ? 'y' : 'n';
    (void)!write(ready[1], &ok, 1);
    char c;
    (void)!read(release[0], &c, 1);
    _exit(0);
  }
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  auto second = OpenLevelDbKvStore(path);
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("LOCK"), std::string::npos);
  (void)!write(release[1], "x", 1);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  // Once the other process is gone the directory opens.
  EXPECT_TRUE(OpenLevelDbKvStore(path).ok());
}

TEST(LevelDbKvStoreTest, MissingDirectoryWithoutCreateIsNotFound) {
  testing::TempDir dir;
  LevelDbOptions options;
  options.create_if_missing = false;
  auto store = OpenLevelDbKvStore(dir.Sub("nothing-here"), options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::StatusCode::kNotFound);
}

TEST(LevelDbKvStoreTest, CorruptLogIsDataLossUnderParanoidChecks) {
  testing::TempDir dir;
  const std::string path = dir.Sub("db");
  {
    auto store = OpenLevelDbKvStore(path);
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 50; ++i) {
      PutAll(**store, {{"key" + std::to_string(i), std::string(100, 'v')}});
    }
  }
  // Flip bytes in the middle of the write-ahead log: a record's checksum no longer matches.
  bool corrupted = false;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().extension() != ".log" || entry.file_size() < 1000) continue;
    std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(500);
    f.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
    corrupted = true;
  }
  ASSERT_TRUE(corrupted);
  auto store = OpenLevelDbKvStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), core::StatusCode::kDataLoss) << store.status();
}

// --- Fault injection: the power-loss model the crash tests rely on ---

TEST(FaultInjectionKvStoreTest, PowerLossDropsASuffixOfUnsyncedBatchesOnly) {
  FaultInjectionKvStore store;
  PutAll(store, {{"synced", "1"}});  // kSync
  for (int i = 0; i < 3; ++i) {
    WriteBatch b;
    b.Put(core::AsBytes("u" + std::to_string(i)), core::AsBytes("x"));
    ASSERT_TRUE(store.Write(b, Durability::kNoSync).ok());
  }
  EXPECT_EQ(store.unsynced_batches(), 3u);
  EXPECT_EQ(GetString(store, "u2"), "x");  // visible before the crash
  store.SimulatePowerLoss(1);
  EXPECT_EQ(GetString(store, "synced"), "1");
  EXPECT_EQ(GetString(store, "u0"), "x");
  EXPECT_EQ(GetString(store, "u1"), std::nullopt);
  EXPECT_EQ(GetString(store, "u2"), std::nullopt);
  EXPECT_EQ(store.unsynced_batches(), 0u);
}

TEST(FaultInjectionKvStoreTest, SyncedWriteMakesEarlierUnsyncedWritesDurable) {
  FaultInjectionKvStore store;
  WriteBatch unsynced;
  unsynced.Put(core::AsBytes("early"), core::AsBytes("e"));
  ASSERT_TRUE(store.Write(unsynced, Durability::kNoSync).ok());
  ASSERT_TRUE(store.Write(WriteBatch(), Durability::kSync).ok());
  store.SimulatePowerLoss(0);
  EXPECT_EQ(GetString(store, "early"), "e");
}

TEST(FaultInjectionKvStoreTest, ProcessCrashLosesNothingButUnsyncedStaysAtRisk) {
  FaultInjectionKvStore store;
  WriteBatch b;
  b.Put(core::AsBytes("k"), core::AsBytes("v"));
  ASSERT_TRUE(store.Write(b, Durability::kNoSync).ok());
  store.SimulateProcessCrash(InFlightWrite::kDrop);
  EXPECT_EQ(GetString(store, "k"), "v");
  store.SimulatePowerLoss(0);  // still not synced: a later power loss drops it
  EXPECT_EQ(GetString(store, "k"), std::nullopt);
}

TEST(FaultInjectionKvStoreTest, CrashAtWriteFailsThatWriteAndEverythingAfter) {
  FaultInjectionKvStore store;
  store.CrashAtWrite(2);
  PutAll(store, {{"first", "1"}});
  WriteBatch b;
  b.Put(core::AsBytes("second"), core::AsBytes("2"));
  EXPECT_EQ(store.Write(b, Durability::kSync).code(), core::StatusCode::kIoError);
  EXPECT_TRUE(store.crashed());
  EXPECT_FALSE(store.Get(core::AsBytes("first")).ok());
  EXPECT_FALSE(store.Write(b, Durability::kSync).ok());
  // The batch in flight may or may not have reached the disk: both outcomes are modelled.
  store.SimulatePowerLoss(1);
  EXPECT_EQ(GetString(store, "second"), "2");
  EXPECT_EQ(GetString(store, "first"), "1");
}

TEST(FaultInjectionKvStoreTest, FailedReadsChangeNothingAndStopWhenTold) {
  FaultInjectionKvStore store;
  PutAll(store, {{"k", "v"}});
  store.FailReads(true);
  EXPECT_EQ(store.Get(core::AsBytes("k")).status().code(), core::StatusCode::kIoError);
  EXPECT_EQ(store.Scan(KeyRange{}, [](core::ByteView, core::ByteView) { return true; }).code(),
            core::StatusCode::kIoError);
  EXPECT_EQ(store.NewSnapshot()->Get(core::AsBytes("k")).value(), core::Bytes{'v'})
      << "snapshots are not affected";
  PutAll(store, {{"written", "w"}});  // writes still work
  EXPECT_FALSE(store.crashed());
  store.FailReads(false);
  EXPECT_EQ(GetString(store, "k"), "v");
  EXPECT_EQ(GetString(store, "written"), "w");
}

TEST(FaultInjectionKvStoreTest, WritePartsIsOneWriteThatAPowerLossDropsWhole) {
  FaultInjectionKvStore store;
  PutAll(store, {{"first", "1"}});
  store.CrashAtWrite(1);
  WriteBatch a, b;
  a.Put(core::AsBytes("a"), core::AsBytes("1"));
  b.Put(core::AsBytes("b"), core::AsBytes("2"));
  const WriteBatch* parts[] = {&a, &b};
  EXPECT_FALSE(store.WriteParts(parts, Durability::kSync).ok());
  EXPECT_EQ(store.write_calls(), 2u);
  store.SimulatePowerLoss(0);
  EXPECT_EQ(GetString(store, "a"), std::nullopt);
  EXPECT_EQ(GetString(store, "b"), std::nullopt);
  EXPECT_EQ(GetString(store, "first"), "1");
}

TEST(FaultInjectionKvStoreTest, CrashedWriteDroppedOnPowerLossOrTornOnProcessCrash) {
  FaultInjectionKvStore store;
  PutAll(store, {{"first", "1"}});
  store.CrashAtWrite(1);
  WriteBatch b;
  b.Put(core::AsBytes("second"), core::AsBytes("2"));
  EXPECT_FALSE(store.Write(b, Durability::kSync).ok());
  store.SimulateProcessCrash(InFlightWrite::kDrop);
  EXPECT_EQ(GetString(store, "second"), std::nullopt);
  EXPECT_EQ(GetString(store, "first"), "1");
  EXPECT_EQ(store.write_calls(), 2u);
}

}  // namespace
}  // namespace credchain::ledger

// SplitKvStore beyond the KvStore contract (kv_store_test.cpp runs that on it): which store a
// record lands in, the order and durability of a write's three steps, what a crash between them
// leaves, errors, and the move of a store written before the split.
#include "ledger/split_kv_store.h"

#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/mem_kv_store.h"

namespace credchain::ledger {
namespace split_kv_store_test {

using core::AsBytes;
using core::Bytes;

constexpr uint8_t kSide = 'N';

std::optional<std::string> GetString(const KvReader& r, std::string_view key) {
  auto got = r.Get(AsBytes(key));
  EXPECT_TRUE(got.ok()) << got.status();
  if (!got.ok() || !got->has_value()) return std::nullopt;
  return core::ToString(**got);
}

std::vector<std::string> Keys(const KvReader& r, const KeyRange& range = {}) {
  std::vector<std::string> out;
  EXPECT_TRUE(r.Scan(range, [&](core::ByteView k, core::ByteView) {
                 out.push_back(core::ToString(k));
                 return true;
               }).ok());
  return out;
}

// The split over two stores the test keeps pointers to.
template <typename Store>
struct Split {
  Split() {
    auto m = std::make_unique<Store>();
    auto s = std::make_unique<Store>();
    main = m.get();
    side = s.get();
    store = OpenSplitKvStore(std::move(m), std::move(s), kSide).value();
  }
  Store* main;
  Store* side;
  std::unique_ptr<KvStore> store;
};

WriteBatch Batch(std::initializer_list<std::pair<std::string, std::string>> puts,
                 std::initializer_list<std::string> deletes = {}) {
  WriteBatch b;
  for (const auto& [k, v] : puts) b.Put(AsBytes(k), AsBytes(v));
  for (const auto& k : deletes) b.Delete(AsBytes(k));
  return b;
}

TEST(SplitKvStoreTest, RecordsLandInTheStoreTheirFirstByteNames) {
  Split<MemKvStore> s;
  ASSERT_TRUE(s.store
                  ->Write(Batch({{"N1", "node"}, {"V1", "value"}, {"M", "meta"}, {"O", "o"}}),
                          Durability::kSync)
                  .ok());
  EXPECT_EQ(Keys(*s.side), (std::vector<std::string>{"N1"}));
  EXPECT_EQ(Keys(*s.main), (std::vector<std::string>{"M", "O", "V1"}));
  EXPECT_EQ(Keys(*s.store), (std::vector<std::string>{"M", "N1", "O", "V1"}));
  EXPECT_EQ(GetString(*s.store, "N1"), "node");
  EXPECT_EQ(GetString(*s.store, "V1"), "value");
  // The empty key has no first byte: it is main's.
  ASSERT_TRUE(s.store->Write(Batch({{"", "empty"}}), Durability::kSync).ok());
  EXPECT_EQ(GetString(*s.main, ""), "empty");
}

TEST(SplitKvStoreTest, ScansStopWhereTheVisitorSaysInEachStore) {
  Split<MemKvStore> s;
  ASSERT_TRUE(
      s.store
          ->Write(Batch({{"M1", ""}, {"M2", ""}, {"N1", ""}, {"N2", ""}, {"O1", ""}, {"O2", ""}}),
                  Durability::kSync)
          .ok());
  for (size_t stop_after = 1; stop_after <= 6; ++stop_after) {
    std::vector<std::string> seen;
    ASSERT_TRUE(s.store
                    ->Scan(KeyRange{},
                           [&](core::ByteView k, core::ByteView) {
                             seen.push_back(core::ToString(k));
                             return seen.size() < stop_after;
                           })
                    .ok());
    EXPECT_EQ(seen.size(), stop_after);
  }
  // Ranges that start or end inside the side range.
  EXPECT_EQ(Keys(*s.store, {core::ToBytes("M2"), core::ToBytes("N2")}),
            (std::vector<std::string>{"M2", "N1"}));
  EXPECT_EQ(Keys(*s.store, {core::ToBytes("N2"), core::ToBytes("O2")}),
            (std::vector<std::string>{"N2", "O1"}));
}

// Parts without side keys go to main as they are, the others as copies of their main
// operations; either way main applies them in order, later ones winning, write after write.
TEST(SplitKvStoreTest, PartsKeepTheirOrderWhetherOrNotTheyHoldSideKeys) {
  Split<MemKvStore> s;
  const WriteBatch plain = Batch({{"V1", "plain"}});
  const WriteBatch mixed = Batch({{"N1", "node"}, {"V1", "mixed"}});
  const WriteBatch other = Batch({{"N2", "node"}, {"V2", "other"}});
  const WriteBatch* plain_last[] = {&mixed, &other, &plain};
  ASSERT_TRUE(s.store->WriteParts(plain_last, Durability::kSync).ok());
  EXPECT_EQ(GetString(*s.store, "V1"), "plain");
  const WriteBatch* mixed_last[] = {&plain, &mixed};
  ASSERT_TRUE(s.store->WriteParts(mixed_last, Durability::kSync).ok());
  EXPECT_EQ(GetString(*s.store, "V1"), "mixed");
  EXPECT_EQ(Keys(*s.main), (std::vector<std::string>{"V1", "V2"}));
  EXPECT_EQ(Keys(*s.side), (std::vector<std::string>{"N1", "N2"}));
}

// Side puts are synced before the main part is written, whatever the caller asked; side deletes
// come last and are not synced.
TEST(SplitKvStoreTest, SidePutsAreSyncedFirstAndSideDeletesWrittenLast) {
  Split<FaultInjectionKvStore> s;
  ASSERT_TRUE(s.store->Write(Batch({{"N0", "old"}}), Durability::kSync).ok());
  ASSERT_EQ(s.side->write_calls(), 1u);
  ASSERT_EQ(s.main->write_calls(), 1u);  // the main part was empty, and still written (synced)

  ASSERT_TRUE(
      s.store->Write(Batch({{"N1", "node"}, {"V1", "value"}}, {"N0"}), Durability::kNoSync).ok());
  EXPECT_EQ(s.side->write_calls(), 3u);       // the puts, then the deletes
  EXPECT_EQ(s.side->unsynced_batches(), 1u);  // only the deletes
  EXPECT_EQ(s.main->unsynced_batches(), 1u);

  // A power loss now: the main part and the side delete may be lost, the side puts are not.
  s.side->SimulatePowerLoss(0);
  s.main->SimulatePowerLoss(0);
  EXPECT_EQ(GetString(*s.store, "N1"), "node");
  EXPECT_EQ(GetString(*s.store, "N0"), "old");  // a deleted record nothing names: space only
  EXPECT_EQ(GetString(*s.store, "V1"), std::nullopt);
}

// A crash in the main write leaves the side puts (which no main record names) and skips the side
// deletes; the error reaches the caller.
TEST(SplitKvStoreTest, ACrashInTheMainWriteLeavesTheSideDeletesUndone) {
  Split<FaultInjectionKvStore> s;
  ASSERT_TRUE(s.store->Write(Batch({{"N0", "old"}, {"V0", "v"}}), Durability::kSync).ok());
  s.main->CrashAtWrite(1);
  const core::Status st =
      s.store->Write(Batch({{"N1", "node"}, {"V1", "value"}}, {"N0"}), Durability::kSync);
  EXPECT_EQ(st.code(), core::StatusCode::kIoError);
  s.main->SimulateProcessCrash(InFlightWrite::kDrop);
  EXPECT_EQ(GetString(*s.store, "V1"), std::nullopt);
  EXPECT_EQ(GetString(*s.store, "N0"), "old");
  EXPECT_EQ(GetString(*s.store, "N1"), "node");
  // Writing the batch again (the block committed again after the restart) completes it.
  ASSERT_TRUE(
      s.store->Write(Batch({{"N1", "node"}, {"V1", "value"}}, {"N0"}), Durability::kSync).ok());
  EXPECT_EQ(Keys(*s.store), (std::vector<std::string>{"N1", "V0", "V1"}));
}

// The side deletes come after the commit: when they fail, the error still reaches the caller,
// which must not assume either outcome, and the main part is there.
TEST(SplitKvStoreTest, AFailedSideDeleteLeavesTheMainPartWritten) {
  Split<FaultInjectionKvStore> s;
  ASSERT_TRUE(s.store->Write(Batch({{"N0", "old"}}), Durability::kSync).ok());
  s.side->CrashAtWrite(2);  // the puts pass, the deletes fail
  const core::Status st =
      s.store->Write(Batch({{"N1", "node"}, {"V1", "value"}}, {"N0"}), Durability::kSync);
  EXPECT_EQ(st.code(), core::StatusCode::kIoError);
  s.side->SimulateProcessCrash(InFlightWrite::kDrop);
  EXPECT_EQ(GetString(*s.store, "V1"), "value");
  EXPECT_EQ(GetString(*s.store, "N1"), "node");
  EXPECT_EQ(GetString(*s.store, "N0"), "old");  // nothing names it: space only
}

TEST(SplitKvStoreTest, AFailedSideWriteWritesNothingToMain) {
  Split<FaultInjectionKvStore> s;
  s.side->CrashAtWrite(1);
  const core::Status st =
      s.store->Write(Batch({{"N1", "node"}, {"V1", "value"}}), Durability::kSync);
  EXPECT_EQ(st.code(), core::StatusCode::kIoError);
  EXPECT_EQ(s.main->write_calls(), 0u);
  EXPECT_EQ(GetString(*s.store, "V1"), std::nullopt);
}

TEST(SplitKvStoreTest, SnapshotsSeeBothStoresAsOfTheSnapshot) {
  Split<MemKvStore> s;
  ASSERT_TRUE(s.store->Write(Batch({{"N1", "a"}, {"V1", "a"}}), Durability::kSync).ok());
  std::unique_ptr<KvReader> snap = s.store->NewSnapshot();
  ASSERT_TRUE(
      s.store->Write(Batch({{"N1", "b"}, {"N2", "b"}, {"V1", "b"}}), Durability::kSync).ok());
  EXPECT_EQ(GetString(*snap, "N1"), "a");
  EXPECT_EQ(GetString(*snap, "V1"), "a");
  EXPECT_EQ(Keys(*snap), (std::vector<std::string>{"N1", "V1"}));
  EXPECT_EQ(GetString(*s.store, "N2"), "b");
}

// A store written before the split: its side records are moved on open, in chunks (the values
// here add up to several chunks), and everything else stays where it was.
TEST(SplitKvStoreTest, OpeningAStoreWrittenBeforeTheSplitMovesItsSideRecords) {
  auto main = std::make_unique<MemKvStore>();
  auto side = std::make_unique<MemKvStore>();
  MemKvStore* main_raw = main.get();
  MemKvStore* side_raw = side.get();
  const std::string big(64 << 10, 'x');
  constexpr int kRecords = 400;  // 25 MiB
  WriteBatch old;
  for (int i = 0; i < kRecords; ++i) {
    old.Put(AsBytes("N" + std::to_string(1000 + i)), AsBytes(big + std::to_string(i)));
  }
  old.Put(AsBytes("M"), AsBytes("meta"));
  old.Put(AsBytes("V"), AsBytes("value"));
  // Half of the records were copied by an open that crashed before it deleted any.
  WriteBatch copied;
  for (int i = 0; i < kRecords / 2; ++i) {
    copied.Put(AsBytes("N" + std::to_string(1000 + i)), AsBytes(big + std::to_string(i)));
  }
  ASSERT_TRUE(main->Write(old, Durability::kSync).ok());
  ASSERT_TRUE(side->Write(copied, Durability::kSync).ok());

  auto store = OpenSplitKvStore(std::move(main), std::move(side), kSide);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(Keys(*main_raw), (std::vector<std::string>{"M", "V"}));
  EXPECT_EQ(side_raw->size(), size_t{kRecords});
  for (int i = 0; i < kRecords; i += 37) {
    EXPECT_EQ(GetString(**store, "N" + std::to_string(1000 + i)), big + std::to_string(i));
  }
  EXPECT_EQ(GetString(**store, "M"), "meta");
}

// Forwards to a store the test owns, so that the store outlives a split whose open failed.
class Borrowed : public KvStore {
 public:
  explicit Borrowed(KvStore& store) : store_(store) {}
  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    return store_.Get(key);
  }
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    return store_.Scan(range, visit);
  }
  core::Status Write(const WriteBatch& batch, Durability durability) override {
    return store_.Write(batch, durability);
  }
  std::unique_ptr<KvReader> NewSnapshot() const override { return store_.NewSnapshot(); }

 private:
  KvStore& store_;
};

// An open that crashed while deleting the moved records from main finishes the move.
TEST(SplitKvStoreTest, AnInterruptedMoveFinishesOnTheNextOpen) {
  FaultInjectionKvStore main, side;
  const std::string big(1 << 20, 'y');
  WriteBatch old;
  for (int i = 0; i < 20; ++i) old.Put(AsBytes("N" + std::to_string(10 + i)), AsBytes(big));
  old.Put(AsBytes("V"), AsBytes("value"));
  ASSERT_TRUE(main.Write(old, Durability::kSync).ok());
  // The open copies 20 MiB in three chunks, then deletes them from main in three writes: the
  // second one crashes.
  main.CrashAtWrite(2);
  auto first =
      OpenSplitKvStore(std::make_unique<Borrowed>(main), std::make_unique<Borrowed>(side), kSide);
  ASSERT_FALSE(first.ok());
  main.SimulateProcessCrash(InFlightWrite::kDrop);
  EXPECT_EQ(side.write_calls(), 3u);
  EXPECT_EQ(Keys(main).size(), 13u);  // 12 records not deleted yet, and V

  auto second =
      OpenSplitKvStore(std::make_unique<Borrowed>(main), std::make_unique<Borrowed>(side), kSide);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Keys(main), (std::vector<std::string>{"V"}));
  EXPECT_EQ(Keys(**second).size(), 21u);
  EXPECT_EQ(GetString(**second, "N29"), big);
  EXPECT_EQ(GetString(**second, "V"), "value");
}

}  // namespace split_kv_store_test
}  // namespace credchain::ledger

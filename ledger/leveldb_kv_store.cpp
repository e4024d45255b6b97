#include "ledger/leveldb_kv_store.h"

#include <charconv>
#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>
#include <mutex>

#include "ledger/leveldb_env.h"

namespace credchain::ledger {
namespace {

leveldb::Slice ToSlice(core::ByteView v) {
  return leveldb::Slice(reinterpret_cast<const char*>(v.data()), v.size());
}

core::ByteView FromSlice(const leveldb::Slice& s) {
  return core::ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

core::Status FromLevelDb(const leveldb::Status& s, const std::string& context) {
  if (s.ok()) return core::Status::Ok();
  const std::string message = context + ": " + s.ToString();
  if (s.IsNotFound()) return core::Status::NotFound(message);
  if (s.IsCorruption()) return core::Status::DataLoss(message);
  if (s.IsIOError()) return core::Status::IoError(message);
  return core::Status::Internal(message);
}

core::Result<std::optional<core::Bytes>> GetFrom(leveldb::DB* db, const leveldb::ReadOptions& ro,
                                                 core::ByteView key) {
  std::string value;
  const leveldb::Status s = db->Get(ro, ToSlice(key), &value);
  if (s.IsNotFound()) return std::optional<core::Bytes>();
  RETURN_IF_ERROR(FromLevelDb(s, "leveldb get"));
  return std::optional<core::Bytes>(core::ToBytes(value));
}

core::Status ScanFrom(leveldb::DB* db, const leveldb::ReadOptions& ro, const KeyRange& range,
                      const ScanVisitor& visit) {
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator(ro));
  const leveldb::Slice end = ToSlice(range.end);
  for (it->Seek(ToSlice(range.begin)); it->Valid(); it->Next()) {
    if (!range.end.empty() && it->key().compare(end) >= 0) break;
    if (!visit(FromSlice(it->key()), FromSlice(it->value()))) break;
  }
  return FromLevelDb(it->status(), "leveldb scan");
}

class LevelDbSnapshot : public KvReader {
 public:
  explicit LevelDbSnapshot(leveldb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {
    read_options_.snapshot = snapshot_;
    read_options_.verify_checksums = true;
  }
  ~LevelDbSnapshot() override { db_->ReleaseSnapshot(snapshot_); }
  LevelDbSnapshot(const LevelDbSnapshot&) = delete;
  LevelDbSnapshot& operator=(const LevelDbSnapshot&) = delete;

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    return GetFrom(db_, read_options_, key);
  }
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    return ScanFrom(db_, read_options_, range, visit);
  }

 private:
  leveldb::DB* db_;
  const leveldb::Snapshot* snapshot_;
  leveldb::ReadOptions read_options_;
};

class LevelDbKvStore : public KvStore {
 public:
  LevelDbKvStore(std::unique_ptr<leveldb::DB> db, std::unique_ptr<leveldb::Cache> cache,
                 std::unique_ptr<const leveldb::FilterPolicy> filter)
      : cache_(std::move(cache)), filter_(std::move(filter)), db_(std::move(db)) {
    read_options_.verify_checksums = true;
  }

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    return GetFrom(db_.get(), read_options_, key);
  }

  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    return ScanFrom(db_.get(), read_options_, range, visit);
  }

  core::Status Write(const WriteBatch& batch, Durability durability) override {
    const WriteBatch* parts[] = {&batch};
    return WriteParts(parts, durability);
  }

  core::Status WriteParts(std::span<const WriteBatch* const> parts,
                          Durability durability) override {
    // A block's batch is megabytes: building it in a fresh leveldb::WriteBatch regrew (and
    // page-faulted) its buffer on every commit. One batch is kept for reuse; a write that finds
    // it busy (another thread is writing) builds its own.
    std::unique_lock reuse(reusable_mu_, std::try_to_lock);
    leveldb::WriteBatch local;
    leveldb::WriteBatch& native = reuse.owns_lock() ? reusable_ : local;
    native.Clear();
    for (const WriteBatch* part : parts) {
      part->ForEach([&](WriteBatch::OpKind kind, core::ByteView key, core::ByteView value) {
        if (kind == WriteBatch::OpKind::kPut) {
          native.Put(ToSlice(key), ToSlice(value));
        } else {
          native.Delete(ToSlice(key));
        }
      });
    }
    leveldb::WriteOptions wo;
    wo.sync = durability == Durability::kSync;
    const leveldb::Status s = db_->Write(wo, &native);
    if (native.ApproximateSize() > kMaxReusedBatchBytes) native = leveldb::WriteBatch();
    return FromLevelDb(s, "leveldb write");
  }

  std::unique_ptr<KvReader> NewSnapshot() const override {
    return std::make_unique<LevelDbSnapshot>(db_.get());
  }

  // LevelDB's own estimate: the block cache's charge plus the memtables (the one written and
  // the one being flushed). Not counted: the index and filter blocks of open tables.
  uint64_t MemoryBytes() const override {
    std::string value;
    if (!db_->GetProperty("leveldb.approximate-memory-usage", &value)) return 0;
    uint64_t bytes = 0;
    std::from_chars(value.data(), value.data() + value.size(), bytes);
    return bytes;
  }

 private:
  // Declared before db_ so they outlive it: the DB uses both until it is closed.
  std::unique_ptr<leveldb::Cache> cache_;
  std::unique_ptr<const leveldb::FilterPolicy> filter_;
  std::unique_ptr<leveldb::DB> db_;
  leveldb::ReadOptions read_options_;
  // The batch Write reuses; a larger one than kMaxReusedBatchBytes is not kept.
  static constexpr size_t kMaxReusedBatchBytes = size_t{64} << 20;
  std::mutex reusable_mu_;
  leveldb::WriteBatch reusable_;
};

bool IsLockError(const leveldb::Status& s) {
  // env_posix reports "lock <dir>/LOCK: already held by process" for a second open in this
  // process and "lock <dir>/LOCK: <strerror>" when fcntl finds another process's lock.
  return s.IsIOError() && s.ToString().find("/LOCK") != std::string::npos;
}

}  // namespace

core::Result<std::unique_ptr<KvStore>> OpenLevelDbKvStore(const std::string& dir,
                                                          const LevelDbOptions& options) {
  std::unique_ptr<leveldb::Cache> cache(leveldb::NewLRUCache(options.block_cache_bytes));
  std::unique_ptr<const leveldb::FilterPolicy> filter(
      options.bloom_bits_per_key > 0 ? leveldb::NewBloomFilterPolicy(options.bloom_bits_per_key)
                                     : nullptr);
  leveldb::Options lo;
  lo.create_if_missing = options.create_if_missing;
  lo.paranoid_checks = true;
  lo.block_cache = cache.get();
  lo.filter_policy = filter.get();
  lo.write_buffer_size = options.write_buffer_bytes;
  lo.max_file_size = options.max_file_bytes;
  lo.max_open_files = options.max_open_files;
  lo.env = NodeLevelDbEnv(options.mmap_reads ? TableReads::kMapped : TableReads::kPread);

  leveldb::DB* raw = nullptr;
  const leveldb::Status s = leveldb::DB::Open(lo, dir, &raw);
  if (IsLockError(s)) {
    return core::Status::FailedPrecondition(
        "database " + dir + " is in use by another process or handle (LevelDB lock held: " +
        s.ToString() + "); stop the other node using this data directory");
  }
  if (s.IsInvalidArgument() && !options.create_if_missing) {
    return core::Status::NotFound("database " + dir + " does not exist: " + s.ToString());
  }
  RETURN_IF_ERROR(FromLevelDb(s, "open leveldb " + dir));
  return std::unique_ptr<KvStore>(std::make_unique<LevelDbKvStore>(
      std::unique_ptr<leveldb::DB>(raw), std::move(cache), std::move(filter)));
}

}  // namespace credchain::ledger

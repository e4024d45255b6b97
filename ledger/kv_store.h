// KvStore: the ordered key-value store under the ledger (blocks, state-tree nodes, receipts).
//
// Keys and values are byte strings ordered lexicographically (memcmp, shorter first on a tie).
// Writes go through a WriteBatch that is applied atomically: after a crash either all of it or
// none of it is visible. Durability follows LevelDB:
//   - Durability::kSync returns only after the batch (and every batch written before it) is on
//     stable storage, so it survives a power loss;
//   - Durability::kNoSync survives a process crash (the data is in the OS) but a power loss may
//     drop any suffix of the batches written since the last synced one.
// A committed block is one synced batch (DESIGN.md §5); never sync once per transaction.
//
// Implementations: LevelDbKvStore (ledger/leveldb_kv_store.h), MemKvStore (ledger/
// mem_kv_store.h), FaultInjectionKvStore for crash tests (ledger/fault_injection_kv_store.h), and
// SplitKvStore (ledger/split_kv_store.h), which keeps the state tree's nodes in a second store.
// Thread safety: every implementation is safe for concurrent readers and writers; a snapshot
// may be read from any thread while the store is written.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "core/status.h"

namespace credchain::ledger {

enum class Durability { kNoSync, kSync };

// An ordered list of puts and deletes, applied atomically by KvStore::Write. Later operations on
// the same key win. Operations live in one contiguous buffer (a block's batch has ~10^5 of
// them), so building a batch costs no allocation per operation. Plain value; not thread-safe.
class WriteBatch {
 public:
  enum class OpKind : uint8_t { kDelete = 0, kPut = 1 };

  void Put(core::ByteView key, core::ByteView value);
  // Put whose value is the concatenation of `value_parts` (no temporary buffer needed).
  void PutParts(core::ByteView key, std::initializer_list<core::ByteView> value_parts);
  void Delete(core::ByteView key);
  // Appends every operation of `other`, after this batch's own.
  void Append(const WriteBatch& other);
  void Clear();
  void Reserve(size_t bytes) { rep_.reserve(bytes); }
  // Bytes the batch can hold before its buffer grows (Clear keeps them).
  size_t capacity() const { return rep_.capacity(); }

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Sum of key and value sizes: what the batch carries.
  size_t payload_bytes() const { return payload_bytes_; }

  // Calls visit(OpKind, ByteView key, ByteView value) for each operation in order (value empty
  // for deletes). The views are valid during the call only.
  template <typename Visitor>
  void ForEach(Visitor&& visit) const {
    size_t pos = 0;
    while (pos < rep_.size()) {
      const auto kind = static_cast<OpKind>(rep_[pos++]);
      const core::ByteView key = ReadChunk(pos);
      const core::ByteView value = kind == OpKind::kPut ? ReadChunk(pos) : core::ByteView();
      visit(kind, key, value);
    }
  }

 private:
  void AppendChunkLength(size_t n);
  core::ByteView ReadChunk(size_t& pos) const;

  core::Bytes rep_;  // per op: u8 kind ‖ u32 key length ‖ key ‖ [u32 value length ‖ value]
  size_t count_ = 0;
  size_t payload_bytes_ = 0;
};

// [begin, end) over encoded keys; an empty `end` means "to the end of the keyspace".
struct KeyRange {
  core::Bytes begin;
  core::Bytes end;

  // Every key that starts with `prefix`.
  static KeyRange Prefix(core::ByteView prefix);
  bool Contains(core::ByteView key) const;
};

// Called for each entry in key order; return false to stop the scan early.
using ScanVisitor = std::function<bool(core::ByteView key, core::ByteView value)>;

// Read access: the live store or a snapshot of it.
class KvReader {
 public:
  virtual ~KvReader() = default;

  // The value at `key`, nullopt if absent. Errors: data_loss (corruption), io_error.
  virtual core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const = 0;

  // Visits the entries in `range` in ascending key order until the visitor returns false.
  // Errors as Get; on error the visitor may have seen a prefix of the range.
  virtual core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const = 0;
};

class KvStore : public KvReader {
 public:
  // Applies `batch` atomically. An empty batch with kSync still syncs earlier kNoSync writes.
  // Errors: io_error (the OS refused the write or the fsync; the store may refuse further writes
  // until reopened), data_loss. After an error the caller must not assume either outcome: a node
  // restarts and recovers from what is durable.
  virtual core::Status Write(const WriteBatch& batch, Durability durability) = 0;

  // Applies `parts`, in order, as one atomic batch: the same as Write of their concatenation.
  // This default builds the concatenation; a store that can apply the parts as they are (the
  // LevelDB store) overrides it, which saves a copy of a block's megabytes of state records.
  virtual core::Status WriteParts(std::span<const WriteBatch* const> parts, Durability durability);

  // A consistent read-only view of the store as of now; later writes are invisible to it.
  // The snapshot must not outlive the store.
  virtual std::unique_ptr<KvReader> NewSnapshot() const = 0;

  // Bytes the store holds in memory for its own use (caches and write buffers), as far as it
  // knows; 0 when it keeps none or cannot tell. For the node's memory metrics.
  virtual uint64_t MemoryBytes() const { return 0; }
};

// Big-endian fixed-width integers inside keys, so numeric order is key order.
void AppendU64Key(core::Bytes& out, uint64_t v);
void AppendU32Key(core::Bytes& out, uint32_t v);
// Reads a big-endian integer at `offset`; nullopt if the key is too short.
std::optional<uint64_t> ReadU64Key(core::ByteView key, size_t offset);
std::optional<uint32_t> ReadU32Key(core::ByteView key, size_t offset);
// The same 8 big-endian bytes as a stored value (heights and versions kept as values).
core::Bytes EncodeU64Value(uint64_t v);

}  // namespace credchain::ledger

#include "ledger/split_kv_store.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "core/check.h"
#include "core/log.h"
#include "ledger/mem_kv_store.h"

namespace credchain::ledger {
namespace {

constexpr char kLog[] = "ledger";
// A migration moves records in batches of about this many bytes.
constexpr size_t kMoveChunkBytes = size_t{8} << 20;

void EraseKey(std::set<core::Bytes, BytesLess>& keys, core::ByteView key) {
  if (const auto it = keys.find(key); it != keys.end()) keys.erase(it);
}

bool Less(core::ByteView a, core::ByteView b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

// The intersection of [begin, end) ranges, nullopt when it is empty (an empty end is +infinity).
std::optional<KeyRange> Intersect(const KeyRange& a, const KeyRange& b) {
  KeyRange out;
  out.begin = Less(a.begin, b.begin) ? b.begin : a.begin;
  if (a.end.empty()) {
    out.end = b.end;
  } else if (b.end.empty()) {
    out.end = a.end;
  } else {
    out.end = Less(a.end, b.end) ? a.end : b.end;
  }
  if (!out.end.empty() && !Less(out.begin, out.end)) return std::nullopt;
  return out;
}

class Router {
 public:
  explicit Router(uint8_t prefix) : prefix_(prefix), side_range_(KeyRange::Prefix({&prefix, 1})) {}

  bool IsSide(core::ByteView key) const { return !key.empty() && key[0] == prefix_; }
  bool HasSideKey(const WriteBatch& batch) const {
    bool found = false;
    batch.ForEach([&](WriteBatch::OpKind, core::ByteView key, core::ByteView) {
      found = found || IsSide(key);
    });
    return found;
  }

  // The parts of `range` below the side range, in it, and above it (each may be empty).
  struct Segments {
    std::optional<KeyRange> below, inside, above;
    bool SpansBothStores() const { return inside && (below || above); }
  };
  Segments Split(const KeyRange& range) const {
    Segments out;
    out.below = Intersect(range, {core::Bytes(), side_range_.begin});
    out.inside = Intersect(range, side_range_);
    // The prefix 0xff's range runs to the end of the keyspace: nothing is above it.
    if (!side_range_.end.empty()) out.above = Intersect(range, {side_range_.end, core::Bytes()});
    return out;
  }

  // Main's keys below the side range, the side's, then main's above it.
  core::Status Scan(const KvReader& main, const KvReader& side, const Segments& segments,
                    const ScanVisitor& visit) const {
    bool stopped = false;
    const ScanVisitor tracked = [&](core::ByteView key, core::ByteView value) {
      stopped = !visit(key, value);
      return !stopped;
    };
    if (segments.below) RETURN_IF_ERROR(main.Scan(*segments.below, tracked));
    if (!stopped && segments.inside) RETURN_IF_ERROR(side.Scan(*segments.inside, tracked));
    if (!stopped && segments.above) RETURN_IF_ERROR(main.Scan(*segments.above, tracked));
    return core::Status::Ok();
  }

  const KeyRange& side_range() const { return side_range_; }

 private:
  uint8_t prefix_;
  KeyRange side_range_;
};

class SplitSnapshot : public KvReader {
 public:
  SplitSnapshot(const Router& router, std::unique_ptr<KvReader> main,
                std::unique_ptr<KvReader> side)
      : router_(router), main_(std::move(main)), side_(std::move(side)) {}

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    return router_.IsSide(key) ? side_->Get(key) : main_->Get(key);
  }
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    return router_.Scan(*main_, *side_, router_.Split(range), visit);
  }

 private:
  Router router_;
  std::unique_ptr<KvReader> main_;
  std::unique_ptr<KvReader> side_;
};

class SplitKvStore : public KvStore {
 public:
  SplitKvStore(std::unique_ptr<KvStore> main, std::unique_ptr<KvStore> side, uint8_t prefix)
      : router_(prefix), main_(std::move(main)), side_(std::move(side)) {}

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    return router_.IsSide(key) ? side_->Get(key) : main_->Get(key);
  }

  // A scan of one store sees that store as of its start (a KvStore scan's view); one over both
  // reads a snapshot of them, so that writes made while it runs stay out of its later part.
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    const Router::Segments segments = router_.Split(range);
    if (!segments.SpansBothStores()) return router_.Scan(*main_, *side_, segments, visit);
    return NewSnapshot()->Scan(range, visit);
  }

  core::Status Write(const WriteBatch& batch, Durability durability) override {
    const WriteBatch* parts[] = {&batch};
    return WriteParts(parts, durability);
  }

  core::Status WriteParts(std::span<const WriteBatch* const> parts,
                          Durability durability) override {
    std::lock_guard lock(write_mu_);
    side_puts_.Clear();
    side_deletes_.clear();
    main_parts_.clear();
    size_t copies = 0;
    for (const WriteBatch* part : parts) {
      // A part without side keys (a block's own records) goes to main as it is, uncopied.
      if (!router_.HasSideKey(*part)) {
        main_parts_.push_back(part);
        continue;
      }
      if (copies == main_copies_.size()) main_copies_.emplace_back();
      WriteBatch& main_only = main_copies_[copies++];
      main_only.Clear();
      part->ForEach([&](WriteBatch::OpKind kind, core::ByteView key, core::ByteView value) {
        if (!router_.IsSide(key)) {
          kind == WriteBatch::OpKind::kPut ? main_only.Put(key, value) : main_only.Delete(key);
        } else if (kind == WriteBatch::OpKind::kPut) {
          side_puts_.Put(key, value);
          // A put after a delete of the same key in this batch wins: the delete is dropped.
          if (!side_deletes_.empty()) EraseKey(side_deletes_, key);
        } else {
          side_deletes_.emplace(key.begin(), key.end());
        }
      });
      main_parts_.push_back(&main_only);
    }
    // Synced whatever the caller asked: a main record that reaches the disk must find the side
    // records it names there, and an unsynced main write may reach it at any time.
    if (!side_puts_.empty()) RETURN_IF_ERROR(side_->Write(side_puts_, Durability::kSync));
    RETURN_IF_ERROR(main_->WriteParts(main_parts_, durability));
    // Unsynced: a delete lost to a power loss leaves a record nothing names.
    if (side_deletes_.empty()) return core::Status::Ok();
    WriteBatch deletes;
    for (const core::Bytes& key : side_deletes_) deletes.Delete(key);
    return side_->Write(deletes, Durability::kNoSync);
  }

  std::unique_ptr<KvReader> NewSnapshot() const override {
    std::unique_ptr<KvReader> main = main_->NewSnapshot();  // first: see SplitKvStore's contract
    return std::make_unique<SplitSnapshot>(router_, std::move(main), side_->NewSnapshot());
  }

  uint64_t MemoryBytes() const override { return main_->MemoryBytes() + side_->MemoryBytes(); }

  // Moves records with the side prefix from main to side (see OpenSplitKvStore).
  core::Status MoveLegacyRecords() {
    size_t copied = 0;
    RETURN_IF_ERROR(ForEachChunk([&](const WriteBatch& chunk) {
      copied += chunk.size();
      return side_->Write(chunk, Durability::kSync);
    }));
    if (copied == 0) return core::Status::Ok();
    LOG_INFO(kLog) << "moved " << copied << " records to the tree-node store; removing them from "
                   << "the main store";
    return ForEachChunk([&](const WriteBatch& chunk) {
      WriteBatch deletes;
      chunk.ForEach(
          [&](WriteBatch::OpKind, core::ByteView key, core::ByteView) { deletes.Delete(key); });
      return main_->Write(deletes, Durability::kSync);
    });
  }

 private:
  // Calls `apply` with main's records in the side range, as puts, a chunk at a time; each chunk
  // is read after the previous one was applied.
  template <typename Apply>
  core::Status ForEachChunk(Apply&& apply) {
    core::Bytes from = router_.side_range().begin;
    while (true) {
      WriteBatch chunk;
      core::Bytes next;
      RETURN_IF_ERROR(main_->Scan({from, router_.side_range().end},
                                  [&](core::ByteView key, core::ByteView value) {
                                    if (chunk.payload_bytes() >= kMoveChunkBytes) {
                                      next = core::ToBytes(key);
                                      return false;
                                    }
                                    chunk.Put(key, value);
                                    return true;
                                  }));
      if (chunk.empty()) return core::Status::Ok();
      RETURN_IF_ERROR(apply(chunk));
      if (next.empty()) return core::Status::Ok();
      from = std::move(next);
    }
  }

  Router router_;
  std::unique_ptr<KvStore> main_;
  std::unique_ptr<KvStore> side_;
  std::mutex write_mu_;
  // Reused by every write (under write_mu_), so a block's batch does not regrow them.
  WriteBatch side_puts_;
  // What goes to main: the parts without side keys themselves, and copies of the others' main
  // operations (a deque, so the pointers stay valid as it grows).
  std::vector<const WriteBatch*> main_parts_;
  std::deque<WriteBatch> main_copies_;
  // Side keys to delete after the main write: a set, so that a later put of a key drops its
  // delete (the deletes are written last, the puts first).
  std::set<core::Bytes, BytesLess> side_deletes_;
};

}  // namespace

core::Result<std::unique_ptr<KvStore>> OpenSplitKvStore(std::unique_ptr<KvStore> main,
                                                        std::unique_ptr<KvStore> side,
                                                        uint8_t side_prefix) {
  CHECK(main != nullptr && side != nullptr);
  auto store = std::make_unique<SplitKvStore>(std::move(main), std::move(side), side_prefix);
  RETURN_IF_ERROR(store->MoveLegacyRecords());
  return std::unique_ptr<KvStore>(std::move(store));
}

}  // namespace credchain::ledger

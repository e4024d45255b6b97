#include "ledger/state_tree.h"

#include <algorithm>
#include <map>

#include "core/log.h"
#include "ledger/latest_value_cache.h"
#include "ledger/node_cache.h"
#include "ledger/pending_nodes.h"
#include "ledger/state_key_filter.h"
#include "ledger/state_tree_internal.h"
#include "ledger/storage_layout.h"

namespace credchain::ledger {
namespace {

constexpr char kTreeLog[] = "ledger";

core::Result<std::optional<uint64_t>> ReadU64Meta(const KvReader& store, std::string_view name) {
  ASSIGN_OR_RETURN(auto raw, store.Get(storage::MetaKey(name)));
  if (!raw) return std::optional<uint64_t>();
  auto v = ReadU64Key(*raw, 0);
  if (!v || raw->size() != 8) {
    return core::Status::DataLoss("state tree metadata " + std::string(name) + " is corrupt");
  }
  return std::optional<uint64_t>(*v);
}

class VersionReader : public StateReader {
 public:
  VersionReader(const StateTree& tree, uint64_t version) : tree_(tree), version_(version) {}
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32& key) const override {
    return tree_.Get(key, version_);
  }

 private:
  const StateTree& tree_;
  const uint64_t version_;
};

// Writes the newest-value index (L records) of every key from the value index (V records) and
// marks it complete up to `latest`. For a store written by a build without the index, or one an
// older build has committed to since (its state.newest_index lags). The records go in synced
// batches of at most `chunk`, the mark in the last: a crash part-way leaves the old mark, so the
// next open rebuilds again, and memory stays bounded on a large store.
core::Status RebuildNewestIndex(KvStore& store, uint64_t latest, size_t chunk) {
  KeyRange range = KeyRange::Prefix(core::Bytes{storage::kStateValue});
  std::optional<core::Bytes32> previous;
  while (true) {
    WriteBatch batch;
    core::Status malformed;
    std::optional<core::Bytes> resume;  // the first record of the next chunk's first key
    RETURN_IF_ERROR(store.Scan(range, [&](core::ByteView record_key, core::ByteView) {
      core::Bytes32 key;
      const std::optional<uint64_t> inverted = ReadU64Key(record_key, 1 + key.size());
      if (record_key.size() != 1 + key.size() + 8 || !inverted) {
        malformed = core::Status::DataLoss("state value index holds a malformed key");
        return false;
      }
      std::copy(record_key.begin() + 1, record_key.begin() + 1 + key.size(), key.begin());
      if (previous == key) return true;  // an older record of the same key
      if (batch.size() >= chunk) {
        resume = core::Bytes(record_key.begin(), record_key.end());
        return false;
      }
      previous = key;
      batch.Put(NewestKey(key).view(), EncodeU64Value(~*inverted));
      return true;
    }));
    RETURN_IF_ERROR(malformed);
    if (!resume) {
      batch.Put(storage::MetaKey(storage::kMetaStateNewestIndex), EncodeU64Value(latest));
      return store.Write(batch, Durability::kSync);
    }
    RETURN_IF_ERROR(store.Write(batch, Durability::kSync));
    range.begin = std::move(*resume);
  }
}

// Adds every key of the newest-value index, which names each key ever written (its records are
// overwritten, never pruned).
core::Status FillKeyFilter(const KvStore& store, StateKeyFilter& filter) {
  core::Status malformed;
  RETURN_IF_ERROR(store.Scan(KeyRange::Prefix(core::Bytes{storage::kNewestValue}),
                             [&](core::ByteView record_key, core::ByteView) {
                               core::Bytes32 key;
                               if (record_key.size() != 1 + key.size()) {
                                 malformed = core::Status::DataLoss(
                                     "state newest-value index holds a malformed key");
                                 return false;
                               }
                               std::copy(record_key.begin() + 1, record_key.end(), key.begin());
                               filter.Add(key);
                               return true;
                             }));
  return malformed;
}

}  // namespace

storage::StackKey NewestKey(const core::Bytes32& key) {
  storage::StackKey out;
  out.Push(storage::kNewestValue);
  out.Append(key);
  return out;
}

storage::StackKey ValueKey(const core::Bytes32& key, uint64_t version) {
  storage::StackKey out;
  out.Push(storage::kStateValue);
  out.Append(key);
  out.PushU64(~version);
  return out;
}

storage::StackKey StaleListKey(uint64_t stale_since) {
  storage::StackKey out;
  out.Push(storage::kStale);
  out.PushU64(stale_since);
  return out;
}

storage::StackKey ChangedKeysKey(uint64_t version) {
  storage::StackKey out;
  out.Push(storage::kChangedKeys);
  out.PushU64(version);
  return out;
}

void AppendStaleRecord(core::Bytes& list, core::ByteView record_key) {
  // Record keys are at most StackKey::kCapacity (64) bytes: a u8 length always fits.
  list.push_back(static_cast<uint8_t>(record_key.size()));
  core::Append(list, record_key);
}

core::Result<std::shared_ptr<const TreeNode>> TreeAccess::LoadNode(const StateTree& tree,
                                                                   const NodeKey& key,
                                                                   NodeHint hint) {
  if (hint != NodeHint::kLeaf) {
    if (auto upper = tree.upper_->Find(key)) return upper;
  }
  if (auto held = tree.pending_->Find(key)) return held;
  if (hint != NodeHint::kLeaf) {
    if (auto cached = tree.cache_->Find(key)) return cached;
  }
  ASSIGN_OR_RETURN(auto raw, tree.store_->Get(key.Encode().view()));
  if (!raw) {
    return core::Status::DataLoss("state tree node (version " + std::to_string(key.version) +
                                  ", depth " + std::to_string(key.path.length) + ") is missing");
  }
  ASSIGN_OR_RETURN(TreeNode node, DecodeNode(*raw));
  auto shared = std::make_shared<const TreeNode>(std::move(node));
  if (std::holds_alternative<InternalNode>(*shared)) {
    tree.upper_->Offer(key, shared);
    tree.cache_->Insert(key, shared);
  }
  return shared;
}

std::shared_ptr<const TreeNode> TreeAccess::FindPending(const StateTree& tree, const NodeKey& key) {
  return tree.pending_->Find(key);
}

StateTree::StateTree(KvStore* store, crypto::HashSuite suite, const StateTreeOptions& options)
    : store_(store),
      suite_(suite),
      cache_(std::make_unique<NodeCache>(options.node_cache_entries)),
      upper_(std::make_unique<UpperNodes>(
          std::min(options.upper_node_depth, UpperNodes::kMaxDepthLimit))),
      pending_(std::make_unique<PendingNodes>()),
      write_interval_(std::max<uint64_t>(1, options.node_write_interval)),
      max_interval_nodes_(options.max_interval_nodes) {}

StateTree::~StateTree() = default;

core::Result<std::unique_ptr<StateTree>> StateTree::Open(KvStore* store, crypto::HashSuite suite,
                                                         const StateTreeOptions& options) {
  ASSIGN_OR_RETURN(auto stored_suite, store->Get(storage::MetaKey(storage::kMetaStateSuite)));
  ASSIGN_OR_RETURN(auto latest, ReadU64Meta(*store, storage::kMetaStateLatest));
  ASSIGN_OR_RETURN(auto oldest, ReadU64Meta(*store, storage::kMetaStateOldest));
  if (latest.has_value() != stored_suite.has_value()) {
    return core::Status::DataLoss("state tree metadata is incomplete");
  }
  if (stored_suite &&
      (stored_suite->size() != 1 || (*stored_suite)[0] != static_cast<uint8_t>(suite))) {
    return core::Status::FailedPrecondition("state tree was created with another hash suite than " +
                                            std::string(crypto::HashSuiteName(suite)));
  }
  ASSIGN_OR_RETURN(auto indexed, ReadU64Meta(*store, storage::kMetaStateNewestIndex));
  if (latest && indexed != latest) {
    RETURN_IF_ERROR(RebuildNewestIndex(*store, *latest,
                                       std::max<size_t>(1, options.newest_index_rebuild_chunk)));
  }
  std::unique_ptr<StateTree> tree(new StateTree(store, suite, options));
  if (latest) tree->latest_ = static_cast<int64_t>(*latest);
  tree->oldest_ = oldest.value_or(0);
  tree->values_ = std::make_unique<LatestValueCache>(options.value_cache_entries, latest);
  tree->keys_ = std::make_unique<StateKeyFilter>(options.key_filter_initial_keys);
  if (tree->keys_->enabled()) RETURN_IF_ERROR(FillKeyFilter(*store, *tree->keys_));
  if (latest) {
    // A store written before checkpoints has every version's nodes: its latest is one.
    ASSIGN_OR_RETURN(auto raw, store->Get(storage::MetaKey(storage::kMetaStateCheckpoints)));
    uint64_t previous = *latest;
    uint64_t last = *latest;
    if (raw) {
      const std::optional<uint64_t> p = ReadU64Key(*raw, 0);
      const std::optional<uint64_t> l = ReadU64Key(*raw, 8);
      if (raw->size() != 16 || !p || !l || *p > *l || *l > *latest) {
        return core::Status::DataLoss("state tree checkpoint record is corrupt");
      }
      previous = *p;
      last = *l;
    }
    RETURN_IF_ERROR(tree->RebuildPendingNodes(previous, last));
  }
  return tree;
}

core::Status StateTree::RebuildPendingNodes(uint64_t previous, uint64_t last) {
  // One changed-key record for each version after `previous` but `last`, up to the latest.
  std::map<uint64_t, core::Bytes> records;
  core::Status malformed;
  RETURN_IF_ERROR(store_->Scan(KeyRange::Prefix(core::Bytes{storage::kChangedKeys}),
                               [&](core::ByteView key, core::ByteView value) {
                                 const std::optional<uint64_t> version = ReadU64Key(key, 1);
                                 if (!version || key.size() != 9 || value.size() % 32 != 0) {
                                   malformed = core::Status::DataLoss(
                                       "state tree changed-key record is malformed");
                                   return false;
                                 }
                                 records.emplace(*version, core::ToBytes(value));
                                 return true;
                               }));
  RETURN_IF_ERROR(malformed);
  const uint64_t latest = *latest_version();
  const uint64_t expected = latest - previous - (previous < last ? 1 : 0);
  if (records.size() != expected || records.contains(last) ||
      (!records.empty() &&
       (records.begin()->first <= previous || records.rbegin()->first > latest))) {
    return core::Status::DataLoss("state tree changed-key records do not match the checkpoints " +
                                  std::to_string(previous) + " and " + std::to_string(last) +
                                  " and the latest version " + std::to_string(latest));
  }
  // The interval before the last checkpoint (its versions' trees stand on `previous`), then
  // the versions after it, each rebuilt on the one before.
  last_checkpoint_ = static_cast<int64_t>(previous);
  previous_checkpoint_ = previous;
  for (auto it = records.begin(); it != records.end() && it->first < last; ++it) {
    RETURN_IF_ERROR(RebuildVersion(it->first, it->second));
  }
  pending_->StartInterval({});
  last_checkpoint_ = static_cast<int64_t>(last);
  for (auto it = records.upper_bound(last); it != records.end(); ++it) {
    RETURN_IF_ERROR(RebuildVersion(it->first, it->second));
  }
  if (!records.empty()) {
    LOG_INFO(kTreeLog) << "rebuilt the state tree's nodes of " << records.size()
                       << " versions after checkpoint " << previous << " (next checkpoint " << last
                       << ", latest version " << latest << ")";
  }
  return core::Status::Ok();
}

core::Status StateTree::RebuildVersion(uint64_t version, core::ByteView keys) {
  StateDelta delta;
  for (size_t pos = 0; pos < keys.size(); pos += 32) {
    core::Bytes32 key;
    std::copy(keys.begin() + pos, keys.begin() + pos + 32, key.begin());
    ASSIGN_OR_RETURN(delta.writes[key], Get(key, version));
  }
  ASSIGN_OR_RETURN(PreparedUpdate update, BuildTreeUpdate(*this, version - 1, version,
                                                          std::move(delta), /*checkpoint=*/false));
  ASSIGN_OR_RETURN(const core::Bytes32 stored_root, RootHash(version));
  if (update.root != stored_root) {
    return core::Status::DataLoss("state version " + std::to_string(version) +
                                  " rebuilt from its changed keys has another root than the "
                                  "one stored");
  }
  OfferUpperNodes(update.nodes);
  pending_->Add(update.nodes);
  return core::Status::Ok();
}

void StateTree::OfferUpperNodes(const DecodedNodes& nodes) {
  for (const auto& [key, node] : nodes) upper_->Offer(key, node);
}

std::optional<uint64_t> StateTree::latest_version() const {
  const int64_t latest = latest_.load();
  if (latest < 0) return std::nullopt;
  return static_cast<uint64_t>(latest);
}

std::optional<uint64_t> StateTree::last_checkpoint() const {
  const int64_t last = last_checkpoint_.load();
  if (last < 0) return std::nullopt;
  return static_cast<uint64_t>(last);
}

uint64_t StateTree::prune_limit() const {
  const uint64_t previous = previous_checkpoint_.load();
  const uint64_t last = static_cast<uint64_t>(std::max<int64_t>(0, last_checkpoint_.load()));
  // With no version between the two, nothing is rebuilt from the previous one.
  return last <= previous + 1 ? last : previous;
}

core::Status StateTree::CheckReadable(uint64_t version) const {
  const std::optional<uint64_t> latest = latest_version();
  if (!latest || version > *latest) {
    return core::Status::NotFound("state version " + std::to_string(version) + " is not committed");
  }
  if (version < oldest_.load()) {
    return core::Status::FailedPrecondition("state version " + std::to_string(version) +
                                            " was pruned; the oldest kept is " +
                                            std::to_string(oldest_.load()));
  }
  return core::Status::Ok();
}

core::Result<core::Bytes32> StateTree::RootHash(uint64_t version) const {
  const std::optional<uint64_t> latest = latest_version();
  if (!latest || version > *latest) {
    return core::Status::NotFound("state version " + std::to_string(version) + " is not committed");
  }
  core::Bytes key{storage::kStateRoot};
  AppendU64Key(key, version);
  ASSIGN_OR_RETURN(auto raw, store_->Get(key));
  core::Bytes32 root;
  if (!raw || !core::CopyFixed(*raw, &root)) {
    return core::Status::DataLoss("root of state version " + std::to_string(version) +
                                  " is missing or corrupt");
  }
  return root;
}

core::Result<std::optional<core::Bytes>> StateTree::Get(const core::Bytes32& key,
                                                        uint64_t version) const {
  RETURN_IF_ERROR(CheckReadable(version));
  if (auto cached = values_->Find(key, version)) return std::move(*cached);
  // Never written at any version up to the latest, so absent at `version` too.
  if (!keys_->MayContain(key)) return std::optional<core::Bytes>();
  std::optional<core::Bytes> record;
  uint64_t record_version = 0;  // 0 when the key has no record at or below `version`
  // The newest-value index names the version of the key's newest record: a point lookup (which
  // LevelDB's bloom filters answer for a key never written) instead of an iterator seek.
  ASSIGN_OR_RETURN(auto newest_raw, store_->Get(NewestKey(key).view()));
  std::optional<uint64_t> newest;
  if (newest_raw) {
    newest = ReadU64Key(*newest_raw, 0);
    if (!newest || newest_raw->size() != 8) {
      return core::Status::DataLoss("state newest-value index record is corrupt");
    }
  }
  if (newest && *newest <= version) {
    // The newest record is at or below `version`, so it is the one this read needs.
    ASSIGN_OR_RETURN(record, store_->Get(ValueKey(key, *newest).view()));
    record_version = *newest;
  } else if (newest) {
    // A read of an older version than the key's newest record: seek the newest at or below.
    core::Bytes prefix{storage::kStateValue};
    prefix.insert(prefix.end(), key.begin(), key.end());
    const KeyRange range{core::ToBytes(ValueKey(key, version).view()),
                         KeyRange::Prefix(prefix).end};
    RETURN_IF_ERROR(store_->Scan(range, [&](core::ByteView record_key, core::ByteView value) {
      record = core::ToBytes(value);
      // A record key too short to name its version vouches for `version` alone.
      const auto inverted = ReadU64Key(record_key, 1 + key.size());
      record_version = inverted ? ~*inverted : version;
      return false;
    }));
  }
  // Pruning may have removed what this read needed while it ran: answer only if it did not.
  RETURN_IF_ERROR(CheckReadable(version));
  if (newest && *newest <= version && !record && *newest > oldest_.load()) {
    // Only a pruned tombstone (pruned once the oldest version reaches its own) may be missing.
    return core::Status::DataLoss("state value record named by the newest-value index is missing");
  }
  std::optional<core::Bytes> value;
  if (record) {
    if (record->empty() || (*record)[0] > kValuePresent) {
      return core::Status::DataLoss("state value record is corrupt");
    }
    if ((*record)[0] == kValuePresent) value = core::Bytes(record->begin() + 1, record->end());
  }
  values_->Insert(key, version, record_version, value);
  return value;
}

core::Result<std::unique_ptr<StateReader>> StateTree::ReaderAt(uint64_t version) const {
  RETURN_IF_ERROR(CheckReadable(version));
  return std::unique_ptr<StateReader>(std::make_unique<VersionReader>(*this, version));
}

core::Result<PreparedUpdate> StateTree::PrepareUpdate(std::optional<uint64_t> base_version,
                                                      const StateDelta& delta) const {
  return PrepareUpdate(base_version, StateDelta(delta));
}

core::Result<PreparedUpdate> StateTree::PrepareUpdate(std::optional<uint64_t> base_version,
                                                      StateDelta&& delta) const {
  const std::optional<uint64_t> latest = latest_version();
  if (base_version != latest) {
    const auto name = [](std::optional<uint64_t> v) {
      return v ? std::to_string(*v) : std::string("none (empty tree)");
    };
    return core::Status::FailedPrecondition("state update must extend the latest version " +
                                            name(latest) + ", not " + name(base_version));
  }
  const uint64_t version = base_version ? *base_version + 1 : 0;
  const bool checkpoint =
      version % write_interval_ == 0 ||
      (max_interval_nodes_ > 0 && pending_->current_size() >= max_interval_nodes_);
  return BuildTreeUpdate(*this, base_version, version, std::move(delta), checkpoint);
}

void StateTree::RecycleBatch(WriteBatch batch) const {
  if (batch.capacity() > kMaxSpareBatchBytes) return;
  std::lock_guard lock(spare_mu_);
  if (batch.capacity() > spare_batch_.capacity()) spare_batch_ = std::move(batch);
}

WriteBatch TreeAccess::TakeSpareBatch(const StateTree& tree) {
  std::lock_guard lock(tree.spare_mu_);
  WriteBatch batch = std::move(tree.spare_batch_);
  tree.spare_batch_ = WriteBatch();
  batch.Clear();
  return batch;
}

void StateTree::MarkCommitted(const PreparedUpdate& update) {
  CHECK(update.base_version == latest_version());
  // Its keys join the filter before the version is readable (the store of latest_ below
  // publishes them to readers, who load it in CheckReadable).
  for (const auto& [key, value] : update.delta.writes) {
    if (value) keys_->Add(key);
  }
  // Its nodes are found before the version is readable.
  OfferUpperNodes(update.nodes);
  if (update.checkpoint) {
    pending_->StartInterval(update.nodes);
    previous_checkpoint_ = static_cast<uint64_t>(std::max<int64_t>(0, last_checkpoint_.load()));
    last_checkpoint_ = static_cast<int64_t>(update.version);
  } else {
    pending_->Add(update.nodes);
  }
  // The cache learns the new values before the version becomes readable, and last: once it has
  // them it no longer answers reads of the previous version for the keys this one wrote, and
  // readers of the committed tip (mempool admission) still read that version until the block
  // store's tip moves, right after this returns. Until then they went to the store, which
  // seeks for a key whose newest record is newer than the version read.
  values_->Advance(update.version, update.delta);
  latest_ = static_cast<int64_t>(update.version);
}

core::Status StateTree::Commit(const PreparedUpdate& update, Durability durability) {
  if (update.base_version != latest_version()) {
    return core::Status::FailedPrecondition("state update no longer extends the latest version");
  }
  RETURN_IF_ERROR(store_->Write(update.batch, durability));
  MarkCommitted(update);
  return core::Status::Ok();
}

core::Result<WriteBatch> StateTree::PreparePrune(uint64_t keep_from, size_t max_entries) const {
  const std::optional<uint64_t> latest = latest_version();
  if (!latest || keep_from > *latest) {
    return core::Status::InvalidArgument("cannot prune up to version " + std::to_string(keep_from) +
                                         ": not committed");
  }
  keep_from = std::min(keep_from, prune_limit());
  WriteBatch batch;
  batch.Put(storage::MetaKey(storage::kMetaStateOldest),
            EncodeU64Value(std::max(keep_from, oldest_.load())));
  // Records stale since s are needed only by versions < s: those with s <= keep_from go.
  core::Bytes end;
  end.reserve(9);
  end.push_back(storage::kStale);
  AppendU64Key(end, keep_from);
  const KeyRange range{core::Bytes{storage::kStale}, KeyRange::Prefix(end).end};
  size_t entries = 0;
  std::optional<uint64_t> current;
  RETURN_IF_ERROR(store_->Scan(range, [&](core::ByteView key, core::ByteView value) {
    const std::optional<uint64_t> since = ReadU64Key(key, 1);
    if (!since) return true;  // malformed index entry: leave it
    // Stop only between versions: a version's records (a tombstone and the value it hides)
    // must go together.
    if (entries >= max_entries && since != current) return false;
    current = since;
    if (key.size() > 9) {  // one stale record, as written before ADR 0013
      batch.Delete(key.subspan(9));
      batch.Delete(key);
      ++entries;
      return true;
    }
    const bool well_formed = ForEachStaleRecord(value, [&](core::ByteView record_key) {
      batch.Delete(record_key);
      ++entries;
    });
    if (well_formed) batch.Delete(key);  // a malformed list is left, with its records
    return true;
  }));
  return batch;
}

void StateTree::RetireVersionsBefore(uint64_t keep_from) {
  keep_from = std::min(keep_from, prune_limit());
  uint64_t current = oldest_.load();
  while (keep_from > current && !oldest_.compare_exchange_weak(current, keep_from)) {
  }
}

core::Status StateTree::Prune(uint64_t keep_from, size_t max_entries, Durability durability) {
  ASSIGN_OR_RETURN(WriteBatch batch, PreparePrune(keep_from, max_entries));
  RetireVersionsBefore(keep_from);
  return store_->Write(batch, durability);
}

}  // namespace credchain::ledger

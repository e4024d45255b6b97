// StateTree: the authenticated state of the ledger, a versioned sparse Merkle tree in a KvStore.
//
// Version v is the state after executing the block at height v (version 0 = genesis). Each
// version has a root hash (ledger/smt_proof.h) and stays readable — values, proofs — until it
// falls out of the retention window and is pruned. Storage is Jellyfish-style
// (docs/formats/state-tree.md): immutable nodes keyed by (version, nibble path), a value index
// keyed by (key, version), an index of each key's newest version so that a read at or above it
// (and any read of a key never written) is point lookups rather than a seek (ADR 0011), and a
// stale-node index that tells the pruner what each version made obsolete.
//
// Writing is two-phase so a block commits in ONE synced batch (ledger/block_store.h):
//   PreparedUpdate u = tree.PrepareUpdate(base_version, delta)   // reads only; no writes
//   ... the caller writes u.batch inside its own batch (BlockStore::Commit does), then
//   tree.MarkCommitted(u)                                        // u.version is now latest
// or, standalone, tree.Commit(u, Durability::kSync). Only the latest version can be the base of
// an update, and updates must commit in order.
//
// Nodes are written every K versions (StateTreeOptions::node_write_interval, ADR 0020): a
// version v with v mod K != 0 writes its values, roots and stale list and the list of keys it
// changed, and keeps its nodes in memory (ledger/pending_nodes.h); a checkpoint (v mod K = 0,
// or sooner once the interval holds StateTreeOptions::max_interval_nodes nodes)
// writes every node of its tree that no earlier checkpoint wrote and drops the lists of the
// interval before the last. Open rebuilds the nodes of the versions after the checkpoint before
// the last from the lists and the values, checking each root against the stored one. Values,
// roots and Get are the same at every version; a proof needs the version's nodes, which exist
// for every checkpoint and for the versions from the checkpoint before the last one up.
//
// Thread safety: reads (Get, Prove, RootHash, readers) and PrepareUpdate / PreparePrune may run
// concurrently from any threads. MarkCommitted, Commit, RetireVersionsBefore and Prune must be
// called by one writer at a time. A read of a version pruned while it runs fails cleanly
// (failed_precondition), never returns a wrong answer.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/hash.h"
#include "ledger/kv_store.h"
#include "ledger/pending_nodes.h"
#include "ledger/smt_proof.h"
#include "ledger/state_view.h"
#include "ledger/upper_nodes.h"

namespace credchain::ledger {

class LatestValueCache;
class NodeCache;
class StateKeyFilter;
struct TreeAccess;

struct StateTreeOptions {
  // Decoded internal nodes read from the store, kept in memory for reads and proofs
  // (ledger/node_cache.h; direct-mapped; a node is 80 bytes and 40 a child, so up to ~50 MiB
  // when full of 16-child nodes, a fraction of that with the few children of deeper ones).
  size_t node_cache_entries = size_t{1} << 16;
  // The newest internal node of every path this deep or shallower stays in memory, so updates
  // read those levels from the store at most once (ledger/upper_nodes.h; at most 4). At 4:
  // 69,905 slots (1.7 MiB), and nodes of ~40 bytes a child: ~30 MiB for a tree of 500,000
  // keys, at most ~50 MiB once every node of depth 4 has all 16 children (millions of keys).
  size_t upper_node_depth = 4;
  // Newest values of recently read or written keys, answering reads at the latest version
  // without a store seek (ledger/latest_value_cache.h); 0 disables it. Slots of 80 bytes (10 MiB
  // at 131,072) plus the values they hold, a few hundred bytes each: up to ~45 MiB when full.
  // 32,768 slots were too few for 20,000 senders, whose sequences, key sets and id-log heads
  // then came from LevelDB on most reads (docs/PERFORMANCE.md, stop 39).
  size_t value_cache_entries = size_t{1} << 17;
  // The first layer of the filter of keys ever written (ledger/state_key_filter.h), which
  // answers most reads of a key never written without a store lookup: 1.5 MiB per million
  // keys, growing as keys are added. 0 disables it.
  size_t key_filter_initial_keys = size_t{1} << 20;
  // Opening a store without a complete newest-value index (ADR 0011) rebuilds it, writing at
  // most this many index records per synced batch.
  size_t newest_index_rebuild_chunk = 100'000;
  // K: nodes are written at versions that are multiples of K and held in memory between (ADR
  // 0020). 1 writes every version's nodes. Larger K writes less (the newest node of each path
  // once per interval instead of every version's) and holds up to 2K versions of nodes in
  // memory; a restart redoes the tree updates of at most 2K - 1 versions. 0 is taken as 1.
  uint64_t node_write_interval = 16;
  // A checkpoint also comes early, at the first version after the nodes held since the last
  // one reach this many, which bounds the memory of the two intervals when blocks are large
  // (intervals of 16 blocks of ~2,000 transactions from 20,000 senders held up to ~600,000
  // nodes and took a node past 500 MiB, docs/PERFORMANCE.md stop 38). 0: no bound.
  size_t max_interval_nodes = 150'000;
};

// The result of PrepareUpdate: the new root and every record that makes it durable.
struct PreparedUpdate {
  std::optional<uint64_t> base_version;  // nullopt: the first version, on an empty tree
  uint64_t version = 0;
  core::Bytes32 root{};
  WriteBatch batch;  // new nodes, values, stale index, root record, latest-version record
  StateDelta delta;  // what the version changes; MarkCommitted refreshes the value cache with it
  // A checkpoint writes its tree's nodes; other versions keep theirs in memory (ADR 0020).
  bool checkpoint = true;
  // The nodes the version made, decoded, which MarkCommitted keeps in memory (empty for a
  // checkpoint of a tree that writes every version's nodes).
  DecodedNodes nodes;
  size_t keys_changed = 0;
  size_t nodes_written = 0;  // nodes the version made (a checkpoint writes some older ones too)
};

struct ProvenValue {
  std::optional<core::Bytes> value;  // nullopt: absent
  SmtProof proof;
};

class StateTree {
 public:
  // Opens the tree stored in `store` (which must outlive it). A new store becomes an empty tree
  // with no version. A store whose newest-value index is missing or behind its latest version
  // (written by an older build) gets the index rebuilt from the value index first, in one synced
  // write. Opening then reads the whole index into the filter of written keys (about 0.4 s
  // per million keys on LevelDB: BM_SmtOpenLevelDb). Errors: failed_precondition if the store
  // holds a tree of another suite; data_loss if its metadata, value index or newest-value
  // index is corrupt; storage errors.
  static core::Result<std::unique_ptr<StateTree>> Open(KvStore* store, crypto::HashSuite suite,
                                                       const StateTreeOptions& options = {});
  ~StateTree();
  StateTree(const StateTree&) = delete;
  StateTree& operator=(const StateTree&) = delete;

  crypto::HashSuite suite() const { return suite_; }
  // The newest committed version; nullopt before the first commit.
  std::optional<uint64_t> latest_version() const;
  // The oldest version still readable (0 until something is pruned).
  uint64_t oldest_version() const { return oldest_.load(); }

  // The newest version whose whole tree is in the store (nullopt before the first commit);
  // the versions after it have their nodes in memory.
  std::optional<uint64_t> last_checkpoint() const;
  // The checkpoint Open rebuilds the newest versions from: the one before the last, or the last
  // when no version lies between the two (always, with a write interval of 1). Pruning stops
  // here (0 before the first commit).
  uint64_t prune_limit() const;

  // Root hash of `version`; works for every committed version, pruned ones included.
  // Errors: not_found for a version never committed.
  core::Result<core::Bytes32> RootHash(uint64_t version) const;

  // The value of `key` at `version`. Errors: not_found (version not committed yet),
  // failed_precondition (version pruned), data_loss, io_error.
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32& key, uint64_t version) const;
  // Inclusion or exclusion proof of `key` at `version`, checkable with VerifySmtProof against
  // RootHash(version). Errors as Get, and failed_precondition for a version whose nodes are
  // neither written nor in memory (between two checkpoints, older than the one before the last).
  core::Result<SmtProof> Prove(const core::Bytes32& key, uint64_t version) const;
  core::Result<ProvenValue> GetWithProof(const core::Bytes32& key, uint64_t version) const;

  // A StateReader over `version` for contracts/ (reads fail once the version is pruned). The
  // reader must not outlive the tree. Errors: as Get, checked now.
  core::Result<std::unique_ptr<StateReader>> ReaderAt(uint64_t version) const;

  // Computes version base + 1 (or 0 on an empty tree when base is nullopt) = `base` with `delta`
  // applied, WITHOUT writing. Errors: failed_precondition unless base is the latest version;
  // data_loss / io_error from reading nodes.
  core::Result<PreparedUpdate> PrepareUpdate(std::optional<uint64_t> base_version,
                                             const StateDelta& delta) const;
  // The same, moving `delta` into the result's delta instead of copying it (a block's delta is
  // thousands of keys and values).
  core::Result<PreparedUpdate> PrepareUpdate(std::optional<uint64_t> base_version,
                                             StateDelta&& delta) const;
  // Hands back the batch of a PreparedUpdate once it is written (or dropped): the next
  // PrepareUpdate builds its batch in this one's buffer. A version's batch is megabytes (tens at
  // a checkpoint), and a fresh buffer was regrown and page-faulted in on every version
  // (docs/PERFORMANCE.md, stop 40). Keeps one buffer, the larger, of at most
  // kMaxSpareBatchBytes; thread-safe.
  void RecycleBatch(WriteBatch batch) const;
  static constexpr size_t kMaxSpareBatchBytes = size_t{32} << 20;
  // Records that `update.batch` is durable: update.version becomes the latest (and the keys of
  // update.delta read their new values). CHECKs that it extends the latest version (calling
  // it otherwise is a bug).
  void MarkCommitted(const PreparedUpdate& update);
  // Writes update.batch with `durability` and marks it committed. Errors: failed_precondition
  // if it no longer extends the latest version; storage errors (nothing marked).
  core::Status Commit(const PreparedUpdate& update, Durability durability);

  // Records deleting what versions < `keep_from` alone needed, processing whole versions until
  // about `max_entries` records; the batch also stores keep_from as the oldest readable
  // version. Before writing it call RetireVersionsBefore(keep_from). keep_from must be
  // <= latest; pruning stops at prune_limit() (the versions after it are rebuilt from it), so
  // a larger keep_from is lowered to it, here and in RetireVersionsBefore. Errors:
  // invalid_argument, storage errors.
  core::Result<WriteBatch> PreparePrune(uint64_t keep_from, size_t max_entries) const;
  // Makes versions < keep_from unreadable from now on (readers in flight fail cleanly).
  void RetireVersionsBefore(uint64_t keep_from);
  // PreparePrune + RetireVersionsBefore + write, in one call.
  core::Status Prune(uint64_t keep_from, size_t max_entries, Durability durability);

 private:
  friend struct TreeAccess;
  StateTree(KvStore* store, crypto::HashSuite suite, const StateTreeOptions& options);
  core::Status CheckReadable(uint64_t version) const;
  // Open's last step: the nodes of the versions after the checkpoint `previous`, from their
  // changed-key records, `last` being the checkpoint after it.
  core::Status RebuildPendingNodes(uint64_t previous, uint64_t last);
  core::Status RebuildVersion(uint64_t version, core::ByteView keys);
  // Offers a committed version's nodes to upper_.
  void OfferUpperNodes(const DecodedNodes& nodes);
  // Prove without the diagnosis of a missing node.
  core::Result<SmtProof> ProveKept(const core::Bytes32& key, uint64_t version) const;
  // Whether `version`'s root node is written or in memory.
  core::Result<bool> RootNodeKept(uint64_t version) const;

  KvStore* store_;
  crypto::HashSuite suite_;
  std::unique_ptr<NodeCache> cache_;
  std::unique_ptr<UpperNodes> upper_;         // the newest node of each upper path
  std::unique_ptr<LatestValueCache> values_;  // created by Open, which knows the latest version
  std::unique_ptr<StateKeyFilter> keys_;      // filled by Open from the newest-value index
  std::unique_ptr<PendingNodes> pending_;     // nodes since the checkpoint before the last
  const uint64_t write_interval_;             // K, >= 1
  const size_t max_interval_nodes_;
  std::atomic<int64_t> latest_{-1};           // -1 = no version yet
  std::atomic<int64_t> last_checkpoint_{-1};  // -1 = no version yet
  std::atomic<uint64_t> previous_checkpoint_{0};
  std::atomic<uint64_t> oldest_{0};
  mutable std::mutex spare_mu_;
  mutable WriteBatch spare_batch_;  // guarded by spare_mu_; see RecycleBatch
};

}  // namespace credchain::ledger

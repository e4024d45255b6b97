// SplitKvStore: one KvStore over two, with the records whose keys start with one byte (the
// state tree's nodes, ledger/storage_layout.h kTreeNode) kept in a store of their own.
//
// Why: tree nodes are keyed by (version, path), so each block's nodes arrive above every node
// already stored. In a database of their own, LevelDB moves such tables down its levels without
// rewriting them; mixed with the randomly keyed records (values, indexes) every table spans the
// whole keyspace and each compaction rewrites them again (docs/adr/0016).
//
// The contract is narrower than KvStore's, and fits the tree's nodes:
//   - a side key (one that starts with the side prefix) is never read unless a main record that
//     names it has been read first, and
//   - a side key is never written with a value other than the one such a main record expects.
// Under it, readers see every batch as atomic: Write applies a batch's side puts first (synced),
// then its main part with the caller's durability, then its side deletes (each side key ends as
// its last operation in the batch left it, as in any KvStore). A crash between the
// steps leaves either side puts that no main record names yet (written again, identically, when
// the block is committed again) or side records that no main record names any more (deleted
// records that stay behind: space, never a wrong read).
//
// A scan over a range that crosses the side prefix returns main's keys below it, then the
// side's, then main's above it, from a snapshot of both: one ordered, consistent scan. A snapshot
// takes main's snapshot before the side's, so every side record a main record in it names is in the
// side snapshot.
//
// Thread safety: as the two stores (concurrent readers and writers; writes are serialised here so
// that the three steps of two batches do not interleave).
#pragma once

#include <cstdint>
#include <memory>

#include "core/result.h"
#include "ledger/kv_store.h"

namespace credchain::ledger {

// Opens the split over `main` and `side`, routing keys that start with `side_prefix` to `side`.
// A store written before the split (records with the prefix in `main`) is migrated first: those
// records are copied to `side` (synced), then deleted from `main`; a crash during it leaves both
// copies, and the next open finishes the move. Errors: those of the stores' reads and writes.
core::Result<std::unique_ptr<KvStore>> OpenSplitKvStore(std::unique_ptr<KvStore> main,
                                                        std::unique_ptr<KvStore> side,
                                                        uint8_t side_prefix);

}  // namespace credchain::ledger

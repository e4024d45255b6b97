// LevelDB-backed KvStore: the embedded store of every node (DESIGN.md §5).
//
// The database lives in one directory. LevelDB holds an exclusive lock on <dir>/LOCK while it is
// open, so a second process (or a second open in this process) on the same directory fails with
// failed_precondition instead of corrupting it. The store opens with paranoid checks (corruption
// found while opening or compacting is an error, not silently skipped) and verifies block
// checksums on reads. Durability is LevelDB's: Durability::kSync fsyncs the log.
// Thread safety: as KvStore (LevelDB serialises writers internally).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"
#include "ledger/kv_store.h"

namespace credchain::ledger {

// The memory a store may hold: the block cache, plus up to two memtables (the one being written
// and the one being flushed), plus the index and filter blocks of its open tables (not counted
// by MemoryBytes). The node opens its two stores with smaller sizes than these defaults
// (Chain::OpenInDirectory), which keep its memory within budget.
struct LevelDbOptions {
  bool create_if_missing = true;
  // Decoded SST blocks kept in memory. 32 MiB (was 128) with the smaller node cache committed
  // as fast in 60-second runs at 2,500 tx/s and peaked 40-70 MiB lower per node.
  size_t block_cache_bytes = size_t{32} << 20;
  size_t write_buffer_bytes = size_t{64} << 20;  // memtable size before a flush to level 0
  size_t max_file_bytes = size_t{16} << 20;      // target SST size; fewer files per GB
  int max_open_files = 1000;
  int bloom_bits_per_key = 10;  // point lookups of absent keys mostly skip disk; 0 = off
  // Read table files through mappings (LevelDB's default) instead of pread (ledger/
  // leveldb_env.h): mapped pages count in the node's RSS.
  bool mmap_reads = false;
};

// Opens the database in `dir`. Errors: failed_precondition when the directory is locked by
// another process or handle; not_found when it does not exist and create_if_missing is false;
// data_loss when LevelDB reports corruption; io_error for other OS failures.
core::Result<std::unique_ptr<KvStore>> OpenLevelDbKvStore(const std::string& dir,
                                                          const LevelDbOptions& options = {});

}  // namespace credchain::ledger

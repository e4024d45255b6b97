// A LevelDB Env that reads table files with pread(2) instead of mapping them.
//
// LevelDB's default Env on 64-bit maps up to 1,000 table files into the process and reads them
// through the mapping. Every page a read touches then counts in the node's resident set until the
// kernel reclaims it, so a node's RSS grew with its data: 611-673 MiB after 90 s at 3,000 tx/s,
// of which about 265 MiB was the node's own memory (docs/PERFORMANCE.md, stop 26; ADR 0015).
// With pread the same pages stay in the kernel's page cache, outside the process, and LevelDB's
// block cache (LevelDbOptions::block_cache_bytes) is the node's only cache of table data.
// Each open table holds one descriptor (LevelDB keeps up to max_open_files tables open); when
// the process runs out, a table is opened through LevelDB's default Env instead. Everything
// else is LevelDB's default Env.
// Thread safety: as leveldb::Env (Read is safe to call concurrently).
#pragma once

namespace leveldb {
class Env;
}  // namespace leveldb

namespace credchain::ledger {

// The process-wide instance; it lives until exit, as leveldb::Env::Default() does.
leveldb::Env* PreadEnv();

}  // namespace credchain::ledger

// The LevelDB Env of the node's stores: LevelDB's default Env with two changes to table files
// and its background thread at a lower priority.
//
// Reads (ADR 0015). LevelDB's default Env on 64-bit maps up to 1,000 table files into the process
// and reads them through the mapping. Every page a read touches then counts in the node's
// resident set until the kernel reclaims it, so a node's RSS grew with its data: 611-673 MiB after
// 90 s at 3,000 tx/s, of which about 265 MiB was the node's own memory (docs/PERFORMANCE.md, stop
// 26). With TableReads::kPread the same pages stay in the kernel's page cache, outside the
// process, and LevelDB's block cache (LevelDbOptions::block_cache_bytes) is the node's only cache
// of table data. Each open table holds one descriptor (LevelDB keeps up to max_open_files tables
// open); when the process runs out, a table is opened through the default Env instead.
//
// Writes (ADR 0017). LevelDB flushes a table it builds after every block (about 4 KiB), so each
// block is one write(2) that ends mid-page. On this kernel's ext4 such writes spend their time
// zeroing page-cache folios: writing a file in 4,100-byte pieces took about four times the CPU of
// 64-KiB pieces (docs/PERFORMANCE.md, stop 27). Table files here are written in
// kTableWriteBytes pieces: Flush() only hands the file a full buffer, Sync() and Close() write
// the rest. A table is read only after it was synced and closed (LevelDB references it in its
// manifest after that), so holding its tail in memory until then changes nothing a reader sees.
// The log and the manifest keep LevelDB's own writes: their Flush() is what makes an unsynced
// batch survive a process crash.
//
// Background work (ADR 0018). LevelDB flushes memtables and compacts tables on one background
// thread per process, at the priority of the node's threads. A flush or compaction takes a core
// for seconds, and on a machine whose cores the consensus thread needs, each one stretched the
// rounds in progress: at 3,000 tx/s on 2 cores, p99 commit latency was 2.0-3.7 s. Work scheduled
// through this Env runs with that thread at nice kBackgroundNice, so the node's consensus,
// verification and network threads get the CPU first and LevelDB takes what they leave. LevelDB
// still stalls writers when level 0 fills up, so it cannot fall behind without bound.
//
// Everything else is LevelDB's default Env. Thread safety: as leveldb::Env.
#pragma once

#include <cstddef>

namespace leveldb {
class Env;
}  // namespace leveldb

namespace credchain::ledger {

enum class TableReads { kPread, kMapped };

inline constexpr size_t kTableWriteBytes = size_t{256} << 10;
// The nice value of LevelDB's background thread (flushes and compactions): lower priority than
// the node's own threads, never higher than it had.
inline constexpr int kBackgroundNice = 10;
// The name that thread gets (top -H, perf, /proc/<pid>/task/<tid>/comm, testnet/load.sh).
inline constexpr char kBackgroundThreadName[] = "leveldb";

// The process-wide instance for `reads`; it lives until exit, as leveldb::Env::Default() does.
leveldb::Env* NodeLevelDbEnv(TableReads reads);

}  // namespace credchain::ledger

// What durability costs a vote (DESIGN.md §8, issue 7): before a replica's vote leaves, the
// block it votes for (StoredBlock, with its QC) and the safety state must be durable.
// BM_LogStoreVote times what the node does: LogSafetyStore::StoreVote, one record appended to
// the safety log and one fdatasync (docs/adr/0008), with the prune the node appends after each
// executed block. BM_FileStoreVote times the earlier layout in the same run: FileSafetyStore
// writes the block and then the state, each as temp file, fsync, rename, directory fsync
// (BM_StoreSafetyState and BM_StoreVotedBlock time the two halves). The floors: the same POSIX
// calls on a buffer of the same size (BM_RawDurableWrite, BM_RawAppendDatasync).
// The files go to $CREDCHAIN_BENCH_DIR (default: the current directory), which must be on the
// disk a node would use: a tmpfs makes fsync free and the numbers meaningless.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "consensus/file_safety_store.h"
#include "consensus/log_safety_store.h"
#include "core/check.h"

namespace {

using namespace credchain;
using namespace credchain::consensus;
namespace fs = std::filesystem;

fs::path BenchDir(const std::string& name) {
  const char* base = std::getenv("CREDCHAIN_BENCH_DIR");
  fs::path dir = fs::path(base != nullptr ? base : ".") / ("credchain_bench_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A QC over 3 of 4 validators (the bytes are what matters for the write, not validity).
ledger::QuorumCert SampleQc() {
  ledger::QuorumCert qc;
  qc.epoch = 1;
  qc.round = 41;
  qc.block_id.fill(7);
  qc.signer_bitmap = {0x07};
  for (int i = 0; i < 3; ++i) {
    crypto::Signature sig;
    sig.bytes.fill(static_cast<uint8_t>(i + 100));
    qc.signatures.push_back(sig);
  }
  return qc;
}

// A block of `tx_count` transactions of 300 payload bytes each (an anchor-sized transaction).
StoredBlock SampleBlock(int tx_count) {
  StoredBlock stored;
  stored.block.header.height = 42;
  stored.block.header.round = 42;
  for (int i = 0; i < tx_count; ++i) {
    ledger::SignedTx tx;
    tx.tx.chain_id = "bench-chain";
    tx.tx.sequence = static_cast<uint64_t>(i + 1);
    tx.tx.payload.assign(300, static_cast<uint8_t>(i));
    stored.block.txs.push_back(std::move(tx));
  }
  stored.qc = SampleQc();
  return stored;
}

void BM_StoreSafetyState(benchmark::State& state) {
  const fs::path dir = BenchDir("state");
  FileSafetyStore store((dir / "safety_state").string());
  SafetyState s;
  s.epoch = 1;
  s.highest_qc = SampleQc();
  for (auto _ : state) {
    ++s.last_voted_round;
    CHECK_OK(store.Store(s));
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_StoreSafetyState)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_StoreVotedBlock(benchmark::State& state) {
  const fs::path dir = BenchDir("blocks");
  FileSafetyStore store((dir / "safety_state").string());
  StoredBlock block = SampleBlock(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    ++block.block.header.height;  // a new file each time, as for each voted block
    CHECK_OK(store.StoreBlock(block));
  }
  core::Writer w;
  block.EncodeTo(w);
  state.counters["bytes"] = static_cast<double>(w.bytes().size());
  fs::remove_all(dir);
}
BENCHMARK(BM_StoreVotedBlock)
    ->Arg(0)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

SafetyState SampleState() {
  SafetyState s;
  s.epoch = 1;
  s.highest_qc = SampleQc();
  return s;
}

// One vote as the node makes it: the voted block and the new state in one durable write.
void BM_LogStoreVote(benchmark::State& state) {
  const fs::path dir = BenchDir("log");
  auto store = LogSafetyStore::Open(dir.string());
  CHECK_OK(store.status());
  StoredBlock block = SampleBlock(static_cast<int>(state.range(0)));
  SafetyState s = SampleState();
  for (auto _ : state) {
    ++block.block.header.height;
    ++s.last_voted_round;
    CHECK_OK((*store)->StoreVote({&block, 1}, s));
    // The node prunes after executing; keeps the log's contents as small as on a node.
    CHECK_OK((*store)->PruneBlocks(block.block.header.height - 2));
  }
  state.counters["syncs_per_vote"] =
      static_cast<double>((*store)->syncs()) / static_cast<double>(state.iterations());
  state.counters["compactions"] = static_cast<double>((*store)->compactions());
  fs::remove_all(dir);
}
BENCHMARK(BM_LogStoreVote)
    ->Arg(0)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// The same vote with the earlier layout: the block file, then the state file.
void BM_FileStoreVote(benchmark::State& state) {
  const fs::path dir = BenchDir("files");
  FileSafetyStore store((dir / "safety_state").string());
  StoredBlock block = SampleBlock(static_cast<int>(state.range(0)));
  SafetyState s = SampleState();
  for (auto _ : state) {
    ++block.block.header.height;
    ++s.last_voted_round;
    CHECK_OK(store.StoreVote({&block, 1}, s));
    CHECK_OK(store.PruneBlocks(block.block.header.height - 2));
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_FileStoreVote)
    ->Arg(0)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// The log's floor: append `bytes` to an open file and fdatasync it.
void BM_RawAppendDatasync(benchmark::State& state) {
  const fs::path dir = BenchDir("raw_append");
  const std::vector<uint8_t> buffer(static_cast<size_t>(state.range(0)), 0x5a);
  const int fd = ::open((dir / "log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  CHECK(fd >= 0);
  for (auto _ : state) {
    CHECK(::write(fd, buffer.data(), buffer.size()) == static_cast<ssize_t>(buffer.size()));
    CHECK(::fdatasync(fd) == 0);
  }
  ::close(fd);
  fs::remove_all(dir);
}
BENCHMARK(BM_RawAppendDatasync)
    ->Arg(1024)
    ->Arg(48 << 10)
    ->Arg(440 << 10)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// The floor: write `bytes` to a temp file, fsync it, rename it over the target, fsync the dir.
void BM_RawDurableWrite(benchmark::State& state) {
  const fs::path dir = BenchDir("raw");
  const std::string tmp = (dir / "f.tmp").string();
  const std::string target = (dir / "f").string();
  const std::vector<uint8_t> buffer(static_cast<size_t>(state.range(0)), 0x5a);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  CHECK(dir_fd >= 0);
  for (auto _ : state) {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(::write(fd, buffer.data(), buffer.size()) == static_cast<ssize_t>(buffer.size()));
    CHECK(::fsync(fd) == 0);
    ::close(fd);
    CHECK(::rename(tmp.c_str(), target.c_str()) == 0);
    CHECK(::fsync(dir_fd) == 0);
  }
  ::close(dir_fd);
  fs::remove_all(dir);
}
BENCHMARK(BM_RawDurableWrite)
    ->Arg(512)
    ->Arg(32 << 10)
    ->Arg(320 << 10)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace

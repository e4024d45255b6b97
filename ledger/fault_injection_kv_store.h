// FaultInjectionKvStore: a KvStore for crash tests that models what a power loss does to LevelDB.
//
// It keeps two states: what is durable (every batch up to and including the last synced one) and
// the batches written since without sync. Reads see everything written (the OS view). Then:
//   - SimulateProcessCrash(): a process crash loses nothing (LevelDB's log is in the page cache);
//   - SimulatePowerLoss(keep): the durable state plus only the first `keep` unsynced batches
//     survive, i.e. any suffix of the unsynced batches is lost, never a part of one batch;
//   - CrashAtWrite(n): the n-th Write from now never completes: its batch becomes the newest
//     unsynced batch even if it asked for a sync, the call fails with io_error, and every call
//     fails until the test simulates the crash. Models dying inside write()/fsync().
// FailReads(true) models a disk that cannot be read: Get and Scan fail with io_error until
// FailReads(false), and change nothing.
// After a simulated crash the test reopens its components over the same store object, as a
// restarted process would. Thread safety: all methods may be called concurrently (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "ledger/kv_store.h"
#include "ledger/mem_kv_store.h"

namespace credchain::ledger {

enum class InFlightWrite { kKeep, kDrop };

class FaultInjectionKvStore : public KvStore {
 public:
  FaultInjectionKvStore() = default;

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override;
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override;
  core::Status Write(const WriteBatch& batch, Durability durability) override;
  std::unique_ptr<KvReader> NewSnapshot() const override;

  // Arms a crash at the n-th Write call from now (n >= 1); 0 disarms.
  void CrashAtWrite(uint64_t n);
  // Restart after a process crash: every written batch is kept; the batch of a write that
  // crashed in flight is kept or dropped as told (a torn log record is dropped on recovery).
  void SimulateProcessCrash(InFlightWrite in_flight);
  // Restart after a power loss: keeps the durable state and the first `keep_unsynced` unsynced
  // batches (clamped to how many there are), drops the rest.
  void SimulatePowerLoss(size_t keep_unsynced);
  // While `fail`, every Get and Scan fails with io_error; snapshots (NewSnapshot) still read.
  void FailReads(bool fail);

  size_t unsynced_batches() const;
  bool crashed() const;
  uint64_t write_calls() const;  // Write calls so far, failed ones included

 private:
  core::Status CrashedError() const;
  core::Status ReadError() const;  // under mu_: crashed, or reads failing, or Ok

  mutable std::mutex mu_;
  KvMap durable_;
  std::vector<WriteBatch> unsynced_;
  bool in_flight_ = false;  // unsynced_.back() belongs to a write that crashed
  MemKvStore live_;         // durable_ + unsynced_, what readers see
  uint64_t write_calls_ = 0;
  uint64_t crash_at_call_ = 0;  // 0 = disarmed
  bool crashed_ = false;
  bool fail_reads_ = false;
};

}  // namespace credchain::ledger

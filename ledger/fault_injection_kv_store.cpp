#include "ledger/fault_injection_kv_store.h"

#include <algorithm>

namespace credchain::ledger {

core::Status FaultInjectionKvStore::CrashedError() const {
  return core::Status::IoError("fault injection: the store crashed; simulate the restart first");
}

core::Status FaultInjectionKvStore::ReadError() const {
  if (crashed_) return CrashedError();
  if (fail_reads_) return core::Status::IoError("fault injection: read failed");
  return core::Status::Ok();
}

core::Result<std::optional<core::Bytes>> FaultInjectionKvStore::Get(core::ByteView key) const {
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(ReadError());
  return live_.Get(key);
}

core::Status FaultInjectionKvStore::Scan(const KeyRange& range, const ScanVisitor& visit) const {
  {
    std::lock_guard lock(mu_);
    RETURN_IF_ERROR(ReadError());
  }
  return live_.Scan(range, visit);
}

core::Status FaultInjectionKvStore::Write(const WriteBatch& batch, Durability durability) {
  std::lock_guard lock(mu_);
  if (crashed_) return CrashedError();
  ++write_calls_;
  if (crash_at_call_ != 0 && write_calls_ == crash_at_call_) {
    // The process dies inside this write: the batch may or may not have reached the log.
    unsynced_.push_back(batch);
    in_flight_ = true;
    crashed_ = true;
    crash_at_call_ = 0;
    return core::Status::IoError("fault injection: crashed during write");
  }
  RETURN_IF_ERROR(live_.Write(batch, durability));
  if (durability == Durability::kSync) {
    // An fsync of LevelDB's log makes every earlier write durable too.
    for (const auto& b : unsynced_) ApplyBatch(b, durable_);
    ApplyBatch(batch, durable_);
    unsynced_.clear();
  } else {
    unsynced_.push_back(batch);
  }
  return core::Status::Ok();
}

std::unique_ptr<KvReader> FaultInjectionKvStore::NewSnapshot() const {
  std::lock_guard lock(mu_);
  return live_.NewSnapshot();
}

void FaultInjectionKvStore::CrashAtWrite(uint64_t n) {
  std::lock_guard lock(mu_);
  crash_at_call_ = n == 0 ? 0 : write_calls_ + n;
}

void FaultInjectionKvStore::SimulateProcessCrash(InFlightWrite in_flight) {
  std::lock_guard lock(mu_);
  if (in_flight_ && in_flight == InFlightWrite::kDrop) unsynced_.pop_back();
  // The log survives: everything written becomes what a restarted process reads.
  KvMap state = durable_;
  for (const auto& b : unsynced_) ApplyBatch(b, state);
  // Restarting does not sync: batches stay unsynced until a later synced write covers them.
  live_.Reset(std::move(state));
  in_flight_ = false;
  crashed_ = false;
  crash_at_call_ = 0;
}

void FaultInjectionKvStore::SimulatePowerLoss(size_t keep_unsynced) {
  std::lock_guard lock(mu_);
  keep_unsynced = std::min(keep_unsynced, unsynced_.size());
  for (size_t i = 0; i < keep_unsynced; ++i) ApplyBatch(unsynced_[i], durable_);
  unsynced_.clear();
  live_.Reset(durable_);
  in_flight_ = false;
  crashed_ = false;
  crash_at_call_ = 0;
}

void FaultInjectionKvStore::FailReads(bool fail) {
  std::lock_guard lock(mu_);
  fail_reads_ = fail;
}

size_t FaultInjectionKvStore::unsynced_batches() const {
  std::lock_guard lock(mu_);
  return unsynced_.size();
}

bool FaultInjectionKvStore::crashed() const {
  std::lock_guard lock(mu_);
  return crashed_;
}

uint64_t FaultInjectionKvStore::write_calls() const {
  std::lock_guard lock(mu_);
  return write_calls_;
}

}  // namespace credchain::ledger

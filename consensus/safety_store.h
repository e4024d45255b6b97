// The safety state a validator persists before any vote, timeout or proposal leaves it, and the
// SafetyStore interface that keeps it durable.
//
// SafetyState is what makes a restart safe (DESIGN.md §8): a replica that comes back from a
// crash must never sign a vote that conflicts with one it signed before. It holds the highest
// round voted or timed out in (no second vote in it), the lock (highest QC the replica voted on
// top of or timed out with), the highest TC it acted on (so a restart resumes in its round) and
// the last round it proposed in (an honest leader never proposes twice in a round).
//
// Implementations: FileSafetyStore (consensus/file_safety_store.h, what the node uses) and
// MemorySafetyStore below (tests and the simulator; optional fault injection).
// Byte format (the file's payload): docs/consensus.md, "What is persisted".
// Thread safety: stores are used from one thread (the replica's).
#pragma once

#include <optional>

#include "consensus/messages.h"
#include "core/codec.h"
#include "core/result.h"
#include "ledger/block.h"

namespace credchain::consensus {

struct SafetyState {
  uint16_t version = 1;
  uint64_t epoch = 0;
  uint64_t last_voted_round = 0;  // highest round with a vote or timeout signed
  uint64_t last_timeout_round = 0;
  uint64_t last_proposed_round = 0;
  ledger::QuorumCert highest_qc;  // the lock
  std::optional<TimeoutCert> last_tc;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SafetyState> DecodeFrom(core::Reader& r);
  friend bool operator==(const SafetyState&, const SafetyState&) = default;
};

class SafetyStore {
 public:
  virtual ~SafetyStore() = default;
  // The last stored state; NotFound if nothing was ever stored; DataLoss if what is stored is
  // corrupt; IoError if it cannot be read.
  virtual core::Result<SafetyState> Load() = 0;
  // Returns ok only once `state` is durable (would survive a power loss). On failure Load may
  // return the previous state or this one; the caller must not sign what needed the write.
  virtual core::Status Store(const SafetyState& state) = 0;
};

// In-memory store with injectable faults that model a store that is not durable:
//   kLoseLastWriteOnCrash: SimulateCrash() forgets the most recent Store (it "was not synced");
//   kFailWrites: every Store fails with IoError (a full or broken disk).
class MemorySafetyStore final : public SafetyStore {
 public:
  enum class Fault { kNone, kLoseLastWriteOnCrash, kFailWrites };

  core::Result<SafetyState> Load() override;
  core::Status Store(const SafetyState& state) override;

  void set_fault(Fault fault) { fault_ = fault; }
  // A crash of the process using the store: applies kLoseLastWriteOnCrash.
  void SimulateCrash();
  uint64_t writes() const { return writes_; }

 private:
  Fault fault_ = Fault::kNone;
  std::optional<core::Bytes> current_;   // encoded, like a file
  std::optional<core::Bytes> previous_;  // what was there before the last write
  uint64_t writes_ = 0;
};

}  // namespace credchain::consensus

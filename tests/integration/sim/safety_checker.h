// SafetyChecker: the invariants the simulator checks after every step.
//
//   S1 no fork: for every (epoch, height), every honest replica committed the same block;
//      for every height, every honest node executed the same block with the same state root.
//   S2 prefix: each honest node's executed chain is contiguous (heights 0..h, each block the
//      child of the previous), so with S1 every honest chain is a prefix of another.
//   S4 no honest equivocation: no honest key signs two votes for different blocks in one
//      round, or a vote in a round after it signed a timeout for that round.
// The first violation is kept (with the simulated time) and stops the run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "core/bytes.h"
#include "crypto/ed25519.h"

namespace credchain::consensus::sim {

class SafetyChecker {
 public:
  // A block that an honest node's replica committed (raw decision, before execution).
  void OnCommitted(size_t node, uint64_t epoch, uint64_t height, const core::Bytes32& id);
  // A block an honest node executed, with its parent and the resulting state root.
  void OnExecuted(size_t node, uint64_t height, const core::Bytes32& id,
                  const core::Bytes32& parent_id, const core::Bytes32& state_root);
  void OnVote(const crypto::PublicKey& key, uint64_t epoch, uint64_t round,
              const core::Bytes32& block_id);
  void OnTimeout(const crypto::PublicKey& key, uint64_t epoch, uint64_t round);

  void set_now(uint64_t now_ms) { now_ms_ = now_ms; }
  // Only forks (S1/S2/S3) count: proves a bug is caught by its consequence, not by S4 watching
  // the very rule it broke.
  void set_forks_only(bool forks_only) { forks_only_ = forks_only; }
  bool violated() const { return violation_.has_value(); }
  const std::string& violation() const { return *violation_; }
  uint64_t executed_blocks() const { return executed_blocks_; }

 private:
  void Fail(std::string what);

  struct Signed {
    std::optional<core::Bytes32> vote;
    bool timed_out = false;
  };
  std::map<std::pair<uint64_t, uint64_t>, core::Bytes32> committed_;      // (epoch, height) -> id
  std::map<uint64_t, std::pair<core::Bytes32, core::Bytes32>> executed_;  // height -> id, root
  std::map<size_t, std::pair<uint64_t, core::Bytes32>> tips_;             // node -> executed tip
  std::map<std::tuple<crypto::PublicKey, uint64_t, uint64_t>, Signed> signed_;
  std::optional<std::string> violation_;
  uint64_t now_ms_ = 0;
  bool forks_only_ = false;
  uint64_t executed_blocks_ = 0;
};

}  // namespace credchain::consensus::sim

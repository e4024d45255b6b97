// TimeoutCollector: gathers verified timeouts per round and forms a TimeoutCert (Jolteon) once
// a quorum of distinct validators timed out in the same round.
//
// A validator may re-send its timeout for a round with a higher QC; the collector keeps the
// first one (both are valid; either may go into the TC). Callers verify each timeout first.
// Thread safety: single-threaded (owned by the replica core).
#pragma once

#include <map>
#include <optional>

#include "consensus/messages.h"

namespace credchain::consensus {

class TimeoutCollector {
 public:
  struct Added {
    bool duplicate = false;
    size_t count = 0;               // distinct signers for this round so far
    std::optional<TimeoutCert> tc;  // formed by this timeout (once per round)
  };

  // `epoch` is the current epoch (effective QC rounds are computed in it).
  Added Add(const Timeout& timeout, size_t signer_index, size_t quorum, uint64_t epoch);
  // True if exactly this timeout was added before (a network duplicate).
  bool Seen(const Timeout& timeout, size_t signer_index) const;
  void PruneBelow(uint64_t round);
  void Clear() { rounds_.clear(); }

 private:
  struct RoundTimeouts {
    std::map<size_t, Timeout> by_signer;
    bool certified = false;
  };
  std::map<uint64_t, RoundTimeouts> rounds_;
};

}  // namespace credchain::consensus

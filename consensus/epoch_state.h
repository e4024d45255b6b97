// The current epoch as the replica sees it: its validator set, its leader schedule, its root
// block, and the checks of quorum and timeout certificates against it.
//
// Leaders: round-robin, leader(epoch, round) = validators[(epoch + round) mod n].
// QC acceptance in epoch e:
//   - a QC of epoch e is checked with ledger::VerifyQuorumCert against e's set; the genesis QC
//     (round 0, no signatures) only if it is byte-identical to the root QC we started from;
//   - a QC of epoch e-1 is accepted only if it certifies the epoch's root block (the last
//     block of epoch e-1), checked against e-1's set when known, else byte-equal to root QC.
// TC acceptance (Jolteon): epoch e, distinct members, at least a quorum, each signer's high-QC
// round below the TC round and its timeout signature valid, and the carried high_qc is valid
// with effective round equal to the maximum reported.
// Verified certificates are remembered (by digest of their encoding) so the same QC carried by
// many messages costs one verification. Thread safety: single-threaded (owned by Replica).
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "consensus/messages.h"
#include "core/result.h"
#include "crypto/hash.h"
#include "ledger/block.h"
#include "ledger/validator_set.h"

namespace credchain::consensus {

struct ChainParams {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
};

class EpochState {
 public:
  // `root` is the last committed, executed block the epoch builds on (genesis, a restart
  // point, or the previous epoch's last block); `root_qc` certifies it.
  EpochState(ChainParams chain, ledger::ValidatorSet validators,
             std::optional<ledger::ValidatorSet> previous, const ledger::Block& root,
             ledger::QuorumCert root_qc);

  uint64_t epoch() const { return validators_.epoch; }
  const ChainParams& chain() const { return chain_; }
  const ledger::ValidatorSet& validators() const { return validators_; }
  const std::optional<ledger::ValidatorSet>& previous_validators() const { return previous_; }
  const core::Bytes32& validator_set_hash() const { return set_hash_; }
  const core::Bytes32& root_id() const { return root_id_; }
  const ledger::QuorumCert& root_qc() const { return root_qc_; }
  size_t quorum() const { return validators_.quorum(); }
  size_t max_faulty() const { return validators_.max_faulty(); }

  std::optional<size_t> IndexOf(const crypto::PublicKey& key) const;
  const crypto::PublicKey& LeaderOf(uint64_t round) const;
  uint64_t EffectiveRound(const ledger::QuorumCert& qc) const {
    return EffectiveQcRound(qc, epoch());
  }

  // Ok or Rejected(kBadQuorumCert, reason).
  core::Status VerifyQc(const ledger::QuorumCert& qc);
  // Ok or Rejected(kBadQuorumCert, reason) (a TC is a quorum certificate of timeouts).
  core::Status VerifyTc(const TimeoutCert& tc);

  // Ed25519 verifications performed so far (for metrics and benchmarks).
  uint64_t signatures_verified() const { return signatures_verified_; }

 private:
  bool Cached(const core::Bytes32& digest) const { return verified_.count(digest) != 0; }
  void Remember(const core::Bytes32& digest);
  core::Status VerifyQcUncached(const ledger::QuorumCert& qc);

  ChainParams chain_;
  ledger::ValidatorSet validators_;
  std::optional<ledger::ValidatorSet> previous_;
  core::Bytes32 set_hash_{};
  core::Bytes32 root_id_{};
  ledger::QuorumCert root_qc_;
  std::map<crypto::PublicKey, size_t> index_;
  std::set<core::Bytes32> verified_;
  std::deque<core::Bytes32> verified_order_;
  uint64_t signatures_verified_ = 0;
};

}  // namespace credchain::consensus

#include "consensus/epoch_state.h"

#include <bit>

#include "consensus/mutation.h"
#include "core/check.h"

namespace credchain::consensus {
namespace {

constexpr size_t kVerifiedCacheSize = 512;

core::Status BadCert(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kBadQuorumCert, std::move(detail));
}

template <typename T>
core::Bytes32 Digest(const T& value) {
  return crypto::Sha256(core::EncodeToBytes(value));
}

}  // namespace

EpochState::EpochState(ChainParams chain, ledger::ValidatorSet validators,
                       std::optional<ledger::ValidatorSet> previous, const ledger::Block& root,
                       ledger::QuorumCert root_qc)
    : chain_(std::move(chain)),
      validators_(std::move(validators)),
      previous_(std::move(previous)),
      root_id_(ledger::BlockId(root.header)),
      root_qc_(std::move(root_qc)) {
  CHECK(!validators_.validators.empty());
  set_hash_ = validators_.Hash(chain_.suite);
  for (size_t i = 0; i < validators_.size(); ++i) index_[validators_.validators[i].key] = i;
}

std::optional<size_t> EpochState::IndexOf(const crypto::PublicKey& key) const {
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const crypto::PublicKey& EpochState::LeaderOf(uint64_t round) const {
  const uint64_t n = validators_.size();
  if constexpr (kMutation == Mutation::kLeaderIgnoresEpoch)
    return validators_.validators[round % n].key;
  // (epoch + round) mod n without overflow.
  return validators_.validators[(epoch() % n + round % n) % n].key;
}

void EpochState::Remember(const core::Bytes32& digest) {
  if (verified_.insert(digest).second) {
    verified_order_.push_back(digest);
    if (verified_order_.size() > kVerifiedCacheSize) {
      verified_.erase(verified_order_.front());
      verified_order_.pop_front();
    }
  }
}

core::Status EpochState::VerifyQc(const ledger::QuorumCert& qc) {
  if (qc == root_qc_) return core::Status::Ok();
  const core::Bytes32 digest = Digest(qc);
  if (Cached(digest)) return core::Status::Ok();
  RETURN_IF_ERROR(VerifyQcUncached(qc));
  Remember(digest);
  return core::Status::Ok();
}

core::Status EpochState::VerifyQcUncached(const ledger::QuorumCert& qc) {
  if (qc.IsGenesis()) {
    return BadCert("quorum cert: genesis QC that is not this epoch's root QC");
  }
  const ledger::ValidatorSet* set = nullptr;
  if (qc.epoch == epoch()) {
    set = &validators_;
  } else if (qc.epoch + 1 == epoch() && qc.block_id == root_id_) {
    if (!previous_) return BadCert("quorum cert: previous epoch's set unknown");
    set = &*previous_;
  } else {
    return BadCert("quorum cert: epoch " + std::to_string(qc.epoch) + " not acceptable in epoch " +
                   std::to_string(epoch()));
  }
  signatures_verified_ += qc.signatures.size();
  return ledger::VerifyQuorumCert(qc, *set, chain_.chain_id);
}

core::Status EpochState::VerifyTc(const TimeoutCert& tc) {
  const core::Bytes32 digest = Digest(tc);
  if (Cached(digest)) return core::Status::Ok();
  if (tc.epoch != epoch()) {
    return BadCert("timeout cert: epoch " + std::to_string(tc.epoch) + ", expected " +
                   std::to_string(epoch()));
  }
  const size_t n = validators_.size();
  if (tc.signer_bitmap.size() > (n + 7) / 8) return BadCert("timeout cert: bitmap too long");
  size_t signers = 0;
  for (uint8_t b : tc.signer_bitmap) signers += std::popcount(b);
  if (signers != tc.signatures.size() || signers != tc.high_qc_rounds.size()) {
    return BadCert("timeout cert: entry count does not match signer bitmap");
  }
  if (signers < quorum()) {
    return BadCert("timeout cert: " + std::to_string(signers) + " signers, quorum is " +
                   std::to_string(quorum()));
  }
  size_t k = 0;
  for (size_t i = 0; i < tc.signer_bitmap.size() * 8; ++i) {
    if ((tc.signer_bitmap[i / 8] >> (i % 8) & 1) == 0) continue;
    if (i >= n) return BadCert("timeout cert: signer index outside the set");
    if (tc.high_qc_rounds[k] >= tc.round) {
      return BadCert("timeout cert: signer reports a high QC round not below the TC round");
    }
    ++signatures_verified_;
    const core::Bytes preimage =
        TimeoutSigningPreimage(chain_.chain_id, tc.epoch, tc.round, tc.high_qc_rounds[k]);
    if (!crypto::Verify(validators_.validators[i].key, preimage, tc.signatures[k])) {
      return BadCert("timeout cert: signature of validator " + std::to_string(i) +
                     " does not verify");
    }
    ++k;
  }
  if (EffectiveRound(tc.high_qc) != tc.MaxHighQcRound()) {
    return BadCert("timeout cert: carried high QC is not the highest reported");
  }
  RETURN_IF_ERROR(VerifyQc(tc.high_qc).WithContext("timeout cert high QC"));
  Remember(digest);
  return core::Status::Ok();
}

}  // namespace credchain::consensus

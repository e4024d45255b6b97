#include "node/peer_allow_list.h"

#include "core/log.h"

namespace credchain::node {

PeerAllowList::PeerAllowList(const Chain* chain, Apply apply)
    : chain_(chain), apply_(std::move(apply)) {}

core::Status PeerAllowList::Refresh(uint64_t epoch) {
  ASSIGN_OR_RETURN(ledger::ValidatorSet set, chain_->ValidatorsOf(epoch));
  std::set<crypto::PublicKey> keys;
  for (const auto& v : set.validators) keys.insert(v.key);
  std::lock_guard lock(mu_);
  if (applied_ == keys) return core::Status::Ok();
  if (applied_) {
    LOG_INFO("p2p") << "allow-list: validators of epoch " << epoch << " (" << keys.size()
                    << " keys) replace the previous " << applied_->size();
  }
  apply_(keys);
  applied_ = std::move(keys);
  return core::Status::Ok();
}

void PeerAllowList::OnCommitted(const CommittedBlock& block) {
  const uint64_t epoch =
      block.next_validators ? block.next_validators->epoch : block.block.header.epoch;
  const core::Status status = Refresh(epoch);
  if (!status.ok()) {
    LOG_ERROR("p2p") << "allow-list not refreshed at height " << block.block.header.height << ": "
                     << status.ToString();
  }
}

std::set<crypto::PublicKey> PeerAllowList::keys() const {
  std::lock_guard lock(mu_);
  return applied_.value_or(std::set<crypto::PublicKey>{});
}

}  // namespace credchain::node

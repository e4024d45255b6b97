#include "node/peer_allow_list.h"

#include "contracts/governance_observers.h"
#include "core/log.h"

namespace credchain::node {

std::set<crypto::PublicKey> AllowedPeers::All() const {
  std::set<crypto::PublicKey> all = validators;
  all.insert(observers.begin(), observers.end());
  return all;
}

PeerAllowList::PeerAllowList(const Chain* chain, Apply apply)
    : chain_(chain), apply_(std::move(apply)) {}

core::Result<AllowedPeers> PeerAllowList::Read(uint64_t epoch) const {
  AllowedPeers allowed;
  ASSIGN_OR_RETURN(ledger::ValidatorSet set, chain_->ValidatorsOf(epoch));
  for (const auto& v : set.validators) allowed.validators.insert(v.key);
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> state,
                   chain_->StateAt(chain_->Tip().height));
  ASSIGN_OR_RETURN(std::vector<crypto::PublicKey> observers,
                   contracts::ReadObserverKeys(*state, chain_->suite()));
  allowed.observers.insert(observers.begin(), observers.end());
  return allowed;
}

core::Status PeerAllowList::Refresh(uint64_t epoch) {
  ASSIGN_OR_RETURN(AllowedPeers allowed, Read(epoch));
  std::lock_guard lock(mu_);
  if (applied_ == allowed) return core::Status::Ok();
  if (applied_) {
    LOG_INFO("p2p") << "allow-list: " << allowed.validators.size() << " validators of epoch "
                    << epoch << " and " << allowed.observers.size()
                    << " registered observers replace " << applied_->validators.size() << " and "
                    << applied_->observers.size();
  }
  apply_(allowed);
  applied_ = std::move(allowed);
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

AllowedPeers PeerAllowList::allowed() const {
  std::lock_guard lock(mu_);
  return applied_.value_or(AllowedPeers{});
}

std::set<crypto::PublicKey> PeerAllowList::keys() const { return allowed().All(); }

}  // namespace credchain::node

#include "contracts/accounts.h"

#include <string>

#include "contracts/state_namespaces.h"
#include "core/check.h"

namespace credchain::contracts {

core::Result<uint64_t> LastSequence(const ContractState& state, const crypto::PublicKey& sender) {
  return state.GetU64(ns::kSequence, sender.bytes);
}

core::Result<uint64_t> LastSequence(const ledger::StateReader& state, crypto::HashSuite suite,
                                    const crypto::PublicKey& sender) {
  StateOverlay overlay(state);
  ContractState view(suite, overlay);
  return LastSequence(view, sender);
}

core::Status CheckSequence(const ContractState& state, const crypto::PublicKey& sender,
                           uint64_t sequence) {
  return CheckSequenceWithin(state, sender, sequence, 1);
}

core::Status CheckSequenceWithin(const ContractState& state, const crypto::PublicKey& sender,
                                 uint64_t sequence, uint64_t window) {
  CHECK(window >= 1);
  ASSIGN_OR_RETURN(uint64_t last, LastSequence(state, sender));
  if (sequence <= last) {
    return core::Status::Rejected(core::RejectCode::kReplay,
                                  "tx.sequence " + std::to_string(sequence) +
                                      " already used (last " + std::to_string(last) + ")");
  }
  if (sequence - last > window) {
    return core::Status::Rejected(core::RejectCode::kSequenceGap,
                                  "tx.sequence " + std::to_string(sequence) +
                                      " skips ahead (next " + std::to_string(last + 1) + ")");
  }
  return core::Status::Ok();
}

void SetLastSequence(ContractState& state, const crypto::PublicKey& sender, uint64_t sequence) {
  state.PutU64(ns::kSequence, sender.bytes, sequence);
}

}  // namespace credchain::contracts

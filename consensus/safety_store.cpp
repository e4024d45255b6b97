#include "consensus/safety_store.h"

namespace credchain::consensus {

void SafetyState::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(epoch);
  w.PutU64(last_voted_round);
  w.PutU64(last_timeout_round);
  w.PutU64(last_proposed_round);
  highest_qc.EncodeTo(w);
  w.PutBool(last_tc.has_value());
  if (last_tc) last_tc->EncodeTo(w);
}

core::Result<SafetyState> SafetyState::DecodeFrom(core::Reader& r) {
  SafetyState s;
  ASSIGN_OR_RETURN(s.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(s.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(s.last_voted_round, r.ReadU64());
  ASSIGN_OR_RETURN(s.last_timeout_round, r.ReadU64());
  ASSIGN_OR_RETURN(s.last_proposed_round, r.ReadU64());
  ASSIGN_OR_RETURN(s.highest_qc, ledger::QuorumCert::DecodeFrom(r));
  ASSIGN_OR_RETURN(bool has_tc, r.ReadBool());
  if (has_tc) {
    ASSIGN_OR_RETURN(TimeoutCert tc, TimeoutCert::DecodeFrom(r));
    s.last_tc = std::move(tc);
  }
  return s;
}

core::Result<SafetyState> MemorySafetyStore::Load() {
  if (!current_) return core::Status::NotFound("safety state: nothing stored");
  auto state = core::DecodeExact<SafetyState>(*current_);
  if (!state.ok()) return core::Status::DataLoss("safety state: " + state.status().message());
  return state;
}

core::Status MemorySafetyStore::Store(const SafetyState& state) {
  if (fault_ == Fault::kFailWrites) return core::Status::IoError("safety state: injected fault");
  previous_ = current_;
  current_ = core::EncodeToBytes(state);
  ++writes_;
  return core::Status::Ok();
}

void MemorySafetyStore::SimulateCrash() {
  if (fault_ == Fault::kLoseLastWriteOnCrash && writes_ > 0) {
    current_ = previous_;
    previous_.reset();
  }
}

}  // namespace credchain::consensus

#include "credentials/status_bundle.h"

#include "core/codec.h"
#include "ledger/block.h"
#include "ledger/smt_proof.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

const ledger::ValidatorSet* TrustedValidators::ForEpoch(uint64_t epoch) const {
  for (const auto& set : epochs) {
    if (set.epoch == epoch) return &set;
  }
  return nullptr;
}

core::Result<CertifiedState> VerifyCertifiedHeader(const StatusProofBundle& bundle,
                                                   const TrustedValidators& trust) {
  auto header = core::DecodeExact<ledger::BlockHeader>(bundle.header);
  if (!header.ok()) return header.status().WithContext("status proof header");
  auto qc = core::DecodeExact<ledger::QuorumCert>(bundle.qc);
  if (!qc.ok()) return qc.status().WithContext("status proof qc");
  if (header->chain_id != trust.chain_id || header->suite != trust.suite) {
    return Status::Rejected(RejectCode::kWrongChain,
                            "status proof: header is from chain \"" + header->chain_id +
                                "\", not the trusted chain \"" + trust.chain_id + "\"");
  }
  if (qc->IsGenesis()) {
    return Status::Rejected(RejectCode::kUncertified, "status proof: genesis QC certifies nothing");
  }
  if (qc->block_id != ledger::BlockId(*header) || qc->epoch != header->epoch) {
    return Status::Rejected(RejectCode::kUncertified,
                            "status proof: the QC does not certify this header");
  }
  const ledger::ValidatorSet* validators = trust.ForEpoch(qc->epoch);
  if (validators == nullptr) {
    return Status::Rejected(
        RejectCode::kUncertified,
        "status proof: no trusted validator set for epoch " + std::to_string(qc->epoch));
  }
  if (header->validator_set_hash != validators->Hash(trust.suite)) {
    return Status::Rejected(RejectCode::kUncertified,
                            "status proof: header names another validator set");
  }
  RETURN_IF_ERROR(
      ledger::VerifyQuorumCert(*qc, *validators, trust.chain_id).WithContext("status proof"));
  return CertifiedState{header->height, header->exec_height, header->exec_state_root,
                        static_cast<int64_t>(header->timestamp_ms), header->epoch};
}

core::Status VerifyBundleEntries(const StatusProofBundle& bundle, const CertifiedState& state,
                                 crypto::HashSuite suite) {
  for (size_t i = 0; i < bundle.entries.size(); ++i) {
    const StatusProofEntry& entry = bundle.entries[i];
    const std::string what = "status proof entry " + std::to_string(i);
    auto proof = core::DecodeExact<ledger::SmtProof>(entry.proof);
    if (!proof.ok()) return proof.status().WithContext(what);
    if (proof->suite != suite) {
      return Status::Rejected(RejectCode::kWrongChain, what + ": proof of another hash suite");
    }
    std::optional<core::ByteView> value;
    if (entry.value) value = core::ByteView(*entry.value);
    RETURN_IF_ERROR(ledger::VerifySmtProof(suite, state.state_root, entry.key, value, *proof)
                        .WithContext(what));
  }
  return Status::Ok();
}

}  // namespace credchain::credentials

#include "node/rest_certified_state.h"

#include <nlohmann/json.hpp>

#include "core/codec.h"

namespace credchain::node::rest {

core::Result<CertifiedState> ReadCertifiedState(const Chain& chain) {
  const ledger::CommitPointer tip = chain.Tip();
  if (tip.height == 0) {
    return core::Status::Unavailable("no certified state yet: only genesis is committed");
  }
  ASSIGN_OR_RETURN(const ledger::BlockHeader tip_header, chain.blocks().GetHeader(tip.height));
  CertifiedState out;
  out.version = tip_header.exec_height;
  auto certificate = chain.blocks().CertifyStateRoot(out.version);
  if (!certificate.ok()) {
    if (certificate.status().code() != core::StatusCode::kNotFound) return certificate.status();
    return core::Status::Unavailable("no certified state yet: " + certificate.status().message());
  }
  out.certificate = std::move(certificate).value();
  if (out.certificate.qc.IsGenesis()) {  // nothing an offline verifier could check
    return core::Status::Unavailable("no certified state yet: only genesis is certified");
  }
  ASSIGN_OR_RETURN(out.reader, chain.StateAt(out.version));
  return out;
}

core::Result<credentials::StatusProofEntry> ProveStateKey(const Chain& chain,
                                                          const CertifiedState& state,
                                                          const core::Bytes32& key) {
  ASSIGN_OR_RETURN(ledger::ProvenValue proven, chain.state_tree().GetWithProof(key, state.version));
  return credentials::StatusProofEntry{key, std::move(proven.value),
                                       core::EncodeToBytes(proven.proof)};
}

credentials::StatusProofBundle MakeBundle(const CertifiedState& state,
                                          std::vector<credentials::StatusProofEntry> entries) {
  return credentials::StatusProofBundle{core::EncodeToBytes(state.certificate.header),
                                        core::EncodeToBytes(state.certificate.qc),
                                        std::move(entries)};
}

nlohmann::json BundleJson(const credentials::StatusProofBundle& bundle) {
  // Our own serialisation: always valid JSON (the non-throwing parse cannot fail here).
  return nlohmann::json::parse(credentials::StatusProofBundleToJson(bundle), nullptr, false);
}

}  // namespace credchain::node::rest

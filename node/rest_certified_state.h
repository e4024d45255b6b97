// The certified state the proof-carrying REST reads answer from (GET /v1/credentials/{id},
// GET /v1/status-lists/{id}): the newest state version whose root a committed header carries
// (exec_state_root for exec_height, DESIGN.md §5) together with that header and the QC over its
// block, and proofs of state values against that root. An offline verifier checks such an
// answer with nothing but the trusted validator sets (credentials/status_bundle.h).
//
// The version is the tip header's exec_height, so the answer lags the latest committed block by
// the execution delay (usually one block); every value and proof of one answer comes from that
// one version. Internal to node/.
// Thread safety: CertifiedState is a value owned by one handler call; reads may run while the
// chain commits (a version pruned meanwhile fails with failed_precondition, never a wrong proof).
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"
#include "credentials/presentation.h"
#include "ledger/block_store.h"
#include "ledger/state_view.h"
#include "node/chain.h"

namespace credchain::node::rest {

struct CertifiedState {
  uint64_t version = 0;  // the state version (block height) read
  ledger::StateRootCertificate certificate;
  std::unique_ptr<ledger::StateReader> reader;  // state `version`
};

// Unavailable while no committed header certifies a state yet (only genesis is committed, or
// only the genesis QC certifies the newest root).
core::Result<CertifiedState> ReadCertifiedState(const Chain& chain);

// An inclusion (value present) or exclusion proof of `key` at the certified version.
core::Result<credentials::StatusProofEntry> ProveStateKey(const Chain& chain,
                                                          const CertifiedState& state,
                                                          const core::Bytes32& key);

// The bundle of `entries` under the certified header and QC.
credentials::StatusProofBundle MakeBundle(const CertifiedState& state,
                                          std::vector<credentials::StatusProofEntry> entries);

// {"header", "qc", "entries"} (docs/formats/presentation.md "Status proof bundle").
nlohmann::json BundleJson(const credentials::StatusProofBundle& bundle);

}  // namespace credchain::node::rest

// Building a verifier's trust (TrustedValidators, the trust file of `credchain trust export`)
// from what a node shows about its chain, checking every validator set instead of copying it.
//
// Genesis (epoch 0): the genesis header (height 0, epoch 0) must carry the set's hash as its
// validator_set_hash. Genesis is certified by nothing but itself, so it is the one thing taken
// on trust; its block id (BlockId of the header) identifies the chain and can be pinned.
//
// Epoch e >= 1 starts with the first block after the last block h of epoch e-1 (docs/consensus.md
// "Epochs"). A node shows that block's header and the QC certifying it. The set S_e it claims
// is accepted only if
//   1. the header is of the trusted chain and suite, of epoch e, and names S_e
//      (validator_set_hash == S_e.Hash);
//   2. its parent_qc is a QC of epoch e-1, valid under the trusted S_{e-1} (the new epoch
//      extends a block the old validators certified);
//   3. the QC certifies the header (block id, epoch e) and is valid under S_e (a quorum of S_e);
//   4. that QC is signed by more than max_faulty(S_{e-1}) keys of S_{e-1}: at least one honest
//      validator of epoch e-1 signed a block naming S_e, and honest validators check the
//      header's validator-set hash against the set they executed the chain to.
// Rule 4 is the "trust level 1/3" of skipping light clients (Tendermint): it holds as long as
// at most max_faulty(S_{e-1}) keys of epoch e-1 are compromised, even after they left. A change
// that keeps fewer old keys than that among the signers cannot be followed; the export then
// stops with an error instead of trusting the set. The rule's reasons and limits: ADR 0009.
// A node can withhold epochs (the trust file then lacks them and newer bundles fail
// offline), but cannot make a forged set pass. Errors: Rejected(kWrongChain | kUncertified |
// kBadQuorumCert | kInvalidField) naming the epoch.
// Thread safety: pure functions.
#pragma once

#include "core/result.h"
#include "credentials/status_bundle.h"
#include "ledger/block.h"
#include "ledger/validator_set.h"

namespace credchain::credentials {

// What a node shows for the start of epoch `validators.epoch`.
struct EpochStart {
  ledger::ValidatorSet validators;  // the set claimed for the epoch
  ledger::BlockHeader header;       // the epoch's first block
  ledger::QuorumCert qc;            // certifies that block
};

// Trust in the chain of `genesis` (its chain id and suite) with `validators` as epoch 0.
core::Result<TrustedValidators> TrustFromGenesis(const ledger::BlockHeader& genesis,
                                                 const ledger::ValidatorSet& validators);

// Checks `start` (rules 1-4 above) against the last set of `trust`, whose epoch must be the one
// before; on success appends the new set. `trust` is unchanged on failure.
core::Status ExtendTrust(TrustedValidators& trust, const EpochStart& start);

}  // namespace credchain::credentials

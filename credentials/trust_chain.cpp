#include "credentials/trust_chain.h"

#include <algorithm>

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

namespace {

Status Refuse(RejectCode code, uint64_t epoch, const std::string& reason) {
  return Status::Rejected(code, "validator set of epoch " + std::to_string(epoch) + ": " + reason);
}

// How many of the QC's signers (bitmap over `signed_under`) hold a key of `previous`.
size_t SignersFrom(const ledger::QuorumCert& qc, const ledger::ValidatorSet& signed_under,
                   const ledger::ValidatorSet& previous) {
  size_t count = 0;
  for (size_t i = 0; i < signed_under.size(); ++i) {
    const size_t byte = i / 8;
    if (byte >= qc.signer_bitmap.size() || ((qc.signer_bitmap[byte] >> (i % 8)) & 1) == 0) {
      continue;
    }
    const crypto::PublicKey& key = signed_under.validators[i].key;
    if (previous.IndexOf(key).has_value()) ++count;
  }
  return count;
}

// Rule 1: the header is of the trusted chain, of epoch e, and names the claimed set.
Status CheckHeader(const TrustedValidators& trust, const EpochStart& start) {
  const uint64_t e = start.validators.epoch;
  const ledger::BlockHeader& h = start.header;
  if (h.chain_id != trust.chain_id || h.suite != trust.suite) {
    return Refuse(RejectCode::kWrongChain, e, "the block is of chain \"" + h.chain_id + "\"");
  }
  if (h.epoch != e) {
    return Refuse(RejectCode::kInvalidField, e,
                  "the block shown is of epoch " + std::to_string(h.epoch));
  }
  if (start.validators.validators.empty()) {
    return Refuse(RejectCode::kInvalidField, e, "the set is empty");
  }
  if (h.validator_set_hash != start.validators.Hash(trust.suite)) {
    return Refuse(RejectCode::kUncertified, e,
                  "the epoch's block names another validator set than the one shown");
  }
  return Status::Ok();
}

}  // namespace

core::Result<TrustedValidators> TrustFromGenesis(const ledger::BlockHeader& genesis,
                                                 const ledger::ValidatorSet& validators) {
  if (genesis.height != 0 || genesis.epoch != 0 || validators.epoch != 0) {
    return Refuse(RejectCode::kInvalidField, 0, "not a genesis block and epoch-0 set");
  }
  TrustedValidators trust;
  trust.chain_id = genesis.chain_id;
  trust.suite = genesis.suite;
  const EpochStart start{validators, genesis, {}};
  RETURN_IF_ERROR(CheckHeader(trust, start));
  trust.epochs.push_back(validators);
  return trust;
}

core::Status ExtendTrust(TrustedValidators& trust, const EpochStart& start) {
  const uint64_t e = start.validators.epoch;
  if (trust.epochs.empty() || trust.epochs.back().epoch + 1 != e) {
    return Refuse(RejectCode::kInvalidField, e, "epochs must follow the last trusted one");
  }
  const ledger::ValidatorSet& previous = trust.epochs.back();
  RETURN_IF_ERROR(CheckHeader(trust, start));
  // Rule 2: the epoch's first block extends a block certified by the previous epoch.
  const ledger::QuorumCert& parent = start.header.parent_qc;
  if (parent.epoch != previous.epoch || parent.block_id != start.header.parent_id) {
    return Refuse(RejectCode::kUncertified, e,
                  "the epoch's first block does not extend a block of epoch " +
                      std::to_string(previous.epoch));
  }
  Status status = ledger::VerifyQuorumCert(parent, previous, trust.chain_id);
  if (!status.ok()) return status.WithContext("epoch " + std::to_string(e) + " parent QC");
  // Rule 3: a quorum of the new set certified the block.
  if (start.qc.block_id != ledger::BlockId(start.header) || start.qc.epoch != e) {
    return Refuse(RejectCode::kUncertified, e, "the QC shown does not certify the block");
  }
  status = ledger::VerifyQuorumCert(start.qc, start.validators, trust.chain_id);
  if (!status.ok()) return status.WithContext("epoch " + std::to_string(e) + " QC");
  // Rule 4: enough of the previous validators vouch for the new set.
  const size_t old_signers = SignersFrom(start.qc, start.validators, previous);
  if (old_signers <= previous.max_faulty()) {
    return Refuse(RejectCode::kUncertified, e,
                  std::to_string(old_signers) + " of its QC's signers are validators of epoch " +
                      std::to_string(previous.epoch) + "; more than " +
                      std::to_string(previous.max_faulty()) + " are needed");
  }
  trust.epochs.push_back(start.validators);
  return Status::Ok();
}

}  // namespace credchain::credentials

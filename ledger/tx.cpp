#include "ledger/tx.h"

#include <utility>
#include <vector>

namespace credchain::ledger {
namespace {

constexpr std::pair<TxKind, std::string_view> kKindNames[] = {
    {TxKind::kGovernancePropose, "governance.propose"},
    {TxKind::kGovernanceVote, "governance.vote"},
    {TxKind::kSchemaRegister, "schema.register"},
    {TxKind::kSchemaDeprecate, "schema.deprecate"},
    {TxKind::kCredentialAnchor, "credential.anchor"},
    {TxKind::kCredentialAnchorBatch, "credential.anchor_batch"},
    {TxKind::kStatusListCreate, "status_list.create"},
    {TxKind::kStatusSet, "status.set"},
    {TxKind::kIssuerKeyRotate, "issuer_key.rotate"},
    {TxKind::kEvidenceAnchor, "evidence.anchor"},
    {TxKind::kRecordPublish, "record.publish"},
    {TxKind::kRecordCorrect, "record.correct"},
    {TxKind::kRecordWithdraw, "record.withdraw"},
    {TxKind::kCommitmentRecord, "commitment.record"},
    {TxKind::kCommitmentFulfil, "commitment.fulfil"},
    {TxKind::kCommitmentBreach, "commitment.breach"},
    {TxKind::kListInclude, "list.include"},
    {TxKind::kListRemove, "list.remove"},
    {TxKind::kListObject, "list.object"},
    {TxKind::kListObjectAnswer, "list.object_answer"},
    {TxKind::kRepairApply, "repair.apply"},
    {TxKind::kRepairDecide, "repair.decide"},
    {TxKind::kConsentGrant, "consent.grant"},
    {TxKind::kConsentRevoke, "consent.revoke"},
    {TxKind::kAccessReceipts, "access.receipts"},
};

}  // namespace

std::string_view TxKindName(TxKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

bool ParseTxKind(std::string_view name, TxKind* out) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) {
      *out = k;
      return true;
    }
  }
  return false;
}

bool IsKnownTxKind(uint16_t value) {
  for (const auto& entry : kKindNames) {
    if (static_cast<uint16_t>(entry.first) == value) return true;
  }
  return false;
}

void Tx::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(chain_id);
  w.PutFixed(sender.bytes);
  w.PutU64(sequence);
  w.PutU64(expires_at_height);
  w.PutU16(static_cast<uint16_t>(kind));
  w.PutBytes(payload);
}

core::Result<Tx> Tx::DecodeFrom(core::Reader& r) {
  Tx tx;
  ASSIGN_OR_RETURN(tx.version, r.ReadVersion(kTxFormatVersion));
  ASSIGN_OR_RETURN(tx.chain_id, r.ReadString(kMaxChainIdBytes));
  ASSIGN_OR_RETURN(tx.sender.bytes, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(tx.sequence, r.ReadU64());
  ASSIGN_OR_RETURN(tx.expires_at_height, r.ReadU64());
  ASSIGN_OR_RETURN(uint16_t kind, r.ReadU16());
  if (!IsKnownTxKind(kind)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "tx kind " + std::to_string(kind) + " is unknown");
  }
  tx.kind = static_cast<TxKind>(kind);
  ASSIGN_OR_RETURN(tx.payload, r.ReadBytes(kMaxTxBytes));
  return tx;
}

void SignedTx::EncodeTo(core::Writer& w) const {
  tx.EncodeTo(w);
  w.PutFixed(signature.bytes);
}

size_t Tx::EncodedSize() const {
  // EncodeTo's fields in order: u16 version, u32-prefixed chain_id, sender, u64 sequence,
  // u64 expires_at_height, u16 kind, u32-prefixed payload.
  return 2 + 4 + chain_id.size() + sender.bytes.size() + 8 + 8 + 2 + 4 + payload.size();
}

size_t SignedTx::EncodedSize() const { return tx.EncodedSize() + signature.bytes.size(); }

core::Result<SignedTx> SignedTx::DecodeFrom(core::Reader& r) {
  const size_t start = r.position();
  SignedTx stx;
  ASSIGN_OR_RETURN(stx.tx, Tx::DecodeFrom(r));
  ASSIGN_OR_RETURN(stx.signature.bytes, r.ReadFixed<64>());
  if (r.position() - start > kMaxTxBytes) {
    return core::Status::Rejected(core::RejectCode::kTooLarge,
                                  "signed tx exceeds " + std::to_string(kMaxTxBytes) + " bytes");
  }
  return stx;
}

core::Bytes TxSigningPreimage(const Tx& tx) {
  core::Writer w;
  // Its exact size: computed for every tx id and signature check, so one allocation, not a
  // doubling per field.
  w.Reserve(kTxDomainTag.size() + 4 + tx.chain_id.size() + tx.EncodedSize());
  w.PutFixed(core::AsBytes(kTxDomainTag));
  w.PutString(tx.chain_id);
  tx.EncodeTo(w);
  return w.Take();
}

core::Bytes32 TxId(crypto::HashSuite suite, const Tx& tx) {
  return crypto::Hash(suite, TxSigningPreimage(tx));
}

SignedTx SignTx(Tx tx, const crypto::SecretKey& key) {
  SignedTx stx{std::move(tx), {}};
  stx.signature = crypto::Sign(key, TxSigningPreimage(stx.tx));
  return stx;
}

core::Status VerifyTxSignature(const SignedTx& stx) {
  if (!crypto::Verify(stx.tx.sender, TxSigningPreimage(stx.tx), stx.signature)) {
    return core::Status::Rejected(core::RejectCode::kBadSignature,
                                  "tx signature does not verify under the sender key");
  }
  return core::Status::Ok();
}

void VerifyTxSignatures(std::span<const SignedTx* const> txs, std::span<uint8_t> ok) {
  std::vector<core::Bytes> preimages;
  preimages.reserve(txs.size());
  std::vector<crypto::VerifyRequest> requests;
  requests.reserve(txs.size());
  for (const SignedTx* stx : txs) {
    preimages.push_back(TxSigningPreimage(stx->tx));
    requests.push_back({&stx->tx.sender, preimages.back(), &stx->signature});
  }
  crypto::VerifyMany(requests, ok);
}

}  // namespace credchain::ledger

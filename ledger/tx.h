// Transactions: the signed, typed requests departments and holders append to the ledger.
//
// A Tx is an envelope {version, chain_id, sender, sequence, expires_at_height, kind, payload};
// the payload is the canonical encoding of the kind's payload struct, defined and validated by
// contracts/. The sender signs
//   "credchain/tx/v1" ‖ chain_id ‖ Encode(tx)
// and the tx id is the suite hash of that same preimage, so signatures cannot change ids.
// Replay protection: per-sender strictly increasing sequence (in state), chain id and expiry in
// the preimage. Byte format: docs/formats/tx.md.
// Thread safety: plain values.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace credchain::ledger {

inline constexpr uint16_t kTxFormatVersion = 1;
inline constexpr size_t kMaxTxBytes = 64 * 1024;  // whole encoded SignedTx
inline constexpr uint32_t kMaxChainIdBytes = 64;
inline constexpr std::string_view kTxDomainTag = "credchain/tx/v1";

// Every contract transaction. Values are stable (they are encoded); grouped by module.
enum class TxKind : uint16_t {
  kGovernancePropose = 1,
  kGovernanceVote = 2,
  kSchemaRegister = 10,
  kSchemaDeprecate = 11,
  kCredentialAnchor = 20,
  kCredentialAnchorBatch = 21,
  kStatusListCreate = 22,
  kStatusSet = 23,
  kIssuerKeyRotate = 24,
  kEvidenceAnchor = 25,
  kRecordPublish = 30,
  kRecordCorrect = 31,
  kRecordWithdraw = 32,
  kCommitmentRecord = 40,
  kCommitmentFulfil = 41,
  kCommitmentBreach = 42,
  kListInclude = 50,
  kListRemove = 51,
  kListObject = 52,
  kListObjectAnswer = 53,
  kRepairApply = 60,
  kRepairDecide = 61,
  kConsentGrant = 70,
  kConsentRevoke = 71,
  kAccessReceipts = 72,
};

// "governance.propose", "credential.anchor", ... ; "unknown" otherwise.
std::string_view TxKindName(TxKind kind);
bool ParseTxKind(std::string_view name, TxKind* out);
bool IsKnownTxKind(uint16_t value);

struct Tx {
  uint16_t version = kTxFormatVersion;
  std::string chain_id;
  crypto::PublicKey sender;
  uint64_t sequence = 0;           // must be exactly last_sequence(sender) + 1
  uint64_t expires_at_height = 0;  // last height at which the tx may be included
  TxKind kind = TxKind::kGovernancePropose;
  core::Bytes payload;

  void EncodeTo(core::Writer& w) const;
  static core::Result<Tx> DecodeFrom(core::Reader& r);
  // The size of EncodeTo's output, without encoding.
  size_t EncodedSize() const;
  friend bool operator==(const Tx&, const Tx&) = default;
};

struct SignedTx {
  Tx tx;
  crypto::Signature signature;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SignedTx> DecodeFrom(core::Reader& r);
  // The size of EncodeTo's output, without encoding (what limits in bytes count).
  size_t EncodedSize() const;
  friend bool operator==(const SignedTx&, const SignedTx&) = default;
};

// "credchain/tx/v1" ‖ u32-length-prefixed chain_id ‖ Encode(tx).
core::Bytes TxSigningPreimage(const Tx& tx);
core::Bytes32 TxId(crypto::HashSuite suite, const Tx& tx);

SignedTx SignTx(Tx tx, const crypto::SecretKey& key);
// Ok iff the signature verifies under tx.sender; Rejected(kBadSignature) otherwise.
core::Status VerifyTxSignature(const SignedTx& stx);
// ok[i] = 1 iff VerifyTxSignature(*txs[i]) is ok, for every i (crypto::VerifyMany: the
// equations share one field inversion). `ok` has as many entries as `txs`.
void VerifyTxSignatures(std::span<const SignedTx* const> txs, std::span<uint8_t> ok);

}  // namespace credchain::ledger

#include "cli/contract_ledger_codec.h"

#include "contracts/contract_state.h"
#include "contracts/credential_state.h"
#include "contracts/governance_state.h"
#include "contracts/state_namespaces.h"
#include "core/codec.h"
#include "credentials/did.h"
#include "ledger/state_view.h"

namespace credchain::cli {

namespace {

core::Status IndexTooLarge() {
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                "status index beyond the contracts' 32-bit entries");
}

// A proven state value of type T; DataLoss when the chain's bytes do not decode.
template <typename T>
core::Result<T> DecodeProven(const core::Bytes& value, std::string_view what) {
  core::Result<T> decoded = core::DecodeExact<T>(value);
  if (!decoded.ok()) {
    return core::Status::DataLoss(std::string(what) + ": " + decoded.status().message());
  }
  return decoded;
}

}  // namespace

core::Result<credentials::AnchorStateKeys> ContractLedgerCodec::AnchorKeys(
    crypto::HashSuite suite, const core::Bytes32& anchor_id) const {
  return credentials::AnchorStateKeys{
      ledger::StateKey(suite, contracts::ns::kAnchor, anchor_id),
      ledger::StateKey(suite, contracts::ns::kBatchAnchor, anchor_id)};
}

core::Result<credentials::AnchorRecord> ContractLedgerCodec::DecodeAnchor(
    std::string_view chain_id, const core::Bytes& value) const {
  ASSIGN_OR_RETURN(const contracts::AnchorRecord anchor,
                   DecodeProven<contracts::AnchorRecord>(value, "anchor record"));
  credentials::AnchorRecord out;
  out.height = anchor.height;
  out.issuer_did = credentials::IssuerDid{std::string(chain_id), anchor.department}.ToString();
  out.batch_size = anchor.batch_size;
  return out;
}

core::Result<core::Bytes32> ContractLedgerCodec::IssuerKeysKey(crypto::HashSuite suite,
                                                               std::string_view department) const {
  return ledger::StateKey(suite, contracts::ns::kIssuerKeys,
                          contracts::KeyBuilder().Str(department).Take());
}

core::Result<std::optional<crypto::PublicKey>> ContractLedgerCodec::IssuerKeyAt(
    const std::optional<core::Bytes>& value, std::string_view key_id, uint64_t height) const {
  if (!value) return std::optional<crypto::PublicKey>();  // no key ever registered
  ASSIGN_OR_RETURN(const contracts::IssuerKeyHistory history,
                   DecodeProven<contracts::IssuerKeyHistory>(*value, "issuer key history"));
  const contracts::IssuerKey* key = history.ValidAt(key_id, height);
  if (key == nullptr) return std::optional<crypto::PublicKey>();
  return std::optional<crypto::PublicKey>(key->key);
}

core::Result<core::Bytes32> ContractLedgerCodec::AuthorizationKey(
    crypto::HashSuite suite, std::string_view department, std::string_view schema_id) const {
  return ledger::StateKey(suite, contracts::ns::kAuthorization,
                          contracts::AuthorizationKey(department, schema_id));
}

core::Result<bool> ContractLedgerCodec::AuthorizedAt(const std::optional<core::Bytes>& value,
                                                     uint64_t height) const {
  if (!value) return false;  // never authorised
  ASSIGN_OR_RETURN(const contracts::AuthorizationHistory history,
                   DecodeProven<contracts::AuthorizationHistory>(*value, "authorisation"));
  return history.CoversHeight(height);
}

core::Result<core::Bytes32> ContractLedgerCodec::StatusListKey(crypto::HashSuite suite,
                                                               std::string_view uri) const {
  ASSIGN_OR_RETURN(const contracts::StatusListRef ref, contracts::ParseStatusListUri(uri));
  return ledger::StateKey(suite, contracts::ns::kStatusList,
                          contracts::StatusListKey(ref.department, ref.list_number));
}

core::Result<bool> ContractLedgerCodec::HasEntry(const std::optional<core::Bytes>& list_value,
                                                 uint64_t index) const {
  if (!list_value) return false;  // no such list
  ASSIGN_OR_RETURN(const contracts::StatusListRecord list,
                   DecodeProven<contracts::StatusListRecord>(*list_value, "status list"));
  return index < list.size;
}

core::Result<core::Bytes32> ContractLedgerCodec::StatusKey(crypto::HashSuite suite,
                                                           std::string_view uri,
                                                           uint64_t index) const {
  if (index > UINT32_MAX) return IndexTooLarge();
  ASSIGN_OR_RETURN(const contracts::StatusListRef ref, contracts::ParseStatusListUri(uri));
  return contracts::StatusEntryStateKey(suite, ref.department, ref.list_number,
                                        static_cast<uint32_t>(index));
}

core::Result<credentials::CredentialStatus> ContractLedgerCodec::DecodeStatus(
    const std::optional<core::Bytes>& value, uint64_t index) const {
  if (index > UINT32_MAX) return IndexTooLarge();
  ASSIGN_OR_RETURN(const contracts::StatusBits bits,
                   contracts::StatusBitsOf(value, static_cast<uint32_t>(index)));
  credentials::CredentialStatus status;
  status.revoked = bits.revoked;
  status.suspended = bits.suspended;
  return status;
}

}  // namespace credchain::cli

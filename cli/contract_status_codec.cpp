#include "cli/contract_status_codec.h"

#include "contracts/credential_state.h"

namespace credchain::cli {

namespace {

core::Status IndexTooLarge() {
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                "status index beyond the contracts' 32-bit entries");
}

}  // namespace

core::Result<core::Bytes32> ContractStatusCodec::StatusKey(crypto::HashSuite suite,
                                                           std::string_view uri,
                                                           uint64_t index) const {
  if (index > UINT32_MAX) return IndexTooLarge();
  ASSIGN_OR_RETURN(const contracts::StatusListRef ref, contracts::ParseStatusListUri(uri));
  return contracts::StatusEntryStateKey(suite, ref.department, ref.list_number,
                                        static_cast<uint32_t>(index));
}

core::Result<credentials::CredentialStatus> ContractStatusCodec::DecodeStatus(
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

// The status layout of the credential contracts (contracts/credential_state.h) as the
// credentials verifier's StatusStateCodec: status list URIs
// "credchain://<chain>/status-lists/<department>/<list>", one state key per 4096-entry chunk,
// two bits (revoked, suspended) per entry; an absent chunk means all clear. credentials/ may not
// include contracts/, so the CLI supplies this to offline verification.
// Thread safety: stateless.
#pragma once

#include "credentials/status_bundle.h"

namespace credchain::cli {

class ContractStatusCodec final : public credentials::StatusStateCodec {
 public:
  core::Result<core::Bytes32> StatusKey(crypto::HashSuite suite, std::string_view uri,
                                        uint64_t index) const override;
  core::Result<credentials::CredentialStatus> DecodeStatus(const std::optional<core::Bytes>& value,
                                                           uint64_t index) const override;
};

}  // namespace credchain::cli

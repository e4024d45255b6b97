#include "contracts/standard_schemas.h"

namespace credchain::contracts {
namespace {

constexpr std::string_view kIds[] = {
    "administrative-licence", "administrative-penalty",  "electronic-licence",
    "credit-commitment",      "severe-dishonesty-entry", "credit-repair-decision",
    "credit-grade-samr-risk", "credit-grade-tax",        "xinyidai-attestation",
    "credit-report",
};

}  // namespace

std::span<const std::string_view> StandardSchemaIds() { return kIds; }

bool IsPersonalIdentifierClaim(const ledger::ClaimSpec& claim) {
  if (claim.format == "resident_id" || claim.format == "subject_code") return true;
  const std::string_view name = claim.name;
  return name == "id_no" || (name.size() > 6 && name.substr(name.size() - 6) == "_id_no");
}

}  // namespace credchain::contracts

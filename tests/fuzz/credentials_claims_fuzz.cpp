// Fuzzes what an issuer's claims file goes through before issuance: strict JSON, schema
// validation (credentials/claims_validation.h) against a schema with every claim type, a
// format checker and provable claims, and the claim-to-integer decoding of commitments
// (credentials/commitments.h). Properties: never a crash; claims that validate decode to an
// integer for every provable claim present; a date decodes iff IsIsoDate accepts it.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "credentials/claims_validation.h"
#include "credentials/commitments.h"
#include "credentials/strict_json.h"

using namespace credchain::credentials;
namespace core = credchain::core;
namespace ledger = credchain::ledger;

namespace {

ledger::Schema MakeSchema() {
  ledger::Schema schema;
  schema.id = "fuzz";
  auto add = [&](const char* name, ledger::ClaimType type, bool required, bool provable) {
    ledger::ClaimSpec spec;
    spec.name = name;
    spec.type = type;
    spec.required = required;
    spec.provable = provable;
    schema.claims.push_back(spec);
    return &schema.claims.back();
  };
  add("name", ledger::ClaimType::kString, true, false);
  add("code", ledger::ClaimType::kString, false, false)->format = "digits";
  add("fine", ledger::ClaimType::kInt, false, true);
  add("valid_until", ledger::ClaimType::kDate, false, true);
  add("grade", ledger::ClaimType::kEnum, false, true)->enum_values = {"C", "B", "A"};
  add("listed", ledger::ClaimType::kBool, false, false);
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ledger::Schema schema = MakeSchema();
  static const FormatCheckers formats = {
      {"digits", [](std::string_view v) {
         const bool ok = !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
         return ok ? core::Status::Ok() : core::Status::InvalidArgument("not digits");
       }}};
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (IsIsoDate(input) != DateToDays(input).ok()) std::abort();
  auto claims = ParseJsonObject(input, 256 * 1024, "claims");
  if (!claims.ok()) return 0;
  if (!ValidateClaims(schema, *claims, formats).ok()) return 0;
  for (const ledger::ClaimSpec& spec : schema.claims) {
    auto value = claims->find(spec.name);
    if (spec.provable && value != claims->end() && !ProvableInteger(spec, *value).ok()) {
      std::abort();
    }
  }
  return 0;
}

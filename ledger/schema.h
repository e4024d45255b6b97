// Credential and record schemas: the shared data model that contracts/ registers on chain
// (schema.register / schema.deprecate) and credentials/ validates claims against at issuance.
//
// A schema names its claims with a type, whether the claim is required, whether the holder may
// disclose it selectively, and whether it is provable by range proof (ints, dates as days since
// 1970-01-01, and enum ordinals). For a provable enum, the ordinal of a value is its 0-based
// index in `enum_values`, which lists values from lowest to highest standing (for credit grades:
// "D", "C", "B", "A"), so "grade >= B" is "ordinal >= 2". `format` names an extra check the
// issuer applies to a string claim ("uscc", "resident_id", "subject_code" = USCC or resident ID,
// "date" for ISO dates in strings); validators for formats live in contracts/ and are passed to
// credentials/ by the caller.
// Byte format: docs/formats/schema.md. Thread safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/result.h"

namespace credchain::ledger {

inline constexpr uint16_t kSchemaFormatVersion = 1;
inline constexpr uint32_t kMaxSchemaIdBytes = 64;
inline constexpr uint32_t kMaxClaimsPerSchema = 64;
inline constexpr uint32_t kMaxEnumValues = 64;

enum class ClaimType : uint8_t { kString = 0, kInt = 1, kDate = 2, kEnum = 3, kBool = 4 };
enum class RecordClass : uint8_t { kCredential = 0, kPublicRecord = 1, kListEntry = 2 };

std::string_view ClaimTypeName(ClaimType type);  // "string" | "int" | "date" | "enum" | "bool"
bool ParseClaimType(std::string_view name, ClaimType* out);
std::string_view RecordClassName(RecordClass c);  // "credential" | "public_record" | "list_entry"
bool ParseRecordClass(std::string_view name, RecordClass* out);

struct ClaimSpec {
  std::string name;  // JSON claim name, [A-Za-z0-9_]{1,64}
  ClaimType type = ClaimType::kString;
  bool required = false;
  bool selectively_disclosable = true;
  bool provable = false;                 // only for kInt, kDate, kEnum
  std::vector<std::string> enum_values;  // kEnum only, lowest to highest
  std::string format;                    // optional extra check; "" = none

  friend bool operator==(const ClaimSpec&, const ClaimSpec&) = default;
};

struct Schema {
  uint16_t version = kSchemaFormatVersion;
  std::string id;  // e.g. "credit-grade"; with schema_version forms the vct
  uint32_t schema_version = 1;
  std::string title;  // human title, e.g. "信用等级"
  RecordClass record_class = RecordClass::kCredential;
  std::string publication_rule;  // rule-table id for public records; "" for credentials
  std::vector<ClaimSpec> claims;

  const ClaimSpec* FindClaim(std::string_view name) const;
  // Structural validity: ids and names well-formed, unique claim names, enum values present
  // exactly for enums, provable only on int/date/enum. Rejected(kInvalidField, ...) otherwise.
  core::Status Validate() const;

  void EncodeTo(core::Writer& w) const;
  static core::Result<Schema> DecodeFrom(core::Reader& r);
  friend bool operator==(const Schema&, const Schema&) = default;
};

}  // namespace credchain::ledger

#include "ledger/schema.h"

#include <set>
#include <utility>

namespace credchain::ledger {
namespace {

constexpr uint32_t kMaxNameBytes = 64;
constexpr uint32_t kMaxTitleBytes = 256;
constexpr uint32_t kMaxFormatBytes = 32;

constexpr std::pair<ClaimType, std::string_view> kClaimTypeNames[] = {
    {ClaimType::kString, "string"}, {ClaimType::kInt, "int"},   {ClaimType::kDate, "date"},
    {ClaimType::kEnum, "enum"},     {ClaimType::kBool, "bool"},
};
constexpr std::pair<RecordClass, std::string_view> kRecordClassNames[] = {
    {RecordClass::kCredential, "credential"},
    {RecordClass::kPublicRecord, "public_record"},
    {RecordClass::kListEntry, "list_entry"},
};
constexpr std::string_view kKnownFormats[] = {"", "uscc", "resident_id", "subject_code", "date"};

core::Status Invalid(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kInvalidField, "schema: " + detail);
}

bool IsSchemaId(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameBytes) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsClaimName(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameBytes) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

core::Status ValidateClaim(const ClaimSpec& c) {
  if (!IsClaimName(c.name))
    return Invalid("claim name \"" + c.name + "\" is not [A-Za-z0-9_]{1,64}");
  const bool is_enum = c.type == ClaimType::kEnum;
  if (is_enum != !c.enum_values.empty()) {
    return Invalid("claim " + c.name + ": enum values are required for enums and only for enums");
  }
  std::set<std::string> values(c.enum_values.begin(), c.enum_values.end());
  if (values.size() != c.enum_values.size())
    return Invalid("claim " + c.name + ": duplicate enum value");
  for (const auto& v : c.enum_values) {
    if (v.empty()) return Invalid("claim " + c.name + ": empty enum value");
  }
  if (c.provable && c.type != ClaimType::kInt && c.type != ClaimType::kDate && !is_enum) {
    return Invalid("claim " + c.name + ": only int, date and enum claims can be provable");
  }
  bool known_format = false;
  for (auto f : kKnownFormats) known_format |= (f == c.format);
  if (!known_format) return Invalid("claim " + c.name + ": unknown format \"" + c.format + "\"");
  if (!c.format.empty() && c.type != ClaimType::kString) {
    return Invalid("claim " + c.name + ": a format applies to string claims only");
  }
  return core::Status::Ok();
}

}  // namespace

std::string_view ClaimTypeName(ClaimType type) {
  for (const auto& [t, name] : kClaimTypeNames) {
    if (t == type) return name;
  }
  return "unknown";
}

bool ParseClaimType(std::string_view name, ClaimType* out) {
  for (const auto& [t, n] : kClaimTypeNames) {
    if (n == name) {
      *out = t;
      return true;
    }
  }
  return false;
}

std::string_view RecordClassName(RecordClass c) {
  for (const auto& [k, name] : kRecordClassNames) {
    if (k == c) return name;
  }
  return "unknown";
}

bool ParseRecordClass(std::string_view name, RecordClass* out) {
  for (const auto& [k, n] : kRecordClassNames) {
    if (n == name) {
      *out = k;
      return true;
    }
  }
  return false;
}

const ClaimSpec* Schema::FindClaim(std::string_view name) const {
  for (const auto& c : claims) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

core::Status Schema::Validate() const {
  if (!IsSchemaId(id)) return Invalid("id \"" + id + "\" is not [a-z0-9-]{1,64}");
  if (schema_version == 0) return Invalid("schema_version must be >= 1");
  if (claims.empty()) return Invalid("a schema needs at least one claim");
  if (claims.size() > kMaxClaimsPerSchema) return Invalid("too many claims");
  std::set<std::string> names;
  for (const auto& c : claims) {
    RETURN_IF_ERROR(ValidateClaim(c));
    if (!names.insert(c.name).second) return Invalid("duplicate claim name " + c.name);
  }
  return core::Status::Ok();
}

void Schema::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(id);
  w.PutU32(schema_version);
  w.PutString(title);
  w.PutU8(static_cast<uint8_t>(record_class));
  w.PutString(publication_rule);
  w.PutCount(claims.size());
  for (const auto& c : claims) {
    w.PutString(c.name);
    w.PutU8(static_cast<uint8_t>(c.type));
    w.PutBool(c.required);
    w.PutBool(c.selectively_disclosable);
    w.PutBool(c.provable);
    w.PutCount(c.enum_values.size());
    for (const auto& v : c.enum_values) w.PutString(v);
    w.PutString(c.format);
  }
}

core::Result<Schema> Schema::DecodeFrom(core::Reader& r) {
  Schema s;
  ASSIGN_OR_RETURN(s.version, r.ReadVersion(kSchemaFormatVersion));
  ASSIGN_OR_RETURN(s.id, r.ReadString(kMaxSchemaIdBytes));
  ASSIGN_OR_RETURN(s.schema_version, r.ReadU32());
  ASSIGN_OR_RETURN(s.title, r.ReadString(kMaxTitleBytes));
  ASSIGN_OR_RETURN(uint8_t record_class, r.ReadTag(2));
  s.record_class = static_cast<RecordClass>(record_class);
  ASSIGN_OR_RETURN(s.publication_rule, r.ReadString(kMaxNameBytes));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxClaimsPerSchema, 4 + 1 + 3 + 4 + 4));
  s.claims.resize(n);
  for (auto& c : s.claims) {
    ASSIGN_OR_RETURN(c.name, r.ReadString(kMaxNameBytes));
    ASSIGN_OR_RETURN(uint8_t type, r.ReadTag(4));
    c.type = static_cast<ClaimType>(type);
    ASSIGN_OR_RETURN(c.required, r.ReadBool());
    ASSIGN_OR_RETURN(c.selectively_disclosable, r.ReadBool());
    ASSIGN_OR_RETURN(c.provable, r.ReadBool());
    ASSIGN_OR_RETURN(uint32_t values, r.ReadCount(kMaxEnumValues, 4));
    c.enum_values.resize(values);
    for (auto& v : c.enum_values) {
      ASSIGN_OR_RETURN(v, r.ReadString(kMaxNameBytes));
    }
    ASSIGN_OR_RETURN(c.format, r.ReadString(kMaxFormatBytes));
  }
  return s;
}

}  // namespace credchain::ledger

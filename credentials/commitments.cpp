#include "credentials/commitments.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/base64url.h"
#include "core/codec.h"
#include "credentials/claims_validation.h"
#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

constexpr size_t kMaxOpenings = 64;

Status InvalidCommitment(std::string_view claim, std::string_view reason) {
  return Status::Rejected(RejectCode::kInvalidField,
                          "claims." + std::string(claim) + ": " + std::string(reason));
}

Status BadOpenings(std::string_view reason) {
  return Status::Rejected(RejectCode::kMalformed, "openings: " + std::string(reason));
}

// Days since 1970-01-01 of a proleptic-Gregorian date, counting in 400-year eras of 146097 days
// that start on March 1st (so the leap day is the last day of an era-year).
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

}  // namespace

std::string CommitmentClaimName(std::string_view claim) {
  return std::string(claim) + std::string(kCommitmentSuffix);
}

std::optional<std::string_view> CommittedClaimOf(std::string_view name) {
  if (name.size() <= kCommitmentSuffix.size() || !name.ends_with(kCommitmentSuffix)) {
    return std::nullopt;
  }
  return name.substr(0, name.size() - kCommitmentSuffix.size());
}

core::Result<int64_t> DateToDays(std::string_view iso_date) {
  if (!IsIsoDate(iso_date)) {
    return Status::Rejected(RejectCode::kInvalidField, "date: not a valid \"YYYY-MM-DD\"");
  }
  auto number = [&](size_t pos, size_t len) {
    int64_t v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (iso_date[i] - '0');
    return v;
  };
  return DaysFromCivil(number(0, 4), number(5, 2), number(8, 2));
}

std::string DaysToDate(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char out[64];
  std::snprintf(out, sizeof out, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month), static_cast<long long>(day));
  return out;
}

core::Result<int64_t> ProvableInteger(const ledger::ClaimSpec& spec, const json& value) {
  if (!spec.provable) return InvalidCommitment(spec.name, "not provable in its schema");
  switch (spec.type) {
    case ledger::ClaimType::kInt:
      if (!value.is_number_integer() ||
          (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX})) {
        return InvalidCommitment(spec.name, "must be a 64-bit integer");
      }
      return value.get<int64_t>();
    case ledger::ClaimType::kDate: {
      const std::string* s = value.get_ptr<const std::string*>();
      auto days = s != nullptr ? DateToDays(*s) : core::Result<int64_t>(Status::Ok());
      if (s == nullptr || !days.ok())
        return InvalidCommitment(spec.name, "must be a date \"YYYY-MM-DD\"");
      return *days;
    }
    case ledger::ClaimType::kEnum: {
      const std::string* s = value.get_ptr<const std::string*>();
      const auto& values = spec.enum_values;
      const auto it = s != nullptr ? std::find(values.begin(), values.end(), *s) : values.end();
      if (it == values.end())
        return InvalidCommitment(spec.name, "must be one of the schema's enum values");
      return static_cast<int64_t>(it - values.begin());
    }
    case ledger::ClaimType::kString:
    case ledger::ClaimType::kBool:
      break;
  }
  return InvalidCommitment(spec.name, "only int, date and enum claims can be committed");
}

core::Result<std::vector<ClaimOpening>> CommitClaims(
    const ledger::Schema& schema, const json& claims,
    const std::optional<std::vector<std::string>>& only, json* disclosable) {
  std::vector<std::string> names;
  if (only.has_value()) {
    for (const std::string& name : *only) {
      const ledger::ClaimSpec* spec = schema.FindClaim(name);
      if (spec == nullptr || !spec->provable) {
        return Status::InvalidArgument("commit: claim " + name + " is not provable in schema " +
                                       schema.id);
      }
      if (!claims.contains(name)) {
        return Status::InvalidArgument("commit: claim " + name + " has no value to commit to");
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  } else {
    for (const ledger::ClaimSpec& spec : schema.claims) {
      if (spec.provable && claims.contains(spec.name)) names.push_back(spec.name);
    }
  }
  std::vector<ClaimOpening> openings;
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(const int64_t x, ProvableInteger(*schema.FindClaim(name), claims.at(name)));
    ClaimOpening opening{name, x, crypto::RistrettoScalar::Random()};
    const crypto::RistrettoPoint c = crypto::PedersenCommit(CommittedValue(x), opening.blinding);
    (*disclosable)[CommitmentClaimName(name)] = core::Base64UrlEncode(core::ByteView(c.bytes()));
    openings.push_back(std::move(opening));
  }
  return openings;
}

core::Result<crypto::RistrettoPoint> FindCommitment(const json& processed_claims,
                                                    std::string_view claim) {
  const std::string name = CommitmentClaimName(claim);
  const std::string* text = GetString(processed_claims, name);
  if (text == nullptr) {
    if (processed_claims.contains(name)) {
      return Status::Rejected(RejectCode::kMalformed, name + ": must be a base64url string");
    }
    return Status::NotFound("no commitment to claim " + std::string(claim) + " disclosed");
  }
  auto bytes = core::Base64UrlDecode(*text);
  if (!bytes.ok()) return bytes.status().WithContext(name);
  auto point = crypto::RistrettoPoint::FromBytes(*bytes);
  if (!point.ok()) return point.status().WithContext(name);
  return *point;
}

core::Bytes PredicateBinding(std::string_view claim, const core::Bytes32& credential_id) {
  core::Writer w;
  w.PutString(claim);
  w.PutFixed(credential_id);
  return w.bytes();
}

json OpeningsToJson(std::span<const ClaimOpening> openings) {
  json out = json::array();
  for (const ClaimOpening& o : openings) {
    out.push_back({{"claim", o.claim},
                   {"value", o.value},
                   {"blinding", core::Base64UrlEncode(core::ByteView(o.blinding.bytes()))}});
  }
  return out;
}

core::Result<std::vector<ClaimOpening>> OpeningsFromJson(const json& openings) {
  if (!openings.is_array() || openings.size() > kMaxOpenings) {
    return BadOpenings("must be an array of at most 64 openings");
  }
  std::vector<ClaimOpening> out;
  for (const json& entry : openings) {
    if (!entry.is_object() || entry.size() != 3) {
      return BadOpenings("entries are {claim, value, blinding}");
    }
    const std::string* claim = GetString(entry, "claim");
    const std::optional<int64_t> value = GetInt(entry, "value");
    const std::string* blinding = GetString(entry, "blinding");
    if (claim == nullptr || claim->empty() || !value || blinding == nullptr) {
      return BadOpenings("entries are {claim, value, blinding}");
    }
    for (const ClaimOpening& seen : out) {
      if (seen.claim == *claim) return BadOpenings("claim " + *claim + " opened twice");
    }
    auto bytes = core::Base64UrlDecode(*blinding);
    if (!bytes.ok()) return bytes.status().WithContext("openings." + *claim);
    auto scalar = crypto::RistrettoScalar::FromCanonicalBytes(*bytes);
    if (!scalar.ok()) return scalar.status().WithContext("openings." + *claim);
    out.push_back({*claim, *value, *scalar});
  }
  return out;
}

}  // namespace credchain::credentials

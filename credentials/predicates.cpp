#include "credentials/predicates.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

#include "credentials/claims_validation.h"
#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using crypto::PredicateKind;
using nlohmann::json;

namespace {

Status InvalidPredicate(std::string_view what, std::string_view reason) {
  return Status::Rejected(RejectCode::kInvalidField,
                          std::string(what) + ": " + std::string(reason));
}

bool IsClaimName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

core::Result<int64_t> ParseBound(std::string_view text) {
  if (IsIsoDate(text)) return DateToDays(text);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return InvalidPredicate(
        "predicate",
        "bound \"" + std::string(text) + "\" is neither a 64-bit integer nor a date YYYY-MM-DD");
  }
  return value;
}

// Splits "a>=b<=c" into operands and operators ("<=", ">=", "<", ">").
void Tokenize(std::string_view text, std::vector<std::string>* operands,
              std::vector<std::string>* ops) {
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<' || c == '>') {
      operands->push_back(current);
      current.clear();
      const bool or_equal = i + 1 < text.size() && text[i + 1] == '=';
      ops->push_back(std::string(1, c) + (or_equal ? "=" : ""));
      if (or_equal) ++i;
    } else if (c != ' ') {
      current += c;
    }
  }
  operands->push_back(current);
}

// t, or the nearest integer on the inclusive side of a strict comparison.
core::Result<int64_t> Inclusive(int64_t t, std::string_view op, bool greater) {
  if (op.size() == 2) return t;
  if (greater && t == INT64_MAX)
    return InvalidPredicate("predicate", "no integer is greater than the bound");
  if (!greater && t == INT64_MIN)
    return InvalidPredicate("predicate", "no integer is less than the bound");
  return greater ? t + 1 : t - 1;
}

core::Result<ClaimPredicate> ParseComparison(std::vector<std::string>& operands,
                                             std::vector<std::string>& ops) {
  ClaimPredicate p;
  if (ops.size() == 1) {
    p.claim = operands[0];
    ASSIGN_OR_RETURN(const int64_t t, ParseBound(operands[1]));
    const bool greater = ops[0][0] == '>';
    ASSIGN_OR_RETURN(const int64_t bound, Inclusive(t, ops[0], greater));
    p.kind = greater ? PredicateKind::kAtLeast : PredicateKind::kAtMost;
    (greater ? p.lower : p.upper) = bound;
    return p;
  }
  if (ops.size() != 2 || ops[0][0] != '<' || ops[1][0] != '<') {
    return InvalidPredicate("predicate", "expected claim>=t, claim<=t or a<=claim<=b");
  }
  p.claim = operands[1];
  p.kind = PredicateKind::kInRange;
  ASSIGN_OR_RETURN(const int64_t a, ParseBound(operands[0]));
  ASSIGN_OR_RETURN(const int64_t b, ParseBound(operands[2]));
  ASSIGN_OR_RETURN(p.lower, Inclusive(a, ops[0], true));
  ASSIGN_OR_RETURN(p.upper, Inclusive(b, ops[1], false));
  return p;
}

core::Result<int64_t> BoundFromJson(const json& object, std::string_view key, BoundSyntax syntax,
                                    std::string_view what) {
  if (const std::string* text = GetString(object, key);
      text != nullptr && syntax == BoundSyntax::kIntegersOrDates) {
    auto days = DateToDays(*text);
    if (!days.ok()) return InvalidPredicate(what, std::string(key) + " is not a date YYYY-MM-DD");
    return *days;
  }
  const std::optional<int64_t> value = GetInt(object, key);
  if (!value) return InvalidPredicate(what, std::string(key) + " must be a 64-bit integer");
  return *value;
}

}  // namespace

std::string_view PredicateKindName(PredicateKind kind) {
  switch (kind) {
    case PredicateKind::kAtLeast:
      return "at_least";
    case PredicateKind::kAtMost:
      return "at_most";
    case PredicateKind::kInRange:
      return "in_range";
  }
  return "unknown";
}

std::optional<PredicateKind> ParsePredicateKind(std::string_view name) {
  for (PredicateKind k :
       {PredicateKind::kAtLeast, PredicateKind::kAtMost, PredicateKind::kInRange}) {
    if (PredicateKindName(k) == name) return k;
  }
  return std::nullopt;
}

Status ClaimPredicate::Validate() const {
  if (!IsClaimName(claim)) return InvalidPredicate("predicate", "claim must be a claim name");
  if (kind == PredicateKind::kInRange && lower > upper) {
    return InvalidPredicate("predicate " + ToString(), "lower bound above upper bound");
  }
  if ((kind == PredicateKind::kAtLeast && upper != 0) ||
      (kind == PredicateKind::kAtMost && lower != 0)) {
    return InvalidPredicate("predicate " + ToString(), "unused bound must be 0");
  }
  return ToCrypto().Validate();
}

crypto::Predicate ClaimPredicate::ToCrypto() const {
  const uint64_t lo = kind == PredicateKind::kAtMost ? 0 : CommittedValue(lower);
  const uint64_t hi = kind == PredicateKind::kAtLeast ? 0 : CommittedValue(upper);
  return crypto::Predicate{kind, bits, lo, hi};
}

ClaimPredicate ClaimPredicate::FromCrypto(std::string claim, const crypto::Predicate& p) {
  ClaimPredicate out{std::move(claim), p.kind, 0, 0, p.bits};
  if (p.kind != PredicateKind::kAtMost) out.lower = ClaimInteger(p.lower);
  if (p.kind != PredicateKind::kAtLeast) out.upper = ClaimInteger(p.upper);
  return out;
}

std::string ClaimPredicate::ToString() const {
  switch (kind) {
    case PredicateKind::kAtLeast:
      return claim + ">=" + std::to_string(lower);
    case PredicateKind::kAtMost:
      return claim + "<=" + std::to_string(upper);
    case PredicateKind::kInRange:
      return std::to_string(lower) + "<=" + claim + "<=" + std::to_string(upper);
  }
  return claim + " (unknown predicate)";
}

core::Result<ClaimPredicate> ClaimPredicate::Parse(std::string_view expression) {
  if (expression.size() > 256) return InvalidPredicate("predicate", "longer than 256 characters");
  uint8_t bits = kDefaultPredicateBits;
  if (const size_t slash = expression.rfind('/'); slash != std::string_view::npos) {
    const std::string_view suffix = expression.substr(slash + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size(), value);
    if (ec != std::errc() || end != suffix.data() + suffix.size() || value > 64) {
      return InvalidPredicate("predicate", "bit size after '/' must be 8, 16, 32 or 64");
    }
    bits = static_cast<uint8_t>(value);
    expression = expression.substr(0, slash);
  }
  std::vector<std::string> operands, ops;
  Tokenize(expression, &operands, &ops);
  if (ops.empty())
    return InvalidPredicate("predicate", "expected claim>=t, claim<=t or a<=claim<=b");
  ASSIGN_OR_RETURN(ClaimPredicate p, ParseComparison(operands, ops));
  p.bits = bits;
  RETURN_IF_ERROR(p.Validate());
  return p;
}

core::Result<ClaimPredicate> ClaimPredicateFromJson(const json& object, BoundSyntax syntax,
                                                    std::string_view what) {
  if (!object.is_object()) return InvalidPredicate(what, "entries must be objects");
  ClaimPredicate p;
  const std::string* claim = GetString(object, "claim");
  const std::string* kind = GetString(object, "kind");
  if (claim == nullptr || kind == nullptr) return InvalidPredicate(what, "claim and kind required");
  p.claim = *claim;
  const std::optional<PredicateKind> k = ParsePredicateKind(*kind);
  if (!k) return InvalidPredicate(what, "kind must be at_least, at_most or in_range");
  p.kind = *k;
  if (p.kind != PredicateKind::kAtMost) {
    ASSIGN_OR_RETURN(p.lower, BoundFromJson(object, "lower", syntax, what));
  } else if (object.contains("lower")) {
    return InvalidPredicate(what, "at_most takes no lower bound");
  }
  if (p.kind != PredicateKind::kAtLeast) {
    ASSIGN_OR_RETURN(p.upper, BoundFromJson(object, "upper", syntax, what));
  } else if (object.contains("upper")) {
    return InvalidPredicate(what, "at_least takes no upper bound");
  }
  if (object.contains("bits") || syntax == BoundSyntax::kIntegers) {
    const std::optional<int64_t> bits = GetInt(object, "bits");
    if (!bits || (*bits != 8 && *bits != 16 && *bits != 32 && *bits != 64)) {
      return InvalidPredicate(what, "bits must be 8, 16, 32 or 64");
    }
    p.bits = static_cast<uint8_t>(*bits);
  }
  Status valid = p.Validate();
  if (!valid.ok()) return valid.WithContext(what);
  return p;
}

void ClaimPredicateToJson(const ClaimPredicate& p, json* object) {
  (*object)["claim"] = p.claim;
  (*object)["kind"] = PredicateKindName(p.kind);
  (*object)["bits"] = p.bits;
  if (p.kind != PredicateKind::kAtMost) (*object)["lower"] = p.lower;
  if (p.kind != PredicateKind::kAtLeast) (*object)["upper"] = p.upper;
}

crypto::PredicateContext MakePredicateContext(const PredicateScope& scope, std::string_view claim,
                                              core::Bytes* binding) {
  *binding = PredicateBinding(claim, scope.credential_id);
  return crypto::PredicateContext{scope.audience, core::AsBytes(scope.nonce), *binding};
}

core::Result<PredicateProof> ProveClaimPredicate(const ClaimPredicate& predicate,
                                                 const crypto::RistrettoPoint& commitment,
                                                 const ClaimOpening& opening,
                                                 const PredicateScope& scope,
                                                 const crypto::RandomSource& random) {
  if (Status valid = predicate.Validate(); !valid.ok()) {
    return Status::InvalidArgument(valid.message());
  }
  if (opening.claim != predicate.claim) {
    return Status::InvalidArgument("predicate " + predicate.ToString() + ": opening is for " +
                                   opening.claim);
  }
  crypto::PedersenOpening pedersen = opening.ToPedersen();
  if (!crypto::PedersenOpens(commitment, pedersen)) {
    pedersen.SecureWipe();
    return Status::InvalidArgument("predicate " + predicate.ToString() +
                                   ": the wallet's opening does not open the commitment");
  }
  core::Bytes binding;
  const crypto::PredicateContext context = MakePredicateContext(scope, predicate.claim, &binding);
  auto proof = crypto::ProvePredicate(predicate.ToCrypto(), commitment, pedersen, context, random);
  pedersen.SecureWipe();
  if (!proof.ok()) {
    // crypto's message names the committed (shifted) bounds; name the claim's predicate.
    return Status::InvalidArgument("cannot prove " + predicate.ToString() + ": the value does " +
                                   "not satisfy it within " + std::to_string(predicate.bits) +
                                   " bits");
  }
  return PredicateProof{predicate.claim, std::move(proof).value()};
}

}  // namespace credchain::credentials

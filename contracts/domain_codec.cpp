#include "contracts/domain_codec.h"

#include <algorithm>

#include "contracts/contract_state.h"
#include "contracts/identifiers.h"
#include "core/hex.h"

namespace credchain::contracts {
namespace {

bool IsLegacyShape(std::string_view code) {
  return code.size() == 18 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
         });
}

}  // namespace

core::Status InvalidField(std::string_view field, std::string_view reason) {
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                std::string(field) + ": " + std::string(reason));
}

SubjectRef SubjectRef::KeyedHash(const core::Bytes32& hash) {
  SubjectRef s;
  s.kind = SubjectKind::kKeyedHash;
  s.keyed_hash = hash;
  return s;
}

SubjectRef SubjectRef::Uscc(std::string code) {
  SubjectRef s;
  s.kind = CheckUscc(code).valid() ? SubjectKind::kUscc : SubjectKind::kLegacyUscc;
  s.uscc = std::move(code);
  return s;
}

core::Bytes SubjectRef::IndexKey() const {
  KeyBuilder k;
  if (kind == SubjectKind::kKeyedHash) {
    k.Str("key").Fixed(keyed_hash);
  } else {
    k.Str("uscc").Str(uscc);
  }
  return k.Take();
}

std::string SubjectRef::Describe() const {
  return kind == SubjectKind::kKeyedHash ? std::string("keyed-hash subject") : "uscc:" + uscc;
}

void SubjectRef::EncodeTo(core::Writer& w) const {
  PutEnum(w, kind);
  if (kind == SubjectKind::kKeyedHash) {
    w.PutFixed(keyed_hash);
  } else {
    w.PutString(uscc);
  }
}

core::Result<SubjectRef> SubjectRef::DecodeFrom(core::Reader& r) {
  SubjectRef s;
  ASSIGN_OR_RETURN(s.kind, ReadEnum<SubjectKind>(r, 2));
  if (s.kind == SubjectKind::kKeyedHash) {
    ASSIGN_OR_RETURN(s.keyed_hash, ReadDigest(r, "subject.keyed_hash"));
    return s;
  }
  ASSIGN_OR_RETURN(s.uscc, r.ReadString(18));
  const IdCheckResult check = CheckUscc(s.uscc);
  if (s.kind == SubjectKind::kUscc && !check.valid()) {
    return InvalidField("subject.uscc", "invalid USCC: " + check.reason);
  }
  if (s.kind == SubjectKind::kLegacyUscc) {
    if (check.valid()) return InvalidField("subject.uscc", "conforming code marked legacy");
    if (!IsLegacyShape(s.uscc)) {
      return InvalidField("subject.uscc", "legacy code must be 18 of [0-9A-Z]");
    }
  }
  return s;
}

core::Result<SubjectRef> ParseSubjectText(std::string_view text) {
  constexpr std::string_view kKeyPrefix = "key:";
  constexpr std::string_view kLegacyPrefix = "legacy:";
  if (text.substr(0, kKeyPrefix.size()) == kKeyPrefix) {
    auto hash = core::HexDecodeFixed<32>(text.substr(kKeyPrefix.size()));
    if (!hash.ok() || *hash == core::Bytes32{}) {
      return InvalidField("subject", "key: must be followed by 64 hex digits, not all zero");
    }
    return SubjectRef::KeyedHash(*hash);
  }
  if (text.substr(0, kLegacyPrefix.size()) == kLegacyPrefix) {
    const std::string_view code = text.substr(kLegacyPrefix.size());
    if (CheckUscc(code).valid()) return InvalidField("subject", "conforming code marked legacy");
    if (!IsLegacyShape(code)) return InvalidField("subject", "legacy code must be 18 of [0-9A-Z]");
    SubjectRef s;
    s.kind = SubjectKind::kLegacyUscc;
    s.uscc = std::string(code);
    return s;
  }
  const IdCheckResult check = CheckUscc(text);
  if (!check.valid()) return InvalidField("subject", "invalid USCC: " + check.reason);
  return SubjectRef::Uscc(std::string(text));
}

std::string SubjectText(const SubjectRef& subject) {
  switch (subject.kind) {
    case SubjectKind::kKeyedHash:
      return "key:" + core::HexEncode(subject.keyed_hash);
    case SubjectKind::kUscc:
      return subject.uscc;
    case SubjectKind::kLegacyUscc:
      return "legacy:" + subject.uscc;
  }
  return "";
}

void PutDigest(core::Writer& w, const core::Bytes32& digest) { w.PutFixed(digest); }

core::Result<core::Bytes32> ReadDigest(core::Reader& r, std::string_view field) {
  ASSIGN_OR_RETURN(core::Bytes32 d, r.ReadFixed<32>());
  if (d == core::Bytes32{}) return InvalidField(field, "all-zero digest");
  return d;
}

void PutOptionalDigest(core::Writer& w, const std::optional<core::Bytes32>& digest) {
  w.PutBool(digest.has_value());
  if (digest) PutDigest(w, *digest);
}

core::Result<std::optional<core::Bytes32>> ReadOptionalDigest(core::Reader& r,
                                                              std::string_view field) {
  ASSIGN_OR_RETURN(bool present, r.ReadBool());
  if (!present) return std::optional<core::Bytes32>();
  ASSIGN_OR_RETURN(core::Bytes32 d, ReadDigest(r, field));
  return std::optional<core::Bytes32>(d);
}

void PutOptionalDay(core::Writer& w, const std::optional<CivilDay>& day) {
  w.PutBool(day.has_value());
  if (day) PutDay(w, *day);
}

core::Result<std::optional<CivilDay>> ReadOptionalDay(core::Reader& r, std::string_view field) {
  ASSIGN_OR_RETURN(bool present, r.ReadBool());
  if (!present) return std::optional<CivilDay>();
  ASSIGN_OR_RETURN(CivilDay d, ReadDay(r, field));
  return std::optional<CivilDay>(d);
}

core::Result<std::string> ReadText(core::Reader& r, uint32_t max_len, std::string_view field) {
  ASSIGN_OR_RETURN(std::string text, r.ReadString(max_len));
  if (text.empty()) return InvalidField(field, "must not be empty");
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return InvalidField(field, "control character");
  }
  return text;
}

bool IsDomainCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxDomainCodeBytes) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

core::Result<std::string> ReadCode(core::Reader& r, std::string_view field) {
  ASSIGN_OR_RETURN(std::string code, r.ReadString(kMaxDomainCodeBytes));
  if (!IsDomainCode(code)) return InvalidField(field, "must be 1..64 chars of [a-z0-9-_.:]");
  return code;
}

}  // namespace credchain::contracts

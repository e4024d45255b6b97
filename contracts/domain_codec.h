// Codec helpers shared by the credit-domain payloads and state records (records, commitments,
// lists, repair, consent): digests, optional values, bounded text, and the subject reference.
//
// A SubjectRef names whom a record, commitment, list entry, consent or access receipt is about,
// without putting a natural person's identifier on chain (DESIGN.md §2):
//   tag 0 keyed_hash   32 bytes: a keyed hash (e.g. HMAC-SHA-256) of the person's or entity's
//                      identifier under a key the issuing department holds; not enumerable
//   tag 1 uscc         an enterprise's USCC (public by law), validated (GB 32100)
//   tag 2 legacy_uscc  a known non-conforming USCC, explicitly marked; must FAIL validation
//                      (a conforming code must use tag 1) and be 18 chars of [0-9A-Z]
// IndexKey() is the same for tags 1 and 2 of one code, so a subject has one index entry.
// Byte formats: docs/formats/state-layout.md (credit domain). Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "contracts/civil_date.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxDomainTextBytes = 512;
inline constexpr uint32_t kMaxDomainCodeBytes = 64;

enum class SubjectKind : uint8_t { kKeyedHash = 0, kUscc = 1, kLegacyUscc = 2 };

struct SubjectRef {
  SubjectKind kind = SubjectKind::kKeyedHash;
  core::Bytes32 keyed_hash{};  // kKeyedHash only
  std::string uscc;            // kUscc, kLegacyUscc only

  static SubjectRef KeyedHash(const core::Bytes32& hash);
  // Tag 1 if the code conforms, tag 2 otherwise (callers that accept legacy codes decide).
  static SubjectRef Uscc(std::string code);

  // The bytes index keys are built from: Str("key") Fixed(hash) or Str("uscc") Str(code).
  core::Bytes IndexKey() const;
  // "uscc:<code>" for enterprises; "keyed-hash subject" for keyed hashes (details and logs never
  // carry a natural person's pseudonym either).
  std::string Describe() const;

  void EncodeTo(core::Writer& w) const;
  // Rejected(kMalformed | kInvalidField, "<field>: ...") for a bad tag, an all-zero hash, a USCC
  // that does not conform (tag 1) or a legacy code that does (tag 2).
  static core::Result<SubjectRef> DecodeFrom(core::Reader& r);
  friend bool operator==(const SubjectRef&, const SubjectRef&) = default;
};

// Text form of a subject for the REST API and the CLI: an enterprise's USCC as is
// ("91512081MA62K0260E"; a non-conforming code parses as tag 2 only with the "legacy:" prefix),
// or "key:" + 64 lowercase hex digits for a keyed hash.
// Rejected(kInvalidField, "subject: ...") otherwise.
core::Result<SubjectRef> ParseSubjectText(std::string_view text);
std::string SubjectText(const SubjectRef& subject);

// A digest that must not be all zero (an unset digest is a bug or an attack).
void PutDigest(core::Writer& w, const core::Bytes32& digest);
core::Result<core::Bytes32> ReadDigest(core::Reader& r, std::string_view field);

void PutOptionalDigest(core::Writer& w, const std::optional<core::Bytes32>& digest);
core::Result<std::optional<core::Bytes32>> ReadOptionalDigest(core::Reader& r,
                                                              std::string_view field);

void PutOptionalDay(core::Writer& w, const std::optional<CivilDay>& day);
core::Result<std::optional<CivilDay>> ReadOptionalDay(core::Reader& r, std::string_view field);

// Non-empty UTF-8 text of at most max_len bytes with no control characters.
core::Result<std::string> ReadText(core::Reader& r, uint32_t max_len, std::string_view field);
// A code: 1..64 chars of [a-z0-9-_.:] (department ids, list codes, rule ids, basis codes).
core::Result<std::string> ReadCode(core::Reader& r, std::string_view field);
bool IsDomainCode(std::string_view code);

// A u8 enum tag at most max_tag, as T.
template <typename T>
core::Result<T> ReadEnum(core::Reader& r, uint8_t max_tag) {
  ASSIGN_OR_RETURN(uint8_t tag, r.ReadTag(max_tag));
  return static_cast<T>(tag);
}
template <typename T>
void PutEnum(core::Writer& w, T value) {
  w.PutU8(static_cast<uint8_t>(value));
}

core::Status InvalidField(std::string_view field, std::string_view reason);

}  // namespace credchain::contracts

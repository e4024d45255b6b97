// Parsing of transaction command flags into payload field values, shared by every
// `credchain tx ...` command. Each parser names the flag in its error ("--subject: ...") and
// never echoes a personal identifier (DESIGN.md §2): subject codes are not repeated back.
//
// All parsers are pure except ResolveDigest, which reads a document file.
// Errors: Rejected(kInvalidField | kBadEncoding | kMissingField, "--flag: reason"), or the
// file's NotFound / IoError / InvalidArgument (too large).
// Thread safety: pure functions.
#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "core/bytes.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace credchain::cli {

// Largest document --document hashes (the chain stores only its digest).
inline constexpr size_t kMaxDocumentBytes = 256u << 20;

// A digest given either directly (e.g. --decision-digest HEX) or as the document it is the
// digest of (--decision-document FILE), hashed with the chain's suite. At most one is set.
struct DigestArg {
  std::string hex_flag;       // "decision-digest" (without the dashes)
  std::string document_flag;  // "decision-document"
  std::string hex;
  std::string document;

  static DigestArg Named(std::string hex_flag, std::string document_flag) {
    return DigestArg{std::move(hex_flag), std::move(document_flag), "", ""};
  }

  bool given() const { return !hex.empty() || !document.empty(); }
};

// The digest; Rejected(kMissingField) when neither form is given, kBadEncoding for bad hex,
// kInvalidField for an all-zero digest; the file's error for a document.
core::Result<core::Bytes32> ResolveDigest(const DigestArg& arg, crypto::HashSuite suite);
// std::nullopt when neither form is given; otherwise as ResolveDigest.
core::Result<std::optional<core::Bytes32>> ResolveOptionalDigest(const DigestArg& arg,
                                                                 crypto::HashSuite suite);

// 64 hex digits, not all zero.
core::Result<core::Bytes32> ParseDigestHex(std::string_view flag, std::string_view text);
// Each element as ParseDigestHex; returned sorted and without duplicates (duplicates refused).
core::Result<std::vector<core::Bytes32>> ParseDigestList(std::string_view flag,
                                                         const std::vector<std::string>& texts);
core::Result<crypto::PublicKey> ParsePublicKeyArg(std::string_view flag, std::string_view text);
core::Result<crypto::Signature> ParseSignatureArg(std::string_view flag, std::string_view text);
// The subject text form (contracts::ParseSubjectText): USCC, legacy:USCC or key:<64 hex>.
core::Result<contracts::SubjectRef> ParseSubjectArg(std::string_view flag, std::string_view text);
// Strict YYYY-MM-DD.
core::Result<contracts::CivilDay> ParseDateArg(std::string_view flag, std::string_view text);
core::Result<std::optional<contracts::CivilDay>> ParseOptionalDateArg(std::string_view flag,
                                                                      std::string_view text);
// A code: 1..64 chars of [a-z0-9-_.:] (department ids, list codes, schema ids, rule ids).
core::Result<std::string> ParseCodeArg(std::string_view flag, std::string_view text);
// Non-empty UTF-8 text without control characters, at most max_bytes.
core::Result<std::string> ParseTextArg(std::string_view flag, std::string_view text,
                                       size_t max_bytes);

// Rejected(kInvalidField, "--<flag>: <reason>").
core::Status FlagError(std::string_view flag, std::string_view reason);

// One of a fixed set of names ("--reason: expected one of early, expiry, annulled").
template <typename T>
struct Choice {
  std::string_view name;
  T value;
};
template <typename T>
core::Result<T> ParseChoice(std::string_view flag, std::string_view text,
                            std::initializer_list<Choice<T>> choices) {
  std::string names;
  for (const Choice<T>& c : choices) {
    if (c.name == text) return c.value;
    names += names.empty() ? "" : ", ";
    names += c.name;
  }
  return FlagError(flag, "expected one of " + names);
}

// Adds --<hex_flag> HEX and --<document_flag> FILE for `arg`; `what` names the document.
void AddDigestOptions(CLI::App* command, DigestArg* arg, const std::string& what);

}  // namespace credchain::cli

#include "cli/tx_args.h"

#include <algorithm>

#include "core/hex.h"
#include "core/private_file.h"
#include "core/utf8.h"

namespace credchain::cli {

core::Status FlagError(std::string_view flag, std::string_view reason) {
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                "--" + std::string(flag) + ": " + std::string(reason));
}

namespace {

// A parser's reason without its own field name ("date: not a real day" -> "not a real day").
std::string ReasonOf(const core::Status& status) {
  const std::string& message = status.message();
  const size_t colon = message.find(": ");
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

core::Status Reflag(std::string_view flag, const core::Status& status) {
  return FlagError(flag, ReasonOf(status));
}

}  // namespace

void AddDigestOptions(CLI::App* command, DigestArg* arg, const std::string& what) {
  command->add_option("--" + arg->hex_flag, arg->hex, "Digest (64 hex digits) of " + what);
  command->add_option("--" + arg->document_flag, arg->document,
                      "File holding " + what + " (hashed with the chain's suite)");
}

core::Result<core::Bytes32> ParseDigestHex(std::string_view flag, std::string_view text) {
  core::Result<core::Bytes32> digest = core::HexDecodeFixed<32>(text);
  if (!digest.ok()) {
    return core::Status::Rejected(core::RejectCode::kBadEncoding,
                                  "--" + std::string(flag) + ": expected 64 hex digits");
  }
  if (*digest == core::Bytes32{}) return FlagError(flag, "the all-zero digest is not a digest");
  return digest;
}

core::Result<std::vector<core::Bytes32>> ParseDigestList(std::string_view flag,
                                                         const std::vector<std::string>& texts) {
  std::vector<core::Bytes32> out;
  for (const std::string& text : texts) {
    ASSIGN_OR_RETURN(core::Bytes32 digest, ParseDigestHex(flag, text));
    out.push_back(digest);
  }
  std::sort(out.begin(), out.end());
  if (std::adjacent_find(out.begin(), out.end()) != out.end()) {
    return FlagError(flag, "the same digest is given twice");
  }
  return out;
}

core::Result<core::Bytes32> ResolveDigest(const DigestArg& arg, crypto::HashSuite suite) {
  const std::string either = "--" + arg.hex_flag + " or --" + arg.document_flag;
  if (!arg.hex.empty() && !arg.document.empty()) {
    return FlagError(arg.hex_flag, "give either " + either + ", not both");
  }
  if (!arg.hex.empty()) return ParseDigestHex(arg.hex_flag, arg.hex);
  if (arg.document.empty()) {
    return core::Status::Rejected(core::RejectCode::kMissingField, either + " is required");
  }
  core::Result<std::string> content = core::ReadFileLimited(arg.document, kMaxDocumentBytes);
  if (!content.ok()) return content.status().WithContext("--" + arg.document_flag);
  return crypto::Hash(suite, core::AsBytes(*content));
}

core::Result<std::optional<core::Bytes32>> ResolveOptionalDigest(const DigestArg& arg,
                                                                 crypto::HashSuite suite) {
  if (!arg.given()) return std::optional<core::Bytes32>();
  ASSIGN_OR_RETURN(core::Bytes32 digest, ResolveDigest(arg, suite));
  return std::optional<core::Bytes32>(digest);
}

core::Result<crypto::PublicKey> ParsePublicKeyArg(std::string_view flag, std::string_view text) {
  core::Result<crypto::PublicKey> key = crypto::PublicKey::FromHex(text);
  if (!key.ok()) return Reflag(flag, key.status());
  return key;
}

core::Result<crypto::Signature> ParseSignatureArg(std::string_view flag, std::string_view text) {
  core::Result<crypto::Signature> signature = crypto::Signature::FromHex(text);
  if (!signature.ok()) return FlagError(flag, "expected 128 hex digits (an Ed25519 signature)");
  return signature;
}

core::Result<contracts::SubjectRef> ParseSubjectArg(std::string_view flag, std::string_view text) {
  if (text.empty()) return FlagError(flag, "a subject is required (USCC, legacy:USCC or key:HEX)");
  core::Result<contracts::SubjectRef> subject = contracts::ParseSubjectText(text);
  if (!subject.ok()) return Reflag(flag, subject.status());
  return subject;
}

core::Result<contracts::CivilDay> ParseDateArg(std::string_view flag, std::string_view text) {
  core::Result<contracts::CivilDay> day = contracts::ParseIsoDay(text);
  if (!day.ok()) return FlagError(flag, "expected a date YYYY-MM-DD: " + ReasonOf(day.status()));
  return day;
}

core::Result<std::optional<contracts::CivilDay>> ParseOptionalDateArg(std::string_view flag,
                                                                      std::string_view text) {
  if (text.empty()) return std::optional<contracts::CivilDay>();
  ASSIGN_OR_RETURN(contracts::CivilDay day, ParseDateArg(flag, text));
  return std::optional<contracts::CivilDay>(day);
}

core::Result<std::string> ParseCodeArg(std::string_view flag, std::string_view text) {
  if (!contracts::IsDomainCode(text)) {
    return FlagError(flag, "expected 1..64 characters of a-z 0-9 - _ . :");
  }
  return std::string(text);
}

core::Result<std::string> ParseTextArg(std::string_view flag, std::string_view text,
                                       size_t max_bytes) {
  if (text.empty()) return FlagError(flag, "must not be empty");
  if (text.size() > max_bytes) {
    return FlagError(flag, "longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!core::IsValidUtf8(text)) return FlagError(flag, "not valid UTF-8");
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return FlagError(flag, "contains a control character");
  }
  return std::string(text);
}

}  // namespace credchain::cli

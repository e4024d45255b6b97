#include "credentials/did.h"

#include <algorithm>
#include <charconv>

namespace credchain::credentials {
namespace {

using core::RejectCode;
using core::Status;

constexpr std::string_view kDidPrefix = "did:credchain:";
constexpr std::string_view kVctPrefix = "urn:credchain:";
constexpr std::string_view kStatusListScheme = "credchain://";
constexpr std::string_view kStatusListPath = "/status-lists/";

// A decimal u32 without leading zeros.
bool ParseU32(std::string_view text, uint32_t* out) {
  if (text.empty() || text.size() > 10 || (text.size() > 1 && text[0] == '0')) return false;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool IsSegment(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

Status Bad(std::string_view what, std::string_view reason) {
  return Status::Rejected(RejectCode::kBadEncoding, std::string(what) + ": " + std::string(reason));
}

}  // namespace

std::string IssuerDid::ToString() const { return std::string(kDidPrefix) + chain_id + ":" + org; }

core::Result<IssuerDid> IssuerDid::Parse(std::string_view did) {
  if (did.substr(0, kDidPrefix.size()) != kDidPrefix) {
    return Bad("issuer did", "must start with did:credchain:");
  }
  const std::string_view rest = did.substr(kDidPrefix.size());
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return Bad("issuer did", "expected <chain>:<org>");
  IssuerDid out{std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
  if (!IsSegment(out.chain_id) || !IsSegment(out.org)) {
    return Bad("issuer did", "chain and org must be 1-64 of [A-Za-z0-9._-]");
  }
  return out;
}

std::string IssuerKeyRef::ToString() const { return did.ToString() + "#" + key_id; }

core::Result<IssuerKeyRef> IssuerKeyRef::Parse(std::string_view kid) {
  const size_t hash = kid.find('#');
  if (hash == std::string_view::npos) return Bad("kid", "expected <issuer did>#<key id>");
  IssuerKeyRef out;
  ASSIGN_OR_RETURN(out.did, IssuerDid::Parse(kid.substr(0, hash)));
  out.key_id = std::string(kid.substr(hash + 1));
  if (!IsSegment(out.key_id)) return Bad("kid", "key id must be 1-64 of [A-Za-z0-9._-]");
  return out;
}

std::string SchemaRef::ToVct() const {
  return std::string(kVctPrefix) + schema_id + ":" + std::to_string(schema_version);
}

core::Result<SchemaRef> SchemaRef::ParseVct(std::string_view vct) {
  if (vct.substr(0, kVctPrefix.size()) != kVctPrefix) {
    return Bad("vct", "must start with urn:credchain:");
  }
  const std::string_view rest = vct.substr(kVctPrefix.size());
  const size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos) return Bad("vct", "expected <schema>:<version>");
  SchemaRef out;
  out.schema_id = std::string(rest.substr(0, colon));
  if (!IsSegment(out.schema_id)) return Bad("vct", "malformed schema id");
  if (!ParseU32(rest.substr(colon + 1), &out.schema_version)) {
    return Bad("vct", "version must be a decimal u32");
  }
  return out;
}

std::string StatusListRef::ToUri() const {
  return std::string(kStatusListScheme) + chain_id + std::string(kStatusListPath) + org + "/" +
         std::to_string(number);
}

core::Result<StatusListRef> StatusListRef::Parse(std::string_view uri) {
  const auto bad = [] {
    return Bad("status list uri", "expected credchain://<chain>/status-lists/<org>/<number>");
  };
  if (uri.substr(0, kStatusListScheme.size()) != kStatusListScheme) return bad();
  std::string_view rest = uri.substr(kStatusListScheme.size());
  const size_t path = rest.find(kStatusListPath);
  if (path == std::string_view::npos) return bad();
  StatusListRef out;
  out.chain_id = std::string(rest.substr(0, path));
  rest.remove_prefix(path + kStatusListPath.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return bad();
  out.org = std::string(rest.substr(0, slash));
  if (!IsSegment(out.chain_id) || !IsSegment(out.org) ||
      !ParseU32(rest.substr(slash + 1), &out.number)) {
    return bad();
  }
  return out;
}

}  // namespace credchain::credentials

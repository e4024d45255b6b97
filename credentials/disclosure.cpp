#include "credentials/disclosure.h"

#include <nlohmann/json.hpp>

#include "core/base64url.h"
#include "credentials/strict_json.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

std::string NewSalt(const crypto::RandomSource& random) {
  core::FixedBytes<kSaltBytes> salt;
  crypto::FillRandom(random, salt);
  return core::Base64UrlEncode(core::ByteView(salt));
}

std::string NewDecoyDigest(const crypto::RandomSource& random) {
  core::Bytes32 seed;
  crypto::FillRandom(random, seed);
  const core::Bytes32 digest = crypto::Sha256(seed);
  return core::Base64UrlEncode(core::ByteView(digest));
}

std::string DisclosureDigest(std::string_view encoded) {
  const core::Bytes32 digest = crypto::Sha256(core::AsBytes(encoded));
  return core::Base64UrlEncode(core::ByteView(digest));
}

Disclosure MakeDisclosure(std::string salt, std::optional<std::string> name,
                          const nlohmann::json& value) {
  nlohmann::json array = nlohmann::json::array();
  array.push_back(salt);
  if (name.has_value()) array.push_back(*name);
  array.push_back(value);
  Disclosure d;
  d.encoded = core::Base64UrlEncode(DumpJson(array));
  d.salt = std::move(salt);
  d.name = std::move(name);
  d.value_json = DumpJson(value);
  return d;
}

core::Result<nlohmann::json> DecodeDisclosureArray(std::string_view encoded) {
  if (encoded.size() > kMaxDisclosureBytes) {
    return Status::Rejected(RejectCode::kTooLarge,
                            "disclosure: longer than " + std::to_string(kMaxDisclosureBytes));
  }
  auto raw = core::Base64UrlDecode(encoded);
  if (!raw.ok()) return raw.status().WithContext("disclosure");
  const std::string text = core::ToString(*raw);
  ASSIGN_OR_RETURN(nlohmann::json array, ParseStrictJson(text, kMaxDisclosureBytes, "disclosure"));
  if (!array.is_array() || (array.size() != 2 && array.size() != 3)) {
    return Status::Rejected(RejectCode::kMalformed,
                            "disclosure: must be a JSON array of 2 or 3 elements");
  }
  if (!array[0].is_string()) {
    return Status::Rejected(RejectCode::kMalformed, "disclosure: salt must be a string");
  }
  if (array.size() == 3) {
    const std::string* name = array[1].get_ptr<const std::string*>();
    if (name == nullptr) {
      return Status::Rejected(RejectCode::kMalformed, "disclosure: claim name must be a string");
    }
    if (*name == "_sd" || *name == "...") {
      return Status::Rejected(RejectCode::kInvalidField,
                              "disclosure: reserved claim name \"" + *name + "\"");
    }
  }
  return array;
}

core::Result<Disclosure> ParseDisclosure(std::string_view encoded) {
  ASSIGN_OR_RETURN(nlohmann::json array, DecodeDisclosureArray(encoded));
  Disclosure d;
  d.encoded = std::string(encoded);
  d.salt = array[0].get<std::string>();
  if (array.size() == 3) d.name = array[1].get<std::string>();
  d.value_json = DumpJson(array.back());
  return d;
}

}  // namespace credchain::credentials

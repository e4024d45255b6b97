// Helpers shared by the credentials unit tests.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "core/base64url.h"

namespace credchain::credentials::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json LoadVector(const std::string& name) {
  return nlohmann::json::parse(ReadFile(std::string(CREDCHAIN_VECTORS_DIR) + "/" + name));
}

// The decoded payload of a compact JWS, without any signature or algorithm check.
inline nlohmann::json UnverifiedPayload(const std::string& jws) {
  const size_t dot1 = jws.find('.');
  const size_t dot2 = jws.find('.', dot1 + 1);
  auto raw = core::Base64UrlDecode(std::string_view(jws).substr(dot1 + 1, dot2 - dot1 - 1));
  return nlohmann::json::parse(core::ToString(raw.value()));
}

}  // namespace credchain::credentials::testing

// The JSON of a REST answer in the node's route tests: the body parsed (discarded JSON when it
// is not JSON) and the error code of a {"error":{"code","message"}} body.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "node/http_types.h"

namespace credchain::node::testing {

inline nlohmann::json Body(const HttpResponse& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

// The error code, or a marker naming the body when it is not an error body.
inline std::string ErrorCode(const HttpResponse& r) {
  const nlohmann::json j = Body(r);
  if (!j.is_object() || !j.contains("error")) return "<not an error body: " + r.body + ">";
  return j["error"]["code"].get<std::string>();
}

}  // namespace credchain::node::testing

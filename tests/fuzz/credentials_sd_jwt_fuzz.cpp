// Fuzzes the SD-JWT compact parser and everything a verifier runs on its parts: the JWS parser,
// strict JSON, Disclosure decoding and RFC 9901 disclosure processing, and the KB-JWT parser.
// Property: any input yields a value or a clear Status, never a crash; a parsed SD-JWT
// re-serializes to the input.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "credentials/jws.h"
#include "credentials/key_binding.h"
#include "credentials/sd_jwt.h"
#include "credentials/strict_json.h"

using namespace credchain::credentials;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto sd_jwt = SdJwt::Parse(input);
  if (!sd_jwt.ok()) return 0;
  if (sd_jwt->Serialize() != input) std::abort();
  auto jws = ParseCompactJws(sd_jwt->issuer_jwt, "issuer-signed JWT");
  if (jws.ok()) {
    auto payload = ParseJsonObject(jws->payload_json, kMaxJwsBytes, "payload");
    if (payload.ok()) (void)ProcessDisclosures(*payload, sd_jwt->disclosures);
  }
  if (!sd_jwt->kb_jwt.empty()) (void)ParseKeyBindingJwt(sd_jwt->kb_jwt);
  return 0;
}

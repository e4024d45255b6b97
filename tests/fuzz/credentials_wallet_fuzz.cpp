// Fuzzes the wallet's credential file parser (HeldCredential::FromJson: a credential file or a
// bare compact SD-JWT, as `credchain wallet import` reads what an issuer sent), which runs the
// SD-JWT, JWS, strict JSON, disclosure processing, anchor and opening decoders and checks each
// opening against the credential's commitment. Properties: never a crash; an accepted file
// re-serializes to a file that parses to the same credential.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "credentials/wallet.h"

using namespace credchain::credentials;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto held = HeldCredential::FromJson(input);
  if (!held.ok()) return 0;
  auto again = HeldCredential::FromJson(held->ToJson());
  if (!again.ok() || again->sd_jwt != held->sd_jwt || !(again->anchor == held->anchor) ||
      again->openings != held->openings || again->Id() != held->Id()) {
    std::abort();
  }
  return 0;
}

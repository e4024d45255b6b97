// Fuzzes the SD-JWT VC profile's identifier parsers (credentials/did.h): issuer DID, key id,
// status list URI and vct, all read from credentials and policies. Properties: never a crash;
// whatever parses formats back to exactly the input (one spelling per identifier).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "credentials/did.h"

using namespace credchain::credentials;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto did = IssuerDid::Parse(input); did.ok() && did->ToString() != input) std::abort();
  if (auto kid = IssuerKeyRef::Parse(input); kid.ok() && kid->ToString() != input) std::abort();
  if (auto list = StatusListRef::Parse(input); list.ok()) {
    if (list->ToUri() != input || !IssuerDid::Parse(list->Owner().ToString()).ok()) std::abort();
  }
  if (auto vct = SchemaRef::ParseVct(input); vct.ok() && vct->ToVct() != input) std::abort();
  return 0;
}

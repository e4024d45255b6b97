// Fuzzes the REST client's HTTP response parser: any bytes either parse into a response whose
// body respects the size limit, or are refused; never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "node/api/rest_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr size_t kLimit = 4096;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto parsed = credchain::node::api::ParseHttpResponse(raw, kLimit);
  if (parsed.ok()) {
    CHECK(parsed.value().body.size() <= kLimit);
    CHECK(parsed.value().status >= 100 && parsed.value().status <= 999);
  }
  return 0;
}

// Genesis JSON loader (docs/formats/genesis.md). Properties: no crash on any input; a loaded
// genesis is valid, writes a genesis state, and reloads from its own JSON to an equal value with
// the same hash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "contracts/genesis.h"
#include "contracts/genesis_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace credchain::contracts;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto genesis = GenesisFromJson(text);
  if (!genesis.ok()) return 0;
  if (!genesis->Validate().ok() || !GenesisStateDelta(*genesis).ok()) std::abort();
  auto again = GenesisFromJson(GenesisToJson(*genesis));
  if (!again.ok() || !(*again == *genesis)) std::abort();
  if (GenesisHash(*again) != GenesisHash(*genesis)) std::abort();
  return 0;
}

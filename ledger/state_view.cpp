#include "ledger/state_view.h"

namespace credchain::ledger {

core::Bytes32 StateKey(crypto::HashSuite suite, std::string_view state_namespace,
                       core::ByteView key) {
  const uint8_t separator = 0;
  return crypto::HashParts(suite,
                           {core::AsBytes(state_namespace), core::ByteView(&separator, 1), key});
}

}  // namespace credchain::ledger

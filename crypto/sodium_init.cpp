#include "crypto/sodium_init.h"

#include <sodium.h>

#include "core/check.h"

namespace credchain::crypto::internal {

void EnsureSodiumInitialized() {
  static const bool initialized = [] { return sodium_init() >= 0; }();
  CHECK(initialized);
}

}  // namespace credchain::crypto::internal

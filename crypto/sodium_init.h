// libsodium must be initialised once before use (it selects CPU-specific code and seeds its
// RNG). Every crypto/ entry point that calls libsodium calls EnsureSodiumInitialized() first;
// it is thread-safe and costs one atomic load after the first call.
#pragma once

namespace credchain::crypto::internal {

void EnsureSodiumInitialized();

}  // namespace credchain::crypto::internal

#include "core/check.h"

#include <cstdio>
#include <cstdlib>

namespace credchain::core::internal {

void CheckFailed(const char* file, int line, const char* condition, const char* detail) {
  std::fprintf(stderr, "FATAL %s:%d: CHECK failed: %s%s%s\n", file, line, condition,
               detail != nullptr ? ": " : "", detail != nullptr ? detail : "");
  std::fflush(stderr);
  std::abort();
}

}  // namespace credchain::core::internal

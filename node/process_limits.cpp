#include "node/process_limits.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <sys/resource.h>

namespace credchain::node {

core::Result<uint64_t> RaiseOpenFileLimit(uint64_t want) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return core::Status::Internal(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
  }
  const rlim_t target =
      limit.rlim_max == RLIM_INFINITY ? want : std::min<rlim_t>(want, limit.rlim_max);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < target) {
    limit.rlim_cur = target;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      return core::Status::Internal(std::string("setrlimit(RLIMIT_NOFILE): ") +
                                    std::strerror(errno));
    }
  }
  return static_cast<uint64_t>(limit.rlim_cur);
}

}  // namespace credchain::node

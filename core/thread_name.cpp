#include "core/thread_name.h"

#include <pthread.h>

#include <string>

namespace credchain::core {

void NameThisThread(std::string_view name) {
  constexpr size_t kMaxName = 15;  // the kernel's TASK_COMM_LEN minus the terminator
  const std::string truncated(name.substr(0, kMaxName));
  (void)pthread_setname_np(pthread_self(), truncated.c_str());
}

}  // namespace credchain::core

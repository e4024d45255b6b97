#include "node/process_memory.h"

#include <malloc.h>
#include <unistd.h>

#include <fstream>

namespace credchain::node {

HeapBytes ReadLibcHeapBytes() {
  const struct mallinfo2 info = mallinfo2();
  return HeapBytes{.allocated = info.uordblks + info.hblkhd, .free = info.fordblks};
}

std::optional<uint64_t> ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0;
  uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return std::nullopt;
  const long page_bytes = sysconf(_SC_PAGESIZE);
  if (page_bytes <= 0) return std::nullopt;
  return resident_pages * static_cast<uint64_t>(page_bytes);
}

}  // namespace credchain::node

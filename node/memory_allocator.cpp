#include "node/memory_allocator.h"

#include <cstdlib>

#ifdef CREDCHAIN_WITH_TCMALLOC
#include <gperftools/malloc_extension.h>
#include <gperftools/tcmalloc.h>
#endif

namespace credchain::node {

std::string MemoryAllocatorInUse() {
#ifdef CREDCHAIN_WITH_TCMALLOC
  // tcmalloc counts the bytes its callers hold: a block from malloc() shows in that count only
  // if malloc() is tcmalloc's.
  constexpr size_t kProbeBytes = size_t{1} << 20;
  MallocExtension* tcmalloc = MallocExtension::instance();
  size_t before = 0;
  size_t after = 0;
  tcmalloc->GetNumericProperty("generic.current_allocated_bytes", &before);
  void* volatile probe = std::malloc(kProbeBytes);
  tcmalloc->GetNumericProperty("generic.current_allocated_bytes", &after);
  std::free(probe);
  if (probe != nullptr && after >= before + kProbeBytes) {
    int major = 0;
    int minor = 0;
    const char* patch = nullptr;
    tc_version(&major, &minor, &patch);
    return "tcmalloc " + std::to_string(major) + "." + std::to_string(minor) +
           (patch != nullptr ? patch : "");
  }
  return "not tcmalloc: it is linked, but another library's malloc took over (LD_PRELOAD?)";
#else
  return "the C library's malloc (a sanitizer's in a sanitizer build)";
#endif
}

HeapBytes ReadHeapBytes() {
#ifdef CREDCHAIN_WITH_TCMALLOC
  MallocExtension* tcmalloc = MallocExtension::instance();
  size_t allocated = 0;
  size_t heap_size = 0;
  size_t unmapped = 0;
  tcmalloc->GetNumericProperty("generic.current_allocated_bytes", &allocated);
  tcmalloc->GetNumericProperty("generic.heap_size", &heap_size);
  tcmalloc->GetNumericProperty("tcmalloc.pageheap_unmapped_bytes", &unmapped);
  // heap_size counts every byte tcmalloc took from the kernel, those it gave back included.
  const size_t held = heap_size > unmapped ? heap_size - unmapped : 0;
  return HeapBytes{.allocated = allocated, .free = held > allocated ? held - allocated : 0};
#else
  return ReadLibcHeapBytes();
#endif
}

}  // namespace credchain::node

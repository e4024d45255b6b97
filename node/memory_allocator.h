// Which malloc credchaind runs on (ADR 0024), for its start-up log line, and its heap, for the
// node's metrics.
// Thread safety: safe to call from any thread.
#pragma once

#include <string>

#include "node/process_memory.h"

namespace credchain::node {

// "tcmalloc <version>" when the program is linked with tcmalloc and a malloc() just made went
// through it; the C library's malloc (or a sanitizer's) in a build without tcmalloc; and says so
// when tcmalloc is linked but did not take over (another library's malloc came first, e.g. an
// LD_PRELOAD).
std::string MemoryAllocatorInUse();

// The heap of the allocator the program runs on (the HeapReader credchaind gives its Daemon).
// tcmalloc's free bytes are its page heap and its central, transfer and thread caches, less what
// it returned to the kernel; without tcmalloc, ReadLibcHeapBytes.
HeapBytes ReadHeapBytes();

}  // namespace credchain::node

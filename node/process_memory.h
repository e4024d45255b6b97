// How much memory the node holds, for its metrics (node/node_metrics.h): the process's resident
// set and the heap as the allocator counts it.
//
//   std::optional<uint64_t> rss = ResidentBytes();
//   HeapBytes heap = ReadLibcHeapBytes();  // credchaind passes tcmalloc's reader instead
//
// Thread safety: the functions are safe to call from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

namespace credchain::node {

// Bytes the allocator's callers hold, and bytes it keeps free for reuse without returning them
// to the kernel: resident, so part of the resident set, but holding no data.
struct HeapBytes {
  uint64_t allocated = 0;
  uint64_t free = 0;
};

// Reads the heap of the allocator the process runs on. The node library cannot know which one
// that is (credchaind links tcmalloc, ADR 0024): the program supplies it.
using HeapReader = std::function<HeapBytes()>;

// The C library's malloc, through mallinfo2 (in use: allocated chunks and mmapped blocks; free:
// free chunks). Meaningless under another allocator.
HeapBytes ReadLibcHeapBytes();

// The process's resident set in bytes (Linux /proc/self/statm); nullopt if it cannot be read.
std::optional<uint64_t> ResidentBytes();

}  // namespace credchain::node

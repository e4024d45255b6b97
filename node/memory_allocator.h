// Which malloc credchaind runs on (ADR 0024), for its start-up log line.
// Thread safety: safe to call from any thread.
#pragma once

#include <string>

namespace credchain::node {

// "tcmalloc <version>" when the program is linked with tcmalloc and a malloc() just made went
// through it; the C library's malloc (or a sanitizer's) in a build without tcmalloc; and says so
// when tcmalloc is linked but did not take over (another library's malloc came first, e.g. an
// LD_PRELOAD).
std::string MemoryAllocatorInUse();

}  // namespace credchain::node

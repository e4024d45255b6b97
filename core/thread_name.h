// NameThisThread: gives the calling thread a name that `top -H`, `perf report --sort comm`,
// gdb and /proc/<pid>/task/<tid>/comm show, so an operator or a profile can tell the node's
// threads apart (the consensus thread from the HTTP thread, a verifier from the P2P thread).
// Linux keeps at most 15 bytes of a name; longer names are cut. Best effort: a failure is ignored.
// Thread safety: names only the calling thread.
#pragma once

#include <string_view>

namespace credchain::core {

void NameThisThread(std::string_view name);

}  // namespace credchain::core

// Decodes hostile bytes as a safety log file (consensus/safety_log.h): what LogSafetyStore reads
// back from disk at every start, where a damaged or torn file must give DataLoss or a cut, never
// a crash.
// Properties: no crash, no sanitizer report; a decoded log's intact part is within the input and
// decodes to the same contents on its own (the cut is stable); the contents written out again as
// a compacted log (one record per block, then the state) decode to the same contents.
#include <cstdint>
#include <cstdlib>

#include "consensus/safety_log.h"
#include "core/codec.h"

namespace {

using namespace credchain;
using consensus::SafetyLogContents;

bool SameContents(const SafetyLogContents& a, const SafetyLogContents& b) {
  if (a.state != b.state || a.blocks.size() != b.blocks.size()) return false;
  for (const auto& [id, block] : a.blocks) {
    auto it = b.blocks.find(id);
    if (it == b.blocks.end() || it->second.height != block.height ||
        it->second.encoded != block.encoded) {
      return false;
    }
  }
  return true;
}

core::Bytes Compacted(const SafetyLogContents& contents) {
  core::Bytes file;
  core::Append(file, consensus::kSafetyLogMagic);
  for (const auto& [id, block] : contents.blocks) {
    const core::ByteView encoded = block.encoded;
    core::Append(file, consensus::FrameSafetyLogUpdate({&encoded, 1}, nullptr));
  }
  if (contents.state) {
    const core::Bytes state = core::EncodeToBytes(*contents.state);
    core::Append(file, consensus::FrameSafetyLogUpdate({}, &state));
  }
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const core::ByteView input(data, size);
  auto contents = consensus::ScanSafetyLog(input);
  if (!contents.ok()) return 0;
  if (contents->intact_bytes > size || contents->intact_bytes < consensus::kSafetyLogMagic.size()) {
    std::abort();
  }
  auto intact = consensus::ScanSafetyLog(input.first(contents->intact_bytes));
  if (!intact.ok() || intact->intact_bytes != contents->intact_bytes ||
      intact->records != contents->records || !SameContents(*intact, *contents)) {
    std::abort();
  }
  const core::Bytes compacted = Compacted(*contents);
  auto again = consensus::ScanSafetyLog(compacted);
  if (!again.ok() || again->intact_bytes != compacted.size() || !SameContents(*again, *contents)) {
    std::abort();
  }
  return 0;
}

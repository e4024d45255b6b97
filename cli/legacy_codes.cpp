#include "cli/legacy_codes.h"

#include "core/private_file.h"

namespace credchain::cli {

core::Result<contracts::LegacyCodeList> LoadLegacyCodeList(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(path, 64u << 20));
  auto list = contracts::LegacyCodeList::Parse(text);
  if (!list.ok()) return list.status().WithContext("legacy code list " + path);
  return list;
}

}  // namespace credchain::cli

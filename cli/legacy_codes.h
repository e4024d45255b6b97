// The --legacy FILE option shared by `id check` and `records lint`: an operator-maintained list
// of known non-conforming codes (contracts::LegacyCodeList, one code per line).
#pragma once

#include <string>

#include "contracts/identifiers.h"
#include "core/result.h"

namespace credchain::cli {

// Returns: the list; NotFound / IoError for the file; Rejected(kInvalidField, "... line N ...").
core::Result<contracts::LegacyCodeList> LoadLegacyCodeList(const std::string& path);

}  // namespace credchain::cli

// A named golden vector (LoadGoldenFile, unit/golden_file.h) as bytes.
#pragma once

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/bytes.h"
#include "core/hex.h"
#include "unit/golden_file.h"

namespace credchain::testing {

inline core::Bytes GoldenBytes(const std::map<std::string, std::string>& vectors,
                               const std::string& name) {
  auto it = vectors.find(name);
  EXPECT_NE(it, vectors.end()) << "missing golden vector " << name;
  if (it == vectors.end()) return {};
  auto bytes = core::HexDecode(it->second);
  EXPECT_TRUE(bytes.ok()) << name;
  return bytes.ok() ? *bytes : core::Bytes{};
}

}  // namespace credchain::testing

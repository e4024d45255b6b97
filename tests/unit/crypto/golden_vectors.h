// Loads tests/vectors/<file>: lines "<name> <hex>", '#' comments and blank lines ignored.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/bytes.h"
#include "core/hex.h"

namespace credchain::testing {

inline std::map<std::string, std::string> LoadGoldenVectors(const std::string& file) {
  std::map<std::string, std::string> vectors;
  std::ifstream in(std::string(CREDCHAIN_VECTORS_DIR) + "/" + file);
  EXPECT_TRUE(in.good()) << "cannot open " << file;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, hex;
    fields >> name >> hex;
    vectors[name] = hex;
  }
  return vectors;
}

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

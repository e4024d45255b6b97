// Loads tests/vectors/<file>: lines "<name> <hex>", '#' comments and blank lines ignored. The
// one golden-vector reader of the unit tests of every module.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace credchain::testing {

inline std::map<std::string, std::string> LoadGoldenFile(const std::string& file) {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(CREDCHAIN_VECTORS_DIR) + "/" + file);
  EXPECT_TRUE(in.good()) << "cannot open " << file;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string name, hex;
    fields >> name >> hex;
    out[name] = hex;
  }
  return out;
}

}  // namespace credchain::testing

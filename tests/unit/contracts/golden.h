// Loads "<name> <hex>" golden vector files from tests/vectors/.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace credchain::contracts::testing {

inline std::map<std::string, std::string> LoadGoldenFile(const std::string& file) {
  std::ifstream in(std::string(CREDCHAIN_VECTORS_DIR) + "/" + file);
  std::map<std::string, std::string> out;
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

}  // namespace credchain::contracts::testing

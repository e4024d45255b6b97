// credchain: the command-line client (docs/cli.md).
#include <iostream>
#include <string>
#include <vector>

#include "cli/run.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return credchain::cli::Run(args, std::cin, std::cout, std::cerr);
}

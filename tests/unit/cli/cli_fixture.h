// Runs `credchain` commands in-process (cli::Run) with captured streams.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/run.h"

namespace credchain::cli::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  CliResult r;
  r.exit_code = Run(args, in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The subcommands `credchain <path...> --help` lists, in its order.
inline std::vector<std::string> ListedSubcommands(std::vector<std::string> path) {
  path.push_back("--help");
  std::istringstream help(RunCli(path).out);
  std::vector<std::string> names;
  bool listing = false;
  for (std::string line; std::getline(help, line);) {
    if (line == "Subcommands:") {
      listing = true;
    } else if (listing && line.empty()) {
      break;
    } else if (listing && line.starts_with("  ") && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return names;
}

// Every command under `path` that has no subcommands of its own ({"tx", "list", "include"},
// ...), depth first in --help order.
inline std::vector<std::vector<std::string>> LeafCommands(const std::vector<std::string>& path) {
  const std::vector<std::string> children = ListedSubcommands(path);
  if (children.empty()) return {path};
  std::vector<std::vector<std::string>> leaves;
  for (const std::string& child : children) {
    std::vector<std::string> sub = path;
    sub.push_back(child);
    for (std::vector<std::string>& leaf : LeafCommands(sub)) leaves.push_back(std::move(leaf));
  }
  return leaves;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace credchain::cli::testing

// The `credchain` program as a function, so tests run commands in-process with string streams
// and the real binary (cli/main.cpp) is a one-line wrapper.
//
// Thread safety: one Run at a time per process (commands read the environment and terminal).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace credchain::cli {

// Parses `args` (without the program name), runs the chosen command and returns the process
// exit code (cli/command_context.h ExitCode; 0 after --help).
int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace credchain::cli

// Where the tests find their inputs: golden vectors and fuzz corpora in the source tree, and the
// built programs. The absolute paths are compiled into one small library (test_paths.cpp), not
// into every test file's flags, so a checkout in another directory still gets ccache hits for the
// test files (ccache keys them by paths relative to CCACHE_BASEDIR; a -D with an absolute path
// would make every one a miss). Every test binary sees this header through `-include`.
#pragma once

namespace credchain::test_paths {

const char* VectorsDir();  // tests/vectors
const char* SourceDir();   // the repository root
const char* BinDir();      // <build>/bin

}  // namespace credchain::test_paths

#define CREDCHAIN_VECTORS_DIR (::credchain::test_paths::VectorsDir())
#define CREDCHAIN_SOURCE_DIR (::credchain::test_paths::SourceDir())
#define CREDCHAIN_BIN_DIR (::credchain::test_paths::BinDir())

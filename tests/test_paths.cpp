#include "test_paths.h"

namespace credchain::test_paths {

const char* VectorsDir() { return CREDCHAIN_TEST_VECTORS_DIR; }
const char* SourceDir() { return CREDCHAIN_TEST_SOURCE_DIR; }
const char* BinDir() { return CREDCHAIN_TEST_BIN_DIR; }

}  // namespace credchain::test_paths

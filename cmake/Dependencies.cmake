# Third-party libraries, all from Debian 12 packages (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(CRYPTOPP REQUIRED IMPORTED_TARGET libcrypto++)

find_path(LEVELDB_INCLUDE_DIR leveldb/db.h REQUIRED)
find_library(LEVELDB_LIBRARY leveldb REQUIRED)
add_library(credchain_dep_leveldb INTERFACE)
target_include_directories(credchain_dep_leveldb SYSTEM INTERFACE ${LEVELDB_INCLUDE_DIR})
target_link_libraries(credchain_dep_leveldb INTERFACE ${LEVELDB_LIBRARY})

find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 QUIET CONFIG)
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()
find_package(Boost 1.74 REQUIRED COMPONENTS system)

# The daemon's memory allocator (ADR 0024): gperftools' tcmalloc (minimal: no heap profiler),
# linked into credchaind only. Sanitizer builds keep the C library's malloc, which ASan replaces.
set(CREDCHAIN_ALLOCATOR "tcmalloc" CACHE STRING "credchaind's malloc: tcmalloc or system")
set_property(CACHE CREDCHAIN_ALLOCATOR PROPERTY STRINGS tcmalloc system)
if(CREDCHAIN_SANITIZE OR CREDCHAIN_FUZZ)
  set(CREDCHAIN_DAEMON_ALLOCATOR system)
elseif(CREDCHAIN_ALLOCATOR STREQUAL "tcmalloc")
  pkg_check_modules(TCMALLOC IMPORTED_TARGET libtcmalloc_minimal)
  if(NOT TCMALLOC_FOUND)
    message(FATAL_ERROR "CREDCHAIN_ALLOCATOR=tcmalloc needs libtcmalloc_minimal (Debian: "
                        "libgoogle-perftools-dev, which scripts/install-deps.sh installs); "
                        "-DCREDCHAIN_ALLOCATOR=system builds with the C library's malloc")
  endif()
  set(CREDCHAIN_DAEMON_ALLOCATOR tcmalloc)
elseif(CREDCHAIN_ALLOCATOR STREQUAL "system")
  set(CREDCHAIN_DAEMON_ALLOCATOR system)
else()
  message(FATAL_ERROR "CREDCHAIN_ALLOCATOR: '${CREDCHAIN_ALLOCATOR}' is not tcmalloc or system")
endif()

if(CREDCHAIN_BUILD_TESTS OR CREDCHAIN_FUZZ)
  find_package(GTest REQUIRED)
endif()
if(CREDCHAIN_BUILD_BENCH AND NOT CREDCHAIN_FUZZ AND NOT CREDCHAIN_SANITIZE)
  find_package(benchmark REQUIRED)
endif()

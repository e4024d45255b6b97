# Helpers that give every module the same shape: a library target credchain_<name> (alias
# credchain::<name>) rooted at the repository so includes read "ledger/block.h".

set(CREDCHAIN_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false stringop/array-bounds overflows inside libstdc++ vector code at -O3
  # (GCC bugs 105651, 107852); clang builds in CI keep these classes of checks via ASan.
  list(APPEND CREDCHAIN_WARNINGS -Wno-stringop-overflow -Wno-array-bounds -Wno-restrict)
endif()

# credchain_module(<name> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
function(credchain_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(credchain_${name} STATIC ${ARG_SOURCES})
  add_library(credchain::${name} ALIAS credchain_${name})
  target_include_directories(credchain_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(credchain_${name} PRIVATE ${CREDCHAIN_WARNINGS})
  target_link_libraries(credchain_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# credchain_executable(<name> SOURCES ... DEPS ...): a program written to build/bin/<name>.
function(credchain_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${CREDCHAIN_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

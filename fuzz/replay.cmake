# lezpay_fuzz_replay_test(<target> [SOURCES <files>...] [INCLUDES <dirs>...] LINK <libs>...)
# Always built (no clang or libFuzzer needed): compiles fuzz/<target>.cpp (plus SOURCES, for a
# decoder that lives in a process rather than a library) with fuzz/replay_main.cpp into an
# ordinary executable and registers the ctest `fuzz_replay_<target>`, which runs
# LLVMFuzzerTestOneInput over every file of the committed seed corpus fuzz/corpus/<target>/
# (STYLE.md "Decoders": CI replays the seed corpus as an ordinary test).
# The replay driver (its main) is compiled once for every target, as a static library.
if(NOT TARGET lezpay_fuzz_replay_main)
  add_library(lezpay_fuzz_replay_main STATIC ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
  target_compile_options(lezpay_fuzz_replay_main PRIVATE ${LEZPAY_WARNINGS})
endif()

function(lezpay_fuzz_replay_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;INCLUDES;LINK" ${ARGN})
  set(exe fuzz_replay_${name})
  add_executable(${exe} ${PROJECT_SOURCE_DIR}/fuzz/${name}.cpp ${ARG_SOURCES})
  target_include_directories(${exe} PRIVATE ${ARG_INCLUDES})
  set_target_properties(${exe} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_compile_options(${exe} PRIVATE ${LEZPAY_WARNINGS})
  target_link_libraries(${exe} PRIVATE lezpay_fuzz_replay_main ${ARG_LINK})
  add_test(NAME ${exe} COMMAND ${exe} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name})
endfunction()

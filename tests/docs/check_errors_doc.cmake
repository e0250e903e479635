# cmake -DGEN=<gen_errors_doc> -DDOC=<docs/errors.md> -P check_errors_doc.cmake
# Fails when docs/errors.md differs from what the modules' error tables generate.
execute_process(COMMAND ${GEN} OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_errors_doc failed (${rc})")
endif()
file(READ ${DOC} current)
if(NOT generated STREQUAL current)
  message(FATAL_ERROR "docs/errors.md is out of date with the modules' error tables; regenerate it with\n"
                      "  build/tests/gen_errors_doc > docs/errors.md")
endif()
message(STATUS "docs/errors.md matches the modules' error tables")

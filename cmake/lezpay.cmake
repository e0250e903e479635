# Shared build helpers for lez-pay targets.

set(LEZPAY_WARNINGS -Wall -Wextra -Wpedantic -Wno-unused-parameter)

# lezpay_pure_library(<target> <alias> SOURCES ... LINK ...)
# A library that must stay free of I/O and Qt networking: the check below fails the configure
# step if anyone links Qt6::Network or Qt6::Sql into it (STYLE.md "Layers you can see").
function(lezpay_pure_library target alias)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(${alias} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_compile_options(${target} PRIVATE ${LEZPAY_WARNINGS})
  target_link_libraries(${target} PUBLIC ${ARG_LINK})
  foreach(dep IN LISTS ARG_LINK)
    if(dep MATCHES "Qt6::(Network|Sql|HttpServer)")
      message(FATAL_ERROR "${target} is a pure library and must not link ${dep}")
    endif()
  endforeach()
  # cmake/layer_rules.cmake checks the transitive graph: a pure library reaches no I/O library.
  set_property(TARGET ${target} PROPERTY LEZPAY_PURE TRUE)
endfunction()

# lezpay_add_module(<name> SOURCES ... LINK ... [OUTPUT_ROOT <dir>] [METADATA <file>])
# Builds <name>_plugin.so into build/modules/<name>/ (or <OUTPUT_ROOT>/<name>/, used for
# test-only plugins) with metadata.json embedded by moc and copied beside it.
function(lezpay_add_module name)
  cmake_parse_arguments(ARG "" "OUTPUT_ROOT;METADATA" "SOURCES;LINK" ${ARGN})
  set(target ${name}_plugin)
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES AUTOMOC ON PREFIX "")
  if(ARG_OUTPUT_ROOT)
    set(outdir ${ARG_OUTPUT_ROOT}/${name})
  else()
    set(outdir ${LEZPAY_MODULES_DIR}/${name})
  endif()
  if(NOT ARG_METADATA)
    set(ARG_METADATA ${CMAKE_CURRENT_SOURCE_DIR}/metadata.json)
  endif()
  set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${outdir})
  target_compile_options(${target} PRIVATE ${LEZPAY_WARNINGS})
  target_link_libraries(${target} PRIVATE logos::sdk ${ARG_LINK})
  # A plugin with an unresolved symbol would only fail when the host loads it; fail the link.
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  # moc reads metadata.json; rebuild the plugin when it changes.
  set_property(TARGET ${target} APPEND PROPERTY AUTOMOC_DEPEND_FILTERS "Q_PLUGIN_METADATA" "FILE \"([^\"]+)\"")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${ARG_METADATA} ${outdir}/metadata.json)
endfunction()

# lezpay_add_qttest(<name> SOURCES ... LINK ...): one QtTest executable registered with ctest.
function(lezpay_add_qttest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES AUTOMOC ON RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_compile_options(${name} PRIVATE ${LEZPAY_WARNINGS})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LINK})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LEZPAY_BUILD_DIR=${CMAKE_BINARY_DIR}")
endfunction()

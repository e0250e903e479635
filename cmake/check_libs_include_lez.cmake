# cmake -DROOT=<source dir> -P check_libs_include_lez.cmake
# Fails when a file under libs/ includes a header of lez/ (docs/architecture.md "Layers": the
# shared libraries sit below the LEZ libraries and never use them). The link graph is checked at
# configure time (cmake/layer_rules.cmake); this catches an include that slips in through an
# include path without a link.
file(GLOB_RECURSE files "${ROOT}/libs/*.cpp" "${ROOT}/libs/*.h" "${ROOT}/libs/*.hpp")
set(offenders "")
foreach(f IN LISTS files)
  file(STRINGS "${f}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]lez/")
  foreach(line IN LISTS hits)
    file(RELATIVE_PATH rel "${ROOT}" "${f}")
    string(APPEND offenders "  ${rel}: ${line}\n")
  endforeach()
endforeach()
if(offenders)
  message(FATAL_ERROR "libs/ includes lez/ headers; move the shared part into libs/util or the LEZ part up into lez/:\n${offenders}")
endif()
message(STATUS "no lez/ include under libs/")

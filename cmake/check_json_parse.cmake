# cmake -DROOT=<source dir> -P check_json_parse.cmake
# Fails when product code parses JSON text with nlohmann directly instead of through
# lezpay::util::parseJson (libs/util/include/lezpay/util/json_parse.h), which is the only parse
# with a depth limit, a size limit and number-range checks that never throws. Tests and fuzz
# targets are not product code and are not checked.
set(dirs host modules libs lez bench sdk interfaces)
set(offenders "")
foreach(dir IN LISTS dirs)
  file(GLOB_RECURSE files "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.h" "${ROOT}/${dir}/*.hpp")
  foreach(f IN LISTS files)
    if(f MATCHES "^${ROOT}/libs/util/")
      continue()
    endif()
    file(STRINGS "${f}" hits REGEX "[Jj][Ss][Oo][Nn]::(parse|sax_parse|accept)\\(")
    foreach(line IN LISTS hits)
      file(RELATIVE_PATH rel "${ROOT}" "${f}")
      string(APPEND offenders "  ${rel}: ${line}\n")
    endforeach()
  endforeach()
endforeach()
if(offenders)
  message(FATAL_ERROR "raw JSON parse outside libs/util; use lezpay::util::parseJson:\n${offenders}")
endif()
message(STATUS "no raw JSON parse outside libs/util")

# cmake -DROOT=<source dir> -P check_no_nested_loops.cmake
# Fails when the host or a module could run one job inside another (interfaces/CONTRACT.md
# "Threading"): a QEventLoop anywhere in host/ or modules/ (a nested loop runs every queued job,
# another call or even shutdown, inside the handler that spins it), or a blocking
# ModuleContext::callSync anywhere in modules/ (it blocks the module's thread). A handler that needs another module
# uses callAsync and completes its Reply later. Tests may use both.
cmake_policy(SET CMP0057 NEW)
set(offenders "")
foreach(dir IN ITEMS host modules)
  file(GLOB_RECURSE files "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.h")
  foreach(f IN LISTS files)
    file(RELATIVE_PATH rel "${ROOT}" "${f}")
    file(STRINGS "${f}" hits REGEX "QEventLoop")
    foreach(line IN LISTS hits)
      string(APPEND offenders "  ${rel}: ${line}\n")
    endforeach()
  endforeach()
endforeach()

file(GLOB_RECURSE module_files "${ROOT}/modules/*.cpp" "${ROOT}/modules/*.h")
foreach(f IN LISTS module_files)
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  file(STRINGS "${f}" hits REGEX "callSync\\(")
  foreach(line IN LISTS hits)
    string(APPEND offenders "  ${rel}: ${line}\n")
  endforeach()
endforeach()

if(offenders)
  message(FATAL_ERROR "nested event loop or blocking module call (use callAsync and sdk::Reply):\n${offenders}")
endif()
message(STATUS "no QEventLoop in host/ or modules/, no callSync in modules/")

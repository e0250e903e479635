# `cmake --build build --target lgx`: one portable .lgx per product module in build/packages/
# (logos-core.md §21; docs/protocol.md "Module packages"), packed by tools/lgx_pack from
# build/modules/<name>/. Not part of `all`: packing ~200 MB of plugins is only for releases and
# the install path; the functional test runs lgx-pack itself.
set(LEZPAY_PACKAGES_DIR ${CMAKE_BINARY_DIR}/packages)
set(LEZPAY_LGX_OUTPUTS "")
foreach(module wallet_module payment_streams_module delivery_module x402_module console_module)
  if(NOT TARGET ${module}_plugin OR NOT TARGET lgx-pack)
    continue()
  endif()
  set(extra "")
  set(deps ${module}_plugin lgx-pack)
  if(module STREQUAL "console_module")
    # The console's pages travel inside its variant, in the directory its static root names.
    set(extra --assets ${PROJECT_SOURCE_DIR}/console --assets-as console)
    list(APPEND deps ${LEZPAY_CONSOLE_PAGES})
  endif()
  set(output ${LEZPAY_PACKAGES_DIR}/${module}.lgx)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${LEZPAY_PACKAGES_DIR}
    COMMAND lgx-pack --module-dir ${LEZPAY_MODULES_DIR}/${module} --out ${output} ${extra}
    DEPENDS ${deps} $<TARGET_FILE:${module}_plugin>
    COMMENT "Packing ${module}.lgx"
    VERBATIM)
  list(APPEND LEZPAY_LGX_OUTPUTS ${output})
endforeach()
add_custom_target(lgx DEPENDS ${LEZPAY_LGX_OUTPUTS})

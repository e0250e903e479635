# The owner's console pages (console/ at the repository root: plain HTML, CSS and ES modules, no
# build step) copied to ${CMAKE_BINARY_DIR}/console, console_module's default static directory.
# The copy is redone when a page changes; the directory is emptied first so a removed page
# does not stay servable.
file(GLOB_RECURSE LEZPAY_CONSOLE_PAGES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/console/*.html ${PROJECT_SOURCE_DIR}/console/*.css ${PROJECT_SOURCE_DIR}/console/*.js
  ${PROJECT_SOURCE_DIR}/console/*.svg)
set(LEZPAY_CONSOLE_STAMP ${CMAKE_BINARY_DIR}/console.stamp)
add_custom_command(OUTPUT ${LEZPAY_CONSOLE_STAMP}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${CMAKE_BINARY_DIR}/console
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_SOURCE_DIR}/console ${CMAKE_BINARY_DIR}/console
  COMMAND ${CMAKE_COMMAND} -E touch ${LEZPAY_CONSOLE_STAMP}
  DEPENDS ${LEZPAY_CONSOLE_PAGES}
  COMMENT "Copying the console pages to ${CMAKE_BINARY_DIR}/console"
  VERBATIM)
add_custom_target(console_pages ALL DEPENDS ${LEZPAY_CONSOLE_STAMP})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/console/ DESTINATION share/lez-pay/console)

# The Debian package `lez-pay` (CPack DEB; scripts/package.sh runs `cpack -G DEB` in the build dir).
# Layout and the units' hardening: docs/decisions.md "Debian package". Every internal library is
# static, so the package holds only executables, module plugins and data; dpkg-shlibdeps derives the
# Debian 12 runtime dependencies from them.
include(GNUInstallDirs)
# Packaging installs what is built; it never triggers a build of the whole tree (tests, benchmarks).
# scripts/package.sh builds `lezpay_package_inputs` first when asked to build.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS logoscore logos-module-host lez-localnet lezpay-mcp RUNTIME DESTINATION bin)

# Modules under lib/lez-pay/modules/<name>/ (the layout `logoscore -D -m <dir>` discovers).
set(LEZPAY_PACKAGED_MODULES wallet_module payment_streams_module delivery_module x402_module console_module)
foreach(m IN LISTS LEZPAY_PACKAGED_MODULES)
  if(TARGET ${m}_plugin)
    install(TARGETS ${m}_plugin LIBRARY DESTINATION lib/lez-pay/modules/${m})
    install(FILES ${PROJECT_SOURCE_DIR}/modules/${m}/metadata.json DESTINATION lib/lez-pay/modules/${m})
  endif()
endforeach()

add_custom_target(lezpay_package_inputs DEPENDS logoscore logos-module-host lez-localnet lezpay-mcp)
foreach(m IN LISTS LEZPAY_PACKAGED_MODULES)
  if(TARGET ${m}_plugin)
    add_dependencies(lezpay_package_inputs ${m}_plugin)
  endif()
endforeach()

# console_module looks for its pages at <modules dir>/../console: point that at the installed pages.
install(CODE "file(MAKE_DIRECTORY \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/lez-pay\")
  file(CREATE_LINK ../../share/lez-pay/console \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/lez-pay/console\" SYMBOLIC)")

# The local chain's genesis (public test keys only) for lez-pay-localnet.service.
install(FILES ${PROJECT_SOURCE_DIR}/fixtures/localnet_genesis.json DESTINATION share/lez-pay)

# systemd units, default configuration (conffiles) and the maintainer scripts.
set(LEZPAY_UNITS lez-pay-localnet.service lez-pay-user.service lez-pay-provider.service)
foreach(u IN LISTS LEZPAY_UNITS)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/systemd/${u} DESTINATION lib/systemd/system)
endforeach()
set(LEZPAY_CONFFILES user.json provider.json)
set(LEZPAY_CONFFILES_LIST "")
foreach(c IN LISTS LEZPAY_CONFFILES)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/etc/${c} DESTINATION /etc/lez-pay
          PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  string(APPEND LEZPAY_CONFFILES_LIST "/etc/lez-pay/${c}\n")
endforeach()
file(WRITE ${CMAKE_BINARY_DIR}/packaging/conffiles "${LEZPAY_CONFFILES_LIST}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lez-pay)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "lez-pay maintainers <lez-pay@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Paid services on the Logos stack: logoscore host, lez-pay modules, LEZ localnet")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Stripped (the build tree keeps the debug information) and gzip: packaging stays a few seconds.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
# adduser for the system user; the SQLite and PostgreSQL Qt SQL drivers are plugins dpkg-shlibdeps cannot see.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libqt6sql6-psql")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/packaging/conffiles
  ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
  ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Files under /etc are absolute on purpose (conffiles); DESTDIR staging keeps them inside the package.
set(CPACK_SET_DESTDIR ON)
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)
include(CPack)

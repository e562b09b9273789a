# SPDX-License-Identifier: GPL-2.0-or-later
# Debian packages (CPack), after Debian's own libvirt-wireshark: `cmake --build B --target package`
# writes into B
#   esmtrace-wireshark_VERSION_ARCH.deb  the plugin, in the global plugin folder of the Wireshark
#                                        it was built for (/usr/lib/<multiarch>/wireshark/plugins/
#                                        4.X/epan), depending on that Wireshark's libwireshark
#                                        package (one soname per minor version: libwireshark16
#                                        is 4.0, libwireshark18 4.4, libwireshark19 4.6)
#   esmtrace_VERSION_ARCH.deb            the esmtrace tool, /usr/bin/esmtrace
# Other dependencies come from dpkg-shlibdeps. Included from the top-level CMakeLists.txt.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME esmtrace)
set(CPACK_PACKAGE_VENDOR esmtrace)
set(CPACK_PACKAGE_CONTACT "esmtrace project" CACHE STRING "Maintainer field of the Debian packages")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_COMPONENTS_ALL tool)
set(CPACK_DEBIAN_TOOL_PACKAGE_NAME esmtrace)
string(CONCAT CPACK_DEBIAN_TOOL_DESCRIPTION
  "LTE ESM decoder and bearer tracker (3GPP TS 24.301)\n"
  "esmtrace decode prints LTE NAS ESM messages given as hex; esmtrace replay\n"
  "follows every UE's EPS bearer contexts through an event list and reports\n"
  "retransmissions, timer expiries, aborts, rejects and protocol violations.")

if(TARGET esm-plugin)
  list(APPEND CPACK_COMPONENTS_ALL plugin)
  # The libwireshark package of this Wireshark: the one that owns the library.
  find_library(_esm_libws wireshark PATHS ${Wireshark_LIB_DIR} NO_DEFAULT_PATH)
  get_filename_component(_esm_libws_real "${_esm_libws}" REALPATH)
  execute_process(COMMAND dpkg-query -S "${_esm_libws_real}" OUTPUT_VARIABLE _esm_owner
                  ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "[:,].*" "" _esm_libws_pkg "${_esm_owner}")
  math(EXPR _esm_next_minor "${Wireshark_MINOR_VERSION} + 1")
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_NAME esmtrace-wireshark)
  if(_esm_libws_pkg)
    # A plugin loads only into the minor version it was built for.
    set(CPACK_DEBIAN_PLUGIN_PACKAGE_DEPENDS
      "${_esm_libws_pkg} (>= ${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}), ${_esm_libws_pkg} (<< ${Wireshark_MAJOR_VERSION}.${_esm_next_minor}~)")
  else()
    message(STATUS "libwireshark is not from a Debian package: the plugin package names no libwireshark")
  endif()
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_ENHANCES "wireshark, tshark")
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_SECTION net)
  string(CONCAT CPACK_DEBIAN_PLUGIN_DESCRIPTION
    "LTE ESM bearer analysis plugin for Wireshark ${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}\n"
    "A Wireshark and tshark post-dissector that follows every UE's EPS bearer\n"
    "contexts through S1AP and UE-side captures (3GPP TS 24.301): esm.* fields,\n"
    "expert infos for retransmissions, timer expiries, aborts, rejects and protocol\n"
    "violations, and the esm,bearers, esm,procedures and esm,triage tables.")
endif()

include(CPack)

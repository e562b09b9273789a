# SPDX-License-Identifier: GPL-2.0-or-later
# Where the plugin is installed (used by plugin/ and tests/plugin/).
# tshark and wireshark ignore the personal plugin folder when run as root, so root
# installs into the global folder and everyone else into the personal one.
execute_process(COMMAND id -u OUTPUT_VARIABLE _esm_uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(_esm_uid STREQUAL "0")
  set(_esm_plugdir "${Wireshark_PLUGIN_INSTALL_DIR}")
else()
  set(_esm_plugdir
    "$ENV{HOME}/.local/lib/wireshark/plugins/${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
endif()
set(ESMTRACE_PLUGIN_DIR "${_esm_plugdir}" CACHE PATH
  "Wireshark plugin folder (the plugin goes into its epan/ subfolder)")

# SPDX-License-Identifier: GPL-2.0-or-later
# cmake -DSRC=esmtrace.so -DDEST=<plugin folder>/epan -P install_plugin.cmake
# Copies the plugin where tshark loads it (the ctest fixture of the plugin tests).
file(MAKE_DIRECTORY "${DEST}")
configure_file("${SRC}" "${DEST}/esmtrace.so" COPYONLY)
message(STATUS "esmtrace.so -> ${DEST}")

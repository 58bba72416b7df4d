# docpipe_add_plugin(NAME SOURCES src... [LINK lib...])
#
# Builds a docpipe plugin as a MODULE library named docpipe-NAME.so with hidden visibility (only
# the manifest entry point is exported) and no undefined symbols, places it in the plugin
# directory of the build tree and installs it where the installed host searches by default.
include_guard(GLOBAL)

if(NOT DEFINED DOCPIPE_BUILD_PLUGINDIR)
  set(DOCPIPE_BUILD_PLUGINDIR "${CMAKE_BINARY_DIR}/plugins")
endif()
if(NOT DEFINED DOCPIPE_INSTALL_PLUGINDIR)
  include(GNUInstallDirs)
  set(DOCPIPE_INSTALL_PLUGINDIR "${CMAKE_INSTALL_LIBDIR}/docpipe/plugins")
endif()

function(docpipe_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "docpipe_add_plugin(${name}): SOURCES is required")
  endif()
  set(target docpipe-${name})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE docpipe::sdk ${ARG_LINK})
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY "${DOCPIPE_BUILD_PLUGINDIR}")
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "docpipe-${name}"
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  # A missing symbol must fail the link, not the host's dlopen at run time.
  target_link_options(${target} PRIVATE "LINKER:-z,defs")
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION "${DOCPIPE_INSTALL_PLUGINDIR}")
  endif()
endfunction()

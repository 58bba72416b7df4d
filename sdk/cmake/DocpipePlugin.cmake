# docpipe_add_plugin(NAME SOURCES src... [LINK lib...])
# docpipe_add_plugin(NAME CORE static-library [SOURCES src...] [LINK lib...])
#
# Builds a docpipe plugin as a MODULE library named docpipe-NAME.so with hidden visibility (only
# the manifest entry point is exported) and no undefined symbols, places it in the plugin
# directory of the build tree and installs it where the installed host searches by default.
#
# The sources are compiled with DOCPIPE_PLUGIN_NAME defined as "NAME", so the name is written once,
# here: DOCPIPE_PLUGIN(DOCPIPE_PLUGIN_NAME, ...) and `.name = DOCPIPE_PLUGIN_NAME`.
#
# With CORE, the plugin's code, entry point included, is a static library that its tests link
# too (so no test compiles a plugin's sources): the module is that library's objects reachable
# from the manifest, as when the entry point was the module's own source.
include_guard(GLOBAL)

if(NOT DEFINED DOCPIPE_BUILD_PLUGINDIR)
  set(DOCPIPE_BUILD_PLUGINDIR "${CMAKE_BINARY_DIR}/plugins")
endif()
if(NOT DEFINED DOCPIPE_INSTALL_PLUGINDIR)
  include(GNUInstallDirs)
  set(DOCPIPE_INSTALL_PLUGINDIR "${CMAKE_INSTALL_LIBDIR}/docpipe/plugins")
endif()

function(docpipe_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY;CORE" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_SOURCES AND NOT ARG_CORE)
    message(FATAL_ERROR "docpipe_add_plugin(${name}): SOURCES or CORE is required")
  endif()
  set(target docpipe-${name})
  if(ARG_CORE)
    # add_library needs a source; everything real is in the core.
    set(stub ${CMAKE_CURRENT_BINARY_DIR}/${target}-module.cpp)
    file(CONFIGURE OUTPUT ${stub} CONTENT "// ${target}: the code, entry point included, is in ${ARG_CORE}.\n")
    add_library(${target} MODULE ${stub} ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE ${ARG_CORE})
    target_link_options(${target} PRIVATE "LINKER:--undefined=docpipe_plugin_manifest")
    target_compile_definitions(${ARG_CORE} PRIVATE DOCPIPE_PLUGIN_NAME="${name}")
    # Its objects end up inside a module that exports only its manifest.
    set_target_properties(${ARG_CORE} PROPERTIES
      POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  else()
    add_library(${target} MODULE ${ARG_SOURCES})
  endif()
  target_compile_definitions(${target} PRIVATE DOCPIPE_PLUGIN_NAME="${name}")
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

# pubpipe_add_plugin(NAME SOURCES...): builds a pubpipe stage plugin NAME.so
# that exports only its entry point, with every symbol resolved at link time.
# Used by the built-in plugins and, installed, by third-party plugins.
set(_PUBPIPE_PLUGIN_MAP ${CMAKE_CURRENT_LIST_DIR}/plugin.map)

function(pubpipe_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE pubpipe::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${name}
    SUFFIX ".so"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(DEFINED PUBPIPE_PLUGIN_BUILD_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PUBPIPE_PLUGIN_BUILD_DIR})
  endif()
  target_link_options(${name} PRIVATE "LINKER:--version-script=${_PUBPIPE_PLUGIN_MAP}" "LINKER:-z,defs")
  if(DEFINED PUBPIPE_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${PUBPIPE_PLUGIN_INSTALL_DIR})
  endif()
endfunction()

# Tests for a plugin project, through the pubpipe the package belongs to
# (PUBPIPE_EXECUTABLE).  Call enable_testing() first.
#
# pubpipe_add_stage_test(TEST PLUGIN target-or-name FIXTURE file EXPECTED file
#                        [FROM text|docbook] [OPTIONS key=value...] [NOT_STRICT])
#   The golden test: `pubpipe stage` runs the plugin's stages on the fixture
#   (in process, with the host's option and tree checks, and --strict unless
#   NOT_STRICT) and the result must be the expected file, byte for byte.
#   PLUGIN is a target of this project (its .so is used) or a plugin name.
#   Paths are relative to the current source folder.
#
# pubpipe_add_book_test(TEST PIPELINE file EXPECT text [DEFINES key=value...])
#   `pubpipe run PIPELINE --strict --no-cache`, its first output written into
#   the build folder; the test passes when the run succeeds and that output
#   contains EXPECT.  A PLUGIN target's folder is put first on the plugin path.
set(_PUBPIPE_BOOK_TEST_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/PubpipeBookTest.cmake)

function(pubpipe_add_stage_test name)
  cmake_parse_arguments(T "NOT_STRICT" "PLUGIN;FIXTURE;EXPECTED;FROM" "OPTIONS" ${ARGN})
  if(NOT T_PLUGIN OR NOT T_FIXTURE OR NOT T_EXPECTED)
    message(FATAL_ERROR "pubpipe_add_stage_test(${name}): PLUGIN, FIXTURE and EXPECTED are required")
  endif()
  set(plugin ${T_PLUGIN})
  if(TARGET ${T_PLUGIN})
    set(plugin $<TARGET_FILE:${T_PLUGIN}>)
  endif()
  set(args)
  foreach(o IN LISTS T_OPTIONS)
    list(APPEND args --option ${o})
  endforeach()
  if(T_FROM)
    list(APPEND args --from ${T_FROM})
  endif()
  if(NOT T_NOT_STRICT)
    list(APPEND args --strict)
  endif()
  add_test(NAME ${name} COMMAND ${PUBPIPE_EXECUTABLE} stage ${plugin} ${args} --expect ${T_EXPECTED} ${T_FIXTURE}
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

function(pubpipe_add_book_test name)
  cmake_parse_arguments(T "" "PIPELINE;EXPECT;PLUGIN" "DEFINES" ${ARGN})
  if(NOT T_PIPELINE OR NOT T_EXPECT)
    message(FATAL_ERROR "pubpipe_add_book_test(${name}): PIPELINE and EXPECT are required")
  endif()
  set(defines ${T_DEFINES})
  if(T_PLUGIN AND TARGET ${T_PLUGIN})
    list(APPEND defines "plugin_path=[$<TARGET_FILE_DIR:${T_PLUGIN}>]")
  endif()
  string(REPLACE ";" "\\;" defines "${defines}")
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DPUBPIPE=${PUBPIPE_EXECUTABLE} -DPIPELINE=${T_PIPELINE}
           -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/${name}.out "-DEXPECT=${T_EXPECT}" "-DDEFINES=${defines}"
           -P ${_PUBPIPE_BOOK_TEST_SCRIPT}
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

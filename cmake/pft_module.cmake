# pft_add_module(name SOURCES a.cpp ... [DEPS pub...] [PRIVATE_DEPS priv...] [TESTS x_test.cpp ...]
#                [UNIT_FILTER gtest-filter])
# Creates pft_<name> (alias pft::<name>) whose only public include directory is
# include/, and pft_<name>_tests from the listed *_test.cpp (label unit).
# UNIT_FILTER keeps out of the unit label the tests a module registers
# elsewhere (e.g. PostgreSQL ones that need the pg_server fixture).
function(pft_add_module name)
  cmake_parse_arguments(M "" "UNIT_FILTER" "SOURCES;DEPS;PRIVATE_DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(pft_${name} STATIC ${M_SOURCES})
  add_library(pft::${name} ALIAS pft_${name})
  target_include_directories(pft_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(pft_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS} pft_warnings)
  if(PFT_BUILD_TESTS AND M_TESTS)
    add_executable(pft_${name}_tests ${M_TESTS})
    target_link_libraries(pft_${name}_tests PRIVATE pft_${name} ${M_TEST_DEPS} GTest::gtest GTest::gtest_main GTest::gmock pft_warnings)
    target_compile_definitions(pft_${name}_tests PRIVATE
      PFT_SOURCE_DIR="${PROJECT_SOURCE_DIR}" PFT_SHARED_DIR="${PFT_SHARED_DIR}")
    if(NOT M_UNIT_FILTER)
      set(M_UNIT_FILTER "*")
    endif()
    gtest_discover_tests(pft_${name}_tests
      TEST_FILTER "${M_UNIT_FILTER}"
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      PROPERTIES LABELS unit
      DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

# Operations integration tests (issue #6): the real `pft` binary on SQLite and
# on PostgreSQL (pg_server fixture). include()d from src/monitoring/CMakeLists.txt
# (the ops integration tests live with the module they exercise most).
add_test(NAME ops.cli.sqlite COMMAND ${CMAKE_CURRENT_LIST_DIR}/ops_cli_test.sh $<TARGET_FILE:pft> sqlite)
set_tests_properties(ops.cli.sqlite PROPERTIES LABELS integration TIMEOUT 300)
add_test(NAME ops.cli.postgres COMMAND ${CMAKE_CURRENT_LIST_DIR}/ops_cli_test.sh $<TARGET_FILE:pft> postgres)
set_tests_properties(ops.cli.postgres PROPERTIES LABELS integration TIMEOUT 300 FIXTURES_REQUIRED pg_server
  ENVIRONMENT PFT_TEST_DATABASE_URL_FILE=${CMAKE_BINARY_DIR}/pg/database_url)
# Issue 11: one tournament stays one tournament across `pft run`s.
add_test(NAME ops.identity.sqlite COMMAND ${CMAKE_CURRENT_LIST_DIR}/identity_run_test.sh $<TARGET_FILE:pft> sqlite)
set_tests_properties(ops.identity.sqlite PROPERTIES LABELS integration TIMEOUT 300)
add_test(NAME ops.identity.postgres COMMAND ${CMAKE_CURRENT_LIST_DIR}/identity_run_test.sh $<TARGET_FILE:pft> postgres)
set_tests_properties(ops.identity.postgres PROPERTIES LABELS integration TIMEOUT 300 FIXTURES_REQUIRED pg_server
  ENVIRONMENT PFT_TEST_DATABASE_URL_FILE=${CMAKE_BINARY_DIR}/pg/database_url)

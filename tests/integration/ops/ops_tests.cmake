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
# Issue 15 fault drills: kill -9 during normalize (both back ends), PostgreSQL
# stopped and restarted under wrk load, disk full while ingest writes, 1,000
# idle connections. They load the machine or measure latency: one at a time.
add_test(NAME ops.drill.normalize_kill.sqlite
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/drill_normalize_kill_test.sh $<TARGET_FILE:pft> sqlite)
set_tests_properties(ops.drill.normalize_kill.sqlite PROPERTIES LABELS "integration;drill" TIMEOUT 600
  RESOURCE_LOCK pft_drill)
add_test(NAME ops.drill.normalize_kill.postgres
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/drill_normalize_kill_test.sh $<TARGET_FILE:pft> postgres)
set_tests_properties(ops.drill.normalize_kill.postgres PROPERTIES LABELS "integration;drill" TIMEOUT 600
  RESOURCE_LOCK pft_drill FIXTURES_REQUIRED pg_server
  ENVIRONMENT PFT_TEST_DATABASE_URL_FILE=${CMAKE_BINARY_DIR}/pg/database_url)
# A private server in <build>/pg-drill (pg_stop stops it too): the drill stops
# and restarts it, which the shared one must never be.
add_test(NAME ops.drill.pg_restart_under_load
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/drill_pg_restart_test.sh $<TARGET_FILE:pft> ${CMAKE_BINARY_DIR}/pg-drill)
set_tests_properties(ops.drill.pg_restart_under_load PROPERTIES LABELS "integration;drill" TIMEOUT 300
  RESOURCE_LOCK pft_drill FIXTURES_REQUIRED pg_server)
add_test(NAME ops.drill.disk_full COMMAND ${CMAKE_CURRENT_LIST_DIR}/drill_disk_full_test.sh $<TARGET_FILE:pft>)
set_tests_properties(ops.drill.disk_full PROPERTIES LABELS "integration;drill" TIMEOUT 300 RESOURCE_LOCK pft_drill)
add_test(NAME ops.drill.idle_connections
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/drill_idle_connections_test.sh $<TARGET_FILE:pft> 1000)
set_tests_properties(ops.drill.idle_connections PROPERTIES LABELS "integration;drill" TIMEOUT 300
  RESOURCE_LOCK pft_drill)

# Checks the vendored front-end files (web/static/vendor/, web/static/france.geojson)
# against web/static/vendor/SHA256SUMS, and that no unlisted file sits under
# web/static/vendor. Offline: needs only bash and sha256sum. Included by the web
# module's CMakeLists.txt; regenerate the files with scripts/vendor-web.
add_test(NAME web.vendor_check COMMAND ${PROJECT_SOURCE_DIR}/scripts/vendor-web --check)
set_tests_properties(web.vendor_check PROPERTIES LABELS unit TIMEOUT 30)

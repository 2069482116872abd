# Warnings for every pft target. -Wconversion is left out on purpose for now:
# the third-party headers we include (asio, RESTinio) trigger it by the hundred.
add_library(pft_warnings INTERFACE)
target_compile_options(pft_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(PFT_WERROR)
  target_compile_options(pft_warnings INTERFACE -Werror)
endif()

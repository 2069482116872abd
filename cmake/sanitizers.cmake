# PFT_SANITIZE=ON builds everything with ASan + UBSan (make asan).
if(PFT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
# PFT_FUZZ=ON (make fuzz, clang only): every library instrumented for
# libFuzzer's coverage, with ASan + UBSan; tests/fuzz links -fsanitize=fuzzer.
if(PFT_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Poker France Tournaments — the commands a newcomer types.
#   make run    install what is missing, build, run the demo pipeline into
#               SQLite (var/pft.sqlite) and serve http://127.0.0.1:8080
#   make test   install what is missing, build, run every test (PostgreSQL
#               included: the tests start and stop their own server)
#   make build  build only;  make bench  run the benchmarks;  make asan  sanitised tests
#   make asan-unit  the unit tests (label unit) under ASan + UBSan (build-asan/;
#               what .ci/run adds after make test)
#   make fuzz FUZZ_SECONDS=N   build the libFuzzer targets (clang-16, build-fuzz/)
#               and run each for N seconds; fails on a finding (tests/fuzz/README.md)

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
PFT := $(BUILD_DIR)/bin/pft
CMAKE_FLAGS ?=
# Extra ctest options, e.g. CTEST_FLAGS="--output-junit results.xml" (CI).
CTEST_FLAGS ?=
CATALOG ?= sources/demo.yml

export CCACHE_DIR ?= $(HOME)/.cache/ccache
export CCACHE_NOHASHDIR := 1
export CCACHE_BASEDIR := $(CURDIR)

.PHONY: all deps configure build test run serve bench asan asan-unit fuzz fuzz-build clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS) --timeout 600 $(CTEST_FLAGS)

run: build
	@mkdir -p var
	$(PFT) migrate
	$(PFT) run --catalog $(CATALOG) || test $$? -eq 1
	$(PFT) serve

serve: build
	$(PFT) serve

bench: build
	bench/run-all.sh $(BUILD_DIR)

asan:
	$(MAKE) test BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_FLAGS="-DPFT_SANITIZE=ON -DPFT_BUILD_BENCH=OFF"

# The unit tests only (gtest suites and the fuzz corpora replays): no
# PostgreSQL, browser or container, so it fits CI's time after make test.
asan-unit:
	$(MAKE) build BUILD_DIR=build-asan BUILD_TYPE=Debug CMAKE_FLAGS="-DPFT_SANITIZE=ON -DPFT_BUILD_BENCH=OFF"
	ctest --test-dir build-asan --output-on-failure -j$(JOBS) --timeout 600 -L unit

FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
# Empty: every target; else e.g. FUZZ_TARGETS="jsonl connector_html".
FUZZ_TARGETS ?=

fuzz-build:
	@scripts/install-deps fuzz
	@test -f $(FUZZ_DIR)/CMakeCache.txt || cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DPFT_FUZZ=ON -DPFT_BUILD_TESTS=OFF -DPFT_BUILD_BENCH=OFF
	cmake --build $(FUZZ_DIR) --target pft_fuzz_all -j$(JOBS)

fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD_DIR) build-asan $(FUZZ_DIR)

# Entry points for newcomers and CI: `make demo`, `make test`. Everything real lives in CMake;
# this file only installs missing packages, configures, builds and runs.

BUILD_DIR ?= build
ASAN_BUILD_DIR ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DOCPIPE := $(BUILD_DIR)/host/docpipe
DEMO_CONFIG := configs/default.toml
DEMO_OUTPUT := out/default

.PHONY: all deps build demo test check-asan clean

all: build

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	$(DOCPIPE) run $(DEMO_CONFIG)
	@echo "Results: $(CURDIR)/$(DEMO_OUTPUT)/docpipe.json"

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

check-asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DDOCPIPE_SANITIZE=ON
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

# Outputs under out/ are results, not build products: clean leaves them alone.
clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR)

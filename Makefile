# Entry points for newcomers and CI: `make demo`, `make test`. Everything real lives in CMake;
# this file only installs missing packages, configures, builds and runs.

BUILD_DIR ?= build
ASAN_BUILD_DIR ?= build-asan
TSAN_BUILD_DIR ?= build-tsan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DOCPIPE := $(BUILD_DIR)/host/docpipe
DEMO_CONFIG := configs/default.toml
DEMO_OUTPUT := out/default

.PHONY: all deps build demo test check-asan check-tsan fuzz clean train-claims

all: build

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Only what the demo runs (the host and the bundled plugins), so a fresh clone shows a result
# without compiling tests, fuzzers and benchmarks.
demo: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS) --target docpipe docpipe-plugins
	$(DOCPIPE) run $(DEMO_CONFIG)
	@echo "Results: $(CURDIR)/$(DEMO_OUTPUT)/docpipe.json"

test: build
	@scripts/install-deps scripts/debian-packages.txt scripts/debian-packages-test.txt
	ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

check-asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DDOCPIPE_SANITIZE=ON
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

# ThreadSanitizer over the runner: the host, the plugins and the integration tests built with
# -fsanitize=thread, then every integration test that runs documents through the runner's worker
# threads, ordered queue and exporters (the scripted install, cluster and doc-command tests are
# left out: they build or install their own, uninstrumented, trees).
check-tsan: deps
	cmake -S . -B $(TSAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCPIPE_SANITIZE_THREAD=ON
	cmake --build $(TSAN_BUILD_DIR) -j $(JOBS) --target docpipe docpipe-plugins test-plugins integration_tests
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --test-dir $(TSAN_BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS) -R '^integration:[^ ]'

# libFuzzer targets for every reader and the pipeline parser, each run FUZZ_SECONDS on a corpus seeded
# from tests/fixtures (configs/ for the parser).
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	@scripts/install-deps scripts/debian-packages-fuzz.txt
	cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DDOCPIPE_FUZZ=ON -DDOCPIPE_FUZZ_SECONDS=$(FUZZ_SECONDS) -DBUILD_TESTING=ON
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fuzz

# Outputs under out/ are results, not build products: clean leaves them alone.
clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(TSAN_BUILD_DIR) $(FUZZ_BUILD_DIR)

# Throughput against GNU style, start-up and micro-benchmarks (bench/run; sizes from BENCH_MB,
# BENCH_SMALL_DOCS, BENCH_RUNS). The corpora are generated under build/bench-corpus, never committed.
bench: build
	/usr/bin/python3 bench/run --build-dir $(BUILD_DIR)

# Rebuilds the claims analyzer's check-worthiness model (plugins/analyzers/claims/model/) from the
# labelled sets; deterministic, so an unchanged tree gives a byte-identical file. CLAIMS_DATA holds
# claimbuster-train.jsonl and articles-dev.jsonl; CLAIMS_HELDOUT are articles never trained on.
CLAIMS_DATA ?= $(CURDIR)/../shared/claims
CLAIMS_HELDOUT ?= nytimes-4/expected.txt,cnn/expected.txt,smb-tech-disruption.txt
CLAIMS_TRAIN_FLAGS ?= --C 4 --weight-tsv 4 --weight-articles 6
train-claims: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS) --target docpipe-train-claims
	$(BUILD_DIR)/plugins/analyzers/claims/train/docpipe-train-claims $(CLAIMS_TRAIN_FLAGS) \
	  --claimbuster $(CLAIMS_DATA)/claimbuster-train.jsonl --articles $(CLAIMS_DATA)/articles-dev.jsonl \
	  --heldout $(CLAIMS_HELDOUT) --tsv tests/data/claims/labelled.tsv \
	  --out plugins/analyzers/claims/model/checkworthy.model

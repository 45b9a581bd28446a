# kronika — the two commands of the quick start, and the rest.
#   make run    set up (install what is missing, fetch the dictionary), build,
#               analyse the bundled examples/ and print JSON Lines
#   make test   set up, build, run every test (CTest); sanitizer tier with SANITIZE=1
#   make eval   figures on ../shared data (skipped, visibly, when it is absent)
#   make bench  throughput and memory figures on ../shared/data/bench
#   make fuzz   libFuzzer build (clang) and a timed fuzzing run (FUZZ_SECONDS)
BUILD   ?= build
SHARED  ?= $(abspath ../shared)
JOBS    ?= 2
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 60

MAKEFLAGS += --no-print-directory

.PHONY: all setup build run test test-sanitize eval bench fuzz clean

all: build

setup:
	@bash scripts/setup.sh $(BUILD) >&2

# build progress goes to stderr, so that `make run` prints only JSON on stdout
build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) >&2

run: build
	@$(BUILD)/kronika analyze examples/*.txt examples/*.jsonl

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# ASan + UBSan build of the library and every test, in its own tree.
test-sanitize: setup
	@mkdir -p $(BUILD)-asan/dict && cp -n $(BUILD)/dict/polish.* $(BUILD)-asan/dict/ 2>/dev/null || true
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DKR_SANITIZE=ON -DKR_WERROR=ON >/dev/null
	@cmake --build $(BUILD)-asan -j$(JOBS)
	@cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS)

eval: build
	@if [ -d "$(SHARED)/data" ]; then $(BUILD)/kronika eval --shared $(SHARED); \
	 else echo "eval: SKIPPED — $(SHARED) not found (the shared data sets live beside the repository)"; fi

bench: build
	@if [ -f "$(SHARED)/data/bench/nkjp-articles.jsonl" ]; then \
	   for p in read tokenize morph tagger timex entities all; do \
	     $(BUILD)/bench_throughput $(SHARED)/data/bench/nkjp-articles.jsonl $$p | grep -v '^input' ; done; \
	 else echo "bench: SKIPPED — $(SHARED)/data/bench/nkjp-articles.jsonl not found"; fi
	@echo "stage costs in instructions (callgrind, first 300 documents):"
	@bash bench/stage_cost.sh $(BUILD) $(SHARED)/data/bench/nkjp-articles.jsonl 300

fuzz: setup
	@mkdir -p $(BUILD)-fuzz/dict && cp -n $(BUILD)/dict/polish.* $(BUILD)-fuzz/dict/ 2>/dev/null || true
	@CC=clang cmake -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKR_FUZZ=ON >/dev/null
	@cmake --build $(BUILD)-fuzz -j$(JOBS)
	@for t in $(BUILD)-fuzz/fuzz_*; do n=$$(basename $$t); c=fuzz/corpus/$${n#fuzz_}; \
	  mkdir -p /tmp/kr-$$n; echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  $$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 /tmp/kr-$$n $$c || exit 1; done

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz

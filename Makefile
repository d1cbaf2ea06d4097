# The workbook's entry points. Every target that builds first runs `deps`, which installs what is missing.
#
#   make workbook      every chapter that exists, with its charts, in quick mode: into Plots/quick/ (git ignores it;
#                      the committed full results in Plots/ stay as they are)
#   make test          the golden tests
#   make chapter-N     every step of article section N, in a release build (e.g. make chapter-4)
#   make plots         re-render every committed chart from its .gp/.dat files
#   make bench         the engine's speed, beside PyTorch's when PyTorch is importable: the report in Plots/bench/
#   make fuzz [FUZZ_SECONDS=60]   every libFuzzer harness of the file readers for FUZZ_SECONDS each (Fuzz/README.md)
#   make deps          install the Debian packages the project needs (idempotent)
#   make datasets      Fashion-MNIST as ImageFolder trees of PNG files (the article's path/to/train, path/to/test)
#   make data-parallel RANKS=2 [ARGS="--epochs 3"]   §5.3.3's data-parallel training on RANKS MPI ranks (MPICH)
#   make model-parallel [ARGS="--steps 100"]          §5.3.3's model parallelism: a 2-stage pipeline on 2 MPI ranks

SWIFT ?= swift
RELEASE_BIN := .build/release

# Everything the build, the tests and the chapters need from Debian. gnuplot-nox must come in the same apt
# command as libgnuplot-iostream-dev, or apt satisfies gnuplot with the Qt build. MPICH, never Open MPI: with
# both installed, Open MPI's mpiexec takes over the name.
APT_PACKAGES := libopenblas-dev zlib1g-dev libpng-dev libssl-dev mpich libmpich-dev \
	gnuplot-nox libgnuplot-iostream-dev libboost-iostreams-dev libboost-filesystem-dev \
	fonts-wqy-microhei dataset-fashion-mnist

RANKS ?= 2
ARGS ?=

# The fuzzing harnesses (Fuzz/<Name>/, products fuzz-<name>), built with libFuzzer and AddressSanitizer into their
# own build folder, each run from the committed seeds (Fuzz/Corpus/<name>) plus what earlier runs found
# (.build/fuzz/corpus/<name>). A crash leaves its input as .build/fuzz/crashes/<name>-crash-<hash>.
FUZZ_SECONDS ?= 60
# An input that runs longer than this is a hang, reported as a crash (libFuzzer's default waits 20 minutes).
FUZZ_TIMEOUT ?= 10
FUZZ_HARNESSES := idx gzip-idx safetensors png image-folder run-record
# No Swift backtracer (libFuzzer reports the crash), no leak check (not what these harnesses look for), and no
# memory hooks from UCX (MPICH's transport, which fuzz-run-record links through Chapters): UCX patches mmap when
# it loads, which crashes under AddressSanitizer before the first input.
FUZZ_ENVIRONMENT := SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 UCX_MEM_MMAP_HOOK_MODE=none UCX_MEM_MALLOC_HOOKS=no
# Linked with the toolchain's lld: Debian's gold stops with an internal error on these executables.
FUZZ_LINKER := $(dir $(realpath $(shell command -v $(SWIFT))))ld.lld
FUZZ_BUILD := WORKBOOK_FUZZ=1 $(SWIFT) build -c release --build-path .build/fuzz --toolset .build/fuzz/toolset.json \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

.PHONY: deps test workbook plots bench bench-pytorch bench-epochs release clean datasets data-parallel model-parallel fuzz

deps:
	@command -v $(SWIFT) >/dev/null || { echo "deps: no '$(SWIFT)' on PATH: install Swift 6 (https://swift.org/install) first" >&2; exit 1; }
	@command -v dpkg-query >/dev/null || { echo "deps: not a Debian system: install by hand: $(APT_PACKAGES)" >&2; exit 1; }
	@missing=""; \
	for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "deps: cannot install$$missing (not root, no sudo): run 'apt-get install$$missing' as root" >&2; exit 1; fi; \
	echo "deps: installing$$missing"; \
	{ $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } \
		|| { echo "deps: apt-get could not install$$missing" >&2; exit 1; }

test: deps
	$(SWIFT) test

release: deps
	$(SWIFT) build -c release --product workbook

workbook: release
	$(RELEASE_BIN)/workbook all --quick

chapter-%: release
	$(RELEASE_BIN)/workbook chapter $*

data-parallel: release
	mpiexec -n $(RANKS) $(RELEASE_BIN)/workbook data-parallel $(ARGS)

model-parallel: release
	mpiexec -n 2 $(RELEASE_BIN)/workbook model-parallel $(ARGS)

datasets: release
	$(RELEASE_BIN)/workbook export-imagefolder --root datasets/fashion-mnist-imagefolder

plots: deps
	@for gp in $$(find Plots -path Plots/quick -prune -o -name '*.gp' -print | sort); do (cd $$(dirname $$gp) && gnuplot $$(basename $$gp)) || exit 1; done
	@echo "plots: re-rendered $$(find Plots -path Plots/quick -prune -o -name '*.gp' -print | wc -l) charts"

bench: deps
	$(SWIFT) build -c release --product bench
	$(RELEASE_BIN)/bench --report Plots/bench

# A private virtual environment with PyTorch's CPU build, for the side-by-side benchmark.
bench-pytorch: deps
	test -x .venv-bench/bin/python || python3 -m venv .venv-bench
	.venv-bench/bin/pip install -q torch==2.13.0+cpu
	$(SWIFT) build -c release --product bench
	PYTHON=.venv-bench/bin/python $(RELEASE_BIN)/bench --report Plots/bench

# Issue 14's whole epochs against the step, ours and PyTorch's alternating (3 rounds of 2 epochs at 2 threads: about
# 22 minutes on the 2-core Zen 3); writes Plots/bench/EPOCHS.md and epochs.json. PyTorch from .venv-bench when present.
bench-epochs: deps
	$(SWIFT) build -c release --product bench
	PYTHON=$$(test -x .venv-bench/bin/python && echo .venv-bench/bin/python || echo python3) \
		$(RELEASE_BIN)/bench epochs --rounds 3 --epochs 2 --threads 2 --report Plots/bench

fuzz: deps
	@mkdir -p .build/fuzz && printf '{"schemaVersion": "1.0", "linker": {"path": "%s"}}\n' "$(FUZZ_LINKER)" > .build/fuzz/toolset.json
	@for h in $(FUZZ_HARNESSES); do $(FUZZ_BUILD) --product fuzz-$$h || exit 1; done
	@failed=""; for h in $(FUZZ_HARNESSES); do \
		mkdir -p .build/fuzz/corpus/$$h .build/fuzz/crashes; \
		$(FUZZ_ENVIRONMENT) .build/fuzz/release/fuzz-$$h -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 \
			-artifact_prefix=.build/fuzz/crashes/$$h- .build/fuzz/corpus/$$h Fuzz/Corpus/$$h \
			> .build/fuzz/$$h.log 2>&1 || failed="$$failed $$h"; \
		echo "fuzz $$h: $$(grep -o 'stat::number_of_executed_units: *[0-9]*' .build/fuzz/$$h.log | grep -o '[0-9]*$$') executions" \
			"in $(FUZZ_SECONDS) s, $$(ls .build/fuzz/crashes | grep -c "^$$h-") crash inputs so far (log: .build/fuzz/$$h.log)"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in$$failed (inputs in .build/fuzz/crashes/)" >&2; exit 1; fi

clean:
	rm -rf .build

# SolverSuite: set-up, build, demo, tests, benchmarks. Every target installs what it needs.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev libsuitesparse-dev libfftw3-dev zlib1g-dev pkg-config python3
SWIFT ?= swift
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: deps build release demo test bench bench-quick bench-smoke clean docs-example distributed-deps distributed-test

# Install the Debian packages the native modules link against (only those missing).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Main job on the bundled default: solve examples/poisson2d_64.mtx directly and iteratively.
demo: release
	.build/release/solversuite info examples/poisson2d_64.mtx
	.build/release/solversuite solve examples/poisson2d_64.mtx --method auto
	.build/release/solversuite solve examples/poisson2d_64.mtx --method cg --precond ic0

test: deps
	$(SWIFT) test
	$(SWIFT) build --product solversuite
	Tests/cli/smoke.sh

# Side-by-side benchmarks against the peers (SciPy, scikit-sparse, a C -O3 loop); see Benchmarks/README.md.
bench: release
	Benchmarks/run.sh

bench-quick: release
	Benchmarks/run.sh --quick

# CI guard that the benchmark pipeline does not rot (not a measurement): the Swift/C parts of the
# quick run with the debug build that `make test` already made, one repetition, no installs, then
# checks that the CSVs, ratios and report were written. Python peers are not needed.
bench-smoke: deps
	rm -rf .build/bench-smoke
	Benchmarks/run.sh --quick --reps 1 --no-install --debug --native-only --out .build/bench-smoke
	@for f in spmv_swift_c.csv read_swift.csv cholesky_swift_c.csv lu_swift_c.csv ratios.csv summary.csv results.md; do \
	  test -s .build/bench-smoke/$$f || { echo "bench-smoke: $$f missing or empty"; exit 1; }; done; \
	echo "bench-smoke: ok"

clean:
	rm -rf .build

# The embedding example under docs/examples builds against this checkout (CI runs it).
docs-example: deps
	cd docs/examples/EmbedExample && $(SWIFT) build && ./.build/debug/EmbedExample && ./.build/debug/DocExamples

# The distributed engine (PETSc + Open MPI) is a separate package under Distributed/, so the
# targets above never need PETSc. These install its Debian packages (~110 of them) and run its
# unit tests plus the mpirun -np 1|2|4 agreement script (FULL=1 for the whole matrix).
DISTRIBUTED_APT_PACKAGES := petsc-dev libopenmpi-dev openmpi-bin

distributed-deps: deps
	@missing=""; for p in $(DISTRIBUTED_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

distributed-test: distributed-deps
	cd Distributed && $(SWIFT) build && $(SWIFT) test
	Distributed/test.sh

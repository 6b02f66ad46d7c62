# The course's commands. `make lab` opens the course, `make test` runs every test.
# Both create .venv and install the project into it when needed.

PYTHON ?= python3
VENV   := .venv
# a virtual environment keeps its programs in Scripts\ on Windows (make from Git Bash or MSYS2)
BIN    := $(VENV)/$(if $(filter Windows_NT,$(OS)),Scripts,bin)
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
SUBMISSIONS ?= submissions
OUT    ?= grades
LAB_ARGS ?=
# Jupyter refuses to run as root without --allow-root (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
PYTEST_ARGS ?=

GPU_WHEELS ?= gpu-wheels
GPU_CHECK_ARGS ?=

.PHONY: help venv lab test test-fast test-browser release grade demo bench book gpu-check gpu-wheels lint clean

help:
	@echo "make lab           open the course in JupyterLab (installs into .venv first)"
	@echo "make test          run every test: grader, notebooks, browser, lint"
	@echo "make release       regenerate notebooks/ from solutions/ (and the notebook tables in the READMEs)"
	@echo "make grade SUBMISSIONS=dir-or-zip OUT=grades   grade a class"
	@echo "make demo          build a small sample class from solutions/ and grade it"
	@echo "make bench         run benchmarks, write benchmarks/RESULTS.md"
	@echo "make book          the course as a static website in build/book/html (no answers)"
	@echo "make gpu-check     on a CUDA machine: notebook 08, AlexNet and LeNet-5 on the GPU (< 8 min)"
	@echo "make gpu-wheels    download what gpu-check needs beyond PyTorch into $(GPU_WHEELS)/"
	@echo "make lint          ruff on code and notebooks"

venv: $(STAMP)

$(STAMP): pyproject.toml tools/install.py tools/hub-config/package-lock.json
	@$(PYTHON) tools/install.py --venv $(VENV)
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser and not install" $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

release: $(STAMP)
	$(PY) -m grader release
	$(PY) tools/notebook_table.py

grade: $(STAMP)
	$(PY) -m grader grade $(SUBMISSIONS) --out $(OUT)

demo: $(STAMP)
	$(PY) -m grader demo

bench: $(STAMP)
	$(PY) -m benchmarks

# The rendered edition: runs the notebooks with the solutions (CNN_COURSE_FAST=book: fast mode with
# training long enough to learn; cached in build/book/cache), renders build/book/html, then checks
# its links and that no answer shows.
book: $(STAMP)
	$(PY) -m book build
	$(PY) -m book check-links
	$(PY) -m book check-leaks

# The GPU check runs with the machine's own Python and its CUDA build of PyTorch (no venv:
# a bare GPU machine has no internet); the rest comes from $(GPU_WHEELS)/ when it exists.
# Rehearse it on a CPU: make gpu-check PYTHON=.venv/bin/python GPU_CHECK_ARGS="--rehearse --results /tmp/R.md"
gpu-check:
	$(PYTHON) tools/gpu_check.py $(if $(wildcard $(GPU_WHEELS)),--wheels $(GPU_WHEELS)) $(GPU_CHECK_ARGS)

# for the course's CUDA image (CPython 3.12): only what it lacks
gpu-wheels:
	$(PYTHON) tools/gpu_check.py --pack $(GPU_WHEELS) --target-python 3.12 --omit-installed

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache grades test-artifacts build/book
	find . -name __pycache__ -prune -exec rm -rf {} +

# selfpose_mm: set-up, demo and tests in a project-local virtual environment.
#   make demo   - set up (first time only) and run the embedded default job
#   make test   - set up (first time only) and run the whole test suite
#   make test-fast - the same without the tests marked slow (subprocesses,
#                 trainings): pytest -m "not slow"
# Variables: PYTHON (python3), VENV (.venv), TORCH (torch==2.13.0, the CPU
# wheel; set e.g. TORCH="torch==2.5.1" for a CUDA build on GPU machines).
PYTHON ?= python3
VENV ?= .venv
TORCH ?= torch==2.13.0
BIN := $(VENV)/bin
STAMP := $(VENV)/.selfpose_mm-installed
PYTEST_ARGS ?= -q

.PHONY: setup demo test test-fast clean-venv

setup: $(STAMP)

$(STAMP): setup.py requirements/runtime.txt requirements/mminstall.txt requirements/tests.txt
	@$(PYTHON) -c "import sys; sys.exit('selfpose_mm needs Python 3.11+ (found ' + sys.version.split()[0] + '); set PYTHON=python3.11' if sys.version_info < (3, 11) else 0)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip wheel "setuptools<70"
	$(BIN)/python -m pip install -q "$(TORCH)"
	$(BIN)/python -m pip install -q -r requirements/runtime.txt -r requirements/tests.txt
	@if $(BIN)/python -c "import mmcv._ext" 2>/dev/null; then \
		echo "compiled mmcv found: keeping it"; \
	else \
		$(BIN)/python -m pip install -q mmcv-lite==2.1.0; \
	fi
	$(BIN)/python -m pip install -q --no-deps -r requirements/mminstall.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python -c "import selfpose_mm, mmpose.models; print('selfpose_mm', selfpose_mm.__version__, 'ready')"
	touch $(STAMP)

demo: setup
	$(BIN)/python tools/run_demo.py

test: setup
	$(BIN)/python -m pytest tests $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest tests -m "not slow" $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)

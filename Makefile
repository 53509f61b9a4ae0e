# pubpipe: the two commands a new user runs on a fresh Debian machine.
SHELL := /bin/bash
#   make book   installs what the book needs, builds, and writes the sample reader to out/
#   make test   installs what the tests need too, builds, then every test through CTest
# The Debian packages the project needs.  BOOK_PACKAGES: what building
# pubpipe and the sample reader needs (build tools and libraries, the
# Hunspell dictionary, the DocBook 5 schema (the build reads its element
# names; --strict validates against it), and Java with FOP, because
# pipelines/book.yaml writes a PDF).  TEST_PACKAGES: what only the tests need
# (Catch2, python3 for the checkers, the external gates epubcheck and jing,
# pdfinfo, xxhsum (a test forges a cache entry's checksum), the font the tests embed, Chromium for the screenshots, clang for
# the fuzz targets, abigail-tools for the plugin ABI's baseline check, Slurm
# and MUNGE for the one-machine cluster of e2e_slurm).
BOOK_PACKAGES := cmake make g++ pkg-config \
  libxml2-dev libzip-dev libminizip-dev libdeflate-dev zlib1g-dev libpoco-dev libssl-dev libxxhash-dev libyaml-cpp-dev libhunspell-dev hunspell-en-us libuchardet-dev libicu-dev docbook5-xml \
  default-jre-headless fop
TEST_PACKAGES := python3 catch2 libxml2-utils unzip curl \
  epubcheck jing poppler-utils xxhash fonts-dejavu-core chromium clang abigail-tools slurm-wlm munge
PACKAGES := $(BOOK_PACKAGES) $(TEST_PACKAGES)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup setup-book configure configure-book build build-book book test npm-tools sanitize fuzz install bench bench-scale accuracy docs abi-baseline clean

all: build

# apt-get runs only when a package is missing, and installs only those.
# install-missing PACKAGE...
define install-missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "pubpipe: installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

setup:
	$(call install-missing,$(PACKAGES))
setup-book:
	$(call install-missing,$(BOOK_PACKAGES))

# The tests are configured only where their packages are installed.
configure: setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPUBPIPE_TESTS=ON $(CMAKE_FLAGS)
configure-book: setup-book
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPUBPIPE_TESTS=OFF $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)
build-book: configure-book
	cmake --build $(BUILD) -j $(JOBS)

# The sample reader, into out/ (the pipeline file may create it).
book: build-book
	$(BUILD)/pubpipe run pipelines/book.yaml
	@echo "pubpipe: the sample reader is $(abspath out)/korea-reader.epub"

test: build npm-tools
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# npm tools that only the tests run (DAISY Ace, e2e_accessibility; epub.js
# and puppeteer-core, e2e_reading_engine), pinned by
# tests/tools/ace/package-lock.json into build-tools/ace.  No browser is
# downloaded: Ace's Puppeteer runner is given Debian's Chromium.  npm comes
# with Debian's `npm` package, or with a nodejs that provides it.
NPM_TOOLS := build-tools/ace
npm-tools: setup
	@command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends npm
	@if ! cmp -s tests/tools/ace/package-lock.json $(NPM_TOOLS)/package-lock.json || [ ! -x $(NPM_TOOLS)/node_modules/.bin/ace-cli ]; then \
	  mkdir -p $(NPM_TOOLS) && cp tests/tools/ace/package.json tests/tools/ace/package-lock.json $(NPM_TOOLS)/ && \
	  PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci --prefix $(NPM_TOOLS) --no-audit --no-fund --loglevel=error; fi

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
# (A test that fails only because LeakSanitizer's tracer crashed runs once
# more: tests/tools/ctest-sanitize.sh says why.)
sanitize:
	$(MAKE) build npm-tools BUILD=build-asan BUILD_TYPE=Debug CMAKE_FLAGS=-DPUBPIPE_SANITIZE=ON
	tests/tools/ctest-sanitize.sh build-asan $(JOBS)

# libFuzzer targets (clang), FUZZ_SECONDS each; what they find is kept in
# build-fuzz/corpus, crashes as build-fuzz/crash-TARGET-*.  Seeds and
# reproducers live in tests/fuzz/corpus, replayed by every `make test`.
FUZZ_SECONDS ?= 600
fuzz: build
	PUBPIPE_PLUGIN_PATH=$(abspath $(BUILD))/plugins tests/fuzz/run.sh $(FUZZ_SECONDS) build-fuzz

install: build
	cmake --install $(BUILD) --prefix $(or $(PREFIX),/usr/local)

bench: build
	bench/run.sh $(BUILD) --pandoc

# Issue 17's figures: incremental rebuilds at 10,000 articles, the full
# pipeline at 1,000, 10,000 and 100,000 (about 1 GB under /tmp, removed).
bench-scale: build
	python3 bench/scale.py $(BUILD)

# The text stages scored on real text: make accuracy CORPORA=DIR, where DIR
# holds real-pages/ and bbc-dev/ (and DIR/../tools the scorers, or
# SCORERS=DIR); the corpora are not part of the project.
accuracy: build
	@[ -n "$(CORPORA)" ] || { echo "usage: make accuracy CORPORA=DIR (a folder with real-pages/ and bbc-dev/)"; exit 2; }
	bench/accuracy.sh $(BUILD) $(CORPORA) $(SCORERS)

clean:
	rm -rf $(BUILD) build-asan

# The plugins' option reference, generated from what they declare.
docs: build
	for p in text-cleanup section-detect link-normalize docbook epub xsl-fo exec exec-text; do \
	  $(BUILD)/pubpipe plugins $$p --markdown > docs/plugins/$$p.md; done

# After a deliberate minor bump of the plugin ABI: records plugin.h as the
# baseline that the abi_baseline test compares with (docs/plugin-guide.md).
abi-baseline:
	bash tests/abi/check.sh cc . --update

# Klynge: `make site` builds the default site into _site/, `make test` runs every test.
# Both install what they need when it is missing (Debian/Ubuntu).

SWIFT ?= swift
ROOT ?= .
OUTPUT ?= $(ROOT)/_site
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# libcurl4-openssl-dev: the release binary links Swift's runtime and Foundation statically
# (it starts in 10 ms instead of 30), and static Foundation needs libcurl to link.
# zlib1g-dev: CSystemSupport deflates the .pptx parts with zlib, as ZIPFoundation does.
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libqrencode-dev libjemalloc-dev libcurl4-openssl-dev zlib1g-dev pkg-config
# What the browser check (Tests/browser) runs: Chromium and its driver, zbarimg for the
# QR codes, pdfinfo/pdftoppm for printed pages, Java for the Nu HTML Checker.
BROWSER_APT_PACKAGES := chromium chromium-driver zbar-tools poppler-utils default-jre-headless python3-venv
# What the deck check (Tests/scripts/check_pptx.py) runs: LibreOffice Impress turns every .pptx into a PDF.
DECK_APT_PACKAGES := libreoffice-impress
VENV := .venv

.PHONY: site test deps browser-deps browser-check check-calendars check-decks build release serve check bench clean

site: release
	.build/release/klynge build --root $(ROOT) --output $(OUTPUT)

# Preview at http://127.0.0.1:$(PORT)/, rebuilt and reloaded as Content/ and Theme/ change.
serve: release
	.build/release/klynge serve --root $(ROOT) --port $(PORT)

# Every validation and link check, nothing written.
check: release
	.build/release/klynge check --root $(ROOT)

# browser-deps installs the build's Debian packages too, in one apt run.
test: browser-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory check-calendars
	$(MAKE) --no-print-directory check-decks
	$(MAKE) --no-print-directory browser-check

# Builds the site with the debug binary into a temporary folder and reads every
# klyngemoede.ics with a real iCalendar parser (Tests/scripts/check_ics.py).
check-calendars: browser-deps build
	@tmp=$$(mktemp -d); \
	.build/debug/klynge build --root $(ROOT) --output "$$tmp/site" --quiet \
	  && $(VENV)/bin/python Tests/scripts/check_ics.py --root $(ROOT) "$$tmp/site"; \
	status=$$?; rm -rf "$$tmp"; exit $$status

# Builds the site with the debug binary and reads every .pptx with LibreOffice (PDF: a page
# per slide, each with its title) and python-pptx (titles, notes, alt texts, language).
# LibreOffice's PDFs and PNGs of their pages go to _pptx/ for a person to look at.
check-decks: browser-deps build
	@tmp=$$(mktemp -d); \
	.build/debug/klynge build --root $(ROOT) --output "$$tmp/site" --quiet \
	  && $(VENV)/bin/python Tests/scripts/check_pptx.py "$$tmp/site" --pdf _pptx; \
	status=$$?; rm -rf "$$tmp"; exit $$status

# Builds the site with the debug binary and reads every page in headless Chromium:
# axe-core, Nu HTML Checker, 320 px, requests and CSP, QR codes, printed pages.
# Screenshots and printed pages go to _screenshots/.
browser-check: browser-deps build
	$(VENV)/bin/python Tests/browser/check_site.py --klynge .build/debug/klynge --root $(ROOT) --shots _screenshots

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product klynge --static-swift-stdlib

# Installs the Debian packages the build needs, only when one is missing.
deps:
	@$(call apt_install,$(APT_PACKAGES))

# The build's and the checks' packages in one apt run, then the Python packages.
browser-deps: $(VENV)/.installed
	@$(call apt_install,$(APT_PACKAGES) $(BROWSER_APT_PACKAGES) $(DECK_APT_PACKAGES))

$(VENV)/.installed: Tests/requirements.txt Tests/browser/requirements-axe-core.txt
	@$(call apt_install,$(APT_PACKAGES) $(BROWSER_APT_PACKAGES) $(DECK_APT_PACKAGES))
	[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/requirements.txt
	$(VENV)/bin/pip install -q --disable-pip-version-check --no-deps -r Tests/browser/requirements-axe-core.txt
	touch $@

define apt_install
missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef

# Speed and memory, measured (see BENCHMARKS.md); Hugo is the yardstick when installed.
bench: release
	@$(call apt_install,hugo)
	python3 bench/run.py --clusters 50 --runs 3
	python3 bench/run.py --clusters 250 --runs 5
	python3 bench/run.py --clusters 1000 --runs 3
	python3 bench/run.py --clusters 116 --meetings 6 --runs 3

clean:
	rm -rf .build _site _private _screenshots _pptx $(VENV)

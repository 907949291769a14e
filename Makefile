# Klynge: `make site` builds the default site into _site/, `make test` runs every test.
# Both install what they need when it is missing (Debian/Ubuntu).

SWIFT ?= swift
ROOT ?= .
OUTPUT ?= $(ROOT)/_site
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
VENV ?= .venv
PY_PACKAGES := icalendar==7.3.0 pyyaml==6.0.3

.PHONY: site test deps build release serve check bench clean check-calendars

site: release
	.build/release/klynge build --root $(ROOT) --output $(OUTPUT)

# Preview at http://127.0.0.1:$(PORT)/, rebuilt and reloaded as Content/ and Theme/ change.
serve: release
	.build/release/klynge serve --root $(ROOT) --port $(PORT)

# Every validation and link check, nothing written.
check: release
	.build/release/klynge check --root $(ROOT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory check-calendars

# Builds the site with the debug binary into a temporary folder and reads every
# klyngemoede.ics with a real iCalendar parser (Tests/scripts/check_ics.py).
check-calendars: deps $(VENV)/.installed
	$(SWIFT) build --product klynge
	@bin=$$($(SWIFT) build --show-bin-path); tmp=$$(mktemp -d); \
	"$$bin/klynge" build --root $(ROOT) --output "$$tmp/site" --quiet \
	  && $(VENV)/bin/python Tests/scripts/check_ics.py --root $(ROOT) "$$tmp/site"; \
	status=$$?; rm -rf "$$tmp"; exit $$status

# A Python virtual environment with the packages the test scripts use, made when missing.
$(VENV)/.installed: Makefile
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { echo "Installing: python3 python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(PY_PACKAGES)
	touch $@

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product klynge

# Installs the Debian packages the build needs, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf .build _site _private $(VENV)

# Speed and memory, measured (see BENCHMARKS.md); Hugo is the yardstick when installed.
bench: release
	@command -v hugo >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo; } || true
	python3 bench/run.py --clusters 50 --runs 3
	python3 bench/run.py --clusters 250 --runs 5
	python3 bench/run.py --clusters 1000 --runs 3

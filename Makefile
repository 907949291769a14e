# Klynge: `make site` builds the default site into _site/, `make test` runs every test.
# Both install what they need when it is missing (Debian/Ubuntu).

SWIFT ?= swift
ROOT ?= .
OUTPUT ?= $(ROOT)/_site
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config

.PHONY: site test deps build release serve check bench clean

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
	rm -rf .build _site _private

# MSI Actions Setup — the two commands a fresh Debian 12 machine needs: `make run` and `make test`.
# Each installs only what is missing, so a second run goes straight to the build.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export CARGO_BUILD_JOBS ?= 2
export CARGO_TERM_COLOR ?= never

FEATURES := --features custom-protocol
BIN := target/debug/msi-actions-setup
TAURI_DRIVER_VERSION := 2.0.5
APT_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev libsoup-3.0-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev xvfb xauth webkit2gtk-driver dbus dbus-x11 \
	gnome-keyring libsecret-tools imagemagick fonts-dejavu-core
TIMED := scripts/timed
# Only `make package` / `make test-package` need these: window lookup (xwininfo) and the metainfo validator.
PACKAGE_APT_PACKAGES := x11-utils appstream

.PHONY: run test bench soak bench-footprint toolchains deps deps-system deps-ui deps-driver ui build test-ui test-rust test-e2e bindings-check clean package test-package deps-package

## run: install what is missing, build, and open the wizard on the sandbox (HEADLESS=1: under Xvfb, with a screenshot)
run: deps ui build
	@scripts/run-app "$(BIN)"

## test: install what is missing and run every test (UI, Rust unit + integration, end-to-end)
test:
	@rm -f target/stage-times.txt
	@$(TIMED) "system packages" $(MAKE) --no-print-directory deps-system
	@$(TIMED) "npm ci" $(MAKE) --no-print-directory deps-ui
	@$(TIMED) "tauri-driver" $(MAKE) --no-print-directory deps-driver
	@$(TIMED) "ui check + vitest" $(MAKE) --no-print-directory test-ui
	@$(TIMED) "ui build" $(MAKE) --no-print-directory ui
	@$(TIMED) "rust build + tests" $(MAKE) --no-print-directory test-rust
	@$(TIMED) "ipc bindings in sync" $(MAKE) --no-print-directory bindings-check
	@$(TIMED) "end-to-end (WebDriver)" $(MAKE) --no-print-directory test-e2e
	@echo "== stage times =="; cat target/stage-times.txt

deps: deps-system deps-ui

# Rust and Node.js come with this kind of machine; say clearly what to do where they are missing.
toolchains:
	@command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs), then re-run."; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is missing: install it (e.g. apt-get install nodejs npm), then re-run."; exit 1; }

deps-system: toolchains
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
		$$SUDO apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "System packages: all present"; fi

deps-ui: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	npm ci --prefix ui --no-audit --no-fund
	@touch $@

deps-driver:
	@if tauri-driver --help >/dev/null 2>&1 && cargo install --list | grep -q "^tauri-driver v$(TAURI_DRIVER_VERSION):"; then \
		echo "tauri-driver $(TAURI_DRIVER_VERSION): present"; \
	else cargo install tauri-driver --locked --version $(TAURI_DRIVER_VERSION); fi

ui: deps-ui
	npm --prefix ui run build

build: ui
	cargo build $(FEATURES)

test-ui: deps-ui
	npm --prefix ui run check
	npm --prefix ui test

# Rust unit and integration tests. The keyring tests need a Secret Service: a private D-Bus session with an
# unlocked gnome-keyring, started by scripts/with-keyring.
test-rust: ui
	scripts/with-keyring cargo test $(FEATURES)

# ts-rs rewrites ui/src/lib/bindings during `cargo test`; a diff means the committed types drifted.
bindings-check:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		git add -N ui/src/lib/bindings >/dev/null 2>&1 || true; \
		if ! git diff --quiet -- ui/src/lib/bindings; then \
			git --no-pager diff --stat -- ui/src/lib/bindings; \
			echo "IPC bindings changed: commit ui/src/lib/bindings"; exit 1; \
		fi; \
	fi; echo "IPC bindings: in sync"

# The real app in a real WebView (WebKitWebDriver via tauri-driver) under Xvfb; screenshots in target/e2e/.
test-e2e: build deps-driver
	xvfb-run -a -s "-screen 0 1280x800x24" scripts/with-keyring cargo test $(FEATURES) --test e2e -- --ignored --nocapture --test-threads=1

## bench: speed figures, run on demand (never part of `make test`): the CSV import of 100,000 rows against a
## plain csv read, and step 4's overlap count of 30,000 people at Marketo's limits (release build; the first
## one takes ~5 min here)
bench: deps-system ui
	cargo bench $(FEATURES) --bench csv_import
	cargo bench $(FEATURES) --bench overlap_count

## soak: not part of `make test` (about 5 minutes): the CLI inviting 1,000 people against a faulty standalone
## sandbox, killed with SIGKILL 20 times and resumed; prints duplicates, people lost and runs that resumed
soak: deps-system ui
	cargo bench $(FEATURES) --bench soak

## bench-footprint: not a test (~10 min here, the first time more): this app beside a minimal Tauri window
## with the same dependencies, both built in release: start to window mapped and RSS 5 s after start (Xvfb,
## median of 5), stripped binary and .deb sizes, ratios against the targets (1.3x, 2x)
bench-footprint: deps deps-package
	bench/footprint/run.sh

## package: the release build and Tauri's bundler make target/release/bundle/deb/*.deb and rpm/*.rpm
## (AppImage, MSI/NSIS and DMG are built by CI); prints their paths and sizes
package: deps deps-package ui
	scripts/package

## test-package: installs the .deb with apt, starts the installed app under Xvfb (screenshot in
## target/package/), runs its CLI, purges it and checks nothing but the user's data folder is left
test-package: package
	scripts/test-package

deps-package: deps-system
	@missing=$$(for p in $(PACKAGE_APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing packaging tools:" $$missing; \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
		$$SUDO apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf target ui/dist ui/node_modules

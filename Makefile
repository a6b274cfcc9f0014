# Associate Planner. On a fresh Debian or Ubuntu machine, `make run` and `make test` install
# what they need (system packages through apt-get, Go modules through the module proxy).

BIN       := bin/associate-planner
COMMIT    := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
GOFLAGS_B := -trimpath -ldflags "-X main.commit=$(COMMIT)"

# What Fyne needs to build (cgo, OpenGL, X11), and what the tests use besides (LibreOffice
# and Gnumeric open the exports, qpdf checks the letters, unshare makes a small full disk,
# postgresql's initdb and pg_ctl run throwaway team registers as its user "postgres").
BUILD_PACKAGES := gcc pkg-config libgl1-mesa-dev xorg-dev
TEST_PACKAGES  := $(BUILD_PACKAGES) xvfb xauth xdotool imagemagick poppler-utils coinor-cbc \
	libreoffice-calc-nogui gnumeric qpdf util-linux postgresql
# What the release packages need (a Windows cross-compiler, the icon converter, archivers),
# and what running the Windows build under Wine needs besides.
DIST_PACKAGES  := $(BUILD_PACKAGES) gcc-mingw-w64-x86-64 imagemagick zip xz-utils
WINE_PACKAGES  := $(DIST_PACKAGES) wine wine64 xvfb xauth xdotool x11-utils poppler-utils

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build run test bench lint deps test-deps clean dist test-windows

all: build

# install-missing installs the Debian packages in $(1) that are not installed yet.
define install-missing
	@if command -v dpkg >/dev/null 2>&1; then \
		missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			echo "Installing system packages:$$missing"; \
			$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		fi; \
	else \
		echo "Not Debian/Ubuntu: install the packages of README.md's 'Other platforms' yourself."; \
	fi
endef

deps:
	$(call install-missing,$(BUILD_PACKAGES))

test-deps:
	$(call install-missing,$(TEST_PACKAGES))

build: deps
	go build $(GOFLAGS_B) -o $(BIN) .

# Opens the app on your register; on first run it is filled with the demo.
run: build
	./$(BIN)

# Every test, then the code that runs on several cores again under the race detector:
# letters written at once, and the planner with its bound beside it.
test: test-deps
	go test -timeout 40m ./...
	go test -race -run 'AtOnce|WriteAll|Killed|EveryScript' ./letters/
	go test -race -run 'Reproducible|PlansAndBounds|EmptyRegister' ./scheduler/

# Benchmarks, then the planner on S to XXL, beside the exact solver CBC on S, M and L (CBC finds
# no answer on XL within an hour).
bench: test-deps
	go test -run '^$$' -bench . -benchmem ./...
	go run ./scheduler/cbccompare -sizes S,M,L,XL,XXL -cbc S,M,L -limit 600s

# Release packages in dist/: the Windows zip, the Linux package and SHA256SUMS (packaging/dist.sh).
dist:
	$(call install-missing,$(DIST_PACKAGES))
	bash packaging/dist.sh

# The Windows zip from `make dist`, run under Wine: its command line beside the Linux build on
# the same inputs, and its app's window on a virtual display (wine_test.go).
test-windows: dist
	$(call install-missing,$(WINE_PACKAGES))
	go test -tags wine -run Wine -count=1 -v -timeout 40m .

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go vet ./...
	go vet -tags wine .

clean:
	rm -rf bin dist

# Each fuzz target for FUZZTIME (default 10 minutes); new inputs that crash land in testdata/fuzz.
FUZZTIME ?= 10m
FUZZ_TARGETS := model:FuzzParseDate model:FuzzParseSkills model:FuzzParseClearances model:FuzzParseBand \
	importers:FuzzReadWorkbook importers:FuzzReadODS importers:FuzzReadCSV

.PHONY: fuzz
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg) for $(FUZZTIME)"; \
		go test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) ./$$pkg || exit 1; \
	done

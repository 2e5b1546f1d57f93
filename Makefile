# Jiebang (揭榜) — build, run and test.
#   make run    build everything, start the server on SQLite in ./data with a demo to click through
#   make test   every test: Go (SQLite, and PostgreSQL when JIEBANG_TEST_POSTGRES_DSN is set), frontend, browser
SHELL := /bin/bash
GO ?= go
BIN := bin/jiebang
NPM_STAMP := frontend/node_modules/.package-lock.json
GO_SOURCES := $(shell find cmd api domain repository migrations frontend/embed.go -type f \( -name '*.go' -o -name '*.sql' \) 2>/dev/null)
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: run build frontend test test-go test-frontend test-e2e lint clean api-types bench

# The address `make run` serves: ADDR=host:port, else JIEBANG_ADDR, else the binary's default.
ADDR ?= $(or $(JIEBANG_ADDR),127.0.0.1:8080)

run: build
	@mkdir -p data
	./$(BIN) seed --demo --if-empty
	@a='$(ADDR)'; case "$$a" in :*) a="localhost$$a";; 0.0.0.0:*) a="localhost:$${a#0.0.0.0:}";; esac; \
	echo "Jiebang on http://$$a — demo accounts are listed in README.md"
	./$(BIN) serve --addr '$(ADDR)'

build: frontend $(BIN)

$(BIN): $(GO_SOURCES) frontend/dist/index.html
	$(GO) build -trimpath -ldflags="-s -w" -o $(BIN) ./cmd/jiebang

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend: frontend/dist/index.html

frontend/dist/index.html: $(NPM_STAMP) $(FRONTEND_SOURCES)
	cd frontend && npm run build

test: test-go test-frontend test-e2e

# The S3 store's tests against a real server (SeaweedFS weed mini, built once from its Go module into
# ~/.cache/jiebang-weed: needs the module proxy, so not part of `make test`). docs/storage.md.
.PHONY: test-s3
test-s3:
	scripts/s3-test.sh

# The calendar sweeps (the demo seed and the whole programme on hundreds of days) run with the whole suite in UTC,
# and once more in China time.
SWEEPS := TestDemoSeedOnEveryDay|Sweep

test-go:
	$(GO) vet ./...
	@if [ -n "$$JIEBANG_TEST_POSTGRES_DSN" ]; then echo "== Go tests on SQLite and PostgreSQL"; \
	else echo "== Go tests on SQLite (PostgreSQL suite NOT run: set JIEBANG_TEST_POSTGRES_DSN to run it)"; fi
	TZ=UTC $(GO) test -count=1 -timeout 30m ./...
	@echo "== the calendar sweeps again with the server in China time (the run above ran in UTC)"
	TZ=Asia/Shanghai $(GO) test -count=1 -timeout 10m ./seed -run '$(SWEEPS)'

test-frontend: $(NPM_STAMP)
	cd frontend && npm run lint:openapi && npm run check:api-types && npm test

# api-types rewrites frontend/openapi.json and docs/api.md's endpoint index from the served document and
# regenerates the typed client's frontend/src/api/schema.d.ts from it; a Go test and `npm run check:api-types`
# fail while any is stale.
api-types: $(NPM_STAMP)
	JIEBANG_UPDATE_OPENAPI=1 $(GO) test -count=1 ./api -run '^TestOpenAPIDocumentIsCommitted$$'
	cd frontend && npm run api-types

# The browser flows run from a fixed instant, then the date-bound flows again from the eve of National Day (the
# notice of the race and funding flows runs over the holiday).
test-e2e: build
	cd frontend && JIEBANG_BIN=$(CURDIR)/$(BIN) npm run e2e
	cd frontend && JIEBANG_BIN=$(CURDIR)/$(BIN) E2E_CLOCK_START=2026-09-30T16:00:00+08:00 \
		E2E_ONLY=register,challenge,bidding,lifecycle,review,race,funding,notify npm run e2e

# bench: for each N of BENCH_NS ("10000 100000"), seed N challenges, load Jiebang, the bare server and gin's
# hello-JSON (cmd/benchbase) in the same run, the logged-in pages, writes and the deadline surge; write
# docs/performance.md (N beside N, targets met or missed). Not part of `make test`. PostgreSQL too with
# JIEBANG_BENCH_POSTGRES_DSN. About 45 to 60 minutes at the defaults; the variables are listed in scripts/bench.sh.
bench: $(BIN)
	./scripts/bench.sh

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd api domain repository migrations)" || (gofmt -l cmd api domain repository migrations; echo "gofmt needed"; exit 1)
	@if command -v golangci-lint >/dev/null; then golangci-lint run ./...; else echo "golangci-lint not installed: skipped"; fi

clean:
	rm -rf bin bench-out frontend/dist/assets frontend/dist/index.html

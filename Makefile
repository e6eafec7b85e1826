# Interface de desenvolvimento: `make run` e `make test` fazem toda a preparação numa máquina nova.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEPS := $(VENV)/.deps-installed
export PYTHONPATH := $(CURDIR)/server

.PHONY: run dev test test-postgres test-sqlite test-baileys test-browser lint format bench lock deps baileys-deps baileys-build browser clean

$(DEPS): server/requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r server/requirements-dev.lock
	@touch $@

deps: $(DEPS)

# Serviço Baileys (Node 20+): dependências exatas do package-lock.json
BAILEYS_DEPS := baileys/node_modules/.deps-installed
$(BAILEYS_DEPS): baileys/package-lock.json
	cd baileys && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

baileys-deps: $(BAILEYS_DEPS)

# Compilado uma vez antes das suítes (o teste de ponta a ponta do Python sobe o serviço de `dist/`); só refaz quando
# o código muda.
BAILEYS_BUILD := baileys/dist/src/main.js
$(BAILEYS_BUILD): $(BAILEYS_DEPS) baileys/tsconfig.json $(shell find baileys/src baileys/test -name '*.ts' 2>/dev/null)
	cd baileys && npm run build --silent

baileys-build: $(BAILEYS_BUILD)

## Produto completo nos padrões embutidos (SQLite em ./data, cache em processo) em http://localhost:$${PORT:-5000}
run: deps baileys-build
	$(PY) -m wacs serve --with-baileys

## Recarrega ao editar o código
dev: deps
	$(VENV)/bin/uvicorn wacs.main:create_app --factory --reload --app-dir server --port $${PORT:-5000}

## Todos os testes: PostgreSQL + Redis e, de novo, SQLite + em processo, e os do serviço Baileys — ao mesmo tempo
## (não dividem banco nem arquivos); a saída de cada suíte sai inteira quando ela termina, com a linha de resumo.
test: deps browser baileys-build
	$(MAKE) --no-print-directory -j3 --output-sync=target test-postgres test-sqlite test-baileys

test-postgres: deps baileys-build
	cd server && TEST_BACKEND=postgres ../$(PY) -m pytest -q -p no:cacheprovider

test-sqlite: deps baileys-build
	cd server && TEST_BACKEND=sqlite ../$(PY) -m pytest -q -p no:cacheprovider

test-baileys: baileys-build
	cd baileys && node --test dist/test/*.test.js

## Chromium do Debian para o teste da documentação (nunca baixado por ferramenta de teste)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "instalando chromium (Debian)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: deps baileys-deps
	cd server && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check . && ../$(VENV)/bin/mypy wacs
	$(VENV)/bin/ruff check --config server/pyproject.toml bench
	cd baileys && npm run lint --silent

format: deps
	cd server && ../$(VENV)/bin/ruff format . && ../$(VENV)/bin/ruff check --fix .

## Benchmarks (PostgreSQL + Redis locais; cada script imprime razões medidas na mesma execução)
bench: deps
	$(PY) bench/auth_overhead.py
	$(PY) bench/send_throughput.py
	$(PY) bench/bulk_accept.py
	$(PY) bench/dispatch_latency.py
	$(PY) bench/inbound_ws_latency.py
	$(PY) bench/inbound_processing.py
	$(PY) bench/baileys_memory.py
	$(PY) bench/baileys_dispatch.py
	$(PY) bench/receipt_ingest.py
	$(PY) bench/meta_webhooks.py
	$(PY) bench/meta_dispatch.py
	$(PY) bench/ai_pipeline.py

## Regenera os arquivos de dependências travadas a partir de server/pyproject.toml
lock: deps
	$(PY) -m pip install --quiet uv==0.13.8
	cd server && ../$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock -q
	cd server && ../$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements-dev.lock -q

clean:
	rm -rf $(VENV) server/.pytest_cache server/.mypy_cache server/.ruff_cache baileys/node_modules baileys/dist

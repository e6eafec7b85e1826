# syntax=docker/dockerfile:1
# Imagem de produção da API e do worker (pacote `wacs`) com o app web já compilado, servido em `/`.
#   docker build -t wacs-api .
#   docker run -p 5000:5000 -v wacs-data:/var/lib/wacs wacs-api              # API
#   docker run -v wacs-data:/var/lib/wacs wacs-api python -m wacs worker     # worker da fila
#   docker run wacs-api python -m wacs migrate                               # só as migrations (Job/passo de deploy)
# Configuração por variáveis de ambiente: veja .env.example, docs/operacao.md e docs/implantacao.md.

# Estágio do app web: dependências exatas do package-lock.json e `vite build` (só web/dist vai para a imagem final).
# Roda na plataforma de quem compila: o resultado é só JS/CSS, igual para qualquer arquitetura.
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build

# Estágio das dependências Python: instaladas num venv à parte, copiado pronto para a imagem final (sem pip nem
# caches de build nela).
FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY server/requirements.lock /tmp/requirements.lock
# Com verificação de hash de cada pacote (camada reaproveitada enquanto o lock não mudar).
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

FROM python:3.11-slim-bookworm

LABEL org.opencontainers.image.title="wacs-api" \
      org.opencontainers.image.description="API e worker do serviço de comunicação WhatsApp (wacs)" \
      org.opencontainers.image.licenses="Proprietary"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app/server \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=5000 \
    DATA_DIR=/var/lib/wacs \
    WEB_DIST_DIR=/app/web/dist \
    LOG_FORMAT=json

WORKDIR /app

# pg_dump/pg_restore para `python -m wacs backup|restore` (o cliente do Debian 12 é o 15; para um servidor mais novo,
# instale o postgresql-client da mesma versão, do repositório do PostgreSQL). Sem versão fixa: a versão acompanha as
# correções de segurança do Debian 12 a cada build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Usuário sem privilégios (uid/gid 10001, o mesmo da imagem do Baileys: os dois leem os segredos gerados em
# DATA_DIR, arquivos 0600); o código fica do root (somente leitura para o serviço), os dados em /var/lib/wacs.
RUN groupadd --system --gid 10001 wacs \
    && useradd --system --uid 10001 --gid wacs --home-dir /var/lib/wacs --no-create-home --shell /usr/sbin/nologin wacs \
    && install -d -o wacs -g wacs -m 0700 /var/lib/wacs

COPY --from=python-deps /opt/venv /opt/venv
COPY server/ /app/server/
COPY --from=web /web/dist /app/web/dist

# Numérico: o Kubernetes só confirma `runAsNonRoot` com um uid numérico.
USER 10001:10001
VOLUME ["/var/lib/wacs"]
EXPOSE 5000

# Liveness: só o processo (a prontidão com banco, Redis e Baileys fica em /health/ready). O worker não serve HTTP:
# no compose e no Kubernetes ele tem a própria verificação (porta de métricas).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '5000'), timeout=4)"]

# Aplica as migrations (lock consultivo entre réplicas; RUN_MIGRATIONS_ON_STARTUP=false desliga) e serve a API.
CMD ["python", "-m", "wacs", "serve"]

# Imagem de produção da API (pacote `wacs`) com o app web já compilado, servido em `/`.
#   docker build -t wacs-api .
#   docker run -p 5000:5000 -v wacs-data:/var/lib/wacs wacs-api
# Configuração por variáveis de ambiente: veja .env.example e docs/operacao.md.

# Estágio do app web: dependências exatas do package-lock.json e `vite build` (só web/dist vai para a imagem final).
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app/server \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=5000 \
    DATA_DIR=/var/lib/wacs \
    WEB_DIST_DIR=/app/web/dist \
    LOG_FORMAT=json

WORKDIR /app

# pg_dump/pg_restore para `python -m wacs backup|restore` (o cliente do Debian 12 é o 15; para um servidor mais novo,
# instale o postgresql-client da mesma versão, do repositório do PostgreSQL).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Dependências travadas, com verificação de hash de cada pacote (camada reaproveitada enquanto o lock não mudar).
COPY server/requirements.lock /app/server/requirements.lock
RUN pip install --require-hashes --no-deps -r /app/server/requirements.lock

# Usuário sem privilégios; o código fica do root (somente leitura para o serviço), os dados em /var/lib/wacs.
RUN groupadd --system --gid 10001 wacs \
    && useradd --system --uid 10001 --gid wacs --home-dir /var/lib/wacs --no-create-home --shell /usr/sbin/nologin wacs \
    && install -d -o wacs -g wacs -m 0700 /var/lib/wacs

COPY server/ /app/server/
COPY --from=web /web/dist /app/web/dist

USER wacs
VOLUME ["/var/lib/wacs"]
EXPOSE 5000

# Liveness: só o processo (a prontidão com banco e Redis fica em /health/ready).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '5000'), timeout=4)" || exit 1

# Aplica as migrations (lock consultivo entre réplicas) e serve a API.
CMD ["python", "-m", "wacs", "serve"]

"""Configuração do serviço: variáveis de ambiente (ou `.env`), com padrões embutidos que formam um produto completo."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    host: str = "0.0.0.0"  # noqa: S104 - serviço de rede por natureza
    port: int = 5000
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    log_format: Literal["json", "text"] = "json"

    # Banco: SQLite embutido quando vazio; aceita URLs `postgresql://` como o Supabase fornece.
    database_url: str | None = None
    # Conexões mantidas por processo. Conexões de pico (overflow) são abertas e fechadas a cada uso: sob carga isso
    # custa mais que esperar uma conexão do pool, por isso o padrão é 0. O worker segura uma conexão por job em
    # andamento (WORKER_CONCURRENCY), e o sandbox abre mais uma durante o envio.
    database_pool_size: int = Field(default=40, ge=1)
    database_max_overflow: int = Field(default=0, ge=0)
    # Espera máxima por uma conexão livre; depois, 503 banco_ocupado (com Retry-After).
    database_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    # `auto` desliga o cache de prepared statements na porta 6543 (pooler de transação do Supabase/PgBouncer).
    database_statement_cache: Literal["auto", "on", "off"] = "auto"
    # Conexão com sessão própria, para o que um pooler em modo transação (Supabase 6543, PgBouncer) não sustenta: as
    # migrations (o advisory lock que as serializa é de sessão) e o LISTEN que acorda os workers. A conexão direta ou
    # o pooler em modo sessão (Supabase 5432); vazia = DATABASE_URL. Veja docs/supabase.md.
    database_session_url: str | None = None

    redis_url: str | None = None
    # Prefixo das chaves e canais no Redis: várias instalações (ou execuções de teste) podem dividir um Redis.
    redis_prefix: str = "wacs:"
    # Conexões com o Redis por processo; acima disso, as operações esperam uma livre (até 5 s) em vez de falhar.
    redis_max_connections: int = Field(default=100, ge=1)

    jwt_secret: str | None = None
    # Segredo HMAC dos callbacks do serviço Baileys (e do sandbox); vazio = gerado em DATA_DIR no primeiro start.
    provider_callback_secret: str | None = None
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    refresh_token_ttl_days: int = Field(default=30, ge=1, le=365)
    # Chaves de criptografia em repouso: "versão:chave_fernet" separadas por vírgula; a primeira cifra.
    encryption_keys: str | None = None

    bootstrap_tenant_id: str = "demo"
    bootstrap_tenant_name: str = "Demonstração"
    bootstrap_admin_email: str = "admin@demo.local"
    bootstrap_admin_password: str | None = None

    rate_limit_per_minute: int = Field(default=100, ge=1)
    # Login (docs/seguranca.md §4). Por conta + IP: LOGIN_MAX_ATTEMPTS tentativas livres, depois espera que dobra a
    # cada falha (de LOGIN_BACKOFF_BASE_SECONDS até LOGIN_BACKOFF_MAX_SECONDS). Por IP e por conta (qualquer IP):
    # falhas por janela de LOGIN_WINDOW_SECONDS.
    login_max_attempts: int = Field(default=5, ge=1)
    login_backoff_base_seconds: float = Field(default=30.0, gt=0)
    login_backoff_max_seconds: float = Field(default=900.0, gt=0, le=86400)  # o estado vive 24 h sem tentativas
    login_window_seconds: int = Field(default=900, ge=10)
    login_ip_max_attempts: int = Field(default=30, ge=1)
    login_account_max_attempts: int = Field(default=100, ge=1)
    tenant_cache_ttl_seconds: int = Field(default=60, ge=0)
    max_request_body_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)

    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=2, ge=1)

    # Fila durável e worker. O worker roda dentro da API por padrão (`make run`); para escalar, desligue com
    # RUN_WORKER=false e suba `python -m wacs worker` em quantos processos quiser (PostgreSQL).
    run_worker: bool = True
    # Porta HTTP de /metrics do `python -m wacs worker` (vazio: sem métricas próprias). O servidor de métricas do
    # worker não tem autenticação: escuta só no loopback, salvo WORKER_METRICS_HOST (ex.: 0.0.0.0 numa rede interna).
    worker_metrics_port: int | None = None
    worker_metrics_host: str = "127.0.0.1"
    # Jobs em execução ao mesmo tempo por worker (no SQLite, no máximo 32). Nenhum segura conexão do banco enquanto
    # espera um provedor ou um endpoint de webhook, então centenas em voo custam só memória.
    worker_concurrency: int = Field(default=256, ge=1, le=1024)
    # Intervalo mínimo (ms) entre duas consultas da fila quando a anterior não encheu as vagas: sob entrada contínua
    # junta em um lote o que chegaria em vários (CPU por evento cai ~35%) ao custo de no máximo isso de latência.
    worker_claim_interval_ms: int = Field(default=25, ge=0, le=1000)
    job_lease_seconds: int = Field(default=60, ge=1)
    # Sinal de vida de cada worker (renova o prazo dos jobs dele) e quando um worker sem sinal é dado como morto.
    worker_heartbeat_seconds: float = Field(default=2.0, gt=0)
    worker_dead_after_seconds: float = Field(default=15.0, gt=0)
    job_retry_base_seconds: float = Field(default=2.0, gt=0)
    job_retry_max_seconds: float = Field(default=300.0, gt=0)
    job_max_attempts: int = Field(default=8, ge=1, le=50)
    # Envio simples espera o aceite do provedor por até este tempo (200 "sent"); depois responde 202 "pending".
    send_ack_wait_seconds: float = Field(default=2.0, ge=0)
    # Com mais requisições que isto esperando ao mesmo tempo, novas respondem 202 na hora (sob carga, não segura).
    send_ack_max_waiters: int = Field(default=4, ge=0)

    # Onde guardar mídia: local (pasta MEDIA_DIR) ou s3 (qualquer serviço compatível: AWS, MinIO, R2...).
    media_storage: Literal["local", "s3"] = "local"
    media_dir: Path | None = None
    media_s3_endpoint: str | None = None
    media_s3_bucket: str | None = None
    media_s3_access_key_id: str | None = None
    media_s3_secret_access_key: str | None = None
    media_s3_region: str = "us-east-1"
    media_s3_prefix: str = ""
    media_s3_addressing_style: Literal["path", "virtual"] = "path"
    media_max_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # Mídia por URL que a própria API baixa (provedores que não buscam links, como o Baileys): só endereços públicos,
    # como os webhooks, a menos que MEDIA_URL_ALLOW_PRIVATE=true (rede interna, testes).
    media_url_allow_private: bool = False
    media_url_timeout_seconds: float = Field(default=30.0, gt=0, le=300)

    webhook_allow_private: bool = False
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    webhook_max_attempts: int = Field(default=8, ge=1, le=30)
    webhook_retry_base_seconds: float = Field(default=10.0, gt=0)

    # Database Webhook do Supabase (POST /api/v1/webhooks/supabase, docs/supabase.md): segredo compartilhado que o
    # webhook manda em X-Supabase-Webhook-Secret; vazio = rota desligada (404). Com ele, o worker também varre
    # mensagens `pending` de saída gravadas direto no banco cujo webhook nunca chegou: as que têm mais de
    # SUPABASE_SWEEP_AFTER_SECONDS, a cada SUPABASE_SWEEP_INTERVAL_SECONDS.
    supabase_webhook_secret: str | None = None
    supabase_sweep_after_seconds: float = Field(default=60.0, gt=0)
    supabase_sweep_interval_seconds: float = Field(default=30.0, gt=0)

    # Circuit breaker por sessão: abre após N falhas transitórias em 60 s e fica aberto por M segundos.
    circuit_failure_threshold: int = Field(default=5, ge=1)
    circuit_open_seconds: float = Field(default=30.0, gt=0)
    bulk_max_recipients: int = Field(default=10_000, ge=1)
    # Retenção: eventos do WebSocket (recuperação por cursor) e histórico técnico (eventos brutos de entrada,
    # entregas de webhook concluídas, jobs mortos). Mensagens e conversas não são apagadas.
    realtime_retention_hours: int = Field(default=72, ge=1)
    history_retention_days: int = Field(default=30, ge=1)

    # Provedor sandbox: atrasos simulados de entregue/lido (segundos).
    sandbox_delivered_after_seconds: float = Field(default=1.0, ge=0)
    sandbox_read_after_seconds: float = Field(default=3.0, ge=0)

    # Serviço Baileys (WhatsApp Web, processo Node em `baileys/`): vazio = provedor não instalado. O token que a API
    # manda ao serviço: BAILEYS_TOKEN ou, vazio, gerado no primeiro start em DATA_DIR/baileys.token (o serviço lê o
    # mesmo arquivo).
    baileys_url: str = ""
    baileys_token: str | None = None
    baileys_timeout_seconds: float = Field(default=15.0, gt=0, le=300)
    # /health/ready responde 503 com o serviço Baileys fora do ar (padrão: numa máquina só, ele sobe junto). Em
    # cluster, false: a queda dos pods do Baileys não tira as réplicas da API do balanceador (a Meta e o sandbox
    # continuam); a checagem segue no corpo da resposta.
    ready_requires_baileys: bool = True

    # Provedor Meta (Cloud API): token global de verificação do webhook (além do `verifyToken` de cada sessão), tempo
    # das chamadas à Graph API e, só para testes e a Graph API falsa local, liberar `baseUrl` em rede interna.
    meta_verify_token: str | None = None
    meta_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    meta_allow_private_base_url: bool = False

    # Agentes de IA (PRD §8.1 `AI`). Sem AI_API_KEY nem AI_BASE_URL, responde o atendente offline (regras em pt-BR +
    # base de conhecimento + as mesmas ferramentas). Vazios, valem OPENAI_API_KEY/OPENAI_BASE_URL (os do SDK da OpenAI).
    ai_api_key: str | None = None
    ai_base_url: str | None = None
    ai_model: str = "gpt-4o-mini"
    # Azure OpenAI: a versão da API (`api-version`); com ela, AI_MODEL é o nome do deployment.
    ai_azure_api_version: str | None = None
    # Modelo de embeddings (`/embeddings`): vazio = base de conhecimento só com busca textual.
    ai_embeddings_model: str | None = None
    ai_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    ai_max_retries: int = Field(default=2, ge=0, le=10)
    # Rodadas de ferramenta por resposta (o modelo pede, a ferramenta responde, o modelo pede de novo...).
    ai_max_tool_rounds: int = Field(default=4, ge=1, le=10)
    # URL base escolhida por um agente (override) só em endereço público, como os webhooks, salvo isto (rede interna,
    # testes). A URL da instalação (AI_BASE_URL) é do operador e pode ser interna (um Ollama na mesma rede).
    ai_allow_private_base_url: bool = False
    # Fases de banco das respostas de agente (ler a rodada, gravar a resposta) ao mesmo tempo por processo; a espera
    # pelo modelo não conta. Numa rajada, centenas delas intercaladas no mesmo event loop deixariam cada resposta
    # lenta sem responder mais por segundo: as demais esperam a vez (sem conexão do banco).
    ai_reply_concurrency: int = Field(default=4, ge=1, le=1024)
    openai_api_key: str | None = None
    openai_base_url: str | None = None

    # Supabase (PRD §8.1 `Supabase`). Com SUPABASE_URL e SUPABASE_SERVICE_KEY, todo evento do WebSocket também vai ao
    # Supabase Realtime (canal privado `tenant:<clientId>`), repassado pelo worker a partir de `realtime_events`. A
    # chave anon só aparece na documentação (é a do navegador). O host precisa ser público, salvo
    # SUPABASE_ALLOW_PRIVATE_URL=true (Supabase auto-hospedado na rede interna, testes).
    supabase_url: str = ""
    supabase_anon_key: str | None = None
    supabase_service_key: str | None = None
    supabase_allow_private_url: bool = False
    supabase_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # Desliga só o repasse ao Realtime, mantendo a URL e a chave para o resto (ex.: Storage).
    supabase_realtime_enabled: bool = True
    # Mensagens por POST ao endpoint de broadcast; a consulta periódica cobre um aviso de evento perdido.
    supabase_realtime_batch_size: int = Field(default=200, ge=1, le=1000)
    supabase_realtime_poll_seconds: float = Field(default=2.0, gt=0, le=60)
    # Espera entre tentativas com o Supabase fora do ar: dobra a cada falha, da base até o máximo.
    supabase_realtime_retry_base_seconds: float = Field(default=1.0, gt=0)
    supabase_realtime_retry_max_seconds: float = Field(default=60.0, gt=0)

    # Build do app web (`web/dist`, gerado por `make run`); vazio = a pasta `web/dist` do repositório.
    web_dist_dir: Path | None = None

    cors_origins: str = ""
    # Proxies cujos X-Forwarded-For/Proto são confiáveis (IPs ou CIDRs separados por vírgula; "*" = todos).
    forwarded_allow_ips: str = "127.0.0.1"
    metrics_token: str | None = None
    run_migrations_on_startup: bool = True

    @field_validator(
        "database_url",
        "database_session_url",
        "supabase_webhook_secret",
        "redis_url",
        "jwt_secret",
        "provider_callback_secret",
        "baileys_token",
        "meta_verify_token",
        "encryption_keys",
        "metrics_token",
        "bootstrap_admin_password",
        "ai_api_key",
        "ai_base_url",
        "ai_azure_api_version",
        "ai_embeddings_model",
        "openai_api_key",
        "openai_base_url",
        "supabase_anon_key",
        "supabase_service_key",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("baileys_url", "supabase_url", mode="after")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.strip().rstrip("/")

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'wacs.db').resolve()}"

    @property
    def resolved_media_dir(self) -> Path:
        return self.media_dir or self.data_dir / "media"

    @property
    def supabase_realtime_configured(self) -> bool:
        return bool(self.supabase_realtime_enabled and self.supabase_url and self.supabase_service_key)

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def resolved_session_database_url(self) -> str:
        return self.database_session_url or self.resolved_database_url

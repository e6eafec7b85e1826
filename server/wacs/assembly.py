"""Montagem do processo: o único lugar que liga as implementações dos domínios aos pontos de extensão do kit.

O kit (camada de baixo) não importa domínios; a API (`main.create_app`) e o worker (`python -m wacs worker`) chamam
estas funções na inicialização.
"""

from __future__ import annotations

from wacs.audit.recorder import flush_audit
from wacs.config import Settings
from wacs.kit.bus import create_bus
from wacs.kit.cache import create_cache
from wacs.kit.context import EVENTS_CHANNEL, JOBS_CHANNEL, AppContext
from wacs.kit.db import Notifier, add_before_request_commit, create_engine, create_sessionmaker
from wacs.kit.secrets import Encryptor, jwt_secret
from wacs.kit.security import AccessTokens, Passwords
from wacs.media.store import create_media_store
from wacs.worker.handlers import JobHandlers
from wacs.worker.runner import Batch, Worker


def install_hooks() -> None:
    """Registra os ganchos do kit. Idempotente: chamar de novo (outro app no mesmo processo) não duplica nada."""
    from wacs.agents import pipeline
    from wacs.inbound.service import RECEIVED_HOOKS
    from wacs.messages.dispatch import SENT_HOOKS

    # A linha de auditoria entra na mesma transação da mudança, antes do commit da requisição.
    add_before_request_commit(flush_audit)
    # Agentes de IA: a mensagem recebida agenda a resposta; o envio de um operador pausa o agente na conversa.
    if pipeline.on_received not in RECEIVED_HOOKS:
        RECEIVED_HOOKS.append(pipeline.on_received)
    if pipeline.on_sent not in SENT_HOOKS:
        SENT_HOOKS.append(pipeline.on_sent)


def create_context(settings: Settings) -> AppContext:
    """Os recursos do processo (banco, cache, chaves, barramento, armazenamento de mídia)."""
    engine = create_engine(settings)
    return AppContext(
        settings=settings,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        cache=create_cache(settings.redis_url, settings.redis_prefix, settings.redis_max_connections),
        passwords=Passwords(settings.argon2_time_cost, settings.argon2_memory_cost, settings.argon2_parallelism),
        tokens=AccessTokens(jwt_secret(settings.data_dir, settings.jwt_secret), settings.access_token_ttl_seconds),
        encryptor=Encryptor.from_config(settings.data_dir, settings.encryption_keys),
        bus=create_bus(settings.redis_url, settings.redis_prefix),
        media_store=create_media_store(settings),
        job_notifier=Notifier(engine, JOBS_CHANNEL),
        events_notifier=Notifier(engine, EVENTS_CHANNEL) if settings.supabase_realtime_configured else None,
    )


def install_providers(settings: Settings | None = None) -> None:
    """Os provedores desta instalação, na ordem de preferência padrão. Idempotente. Os testes registram dublês pela
    mesma função pública (`wacs.providers.registry.register`).

    O Baileys só entra com BAILEYS_URL: sem o serviço Node, oferecê-lo criaria sessões que nunca conectam."""
    from wacs.providers import registry
    from wacs.providers.meta import MetaProvider
    from wacs.providers.sandbox import SandboxProvider

    registry.register(SandboxProvider)
    # A Cloud API não depende de nada local: sempre disponível (a sessão confere as credenciais na Meta).
    registry.register(MetaProvider)
    if settings is not None and settings.baileys_url:
        from wacs.providers.baileys import BaileysProvider, service_token

        service_token(settings)  # cria DATA_DIR/baileys.token já no start: o serviço Node lê o mesmo arquivo
        registry.register(BaileysProvider)


def job_handlers() -> JobHandlers:
    """Cada tipo de job e quem o executa (e quem encerra o job que esgotou as tentativas)."""
    from wacs.agents import pipeline
    from wacs.conversations import receipts
    from wacs.inbound import service as inbound
    from wacs.lgpd import service as lgpd
    from wacs.messages import bulk, dispatch
    from wacs.messages import service as messages
    from wacs.providers.sandbox import RECEIPT_JOB
    from wacs.sandbox import simulator
    from wacs.webhooks import delivery
    from wacs.webhooks.fanout import DELIVERY_JOB

    jobs = JobHandlers()
    # Lotes de envio sem isolamento: um lote que falha ao gravar não chama os provedores de novo por isso (os jobs
    # voltam à fila como numa queda do worker, e o id nosso deduplica o reenvio onde o provedor aceita).
    jobs.register(messages.SEND_JOB, Batch(dispatch.send, size=64, isolate_on_error=False), dispatch.send_exhausted)
    jobs.register(messages.BULK_JOB, messages.expand_bulk, messages.expand_bulk_exhausted)
    jobs.register(bulk.PROGRESS_JOB, bulk.publish_progress)
    jobs.register(inbound.PROCESS_JOB, Batch(inbound.process, size=100), inbound.process_exhausted)
    jobs.register(inbound.MEDIA_JOB, inbound.download_media, inbound.download_media_exhausted)
    jobs.register(RECEIPT_JOB, Batch(simulator.receipts, size=200))
    jobs.register(DELIVERY_JOB, delivery.deliver, delivery.on_dead)
    jobs.register(receipts.READ_JOB, receipts.send_read_receipts)
    jobs.register(pipeline.REPLY_JOB, pipeline.reply, pipeline.reply_exhausted)
    jobs.register(lgpd.PURGE_JOB, lgpd.purge_job, lgpd.purge_exhausted)
    return jobs


def build_worker(ctx: AppContext) -> Worker:
    jobs = job_handlers()
    return Worker(ctx, jobs.handlers, jobs.on_dead, batches=jobs.batches)

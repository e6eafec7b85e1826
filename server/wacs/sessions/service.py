"""Sessões do WhatsApp: inicializar (validar e cifrar a configuração do provedor), status e desconexão."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit import metrics
from wacs.kit.context import AppContext
from wacs.kit.db import commit, on_commit
from wacs.kit.errors import AppError, NotFound, ServiceUnavailable
from wacs.kit.errors import translate_validation_error as translate
from wacs.models import WhatsAppSession
from wacs.providers import registry
from wacs.providers.base import Provider, ProviderError, ProviderState, SessionInfo
from wacs.realtime.events import emit
from wacs.sessions.repository import SessionRepository


class SessionNotFound(NotFound):
    code = "sessao_nao_encontrada"
    detail = "Sessão do WhatsApp não encontrada."


class ProviderUnavailable(AppError):
    status_code = 422
    code = "provedor_indisponivel"
    title = "Provedor indisponível"


class InvalidProviderConfig(AppError):
    status_code = 422
    code = "validacao"
    title = "Dados inválidos"
    detail = "A configuração do provedor é inválida."


class ProviderFailure(AppError):
    status_code = 502
    code = "falha_provedor"
    title = "Falha no provedor"


class ProviderBusy(ServiceUnavailable):
    code = "provedor_indisponivel_temporariamente"
    title = "Provedor temporariamente indisponível"
    detail = "O provedor não respondeu agora. Tente novamente em instantes."


class TemplatesUnsupported(AppError):
    status_code = 422
    code = "recurso_nao_suportado"
    title = "Recurso não suportado pelo provedor"
    detail = "O provedor desta sessão não tem templates."


# A lista de templates do número fica em cache por pouco tempo: a tela de envio a consulta a cada abertura, e a
# Meta limita as chamadas à API de gestão.
TEMPLATES_CACHE_SECONDS = 60
TEMPLATE_STATUSES = ("approved", "all")


def templates_key(session_id: uuid.UUID) -> str:
    return f"templates:{session_id}"


def _template_out(raw: Any) -> dict[str, Any] | None:
    """Um template no formato da listagem da Meta → o que a API devolve (ignora itens malformados do provedor)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return None
    components = raw.get("components")
    return {
        "name": raw["name"],
        "language": str(raw.get("language") or ""),
        "status": str(raw.get("status") or "").upper(),
        "category": str(raw["category"]).upper() if raw.get("category") else None,
        "components": [c for c in components if isinstance(c, dict)] if isinstance(components, list) else [],
    }


def info_of(row: WhatsAppSession) -> SessionInfo:
    return SessionInfo(row.id, row.tenant_id, row.phone_number, row.provider_type)


def provider_for(ctx: AppContext, row: WhatsAppSession) -> Provider:
    try:
        return registry.build(ctx, info_of(row), row.session_data)
    except LookupError:
        raise ProviderUnavailable(f"O provedor {row.provider_type} não está disponível nesta instalação.") from None


def session_payload(ctx: AppContext, row: WhatsAppSession) -> dict[str, Any]:
    cls = registry.get(row.provider_type)
    config: dict[str, Any] = {}
    if cls is not None and row.session_data:
        config = registry.redacted(cls, registry.decrypt_config(ctx, cls, row.session_data))
    return {
        "id": row.id,
        "phone_number": row.phone_number,
        "provider": row.provider_type,
        "name": row.name,
        "status": row.status,
        "qr_code": row.qr_code,
        "pairing_code": row.pairing_code,
        "account_number": row.account_number,
        "profile_name": row.profile_name,
        "quality_rating": row.quality_rating,
        "last_error": row.last_error,
        "is_active": row.is_active,
        "connected_at": row.connected_at,
        "status_changed_at": row.status_changed_at,
        "config": config,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def active_sessions_key(tenant_id: uuid.UUID) -> str:
    return f"active-sessions:{tenant_id}"


class SessionService:
    def __init__(self, ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        self.ctx = ctx
        self.db = session
        self.tenant_id = tenant_id
        self.sessions = SessionRepository(session, tenant_id)

    async def get(self, session_id: uuid.UUID) -> WhatsAppSession:
        row = await self.sessions.get(session_id)
        if row is None:
            raise SessionNotFound()
        return row

    async def initialize(
        self, phone: str, provider_type: str, name: str | None, raw_config: dict[str, Any]
    ) -> WhatsAppSession:
        cls = registry.get(provider_type)
        if cls is None:
            raise ProviderUnavailable(
                f"O provedor {provider_type} ainda não está disponível nesta instalação; use sandbox para testar."
            )
        try:
            config = registry.parse_config(cls, raw_config)
        except ValidationError as exc:
            errors = []
            for error in exc.errors():
                item = translate(dict(error))
                item["field"] = f"config.{item['field']}" if item["field"] else "config"
                item["location"] = "body"
                errors.append(item)
            raise InvalidProviderConfig(errors=errors) from None
        row = await self.sessions.get_by_phone(phone)
        if row is None:
            row = await self.sessions.add(
                WhatsAppSession(phone_number=phone, provider_type=provider_type, status="connecting")
            )
        row.provider_type = provider_type
        row.name = name if name is not None else row.name
        row.session_data = registry.encrypt_config(self.ctx, config)
        return await self._start(row, cls, config)

    async def reconnect(self, row: WhatsAppSession) -> WhatsAppSession:
        """Conecta de novo com a configuração guardada (depois de desconectar, de uma falha ou de um logout do
        celular): o mesmo caminho do `initialize`, sem pedir as credenciais outra vez."""
        cls = registry.get(row.provider_type)
        if cls is None:
            raise ProviderUnavailable(f"O provedor {row.provider_type} não está disponível nesta instalação.")
        return await self._start(row, cls, registry.decrypt_config(self.ctx, cls, row.session_data))

    async def _start(self, row: WhatsAppSession, cls: Any, config: Any) -> WhatsAppSession:
        row.is_active = True
        # Os avisos que o provedor manda durante a chamada (o QR do serviço Baileys, por callback) já acham a sessão.
        await self._release()
        provider = cls(self.ctx, info_of(row), config)
        try:
            state = await provider.initialize()
        except ProviderError as exc:
            state = ProviderState("failed", detail=exc.message)
        await self.set_state(row, state)
        return row

    async def disconnect(self, row: WhatsAppSession) -> WhatsAppSession:
        await self._release()
        try:
            state = await provider_for(self.ctx, row).disconnect()
        except ProviderError as exc:
            raise ProviderFailure(f"O provedor recusou a desconexão: {exc.message}") from None
        await self.set_state(row, state)
        return row

    async def templates(self, row: WhatsAppSession, status: str = "approved") -> list[dict[str, Any]]:
        """Os templates do número (`list_templates` do provedor), em cache por `TEMPLATES_CACHE_SECONDS`; só os
        aprovados, ou todos com `status="all"`. Nenhuma transação fica aberta durante a chamada ao provedor."""
        cls = registry.get(row.provider_type)
        if cls is None:
            raise ProviderUnavailable(f"O provedor {row.provider_type} não está disponível nesta instalação.")
        if "templates" not in cls.capabilities:
            raise TemplatesUnsupported(
                f"O provedor {row.provider_type} não tem templates: eles existem só nos números da API oficial da "
                "Meta (meta_api). Veja o que cada provedor faz em GET /api/v1/sessions/providers."
            )
        key = templates_key(row.id)
        cached = await self.ctx.cache.get(key)
        if cached is not None:
            items: list[dict[str, Any]] = orjson.loads(cached)
        else:
            provider = provider_for(self.ctx, row)
            await self._release()
            try:
                raw = await provider.list_templates()
            except ProviderError as exc:
                raise _templates_error(row.provider_type, exc) from None
            items = [item for item in map(_template_out, raw) if item is not None]
            await self.ctx.cache.set(key, orjson.dumps(items), TEMPLATES_CACHE_SECONDS)
        if status == "all":
            return items
        return [item for item in items if item["status"] == "APPROVED"]

    async def _release(self) -> None:
        """Confirma o que a requisição fez até aqui antes de chamar o provedor: nenhuma transação, trava ou conexão do
        pool fica presa enquanto ele responde (o serviço Baileys fala pela rede)."""
        await commit(self.db)

    async def set_state(self, row: WhatsAppSession, state: ProviderState, at: datetime | None = None) -> None:
        """Grava o estado que o provedor informou (na inicialização ou a qualquer momento, por callback) e o publica
        como `session.status` (WebSocket e webhooks). `at`: quando o provedor avisou (a ordem dos avisos)."""
        now = at or datetime.now(UTC)
        changed = row.status != state.status or row.qr_code != state.qr_code
        if row.status == "connected" and state.status != "connected":
            metrics.SESSION_DROPS.labels(row.provider_type, state.status).inc()
        waiting = state.status in {"qr", "connecting"}
        row.status = state.status
        row.qr_code = state.qr_code if state.status == "qr" else None
        row.pairing_code = state.pairing_code if waiting else None
        # O motivo vale para quem não está conectado por um problema (falha, sessão encerrada no celular, conexão caída
        # que o provedor está tentando refazer): é o que o painel mostra para "por que meu número caiu?".
        row.last_error = state.detail if state.status in {"failed", "logged_out", "disconnected"} else None
        if state.account_number:
            row.account_number = state.account_number
        if state.profile_name:
            row.profile_name = state.profile_name
        if state.quality_rating:
            row.quality_rating = state.quality_rating[:20]
        if state.status == "connected" and row.connected_at is None:
            row.connected_at = now
        if changed:
            row.status_changed_at = now
        row.updated_at = now
        await self.db.flush()
        await emit(
            self.ctx,
            self.db,
            self.tenant_id,
            "session.status",
            {
                "sessionId": str(row.id),
                "phoneNumber": row.phone_number,
                "provider": row.provider_type,
                "status": row.status,
                "qrCode": row.qr_code,
                "pairingCode": row.pairing_code,
                "accountNumber": row.account_number,
                "profileName": row.profile_name,
                "qualityRating": row.quality_rating,
                "detail": state.detail,
            },
        )
        key = active_sessions_key(self.tenant_id)

        async def invalidate() -> None:
            self.ctx.memo.delete(key)
            await self.ctx.cache.delete(key)

        on_commit(self.db, invalidate)


def _templates_error(provider_type: str, exc: ProviderError) -> AppError:
    if exc.code == "recurso_nao_suportado":
        return TemplatesUnsupported(exc.message)
    if exc.transient:
        retry = max(1, round(exc.retry_after)) if exc.retry_after else 5
        return ProviderBusy(
            f"O provedor {provider_type} não conseguiu listar os templates agora: {exc.message} Tente novamente em "
            f"{retry} s.",
            headers={"Retry-After": str(retry)},
        )
    if exc.kind == "credentials":
        return ProviderFailure(
            f"O provedor {provider_type} recusou as credenciais ao listar os templates: {exc.message} Atualize a "
            "configuração da sessão."
        )
    return ProviderFailure(f"O provedor {provider_type} recusou a listagem de templates: {exc.message}")
